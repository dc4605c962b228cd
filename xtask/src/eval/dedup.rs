//! `cargo xtask eval dedup`: duplicate detection (`sitrep_story::dedup`) scored on pairs.
//!
//! Gold, built at run time from shared data (nothing is copied into the repository):
//! - **Reuters-21578** (`raw-news/reuters21578-sgml.tar.xz`): the wire re-sent and corrected
//!   stories under the same title. Stories with the same normalised title dated at most two
//!   days apart are candidate pairs; a pair is a real duplicate when an exact check agrees —
//!   the longest common word subsequence covers at least 80% of the shorter body and the
//!   figures of the body quoting fewer are (80% or more) quoted by the other — and a real
//!   non-duplicate when it covers less than half (recurring reports under one title: other
//!   day, other figures). Pairs in between are left out and counted.
//! - **Synthetic wire copies** of every 40th story with at least 120 words, made
//!   deterministically: the same text under another outlet's dateline and footer, trimmed to
//!   its first 60%, with a changed headline, with an added paragraph.
//!
//! Every text goes through one LSH index in a fixed order, as `sitrep ingest` would see
//! them; each text's duplicate decisions against earlier texts are the predicted pairs.
//! Precision judges every predicted pair (a synthetic pair is a duplicate by construction;
//! any other pair by the exact check above), recall counts the gold pairs found.
//!
//! **MSRP** (`msrp/`) only checks the other side: sentence pairs that are paraphrases of
//! each other are not copies, and the share called duplicates is reported as a false-positive
//! rate.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use sitrep_story::dedup::{Fingerprint, LshIndex, Similarity};

use crate::score::{Prf, ratio};

/// A Reuters-21578 story (also read by `cargo xtask bench`).
pub(crate) struct Story {
    pub(crate) id: String,
    pub(crate) day: Option<jiff::civil::Date>,
    pub(crate) title: String,
    pub(crate) body: String,
}

/// A text in the evaluation pool and where it came from.
struct Text {
    name: String,
    text: String,
    /// For a synthetic copy: the pool index of its original.
    copy_of: Option<usize>,
}

pub fn run(shared: &Path, errors: usize) -> Result<()> {
    let archive = shared.join("data/raw-news/reuters21578-sgml.tar.xz");
    let msrp = shared.join("data/msrp");
    if !archive.exists() {
        println!("skipped: {} not found (shared evaluation data is absent)", archive.display());
    } else {
        reuters(&archive, errors)?;
    }
    if !msrp.exists() {
        println!("skipped: {} not found", msrp.display());
    } else {
        paraphrases(&msrp)?;
    }
    Ok(())
}

