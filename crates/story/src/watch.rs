//! The watchlist: what was threatened, planned, proposed or held possible but is not (yet)
//! reported done, and what later reports made of it.
//!
//! Items come from (1) claims that threaten, propose or promise: the awaited action is the
//! proposition of the claim's speech-act event, else its event, else an event inside the
//! quoted content; (2) speech-act events whose proposition is planned or possible
//! ("refused to greenlight strikes", "urged Washington to help"); (3) any other event that is
//! planned, possible or counterfactual. Reports of the same awaited action across articles
//! merge like events (compatible code and actors, or the same wording).
//!
//! Resolution, by reports published on or after the item's first report: **happened** when
//! a merged actual event matches its code and actors (dated no earlier than the item was
//! first reported; when the events stage named no party, the actors its sentences name);
//! **denied** when an actual event with negative polarity matches ("Iran did
//! not attack"), or a denial claim's action does; **called off** when a sentence carrying a
//! called-off word (resources/frames.tsv, `called_off`) names the same action (an event of
//! that root, or an action word) and its parties or words;
//! **lapsed** when its due day has passed by the story's last day with none of those.

use std::collections::BTreeSet;

use jiff::civil::Date;
use sitrep_model::{
    Actor, Arg, ClaimAct, DatePrecision, Event, EvidenceSpan, Factuality, MergedEvent, Polarity, Sourcing, Stance,
    Status, WatchItem, WatchKind, WatchStatus,
};

use crate::common::{Art, actor_key, day, stable_id, words};
use crate::lexicon::Lexicon;
use crate::merge::{codes_compatible, summary};

/// An awaited action found in one article.
#[derive(Debug, Clone)]
struct Sighting {
    art: usize,
    kind: WatchKind,
    code: String,
    source: Option<Actor>,
    target: Option<Actor>,
    by: Option<Actor>,
    actors: Vec<Actor>,
    due: Option<(String, Option<DatePrecision>)>,
    trigger: String,
    evidence: EvidenceSpan,
    sourcing: Sourcing,
    /// Events of the article it came from (so they are not sighted twice).
    used: Vec<String>,
    /// The words of `evidence`, for comparing sightings.
    words: BTreeSet<String>,
}

impl Sighting {
    fn keys(&self) -> BTreeSet<String> {
        [&self.source, &self.target].into_iter().flatten().map(actor_key).collect()
    }

    fn same_as(&self, o: &Sighting) -> bool {
        if self.code.is_empty() || o.code.is_empty() {
            return self.code == o.code && overlap(&self.words, &o.words) >= 0.5;
        }
        let (a, b) = (self.keys(), o.keys());
        let actors = if a.is_empty() || b.is_empty() { overlap(&self.words, &o.words) >= 0.5 } else { a == b };
        codes_compatible(root(&self.code), root(&o.code)) && actors
    }
}

fn clip(s: &str, n: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= n { s.to_string() } else { s.chars().take(n).collect::<String>() + "…" }
}

fn root(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

fn word_set(text: &str) -> BTreeSet<String> {
    words(text).into_iter().collect()
}

fn word_overlap(a: &str, b: &str) -> f64 {
    overlap(&word_set(a), &word_set(b))
}

fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let inter = a.intersection(b).count() as f64;
    let smaller = a.len().min(b.len()).max(1) as f64;
    inter / smaller
}

fn actor_of(arg: &Option<Arg>) -> Option<Actor> {
    arg.as_ref()?.actor.clone()
}

fn not_done(f: Factuality) -> bool {
    f.polarity == Polarity::Positive && f.status != Status::Actual
}

