//! Mentions of entities in the text and the actors they resolve to.

use serde::{Deserialize, Serialize};

use crate::{Evidence, Span};

/// A stretch of text naming or describing an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: MentionKind,
    /// The actor this mention refers to, or null when it is not an actor we can resolve.
    pub actor: Option<Actor>,
    /// An earlier mention of the same entity ("Netanyahu" -> "Prime Minister Benjamin Netanyahu").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<String>,
    pub confidence: f32,
    pub evidence: Evidence,
}

impl Mention {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Entity type, following OntoNotes labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum MentionKind {
    /// A person, named or described ("spokesman Alex Pfeiffer", "he").
    Per,
    /// An organisation, government body, armed group or outlet.
    Org,
    /// A geopolitical entity: a country, city or state as a polity.
    Gpe,
    /// A non-political place: a region, sea, mountain, site.
    Loc,
    /// A nationality, religious or political group ("Iranian", "Israelis").
    Norp,
    /// A facility: a building, base, airport, nuclear site.
    Fac,
    Event,
    Misc,
}

/// Who a mention is, in event-data terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Our stable slug: `donald-trump`, `irn`, `irn-gov`, `idf`.
    pub id: String,
    pub name: String,
    /// CAMEO actor code: country + sector (`USAGOV`, `IRNMIL`), or an IGO code (`IGOUNO`).
    pub code: String,
    /// ISO 3166-1 alpha-3, when the actor belongs to a country.
    pub country: Option<String>,
    /// CAMEO sector (`GOV`, `MIL`, `REB`, ...), when known.
    pub sector: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata: Option<String>,
    /// The office that made this person an actor at the article's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
}

/// An office held over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// Controlled office name: `head_of_state`, `foreign_minister`, `spokesperson`, ...
    pub office: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// ISO date the tenure began, to the precision known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}
