//! The publication date when the article came without one: from a dateline ("TEHRAN, June
//! 14 (Reuters) -"), else inferred from the text's own clues. Weekdays told with their tense
//! pin the publication weekday: reports name the days around them, so "wrote Sunday",
//! "suggested Saturday", "started Thursday" and "talks start Monday" fit a Sunday far better
//! than any other day. An absolute date the text mentions, on a weekday it also names, then
//! pins the day. Every inference is explained in an `info` diagnostic.

use jiff::ToSpan;
use jiff::civil::Date;
use sitrep_model::{Anchor, Diagnostic, Level, PublishedSource, SentenceKind, Timex};

use crate::segment::Segmentation;

/// A publication date (or only its weekday) found in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FoundPublished {
    pub date: Option<Date>,
    /// ISO weekday, 1 = Monday.
    pub weekday: Option<u8>,
    pub source: PublishedSource,
    pub confidence: f32,
}

/// A weekday the text names with a direction from the publication day (`WD-4`: the latest
/// Thursday on or before it; `WD+1`: the first Monday on or after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Clue {
    day: u8,
    back: bool,
}

fn clue(t: &Timex) -> Option<Clue> {
    let r = t.relative.as_deref()?.strip_prefix("WD")?;
    let back = r.starts_with('-');
    let day: u8 = r[1..].parse().ok().filter(|d| (1..=7).contains(d))?;
    Some(Clue { day, back })
}

/// Days from publication on weekday `w` to the day a clue names.
fn offset(c: Clue, w: u8) -> i64 {
    if c.back { -((w as i64 - c.day as i64).rem_euclid(7)) } else { (c.day as i64 - w as i64).rem_euclid(7) }
}

/// The publication weekday that keeps the named days closest to it, with a confidence.
fn infer_weekday(clues: &[Clue]) -> Option<(u8, f32, i64)> {
    if clues.len() < 2 {
        return None;
    }
    let mut costs: Vec<(i64, u8)> =
        (1..=7u8).map(|w| (clues.iter().map(|c| offset(*c, w).abs()).sum::<i64>(), w)).collect();
    costs.sort();
    let (best, w) = costs[0];
    let margin = costs[1].0 - best;
    if margin < 2 {
        return None;
    }
    // More clues and a wider margin over the runner-up make it surer.
    let n = clues.len() as f32;
    let confidence = (1.0 - (-(margin as f32) / 2.5).exp()) * (n / (n + 0.5));
    Some((w, confidence.min(0.95), best))
}

fn weekday_name(w: u8) -> &'static str {
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][(w as usize + 6) % 7]
}

/// Parse a full `YYYY-MM-DD` value.
fn full_date(v: &str) -> Option<Date> {
    v.get(..10)?.parse().ok()
}

/// Look for the publication date in a text whose expressions were resolved without one.
pub fn find(text: &str, seg: &Segmentation, times: &[Timex]) -> (Option<FoundPublished>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let dateline = seg.sentences.iter().find(|s| s.kind == SentenceKind::Dateline);
    let in_dateline = |t: &Timex| dateline.is_some_and(|s| s.start <= t.start && t.end <= s.end);
    // The dateline's date: full, or month and day.
    let mut dateline_md: Option<(u8, u8, &Timex)> = None;
    if let Some(t) = times.iter().find(|t| in_dateline(t)) {
        if let Some(d) = full_date(&t.value).filter(|_| t.anchor == Anchor::None) {
            let msg = format!("publication date {d} read from the dateline '{}'", t.text);
            diagnostics.push(Diagnostic::new(Level::Info, msg).at(sitrep_text::Span::new(t.start, t.end)));
            let found =
                FoundPublished { date: Some(d), weekday: None, source: PublishedSource::Dateline, confidence: 0.95 };
            return (Some(found), diagnostics);
        }
        if let Some(md) = t.value.strip_prefix("XXXX-")
            && md.len() == 5
            && let (Ok(m), Ok(d)) = (md[..2].parse::<u8>(), md[3..].parse::<u8>())
        {
            dateline_md = Some((m, d, t));
        }
    }
    let clue_times: Vec<(&Timex, Clue)> =
        times.iter().filter(|t| !in_dateline(t)).filter_map(|t| clue(t).map(|c| (t, c))).collect();
    let clues: Vec<Clue> = clue_times.iter().map(|(_, c)| *c).collect();
    let weekday = infer_weekday(&clues);
    let explain = |w: u8| -> String {
        let shown: Vec<String> = clue_times
            .iter()
            .take(6)
            .map(|(t, c)| {
                let o = offset(*c, w);
                let at = sentence_words_before(text, seg, t);
                format!("'{at}{}' ({})", t.text, if o == 0 { "that day".into() } else { format!("{o:+} days") })
            })
            .collect();
        shown.join(", ")
    };
    // The latest year the text names, for a dateline without one.
    let max_year = times
        .iter()
        .filter(|t| t.anchor == Anchor::None && !t.value.starts_with('P'))
        .filter_map(|t| t.value.get(..4).and_then(|y| y.parse::<i32>().ok()))
        .max();
    if let Some((m, d, t)) = dateline_md {
        let Some(y0) = max_year else {
            let msg = format!("dateline '{}' gives no year and the text names none: publication date unknown", t.text);
            diagnostics.push(Diagnostic::new(Level::Info, msg).at(sitrep_text::Span::new(t.start, t.end)));
            return (weekday_only(weekday, &explain, &mut diagnostics), diagnostics);
        };
        let candidates: Vec<Date> = [y0, y0 + 1].iter().filter_map(|y| super::resolve::date(*y, m, d)).collect();
        let matching = weekday
            .and_then(|(w, _, _)| candidates.iter().copied().find(|c| c.weekday().to_monday_one_offset() as u8 == w));
        let (date, confidence, why) = match (matching, candidates.first()) {
            (Some(c), _) => (
                c,
                0.85,
                format!(
                    "the year in which it falls on the {} the text implies",
                    weekday_name(c.weekday().to_monday_one_offset() as u8)
                ),
            ),
            (None, Some(c)) => (*c, 0.6, format!("the latest year the text names ({y0})")),
            (None, None) => return (weekday_only(weekday, &explain, &mut diagnostics), diagnostics),
        };
        let msg = format!("publication date {date} from the dateline '{}' with {why}", t.text);
        diagnostics.push(Diagnostic::new(Level::Info, msg).at(sitrep_text::Span::new(t.start, t.end)));
        let found = FoundPublished { date: Some(date), weekday: None, source: PublishedSource::Dateline, confidence };
        return (Some(found), diagnostics);
    }
    // An absolute date on a weekday the text also names pins the day: "June 12 ... started
    // Thursday", with June 12 a Thursday.
    if let Some((w, wconf, _)) = weekday {
        let latest = times
            .iter()
            .filter(|t| t.anchor == Anchor::None && t.value.len() >= 10)
            .filter_map(|t| full_date(&t.value).map(|d| (d, t)))
            .max_by_key(|(d, _)| *d);
        if let Some((l, lt)) = latest {
            let lwd = l.weekday().to_monday_one_offset() as u8;
            if let Some((ct, c)) = clue_times.iter().find(|(_, c)| c.back && c.day == lwd) {
                let date = l.checked_add((-offset(*c, w)).days()).unwrap_or(l);
                let msg = format!(
                    "publication date {date} inferred: the weekday clues point to a {} ({}), and '{}' ({l}, a {}) is the '{}' the text mentions",
                    weekday_name(w),
                    explain(w),
                    lt.text,
                    weekday_name(lwd),
                    ct.text
                );
                diagnostics.push(Diagnostic::new(Level::Info, msg));
                let found = FoundPublished {
                    date: Some(date),
                    weekday: None,
                    source: PublishedSource::Inferred,
                    confidence: wconf * 0.7,
                };
                return (Some(found), diagnostics);
            }
        }
    }
    (weekday_only(weekday, &explain, &mut diagnostics), diagnostics)
}

