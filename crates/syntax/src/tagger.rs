//! The part-of-speech tagger: a greedy left-to-right averaged perceptron over UPOS, then a
//! small XPOS classifier conditioned on the predicted UPOS that chooses among the PTB tags seen
//! with that UPOS in training. Owns the tagger's feature templates; training and inference share
//! them through the `Scorer` trait so they cannot drift apart.

use crate::features::{FLAG_ALPHA, FLAG_DIGIT, FLAG_HYPHEN, FLAG_TITLE, FLAG_UPPER, Lex, NONE, f1, f2, f3};
use crate::tags::{Upos, Xpos};
use crate::weights::{Table, Trainer};

/// Something that scores a feature vector over classes.
pub(crate) trait Scorer {
    fn score(&self, feats: &[u64], scores: &mut [f32]);
}

impl Scorer for Table {
    fn score(&self, feats: &[u64], scores: &mut [f32]) {
        Table::score(self, feats, scores);
    }
}

impl Scorer for Trainer {
    fn score(&self, feats: &[u64], scores: &mut [f32]) {
        Trainer::score(self, feats, scores);
    }
}

/// Index of the highest score among the first `n` (ties go to the lowest index).
#[inline]
pub(crate) fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[best] {
            best = i;
        }
    }
    best
}

#[inline]
fn at(lex: &[Lex], i: isize) -> Option<&Lex> {
    if i < 0 { None } else { lex.get(i as usize) }
}

/// UPOS features of word `i`, given the sentence's casing atom, the atoms of the two previous
/// predicted tags and, in the second pass, the first pass's tag atoms for the whole sentence.
pub(crate) fn upos_features(
    lex: &[Lex],
    sent_case: u64,
    i: usize,
    (p1, p2): (u64, u64),
    first: Option<&[u64]>,
    out: &mut Vec<u64>,
) {
    out.clear();
    let w = &lex[i];
    let ii = i as isize;
    let lower = |j: isize| at(lex, j).map_or(NONE, |l| l.lower);
    let (wm1, wm2, wp1, wp2) = (lower(ii - 1), lower(ii - 2), lower(ii + 1), lower(ii + 2));
    let initial = u64::from(i == 0);
    let case = w.flags & (FLAG_TITLE | FLAG_UPPER);
    out.push(f1(0, 0));
    out.push(f1(1, w.lower));
    out.push(f1(2, w.norm));
    out.push(f1(3, w.suf1));
    out.push(f1(4, w.suf2));
    out.push(f1(5, w.suf3));
    out.push(f1(6, w.suf4));
    out.push(f1(7, w.pre1));
    out.push(f1(8, w.pre2));
    out.push(f1(9, w.shape));
    out.push(f2(10, w.flags & (FLAG_DIGIT | FLAG_HYPHEN | FLAG_ALPHA | FLAG_UPPER), initial));
    out.push(f2(11, case, initial));
    out.push(f1(12, wm1));
    out.push(f1(13, wp1));
    out.push(f1(14, wm2));
    out.push(f1(15, wp2));
    out.push(f1(16, p1));
    out.push(f2(17, p2, p1));
    out.push(f2(18, p1, w.lower));
    out.push(f1(19, at(lex, ii - 1).map_or(NONE, |l| l.suf3)));
    out.push(f1(20, at(lex, ii + 1).map_or(NONE, |l| l.suf3)));
    out.push(f1(21, at(lex, ii + 1).map_or(NONE, |l| l.shape)));
    out.push(f1(22, at(lex, ii - 1).map_or(NONE, |l| l.shape)));
    out.push(f2(23, w.lower, wp1));
    out.push(f2(24, wm1, w.lower));
    out.push(f2(25, p1, wp1));
    out.push(f3(26, p1, w.suf3, case));
    out.push(f1(27, at(lex, ii + 1).map_or(NONE, |l| l.norm)));
    out.push(f3(28, sent_case, case, initial));
    out.push(f3(29, sent_case, case, w.lower));
    out.push(f2(35, wm1, wp1));
    if let Some(r) = first {
        // Tags to the right are unknown to a left-to-right pass; the first pass guesses them.
        let at = |j: usize| r.get(j).copied().unwrap_or(NONE);
        let (r0, r1, r2) = (at(i), at(i + 1), at(i + 2));
        out.push(f1(40, r1));
        out.push(f2(41, r1, r2));
        out.push(f2(42, w.lower, r1));
        out.push(f2(43, p1, r1));
        out.push(f1(44, r0));
        out.push(f2(45, r0, w.lower));
        out.push(f3(46, p1, r0, r1));
        out.push(f2(47, w.suf3, r1));
    }
}

