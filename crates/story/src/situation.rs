//! The situation across articles: [`situation`] for a batch, [`Tracker`] to add articles as
//! they arrive. Clustering is incremental (an article joins or founds a story once); each
//! story's contents (merged events, claims, contradictions, watchlist, escalation) are
//! recomputed from its articles, which is cheap at the size of a story.

use std::collections::BTreeMap;

use sitrep_model::{Document, Factuality, MergedEvent, Situation, Story, StoryActor, StoryClaim, StoryPlace};

use crate::cluster::{Clusterer, features, published_day};
use crate::common::{Art, day, outlet_of, stable_id};
use crate::dedup::{Fingerprint, LshIndex};
use crate::escalation;
use crate::frames::{self, content_span};
use crate::lexicon::Lexicon;
use crate::merge::{self, Report};
use crate::watch;

/// The situation in a set of analysed documents. Documents are taken in publication order
/// (undated last, then input order), so the result does not depend on input order except
/// among articles of the same day.
pub fn situation(docs: &[Document]) -> Situation {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|&i| (published_day(&docs[i]).is_none(), published_day(&docs[i]), i));
    let mut t = Tracker::new();
    for i in order {
        t.add(docs[i].clone());
    }
    t.situation()
}

/// Stories kept up to date as articles arrive.
#[derive(Debug)]
pub struct Tracker {
    docs: Vec<Document>,
    copy_of: Vec<Option<usize>>,
    lsh: LshIndex,
    clusterer: Clusterer,
    lexicon: Lexicon,
}

impl Default for Tracker {
    fn default() -> Self {
        Self::new()
    }
}

impl Tracker {
    pub fn new() -> Self {
        Tracker {
            docs: Vec::new(),
            copy_of: Vec::new(),
            lsh: LshIndex::new(),
            clusterer: Clusterer::new(),
            lexicon: Lexicon::builtin(),
        }
    }

