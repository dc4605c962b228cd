//! The situation across articles: stories, merged events, claims in frames, contradictions,
//! the watchlist of things not yet done, and the escalation series. `sitrep_story::situation`
//! builds it from analysed documents; `sitrep report` and the HTTP API serialise it as is.
//!
//! Every line points back at its evidence: an article id and a byte span in that article's
//! text ([`EvidenceSpan`]), so an analyst can open the sentence that carries it.

use serde::{Deserialize, Serialize};

use crate::{Actor, ClaimAct, DatePrecision, Factuality, Sourcing, Stance};

/// Every story found in a set of articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Situation {
    /// `sitrep/1`.
    pub schema: String,
    /// Stories, the largest (most articles) first.
    pub stories: Vec<Story>,
}

/// Articles about one developing situation, and what they say together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// `s` + 12 hex digits, stable for a story founded by the same article.
    pub id: String,
    /// From its central event ("Israel strikes Iran"), else its first article's title.
    pub title: String,
    /// Article ids, earliest published first.
    pub articles: Vec<String>,
    /// Actors named in its articles, most mentioned first.
    pub actors: Vec<StoryActor>,
    /// Places named in its articles, most mentioned first.
    pub places: Vec<StoryPlace>,
    /// First and last day (ISO `YYYY-MM-DD`) of its events and publications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
    /// Events merged across reports, in date order (undated last).
    pub events: Vec<MergedEvent>,
    /// One point per day and dyad, plus the story's total per day (dyad `*`–`*`).
    pub escalation: Vec<EscalationPoint>,
    /// Threatened, planned, proposed or hypothetical events, and what became of them.
    pub watchlist: Vec<WatchItem>,
    /// Opposite claims on the same frame and arguments.
    pub contradictions: Vec<Contradiction>,
    /// Every claim of the story's articles, with the frame it was read into (if any).
    pub claims: Vec<StoryClaim>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryActor {
    pub actor: Actor,
    /// Mentions across the story's articles.
    pub mentions: usize,
    /// Articles that mention it.
    pub articles: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryPlace {
    /// Gazetteer name.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    pub mentions: usize,
}

/// Where a line of the situation comes from: a span of one article's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceSpan {
    pub article: String,
    pub start: usize,
    pub end: usize,
    /// The covered text (a sentence, a quote).
    pub text: String,
}

impl EvidenceSpan {
    pub fn span(&self) -> crate::Span {
        crate::Span::new(self.start, self.end)
    }
}

/// One article's report of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventReport {
    pub article: String,
    /// The event's id in that article's document.
    pub event: String,
    /// The article's publication date, ISO.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The article's outlet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    pub sourcing: Sourcing,
    /// The original reporters this report rests on (see [`MergedEvent::independent_sources`]).
    pub origins: Vec<String>,
    /// This article is a copy (exact or near) of an earlier article in the set.
    pub copy_of: Option<String>,
    /// The sentence that reports it.
    pub evidence: EvidenceSpan,
}

/// Reports of the same event across articles, merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedEvent {
    /// `m` + 12 hex digits, from its earliest report.
    pub id: String,
    /// A short line: "Israel — assault (190) → Iran".
    pub summary: String,
    /// The most specific CAMEO code its reports agree on.
    pub code: String,
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f32,
    /// PLOVER event type.
    pub plover: String,
    pub source: Option<Actor>,
    pub target: Option<Actor>,
    /// Place name, when a report located it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// ISO day (the most precise any report gives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_precision: Option<DatePrecision>,
    pub factuality: Factuality,
    /// Only reported as background.
    pub background: bool,
    pub reports: Vec<EventReport>,
    /// Index into `reports` of the earliest report (by publication, then input order).
    pub earliest: usize,
    /// Original reporters behind the reports: outlets relaying others count as those others
    /// (a rewrite of an Axios scoop counts as Axios; "told Reuters and the AP" counts both),
    /// copies of one article count once.
    pub independent_sources: usize,
    /// Those reporters, sorted.
    pub sources: Vec<String>,
    /// Some of those reporters are state media (per the outlet table).
    pub state_media: Vec<String>,
    /// Casualties: the highest figure any report gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injured: Option<u32>,
}

