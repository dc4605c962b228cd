//! Recognition: a small grammar over a sentence's tokens that finds time expressions and
//! says what they mean ([`Expr`]) without resolving them. Longest match wins at each token.
//! Prepositions ("on Thursday") stay outside the span, as in TimeML; modifiers ("early
//! Saturday", "more than a decade") are inside it and become `mod`. Capitalised time words in
//! the middle of a sentence ("ABC's This Week", "High Noon", "60 Minutes") are titles, not times.

use super::lexicon::{HolidayRule, TimeLexicon};

/// Calendar units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Decade,
    Century,
    Quarter,
    Weekend,
    Night,
}

impl Unit {
    fn from_code(code: &str) -> Option<Unit> {
        Some(match code {
            "Y" => Unit::Year,
            "M" => Unit::Month,
            "W" => Unit::Week,
            "D" => Unit::Day,
            "H" => Unit::Hour,
            "MIN" => Unit::Minute,
            "S" => Unit::Second,
            "DE" => Unit::Decade,
            "CE" => Unit::Century,
            "Q" => Unit::Quarter,
            "WE" => Unit::Weekend,
            "NIGHT" => Unit::Night,
            _ => return None,
        })
    }
}

/// Direction words before a weekday or unit: "last", "next", "this"; "the previous" and "the
/// following" count from the previously mentioned date instead of the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shift {
    None,
    Last,
    Next,
    This,
    Previous,
    Following,
}

/// The year of a partial date: written, relative to the anchor ("June last year", "this
/// year's third quarter"), or to be inferred from the anchor and the tense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Yr {
    Abs(i32),
    Rel(i32),
    Infer,
}

/// What a time expression says, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Calendar parts as written; missing ones are inferred from the anchor.
    Date {
        year: Yr,
        month: Option<u8>,
        day: Option<u8>,
        /// The weekday written with it ("Monday, Oct. 26"), which fixes the year.
        weekday: Option<u8>,
    },
    Weekday {
        day: u8,
        shift: Shift,
    },
    /// "last December" (-1), "next March" (1), "this June" (0).
    Month {
        month: u8,
        shift: i32,
    },
    /// Days from the anchor: yesterday -1, today 0, tomorrow +1.
    Deictic(i32),
    /// The calendar unit containing the anchor, shifted: this week (W, 0), last month (M, -1).
    Calendar {
        unit: Unit,
        offset: i32,
    },
    /// "the weekend": the last one in a report, the next one in a plan.
    Weekend,
    /// The unit containing the previously mentioned date: "that day", "later that year".
    That(Unit),
    /// An amount before or after the anchor ("two days ago") or after the previous date
    /// ("a week later"); `amount` is `None` when vague ("several days ago").
    Offset {
        unit: Unit,
        amount: Option<f64>,
        sign: i32,
        from_previous: bool,
    },
    /// PAST_REF, PRESENT_REF, FUTURE_REF.
    Reference(String),
    Year(i32),
    /// First three digits of the decade's years: the 1990s -> 199.
    Decade(i32),
    /// First two digits of the century's years: the 20th century -> 19.
    Century(i32),
    Season {
        season: String,
        year: Yr,
    },
    Quarter {
        quarter: u8,
        year: Yr,
    },
    Half {
        half: u8,
        year: Yr,
    },
    /// A reporting period referred back to: "the quarter", "the latest period" (0), "the
    /// year-earlier quarter" (1 year back), "the 1988 period" (that year).
    Period {
        years_back: i32,
        year: Option<i32>,
    },
    Holiday {
        rule: HolidayRule,
        year: Yr,
        shift: Shift,
    },
    Duration {
        amount: Option<f64>,
        unit: Unit,
    },
    /// A recurrence with its TIMEX3 value already formed: `XXXX-WXX-5`, `P1W`.
    Set(String),
    Clock {
        hour: u8,
        minute: u8,
    },
}

/// A recognised expression: token range within the sentence, meaning, extras.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub expr: Expr,
    /// Part of day: MO, AF, EV, NI, MI, DT.
    pub part: Option<String>,
    pub modifier: Option<String>,
    /// `local` ("local time"), `UTC`, or a UTC offset from a zone abbreviation ("EDT").
    pub zone: Option<String>,
    /// Clock time attached to a day: "3 p.m. on Saturday".
    pub clock: Option<(u8, u8)>,
    pub rule: &'static str,
}

/// The words of one sentence as the grammar sees them.
pub struct Words<'a> {
    /// Lowercased, quotes straightened, trailing period of abbreviations removed.
    pub w: Vec<String>,
    /// Whether token i touches token i-1 (no space between).
    pub attached: Vec<bool>,
    /// Whether token i starts with an upper-case letter in the text.
    pub caps: Vec<bool>,
    /// A heading: title case says nothing there.
    pub heading: bool,
    pub lx: &'a TimeLexicon,
}

impl Words<'_> {
    pub fn at(&self, i: usize) -> &str {
        self.w.get(i).map_or("", String::as_str)
    }

    pub fn before(&self, i: usize) -> &str {
        if i == 0 { "" } else { self.at(i - 1) }
    }

    fn is(&self, i: usize, options: &[&str]) -> bool {
        options.contains(&self.at(i))
    }

    fn glued(&self, i: usize) -> bool {
        self.attached.get(i).copied().unwrap_or(false)
    }

    /// Capitalised in the middle of a sentence: part of a name or title.
    fn titled(&self, i: usize) -> bool {
        !self.heading
            && self.caps.get(i).copied().unwrap_or(false)
            && i > 0
            && !matches!(
                self.at(i - 1),
                "\"" | "'" | "''" | "``" | "`" | ":" | "(" | "[" | "-" | "--" | "\u{2014}" | "_"
            )
    }

    fn month(&self, i: usize) -> Option<u8> {
        self.lx.month.get(self.at(i)).copied()
    }

    /// Full weekday names only: "sat", "sun", "wed" are words too.
    fn weekday(&self, i: usize) -> Option<u8> {
        let w = self.at(i);
        if w.len() < 6 {
            return None;
        }
        self.lx.weekday.get(w).copied()
    }

    fn unit(&self, i: usize) -> Option<(Unit, bool)> {
        let w = self.at(i);
        let u = Unit::from_code(self.lx.unit.get(w)?)?;
        if self.titled(i) {
            return None;
        }
        let plural = w.ends_with('s') && !matches!(w, "hrs" | "mins" | "yrs" | "wks");
        Some((u, plural || matches!(w, "hrs" | "mins" | "yrs" | "wks")))
    }

    /// A cardinal: digits ("48", "1,000", "2.5", "2 1/2") or words ("two", "twenty-four",
    /// "a", "a couple of", "a few"). Returns the value (`None` when vague) and the next index.
    fn number(&self, i: usize) -> Option<(Option<f64>, usize)> {
        let w = self.at(i);
        if !w.is_empty()
            && w.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
            && w.as_bytes()[0].is_ascii_digit()
        {
            let n: f64 = w.replace(',', "").parse().ok()?;
            // "2 1/2"
            if let Some(f) = self.fraction(i + 1) {
                return Some((Some(n + f), i + 4));
            }
            return Some((Some(n), i + 1));
        }
        if let Some(f) = self.fraction(i) {
            return Some((Some(f), i + 3));
        }
        // "a couple of", "a few", "a dozen"
        if matches!(w, "a" | "an") {
            match self.at(i + 1) {
                "couple" if self.at(i + 2) == "of" => return Some((Some(2.0), i + 3)),
                "few" => return Some((None, i + 2)),
                "dozen" => return Some((Some(12.0), i + 2)),
                _ => {}
            }
        }
        let v = *self.lx.number.get(w)?;
        if w == "couple" {
            return (self.at(i + 1) == "of").then_some((Some(2.0), i + 2));
        }
        // twenty-four
        if let (Some(tens), "-") = (v, self.at(i + 1))
            && (20.0..100.0).contains(&tens)
            && self.glued(i + 1)
            && self.glued(i + 2)
            && let Some(Some(ones)) = self.lx.number.get(self.at(i + 2))
            && *ones < 10.0
        {
            return Some((Some(tens + ones), i + 3));
        }
        // "two thousand", "three hundred"
        if let (Some(n), Some(Some(mult))) = (v, self.lx.number.get(self.at(i + 1)))
            && n < 100.0
            && matches!(*mult, 100.0 | 1000.0)
            && self.at(i + 1) != "a"
        {
            return Some((Some(n * mult), i + 2));
        }
        Some((v, i + 1))
    }

    /// "1/2", "3/4" written as three glued tokens.
    fn fraction(&self, i: usize) -> Option<f64> {
        let (a, b) = (self.at(i), self.at(i + 2));
        if self.at(i + 1) != "/" || !self.glued(i + 1) || !self.glued(i + 2) {
            return None;
        }
        let (a, b): (f64, f64) = (a.parse().ok()?, b.parse().ok()?);
        (a < b && b <= 8.0).then_some(a / b)
    }

    /// A day of the month: "13", "13th", "thirteenth", "twenty-first".
    fn day(&self, i: usize) -> Option<(u8, usize)> {
        let w = self.at(i);
        let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
        let rest = &w[digits.len()..];
        if !digits.is_empty() && digits.len() <= 2 && matches!(rest, "" | "st" | "nd" | "rd" | "th") {
            let d: u32 = digits.parse().ok()?;
            return (1..=31).contains(&d).then_some((d as u8, i + 1));
        }
        if let Some(Some(tens)) = self.lx.number.get(w)
            && matches!(*tens as u32, 20 | 30)
            && self.at(i + 1) == "-"
            && self.glued(i + 1)
            && self.glued(i + 2)
            && let Some(ones) = self.lx.ordinal.get(self.at(i + 2))
        {
            let d = *tens as u32 + ones;
            return (1..=31).contains(&d).then_some((d as u8, i + 3));
        }
        let d = *self.lx.ordinal.get(w)?;
        (1..=31).contains(&d).then_some((d as u8, i + 1))
    }

    /// A year: four digits, or spelled out ("nineteen ninety-six"); `after_year` allows "two
    /// thousand" forms, which are years only after "the year".
    fn year(&self, i: usize) -> Option<(i32, usize)> {
        let w = self.at(i);
        if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
            return w.parse().ok().filter(|y| (1000..=2999).contains(y)).map(|y| (y, i + 1));
        }
        // "nineteen ninety-six", "nineteen eighty", "nineteen oh five" is too rare to matter
        let century = match w {
            "nineteen" => 1900,
            "eighteen" => 1800,
            "twenty" if self.at(i + 1) != "-" => 2000,
            _ => return None,
        };
        let (n, end) = self.number(i + 1)?;
        let n = n?;
        if !(10.0..100.0).contains(&n) || n.fract() != 0.0 || self.is(i + 1, &["a", "an"]) {
            return None;
        }
        Some((century + n as i32, end))
    }

    /// A year after "the year": "two thousand", "two thousand and one" as well.
    fn year_named(&self, i: usize) -> Option<(i32, usize)> {
        if let Some(y) = self.year(i) {
            return Some(y);
        }
        if self.at(i) == "two" && self.at(i + 1) == "thousand" {
            let k = if self.at(i + 2) == "and" { i + 3 } else { i + 2 };
            if let Some(Some(n)) = self.lx.number.get(self.at(k))
                && *n < 20.0
                && !self.is(k, &["a", "an"])
            {
                return Some((2000 + *n as i32, k + 1));
            }
            return Some((2000, i + 2));
        }
        None
    }

    /// A zone after a time: "local time", "GMT", "EDT".
    fn zone(&self, i: usize) -> Option<(String, usize)> {
        if self.at(i) == "local" && self.at(i + 1) == "time" {
            return Some(("local".into(), i + 2));
        }
        self.lx.zone.get(self.at(i)).filter(|_| self.caps.get(i).copied().unwrap_or(false)).map(|z| (z.clone(), i + 1))
    }

    /// "this", "last", "next" year words after a month or quarter: "June last year".
    fn rel_year(&self, i: usize) -> Option<(i32, usize)> {
        if !self.is(i + 1, &["year"]) {
            return None;
        }
        let r = match self.at(i) {
            "this" => 0,
            "last" => -1,
            "next" => 1,
            _ => return None,
        };
        Some((r, i + 2))
    }
}

