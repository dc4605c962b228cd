//! Resolution: an [`Expr`] plus anchors and the clause's tense become a TIMEX3 value.
//! Without an anchor, values stay underspecified (`XXXX-WXX-4`) rather than guessed, and
//! `relative` says where they sit from the publication date (`P-1D`, `WD-4`) so a store can
//! ground them when the date arrives.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use sitrep_model::Anchor;

use super::lexicon::HolidayRule;
use super::recognize::{Expr, Match, Shift, Unit, Yr, period};
use super::tense::Tense;

/// What an expression resolved to.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub value: String,
    pub anchor: Anchor,
    /// The calendar day it denotes, when it denotes one (for chains like "the day before").
    pub day: Option<Date>,
    /// The quarter it denotes, when it denotes one (for "the quarter", "a year earlier").
    pub quarter: Option<(i32, u8)>,
    pub confidence: f32,
    /// Appended to the match's rule: how direction or year was chosen.
    pub how: &'static str,
    /// Offset from the publication date when there is none to resolve against.
    pub relative: Option<String>,
    /// Read as a duration after all ("in two weeks" in a past-tense report).
    pub duration: bool,
}

/// The dates a relative expression can lean on.
#[derive(Debug, Clone, Copy)]
pub struct Anchors {
    /// Publication date, or the utterance date inside a quote.
    pub base: Option<Date>,
    pub base_kind: Anchor,
    /// The last day-precise date resolved before this expression.
    pub previous: Option<Date>,
    /// The first day of the last month-precise date, when it is more recent than `previous`
    /// ("In March ... the following month").
    pub previous_coarse: Option<Date>,
    /// Whether `previous` was set in this sentence or the one before.
    pub previous_recent: bool,
    /// The year of the last dated expression of any precision ("in 1998 ... later that year").
    pub previous_year: Option<i32>,
    /// The last quarter the text referred to, and whether it is close enough (same or recent
    /// sentences) for "a year earlier" to mean that quarter a year before.
    pub quarter: Option<(i32, u8)>,
    pub quarter_recent: bool,
    /// The expression follows a word that points at a target date ("until", "by",
    /// "payable", "due"): the clause's tense says nothing about which side it is on.
    pub target: bool,
}

pub fn resolve(m: &Match, tense: Tense, anchors: Anchors) -> Resolved {
    // "overnight" in a report of what happened is the night before; in a plan, tonight.
    let expr = match (&m.expr, m.rule) {
        (Expr::Deictic(0), "timex.deictic.overnight")
            if matches!(tense, Tense::Past | Tense::Unknown | Tense::Planned) =>
        {
            Expr::Deictic(-1)
        }
        (e, _) => e.clone(),
    };
    let tense = if anchors.target && !matches!(expr, Expr::Weekday { .. }) { Tense::Unknown } else { tense };
    let mut r = resolve_expr(&expr, tense, anchors);
    // "Easter week", "the week of March 6": the week of the day named
    if matches!(m.rule, "timex.holiday.week" | "timex.date.week_of")
        && let Some(d) = r.day.take()
    {
        r.value = iso_week(d);
    }
    if let (Some((h, mi)), Some(d)) = (m.clock, r.day) {
        r.value = format!("{d}T{h:02}:{mi:02}");
    } else if let Some((h, mi)) = m.clock
        && r.value.starts_with("XXXX")
    {
        r.value = format!("{}T{h:02}:{mi:02}", r.value);
    }
    if let Some(part) = &m.part {
        if let Some(d) = r.day {
            r.value = format!("{d}T{part}");
        } else if r.value.len() == 10 || r.value.starts_with("XXXX-WXX-") {
            r.value = format!("{}T{part}", r.value);
        }
    }
    r
}

fn fixed(value: String, day: Option<Date>, confidence: f32, how: &'static str) -> Resolved {
    Resolved { value, anchor: Anchor::None, day, quarter: None, confidence, how, relative: None, duration: false }
}

/// An unresolved value with its offset from the publication date.
fn unanchored(value: &str, relative: Option<String>, confidence: f32) -> Resolved {
    Resolved {
        anchor: if relative.is_some() { Anchor::Published } else { Anchor::None },
        relative,
        ..fixed(value.into(), None, confidence, ".unanchored")
    }
}

