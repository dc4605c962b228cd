//! Dating events: the time expression that governs an event trigger — the nearest one in
//! the trigger's clause, else in its sentence — gives the event its date, precision, zone and
//! evidence (the timex id); with none, the publication date stands in at lower precision.
//! The events stage calls [`date_event`]; nothing here decides what an event is.

use sitrep_model::{DatePrecision, Document, Timex, TimexType};
use sitrep_text::Span;

/// When an event happened (or is planned), and on what evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDate {
    /// A TIMEX3 value: `2025-06-12`, `2025-06-14TNI`, `2025-W24`, `2025-06`, ...
    pub date: String,
    pub precision: DatePrecision,
    /// Id of the governing time expression; `None` when the publication date stood in.
    pub time: Option<String>,
    /// The expression's zone ("early Saturday local time" in Tehran: `Asia/Tehran`).
    pub zone: Option<String>,
    /// The expression's offset from an unknown publication date (`P-1D`, `WD-4`).
    pub relative: Option<String>,
}

/// Words that open a new clause between a trigger and a time expression.
const CLAUSE_WORDS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "when", "while", "because", "but", "although", "though", "after",
    "before", "since", "until", "if", "unless", "whereas", "where", "as",
];

/// Date the event whose trigger is `trigger` in sentence `sentence` of `doc`. The governing
/// expression is a DATE or TIME with a calendar value (not a duration, set or vague
/// reference): the nearest in the same clause, else the nearest in the sentence. With none,
/// the publication date, at `approximate` precision. `None` when there is neither.
pub fn date_event(doc: &Document, sentence: usize, trigger: Span) -> Option<EventDate> {
    let text = doc.text();
    let times = doc.times.as_deref().unwrap_or(&[]);
    let s = doc.sentences.as_deref()?.get(sentence)?.span();
    let candidates: Vec<&Timex> = times
        .iter()
        .filter(|t| s.start <= t.start && t.end <= s.end)
        .filter(|t| matches!(t.kind, TimexType::Date | TimexType::Time) && precision_of(&t.value).is_some())
        .collect();
    let gap = |t: &Timex| -> (usize, usize) {
        let (a, b) = if t.end <= trigger.start { (t.end, trigger.start) } else { (trigger.end, t.start) };
        let between = text.get(a.min(b)..b.max(a)).unwrap_or("");
        (usize::from(crosses_clause(between)), between.len())
    };
    if let Some(t) = candidates.into_iter().min_by_key(|t| gap(t)) {
        return Some(EventDate {
            date: t.value.clone(),
            precision: precision_of(&t.value).unwrap_or(DatePrecision::Approximate),
            time: Some(t.id.clone()),
            zone: t.zone.clone(),
            relative: t.relative.clone(),
        });
    }
    let published = doc.article.published?;
    Some(EventDate {
        date: published.date.to_string(),
        precision: DatePrecision::Approximate,
        time: None,
        zone: None,
        relative: None,
    })
}

/// Whether the text between a trigger and an expression opens another clause: punctuation
/// that separates clauses, a quotation mark, or a subordinating word.
fn crosses_clause(between: &str) -> bool {
    if between.contains([',', ';', ':', '(', ')', '"', '\u{201C}', '\u{201D}', '\u{2014}', '\u{2013}']) {
        return true;
    }
    between
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| CLAUSE_WORDS.iter().any(|c| w.eq_ignore_ascii_case(c)))
}

