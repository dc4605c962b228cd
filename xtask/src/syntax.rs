//! `cargo xtask train syntax` and `cargo xtask eval syntax`: train the tagger and parser on UD
//! English EWT and score them on its dev set (accuracy, UAS, LAS, confusions, speed).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use sitrep_syntax::{Model, conllu, eval, train};

use crate::shared_dir;

fn ewt(file: &str) -> PathBuf {
    shared_dir().join("data/ud-english-ewt").join(file)
}

/// Where the committed model lives.
fn model_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crates/syntax/model/en-ewt.bin")
}

fn skip_if_missing(path: &Path) -> bool {
    if path.exists() {
        return false;
    }
    println!("skipped: {} not found (the UD English EWT data lives in ../shared/data/ud-english-ewt)", path.display());
    true
}

/// Trains tagger and parser and writes the model file.
pub fn train_cmd(
    train_path: Option<PathBuf>,
    out: Option<PathBuf>,
    epochs: Option<usize>,
    tagger_epochs: Option<usize>,
    folds: Option<usize>,
    mix_gold: bool,
) -> Result<()> {
    let train_path = train_path.unwrap_or_else(|| ewt("en_ewt-ud-train.conllu"));
    if skip_if_missing(&train_path) {
        return Ok(());
    }
    let out = out.unwrap_or_else(model_path);
    let sentences = conllu::read_file(&train_path).with_context(|| format!("reading {}", train_path.display()))?;
    let data = train::prepare(&sentences);
    let mut cfg = train::TrainConfig::default();
    if let Some(e) = epochs {
        cfg.parser_epochs = e;
    }
    if let Some(e) = tagger_epochs {
        cfg.tagger_epochs = e;
    }
    if let Some(f) = folds {
        cfg.jackknife_folds = f;
    }
    cfg.mix_gold = mix_gold;
    warn_if_debug();
    println!("training on {} sentences from {}", data.len(), train_path.display());
    let start = Instant::now();
    let dev_path = ewt("en_ewt-ud-dev.conllu");
    let dev = if dev_path.exists() { train::prepare(&conllu::read_file(&dev_path)?) } else { Vec::new() };
    let model =
        train::train(&data, &dev, &cfg, &mut |msg| println!("  [{:6.1}s] {msg}", start.elapsed().as_secs_f64()));
    let secs = start.elapsed().as_secs_f64();
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "wrote {} ({:.1} MB) after {secs:.0}s of training: {}",
        out.display(),
        bytes.len() as f64 / 1e6,
        model.description()
    );
    Ok(())
}

fn warn_if_debug() {
    if cfg!(debug_assertions) {
        println!(
            "warning: xtask was built without optimisations; timings are not representative. \
             Use `cargo run --release -p xtask -- ...` for speed figures."
        );
    }
}

/// Scores a model on a CoNLL-U file.
pub fn eval_cmd(dev: Option<PathBuf>, model: Option<PathBuf>, output: Option<PathBuf>) -> Result<()> {
    let dev = dev.unwrap_or_else(|| ewt("en_ewt-ud-dev.conllu"));
    if skip_if_missing(&dev) {
        return Ok(());
    }
    warn_if_debug();
    let gold = conllu::read_file(&dev).with_context(|| format!("reading {}", dev.display()))?;
    let load = Instant::now();
    let owned;
    let model: &Model = match &model {
        Some(p) => {
            let b = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            owned = Model::from_bytes(&b).with_context(|| format!("loading {}", p.display()))?;
            &owned
        }
        None => Model::default_model(),
    };
    let load_ms = load.elapsed().as_secs_f64() * 1e3;
    let [fu, fx, ft, fl] = model.feature_counts();
    println!("model: {}", model.description());
    println!(
        "model load {load_ms:.0} ms, {:.0} MB in memory, features: upos {fu}, xpos {fx}, transitions {ft}, labels {fl}",
        model.heap_bytes() as f64 / 1e6
    );
    if let Some(out) = output {
        let mut parsed = gold.clone();
        for sent in &mut parsed {
            let p = model.parse(&sent.forms());
            sent.set_parse(&p);
        }
        std::fs::write(&out, conllu::write(&parsed)).with_context(|| format!("writing {}", out.display()))?;
        println!("wrote predictions to {}", out.display());
    }
    let s = eval::evaluate(model, &gold, false);
    println!("{} sentences, {} words from {}", s.sentences, s.words, dev.display());
    println!("UPOS accuracy  {:.4}", s.upos());
    println!("XPOS accuracy  {:.4}", s.xpos());
    println!("UAS            {:.4}", s.uas());
    println!("LAS            {:.4}  (universal relation, as CoNLL 2018)", s.las());
    println!("LAS (subtypes) {:.4}", s.las_full());
    let g = eval::evaluate(model, &gold, true);
    println!("with gold tags: UAS {:.4}, LAS {:.4}", g.uas(), g.las());
    println!("top UPOS confusions (gold -> predicted):");
    for ((a, b), n) in eval::Scores::top(&s.upos_confusions, 10) {
        println!("  {n:5}  {a} -> {b}");
    }
    println!("top relation errors on correct heads (gold -> predicted):");
    for ((a, b), n) in eval::Scores::top(&s.deprel_confusions, 10) {
        println!("  {n:5}  {a} -> {b}");
    }
    let sp = eval::speed(model, &gold, 10);
    println!(
        "speed (tag + parse, one thread, fastest of 10 rounds over dev, {}): {:.0} sentences/s, {:.0} words/s (wall clock {:.0} sentences/s)",
        if sp.cpu_seconds.is_some() { "per CPU second" } else { "wall clock" },
        sp.sentences_per_second(),
        sp.words_per_second(),
        sp.sentences as f64 / sp.seconds.max(1e-9),
    );
    Ok(())
}