fn signed(n: i64, unit: &str) -> String {
    if n == 0 { format!("P0{unit}") } else { format!("P{n:+}{unit}") }
}

fn resolve_expr(expr: &Expr, tense: Tense, a: Anchors) -> Resolved {
    let based = |value: String, day: Option<Date>, confidence: f32, how: &'static str| Resolved {
        anchor: a.base_kind,
        ..fixed(value, day, confidence, how)
    };
    let day_value = |d: Date, confidence: f32, how: &'static str| based(d.to_string(), Some(d), confidence, how);
    match expr {
        Expr::Date { year: Yr::Abs(y), month: Some(m), day: Some(d), .. } => match date(*y, *m, *d) {
            Some(date) => fixed(date.to_string(), Some(date), 0.97, ""),
            None => fixed(format!("{y:04}-{m:02}"), None, 0.5, ".invalid_day"),
        },
        Expr::Date { year: Yr::Abs(y), month: Some(m), day: None, .. } => {
            fixed(format!("{y:04}-{m:02}"), None, 0.95, "")
        }
        Expr::Date { year, month: Some(m), day, weekday } => {
            let Some(base) = a.base else {
                let v = match day {
                    Some(d) => format!("XXXX-{m:02}-{d:02}"),
                    None => format!("XXXX-{m:02}"),
                };
                let rel = match year {
                    Yr::Rel(r) => Some(signed(*r as i64, "Y")),
                    _ => None,
                };
                return unanchored(&v, rel, 0.6);
            };
            let by_weekday = || -> Option<i32> {
                // "Monday, Oct. 26": the year nearest the anchor in which Oct. 26 is a Monday.
                let (d, wd) = ((*day)?, (*weekday)?);
                let y = base.year() as i32;
                [y, y - 1, y + 1]
                    .into_iter()
                    .find(|yy| date(*yy, *m, d).is_some_and(|x| x.weekday().to_monday_one_offset() as u8 == wd))
            };
            let (y, how) = match year {
                Yr::Rel(r) => (base.year() as i32 + r, ".year_relative"),
                _ => match by_weekday() {
                    Some(y) => (y, ".year_by_weekday"),
                    None => (infer_year(base, *m, *day, tense, a.target), ".year_inferred"),
                },
            };
            match day {
                Some(d) => match date(y, *m, *d) {
                    Some(date) => day_value(date, 0.92, how),
                    None => based(format!("{y:04}-{m:02}"), None, 0.5, ".invalid_day"),
                },
                None => based(format!("{y:04}-{m:02}"), None, 0.88, how),
            }
        }
        Expr::Date { .. } => fixed("XXXX".into(), None, 0.3, ".partial"),
        Expr::Year(y) => fixed(format!("{y:04}"), None, 0.9, ""),
        Expr::Decade(d) => fixed(format!("{d:03}"), None, 0.9, ""),
        Expr::Century(c) => fixed(format!("{c:02}"), None, 0.9, ""),
        Expr::Month { month, shift } => {
            let Some(base) = a.base else {
                return unanchored(&format!("XXXX-{month:02}"), None, 0.5);
            };
            let y = base.year() as i32;
            let bm = base.month() as u8;
            // "last February" written in March means the year before; "last April" in
            // October, this year's.
            let y = match shift {
                -1 if *month + 2 > bm => y - 1,
                1 if *month <= bm => y + 1,
                _ => y,
            };
            based(format!("{y:04}-{month:02}"), None, 0.85, "")
        }
        Expr::Weekday { day, shift } => {
            if matches!(shift, Shift::Previous | Shift::Following)
                && let Some(p) = a.previous
            {
                let s = if *shift == Shift::Previous { Shift::Last } else { Shift::Next };
                let (d, _, conf) = weekday(p, *day, s, tense);
                return Resolved {
                    anchor: Anchor::Previous,
                    ..fixed(d.to_string(), Some(d), conf * 0.95, ".previous")
                };
            }
            let Some(base) = a.base else {
                let back = match shift {
                    Shift::Last | Shift::Previous => true,
                    Shift::Next | Shift::Following => false,
                    _ => !matches!(tense, Tense::Future | Tense::Present),
                };
                let rel = format!("WD{}{day}", if back { '-' } else { '+' });
                return unanchored(&format!("XXXX-WXX-{day}"), Some(rel), 0.6);
            };
            let (date, how, conf) = weekday(base, *day, *shift, tense);
            day_value(date, conf, how)
        }
        Expr::Deictic(days) => match a.base {
            Some(base) => day_value(add_days(base, *days as i64), 0.95, ""),
            None => unanchored("XXXX-XX-XX", Some(signed(*days as i64, "D")), 0.5),
        },
        Expr::Calendar { unit, offset } => match a.base {
            Some(base) => based(calendar(base, *unit, *offset), None, 0.93, ""),
            None => unanchored(&unanchored_calendar(*unit), Some(signed(*offset as i64, unit_letter(*unit))), 0.5),
        },
        Expr::Weekend => match a.base {
            Some(base) => {
                let wd = base.weekday().to_monday_one_offset() as i64;
                let future = matches!(tense, Tense::Future | Tense::Present);
                let week = if wd >= 6 || future { base } else { add_days(base, -7) };
                based(format!("{}-WE", iso_week(week)), None, 0.8, if future { ".future_tense" } else { ".past_tense" })
            }
            None => unanchored("XXXX-WXX-WE", None, 0.5),
        },
        Expr::That(Unit::Year) if a.previous_year.is_some() => {
            let y = a.previous_year.unwrap_or_default();
            Resolved { anchor: Anchor::Previous, ..fixed(format!("{y:04}"), None, 0.8, "") }
        }
        Expr::That(unit) => {
            let (d, kind, conf) = match (a.previous, a.base) {
                (Some(p), _) => (p, Anchor::Previous, 0.8),
                (None, Some(b)) => (b, a.base_kind, 0.6),
                (None, None) => return unanchored(&unanchored_calendar(*unit), None, 0.4),
            };
            let value = calendar(d, *unit, 0);
            let day = (*unit == Unit::Day).then_some(d);
            Resolved { anchor: kind, ..fixed(value, day, conf, "") }
        }
        Expr::Offset { unit, amount, sign, from_previous } => {
            // "a minute and a half later": within the day of the previous date, how long after it
            // is all the expression adds (TimeML: a duration, "later" its signal).
            if *from_previous && matches!(unit, Unit::Hour | Unit::Minute | Unit::Second) {
                let v = amount.map_or_else(|| period_vague(*unit), |n| period(n, *unit));
                return Resolved { duration: true, ..fixed(v, None, 0.8, ".after_previous") };
            }
            // "in two weeks" in a report of the past is how long something took.
            if !from_previous && *sign > 0 && tense == Tense::Past && amount.is_some() {
                let v = period(amount.unwrap_or(1.0), *unit);
                return Resolved { duration: true, ..fixed(v, None, 0.7, ".in_past_duration") };
            }
            let previous = match (a.previous_coarse, unit) {
                (Some(c), Unit::Month | Unit::Year | Unit::Quarter) => Some(c),
                _ => a.previous,
            };
            let (anchor_date, kind, conf) = match (from_previous, previous, a.base) {
                (true, Some(p), _) => (Some(p), Anchor::Previous, 0.85),
                (true, None, Some(b)) => (Some(b), a.base_kind, 0.6),
                (false, _, Some(b)) => (Some(b), a.base_kind, 0.9),
                _ => (None, Anchor::None, 0.5),
            };
            // "a year earlier" next to a quarter's figures: that quarter, a year before.
            if *unit == Unit::Year
                && *sign < 0
                && amount.is_some_and(|n| n == 1.0)
                && a.quarter_recent
                && let Some((y, q)) = a.quarter
            {
                return Resolved {
                    anchor: Anchor::Previous,
                    quarter: Some((y - 1, q)),
                    ..fixed(format!("{:04}-Q{q}", y - 1), None, 0.75, ".quarter")
                };
            }
            let Some(d) = anchor_date else {
                let rel = match (from_previous, amount) {
                    (false, Some(n)) => Some(signed((*n as i64) * (*sign as i64), unit_letter(*unit))),
                    _ => None,
                };
                return unanchored("XXXX-XX-XX", rel, 0.4);
            };
            let Some(n) = amount else {
                let v = if *sign < 0 { "PAST_REF" } else { "FUTURE_REF" };
                return Resolved { anchor: kind, ..fixed(v.into(), None, 0.7, ".vague") };
            };
            let n = (*n as i64) * (*sign as i64);
            let (mut value, day) = shifted(d, *unit, n);
            // "in May ... a year earlier": the same month a year before
            if kind == Anchor::Previous
                && *unit == Unit::Year
                && previous == a.previous_coarse
                && a.previous_coarse.is_some()
                && let Ok(x) = d.checked_add(n.years())
            {
                value = format!("{:04}-{:02}", x.year(), x.month());
            }
            Resolved { anchor: kind, ..fixed(value, day, conf, "") }
        }
        Expr::Reference(v) => based(v.clone(), None, 0.85, ""),
        Expr::Season { season, year } => {
            let y = match (year, a.base) {
                (Yr::Abs(y), _) => return fixed(format!("{y:04}-{season}"), None, 0.9, ""),
                (Yr::Rel(r), Some(b)) => b.year() as i32 + r,
                (Yr::Infer, Some(b)) => {
                    let idx = |s: &str| ["SP", "SU", "FA", "WI"].iter().position(|x| *x == s).unwrap_or(0) as i32;
                    let cur = match b.month() {
                        3..=5 => 0,
                        6..=8 => 1,
                        9..=11 => 2,
                        _ => 3,
                    };
                    let y = b.year() as i32;
                    match tense {
                        Tense::Past if idx(season) > cur => y - 1,
                        Tense::Future | Tense::Present if idx(season) < cur => y + 1,
                        _ => y,
                    }
                }
                (_, None) => return unanchored(&format!("XXXX-{season}"), None, 0.5),
            };
            based(format!("{y:04}-{season}"), None, 0.8, "")
        }
        Expr::Quarter { quarter, year } => {
            let y = match (year, a.base) {
                (Yr::Abs(y), _) => {
                    return Resolved {
                        quarter: Some((*y, *quarter)),
                        ..fixed(format!("{y:04}-Q{quarter}"), None, 0.9, "")
                    };
                }
                (Yr::Rel(r), Some(b)) => b.year() as i32 + r,
                (Yr::Infer, Some(b)) => {
                    let bq = (b.month() as u8 - 1) / 3 + 1;
                    let y = b.year() as i32;
                    match tense {
                        Tense::Past if *quarter > bq => y - 1,
                        // the quarter just ended is this year's even in a forecast
                        Tense::Future if *quarter + 1 < bq => y + 1,
                        Tense::Unknown | Tense::Present | Tense::Planned if *quarter > bq + 1 => y - 1,
                        _ => y,
                    }
                }
                (_, None) => return unanchored(&format!("XXXX-Q{quarter}"), None, 0.5),
            };
            Resolved { quarter: Some((y, *quarter)), ..based(format!("{y:04}-Q{quarter}"), None, 0.85, "") }
        }
        Expr::Half { half, year } => {
            let y = match (year, a.base) {
                (Yr::Abs(y), _) => return fixed(format!("{y:04}-H{half}"), None, 0.9, ""),
                (Yr::Rel(r), Some(b)) => b.year() as i32 + r,
                (Yr::Infer, Some(b)) => {
                    let bh = if b.month() <= 6 { 1 } else { 2 };
                    match tense {
                        Tense::Past if *half > bh => b.year() as i32 - 1,
                        _ => b.year() as i32,
                    }
                }
                (_, None) => return unanchored(&format!("XXXX-H{half}"), None, 0.5),
            };
            based(format!("{y:04}-H{half}"), None, 0.85, "")
        }
        Expr::Period { years_back, year } => {
            let reference = a.quarter.or_else(|| a.base.map(last_completed_quarter));
            let Some((qy, q)) = reference else {
                return unanchored("XXXX-QX", None, 0.4);
            };
            let y = year.unwrap_or(qy - years_back);
            let kind = if a.quarter.is_some() { Anchor::Previous } else { a.base_kind };
            Resolved { anchor: kind, quarter: Some((y, q)), ..fixed(format!("{y:04}-Q{q}"), None, 0.7, ".period") }
        }
        Expr::Holiday { rule, year, shift } => {
            if let Yr::Abs(y) = year {
                return match holiday_date(*rule, *y) {
                    Some(d) => fixed(d.to_string(), Some(d), 0.95, ""),
                    None => fixed(format!("{y:04}"), None, 0.5, ".invalid_day"),
                };
            }
            let Some(base) = a.base else {
                let v = match rule {
                    HolidayRule::Fixed(m, d) => format!("XXXX-{m:02}-{d:02}"),
                    _ => "XXXX-XX-XX".into(),
                };
                return unanchored(&v, None, 0.5);
            };
            let y = base.year() as i32;
            let cands: Vec<Date> = [y - 1, y, y + 1].iter().filter_map(|yy| holiday_date(*rule, *yy)).collect();
            let back = cands.iter().rev().find(|d| **d <= base).copied();
            let back_strict = cands.iter().rev().find(|d| **d < base).copied();
            let fwd = cands.iter().find(|d| **d >= base).copied();
            let fwd_strict = cands.iter().find(|d| **d > base).copied();
            // A holiday within six weeks is that one, whatever the tense ("a truce before
            // New Year's Eve", "rockets fired on New Year's Eve").
            let this_year = [y - 1, y, y + 1]
                .iter()
                .filter_map(|yy| holiday_date(*rule, *yy))
                .filter(|d| (*d - base).get_days().abs() <= 45)
                .min_by_key(|d| (*d - base).get_days().abs());
            let pick = match (year, shift, tense) {
                (Yr::Rel(r), _, _) => holiday_date(*rule, y + r),
                // A holiday days away is this one, whatever the tense.
                (_, Shift::None, _) if this_year.is_some() => this_year,
                (_, Shift::Last, _) => back_strict,
                (_, Shift::Next, _) => fwd_strict,
                (_, Shift::This, _) => holiday_date(*rule, y),
                (_, _, Tense::Past) => back,
                (_, _, Tense::Future | Tense::Present) => fwd,
                _ => match (back, fwd) {
                    (Some(b), Some(f)) => Some(if (base - b).get_days() <= (f - base).get_days() { b } else { f }),
                    (b, f) => b.or(f),
                },
            };
            match pick {
                Some(d) => day_value(d, 0.85, ".year_inferred"),
                None => unanchored("XXXX-XX-XX", None, 0.4),
            }
        }
        Expr::Duration { amount, unit } => {
            let v = match amount {
                Some(n) => period(*n, *unit),
                None => period_vague(*unit),
            };
            fixed(v, None, 0.9, "")
        }
        Expr::Set(v) => fixed(v.clone(), None, 0.85, ""),
        Expr::Clock { hour, minute } => {
            // A time of day alone is on the day the narrative is at in a report of the past,
            // and on the anchor's day otherwise ("expires at midnight").
            let (d, kind) = match (a.previous, a.base) {
                (Some(p), _) if a.base_kind != Anchor::Utterance && tense == Tense::Past && a.previous_recent => {
                    (Some(p), Anchor::Previous)
                }
                (_, Some(b)) => (Some(b), a.base_kind),
                (p, None) => (p, Anchor::Previous),
            };
            match d {
                Some(d) => Resolved { anchor: kind, ..fixed(format!("{d}T{hour:02}:{minute:02}"), Some(d), 0.8, "") },
                None => unanchored(&format!("XXXX-XX-XXT{hour:02}:{minute:02}"), None, 0.6),
            }
        }
    }
}

