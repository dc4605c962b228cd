//! `cargo xtask eval events`: event coding against three public gold sets in ../shared/data.
//!
//! 1. **PLOVER** dev (`plover/PLOVER_GSR_dev.json`): the main event's PLOVER type (old labels
//!    mapped: DEMAND→REQUEST, DISAPPROVE→ACCUSE, FIGHT→ASSAULT, INVESTIGATE→ACCUSE), per-type
//!    P/R/F1 and the confusions, source and target country P/R/F1, sector accuracy. Records
//!    are analysed without a date: their 2000-01-01 is a placeholder.
//! 2. **ConfliBERT** (`conflibert/`): the 5-class CAMEO class of the sentence's main event (0
//!    statement 01–02, 1 verbal cooperation 03–05, 2 material cooperation 06–08, 3 verbal
//!    conflict 09–13, 4 material conflict 14–20; no event is a miss), accuracy and macro-F1;
//!    source and target spans of the main event against the BIO tags (exact and overlap).
//! 3. **PETRARCH** validation (`petrarch/PETR2_GSR_validation.xml`, real AFP sentences): the
//!    share of sentences whose expected codings we produce exactly (code, source and target
//!    code), with our own lexicons.
//!
//! The main event of a text is the main event (`Event::main`) of its first sentence with
//! events; compound actors give several events on one trigger, and all of them count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;
use sitrep_extract::Pipeline;
use sitrep_model::{Article, Document, Event, Published, PublishedSource};

use crate::score::{Prf, ratio};

/// Per rule kind: main events whose type or class was right, and all main events.
type Tally = BTreeMap<String, (usize, usize)>;

pub fn run(shared: &Path, errors: usize, confidence_out: Option<&Path>) -> Result<()> {
    let pipeline = Pipeline::new();
    let mut tally = Tally::new();
    plover(&pipeline, &shared.join("data/plover/PLOVER_GSR_dev.json"), errors, &mut tally)?;
    println!();
    conflibert(&pipeline, &shared.join("data/conflibert"), errors, &mut tally)?;
    println!();
    petrarch(&pipeline, &shared.join("data/petrarch/PETR2_GSR_validation.xml"), errors)?;
    println!();
    println!("rule precision on the main events of both development sets:");
    for (rule, (ok, n)) in &tally {
        println!("  {rule:<24} {:.3}  ({ok} of {n})", ratio(*ok, *n));
    }
    if let Some(out) = confidence_out.filter(|_| !tally.is_empty()) {
        write_confidence(out, &tally)?;
        println!("  written to {}", out.display());
    }
    Ok(())
}

/// Writes the calibration table the events stage reads (`resources/events/confidence.tsv`).
fn write_confidence(path: &Path, tally: &Tally) -> Result<()> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let header: String = old.lines().take_while(|l| l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    let mut out = header;
    out.push_str("rule\tcorrect\ttotal\tprecision\n");
    for (rule, (ok, n)) in tally {
        out.push_str(&format!("{rule}\t{ok}\t{n}\t{:.3}\n", ratio(*ok, *n)));
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))
}

fn count(tally: &mut Tally, e: Option<&&Event>, right: bool) {
    if let Some(e) = e {
        let t = tally.entry(sitrep_extract::events::rule_kind(&e.evidence.rule)).or_default();
        t.1 += 1;
        if right {
            t.0 += 1;
        }
    }
}

/// Analyses one gold text; `published` only where the gold's date is real (PETRARCH's).
fn analyse_on(pipeline: &Pipeline, id: &str, text: &str, published: Option<&str>) -> Document {
    let mut article = Article::new(id, text);
    article.published = published.and_then(|p| Published::parse(p).ok());
    article.published_source = if article.published.is_some() { PublishedSource::Given } else { PublishedSource::None };
    pipeline.run(article)
}

fn analyse(pipeline: &Pipeline, id: &str, text: &str) -> Document {
    analyse_on(pipeline, id, text, None)
}