/// Everything awaited in one article.
fn sightings(arts: &[Art<'_>], ai: usize, lexicon: &Lexicon) -> Vec<Sighting> {
    let art = &arts[ai];
    let doc = art.doc;
    let events = doc.events.as_deref().unwrap_or(&[]);
    let quotes = doc.quotes.as_deref().unwrap_or(&[]);
    let ev = |id: &str| events.iter().find(|e| e.id == id);
    let mut out: Vec<Sighting> = Vec::new();
    let mentions_in = |start: usize, end: usize| -> Vec<Actor> {
        let mut v: Vec<Actor> = Vec::new();
        for m in doc.mentions.iter().flatten() {
            if m.start >= start
                && m.end <= end
                && let Some(a) = &m.actor
                && a.sector.as_deref() != Some("MED")
                && !v.iter().any(|x| x.id == a.id)
            {
                v.push(a.clone());
            }
        }
        v
    };
    let base = |kind, code: &str, trigger: &str, e: Option<&Event>, evidence: EvidenceSpan, sourcing: Sourcing| {
        let actors = mentions_in(evidence.start, evidence.end);
        Sighting {
            art: ai,
            kind,
            code: code.to_string(),
            source: None,
            target: None,
            by: None,
            actors,
            due: e.and_then(|e| Some((e.date.clone()?, e.date_precision))),
            trigger: trigger.to_string(),
            sourcing,
            used: e.map(|e| vec![e.id.clone()]).unwrap_or_default(),
            words: word_set(&evidence.text),
            evidence,
        }
    };
    // (1) Claims that threaten, propose or promise.
    for c in doc.claims.iter().flatten() {
        let kind = match c.act {
            Some(ClaimAct::Threat) => WatchKind::Threatened,
            Some(ClaimAct::Proposal) => WatchKind::Proposed,
            Some(ClaimAct::Promise) => WatchKind::Planned,
            _ => continue,
        };
        if c.non_response || c.stance == Stance::Denies {
            continue;
        }
        let quote = c.quote.as_deref().and_then(|q| quotes.iter().find(|x| x.id == q));
        let speech = c.event.as_deref().and_then(ev);
        let span = match (quote, speech) {
            (Some(q), _) => q.span(),
            (None, Some(e)) => art.sentence(e.sentence).span(),
            (None, None) => continue,
        };
        let evidence = art.evidence(sitrep_model::Span::new(span.start, span.end));
        // An event inside the content is the awaited action only if it is not reported done
        // ("a response to Israeli bombings": the bombings happened).
        let inner = events.iter().find(|e| {
            e.trigger.start >= span.start
                && e.trigger.end <= span.end
                && Some(e.id.as_str()) != c.event.as_deref()
                && not_done(e.factuality)
        });
        let mut s = if let Some(p) = speech.and_then(|e| e.proposition.as_ref()) {
            let e = speech.unwrap_or_else(|| unreachable!());
            let mut s = base(kind, &p.code, &e.trigger.text, Some(e), evidence, c.sourcing.clone());
            s.source = actor_of(&p.source);
            s.target = actor_of(&p.target);
            // The speech act's date is when it was said, not when the action is due.
            s.due = None;
            s
        } else if let Some(e) = speech.filter(|e| not_done(e.factuality)).or(inner) {
            let mut s = base(kind, &e.code, &e.trigger.text, Some(e), evidence, c.sourcing.clone());
            s.source = actor_of(&e.source);
            s.target = actor_of(&e.target);
            if let Some(sp) = speech {
                s.used.push(sp.id.clone());
            }
            s
        } else {
            let trig = speech
                .map_or_else(|| quote.map_or("", |q| q.cue.text.as_str()).to_string(), |e| e.trigger.text.clone());
            let code = lexicon.action(&evidence.text).unwrap_or("").to_string();
            base(kind, &code, &trig, speech, evidence, c.sourcing.clone())
        };
        s.by = c.claimant.actor.clone();
        out.push(s);
    }
    let used: BTreeSet<String> = out.iter().flat_map(|s| s.used.iter().cloned()).collect();
    let inside_item =
        |e: &Event| out.iter().any(|s| e.trigger.start >= s.evidence.start && e.trigger.end <= s.evidence.end);
    let mut more = Vec::new();
    for e in events {
        if used.contains(&e.id) || e.background || inside_item(e) {
            continue;
        }
        // (2) Speech acts about an action not done.
        if let Some(p) = e.proposition.as_ref().filter(|p| not_done(p.factuality)) {
            if e.factuality.polarity != Polarity::Positive {
                continue;
            }
            let kind = match e.root.as_str() {
                "13" => WatchKind::Threatened,
                "02" | "10" | "12" => WatchKind::Proposed,
                _ if p.factuality.status == Status::Planned => WatchKind::Planned,
                _ => WatchKind::Hypothetical,
            };
            let mut s = base(kind, &p.code, &e.trigger.text, Some(e), art.sentence(e.sentence), e.sourcing.clone());
            s.source = actor_of(&p.source);
            s.target = actor_of(&p.target);
            s.due = None;
            // Who rejected a plan did not propose it.
            s.by = if e.root == "12" { None } else { actor_of(&e.source) };
            more.push(s);
        } else if not_done(e.factuality) && e.proposition.is_none() {
            // (3) Anything else planned or possible.
            let kind =
                if e.factuality.status == Status::Planned { WatchKind::Planned } else { WatchKind::Hypothetical };
            let mut s = base(kind, &e.code, &e.trigger.text, Some(e), art.sentence(e.sentence), e.sourcing.clone());
            s.source = actor_of(&e.source);
            s.target = actor_of(&e.target);
            more.push(s);
        }
    }
    out.extend(more);
    out
}

/// A later report that can resolve items: what it says happened, was denied or called off.
struct Ctx<'c, 'a> {
    arts: &'c [Art<'a>],
    members: &'c [usize],
    merged: &'c [MergedEvent],
    lexicon: &'c Lexicon,
    last_day: Option<Date>,
}

