//! Recognition: a small grammar over a sentence's tokens that finds time expressions and
//! says what they mean ([`Expr`]) without resolving them. Longest match wins at each token.
//! Prepositions ("on Thursday") stay outside the span, as in TimeML; modifiers ("early
//! Saturday", "more than a decade") are inside it and become `mod`.

use super::lexicon::TimeLexicon;

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

/// Direction words before a weekday or unit: "last", "next", "this".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shift {
    None,
    Last,
    Next,
    This,
}

/// What a time expression says, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Calendar parts as written; missing ones are inferred from the anchor.
    Date {
        year: Option<i32>,
        month: Option<u8>,
        day: Option<u8>,
    },
    Weekday {
        day: u8,
        shift: Shift,
    },
    /// Days from the anchor: yesterday -1, today 0, tomorrow +1.
    Deictic(i32),
    /// The calendar unit containing the anchor, shifted: this week (W, 0), last month (M, -1).
    Calendar {
        unit: Unit,
        offset: i32,
    },
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
    Season {
        season: String,
        offset: i32,
        year: Option<i32>,
    },
    Quarter {
        quarter: u8,
        offset: i32,
        year: Option<i32>,
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
    pub lx: &'a TimeLexicon,
}

impl Words<'_> {
    fn at(&self, i: usize) -> &str {
        self.w.get(i).map_or("", String::as_str)
    }

    fn is(&self, i: usize, options: &[&str]) -> bool {
        options.contains(&self.at(i))
    }

    fn glued(&self, i: usize) -> bool {
        self.attached.get(i).copied().unwrap_or(false)
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
        let plural = w.ends_with('s') && !matches!(w, "hrs" | "mins" | "yrs" | "wks");
        Some((u, plural || matches!(w, "hrs" | "mins" | "yrs" | "wks")))
    }

    /// A cardinal: digits ("48", "1,000", "2.5") or words ("two", "twenty-four", "a").
    fn number(&self, i: usize) -> Option<(Option<f64>, usize)> {
        let w = self.at(i);
        if !w.is_empty()
            && w.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
            && w.as_bytes()[0].is_ascii_digit()
        {
            return w.replace(',', "").parse().ok().map(|n| (Some(n), i + 1));
        }
        let v = *self.lx.number.get(w)?;
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
        Some((v, i + 1))
    }

    /// A day of the month: "13", "13th", "thirteenth".
    fn day(&self, i: usize) -> Option<u8> {
        let w = self.at(i);
        let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
        let rest = &w[digits.len()..];
        let d: u32 = if !digits.is_empty() && matches!(rest, "" | "st" | "nd" | "rd" | "th") {
            digits.parse().ok()?
        } else {
            *self.lx.ordinal.get(w)?
        };
        (1..=31).contains(&d).then_some(d as u8)
    }

    fn year(&self, i: usize) -> Option<i32> {
        let w = self.at(i);
        (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
            .filter(|y| (1000..=2999).contains(y))
    }
}

/// Find every time expression in a sentence.
pub fn recognize(words: &Words) -> Vec<Match> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.w.len() {
        match longest(words, i) {
            Some(m) => {
                i = m.end;
                out.push(m);
            }
            None => i += 1,
        }
    }
    out
}

fn longest(w: &Words, i: usize) -> Option<Match> {
    let candidates = [with_modifier(w, i), core(w, i), duration(w, i), set(w, i)];
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
    let mut m = core(w, next)?;
    // "earlier this week" and "later this month" name the period, not its start or end.
    let shifts = matches!(w.at(i), "earlier" | "later");
    if shifts && !matches!(m.expr, Expr::Calendar { .. } | Expr::Deictic(0)) {
        return None;
    }
    m.start = i;
    if !shifts {
        m.modifier = Some(modifier);
    }
    Some(m)
}