/// The events on the main trigger of the first sentence with events (`Event::main`: nearest
/// the root of the parse); compound actors give several.
pub fn main_events(doc: &Document) -> Vec<&Event> {
    let events = doc.events.as_deref().unwrap_or(&[]);
    let Some(first) = events.iter().filter(|e| e.main).min_by_key(|e| (e.sentence, e.trigger.start)) else {
        return Vec::new();
    };
    events.iter().filter(|e| e.main && e.sentence == first.sentence).collect()
}

/// An actor's country-level code as PLOVER writes it: ISO3, or IGO/NGO for bodies without one.
fn country_code(a: &sitrep_model::Actor) -> Option<String> {
    a.country.clone().or_else(|| {
        let c = a.code.get(..3)?;
        matches!(c, "IGO" | "NGO" | "IMG" | "MNC").then(|| c.to_string())
    })
}

fn map_label(l: &str) -> &str {
    match l {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        other => other,
    }
}

/// Per-label P/R/F1 from (gold, predicted) pairs; `None` predicted is a miss.
fn per_label(pairs: &[(String, Option<String>)]) -> BTreeMap<String, Prf> {
    let mut out: BTreeMap<String, Prf> = BTreeMap::new();
    for (g, p) in pairs {
        match p {
            Some(p) if p == g => out.entry(g.clone()).or_default().tp += 1,
            Some(p) => {
                out.entry(g.clone()).or_default().fn_ += 1;
                out.entry(p.clone()).or_default().fp += 1;
            }
            None => out.entry(g.clone()).or_default().fn_ += 1,
        }
    }
    out
}

fn print_confusions(pairs: &[(String, Option<String>)], top: usize) {
    let mut conf: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (g, p) in pairs {
        let p = p.clone().unwrap_or_else(|| "(none)".into());
        if *g != p {
            *conf.entry((g.clone(), p)).or_default() += 1;
        }
    }
    let mut conf: Vec<_> = conf.into_iter().collect();
    conf.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("  confusions (gold -> predicted, count):");
    for ((g, p), n) in conf.iter().take(top) {
        println!("    {g:<12} -> {p:<12} {n}");
    }
}

fn set_prf<T: Ord>(gold: &BTreeSet<T>, pred: &BTreeSet<T>) -> Prf {
    let tp = gold.intersection(pred).count();
    Prf { tp, fp: pred.len() - tp, fn_: gold.len() - tp }
}

