//! From a source as written to who it is and on whose authority: the speaker (the mention the
//! source is, contains, or refers back to — "He" to the last fitting person, "They" to the
//! last body or group, "the ministry" to the last mention of a ministry, "who" to the phrase
//! before it), the sourcing (named person or organisation, anonymous with its description,
//! an outlet's own reporting, relayed `via` outlets) and the channel ("on Truth Social",
//! "told ABC News", "in a statement").
//!
//! `speaker.mention` is always an id of the mentions layer: a pronoun resolves to its
//! antecedent's mention; no mention is ever made up here.

use sitrep_model::{MentionKind, Sourcing, SourcingKind, Speaker};

use super::Draft;
use super::view::View;
use crate::actors::{ActorLexicon, Gender};

/// The resolution of one draft.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    pub speaker: Option<Speaker>,
    /// The mention index the speaker came from.
    pub mention: Option<usize>,
    pub sourcing: Sourcing,
    pub channel: Option<String>,
    /// Factor on the draft's confidence (lower for guessed antecedents).
    pub confidence: f32,
}

/// Mention rules naming a person.
const PERSON_RULES: &[&str] = &[
    "actor.person",
    "actor.title+person",
    "actor.title+name",
    "actor.title+name+context",
    "actor.repeated_name",
    "actor.office_holder",
    "actor.office",
    "actor.definite_office",
];

const ORG_RULES: &[&str] = &["actor.org", "actor.country", "actor.capital_for_government"];

pub(crate) fn resolve_all(v: &View, drafts: &[Draft], actors: &ActorLexicon) -> Vec<Resolved> {
    let mut out: Vec<Resolved> = Vec::with_capacity(drafts.len());
    for d in drafts {
        if let Some(c) = d.continues.filter(|&c| c < out.len()) {
            out.push(out[c].clone());
            continue;
        }
        let (mut mention, conf) = match d.source {
            Some(src) => speaker_mention(v, d, src, drafts, &out, actors),
            None => (None, 1.0),
        };
        let (sourcing, via_used) = sourcing(v, d, mention, actors);
        // Anonymous sources relayed by an outlet ("according to Axios and two people briefed")
        // have no speaker; the outlet is in `via`.
        if sourcing.kind == SourcingKind::Anonymous
            && mention.is_some_and(|m| v.mentions[m].evidence.rule == "actor.outlet")
        {
            mention = None;
        }
        let speaker =
            mention.map(|m| Speaker { mention: Some(v.mentions[m].id.clone()), actor: v.mentions[m].actor.clone() });
        let channel = channel(v, d, actors, &via_used);
        out.push(Resolved { speaker, mention, sourcing, channel, confidence: conf });
    }
    // A statement inside a report inherits the report's authority: "According to Axios and
    // sources, the White House is exploring a meeting" is the White House's intention on
    // the word of anonymous sources via Axios.
    for i in 0..drafts.len() {
        let cue = drafts[i].cue;
        let outer = (0..drafts.len())
            .filter(|&j| j != i && !drafts[j].direct && !drafts[j].non_response)
            .filter(|&j| drafts[j].content_toks.0 <= cue.0 && cue.1 <= drafts[j].content_toks.1)
            .filter(|&j| matches!(out[j].sourcing.kind, SourcingKind::Anonymous | SourcingKind::Outlet))
            .min_by_key(|&j| drafts[j].content_toks.1 - drafts[j].content_toks.0);
        if let Some(j) = outer {
            out[i].sourcing = out[j].sourcing.clone();
        }
    }
    out
}

/// Pronoun classes a source can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pron {
    He,
    She,
    They,
    It,
}

