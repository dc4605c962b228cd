//! Time expressions (TIMEX3): what the text says about when, resolved to a calendar value.

use serde::{Deserialize, Serialize};

use crate::{Evidence, Span};

/// A time expression with its resolved TIMEX3 value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timex {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// TIMEX3 value: `2025-06-15`, `2025-W25`, `2025-06-16TNI`, `PT48H`, `PAST_REF`,
    /// `XXXX-WXX-4` when the anchor is unknown.
    pub value: String,
    /// TIMEX3 modifier: START, MID, END, APPROX, MORE_THAN, LESS_THAN, ...
    #[serde(rename = "mod", default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    pub anchor: Anchor,
    /// Time zone the text ties the expression to: an IANA name when a place fixes it ("early
    /// Saturday local time" in a Tehran dateline: `Asia/Tehran`), a UTC offset from an
    /// abbreviation ("4 a.m. EDT": `-04:00`), `UTC`, or `local` when no place says which.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Where the expression sits from the publication date when that date is unknown, so a
    /// store can ground it later: `P-1D` (the day before), `P0D` (that day), `P+2D`, `P-1W`
    /// (the week before), `P0M` (the same month), `P+1Y`; `WD-4` (the latest Thursday on or
    /// before it), `WD+1` (the first Monday on or after it). Absent when resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative: Option<String>,
    pub confidence: f32,
    pub evidence: Evidence,
}

impl Timex {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

/// What a relative expression was resolved against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The article's publication date.
    Published,
    /// The moment the quoted speaker spoke.
    Utterance,
    /// The previously resolved expression ("the day before").
    Previous,
    /// Absolute, or no anchor was available.
    None,
}
