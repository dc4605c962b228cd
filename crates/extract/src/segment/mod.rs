//! Segmentation: paragraphs (blocks of lines, with soft-wrapped lines joined), their kind
//! (body, heading, bullet, dateline, boilerplate), sentences inside body paragraphs, and
//! tokens. Everything later reads these spans; nothing here changes the text.

mod tokens;

use std::collections::HashSet;
use std::ops::Range;

use sitrep_model::{Sentence, SentenceKind};
use sitrep_text::{Fold, Normalized, Span};

pub use tokens::{Token, TokenKind, tokenize};

/// The segmentation of one text: sentences, and tokens grouped by sentence.
#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    /// For each sentence, its range in `tokens`.
    pub sentence_tokens: Vec<Range<usize>>,
    /// Quoted stretches, marks included, in text order. A quote left open at the end of a
    /// paragraph runs to the paragraph's end (the convention for quotes over paragraphs).
    pub quotes: Vec<Span>,
}

impl Segmentation {
    /// Tokens of sentence `i`.
    pub fn tokens_of(&self, i: usize) -> &[Token] {
        &self.tokens[self.sentence_tokens[i].clone()]
    }

    /// The quoted stretch containing `span`, if any.
    pub fn quote_around(&self, span: Span) -> Option<Span> {
        let i = self.quotes.partition_point(|q| q.end < span.end);
        self.quotes.get(i).copied().filter(|q| q.contains(span))
    }

    /// Index of the sentence containing byte `offset`.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= offset);
        (i < self.sentences.len() && self.sentences[i].start <= offset).then_some(i)
    }
}

/// Abbreviations that keep their period, from `resources/segment/abbreviations.txt`.
#[derive(Debug, Clone)]
pub struct Abbreviations {
    title: HashSet<String>,
    month: HashSet<String>,
    other: HashSet<String>,
}

pub(crate) const ABBREVIATIONS_TXT: &str = include_str!("../../resources/segment/abbreviations.txt");
pub(crate) const BOILERPLATE_TSV: &str = include_str!("../../resources/segment/boilerplate.tsv");

impl Abbreviations {
    pub fn load() -> Self {
        let mut a = Abbreviations { title: HashSet::new(), month: HashSet::new(), other: HashSet::new() };
        let mut section = "";
        for line in ABBREVIATIONS_TXT.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = match s {
                    "title" | "month" | "other" => s,
                    _ => panic!("abbreviations.txt: unknown section [{s}]"),
                };
                continue;
            }
            let set = match section {
                "title" => &mut a.title,
                "month" => &mut a.month,
                "other" => &mut a.other,
                _ => panic!("abbreviations.txt: entry {line:?} before any section"),
            };
            set.insert(line.to_lowercase());
        }
        a
    }

    /// Whether `word` (without its period) is an abbreviation that takes a period.
    pub fn is_abbreviation(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        self.title.contains(&w) || self.month.contains(&w) || self.other.contains(&w)
    }

    fn is_title(&self, word: &str) -> bool {
        self.title.contains(&word.to_lowercase())
    }

    fn is_month(&self, word: &str) -> bool {
        self.month.contains(&word.to_lowercase())
    }
}

/// Boilerplate phrases, from `resources/segment/boilerplate.tsv`.
#[derive(Debug, Clone, Default)]
pub struct Boilerplate {
    section: Vec<String>,
    start: Vec<String>,
    contains: Vec<String>,
}

impl Boilerplate {
    pub fn load() -> Self {
        let mut b = Boilerplate::default();
        for (n, line) in
            BOILERPLATE_TSV.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let (kind, phrase) = line.split_once('\t').unwrap_or_else(|| panic!("boilerplate.tsv:{}: no tab", n + 1));
            let list = match kind {
                "section" => &mut b.section,
                "start" => &mut b.start,
                "contains" => &mut b.contains,
                _ => panic!("boilerplate.tsv:{}: unknown kind {kind:?}", n + 1),
            };
            list.push(phrase.to_string());
        }
        b
    }

    fn is_section_header(&self, folded: &str) -> bool {
        let t = folded.trim().trim_end_matches(':').trim();
        self.section.iter().any(|p| p == t)
    }

    fn is_boilerplate(&self, folded: &str) -> bool {
        self.start.iter().any(|p| folded.starts_with(p.as_str()))
            || self.contains.iter().any(|p| folded.contains(p.as_str()))
    }
}

