//! Inputs to articles. Reads plain text (with an optional header block), HTML pages, RSS/Atom
//! feeds, WARC archives (plain or gzipped) and JSONL, and yields one [`Item`] per article:
//! either an [`Input`] (article, where it came from, and any warnings) or an [`InputError`]
//! naming the input and the position. One bad article never stops the others.
//!
//! Deliberately absent: analysis (that is `extract`) and storage (that is `store`).

mod boilerplate;
mod detect;
mod feed;
mod html;
mod id;
mod jsonl;
mod lang;
pub mod outlets;
pub mod pubdate;
mod read;
mod text;
mod warc;

pub use detect::{Format, detect_format};
pub use html::{HtmlPage, html_to_text, parse_html};
pub use id::{article_id, canonical_url};
pub use lang::detect_language;
pub use read::{Options, Pending, read_bytes, read_path, read_path_pending, read_reader, read_reader_pending};

use sitrep_model::{Article, Diagnostic};

/// Default cap on one article's raw bytes (an HTML page, a text file, a JSONL line).
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 16 * 1024 * 1024;

/// One article read from an input, with where it came from.
#[derive(Debug, Clone)]
pub struct Input {
    pub article: Article,
    pub origin: Origin,
    /// Problems with the input that did not stop it being read (a bad date, say).
    pub diagnostics: Vec<Diagnostic>,
    /// What kind of input the article came from.
    pub kind: InputKind,
}

/// What kind of input an article came from: a feed item is often a summary of a page that
/// may also be in the input, and is linked to it when stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// An HTML page (a file, a WARC response, or a JSONL record's `html`).
    Page,
    /// An RSS/Atom/JSON Feed item.
    Feed,
    /// A plain-text file.
    Text,
    /// A JSONL record with `text`.
    Jsonl,
}

impl InputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Page => "page",
            InputKind::Feed => "feed",
            InputKind::Text => "text",
            InputKind::Jsonl => "jsonl",
        }
    }
}

/// Where an article or an error came from: a path (or `-`) and, inside it, a line or record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub input: String,
    /// 1-based line of a JSONL record.
    pub line: Option<usize>,
    /// 1-based record number inside a feed or WARC archive.
    pub record: Option<usize>,
}

impl Origin {
    pub fn file(input: impl Into<String>) -> Self {
        Origin { input: input.into(), line: None, record: None }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.input)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(r) = self.record {
            write!(f, " record {r}")?;
        }
        Ok(())
    }
}

/// An input, or part of one, that could not become an article.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct InputError {
    pub origin: Origin,
    pub message: String,
}

impl InputError {
    pub fn new(origin: Origin, message: impl Into<String>) -> Self {
        InputError { origin, message: message.into() }
    }
}

/// What readers yield: an article or an error, never a panic.
pub type Item = Result<Input, InputError>;