fn weekday_only(
    weekday: Option<(u8, f32, i64)>,
    explain: &dyn Fn(u8) -> String,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FoundPublished> {
    let (w, confidence, _) = weekday?;
    let msg = format!(
        "no publication date: published on a {} (confidence {confidence:.2}), the day that keeps the weekdays the text names nearest: {}; times are kept relative to it",
        weekday_name(w),
        explain(w)
    );
    diagnostics.push(Diagnostic::new(Level::Info, msg));
    Some(FoundPublished { date: None, weekday: Some(w), source: PublishedSource::Inferred, confidence })
}

/// The word before an expression in its sentence, for explanations: "wrote Sunday".
fn sentence_words_before(text: &str, seg: &Segmentation, t: &Timex) -> String {
    let Some(si) = seg.sentence_at(t.start) else { return String::new() };
    let toks = seg.tokens_of(si);
    let i = toks.partition_point(|k| k.span.end <= t.start);
    let mut k = i;
    while k > 0 && matches!(toks[k - 1].text(text), "on" | "late" | "early" | "at") {
        k -= 1;
    }
    match k.checked_sub(1) {
        Some(j) if toks[j].text(text).chars().all(char::is_alphabetic) => {
            format!("{} ", &text[toks[j].span.start..toks[i.saturating_sub(1).max(j)].span.end])
        }
        _ => String::new(),
    }
}

/// With the publication weekday known, weekday offsets become day offsets: `WD-4` on a
/// Sunday is `P-3D`.
pub fn pin_weekdays(times: &mut [Timex], weekday: u8) {
    for t in times {
        if let Some(c) = clue(t) {
            let o = offset(c, weekday);
            t.relative = Some(if o == 0 { "P0D".into() } else { format!("P{o:+}D") });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_clues_pin_the_day() {
        let c = |day, back| Clue { day, back };
        // wrote Sunday, suggested Saturday, started Thursday, begins Sunday, start Monday
        let clues = [c(7, true), c(6, true), c(4, true), c(7, false), c(1, false)];
        let (w, conf, cost) = infer_weekday(&clues).unwrap();
        assert_eq!((w, cost), (7, 5));
        assert!(conf > 0.7, "{conf}");
        // one clue is not enough, nor are clues that fit two days almost equally well
        assert!(infer_weekday(&[c(7, true)]).is_none());
        assert!(infer_weekday(&[c(1, true), c(4, true)]).is_none());
        assert_eq!(infer_weekday(&[c(3, true), c(5, true), c(5, true), c(1, false)]).map(|r| r.0), Some(5));
        assert_eq!(offset(c(4, true), 7), -3);
        assert_eq!(offset(c(1, false), 7), 1);
        assert_eq!(offset(c(7, true), 7), 0);
    }
}