/// The mention a source resolves to, and a confidence factor.
fn speaker_mention(
    v: &View,
    d: &Draft,
    (a, b): (usize, usize),
    drafts: &[Draft],
    done: &[Resolved],
    actors: &ActorLexicon,
) -> (Option<usize>, f32) {
    // A single pronoun.
    if b == a + 1 {
        let pron = match v.w[a].as_str() {
            "he" => Some(Pron::He),
            "she" => Some(Pron::She),
            "they" => Some(Pron::They),
            "it" => Some(Pron::It),
            "who" => {
                // "Netanyahu, who is urging ...": the phrase before the comma.
                let before = if a >= 1 && v.is(a - 1, ",") { a.saturating_sub(1) } else { a };
                return (before.checked_sub(1).and_then(|p| v.mention_end[p]), 0.85);
            }
            _ => None,
        };
        if let Some(p) = pron {
            return (antecedent(v, d, a, p, drafts, done), 0.9);
        }
    }
    // Mentions inside the source: the head (ending the phrase), else the first that is not
    // governed by a preposition; a mention after a preposition under an unnamed head
    // ("a source close to Netanyahu") is not the speaker.
    let inside: Vec<usize> = (a..b).filter_map(|t| v.mention_start[t]).collect();
    let head = np_head(v, a, b);
    if let Some(m) = v.in_mention[head].filter(|m| inside.contains(m)) {
        return (Some(m), 1.0);
    }
    let head_anonymous = v.lx.words.anonymous.contains(&v.w[head]);
    for &m in &inside {
        let t = v.toks.partition_point(|t| t.span.start < v.mentions[m].start);
        let governed = t > a && v.is_preposition(t - 1);
        if v.mentions[m].evidence.rule == "actor.adjective" && !head_anonymous {
            continue;
        }
        if !governed {
            return (Some(m), 0.85);
        }
        if !head_anonymous {
            return (Some(m), 0.7);
        }
    }
    // A definite description: "the ministry", "the officials", "the senator"; "the army"
    // after "the Israeli military" (same sector).
    if v.is(a, "the") && b > a + 1 && !v.is_cap(b - 1) && inside.is_empty() {
        let head = &v.w[head];
        let sector = actors.agents.get(head.as_str()).filter(|_| !v.lx.words.anonymous.contains(head));
        let stem = head.strip_suffix('s').unwrap_or(head);
        let limit = v.toks[a].span.start;
        let si = d.sentence;
        let found = (0..v.mentions.len()).rev().find(|&m| {
            let mm = &v.mentions[m];
            mm.start < limit
                && v.info[m].sentence + 6 >= si
                && v.seg.quote_around(mm.span()).is_none()
                && mm.actor.is_some()
                && (sitrep_text_fold(&mm.text).split_whitespace().any(|w| w == head || w.trim_end_matches('s') == stem)
                    || sector.is_some_and(|sec| {
                        v.info[m].sentence + 3 >= si
                            && mm.actor.as_ref().is_some_and(|a| a.sector.as_ref() == Some(sec) && a.country.is_some())
                            && !v.info[m].person
                    }))
        });
        if let Some(m) = found {
            return (Some(m), 0.8);
        }
    }
    (None, 1.0)
}

/// The head of a noun phrase: the last word before an inner preposition ("a resident of
/// Tehran" -> "resident").
fn np_head(v: &View, a: usize, b: usize) -> usize {
    (a + 1..b)
        .find(|&t| v.is_any(t, &["of", "for", "from", "at", "in", "with", "close", "familiar", "to", "who"]))
        .map_or(b - 1, |t| t - 1)
}

fn sitrep_text_fold(s: &str) -> String {
    super::view::fold_word(s)
}

/// Whether mention `m` can be what a pronoun refers to.
fn fits(v: &View, m: usize, p: Pron) -> bool {
    let mm = &v.mentions[m];
    let info = &v.info[m];
    let rule = mm.evidence.rule.as_str();
    if matches!(rule, "actor.adjective" | "actor.capital_as_place" | "actor.outlet" | "actor.people") {
        return false;
    }
    if matches!(mm.kind, MentionKind::Loc | MentionKind::Fac | MentionKind::Event | MentionKind::Misc) {
        return false;
    }
    match p {
        Pron::He => info.person && !info.plural && info.gender != Some(Gender::Female),
        Pron::She => info.person && !info.plural && info.gender != Some(Gender::Male),
        Pron::They => info.plural || !info.person,
        // Bodies named in the plural are still "it": "the Israel Defense Forces said it".
        Pron::It => !info.person,
    }
}

