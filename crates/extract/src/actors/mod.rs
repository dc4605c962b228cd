//! Mentions and actors: names, titles and appositions ("US envoy Steve Witkoff"), offices
//! ("Iran's foreign minister" -> whoever held it on the article's date), nationality plus
//! agent ("U.S. officials" -> USAGOV), organisations, countries, demonyms, and capitals that
//! stand for their government ("Washington would bear responsibility"). Repeated mentions
//! ("Netanyahu", "Pfeiffer", "the president") point back to the first mention of their actor.
//!
//! Deliberately absent: pronouns (resolved by the quotes stage, which knows who is speaking)
//! and places as such (the places stage).

mod lexicon;
mod metonymy;

pub use lexicon::{ActorLexicon, Entity, Gender, fold, sources};
pub use metonymy::{Metonymy, Reading};

use std::collections::HashMap;

use jiff::civil::Date;
use sitrep_model::{Actor, Evidence, Mention, MentionKind, SentenceKind};
use sitrep_text::{Fold, Normalized, Span};

use crate::segment::{Segmentation, Token, TokenKind};

/// The metonymy list's source, for versioning.
pub const METONYMY_SOURCE: &str = metonymy::METONYMY;

/// Rules whose mentions name one entity, so that a repeat is the same entity ("Israel",
/// "Netanyahu"). Generic groups ("U.S. officials") and demonyms are not linked.
const NAMED_RULES: &[&str] = &[
    "actor.person",
    "actor.title+person",
    "actor.title+name",
    "actor.title+name+context",
    "actor.repeated_name",
    "actor.definite_office",
    "actor.office_holder",
    "actor.org",
    "actor.outlet",
    "actor.country",
];

/// What later stages need to know about a mention beyond the serialized layer.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionInfo {
    pub sentence: usize,
    pub gender: Option<Gender>,
    pub plural: bool,
    /// A person (he/she) rather than a body (it/they).
    pub person: bool,
}

/// The stage's output: the mentions layer and the side information, index for index.
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    pub mentions: Vec<Mention>,
    pub info: Vec<MentionInfo>,
}

#[derive(Debug, Clone)]
pub struct ActorStage {
    pub lexicon: ActorLexicon,
    metonymy: Metonymy,
}

/// A lexicon hit mapped onto tokens.
#[derive(Debug, Clone, Copy)]
struct Hit {
    /// Token range in the sentence.
    start: usize,
    end: usize,
    surface: usize,
}

/// A mention under construction.
#[derive(Debug, Clone)]
struct Draft {
    span: Span,
    kind: MentionKind,
    actor: Option<Actor>,
    info: MentionInfo,
    rule: &'static str,
    confidence: f32,
    /// For unknown persons: the name as written, to link later surname-only mentions.
    name: Option<String>,
    /// Office named by a definite description ("the president"), resolved by coreference.
    office_title: Option<String>,
}

impl ActorStage {
    pub fn new() -> Self {
        ActorStage { lexicon: ActorLexicon::load(), metonymy: Metonymy::load() }
    }

    pub fn run(&self, text: &str, seg: &Segmentation, date: Option<Date>) -> Mentions {
        let hits = self.lexicon_hits(text, seg);
        let mut drafts: Vec<Draft> = Vec::new();
        for (si, sentence) in seg.sentences.iter().enumerate() {
            if sentence.kind == SentenceKind::Boilerplate {
                continue;
            }
            let toks = seg.tokens_of(si);
            let sent_hits: Vec<Hit> = hits.get(&si).cloned().unwrap_or_default();
            self.chunk(text, toks, &sent_hits, si, date, &mut drafts);
        }
        link(&mut drafts, &self.lexicon, date);
        let mut out = Mentions::default();
        let mut first_by_actor: HashMap<String, String> = HashMap::new();
        for (i, d) in drafts.into_iter().enumerate() {
            let id = format!("m{}", i + 1);
            let named = NAMED_RULES.contains(&d.rule);
            let antecedent = d.actor.as_ref().filter(|_| named).and_then(|a| {
                let prev = first_by_actor.get(&a.id).cloned();
                first_by_actor.entry(a.id.clone()).or_insert_with(|| id.clone());
                prev
            });
            out.mentions.push(Mention {
                id,
                start: d.span.start,
                end: d.span.end,
                text: text[d.span.start..d.span.end].to_string(),
                kind: d.kind,
                actor: d.actor,
                antecedent,
                confidence: d.confidence,
                evidence: Evidence::rule(d.rule),
            });
            out.info.push(d.info);
        }
        out
    }

