//! Within-article event coreference: later mentions of a happening already reported ("the air
//! raids" … "jets hit the enrichment plant"; "the president vetoed the plan" … "he killed
//! it") point to its first mention through `coreferent`,
//! before any cross-article merging. The outlets a report came through, named at one mention
//! only, go to the first mention too.
//!
//! Deliberately conservative: two mentions are one happening only when nothing about them
//! differs — same kind of act (force counts as one kind: a bombing is a strike), same
//! factuality, no conflicting source or target country, no two different exact days, and for
//! speech acts the same known speaker within a few sentences.

use sitrep_model::{DatePrecision, Event};

/// How many sentences apart two mentions of one speech act may stand.
const SPEECH_WINDOW: usize = 5;

/// The kind of act, for matching: the CAMEO root, with the uses of force (18–20) as one.
fn family(e: &Event) -> &str {
    match e.root.as_str() {
        "18" | "19" | "20" => "force",
        r => r,
    }
}

fn is_speech(e: &Event) -> bool {
    matches!(e.root.as_str(), "01" | "02" | "03" | "04" | "05" | "09" | "10" | "11" | "12" | "13")
}

fn country(a: &Option<sitrep_model::Arg>) -> Option<&str> {
    let actor = a.as_ref()?.actor.as_ref()?;
    actor.country.as_deref().or(Some(actor.code.as_str())).filter(|c| !c.is_empty())
}

fn compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

fn exact_day(e: &Event) -> Option<&str> {
    (e.date_precision == Some(DatePrecision::Day)).then_some(e.date.as_deref()).flatten()
}

/// Whether `later` can be another mention of `first`.
fn same_happening(first: &Event, later: &Event) -> bool {
    if family(first) != family(later) || first.factuality != later.factuality || first.sentence == later.sentence {
        return false;
    }
    if !compatible(country(&first.source), country(&later.source))
        || !compatible(country(&first.target), country(&later.target))
    {
        return false;
    }
    if let (Some(a), Some(b)) = (exact_day(first), exact_day(later))
        && a != b
    {
        return false;
    }
    if let (Some(a), Some(b)) = (&first.proposition, &later.proposition)
        && a.code.get(..2) != b.code.get(..2)
    {
        return false;
    }
    if is_speech(first) {
        // Statements repeat often and differ in content: only the same known speaker, soon after.
        return country(&first.source).is_some()
            && country(&first.source) == country(&later.source)
            && later.sentence <= first.sentence + SPEECH_WINDOW;
    }
    // Material acts: at least one side named on both, so "attacks" alone do not merge by kind.
    country(&first.source).is_some() && country(&later.source).is_some()
        || country(&first.target).is_some() && country(&later.target).is_some()
}

/// Sets `coreferent` on every later mention of an earlier event (the nearest first mention
/// that fits) and gives the first mention the relay outlets and source description a later
/// mention carries ("Trump shot it down, sources told Reuters and the AP"). Events must be
/// in text order with their ids assigned.
pub fn link(events: &mut [Event]) {
    for k in 1..events.len() {
        let found = (0..k).rev().find(|&j| events[j].coreferent.is_none() && same_happening(&events[j], &events[k]));
        let Some(j) = found else { continue };
        let (head, rest) = events.split_at_mut(k);
        let (first, later) = (&mut head[j], &mut rest[0]);
        later.coreferent = Some(first.id.clone());
        if first.sourcing.kind == later.sourcing.kind && first.sourcing.via.is_empty() && !later.sourcing.via.is_empty()
        {
            first.sourcing.via = later.sourcing.via.clone();
        }
        if first.sourcing.kind == later.sourcing.kind && first.sourcing.description.is_none() {
            first.sourcing.description = later.sourcing.description.clone();
        }
    }
}
