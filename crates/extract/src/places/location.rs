//! Where an event happened: the place governing its trigger in the trigger's clause, read off
//! the places layer. For the events stage, which calls [`event_location`] once per event.
//!
//! The rules, first that applies:
//! 1. a place after the trigger, introduced by a locative preposition ("strikes **in
//!    Tehran**", "a meeting in Oman", "a drone attack on Kyiv"), the nearest one;
//! 2. a place right after the trigger as its object ("struck Natanz", "hit Iran's Fordow
//!    site"), with only articles, possessives and adjectives between; then a place after
//!    "to" or "from" ("return to Geneva");
//! 3. a place in a fronted phrase that opens the sentence ("In Gaza, an air strike killed");
//! 4. a place before the trigger in the same clause with a locative preposition ("Protesters
//!    in Tehran marched").
//!
//! Otherwise none: never the capital, the dateline or the article's main country by default.
//! A clause ends at a semicolon, colon, dash or parenthesis, at a comma opening a reporting
//! clause (", officials in Damascus said"), at a reporting verb, and at a subordinating or
//! relative word ("after", "while", "which", "that").

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
    "in",
    "inside",
    "at",
    "near",
    "outside",
    "across",
    "throughout",
    "within",
    "around",
    "on",
    "over",
    "off",
    "along",
    "into",
    "against",
    "toward",
    "towards",
];

/// Words that may stand between a preposition and its place ("in the northern city of").
const BETWEEN: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "city",
    "town",
    "village",
    "port",
    "capital",
    "province",
    "district",
    "region",
    "area",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "besieged",
    "neighbouring",
    "neighboring",
    "occupied",
    "border",
    "coastal",
    "southern",
    "outskirts",
    "suburbs",
    "heart",
];

