//! Training from CoNLL-U treebanks: the tagger (averaged perceptron, greedy), jackknifed tags
//! for the parser's training data (so the parser learns from tags as noisy as the ones it will
//! see), and the parser (dynamic oracle with exploration). Deterministic: every shuffle and
//! exploration draw comes from a generator seeded by `TrainConfig::seed`.

use crate::conllu::Sentence;
use crate::features::{Lex, lex_sentence};
use crate::parser::{Atoms, Gold, Parser, ParserTrainer, Rng, TrainStats, projectivise};
use crate::tagger::{Scratch, Tagger, TaggerTrainer, tag_atom, upos_pass};
use crate::tags::{Deprel, Upos, Xpos};
use crate::{Model, parser_tag};

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// Folds for jackknifed training tags; 0 or 1 trains the parser on gold tags (the
    /// default: with this tagger, jackknifing measured no better on EWT dev and made the
    /// model larger).
    pub jackknife_folds: usize,
    /// Epochs on the gold path before the parser starts exploring its own mistakes.
    pub explore_after: usize,
    /// Probability of following a wrong prediction once exploring.
    pub p_explore: f64,
    /// Features whose largest averaged weight is below this fraction of the table's largest
    /// weight are dropped from the model.
    pub prune: f32,
    /// The same for the parser's label classifier, whose many rare features cost load time
    /// and help nothing (0.04 drops 40% of them with identical dev scores).
    pub label_prune: f32,
    /// With jackknifed tags, train the parser on every sentence twice, once with gold and
    /// once with jackknifed tags. Measured on EWT dev: +0.2 UAS and LAS, but a 25% larger
    /// model, ~20% slower loading and slightly slower parsing, so off by default.
    pub mix_gold: bool,
    pub seed: u64,
    /// Folds for the first tagger pass's tags on the training data (at least 2).
    pub stack_folds: usize,
    /// Report dev scores every this many parser epochs (when dev data is given).
    pub report_every: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            tagger_epochs: 10,
            parser_epochs: 10,
            jackknife_folds: 0,
            explore_after: 1,
            p_explore: 0.9,
            prune: 0.0,
            label_prune: 0.04,
            mix_gold: false,
            seed: 0x0517_92e9,
            report_every: 1,
            stack_folds: 5,
        }
    }
}

/// One training sentence with typed annotation. `head` is 0 for the root, else 1-based.
#[derive(Debug, Clone)]
pub struct TrainSentence {
    pub words: Vec<String>,
    pub upos: Vec<Upos>,
    pub xpos: Vec<Xpos>,
    pub head: Vec<u32>,
    pub deprel: Vec<Deprel>,
}

/// Typed training data from CoNLL-U sentences. Sentences without complete heads are skipped;
/// unknown tags become `X` / `XX` and unknown relations are read leniently.
pub fn prepare(sentences: &[Sentence]) -> Vec<TrainSentence> {
    sentences
        .iter()
        .filter(|s| !s.words.is_empty() && s.words.iter().all(|w| w.head.is_some()))
        .map(|s| TrainSentence {
            words: s.words.iter().map(|w| w.form.clone()).collect(),
            upos: s.words.iter().map(|w| w.upos.parse().unwrap_or(Upos::X)).collect(),
            xpos: s.words.iter().map(|w| w.xpos.parse().unwrap_or(Xpos::XX)).collect(),
            head: s.words.iter().map(|w| w.head.unwrap_or(0)).collect(),
            deprel: s.words.iter().map(|w| Deprel::parse_lenient(&w.deprel)).collect(),
        })
        .collect()
}

/// For each UPOS, the XPOS tags it occurs with, most frequent first.
fn xpos_candidates(data: &[TrainSentence]) -> Vec<Vec<Xpos>> {
    let mut counts = vec![vec![0usize; Xpos::ALL.len()]; Upos::ALL.len()];
    for s in data {
        for (u, x) in s.upos.iter().zip(&s.xpos) {
            counts[u.index()][x.index()] += 1;
        }
    }
    counts
        .iter()
        .map(|c| {
            let mut xs: Vec<(usize, Xpos)> =
                Xpos::ALL.iter().filter(|x| c[x.index()] > 0).map(|x| (c[x.index()], *x)).collect();
            xs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            xs.into_iter().map(|(_, x)| x).collect()
        })
        .collect()
}

