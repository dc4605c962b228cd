//! `cargo xtask eval places`: the places stage scored three ways.
//!
//! 1. **re3d** (`../shared/data/re3d`, Location entities). The gold is, for each annotated
//!    span, its most confident label when that is Location with confidence >= 0.5 (re3d's
//!    confidences are the posterior of its crowd model: lower ones are readings it rejected,
//!    such as "UK" as a Location in "the UK stands by Iraq"). A span inside another gold span
//!    ("Mosul" in "the city of Mosul") is an alternative of it: one place, matched by either.
//!    Printed for all gold Locations and for named ones (with a capital letter once a leading
//!    article is set aside; "the city", "a hospital" are nominal and outside this layer), exact
//!    span, exact but for a leading "the" (both keep it before a place's noun phrase, "the
//!    Middle East"; this line shows what the article convention alone costs), and
//!    overlap P/R/F1. Resolution accuracy is measured where the gold can be resolved
//!    by name: the gold's name (articles, directions and feature words set aside) denotes
//!    gazetteer entries that all lie within 0.5° of one another; the prediction is right when
//!    its coordinates are within 0.5° of them. Names denoting places far apart are reported
//!    apart: how often our choice lies in the document's main country (the country of most of
//!    its unambiguous gold places).
//! 2. **PLOVER** dev (`eventLoc` of the 22 records that have one): whether our places layer
//!    holds the gold location; with the gold trigger (`eventText`) handed to
//!    `event_location`, whether it picks it; and, once the events stage fills `events`, the
//!    events' own locations.
//! 3. **Metonymy** (`xtask/gold/metonymy.txt`, our own cases): capitals and countries
//!    annotated as governments or places; accuracy of the actor stage's capital decision and
//!    the places stage's country rule.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;
use sitrep_extract::Pipeline;
use sitrep_extract::places::{Gazetteer, event_location, key};
use sitrep_model::{Article, Document, Published, PublishedSource};
use sitrep_text::Span;

use crate::score::{Prf, ratio};

pub fn run(shared: &Path, metonymy: &Path, errors: usize) -> Result<()> {
    let pipeline = Pipeline::new();
    let t = std::time::Instant::now();
    let g = Gazetteer::get();
    println!("gazetteer: {} entries, {} names, loaded in {} ms", g.entries.len(), g.names(), t.elapsed().as_millis());
    re3d(&pipeline, &shared.join("data/re3d"), errors)?;
    plover(&pipeline, &shared.join("data/plover/PLOVER_GSR_dev.json"), errors)?;
    metonymy_gold(&pipeline, metonymy, errors)?;
    let heldout = metonymy.with_file_name("metonymy_heldout.txt");
    if heldout.exists() {
        metonymy_gold(&pipeline, &heldout, errors)?;
    }
    Ok(())
}

fn analyse(pipeline: &Pipeline, id: &str, text: &str, published: Option<&str>) -> Document {
    let mut article = Article::new(id, text);
    article.published = published.and_then(|p| Published::parse(p).ok());
    article.published_source = if article.published.is_some() { PublishedSource::Given } else { PublishedSource::None };
    pipeline.run(article)
}

/// Byte offset of char offset `c` in `s`.
fn byte_at(s: &str, c: usize) -> usize {
    s.char_indices().nth(c).map_or(s.len(), |(b, _)| b)
}

fn json_lines(path: &Path) -> Result<Vec<Value>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, l)| serde_json::from_str(l).with_context(|| format!("{}:{}: not JSON", path.display(), n + 1)))
        .collect()
}

struct GoldLoc {
    span: Span,
    value: String,
    /// Index of the gold place this span is an alternative of (the outermost span).
    group: usize,
}

#[derive(Default)]
struct Re3dTally {
    exact: Prf,
    overlap: Prf,
    named_exact: Prf,
    named_overlap: Prf,
    article: Prf,
    named_article: Prf,
    resolvable: usize,
    resolved_ok: usize,
    ambiguous: usize,
}

