//! Where an event happened: the place governing its trigger in the trigger's clause, read off
//! the places layer. For the events stage, which calls [`event_location`] once per event.
//!
//! The rules, first that applies:
//! 1. a place after the trigger, introduced by a locative preposition ("strikes **in
//!    Tehran**", "a meeting in Oman", "a drone attack on Kyiv"), the nearest one;
//! 2. a place right after the trigger as its object ("struck Natanz", "hit Iran's Fordow
//!    site"), with only articles, possessives and adjectives between;
//! 3. a place before the trigger in the same clause with a locative preposition ("Protesters
//!    in Tehran marched");
//! 4. a place in a fronted phrase that opens the sentence ("In Gaza, an air strike killed").
//!
//! Otherwise none: never the capital, the dateline or the article's main country by default.
//! A clause ends at a semicolon, colon, dash or parenthesis, at a reporting verb ("officials
//! said"), and at a subordinating or relative word ("after", "while", "which", "that").

use sitrep_model::Place;
use sitrep_text::Span;

use super::gazetteer::key;
use super::rules;
use crate::segment::{Segmentation, Token, TokenKind};

/// The place an event happened in and the rule that chose it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Located<'a> {
    pub place: &'a Place,
    /// `location.pp_after`, `location.object`, `location.pp_before`, `location.fronted`.
    pub rule: &'static str,
}

/// Prepositions that put an event somewhere ("in", "at", "near", "on" a town).
const PREPS: &[&str] = &[
    "in", "inside", "at", "near", "outside", "across", "throughout", "within", "around", "on", "over", "off", "along",
    "into", "against", "toward", "towards",
];

/// Words that may stand between a preposition and its place ("in the northern city of").
const BETWEEN: &[&str] = &[
    "the", "a", "an", "of", "city", "town", "village", "port", "capital", "province", "district", "region", "area",
    "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west", "besieged",
    "neighbouring", "neighboring", "occupied", "border", "coastal", "southern", "outskirts", "suburbs", "heart",
];

/// Words that open a new clause.
const CLAUSE_WORDS: &[&str] = &[
    "after", "before", "while", "when", "whereas", "although", "though", "because", "since", "as", "which", "who",
    "whom", "whose", "where", "that", "but", "said", "says", "say", "told", "according", "added", "reported",
    "warned", "announced", "claimed", "stated", "if", "unless", "until",
];

/// The place governing the event whose trigger is `trigger` in sentence `sentence`, if any.
/// `places` is the document's places layer; dateline places are never chosen.
pub fn event_location<'a>(
    text: &str,
    seg: &Segmentation,
    places: &'a [Place],
    sentence: usize,
    trigger: Span,
) -> Option<Located<'a>> {
    if sentence >= seg.sentences.len() {
        return None;
    }
    let toks = seg.tokens_of(sentence);
    let words: Vec<String> = toks.iter().map(|t| key(t.text(text))).collect();
    let (ta, tb) = token_range(toks, trigger)?;
    let raw: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
    let (cs, ce) = clause(&raw, &words, ta, tb);
    // Places of this sentence, as token ranges.
    let in_sentence: Vec<(&Place, usize, usize)> = places
        .iter()
        .filter(|p| p.evidence.rule != rules::DATELINE)
        .filter_map(|p| token_range(toks, Span::new(p.start, p.end)).map(|(a, b)| (p, a, b)))
        .collect();
    let governed = |a: usize| governing_prep(&words, a);

    // 1. A locative phrase after the trigger, in its clause.
    if let Some(&(p, _, _)) =
        in_sentence.iter().filter(|(_, a, _)| *a >= tb && *a < ce).filter(|(_, a, _)| governed(*a).is_some()).min_by_key(|x| x.1)
    {
        return Some(Located { place: p, rule: "location.pp_after" });
    }
    // 2. The trigger's object: "struck Natanz", "hit Iran's Fordow site".
    if let Some(&(p, _, _)) = in_sentence.iter().find(|(_, a, _)| *a >= tb && *a < ce && object_gap(toks, &words, tb, *a))
    {
        return Some(Located { place: p, rule: "location.object" });
    }
    // 3. A locative phrase before the trigger in the same clause.
    if let Some(&(p, _, _)) =
        in_sentence.iter().filter(|(_, a, b)| *a >= cs && *b <= ta && governed(*a).is_some()).max_by_key(|x| x.1)
    {
        return Some(Located { place: p, rule: "location.pp_before" });
    }
    // 4. A fronted locative phrase: "In Gaza, ..." governs the sentence's main clause.
    if let Some(&(p, a, b)) = in_sentence.iter().find(|(_, a, _)| governed(*a) == Some(0)) {
        let comma = raw.get(b) == Some(&",");
        if comma && b < ta && a <= 3 {
            return Some(Located { place: p, rule: "location.fronted" });
        }
    }
    None
}

/// Token range [a, b) covering `span` within `toks`.
fn token_range(toks: &[Token], span: Span) -> Option<(usize, usize)> {
    let a = toks.iter().position(|t| t.span.end > span.start && t.span.start < span.end)?;
    let b = toks.iter().rposition(|t| t.span.start < span.end && t.span.end > span.start)? + 1;
    (a < b).then_some((a, b))
}

/// The clause around tokens [ta, tb): bounded by strong punctuation and clause-opening words.
fn clause(raw: &[&str], words: &[String], ta: usize, tb: usize) -> (usize, usize) {
    let is_break = |i: usize| {
        matches!(raw[i], ";" | ":" | "(" | ")" | "[" | "]" | "\u{2014}" | "\u{2013}" | "--")
            || CLAUSE_WORDS.contains(&words[i].as_str())
    };
    let toks = raw;
    let mut cs = ta;
    while cs > 0 && !is_break(cs - 1) {
        cs -= 1;
    }
    let mut ce = tb;
    while ce < toks.len() && !is_break(ce) {
        ce += 1;
    }
    (cs, ce)
}

/// The position of the locative preposition governing a place starting at token `a`, looking
/// back over articles and modifiers ("in the northern city of").
fn governing_prep(words: &[String], a: usize) -> Option<usize> {
    let mut k = a;
    let mut steps = 0;
    while k > 0 && steps < 5 {
        let w = words[k - 1].as_str();
        if PREPS.contains(&w) {
            return Some(k - 1);
        }
        if BETWEEN.contains(&w) || w == "s" {
            k -= 1;
            steps += 1;
            continue;
        }
        // An adjective of nationality or a name in between: "in the Syrian town of".
        if steps > 0 && w.chars().all(char::is_alphabetic) && !w.is_empty() {
            k -= 1;
            steps += 1;
            continue;
        }
        return None;
    }
    None
}

/// Whether only articles, possessives and short modifiers stand between the trigger's end
/// `tb` and a place starting at `a`: "struck [Iran's] Natanz", "hit the Fordow site".
fn object_gap(toks: &[Token], words: &[String], tb: usize, a: usize) -> bool {
    if a < tb || a - tb > 3 {
        return false;
    }
    (tb..a).all(|k| {
        let w = words[k].as_str();
        matches!(w, "the" | "a" | "an" | "s" | "its" | "their" | "key" | "main" | "nuclear" | "military")
            || (toks[k].kind == TokenKind::Word && toks[k].span.len() > 1 && k + 1 < toks.len() && words[k + 1] == "s")
    })
}
