//! `cargo xtask eval stories`: the situation against our own gold (`xtask/gold/stories/`,
//! articles as `.txt` and the gold as `stories.gold`):
//! invented incidents, each told by several outlets, with wire copies and follow-ups.
//! Prints pairwise precision/recall for story clustering and for event merging, precision and
//! recall of contradictions (and of their sides), claims wrongly put in a contradiction, and
//! watchlist resolutions.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, Result, bail};
use sitrep_model::{Document, Situation, Stance};

use crate::score::{Prf, ratio};

/// One line of the gold file, parsed.
#[derive(Debug, Default)]
struct Gold {
    stories: Vec<Vec<String>>,
    events: Vec<Vec<(String, String)>>,
    contradictions: Vec<GoldContradiction>,
    none: Vec<(String, String)>,
    watch: Vec<(String, String, String)>,
}

#[derive(Debug)]
struct GoldContradiction {
    frame: String,
    actor: Option<String>,
    affirms: BTreeSet<String>,
    denies: BTreeSet<String>,
}

fn parse_gold(src: &str, path: &Path) -> Result<Gold> {
    let mut g = Gold::default();
    for (i, line) in src.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = || format!("{}:{}", path.display(), i + 1);
        let (kind, rest) = line.split_once(' ').with_context(|| format!("{}: expected a keyword and values", at()))?;
        match kind {
            "story" => g.stories.push(rest.split_whitespace().map(String::from).collect()),
            "event" => {
                // stem:word, where the word may hold spaces up to the next stem ("met in").
                let mut reports = Vec::new();
                for part in rest.split(' ') {
                    match part.split_once(':') {
                        Some((stem, word)) => reports.push((stem.to_string(), word.to_string())),
                        None => match reports.last_mut() {
                            Some((_, w)) => {
                                w.push(' ');
                                w.push_str(part);
                            }
                            None => bail!("{}: expected stem:word", at()),
                        },
                    }
                }
                g.events.push(reports);
            }
            "contradiction" => {
                let parts: Vec<&str> = rest.split('|').collect();
                let [head, aff, den] = parts.as_slice() else { bail!("{}: expected FRAME ACTOR | ... | ...", at()) };
                let mut h = head.split_whitespace();
                let frame = h.next().with_context(at)?.to_string();
                let actor = h.next().filter(|a| *a != "-").map(String::from);
                let set = |s: &str| s.split_whitespace().map(String::from).collect();
                g.contradictions.push(GoldContradiction { frame, actor, affirms: set(aff), denies: set(den) });
            }
            "none" => {
                let (stem, phrase) =
                    rest.split_once(' ').with_context(|| format!("{}: expected stem \"phrase\"", at()))?;
                g.none.push((stem.to_string(), phrase.trim().trim_matches('"').to_string()));
            }
            "watch" => {
                let v: Vec<&str> = rest.split_whitespace().collect();
                let [stem, code, status] = v.as_slice() else { bail!("{}: expected stem code status", at()) };
                g.watch.push((stem.to_string(), code.to_string(), status.to_string()));
            }
            other => bail!("{}: unknown keyword '{other}'", at()),
        }
    }
    Ok(g)
}

/// Pairwise counts: pairs together in both, in the system only, in the gold only.
fn pairwise(items: &[String], gold: &BTreeMap<String, usize>, sys: &BTreeMap<String, usize>) -> Prf {
    let mut p = Prf::default();
    for (i, a) in items.iter().enumerate() {
        for b in &items[i + 1..] {
            let g = gold.contains_key(a) && gold.get(a) == gold.get(b);
            let s = sys.contains_key(a) && sys.get(a) == sys.get(b);
            match (g, s) {
                (true, true) => p.tp += 1,
                (false, true) => p.fp += 1,
                (true, false) => p.fn_ += 1,
                _ => {}
            }
        }
    }
    p
}