/// Segment `text` into sentences and tokens.
pub fn segment(text: &str, abbr: &Abbreviations, boiler: &Boilerplate) -> Segmentation {
    let blocks = blocks(text);
    let mut seg = Segmentation::default();
    let mut in_related = false;
    for (p, block) in blocks.iter().enumerate() {
        let body = &text[block.span.start..block.span.end];
        let folded = Normalized::new(body, Fold::ALL);
        let folded = folded.as_str();
        let words = body.split_whitespace().count();
        let kind = if boiler.is_section_header(folded) {
            in_related = true;
            SentenceKind::Boilerplate
        } else if in_related && words <= 30 * block.lines {
            SentenceKind::Boilerplate
        } else if boiler.is_boilerplate(folded) {
            in_related = false;
            SentenceKind::Boilerplate
        } else {
            in_related = false;
            if block.bullet {
                SentenceKind::Bullet
            } else if is_heading(body, words, block.lines) {
                SentenceKind::Heading
            } else {
                SentenceKind::Body
            }
        };
        if kind != SentenceKind::Boilerplate {
            quoted_spans(text, block.span, &mut seg.quotes);
        }
        let mut span = block.span;
        if p == 0
            && kind == SentenceKind::Body
            && let Some(end) = dateline_end(body)
        {
            push_sentence(
                text,
                &mut seg,
                Span::new(span.start, span.start + end).trim(text),
                p,
                SentenceKind::Dateline,
                abbr,
            );
            span = Span::new(span.start + end, span.end).trim(text);
            if span.is_empty() {
                continue;
            }
        }
        if matches!(kind, SentenceKind::Body | SentenceKind::Bullet) {
            let mut toks = Vec::new();
            tokenize(text, span, abbr, &mut toks);
            let marker_end = if block.bullet {
                span.start + bullet_len(&text[span.start..span.end]).unwrap_or(0)
            } else {
                span.start
            };
            let skip = toks.partition_point(|t| t.span.start < marker_end);
            let mut start = 0;
            for end in sentence_ends(text, &toks, skip, abbr) {
                let s = Span::new(toks[start].span.start, toks[end - 1].span.end);
                push_tokens(&mut seg, s, p, kind, &toks[start..end]);
                start = end;
            }
        } else {
            push_sentence(text, &mut seg, span, p, kind, abbr);
        }
    }
    seg
}

/// Find quoted stretches in a paragraph: curly quotes pair by direction, straight double quotes
/// alternate, and so do doubled ASCII marks (two apostrophes or two backticks, the convention
/// of some news archives). Single quotes are left alone: they double as apostrophes.
fn quoted_spans(text: &str, block: Span, out: &mut Vec<Span>) {
    let body = &text[block.start..block.end];
    let bytes = body.as_bytes();
    let mut open: Option<usize> = None;
    let mut skip_next = false;
    for (i, c) in body.char_indices() {
        if skip_next {
            skip_next = false;
            continue;
        }
        let at = block.start + i;
        let doubled = matches!(c, '\'' | '`') && bytes.get(i + 1) == Some(&(c as u8));
        match (c, open) {
            ('\u{201C}', None) => open = Some(at),
            ('\u{201D}', Some(o)) => {
                out.push(Span::new(o, at + c.len_utf8()));
                open = None;
            }
            ('"', None) => open = Some(at),
            ('"', Some(o)) => {
                out.push(Span::new(o, at + 1));
                open = None;
            }
            ('\'' | '`', None) if doubled => {
                open = Some(at);
                skip_next = true;
            }
            ('\'' | '`', Some(o)) if doubled => {
                out.push(Span::new(o, at + 2));
                open = None;
                skip_next = true;
            }
            // A new opening mark while one is open: the first was never closed; restart.
            ('\u{201C}', Some(_)) => open = Some(at),
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push(Span::new(o, block.end));
    }
}

fn push_sentence(
    text: &str,
    seg: &mut Segmentation,
    span: Span,
    paragraph: usize,
    kind: SentenceKind,
    abbr: &Abbreviations,
) {
    let mut toks = Vec::new();
    tokenize(text, span, abbr, &mut toks);
    if !toks.is_empty() {
        push_tokens(seg, span, paragraph, kind, &toks);
    }
}

fn push_tokens(seg: &mut Segmentation, span: Span, paragraph: usize, kind: SentenceKind, toks: &[Token]) {
    let first = seg.tokens.len();
    seg.tokens.extend_from_slice(toks);
    seg.sentence_tokens.push(first..seg.tokens.len());
    seg.sentences.push(Sentence { start: span.start, end: span.end, paragraph, kind });
}

/// A paragraph: one or more lines, soft-wrapped lines joined.
#[derive(Debug, Clone, Copy)]
struct Block {
    span: Span,
    lines: usize,
    bullet: bool,
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['.', '!', '?', ':', ';', '"', '\u{201D}', '\u{2019}', '\'', ')', '\u{2026}'])
}

