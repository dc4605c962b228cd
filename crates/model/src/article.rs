//! An article as ingest hands it to the pipeline: metadata plus the fixed, cleaned main text.

use serde::{Deserialize, Serialize};

use crate::Published;

/// One article. `text` is the analysed main text: every offset in the document points into it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    /// The outlet's name ("Reuters").
    pub source: Option<String>,
    /// ISO 639-1 code of the text's language, when known.
    pub lang: Option<String>,
    pub published: Option<Published>,
    pub published_source: PublishedSource,
    /// How sure we are of `published` when it was read from a dateline or inferred, in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_confidence: Option<f32>,
    /// The ISO weekday of publication (1 = Monday ... 7 = Sunday) when the text pins the weekday
    /// but not the date (`published` is then null and `published_source` is `inferred`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_weekday: Option<u8>,
    pub text: String,
}

/// Where the publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PublishedSource {
    /// Supplied with the input: a JSONL field or the `--published` flag.
    Given,
    /// From the document's own metadata: HTML meta tags, JSON-LD, feed item dates, WARC headers.
    Metadata,
    /// From a dateline in the text ("TEHRAN, June 14 (Reuters) -").
    Dateline,
    /// Inferred from clues in the text; see the document's diagnostics.
    Inferred,
    /// Unknown: relative time expressions stay unresolved.
    #[default]
    None,
}

impl Article {
    /// An article with only an id and text; everything else unknown.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Article {
            id: id.into(),
            url: None,
            title: None,
            author: None,
            source: None,
            lang: None,
            published: None,
            published_source: PublishedSource::None,
            published_confidence: None,
            published_weekday: None,
            text: text.into(),
        }
    }
}