    /// Add an analysed article; returns the index of the story it joined (stories are
    /// numbered in the order they were founded).
    pub fn add(&mut self, doc: Document) -> usize {
        let idx = self.docs.len();
        let fp = Fingerprint::of(doc.text());
        let copy = self.lsh.best_match(&fp).map(|(i, _)| i);
        self.lsh.insert(fp);
        let story = self.clusterer.add(idx, features(&doc), published_day(&doc), copy);
        self.copy_of.push(copy);
        self.docs.push(doc);
        story
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The situation now.
    pub fn situation(&self) -> Situation {
        let arts: Vec<Art<'_>> = self
            .docs
            .iter()
            .enumerate()
            .map(|(idx, doc)| Art { doc, day: published_day(doc), outlet: outlet_of(doc), copy_of: self.copy_of[idx] })
            .collect();
        let mut stories: Vec<Story> =
            self.clusterer.clusters().iter().map(|m| story(&arts, m, &self.lexicon)).collect();
        stories.sort_by(|a, b| (b.articles.len(), &a.first, &a.id).cmp(&(a.articles.len(), &b.first, &b.id)));
        Situation { schema: sitrep_model::SCHEMA.to_string(), stories }
    }
}

fn story(arts: &[Art<'_>], members: &[usize], lexicon: &Lexicon) -> Story {
    let mut members = members.to_vec();
    members.sort_by_key(|&i| (arts[i].day.is_none(), arts[i].day, i));
    // Merged events: actual, positive reports, in publication order.
    let mut reports = Vec::new();
    for &ai in &members {
        for e in arts[ai].doc.events.iter().flatten() {
            if e.factuality == Factuality::ACTUAL {
                reports.push(Report::new(arts, ai, e));
            }
        }
    }
    let mut events: Vec<MergedEvent> =
        merge::cluster(&reports).iter().map(|c| merge::merged(arts, &reports, c)).collect();
    events.sort_by(|a, b| (a.date.is_none(), &a.date, &a.id).cmp(&(b.date.is_none(), &b.date, &b.id)));

    let mut material: Vec<&MergedEvent> = events.iter().filter(|m| m.quad_class == 4 && !m.background).collect();
    material.sort_by_key(|m| (std::cmp::Reverse(m.reports.len()), std::cmp::Reverse(m.independent_sources)));
    let fstory = frames::Story { material, all: &events };

    // Claims, read into frames; then denials that only name another claim.
    let mut claims: Vec<StoryClaim> = Vec::new();
    for &ai in &members {
        let art = &arts[ai];
        for c in art.doc.claims.iter().flatten() {
            let span = content_span(art, c).unwrap_or(sitrep_model::Span::new(0, 0));
            let speaker = c.claimant.actor.as_ref().map(|a| a.name.clone()).or_else(|| {
                let q = c.quote.as_deref().and_then(|q| art.doc.quotes.as_ref()?.iter().find(|x| x.id == q))?;
                q.source_span.as_ref().map(|s| s.text.clone())
            });
            claims.push(StoryClaim {
                article: art.id().to_string(),
                claim: c.id.clone(),
                speaker,
                actor: c.claimant.actor.clone(),
                stance: c.stance,
                act: c.act,
                text: c.text.clone(),
                date: art.day_str(),
                sourcing: c.sourcing.clone(),
                frame: frames::read(lexicon, art, c, &fstory),
                evidence: art.evidence(span),
            });
        }
    }
    let framed = claims.clone();
    for c in claims.iter_mut().filter(|c| c.frame.is_none()) {
        c.frame = frames::by_reference(c, &framed);
    }
    let contradictions = frames::contradictions(&claims, &events);
    let title = title(arts, &members, fstory.material.first().copied());
    let watchlist = watch::watchlist(arts, &members, &events, lexicon);
    let escalation = escalation::series(&events);

    let days: Vec<String> = members
        .iter()
        .filter_map(|&i| arts[i].day_str())
        .chain(
            events
                .iter()
                .filter(|m| !m.background)
                .filter_map(|m| m.date.as_deref().and_then(day))
                .map(|d| d.to_string()),
        )
        .collect();
    Story {
        id: stable_id("s", &[arts[members[0]].id()]),
        title,
        articles: members.iter().map(|&i| arts[i].id().to_string()).collect(),
        actors: actors(arts, &members),
        places: places(arts, &members),
        first: days.iter().min().cloned(),
        last: days.iter().max().cloned(),
        events,
        escalation,
        watchlist,
        contradictions,
        claims,
    }
}

/// "Israel attacks Iran" from the central event, else the first article's title.
fn title(arts: &[Art<'_>], members: &[usize], central: Option<&MergedEvent>) -> String {
    if let Some(m) = central
        && let (Some(s), Some(t)) = (&m.source, &m.target)
    {
        return format!("{} {} {}", s.name, root_verb(&m.root), t.name);
    }
    let a = arts[members[0]].doc;
    a.article.title.clone().unwrap_or_else(|| {
        let first = a.sentences.as_ref().and_then(|s| s.first()).map_or("", |s| a.slice(s.span()));
        first.chars().take(100).collect()
    })
}

/// A verb phrase for a CAMEO root, for titles.
fn root_verb(root: &str) -> &'static str {
    match root {
        "01" => "makes a statement to",
        "02" => "appeals to",
        "03" => "offers to cooperate with",
        "04" => "consults",
        "05" => "engages with",
        "06" => "cooperates with",
        "07" => "aids",
        "08" => "yields to",
        "09" => "investigates",
        "10" => "makes demands of",
        "11" => "criticises",
        "12" => "rejects",
        "13" => "threatens",
        "14" => "protests against",
        "15" => "shows force against",
        "16" => "cuts relations with",
        "17" => "coerces",
        "18" => "assaults",
        "19" => "attacks",
        "20" => "uses mass violence against",
        _ => "acts on",
    }
}

fn actors(arts: &[Art<'_>], members: &[usize]) -> Vec<StoryActor> {
    let mut by_id: BTreeMap<String, StoryActor> = BTreeMap::new();
    for &ai in members {
        let mut seen = std::collections::BTreeSet::new();
        for m in arts[ai].doc.mentions.iter().flatten() {
            let Some(a) = &m.actor else { continue };
            let e =
                by_id.entry(a.id.clone()).or_insert_with(|| StoryActor { actor: a.clone(), mentions: 0, articles: 0 });
            e.mentions += 1;
            if seen.insert(a.id.clone()) {
                e.articles += 1;
            }
        }
    }
    let mut v: Vec<StoryActor> = by_id.into_values().collect();
    v.sort_by(|a, b| (b.mentions, &a.actor.id).cmp(&(a.mentions, &b.actor.id)));
    v
}

fn places(arts: &[Art<'_>], members: &[usize]) -> Vec<StoryPlace> {
    let mut by_name: BTreeMap<String, StoryPlace> = BTreeMap::new();
    for &ai in members {
        for p in arts[ai].doc.places.iter().flatten() {
            let e = by_name.entry(p.name.clone()).or_insert_with(|| StoryPlace {
                name: p.name.clone(),
                country: p.country.clone(),
                lat: p.lat,
                lon: p.lon,
                mentions: 0,
            });
            e.mentions += 1;
        }
    }
    let mut v: Vec<StoryPlace> = by_name.into_values().collect();
    v.sort_by(|a, b| (b.mentions, &a.name).cmp(&(a.mentions, &b.name)));
    v
}