/// Find every time expression in a sentence.
pub fn recognize(words: &Words) -> Vec<Match> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.w.len() {
        match longest(words, i) {
            Some(m) if m.end > i => {
                i = m.end;
                let second = coordinated_day(words, &m);
                out.push(m);
                if let Some(s) = second {
                    i = s.end;
                    out.push(s);
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// The second day of "April 24 and 25", "June 3-5": the same month and year.
fn coordinated_day(w: &Words, m: &Match) -> Option<Match> {
    let Expr::Date { year, month: Some(month), day: Some(_), .. } = m.expr else { return None };
    if !w.is(m.end, &["and", "or", "to", "through", "-"]) {
        return None;
    }
    let k = m.end + 1;
    let (day, end) = w.day(k).filter(|_| w.at(k).bytes().all(|b| b.is_ascii_digit()))?;
    if w.month(end).is_some()
        || w.unit(end).is_some()
        || w.is(end, COUNT_NOUNS)
        || w.is(end, &["%", ":"]) && w.glued(end)
    {
        return None;
    }
    Some(mk(
        k,
        end,
        Expr::Date { year, month: Some(month), day: Some(day), weekday: None },
        "timex.date.coordinated_day",
    ))
}

fn longest(w: &Words, i: usize) -> Option<Match> {
    let candidates = [with_modifier(w, i), clock_first(w, i), core(w, i), duration(w, i), set(w, i)];
    first_longest(candidates)
}

/// The longest candidate; on a tie the earlier (more specific) parser wins.
fn first_longest<const N: usize>(candidates: [Option<Match>; N]) -> Option<Match> {
    let mut best: Option<Match> = None;
    for m in candidates.into_iter().flatten() {
        if best.as_ref().is_none_or(|b| m.end > b.end) {
            best = Some(m);
        }
    }
    best
}

fn mk(start: usize, end: usize, expr: Expr, rule: &'static str) -> Match {
    Match { start, end, expr, part: None, modifier: None, zone: None, clock: None, rule }
}

/// "early Saturday", "late June", "mid-2024", "the end of the month", "earlier this week".
fn with_modifier(w: &Words, i: usize) -> Option<Match> {
    let (modifier, next) = match w.at(i) {
        "early" | "late" | "mid" | "earlier" | "later" => {
            let m = w.lx.modifier.get(w.at(i))?.clone();
            let next = if w.at(i + 1) == "-" { i + 2 } else { i + 1 };
            (m, next)
        }
        "the" if w.is(i + 1, &["end", "beginning", "start", "middle"]) && w.at(i + 2) == "of" => {
            let m = match w.at(i + 1) {
                "end" => "END",
                "middle" => "MID",
                _ => "START",
            };
            (m.to_string(), i + 3)
        }
        _ => return None,
    };
    // "earlier in the year", "later in the day"
    if matches!(w.at(i), "earlier" | "later")
        && w.at(next) == "in"
        && w.at(next + 1) == "the"
        && let Some((unit, false)) = w.unit(next + 2)
        && matches!(unit, Unit::Day | Unit::Week | Unit::Month | Unit::Year)
    {
        return Some(mk(i, next + 3, Expr::Calendar { unit, offset: 0 }, "timex.calendar.in_the"));
    }
    // "the end of the month", "the beginning of the year": the period around the anchor
    if w.at(next) == "the"
        && let Some((unit, false)) = w.unit(next + 1)
        && matches!(unit, Unit::Week | Unit::Month | Unit::Year | Unit::Quarter)
        && !matches!(w.at(i), "earlier" | "later")
        && w.at(next + 2) != "-"
    {
        let (u, e) = if unit == Unit::Year && w.at(next + 2) == "'s" { return None } else { (unit, next + 2) };
        return Some(Match {
            modifier: Some(modifier),
            ..mk(i, e, Expr::Calendar { unit: u, offset: 0 }, "timex.calendar.edge")
        });
    }
    let mut m = core(w, next)?;
    // "earlier this week" and "later this month" name the period, not its start or end.
    let shifts = matches!(w.at(i), "earlier" | "later");
    if shifts && !matches!(m.expr, Expr::Calendar { .. } | Expr::Deictic(0) | Expr::That(_)) {
        return None;
    }
    // "late yesterday", "early Saturday": a part of the day when no part is given.
    m.start = i;
    if !shifts {
        m.modifier = Some(modifier);
    }
    Some(m)
}

/// Point expressions: dates, weekdays, deictics, calendar units, offsets, references, clock.
fn core(w: &Words, i: usize) -> Option<Match> {
    let candidates = [
        holiday(w, i),
        shifted_month(w, i),
        date(w, i),
        weekday(w, i),
        deictic(w, i),
        calendar(w, i),
        that(w, i),
        offset(w, i),
        reference(w, i),
        clock(w, i),
        season(w, i),
        quarter(w, i),
        decade(w, i),
        century(w, i),
    ];
    let mut best = first_longest(candidates)?;
    let dayish = |e: &Expr| {
        matches!(e, Expr::Date { day: Some(_), .. } | Expr::Weekday { .. } | Expr::Deictic(_) | Expr::Holiday { .. })
    };
    // Trailing part of day, clock time or zone: "Monday night", "Saturday at 3 p.m.", "local time".
    if dayish(&best.expr)
        && best.part.is_none()
        && let Some(p) = w.lx.part.get(w.at(best.end))
        && !w.is(best.end, &["noon", "midday"])
        && !w.titled(best.end)
    {
        best.part = Some(p.clone());
        best.end += 1;
    }
    if dayish(&best.expr)
        && w.at(best.end) == "at"
        && let Some(Match { expr: Expr::Clock { hour, minute }, end, .. }) = clock(w, best.end + 1)
    {
        best.clock = Some((hour, minute));
        best.end = end;
    }
    if let Some((z, end)) = w.zone(best.end) {
        best.zone = Some(z);
        best.end = end;
    }
    Some(best)
}

/// A clock time and the day it belongs to: "3 p.m. on Saturday", "4 a.m. EDT Thursday",
/// "5 p.m. EST, Nov. 6", "noon Saturday", "mid-afternoon yesterday".
fn clock_first(w: &Words, i: usize) -> Option<Match> {
    let c = clock(w, i).or_else(|| part_alone(w, i))?;
    let mut k = c.end;
    let mut zone = None;
    if let Some((z, e)) = w.zone(k) {
        zone = Some(z);
        k = e;
    }
    if w.at(k) == "," {
        k += 1;
    }
    if w.at(k) == "on" {
        k += 1;
    }
    let day = first_longest([date(w, k), weekday(w, k), deictic(w, k)]).filter(|d| {
        d.part.is_none() && matches!(d.expr, Expr::Date { day: Some(_), .. } | Expr::Weekday { .. } | Expr::Deictic(_))
    });
    match (day, &c.expr) {
        (Some(day), Expr::Clock { hour, minute }) => {
            Some(Match { start: i, clock: Some((*hour, *minute)), zone: zone.or(day.zone.clone()), ..day })
        }
        (Some(day), _) => Some(Match { start: i, part: c.part.clone(), modifier: c.modifier.clone(), zone, ..day }),
        (None, _) => Some(Match { zone: zone.clone(), end: if zone.is_some() { k } else { c.end }, ..c }),
    }
    .map(|mut m| {
        if m.zone.is_none()
            && let Some((z, e)) = w.zone(m.end)
        {
            m.zone = Some(z);
            m.end = e;
        }
        m
    })
}

/// A part of the day on its own: "mid-afternoon", "the morning" (after "in", "during", "by").
fn part_alone(w: &Words, i: usize) -> Option<Match> {
    let (k, modifier) = match w.at(i) {
        "mid" | "early" | "late" => {
            (if w.at(i + 1) == "-" { i + 2 } else { i + 1 }, w.lx.modifier.get(w.at(i)).cloned())
        }
        "the" if w.is(w_prev(i), &["in", "during", "by", "through", "throughout"]) => (i + 1, None),
        _ => return None,
    };
    let part = w.lx.part.get(w.at(k)).filter(|_| w.is(k, &["morning", "afternoon", "evening"]) && !w.titled(k))?;
    let modifier = if w.at(i) == "mid" { None } else { modifier };
    Some(Match { part: Some(part.clone()), modifier, ..mk(i, k + 1, Expr::That(Unit::Day), "timex.part") })
}

fn w_prev(i: usize) -> usize {
    i.wrapping_sub(1)
}

/// Words after which a bare month name is a date: "in June", "since March", "for September".
const MONTH_CONTEXT: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "through",
    "during",
    "of",
    "early",
    "late",
    "mid",
    "-",
    "last",
    "next",
    "this",
    "before",
    "after",
    "to",
    "and",
    "or",
    "between",
    "coming",
    "past",
    "for",
    "on",
    "around",
    "a",
    "the",
    "that",
    "each",
    "every",
    "throughout",
];

/// Month names that are also ordinary words ("may", "march") or abbreviations.
const AMBIGUOUS_MONTHS: &[&str] =
    &["may", "march", "mar", "jan", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec", "feb", "apr"];

/// Words after which a bare four-digit number is a year: "in 2019", "the 2015 agreement".
const YEAR_CONTEXT: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "through",
    "throughout",
    "during",
    "of",
    "before",
    "after",
    "early",
    "late",
    "mid",
    "-",
    "the",
    "to",
    "and",
    "between",
    "for",
    "around",
    "circa",
    "'s",
    "fiscal",
    "a",
    "its",
    "his",
    "her",
    "their",
    "unsuccessful",
    "into",
    "due",
    "than",
    "year",
    "predicting",
    "projected",
    "expected",
    "estimated",
    "or",
    ",",
    "that",
    "this",
    "both",
    "mid-",
];

/// Nouns after a number that make it a count, not a year: "2000 troops".
const COUNT_NOUNS: &[&str] = &[
    "people",
    "troops",
    "soldiers",
    "members",
    "residents",
    "%",
    "percent",
    "tons",
    "km",
    "miles",
    "shares",
    "points",
    "dollars",
    "barrels",
    "workers",
    "jobs",
    "employees",
    "cars",
    "units",
    "homes",
    "refugees",
    "civilians",
    "fighters",
    "rockets",
    "missiles",
    "drones",
    "kilometers",
    "kilometres",
    "metres",
    "meters",
    "feet",
    "pounds",
    "euros",
    "yen",
    "francs",
];

fn date(w: &Words, i: usize) -> Option<Match> {
    // "the week of March 6": that date's week
    if w.at(i) == "the" && w.at(i + 1) == "week" && w.at(i + 2) == "of" {
        let m = date(w, i + 3).filter(|m| matches!(m.expr, Expr::Date { day: Some(_), .. }))?;
        return Some(Match { start: i, rule: "timex.date.week_of", ..m });
    }
    // A weekday in front of a full date: "Thursday, June 12", "this coming Sunday, March eighth".
    let mut k = i;
    if let Some(wd) = weekday(w, k) {
        k = wd.end;
        k += usize::from(w.at(k) == ",");
        let mut m = date(w, k)?;
        let Expr::Date { day: Some(_), weekday, .. } = &mut m.expr else { return None };
        if let Expr::Weekday { day, .. } = wd.expr {
            *weekday = Some(day);
        }
        return Some(Match { start: i, ..m });
    }
    // Month first: "June 13", "June 13, 2025", "June 2025", "June last year", "June".
    if let Some(month) = w.month(k) {
        if w.titled(k) && !w.caps.get(k).copied().unwrap_or(true) {
            return None;
        }
        let dotted = w.at(k + 1) == ".";
        let d_at = if dotted { k + 2 } else { k + 1 };
        if let Some((day, d_end)) = w.day(d_at)
            && !(w.at(d_end) == "-" && w.unit(d_end + 1).is_some())
            && !w.is(d_end, &["%", "percent"])
            && !w.is(d_end, COUNT_NOUNS)
        {
            let mut end = d_end;
            let mut year = Yr::Infer;
            let comma = usize::from(w.at(end) == ",");
            if let Some((y, e)) = w.year(end + comma) {
                year = Yr::Abs(y);
                end = e;
            } else if let Some((r, e)) = w.rel_year(end) {
                year = Yr::Rel(r);
                end = e;
            }
            // "May 5" with a lower-case "may" is a verb and a number.
            if AMBIGUOUS_MONTHS.contains(&w.at(k)) && !w.caps.get(k).copied().unwrap_or(false) && !w.heading {
                return None;
            }
            return Some(mk(
                i,
                end,
                Expr::Date { year, month: Some(month), day: Some(day), weekday: None },
                "timex.date.month_day",
            ));
        }
        let of = usize::from(w.at(k + 1) == "of");
        if let Some((y, end)) = w
            .year(k + 1 + of)
            .filter(|_| !AMBIGUOUS_MONTHS.contains(&w.at(k)) || w.caps.get(k).copied().unwrap_or(false))
        {
            return Some(mk(
                i,
                end,
                Expr::Date { year: Yr::Abs(y), month: Some(month), day: None, weekday: None },
                "timex.date.month_year",
            ));
        }
        let capital = w.caps.get(k).copied().unwrap_or(false);
        let risky = AMBIGUOUS_MONTHS.contains(&w.at(k));
        if risky && !capital && !w.heading {
            return None;
        }
        if let Some((r, end)) = w.rel_year(k + 1) {
            return Some(mk(
                i,
                end,
                Expr::Date { year: Yr::Rel(r), month: Some(month), day: None, weekday: None },
                "timex.date.month",
            ));
        }
        let before = w.before(i);
        // "the March of the Combatant Mothers", "the March for Life": a name
        if risky && w.is(k + 1, &["of", "for"]) && w.year(k + 2).is_none() {
            return None;
        }
        // A capitalised month is a date unless a name follows ("April Glaspie") or, for "May"
        // and "March", it opens the sentence ("May God ...").
        let name_after = w.caps.get(k + 1).copied().unwrap_or(false) && !w.heading && w.month(k + 1).is_none();
        let ok = if capital && !w.heading {
            !name_after && (i > 0 || !risky || MONTH_CONTEXT.contains(&before))
        } else {
            MONTH_CONTEXT.contains(&before) && !matches!(w.at(k + 1), "-" | "&")
        };
        if ok && !matches!(w.at(k + 1), "&") {
            return Some(mk(
                i,
                k + 1,
                Expr::Date { year: Yr::Infer, month: Some(month), day: None, weekday: None },
                "timex.date.month",
            ));
        }
        return None;
    }
    // Day first: "13 June 2025", "13th of June".
    if let Some((day, d_end)) = w.day(k) {
        let of = usize::from(w.at(d_end) == "of");
        if let Some(month) = w.month(d_end + of)
            && (w.caps.get(d_end + of).copied().unwrap_or(false) || w.heading)
        {
            let mut end = d_end + 1 + of;
            let mut year = Yr::Infer;
            if let Some((y, e)) = w.year(end) {
                year = Yr::Abs(y);
                end = e;
            }
            return Some(mk(
                i,
                end,
                Expr::Date { year, month: Some(month), day: Some(day), weekday: None },
                "timex.date.day_month",
            ));
        }
    }
    // Numeric: 2025-06-14, 14/06/2025, 6/14/2025.
    if let Some(m) = numeric_date(w, k) {
        return Some(m);
    }
    // "the year two thousand", "the year 2000"
    if w.at(k) == "the" && w.at(k + 1) == "year" && !w.is(k + 2, &["-"]) {
        if let Some((y, end)) = w.year_named(k + 2) {
            return Some(mk(i, end, Expr::Year(y), "timex.date.year"));
        }
        return None;
    }
    // "fiscal 1989"
    if w.at(k) == "fiscal"
        && let Some((y, end)) = w.year(k + 1)
    {
        return Some(mk(i, end, Expr::Year(y), "timex.date.fiscal_year"));
    }
    // A bare year in a date context: "in 2019", "since 2015", "the 2015 agreement".
    if let Some((y, end)) = w.year(k) {
        let spelled = end > k + 1;
        let before = w.before(i);
        let ok_before = spelled || YEAR_CONTEXT.contains(&before) || i == 0;
        let next = w.at(end);
        let count_after = w.unit(end).is_some() || COUNT_NOUNS.contains(&next) || (next == "-" && !w.glued(end));
        if ok_before && !count_after && (1800..=2100).contains(&y) && !w.is(end, &[":", "/"]) {
            return Some(mk(i, end, Expr::Year(y), "timex.date.year"));
        }
    }
    None
}

fn numeric_date(w: &Words, k: usize) -> Option<Match> {
    let num = |i: usize| -> Option<u32> {
        let s = w.at(i);
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let sep = w.at(k + 1);
    if !matches!(sep, "-" | "/" | ".") || w.at(k + 3) != sep || !(1..=4).all(|d| w.glued(k + d)) {
        return None;
    }
    let (a, b, c) = (num(k)?, num(k + 2)?, num(k + 4)?);
    let (y, m, d) = if w.at(k).len() == 4 {
        (a, b, c)
    } else if w.at(k + 4).len() == 4 {
        // US month-first unless the first number cannot be a month.
        if a > 12 { (c, b, a) } else { (c, a, b) }
    } else if w.at(k + 4).len() == 2 && sep == "/" {
        // 11/02/89
        let c = if c < 50 { 2000 + c } else { 1900 + c };
        if a > 12 { (c, b, a) } else { (c, a, b) }
    } else {
        return None;
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1000..=2999).contains(&y) {
        return None;
    }
    Some(mk(
        k,
        k + 5,
        Expr::Date { year: Yr::Abs(y as i32), month: Some(m as u8), day: Some(d as u8), weekday: None },
        "timex.date.numeric",
    ))
}

fn shift_word(w: &str) -> Option<Shift> {
    Some(match w {
        "last" | "past" => Shift::Last,
        "next" | "coming" => Shift::Next,
        "this" => Shift::This,
        _ => return None,
    })
}

/// "last December", "next March", "this June".
fn shifted_month(w: &Words, i: usize) -> Option<Match> {
    let shift = match w.at(i) {
        "last" | "past" => -1,
        "next" | "coming" => 1,
        "this" => 0,
        _ => return None,
    };
    let month = w.month(i + 1).filter(|_| w.caps.get(i + 1).copied().unwrap_or(false) || w.heading)?;
    if w.day(i + 2).is_some() {
        return None;
    }
    Some(mk(i, i + 2, Expr::Month { month, shift }, "timex.date.month_shifted"))
}

fn weekday(w: &Words, i: usize) -> Option<Match> {
    // "this coming Sunday", "last Thursday", "the previous Friday", "Thursday"
    let (shift, k) = match (w.at(i), w.at(i + 1)) {
        ("the", "previous" | "preceding") => (Shift::Previous, i + 2),
        ("the", "following" | "next") => (Shift::Following, i + 2),
        ("this", "coming") => (Shift::Next, i + 2),
        ("this", "past") => (Shift::Last, i + 2),
        (s, _) if w.weekday(i + 1).is_some() && shift_word(s).is_some() => (shift_word(s)?, i + 1),
        _ => (Shift::None, i),
    };
    let day = w.weekday(k)?;
    Some(mk(i, k + 1, Expr::Weekday { day, shift }, "timex.weekday"))
}

fn holiday(w: &Words, i: usize) -> Option<Match> {
    let (shift, k) = match w.at(i) {
        "last" => (Shift::Last, i + 1),
        "next" => (Shift::Next, i + 1),
        "this" => (Shift::This, i + 1),
        _ => (Shift::None, i),
    };
    if !w.caps.get(k).copied().unwrap_or(false) && !w.heading {
        return None;
    }
    let mut found = None;
    let mut key = String::new();
    for n in 0..w.lx.holiday_words {
        if n > 0 {
            key.push(' ');
        }
        key.push_str(w.at(k + n));
        if let Some(rule) = w.lx.holiday.get(&key) {
            found = Some((*rule, k + n + 1));
        }
    }
    let (rule, mut end) = found?;
    let mut year = Yr::Infer;
    let comma = usize::from(w.at(end) == ",");
    if let Some((y, e)) = w.year(end + comma) {
        year = Yr::Abs(y);
        end = e;
    }
    // "Easter week"
    if w.at(end) == "week" && matches!(rule, HolidayRule::Easter(0)) {
        return Some(mk(i, end + 1, Expr::Holiday { rule: HolidayRule::Easter(0), year, shift }, "timex.holiday.week"));
    }
    Some(mk(i, end, Expr::Holiday { rule, year, shift }, "timex.holiday"))
}

fn deictic(w: &Words, i: usize) -> Option<Match> {
    let m = |end, d, part: Option<&str>, rule| {
        Some(Match { part: part.map(str::to_string), ..mk(i, end, Expr::Deictic(d), rule) })
    };
    if w.titled(i) && w.is(i, &["today", "tonight", "tomorrow"]) {
        return None;
    }
    match w.at(i) {
        "yesterday" => m(i + 1, -1, None, "timex.deictic"),
        "today" => m(i + 1, 0, None, "timex.deictic"),
        "tomorrow" => m(i + 1, 1, None, "timex.deictic"),
        "tonight" => m(i + 1, 0, Some("NI"), "timex.deictic"),
        "overnight" if !w.is(i + 1, &["-"]) => m(i + 1, 0, Some("NI"), "timex.deictic.overnight"),
        "this" if w.is(i + 1, &["morning", "afternoon", "evening"]) && !w.titled(i + 1) => {
            m(i + 2, 0, w.lx.part.get(w.at(i + 1)).map(String::as_str), "timex.deictic")
        }
        "last" if w.at(i + 1) == "night" && !w.titled(i + 1) => m(i + 2, -1, Some("NI"), "timex.deictic"),
        "the" if w.at(i + 1) == "day" && w.at(i + 2) == "before" && w.at(i + 3) == "yesterday" => {
            m(i + 4, -2, None, "timex.deictic")
        }
        "the" if w.at(i + 1) == "day" && w.at(i + 2) == "after" && w.at(i + 3) == "tomorrow" => {
            m(i + 4, 2, None, "timex.deictic")
        }
        _ => None,
    }
}

fn calendar(w: &Words, i: usize) -> Option<Match> {
    // "the weekend", "this weekend"
    if w.at(i) == "the" && w.at(i + 1) == "weekend" && !w.titled(i + 1) {
        return Some(mk(i, i + 2, Expr::Weekend, "timex.weekend"));
    }
    // "year-end", "year's end", "year end"
    if w.at(i) == "year"
        && !w.titled(i)
        && ((w.at(i + 1) == "-" && w.at(i + 2) == "end" && w.glued(i + 1))
            || (w.at(i + 1) == "'s" && w.at(i + 2) == "end")
            || (w.at(i + 1) == "end" && w.is(w_prev(i), &["by", "at", "around", "before", "after", "until", "since"])))
    {
        return Some(Match {
            modifier: Some("END".into()),
            ..mk(
                i,
                i + 3 - usize::from(w.at(i + 1) == "end"),
                Expr::Calendar { unit: Unit::Year, offset: 0 },
                "timex.calendar.year_end",
            )
        });
    }
    // "the full year"; "for the year", "of the year": the year of the anchor (a year that
    // ended, "the year ended Sept. 30", is a duration; "the year before" counts from elsewhere)
    if w.at(i) == "the" {
        let k = if w.is(i + 1, &["full", "whole", "entire"]) { i + 2 } else { i + 1 };
        if w.at(k) == "year"
            && !w.titled(k)
            && (k == i + 2 || w.is(w_prev(i), &["for", "of", "throughout", "during"]))
            && !w.is(
                k + 1,
                &[
                    "before", "after", "that", "when", "in", "-", "ended", "ending", "to", "earlier", "ago", "'s",
                    "which",
                ],
            )
        {
            return Some(mk(i, k + 1, Expr::Calendar { unit: Unit::Year, offset: 0 }, "timex.calendar.the_year"));
        }
    }
    // "the current year", "the current quarter", "the current fiscal year"
    let (shift, k) =
        if w.at(i) == "the" && w.at(i + 1) == "current" { (Shift::This, i + 2) } else { (shift_word(w.at(i))?, i + 1) };
    let k = if w.at(k) == "fiscal" { k + 1 } else { k };
    let (unit, plural) = w.unit(k)?;
    if plural || matches!(unit, Unit::Day | Unit::Hour | Unit::Minute | Unit::Second | Unit::Night) {
        return None;
    }
    let offset = match shift {
        Shift::Last => -1,
        Shift::Next => 1,
        _ => 0,
    };
    // "the past week" is a duration, not the calendar week before this one.
    if w.at(i) == "past" && w.before(i) == "the" {
        return None;
    }
    // "last year's third quarter", "next year's first quarter": a quarter, not the year.
    if unit == Unit::Year
        && w.at(k + 1) == "'s"
        && (w.lx.ordinal.contains_key(w.at(k + 2)) || w.is(k + 2, &["quarter", "period", "fiscal", "comparable"]))
    {
        return None;
    }
    Some(mk(i, k + 1, Expr::Calendar { unit, offset }, "timex.calendar"))
}

/// "that day", "that same day", "that year", "the same week": the unit of the previous date.
fn that(w: &Words, i: usize) -> Option<Match> {
    let k = match (w.at(i), w.at(i + 1)) {
        ("that", "same") => i + 2,
        ("that", _) => i + 1,
        _ => return None,
    };
    let (unit, part) = match w.at(k) {
        "day" => (Unit::Day, None),
        "week" => (Unit::Week, None),
        "month" => (Unit::Month, None),
        "year" => (Unit::Year, None),
        "morning" | "afternoon" | "evening" | "night" => (Unit::Day, w.lx.part.get(w.at(k)).cloned()),
        _ => return None,
    };
    // "that day's" is fine; "that year-long" is not a date.
    if w.at(k + 1) == "-" {
        return None;
    }
    Some(Match { part, ..mk(i, k + 1, Expr::That(unit), "timex.that") })
}

fn offset(w: &Words, i: usize) -> Option<Match> {
    // "the day before", "the next day", "the following week", "the previous night", "the same day"
    if w.at(i) == "the" {
        let (sign, unit_at, after) = match w.at(i + 1) {
            "next" | "following" => (1, i + 2, None),
            "previous" | "preceding" => (-1, i + 2, None),
            "same" => (0, i + 2, None),
            _ => match (w.unit(i + 1), w.at(i + 2)) {
                (Some(_), "before") => (-1, i + 1, Some(i + 3)),
                (Some(_), "after") if !w.is(i + 3, &["tomorrow"]) => (1, i + 1, Some(i + 3)),
                _ => return None,
            },
        };
        let (unit, plural) =
            w.unit(unit_at).or_else(|| w.lx.part.contains_key(w.at(unit_at)).then_some((Unit::Night, false)))?;
        if plural || matches!(unit, Unit::Quarter) {
            return None;
        }
        // "the day before the vote" is a preposition phrase: only "the day before" at a clause end.
        if let Some(a) = after
            && !w.at(a).is_empty()
            && !matches!(w.at(a), "," | "." | ";" | "and" | ":" | "''" | "\"" | "'")
        {
            return None;
        }
        let unit = if unit == Unit::Night { Unit::Day } else { unit };
        let end = after.unwrap_or(unit_at + 1);
        return Some(mk(
            i,
            end,
            Expr::Offset { unit, amount: Some(if sign == 0 { 0.0 } else { 1.0 }), sign, from_previous: true },
            "timex.offset.previous",
        ));
    }
    // "in two weeks", "two days ago", "a week later", "three days earlier", "two weeks from now",
    // "nearly four years ago", "a week or so ago"
    let (modifier, k0) = approx_modifier(w, i);
    let (in_prefix, k) = if w.at(k0) == "in" && modifier.is_none() { (true, k0 + 1) } else { (false, k0) };
    let (mut amount, after_num) = w.number(k)?;
    let (unit, plural) = w.unit(after_num)?;
    if amount.is_some_and(|a| a > 1.0) && !plural {
        return None;
    }
    let mut end = after_num + 1;
    if w.at(end) == "and" && w.is(end + 1, &["a", "an"]) && w.at(end + 2) == "half" {
        amount = amount.map(|a| a + 0.5);
        end += 3;
    }
    if w.at(end) == "or" && w.at(end + 1) == "so" {
        end += 2;
    }
    if in_prefix {
        // "in two weeks" points forward from the anchor; "in" itself is a preposition,
        // outside the span as always.
        return Some(mk(k, end, Expr::Offset { unit, amount, sign: 1, from_previous: false }, "timex.offset.in"));
    }
    let (sign, from_previous, end) = match (w.at(end), w.at(end + 1)) {
        ("ago", _) => (-1, false, end + 1),
        // "two months later than planned" compares; it does not count from a date
        ("later" | "earlier", "than") => return None,
        ("earlier" | "before", _) => (-1, true, end + 1),
        ("later" | "after", _) => (1, true, end + 1),
        ("from", "now") => (1, false, end + 2),
        ("hence", _) => (1, false, end + 1),
        _ => return None,
    };
    // "after" and "before" followed by a noun phrase are prepositions ("two days after the vote"):
    // keep only the amount as a duration, left to `duration`.
    if matches!(w.at(end - 1), "after" | "before")
        && !w.at(end).is_empty()
        && !matches!(w.at(end), "," | "." | ";" | "and" | "when" | "that" | "''" | "\"")
    {
        return None;
    }
    Some(Match {
        modifier: modifier.map(str::to_string),
        ..mk(i, end, Expr::Offset { unit, amount, sign, from_previous }, "timex.offset")
    })
}

/// "more than", "nearly", "about" before an amount: the TIMEX3 mod and where the amount starts.
fn approx_modifier(w: &Words, i: usize) -> (Option<&'static str>, usize) {
    let pair = |a: &str, b: &str| w.at(i) == a && w.at(i + 1) == b;
    if pair("more", "than") || pair("less", "than") || pair("at", "least") || pair("up", "to") || pair("fewer", "than")
    {
        let m = match w.at(i) {
            "more" => "MORE_THAN",
            "less" | "fewer" => "LESS_THAN",
            "at" => "EQUAL_OR_MORE",
            _ => "EQUAL_OR_LESS",
        };
        return (Some(m), i + 2);
    }
    if pair("just", "over") || pair("just", "under") {
        return (Some(if w.at(i + 1) == "over" { "MORE_THAN" } else { "LESS_THAN" }), i + 2);
    }
    if w.is(i, &["nearly", "almost"]) {
        return (Some("LESS_THAN"), i + 1);
    }
    if w.is(i, &["about", "around", "roughly", "approximately", "some"]) {
        return (Some("APPROX"), i + 1);
    }
    if w.is(i, &["over", "under"]) && w.number(i + 1).is_some_and(|(n, _)| n.is_some()) && !w.is(i + 1, &["a", "an"]) {
        return (Some(if w.at(i) == "over" { "MORE_THAN" } else { "LESS_THAN" }), i + 1);
    }
    (None, i)
}

fn reference(w: &Words, i: usize) -> Option<Match> {
    let word = w.at(i);
    let r = |end, v: &str, rule| Some(mk(i, end, Expr::Reference(v.to_string()), rule));
    if let Some(v) = w.lx.reference.get(word) {
        if w.titled(i) {
            return None;
        }
        // "as soon as he arrives", "soon after": conjunctions, not a time of their own.
        if word == "soon"
            && ((w.before(i) == "as" && !(w.at(i + 1) == "as" && w.at(i + 2) == "possible"))
                || w.is(i + 1, &["after", "afterward", "afterwards", "thereafter", "enough"]))
        {
            return None;
        }
        if word == "soon" && w.before(i) == "as" && w.at(i + 1) == "as" && w.at(i + 2) == "possible" {
            return Some(mk(i - 1, i + 3, Expr::Reference(v.clone()), "timex.reference"));
        }
        return r(i + 1, v, "timex.reference");
    }
    match (word, w.at(i + 1), w.at(i + 2)) {
        ("recent", "times", _) => r(i + 2, "PAST_REF", "timex.reference.recent"),
        ("recent", "weeks", "and") if w.is(i + 3, &["months"]) => r(i + 4, "PAST_REF", "timex.reference.recent"),
        // "in recent days", "in the coming weeks": a stretch of days or weeks up to (or from)
        // now, as TimeBank mostly writes them: PXD, PXW.
        ("recent", "days" | "weeks" | "months" | "years" | "quarters", _) => vague_span(w, i, i + 1, i + 2),
        ("past", "years", _) if !w.is(w_prev(i), &["the"]) => r(i + 2, "PAST_REF", "timex.reference.recent"),
        ("the", "coming" | "next" | "following", "days" | "weeks" | "months" | "years") => {
            vague_span(w, i, i + 2, i + 3)
        }
        ("the", "days" | "weeks" | "months" | "years", "ahead") => vague_span(w, i, i + 1, i + 3),
        ("coming", "days" | "weeks" | "months" | "years" | "quarters", _) => vague_span(w, i, i + 1, i + 2),
        ("future", "quarters" | "years" | "months", _) => r(i + 2, "FUTURE_REF", "timex.reference.future"),
        ("the", "past", _)
            if w.is(w_prev(i), &["in", "than", "of", "to", "from"])
                && !w.is(i + 2, &["few", "two", "three", "several"])
                && w.unit(i + 2).is_none()
                && w.number(i + 2).is_none() =>
        {
            r(i + 2, "PAST_REF", "timex.reference.past")
        }
        ("the", "future", _) if w.at(i + 2) != "of" => r(i + 2, "FUTURE_REF", "timex.reference.future"),
        ("the", "near" | "foreseeable" | "distant" | "immediate", "future") => {
            r(i + 3, "FUTURE_REF", "timex.reference.future")
        }
        ("the", "near" | "short", "term") => r(i + 3, "FUTURE_REF", "timex.reference.future"),
        ("the", "time", _) if w.before(i) == "at" => r(i + 2, "PAST_REF", "timex.reference.past"),
        ("current", _, _) if !w.titled(i) && !w.is(i + 1, &["account", "accounts", "affairs", "events", "-", ","]) => {
            r(i + 1, "PRESENT_REF", "timex.reference.current")
        }
        ("then", "current", _) => r(i + 2, "PAST_REF", "timex.reference.past"),
        ("right", "now", _) => r(i + 2, "PRESENT_REF", "timex.reference"),
        ("these", "days", _) => r(i + 2, "PRESENT_REF", "timex.reference"),
        ("at", "present", _) => r(i + 2, "PRESENT_REF", "timex.reference"),
        ("the", "moment", _) if w.before(i) == "at" => r(i + 2, "PRESENT_REF", "timex.reference"),
        ("this", "moment", _) | ("this", "crucial" | "critical" | "difficult", "moment") => {
            let end = if w.at(i + 1) == "moment" { i + 2 } else { i + 3 };
            r(end, "PRESENT_REF", "timex.reference")
        }
        ("more", "recently", _) => r(i + 2, "PAST_REF", "timex.reference"),
        ("a", "later", "date") => r(i + 3, "FUTURE_REF", "timex.reference.future"),
        _ => None,
    }
}

/// A vague stretch of units: "recent days" (PXD), "the coming weeks" (PXW).
fn vague_span(w: &Words, start: usize, unit_at: usize, end: usize) -> Option<Match> {
    let (unit, _) = w.unit(unit_at)?;
    Some(mk(start, end, Expr::Duration { amount: None, unit }, "timex.duration.vague"))
}

fn clock(w: &Words, i: usize) -> Option<Match> {
    if w.is(i, &["noon", "midday"]) && !w.titled(i) {
        return Some(mk(i, i + 1, Expr::Clock { hour: 12, minute: 0 }, "timex.clock"));
    }
    if w.at(i) == "midnight" && !w.titled(i) {
        return Some(mk(i, i + 1, Expr::Clock { hour: 24, minute: 0 }, "timex.clock"));
    }
    let h: u8 = w.at(i).parse().ok().filter(|h| *h <= 24)?;
    if w.at(i).len() > 2 {
        return None;
    }
    let (minute, k) = if w.at(i + 1) == ":" && w.glued(i + 1) && w.glued(i + 2) {
        (w.at(i + 2).parse::<u8>().ok().filter(|m| *m < 60)?, i + 3)
    } else if w.at(i + 1) == "." && w.glued(i + 1) && w.glued(i + 2) && w.at(i + 2).len() == 2 {
        // British "10.30 a.m."
        (w.at(i + 2).parse::<u8>().ok().filter(|m| *m < 60)?, i + 3)
    } else {
        (0, i + 1)
    };
    let (hour, end) = match w.at(k) {
        "a.m." | "am" | "a.m" => (h % 12, k + 1),
        "p.m." | "pm" | "p.m" => (h % 12 + 12, k + 1),
        // "4 in the morning", "10 at night"
        "in" if w.at(k + 1) == "the" && w.is(k + 2, &["morning", "afternoon", "evening"]) && h <= 12 => {
            (if w.at(k + 2) == "morning" { h % 12 } else { h % 12 + 12 }, k + 3)
        }
        "at" if w.at(k + 1) == "night" && h <= 12 => (if h >= 6 { h % 12 + 12 } else { h % 12 }, k + 2),
        "o'clock" => (h, k + 1),
        _ if k > i + 1 && h < 24 && w.at(k - 2) == ":" => {
            // "14:30" alone
            return Some(mk(i, k, Expr::Clock { hour: h, minute }, "timex.clock"));
        }
        _ => return None,
    };
    if h > 12 && end > k {
        return None;
    }
    Some(mk(i, end, Expr::Clock { hour, minute }, "timex.clock"))
}

fn season(w: &Words, i: usize) -> Option<Match> {
    let (year, k) = match (w.at(i), w.at(i + 1)) {
        ("this", "past") => (Yr::Rel(0), i + 2),
        ("this", _) => (Yr::Rel(0), i + 1),
        ("last" | "past", _) => (Yr::Rel(-1), i + 1),
        ("next" | "coming", _) => (Yr::Rel(1), i + 1),
        ("the", _) if w.lx.season.contains_key(w.at(i + 1)) => (Yr::Infer, i + 1),
        _ => (Yr::Infer, i),
    };
    let season = w.lx.season.get(w.at(k))?.clone();
    if w.titled(k) && !matches!(year, Yr::Rel(_)) {
        return None;
    }
    let before = w.before(i);
    let of = usize::from(w.at(k + 1) == "of");
    let (year, end) = match w.year(k + 1 + of) {
        Some((y, e)) => (Yr::Abs(y), e),
        None => (year, k + 1),
    };
    // "fall" and "spring" are verbs and nouns: need a shift word, a year or "the/in/this".
    let the = k == i + 1 && w.at(i) == "the";
    if (k == i || the)
        && !matches!(year, Yr::Abs(_))
        && !matches!(
            before,
            "in" | "during"
                | "early"
                | "late"
                | "mid"
                | "by"
                | "until"
                | "since"
                | "through"
                | "this"
                | "over"
                | "-"
                | "into"
                | "throughout"
                | "for"
                | "of"
                | "before"
                | "after"
        )
    {
        return None;
    }
    // "the spring offensive" keeps "the spring"; "in spring" is fine; "spring" alone is not.
    if k == i
        && matches!(year, Yr::Infer)
        && w.at(k) == "fall"
        && !matches!(before, "in" | "during" | "by" | "until" | "since")
    {
        return None;
    }
    Some(mk(i, end, Expr::Season { season, year }, "timex.season"))
}

/// Quarters, halves and reporting periods: "the third quarter", "third-quarter", "Q3 2025",
/// "the fiscal first quarter", "this year's third quarter", "the 1988 period", "the
/// year-earlier quarter", "the latest period", "the first half of 2026", "year-ago".
fn quarter(w: &Words, i: usize) -> Option<Match> {
    let word = w.at(i);
    // Q3, Q3 2025
    if word.len() == 2 && word.starts_with('q') && w.caps.get(i).copied().unwrap_or(false) {
        let q = word[1..].parse::<u8>().ok().filter(|q| (1..=4).contains(q))?;
        let (year, end) = match w.year(i + 1) {
            Some((y, e)) => (Yr::Abs(y), e),
            None => (Yr::Infer, i + 1),
        };
        return Some(mk(i, end, Expr::Quarter { quarter: q, year }, "timex.quarter"));
    }
    let mut k = i;
    let mut det = false;
    if w.is(k, &["the", "its", "their", "a", "that"]) {
        det = true;
        k += 1;
    }
    // A year or relative year in front: "the 1988 third quarter", "this year's", "last year's".
    let mut year = Yr::Infer;
    let mut years_back = 0;
    let mut year_ago = false;
    if let Some((y, e)) = w.year(k).filter(|_| det || w.at(k + 1) != "-") {
        year = Yr::Abs(y);
        k = e;
    } else if w.is(k, &["this", "last", "next"]) && w.at(k + 1) == "year" && w.at(k + 2) == "'s" {
        year = Yr::Rel(match w.at(k) {
            "this" => 0,
            "last" => -1,
            _ => 1,
        });
        k += 3;
    } else if w.is(k, &["year"]) && w.at(k + 1) == "-" && w.is(k + 2, &["earlier", "ago"]) && w.glued(k + 1) {
        year_ago = true;
        years_back = 1;
        k += 3;
    } else if w.is(k, &["comparable", "corresponding", "same"]) && w.at(k + 1) == "year" && w.at(k + 2) == "-" {
        year_ago = true;
        years_back = 1;
        k += 5;
    }
    let latest = if det && w.is(k, &["latest", "comparable", "corresponding", "same", "recent"]) {
        k += 1;
        true
    } else {
        false
    };
    // "the year-ago period" after "comparable"
    if latest && w.is(k, &["year"]) && w.at(k + 1) == "-" && w.is(k + 2, &["earlier", "ago"]) {
        year_ago = true;
        years_back = 1;
        k += 3;
    }
    if w.at(k) == "fiscal" {
        k += 1;
        if w.at(k) == "-" {
            k += 1;
        }
    }
    // An ordinal quarter or half: "third quarter", "third-quarter", "first half", "second-half".
    let ord = w.lx.ordinal.get(w.at(k)).copied().filter(|o| (1..=4).contains(o)).or_else(|| {
        (w.at(k) == "last" && det).then_some(9) // "the last half", "the last quarter"
    });
    if let Some(o) = ord {
        let mut u = k + 1;
        if w.at(u) == "-" && w.glued(u) {
            u += 1;
        }
        let is_quarter = w.at(u) == "quarter";
        let is_half = w.at(u) == "half" && (o <= 2 || o == 9);
        // "first two quarters of 1990" is a half year.
        let two_quarters = w.at(k) == "first" && w.at(k + 1) == "two" && w.at(k + 2) == "quarters";
        if !is_quarter && !is_half && !two_quarters {
            return None;
        }
        let mut end = if two_quarters { k + 3 } else { u + 1 };
        if w.at(end) == "-" {
            // "third-quarter-ended"
            return None;
        }
        if matches!(year, Yr::Infer) && !year_ago {
            let of = usize::from(w.at(end) == "of");
            // "the last half of the '80s": a half of something else.
            if is_half
                && of == 1
                && w.year(end + 1).is_none()
                && w.rel_year(end + 1).is_none()
                && !(w.at(end + 1) == "the" && w.at(end + 2) == "year")
            {
                return None;
            }
            if of == 1 && w.at(end + 1) == "the" && w.at(end + 2) == "year" {
                end += 3;
            } else if let Some((y, e)) = w.year(end + of) {
                year = Yr::Abs(y);
                end = e;
            } else if let Some((r, e)) = w.rel_year(end + of) {
                year = Yr::Rel(r);
                end = e;
            }
        }
        // "its fourth quarter" keeps the possessive (as TimeBank does); "a third-quarter loss" not the article.
        let start = if w.at(i) == "a" { i + 1 } else { i };
        if is_half || two_quarters {
            let half = if two_quarters || o == 1 { 1 } else { 2 };
            return Some(mk(start, end, Expr::Half { half, year }, "timex.half"));
        }
        if o == 9 {
            return Some(mk(start, end, Expr::Quarter { quarter: 4, year }, "timex.quarter"));
        }
        let expr = if year_ago {
            // "the year-earlier third quarter": that quarter, a year before
            Expr::Quarter { quarter: o as u8, year: Yr::Rel(-1) }
        } else {
            Expr::Quarter { quarter: o as u8, year }
        };
        return Some(mk(start, end, expr, "timex.quarter"));
    }
    // "the quarter", "the latest period", "the 1988 period", "the year-ago quarter",
    // "the year-earlier nine months" is left to durations.
    if w.is(k, &["quarter", "period"]) && (det || !matches!(year, Yr::Infer)) && !w.titled(k) {
        // "a quarter of the", "the period of": not a reporting period.
        if w.at(i) == "a"
            || w.is(k + 1, &["of", "-", "century"])
            || (w.at(k) == "period" && !(latest || year_ago || matches!(year, Yr::Abs(_))))
        {
            return None;
        }
        let mut end = k + 1;
        // "the quarter a year ago", "the corresponding period last year"
        if w.at(end) == "a" && w.at(end + 1) == "year" && w.is(end + 2, &["ago", "earlier"]) {
            years_back = 1;
            end += 3;
        } else if w.at(end) == "last" && w.at(end + 1) == "year" {
            years_back = 1;
            end += 2;
        }
        let expr = match year {
            Yr::Abs(y) => Expr::Period { years_back: 0, year: Some(y) },
            Yr::Rel(r) => Expr::Period { years_back: -r, year: None },
            Yr::Infer => Expr::Period { years_back, year: None },
        };
        return Some(mk(i, end, expr, "timex.period"));
    }
    // "year-earlier" and "year-ago" as adjectives: "year-earlier profit".
    if year_ago && !det {
        return Some(mk(i, k, Expr::Period { years_back: 1, year: None }, "timex.period.year_ago"));
    }
    if year_ago && det && w.number(k).is_none() {
        // "the year-ago results": the adjective alone
        return Some(mk(i + 1, k, Expr::Period { years_back: 1, year: None }, "timex.period.year_ago"));
    }
    None
}

fn decade(w: &Words, i: usize) -> Option<Match> {
    let k = if w.at(i) == "the" { i + 1 } else { i };
    let word = w.at(k);
    // "the 1990s", "the '80s", "the nineties"
    if let Some(digits) = word.strip_suffix('s')
        && digits.len() == 4
        && digits.ends_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        let y: i32 = digits.parse().ok()?;
        return Some(mk(i, k + 1, Expr::Decade(y / 10), "timex.decade"));
    }
    if k > i || w.at(i) == "'" {
        // "'80s" tokenises as "'", "80s" or as "'80s"
        let (tok, end) = if w.at(k) == "'" { (w.at(k + 1), k + 2) } else { (w.at(k).trim_start_matches('\''), k + 1) };
        if let Some(d) = tok.strip_suffix('s')
            && d.len() == 2
            && d.ends_with('0')
            && d.bytes().all(|b| b.is_ascii_digit())
            && (w.at(k) == "'" || w.at(k).starts_with('\''))
        {
            let n: i32 = d.parse().ok()?;
            return Some(mk(i, end, Expr::Decade(190 + n / 10), "timex.decade"));
        }
    }
    if k > i {
        let n = match word {
            "twenties" => 2,
            "thirties" => 3,
            "forties" => 4,
            "fifties" => 5,
            "sixties" => 6,
            "seventies" => 7,
            "eighties" => 8,
            "nineties" => 9,
            _ => return None,
        };
        return Some(mk(i, k + 1, Expr::Decade(190 + n), "timex.decade"));
    }
    None
}

/// "the 20th century", "the eleventh century", "the 21st century".
fn century(w: &Words, i: usize) -> Option<Match> {
    let k = if w.at(i) == "the" { i + 1 } else { i };
    let (n, e) = w.day(k)?;
    if w.at(e) == "-" && w.at(e + 1) == "century" && w.glued(e) {
        return Some(mk(i, e + 2, Expr::Century(n as i32 - 1), "timex.century"));
    }
    (w.at(e) == "century" && n <= 22).then(|| mk(i, e + 1, Expr::Century(n as i32 - 1), "timex.century"))
}

/// "48 hours", "more than a decade", "two-day", "the past week", "for weeks", "2 1/2 years",
/// "a year and a half", "the first nine months", "day-long".
fn duration(w: &Words, i: usize) -> Option<Match> {
    let (modifier, mut k) = approx_modifier(w, i);
    // "the past week", "the next two years", "the first nine months", "the nine months"
    let mut framed = false;
    // "the fiscal year ended Sept. 30", "the year ending June 30": a twelve-month period
    if w.at(k) == "the" {
        let y = if w.is(k + 1, &["fiscal", "full"]) { k + 2 } else { k + 1 };
        if w.at(y) == "year" && w.is(y + 1, &["ended", "ending", "ends", "to"]) && !w.titled(y) {
            return Some(Match {
                modifier: modifier.map(str::to_string),
                ..mk(i, y + 1, Expr::Duration { amount: Some(1.0), unit: Unit::Year }, "timex.duration.fiscal_year")
            });
        }
        // "over the years", "through the decades"
        if w.is(k + 1, &["years", "decades", "months", "centuries"])
            && w.is(w_prev(i), &["over", "through", "throughout", "across"])
        {
            let unit = w.unit(k + 1)?.0;
            return Some(mk(i, k + 2, Expr::Duration { amount: None, unit }, "timex.duration.vague"));
        }
    }
    // "the year-earlier nine months"
    if w.at(k) == "the" && w.at(k + 1) == "year" && w.at(k + 2) == "-" && w.is(k + 3, &["earlier", "ago"]) {
        k += 3;
        if w.number(k + 1).is_some_and(|(n, e)| n.is_some() && w.unit(e).is_some()) {
            framed = true;
            k += 1;
        } else {
            return None;
        }
    }
    if w.at(k) == "the" {
        if w.is(k + 1, &["past", "last", "next", "previous", "coming", "following", "first", "latest", "final"]) {
            framed = true;
            k += 2;
        } else if !w.is(k + 1, &["a", "an", "one"])
            && w.number(k + 1).is_some_and(|(n, e)| n.is_none_or(|n| n > 1.0) && w.unit(e).is_some_and(|u| u.1))
        {
            framed = true;
            k += 1;
        }
    }
    // "past 20 years" without "the"
    if !framed && w.at(k) == "past" && w.number(k + 1).is_some_and(|(n, _)| n.is_some()) && !w.is(k + 1, &["a", "an"]) {
        k += 1;
    }
    let before = w.before(i);
    let licensed = matches!(
        before,
        "for" | "over" | "within" | "in" | "after" | "lasting" | "spent" | "took" | "than" | "last" | "lasted"
    );
    let (amount, after) = match w.number(k) {
        // Bare "a day", "a week" are too often rates ("twice a week") or idioms.
        Some(_)
            if w.is(k, &["a", "an"])
                && modifier.is_none()
                && !framed
                && !licensed
                && !w.is(k + 1, &["few", "couple", "dozen"]) =>
        {
            return None;
        }
        Some((_, e)) if w.is(k, &["a", "an"]) && w.at(e) == "half" => (Some(0.5), e + 1),
        Some(n) => n,
        None if framed && w.is(k, &["few", "several"]) => (None, k + 1),
        // "the past week" is one; "the first hours" are some
        None if framed => (if w.unit(k).is_some_and(|(_, plural)| plural) { None } else { Some(1.0) }, k),
        None if w.is(k, &["several", "few", "many"]) => (None, k + 1),
        None if licensed && w.unit(k).is_some_and(|(_, plural)| plural) => (None, k),
        None if w.unit(k).is_some_and(|(_, plural)| plural) && w.at(k + 1) == "-" && w.at(k + 2) == "long" => (None, k),
        None if w.unit(k).is_some_and(|(_, plural)| !plural)
            && w.at(k + 1) == "-"
            && w.at(k + 2) == "long"
            && w.glued(k + 1) =>
        {
            (Some(1.0), k)
        }
        None => return None,
    };
    // "two-day": number, hyphen, singular unit, all glued; "two more weeks", "an additional year".
    let hyphen = w.at(after) == "-" && w.glued(after) && w.glued(after + 1);
    let extra = usize::from(!hyphen && w.is(after, &["more", "additional", "straight", "consecutive", "full", "long"]));
    let unit_at = if hyphen { after + 1 } else { after + extra };
    let (unit, plural) = w.unit(unit_at)?;
    if matches!(unit, Unit::Weekend) || (unit == Unit::Quarter && !framed && !plural) {
        return None;
    }
    // "the first two quarters of 1990" is a half year, not a duration.
    if unit == Unit::Quarter && w.at(unit_at + 1) == "of" && w.year(unit_at + 2).is_some() {
        return None;
    }
    // "into a second day": "second" is an ordinal before a noun
    if w.at(unit_at) == "second"
        && w.at(unit_at + 1).chars().next().is_some_and(char::is_alphabetic)
        && !w.is(unit_at + 1, &["later", "earlier", "ago", "after", "before", "of", "and", "or"])
    {
        return None;
    }
    // "1988 second quarter": a year, or "second" (an ordinal too), is not an amount.
    if amount.is_some_and(|a| a > 1.0)
        && !plural
        && !hyphen
        && (amount.is_some_and(|a| a >= 1000.0) || w.at(unit_at) == "second")
    {
        return None;
    }
    // Ages ("a 35-year-old") are not durations; "8-month-old truce" is too rare to matter.
    if (w.at(unit_at + 1) == "-" && w.at(unit_at + 2) == "old") || w.at(unit_at + 1) == "old" {
        return None;
    }
    let mut end = unit_at + 1;
    let mut amount = amount;
    // "a year and a half", "an hour and a half"
    if w.at(end) == "and" && w.is(end + 1, &["a", "an"]) && w.at(end + 2) == "half" {
        amount = amount.map(|a| a + 0.5);
        end += 3;
    }
    // "day-long", "decades-long"
    if w.at(end) == "-" && w.at(end + 1) == "long" && w.glued(end) {
        end += 2;
    }
    let unit = if unit == Unit::Night { Unit::Day } else { unit };
    Some(Match {
        modifier: modifier.map(str::to_string),
        ..mk(i, end, Expr::Duration { amount, unit }, "timex.duration")
    })
}

/// "every Friday", "each week", "daily", "weekly", "every two weeks", "each July".
fn set(w: &Words, i: usize) -> Option<Match> {
    let single = |v: &str| Some(mk(i, i + 1, Expr::Set(v.to_string()), "timex.set"));
    // "the Communist Party daily Granma": a newspaper.
    if w.titled(i) || w.caps.get(i + 1).copied().unwrap_or(false) && w.is(i, &["daily", "weekly"]) {
        return None;
    }
    match w.at(i) {
        "daily" => return single("P1D"),
        "weekly" => return single("P1W"),
        "monthly" => return single("P1M"),
        "annually" | "yearly" => return single("P1Y"),
        "nightly" => return single("XXXX-XX-XXTNI"),
        "hourly" => return single("PT1H"),
        "every" | "each" => {}
        _ => return None,
    }
    let mut k = i + 1;
    if w.at(k) == "other" {
        k += 1;
    }
    if let Some(d) = w.weekday(k) {
        let (part, end) = match w.lx.part.get(w.at(k + 1)) {
            Some(p) => (format!("T{p}"), k + 2),
            None => (String::new(), k + 1),
        };
        return Some(mk(i, end, Expr::Set(format!("XXXX-WXX-{d}{part}")), "timex.set"));
    }
    if let Some(m) = w.month(k).filter(|_| w.caps.get(k).copied().unwrap_or(false)) {
        return Some(mk(i, k + 1, Expr::Set(format!("XXXX-{m:02}")), "timex.set"));
    }
    if let Some(p) = w.lx.part.get(w.at(k)) {
        return Some(mk(i, k + 1, Expr::Set(format!("XXXX-XX-XXT{p}")), "timex.set"));
    }
    let (n, k) = match w.number(k) {
        Some((Some(n), e)) if w.at(k) != "a" => (n, e),
        _ => (if w.at(i + 1) == "other" { 2.0 } else { 1.0 }, k),
    };
    let (unit, _) = w.unit(k)?;
    Some(mk(i, k + 1, Expr::Set(period(n, unit)), "timex.set"))
}

/// TIMEX3 period value: `P2D`, `PT48H`, `P10Y` (decades and centuries in years, as TimeBank
/// writes them), fractions in the next unit down (`P2Y6M`, `PT5H30M`).
pub fn period(n: f64, unit: Unit) -> String {
    let whole = n.trunc();
    let frac = n - whole;
    let fmt = |x: f64| format!("{}", x as i64);
    if frac > 0.0 {
        let (lower, per) = match unit {
            Unit::Year => (Unit::Month, 12.0),
            Unit::Month => (Unit::Day, 30.0),
            Unit::Week => (Unit::Day, 7.0),
            Unit::Day | Unit::Night => (Unit::Hour, 24.0),
            Unit::Hour => (Unit::Minute, 60.0),
            Unit::Minute => (Unit::Second, 60.0),
            Unit::Decade => return period(n * 10.0, Unit::Year),
            Unit::Century => return period(n * 100.0, Unit::Year),
            _ => (unit, 1.0),
        };
        let sub = (frac * per).round();
        if whole == 0.0 {
            return period(sub, lower);
        }
        if per > 1.0 {
            let a = period(whole, unit);
            let b = period(sub, lower);
            // join "P2Y" + "P6M" -> "P2Y6M"; "PT5H" + "PT30M" -> "PT5H30M"; "P1D" + "PT12H" -> "P1DT12H"
            let b = if a.contains('T') { b.trim_start_matches("PT").to_string() } else { b[1..].to_string() };
            return format!("{a}{b}");
        }
    }
    let n = fmt(whole);
    match unit {
        Unit::Hour => format!("PT{n}H"),
        Unit::Minute => format!("PT{n}M"),
        Unit::Second => format!("PT{n}S"),
        Unit::Year => format!("P{n}Y"),
        Unit::Month => format!("P{n}M"),
        Unit::Week | Unit::Weekend => format!("P{n}W"),
        Unit::Day | Unit::Night => format!("P{n}D"),
        Unit::Decade => format!("P{}Y", whole as i64 * 10),
        Unit::Century => format!("P{}Y", whole as i64 * 100),
        Unit::Quarter => format!("P{n}Q"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(period(2.0, Unit::Day), "P2D");
        assert_eq!(period(48.0, Unit::Hour), "PT48H");
        assert_eq!(period(2.5, Unit::Year), "P2Y6M");
        assert_eq!(period(5.5, Unit::Hour), "PT5H30M");
        assert_eq!(period(1.5, Unit::Minute), "PT1M30S");
        assert_eq!(period(0.5, Unit::Hour), "PT30M");
        assert_eq!(period(1.5, Unit::Day), "P1DT12H");
        assert_eq!(period(2.0, Unit::Decade), "P20Y");
        assert_eq!(period(3.0, Unit::Quarter), "P3Q");
    }
}
