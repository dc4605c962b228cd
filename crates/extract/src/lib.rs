//! The per-article pipeline. `Pipeline::run` calls the stages in a fixed order — segment,
//! actors, time, quotes, (events,) claims — each reading the text and earlier layers and
//! adding one layer. A stage that panics leaves its layer absent and a
//! diagnostic in the document; the other stages still run.

pub mod actors;
pub mod claims;
pub mod quotes;
pub mod segment;
pub mod time;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use sitrep_model::{Article, Diagnostic, Document, Level, PipelineInfo};

use actors::ActorStage;
use quotes::{Attributions, QuoteStage};
use segment::{Abbreviations, Boilerplate, Segmentation};
use time::TimeStage;

/// The configured pipeline: lexicons loaded and validated once, then shared by every article.
#[derive(Debug, Clone)]
pub struct Pipeline {
    abbreviations: Abbreviations,
    boilerplate: Boilerplate,
    actors: ActorStage,
    time: TimeStage,
    quotes: QuoteStage,
    info: PipelineInfo,
}

/// Stages in the order they run.
pub const STAGES: &[&str] = &["segment", "actors", "time", "quotes", "claims"];

impl Pipeline {
    pub fn new() -> Self {
        let lexicons: BTreeMap<String, String> = [
            ("segment/abbreviations", segment::ABBREVIATIONS_TXT),
            ("segment/boilerplate", segment::BOILERPLATE_TSV),
            ("time/lexicon", time::lexicon_source()),
            ("actors/metonymy", actors::METONYMY_SOURCE),
        ]
        .into_iter()
        .chain(actors::sources())
        .chain(quotes::sources())
        .map(|(name, src)| (name.to_string(), format!("{:016x}", xxhash_rust::xxh3::xxh3_64(src.as_bytes()))))
        .collect();
        Pipeline {
            abbreviations: Abbreviations::load(),
            boilerplate: Boilerplate::load(),
            actors: ActorStage::new(),
            time: TimeStage::new(),
            quotes: QuoteStage::new(),
            info: PipelineInfo {
                code: format!("sitrep {}", env!("CARGO_PKG_VERSION")),
                stages: STAGES.iter().map(|s| s.to_string()).collect(),
                lexicons,
            },
        }
    }

    pub fn info(&self) -> &PipelineInfo {
        &self.info
    }

    /// Analyse one article.
    pub fn run(&self, article: Article) -> Document {
        self.run_detailed(article).0
    }

    /// Analyse one article and keep the attribution side information (the sourcing of
    /// every sentence), for callers that need more than the document.
    pub fn run_detailed(&self, article: Article) -> (Document, Option<Attributions>) {
        let mut doc = Document::new(article, self.info.clone());
        let text = doc.article.text.clone();
        let Some(seg) = stage(&mut doc, "segment", || segment::segment(&text, &self.abbreviations, &self.boilerplate))
        else {
            return (doc, None);
        };
        doc.sentences = Some(seg.sentences.clone());
        if let Some(lang) = doc.article.lang.as_deref().filter(|l| *l != "en") {
            doc.diagnostics
                .push(Diagnostic::new(Level::Info, format!("language '{lang}' is not analysed beyond segmentation")));
            return (doc, None);
        }
        let published = doc.article.published.map(|p| p.date);
        let mentions = stage(&mut doc, "actors", || self.actors.run(&text, &seg, published));
        doc.times = stage(&mut doc, "time", || self.time.run(&text, &seg, published));
        let times = doc.times.clone().unwrap_or_default();
        let attributions = mentions
            .as_ref()
            .and_then(|m| stage(&mut doc, "quotes", || self.quotes.run(&text, &seg, m, &times, &self.actors.lexicon)));
        doc.mentions = mentions.map(|m| m.mentions);
        doc.quotes = attributions.as_ref().map(|a| a.quotes.clone());
        // events: between quotes and claims (the events stage reads
        // `attributions.sourcing_for_sentence`).
        let events = doc.events.clone().unwrap_or_default();
        doc.claims =
            attributions.as_ref().and_then(|a| stage(&mut doc, "claims", || claims::run(&text, &seg, a, &events)));
        (doc, attributions)
    }

    /// Segmentation alone, for commands that need tokens (`sitrep parse`).
    pub fn segment(&self, text: &str) -> Segmentation {
        segment::segment(text, &self.abbreviations, &self.boilerplate)
    }
}

impl Default for Pipeline {
    fn default() -> Self {
        Self::new()
    }
}

/// Run one stage, turning a panic into an error diagnostic so the document survives.
fn stage<T>(doc: &mut Document, name: &str, f: impl FnOnce() -> T) -> Option<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => Some(v),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            doc.diagnostics.push(Diagnostic::new(Level::Error, format!("internal error in stage '{name}': {msg}")));
            None
        }
    }
}