/// The precision of a TIMEX3 value that names a calendar time; `None` for values that do not
/// (durations, sets, `PAST_REF`, fully unknown `XXXX-XX-XX`).
pub fn precision_of(value: &str) -> Option<DatePrecision> {
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let year_known = digits(0..4) || value.starts_with("XXXX-WXX-");
    if !year_known {
        return None;
    }
    if value.starts_with("XXXX-WXX-") && value.len() > 9 && b[9].is_ascii_digit() {
        // a weekday whose date is unknown (no publication date): still a day
        return Some(DatePrecision::Day);
    }
    if b.len() >= 10 && digits(5..7) && digits(8..10) {
        return Some(DatePrecision::Day);
    }
    if b.len() >= 8 && b[5] == b'W' {
        return Some(DatePrecision::Week);
    }
    if b.len() == 7 && digits(5..7) {
        return Some(DatePrecision::Month);
    }
    if b.len() == 4 {
        return Some(DatePrecision::Year);
    }
    // quarters, halves, seasons, decades
    Some(DatePrecision::Approximate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;
    use sitrep_model::{Article, Published, PublishedSource};

    fn doc(text: &str, published: Option<&str>) -> Document {
        let mut a = Article::new("t", text);
        a.published = published.map(|p| Published::parse(p).unwrap());
        if a.published.is_some() {
            a.published_source = PublishedSource::Given;
        }
        Pipeline::new().run(a)
    }

    /// Date the event named by `trigger` (its first occurrence).
    fn dated(d: &Document, trigger: &str) -> Option<EventDate> {
        let at = d.text().find(trigger).unwrap();
        let span = Span::new(at, at + trigger.len());
        let si = d.sentences.as_deref().unwrap().iter().position(|s| s.start <= at && at < s.end).unwrap();
        date_event(d, si, span)
    }

    #[test]
    fn the_expression_in_the_clause_wins() {
        let d = doc(
            "Israel struck Natanz on Thursday, and Iran will retaliate next week, officials said on Saturday.",
            Some("2025-06-15"),
        );
        let e = dated(&d, "struck").unwrap();
        assert_eq!((e.date.as_str(), e.precision, e.time.as_deref()), ("2025-06-12", DatePrecision::Day, Some("t1")));
        let e = dated(&d, "retaliate").unwrap();
        assert_eq!((e.date.as_str(), e.precision), ("2025-W25", DatePrecision::Week));
        let e = dated(&d, "said").unwrap();
        assert_eq!(e.date, "2025-06-14");
    }

    #[test]
    fn the_sentence_when_the_clause_has_none() {
        let d = doc("On Monday, as talks stalled, the militia shelled the port.", Some("2025-06-18"));
        let e = dated(&d, "shelled").unwrap();
        assert_eq!((e.date.as_str(), e.precision), ("2025-06-16", DatePrecision::Day));
    }

    #[test]
    fn publication_date_at_lower_precision_when_nothing_dates_it() {
        let d = doc("The army withdrew from the town.", Some("2025-06-18"));
        let e = dated(&d, "withdrew").unwrap();
        assert_eq!((e.date.as_str(), e.precision, e.time), ("2025-06-18", DatePrecision::Approximate, None));
        let d = doc("The army withdrew from the town.", None);
        assert!(dated(&d, "withdrew").is_none());
    }

    #[test]
    fn durations_and_vague_references_do_not_date() {
        let d = doc("Fighting has raged for three weeks and recently spread to the north.", Some("2025-06-18"));
        let e = dated(&d, "spread").unwrap();
        assert_eq!(e.precision, DatePrecision::Approximate);
        assert_eq!(e.time, None);
    }

    #[test]
    fn months_years_and_zones() {
        let d = doc("The ceasefire collapsed in March.", Some("2025-06-18"));
        assert_eq!(dated(&d, "collapsed").unwrap().precision, DatePrecision::Month);
        let d =
            doc("TEHRAN, June 14 (Meridian) - Explosions shook Tehran early Saturday local time.", Some("2025-06-14"));
        let e = dated(&d, "shook").unwrap();
        assert_eq!(e.date, "2025-06-14");
        assert_eq!(e.zone.as_deref(), Some("Asia/Tehran"));
    }

    #[test]
    fn precisions() {
        assert_eq!(precision_of("2025-06-12"), Some(DatePrecision::Day));
        assert_eq!(precision_of("2025-06-12TNI"), Some(DatePrecision::Day));
        assert_eq!(precision_of("2025-06-12T15:00"), Some(DatePrecision::Day));
        assert_eq!(precision_of("2025-W24"), Some(DatePrecision::Week));
        assert_eq!(precision_of("2025-W24-WE"), Some(DatePrecision::Week));
        assert_eq!(precision_of("2025-06"), Some(DatePrecision::Month));
        assert_eq!(precision_of("2025"), Some(DatePrecision::Year));
        assert_eq!(precision_of("2025-Q2"), Some(DatePrecision::Approximate));
        assert_eq!(precision_of("XXXX-WXX-4"), Some(DatePrecision::Day));
        assert_eq!(precision_of("P3D"), None);
        assert_eq!(precision_of("PAST_REF"), None);
        assert_eq!(precision_of("XXXX-XX-XX"), None);
    }
}