/// The antecedent of a pronoun source at token `at`: a fitting subject in the sentence so
/// far, else — sentence by sentence back, up to three — the speaker of an attribution there,
/// then its first fitting mention (the likely subject), else the nearest fitting mention.
fn antecedent(v: &View, d: &Draft, at: usize, p: Pron, drafts: &[Draft], done: &[Resolved]) -> Option<usize> {
    let limit = v.toks[at].span.start;
    let si = d.sentence;
    let eligible = |m: usize| -> bool {
        let mm = &v.mentions[m];
        mm.start < limit
            && v.seg.quote_around(mm.span()).is_none()
            && !(d.content.start <= mm.start && mm.end <= d.content.end)
            && fits(v, m, p)
    };
    let governed = |m: usize| -> bool {
        let t = v.toks.partition_point(|t| t.span.start < v.mentions[m].start);
        t > 0 && v.is_preposition(t - 1) && !v.is(t - 1, "of")
    };
    let in_sentence = |s: usize| -> Vec<usize> {
        (0..v.mentions.len()).filter(|&m| v.info[m].sentence == s && eligible(m)).collect()
    };
    // This sentence, before the pronoun: "When Trump arrived, he said".
    if let Some(&m) = in_sentence(si).iter().find(|&&m| !governed(m)) {
        return Some(m);
    }
    // Sentences back, up to three; sentences inside a quote ("“A. B. C,” he said") do not
    // count, their speaker is the one being looked for.
    let mut back_sentences = Vec::new();
    let mut s = si;
    while back_sentences.len() < 3 && s > 0 {
        s -= 1;
        let r = v.seg.sentence_tokens[s].clone();
        let quoted = r.clone().all(|t| v.quote[t].is_some() || !v.is_word(t));
        if !quoted || drafts.iter().any(|d| d.sentence == s) {
            back_sentences.push(s);
        }
    }
    for s in back_sentences {
        // The speaker of an attribution in that sentence.
        let spoken = drafts
            .iter()
            .zip(done)
            .filter(|(x, _)| x.sentence == s)
            .filter_map(|(_, r)| r.mention)
            .find(|&m| fits(v, m, p) && v.mentions[m].start < limit);
        let candidates = in_sentence(s);
        let subject = candidates.iter().copied().find(|&m| !governed(m));
        match (spoken, subject) {
            // The subject of the sentence right before wins over an older speaker only when
            // that sentence has no attribution of its own.
            (Some(m), _) => return Some(m),
            (None, Some(m)) => return Some(m),
            _ => {}
        }
        if let Some(&m) = candidates.last() {
            return Some(m);
        }
        // "The Ukrainian delegation offered a bleaker reading. They said ...": a body the
        // lexicon does not know, named by its nationality at the head of the sentence.
        if matches!(p, Pron::They | Pron::It) {
            let r = v.seg.sentence_tokens[s].clone();
            let first = (r.start..r.end).find(|&t| v.is_word(t) && !v.is_determiner(t));
            if let Some(m) = first.and_then(|t| v.mention_start[t])
                && v.mentions[m].evidence.rule == "actor.adjective"
                && v.mentions[m].start < limit
            {
                return Some(m);
            }
        }
    }
    None
}