fn re3d(pipeline: &Pipeline, dir: &Path, errors: usize) -> Result<()> {
    if !dir.exists() {
        println!("re3d: skipped, {} not found (shared evaluation data is absent)", dir.display());
        return Ok(());
    }
    let g = Gazetteer::get();
    let mut folders: Vec<PathBuf> =
        std::fs::read_dir(dir)?.flatten().map(|e| e.path()).filter(|p| p.join("documents.json").is_file()).collect();
    folders.sort();
    let mut tally = Re3dTally::default();
    let mut examples: Vec<(&'static str, String)> = Vec::new();
    let mut ndocs = 0;
    for folder in &folders {
        let docs = json_lines(&folder.join("documents.json"))?;
        let ents = json_lines(&folder.join("entities.json"))?;
        // The most confident label of each span.
        let mut best: HashMap<(String, u64, u64), (f64, String, String)> = HashMap::new();
        for e in &ents {
            let (Some(doc), Some(b), Some(en)) = (e["documentId"].as_str(), e["begin"].as_u64(), e["end"].as_u64())
            else {
                continue;
            };
            let conf = e["confidence"].as_f64().unwrap_or(0.0);
            let ty = e["type"].as_str().unwrap_or("").to_string();
            let value = e["value"].as_str().unwrap_or("").to_string();
            let k = (doc.to_string(), b, en);
            if best.get(&k).is_none_or(|x| conf > x.0) {
                best.insert(k, (conf, ty, value));
            }
        }
        for d in &docs {
            let (Some(id), Some(text)) = (d["_id"].as_str(), d["text"].as_str()) else { continue };
            ndocs += 1;
            let mut gold: Vec<GoldLoc> = best
                .iter()
                .filter(|((doc, _, _), (conf, ty, _))| doc == id && ty == "Location" && *conf >= 0.5)
                .map(|((_, b, e), (_, _, v))| GoldLoc {
                    span: Span::new(byte_at(text, *b as usize), byte_at(text, *e as usize)),
                    value: v.clone(),
                    group: 0,
                })
                .collect();
            gold.sort_by_key(|x| (x.span.start, std::cmp::Reverse(x.span.end)));
            for i in 0..gold.len() {
                gold[i].group = (0..i).find(|&j| gold[j].span.contains(gold[i].span)).map_or(i, |j| gold[j].group);
            }
            let doc = analyse(pipeline, id, text, None);
            let pred = doc.places.clone().unwrap_or_default();
            score_re3d(g, text, &gold, &pred, &mut tally, &mut examples);
        }
    }
    println!("re3d Locations: {} documents from {}", ndocs, dir.display());
    println!("  all gold Locations    exact   {}", tally.exact.line());
    println!("                        overlap {}", tally.overlap.line());
    println!("  named gold Locations  exact   {}", tally.named_exact.line());
    println!("                        overlap {}", tally.named_overlap.line());
    println!("  exact but for a leading article (\"the Middle East\" = \"Middle East\"):");
    println!("    all                 {}", tally.article.line());
    println!("    named               {}", tally.named_article.line());
    println!(
        "  resolution accuracy   {:.3}  ({} of {} matched gold places whose name denotes one place)",
        ratio(tally.resolved_ok, tally.resolvable),
        tally.resolved_ok,
        tally.resolvable
    );
    println!(
        "  ambiguous names       {} matched gold places whose name denotes places far apart (not scored; \
         --errors lists those outside the document's main country for review)",
        tally.ambiguous
    );
    if errors > 0 {
        // Named gold places only: missed (nothing overlaps), boundary (a prediction overlaps
        // but its span differs), spurious (overlapping no named gold place).
        for kind in ["missed", "boundary", "spurious", "resolution", "ambiguous"] {
            println!("  examples: {kind}");
            for (_, line) in examples.iter().filter(|(k, _)| *k == kind).take(errors) {
                println!("    {line}");
            }
        }
    }
    Ok(())
}

/// Gold spans containing a capital letter once a leading article is set aside.
fn named(value: &str) -> bool {
    let v = value.trim();
    let v = ["the ", "The ", "a ", "A ", "an ", "An "].iter().find_map(|a| v.strip_prefix(a)).unwrap_or(v);
    v.chars().any(char::is_uppercase)
}

fn context(text: &str, span: Span) -> String {
    let lo = sitrep_text::floor_char_boundary(text, span.start.saturating_sub(40));
    let hi = sitrep_text::ceil_char_boundary(text, (span.end + 40).min(text.len()));
    format!("{}[{}]{}", &text[lo..span.start], &text[span.start..span.end], &text[span.end..hi]).replace('\n', " ")
}

fn score_re3d(
    g: &Gazetteer,
    text: &str,
    gold: &[GoldLoc],
    pred: &[sitrep_model::Place],
    t: &mut Re3dTally,
    examples: &mut Vec<(&'static str, String)>,
) {
    let groups: Vec<usize> = {
        let mut v: Vec<usize> = gold.iter().map(|x| x.group).collect();
        v.sort();
        v.dedup();
        v
    };
    // The document's main country: the most frequent country among unambiguous gold names.
    let mut countries: BTreeMap<String, usize> = BTreeMap::new();
    for x in gold {
        if let Some((_, c, _)) = referent(g, &x.value) {
            *countries.entry(c).or_default() += 1;
        }
    }
    let main_country = countries.iter().max_by_key(|(_, n)| **n).map(|(c, _)| c.clone());
    for (named_only, exact, overlap) in [(false, 0, 0), (true, 1, 1)] {
        let _ = (exact, overlap);
        let gs: Vec<usize> = groups
            .iter()
            .copied()
            .filter(|&gr| !named_only || gold.iter().any(|x| x.group == gr && named(&x.value)))
            .collect();
        let members = |gr: usize| gold.iter().filter(move |x| x.group == gr);
        let mut ex = Prf::default();
        let mut ov = Prf::default();
        let mut ar = Prf::default();
        let same_but_article = |x: Span, p: Span| {
            let strip = |sp: Span| {
                let t = &text[sp.start..sp.end];
                let n = ["the ", "The "].iter().find(|a| t.starts_with(**a)).map_or(0, |a| a.len());
                Span::new(sp.start + n, sp.end)
            };
            strip(x) == strip(p)
        };
        for &gr in &gs {
            let hit_exact = pred.iter().find(|p| members(gr).any(|x| x.span == Span::new(p.start, p.end)));
            let hit_overlap = pred.iter().any(|p| members(gr).any(|x| x.span.start < p.end && p.start < x.span.end));
            if hit_exact.is_some() {
                ex.tp += 1;
            } else {
                ex.fn_ += 1;
                // Examples from the named pass (the headline figure): a boundary error where a
                // prediction overlaps the gold place, else a miss.
                if named_only {
                    let x = members(gr).next().unwrap();
                    let near = pred.iter().find(|p| members(gr).any(|x| x.span.start < p.end && p.start < x.span.end));
                    match near {
                        Some(p) => examples.push((
                            "boundary",
                            format!("{}  predicted [{}] ({})", context(text, x.span), p.text, p.evidence.rule),
                        )),
                        None => examples.push(("missed", context(text, x.span))),
                    }
                }
            }
            if hit_overlap {
                ov.tp += 1;
            } else {
                ov.fn_ += 1;
            }
            if pred.iter().any(|p| members(gr).any(|x| same_but_article(x.span, Span::new(p.start, p.end)))) {
                ar.tp += 1;
            } else {
                ar.fn_ += 1;
            }
            // Resolution, once per gold place, on the all-gold pass.
            if let (false, Some(p)) = (named_only, hit_exact) {
                let x = members(gr).find(|x| x.span == Span::new(p.start, p.end)).unwrap();
                match referent(g, &x.value) {
                    Some((lat, _, lon)) => {
                        t.resolvable += 1;
                        let ok =
                            p.lat.zip(p.lon).is_some_and(|(a, o)| (a - lat).abs() <= 0.5 && (o - lon).abs() <= 0.5);
                        if ok {
                            t.resolved_ok += 1;
                        } else {
                            examples.push((
                                "resolution",
                                format!(
                                    "{}  -> {} {:?} ({:?},{:?}), gold near ({lat:.2},{lon:.2})",
                                    context(text, x.span),
                                    p.name,
                                    p.country,
                                    p.lat,
                                    p.lon
                                ),
                            ));
                        }
                    }
                    None if !g.lookup(&core_key(&x.value)).is_empty() => {
                        t.ambiguous += 1;
                        if p.country.is_none() || p.country != main_country {
                            examples.push((
                                "ambiguous",
                                format!(
                                    "{}  -> {} {:?}, document's main country {:?}",
                                    context(text, x.span),
                                    p.name,
                                    p.country,
                                    main_country
                                ),
                            ));
                        }
                    }
                    None => {}
                }
            }
        }
        for p in pred {
            let sp = Span::new(p.start, p.end);
            let in_scope = |x: &GoldLoc| !named_only || gold.iter().any(|y| y.group == x.group && named(&y.value));
            if !gold.iter().any(|x| x.span == sp && in_scope(x)) {
                ex.fp += 1;
                let overlapping = gold.iter().any(|x| x.span.start < p.end && p.start < x.span.end && in_scope(x));
                if named_only && !overlapping {
                    examples.push(("spurious", format!("{}  ({})", context(text, sp), p.evidence.rule)));
                }
            }
            if !gold.iter().any(|x| x.span.start < p.end && p.start < x.span.end && in_scope(x)) {
                ov.fp += 1;
            }
            if !gold.iter().any(|x| same_but_article(x.span, sp) && in_scope(x)) {
                ar.fp += 1;
            }
        }
        if named_only {
            t.named_exact.add(ex);
            t.named_overlap.add(ov);
            t.named_article.add(ar);
        } else {
            t.exact.add(ex);
            t.overlap.add(ov);
            t.article.add(ar);
        }
    }
}

/// The key of a gold name with articles, directions and feature words set aside.
fn core_key(value: &str) -> String {
    const DROP: &[&str] = &[
        "the",
        "northern",
        "southern",
        "eastern",
        "western",
        "north",
        "south",
        "east",
        "west",
        "central",
        "city",
        "of",
        "town",
        "village",
        "province",
        "governorate",
        "district",
        "region",
        "area",
    ];
    let k = key(value);
    let words: Vec<&str> = k.split(' ').filter(|w| !DROP.contains(w)).collect();
    words.join(" ")
}

/// The single place a gold name denotes: (lat, country, lon) when every gazetteer entry of
/// that name lies within 0.5° of the first.
fn referent(g: &Gazetteer, value: &str) -> Option<(f64, String, f64)> {
    let names = g.lookup(&core_key(value));
    let first = g.entry(names.first()?.entry);
    let (lat, lon) = (first.lat?, first.lon?);
    let close = names.iter().all(|n| {
        let e = g.entry(n.entry);
        e.lat.zip(e.lon).is_some_and(|(a, o)| (a - lat).abs() <= 0.5 && (o - lon).abs() <= 0.5)
    });
    close.then(|| (lat, first.country.clone().unwrap_or_default(), lon))
}

fn plover(pipeline: &Pipeline, path: &Path, errors: usize) -> Result<()> {
    if !path.exists() {
        println!("PLOVER: skipped, {} not found (shared evaluation data is absent)", path.display());
        return Ok(());
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let records: Vec<Value> = serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))?;
    let (mut n, mut in_places, mut via_trigger, mut with_events, mut event_ok) = (0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    let mut trigger_misses = Vec::new();
    for r in &records {
        let (Some(loc), Some(body)) = (r["eventLoc"]["name"].as_str(), r["text"].as_str()) else { continue };
        n += 1;
        let doc = analyse(pipeline, r["id"].as_str().unwrap_or("plover"), body, r["date"].as_str());
        let places = doc.places.clone().unwrap_or_default();
        let gold = core_key(loc);
        let matches = |p: &sitrep_model::Place| {
            let (t, nm) = (core_key(&p.text), key(&p.name));
            !t.is_empty() && (t == gold || nm == gold || gold.split(' ').any(|w| w == t) || t.contains(&gold))
        };
        if places.iter().any(matches) {
            in_places += 1;
        } else {
            misses.push(format!("{loc}: {body}"));
        }
        // The gold trigger's first content word, handed to the event-location rule.
        let trigger_word = r["eventText"]
            .as_str()
            .unwrap_or("")
            .split_whitespace()
            .find(|w| !matches!(*w, "has" | "have" | "had" | "been" | "was" | "were" | "is" | "will" | "..."))
            .unwrap_or("");
        if let (Some(seg), false) = (doc.sentences.as_ref(), trigger_word.is_empty())
            && let Some(at) = find_word(body, trigger_word)
        {
            let segm = pipeline.segment(body);
            let si = seg.iter().position(|s| s.start <= at && at < s.end);
            let got =
                si.and_then(|si| event_location(body, &segm, &places, si, Span::new(at, at + trigger_word.len())));
            if got.is_some_and(|l| matches(l.place)) {
                via_trigger += 1;
            } else {
                trigger_misses.push(format!(
                    "{loc} ({trigger_word} -> {}): {body}",
                    got.map_or("none".to_string(), |l| l.place.text.clone())
                ));
            }
        }
        if let Some(events) = doc.events.as_ref().filter(|e| !e.is_empty()) {
            with_events += 1;
            let ok = events
                .iter()
                .any(|e| e.location.as_deref().and_then(|id| places.iter().find(|p| p.id == id)).is_some_and(&matches));
            if ok {
                event_ok += 1;
            }
        }
    }
    println!("PLOVER dev: {n} records with an event location, from {}", path.display());
    println!("  gold location among our places          {:.3}  ({in_places} of {n})", ratio(in_places, n));
    println!("  event_location with the gold trigger     {:.3}  ({via_trigger} of {n})", ratio(via_trigger, n));
    if with_events > 0 {
        println!(
            "  events' own locations                    {:.3}  ({event_ok} of {with_events} records with events)",
            ratio(event_ok, with_events)
        );
    } else {
        println!("  events' own locations                    pending: the events stage has not run");
    }
    if errors > 0 {
        println!("  examples: not among our places");
        for m in misses.iter().take(errors) {
            println!("    {m}");
        }
        println!("  examples: event_location with the gold trigger");
        for m in trigger_misses.iter().take(errors) {
            println!("    {m}");
        }
    }
    Ok(())
}

/// Byte offset of `word` as a whole word in `text`.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// One annotated name of the metonymy gold.
struct Annot {
    span: Span,
    gov: bool,
}

/// Strip `[GOV x]` / `[LOC x]` annotations, returning the text and the annotations.
fn parse_annotated(line: &str) -> (String, Vec<Annot>) {
    let mut out = String::new();
    let mut ann = Vec::new();
    let mut rest = line;
    while let Some(i) = ["[GOV ", "[LOC "].iter().filter_map(|t| rest.find(t)).min() {
        out.push_str(&rest[..i]);
        let gov = rest[i..].starts_with("[GOV ");
        let after = &rest[i + 5..];
        let Some(close) = after.find(']') else { break };
        let start = out.len();
        out.push_str(&after[..close]);
        ann.push(Annot { span: Span::new(start, out.len()), gov });
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    (out, ann)
}

fn metonymy_gold(pipeline: &Pipeline, path: &Path, errors: usize) -> Result<()> {
    if !path.exists() {
        println!("metonymy: skipped, {} not found", path.display());
        return Ok(());
    }
    let src = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    // (capital?, gold gov?) -> (right, total)
    let mut tally: BTreeMap<(bool, bool), (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    for line in src.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (text, ann) = parse_annotated(line);
        let doc = analyse(pipeline, "metonymy", &text, Some("2025-06-15"));
        let mentions = doc.mentions.clone().unwrap_or_default();
        let places = doc.places.clone().unwrap_or_default();
        for a in ann {
            let mention = mentions.iter().find(|m| m.start <= a.span.start && a.span.end <= m.end);
            let capital = mention.is_some_and(|m| m.evidence.rule.starts_with("actor.capital"));
            let is_place = places.iter().any(|p| p.start <= a.span.start && a.span.end <= p.end);
            let said_gov =
                !is_place && mention.is_some_and(|m| !capital || m.evidence.rule == "actor.capital_for_government");
            let right = if a.gov { said_gov } else { is_place };
            let e = tally.entry((capital, a.gov)).or_default();
            e.1 += 1;
            if right {
                e.0 += 1;
            } else {
                wrong.push(format!(
                    "{} {}: {}",
                    if a.gov { "GOV" } else { "LOC" },
                    &text[a.span.start..a.span.end],
                    text
                ));
            }
        }
    }
    let sum = |f: &dyn Fn(&(bool, bool)) -> bool| {
        tally.iter().filter(|(k, _)| f(k)).fold((0, 0), |acc, (_, v)| (acc.0 + v.0, acc.1 + v.1))
    };
    let line = |label: &str, (r, n): (usize, usize)| println!("  {label:<34} {:.3}  ({r} of {n})", ratio(r, n));
    println!("metonymy (our gold, {}):", path.display());
    line("all names", sum(&|_| true));
    line("capitals", sum(&|k| k.0));
    line("  capitals as governments", sum(&|k| k.0 && k.1));
    line("  capitals as places", sum(&|k| k.0 && !k.1));
    line("countries and regions", sum(&|k| !k.0));
    line("  as actors", sum(&|k| !k.0 && k.1));
    line("  as places", sum(&|k| !k.0 && !k.1));
    if errors > 0 {
        println!("  errors:");
        for w in wrong.iter().take(errors) {
            println!("    {w}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_parse() {
        let (t, a) = parse_annotated("[GOV Tehran] warned, as sirens sounded in [LOC Jerusalem].");
        assert_eq!(t, "Tehran warned, as sirens sounded in Jerusalem.");
        assert_eq!(a.len(), 2);
        assert!(a[0].gov && !a[1].gov);
        assert_eq!(&t[a[1].span.start..a[1].span.end], "Jerusalem");
    }

    #[test]
    fn gold_names() {
        assert!(named("the city of Mosul") && !named("The hospital") && !named("a petrol station"));
        assert_eq!(core_key("the northern city of Kirkuk"), "kirkuk");
        assert_eq!(find_word("they demonstrated in demonstrated", "demonstrated"), Some(5));
    }
}
