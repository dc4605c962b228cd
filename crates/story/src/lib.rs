//! Across articles: [`dedup`] (exact and near duplicates of article texts) and the situation
//! ([`situation`], [`Tracker`]): stories, events merged across reports, claims read into
//! proposition frames and their contradictions, the watchlist, and the escalation series.
//!
//! Pure by design: no IO, clock, randomness or global state. Callers (the CLI, the store)
//! hand in texts, documents and stored fingerprints and get decisions back.

mod cluster;
mod common;
pub mod dedup;
mod escalation;
mod frames;
mod lexicon;
mod merge;
mod situation;
mod watch;

pub use cluster::{GAP_DAYS, JOIN};
pub use lexicon::{Lexicon, LexiconError};
pub use situation::{Tracker, situation};