    /// Lexicon matches on the folded text, kept when they sit on word and token boundaries
    /// and their case fits (names capitalised, acronyms exact), grouped by sentence.
    fn lexicon_hits(&self, text: &str, seg: &Segmentation) -> HashMap<usize, Vec<Hit>> {
        let norm = Normalized::new(text, Fold::ALL);
        let folded = norm.as_str();
        let mut out: HashMap<usize, Vec<Hit>> = HashMap::new();
        for m in self.lexicon.automaton.find_iter(folded) {
            let (s, e) = (m.start(), m.end());
            let before = folded[..s].chars().next_back();
            let after = folded[e..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
                continue;
            }
            let span = norm.to_original(Span::new(s, e));
            let surface = &self.lexicon.surfaces[m.pattern().as_usize()];
            let original = &text[span.start..span.end];
            let case_ok = match &surface.exact_case {
                Some(exact) => Normalized::new(original, Fold::SHAPE).as_str() == exact,
                None => original.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase),
            };
            if !case_ok {
                continue;
            }
            let Some(si) = seg.sentence_at(span.start) else { continue };
            if seg.sentences[si].end < span.end {
                continue;
            }
            let toks = seg.tokens_of(si);
            let start = toks.partition_point(|t| t.span.start < span.start);
            let end = toks.partition_point(|t| t.span.end <= span.end);
            if start >= end || toks[start].span.start != span.start || toks[end - 1].span.end != span.end {
                continue;
            }
            out.entry(si).or_default().push(Hit { start, end, surface: m.pattern().as_usize() });
        }
        out
    }

    fn chunk(&self, text: &str, toks: &[Token], hits: &[Hit], si: usize, date: Option<Date>, out: &mut Vec<Draft>) {
        let lx = &self.lexicon;
        let words: Vec<String> = toks.iter().map(|t| fold(t.text(text))).collect();
        let hit_at = |i: usize| hits.iter().find(|h| h.start == i).copied();
        let span_of = |a: usize, b: usize| Span::new(toks[a].span.start, toks[b - 1].span.end);
        let is_cap = |i: usize| {
            toks.get(i).is_some_and(|t| {
                t.kind == TokenKind::Word && t.text(text).chars().next().is_some_and(char::is_uppercase)
            })
        };
        let mut i = 0;
        while i < toks.len() {
            // A known person's full alias wins over reading its first word as a title.
            if let Some(h) =
                hit_at(i).filter(|h| matches!(lx.surfaces[h.surface].entities[0], Entity::Person(_)) && h.end > i + 1)
            {
                if let Some(d) = self.plain(h, hits, &words, toks, si, date) {
                    out.push(d);
                }
                i = h.end;
                continue;
            }
            // Nationality or owner in front: "Iranian", "British", "U.S.", "Iran's", "the IRGC".
            let nationality = hit_at(i).and_then(|h| {
                lx.surfaces[h.surface].entities.iter().find_map(|e| match e {
                    Entity::Adjective(c) | Entity::Country(c) | Entity::People(c) => Some((*c, h.end)),
                    _ => None,
                })
            });
            let (owner_country, owner_org, mut k) = match (nationality, hit_at(i)) {
                (Some((c, end)), _) => (Some(lx.countries[c].iso3.clone()), None, end),
                (None, Some(h)) => match lx.surfaces[h.surface].entities[0] {
                    Entity::Org(o)
                        if lx.orgs[o].kind != "igo" || words.get(h.end).is_some_and(|w| lx.titles.contains_key(w)) =>
                    {
                        (lx.orgs[o].country.clone(), Some(o), h.end)
                    }
                    _ => (None, None, i),
                },
                (None, None) => (None, None, i),
            };
            let has_owner = k > i;
            let possessive = has_owner && matches!(words.get(k).map(String::as_str), Some("'s" | "'"));
            if possessive {
                k += 1;
            }
            // Titles: "Foreign Minister", "commander Gen.", "spokesman".
            let title_start = k;
            let mut title: Option<(String, lexicon::Title)> = None;
            while let Some((len, t)) = self.title_at(&words, k) {
                title = Some((words[k..k + len].join(" "), t));
                k += len;
            }
            let has_title = k > title_start;
            // A name after the title: a known person, or capitalised words.
            if has_title {
                if let Some(h) = hit_at(k).filter(|h| matches!(lx.surfaces[h.surface].entities[0], Entity::Person(_))) {
                    let Entity::Person(p) = lx.surfaces[h.surface].entities[0] else { unreachable!() };
                    let start = if has_owner { i } else { title_start };
                    out.push(self.person_draft(p, span_of(start, h.end), si, date, "actor.title+person"));
                    i = h.end;
                    continue;
                }
                let name_end = name_end(&words, toks, text, k, &is_cap, lx);
                if name_end > k {
                    let (_, t) = title.clone().unwrap();
                    let start = if has_owner { i } else { title_start };
                    let mut country =
                        owner_country.clone().or_else(|| owner_org.and_then(|o| lx.orgs[o].country.clone()));
                    let mut sector = Some(t.sector.clone()).filter(|s| !s.is_empty());
                    // The title and its owner may leave country or sector open ("spokesman
                    // Alex Pfeiffer"): take them from the actor the text was just about.
                    let from_context = country.is_none() || sector.is_none();
                    if from_context && let Some(ctx) = context_actor(out, si) {
                        country = country.or(ctx.country.clone());
                        sector = sector.or(ctx.sector.clone());
                    }
                    let name = text[toks[k].span.start..toks[name_end - 1].span.end].to_string();
                    let actor = sector.map(|sector| {
                        let mut a = lx.sector_actor(country.as_deref(), &sector);
                        a.id = slug(&name);
                        a.name = name.clone();
                        a.role = Some(sitrep_model::Role {
                            office: t.office.clone(),
                            title: title.as_ref().map(|x| x.0.clone()),
                            from: None,
                            to: None,
                        });
                        a
                    });
                    let gender = gender_of_title(&words[title_start..k]);
                    let confidence = if from_context { 0.55 } else { 0.8 };
                    out.push(Draft {
                        span: span_of(start, name_end),
                        kind: MentionKind::Per,
                        actor,
                        info: MentionInfo { sentence: si, gender, plural: false, person: true },
                        rule: if from_context { "actor.title+name+context" } else { "actor.title+name" },
                        confidence,
                        name: Some(name),
                        office_title: None,
                    });
                    i = name_end;
                    continue;
                }
                // An office without a name: "Iran's foreign minister", "the Iranian president".
                if let Some(country) = owner_country.as_deref() {
                    let (title_text, t) = title.clone().unwrap();
                    let holder = lx.office_holder(country, &t.office, &title_text, date);
                    let actor = match holder {
                        Some(p) => lx.person_actor(p, date),
                        None => lx.sector_actor(Some(country), &t.sector),
                    };
                    let gender = holder.and_then(|p| lx.people[p].gender);
                    out.push(Draft {
                        span: span_of(i, k),
                        kind: MentionKind::Per,
                        actor: Some(actor),
                        info: MentionInfo { sentence: si, gender, plural: false, person: true },
                        rule: if holder.is_some() { "actor.office_holder" } else { "actor.office" },
                        confidence: if holder.is_some() { 0.85 } else { 0.6 },
                        name: None,
                        office_title: None,
                    });
                    i = k;
                    continue;
                }
                // "the president": resolved later to the last person holding such an office.
                if !has_owner && i > 0 && words[i - 1] == "the" && title_start == i {
                    let (title_text, t) = title.clone().unwrap();
                    out.push(Draft {
                        span: span_of(i - 1, k),
                        kind: MentionKind::Per,
                        actor: None,
                        info: MentionInfo { sentence: si, gender: None, plural: false, person: true },
                        rule: "actor.definite_office",
                        confidence: 0.6,
                        name: None,
                        office_title: Some(format!("{title_text}|{}", t.office)),
                    });
                    i = k;
                    continue;
                }
            }
            // Nationality + agent noun: "U.S. officials", "Iranian forces", "Israel's military".
            if owner_country.is_some() || owner_org.is_some() {
                let start_agents = if possessive { title_start } else { title_start.min(k) };
                if let Some((agent_end, sector)) = self.agent_after(&words, start_agents) {
                    let country = owner_country.clone().or_else(|| owner_org.and_then(|o| lx.orgs[o].country.clone()));
                    let plural = words[agent_end - 1].ends_with('s');
                    let person = !matches!(sector.as_str(), "GOV" | "MIL" | "COP" | "SPY" | "LEG" | "JUD")
                        || plural && words[agent_end - 1] != "forces";
                    let actor = match owner_org {
                        Some(o) if owner_country.is_none() => lx.org_actor(o),
                        _ => lx.sector_actor(country.as_deref(), &sector),
                    };
                    out.push(Draft {
                        span: span_of(i, agent_end),
                        kind: if person { MentionKind::Per } else { MentionKind::Org },
                        actor: Some(actor),
                        info: MentionInfo { sentence: si, gender: None, plural, person },
                        rule: "actor.nationality+agent",
                        confidence: 0.8,
                        name: None,
                        office_title: None,
                    });
                    i = agent_end;
                    continue;
                }
            }
            // A plain lexicon hit.
            if let Some(h) = hit_at(i) {
                if let Some(d) = self.plain(h, hits, &words, toks, si, date) {
                    out.push(d);
                }
                i = h.end;
                continue;
            }
            // A capitalised word repeating an earlier unknown person's name ("Pfeiffer").
            if is_cap(i) && toks[i].kind == TokenKind::Word {
                let w = toks[i].text(text);
                if let Some(prev) = out
                    .iter()
                    .rev()
                    .find(|d| d.name.as_ref().is_some_and(|n| n.split_whitespace().last() == Some(w) || n == w))
                {
                    let mut d = prev.clone();
                    d.span = span_of(i, i + 1);
                    d.info.sentence = si;
                    d.rule = "actor.repeated_name";
                    out.push(d);
                }
            }
            i += 1;
        }
    }

    /// The longest title starting at token `k`: its length in tokens and what it says.
    fn title_at(&self, words: &[String], k: usize) -> Option<(usize, lexicon::Title)> {
        (1..=self.lexicon.title_words.min(words.len().saturating_sub(k)))
            .rev()
            .find_map(|n| self.lexicon.titles.get(&words[k..k + n].join(" ")).map(|t| (n, t.clone())))
    }

    /// An agent noun within three words after `k` ("officials", "foreign ministry",
    /// "senior military officials"): its end and sector. The first agent word decides the
    /// sector ("military officials" are military).
    fn agent_after(&self, words: &[String], k: usize) -> Option<(usize, String)> {
        let mut sector: Option<String> = None;
        let mut end = None;
        let mut j = k;
        while j < words.len() && j < k + 4 {
            let two = words.get(j + 1).map(|n| format!("{} {}", words[j], n));
            if let Some(s) = two.as_ref().and_then(|t| self.lexicon.agents.get(t)) {
                sector.get_or_insert(s.clone());
                j += 2;
                end = Some(j);
                continue;
            }
            if let Some(s) = self.lexicon.agents.get(&words[j]) {
                sector.get_or_insert(s.clone());
                j += 1;
                end = Some(j);
                continue;
            }
            // Modifiers that may sit before the agent: "senior", "top", "former".
            if end.is_none()
                && matches!(
                    words[j].as_str(),
                    "senior"
                        | "top"
                        | "former"
                        | "local"
                        | "state"
                        | "foreign"
                        | "defense"
                        | "defence"
                        | "security"
                        | "intelligence"
                        | "government"
                        | "military"
                        | "regional"
                        | "unnamed"
                        | "anonymous"
                        | "two"
                        | "three"
                        | "several"
                        | "other"
                )
            {
                j += 1;
                continue;
            }
            break;
        }
        Some((end?, sector?))
    }

    /// A mention for a lexicon hit standing on its own.
    fn plain(
        &self,
        h: Hit,
        hits: &[Hit],
        words: &[String],
        toks: &[Token],
        si: usize,
        date: Option<Date>,
    ) -> Option<Draft> {
        let lx = &self.lexicon;
        let span = Span::new(toks[h.start].span.start, toks[h.end - 1].span.end);
        let entity = lx.surfaces[h.surface].entities[0];
        let draft = |kind, actor, person: bool, plural: bool, rule, confidence| Draft {
            span,
            kind,
            actor,
            info: MentionInfo { sentence: si, gender: None, plural, person },
            rule,
            confidence,
            name: None,
            office_title: None,
        };
        Some(match entity {
            Entity::Person(p) => self.person_draft(p, span, si, date, "actor.person"),
            Entity::Org(o) => {
                let org = &lx.orgs[o];
                let plural = words[h.end - 1].ends_with('s');
                draft(
                    MentionKind::Org,
                    Some(lx.org_actor(o)),
                    false,
                    plural || org.kind == "armed_group",
                    "actor.org",
                    0.9,
                )
            }
            Entity::Outlet(o) => draft(MentionKind::Org, Some(lx.outlet_actor(o)), false, false, "actor.outlet", 0.9),
            Entity::Country(c) => {
                draft(MentionKind::Gpe, Some(lx.country_actor(c)), false, false, "actor.country", 0.92)
            }
            Entity::People(c) => draft(MentionKind::Norp, Some(lx.country_actor(c)), true, true, "actor.people", 0.8),
            Entity::Adjective(c) => {
                draft(MentionKind::Norp, Some(lx.country_actor(c)), false, false, "actor.adjective", 0.75)
            }
            Entity::Capital(c) => {
                // Capitals and countries coordinated with this one share its reading.
                let is_name = |h: &Hit| {
                    lx.surfaces[h.surface]
                        .entities
                        .first()
                        .is_some_and(|e| matches!(e, Entity::Capital(_) | Entity::Country(_)))
                };
                let name_before = |i: usize| hits.iter().find(|x| x.end == i + 1 && is_name(x)).map(|x| x.start);
                let name_after = |i: usize| hits.iter().find(|x| x.start == i && is_name(x)).map(|x| x.end);
                let as_gov =
                    self.metonymy.reading(words, h.start, h.end, &name_before, &name_after) == Reading::Government;
                if as_gov {
                    let iso3 = lx.countries[c].iso3.clone();
                    draft(
                        MentionKind::Gpe,
                        Some(lx.sector_actor(Some(&iso3), "GOV")),
                        false,
                        false,
                        "actor.capital_for_government",
                        0.75,
                    )
                } else {
                    draft(MentionKind::Gpe, None, false, false, "actor.capital_as_place", 0.8)
                }
            }
        })
    }

    fn person_draft(&self, p: usize, span: Span, si: usize, date: Option<Date>, rule: &'static str) -> Draft {
        let lx = &self.lexicon;
        Draft {
            span,
            kind: MentionKind::Per,
            actor: Some(lx.person_actor(p, date)),
            info: MentionInfo { sentence: si, gender: lx.people[p].gender, plural: false, person: true },
            rule,
            confidence: 0.92,
            name: None,
            office_title: None,
        }
    }
}