/// One day of one dyad: quad-class sums of merged, actual events and the combined index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EscalationPoint {
    /// ISO day.
    pub date: String,
    /// Source country (or actor code when stateless), `*` for the story total.
    pub source: String,
    pub target: String,
    /// Merged events per quad class: verbal cooperation, material cooperation, verbal
    /// conflict, material conflict.
    pub verbal_cooperation: u32,
    pub material_cooperation: u32,
    pub verbal_conflict: u32,
    pub material_conflict: u32,
    /// Sum of the merged events' Goldstein scores, negated: positive is escalation.
    pub index: f32,
    /// Cooperative talk while material conflict rises (see ARCHITECTURE.md).
    pub divergence: bool,
}

/// What kind of not-yet-done thing a watch item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WatchKind {
    Threatened,
    Planned,
    Proposed,
    Hypothetical,
}

/// What later reports made of a watch item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WatchStatus {
    Open,
    Happened,
    Denied,
    CalledOff,
    /// Its date passed with no report that it happened.
    Lapsed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WatchItem {
    /// `w` + 12 hex digits.
    pub id: String,
    pub kind: WatchKind,
    /// A short line: "Witkoff meet Araghchi (040)".
    pub summary: String,
    /// CAMEO code of the awaited action.
    pub code: String,
    pub source: Option<Actor>,
    pub target: Option<Actor>,
    /// Actors named in its text (a meeting's participants, say).
    pub actors: Vec<Actor>,
    /// Who threatened, planned or proposed it, when someone did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Actor>,
    /// The day it is due, when the text says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// The day it was first reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_reported: Option<String>,
    pub status: WatchStatus,
    /// Reports of the item itself.
    pub reports: Vec<EvidenceSpan>,
    /// Reports that resolved it (empty while open or lapsed).
    pub resolved_by: Vec<EvidenceSpan>,
    /// The merged event that happened, when `status` is `happened`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    pub sourcing: Sourcing,
}

/// A proposition frame: what a claim is about, so only claims about the same thing can
/// contradict each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    /// An actor took part in, supported or approved an event ("with U.S. support", "not involved").
    Involvement,
    /// An actor is responsible for (carried out, ordered) an event.
    Responsibility,
    /// The event took place at all.
    Occurrence,
    /// How many were killed or injured.
    Casualties,
    /// A meeting was agreed (scheduled).
    MeetingAgreed,
    /// A meeting was held.
    MeetingHeld,
    /// An actor intends (is willing) to negotiate.
    Negotiation,
    /// A threat holds under a condition ("if the U.S. joins, ...").
    ThreatCondition,
}

/// A claim read into a frame: the frame, its arguments and the polarity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameReading {
    pub frame: Frame,
    /// The actor the frame is about (the one involved, responsible, negotiating), as a
    /// country or actor code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The merged event it is about, when bound to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// The other arguments as a readable key: the dyad `ISR→IRN`, a figure.
    pub args: String,
    /// Whether the claim asserts (`true`) or denies the frame's proposition.
    pub positive: bool,
    /// The frame lexicon rule that read it.
    pub rule: String,
}

/// A claim in the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryClaim {
    pub article: String,
    /// The claim's id in that article's document.
    pub claim: String,
    /// Speaker as named: "Marco Rubio", "Iranian Foreign Ministry".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    pub actor: Option<Actor>,
    pub stance: Stance,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<ClaimAct>,
    pub text: String,
    /// The article's publication date, ISO.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub sourcing: Sourcing,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<FrameReading>,
    pub evidence: EvidenceSpan,
}

/// Claims of opposite polarity on the same frame and arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contradiction {
    /// `x` + 12 hex digits.
    pub id: String,
    pub frame: Frame,
    /// What is disputed, readable: "USA involvement in Israel — assault → Iran".
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    pub args: String,
    /// Every claim on it, those affirming the proposition first.
    pub sides: Vec<Side>,
}

/// One claim in a contradiction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The speaker's actor; `country` says which side it speaks for.
    pub actor: Option<Actor>,
    /// `affirms` or `denies` the frame's proposition (not the claim's own stance).
    pub stance: Stance,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub sourcing: Sourcing,
    /// The claim's id in its article's document.
    pub claim: String,
    pub evidence: EvidenceSpan,
}
