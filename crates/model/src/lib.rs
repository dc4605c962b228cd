//! The `sitrep/1` data model: the one set of types every stage writes into and every consumer
//! reads. Serde lives here; IO does not. `docs/schema.md` documents each field.
//!
//! Conventions: offsets are byte offsets into [`Article::text`]; a layer that is `None` was
//! not produced (its stage did not run) and is absent from the JSON, while `Some(vec![])`
//! means the stage ran and found nothing; ids are unique across the whole document.

mod actor;
mod article;
pub mod check;
mod date;
mod document;
mod event;
mod quote;
mod situation;
mod time;

pub use actor::{Actor, Mention, MentionKind, Role};
pub use article::{Article, PublishedSource};
pub use date::{DateError, Published};
pub use document::{Diagnostic, Document, Level, PipelineInfo, Place, Sentence, SentenceKind};
pub use event::{
    Arg, Casualties, DatePrecision, Event, Factuality, Granularity, Plover, Polarity, Proposition, Status,
};
pub use quote::{Claim, ClaimAct, Cue, Quote, QuoteKind, Sourcing, SourcingKind, Speaker, Stance};
pub use sitrep_text::Span;
pub use situation::{
    Contradiction, EscalationPoint, EventReport, EvidenceSpan, Frame, FrameReading, MergedEvent, Side, Situation,
    Story, StoryActor, StoryClaim, StoryPlace, WatchItem, WatchKind, WatchStatus,
};
pub use time::{Anchor, Timex, TimexType};

/// The schema identifier stamped into every document.
pub const SCHEMA: &str = "sitrep/1";

/// A span with the text it covers, as it appears inside other items (triggers, cues).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SpanText {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl SpanText {
    /// Build from a span of `text`. Callers pass spans they produced from `text` itself.
    pub fn of(text: &str, span: Span) -> Self {
        SpanText { start: span.start, end: span.end, text: text.get(span.start..span.end).unwrap_or("").to_string() }
    }

    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Why an item was extracted: the rule or pattern that fired, for an analyst to audit.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    pub rule: String,
}

impl Evidence {
    pub fn rule(rule: impl Into<String>) -> Self {
        Evidence { rule: rule.into() }
    }
}
