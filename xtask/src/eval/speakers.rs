//! `cargo xtask eval speakers [GOLD]`: speaker resolution on our own gold. PolNeAR marks only
//! the source as written; who "He", "They" or "the agency" is has to be judged against
//! articles we annotated ourselves: `xtask/gold/speakers.tsv` lists, for attributions in
//! `examples/articles`, a piece of the content and the actor the speaker should resolve to
//! ("-" when none should be named).
//!
//! An entry is found when a quote's content contains its piece; its speaker is right when
//! the quote's speaker actor has the gold id (or, for "-", when there is no speaker actor;
//! for "~Name", a person the lexicons do not know, when the speaker's mention contains the
//! name). "a|b" accepts either.
//! Accuracy is over found entries; coverage says how many were found at all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sitrep_extract::Pipeline;
use sitrep_ingest::{Options, read_path};
use sitrep_model::Document;

use crate::score::ratio;

struct Entry {
    line: usize,
    file: String,
    content: String,
    speaker: String,
}

pub fn run(gold: PathBuf, articles: PathBuf, errors: usize) -> Result<()> {
    let src = std::fs::read_to_string(&gold).with_context(|| format!("cannot read {}", gold.display()))?;
    let entries = parse(&src);
    let mut docs: BTreeMap<String, Document> = BTreeMap::new();
    let pipeline = Pipeline::new();
    for file in entries.iter().map(|e| e.file.clone()).collect::<std::collections::BTreeSet<_>>() {
        docs.insert(file.clone(), analyse(&pipeline, &articles.join(&file))?);
    }
    let (mut found, mut right) = (0, 0);
    let mut wrong = Vec::new();
    let mut missing = Vec::new();
    for e in &entries {
        let doc = &docs[&e.file];
        let quote = doc.quotes.as_deref().unwrap_or(&[]).iter().find(|q| q.text.contains(&e.content));
        let Some(q) = quote else {
            missing.push(format!("{}:{}: «{}»", e.file, e.line, e.content));
            continue;
        };
        found += 1;
        let got = q.speaker.as_ref().and_then(|s| s.actor.as_ref()).map_or("-", |a| a.id.as_str());
        let mention = q
            .speaker
            .as_ref()
            .and_then(|s| s.mention.as_deref())
            .and_then(|id| doc.mentions.as_deref().unwrap_or(&[]).iter().find(|m| m.id == id))
            .map_or("", |m| m.text.as_str());
        let ok = e.speaker.split('|').any(|g| match g.strip_prefix('~') {
            Some(name) => mention.contains(name),
            None => g == got,
        });
        if ok {
            right += 1;
        } else {
            let source = q.source_span.as_ref().map_or("", |s| s.text.as_str());
            wrong.push(format!("{}:{}: [{source}] «{}» gold {} got {got}", e.file, e.line, e.content, e.speaker));
        }
    }
    println!(
        "speaker resolution: {} gold attributions in {} articles, from {}",
        entries.len(),
        docs.len(),
        gold.display()
    );
    println!("  found (content located)  {:.3}  ({found} of {})", ratio(found, entries.len()), entries.len());
    println!("  speaker accuracy         {:.3}  ({right} of {found} found)", ratio(right, found));
    if errors > 0 {
        println!("  examples: wrong speaker");
        for w in wrong.iter().take(errors) {
            println!("    {w}");
        }
        println!("  examples: not found");
        for m in missing.iter().take(errors) {
            println!("    {m}");
        }
    }
    Ok(())
}

fn parse(src: &str) -> Vec<Entry> {
    src.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1) // header
        .filter_map(|(n, l)| {
            let c: Vec<&str> = l.split('\t').collect();
            Some(Entry {
                line: n + 1,
                file: c.first()?.to_string(),
                content: c.get(1)?.to_string(),
                speaker: c.get(2)?.to_string(),
            })
        })
        .collect()
}

fn analyse(pipeline: &Pipeline, path: &Path) -> Result<Document> {
    let item = read_path(path, &Options::default()).next().context("no article read")?;
    let input = item.map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.message))?;
    Ok(pipeline.run(input.article))
}
