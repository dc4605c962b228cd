//! Claims read into proposition frames, and contradictions between them.
//!
//! A claim's content (its quote, else the sentence of its speech act) is cut into clauses
//! (at semicolons, dashes, "and", "but"); the first frame (in lexicon order) with a cue in a
//! clause wins. Polarity: positive, flipped by a cue marked `neg` ("unilateral"), by each
//! negation in the cue's clause ("not capable of any action without permission": two flips),
//! and by the claim denying its content ("the White House flatly denied that the US had
//! joined"). A threat condition is read only from threats.
//!
//! Arguments bind the frame to the story: involvement and responsibility take the country
//! the claim names that is not a party to the event it is about (nearest the cue first), and
//! that event is the story's most reported material event involving the other countries the
//! claim names, else its central event; occurrence and casualties take the merged event the
//! claim reports (else the central one) and, for casualties, the figure; meetings,
//! negotiation and threat conditions take the countries of the cue's clause.
//!
//! A denial that only names another claim ("dismissed Rubio's claims") takes that claim's
//! frame with the opposite polarity. A contradiction is claims of both polarities on one frame
//! with the same arguments (for casualties: different figures for one event from parties of
//! different countries within a day; for occurrence, a claim reporting the event affirms it);
//! claims in other frames never meet.

use std::collections::BTreeMap;

use sitrep_model::{Claim, ClaimAct, Contradiction, Frame, FrameReading, MergedEvent, Side, Span, Stance, StoryClaim};

use crate::common::{Art, actor_key, stable_id, words};
use crate::lexicon::Lexicon;

/// Clause separators inside a claim's content.
const CLAUSE_BREAKS: &[&str] = &["; ", " — ", " – ", " -- ", ", and ", " and ", ", but ", " but ", ", while ", ": "];

/// The content span of a claim: its quote, else the sentence of its event.
pub(crate) fn content_span(art: &Art<'_>, claim: &Claim) -> Option<Span> {
    let doc = art.doc;
    if let Some(q) = claim.quote.as_deref().and_then(|q| doc.quotes.as_ref()?.iter().find(|x| x.id == q)) {
        return Some(q.span());
    }
    let e = claim.event.as_deref().and_then(|e| doc.events.as_ref()?.iter().find(|x| x.id == e))?;
    Some(art.sentence(e.sentence).span())
}

fn clauses(text: &str, base: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < text.len() {
        if let Some(sep) = CLAUSE_BREAKS.iter().find(|s| text[i..].starts_with(**s)) {
            out.push((base + start, &text[start..i]));
            i += sep.len();
            start = i;
        } else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push((base + start, &text[start..]));
    out
}

/// Country (or actor-code) keys of the actor mentions inside a span, with their offsets.
fn keys_in(art: &Art<'_>, start: usize, end: usize) -> Vec<(String, usize)> {
    art.doc
        .mentions
        .iter()
        .flatten()
        .filter(|m| m.start >= start && m.end <= end)
        .filter_map(|m| {
            let a = m.actor.as_ref()?;
            (a.sector.as_deref() != Some("MED")).then(|| (actor_key(a), m.start))
        })
        .collect()
}

fn event_keys(m: &MergedEvent) -> Vec<String> {
    [&m.source, &m.target].into_iter().flatten().map(actor_key).collect()
}

/// The first number in a text (digits, with thousands commas, or a small number word).
fn figure(text: &str) -> Option<u32> {
    const SMALL: &[&str] =
        &["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    text.split_whitespace().find_map(|t| {
        let t = t.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == ',') {
            return t.replace(',', "").parse().ok();
        }
        SMALL.iter().position(|s| *s == t).map(|n| n as u32)
    })
}

/// What a story's claims are read against.
pub(crate) struct Story<'s> {
    /// Material (quad-class 4) merged events, most reported first.
    pub material: Vec<&'s MergedEvent>,
    pub all: &'s [MergedEvent],
}

impl Story<'_> {
    fn central(&self) -> Option<&MergedEvent> {
        self.material.first().copied()
    }

    /// The merged event one of the article's events was merged into.
    fn merged_of(&self, article: &str, event: &str) -> Option<&MergedEvent> {
        self.all.iter().find(|m| m.reports.iter().any(|r| r.article == article && r.event == event))
    }
}