impl Default for ActorStage {
    fn default() -> Self {
        Self::new()
    }
}

/// End of a name starting at token `k`: capitalised words, with name particles ("bin",
/// "al-") inside; stops at titles, months, weekdays and lexicon entities other than people.
fn name_end(
    words: &[String],
    toks: &[Token],
    text: &str,
    k: usize,
    is_cap: &dyn Fn(usize) -> bool,
    lx: &ActorLexicon,
) -> usize {
    let mut j = k;
    while j < toks.len() && j < k + 5 {
        if is_cap(j) && !lx.titles.contains_key(&words[j]) && !is_calendar_word(&words[j]) {
            j += 1;
            continue;
        }
        let particle = matches!(
            words[j].as_str(),
            "bin" | "ibn" | "al" | "el" | "de" | "van" | "von" | "da" | "del" | "la" | "le" | "abu" | "-"
        );
        let glued = j > k && toks[j].span.start == toks[j - 1].span.end;
        if j > k && (particle || (toks[j].text(text) == "-" && glued)) && is_cap(j + 1) {
            j += 1;
            continue;
        }
        break;
    }
    // A trailing particle is not part of the name.
    while j > k && !is_cap(j - 1) {
        j -= 1;
    }
    j
}

/// The actor the text was just about: the latest mention in this or the two sentences before
/// that belongs to a country's government, military or security bodies.
fn context_actor(drafts: &[Draft], si: usize) -> Option<&Actor> {
    drafts.iter().rev().take_while(|d| d.info.sentence + 2 >= si).filter_map(|d| d.actor.as_ref()).find(|a| {
        a.country.is_some() && matches!(a.sector.as_deref(), Some("GOV" | "MIL" | "COP" | "SPY" | "LEG" | "JUD"))
    })
}