/// Gold actors of a PLOVER record field: (country code, sector) pairs.
fn gold_actors(v: &Value) -> Vec<(String, Option<String>)> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| {
                    let code = x["code"].as_str()?.trim().to_string();
                    let sector = x["sector"]
                        .as_str()
                        .filter(|s| s.len() >= 3 && s.chars().take(3).all(|c| c.is_ascii_alphabetic()))
                        .map(|s| s[..3].to_ascii_uppercase());
                    (!code.is_empty()).then_some((code, sector))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn plover(pipeline: &Pipeline, path: &Path, errors: usize, tally: &mut Tally) -> Result<()> {
    if !path.exists() {
        println!("PLOVER: skipped, {} not found (shared evaluation data is absent)", path.display());
        return Ok(());
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let records: Vec<Value> = serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))?;
    let mut pairs: Vec<(String, Option<String>)> = Vec::new();
    let (mut src, mut tgt) = (Prf::default(), Prf::default());
    let (mut sector_n, mut sector_ok) = (0, 0);
    let mut wrong = Vec::new();
    for r in &records {
        let Some(label) = r["event"].as_str().filter(|l| *l != "DOCUMENT") else { continue };
        let Some(body) = r["text"].as_str() else { continue };
        let body = body.trim().trim_start_matches('{').trim_end_matches('}');
        let gold = map_label(label).to_string();
        let doc = analyse(pipeline, r["id"].as_str().unwrap_or("plover"), body);
        let main = main_events(&doc);
        let got = main.first().map(|e| e.plover.kind.clone());
        if got.as_deref() != Some(gold.as_str()) {
            let desc = main.first().map_or("none".to_string(), |e| {
                format!("{} '{}' {} ({})", e.plover.kind, e.trigger.text, e.code, e.evidence.rule)
            });
            wrong.push(format!("{gold} got {desc}: {body}"));
        }
        count(tally, main.first(), got.as_deref() == Some(gold.as_str()));
        pairs.push((gold, got));
        for (field, prf) in [("source", &mut src), ("target", &mut tgt)] {
            let gold_a = gold_actors(&r[field]);
            let pred_actors: Vec<&sitrep_model::Actor> = main
                .iter()
                .filter_map(|e| if field == "source" { e.source.as_ref() } else { e.target.as_ref() })
                .filter_map(|a| a.actor.as_ref())
                .collect();
            let gold_set: BTreeSet<String> = gold_a.iter().map(|(c, _)| c.clone()).collect();
            let pred_set: BTreeSet<String> = pred_actors.iter().filter_map(|a| country_code(a)).collect();
            prf.add(set_prf(&gold_set, &pred_set));
            for (code, sector) in &gold_a {
                let Some(sector) = sector else { continue };
                let Some(a) = pred_actors.iter().find(|a| country_code(a).as_deref() == Some(code.as_str())) else {
                    continue;
                };
                sector_n += 1;
                if a.sector.as_deref() == Some(sector.as_str()) {
                    sector_ok += 1;
                }
            }
        }
    }
    let n = pairs.len();
    let right = pairs.iter().filter(|(g, p)| p.as_deref() == Some(g.as_str())).count();
    let with_event = pairs.iter().filter(|(_, p)| p.is_some()).count();
    println!("PLOVER dev: {n} coded records, from {}", path.display());
    println!("  records with an event        {:.3}  ({with_event} of {n})", ratio(with_event, n));
    println!("  main event type accuracy     {:.3}  ({right} of {n})", ratio(right, n));
    println!("  source country   {}", src.line());
    println!("  target country   {}", tgt.line());
    println!(
        "  sector accuracy  {:.3}  ({sector_ok} of {sector_n} gold actors with a sector and a matched country)",
        ratio(sector_ok, sector_n)
    );
    println!("  per type:");
    for (t, prf) in per_label(&pairs) {
        println!("    {t:<12} {}", prf.line());
    }
    print_confusions(&pairs, 15);
    if errors > 0 {
        println!("  examples: wrong or missing main event");
        for w in wrong.iter().take(errors) {
            println!("    {w}");
        }
    }
    Ok(())
}

/// The 5-class CAMEO class of a root ("01".."20").
fn class_of(root: &str) -> Option<usize> {
    let r: u32 = root.parse().ok()?;
    Some(match r {
        1..=2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        14..=20 => 4,
        _ => return None,
    })
}

fn conflibert(pipeline: &Pipeline, dir: &Path, errors: usize, tally: &mut Tally) -> Result<()> {
    let class_path = dir.join("cameo_class_train.tsv");
    let ner_path = dir.join("cameo_ner_train.txt");
    if !class_path.exists() || !ner_path.exists() {
        println!("ConfliBERT: skipped, {} not found (shared evaluation data is absent)", dir.display());
        return Ok(());
    }
    let src = std::fs::read_to_string(&class_path).with_context(|| format!("cannot read {}", class_path.display()))?;
    let mut pairs: Vec<(String, Option<String>)> = Vec::new();
    let mut wrong = Vec::new();
    for (n, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (sentence, label) = line
            .rsplit_once('\t')
            .with_context(|| format!("{}:{}: expected sentence<TAB>class", class_path.display(), n + 1))?;
        let gold: usize = label
            .trim()
            .parse()
            .ok()
            .filter(|c| *c < 5)
            .with_context(|| format!("{}:{}: class {label:?} is not 0-4", class_path.display(), n + 1))?;
        let doc = analyse(pipeline, &format!("conflibert-{}", n + 1), sentence);
        let main = main_events(&doc);
        let got = main.first().and_then(|e| class_of(&e.root));
        if got != Some(gold) {
            let desc = main.first().map_or("none".to_string(), |e| format!("{} '{}'", e.code, e.trigger.text));
            wrong.push(format!("{gold} got {desc}: {sentence}"));
        }
        count(tally, main.first(), got == Some(gold));
        pairs.push((gold.to_string(), got.map(|c| c.to_string())));
    }
    let n = pairs.len();
    let right = pairs.iter().filter(|(g, p)| p.as_deref() == Some(g.as_str())).count();
    let per = per_label(&pairs);
    let macro_f1 = (0..5).map(|c| per.get(&c.to_string()).map_or(0.0, Prf::f1)).sum::<f64>() / 5.0;
    let with_event = pairs.iter().filter(|(_, p)| p.is_some()).count();
    println!("ConfliBERT cameo_class: {n} sentences, from {}", class_path.display());
    println!("  sentences with an event  {:.3}  ({with_event} of {n})", ratio(with_event, n));
    println!("  accuracy                 {:.3}  ({right} of {n})", ratio(right, n));
    println!("  macro-F1                 {macro_f1:.3}");
    let names = ["statement", "verbal coop", "material coop", "verbal confl", "material confl"];
    for (c, name) in names.iter().enumerate() {
        let prf = per.get(&c.to_string()).copied().unwrap_or_default();
        println!("    {c} {name:<15} {}", prf.line());
    }
    print_confusions(&pairs, 10);
    if errors > 0 {
        println!("  examples: wrong class");
        for w in wrong.iter().take(errors) {
            println!("    {w}");
        }
    }
    conflibert_ner(pipeline, &ner_path, errors)
}

