//! Attribution: who said (believes, intends) what, through which channel, on whose authority;
//! and the claims those statements make.

use serde::{Deserialize, Serialize};

use crate::{Actor, Evidence, Span, SpanText};

/// An attributed statement: content span, cue and source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub id: String,
    /// The content span.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: QuoteKind,
    /// Inside quotation marks (a direct or partial quote) rather than paraphrase.
    pub direct: bool,
    /// The attribution cue ("said", "according to", "wrote").
    pub cue: Cue,
    /// The source as written next to the cue ("He", "a senior official"), or null.
    pub source_span: Option<SpanText>,
    /// Who the source resolves to, or null when unattributed.
    pub speaker: Option<Speaker>,
    /// Where it was said: "Truth Social", "ABC News", "a statement", "a press conference".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    pub sourcing: Sourcing,
    /// An explicit refusal to speak ("declined to comment", "did not respond to requests for
    /// comment"): the source said nothing; `text` is the refusal as written. Omitted when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub non_response: bool,
    pub confidence: f32,
    pub evidence: Evidence,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Quote {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// The cue span; same shape as any span with text.
pub type Cue = SpanText;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    Speech,
    Belief,
    Intention,
}

/// The resolved speaker: the mention it refers back to (by id) and its actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    pub mention: Option<String>,
    pub actor: Option<Actor>,
}

/// On whose authority a statement or event report rests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sourcing {
    pub kind: SourcingKind,
    /// How the text describes an unnamed source: "unnamed U.S. officials".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Outlets it was relayed through, in the order given: ["Reuters", "Associated Press"].
    pub via: Vec<String>,
}

impl Sourcing {
    pub fn of(kind: SourcingKind) -> Self {
        Sourcing { kind, description: None, via: Vec::new() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourcingKind {
    NamedPerson,
    NamedOrganization,
    Anonymous,
    /// An outlet's own reporting ("Axios reported").
    Outlet,
    /// The article's author, in their own voice.
    Author,
    Unattributed,
}

/// Something an actor asserts or denies, from a quote or a speech-act event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub claimant: Speaker,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    pub stance: Stance,
    /// What kind of speech act makes the claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<ClaimAct>,
    pub text: String,
    pub sourcing: Sourcing,
    /// Rests on an explicit refusal to comment (a non-response quote, or CAMEO 011 "decline
    /// comment"): the claimant said nothing; `act` is omitted. Omitted when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub non_response: bool,
    pub confidence: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    Affirms,
    Denies,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimAct {
    Assertion,
    Denial,
    Accusation,
    Threat,
    Promise,
    Prediction,
    Appeal,
    Proposal,
}
