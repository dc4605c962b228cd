//! `cargo xtask eval quotes [DIR]`: attribution against PolNeAR (brat standoff: Source, Cue,
//! Content spans joined by Attribution relations; offsets in characters). For each article
//! (the first annotator's file in sorted order) the quotes stage runs on the text, dated
//! from `metadata.tsv`; predicted quotes sharing a cue are one attribution (a quote split by
//! its attribution, "“A,” he said, “B.”", is one relation in PolNeAR).
//!
//! A prediction matches a gold attribution when their content word tokens overlap by at
//! least half of each (one to one, largest overlap first). Printed: attribution P/R/F1; on
//! matched pairs, cue accuracy (cue spans overlap) and source-span accuracy (our
//! `source_span` overlaps the gold Source, over pairs whose gold has one); content exact
//! F1 (identical word-token sets) and token-overlap P/R/F1 over matched pairs; precision
//! by rule; and with `--errors N`, examples of each kind of error.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sitrep_extract::Pipeline;
use sitrep_model::{Article, Published, PublishedSource, Quote};

use crate::score::{Prf, ratio};

/// One attribution, as byte spans.
#[derive(Debug, Clone, Default)]
struct Attr {
    content: Vec<(usize, usize)>,
    cue: Vec<(usize, usize)>,
    source: Vec<(usize, usize)>,
    rule: String,
}

struct Doc {
    name: String,
    text: String,
    published: Option<Published>,
    gold: Vec<Attr>,
}

#[derive(Default)]
struct Tally {
    attr: Prf,
    exact: usize,
    overlap_tokens: usize,
    pred_tokens: usize,
    gold_tokens: usize,
    cue_ok: usize,
    source_ok: usize,
    source_total: usize,
    no_source_ok: usize,
    no_source_total: usize,
    by_rule: BTreeMap<String, (usize, usize)>,
    by_cue: BTreeMap<String, (usize, usize)>,
}

pub fn run(dir: PathBuf, errors: usize) -> Result<()> {
    if !dir.join("text").exists() || !dir.join("attributions").exists() {
        println!("skipped: {} has no text/ and attributions/ (shared evaluation data is absent)", dir.display());
        return Ok(());
    }
    let docs = load(&dir)?;
    let pipeline = Pipeline::new();
    let mut t = Tally::default();
    let mut examples: Vec<(&'static str, String)> = Vec::new();
    for d in &docs {
        let mut article = Article::new(d.name.clone(), d.text.clone());
        article.published = d.published;
        article.published_source = if d.published.is_some() { PublishedSource::Given } else { PublishedSource::None };
        let doc = pipeline.run(article);
        for diag in doc.diagnostics.iter().filter(|x| x.message.contains("internal error")) {
            println!("  {}: {}", d.name, diag.message);
        }
        let pred = group(doc.quotes.as_deref().unwrap_or(&[]));
        score(d, &pred, &mut t, &mut examples);
    }
    let golds = t.attr.tp + t.attr.fn_;
    println!("attribution (PolNeAR): {} articles, {} gold attributions, from {}", docs.len(), golds, dir.display());
    println!("  attributions        {}", t.attr.line());
    println!("  cue accuracy        {:.3}  (over {} matched)", ratio(t.cue_ok, t.attr.tp), t.attr.tp);
    println!(
        "  source-span acc.    {:.3}  (over {} matched with a gold source; {:.3} of {} without one have none)",
        ratio(t.source_ok, t.source_total),
        t.source_total,
        ratio(t.no_source_ok, t.no_source_total),
        t.no_source_total
    );
    // An exact match is a matched pair with identical content words, over all predictions
    // and all gold attributions.
    let exact = Prf { tp: t.exact, fp: t.attr.tp + t.attr.fp - t.exact, fn_: t.attr.tp + t.attr.fn_ - t.exact };
    println!("  content exact       {}", exact.line());
    let overlap =
        Prf { tp: t.overlap_tokens, fp: t.pred_tokens - t.overlap_tokens, fn_: t.gold_tokens - t.overlap_tokens };
    println!("  content tokens      {}  (matched pairs)", overlap.line());
    println!("  precision by rule:");
    let mut rules: Vec<_> = t.by_rule.iter().collect();
    rules.sort_by_key(|(_, (tp, fp))| std::cmp::Reverse(tp + fp));
    for (rule, (tp, fp)) in rules {
        println!("    {:.3}  {:>5} / {:<5} {rule}", ratio(*tp, tp + fp), tp, tp + fp);
    }
    if errors > 0 {
        println!("  cues with most spurious attributions:");
        let mut cues: Vec<_> = t.by_cue.iter().collect();
        cues.sort_by_key(|(_, (_, fp))| std::cmp::Reverse(*fp));
        for (cue, (tp, fp)) in cues.into_iter().take(errors.min(40)) {
            println!("    {:.3}  {:>5} / {:<5} {cue}", ratio(*tp, tp + fp), tp, tp + fp);
        }
        for kind in ["missed", "spurious", "source", "cue", "content"] {
            println!("  examples: {kind}");
            for (_, line) in examples.iter().filter(|(k, _)| *k == kind).take(errors) {
                println!("    {line}");
            }
        }
    }
    Ok(())
}

fn cue_key(text: &str, a: &Attr) -> String {
    a.cue.first().and_then(|&(s, e)| text.get(s..e)).unwrap_or("").to_lowercase()
}

/// Quotes sharing a cue make one attribution.
fn group(quotes: &[Quote]) -> Vec<Attr> {
    let mut by_cue: BTreeMap<(usize, usize), Attr> = BTreeMap::new();
    for q in quotes {
        let a = by_cue.entry((q.cue.start, q.cue.end)).or_insert_with(|| Attr {
            cue: vec![(q.cue.start, q.cue.end)],
            source: q.source_span.iter().map(|s| (s.start, s.end)).collect(),
            rule: q.evidence.rule.clone(),
            ..Default::default()
        });
        a.content.push((q.start, q.end));
    }
    by_cue.into_values().collect()
}

/// Word tokens (runs of alphanumeric characters) as their start offsets.
fn tokens(text: &str, spans: &[(usize, usize)]) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    for &(s, e) in spans {
        let Some(part) = text.get(s..e) else { continue };
        let mut prev = false;
        for (i, c) in part.char_indices() {
            let w = c.is_alphanumeric();
            if w && !prev {
                out.insert(s + i);
            }
            prev = w;
        }
    }
    out
}