/// Read one claim into a frame.
pub(crate) fn read(lex: &Lexicon, art: &Art<'_>, claim: &Claim, story: &Story<'_>) -> Option<FrameReading> {
    if claim.non_response {
        return None;
    }
    // Appeals, proposals, promises and predictions say what should or will be, not what is:
    // "Iran should make a deal" is no claim about Iran's intent. Threats only state conditions.
    let asserts = matches!(claim.act, None | Some(ClaimAct::Assertion | ClaimAct::Denial | ClaimAct::Accusation));
    let threat = claim.act == Some(ClaimAct::Threat);
    if !asserts && !threat {
        return None;
    }
    let span = content_span(art, claim)?;
    let text = art.doc.slice(span);
    let cls = clauses(text, span.start);
    let (cue, (cstart, clause), at) = {
        let cls_words: Vec<Vec<String>> = cls.iter().map(|cl| words(cl.1)).collect();
        lex.frames
            .iter()
            .filter(|c| (c.frame == Frame::ThreatCondition) == threat)
            .find_map(|c| cls.iter().zip(&cls_words).find_map(|(cl, ws)| c.cue.find(ws).first().map(|&i| (c, *cl, i))))
    }?;
    let ws = words(clause);
    let mut positive = !cue.negative;
    // Negations before the cue in its clause ("not involved", "impossible without
    // their support"); those after it belong to something else ("make a deal
    // before there is nothing left").
    if lex.negations_in(&ws[..at]) % 2 == 1 {
        positive = !positive;
    }
    if lex.modals.iter().any(|m| !m.find(&ws[..at]).is_empty()) {
        return None;
    }
    if claim.stance == Stance::Denies {
        positive = !positive;
    }
    // Where the cue sits, roughly: its first word's offset in the clause.
    let cue_word = &ws[at];
    let cue_at = cstart + clause.to_lowercase().find(cue_word.as_str()).unwrap_or(0);
    let in_content = keys_in(art, span.start, span.end);
    let in_clause = keys_in(art, cstart, cstart + clause.len());
    let (actor, event, args) = match cue.frame {
        Frame::Involvement | Frame::Responsibility => bind_party(&in_content, cue_at, story)?,
        Frame::Occurrence | Frame::Casualties => {
            let reported = art
                .doc
                .events
                .iter()
                .flatten()
                .filter(|e| e.trigger.start >= span.start && e.trigger.end <= span.end)
                .find_map(|e| story.merged_of(art.id(), &e.id))
                .or_else(|| story.central())?;
            let args = if cue.frame == Frame::Casualties {
                format!("{}={}", cue_word, figure(clause).map_or_else(|| "?".into(), |n| n.to_string()))
            } else {
                reported.summary.clone()
            };
            (None, Some(reported.id.clone()), args)
        }
        Frame::MeetingAgreed | Frame::MeetingHeld | Frame::Negotiation | Frame::ThreatCondition => {
            let pool = if in_clause.is_empty() { &in_content } else { &in_clause };
            let mut keys: Vec<String> = pool.iter().map(|(k, _)| k.clone()).collect();
            // "would not negotiate while under attack": the claimant speaks for itself.
            if keys.is_empty() {
                keys.extend(claim.claimant.actor.as_ref().map(actor_key));
            }
            if keys.is_empty() {
                return None;
            }
            keys.sort();
            keys.dedup();
            let actor =
                (cue.frame == Frame::ThreatCondition).then(|| claim.claimant.actor.as_ref().map(actor_key)).flatten();
            (actor, None, keys.join("–"))
        }
    };
    if cue.frame == Frame::Casualties && figure(clause).is_none() {
        return None;
    }
    Some(FrameReading { frame: cue.frame, actor, event, args, positive, rule: cue.rule.clone() })
}