/// How the sentence is cased, as an atom: 0 ordinary, 1 mostly title-cased words (a headline
/// or subject line), 2 mostly all-caps. It tells whether a capital marks a name.
pub(crate) fn sentence_case(lex: &[Lex]) -> u64 {
    let (mut alpha, mut title, mut upper) = (0, 0, 0);
    for l in lex.iter().skip(1) {
        if l.flags & FLAG_ALPHA != 0 {
            alpha += 1;
            if l.flags & FLAG_UPPER != 0 {
                upper += 1;
            } else if l.flags & FLAG_TITLE != 0 {
                title += 1;
            }
        }
    }
    if alpha >= 2 && upper * 2 > alpha {
        2
    } else if alpha >= 2 && (title + upper) * 3 > alpha * 2 {
        1
    } else {
        0
    }
}

/// XPOS features of word `i` given its UPOS and the previous XPOS.
pub(crate) fn xpos_features(lex: &[Lex], i: usize, upos: u64, prev: u64, out: &mut Vec<u64>) {
    out.clear();
    let w = &lex[i];
    let ii = i as isize;
    let lower = |j: isize| at(lex, j).map_or(NONE, |l| l.lower);
    out.push(f1(100, upos));
    out.push(f2(101, upos, w.lower));
    out.push(f2(102, upos, w.suf2));
    out.push(f2(103, upos, w.suf3));
    out.push(f2(104, upos, w.suf1));
    out.push(f2(105, upos, lower(ii - 1)));
    out.push(f2(106, upos, lower(ii + 1)));
    out.push(f2(107, upos, prev));
    out.push(f2(108, upos, w.shape));
    out.push(f3(109, upos, lower(ii - 1), lower(ii - 2)));
    out.push(f2(110, upos, w.norm));
}

/// The atom of a predicted tag index.
#[inline]
pub(crate) fn tag_atom(i: usize) -> u64 {
    i as u64 + 1
}

/// The trained tagger: a first left-to-right UPOS pass whose guesses give the second pass
/// its right context, then XPOS.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    pub(crate) first: Table,
    pub(crate) upos: Table,
    pub(crate) xpos: Table,
    /// For each UPOS (by index), the XPOS tags seen with it, most frequent first.
    pub(crate) xpos_cands: Vec<Vec<Xpos>>,
}

/// Scratch buffers reused across the words of a sentence.
#[derive(Default)]
pub(crate) struct Scratch {
    pub feats: Vec<u64>,
    pub scores: Vec<f32>,
    pub first: Vec<u64>,
}

/// One greedy left-to-right UPOS pass; returns UPOS indices through `out`.
pub(crate) fn upos_pass<S: Scorer>(
    w: &S,
    lex: &[Lex],
    first: Option<&[u64]>,
    feats: &mut Vec<u64>,
    scores: &mut Vec<f32>,
    out: &mut Vec<usize>,
) {
    out.clear();
    let (mut p1, mut p2) = (NONE, NONE);
    let sent_case = sentence_case(lex);
    scores.resize(Upos::ALL.len(), 0.0);
    for i in 0..lex.len() {
        upos_features(lex, sent_case, i, (p1, p2), first, feats);
        w.score(feats, scores);
        let u = argmax(scores);
        out.push(u);
        p2 = p1;
        p1 = tag_atom(u);
    }
}

/// The XPOS of word `i` given UPOS index `u`.
pub(crate) fn predict_xpos<S: Scorer>(
    xpos_w: &S,
    cands: &[Vec<Xpos>],
    lex: &[Lex],
    i: usize,
    u: usize,
    prev: u64,
    sc: &mut Scratch,
) -> Xpos {
    let c = &cands[u];
    match c.len() {
        0 => Xpos::XX,
        1 => c[0],
        n => {
            xpos_features(lex, i, tag_atom(u), prev, &mut sc.feats);
            sc.scores.resize(cands.iter().map(Vec::len).max().unwrap_or(1), 0.0);
            xpos_w.score(&sc.feats, &mut sc.scores);
            c[argmax(&sc.scores[..n])]
        }
    }
}

