//! Scoring against gold CoNLL-U with gold tokenisation: UPOS and XPOS accuracy, UAS, LAS
//! (universal relation, as the CoNLL 2018 shared task scores it) and LAS with full subtyped
//! labels, over all words including punctuation; confusion counts; and single-thread speed.

use std::collections::BTreeMap;
use std::time::Instant;

use crate::Model;
use crate::conllu::Sentence;
use crate::tags::{Deprel, Upos, Xpos};

/// Accumulated scores.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub sentences: usize,
    pub words: usize,
    pub upos_correct: usize,
    pub xpos_correct: usize,
    pub head_correct: usize,
    /// Head and universal relation correct.
    pub las_correct: usize,
    /// Head and full relation (with subtype) correct.
    pub las_full_correct: usize,
    /// (gold, predicted) UPOS pairs that differ, with counts.
    pub upos_confusions: BTreeMap<(Upos, Upos), usize>,
    /// (gold, predicted) relations that differ where the head is right, with counts.
    pub deprel_confusions: BTreeMap<(Deprel, Deprel), usize>,
}

fn ratio(a: usize, b: usize) -> f64 {
    a as f64 / b.max(1) as f64
}

impl Scores {
    pub fn upos(&self) -> f64 {
        ratio(self.upos_correct, self.words)
    }
    pub fn xpos(&self) -> f64 {
        ratio(self.xpos_correct, self.words)
    }
    pub fn uas(&self) -> f64 {
        ratio(self.head_correct, self.words)
    }
    pub fn las(&self) -> f64 {
        ratio(self.las_correct, self.words)
    }
    pub fn las_full(&self) -> f64 {
        ratio(self.las_full_correct, self.words)
    }

    /// The `n` most frequent confusions of a map, most frequent first.
    pub fn top<K: Copy + Ord>(map: &BTreeMap<K, usize>, n: usize) -> Vec<(K, usize)> {
        let mut v: Vec<(K, usize)> = map.iter().map(|(k, c)| (*k, *c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(n);
        v
    }
}

/// Parses every sentence with `model` (predicted tags unless `gold_tags`) and scores it.
/// Sentences without complete gold heads are skipped.
pub fn evaluate(model: &Model, gold: &[Sentence], gold_tags: bool) -> Scores {
    let mut s = Scores::default();
    for sent in gold {
        if sent.words.is_empty() || sent.words.iter().any(|w| w.head.is_none()) {
            continue;
        }
        let forms = sent.forms();
        let p = if gold_tags {
            let u: Vec<Upos> = sent.words.iter().map(|w| w.upos.parse().unwrap_or(Upos::X)).collect();
            let x: Vec<Xpos> = sent.words.iter().map(|w| w.xpos.parse().unwrap_or(Xpos::XX)).collect();
            model.parse_tagged(&forms, &u, &x)
        } else {
            model.parse(&forms)
        };
        s.sentences += 1;
        for (i, w) in sent.words.iter().enumerate() {
            s.words += 1;
            let gu: Upos = w.upos.parse().unwrap_or(Upos::X);
            if p.upos[i] == gu {
                s.upos_correct += 1;
            } else {
                *s.upos_confusions.entry((gu, p.upos[i])).or_default() += 1;
            }
            if p.xpos[i].as_str() == w.xpos {
                s.xpos_correct += 1;
            }
            if Some(p.head[i]) == w.head {
                s.head_correct += 1;
                let gd = Deprel::parse_lenient(&w.deprel);
                if p.deprel[i].universal() == w.deprel.split(':').next().unwrap_or("") {
                    s.las_correct += 1;
                }
                if p.deprel[i].as_str() == w.deprel {
                    s.las_full_correct += 1;
                } else {
                    *s.deprel_confusions.entry((gd, p.deprel[i])).or_default() += 1;
                }
            }
        }
    }
    s
}

/// Speed of tagging plus parsing on one thread.
#[derive(Debug, Clone, Copy)]
pub struct Speed {
    pub sentences: usize,
    pub words: usize,
    /// Wall-clock time.
    pub seconds: f64,
    /// CPU time of the measuring thread (Linux), which other processes on a busy machine do
    /// not inflate.
    pub cpu_seconds: Option<f64>,
}

impl Speed {
    /// Sentences per second of CPU time when known, else of wall time.
    pub fn sentences_per_second(&self) -> f64 {
        self.sentences as f64 / self.cpu_seconds.unwrap_or(self.seconds).max(1e-9)
    }
    /// Words per second of CPU time when known, else of wall time.
    pub fn words_per_second(&self) -> f64 {
        self.words as f64 / self.cpu_seconds.unwrap_or(self.seconds).max(1e-9)
    }
}

/// CPU time of the calling thread in seconds, from `/proc/thread-self/schedstat` (Linux).
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

/// Parses all sentences `rounds` times on the calling thread, after one untimed warm-up
/// round, and returns the fastest round (by CPU time where the platform reports it): on a
/// shared machine the fastest round is the one least disturbed by other processes.
pub fn speed(model: &Model, sentences: &[Sentence], rounds: usize) -> Speed {
    let forms: Vec<Vec<&str>> = sentences.iter().map(|s| s.forms()).collect();
    let mut sink = 0usize;
    for f in &forms {
        sink += model.parse(f).head.len();
    }
    let words: usize = forms.iter().map(Vec::len).sum();
    let mut best: Option<Speed> = None;
    for _ in 0..rounds.max(1) {
        let cpu_start = thread_cpu_seconds();
        let start = Instant::now();
        for f in &forms {
            let p = model.parse(f);
            sink += p.head.first().copied().unwrap_or(0) as usize;
        }
        let seconds = start.elapsed().as_secs_f64();
        let cpu_seconds = match (cpu_start, thread_cpu_seconds()) {
            (Some(a), Some(b)) if b > a => Some(b - a),
            _ => None,
        };
        let round = Speed { sentences: forms.len(), words, seconds, cpu_seconds };
        if best.is_none_or(|b| round.sentences_per_second() > b.sentences_per_second()) {
            best = Some(round);
        }
    }
    std::hint::black_box(sink);
    best.expect("at least one round")
}