fn bullet_len(line: &str) -> Option<usize> {
    let t = line.trim_start();
    for marker in ["- ", "* ", "\u{2022} ", "\u{00B7} ", "\u{2013} ", "\u{2014} ", "\u{25AA} ", "\u{25CF} "] {
        if t.starts_with(marker) {
            return Some(line.len() - t.len() + marker.len());
        }
    }
    // "1. " / "2) " numbered items
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits)
        && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
        && t.as_bytes().get(digits + 1) == Some(&b' ')
    {
        return Some(line.len() - t.len() + digits + 2);
    }
    None
}

/// Split into paragraphs. Blank lines always separate. A single line break continues the
/// paragraph when the line before stops mid-sentence and either the next line starts in
/// lower case or the whole text is hard-wrapped (many long lines stop mid-sentence, as in
/// wire copy wrapped at 70 columns); otherwise each line is its own paragraph.
fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.split('\n').collect();
    let long_open = lines.iter().filter(|l| l.chars().count() >= 50 && !ends_sentence(l)).count();
    let non_blank = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let hard_wrapped = long_open >= 3 && long_open * 10 >= non_blank * 3;

    let mut out: Vec<Block> = Vec::new();
    let mut offset = 0;
    let mut prev_blank = true;
    let mut prev_line: &str = "";
    for content in lines {
        let start = offset;
        offset += content.len() + 1;
        if content.trim().is_empty() {
            prev_blank = true;
            continue;
        }
        let bullet = bullet_len(content);
        let lower_next = content.trim_start().chars().next().is_some_and(|c| c.is_lowercase());
        let dangling =
            prev_line.split_whitespace().last().is_some_and(|w| DANGLING.contains(&w.to_lowercase().as_str()));
        let continues = !prev_blank
            && bullet.is_none()
            && prev_line.chars().count() >= 50
            && !ends_sentence(prev_line)
            && (hard_wrapped || lower_next || dangling);
        let span = Span::new(start, start + content.len()).trim(text);
        match out.last_mut() {
            Some(b) if continues => {
                b.span.end = span.end;
                b.lines += 1;
            }
            _ => out.push(Block { span, lines: 1, bullet: bullet.is_some() }),
        }
        prev_blank = false;
        prev_line = content;
    }
    out
}

/// Words a sentence cannot end on: a line ending in one was wrapped.
const DANGLING: &[&str] = &[
    "the", "a", "an", "of", "in", "to", "and", "or", "for", "with", "by", "on", "at", "from", "that", "as", "its",
    "his", "her", "their", "is", "are", "was", "were", "has", "have", "had", "will", "would", "said", "but", "than",
    "into", "about", "after", "before",
];

/// A heading: a single short line, no final sentence punctuation, capitalised start.
fn is_heading(body: &str, words: usize, lines: usize) -> bool {
    let t = body.trim();
    lines == 1
        && (1..=14).contains(&words)
        && !t.ends_with(['.', ',', ';', ':', '"', '\u{201D}', '\''])
        && t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// End of a dateline ("TEHRAN, June 14 (Reuters) - ", "WASHINGTON (AP) — ") at the start of
/// the first paragraph: an upper-case place or an outlet in brackets, then a dash.
fn dateline_end(body: &str) -> Option<usize> {
    let window = &body[..sitrep_text::floor_char_boundary(body, 90)];
    let (dash_at, dash) = [" - ", " \u{2014} ", " \u{2013} ", " -- ", "\u{2014}"]
        .iter()
        .filter_map(|d| window.find(d).map(|i| (i, *d)))
        .min_by_key(|(i, _)| *i)?;
    let head = &window[..dash_at];
    let first = head.split([',', '(', ' ']).next().unwrap_or("");
    let caps_place = first.len() >= 3 && first.chars().all(|c| c.is_uppercase() || c == '.' || c == '\'');
    let outlet = head.trim_end().ends_with(')') && head.contains('(');
    if !(caps_place || outlet) || head.split_whitespace().count() > 10 {
        return None;
    }
    Some(dash_at + dash.len())
}

const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "this",
    "that",
    "these",
    "those",
    "there",
    "but",
    "and",
    "in",
    "on",
    "at",
    "after",
    "before",
    "as",
    "while",
    "when",
    "if",
    "officials",
    "some",
    "many",
    "no",
    "not",
    "yet",
    "so",
    "still",
    "meanwhile",
    "however",
    "earlier",
    "later",
    "what",
    "who",
    "why",
    "how",
    "where",
    "then",
    "now",
    "for",
    "with",
    "by",
    "both",
    "neither",
    "one",
    "two",
    "several",
    "since",
    "despite",
    "although",
    "asked",
];