impl Tagger {
    pub(crate) fn tag(&self, lex: &[Lex], sc: &mut Scratch, upos: &mut Vec<Upos>, xpos: &mut Vec<Xpos>) {
        let mut idx = Vec::with_capacity(lex.len());
        upos_pass(&self.first, lex, None, &mut sc.feats, &mut sc.scores, &mut idx);
        sc.first.clear();
        sc.first.extend(idx.iter().map(|u| tag_atom(*u)));
        let first = std::mem::take(&mut sc.first);
        upos_pass(&self.upos, lex, Some(&first), &mut sc.feats, &mut sc.scores, &mut idx);
        sc.first = first;
        upos.clear();
        xpos.clear();
        let mut px = NONE;
        for (i, &u) in idx.iter().enumerate() {
            upos.push(Upos::ALL[u]);
            let x = predict_xpos(&self.xpos, &self.xpos_cands, lex, i, u, px, sc);
            xpos.push(x);
            px = tag_atom(x.index());
        }
    }
}

/// Averaged-perceptron training state for the tagger.
pub(crate) struct TaggerTrainer {
    pub upos: Trainer,
    pub xpos: Trainer,
    pub cands: Vec<Vec<Xpos>>,
    sc: Scratch,
}

impl TaggerTrainer {
    pub(crate) fn new(cands: Vec<Vec<Xpos>>) -> TaggerTrainer {
        let width = cands.iter().map(Vec::len).max().unwrap_or(1).max(1);
        TaggerTrainer { upos: Trainer::new(Upos::ALL.len()), xpos: Trainer::new(width), cands, sc: Scratch::default() }
    }

    /// One perceptron pass over a sentence; returns the number of UPOS errors. `first` holds
    /// the first pass's tag atoms when training the second pass; XPOS is trained only on the
    /// first pass.
    pub(crate) fn train_sentence(
        &mut self,
        lex: &[Lex],
        first: Option<&[u64]>,
        gold_u: &[Upos],
        gold_x: &[Xpos],
    ) -> usize {
        let (mut p1, mut p2) = (NONE, NONE);
        let mut errors = 0;
        let sent_case = sentence_case(lex);
        for i in 0..lex.len() {
            upos_features(lex, sent_case, i, (p1, p2), first, &mut self.sc.feats);
            self.sc.scores.resize(Upos::ALL.len(), 0.0);
            self.upos.score(&self.sc.feats, &mut self.sc.scores);
            let u = argmax(&self.sc.scores);
            let g = gold_u[i].index();
            if u != g {
                errors += 1;
                self.upos.update(&self.sc.feats, g, 1.0);
                self.upos.update(&self.sc.feats, u, -1.0);
            }
            self.upos.tick();
            // XPOS is trained conditioned on the gold UPOS, the previous gold XPOS.
            let c = &self.cands[g];
            if first.is_none()
                && c.len() > 1
                && let Some(gx) = c.iter().position(|x| *x == gold_x[i])
            {
                let prev = if i == 0 { NONE } else { tag_atom(gold_x[i - 1].index()) };
                xpos_features(lex, i, tag_atom(g), prev, &mut self.sc.feats);
                self.sc.scores.resize(self.xpos.n_classes(), 0.0);
                self.xpos.score(&self.sc.feats, &mut self.sc.scores);
                let px = argmax(&self.sc.scores[..c.len()]);
                if px != gx {
                    self.xpos.update(&self.sc.feats, gx, 1.0);
                    self.xpos.update(&self.sc.feats, px, -1.0);
                }
                self.xpos.tick();
            }
            p2 = p1;
            p1 = tag_atom(u);
        }
        errors
    }

    /// The averaged UPOS and XPOS tables.
    pub(crate) fn finish(&self, prune: f32) -> (Table, Table) {
        (self.upos.to_table(prune), self.xpos.to_table(prune))
    }
}
