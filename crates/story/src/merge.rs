//! Event merging across articles: reports of the same event become one [`MergedEvent`] with
//! all its reports, its earliest report and its independent sources.
//!
//! Two reports are of the same event when (1) their codes are compatible: the same CAMEO
//! root, or both within the violent roots 18–20, which outlets name loosely ("strikes",
//! "attack", "bombing"); (2) their actors agree: when both name source and target, the same
//! countries (else codes) in the same roles (a retaliation is another event); otherwise up to
//! role, one report naming only some of the other's ("Israel and Iran traded attacks"); a
//! report naming no actor goes with a report in its sentence that names some (and is not
//! compared itself), else needs the same place or the same trigger word; (3) their dates
//! can be the same day: each date widens to a range by its precision (a week, a month; a date
//! that is only the publication date reaches seven days back), and the ranges lie at most a
//! day apart (time zones); (4) they name no different places. Clusters grow complete-link (a report must fit every report of a cluster),
//! in publication order, so the earliest report founds the merged event.
//!
//! Independent sources count original reporters: a report relayed through outlets ("sources
//! told Reuters and the AP", "according to Axios") counts those outlets; otherwise the
//! article's outlet, where a copy of an earlier article counts as that article; an article
//! with no outlet counts as itself.

use std::collections::{BTreeMap, BTreeSet};

use jiff::ToSpan;
use jiff::civil::Date;
use sitrep_model::{Actor, DatePrecision, Event, EventReport, Factuality, Granularity, MergedEvent};

use crate::common::{Art, actor_key, canonical_outlet, day, days_between, is_state_media, stable_id};

/// One event of one article, as merging sees it.
#[derive(Debug, Clone)]
pub(crate) struct Report<'a> {
    pub art: usize,
    pub event: &'a Event,
    pub keys: BTreeSet<String>,
    pub range: Option<(Date, Date)>,
    pub place: Option<String>,
}

