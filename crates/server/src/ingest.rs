//! Storing one article that arrives over HTTP (or from the examples, in tests): the same
//! decisions `sitrep ingest` makes for exact duplicates, near duplicates and new versions,
//! without its feed-to-page linking (a posted article is one page or text, not a feed).
//!
//! Analysis runs outside the store lock, so a long article does not stall readers.

use std::sync::Mutex;

use serde::Serialize;
use sitrep_extract::Pipeline;
use sitrep_ingest::Input;
use sitrep_model::{Document, Level};
use sitrep_store::{NewVersion, PutOutcome, Store, StoreError};
use sitrep_story::dedup::Fingerprint;

use crate::lock;

/// What storing an article did.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ingested {
    /// `new`, `new_version`, `near_duplicate` or `duplicate`.
    pub outcome: &'static str,
    pub article_id: String,
    pub version_id: i64,
    /// For a near duplicate: the version it copies and the similarity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub near_duplicate_of: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// Layer sizes of the stored analysis (zero for a duplicate, which is not re-analysed).
    pub events: usize,
    pub quotes: usize,
    pub mentions: usize,
    /// Error diagnostics of the analysis (the article is stored all the same).
    pub errors: Vec<String>,
}

/// Analyse (unless already stored) and store one input.
pub fn ingest(store: &Mutex<Box<dyn Store>>, pipeline: &Pipeline, input: Input) -> Result<Ingested, StoreError> {
    let fp = Fingerprint::of(&input.article.text);
    let known = lock(store).contains_content(fp.content_hash)?;
    let doc = if known {
        Document::new(input.article.clone(), pipeline.info().clone())
    } else {
        let mut doc = pipeline.run(input.article.clone());
        doc.diagnostics.splice(0..0, input.diagnostics.iter().cloned());
        doc
    };
    let mut store = lock(store);
    let near = store.near_duplicate_of(&fp, &input.article.id)?;
    let outcome = store.put(&NewVersion {
        article: &input.article,
        kind: input.kind.as_str(),
        origin: &input.origin.to_string(),
        input_diagnostics: &input.diagnostics,
        fingerprint: &fp,
        near_duplicate_of: near,
        document: &doc,
    })?;
    let (outcome, version_id) = match outcome {
        PutOutcome::Duplicate { version_id } => ("duplicate", version_id),
        PutOutcome::New { version_id } if near.is_some() => ("near_duplicate", version_id),
        PutOutcome::New { version_id } => ("new", version_id),
        PutOutcome::NewVersion { version_id, .. } => ("new_version", version_id),
    };
    let stored = outcome != "duplicate";
    let len = |n: Option<usize>| if stored { n.unwrap_or(0) } else { 0 };
    Ok(Ingested {
        outcome,
        article_id: input.article.id.clone(),
        version_id,
        near_duplicate_of: near.map(|n| n.0),
        similarity: near.map(|n| n.1),
        events: len(doc.events.as_ref().map(Vec::len)),
        quotes: len(doc.quotes.as_ref().map(Vec::len)),
        mentions: len(doc.mentions.as_ref().map(Vec::len)),
        errors: if stored {
            doc.diagnostics.iter().filter(|d| d.level == Level::Error).map(|d| d.message.clone()).collect()
        } else {
            Vec::new()
        },
    })
}
