//! Time expressions: recognise (`recognize`), find the governing tense (`tense`), resolve
//! against the publication date, the utterance date inside quotes, or the previous date for
//! chains (`resolve`); tie times of day to the zone a place fixes (`zones`); find the
//! publication date in the text when the article came without one (`publication`); and date
//! events by the expression that governs them (`dating`). Boilerplate paragraphs are skipped.

mod dating;
mod lexicon;
mod publication;
mod recognize;
mod resolve;
mod tense;
mod zones;

pub use dating::{EventDate, date_event, precision_of};
pub use lexicon::TimeLexicon;
pub use publication::FoundPublished;
pub use zones::ZoneTable;

use jiff::civil::Date;
use sitrep_model::{Anchor, Diagnostic, Evidence, SentenceKind, Timex, TimexType};
use sitrep_text::Span;

use crate::segment::{Segmentation, Token};
use recognize::{Expr, Match, Words};
use resolve::{Anchors, Resolved, resolve};

/// The time stage; holds its validated lexicon and zone table.
#[derive(Debug, Clone)]
pub struct TimeStage {
    lx: TimeLexicon,
    zones: ZoneTable,
}

/// What the time stage adds to a document.
#[derive(Debug, Clone, Default)]
pub struct TimeLayer {
    pub times: Vec<Timex>,
    /// The publication date (or weekday) the text gives, when the article came without one.
    pub published: Option<FoundPublished>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Words before an expression that make it a target or deadline ("until Friday", "payable
/// Dec. 7", "extended to Nov. 16"): the clause's tense does not say which side of the anchor
/// it is on.
const TARGET_WORDS: &[&str] = &[
    "until",
    "till",
    "to",
    "by",
    "through",
    "payable",
    "due",
    "effective",
    "expire",
    "expires",
    "expiring",
    "record",
    "deadline",
    "from",
];

impl TimeStage {
    pub fn new() -> Self {
        TimeStage { lx: TimeLexicon::load(), zones: ZoneTable::load() }
    }

    /// Find and resolve every time expression. Ids are `t1`, `t2`, ... in text order. With no
    /// publication date, look for one in the text (a dateline, else the weekday clues) and
    /// resolve against it; what stays unresolved carries its offset from publication.
    pub fn run(&self, text: &str, seg: &Segmentation, published: Option<Date>) -> TimeLayer {
        if published.is_some() {
            return TimeLayer { times: self.tag(text, seg, published), ..Default::default() };
        }
        let unanchored = self.tag(text, seg, None);
        let (found, diagnostics) = publication::find(text, seg, &unanchored);
        match found {
            Some(f) if f.date.is_some() => {
                TimeLayer { times: self.tag(text, seg, f.date), published: Some(f), diagnostics }
            }
            Some(f) => {
                let mut times = unanchored;
                if let Some(wd) = f.weekday {
                    publication::pin_weekdays(&mut times, wd);
                }
                TimeLayer { times, published: Some(f), diagnostics }
            }
            None => TimeLayer { times: unanchored, published: None, diagnostics },
        }
    }

    fn tag(&self, text: &str, seg: &Segmentation, published: Option<Date>) -> Vec<Timex> {
        let dateline_zone = seg
            .sentences
            .iter()
            .find(|s| s.kind == SentenceKind::Dateline)
            .and_then(|s| self.zones.of_dateline(&text[s.start..s.end]));
        let mut out: Vec<Timex> = Vec::new();
        let mut ctx = Context::default();
        for (si, sentence) in seg.sentences.iter().enumerate() {
            if sentence.kind == SentenceKind::Boilerplate {
                continue;
            }
            let toks = seg.tokens_of(si);
            let words = words_of(text, toks, sentence.kind == SentenceKind::Heading, &self.lx);
            let matches = recognize::recognize(&words);
            let span_of = |m: &Match| Span::new(toks[m.start].span.start, toks[m.end - 1].span.end);
            let place_zone = self.zones.in_tokens(text, toks);
            // Outside quotes first: a dated attribution ("he said Sunday") dates the quote.
            let mut utterance: Option<Date> = None;
            // where the dated attribution ends, for "said Tuesday that flights would land Thursday"
            let mut utterance_end = usize::MAX;
            let mut resolved: Vec<(Span, Match, Resolved, bool)> = Vec::with_capacity(matches.len());
            for pass in [false, true] {
                for m in &matches {
                    let span = span_of(m);
                    let quote = seg.quote_around(span);
                    if quote.is_some() != pass {
                        continue;
                    }
                    let (lo, hi) = match quote {
                        Some(q) => token_bounds(toks, q),
                        None => (0, toks.len()),
                    };
                    let mut tense = tense::governing_tense(&words, m.start, m.end, lo, hi);
                    let before = |k: usize| words.at(m.start.wrapping_sub(k));
                    // "ahead of the weekend", "as soon as Tuesday", "as early as next week"
                    let ahead = (before(1) == "of" && before(2) == "ahead")
                        || (before(1) == "as" && matches!(before(2), "soon" | "early") && before(3) == "as");
                    if deferred(&words, m.start) || ahead {
                        tense = tense::Tense::Future;
                    }
                    // "Friday's purchases is far below": a copula says nothing about a
                    // possessive weekday, which mostly names a past event.
                    if tense == tense::Tense::Present
                        && matches!(m.expr, Expr::Weekday { .. })
                        && words.at(m.end) == "'s"
                    {
                        tense = tense::Tense::Unknown;
                    }
                    let target = is_target(&words, m.start);
                    // Reported speech: "would" after a dated attribution is the future of the
                    // day the speaker spoke, not of the publication date.
                    let reported = quote.is_none()
                        && utterance.is_some()
                        && m.start > utterance_end
                        && (utterance_end..m.start).any(|k| matches!(words.at(k), "would" | "'d"))
                        && matches!(m.expr, Expr::Weekday { .. } | Expr::Deictic(_));
                    let (base, base_kind) = match quote {
                        Some(_) => (utterance.or(published), Anchor::Utterance),
                        None if reported => (utterance, Anchor::Utterance),
                        None => (published, Anchor::Published),
                    };
                    let anchors = Anchors {
                        base,
                        base_kind,
                        previous: ctx.previous,
                        previous_recent: ctx.previous_sentence.is_some_and(|s| si <= s + 1),
                        previous_coarse: ctx.coarse,
                        previous_year: ctx.previous_year,
                        quarter: ctx.quarter.map(|q| q.0),
                        quarter_recent: ctx.quarter.is_some_and(|(_, s)| si <= s + 4),
                        target,
                    };
                    let mut r = resolve(m, tense, anchors);
                    if quote.is_some() && published.is_none() && r.relative.is_some() {
                        // Relative to an utterance we cannot place: no offset from publication.
                        r.relative = None;
                        r.anchor = Anchor::None;
                    }
                    if quote.is_none()
                        && utterance.is_none()
                        && matches!(m.expr, Expr::Weekday { .. } | Expr::Deictic(_))
                        && dates_attribution(&words, m.start, m.end)
                    {
                        utterance = r.day;
                        utterance_end = m.end;
                    }
                    if quote.is_none() {
                        ctx.note(&m.expr, &r, si);
                    }
                    resolved.push((span, m.clone(), r, quote.is_some()));
                }
            }
            resolved.sort_by_key(|(span, ..)| (span.start, span.end));
            attach_clocks_to_days(&mut resolved, toks);
            for (span, m, r, _) in resolved {
                let kind = if r.duration {
                    TimexType::Duration
                } else {
                    match m.expr {
                        Expr::Duration { .. } => TimexType::Duration,
                        Expr::Set(_) => TimexType::Set,
                        Expr::Clock { .. } => TimexType::Time,
                        _ if m.part.is_some() || m.clock.is_some() => TimexType::Time,
                        _ => TimexType::Date,
                    }
                };
                let zone = zone_of(&m, kind, place_zone, dateline_zone);
                out.push(Timex {
                    id: String::new(),
                    start: span.start,
                    end: span.end,
                    text: text[span.start..span.end].to_string(),
                    kind,
                    value: r.value,
                    modifier: m.modifier.clone(),
                    anchor: r.anchor,
                    zone,
                    relative: r.relative,
                    confidence: r.confidence,
                    evidence: Evidence::rule(format!("{}{}", m.rule, r.how)),
                });
            }
        }
        for (i, t) in out.iter_mut().enumerate() {
            t.id = format!("t{}", i + 1);
        }
        out
    }
}

impl Default for TimeStage {
    fn default() -> Self {
        Self::new()
    }
}

/// What earlier expressions leave for later ones: the last day, month, year and quarter
/// mentioned.
#[derive(Debug, Default)]
struct Context {
    previous: Option<Date>,
    previous_sentence: Option<usize>,
    /// The last month-precise date ("in March"): its first day.
    coarse: Option<Date>,
    previous_year: Option<i32>,
    /// The last quarter named, with the sentence that named it.
    quarter: Option<((i32, u8), usize)>,
}

impl Context {
    fn note(&mut self, expr: &Expr, r: &Resolved, sentence: usize) {
        if let Some(d) = r.day {
            self.previous = Some(d);
            self.previous_sentence = Some(sentence);
            self.coarse = None;
        } else if r.value.len() == 7
            && let Ok(d) = format!("{}-01", r.value).parse::<Date>()
        {
            self.coarse = Some(d);
        }
        // Only a quarter the text names anchors "the quarter" and "a year earlier"; a
        // year-ago quarter resolved from one does not move the reference.
        if let (Some(q), Expr::Quarter { .. } | Expr::Period { years_back: 0, year: None }) = (r.quarter, expr) {
            self.quarter = Some((q, sentence));
        }
        let v = r.value.as_bytes();
        if v.len() >= 4 && v[..4].iter().all(u8::is_ascii_digit) && !r.duration {
            self.previous_year = r.value[..4].parse().ok();
        }
    }
}

/// The zone of an expression: the one it names ("EDT", "GMT"); for "local time", or a time of
/// day, the zone of the place in its sentence ("in Tehran"), else of the dateline; "local" when
/// the text says local time but no place fixes it.
fn zone_of(m: &Match, kind: TimexType, place: Option<&str>, dateline: Option<&str>) -> Option<String> {
    let fixed_by_place = place.or(dateline).map(str::to_string);
    match m.zone.as_deref() {
        Some("local") => fixed_by_place.or_else(|| Some("local".into())),
        Some(z) => Some(z.to_string()),
        None => {
            let time_of_day = kind == TimexType::Time
                || (kind == TimexType::Date
                    && matches!(m.modifier.as_deref(), Some("START" | "END"))
                    && matches!(m.expr, Expr::Weekday { .. } | Expr::Deictic(_) | Expr::Date { day: Some(_), .. }));
            if time_of_day { fixed_by_place } else { None }
        }
    }
}

/// A clock time with no day of its own takes the day named right after it in the sentence:
/// "at 10:35 a.m. (0735 GMT) Friday".
fn attach_clocks_to_days(resolved: &mut [(Span, Match, Resolved, bool)], toks: &[Token]) {
    for i in 0..resolved.len() {
        let Expr::Clock { hour, minute } = resolved[i].1.expr else { continue };
        let end_tok = resolved[i].1.end;
        let next_day = resolved.iter().skip(i + 1).find(|(_, m, r, _)| r.day.is_some() && m.start >= end_tok);
        if let Some((_, m, r, _)) = next_day
            && m.start <= end_tok + 6
            && m.start < toks.len()
            && let Some(d) = r.day
        {
            let r = &mut resolved[i].2;
            r.value = format!("{d}T{hour:02}:{minute:02}");
            r.day = Some(d);
            r.how = ".day_after";
        }
    }
}

/// Whether the word before the expression (skipping "on" and "at") makes it a target date.
fn is_target(words: &Words, start: usize) -> bool {
    let mut k = start;
    while k > 0 && matches!(words.at(k - 1), "on" | "at" | "of") {
        k -= 1;
    }
    k > 0 && TARGET_WORDS.contains(&words.at(k - 1))
}

/// Whether a day expression dates an act of speech: "said Sunday", "told reporters on
/// Monday", "wrote on X on Saturday", "Sunday's statement said".
fn dates_attribution(words: &Words, start: usize, end: usize) -> bool {
    let speech = |w: &str| {
        matches!(
            w,
            "said"
                | "says"
                | "told"
                | "tells"
                | "wrote"
                | "writes"
                | "announced"
                | "added"
                | "stated"
                | "declared"
                | "warned"
                | "tweeted"
                | "posted"
                | "insisted"
                | "argued"
                | "claimed"
                | "acknowledged"
                | "confirmed"
                | "vowed"
                | "predicted"
                | "promised"
                | "replied"
                | "responded"
                | "noted"
                | "explained"
        )
    };
    let mut k = start;
    while k > 0 && matches!(words.at(k - 1), "on" | "late" | "early") {
        k -= 1;
    }
    // up to three words back: "said on", "told reporters on", "wrote on X on"
    (k.saturating_sub(3)..k).any(|i| speech(words.at(i))) || speech(words.at(end))
}

/// "postponed until Tuesday", "extended the deadline to Friday": a deferral points forward
/// whatever its tense.
fn deferred(words: &Words, start: usize) -> bool {
    let mut k = start;
    while k > 0 && matches!(words.at(k - 1), "on" | "at" | "next") {
        k -= 1;
    }
    if k == 0 || !matches!(words.at(k - 1), "until" | "till" | "to") {
        return false;
    }
    (k.saturating_sub(7)..k - 1).any(|i| {
        matches!(
            words.at(i),
            "postponed"
                | "delayed"
                | "extended"
                | "adjourned"
                | "deferred"
                | "pushed"
                | "moved"
                | "rescheduled"
                | "suspended"
                | "gave"
                | "given"
                | "granted"
        )
    })
}

fn words_of<'a>(text: &str, toks: &[Token], heading: bool, lx: &'a TimeLexicon) -> Words<'a> {
    Words {
        w: toks.iter().map(|t| word_form(t.text(text))).collect(),
        attached: toks.iter().enumerate().map(|(i, t)| i > 0 && toks[i - 1].span.end == t.span.start).collect(),
        caps: toks.iter().map(|t| t.text(text).starts_with(char::is_uppercase)).collect(),
        heading,
        lx,
    }
}

/// The form the grammar matches: lowercase, straight quotes, an abbreviation's final period
/// dropped ("Sept." -> "sept") but dotted forms kept ("a.m.").
fn word_form(t: &str) -> String {
    let w: String = t
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if matches!(c, '\u{2019}' | '\u{2018}') {
                '\''
            } else if matches!(c, '\u{201C}' | '\u{201D}') {
                '"'
            } else {
                c
            }
        })
        .collect();
    match w.strip_suffix('.') {
        Some(stem) if !stem.contains('.') && !stem.is_empty() => stem.to_string(),
        _ => w,
    }
}

/// Token index range of the tokens inside `span`.
fn token_bounds(toks: &[Token], span: Span) -> (usize, usize) {
    let lo = toks.partition_point(|t| t.span.start < span.start);
    let hi = toks.partition_point(|t| t.span.end <= span.end);
    (lo, hi.max(lo))
}

/// The lexicon's source text, for versioning.
pub fn lexicon_source() -> &'static str {
    lexicon::LEXICON_TSV
}

/// The zone table's source text, for versioning.
pub fn zones_source() -> &'static str {
    zones::ZONES_TSV
}