/// Words that open a new clause.
const CLAUSE_WORDS: &[&str] = &[
    "after",
    "before",
    "while",
    "when",
    "whereas",
    "although",
    "though",
    "because",
    "since",
    "which",
    "who",
    "whom",
    "whose",
    "where",
    "that",
    "but",
    "said",
    "says",
    "say",
    "told",
    "according",
    "added",
    "reported",
    "warned",
    "announced",
    "claimed",
    "stated",
    "if",
    "unless",
    "until",
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
    let governed = |a: usize| governing_prep(&words, a, PREPS);

    // 1. A locative phrase after the trigger, in its clause: the nearest preposition, and
    //    under it the most specific place ("in East Timor's capital Dili").
    let pp_after = |preps: &[&str]| -> Option<&'a Place> {
        let after: Vec<(usize, &Place, usize)> = in_sentence
            .iter()
            .filter(|(_, a, _)| *a >= tb && *a < ce)
            .filter_map(|&(p, a, _)| governing_prep(&words, a, preps).filter(|&k| k >= tb).map(|k| (k, p, a)))
            .collect();
        let &(k, _, _) = after.iter().min_by_key(|x| x.0)?;
        after.iter().filter(|x| x.0 == k).max_by_key(|x| x.2).map(|x| x.1)
    };
    if let Some(p) = pp_after(PREPS) {
        return Some(Located { place: p, rule: "location.pp_after" });
    }
    // 2. The trigger's object: "struck Natanz", "hit Iran's Fordow site".
    if let Some(&(p, _, _)) =
        in_sentence.iter().find(|(_, a, _)| *a >= tb && *a < ce && object_gap(toks, &words, tb, *a))
    {
        return Some(Located { place: p, rule: "location.object" });
    }
    // 2b. "to" and "from" after the trigger: "return to Geneva", "withdrew from Gorazde".
    if let Some(p) = pp_after(&["to", "from"]) {
        return Some(Located { place: p, rule: "location.pp_after" });
    }
    // 3. A fronted locative phrase: "In Gaza, ..." governs the sentence's main clause.
    if let Some(&(p, a, b)) = in_sentence.iter().find(|(_, a, _)| governed(*a) == Some(0)) {
        let comma = raw.get(b) == Some(&",");
        if comma && b < ta && a <= 3 {
            return Some(Located { place: p, rule: "location.fronted" });
        }
    }
    // 4. A locative phrase before the trigger in the same clause.
    if let Some(&(p, _, _)) =
        in_sentence.iter().filter(|(_, a, b)| *a >= cs && *b <= ta && governed(*a).is_some()).max_by_key(|x| x.1)
    {
        return Some(Located { place: p, rule: "location.pp_before" });
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
    // A comma opening a reporting clause (", officials in Damascus said") ends the clause too.
    let reporting = |i: usize| {
        raw[i] == ","
            && words.iter().skip(i + 1).take(6).any(|w| {
                matches!(
                    w.as_str(),
                    "said" | "says" | "told" | "reported" | "according" | "added" | "stated" | "claimed"
                )
            })
    };
    let is_break = |i: usize| {
        matches!(raw[i], ";" | ":" | "(" | ")" | "[" | "]" | "\u{2014}" | "\u{2013}" | "--")
            || CLAUSE_WORDS.contains(&words[i].as_str())
            || reporting(i)
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

/// The position of the preposition (one of `preps`) governing a place starting at token `a`,
/// looking back over articles, modifiers and nouns ("in the battle zones of the southern sector
/// of").
fn governing_prep(words: &[String], a: usize, preps: &[&str]) -> Option<usize> {
    let mut k = a;
    let mut steps = 0;
    while k > 0 && steps < 8 {
        let w = words[k - 1].as_str();
        if preps.contains(&w) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;
    use sitrep_model::{Article, Published};

    /// The place chosen for the event whose trigger is the first `trigger` in `text`, as
    /// (place text, rule).
    fn locate(text: &str, trigger: &str) -> Option<(String, &'static str)> {
        let pipeline = Pipeline::new();
        let mut article = Article::new("t", text);
        article.published = Some(Published::parse("2025-06-15").unwrap());
        let doc = pipeline.run(article);
        let seg = pipeline.segment(text);
        let places = doc.places.unwrap_or_default();
        let at = text.find(trigger).expect("trigger in text");
        let si = seg.sentence_at(at).unwrap();
        event_location(text, &seg, &places, si, Span::new(at, at + trigger.len()))
            .map(|l| (l.place.text.clone(), l.rule))
    }

    #[test]
    fn locative_phrase_after_the_trigger() {
        assert_eq!(
            locate("Israeli strikes in Tehran killed two commanders.", "strikes"),
            Some(("Tehran".into(), "location.pp_after"))
        );
        assert_eq!(
            locate("The two envoys held a meeting in Oman on Sunday.", "meeting"),
            Some(("Oman".into(), "location.pp_after"))
        );
        assert_eq!(
            locate("Russia launched a drone attack on Kyiv overnight.", "attack"),
            Some(("Kyiv".into(), "location.pp_after"))
        );
        assert_eq!(
            locate("Protesters rallied in the northern city of Kirkuk on Friday.", "rallied"),
            Some(("the northern city of Kirkuk".into(), "location.pp_after"))
        );
    }

    #[test]
    fn object_of_the_trigger() {
        assert_eq!(
            locate("Israel struck Iran's Natanz site on Thursday.", "struck"),
            Some(("Natanz site".into(), "location.object"))
        );
        assert_eq!(locate("Drones hit Odesa before dawn.", "hit"), Some(("Odesa".into(), "location.object")));
    }

    #[test]
    fn before_the_trigger_and_fronted() {
        assert_eq!(
            locate("Protesters in Tehran marched towards the parliament.", "marched"),
            Some(("Tehran".into(), "location.pp_before"))
        );
        assert_eq!(
            locate("In Gaza, an air strike destroyed a school.", "strike"),
            Some(("Gaza".into(), "location.fronted"))
        );
    }

    #[test]
    fn none_outside_the_clause_or_by_default() {
        // the capital is never the default, and a government is no place
        assert_eq!(locate("Tehran vowed to retaliate for the killing of its commander.", "retaliate"), None);
        // a place in another clause does not govern the trigger
        assert_eq!(locate("Iran fired missiles after talks in Geneva collapsed.", "fired"), None);
        // the dateline is where the story was filed, not where it happened
        assert_eq!(locate("BEIRUT, June 14 (Meridian Wire) - Militants attacked a convoy.", "attacked"), None);
        // the place of the reporting clause is not the event's
        assert_eq!(locate("The army shelled the border villages, officials in Damascus said.", "shelled"), None);
        // no places at all
        assert_eq!(locate("The talks collapsed without a deal.", "collapsed"), None);
    }

    #[test]
    fn out_of_range_inputs_are_none() {
        let pipeline = Pipeline::new();
        let text = "Strikes in Tehran.";
        let seg = pipeline.segment(text);
        assert!(event_location(text, &seg, &[], 5, Span::new(0, 7)).is_none());
        assert!(event_location(text, &seg, &[], 0, Span::new(100, 107)).is_none());
    }
}