fn unit_letter(unit: Unit) -> &'static str {
    match unit {
        Unit::Year => "Y",
        Unit::Month => "M",
        Unit::Week | Unit::Weekend => "W",
        Unit::Day | Unit::Night => "D",
        Unit::Hour => "H",
        Unit::Minute => "MIN",
        Unit::Second => "S",
        Unit::Decade => "DE",
        Unit::Century => "CE",
        Unit::Quarter => "Q",
    }
}

/// A calendar date, `None` when the day does not exist (February 30).
pub fn date(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()
}

fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(n.days()).unwrap_or(d)
}

/// The quarter before the one `d` falls in.
fn last_completed_quarter(d: Date) -> (i32, u8) {
    let q = (d.month() as u8 - 1) / 3 + 1;
    if q == 1 { (d.year() as i32 - 1, 4) } else { (d.year() as i32, q - 1) }
}

/// The weekday `target` (1 = Monday) nearest `base` in the direction the tense gives. The
/// publication weekday itself is "today" unless "last"/"next" says otherwise.
pub fn weekday(base: Date, target: u8, shift: Shift, tense: Tense) -> (Date, &'static str, f32) {
    let today = base.weekday().to_monday_one_offset() as i64;
    let target = target as i64;
    let back = (today - target).rem_euclid(7); // days back to the previous (or same) target
    let fwd = (target - today).rem_euclid(7);
    match shift {
        Shift::Last | Shift::Previous => (add_days(base, -(if back == 0 { 7 } else { back })), ".last", 0.9),
        Shift::Next | Shift::Following => (add_days(base, if fwd == 0 { 7 } else { fwd }), ".next", 0.85),
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
            Tense::Planned if fwd < back => (add_days(base, fwd), ".planned_nearest", 0.75),
            Tense::Planned => (add_days(base, -back), ".planned_nearest", 0.75),
        },
    }
}

