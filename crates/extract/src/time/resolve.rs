//! Resolution: an [`Expr`] plus an anchor date and the clause's tense become a TIMEX3 value.
//! Without an anchor, values stay underspecified (`XXXX-WXX-4`) rather than guessed.

use jiff::ToSpan;
use jiff::civil::Date;
use sitrep_model::Anchor;

use super::recognize::{Expr, Match, Shift, Unit, period};
use super::tense::Tense;

/// What an expression resolved to.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub value: String,
    pub anchor: Anchor,
    /// The calendar day it denotes, when it denotes one (for chains like "the day before").
    pub day: Option<Date>,
    pub confidence: f32,
    /// Appended to the match's rule: how direction or year was chosen.
    pub how: &'static str,
}

/// The dates a relative expression can lean on.
#[derive(Debug, Clone, Copy)]
pub struct Anchors {
    /// Publication date, or the utterance date inside a quote.
    pub base: Option<Date>,
    pub base_kind: Anchor,
    /// The last day-precise date resolved before this expression.
    pub previous: Option<Date>,
}

pub fn resolve(m: &Match, tense: Tense, anchors: Anchors) -> Resolved {
    // "overnight" in a report of what happened is the night before; in a plan, tonight.
    let expr = match (&m.expr, m.rule) {
        (Expr::Deictic(0), "timex.deictic.overnight") if matches!(tense, Tense::Past | Tense::Unknown) => {
            Expr::Deictic(-1)
        }
        (e, _) => e.clone(),
    };
    let mut r = resolve_expr(&expr, tense, anchors);
    if let (Some((h, mi)), Some(d)) = (m.clock, r.day) {
        r.value = format!("{d}T{h:02}:{mi:02}");
    }
    if let Some(part) = &m.part {
        if let Some(d) = r.day {
            r.value = format!("{d}T{part}");
        } else if r.value.len() == 10 {
            r.value = format!("{}T{part}", r.value);
        }
    }
    r
}

fn fixed(value: String, day: Option<Date>, confidence: f32, how: &'static str) -> Resolved {
    Resolved { value, anchor: Anchor::None, day, confidence, how }
}

fn resolve_expr(expr: &Expr, tense: Tense, a: Anchors) -> Resolved {
    let based = |value: String, day: Option<Date>, confidence: f32, how: &'static str| Resolved {
        value,
        anchor: a.base_kind,
        day,
        confidence,
        how,
    };
    match expr {
        Expr::Date { year: Some(y), month: Some(m), day: Some(d) } => match Date::new(*y as i16, *m as i8, *d as i8) {
            Ok(date) => fixed(date.to_string(), Some(date), 0.97, ""),
            Err(_) => fixed(format!("{y:04}-{m:02}"), None, 0.5, ".invalid_day"),
        },
        Expr::Date { year: Some(y), month: Some(m), day: None } => fixed(format!("{y:04}-{m:02}"), None, 0.95, ""),
        Expr::Date { year: None, month: Some(m), day } => {
            let Some(base) = a.base else {
                let v = match day {
                    Some(d) => format!("XXXX-{m:02}-{d:02}"),
                    None => format!("XXXX-{m:02}"),
                };
                return fixed(v, None, 0.6, ".unanchored");
            };
            let year = infer_year(base, *m, day.unwrap_or(15), tense);
            match day {
                Some(d) => match Date::new(year as i16, *m as i8, *d as i8) {
                    Ok(date) => based(date.to_string(), Some(date), 0.92, ".year_inferred"),
                    Err(_) => based(format!("{year:04}-{m:02}"), None, 0.5, ".invalid_day"),
                },
                None => based(format!("{year:04}-{m:02}"), None, 0.88, ".year_inferred"),
            }
        }
        Expr::Date { .. } => fixed("XXXX".into(), None, 0.3, ".partial"),
        Expr::Year(y) => fixed(format!("{y:04}"), None, 0.9, ""),
        Expr::Decade(d) => fixed(format!("{d:03}"), None, 0.9, ""),
        Expr::Weekday { day, shift } => {
            let Some(base) = a.base else {
                return fixed(format!("XXXX-WXX-{day}"), None, 0.6, ".unanchored");
            };
            let (date, how, conf) = weekday(base, *day, *shift, tense);
            based(date.to_string(), Some(date), conf, how)
        }
        Expr::Deictic(days) => match a.base {
            Some(base) => {
                let d = add_days(base, *days as i64);
                based(d.to_string(), Some(d), 0.95, "")
            }
            None => fixed("XXXX-XX-XX".into(), None, 0.5, ".unanchored"),
        },
        Expr::Calendar { unit, offset } => match a.base {
            Some(base) => based(calendar(base, *unit, *offset), None, 0.93, ""),
            None => fixed(unanchored_calendar(*unit), None, 0.5, ".unanchored"),
        },
        Expr::Offset { unit, amount, sign, from_previous } => {
            let (anchor_date, kind, conf) = match (from_previous, a.previous, a.base) {
                (true, Some(p), _) => (Some(p), Anchor::Previous, 0.85),
                (true, None, Some(b)) => (Some(b), a.base_kind, 0.6),
                (false, _, Some(b)) => (Some(b), a.base_kind, 0.9),
                _ => (None, Anchor::None, 0.5),
            };
            let Some(d) = anchor_date else {
                return fixed("XXXX-XX-XX".into(), None, 0.4, ".unanchored");
            };
            let Some(n) = amount else {
                let v = if *sign < 0 { "PAST_REF" } else { "FUTURE_REF" };
                return Resolved { value: v.into(), anchor: kind, day: None, confidence: 0.7, how: ".vague" };
            };
            let n = (*n as i64) * (*sign as i64);
            let (value, day) = shifted(d, *unit, n);
            Resolved { value, anchor: kind, day, confidence: conf, how: "" }
        }
        Expr::Reference(v) => Resolved { value: v.clone(), anchor: a.base_kind, day: None, confidence: 0.85, how: "" },
        Expr::Season { season, offset, year } => match (year, a.base) {
            (Some(y), _) => fixed(format!("{y:04}-{season}"), None, 0.9, ""),
            (None, Some(b)) => based(format!("{:04}-{season}", b.year() as i32 + offset), None, 0.8, ""),
            (None, None) => fixed(format!("XXXX-{season}"), None, 0.5, ".unanchored"),
        },
        Expr::Quarter { quarter, offset, year } => match (year, a.base) {
            (Some(y), _) => fixed(format!("{y:04}-Q{quarter}"), None, 0.9, ""),
            (None, Some(b)) => based(format!("{:04}-Q{quarter}", b.year() as i32 + offset), None, 0.8, ""),
            (None, None) => fixed(format!("XXXX-Q{quarter}"), None, 0.5, ".unanchored"),
        },
        Expr::Duration { amount, unit } => {
            let v = match amount {
                Some(n) => period(*n, *unit),
                None => period_vague(*unit),
            };
            fixed(v, None, 0.9, "")
        }
        Expr::Set(v) => fixed(v.clone(), None, 0.85, ""),
        Expr::Clock { hour, minute } => match a.base {
            Some(d) => based(format!("{d}T{hour:02}:{minute:02}"), Some(d), 0.85, ""),
            None => fixed(format!("XXXX-XX-XXT{hour:02}:{minute:02}"), None, 0.6, ".unanchored"),
        },
    }
}

fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(n.days()).unwrap_or(d)
}

/// The weekday `target` (1 = Monday) nearest `base` in the direction the tense gives. The
/// publication weekday itself is "today" unless "last"/"next" says otherwise.
fn weekday(base: Date, target: u8, shift: Shift, tense: Tense) -> (Date, &'static str, f32) {
    let today = base.weekday().to_monday_one_offset() as i64;
    let target = target as i64;
    let back = (today - target).rem_euclid(7); // days back to the previous (or same) target
    let fwd = (target - today).rem_euclid(7);
    match shift {
        Shift::Last => (add_days(base, -(if back == 0 { 7 } else { back })), ".last", 0.9),
        Shift::Next => (add_days(base, if fwd == 0 { 7 } else { fwd }), ".next", 0.85),
        Shift::This => {
            // Within the ISO week of the publication date.
            (add_days(base, target - today), ".this", 0.85)
        }
        Shift::None if back == 0 => (base, ".same_day", 0.9),
        Shift::None => match tense {
            Tense::Past => (add_days(base, -back), ".past_tense", 0.9),
            Tense::Future | Tense::Present => (add_days(base, fwd), ".future_tense", 0.85),
            // News reports mostly what has happened: lean back.
            Tense::Unknown => (add_days(base, -back), ".default_past", 0.7),
        },
    }
}

/// The year that puts month `m` (day `d`) on the side of `base` the tense says.
fn infer_year(base: Date, m: u8, d: u8, tense: Tense) -> i32 {
    let y = base.year() as i32;
    let key = |y: i32| (y, m, d);
    let base_key = (y, base.month() as u8, base.day() as u8);
    match tense {
        Tense::Past if key(y) > base_key && m as i8 != base.month() => y - 1,
        Tense::Future | Tense::Present if key(y) < base_key && m as i8 != base.month() => y + 1,
        _ => {
            // Unknown tense: the occurrence within six months of the base.
            let months = |yy: i32| ((yy - y) * 12 + m as i32 - base.month() as i32).abs();
            [y - 1, y, y + 1].into_iter().min_by_key(|yy| months(*yy)).unwrap_or(y)
        }
    }
}

