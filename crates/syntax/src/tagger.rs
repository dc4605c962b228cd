//! The part-of-speech tagger: a greedy left-to-right averaged perceptron over UPOS, then a
//! small XPOS classifier conditioned on the predicted UPOS that chooses among the PTB tags seen
//! with that UPOS in training. Owns the tagger's feature templates; training and inference share
//! them through the `Scorer` trait so they cannot drift apart.

use crate::features::{
    FLAG_ALPHA, FLAG_DIGIT, FLAG_HYPHEN, FLAG_TITLE, FLAG_UPPER, Lex, NONE, f1, f2, f3,
};
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

/// UPOS features of word `i`, given the atoms of the two previous predicted tags.
pub(crate) fn upos_features(lex: &[Lex], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let w = &lex[i];
    let ii = i as isize;
    let lower = |j: isize| at(lex, j).map_or(NONE, |l| l.lower);
    let (wm1, wm2, wp1, wp2) = (lower(ii - 1), lower(ii - 2), lower(ii + 1), lower(ii + 2));
    let first = u64::from(i == 0);
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
    out.push(f2(
        10,
        w.flags & (FLAG_DIGIT | FLAG_HYPHEN | FLAG_ALPHA | FLAG_UPPER),
        first,
    ));
    out.push(f2(11, case, first));
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

/// The trained tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
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
}

/// Greedy tagging with any scorer; returns UPOS and XPOS indices.
pub(crate) fn tag<S: Scorer>(
    upos_w: &S,
    xpos_w: &S,
    cands: &[Vec<Xpos>],
    lex: &[Lex],
    sc: &mut Scratch,
    upos_out: &mut Vec<Upos>,
    xpos_out: &mut Vec<Xpos>,
) {
    upos_out.clear();
    xpos_out.clear();
    let (mut p1, mut p2, mut px) = (NONE, NONE, NONE);
    for i in 0..lex.len() {
        upos_features(lex, i, p1, p2, &mut sc.feats);
        sc.scores.resize(Upos::ALL.len(), 0.0);
        upos_w.score(&sc.feats, &mut sc.scores);
        let u = argmax(&sc.scores);
        upos_out.push(Upos::ALL[u]);
        let x = predict_xpos(xpos_w, cands, lex, i, u, px, sc);
        xpos_out.push(x);
        p2 = p1;
        p1 = tag_atom(u);
        px = tag_atom(x.index());
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
            sc.scores
                .resize(cands.iter().map(Vec::len).max().unwrap_or(1), 0.0);
            xpos_w.score(&sc.feats, &mut sc.scores);
            c[argmax(&sc.scores[..n])]
        }
    }
}

impl Tagger {
    pub(crate) fn tag(
        &self,
        lex: &[Lex],
        sc: &mut Scratch,
        upos: &mut Vec<Upos>,
        xpos: &mut Vec<Xpos>,
    ) {
        tag(
            &self.upos,
            &self.xpos,
            &self.xpos_cands,
            lex,
            sc,
            upos,
            xpos,
        );
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
        TaggerTrainer {
            upos: Trainer::new(Upos::ALL.len()),
            xpos: Trainer::new(width),
            cands,
            sc: Scratch::default(),
        }
    }

    /// One perceptron pass over a sentence; returns the number of UPOS errors.
    pub(crate) fn train_sentence(
        &mut self,
        lex: &[Lex],
        gold_u: &[Upos],
        gold_x: &[Xpos],
    ) -> usize {
        let (mut p1, mut p2) = (NONE, NONE);
        let mut errors = 0;
        for i in 0..lex.len() {
            upos_features(lex, i, p1, p2, &mut self.sc.feats);
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
            if c.len() > 1 {
                if let Some(gx) = c.iter().position(|x| *x == gold_x[i]) {
                    let prev = if i == 0 {
                        NONE
                    } else {
                        tag_atom(gold_x[i - 1].index())
                    };
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
            }
            p2 = p1;
            p1 = tag_atom(u);
        }
        errors
    }

    pub(crate) fn finish(&self, prune: f32) -> Tagger {
        Tagger {
            upos: self.upos.to_table(prune),
            xpos: self.xpos.to_table(prune),
            xpos_cands: self.cands.clone(),
        }
    }
}