/// The year that puts month `m` (day `d`, if given) on the side of `base` the tense says.
/// With no tense (or the present, which is as often a state as a schedule), the occurrence
/// nearest `base`, where time ahead counts double — news reports what has happened — except
/// after a target word ("until", "by", "payable"), where it counts less.
fn infer_year(base: Date, m: u8, d: Option<u8>, tense: Tense, target: bool) -> i32 {
    let y = base.year() as i32;
    let base_key = (base.month() as u8, d.map(|_| base.day() as u8).unwrap_or(0));
    let key = (m, d.unwrap_or(0));
    match tense {
        // A day a few weeks ahead in a past-tense clause is a date set earlier ("gave no
        // reason for the Jan. 14 deadline"), not one a year back.
        Tense::Past if key > base_key => {
            let ahead = d.and_then(|d| date(y, m, d)).map(|x| (x - base).get_days());
            if ahead.is_some_and(|a| a <= 21) { y } else { y - 1 }
        }
        Tense::Past => y,
        Tense::Future if key < base_key => y + 1,
        Tense::Future => y,
        Tense::Unknown | Tense::Present | Tense::Planned => {
            let at = |yy: i32| date(yy, m, d.unwrap_or(15)).or_else(|| date(yy, m, 28));
            let dist = |yy: i32| at(yy).map(|x| (x - base).get_days() as i64);
            let (num, den) = match tense {
                _ if target => (3, 4),
                Tense::Present => (3, 4),
                Tense::Planned => (1, 1),
                _ => (2, 1),
            };
            [y - 1, y, y + 1]
                .into_iter()
                .filter_map(|yy| dist(yy).map(|dd| (if dd > 0 { dd * num / den } else { -dd }, yy)))
                .min()
                .map_or(y, |(_, yy)| yy)
        }
    }
}