/// Involvement and responsibility: the party the claim is about and the event.
fn bind_party(
    keys: &[(String, usize)],
    cue_at: usize,
    story: &Story<'_>,
) -> Option<(Option<String>, Option<String>, String)> {
    let in_material = |k: &str| story.material.iter().any(|m| event_keys(m).iter().any(|x| x == k));
    let mut cands: Vec<&(String, usize)> = keys.iter().collect();
    cands.sort_by_key(|(k, at)| (in_material(k), at.abs_diff(cue_at)));
    let mut seen = Vec::new();
    for (x, _) in cands {
        if seen.contains(&x) {
            continue;
        }
        seen.push(x);
        let others: Vec<&String> = keys.iter().map(|(k, _)| k).filter(|k| *k != x).collect();
        // With no other party named, the claim is about the story's central event.
        let pool: Vec<&MergedEvent> =
            if others.is_empty() { story.central().into_iter().collect() } else { story.material.clone() };
        let event = pool.into_iter().find(|m| {
            let ks = event_keys(m);
            !ks.is_empty() && !ks.contains(x) && (others.is_empty() || others.iter().any(|o| ks.contains(o)))
        });
        if let Some(m) = event {
            return Some((Some(x.clone()), Some(m.id.clone()), format!("{x} in {}", m.summary)));
        }
    }
    None
}

/// A denial that names another claim: "dismissed Rubio's claims".
pub(crate) fn by_reference(claim: &StoryClaim, framed: &[StoryClaim]) -> Option<FrameReading> {
    if claim.stance != Stance::Denies && claim.act != Some(ClaimAct::Denial) {
        return None;
    }
    const CLAIM_NOUNS: &[&str] = &[
        "claim",
        "claims",
        "remarks",
        "statement",
        "statements",
        "assertion",
        "assertions",
        "allegation",
        "allegations",
        "accusation",
        "accusations",
        "comments",
        "account",
        "version",
    ];
    let text = claim.text.replace('’', "'");
    framed.iter().filter(|o| o.frame.is_some() && !(o.claim == claim.claim && o.article == claim.article)).find_map(
        |o| {
            let r = o.frame.as_ref()?;
            // Only a person's claims are named by their surname.
            o.actor.as_ref()?.role.as_ref()?;
            let name = o.speaker.as_deref()?.split_whitespace().last()?;
            let at = text.find(&format!("{name}'s "))? + name.len() + 3;
            let noun = text[at..].split(|c: char| !c.is_alphabetic()).next()?;
            CLAIM_NOUNS.contains(&noun).then(|| FrameReading {
                positive: !r.positive,
                rule: format!("denies {}/{}", o.article, o.claim),
                ..r.clone()
            })
        },
    )
}

/// Frame, actor, event, other arguments: claims with equal keys are about the same thing.
type FrameKey = (Frame, Option<String>, Option<String>, String);