impl<'a> Report<'a> {
    pub fn new(arts: &[Art<'a>], art: usize, event: &'a Event) -> Self {
        let keys = [&event.source, &event.target]
            .into_iter()
            .filter_map(|a| a.as_ref().and_then(|a| a.actor.as_ref()))
            .map(actor_key)
            .collect();
        let place = event.location.as_deref().and_then(|id| arts[art].place_name(id)).map(str::to_lowercase);
        Report { art, event, keys, range: date_range(event), place }
    }

    pub fn compatible(&self, other: &Report<'_>) -> bool {
        codes_compatible(&self.event.root, &other.event.root)
            && actors_compatible(self, other)
            && match (self.range, other.range) {
                // A day either way for time zones, once (not once per side).
                (Some((a0, a1)), Some((b0, b1))) => days_between(b1, a0) <= 1 && days_between(a1, b0) <= 1,
                _ => true,
            }
            && match (&self.place, &other.place) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }
}

fn is_violent(root: &str) -> bool {
    matches!(root, "18" | "19" | "20")
}

pub(crate) fn codes_compatible(a: &str, b: &str) -> bool {
    a == b || (is_violent(a) && is_violent(b))
}

fn actors_compatible(a: &Report<'_>, b: &Report<'_>) -> bool {
    // Statements are the same statement only between the same parties, or with the same
    // code and words.
    if !matches!(a.event.quad_class, 2 | 4) {
        let same_words =
            a.event.code == b.event.code && a.event.trigger.text.to_lowercase() == b.event.trigger.text.to_lowercase();
        return a.keys == b.keys && (a.keys.len() >= 2 || same_words);
    }
    // Both name source and target: the same direction (a retaliation is another event).
    let (sa, ta, sb, tb) = (key(&a.event.source), key(&a.event.target), key(&b.event.source), key(&b.event.target));
    if let (Some(sa), Some(ta), Some(sb), Some(tb)) = (&sa, &ta, &sb, &tb) {
        return sa == sb && ta == tb;
    }
    // One names only the attacker, the other only the attacked, and it is the same country:
    // "Armenia struck" and "shelling of Armenia" are two events.
    if (sa.is_some() && sa == tb && ta.is_none() && sb.is_none())
        || (sb.is_some() && sb == ta && tb.is_none() && sa.is_none())
    {
        return false;
    }
    match (a.keys.is_empty(), b.keys.is_empty()) {
        (false, false) => a.keys.is_subset(&b.keys) || b.keys.is_subset(&a.keys),
        (true, true) => match (&a.place, &b.place) {
            (Some(x), Some(y)) => x == y,
            _ => a.event.trigger.text.to_lowercase() == b.event.trigger.text.to_lowercase(),
        },
        // One side names actors, the other none: only the same place ties them.
        _ => a.place.is_some() && a.place == b.place,
    }
}

fn key(arg: &Option<sitrep_model::Arg>) -> Option<String> {
    arg.as_ref()?.actor.as_ref().map(actor_key)
}

/// The days an event's date can stand for.
pub(crate) fn date_range(e: &Event) -> Option<(Date, Date)> {
    let v = e.date.as_deref()?;
    if let Some(d) = day(v) {
        return Some(match e.date_precision {
            // Dated only by publication: it happened that day or in the days before.
            Some(DatePrecision::Approximate) => (d.checked_sub(7.days()).ok()?, d),
            Some(DatePrecision::Week) => (d.checked_sub(3.days()).ok()?, d.checked_add(7.days()).ok()?),
            Some(DatePrecision::Month) => (d.first_of_month(), d.last_of_month()),
            Some(DatePrecision::Year) => (d.first_of_year(), d.last_of_year()),
            _ => (d, d),
        });
    }
    // A month (`2025-06`) or a year.
    if let Ok(d) = format!("{}-01", v.get(..7)?).parse::<Date>() {
        return Some((d.first_of_month(), d.last_of_month()));
    }
    None
}

/// Group reports into clusters of the same event (indexes into `reports`). Complete link:
/// a report joins a cluster only when it fits every report already in it, so reports dated
/// only by publication cannot chain a Thursday strike to a Sunday one.
pub(crate) fn cluster(reports: &[Report<'_>]) -> Vec<Vec<usize>> {
    // A report naming no actor beside one that does, in the same sentence ("Armenia struck the
    // port, destroying two depots"), goes where that one goes and is not compared itself.
    let host: Vec<Option<usize>> = reports
        .iter()
        .map(|r| {
            if !r.keys.is_empty() {
                return None;
            }
            reports.iter().position(|h| {
                h.art == r.art
                    && h.event.sentence == r.event.sentence
                    && !h.keys.is_empty()
                    && codes_compatible(&h.event.root, &r.event.root)
            })
        })
        .collect();
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    // Mentions that joined through the events stage's link: complete link tests the others
    // only, so a copy of the article finds the same cluster its original's mentions did.
    let mut linked: BTreeSet<usize> = BTreeSet::new();
    for (i, r) in reports.iter().enumerate() {
        if host[i].is_some() {
            continue;
        }
        // A mention the events stage linked to an earlier one in its article joins that one.
        // It is not compared with later reports itself: the one it repeats speaks for it.
        if let Some(c) = r.event.coreferent.as_deref().and_then(|id| {
            clusters.iter().position(|c| c.iter().any(|&j| reports[j].art == r.art && reports[j].event.id == id))
        }) {
            clusters[c].push(i);
            linked.insert(i);
            continue;
        }
        match clusters.iter_mut().find(|c| c.iter().filter(|j| !linked.contains(j)).all(|&j| reports[j].compatible(r)))
        {
            Some(c) => c.push(i),
            None => clusters.push(vec![i]),
        }
    }
    for (i, h) in host.iter().enumerate() {
        if let Some(h) = h
            && let Some(c) = clusters.iter_mut().find(|c| c.contains(h))
        {
            c.push(i);
            c.sort_unstable();
        }
    }
    clusters
}

/// The original reporters a report rests on.
pub(crate) fn origins(arts: &[Art<'_>], art: usize, via: &[String]) -> Vec<String> {
    if !via.is_empty() {
        let mut v: Vec<String> = via.iter().map(|o| canonical_outlet(o)).collect();
        v.sort();
        v.dedup();
        return v;
    }
    // A copy speaks with its original's voice.
    let mut a = art;
    while let Some(c) = arts[a].copy_of {
        a = c;
    }
    vec![arts[a].outlet.clone().unwrap_or_else(|| format!("article {}", arts[a].id()))]
}

/// What makes two reports the same report: the original article (through copies) and
/// everything the event says.
fn signature(arts: &[Art<'_>], r: &Report<'_>) -> String {
    let mut a = r.art;
    while let Some(c) = arts[a].copy_of {
        a = c;
    }
    let e = r.event;
    format!(
        "{a}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{}",
        e.code,
        e.date,
        e.date_precision,
        key(&e.source),
        key(&e.target),
        r.place,
        e.background
    )
}

/// Build the merged event of one cluster of reports.
pub(crate) fn merged(arts: &[Art<'_>], reports: &[Report<'_>], members: &[usize]) -> MergedEvent {
    let mut rs: Vec<&Report<'_>> = members.iter().map(|&i| &reports[i]).collect();
    let first = rs[0];
    // Votes on code, actors and date: one per distinct report, where a copy of an article
    // and a repeated mention within one are the same report (so neither moves the result).
    let mut seen = BTreeSet::new();
    let votes: Vec<&Report<'_>> = rs.iter().copied().filter(|r| seen.insert(signature(arts, r))).collect();
    // The report that carries the merged code leads its article's reports, so the earliest
    // report shown is the one that says what the event is.
    let code = most_common(votes.iter().map(|r| r.event.code.clone()));
    if let Some(p) = rs.iter().position(|r| {
        r.event.code == code && r.art == first.art && r.event.date_precision != Some(DatePrecision::Approximate)
    }) {
        let lead = rs.remove(p);
        rs.insert(0, lead);
    }
    let event_reports: Vec<EventReport> = rs
        .iter()
        .map(|r| {
            let art = &arts[r.art];
            EventReport {
                article: art.id().to_string(),
                event: r.event.id.clone(),
                published: art.day_str(),
                outlet: art.outlet.clone(),
                sourcing: r.event.sourcing.clone(),
                origins: origins(arts, r.art, &r.event.sourcing.via),
                copy_of: art.copy_of.map(|c| arts[c].id().to_string()),
                evidence: art.sentence(r.event.sentence),
            }
        })
        .collect();
    let sources: BTreeSet<String> = event_reports.iter().flat_map(|r| r.origins.iter().cloned()).collect();
    let rep = votes.iter().find(|r| r.event.code == code).copied().unwrap_or(first);
    // Source and target from the reports naming both (so they come as a pair), else apart.
    let pairs: Vec<&Report<'_>> =
        votes.iter().filter(|r| key(&r.event.source).is_some() && key(&r.event.target).is_some()).copied().collect();
    let pool = if pairs.is_empty() { votes.clone() } else { pairs };
    let source = most_common_actor(pool.iter().filter_map(|r| r.event.source.as_ref()?.actor.as_ref()));
    let target = most_common_actor(pool.iter().filter_map(|r| r.event.target.as_ref()?.actor.as_ref()));
    // The most precise date: day-precision dates outvote dates that are only publication days.
    let dated = |p: fn(Option<DatePrecision>) -> bool| {
        votes
            .iter()
            .filter(|r| p(r.event.date_precision) && r.event.date.as_deref().and_then(day).is_some())
            .copied()
            .collect::<Vec<_>>()
    };
    let mut pool = dated(|p| matches!(p, Some(DatePrecision::Day) | None));
    if pool.is_empty() {
        pool = dated(|p| !matches!(p, Some(DatePrecision::Approximate)));
    }
    if pool.is_empty() {
        pool = dated(|_| true);
    }
    // A campaign ("the strikes", "trading attacks through Sunday") stands on the timeline where
    // it began: its reports' later dates tell how long it went on, not when it happened. An
    // incident takes the date most reports give (one outlet's slip or time zone is outvoted).
    let campaign = votes.iter().any(|r| r.event.granularity == Some(Granularity::Campaign));
    let days = || pool.iter().filter_map(|r| r.event.date.as_deref().and_then(day));
    let date = (!pool.is_empty()).then(|| match campaign {
        true => days().min().map(|d| d.to_string()).unwrap_or_default(),
        false => most_common(days().map(|d| d.to_string())),
    });
    let date_precision = date
        .as_ref()
        .and_then(|d| {
            pool.iter().find(|r| r.event.date.as_deref().and_then(day).map(|x| x.to_string()).as_ref() == Some(d))
        })
        .and_then(|r| r.event.date_precision);
    let place = rs
        .iter()
        .find_map(|r| r.event.location.as_deref().and_then(|id| arts[r.art].place_name(id)))
        .map(str::to_string);
    let killed = rs.iter().filter_map(|r| r.event.casualties.as_ref()?.killed).max();
    let injured = rs.iter().filter_map(|r| r.event.casualties.as_ref()?.injured).max();
    let summary = summary(source.as_ref(), &rep.event.trigger.text, &code, target.as_ref());
    MergedEvent {
        id: stable_id("m", &[arts[first.art].id(), &first.event.id]),
        summary,
        root: rep.event.root.clone(),
        quad_class: rep.event.quad_class,
        goldstein: rep.event.goldstein,
        plover: rep.event.plover.kind.clone(),
        code,
        source,
        target,
        place,
        date,
        date_precision,
        factuality: Factuality::ACTUAL,
        background: rs.iter().all(|r| r.event.background),
        independent_sources: sources.len(),
        state_media: sources.iter().filter(|s| is_state_media(s)).cloned().collect(),
        sources: sources.into_iter().collect(),
        reports: event_reports,
        earliest: 0,
        killed,
        injured,
    }
}

/// "Israel — strikes (190) → Iran".
pub(crate) fn summary(source: Option<&Actor>, trigger: &str, code: &str, target: Option<&Actor>) -> String {
    let mut s = String::new();
    if let Some(a) = source {
        s.push_str(&a.name);
        s.push_str(" — ");
    }
    s.push_str(trigger.trim());
    s.push_str(&format!(" ({code})"));
    if let Some(a) = target {
        s.push_str(" → ");
        s.push_str(&a.name);
    }
    s
}

/// The most frequent value; ties go to the one seen first.
pub(crate) fn most_common(values: impl Iterator<Item = String>) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(k, _)| *k == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    counts.into_iter().find(|(_, n)| *n == max).map(|(k, _)| k).unwrap_or_default()
}

/// The actor named most often (by code, then id), ties to the first.
pub(crate) fn most_common_actor<'a>(actors: impl Iterator<Item = &'a Actor>) -> Option<Actor> {
    let actors: Vec<&Actor> = actors.collect();
    let mut by_key: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &actors {
        *by_key.entry(a.id.as_str()).or_default() += 1;
    }
    let max = by_key.values().copied().max()?;
    actors.iter().find(|a| by_key[a.id.as_str()] == max).map(|a| (*a).clone())
}
