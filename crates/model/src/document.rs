//! The analysed document: an article with every layer the pipeline produced.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Article, Claim, Event, Evidence, Mention, Quote, Span, Timex};

/// One `sitrep/1` document, as written one per line by `sitrep analyze`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub schema: String,
    #[serde(flatten)]
    pub article: Article,
    pub pipeline: PipelineInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentences: Option<Vec<Sentence>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentions: Option<Vec<Mention>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<Vec<Timex>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places: Option<Vec<Place>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotes: Option<Vec<Quote>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<Event>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<Vec<Claim>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// A document with no layers yet.
    pub fn new(article: Article, pipeline: PipelineInfo) -> Self {
        Document {
            schema: crate::SCHEMA.to_string(),
            article,
            pipeline,
            sentences: None,
            mentions: None,
            times: None,
            places: None,
            quotes: None,
            events: None,
            claims: None,
            diagnostics: Vec::new(),
        }
    }

    pub fn text(&self) -> &str {
        &self.article.text
    }

    /// Covered text of a span, empty if the span is invalid.
    pub fn slice(&self, span: Span) -> &str {
        span.get(&self.article.text).unwrap_or("")
    }
}

/// Which code and which lexicons produced a document, so a newer pipeline can re-analyse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineInfo {
    /// `sitrep <crate version>`.
    pub code: String,
    /// The stages that ran, in order.
    pub stages: Vec<String>,
    /// Lexicon name -> version (content hash or date).
    pub lexicons: BTreeMap<String, String>,
}

/// A sentence (or a sentence-like unit: heading, bullet item, dateline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the paragraph (block separated by line breaks) it belongs to.
    pub paragraph: usize,
    pub kind: SentenceKind,
}

impl Sentence {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    /// Running text.
    Body,
    /// A heading or subheading line (no final punctuation, short).
    Heading,
    /// An item of a bulleted or numbered list.
    Bullet,
    /// A dateline at the head of a story ("TEHRAN, June 14 (Reuters) -").
    Dateline,
    /// Boilerplate that is not reporting: "Related:" headline lists, disclaimers, bylines,
    /// calls to subscribe. Later stages extract nothing from it.
    Boilerplate,
}

/// A place mentioned in the text, resolved to a gazetteer entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// Gazetteer name.
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geonames_id: Option<u64>,
    pub confidence: f32,
    pub evidence: Evidence,
}

/// Something worth telling the user about this document: bad input, a stage that failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub level: Level,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
}

impl Diagnostic {
    pub fn new(level: Level, message: impl Into<String>) -> Self {
        Diagnostic { level, message: message.into(), start: None, end: None }
    }

    pub fn at(mut self, span: Span) -> Self {
        self.start = Some(span.start);
        self.end = Some(span.end);
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Info,
    Warning,
    Error,
}