/// A BIO-tagged sentence rebuilt as text, with each token's byte span.
struct Tagged {
    text: String,
    spans: Vec<(usize, usize)>,
    /// Gold (role, first token, last token) for roles S and T.
    gold: Vec<(char, usize, usize)>,
}

/// Joins tokens as news text would write them: no space before closing punctuation and
/// clitics, none after opening brackets and currency signs.
fn detokenize(tokens: &[(String, String)]) -> Tagged {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut open_quote = false;
    let mut prev_glues = true;
    for (tok, _) in tokens {
        let t = tok.as_str();
        let closing = matches!(
            t,
            "." | "," | ":" | ";" | "!" | "?" | ")" | "%" | "'s" | "’s" | "n't" | "'re" | "'ve" | "'ll" | "'d" | "'m"
        ) || (matches!(t, "\"" | "”") && open_quote)
            || (matches!(t, "’" | "'") && !text.ends_with(' '));
        if !text.is_empty() && !prev_glues && !closing {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(t);
        spans.push((start, text.len()));
        prev_glues = matches!(t, "(" | "$" | "“" | "€" | "£") || (t == "\"" && !open_quote) || matches!(t, "’" | "'");
        if t == "\"" {
            open_quote = !open_quote;
        }
    }
    let mut gold = Vec::new();
    let mut cur: Option<(char, usize)> = None;
    for (k, (_, tag)) in tokens.iter().enumerate() {
        let (bio, role) =
            tag.split_once('-').map_or((tag.as_str(), ' '), |(b, r)| (b, r.chars().next().unwrap_or(' ')));
        let continues = bio == "I" && cur.is_some_and(|(r, _)| r == role);
        if !continues {
            if let Some((r, s)) = cur.take() {
                gold.push((r, s, k - 1));
            }
            if matches!(bio, "B" | "I") {
                cur = Some((role, k));
            }
        }
    }
    if let Some((r, s)) = cur {
        gold.push((r, s, tokens.len() - 1));
    }
    gold.retain(|(r, _, _)| matches!(r, 'S' | 'T'));
    Tagged { text, spans, gold }
}

fn conflibert_ner(pipeline: &Pipeline, path: &Path, errors: usize) -> Result<()> {
    let src = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut sentences: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for (n, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            if !sentences.last().is_some_and(Vec::is_empty) {
                sentences.push(Vec::new());
            }
            continue;
        }
        let (tok, tag) =
            line.rsplit_once(' ').with_context(|| format!("{}:{}: expected TOKEN TAG", path.display(), n + 1))?;
        sentences.last_mut().expect("one open sentence").push((tok.to_string(), tag.to_string()));
    }
    sentences.retain(|s| !s.is_empty());
    let mut exact: BTreeMap<char, Prf> = BTreeMap::new();
    let mut overlap: BTreeMap<char, Prf> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (n, s) in sentences.iter().enumerate() {
        let tagged = detokenize(s);
        let doc = analyse(pipeline, &format!("conflibert-ner-{}", n + 1), &tagged.text);
        let main = main_events(&doc);
        let tokens_of = |start: usize, end: usize| -> Option<(usize, usize)> {
            let toks: Vec<usize> =
                tagged.spans.iter().enumerate().filter(|(_, (a, b))| *a < end && start < *b).map(|(k, _)| k).collect();
            Some((*toks.first()?, *toks.last()?))
        };
        for role in ['S', 'T'] {
            let gold: BTreeSet<(usize, usize)> =
                tagged.gold.iter().filter(|(r, _, _)| *r == role).map(|&(_, a, b)| (a, b)).collect();
            let pred: BTreeSet<(usize, usize)> = main
                .iter()
                .filter_map(|e| if role == 'S' { e.source.as_ref() } else { e.target.as_ref() })
                .filter_map(|a| tokens_of(a.start, a.end))
                .collect();
            exact.entry(role).or_default().add(set_prf(&gold, &pred));
            let hit = |x: &(usize, usize), ys: &BTreeSet<(usize, usize)>| ys.iter().any(|y| x.0 <= y.1 && y.0 <= x.1);
            let tp_g = gold.iter().filter(|g| hit(g, &pred)).count();
            let tp_p = pred.iter().filter(|p| hit(p, &gold)).count();
            let o = overlap.entry(role).or_default();
            o.tp += tp_g;
            o.fn_ += gold.len() - tp_g;
            o.fp += pred.len() - tp_p;
            if gold != pred && wrong.len() < errors * 2 {
                let show = |set: &BTreeSet<(usize, usize)>| {
                    set.iter()
                        .map(|&(a, b)| tagged.text[tagged.spans[a].0..tagged.spans[b].1].to_string())
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                wrong.push(format!("{role} gold [{}] got [{}]: {}", show(&gold), show(&pred), tagged.text));
            }
        }
    }
    println!("ConfliBERT cameo_ner: {} sentences, from {}", sentences.len(), path.display());
    for (role, name) in [('S', "source"), ('T', "target")] {
        println!("  {name} exact    {}", exact.get(&role).copied().unwrap_or_default().line());
        println!("  {name} overlap  {}", overlap.get(&role).copied().unwrap_or_default().line());
    }
    if errors > 0 {
        println!("  examples: span differences");
        for w in wrong.iter().take(errors) {
            println!("    {w}");
        }
    }
    Ok(())
}

/// One PETRARCH validation record: text and expected (code, source, target) codings.
struct PetrRecord {
    id: String,
    /// `YYYYMMDD` as the record gives it, as an ISO date.
    date: Option<String>,
    text: String,
    codings: BTreeSet<(String, String, String)>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[at..].find('"')? + at;
    Some(tag[at..end].to_string())
}

/// Reads `<Sentence>` records: their `<EventCoding>`s and `<Text>`; records marked
/// `evaluate="false"` are left out, as PETRARCH's own validation leaves them out.
fn petrarch_records(src: &str) -> Vec<PetrRecord> {
    let mut out = Vec::new();
    for chunk in src.split("<Sentence ").skip(1) {
        let head = chunk.split('>').next().unwrap_or("");
        if attr(head, "evaluate").is_some_and(|v| v.eq_ignore_ascii_case("false")) {
            continue;
        }
        let id = attr(head, "id").unwrap_or_default();
        let date = attr(head, "date")
            .filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()))
            .map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]));
        let body = chunk.split("</Sentence>").next().unwrap_or(chunk);
        let mut codings = BTreeSet::new();
        for c in body.split("<EventCoding").skip(1) {
            let tag = c.split('>').next().unwrap_or("");
            if let (Some(e), Some(s), Some(t)) =
                (attr(tag, "eventcode"), attr(tag, "sourcecode"), attr(tag, "targetcode"))
            {
                codings.insert((e, s, t));
            }
        }
        let Some(text) = body.split("<Text>").nth(1).and_then(|t| t.split("</Text>").next()) else { continue };
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push(PetrRecord { id, date, text, codings });
    }
    out
}