/// Western Easter Sunday (the anonymous Gregorian algorithm).
fn easter(y: i32) -> Option<Date> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(y, month as u8, day as u8)
}

/// The date of a holiday in year `y`.
pub fn holiday_date(rule: HolidayRule, y: i32) -> Option<Date> {
    match rule {
        HolidayRule::Fixed(m, d) => date(y, m, d),
        HolidayRule::Easter(n) => easter(y).map(|e| add_days(e, n as i64)),
        HolidayRule::Nth { month, weekday: wd, n } => {
            let first = date(y, month, 1)?;
            let wd = Weekday::from_monday_one_offset(wd as i8).ok()?;
            if n > 0 {
                let d = first.nth_weekday_of_month(n, wd).ok()?;
                Some(d)
            } else {
                first.nth_weekday_of_month(-1, wd).ok()
            }
        }
        HolidayRule::Election => {
            let first_monday = date(y, 11, 1)?.nth_weekday_of_month(1, Weekday::Monday).ok()?;
            Some(add_days(first_monday, 1))
        }
    }
}

pub fn iso_week(d: Date) -> String {
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
        // "a decade ago" is a year, as TimeBank writes it.
        Unit::Decade => (format!("{:04}", d.year() as i64 + 10 * n), None),
        Unit::Century => (format!("{:04}", d.year() as i64 + 100 * n), None),
    }
}