/// Contradictions among a story's framed claims.
pub(crate) fn contradictions(claims: &[StoryClaim], events: &[MergedEvent]) -> Vec<Contradiction> {
    // (claim, affirms the frame's proposition) per frame key.
    let mut groups: BTreeMap<FrameKey, Vec<(&StoryClaim, bool)>> = BTreeMap::new();
    let party = |c: &StoryClaim| c.actor.is_some() || c.speaker.is_some();
    for c in claims {
        // The article's own voice is not a party to a dispute.
        let Some(r) = c.frame.as_ref().filter(|_| party(c)) else { continue };
        let args = if r.frame == Frame::Casualties { String::new() } else { r.args.clone() };
        groups.entry((r.frame, r.actor.clone(), r.event.clone(), args)).or_default().push((c, r.positive));
    }
    // "No clash took place" is answered by whoever reports the clash: a claim whose content
    // lies in a sentence that reports the event affirms that it happened.
    for ((frame, _, event, _), members) in groups.iter_mut() {
        let (Frame::Occurrence, Some(id)) = (frame, event) else { continue };
        let Some(m) = events.iter().find(|m| &m.id == id) else { continue };
        for c in claims.iter().filter(|c| party(c) && c.frame.as_ref().is_none_or(|r| r.frame != Frame::Occurrence)) {
            let reports_it = m.reports.iter().any(|r| {
                r.article == c.article && r.evidence.start <= c.evidence.start && c.evidence.end <= r.evidence.end
            });
            if reports_it && !members.iter().any(|(x, _)| std::ptr::eq(*x, c)) {
                members.push((c, true));
            }
        }
    }
    let mut out = Vec::new();
    for ((frame, actor, event, args), members) in groups {
        let disputed = if frame == Frame::Casualties {
            // Tolls rise as days pass: only parties of different countries giving different
            // figures within a day of each other disagree.
            members.iter().map(|(c, _)| c).any(|a| {
                members.iter().map(|(c, _)| c).any(|b| {
                    let (ca, cb) = (
                        a.actor.as_ref().and_then(|x| x.country.as_ref()),
                        b.actor.as_ref().and_then(|x| x.country.as_ref()),
                    );
                    ca.is_some()
                        && cb.is_some()
                        && ca != cb
                        && a.frame.as_ref().map(|r| &r.args) != b.frame.as_ref().map(|r| &r.args)
                        && within_a_day(a.date.as_deref(), b.date.as_deref())
                })
            })
        } else {
            let pos = members.iter().filter(|(_, p)| *p).count();
            pos > 0 && pos < members.len()
        };
        if !disputed {
            continue;
        }
        let mut sides: Vec<Side> = members
            .iter()
            .map(|(c, positive)| Side {
                speaker: c.speaker.clone(),
                actor: c.actor.clone(),
                stance: if *positive { Stance::Affirms } else { Stance::Denies },
                text: c.text.clone(),
                date: c.date.clone(),
                sourcing: c.sourcing.clone(),
                claim: c.claim.clone(),
                evidence: c.evidence.clone(),
            })
            .collect();
        sides.sort_by(|a, b| (a.stance != Stance::Affirms, &a.date).cmp(&(b.stance != Stance::Affirms, &b.date)));
        let about = event.as_deref().and_then(|id| events.iter().find(|m| m.id == id)).map(|m| m.summary.clone());
        let subject = match (frame, &actor, &about) {
            (Frame::Involvement, Some(a), Some(e)) => format!("{a} involvement in {e}"),
            (Frame::Responsibility, Some(a), Some(e)) => format!("{a} responsibility for {e}"),
            (Frame::Occurrence, _, Some(e)) => format!("whether {e} happened"),
            (Frame::Casualties, _, Some(e)) => format!("casualties of {e}"),
            (f, _, _) => format!("{} {args}", frame_label(f)),
        };
        let first = members[0].0;
        out.push(Contradiction {
            id: stable_id("x", &[&first.article, &first.claim, frame_label(frame)]),
            frame,
            subject,
            actor,
            event,
            args,
            sides,
        });
    }
    out
}

fn within_a_day(a: Option<&str>, b: Option<&str>) -> bool {
    match (a.and_then(crate::common::day), b.and_then(crate::common::day)) {
        (Some(x), Some(y)) => crate::common::days_between(x, y).abs() <= 1,
        _ => false,
    }
}

pub(crate) fn frame_label(f: Frame) -> &'static str {
    match f {
        Frame::Involvement => "involvement",
        Frame::Responsibility => "responsibility",
        Frame::Occurrence => "occurrence",
        Frame::Casualties => "casualties",
        Frame::MeetingAgreed => "meeting agreed",
        Frame::MeetingHeld => "meeting held",
        Frame::Negotiation => "negotiation",
        Frame::ThreatCondition => "threat condition",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_split_at_conjunctions_and_dashes() {
        let t = "the raid was unilateral and Washington is not involved — officials said";
        let c: Vec<&str> = clauses(t, 0).into_iter().map(|(_, s)| s).collect();
        assert_eq!(c, vec!["the raid was unilateral", "Washington is not involved", "officials said"]);
        assert_eq!(clauses(t, 10)[1].0, 10 + t.find("Washington").unwrap());
    }

    #[test]
    fn figures_read_digits_and_small_words() {
        assert_eq!(figure("at least 1,200 people were killed"), Some(1200));
        assert_eq!(figure("two soldiers died"), Some(2));
        assert_eq!(figure("many died"), None);
    }
}