fn reuters(archive: &Path, errors: usize) -> Result<()> {
    let started = Instant::now();
    let stories = load_reuters(archive)?;
    // The pool: every story with a body (headline as its first line, as a page shows it),
    // then the synthetic copies.
    let mut pool: Vec<Text> = stories
        .iter()
        .map(|s| Text { name: format!("reuters {}", s.id), text: format!("{}\n\n{}", s.title, s.body), copy_of: None })
        .collect();
    let originals: Vec<usize> = (0..stories.len()).filter(|&i| words(&stories[i].body) >= 120).step_by(40).collect();
    for (k, &i) in originals.iter().enumerate() {
        for (kind, text) in copies(&stories[i], k) {
            pool.push(Text { name: format!("{kind} of reuters {}", stories[i].id), text, copy_of: Some(i) });
        }
    }

    // Gold pairs among the real stories: same title, close dates, checked exactly.
    let mut by_title: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in stories.iter().enumerate() {
        let t = s.title.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
        if t.len() >= 12 {
            by_title.entry(t).or_default().push(i);
        }
    }
    let mut gold: BTreeSet<(usize, usize)> = BTreeSet::new();
    let (mut real_pairs, mut negatives, mut ambiguous) = (0usize, 0usize, 0usize);
    for group in by_title.values().filter(|g| g.len() > 1 && g.len() <= 12) {
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                let close = match (stories[a].day, stories[b].day) {
                    (Some(da), Some(db)) => (da - db).get_days().abs() <= 2,
                    _ => false,
                };
                if !close {
                    continue;
                }
                match verdict(&stories[a].body, &stories[b].body) {
                    Verdict::Duplicate => {
                        gold.insert((a, b));
                        real_pairs += 1;
                    }
                    Verdict::Different => negatives += 1,
                    Verdict::Unsure => ambiguous += 1,
                }
            }
        }
    }
    for (j, t) in pool.iter().enumerate() {
        if let Some(i) = t.copy_of {
            gold.insert((i, j));
        }
    }

    // Predicted pairs: each text against the earlier ones.
    let mut index = LshIndex::new();
    let mut predicted: BTreeSet<(usize, usize)> = BTreeSet::new();
    for t in &pool {
        let fp = Fingerprint::of(&t.text);
        let j = index.len();
        for i in index.candidates(&fp) {
            let other = index.get(i).expect("candidate in index");
            if other.content_hash == fp.content_hash || Similarity::between(other, &fp).is_near_duplicate() {
                predicted.insert((i, j));
            }
        }
        index.insert(fp);
    }

    let mut prf = Prf::default();
    let mut fps = Vec::new();
    for &(i, j) in &predicted {
        let ok = gold.contains(&(i, j)) || {
            let (a, b) = (&pool[i], &pool[j]);
            let synthetic_sibling =
                a.copy_of.is_some() && a.copy_of == b.copy_of || b.copy_of == Some(i) || a.copy_of == Some(j);
            synthetic_sibling || verdict(body_of(&a.text), body_of(&b.text)) == Verdict::Duplicate
        };
        if ok {
            prf.tp += 1;
        } else {
            prf.fp += 1;
            fps.push((i, j));
        }
    }
    let mut missed = Vec::new();
    for &(i, j) in &gold {
        if !predicted.contains(&(i, j)) {
            prf.fn_ += 1;
            missed.push((i, j));
        }
    }
    let by_kind = |kind: &str| -> (usize, usize) {
        let pairs: Vec<_> = gold.iter().filter(|(_, j)| pool[*j].name.starts_with(kind)).collect();
        (pairs.iter().filter(|p| predicted.contains(p)).count(), pairs.len())
    };
    println!(
        "duplicates: {} Reuters-21578 stories and {} synthetic copies of {} of them ({:.1} s)",
        stories.len(),
        pool.len() - stories.len(),
        originals.len(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "  real pairs: {real_pairs} re-sent or corrected stories (same title, <= 2 days, verified); {negatives} same-title non-duplicates; {ambiguous} left out as unsure"
    );
    println!("  duplicate pairs  {}", prf.line());
    let real: Vec<_> = gold.iter().filter(|(_, j)| *j < stories.len()).collect();
    println!(
        "  recall by kind: re-sent {}/{}, {}",
        real.iter().filter(|p| predicted.contains(p)).count(),
        real.len(),
        ["template", "trimmed", "headline", "added"]
            .iter()
            .map(|k| {
                let (f, n) = by_kind(k);
                format!("{k} {f}/{n}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (label, pairs) in [("false positive", &fps), ("missed", &missed)] {
        for &(i, j) in pairs.iter().take(errors) {
            let s = Similarity::between(index.get(i).expect("indexed"), index.get(j).expect("indexed"));
            println!(
                "  {label}: {} ~ {} (resemblance {:.2}, containment {:.2})\n      {}\n      {}",
                pool[i].name,
                pool[j].name,
                s.resemblance,
                s.containment,
                snippet(&pool[i].text),
                snippet(&pool[j].text)
            );
        }
    }
    Ok(())
}

fn snippet(t: &str) -> String {
    t.replace('\n', " ").chars().take(110).collect()
}

/// The body of a pool text: what follows the headline line.
fn body_of(t: &str) -> &str {
    t.split_once("\n\n").map_or(t, |(_, b)| b)
}

fn words(t: &str) -> usize {
    t.split_whitespace().count()
}

#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Duplicate,
    Different,
    Unsure,
}

/// The exact check: word-level longest common subsequence over the shorter body, and the
/// share of the figures of the body quoting fewer that the other quotes too (an update may
/// add figures; a different report changes them).
fn verdict(a: &str, b: &str) -> Verdict {
    let wa: Vec<String> = sitrep_story::dedup::words(a).into_iter().take(600).collect();
    let wb: Vec<String> = sitrep_story::dedup::words(b).into_iter().take(600).collect();
    if wa.is_empty() || wb.is_empty() {
        return Verdict::Unsure;
    }
    let cover = lcs(&wa, &wb) as f64 / wa.len().min(wb.len()) as f64;
    let (na, nb): (BTreeSet<&str>, BTreeSet<&str>) =
        (sitrep_story::dedup::figures(a).into_iter().collect(), sitrep_story::dedup::figures(b).into_iter().collect());
    let (small, large) = if na.len() <= nb.len() { (&na, &nb) } else { (&nb, &na) };
    let num_j = if small.is_empty() { 1.0 } else { small.intersection(large).count() as f64 / small.len() as f64 };
    if cover >= 0.8 && num_j >= 0.8 {
        Verdict::Duplicate
    } else if cover < 0.5 || num_j < 0.5 {
        Verdict::Different
    } else {
        Verdict::Unsure
    }
}

fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

const OUTLETS: &[(&str, &str)] = &[
    ("Harbour Courier", "Reporting by staff; editing by the desk. Copyright Harbour Courier."),
    ("Gulf Dispatch", "Follow Gulf Dispatch for more. All rights reserved."),
    ("Meridian Wire", "(Additional reporting by bureau staff; Editing by the night desk)"),
];

/// The four synthetic copies of a story, made deterministically from its index `k`.
fn copies(s: &Story, k: usize) -> Vec<(&'static str, String)> {
    let (outlet, footer) = OUTLETS[k % OUTLETS.len()];
    let body = s.body.trim();
    let sentences: Vec<&str> = body.split_inclusive(". ").collect();
    let keep = (sentences.len() * 3).div_ceil(5).max(1);
    let trimmed: String = sentences[..keep].concat();
    let added = [
        "Analysts said the figures were in line with expectations and markets showed little reaction.",
        "Officials declined to comment further on the matter when contacted on Tuesday.",
        "The company is expected to release further details later this month, a spokesman said.",
    ][k % 3];
    vec![
        ("template", format!("{}\n\nNEW YORK ({outlet}) - {body}\n\n{footer}", s.title)),
        ("trimmed", format!("{}\n\n{}", s.title, trimmed.trim())),
        ("headline", format!("UPDATE 1-{} AFTER REVIEW\n\n{body}", s.title.to_lowercase())),
        ("added", format!("{}\n\n{body}\n\n{added}", s.title)),
    ]
}

/// Reuters-21578 SGML from the archive: stories with a title and a body of 20+ words.
pub(crate) fn load_reuters(archive: &Path) -> Result<Vec<Story>> {
    let file = std::fs::File::open(archive).with_context(|| format!("cannot open {}", archive.display()))?;
    let mut xz = Vec::new();
    lzma_rs::xz_decompress(&mut std::io::BufReader::new(file), &mut xz)
        .map_err(|e| anyhow::anyhow!("{}: not a readable xz archive: {e:?}", archive.display()))?;
    let mut tar = tar::Archive::new(&xz[..]);
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in tar.entries().with_context(|| format!("{}: not a tar archive", archive.display()))? {
        let mut entry = entry?;
        let name = entry.path()?.display().to_string();
        if !name.ends_with(".sgm") {
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        files.push((name, String::from_utf8_lossy(&bytes).into_owned()));
    }
    files.sort();
    let mut stories = Vec::new();
    for (_, sgml) in &files {
        for rec in sgml.split("<REUTERS").skip(1) {
            let id = rec.split("NEWID=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("?").to_string();
            let title = unescape(between(rec, "<TITLE>", "</TITLE>").unwrap_or(""));
            let body = unescape(between(rec, "<BODY>", "</BODY>").unwrap_or(""));
            let body = body.trim_end().trim_end_matches("Reuter").trim_end_matches("REUTER").trim().to_string();
            if title.trim().is_empty() || words(&body) < 20 {
                continue;
            }
            let day = between(rec, "<DATE>", "</DATE>").and_then(parse_day);
            stories.push(Story { id, day, title: title.trim().to_string(), body });
        }
    }
    stories.sort_by_key(|s| s.id.parse::<u64>().unwrap_or(u64::MAX));
    Ok(stories)
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = s.find(open)? + open.len();
    let end = start + s[start..].find(close)?;
    Some(&s[start..end])
}

fn unescape(s: &str) -> String {
    s.replace("&#3;", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// `26-FEB-1987 15:01:01.79` -> 1987-02-26.
fn parse_day(s: &str) -> Option<jiff::civil::Date> {
    let mut parts = s.trim().split(['-', ' ']);
    let d: i8 = parts.next()?.trim().parse().ok()?;
    let m = match parts.next()?.to_ascii_uppercase().as_str() {
        "JAN" => 1,
        "FEB" => 2,
        "MAR" => 3,
        "APR" => 4,
        "MAY" => 5,
        "JUN" => 6,
        "JUL" => 7,
        "AUG" => 8,
        "SEP" => 9,
        "OCT" => 10,
        "NOV" => 11,
        "DEC" => 12,
        _ => return None,
    };
    let y: i16 = parts.next()?.parse().ok()?;
    jiff::civil::Date::new(y, m, d).ok()
}

/// MSRP sentence pairs: how many are called duplicates, paraphrases and non-paraphrases apart.
fn paraphrases(dir: &Path) -> Result<()> {
    let (mut para, mut para_dup, mut other, mut other_dup) = (0usize, 0usize, 0usize, 0usize);
    for name in ["msr_paraphrase_train.txt", "msr_paraphrase_test.txt"] {
        let path = dir.join(name);
        let Ok(src) = std::fs::read_to_string(&path) else { continue };
        for line in src.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 5 {
                continue;
            }
            let (a, b) = (Fingerprint::of(cols[3]), Fingerprint::of(cols[4]));
            let dup = a.content_hash == b.content_hash || Similarity::between(&a, &b).is_near_duplicate();
            if cols[0].trim_start_matches('\u{feff}') == "1" {
                para += 1;
                para_dup += dup as usize;
            } else {
                other += 1;
                other_dup += dup as usize;
            }
        }
    }
    println!("paraphrases (MSRP): sentence pairs called duplicates, which they are not");
    println!("  paraphrase pairs      {para_dup} of {para}  (false-positive rate {:.4})", ratio(para_dup, para));
    println!("  non-paraphrase pairs  {other_dup} of {other}  (false-positive rate {:.4})", ratio(other_dup, other));
    Ok(())
}
