//! Rows the store hands back: flat, serialisable, backend-neutral.

use serde::{Deserialize, Serialize};

/// One distinct article and its newest version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRow {
    pub id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub versions: u32,
    pub current_version: Option<i64>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
}

/// One stored text of an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionRow {
    pub id: i64,
    pub article_id: String,
    pub version: u32,
    pub kind: String,
    pub origin: String,
    pub content_hash: String,
    pub near_duplicate_of: Option<i64>,
    pub similarity: Option<f64>,
    pub pipeline_code: Option<String>,
}

/// An event with its article's context, one row as `query` shows and `export` writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRow {
    pub article_id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub eid: String,
    pub sentence: i64,
    pub sentence_text: String,
    pub trigger: String,
    pub code: String,
    pub root: String,
    pub quad_class: i64,
    pub goldstein: f64,
    pub plover_type: String,
    pub plover_mode: Option<String>,
    pub plover_context: Option<String>,
    pub source_text: Option<String>,
    pub source_id: Option<String>,
    pub source_name: Option<String>,
    pub source_code: Option<String>,
    pub source_country: Option<String>,
    pub source_sector: Option<String>,
    pub target_text: Option<String>,
    pub target_id: Option<String>,
    pub target_name: Option<String>,
    pub target_code: Option<String>,
    pub target_country: Option<String>,
    pub target_sector: Option<String>,
    pub place_name: Option<String>,
    pub place_country: Option<String>,
    pub place_admin1: Option<String>,
    pub place_lat: Option<f64>,
    pub place_lon: Option<f64>,
    pub place_geonames: Option<i64>,
    pub date: Option<String>,
    pub day: Option<String>,
    pub date_precision: Option<String>,
    pub polarity: String,
    pub status: String,
    pub background: bool,
    pub killed: Option<i64>,
    pub injured: Option<i64>,
    pub sourcing: String,
    pub confidence: f64,
    pub rule: String,
    /// Where the analysis was stored, for stable export ids.
    pub analysis_id: i64,
}

/// A quote with its article's context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    pub article_id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub qid: String,
    pub text: String,
    pub kind: String,
    pub direct: bool,
    pub cue: String,
    pub source_text: Option<String>,
    pub speaker_id: Option<String>,
    pub speaker_name: Option<String>,
    pub speaker_code: Option<String>,
    pub channel: Option<String>,
    pub sourcing: String,
    pub confidence: f64,
}

/// How much is stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub articles: u64,
    pub versions: u64,
    pub duplicates: u64,
    pub near_duplicates: u64,
    pub analyses: u64,
    pub events: u64,
    pub quotes: u64,
}

/// A claim with its article's context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRow {
    pub article_id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub cid: String,
    pub claimant_mention: Option<String>,
    pub claimant_id: Option<String>,
    pub claimant_name: Option<String>,
    pub claimant_code: Option<String>,
    /// The quote (`q…`) or event (`e…`) the claim rests on.
    pub quote: Option<String>,
    pub event: Option<String>,
    pub stance: String,
    pub act: Option<String>,
    pub text: String,
    pub sourcing: String,
    pub confidence: f64,
}

/// One resolved actor across current versions, with how often it appears.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorRow {
    pub id: String,
    pub name: String,
    pub code: Option<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub mentions: u64,
    pub articles: u64,
    /// Events with this actor as source or target.
    pub events: u64,
}

/// One gazetteer place across current versions, with how often it appears.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceRow {
    pub name: String,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geonames_id: Option<i64>,
    pub mentions: u64,
    pub articles: u64,
    /// Events located there.
    pub events: u64,
}

/// A full-text match: the article and a snippet of the text around the match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub article_id: String,
    pub version_id: i64,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// Text around the best match, with each matched term between `\u{2}` and `\u{3}`
    /// (the server turns the markers into ranges).
    pub snippet: String,
    /// Relevance, higher is better (negated BM25).
    pub score: f64,
}
