//! `cargo xtask eval timex [DIR]`: time expressions scored TempEval-3 style. Reads TimeML
//! files (`.tml`: the TEXT element with its TIMEX3 tags, the DCT as publication date) and our
//! inline-annotated goldens (`.txt`, as in crates/extract/tests/golden/time), runs the time
//! stage on the plain text and prints strict and relaxed span P/R/F1, type and value accuracy
//! over relaxed matches, value F1 (relaxed F1 x value accuracy), and the worst documents.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sitrep_extract::Pipeline;
use sitrep_model::{Article, Published, PublishedSource, TimexType};

use crate::score::{Prf, ratio};

/// A gold or predicted expression.
#[derive(Debug, Clone)]
struct Expr {
    start: usize,
    end: usize,
    kind: String,
    value: String,
}

struct Doc {
    name: String,
    text: String,
    published: Option<Published>,
    gold: Vec<Expr>,
}

#[derive(Default)]
struct Tally {
    strict: Prf,
    relaxed: Prf,
    type_ok: usize,
    value_ok: usize,
    matched: usize,
}

pub fn run(dir: PathBuf, errors: usize, show: Option<&str>) -> Result<()> {
    if !dir.exists() {
        println!("skipped: {} not found (shared evaluation data is absent)", dir.display());
        return Ok(());
    }
    let docs = load(&dir)?;
    if docs.is_empty() {
        println!("skipped: no .tml or .txt files under {}", dir.display());
        return Ok(());
    }
    let pipeline = Pipeline::new();
    let mut total = Tally::default();
    let mut per_doc = Vec::new();
    let mut examples: Vec<(String, String)> = Vec::new();
    for d in &docs {
        let mut article = Article::new(d.name.clone(), d.text.clone());
        article.published = d.published;
        article.published_source = if d.published.is_some() { PublishedSource::Given } else { PublishedSource::None };
        let doc = pipeline.run(article);
        let pred: Vec<Expr> = doc
            .times
            .unwrap_or_default()
            .into_iter()
            .map(|t| Expr { start: t.start, end: t.end, kind: type_name(t.kind).into(), value: t.value })
            .collect();
        if show.is_some_and(|s| d.name.contains(s)) {
            print_doc(d, &pred);
        }
        let t = score(&d.gold, &pred, &d.text, &d.name, &mut examples);
        per_doc.push((d.name.clone(), t.relaxed.f1() * ratio(t.value_ok, t.matched), t.relaxed, d.gold.len()));
        total.strict.add(t.strict);
        total.relaxed.add(t.relaxed);
        total.type_ok += t.type_ok;
        total.value_ok += t.value_ok;
        total.matched += t.matched;
    }
    let value_acc = ratio(total.value_ok, total.matched);
    println!(
        "time expressions: {} documents, {} gold expressions, from {}",
        docs.len(),
        total.relaxed.tp + total.relaxed.fn_,
        dir.display()
    );
    println!("  strict span   {}", total.strict.line());
    println!("  relaxed span  {}", total.relaxed.line());
    println!("  type accuracy   {:.3}  (over {} relaxed matches)", ratio(total.type_ok, total.matched), total.matched);
    println!("  value accuracy  {value_acc:.3}");
    println!("  value F1        {:.3}  (relaxed F1 x value accuracy)", total.relaxed.f1() * value_acc);
    per_doc.sort_by(|a, b| a.1.total_cmp(&b.1));
    println!("  worst documents (value F1, relaxed span, gold count):");
    for (name, vf1, prf, n) in per_doc.iter().filter(|d| d.3 > 0).take(8) {
        println!("    {vf1:.3}  {name}  {}  gold {n}", prf.line());
    }
    if errors > 0 {
        for kind in ["missed", "spurious", "value", "type"] {
            println!("  examples: {kind}");
            for (_, line) in examples.iter().filter(|(k, _)| k == kind).take(errors) {
                println!("    {line}");
            }
        }
    }
    Ok(())
}