fn overlaps(a: &[(usize, usize)], b: &[(usize, usize)]) -> bool {
    a.iter().any(|x| b.iter().any(|y| x.0 < y.1 && y.0 < x.1))
}

fn score(d: &Doc, pred: &[Attr], t: &mut Tally, examples: &mut Vec<(&'static str, String)>) {
    let text = &d.text;
    let show = |spans: &[(usize, usize)]| -> String {
        let s: Vec<&str> = spans.iter().filter_map(|&(a, b)| text.get(a..b)).collect();
        let joined = s.join(" | ").replace('\n', " ");
        let cut: String = joined.chars().take(140).collect();
        if cut.len() < joined.len() { format!("{cut}…") } else { cut }
    };
    let gt: Vec<BTreeSet<usize>> = d.gold.iter().map(|g| tokens(text, &g.content)).collect();
    let pt: Vec<BTreeSet<usize>> = pred.iter().map(|p| tokens(text, &p.content)).collect();
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (gi, g) in gt.iter().enumerate() {
        for (pi, p) in pt.iter().enumerate() {
            let ov = g.intersection(p).count();
            if ov > 0 && 2 * ov >= g.len() && 2 * ov >= p.len() {
                pairs.push((ov, gi, pi));
            }
        }
    }
    pairs.sort_by_key(|&(ov, gi, pi)| (std::cmp::Reverse(ov), gi, pi));
    let mut gused = vec![false; d.gold.len()];
    let mut pused = vec![false; pred.len()];
    for (ov, gi, pi) in pairs {
        if gused[gi] || pused[pi] {
            continue;
        }
        gused[gi] = true;
        pused[pi] = true;
        let (g, p) = (&d.gold[gi], &pred[pi]);
        t.attr.tp += 1;
        t.by_rule.entry(p.rule.clone()).or_default().0 += 1;
        t.by_cue.entry(cue_key(text, p)).or_default().0 += 1;
        t.overlap_tokens += ov;
        t.pred_tokens += pt[pi].len();
        t.gold_tokens += gt[gi].len();
        if gt[gi] == pt[pi] {
            t.exact += 1;
        } else {
            examples.push(("content", format!("{}: gold «{}» got «{}»", d.name, show(&g.content), show(&p.content))));
        }
        if overlaps(&g.cue, &p.cue) {
            t.cue_ok += 1;
        } else {
            examples.push(("cue", format!("{}: gold cue «{}» got «{}»", d.name, show(&g.cue), show(&p.cue))));
        }
        if g.source.is_empty() {
            t.no_source_total += 1;
            if p.source.is_empty() {
                t.no_source_ok += 1;
            }
        } else {
            t.source_total += 1;
            if overlaps(&g.source, &p.source) {
                t.source_ok += 1;
            } else {
                examples.push((
                    "source",
                    format!(
                        "{}: gold «{}» got «{}» (cue «{}»)",
                        d.name,
                        show(&g.source),
                        show(&p.source),
                        show(&p.cue)
                    ),
                ));
            }
        }
    }
    for (gi, g) in d.gold.iter().enumerate() {
        if !gused[gi] {
            t.attr.fn_ += 1;
            // The prediction overlapping most, if any: a boundary error rather than a miss.
            let near = (0..pred.len())
                .map(|pi| (gt[gi].intersection(&pt[pi]).count(), pi))
                .filter(|&(ov, _)| ov > 0)
                .max()
                .map(|(_, pi)| format!("  ~ {} [{}] «{}»", pred[pi].rule, show(&pred[pi].cue), show(&pred[pi].content)))
                .unwrap_or_default();
            examples.push((
                "missed",
                format!("{}: [{}] [{}] «{}»{near}", d.name, show(&g.source), show(&g.cue), show(&g.content)),
            ));
        }
    }
    for (pi, p) in pred.iter().enumerate() {
        if !pused[pi] {
            t.attr.fp += 1;
            t.by_rule.entry(p.rule.clone()).or_default().1 += 1;
            t.by_cue.entry(cue_key(text, p)).or_default().1 += 1;
            examples.push((
                "spurious",
                format!("{}: {} [{}] [{}] «{}»", d.name, p.rule, show(&p.source), show(&p.cue), show(&p.content)),
            ));
        }
    }
}

fn load(dir: &Path) -> Result<Vec<Doc>> {
    let dates = read_metadata(&dir.parent().unwrap_or(dir).join("metadata.tsv"));
    let mut anns: BTreeMap<String, PathBuf> = BTreeMap::new();
    for p in crate::files_with(&dir.join("attributions"), &[".ann"]) {
        let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        // `<article>_<annotator>.ann`: the first annotator in sorted order.
        let article = stem.rsplit_once('_').map_or(stem.clone(), |(a, _)| a.to_string());
        anns.entry(article).or_insert(p);
    }
    let mut docs = Vec::new();
    for (name, ann) in anns {
        let tpath = dir.join("text").join(format!("{name}.txt"));
        let Ok(text) = std::fs::read_to_string(&tpath) else { continue };
        let src = std::fs::read_to_string(&ann).with_context(|| format!("cannot read {}", ann.display()))?;
        let gold = read_ann(&text, &src);
        let published = dates.get(&name).and_then(|d| Published::parse(d).ok());
        docs.push(Doc { name, text, published, gold });
    }
    Ok(docs)
}

fn read_metadata(path: &Path) -> BTreeMap<String, String> {
    let Ok(src) = std::fs::read_to_string(path) else { return BTreeMap::new() };
    let mut lines = src.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let (Some(f), Some(d)) =
        (header.iter().position(|h| *h == "filename"), header.iter().position(|h| *h == "publication_date"))
    else {
        return BTreeMap::new();
    };
    lines
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Some((c.get(f)?.to_string(), c.get(d)?.to_string()))
        })
        .collect()
}