fn is_calendar_word(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}

fn gender_of_title(words: &[String]) -> Option<Gender> {
    if words.iter().any(|w| {
        w.ends_with("woman") || matches!(w.as_str(), "mrs." | "ms." | "madam" | "queen" | "princess" | "sister")
    }) {
        return Some(Gender::Female);
    }
    if words.iter().any(|w| {
        w.ends_with("man") && w != "chairman" || matches!(w.as_str(), "mr." | "king" | "prince" | "sheikh" | "father")
    }) {
        return Some(Gender::Male);
    }
    None
}

fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in fold(name).chars() {
        if c.is_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

/// Resolve definite descriptions ("the president") to the last person mentioned who held
/// such an office; drop them when nobody fits.
fn link(drafts: &mut Vec<Draft>, lx: &ActorLexicon, date: Option<Date>) {
    let _ = (lx, date);
    let mut resolved: Vec<Draft> = Vec::with_capacity(drafts.len());
    for d in drafts.drain(..) {
        let Some(office) = d.office_title.clone() else {
            resolved.push(d);
            continue;
        };
        let (title_text, office) = office.split_once('|').unwrap_or((office.as_str(), ""));
        let found = resolved.iter().rev().find(|p| {
            p.actor
                .as_ref()
                .and_then(|a| a.role.as_ref())
                .is_some_and(|r| r.office == office || r.title.as_deref().is_some_and(|t| fold(t) == title_text))
        });
        if let Some(p) = found {
            let mut d = d.clone();
            d.actor = p.actor.clone();
            d.info.gender = p.info.gender;
            d.rule = "actor.definite_office";
            resolved.push(d);
        }
    }
    *drafts = resolved;
}