/// Gold and predicted expressions of one document, in text order, for `--doc`.
fn print_doc(d: &Doc, pred: &[Expr]) {
    let published = d.published.map(|p| p.to_string()).unwrap_or_else(|| "none".into());
    println!("== {} (published {published})", d.name);
    let mut rows: Vec<(usize, String)> = Vec::new();
    let line = |e: &Expr| {
        let lo = sitrep_text::floor_char_boundary(&d.text, e.start.saturating_sub(50));
        let hi = sitrep_text::ceil_char_boundary(&d.text, (e.end + 30).min(d.text.len()));
        let ctx =
            format!("{}[{}]{}", &d.text[lo..e.start], &d.text[e.start..e.end], &d.text[e.end..hi]).replace('\n', " ");
        format!("{} {} | {ctx}", e.kind, e.value)
    };
    for g in &d.gold {
        let same = pred.iter().find(|p| p.start == g.start && p.end == g.end && p.value == g.value && p.kind == g.kind);
        rows.push((g.start, format!("{} gold {}", if same.is_some() { "  " } else { "- " }, line(g))));
    }
    for p in pred {
        if !d.gold.iter().any(|g| p.start == g.start && p.end == g.end && p.value == g.value && p.kind == g.kind) {
            rows.push((p.start, format!("+  ours {}", line(p))));
        }
    }
    rows.sort_by_key(|r| r.0);
    for (_, r) in rows {
        println!("  {r}");
    }
}

fn type_name(t: TimexType) -> &'static str {
    match t {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}

fn score(gold: &[Expr], pred: &[Expr], text: &str, name: &str, examples: &mut Vec<(String, String)>) -> Tally {
    let mut t = Tally::default();
    let overlaps = |g: &Expr, p: &Expr| g.start < p.end && p.start < g.end;
    let context = |e: &Expr| {
        let lo = sitrep_text::floor_char_boundary(text, e.start.saturating_sub(40));
        let hi = sitrep_text::ceil_char_boundary(text, (e.end + 40).min(text.len()));
        format!("{}[{}]{}", &text[lo..e.start], &text[e.start..e.end], &text[e.end..hi]).replace('\n', " ")
    };
    let mut used = vec![false; pred.len()];
    for g in gold {
        if pred.iter().any(|p| p.start == g.start && p.end == g.end) {
            t.strict.tp += 1;
        } else {
            t.strict.fn_ += 1;
        }
        match pred.iter().enumerate().find(|(i, p)| !used[*i] && overlaps(g, p)) {
            Some((i, p)) => {
                used[i] = true;
                t.relaxed.tp += 1;
                t.matched += 1;
                if p.kind == g.kind {
                    t.type_ok += 1;
                } else {
                    examples.push(("type".into(), format!("{name}: {} {} -> {}", context(g), g.kind, p.kind)));
                }
                if p.value == g.value {
                    t.value_ok += 1;
                } else {
                    examples.push(("value".into(), format!("{name}: {} gold {} got {}", context(g), g.value, p.value)));
                }
            }
            None => {
                t.relaxed.fn_ += 1;
                examples.push(("missed".into(), format!("{name}: {} {} {}", context(g), g.kind, g.value)));
            }
        }
    }
    for (i, p) in pred.iter().enumerate() {
        if !used[i] {
            t.relaxed.fp += 1;
            examples.push(("spurious".into(), format!("{name}: {} {} {}", context(p), p.kind, p.value)));
        }
        if !gold.iter().any(|g| g.start == p.start && g.end == p.end) {
            t.strict.fp += 1;
        }
    }
    t
}

fn load(dir: &Path) -> Result<Vec<Doc>> {
    let mut docs = Vec::new();
    let paths = if dir.is_file() { vec![dir.to_path_buf()] } else { crate::files_with(dir, &[".tml", ".txt"]) };
    for path in paths {
        let src = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let name = match path.strip_prefix(dir) {
            Ok(p) if !p.as_os_str().is_empty() => p.display().to_string(),
            _ => path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned()),
        };
        if path.extension().is_some_and(|e| e == "tml") {
            docs.push(read_timeml(&name, &src).with_context(|| format!("{}: not readable TimeML", path.display()))?);
        } else {
            docs.extend(read_annotated(&name, &src));
        }
    }
    Ok(docs)
}