pub fn run(dir: &Path, errors: bool) -> Result<()> {
    let gold_path = dir.join("stories.gold");
    let gold = parse_gold(
        &std::fs::read_to_string(&gold_path).with_context(|| format!("cannot read {}", gold_path.display()))?,
        &gold_path,
    )?;
    let pipeline = sitrep_extract::Pipeline::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut docs: Vec<Document> = Vec::new();
    let mut stem_of: BTreeMap<String, String> = BTreeMap::new();
    for f in &files {
        let stem = f.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        for item in sitrep_ingest::read_path(f, &sitrep_ingest::Options::default()) {
            let input = item.map_err(|e| anyhow::anyhow!("{e}"))?;
            let doc = pipeline.run(input.article);
            stem_of.insert(doc.article.id.clone(), stem.clone());
            docs.push(doc);
        }
    }
    let situation = sitrep_story::situation(&docs);
    let stems: Vec<String> = stem_of.values().cloned().collect();
    println!(
        "stories: {} articles, {} gold stories, {} found",
        docs.len(),
        gold.stories.len(),
        situation.stories.len()
    );

    // Clustering.
    let gold_story: BTreeMap<String, usize> =
        gold.stories.iter().enumerate().flat_map(|(i, s)| s.iter().map(move |a| (a.clone(), i))).collect();
    let sys_story: BTreeMap<String, usize> = situation
        .stories
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.articles.iter().filter_map(|a| stem_of.get(a)).map(move |st| (st.clone(), i)))
        .collect();
    println!("clustering (article pairs)   {}", pairwise(&stems, &gold_story, &sys_story).line());

    // Merging: reports named by stem:trigger.
    let mut gold_event = BTreeMap::new();
    let mut reports = Vec::new();
    for (i, ev) in gold.events.iter().enumerate() {
        for (stem, word) in ev {
            let key = format!("{stem}:{word}");
            gold_event.insert(key.clone(), i);
            reports.push(key);
        }
    }
    let trigger = |article: &str, event: &str| -> Option<String> {
        let d = docs.iter().find(|d| d.article.id == article)?;
        d.events.as_ref()?.iter().find(|e| e.id == event).map(|e| e.trigger.text.clone())
    };
    let mut sys_event = BTreeMap::new();
    let mut n = 0;
    for st in &situation.stories {
        for m in &st.events {
            n += 1;
            for r in &m.reports {
                if let (Some(stem), Some(t)) = (stem_of.get(&r.article), trigger(&r.article, &r.event)) {
                    sys_event.entry(format!("{stem}:{t}")).or_insert(n);
                }
            }
        }
    }
    let missing: Vec<&String> = reports.iter().filter(|r| !sys_event.contains_key(*r)).collect();
    println!("merging (report pairs)       {}", pairwise(&reports, &gold_event, &sys_event).line());
    if errors {
        for (i, a) in reports.iter().enumerate() {
            for b in &reports[i + 1..] {
                let g = gold_event.get(a) == gold_event.get(b);
                let s = sys_event.contains_key(a) && sys_event.get(a) == sys_event.get(b);
                if g != s {
                    println!("  {} {a} + {b}", if s { "merged, but two events:" } else { "one event, not merged:" });
                }
            }
        }
    }
    if !missing.is_empty() {
        println!("  reports not among merged events (no actual event with that trigger): {}", missing.len());
        if errors {
            for m in &missing {
                println!("    {m}");
            }
        }
    }

    // Contradictions: a system contradiction matches a gold one with the same frame and
    // party whose affirming and denying stems it covers at least one each of.
    let mut x = Prf::default();
    let mut sides = Prf::default();
    let mut matched_gold = BTreeSet::new();
    for st in &situation.stories {
        for c in &st.contradictions {
            let frame = serde_json::to_value(c.frame)?.as_str().unwrap_or("").to_string();
            let stems_of = |stance: Stance| -> BTreeSet<String> {
                c.sides
                    .iter()
                    .filter(|s| s.stance == stance)
                    .filter_map(|s| stem_of.get(&s.evidence.article).cloned())
                    .collect()
            };
            let (aff, den) = (stems_of(Stance::Affirms), stems_of(Stance::Denies));
            let all: BTreeSet<String> = aff.union(&den).cloned().collect();
            let hit = gold.contradictions.iter().enumerate().find(|(_, g)| {
                g.frame == frame
                    && (g.actor.is_none() || g.actor == c.actor)
                    && if g.denies.is_empty() {
                        // A casualty dispute: every side from the gold's articles.
                        !all.is_empty() && all.is_subset(&g.affirms)
                    } else {
                        !g.affirms.is_disjoint(&aff) && !g.denies.is_disjoint(&den)
                    }
            });
            match hit {
                Some((i, _)) if matched_gold.contains(&i) => {
                    // A second contradiction for one dispute (split across events).
                    x.fp += 1;
                    if errors {
                        println!("  duplicate contradiction: {} [{frame}] in {:?}", c.subject, all);
                    }
                }
                Some((i, g)) => {
                    x.tp += 1;
                    matched_gold.insert(i);
                    let gs: BTreeSet<(String, bool)> = g
                        .affirms
                        .iter()
                        .map(|s| (s.clone(), true))
                        .chain(g.denies.iter().map(|s| (s.clone(), false)))
                        .collect();
                    let ss: BTreeSet<(String, bool)> = if g.denies.is_empty() {
                        all.iter().map(|s| (s.clone(), true)).collect()
                    } else {
                        aff.iter().map(|s| (s.clone(), true)).chain(den.iter().map(|s| (s.clone(), false))).collect()
                    };
                    sides.tp += gs.intersection(&ss).count();
                    sides.fp += ss.difference(&gs).count();
                    sides.fn_ += gs.difference(&ss).count();
                }
                None => {
                    x.fp += 1;
                    if errors {
                        println!("  extra contradiction: {} [{frame}] in {:?}", c.subject, all);
                    }
                }
            }
        }
    }
    x.fn_ = gold.contradictions.len() - matched_gold.len();
    if errors {
        for (i, g) in gold.contradictions.iter().enumerate().filter(|(i, _)| !matched_gold.contains(i)) {
            let _ = i;
            println!("  missed contradiction: {} {:?}", g.frame, g.actor);
        }
    }
    println!("contradictions               {}", x.line());
    println!("contradiction sides (stem, stance) in matched ones  {}", sides.line());
    let mut wrongly = 0;
    for (stem, phrase) in &gold.none {
        let inside = situation.stories.iter().flat_map(|s| &s.contradictions).flat_map(|c| &c.sides).any(|s| {
            stem_of.get(&s.evidence.article) == Some(stem) && s.text.to_lowercase().contains(&phrase.to_lowercase())
        });
        if inside {
            wrongly += 1;
            if errors {
                println!("  in a contradiction but should not be: {stem} \"{phrase}\"");
            }
        }
    }
    println!("non-contradictions kept out  {}/{}", gold.none.len() - wrongly, gold.none.len());

    // Watchlist: an item first reported in the stem with that code (prefix), and its status.
    let (mut found, mut right) = (0, 0);
    for (stem, code, status) in &gold.watch {
        let item = situation.stories.iter().flat_map(|s| &s.watchlist).find(|w| {
            w.code.starts_with(code.as_str()) && w.reports.first().and_then(|r| stem_of.get(&r.article)) == Some(stem)
        });
        if let Some(w) = item {
            found += 1;
            let got = serde_json::to_value(w.status)?.as_str().unwrap_or("").to_string();
            if &got == status {
                right += 1;
            } else if errors {
                println!("  watch {stem} {code}: {got}, expected {status} ({})", w.summary);
            }
        } else if errors {
            println!("  watch {stem} {code}: not on the watchlist");
        }
    }
    println!(
        "watchlist: {found}/{} gold items found, {right} resolved right (accuracy {:.3})",
        gold.watch.len(),
        ratio(right, gold.watch.len())
    );
    let _: &Situation = &situation;
    Ok(())
}
