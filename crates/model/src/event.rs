//! Events: who did what to whom, when and where, coded in CAMEO and PLOVER, with factuality.

use serde::{Deserialize, Serialize};

use crate::{Actor, Evidence, Sourcing, SpanText};

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    /// Index into `sentences`.
    pub sentence: usize,
    pub trigger: SpanText,
    /// CAMEO code at the most specific level the evidence supports: "19", "190", "0231".
    pub code: String,
    /// The two-digit CAMEO root.
    pub root: String,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    pub goldstein: f32,
    pub plover: Plover,
    pub source: Option<Arg>,
    pub target: Option<Arg>,
    /// Id of the place where it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// ISO date (or TIMEX3 value) the event happened or is planned for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_precision: Option<DatePrecision>,
    /// Id of the time expression that dated it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    pub factuality: Factuality,
    /// For speech acts (threaten, deny, accuse, appeal, promise): the embedded action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposition: Option<Proposition>,
    /// Reported as background (earlier history), not as the news of the article.
    pub background: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub casualties: Option<Casualties>,
    /// The event its sentence is chiefly about: its trigger stands nearest the root of the
    /// sentence's parse (every event on that trigger, one per actor pair). Omitted when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub main: bool,
    /// Id of the earlier event in this article that this mention repeats ("the strikes killed
    /// ..." after "Israel launched strikes"): one happening, several mentions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coreferent: Option<String>,
    /// A single incident or a campaign (a series: "the air campaign", "weeks of strikes").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granularity: Option<Granularity>,
    pub sourcing: Sourcing,
    pub confidence: f32,
    pub evidence: Evidence,
}

/// An event argument: the span as written and the actor it resolves to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Arg {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub actor: Option<Actor>,
    /// The mention this argument is, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plover {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Factuality {
    pub polarity: Polarity,
    pub status: Status,
}

impl Factuality {
    pub const ACTUAL: Factuality = Factuality { polarity: Polarity::Positive, status: Status::Actual };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    Positive,
    Negative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Actual,
    Planned,
    Possible,
    Counterfactual,
}

/// Whether an event is one happening or a series of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Incident,
    Campaign,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
    Approximate,
}

/// The action a speech act is about: "threatened to strike" -> a planned 19x.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposition {
    pub code: String,
    pub source: Option<Arg>,
    pub target: Option<Arg>,
    pub factuality: Factuality,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Casualties {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub killed: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injured: Option<u32>,
    pub named: Vec<String>,
}