fn petrarch(pipeline: &Pipeline, path: &Path, errors: usize) -> Result<()> {
    if !path.exists() {
        println!("PETRARCH: skipped, {} not found (shared evaluation data is absent)", path.display());
        return Ok(());
    }
    let src = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let records = petrarch_records(&src);
    let (mut exact, mut none_expected, mut none_ok) = (0, 0, 0);
    let (mut full, mut code_only, mut root_only) = (Prf::default(), Prf::default(), Prf::default());
    let mut wrong = Vec::new();
    for r in &records {
        let doc = analyse_on(pipeline, &r.id, &r.text, r.date.as_deref());
        let events = doc.events.as_deref().unwrap_or(&[]);
        // PETRARCH codes actors as country + sector; an unknown side is "---".
        let code = |a: &Option<sitrep_model::Arg>| {
            a.as_ref().and_then(|x| x.actor.as_ref()).map_or("---".to_string(), |x| x.code.clone())
        };
        let got: BTreeSet<(String, String, String)> = events
            .iter()
            .filter(|e| e.factuality.polarity == sitrep_model::Polarity::Positive)
            .map(|e| (e.code.clone(), code(&e.source), code(&e.target)))
            .collect();
        if r.codings.is_empty() {
            none_expected += 1;
        }
        if got == r.codings {
            exact += 1;
            if r.codings.is_empty() {
                none_ok += 1;
            }
        } else {
            wrong.push(format!("{}: expected {:?} got {:?}: {}", r.id, r.codings, got, r.text));
        }
        full.add(set_prf(&r.codings, &got));
        let codes = |s: &BTreeSet<(String, String, String)>, n: usize| -> BTreeSet<String> {
            s.iter().map(|(c, _, _)| c[..n.min(c.len())].to_string()).collect()
        };
        code_only.add(set_prf(&codes(&r.codings, 4), &codes(&got, 4)));
        root_only.add(set_prf(&codes(&r.codings, 2), &codes(&got, 2)));
    }
    let n = records.len();
    println!("PETRARCH-2 GSR validation (our own lexicons): {n} sentences, from {}", path.display());
    println!(
        "  coded exactly            {:.3}  ({exact} of {n}; {none_ok} of {none_expected} with no event expected)",
        ratio(exact, n)
    );
    println!("  codings (code, source, target)  {}", full.line());
    println!("  event codes only                {}", code_only.line());
    println!("  event roots only                {}", root_only.line());
    println!("  (PETR.UnitTest.records.xml uses fictional actors: it needs --dictionaries, not run here)");
    if errors > 0 {
        println!("  examples: not coded exactly");
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
    fn detokenize_rebuilds_news_text() {
        let toks: Vec<(String, String)> = [
            ("a", "B-S"),
            ("Swiss", "I-S"),
            ("court", "I-S"),
            ("rejected", "O"),
            ("the", "B-T"),
            ("government", "I-T"),
            ("'s", "I-T"),
            ("request", "I-T"),
            ("(", "O"),
            ("INA", "O"),
            (")", "O"),
            (".", "O"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let t = detokenize(&toks);
        assert_eq!(t.text, "a Swiss court rejected the government's request (INA).");
        assert_eq!(t.gold, vec![('S', 0, 2), ('T', 4, 7)]);
        assert_eq!(&t.text[t.spans[6].0..t.spans[6].1], "'s");
    }

    #[test]
    fn petrarch_records_parse() {
        let src = r#"<Sentence id="A1" date="2008x804" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />
<Text>
The US leader
visited Beijing.
</Text>
</Sentence>
<Sentence id="A2" evaluate="false"/>
<EventCoding noevents="True" />
<Text>Skipped.</Text>
</Sentence>"#;
        let r = petrarch_records(src);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].date, None);
        assert_eq!(r[0].text, "The US leader visited Beijing.");
        assert!(r[0].codings.contains(&("042".into(), "USA".into(), "CHN".into())));
    }

    #[test]
    fn labels_and_classes() {
        assert_eq!(map_label("FIGHT"), "ASSAULT");
        assert_eq!(map_label("INVESTIGATE"), "ACCUSE");
        assert_eq!(class_of("04"), Some(1));
        assert_eq!(class_of("13"), Some(3));
        assert_eq!(class_of("20"), Some(4));
        assert_eq!(class_of("21"), None);
    }
}
