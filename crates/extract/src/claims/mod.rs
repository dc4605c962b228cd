//! Claims: who asserts (or denies) what, as one record per statement, so that later stages
//! can set claims that contradict each other side by side. Every quote becomes a claim; so
//! does every speech-act event (an event with a `proposition`, or a verbal CAMEO act:
//! statements, appeals, intents, demands, disapproval, rejection, threats). A quote and an
//! event on the same cue make one claim carrying both ids.
//!
//! The act comes from the cue ("denied" -> denial, "warned" -> threat, "urged" -> appeal),
//! else the event's CAMEO code, else the content (a negated statement is a denial, "will"
//! with a harm word is a threat, "will" alone a prediction); the stance is `denies` when the
//! cue denies its content ("denied that ...", "dismissed the claims"), else `affirms`.
//!
//! Deliberately absent: linking claims to each other (support, contradiction) — that is the
//! story stage's job, across articles.

use sitrep_model::{Claim, ClaimAct, Event, Polarity, QuoteKind, Sourcing, Span, Speaker, Stance, Status};

use crate::quotes::Attributions;
use crate::segment::Segmentation;

/// Build the claims layer. Ids are `c1`, `c2`, ... in text order (quote content or event
/// trigger).
pub fn run(text: &str, seg: &Segmentation, attributions: &Attributions, events: &[Event]) -> Vec<Claim> {
    let mut out: Vec<(usize, Claim)> = Vec::new();
    let mut event_used = vec![false; events.len()];
    for (q, info) in attributions.quotes.iter().zip(&attributions.info) {
        let event =
            events.iter().position(|e| is_speech_act(e) && e.trigger.start < q.cue.end && q.cue.start < e.trigger.end);
        if let Some(i) = event {
            event_used[i] = true;
        }
        let e = event.map(|i| &events[i]);
        let act = if q.non_response {
            None
        } else {
            info.act.or_else(|| e.and_then(act_of_event)).or_else(|| Some(act_of_content(&q.text, q.kind)))
        };
        let stance = if info.denies { Stance::Denies } else { Stance::Affirms };
        out.push((
            q.start,
            Claim {
                id: String::new(),
                claimant: q.speaker.clone().unwrap_or(Speaker { mention: None, actor: None }),
                quote: Some(q.id.clone()),
                event: e.map(|e| e.id.clone()),
                stance,
                act,
                text: if q.non_response && !q.text.starts_with(&q.cue.text) {
                    format!("{} {}", q.cue.text, q.text)
                } else {
                    claim_text(&q.text)
                },
                sourcing: q.sourcing.clone(),
                non_response: q.non_response,
                confidence: (q.confidence * 0.95).clamp(0.0, 1.0),
            },
        ));
    }
    for (i, e) in events.iter().enumerate() {
        if event_used[i] || !is_speech_act(e) {
            continue;
        }
        // A speech act that did not happen ("Iran did not threaten") asserts nothing.
        if e.factuality.polarity == Polarity::Negative || e.factuality.status != Status::Actual {
            continue;
        }
        let non_response = e.code.starts_with("011");
        let claim_text = seg
            .sentences
            .get(e.sentence)
            .map(|s| trim_sentence(text, s.span()))
            .unwrap_or_else(|| e.trigger.text.clone());
        let claimant = e
            .source
            .as_ref()
            .map(|a| Speaker { mention: a.mention.clone(), actor: a.actor.clone() })
            .unwrap_or(Speaker { mention: None, actor: None });
        let denies = e.root == "12" || e.code.starts_with("016");
        out.push((
            e.trigger.start,
            Claim {
                id: String::new(),
                claimant,
                quote: None,
                event: Some(e.id.clone()),
                stance: if denies { Stance::Denies } else { Stance::Affirms },
                act: if non_response { None } else { act_of_event(e).or(Some(ClaimAct::Assertion)) },
                text: claim_text,
                sourcing: event_sourcing(e, attributions),
                non_response,
                confidence: (e.confidence * 0.9).clamp(0.0, 1.0),
            },
        ));
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter()
        .enumerate()
        .map(|(n, (_, mut c))| {
            c.id = format!("c{}", n + 1);
            c
        })
        .collect()
}

/// Whether an event is a speech act: it carries a proposition, or its CAMEO root is a
/// verbal act. Consultations (04), signing agreements (057) and investigations (09) are
/// verbal in CAMEO's quad classes but are acts, not statements; protests (14) are material.
pub fn is_speech_act(e: &Event) -> bool {
    if e.proposition.is_some() {
        return true;
    }
    match e.root.as_str() {
        "01" | "02" | "03" | "10" | "11" | "12" | "13" => true,
        "05" => !e.code.starts_with("057"),
        _ => false,
    }
}

/// The act a CAMEO code makes.
pub fn act_of_event(e: &Event) -> Option<ClaimAct> {
    let c = e.code.as_str();
    Some(match e.root.as_str() {
        _ if c.starts_with("011") => return None,
        _ if c.starts_with("016") => ClaimAct::Denial,
        // Considering a policy option is proposing it, not stating a fact.
        _ if c.starts_with("014") => ClaimAct::Proposal,
        "01" | "05" => ClaimAct::Assertion,
        "02" | "10" => ClaimAct::Appeal,
        "03" if c.starts_with("036") || c.starts_with("037") || c.starts_with("039") => ClaimAct::Proposal,
        "03" => ClaimAct::Promise,
        "11" => ClaimAct::Accusation,
        "12" => ClaimAct::Denial,
        "13" => ClaimAct::Threat,
        _ => return None,
    })
}

/// The act of a content when its cue is neutral ("said").
pub fn act_of_content(content: &str, kind: QuoteKind) -> ClaimAct {
    let words: Vec<String> = content
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
        .collect();
    let has = |set: &[&str]| words.iter().any(|w| set.contains(&w.as_str()));
    let future = has(&["will", "'ll", "won't", "going", "shall"]);
    const HARM: &[&str] = &[
        "respond",
        "response",
        "retaliate",
        "retaliation",
        "revenge",
        "strike",
        "destroy",
        "attack",
        "punish",
        "pay",
        "price",
        "regret",
        "responsibility",
        "consequences",
        "crush",
        "crushing",
        "annihilate",
        "war",
    ];
    if future && has(HARM) {
        return ClaimAct::Threat;
    }
    if has(&["not", "n't", "never", "no", "nothing", "false", "baseless", "lies"])
        && (has(&["involved", "true", "responsible", "happened", "behind", "role", "evidence", "part"])
            || words.first().is_some_and(|w| w == "no"))
    {
        return ClaimAct::Denial;
    }
    if kind == QuoteKind::Intention {
        return ClaimAct::Proposal;
    }
    if future || has(&["soon", "expect", "expects", "likely"]) {
        return ClaimAct::Prediction;
    }
    ClaimAct::Assertion
}

fn event_sourcing(e: &Event, attributions: &Attributions) -> Sourcing {
    // The event's own sourcing when its stage set one beyond the author's voice; else what
    // the quotes stage knows about its sentence.
    match e.sourcing.kind {
        sitrep_model::SourcingKind::Author | sitrep_model::SourcingKind::Unattributed => {
            attributions.sourcing_for_span(e.trigger.span())
        }
        _ => e.sourcing.clone(),
    }
}

/// What a quote claims, without the complementizer that opens a reported clause ("that the
/// U.S. was involved" claims "the U.S. was involved").
fn claim_text(content: &str) -> String {
    match content.strip_prefix("that ") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => content.to_string(),
    }
}