/// Point expressions: dates, weekdays, deictics, calendar units, offsets, references, clock.
fn core(w: &Words, i: usize) -> Option<Match> {
    let candidates = [
        date(w, i),
        weekday(w, i),
        deictic(w, i),
        calendar(w, i),
        offset(w, i),
        reference(w, i),
        clock(w, i),
        season(w, i),
        quarter(w, i),
        decade(w, i),
    ];
    let mut best = first_longest(candidates)?;
    // Trailing part of day, clock time or zone: "Monday night", "Saturday at 3 p.m.", "local time".
    if matches!(best.expr, Expr::Date { day: Some(_), .. } | Expr::Weekday { .. } | Expr::Deictic(_))
        && best.part.is_none()
        && let Some(p) = w.lx.part.get(w.at(best.end))
        && !w.is(best.end, &["noon", "midday"])
    {
        best.part = Some(p.clone());
        best.end += 1;
    }
    // "3 p.m. on Saturday" and "Saturday at 3 p.m." are one point in time.
    if let Expr::Clock { hour, minute } = best.expr {
        let k = if w.at(best.end) == "on" { best.end + 1 } else { best.end };
        if let Some(day) = first_longest([date(w, k), weekday(w, k), deictic(w, k)]).filter(|d| d.part.is_none()) {
            best = Match { start: best.start, clock: Some((hour, minute)), ..day };
        }
    } else if matches!(best.expr, Expr::Date { day: Some(_), .. } | Expr::Weekday { .. } | Expr::Deictic(_))
        && w.at(best.end) == "at"
        && let Some(Match { expr: Expr::Clock { hour, minute }, end, .. }) = clock(w, best.end + 1)
    {
        best.clock = Some((hour, minute));
        best.end = end;
    }
    if w.at(best.end) == "local" && w.at(best.end + 1) == "time" {
        best.zone = Some("local".into());
        best.end += 2;
    } else if w.is(best.end, &["gmt", "utc"]) {
        best.zone = Some("UTC".into());
        best.end += 1;
    }
    Some(best)
}

/// Words after which a bare month name is a date: "in June", "since March", "for September".
const MONTH_CONTEXT: &[&str] = &[
    "in", "since", "by", "until", "till", "from", "through", "during", "of", "early", "late", "mid", "-", "last",
    "next", "this", "before", "after", "to", "and", "or", "between", "coming", "past", "for", "on", "around",
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
];