/// Token indices (exclusive) where sentences end.
fn sentence_ends(text: &str, toks: &[Token], skip: usize, abbr: &Abbreviations) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut i = skip;
    while i < toks.len() {
        let t = toks[i].text(text);
        let terminal = matches!(t, "." | "!" | "?" | "..." | "\u{2026}")
            || (t.len() > 1 && t.chars().all(|c| c == '?' || c == '!'));
        let abbr_end = toks[i].kind != TokenKind::Punct && t.ends_with('.') && t.len() > 1;
        if !(terminal || abbr_end) {
            i += 1;
            continue;
        }
        // Closing quotes and brackets attached to the terminal belong to this sentence.
        let mut j = i + 1;
        while j < toks.len()
            && toks[j].span.start == toks[j - 1].span.end
            && matches!(toks[j].text(text), "\"" | "\u{201D}" | "\u{2019}" | "'" | ")" | "]")
        {
            j += 1;
        }
        let Some(next) = toks.get(j) else { break };
        let next_text = next.text(text);
        let first = next_text.chars().next().unwrap_or(' ');
        let starts_new = first.is_uppercase()
            || first.is_ascii_digit()
            || matches!(first, '"' | '\u{201C}' | '\u{2018}' | '(' | '[' | '\'');
        let closed_quote = j > i + 1;
        let split = if !starts_new {
            false
        } else if abbr_end && closed_quote {
            true
        } else if abbr_end {
            let word = t.trim_end_matches('.');
            if abbr.is_title(word) || (word.chars().count() == 1 && word.chars().all(char::is_uppercase)) {
                false
            } else if abbr.is_month(word) {
                !first.is_ascii_digit()
            } else {
                OPENERS.contains(&next_text.to_lowercase().as_str()) || matches!(first, '"' | '\u{201C}')
            }
        } else if t == "..." || t == "\u{2026}" {
            first.is_uppercase()
        } else {
            true
        };
        if split {
            ends.push(j);
        }
        i = j;
    }
    if ends.last() != Some(&toks.len()) && !toks.is_empty() {
        ends.push(toks.len());
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sentences(text: &str) -> Vec<(SentenceKind, &str)> {
        let seg = segment(text, &Abbreviations::load(), &Boilerplate::load());
        seg.sentences.iter().map(|s| (s.kind, &text[s.start..s.end])).collect()
    }

    #[test]
    fn lexicons_load() {
        let a = Abbreviations::load();
        assert!(a.is_title("Gen") && a.is_month("Sept") && a.is_abbreviation("Inc"));
        assert!(!Boilerplate::load().section.is_empty());
    }

    #[test]
    fn quoted_stretches() {
        let text = "“One,” he said. \"Two\" and “three\nNext “four”";
        let seg = segment(text, &Abbreviations::load(), &Boilerplate::load());
        let q: Vec<&str> = seg.quotes.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(q, ["“One,”", "\"Two\"", "“three", "“four”"]);
        let two = text.find("Two").unwrap();
        assert_eq!(seg.quote_around(Span::new(two, two + 3)).map(|s| s.start), Some(two - 1));
        assert_eq!(seg.quote_around(Span::new(0, 30)), None);
        let archive = "''We won,'' he said. It's O'Brien's ``turn.''";
        let seg = segment(archive, &Abbreviations::load(), &Boilerplate::load());
        let q: Vec<&str> = seg.quotes.iter().map(|s| &archive[s.start..s.end]).collect();
        assert_eq!(q, ["''We won,''", "``turn.''"]);
    }

    #[test]
    fn wrapped_lines_join_short_lines_do_not() {
        let text = "The ministers met in Geneva on Friday and agreed to hold a\nsecond round of talks next week.\nShort line\nNext paragraph.";
        let s = sentences(text);
        assert_eq!(s.len(), 3);
        assert_eq!(
            s[0].1,
            "The ministers met in Geneva on Friday and agreed to hold a\nsecond round of talks next week."
        );
        assert_eq!(s[1], (SentenceKind::Heading, "Short line"));
    }
}