/// Sourcing of a draft with its resolved mention; also returns the outlets used as `via`
/// (so the channel does not repeat them).
fn sourcing(v: &View, d: &Draft, mention: Option<usize>, actors: &ActorLexicon) -> (Sourcing, Vec<usize>) {
    let Some((a, b)) = d.source else {
        // "The talks seemed unlikely to resume": the writer's own inference.
        let own = d.rule == "quote.raising"
            && v.lx.entries.get(d.entry.unwrap_or(usize::MAX)).is_some_and(|e| e.frames.raising);
        return (Sourcing::of(if own { SourcingKind::Author } else { SourcingKind::Unattributed }), vec![]);
    };
    let outlets_in = |(x, y): (usize, usize)| -> Vec<usize> {
        (x..y).filter_map(|t| v.mention_start[t]).filter(|&m| v.mentions[m].evidence.rule == "actor.outlet").collect()
    };
    let name_of =
        |m: usize| v.mentions[m].actor.as_ref().map_or_else(|| v.mentions[m].text.clone(), |a| a.name.clone());
    // Outlets in the source count when they are its head or joined to it ("Axios and two
    // people briefed"), not as a modifier ("Ukraine's National Police").
    let head_tok = np_head(v, a, b);
    let head_outlet = v.in_mention[head_tok].is_some_and(|m| v.mentions[m].evidence.rule == "actor.outlet");
    let joined = (a..b).any(|t| v.is(t, "and"));
    let src_outlets: Vec<usize> = if head_outlet || joined { outlets_in((a, b)) } else { vec![] };
    let rcpt_outlets = d.recipient.map(outlets_in).unwrap_or_default();
    let text_of = |x: usize, y: usize| v.text[v.span(x, y).start..v.span(x, y).end].to_string();

    // Anonymous by a marker ("unnamed", "familiar with") or by an unnamed head
    // ("officials", "a source") with no named person in it.
    let has_marker = |(x, y): (usize, usize)| {
        v.lx.words
            .anonymous_marker
            .iter()
            .any(|p| (x..y).any(|t| t + p.len() <= y && (0..p.len()).all(|j| v.w[t + j] == p[j])))
    };
    let named_person_in = |(x, y): (usize, usize)| {
        (x..y).any(|t| {
            v.mention_start[t].is_some_and(|m| {
                let r = v.mentions[m].evidence.rule.as_str();
                PERSON_RULES.contains(&r) && r != "actor.office"
            })
        })
    };
    let anonymous = |(x, y): (usize, usize)| {
        let h = np_head(v, x, y);
        has_marker((x, y)) || v.lx.words.anonymous.contains(&v.w[h]) && !v.is_name(h) && !named_person_in((x, y))
    };
    // The part of the source that is not an outlet: "Axios and multiple sources briefed".
    let non_outlet: Option<(usize, usize)> = {
        let mut x = a;
        while x < b
            && !src_outlets.is_empty()
            && (v.in_mention[x].is_some_and(|m| src_outlets.contains(&m)) || v.is_any(x, &["and", ",", "the"]))
        {
            x += 1;
        }
        (x < b).then_some((x, b))
    };
    let pronoun = b == a + 1 && v.is_pronoun(a);
    let describe = |(x, y): (usize, usize)| {
        // "multiple reports from unnamed U.S. officials": the inner phrase describes them.
        let inner = (x..y).find(|&t| v.is_any(t, &["from", "by", "among", "citing"])).map(|t| (t + 1, y));
        let (dx, dy) = inner.filter(|&(p, q)| p < q && anonymous((p, q))).unwrap_or((x, y));
        text_of(dx, dy)
    };
    let (kind, description, via): (SourcingKind, Option<String>, Vec<usize>) = match non_outlet
        .filter(|&part| !pronoun && anonymous(part))
    {
        Some(part) => {
            (SourcingKind::Anonymous, Some(describe(part)), src_outlets.iter().chain(&rcpt_outlets).copied().collect())
        }
        None if !src_outlets.is_empty() => (SourcingKind::Outlet, None, src_outlets.clone()),
        None => match mention {
            Some(m) => {
                let k = kind_of_mention(v, m);
                let desc = (k == SourcingKind::Anonymous)
                    .then(|| if pronoun { v.mentions[m].text.clone() } else { text_of(a, b) });
                let via = if k == SourcingKind::Anonymous { rcpt_outlets.clone() } else { vec![] };
                (k, desc, via)
            }
            None if pronoun => (SourcingKind::Unattributed, None, vec![]),
            None => {
                let h = np_head(v, a, b);
                let caps = (a..=h).filter(|&t| v.is_cap(t)).count();
                let org_word = (a..=h).any(|t| v.lx.words.org_word.contains(&v.w[t]));
                if v.is_name(h) && caps == v.words_in(a, h + 1) && caps <= 4 && !org_word {
                    // "Lieberman said", "Ali Vaez, ..., said": an unknown name.
                    (SourcingKind::NamedPerson, None, vec![])
                } else if v.is_name(h) {
                    (SourcingKind::NamedOrganization, None, vec![])
                } else if actors.titles.contains_key(&v.w[h])
                    && v.is(a, "the")
                    && !v.lx.words.anonymous.contains(&v.w[h])
                {
                    // "the president", "the foreign minister": an identifiable office holder.
                    (SourcingKind::NamedPerson, None, vec![])
                } else if actors.agents.contains_key(&v.w[h]) && v.is(a, "the") {
                    // "the army", "the foreign ministry": a body speaking on the record.
                    (SourcingKind::NamedOrganization, None, vec![])
                } else {
                    (SourcingKind::Anonymous, Some(text_of(a, b)), rcpt_outlets.clone())
                }
            }
        },
    };
    let via_names: Vec<String> = dedup(via.iter().map(|&m| name_of(m)).collect());
    (Sourcing { kind, description, via: via_names }, via)
}