fn words_of(s: &TrainSentence) -> Vec<&str> {
    s.words.iter().map(String::as_str).collect()
}

/// Trains one UPOS pass (plus XPOS when `first` is `None`).
fn train_pass(
    data: &[TrainSentence],
    lex: &[Vec<Lex>],
    first: Option<&[Vec<u64>]>,
    cfg: &TrainConfig,
    mut progress: impl FnMut(usize, &TaggerTrainer, f64),
) -> TaggerTrainer {
    let mut tr = TaggerTrainer::new(xpos_candidates(data));
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng(cfg.seed ^ 0x7a99);
    let tokens: usize = data.iter().map(|s| s.words.len()).sum();
    for epoch in 0..cfg.tagger_epochs {
        rng.shuffle(&mut order);
        let mut errors = 0;
        for &i in &order {
            let f = first.map(|f| f[i].as_slice());
            errors += tr.train_sentence(&lex[i], f, &data[i].upos, &data[i].xpos);
        }
        progress(epoch, &tr, 1.0 - errors as f64 / tokens.max(1) as f64);
    }
    tr
}

/// First-pass tag atoms for every sentence, each fold tagged by a pass trained on the others
/// (so the second pass learns how wrong the first pass really is).
fn stacked_first_pass(data: &[TrainSentence], lex: &[Vec<Lex>], cfg: &TrainConfig) -> Vec<Vec<u64>> {
    let k = cfg.stack_folds.max(2);
    let mut out = vec![Vec::new(); data.len()];
    let (mut feats, mut scores, mut idx) = (Vec::new(), Vec::new(), Vec::new());
    for fold in 0..k {
        let (lo, hi) = (data.len() * fold / k, data.len() * (fold + 1) / k);
        let rest: Vec<TrainSentence> = data[..lo].iter().chain(&data[hi..]).cloned().collect();
        let rest_lex: Vec<Vec<Lex>> = lex[..lo].iter().chain(&lex[hi..]).cloned().collect();
        let tr = train_pass(&rest, &rest_lex, None, cfg, |_, _, _| {});
        let (table, _) = tr.finish(cfg.prune);
        for i in lo..hi {
            upos_pass(&table, &lex[i], None, &mut feats, &mut scores, &mut idx);
            out[i] = idx.iter().map(|u| tag_atom(*u)).collect();
        }
    }
    out
}

/// Trains the tagger: the first pass, the stacked first-pass tags of the training data, then
/// the second pass. `dev` (possibly empty) is only used to report held-out accuracy.
pub fn train_tagger(
    data: &[TrainSentence],
    dev: &[TrainSentence],
    cfg: &TrainConfig,
    progress: &mut dyn FnMut(&str),
) -> Tagger {
    let lex: Vec<Vec<Lex>> = data.iter().map(|s| lex_sentence(&words_of(s))).collect();
    let first = train_pass(data, &lex, None, cfg, |epoch, _, acc| {
        progress(&format!("tagger pass 1 epoch {}: train UPOS accuracy {acc:.4}", epoch + 1))
    });
    let (first_table, xpos) = first.finish(cfg.prune);
    let stacked = stacked_first_pass(data, &lex, cfg);
    let cands = xpos_candidates(data);
    let second = train_pass(data, &lex, Some(&stacked), cfg, |epoch, tr, acc| {
        let dev_acc = if dev.is_empty() {
            String::new()
        } else {
            let tagger = Tagger {
                first: first_table.clone(),
                upos: tr.finish(cfg.prune).0,
                xpos: xpos.clone(),
                xpos_cands: cands.clone(),
            };
            let tags = tag_all(&tagger, dev);
            let (mut right, mut all) = (0, 0);
            for (s, (u, _)) in dev.iter().zip(&tags) {
                right += u.iter().zip(&s.upos).filter(|(a, b)| a == b).count();
                all += u.len();
            }
            format!(", dev {:.4}", right as f64 / all.max(1) as f64)
        };
        progress(&format!("tagger pass 2 epoch {}: train UPOS accuracy {acc:.4}{dev_acc}", epoch + 1));
    });
    Tagger { first: first_table, upos: second.finish(cfg.prune).0, xpos, xpos_cands: cands }
}