fn period_vague(unit: Unit) -> String {
    match unit {
        Unit::Decade => "PXDE".into(),
        Unit::Century => "PXCE".into(),
        Unit::Quarter => "PXQ".into(),
        _ => period(0.0, unit).replacen('0', "X", 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn weekdays_by_tense() {
        let sun = d(2025, 6, 15);
        assert_eq!(weekday(sun, 4, Shift::None, Tense::Past).0, d(2025, 6, 12));
        assert_eq!(weekday(sun, 1, Shift::None, Tense::Present).0, d(2025, 6, 16));
        assert_eq!(weekday(sun, 7, Shift::None, Tense::Past).0, sun);
        assert_eq!(weekday(sun, 7, Shift::Last, Tense::Unknown).0, d(2025, 6, 8));
        assert_eq!(weekday(sun, 7, Shift::Next, Tense::Unknown).0, d(2025, 6, 22));
        assert_eq!(weekday(sun, 6, Shift::None, Tense::Unknown).0, d(2025, 6, 14));
        // across a year end
        assert_eq!(weekday(d(2025, 1, 1), 5, Shift::None, Tense::Past).0, d(2024, 12, 27));
    }

    #[test]
    fn years_by_tense() {
        let base = d(2025, 1, 10);
        assert_eq!(infer_year(base, 12, Some(20), Tense::Past, false), 2024);
        assert_eq!(infer_year(base, 12, Some(20), Tense::Unknown, false), 2024);
        assert_eq!(infer_year(base, 3, Some(1), Tense::Future, false), 2025);
        assert_eq!(infer_year(d(2025, 11, 20), 1, Some(5), Tense::Future, false), 2026);
        assert_eq!(infer_year(d(2025, 6, 15), 6, Some(13), Tense::Past, false), 2025);
        // a past month earlier in the year stays in the year
        assert_eq!(infer_year(d(1989, 10, 30), 1, None, Tense::Past, false), 1989);
        assert_eq!(infer_year(d(1989, 10, 30), 11, Some(16), Tense::Unknown, false), 1989);
        assert_eq!(infer_year(d(1989, 10, 30), 3, None, Tense::Unknown, false), 1989);
    }

    #[test]
    fn holidays() {
        assert_eq!(holiday_date(HolidayRule::Nth { month: 11, weekday: 4, n: 4 }, 1999), Some(d(1999, 11, 25)));
        assert_eq!(holiday_date(HolidayRule::Election, 1998), Some(d(1998, 11, 3)));
        assert_eq!(holiday_date(HolidayRule::Easter(0), 2000), Some(d(2000, 4, 23)));
        assert_eq!(holiday_date(HolidayRule::Easter(0), 2025), Some(d(2025, 4, 20)));
        assert_eq!(holiday_date(HolidayRule::Nth { month: 5, weekday: 1, n: -1 }, 2025), Some(d(2025, 5, 26)));
        assert_eq!(holiday_date(HolidayRule::Fixed(2, 29), 2025), None);
    }

    #[test]
    fn calendar_units() {
        let x = d(2025, 6, 15);
        assert_eq!(calendar(x, Unit::Week, 0), "2025-W24");
        assert_eq!(calendar(x, Unit::Month, -1), "2025-05");
        assert_eq!(calendar(d(2025, 1, 15), Unit::Month, -1), "2024-12");
        assert_eq!(calendar(x, Unit::Quarter, -2), "2024-Q4");
        assert_eq!(calendar(d(2024, 12, 30), Unit::Week, 0), "2025-W01");
        assert_eq!(shifted(d(2024, 3, 1), Unit::Day, -1).0, "2024-02-29");
        assert_eq!(period_vague(Unit::Week), "PXW");
        assert_eq!(period_vague(Unit::Hour), "PTXH");
        assert_eq!(last_completed_quarter(d(1989, 10, 30)), (1989, 3));
        assert_eq!(last_completed_quarter(d(1998, 2, 1)), (1997, 4));
    }
}