fn dedup(v: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in v {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn kind_of_mention(v: &View, m: usize) -> SourcingKind {
    let rule = v.mentions[m].evidence.rule.as_str();
    if rule == "actor.outlet" {
        SourcingKind::Outlet
    } else if PERSON_RULES.contains(&rule) {
        SourcingKind::NamedPerson
    } else if ORG_RULES.contains(&rule) {
        SourcingKind::NamedOrganization
    } else if rule == "actor.nationality+agent" {
        let head = v.mentions[m].text.rsplit(' ').next().map(super::view::fold_word).unwrap_or_default();
        if v.lx.words.anonymous.contains(&head) { SourcingKind::Anonymous } else { SourcingKind::NamedOrganization }
    } else {
        SourcingKind::NamedOrganization
    }
}

/// Where it was said, from the attribution clause: a platform or outlet after "on", "to",
/// "with", "via" or as the recipient of "told" (unless relayed: those are `via`); "state
/// TV"; else a channel noun after "in", "at", "during" ("a statement", "a press conference").
fn channel(v: &View, d: &Draft, actors: &ActorLexicon, via: &[usize]) -> Option<String> {
    let (ra, rb) = d.region;
    let (ca, cb) = d.content_toks;
    let src = d.source.unwrap_or((0, 0));
    let outside = |t: usize| !((ca..cb).contains(&t) || (src.0..src.1).contains(&t));
    // Outlets and platforms.
    for t in ra..rb.min(v.toks.len()) {
        if !outside(t) {
            continue;
        }
        let Some(m) = v.mention_start[t] else { continue };
        if v.mentions[m].evidence.rule != "actor.outlet" || via.contains(&m) {
            continue;
        }
        let before = |k: usize, words: &[&str]| t >= k && v.is_any(t - k, words);
        if before(1, &["to"]) && before(2, &["according"]) {
            continue;
        }
        let is_rcpt = d.recipient.is_some_and(|(x, y)| x <= t && t < y);
        let cue_tell = v.lx.entries.get(d.entry.unwrap_or(usize::MAX)).is_some_and(|e| e.frames.rcpt);
        if before(1, &["on", "to", "with", "via", "through", "in"])
            || before(2, &["on", "with", "in"])
            || (is_rcpt && cue_tell)
            || before(1, &["told", "tells", "telling"])
        {
            return v.mentions[m].actor.as_ref().map(|a| a.name.clone()).or_else(|| Some(v.mentions[m].text.clone()));
        }
    }
    // Platforms the actors stage did not mark: "on X", "on Telegram".
    for t in ra..rb.min(v.toks.len()).saturating_sub(1) {
        if !outside(t) || !v.is_any(t, &["on", "via"]) || !v.is_cap(t + 1) {
            continue;
        }
        for len in [2, 1] {
            if t + 1 + len > v.toks.len() {
                continue;
            }
            let name = &v.text[v.span(t + 1, t + 1 + len).start..v.span(t + 1, t + 1 + len).end];
            if let Some(o) = actors.outlets.iter().find(|o| o.kind == "platform" && o.name == name) {
                return Some(o.name.clone());
            }
        }
    }
    // "on state TV", "told state television".
    for t in ra..rb.min(v.toks.len()).saturating_sub(1) {
        if outside(t) && v.is(t, "state") && v.is_any(t + 1, &["tv", "television", "media", "radio", "broadcaster"]) {
            return Some(v.text[v.span(t, t + 2).start..v.span(t, t + 2).end].to_string());
        }
    }
    // Channel nouns after a preposition: "in a statement", "at a press conference".
    for t in ra..rb.min(v.toks.len()) {
        if !outside(t) || !v.is_any(t, &["in", "at", "during", "through", "via"]) {
            continue;
        }
        let det = t + 1;
        if det >= v.toks.len() || !v.is_determiner(det) {
            continue;
        }
        // Up to two modifiers before the channel noun ("a joint statement", "a Sunday post").
        for skip in 0..=2 {
            let start = det + 1 + skip;
            for p in &v.lx.words.channel {
                if start + p.len() <= v.toks.len() && (0..p.len()).all(|j| v.w[start + j] == p[j]) {
                    let end = start + p.len();
                    return Some(v.text[v.span(det, end).start..v.span(det, end).end].to_string());
                }
            }
        }
    }
    None
}