/// Tags every sentence with `tagger`.
pub fn tag_all(tagger: &Tagger, data: &[TrainSentence]) -> Vec<(Vec<Upos>, Vec<Xpos>)> {
    let mut sc = Scratch::default();
    data.iter()
        .map(|s| {
            let lex = lex_sentence(&words_of(s));
            let (mut u, mut x) = (Vec::new(), Vec::new());
            tagger.tag(&lex, &mut sc, &mut u, &mut x);
            (u, x)
        })
        .collect()
}

/// Tags for the parser's training data: each fold tagged by a tagger trained on the others.
pub fn jackknife_tags(
    data: &[TrainSentence],
    cfg: &TrainConfig,
    progress: &mut dyn FnMut(&str),
) -> Vec<(Vec<Upos>, Vec<Xpos>)> {
    let k = cfg.jackknife_folds;
    if k < 2 {
        return data.iter().map(|s| (s.upos.clone(), s.xpos.clone())).collect();
    }
    let mut out = vec![(Vec::new(), Vec::new()); data.len()];
    for fold in 0..k {
        // Contiguous folds keep documents together, so held-out accuracy resembles unseen text.
        let lo = data.len() * fold / k;
        let hi = data.len() * (fold + 1) / k;
        let train: Vec<TrainSentence> = data[..lo].iter().chain(&data[hi..]).cloned().collect();
        let held: Vec<usize> = (lo..hi).collect();
        let tagger = train_tagger(&train, &[], cfg, &mut |_| {});
        let held_data: Vec<TrainSentence> = held.iter().map(|&i| data[i].clone()).collect();
        let tags = tag_all(&tagger, &held_data);
        let (mut right, mut all) = (0, 0);
        for (&i, t) in held.iter().zip(tags) {
            right += t.0.iter().zip(&data[i].upos).filter(|(a, b)| a == b).count();
            all += t.0.len();
            out[i] = t;
        }
        progress(&format!(
            "jackknife fold {}/{k}: held-out UPOS accuracy {:.4}",
            fold + 1,
            right as f64 / all.max(1) as f64
        ));
    }
    out
}

/// The label classes: every relation in the data, in enum order, always including `root`.
fn label_set(data: &[TrainSentence]) -> Vec<Deprel> {
    let mut seen = vec![false; Deprel::ALL.len()];
    seen[Deprel::Root.index()] = true;
    for s in data {
        for d in &s.deprel {
            seen[d.index()] = true;
        }
    }
    Deprel::ALL.iter().copied().filter(|d| seen[d.index()]).collect()
}

