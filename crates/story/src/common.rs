//! Helpers every situation module shares: days, actor keys, evidence spans, stable ids, and
//! the per-article view ([`Art`]) with its outlet and copy link.

use jiff::civil::Date;
use sitrep_ingest::outlets::Outlets;
use sitrep_model::{Actor, Document, EvidenceSpan, Span};
use xxhash_rust::xxh3::xxh3_64;

/// One input document with what every module asks of it.
#[derive(Debug)]
pub(crate) struct Art<'a> {
    pub doc: &'a Document,
    pub day: Option<Date>,
    /// The outlet's canonical name, when the article names one we can read.
    pub outlet: Option<String>,
    /// An earlier input this one copies (exact or near duplicate).
    pub copy_of: Option<usize>,
}

impl Art<'_> {
    pub fn id(&self) -> &str {
        &self.doc.article.id
    }

    pub fn day_str(&self) -> Option<String> {
        self.day.map(|d| d.to_string())
    }

    /// Evidence for a sentence by index (the whole text when out of range).
    pub fn sentence(&self, i: usize) -> EvidenceSpan {
        let span = self
            .doc
            .sentences
            .as_ref()
            .and_then(|s| s.get(i))
            .map(|s| s.span())
            .unwrap_or(Span::new(0, self.doc.article.text.len()));
        self.evidence(span)
    }

    pub fn evidence(&self, span: Span) -> EvidenceSpan {
        EvidenceSpan {
            article: self.id().to_string(),
            start: span.start,
            end: span.end,
            text: self.doc.slice(span).trim().to_string(),
        }
    }

    pub fn place_name(&self, id: &str) -> Option<&str> {
        self.doc.places.as_ref()?.iter().find(|p| p.id == id).map(|p| p.name.as_str())
    }
}

/// The outlet an article comes from: its `source` field or its URL, canonical when the
/// outlet table knows it.
pub(crate) fn outlet_of(doc: &Document) -> Option<String> {
    let table = Outlets::builtin();
    if let Some(s) = doc.article.source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        return Some(table.by_name(s).map_or_else(|| s.to_string(), |o| o.name.clone()));
    }
    doc.article.url.as_deref().and_then(|u| table.by_url(u)).map(|o| o.name.clone())
}

/// A reporter's canonical name (outlet table name when known).
pub(crate) fn canonical_outlet(name: &str) -> String {
    Outlets::builtin().by_name(name).map_or_else(|| name.trim().to_string(), |o| o.name.clone())
}

pub(crate) fn is_state_media(name: &str) -> bool {
    Outlets::builtin().by_name(name).is_some_and(|o| o.kind == sitrep_ingest::outlets::OutletKind::StateMedia)
}

/// The day an ISO date or TIMEX3 value starts with (`2025-06-12`, `2025-06-12TNI`).
pub(crate) fn day(value: &str) -> Option<Date> {
    value.get(..10)?.parse().ok()
}

/// The key an actor is compared by across articles: its country, else its code.
pub(crate) fn actor_key(a: &Actor) -> String {
    a.country.clone().filter(|c| !c.is_empty()).unwrap_or_else(|| a.code.clone())
}

/// `prefix` + 12 hex digits of a hash of the parts: ids that stay the same when the same
/// article founds the same thing again.
pub(crate) fn stable_id(prefix: &str, parts: &[&str]) -> String {
    let joined = parts.join("\u{1f}");
    format!("{prefix}{:012x}", xxh3_64(joined.as_bytes()) >> 16)
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub(crate) fn days_between(a: Date, b: Date) -> i64 {
    (b - a).get_days() as i64
}

/// Lower-case words of a text (letters, digits, apostrophes inside words).
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches(['\'', '’']).to_lowercase().replace('’', "'"))
        .filter(|w| !w.is_empty())
        .collect()
}
