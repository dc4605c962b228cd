//! The dependency parser: greedy arc-hybrid transitions (SHIFT, LEFT, RIGHT) with the root
//! token at the end of the buffer and exactly one root word, scored by an averaged perceptron
//! over three classes; each arc gets its label from a separate perceptron the moment the arc is
//! made, so later decisions can use the labels. Training follows the dynamic oracle of Goldberg
//! and Nivre (2013) with exploration. Owns the transition system, the oracle and both feature
//! sets. Deliberately absent: non-projective arcs (training trees are projectivised by lifting).

use crate::features::{Lex, NONE, ROOT, f1, f2, f3, f4};
use crate::parser_tag;
use crate::tagger::{Scorer, argmax};
use crate::tags::{Deprel, Upos, Xpos};
use crate::weights::{Table, Trainer};

pub(crate) const SHIFT: usize = 0;
pub(crate) const LEFT: usize = 1;
pub(crate) const RIGHT: usize = 2;
pub(crate) const N_TRANS: usize = 3;

/// "No token" in index arrays.
const NO: u32 = u32::MAX;
/// "No label yet".
const NO_LABEL: u8 = u8::MAX;

/// A parser configuration. Words are `0..n`; index `n` is the root, which sits at the end of
/// the buffer and can only take the last stack word as its dependent.
pub(crate) struct State {
    n: u32,
    pub stack: Vec<u32>,
    /// Front of the buffer; the buffer is `b..=n`.
    pub b: u32,
    pub head: Vec<u32>,
    pub label: Vec<u8>,
    in_stack: Vec<bool>,
    l1: Vec<u32>,
    l2: Vec<u32>,
    r1: Vec<u32>,
    r2: Vec<u32>,
    lval: Vec<u8>,
    rval: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl State {
    pub(crate) fn new(n: usize) -> State {
        let m = n + 1;
        State {
            n: n as u32,
            stack: Vec::with_capacity(m),
            b: 0,
            head: vec![NO; m],
            label: vec![NO_LABEL; m],
            in_stack: vec![false; m],
            l1: vec![NO; m],
            l2: vec![NO; m],
            r1: vec![NO; m],
            r2: vec![NO; m],
            lval: vec![0; m],
            rval: vec![0; m],
            lset: vec![0; m],
            rset: vec![0; m],
        }
    }

    pub(crate) fn terminal(&self) -> bool {
        self.b == self.n && self.stack.is_empty()
    }

    pub(crate) fn valid(&self) -> [bool; N_TRANS] {
        let depth = self.stack.len();
        [self.b < self.n, depth > 0 && (self.b < self.n || depth == 1), depth > 1]
    }

    /// The (head, dependent) arc a transition makes, if any.
    pub(crate) fn arc_of(&self, t: usize) -> Option<(u32, u32)> {
        let d = *self.stack.last()?;
        match t {
            LEFT => Some((self.b, d)),
            RIGHT => Some((self.stack[self.stack.len() - 2], d)),
            _ => None,
        }
    }

    pub(crate) fn is_root(&self, i: u32) -> bool {
        i == self.n
    }

    /// Applies a valid transition; `label` is used by arc transitions.
    pub(crate) fn apply(&mut self, t: usize, label: u8) {
        match t {
            SHIFT => {
                self.in_stack[self.b as usize] = true;
                self.stack.push(self.b);
                self.b += 1;
            }
            _ => {
                let (h, d) = self.arc_of(t).expect("arc transition on empty stack");
                self.stack.pop();
                self.in_stack[d as usize] = false;
                self.add_arc(h, d, label);
            }
        }
    }

    fn add_arc(&mut self, h: u32, d: u32, label: u8) {
        let (hi, di) = (h as usize, d as usize);
        self.head[di] = h;
        self.label[di] = label;
        let bit = if label < 64 { 1u64 << label } else { 0 };
        if d < h {
            self.lval[hi] = self.lval[hi].saturating_add(1);
            self.lset[hi] |= bit;
            if self.l1[hi] == NO || d < self.l1[hi] {
                self.l2[hi] = self.l1[hi];
                self.l1[hi] = d;
            } else if self.l2[hi] == NO || d < self.l2[hi] {
                self.l2[hi] = d;
            }
        } else {
            self.rval[hi] = self.rval[hi].saturating_add(1);
            self.rset[hi] |= bit;
            if self.r1[hi] == NO || d > self.r1[hi] {
                self.r2[hi] = self.r1[hi];
                self.r1[hi] = d;
            } else if self.r2[hi] == NO || d > self.r2[hi] {
                self.r2[hi] = d;
            }
        }
    }

    fn s(&self, k: usize) -> u32 {
        let len = self.stack.len();
        if k < len { self.stack[len - 1 - k] } else { NO }
    }

    fn bk(&self, k: u32) -> u32 {
        let i = self.b + k;
        if i <= self.n { i } else { NO }
    }
}

/// Gold-tree view for the dynamic oracle: heads (root = n) and children lists.
pub(crate) struct Gold {
    pub head: Vec<u32>,
    children: Vec<Vec<u32>>,
}

impl Gold {
    /// `head[i]` is the gold head of word `i` (root = `head.len()`), projective.
    pub(crate) fn new(head: Vec<u32>) -> Gold {
        let n = head.len();
        let mut children = vec![Vec::new(); n + 1];
        for (d, &h) in head.iter().enumerate() {
            children[h as usize].push(d as u32);
        }
        Gold { head, children }
    }
}

/// Cost (gold arcs made unreachable) of each transition; `u32::MAX` for invalid ones.
pub(crate) fn costs(st: &State, g: &Gold) -> [u32; N_TRANS] {
    let valid = st.valid();
    let mut c = [u32::MAX; N_TRANS];
    let in_buffer = |x: u32| x >= st.b; // includes the root at n
    if valid[SHIFT] {
        let b0 = st.b;
        let s0 = st.s(0);
        let h = g.head[b0 as usize];
        let mut cost = u32::from(h != s0 && h != st.n && st.in_stack[h as usize]);
        cost += g.children[b0 as usize].iter().filter(|&&d| st.in_stack[d as usize]).count() as u32;
        // With a single root, a word shifted onto a non-empty stack can never be the root.
        if h == st.n && !st.stack.is_empty() {
            cost += 1;
        }
        c[SHIFT] = cost;
    }
    if valid[LEFT] || valid[RIGHT] {
        let s0 = st.s(0);
        let deps_in_buffer = g.children[s0 as usize].iter().filter(|&&d| in_buffer(d)).count() as u32;
        let h = g.head[s0 as usize];
        // The root can only take the bottom stack word: with anything below s0, the root arc
        // of s0 is already lost and is not charged again.
        let in_buffer = |x: u32| x >= st.b && (x != st.n || st.stack.len() == 1);
        if valid[LEFT] {
            let s1 = st.s(1);
            let lost = h != st.b && (h == s1 || in_buffer(h));
            c[LEFT] = deps_in_buffer + u32::from(lost);
        }
        if valid[RIGHT] {
            let s1 = st.s(1);
            let lost = h != s1 && in_buffer(h);
            c[RIGHT] = deps_in_buffer + u32::from(lost);
        }
    }
    c
}

#[inline]
fn dist_atom(a: u32, b: u32) -> u64 {
    if a == NO || b == NO {
        return NONE;
    }
    let d = a.abs_diff(b);
    match d {
        0..=4 => u64::from(d),
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

/// Per-sentence atoms: word and tag atom of each word, then of the root (index n).
pub(crate) struct Atoms {
    pub words: Vec<u64>,
    pub tags: Vec<u64>,
    /// Number of punctuation words before each position (and the total at the root).
    punct_before: Vec<u32>,
}

impl Atoms {
    /// `tags` are `parser_tag` atoms; `punct[i]` tells whether word `i` is punctuation.
    pub(crate) fn new(mut words: Vec<u64>, mut tags: Vec<u64>, punct: impl Iterator<Item = bool>) -> Atoms {
        words.push(ROOT);
        tags.push(ROOT);
        let mut punct_before = Vec::with_capacity(words.len() + 1);
        let mut n = 0;
        punct_before.push(0);
        for p in punct {
            n += u32::from(p);
            punct_before.push(n);
        }
        punct_before.resize(words.len() + 1, n);
        Atoms { words, tags, punct_before }
    }

    /// Punctuation words strictly between `a < b`, capped at 3.
    fn punct_between(&self, a: u32, b: u32) -> u64 {
        if a == NO || b == NO || b <= a {
            return NONE;
        }
        u64::from((self.punct_before[b as usize] - self.punct_before[a as usize + 1]).min(3))
    }
}

/// Transition features of a state.
pub(crate) fn trans_features(st: &State, a: &Atoms, out: &mut Vec<u64>) {
    out.clear();
    let w = |i: u32| if i == NO { NONE } else { a.words[i as usize] };
    let t = |i: u32| if i == NO { NONE } else { a.tags[i as usize] };
    let lab = |i: u32| {
        if i == NO { NONE } else { u64::from(st.label[i as usize]) }
    };
    let child = |arr: &Vec<u32>, i: u32| if i == NO { NO } else { arr[i as usize] };
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let (b0, b1, b2) = (st.bk(0), st.bk(1), st.bk(2));
    let (s0l1, s0l2, s0r1, s0r2) = (child(&st.l1, s0), child(&st.l2, s0), child(&st.r1, s0), child(&st.r2, s0));
    let (b0l1, b0l2) = (child(&st.l1, b0), child(&st.l2, b0));
    let s1r1 = child(&st.r1, s1);
    let (ws0, ts0, wb0, tb0) = (w(s0), t(s0), w(b0), t(b0));
    let (wb1, tb1, ws1, ts1) = (w(b1), t(b1), w(s1), t(s1));
    let d = dist_atom(s0, b0);
    let d01 = dist_atom(s1, s0);
    let val = |v: &Vec<u8>, i: u32| {
        if i == NO { NONE } else { u64::from(v[i as usize].min(4)) }
    };
    let set = |v: &Vec<u64>, i: u32| if i == NO { NONE } else { v[i as usize] };
    // Coarse (UPOS-only) tags: a less sparse backoff for the tag n-grams.
    let c = |i: u32| {
        if i == NO { NONE } else { a.tags[i as usize] >> 8 }
    };
    let b3 = st.bk(3);

    out.push(f1(1, ws0));
    out.push(f1(2, ts0));
    out.push(f2(3, ws0, ts0));
    out.push(f1(4, wb0));
    out.push(f1(5, tb0));
    out.push(f2(6, wb0, tb0));
    out.push(f1(7, wb1));
    out.push(f1(8, tb1));
    out.push(f2(9, wb1, tb1));
    out.push(f1(10, w(b2)));
    out.push(f1(11, t(b2)));
    out.push(f1(12, ws1));
    out.push(f1(13, ts1));
    out.push(f2(14, ws1, ts1));
    out.push(f1(15, t(s2)));
    out.push(f2(16, t(s0l1), lab(s0l1)));
    out.push(f2(17, t(s0r1), lab(s0r1)));
    out.push(f2(18, t(b0l1), lab(b0l1)));
    out.push(f2(19, t(s0l2), lab(s0l2)));
    out.push(f2(20, t(s0r2), lab(s0r2)));
    out.push(f2(21, t(b0l2), lab(b0l2)));
    out.push(f3(23, ws0, ts0, wb0));
    out.push(f3(24, ws0, wb0, tb0));
    out.push(f3(25, ws0, ts0, tb0));
    out.push(f3(26, ts0, wb0, tb0));
    out.push(f2(27, ws0, wb0));
    out.push(f2(28, ts0, tb0));
    out.push(f2(29, tb0, tb1));
    out.push(f3(30, tb0, tb1, t(b2)));
    out.push(f3(31, ts0, tb0, tb1));
    out.push(f3(32, ts1, ts0, tb0));
    out.push(f3(33, ts0, t(s0l1), tb0));
    out.push(f3(34, ts0, t(s0r1), tb0));
    out.push(f3(35, ts0, tb0, t(b0l1)));
    out.push(f3(36, ts0, t(s0l1), t(s0l2)));
    out.push(f3(37, ts0, t(s0r1), t(s0r2)));
    out.push(f3(38, tb0, t(b0l1), t(b0l2)));
    out.push(f3(39, t(s2), ts1, ts0));
    out.push(f2(40, ts1, ts0));
    out.push(f3(41, ws1, ts1, ts0));
    out.push(f3(42, ts1, ws0, ts0));
    out.push(f2(43, ws1, ws0));
    out.push(f3(44, ts1, ts0, d01));
    out.push(f3(45, ts1, t(s1r1), ts0));
    out.push(f2(47, ts0, d));
    out.push(f2(49, tb0, d));
    out.push(f3(50, ts0, tb0, d));
    out.push(f2(52, ts0, val(&st.rval, s0)));
    out.push(f2(54, ts0, val(&st.lval, s0)));
    out.push(f2(56, tb0, val(&st.lval, b0)));
    out.push(f2(57, ts0, set(&st.rset, s0)));
    out.push(f2(58, ts0, set(&st.lset, s0)));
    out.push(f2(59, tb0, set(&st.lset, b0)));
    out.push(f2(62, w(s0l1), ts0));
    out.push(f2(63, w(s0r1), ts0));
    out.push(f2(64, w(b0l1), tb0));
    out.push(f3(67, ws0, tb0, tb1));
    out.push(f3(68, ts0, wb0, tb1));
    out.push(f3(69, ts1, ts0, lab(s0l1)));
    out.push(f3(70, ts0, lab(s0l1), lab(s0r1)));
    out.push(f3(72, c(s0), c(b0), c(b1)));
    out.push(f3(73, c(s1), c(s0), c(b0)));
    out.push(f3(74, c(b0), c(b1), c(b2)));
    out.push(f2(75, c(s0), c(b0)));
    out.push(f1(76, t(b3)));
    out.push(f3(77, ts0, tb0, a.punct_between(s0, b0)));
    out.push(f3(78, ts1, ts0, a.punct_between(s1, s0)));
    out.push(f3(79, c(s0), c(s0l1), c(b0)));
    out.push(f3(80, c(s0), c(s0r1), c(b0)));
    out.push(f3(81, c(s0), c(b0), c(b0l1)));
    out.push(f3(82, c(s2), c(s1), c(s0)));
}

/// Label features for a new arc `h -> d` (h is never the root here).
pub(crate) fn label_features(st: &State, h: u32, d: u32, a: &Atoms, out: &mut Vec<u64>) {
    out.clear();
    let w = |i: u32| if i == NO { NONE } else { a.words[i as usize] };
    let t = |i: u32| if i == NO { NONE } else { a.tags[i as usize] };
    let lab = |i: u32| {
        if i == NO { NONE } else { u64::from(st.label[i as usize]) }
    };
    let (hi, di) = (h as usize, d as usize);
    let (wd, td, wh, th) = (w(d), t(d), w(h), t(h));
    let dir = u64::from(h < d);
    let dist = dist_atom(h, d);
    let (dl1, dr1) = (st.l1[di], st.r1[di]);
    let (hl1, hr1) = (st.l1[hi], st.r1[hi]);
    let prev = if d == 0 { NONE } else { t(d - 1) };
    let next = t(d + 1);
    out.push(f1(200, 0));
    out.push(f1(201, wd));
    out.push(f1(202, td));
    out.push(f1(203, wh));
    out.push(f1(204, th));
    out.push(f3(205, td, th, dir));
    out.push(f3(206, wd, th, dir));
    out.push(f3(207, td, wh, dir));
    out.push(f3(208, wd, wh, dir));
    out.push(f3(209, td, th, dist));
    out.push(f3(210, td, st.lset[di], dir));
    out.push(f2(211, td, st.rset[di]));
    out.push(f3(212, w(dl1), td, th));
    out.push(f2(213, w(dl1), dir));
    out.push(f4(214, th, st.lset[hi], dir, td));
    out.push(f4(215, th, st.rset[hi], dir, td));
    out.push(f3(216, td, prev, next));
    out.push(f3(217, td, th, lab(hl1)));
    out.push(f3(218, wh, w(dl1), dir));
    out.push(f3(219, wd, w(dl1), td));
    out.push(f3(220, td, t(dr1), lab(dr1)));
    out.push(f3(221, td, lab(hr1), dir));
    out.push(f3(222, td, th, u64::from(st.stack.len() <= 1)));
}

/// The trained parser.
#[derive(Debug, Clone, PartialEq)]
pub struct Parser {
    pub(crate) trans: Table,
    pub(crate) label: Table,
    /// Label classes, by index; `root` is among them and is assigned only to root arcs.
    pub(crate) labels: Vec<Deprel>,
}

/// Scratch buffers reused while parsing.
#[derive(Default)]
pub(crate) struct Scratch {
    feats: Vec<u64>,
    scores: Vec<f32>,
}

fn best_valid(scores: &[f32], valid: &[bool; N_TRANS]) -> usize {
    let mut best = usize::MAX;
    for t in 0..N_TRANS {
        if valid[t] && (best == usize::MAX || scores[t] > scores[best]) {
            best = t;
        }
    }
    best
}

/// Picks a label for arc `h -> d`, never `root` (whose index is `root_label`).
#[allow(clippy::too_many_arguments)]
fn predict_label<S: Scorer>(
    w: &S,
    st: &State,
    h: u32,
    d: u32,
    a: &Atoms,
    root_label: usize,
    n_labels: usize,
    sc: &mut Scratch,
) -> usize {
    label_features(st, h, d, a, &mut sc.feats);
    sc.scores.resize(n_labels, 0.0);
    w.score(&sc.feats, &mut sc.scores);
    sc.scores[root_label] = f32::NEG_INFINITY;
    argmax(&sc.scores)
}

/// Heads of a final state in CoNLL-U numbering (0 = root, else 1-based).
pub(crate) fn heads_1based(st: &State, n: usize) -> Vec<u32> {
    st.head[..n].iter().map(|&h| if h as usize == n { 0 } else { h + 1 }).collect()
}

impl Parser {
    /// Parses a sentence from its lexical atoms and tags.
    pub(crate) fn parse_lex(&self, lex: &[Lex], upos: &[Upos], xpos: &[Xpos]) -> State {
        let atoms = Atoms::new(
            lex.iter().map(|l| l.lower).collect(),
            upos.iter().zip(xpos).map(|(u, x)| parser_tag(*u, *x)).collect(),
            upos.iter().map(|u| *u == Upos::PUNCT),
        );
        let mut sc = Scratch::default();
        self.parse(&atoms, &mut sc)
    }

    /// Heads (0 = root, else 1-based) of a tagged sentence.
    pub(crate) fn parse_heads(&self, lex: &[Lex], upos: &[Upos], xpos: &[Xpos]) -> Vec<u32> {
        heads_1based(&self.parse_lex(lex, upos, xpos), lex.len())
    }

    fn root_label(&self) -> usize {
        self.labels.iter().position(|l| *l == Deprel::Root).unwrap_or(0)
    }

    /// Parses one sentence; returns heads (`n` = root) and label indices.
    pub(crate) fn parse(&self, a: &Atoms, sc: &mut Scratch) -> State {
        let n = a.words.len() - 1;
        let root_label = self.root_label();
        let mut st = State::new(n);
        let mut scores = [0f32; N_TRANS];
        while !st.terminal() {
            let valid = st.valid();
            // A forced move (empty stack, or only the root left in the buffer) needs no scoring.
            let t = if valid.iter().filter(|v| **v).count() == 1 {
                valid.iter().position(|v| *v).unwrap_or(SHIFT)
            } else {
                trans_features(&st, a, &mut sc.feats);
                self.trans.score(&sc.feats, &mut scores);
                best_valid(&scores, &valid)
            };
            let label = match st.arc_of(t) {
                Some((h, _)) if st.is_root(h) => root_label,
                Some((h, d)) => predict_label(&self.label, &st, h, d, a, root_label, self.labels.len(), sc),
                None => 0,
            };
            st.apply(t, label as u8);
        }
        st
    }
}

/// Small deterministic generator (splitmix64) for shuffling and exploration.
pub(crate) struct Rng(pub u64);

impl Rng {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Averaged-perceptron training state for the parser.
pub(crate) struct ParserTrainer {
    pub trans: Trainer,
    pub label: Trainer,
    pub labels: Vec<Deprel>,
    root_label: usize,
    sc: Scratch,
    pub rng: Rng,
}

/// Per-sentence training statistics.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct TrainStats {
    pub steps: usize,
    pub wrong_steps: usize,
    pub arcs: usize,
    pub correct_heads: usize,
    pub correct_labels: usize,
}

impl ParserTrainer {
    pub(crate) fn new(labels: Vec<Deprel>, seed: u64) -> ParserTrainer {
        let root_label = labels.iter().position(|l| *l == Deprel::Root).unwrap_or(0);
        ParserTrainer {
            trans: Trainer::new(N_TRANS),
            label: Trainer::new(labels.len()),
            labels,
            root_label,
            sc: Scratch::default(),
            rng: Rng(seed),
        }
    }

    /// One pass over a sentence with the dynamic oracle. `gold_labels` are label indices.
    /// With `explore`, the parser follows its own (possibly wrong) prediction with
    /// probability `p_explore` so that it learns to recover from its mistakes.
    pub(crate) fn train_sentence(&mut self, a: &Atoms, gold: &Gold, gold_labels: &[u8], p_explore: f64) -> TrainStats {
        let n = a.words.len() - 1;
        let mut st = State::new(n);
        let mut stats = TrainStats::default();
        let mut scores = [0f32; N_TRANS];
        while !st.terminal() {
            trans_features(&st, a, &mut self.sc.feats);
            self.trans.score(&self.sc.feats, &mut scores);
            let valid = st.valid();
            let c = costs(&st, gold);
            let min = c.iter().copied().min().unwrap_or(0);
            let pred = best_valid(&scores, &valid);
            let mut best_gold = usize::MAX;
            for t in 0..N_TRANS {
                if c[t] == min && (best_gold == usize::MAX || scores[t] > scores[best_gold]) {
                    best_gold = t;
                }
            }
            stats.steps += 1;
            if c[pred] > min {
                stats.wrong_steps += 1;
                self.trans.update(&self.sc.feats, best_gold, 1.0);
                self.trans.update(&self.sc.feats, pred, -1.0);
            }
            self.trans.tick();
            let t = if c[pred] == min || self.rng.unit() < p_explore { pred } else { best_gold };
            let label = match st.arc_of(t) {
                Some((h, _)) if st.is_root(h) => self.root_label,
                Some((h, d)) => {
                    let p = predict_label(&self.label, &st, h, d, a, self.root_label, self.labels.len(), &mut self.sc);
                    let g = gold_labels[d as usize] as usize;
                    if gold.head[d as usize] == h && g != self.root_label {
                        if p != g {
                            self.label.update(&self.sc.feats, g, 1.0);
                            self.label.update(&self.sc.feats, p, -1.0);
                        }
                        self.label.tick();
                    }
                    p
                }
                None => 0,
            };
            if let Some((h, d)) = st.arc_of(t) {
                stats.arcs += 1;
                if gold.head[d as usize] == h {
                    stats.correct_heads += 1;
                    if gold_labels[d as usize] as usize == label {
                        stats.correct_labels += 1;
                    }
                }
            }
            st.apply(t, label as u8);
        }
        stats
    }

    pub(crate) fn finish(&self, prune: f32, label_prune: f32) -> Parser {
        Parser {
            trans: self.trans.to_table(prune),
            label: self.label.to_table(label_prune),
            labels: self.labels.clone(),
        }
    }
}

/// Makes a tree projective by lifting: while some arc `h -> d` spans a word that `h` does not
/// dominate, `d` is reattached to the head of `h`. `head[i]` uses `n` for the root.
pub(crate) fn projectivise(head: &mut [u32]) {
    let n = head.len() as u32;
    let dominates = |head: &[u32], h: u32, mut x: u32| -> bool {
        let mut guard = 0;
        while x != n && guard <= n {
            if x == h {
                return true;
            }
            x = head[x as usize];
            guard += 1;
        }
        h == n
    };
    loop {
        // Lift the shortest non-projective arc first.
        let mut worst: Option<(u32, u32)> = None;
        for d in 0..n {
            let h = head[d as usize];
            if h == n {
                continue;
            }
            let (lo, hi) = if h < d { (h, d) } else { (d, h) };
            let non_proj = (lo + 1..hi).any(|x| !dominates(head, h, x));
            if non_proj {
                let span = hi - lo;
                if worst.is_none_or(|(_, s)| span < s) {
                    worst = Some((d, span));
                }
            }
        }
        match worst {
            Some((d, _)) => {
                let h = head[d as usize];
                head[d as usize] = head[h as usize];
            }
            None => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows zero-cost transitions and checks the gold tree comes out.
    fn oracle_reaches(gold_heads: &[u32]) {
        let n = gold_heads.len();
        let g = Gold::new(gold_heads.to_vec());
        let mut st = State::new(n);
        while !st.terminal() {
            let c = costs(&st, &g);
            let t = (0..N_TRANS).find(|&t| c[t] == 0).expect("no zero-cost transition");
            st.apply(t, 0);
        }
        assert_eq!(&st.head[..n], gold_heads);
    }

    #[test]
    fn static_path_reaches_projective_trees() {
        // root = n
        oracle_reaches(&[1, 4, 1, 1]); // w1 is root, with dependents on both sides
        oracle_reaches(&[3, 3, 3, 7, 5, 3, 3]);
        oracle_reaches(&[1, 7, 1, 4, 2, 4, 1]);
        oracle_reaches(&[1]);
    }

    #[test]
    fn costs_count_lost_arcs() {
        // Brute force: after any transition sequence, the cost of a transition equals the
        // drop in the best reachable number of correct arcs.
        let mut rng = Rng(7);
        for _ in 0..300 {
            // Random trees of 2-6 words, made projective (root = n).
            let n = 2 + (rng.next_u64() % 5) as u32;
            let root = (rng.next_u64() % u64::from(n)) as u32;
            let mut heads: Vec<u32> = (0..n)
                .map(|d| {
                    if d == root {
                        n
                    } else {
                        // Attach to an earlier-placed word to avoid cycles: pick among
                        // words closer to the root in a chain ordering.
                        let h = (rng.next_u64() % u64::from(n)) as u32;
                        if h == d { root } else { h }
                    }
                })
                .collect();
            if !is_tree(&heads) {
                continue;
            }
            projectivise(&mut heads);
            let g = Gold::new(heads.clone());
            let mut st = State::new(heads.len());
            oracle_reaches(&heads);
            while !st.terminal() {
                let c = costs(&st, &g);
                let best_now = best_reachable(&st, &g);
                for (t, &cost) in c.iter().enumerate() {
                    if cost == u32::MAX {
                        continue;
                    }
                    let mut next = clone_state(&st);
                    let correct_arc = next.arc_of(t).is_some_and(|(h, d)| g.head[d as usize] == h);
                    next.apply(t, 0);
                    let after = best_reachable(&next, &g) + u32::from(correct_arc);
                    assert_eq!(
                        best_now - after,
                        cost,
                        "transition {t} stack {:?} b {} heads {:?}",
                        st.stack,
                        st.b,
                        st.head
                    );
                }
                let valid = st.valid();
                let opts: Vec<usize> = (0..N_TRANS).filter(|&t| valid[t]).collect();
                let t = opts[(rng.next_u64() % opts.len() as u64) as usize];
                st.apply(t, 0);
            }
        }
    }

    fn is_tree(heads: &[u32]) -> bool {
        let n = heads.len() as u32;
        (0..n).all(|mut x| {
            for _ in 0..=n {
                if x == n {
                    return true;
                }
                x = heads[x as usize];
            }
            false
        })
    }

    fn clone_state(st: &State) -> State {
        State {
            n: st.n,
            stack: st.stack.clone(),
            b: st.b,
            head: st.head.clone(),
            label: st.label.clone(),
            in_stack: st.in_stack.clone(),
            l1: st.l1.clone(),
            l2: st.l2.clone(),
            r1: st.r1.clone(),
            r2: st.r2.clone(),
            lval: st.lval.clone(),
            rval: st.rval.clone(),
            lset: st.lset.clone(),
            rset: st.rset.clone(),
        }
    }

    /// Most gold arcs still reachable from `st` (exhaustive search).
    fn best_reachable(st: &State, g: &Gold) -> u32 {
        if st.terminal() {
            return 0;
        }
        let valid = st.valid();
        let mut best = 0;
        for (t, &ok) in valid.iter().enumerate() {
            if !ok {
                continue;
            }
            let mut next = clone_state(st);
            let gain = next.arc_of(t).is_some_and(|(h, d)| g.head[d as usize] == h);
            next.apply(t, 0);
            best = best.max(best_reachable(&next, g) + u32::from(gain));
        }
        best
    }

    #[test]
    fn lifting_makes_trees_projective() {
        // 0 <- 2 crosses 1 -> 3 (root = 4).
        let mut h = [2, 4, 1, 1];
        projectivise(&mut h);
        assert_eq!(h, [1, 4, 1, 1]);
    }
}