fn resolve(item: &mut WatchItem, keys: &BTreeSet<String>, first: Option<Date>, ctx: &Ctx<'_, '_>) {
    let Ctx { arts, members, merged, lexicon, .. } = *ctx;
    // The same root: a threatened strike is resolved by a strike, not by an assassination.
    let code_ok = |c: &str| !item.code.is_empty() && root(&item.code) == root(c);
    let actors_ok =
        |k: &BTreeSet<String>| !keys.is_empty() && !k.is_empty() && (keys.is_subset(k) || k.is_subset(keys));
    let later = |d: Option<Date>| match (first, d) {
        (Some(f), Some(d)) => d >= f,
        _ => true,
    };
    // Later reports: other articles, published no earlier than the item was first reported.
    let own_article = |art: &str| item.reports.iter().any(|r| r.article == art);
    // Happened.
    for m in merged {
        // An event dated only by the day it was reported cannot say it came after.
        if !code_ok(&m.code) || m.date_precision == Some(DatePrecision::Approximate) {
            continue;
        }
        let mut k: BTreeSet<String> = [&m.source, &m.target].into_iter().flatten().map(actor_key).collect();
        // The events stage named no party ("Ethiopian warplanes struck Eritrean positions"):
        // the actors its sentences name stand in.
        if k.is_empty() {
            k = m.reports.iter().flat_map(|r| keys_in_span(arts, &r.evidence)).collect();
        }
        if !actors_ok(&k) || !later(m.date.as_deref().and_then(day)) {
            continue;
        }
        let by: Vec<EvidenceSpan> = m
            .reports
            .iter()
            .filter(|r| !own_article(&r.article) && later(r.published.as_deref().and_then(day)))
            .map(|r| r.evidence.clone())
            .collect();
        if by.is_empty() {
            continue;
        }
        item.status = WatchStatus::Happened;
        item.event = Some(m.id.clone());
        item.resolved_by = by;
        return;
    }
    // Called off: a sentence saying so about the same action ("the Geneva meeting was called
    // off"), naming its parties or sharing its words.
    for &ai in members {
        let art = &arts[ai];
        if !later(art.day) || own_article(art.id()) {
            continue;
        }
        let events = art.doc.events.as_deref().unwrap_or(&[]);
        for (si, _) in art.doc.sentences.iter().flatten().enumerate() {
            let sentence = art.sentence(si);
            if !lexicon.called_off(&sentence.text) {
                continue;
            }
            let action = lexicon.action(&sentence.text).is_some_and(code_ok)
                || events.iter().any(|e| e.sentence == si && code_ok(&e.code));
            let same_thing = actors_ok(&keys_in_span(arts, &sentence))
                || item.reports.iter().any(|r| word_overlap(&r.text, &sentence.text) >= 0.3);
            if action && same_thing {
                item.status = WatchStatus::CalledOff;
                item.resolved_by = vec![sentence];
                return;
            }
        }
    }
    for &ai in members {
        let art = &arts[ai];
        if !later(art.day) || own_article(art.id()) {
            continue;
        }
        let events = art.doc.events.as_deref().unwrap_or(&[]);
        for e in events {
            let k: BTreeSet<String> =
                [&e.source, &e.target].into_iter().filter_map(|a| a.as_ref()?.actor.as_ref()).map(actor_key).collect();
            let may_deny = e.root == "01" && e.proposition.is_some();
            if !code_ok(&e.code) && !may_deny {
                continue;
            }
            let sentence = art.sentence(e.sentence);
            // Denied: "Iran did not attack", or a denial whose action is this one.
            let denied_event = e.factuality.polarity == Polarity::Negative
                && e.factuality.status == Status::Actual
                && code_ok(&e.code)
                && actors_ok(&k);
            let denied_prop = e.root == "01"
                && e.proposition.as_ref().is_some_and(|p| {
                    let pk: BTreeSet<String> = [&p.source, &p.target]
                        .into_iter()
                        .filter_map(|a| a.as_ref()?.actor.as_ref())
                        .map(actor_key)
                        .collect();
                    code_ok(&p.code) && actors_ok(&pk)
                })
                && matches!(e.code.as_str(), "016" | "0161" | "0162");
            if denied_event || denied_prop {
                item.status = WatchStatus::Denied;
                item.resolved_by = vec![sentence];
                return;
            }
        }
    }
    if let (Some(due), Some(last)) = (item.due.as_deref().and_then(day), ctx.last_day)
        && due < last
    {
        item.status = WatchStatus::Lapsed;
    }
}

