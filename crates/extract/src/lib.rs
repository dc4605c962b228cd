//! The per-article pipeline. `Pipeline::run` calls the stages in a fixed order — segment,
//! actors, time, places, quotes, syntax, events, claims — each reading the text and earlier
//! layers and adding one layer. A stage that panics leaves its layer absent and a
//! diagnostic in the document; the other stages still run.

pub mod actors;
pub mod claims;
pub mod events;
pub mod places;
pub mod quotes;
pub mod segment;
pub mod syntax;
pub mod time;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use sitrep_model::{Article, Diagnostic, Document, Level, PipelineInfo, Published};

use actors::ActorStage;
use events::{EventInput, EventStage};
use places::PlaceStage;
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
    events: EventStage,
    places: PlaceStage,
    quotes: QuoteStage,
    info: PipelineInfo,
}

/// Stages in the order they run.
pub const STAGES: &[&str] = &["segment", "actors", "time", "places", "quotes", "syntax", "events", "claims"];

impl Pipeline {
    pub fn new() -> Self {
        let lexicons: BTreeMap<String, String> = [
            ("segment/abbreviations", segment::ABBREVIATIONS_TXT),
            ("segment/boilerplate", segment::BOILERPLATE_TSV),
            ("time/lexicon", time::lexicon_source()),
            ("actors/metonymy", actors::METONYMY_SOURCE),
            ("events/cameo", events::CAMEO_SOURCE),
            ("events/triggers", events::TRIGGERS_SOURCE),
            ("events/classes", events::CLASSES_SOURCE),
            ("events/confidence", events::CONFIDENCE_SOURCE),
            ("events/lemmas", syntax::LEMMAS_SOURCE),
            ("time/zones", time::zones_source()),
            ("places/crisis_sites", places::gazetteer::CRISIS_SITES),
            ("places/cues", places::cues_source()),
            ("places/common_words", places::common_words_source()),
        ]
        .into_iter()
        .chain(actors::sources())
        .map(|(name, src)| (name, src.as_bytes()))
        .chain(quotes::sources().into_iter().map(|(name, src)| (name, src.as_bytes())))
        .chain([("places/gazetteer", places::gazetteer::GAZETTEER_GZ)])
        .map(|(name, src)| (name.to_string(), format!("{:016x}", xxhash_rust::xxh3::xxh3_64(src))))
        .collect();
        Pipeline {
            abbreviations: Abbreviations::load(),
            boilerplate: Boilerplate::load(),
            actors: ActorStage::new(),
            time: TimeStage::new(),
            events: EventStage::new(),
            places: PlaceStage::new(),
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
        self.run_probed(article, &mut |_| {})
    }

    /// [`Pipeline::run_detailed`], calling `probe` with each stage's name as that stage
    /// finishes: benchmarks time the stages this way while the pipeline reads no clock.
    pub fn run_probed(
        &self,
        article: Article,
        probe: &mut dyn FnMut(&'static str),
    ) -> (Document, Option<Attributions>) {
        let mut doc = Document::new(article, self.info.clone());
        let text = doc.article.text.clone();
        let Some(seg) = stage(&mut doc, "segment", || segment::segment(&text, &self.abbreviations, &self.boilerplate))
        else {
            return (doc, None);
        };
        probe("segment");
        doc.sentences = Some(seg.sentences.clone());
        if let Some(lang) = doc.article.lang.as_deref().filter(|l| *l != "en") {
            doc.diagnostics
                .push(Diagnostic::new(Level::Info, format!("language '{lang}' is not analysed beyond segmentation")));
            return (doc, None);
        }
        let published = doc.article.published.map(|p| p.date);
        let mentions = stage(&mut doc, "actors", || self.actors.run(&text, &seg, published));
        probe("actors");
        if let Some(layer) = stage(&mut doc, "time", || self.time.run(&text, &seg, published)) {
            if let Some(found) = layer.published {
                doc.article.published = found.date.map(Published::day);
                doc.article.published_source = found.source;
                doc.article.published_confidence = Some(found.confidence);
                doc.article.published_weekday = found.weekday;
            }
            doc.diagnostics.extend(layer.diagnostics);
            doc.times = Some(layer.times);
        }
        probe("time");
        // The time stage may have found the date from a dateline or the text itself.
        let published = doc.article.published.map(|p| p.date).or(published);
        let mention_layer = mentions.as_ref().map(|m| m.mentions.clone()).unwrap_or_default();
        doc.places = stage(&mut doc, "places", || self.places.run(&text, &seg, &mention_layer));
        probe("places");
        let times = doc.times.clone().unwrap_or_default();
        let attributions = mentions
            .as_ref()
            .and_then(|m| stage(&mut doc, "quotes", || self.quotes.run(&text, &seg, m, &times, &self.actors.lexicon)));
        doc.quotes = attributions.as_ref().map(|a| a.quotes.clone());
        probe("quotes");
        let parsed = stage(&mut doc, "syntax", || syntax::parse_sentences(&text, &seg));
        probe("syntax");
        if let (Some(mentions), Some(parsed)) = (&mentions, &parsed) {
            let input = EventInput {
                text: &text,
                seg: &seg,
                parsed,
                mentions,
                times: &times,
                published,
                actors: &self.actors.lexicon,
                attributions: attributions.as_ref(),
            };
            doc.events = stage(&mut doc, "events", || self.events.run(&input));
        }
        probe("events");
        doc.mentions = mentions.map(|m| m.mentions);
        let events = doc.events.clone().unwrap_or_default();
        doc.claims =
            attributions.as_ref().and_then(|a| stage(&mut doc, "claims", || claims::run(&text, &seg, a, &events)));
        probe("claims");
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