/// Trains the parser on `data` with the given (predicted or gold) tags.
pub fn train_parser(
    data: &[TrainSentence],
    tags: &[(Vec<Upos>, Vec<Xpos>)],
    dev: &[(TrainSentence, Vec<Upos>, Vec<Xpos>)],
    cfg: &TrainConfig,
    progress: &mut dyn FnMut(&str),
) -> Parser {
    let labels = label_set(data);
    let mut label_index = [u8::MAX; 64];
    for (i, l) in labels.iter().enumerate() {
        label_index[l.index()] = i as u8;
    }
    struct Prepared {
        atoms: Atoms,
        gold: Gold,
        labels: Vec<u8>,
    }
    let prepared: Vec<Prepared> = data
        .iter()
        .zip(tags)
        .map(|(s, (u, x))| {
            let n = s.words.len() as u32;
            let lex = lex_sentence(&words_of(s));
            let atoms = Atoms::new(
                lex.iter().map(|l| l.lower).collect(),
                u.iter().zip(x).map(|(u, x)| parser_tag(*u, *x)).collect(),
                u.iter().map(|u| *u == Upos::PUNCT),
            );
            let mut head: Vec<u32> = s.head.iter().map(|&h| if h == 0 { n } else { h - 1 }).collect();
            projectivise(&mut head);
            Prepared { atoms, gold: Gold::new(head), labels: s.deprel.iter().map(|d| label_index[d.index()]).collect() }
        })
        .collect();
    let mut tr = ParserTrainer::new(labels, cfg.seed);
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng = Rng(cfg.seed ^ 0x9a55);
    for epoch in 0..cfg.parser_epochs {
        rng.shuffle(&mut order);
        let p = if epoch >= cfg.explore_after { cfg.p_explore } else { 0.0 };
        let mut total = TrainStats::default();
        for &i in &order {
            let s = &prepared[i];
            let st = tr.train_sentence(&s.atoms, &s.gold, &s.labels, p);
            total.steps += st.steps;
            total.wrong_steps += st.wrong_steps;
            total.arcs += st.arcs;
            total.correct_heads += st.correct_heads;
            total.correct_labels += st.correct_labels;
        }
        let dev_uas = if dev.is_empty() || (epoch + 1) % cfg.report_every != 0 {
            String::new()
        } else {
            let parser = tr.finish(cfg.prune, cfg.label_prune);
            let (mut right, mut all) = (0, 0);
            for (s, u, x) in dev {
                let lex = lex_sentence(&words_of(s));
                let heads = parser.parse_heads(&lex, u, x);
                right += heads.iter().zip(&s.head).filter(|(a, b)| a == b).count();
                all += heads.len();
            }
            format!(", dev UAS {:.4}", right as f64 / all.max(1) as f64)
        };
        progress(&format!(
            "parser epoch {}: explore {p:.1}, step accuracy {:.4}, train UAS {:.4}, LAS {:.4}{dev_uas}",
            epoch + 1,
            1.0 - total.wrong_steps as f64 / total.steps.max(1) as f64,
            total.correct_heads as f64 / total.arcs.max(1) as f64,
            total.correct_labels as f64 / total.arcs.max(1) as f64,
        ));
    }
    tr.finish(cfg.prune, cfg.label_prune)
}

/// Trains tagger and parser (with jackknifed tags) and returns the model.
///
/// `dev` (possibly empty) is only used to report held-out scores while training.
pub fn train(
    data: &[TrainSentence],
    dev: &[TrainSentence],
    cfg: &TrainConfig,
    progress: &mut dyn FnMut(&str),
) -> Model {
    let tagger = train_tagger(data, dev, cfg, progress);
    let tags = jackknife_tags(data, cfg, progress);
    let dev_tagged: Vec<(TrainSentence, Vec<Upos>, Vec<Xpos>)> =
        tag_all(&tagger, dev).into_iter().zip(dev).map(|((u, x), s)| (s.clone(), u, x)).collect();
    let parser = if cfg.jackknife_folds >= 2 && cfg.mix_gold {
        let mut both: Vec<TrainSentence> = data.to_vec();
        both.extend_from_slice(data);
        let mut both_tags: Vec<(Vec<Upos>, Vec<Xpos>)> =
            data.iter().map(|s| (s.upos.clone(), s.xpos.clone())).collect();
        both_tags.extend(tags);
        train_parser(&both, &both_tags, &dev_tagged, cfg, progress)
    } else {
        train_parser(data, &tags, &dev_tagged, cfg, progress)
    };
    let description = format!(
        "tagger epochs {}, parser epochs {}, jackknife folds {}{}, explore after {} at p {}, prune {} (labels {}), seed {}, {} training sentences",
        cfg.tagger_epochs,
        cfg.parser_epochs,
        cfg.jackknife_folds,
        if cfg.mix_gold { " mixed with gold tags" } else { "" },
        cfg.explore_after,
        cfg.p_explore,
        cfg.prune,
        cfg.label_prune,
        cfg.seed,
        data.len()
    );
    Model::new(description, tagger, parser)
}