/// Brat standoff: `T<n>\t<Label> <start> <end>[;<start> <end>...]\t<text>` and
/// `E<n>\tAttribution:T<a> Role:T<b> ...`. Character offsets become byte offsets; text lines
/// broken by newlines inside a span are skipped.
fn read_ann(text: &str, src: &str) -> Vec<Attr> {
    let byte_at: Vec<usize> = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect();
    let to_byte = |c: usize| byte_at.get(c).copied();
    let mut spans: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    let mut out = Vec::new();
    let mut relations = Vec::new();
    for line in src.lines() {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() < 2 {
            continue;
        }
        let id = cells[0];
        if id.starts_with('T') && id[1..].chars().all(|c| c.is_ascii_digit()) {
            let Some((_, offsets)) = cells[1].split_once(' ') else { continue };
            let list: Vec<(usize, usize)> = offsets
                .split(';')
                .filter_map(|p| {
                    let (a, b) = p.trim().split_once(' ')?;
                    Some((to_byte(a.parse().ok()?)?, to_byte(b.parse().ok()?)?))
                })
                .collect();
            spans.insert(id, list);
        } else if id.starts_with('E') && id[1..].chars().all(|c| c.is_ascii_digit()) {
            relations.push(cells[1]);
        }
    }
    for rel in relations {
        let mut a = Attr::default();
        for arg in rel.split_whitespace().skip(1) {
            let Some((role, t)) = arg.split_once(':') else { continue };
            let s = spans.get(t).cloned().unwrap_or_default();
            match role {
                "Content" => a.content.extend(s),
                "Cue" => a.cue.extend(s),
                "Source" => a.source.extend(s),
                _ => {}
            }
        }
        if !a.content.is_empty() {
            out.push(a);
        }
    }
    out
}