fn trim_sentence(text: &str, s: Span) -> String {
    text.get(s.start..s.end).unwrap_or("").trim_end_matches(['.', ' ']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acts_from_content() {
        assert_eq!(act_of_content("We will respond with force", QuoteKind::Speech), ClaimAct::Threat);
        assert_eq!(act_of_content("the U.S. is not involved", QuoteKind::Speech), ClaimAct::Denial);
        assert_eq!(act_of_content("Iran and Israel will make a deal", QuoteKind::Speech), ClaimAct::Prediction);
        assert_eq!(act_of_content("the strikes hit three sites", QuoteKind::Speech), ClaimAct::Assertion);
        assert_eq!(act_of_content("a meeting with Araghchi", QuoteKind::Intention), ClaimAct::Proposal);
    }
}

#[cfg(test)]
mod event_tests {
    use sitrep_model::{
        Arg, Article, Event, Evidence, Factuality, Plover, Polarity, Proposition, Published, Sourcing, SourcingKind,
        SpanText, Stance, Status,
    };

    use super::*;
    use crate::Pipeline;

    /// An event on the first occurrence of `trigger` in `text`.
    fn event(text: &str, id: &str, trigger: &str, code: &str, source: Option<&str>) -> Event {
        let at = text.find(trigger).unwrap();
        let span = Span::new(at, at + trigger.len());
        let arg = source.map(|s| {
            let a = text.find(s).unwrap();
            Arg { start: a, end: a + s.len(), text: s.to_string(), actor: None, mention: None }
        });
        Event {
            id: id.into(),
            sentence: 0,
            trigger: SpanText::of(text, span),
            code: code.into(),
            root: code[..2].into(),
            quad_class: 3,
            goldstein: -4.0,
            plover: Plover { kind: "THREATEN".into(), mode: None, context: None },
            source: arg,
            target: None,
            location: None,
            date: None,
            date_precision: None,
            time: None,
            factuality: Factuality::ACTUAL,
            proposition: None,
            background: false,
            casualties: None,
            main: false,
            coreferent: None,
            granularity: None,
            sourcing: Sourcing::of(SourcingKind::Author),
            confidence: 0.8,
            evidence: Evidence::rule("test"),
        }
    }

    fn claims_for(text: &str, mut events: Vec<Event>) -> Vec<Claim> {
        let p = Pipeline::new();
        let mut a = Article::new("t", text);
        a.published = Some(Published::parse("2025-06-15").unwrap());
        let (doc, attributions) = p.run_detailed(a);
        let seg = p.segment(text);
        for e in &mut events {
            e.sentence = seg.sentence_at(e.trigger.start).unwrap();
        }
        let events = &events[..];
        let claims = run(text, &seg, &attributions.unwrap(), events);
        // The claims with these events pass the invariant check too.
        let mut doc = doc;
        doc.events = Some(events.to_vec());
        doc.claims = Some(claims.clone());
        assert_eq!(sitrep_model::check::check(&doc), Vec::<String>::new());
        claims
    }

    #[test]
    fn a_quote_and_an_event_on_one_cue_make_one_claim() {
        let text = "Pezeshkian threatened a crushing response to any new attack.";
        let mut e = event(text, "e1", "threatened", "138", Some("Pezeshkian"));
        e.proposition = Some(Proposition {
            code: "190".into(),
            source: None,
            target: None,
            factuality: Factuality { polarity: Polarity::Positive, status: Status::Planned },
        });
        let claims = claims_for(text, vec![e]);
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].quote.as_deref(), Some("q1"));
        assert_eq!(claims[0].event.as_deref(), Some("e1"));
        assert_eq!(claims[0].act, Some(ClaimAct::Threat));
    }

    #[test]
    fn speech_act_events_without_quotes_become_claims() {
        // "lashed" is no cue of the quotes stage: only the event makes the claim; the strike
        // is no speech act and makes none.
        let text = "Iran lashed Israel over the raid. Israel struck a depot near Tabriz.";
        let accuse = event(text, "e1", "lashed", "112", Some("Iran"));
        let strike = event(text, "e2", "struck", "190", Some("Israel"));
        let claims = claims_for(text, vec![accuse, strike]);
        assert_eq!(claims.len(), 1, "{claims:#?}");
        assert_eq!(claims[0].event.as_deref(), Some("e1"));
        assert_eq!(claims[0].quote, None);
        assert_eq!(claims[0].act, Some(ClaimAct::Accusation));
        assert_eq!(claims[0].text, "Iran lashed Israel over the raid");
    }

    #[test]
    fn rejections_deny_declined_comments_are_non_responses_negated_acts_assert_nothing() {
        let text = "Tehran rebuffed the proposal. Oman gave no comment. Iran did not threaten anyone.";
        let reject = event(text, "e1", "rebuffed", "125", Some("Tehran"));
        let decline = event(text, "e2", "gave", "011", Some("Oman"));
        let mut negated = event(text, "e3", "threaten", "130", Some("Iran"));
        negated.factuality.polarity = Polarity::Negative;
        let claims = claims_for(text, vec![reject, decline, negated]);
        let by_event = |id: &str| claims.iter().find(|c| c.event.as_deref() == Some(id));
        let r = by_event("e1").unwrap();
        assert_eq!((r.stance, r.act), (Stance::Denies, Some(ClaimAct::Denial)));
        let d = by_event("e2").unwrap();
        assert!(d.non_response && d.act.is_none());
        assert!(by_event("e3").is_none());
        let ids: Vec<&str> = claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, (1..=claims.len()).map(|i| format!("c{i}")).collect::<Vec<_>>());
    }
}