fn date(w: &Words, i: usize) -> Option<Match> {
    // A weekday in front of a full date: "Thursday, June 12".
    let mut k = i;
    if w.weekday(k).is_some() {
        k += if w.at(k + 1) == "," { 2 } else { 1 };
        let m = date(w, k)?;
        return matches!(m.expr, Expr::Date { day: Some(_), .. }).then(|| Match { start: i, ..m });
    }
    // Month first: "June 13", "June 13, 2025", "June 2025", "June".
    if let Some(month) = w.month(k) {
        if let Some(day) = w.day(k + 1) {
            let mut end = k + 2;
            let mut year = None;
            let comma = usize::from(w.at(end) == ",");
            if let Some(y) = w.year(end + comma) {
                year = Some(y);
                end += comma + 1;
            }
            return Some(mk(i, end, Expr::Date { year, month: Some(month), day: Some(day) }, "timex.date.month_day"));
        }
        if let Some(y) = w.year(k + 1).or_else(|| (w.at(k + 1) == "of").then(|| w.year(k + 2)).flatten()) {
            let end = if w.at(k + 1) == "of" { k + 3 } else { k + 2 };
            return Some(mk(
                i,
                end,
                Expr::Date { year: Some(y), month: Some(month), day: None },
                "timex.date.month_year",
            ));
        }
        // A bare month needs context: "may" and "march" are verbs too.
        let before = if i > 0 { w.at(i - 1) } else { "" };
        let ok_before = MONTH_CONTEXT.contains(&before);
        let risky = AMBIGUOUS_MONTHS.contains(&w.at(k));
        if ok_before && !(risky && matches!(before, "-" | "and" | "or" | "to")) {
            return Some(mk(i, k + 1, Expr::Date { year: None, month: Some(month), day: None }, "timex.date.month"));
        }
        return None;
    }
    // Day first: "13 June 2025", "13th of June".
    if let Some(day) = w.day(k) {
        let of = usize::from(w.at(k + 1) == "of");
        if let Some(month) = w.month(k + 1 + of) {
            let mut end = k + 2 + of;
            let year = w.year(end);
            if year.is_some() {
                end += 1;
            }
            return Some(mk(i, end, Expr::Date { year, month: Some(month), day: Some(day) }, "timex.date.day_month"));
        }
    }
    // Numeric: 2025-06-14, 14/06/2025, 6/14/2025.
    if let Some(m) = numeric_date(w, k) {
        return Some(m);
    }
    // A bare year in a date context: "in 2019", "since 2015", "the 2015 agreement".
    if let Some(y) = w.year(k) {
        let before = if i > 0 { w.at(i - 1) } else { "" };
        let ok_before = YEAR_CONTEXT.contains(&before);
        let next = w.at(k + 1);
        let unit_after = w.unit(k + 1).is_some()
            || matches!(
                next,
                "people"
                    | "troops"
                    | "soldiers"
                    | "members"
                    | "residents"
                    | "%"
                    | "percent"
                    | "-"
                    | "tons"
                    | "km"
                    | "miles"
            );
        if ok_before && !unit_after && (1900..=2100).contains(&y) {
            return Some(mk(i, k + 1, Expr::Year(y), "timex.date.year"));
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
    } else {
        return None;
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1000..=2999).contains(&y) {
        return None;
    }
    Some(mk(
        k,
        k + 5,
        Expr::Date { year: Some(y as i32), month: Some(m as u8), day: Some(d as u8) },
        "timex.date.numeric",
    ))
}

fn shift_word(w: &str) -> Option<Shift> {
    Some(match w {
        "last" | "past" | "previous" => Shift::Last,
        "next" | "coming" | "following" => Shift::Next,
        "this" => Shift::This,
        _ => return None,
    })
}

fn weekday(w: &Words, i: usize) -> Option<Match> {
    // "this coming Sunday", "last Thursday", "Thursday"
    let (shift, k) = match (shift_word(w.at(i)), w.at(i + 1)) {
        (Some(Shift::This), "coming") => (Shift::Next, i + 2),
        (Some(Shift::This), "past") => (Shift::Last, i + 2),
        (Some(s), _) if w.weekday(i + 1).is_some() => (s, i + 1),
        _ => (Shift::None, i),
    };
    let day = w.weekday(k)?;
    Some(mk(i, k + 1, Expr::Weekday { day, shift }, "timex.weekday"))
}

fn deictic(w: &Words, i: usize) -> Option<Match> {
    let m = |end, d, part: Option<&str>, rule| {
        Some(Match { part: part.map(str::to_string), ..mk(i, end, Expr::Deictic(d), rule) })
    };
    match w.at(i) {
        "yesterday" => m(i + 1, -1, None, "timex.deictic"),
        "today" => m(i + 1, 0, None, "timex.deictic"),
        "tomorrow" => m(i + 1, 1, None, "timex.deictic"),
        "tonight" => m(i + 1, 0, Some("NI"), "timex.deictic"),
        "overnight" => m(i + 1, 0, Some("NI"), "timex.deictic.overnight"),
        "this" if w.is(i + 1, &["morning", "afternoon", "evening"]) => {
            m(i + 2, 0, w.lx.part.get(w.at(i + 1)).map(String::as_str), "timex.deictic")
        }
        "last" if w.at(i + 1) == "night" => m(i + 2, -1, Some("NI"), "timex.deictic"),
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
    let shift = shift_word(w.at(i))?;
    let (unit, plural) = w.unit(i + 1)?;
    if plural || matches!(unit, Unit::Day | Unit::Hour | Unit::Minute | Unit::Second | Unit::Night) {
        return None;
    }
    let offset = match shift {
        Shift::Last => -1,
        Shift::Next => 1,
        _ => 0,
    };
    // "the past week" is a duration, not the calendar week before this one.
    if w.at(i) == "past" && i > 0 && w.at(i - 1) == "the" {
        return None;
    }
    Some(mk(i, i + 2, Expr::Calendar { unit, offset }, "timex.calendar"))
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
        if plural {
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
    // "in two weeks", "two days ago", "a week later", "three days earlier", "two weeks from now"
    let (in_prefix, k) = if w.at(i) == "in" { (true, i + 1) } else { (false, i) };
    let (amount, after_num) = w.number(k)?;
    let (unit, _) = w.unit(after_num)?;
    let end = after_num + 1;
    if in_prefix {
        // "in two weeks" points forward from the anchor; "in the" forms are durations.
        return Some(mk(i, end, Expr::Offset { unit, amount, sign: 1, from_previous: false }, "timex.offset.in"));
    }
    let (sign, from_previous, end) = match (w.at(end), w.at(end + 1)) {
        ("ago", _) | ("earlier", _) if w.at(end) == "ago" => (-1, false, end + 1),
        ("earlier", _) | ("before", _) => (-1, true, end + 1),
        ("later", _) | ("after", _) => (1, true, end + 1),
        ("from", "now") => (1, false, end + 2),
        _ => return None,
    };
    // "after" and "before" followed by a noun phrase are prepositions ("two days after the vote"):
    // keep only the amount as a duration, left to `duration`.
    if matches!(w.at(end - 1), "after" | "before")
        && !w.at(end).is_empty()
        && !matches!(w.at(end), "," | "." | ";" | "and" | "when" | "that")
    {
        return None;
    }
    Some(mk(i, end, Expr::Offset { unit, amount, sign, from_previous }, "timex.offset"))
}

fn reference(w: &Words, i: usize) -> Option<Match> {
    let word = w.at(i);
    let r = |end, v: &str, rule| Some(mk(i, end, Expr::Reference(v.to_string()), rule));
    if let Some(v) = w.lx.reference.get(word) {
        // "now-defunct", "now that": still PRESENT_REF; "soon after" likewise fine.
        return r(i + 1, v, "timex.reference");
    }
    match (word, w.at(i + 1), w.at(i + 2)) {
        ("recent", "days" | "weeks" | "months" | "years" | "times", _) => {
            r(i + 2, "PAST_REF", "timex.reference.recent")
        }
        ("the", "coming" | "next" | "following", "days" | "weeks" | "months" | "years") => {
            r(i + 3, "FUTURE_REF", "timex.reference.coming")
        }
        ("coming", "days" | "weeks" | "months" | "years", _) => r(i + 2, "FUTURE_REF", "timex.reference.coming"),
        ("the", "past", _)
            if i > 0
                && w.is(i - 1, &["in", "than"])
                && !w.is(i + 2, &["few", "two", "three", "several"])
                && w.unit(i + 2).is_none()
                && w.number(i + 2).is_none() =>
        {
            r(i + 2, "PAST_REF", "timex.reference.past")
        }
        ("the", "future", _) if i > 0 && w.is(i - 1, &["in"]) => r(i + 2, "FUTURE_REF", "timex.reference.future"),
        ("right", "now", _) => r(i + 2, "PRESENT_REF", "timex.reference"),
        ("these", "days", _) => r(i + 2, "PRESENT_REF", "timex.reference"),
        ("at", "present", _) => r(i + 2, "PRESENT_REF", "timex.reference"),
        ("the", "moment", _) if i > 0 && w.at(i - 1) == "at" => r(i + 2, "PRESENT_REF", "timex.reference"),
        _ => None,
    }
}

fn clock(w: &Words, i: usize) -> Option<Match> {
    if w.is(i, &["noon", "midday"]) {
        return Some(mk(i, i + 1, Expr::Clock { hour: 12, minute: 0 }, "timex.clock"));
    }
    if w.at(i) == "midnight" {
        return Some(mk(i, i + 1, Expr::Clock { hour: 0, minute: 0 }, "timex.clock"));
    }
    let h: u8 = w.at(i).parse().ok().filter(|h| *h <= 24)?;
    let (minute, k) = if w.at(i + 1) == ":" && w.glued(i + 1) && w.glued(i + 2) {
        (w.at(i + 2).parse::<u8>().ok().filter(|m| *m < 60)?, i + 3)
    } else {
        (0, i + 1)
    };
    let hour = match w.at(k) {
        "a.m." | "am" => h % 12,
        "p.m." | "pm" => h % 12 + 12,
        "gmt" | "utc" if k > i + 1 => h,
        _ if k > i + 1 && h < 24 => {
            // "14:30" alone
            return Some(mk(i, k, Expr::Clock { hour: h, minute }, "timex.clock"));
        }
        _ => return None,
    };
    let end = if w.is(k, &["a.m.", "am", "p.m.", "pm"]) { k + 1 } else { k };
    Some(mk(i, end, Expr::Clock { hour, minute }, "timex.clock"))
}

fn season(w: &Words, i: usize) -> Option<Match> {
    let (offset, k) = match w.at(i) {
        "this" => (0, i + 1),
        "last" | "past" => (-1, i + 1),
        "next" | "coming" => (1, i + 1),
        _ => (0, i),
    };
    let season = w.lx.season.get(w.at(k))?.clone();
    let before = if i > 0 { w.at(i - 1) } else { "" };
    let of = usize::from(w.at(k + 1) == "of");
    let year = w.year(k + 1 + of);
    let end = if year.is_some() { k + 2 + of } else { k + 1 };
    // "fall" and "spring" are verbs and nouns: need a shift word, a year or "the/in/this".
    if k == i
        && year.is_none()
        && !matches!(before, "the" | "in" | "during" | "early" | "late" | "mid" | "by" | "until" | "since")
    {
        return None;
    }
    Some(mk(i, end, Expr::Season { season, offset, year }, "timex.season"))
}

fn quarter(w: &Words, i: usize) -> Option<Match> {
    let word = w.at(i);
    let (q, end) = if word.len() == 2 && word.starts_with('q') {
        (word[1..].parse::<u8>().ok().filter(|q| (1..=4).contains(q))?, i + 1)
    } else if w.at(i) == "the"
        && w.lx.ordinal.get(w.at(i + 1)).is_some_and(|o| (1..=4).contains(o))
        && w.at(i + 2) == "quarter"
    {
        (w.lx.ordinal[w.at(i + 1)] as u8, i + 3)
    } else {
        return None;
    };
    let of = usize::from(w.at(end) == "of");
    let year = w.year(end + of);
    let end = if year.is_some() { end + 1 + of } else { end };
    Some(mk(i, end, Expr::Quarter { quarter: q, offset: 0, year }, "timex.quarter"))
}

fn decade(w: &Words, i: usize) -> Option<Match> {
    let k = if w.at(i) == "the" { i + 1 } else { i };
    let word = w.at(k);
    let digits = word.strip_suffix('s')?;
    if digits.len() == 4 && digits.ends_with('0') && digits.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = digits.parse().ok()?;
        return Some(mk(i, k + 1, Expr::Decade(y / 10), "timex.decade"));
    }
    None
}

/// "48 hours", "more than a decade", "two-day", "the past week", "for weeks".
fn duration(w: &Words, i: usize) -> Option<Match> {
    let mut k = i;
    let mut modifier = None;
    let pair = |k: usize, a: &str, b: &str| w.at(k) == a && w.at(k + 1) == b;
    if pair(k, "more", "than") || pair(k, "less", "than") || pair(k, "at", "least") || pair(k, "up", "to") {
        modifier = Some(match w.at(k) {
            "more" => "MORE_THAN",
            "less" => "LESS_THAN",
            "at" => "EQUAL_OR_MORE",
            _ => "EQUAL_OR_LESS",
        });
        k += 2;
    } else if w.is(k, &["nearly", "almost", "about", "around", "roughly", "approximately", "some"])
        || (w.is(k, &["over", "under"]) && w.number(k + 1).is_some_and(|_| !w.is(k + 1, &["a", "an"])))
    {
        modifier = Some(w.lx.modifier.get(w.at(k)).map_or("APPROX", String::as_str));
        k += 1;
    }
    let framed = w.at(k) == "the" && w.is(k + 1, &["past", "last", "next", "previous", "coming", "following"]);
    if framed {
        k += 2;
    }
    let before = if i > 0 { w.at(i - 1) } else { "" };
    let licensed = matches!(before, "for" | "over" | "within" | "in" | "after" | "lasting" | "spent" | "took" | "than");
    let (amount, after) = match w.number(k) {
        // Bare "a day", "a week" are too often rates ("twice a week") or idioms.
        Some(_) if w.is(k, &["a", "an"]) && modifier.is_none() && !framed && !licensed => return None,
        Some(n) => n,
        None if framed => (Some(1.0), k),
        None if licensed && w.unit(k).is_some_and(|(_, plural)| plural) => (None, k),
        None => return None,
    };
    // "two-day": number, hyphen, singular unit, all glued.
    let hyphen = w.at(after) == "-" && w.glued(after) && w.glued(after + 1);
    let unit_at = if hyphen { after + 1 } else { after };
    let (unit, _) = w.unit(unit_at)?;
    if matches!(unit, Unit::Weekend | Unit::Quarter) {
        return None;
    }
    // Ages ("a 35-year-old") are not durations.
    if (w.at(unit_at + 1) == "-" && w.at(unit_at + 2) == "old") || w.at(unit_at + 1) == "old" {
        return None;
    }
    let unit = if unit == Unit::Night { Unit::Day } else { unit };
    Some(Match {
        modifier: modifier.map(str::to_string),
        ..mk(i, unit_at + 1, Expr::Duration { amount, unit }, "timex.duration")
    })
}

/// "every Friday", "each week", "daily", "weekly", "every two weeks".
fn set(w: &Words, i: usize) -> Option<Match> {
    let single = |v: &str| Some(mk(i, i + 1, Expr::Set(v.to_string()), "timex.set"));
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
        return Some(mk(i, k + 1, Expr::Set(format!("XXXX-WXX-{d}")), "timex.set"));
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

/// TIMEX3 period value: `P2D`, `PT48H`, `P1DE`.
pub fn period(n: f64, unit: Unit) -> String {
    let n = if n.fract() == 0.0 { format!("{}", n as i64) } else { format!("{n}") };
    match unit {
        Unit::Hour => format!("PT{n}H"),
        Unit::Minute => format!("PT{n}M"),
        Unit::Second => format!("PT{n}S"),
        Unit::Year => format!("P{n}Y"),
        Unit::Month => format!("P{n}M"),
        Unit::Week | Unit::Weekend => format!("P{n}W"),
        Unit::Day | Unit::Night => format!("P{n}D"),
        Unit::Decade => format!("P{n}DE"),
        Unit::Century => format!("P{n}CE"),
        Unit::Quarter => format!("P{n}Q"),
    }
}