/// TimeML: the DCT's value, and the TEXT element with its tags removed and TIMEX3 spans kept.
fn read_timeml(name: &str, src: &str) -> Result<Doc> {
    let dct = src
        .find("functionInDocument=\"CREATION_TIME\"")
        .and_then(|i| attr_before(src, i, "value"))
        .and_then(|v| Published::parse(&v).ok());
    let start = src.find("<TEXT>").context("no <TEXT>")? + "<TEXT>".len();
    let end = src.find("</TEXT>").context("no </TEXT>")?;
    let body = &src[start..end];
    let mut text = String::new();
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        if rest.starts_with('<') {
            let close = rest.find('>').context("unclosed tag")?;
            let tag = &rest[1..close];
            if tag.starts_with("TIMEX3") {
                open =
                    Some((text.len(), attr(tag, "type").unwrap_or_default(), attr(tag, "value").unwrap_or_default()));
            } else if tag == "/TIMEX3"
                && let Some((s, kind, value)) = open.take()
            {
                gold.push(Expr { start: s, end: text.len(), kind, value });
            }
            i += close + 1;
        } else if rest.starts_with('&') {
            let semi = rest.find(';').unwrap_or(0);
            let (ch, len) = match &rest[..=semi] {
                "&amp;" => ("&", 5),
                "&lt;" => ("<", 4),
                "&gt;" => (">", 4),
                "&quot;" => ("\"", 6),
                "&apos;" => ("'", 6),
                _ => ("&", 1),
            };
            text.push_str(ch);
            i += len;
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            text.push(c);
            i += c.len_utf8();
        }
    }
    Ok(Doc { name: name.to_string(), text, published: dct, gold })
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')?;
    Some(tag[at..at + end].to_string())
}

/// The `name` attribute of the tag that contains position `i`.
fn attr_before(src: &str, i: usize, name: &str) -> Option<String> {
    let open = src[..i].rfind('<')?;
    let close = open + src[open..].find('>')?;
    attr(&src[open + 1..close], name)
}

/// Our golden format: cases split by `---`, `@published` lines, `[TIME text=value attrs]`;
/// other `@` lines are notes for the golden test.
fn read_annotated(name: &str, src: &str) -> Vec<Doc> {
    src.split("\n---\n")
        .enumerate()
        .filter_map(|(n, chunk)| {
            let mut published = None;
            let mut body = String::new();
            for line in chunk.lines() {
                match line.strip_prefix("@published ") {
                    Some(p) => published = Published::parse(p).ok(),
                    // other @ lines (@found, @todo) are notes for the golden test
                    None if line.starts_with('@') => {}
                    None => {
                        body.push_str(line);
                        body.push('\n');
                    }
                }
            }
            let body = body.trim();
            let mut text = String::new();
            let mut gold = Vec::new();
            let mut rest = body;
            while let Some(i) = rest.find("[TIME ") {
                text.push_str(&rest[..i]);
                let after = &rest[i + 6..];
                let close = after.find(']')?;
                let inner = &after[..close];
                let (span_text, spec) = inner.split_once('=')?;
                let mut parts = spec.split(' ');
                let value = parts.next()?.to_string();
                let kind = parts.find_map(|a| a.strip_prefix("type=")).unwrap_or("DATE").to_string();
                gold.push(Expr { start: text.len(), end: text.len() + span_text.len(), kind, value });
                text.push_str(span_text);
                rest = &after[close + 1..];
            }
            text.push_str(rest);
            (!text.trim().is_empty()).then(|| Doc { name: format!("{name}#{}", n + 1), text, published, gold })
        })
        .collect()
}