fn iso_week(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn calendar(base: Date, unit: Unit, offset: i32) -> String {
    let o = offset as i64;
    match unit {
        Unit::Week => iso_week(add_days(base, 7 * o)),
        Unit::Weekend => format!("{}-WE", iso_week(add_days(base, 7 * o))),
        Unit::Month => {
            let d = base.first_of_month().checked_add(o.months()).unwrap_or(base);
            format!("{:04}-{:02}", d.year(), d.month())
        }
        Unit::Quarter => {
            let q0 = (base.year() as i64) * 4 + (base.month() as i64 - 1) / 3 + o;
            format!("{:04}-Q{}", q0.div_euclid(4), q0.rem_euclid(4) + 1)
        }
        Unit::Decade => format!("{:03}", base.year() as i64 / 10 + o),
        Unit::Century => format!("{:02}", base.year() as i64 / 100 + o),
        Unit::Year => format!("{:04}", base.year() as i64 + o),
        Unit::Day | Unit::Night | Unit::Hour | Unit::Minute | Unit::Second => add_days(base, o).to_string(),
    }
}

fn unanchored_calendar(unit: Unit) -> String {
    match unit {
        Unit::Week => "XXXX-WXX".into(),
        Unit::Weekend => "XXXX-WXX-WE".into(),
        Unit::Month => "XXXX-XX".into(),
        Unit::Year => "XXXX".into(),
        Unit::Quarter => "XXXX-QX".into(),
        Unit::Decade => "XXX".into(),
        Unit::Century => "XX".into(),
        _ => "XXXX-XX-XX".into(),
    }
}

/// `n` units after `d` (before, if negative), at the unit's precision.
fn shifted(d: Date, unit: Unit, n: i64) -> (String, Option<Date>) {
    match unit {
        Unit::Day | Unit::Night => {
            let x = add_days(d, n);
            (x.to_string(), Some(x))
        }
        Unit::Hour | Unit::Minute | Unit::Second => (d.to_string(), Some(d)),
        Unit::Week | Unit::Weekend => (iso_week(add_days(d, 7 * n)), None),
        Unit::Month => {
            let x = d.checked_add(n.months()).unwrap_or(d);
            (format!("{:04}-{:02}", x.year(), x.month()), None)
        }
        Unit::Year => (format!("{:04}", d.year() as i64 + n), None),
        Unit::Quarter => (calendar(d, Unit::Quarter, n as i32), None),
        Unit::Decade => (format!("{:03}", (d.year() as i64 + 10 * n) / 10), None),
        Unit::Century => (format!("{:02}", (d.year() as i64 + 100 * n) / 100), None),
    }
}

fn period_vague(unit: Unit) -> String {
    period(0.0, unit).replacen('0', "X", 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn weekdays_by_tense() {
        let sun = date(2025, 6, 15);
        assert_eq!(weekday(sun, 4, Shift::None, Tense::Past).0, date(2025, 6, 12));
        assert_eq!(weekday(sun, 1, Shift::None, Tense::Present).0, date(2025, 6, 16));
        assert_eq!(weekday(sun, 7, Shift::None, Tense::Past).0, sun);
        assert_eq!(weekday(sun, 7, Shift::Last, Tense::Unknown).0, date(2025, 6, 8));
        assert_eq!(weekday(sun, 7, Shift::Next, Tense::Unknown).0, date(2025, 6, 22));
        assert_eq!(weekday(sun, 6, Shift::None, Tense::Unknown).0, date(2025, 6, 14));
        // across a year end
        assert_eq!(weekday(date(2025, 1, 1), 5, Shift::None, Tense::Past).0, date(2024, 12, 27));
    }

    #[test]
    fn years_by_tense() {
        let base = date(2025, 1, 10);
        assert_eq!(infer_year(base, 12, 20, Tense::Past), 2024);
        assert_eq!(infer_year(base, 12, 20, Tense::Unknown), 2024);
        assert_eq!(infer_year(base, 3, 1, Tense::Future), 2025);
        assert_eq!(infer_year(date(2025, 11, 20), 1, 5, Tense::Future), 2026);
        assert_eq!(infer_year(date(2025, 6, 15), 6, 13, Tense::Past), 2025);
    }

    #[test]
    fn calendar_units() {
        let d = date(2025, 6, 15);
        assert_eq!(calendar(d, Unit::Week, 0), "2025-W24");
        assert_eq!(calendar(d, Unit::Month, -1), "2025-05");
        assert_eq!(calendar(date(2025, 1, 15), Unit::Month, -1), "2024-12");
        assert_eq!(calendar(d, Unit::Quarter, -2), "2024-Q4");
        assert_eq!(calendar(date(2024, 12, 30), Unit::Week, 0), "2025-W01");
        assert_eq!(shifted(date(2024, 3, 1), Unit::Day, -1).0, "2024-02-29");
        assert_eq!(period_vague(Unit::Week), "PXW");
        assert_eq!(period_vague(Unit::Hour), "PTXH");
    }
}
