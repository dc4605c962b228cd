//! `cargo xtask eval extract [DIR]`: HTML main-text extraction scored the way trafilatura's
//! own benchmark scores it (tests/eval_common.py, `count_item`): for each page the gold lists
//! snippets that must appear in the main text (`with`) and snippets that must not
//! (`without`). After collapsing every run of whitespace to one space in both the snippet and
//! the output, a `with` snippet found is a true positive, one missing a false negative; a
//! `without` snippet found is a false positive, one absent a true negative. Precision, recall
//! and F1 are computed over the totals (micro-averaged over all snippets). A page that yields
//! no article counts as empty output: all its `with` snippets are missed. The `comments`
//! lists are not scored (trafilatura's canonical run excludes comments too), and neither is
//! the title: we score `Article::text`, the text sitrep analyses.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use serde_json::Value;
use sitrep_ingest::{Format, Origin, read_bytes};

use crate::score::{Prf, ratio};

pub fn run(dir: PathBuf, errors: usize, show: Option<String>) -> Result<()> {
    let gold_path = dir.join("evaldata.en.json");
    if !gold_path.exists() {
        println!("skipped: {} not found (shared evaluation data is absent)", gold_path.display());
        return Ok(());
    }
    let src = std::fs::read_to_string(&gold_path).with_context(|| format!("cannot read {}", gold_path.display()))?;
    let gold: serde_json::Map<String, Value> =
        serde_json::from_str(&src).with_context(|| format!("{}: not a JSON object", gold_path.display()))?;
    let mut total = Prf::default();
    let mut tn = 0usize;
    let mut pages = 0usize;
    let mut no_article = 0usize;
    let mut elapsed = std::time::Duration::ZERO;
    let mut bad: Vec<(f64, String, Vec<String>)> = Vec::new();
    for (url, item) in &gold {
        let file = item["file"].as_str().with_context(|| format!("{url}: no \"file\""))?;
        let path = dir.join("html").join(file);
        let Ok(bytes) = std::fs::read(&path) else {
            println!("  missing page {}", path.display());
            continue;
        };
        pages += 1;
        let start = Instant::now();
        let items = read_bytes(Origin::file(file), Format::Html, &bytes);
        elapsed += start.elapsed();
        let text = match items.into_iter().next() {
            Some(Ok(input)) => input.article.text,
            _ => {
                no_article += 1;
                String::new()
            }
        };
        if show.as_deref().is_some_and(|s| file.contains(s)) {
            println!("==== {file}\n{text}\n====");
        }
        let out = norm(&text);
        let mut page = Prf::default();
        let mut notes = Vec::new();
        for w in snippets(item, "with") {
            if out.contains(&norm(w)) {
                page.tp += 1;
            } else {
                page.fn_ += 1;
                notes.push(format!("missed:   {w}"));
            }
        }
        for w in snippets(item, "without") {
            if out.contains(&norm(w)) {
                page.fp += 1;
                notes.push(format!("included: {w}"));
            } else {
                tn += 1;
            }
        }
        if page.fp + page.fn_ > 0 {
            bad.push((page.f1(), file.to_string(), notes));
        }
        total.add(page);
    }
    let accuracy = ratio(total.tp + tn, total.tp + total.fp + total.fn_ + tn);
    println!("main text: {pages} pages from {}", dir.display());
    println!("  snippets  {}  accuracy {accuracy:.3}", total.line());
    println!(
        "  {} pages yielded no article; {:.2} ms per page",
        no_article,
        elapsed.as_secs_f64() * 1000.0 / pages.max(1) as f64
    );
    bad.sort_by(|a, b| a.0.total_cmp(&b.0));
    if errors > 0 {
        for (f1, file, notes) in bad.iter().take(errors) {
            println!("  {f1:.3} {file}");
            for n in notes {
                println!("      {}", n.chars().take(100).collect::<String>());
            }
        }
    }
    Ok(())
}

fn snippets<'a>(item: &'a Value, key: &str) -> impl Iterator<Item = &'a str> {
    item[key].as_array().into_iter().flatten().filter_map(Value::as_str)
}

/// Collapse whitespace runs to one space and trim, as trafilatura's `norm` does.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
