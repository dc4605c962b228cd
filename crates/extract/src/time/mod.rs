//! Time expressions: recognise (`recognize`), find the governing tense (`tense`), resolve
//! against the publication date, the utterance date inside quotes, or the previous date for
//! chains (`resolve`). Boilerplate paragraphs are skipped.

mod lexicon;
mod recognize;
mod resolve;
mod tense;

pub use lexicon::TimeLexicon;

use jiff::civil::Date;
use sitrep_model::{Anchor, Evidence, SentenceKind, Timex, TimexType};
use sitrep_text::Span;

use crate::segment::Segmentation;
use recognize::{Expr, Words};
use resolve::{Anchors, resolve};

/// The time stage; holds its validated lexicon.
#[derive(Debug, Clone)]
pub struct TimeStage {
    lx: TimeLexicon,
}

impl TimeStage {
    pub fn new() -> Self {
        TimeStage { lx: TimeLexicon::load() }
    }

    /// Find and resolve every time expression. Ids are `t1`, `t2`, ... in text order.
    pub fn run(&self, text: &str, seg: &Segmentation, published: Option<Date>) -> Vec<Timex> {
        let mut out: Vec<Timex> = Vec::new();
        let mut previous: Option<Date> = None;
        for (si, sentence) in seg.sentences.iter().enumerate() {
            if sentence.kind == SentenceKind::Boilerplate {
                continue;
            }
            let toks = seg.tokens_of(si);
            let words = Words {
                w: toks.iter().map(|t| word_form(t.text(text))).collect(),
                attached: toks.iter().enumerate().map(|(i, t)| i > 0 && toks[i - 1].span.end == t.span.start).collect(),
                lx: &self.lx,
            };
            let matches = recognize::recognize(&words);
            let span_of = |m: &recognize::Match| Span::new(toks[m.start].span.start, toks[m.end - 1].span.end);
            // Outside quotes first: a dated attribution ("he said Sunday") dates the quote.
            let mut utterance: Option<Date> = None;
            let mut resolved = Vec::with_capacity(matches.len());
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
                    let tense = tense::governing_tense(&words, m.start, m.end, lo, hi);
                    let anchors = match quote {
                        Some(_) => Anchors { base: utterance.or(published), base_kind: Anchor::Utterance, previous },
                        None => Anchors { base: published, base_kind: Anchor::Published, previous },
                    };
                    let r = resolve(m, tense, anchors);
                    if quote.is_none()
                        && utterance.is_none()
                        && matches!(m.expr, Expr::Weekday { .. } | Expr::Deictic(_))
                    {
                        utterance = r.day;
                    }
                    if quote.is_none()
                        && let Some(d) = r.day
                    {
                        previous = Some(d);
                    }
                    resolved.push((span, m.clone(), r));
                }
            }
            resolved.sort_by_key(|(span, _, _)| (span.start, span.end));
            for (span, m, r) in resolved {
                let kind = match m.expr {
                    Expr::Duration { .. } => TimexType::Duration,
                    Expr::Set(_) => TimexType::Set,
                    Expr::Clock { .. } => TimexType::Time,
                    _ if m.part.is_some() || m.clock.is_some() => TimexType::Time,
                    _ => TimexType::Date,
                };
                out.push(Timex {
                    id: String::new(),
                    start: span.start,
                    end: span.end,
                    text: text[span.start..span.end].to_string(),
                    kind,
                    value: r.value,
                    modifier: m.modifier.clone(),
                    anchor: r.anchor,
                    zone: m.zone.clone(),
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
fn token_bounds(toks: &[crate::segment::Token], span: Span) -> (usize, usize) {
    let lo = toks.partition_point(|t| t.span.start < span.start);
    let hi = toks.partition_point(|t| t.span.end <= span.end);
    (lo, hi.max(lo))
}

/// The lexicon's source text, for versioning.
pub fn lexicon_source() -> &'static str {
    lexicon::LEXICON_TSV
}