/// Country (else code) keys of the actors mentioned inside an evidence span.
fn keys_in_span(arts: &[Art<'_>], ev: &EvidenceSpan) -> BTreeSet<String> {
    let Some(art) = arts.iter().find(|a| a.id() == ev.article) else { return BTreeSet::new() };
    art.doc
        .mentions
        .iter()
        .flatten()
        .filter(|m| m.start >= ev.start && m.end <= ev.end)
        .filter_map(|m| m.actor.as_ref().filter(|a| a.sector.as_deref() != Some("MED")).map(actor_key))
        .collect()
}

/// The watchlist of a story: its articles (`members`, indexes into `arts`) and merged events.
pub(crate) fn watchlist(
    arts: &[Art<'_>],
    members: &[usize],
    merged: &[MergedEvent],
    lexicon: &Lexicon,
) -> Vec<WatchItem> {
    let mut groups: Vec<Vec<Sighting>> = Vec::new();
    for &ai in members {
        for s in sightings(arts, ai, lexicon) {
            match groups.iter_mut().find(|g| g[0].same_as(&s)) {
                Some(g) => g.push(s),
                None => groups.push(vec![s]),
            }
        }
    }
    let last_day = members.iter().filter_map(|&i| arts[i].day).max();
    let ctx = Ctx { arts, members, merged, lexicon, last_day };
    let mut items = Vec::new();
    for g in groups {
        let s0 = &g[0];
        let first = g.iter().filter_map(|s| arts[s.art].day).min();
        let keys = s0.keys();
        // Only a day-precise due date can lapse.
        let due =
            g.iter().find_map(|s| s.due.clone().filter(|(_, p)| matches!(p, Some(DatePrecision::Day)))).map(|(d, _)| d);
        let mut actors: Vec<Actor> = Vec::new();
        for a in g.iter().flat_map(|s| s.actors.iter()) {
            if !actors.iter().any(|x| x.id == a.id) {
                actors.push(a.clone());
            }
        }
        let mut item = WatchItem {
            id: stable_id("w", &[arts[s0.art].id(), &s0.evidence.start.to_string()]),
            kind: s0.kind,
            summary: if s0.source.is_none() && s0.target.is_none() {
                // No event names the action: the claim's words do.
                format!("{} ({})", clip(&s0.evidence.text, 120), if s0.code.is_empty() { "?" } else { &s0.code })
            } else {
                summary(s0.source.as_ref(), &s0.trigger, &s0.code, s0.target.as_ref())
            },
            code: s0.code.clone(),
            source: s0.source.clone(),
            target: s0.target.clone(),
            actors,
            by: g.iter().find_map(|s| s.by.clone()),
            due,
            first_reported: first.map(|d| d.to_string()),
            status: WatchStatus::Open,
            reports: g.iter().map(|s| s.evidence.clone()).collect(),
            resolved_by: Vec::new(),
            event: None,
            sourcing: s0.sourcing.clone(),
        };
        resolve(&mut item, &keys, first, &ctx);
        items.push(item);
    }
    items
}
