//! Places: names in the text resolved to gazetteer entries (GeoNames countries, regions,
//! cities; our crisis sites), with coordinates.
//!
//! How a name becomes a place:
//! 1. **Candidates.** The longest gazetteer name starting at a capitalised token ("Gaza City"
//!    over "Gaza"), or a country the actor stage found ("U.S."). Words the actor stage claimed
//!    for something else (an organisation, a person, an adjective, an office "Iran's foreign
//!    minister") are not places. A direction before ("northern Iraq") and a feature word after
//!    ("Diyala province", "Jabalia camp") join the span.
//! 2. **Metonymy.** The actor stage decides capitals: one standing for its government
//!    (`actor.capital_for_government`: "Washington warned") is an actor and never a place.
//!    Countries follow one rule: a country is a place only where the text puts something in it
//!    — after a locative preposition ("strikes in Iran", "across Syria"), after "to"/"from"
//!    with a word of motion ("flew to Oman"), with a direction ("northern Iraq"), as the
//!    qualifier of a place ("Aleppo, Syria") or in a dateline. Everywhere else ("Iran
//!    launched", "sanctions on Iran", "Iran's Natanz site") it is the actor the mentions layer
//!    already holds. Continents follow the same rule.
//! 3. **Resolution.** Among the entries a name can denote, the best score wins: population,
//!    kind (countries first, our crisis sites over towns of the same name, regions only with a
//!    region word), the entry's own name over an alternate, the countries of the article (its
//!    actors and unambiguous places), the same sentence's countries, and a qualifier ("Paris,
//!    Texas" is the Paris in Texas).
//! 4. **Guards.** A name that is also a common English word ("Split", "Hit") needs a locative
//!    context and must not open the sentence; a town name followed by a speech verb or a
//!    capitalised word is a person ("Jackson said", "Victoria Nuland"); a name after a title
//!    and "for"/"of" is an office ("Minister for the Middle East"); a small town known only by
//!    an alternate name needs support from the context or the article's countries.
//! 5. **Unknown places.** "the town of X", "the Syrian village of X" make X a place even when
//!    the gazetteer does not know it; it has no coordinates (`place.unresolved`).
//!
//! Event locations (`location`) are read off this layer by the events stage.

mod cues;
pub mod gazetteer;
pub mod location;

pub use cues::Cues;

/// The cue list's source, for versioning.
pub fn cues_source() -> &'static str {
    cues::CUES_TSV
}

/// The common-word list's source, for versioning.
pub fn common_words_source() -> &'static str {
    cues::COMMON_WORDS
}
pub use gazetteer::{Entry, Gazetteer, Kind, key};
pub use location::{Located, event_location};

use std::collections::{BTreeMap, HashMap};

use sitrep_model::{Evidence, Mention, Place, SentenceKind};
use sitrep_text::Span;

use crate::segment::{Segmentation, Token, TokenKind};

/// The stage: the gazetteer (shared, loaded once), the cues, and the actor lexicon's
/// country and capital names.
#[derive(Debug, Clone)]
pub struct PlaceStage {
    cues: Cues,
    /// Capital names (keys) -> ISO alpha-3 of their country.
    capitals: HashMap<String, String>,
}

/// Evidence rules, one per way a place is found.
pub mod rules {
    pub const GAZETTEER: &str = "place.gazetteer";
    pub const SITE: &str = "place.crisis_site";
    pub const COUNTRY: &str = "place.country.locative";
    pub const DIRECTION: &str = "place.direction";
    pub const FEATURE: &str = "place.feature";
    pub const QUALIFIED: &str = "place.qualified";
    pub const CAPITAL: &str = "place.capital_as_place";
    pub const DATELINE: &str = "place.dateline";
    pub const UNRESOLVED: &str = "place.unresolved";
}

/// What the actor stage said about a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claim {
    Free,
    /// Part of a mention of something other than a country or capital.
    Other,
    /// A country mention (mention index).
    Country(usize),
    /// A capital used as a place.
    CapitalPlace(usize),
    /// A capital standing for its government.
    CapitalGov,
}

/// A name found in a sentence, before its context is read.
#[derive(Debug, Clone)]
struct Candidate {
    /// Token range of the name itself.
    start: usize,
    end: usize,
    /// Token range of the whole mention (direction and feature words included).
    span_start: usize,
    span_end: usize,
    /// (entry, matched its own name) pairs.
    entries: Vec<(u32, bool)>,
    /// A capital the actor stage saw used as a place: its country.
    capital_of: Option<String>,
    direction: bool,
    feature: bool,
    region_word: bool,
    /// Preceded by a locative preposition (or "to"/"from" after motion), or "the city of".
    locative: bool,
    /// Preceded by "on", "at", "over", "against".
    place_prep: bool,
    dateline: bool,
    /// Resolved entry and its score margin over the runner-up in another place.
    best: Option<(u32, f64)>,
    /// A country or region qualifying this place ("Paris, Texas"): its entries.
    qualifier: Option<(usize, Vec<u32>)>,
    drop: bool,
}

impl PlaceStage {
    pub fn new() -> Self {
        let mut capitals = HashMap::new();
        if let Some((_, countries)) = crate::actors::sources().into_iter().find(|(n, _)| *n == "actors/countries") {
            let mut header: Option<Vec<&str>> = None;
            for line in countries.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
                let cells: Vec<&str> = line.split('\t').collect();
                let Some(h) = &header else {
                    header = Some(cells);
                    continue;
                };
                let get = |k: &str| h.iter().position(|c| *c == k).and_then(|i| cells.get(i)).map_or("", |s| s.trim());
                let iso3 = get("iso3").to_string();
                for cap in get("capital").split('|').chain(get("capital_aliases").split('|')) {
                    if !cap.trim().is_empty() {
                        capitals.entry(key(cap)).or_insert_with(|| iso3.clone());
                    }
                }
            }
        }
        PlaceStage { cues: Cues::load(), capitals }
    }

    /// The gazetteer (loaded on first call).
    pub fn gazetteer(&self) -> &'static Gazetteer {
        Gazetteer::get()
    }

    /// Find and resolve the places of a text. Ids are `p1`, `p2`, ... in text order.
    pub fn run(&self, text: &str, seg: &Segmentation, mentions: &[Mention]) -> Vec<Place> {
        let g = Gazetteer::get();
        // The article's countries: every actor with a country, weighted by mentions.
        let mut doc_countries: BTreeMap<String, usize> = BTreeMap::new();
        for m in mentions {
            if let Some(c) = m.actor.as_ref().and_then(|a| a.country.clone()) {
                *doc_countries.entry(c).or_default() += 1;
            }
        }
        let mut found: Vec<(usize, Candidate)> = Vec::new();
        for (si, sentence) in seg.sentences.iter().enumerate() {
            if sentence.kind == SentenceKind::Boilerplate {
                continue;
            }
            let toks = seg.tokens_of(si);
            if toks.is_empty() {
                continue;
            }
            let claims = self.claims(text, toks, mentions);
            let words: Vec<String> = toks.iter().map(|t| key(t.text(text))).collect();
            let mut cands = self.candidates(g, text, toks, &words, &claims, mentions);
            let dateline = sentence.kind == SentenceKind::Dateline;
            for c in &mut cands {
                self.context(text, toks, &words, c, dateline);
            }
            self.qualify(g, &words, &mut cands);
            found.extend(cands.into_iter().map(|c| (si, c)));
        }
        // Resolve in two passes: unambiguous places add their countries to the article's.
        for (_, c) in found.iter() {
            let first = g.entry(c.entries[0].0).country.clone();
            if first.is_some() && c.entries.iter().all(|e| g.entry(e.0).country == first) {
                *doc_countries.entry(first.unwrap_or_default()).or_default() += 1;
            }
        }
        let mut sentence_countries: HashMap<usize, Vec<String>> = HashMap::new();
        for m in mentions {
            if let (Some(si), Some(c)) = (seg.sentence_at(m.start), m.actor.as_ref().and_then(|a| a.country.clone())) {
                sentence_countries.entry(si).or_default().push(c);
            }
        }
        for (si, c) in found.iter_mut() {
            let local = sentence_countries.get(si).map_or(&[][..], Vec::as_slice);
            c.best = self.resolve(g, c, &doc_countries, local);
        }
        let mut places: Vec<Place> = Vec::new();
        for (si, c) in &found {
            let toks = seg.tokens_of(*si);
            if let Some(p) = self.decide(g, text, seg, *si, toks, c, &doc_countries) {
                places.push(p);
            }
        }
        for (si, _) in seg.sentences.iter().enumerate().filter(|(_, s)| s.kind != SentenceKind::Boilerplate) {
            self.unresolved(text, seg, si, mentions, &mut places);
        }
        places.sort_by_key(|p| (p.start, p.end));
        places.dedup_by_key(|p| (p.start, p.end));
        for (i, p) in places.iter_mut().enumerate() {
            p.id = format!("p{}", i + 1);
        }
        places
    }

    /// For each token, what the actor stage made of it.
    fn claims(&self, text: &str, toks: &[Token], mentions: &[Mention]) -> Vec<Claim> {
        let mut out = vec![Claim::Free; toks.len()];
        let (lo, hi) = (toks[0].span.start, toks[toks.len() - 1].span.end);
        let first = mentions.partition_point(|m| m.end <= lo);
        for (mi, m) in mentions.iter().enumerate().skip(first).take_while(|(_, m)| m.start < hi) {
            let claim = match m.evidence.rule.as_str() {
                "actor.country" => Claim::Country(mi),
                "actor.capital_as_place" => Claim::CapitalPlace(mi),
                "actor.capital_for_government" => Claim::CapitalGov,
                _ => Claim::Other,
            };
            for (i, t) in toks.iter().enumerate() {
                if t.span.start < m.end && m.start < t.span.end {
                    out[i] = claim;
                }
            }
        }
        let _ = text;
        out
    }

    /// Names in one sentence, left to right, longest first.
    fn candidates(
        &self,
        g: &Gazetteer,
        text: &str,
        toks: &[Token],
        words: &[String],
        claims: &[Claim],
        mentions: &[Mention],
    ) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if claims[i] == Claim::CapitalGov || claims[i] == Claim::Other || !name_like(toks[i].text(text)) {
                i += 1;
                continue;
            }
            // The longest gazetteer name here, over free or country/capital tokens only.
            let mut best: Option<(usize, Vec<(u32, bool)>)> = None;
            let max = g.max_words.min(toks.len() - i);
            for n in (1..=max).rev() {
                let j = i + n;
                if (i..j).any(|k| matches!(claims[k], Claim::Other | Claim::CapitalGov))
                    || (i + 1..j).any(|k| toks[k].span.start > toks[k - 1].span.end + 1)
                    || toks[j - 1].kind != TokenKind::Word
                {
                    continue;
                }
                let span_text = &text[toks[i].span.start..toks[j - 1].span.end];
                if span_text.contains('\n') {
                    continue;
                }
                let names = g.lookup(&key(span_text));
                if names.is_empty() {
                    continue;
                }
                // Multi-word names end on a capitalised word, except our sites' aliases
                // ("Fordow nuclear site").
                let last_ok = name_like(toks[j - 1].text(text)) || toks[j - 1].kind != TokenKind::Word;
                let entries: Vec<(u32, bool)> = names
                    .iter()
                    .filter(|nm| last_ok || n == 1 || g.entry(nm.entry).kind == Kind::Site)
                    .map(|nm| (nm.entry, nm.main))
                    .collect();
                if !entries.is_empty() {
                    best = Some((j, entries));
                    break;
                }
            }
            // A country or capital the actor stage found, unless a longer name covers it.
            let mention_end = |mi: usize| toks.iter().rposition(|t| t.span.start < mentions[mi].end).map_or(i + 1, |k| k + 1);
            let (country_mention, capital_of, mention_to) = match claims[i] {
                Claim::Country(mi) => (mentions[mi].actor.as_ref().and_then(|a| a.country.clone()), None, mention_end(mi)),
                Claim::CapitalPlace(mi) => {
                    (None, self.capitals.get(&key(&mentions[mi].text)).cloned(), mention_end(mi))
                }
                _ => (None, None, i),
            };
            let mut cand = match &best {
                Some((j, entries)) if *j >= mention_to => Some((*j, entries.clone())),
                _ => None,
            };
            if cand.is_none()
                && let Some(iso) = &country_mention
                && let Some(e) = g.country(iso)
            {
                cand = Some((mention_to, vec![(e, true)]));
            }
            if cand.is_none()
                && let Some((j, entries)) = best
            {
                cand = Some((j, entries));
            }
            let Some((j, mut entries)) = cand else {
                i += 1;
                continue;
            };
            // A country mention over exactly this span is that country.
            if let Some(iso) = &country_mention
                && j == mention_to
                && let Some(e) = g.country(iso)
                && !entries.iter().any(|x| x.0 == e)
            {
                entries.push((e, true));
            }
            out.push(Candidate {
                start: i,
                end: j,
                span_start: i,
                span_end: j,
                entries,
                capital_of: capital_of.filter(|_| j == mention_to),
                direction: false,
                feature: false,
                region_word: false,
                locative: false,
                place_prep: false,
                dateline: false,
                best: None,
                qualifier: None,
                drop: false,
            });
            i = j;
        }
        let _ = words;
        out
    }

    /// Read the words around a candidate: direction, feature word, the preposition governing it.
    fn context(&self, text: &str, toks: &[Token], words: &[String], c: &mut Candidate, dateline: bool) {
        let cues = &self.cues;
        // Direction before: "northern Iraq", "north-west Syria".
        if c.start >= 1 && cues.direction.contains(&words[c.start - 1]) {
            c.direction = true;
            c.span_start = c.start - 1;
        } else if c.start >= 3
            && words[c.start - 2] == ""
            && cues.direction.contains(&format!("{} {}", words[c.start - 3], words[c.start - 1]))
        {
            c.direction = true;
            c.span_start = c.start - 3;
        }
        // Feature word after: "Diyala province", "Jabalia refugee camp".
        for n in [2usize, 1] {
            if c.end + n <= words.len() {
                let w = words[c.end..c.end + n].join(" ");
                if cues.feature_after.contains(&w) || cues.region_word.contains(&w) {
                    // "state" only counts after a region's name ("Rakhine state"), never as a
                    // capitalised name of its own ("Islamic State").
                    c.feature = true;
                    c.region_word = cues.region_word.contains(&w);
                    c.span_end = c.end + n;
                    break;
                }
            }
        }
        // The governing word before, skipping articles and a few modifiers.
        let mut k = c.span_start;
        let mut skipped = 0;
        while k > 0 && skipped < 3 && SKIPPABLE.contains(&words[k - 1].as_str()) {
            k -= 1;
            skipped += 1;
        }
        // "the (Syrian) town of X", "the city of X"
        if k >= 2 && words[k - 1] == "of" {
            let w1 = &words[k - 2];
            let w2 = if k >= 3 { format!("{} {}", words[k - 3], words[k - 2]) } else { String::new() };
            if cues.feature_before.contains(w1) || cues.feature_before.contains(&w2) {
                c.locative = true;
            }
        }
        if k >= 1 {
            let one = words[k - 1].as_str();
            let two = if k >= 2 { format!("{} {}", words[k - 2], words[k - 1]) } else { String::new() };
            if cues.locative.contains(one) || cues.locative.contains(&two) {
                c.locative = true;
            } else if cues.motion_prep.contains(one) || cues.motion_prep.contains(&two) {
                let prep_at = if cues.motion_prep.contains(one) { k - 1 } else { k - 2 };
                let lo = prep_at.saturating_sub(4);
                if (lo..prep_at).any(|x| cues.motion.contains(&words[x])) {
                    c.locative = true;
                }
            }
            if cues.place_prep.contains(one) {
                c.place_prep = true;
            }
        }
        c.dateline = dateline && c.start <= 1;
        let _ = text;
        let _ = toks;
    }

    /// "Paris, Texas", "Aleppo, Syria", "Brandbergen, Haninge": a place followed by a comma and
    /// a country or region it lies in becomes one place qualified by the second.
    fn qualify(&self, g: &Gazetteer, words: &[String], cands: &mut Vec<Candidate>) {
        let mut i = 0;
        while i + 1 < cands.len() {
            let (a, b) = (&cands[i], &cands[i + 1]);
            let adjacent = a.span_end + 1 == b.span_start && words[a.span_end] == ",";
            if !adjacent || a.direction && b.direction {
                i += 1;
                continue;
            }
            let outer: Vec<u32> = b
                .entries
                .iter()
                .map(|e| e.0)
                .filter(|&e| matches!(g.entry(e).kind, Kind::Country | Kind::Region))
                .collect();
            let fits = a.entries.iter().any(|&(e, _)| outer.iter().any(|&o| inside(g, e, o)));
            if fits && !outer.is_empty() {
                let b = cands.remove(i + 1);
                let a = &mut cands[i];
                a.qualifier = Some((b.span_end, outer));
                a.span_end = b.span_end;
                a.feature |= b.feature;
            }
            i += 1;
        }
    }

    /// The best entry for a candidate and its margin over the best entry elsewhere.
    fn resolve(
        &self,
        g: &Gazetteer,
        c: &Candidate,
        doc: &BTreeMap<String, usize>,
        sentence: &[String],
    ) -> Option<(u32, f64)> {
        let mut scored: Vec<(f64, u32)> = c
            .entries
            .iter()
            .map(|&(e, main)| {
                let entry = g.entry(e);
                let mut s = ((entry.population as f64) + 1.0).log10();
                s += match entry.kind {
                    Kind::Country => 4.0,
                    Kind::Continent => 3.0,
                    Kind::Region => {
                        if c.region_word {
                            5.0
                        } else {
                            -2.0
                        }
                    }
                    Kind::City => 0.0,
                    Kind::Site => 9.0,
                };
                if main {
                    s += 1.5;
                }
                if let Some(country) = &entry.country {
                    if doc.contains_key(country) {
                        s += 2.5;
                    }
                    if sentence.contains(country) {
                        s += 1.0;
                    }
                    if c.capital_of.as_ref() == Some(country) {
                        s += 6.0;
                    }
                }
                if let Some((_, outer)) = &c.qualifier
                    && outer.iter().any(|&o| inside(g, e, o))
                {
                    s += 10.0;
                }
                (s, e)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let &(top, best) = scored.first()?;
        let best_entry = g.entry(best);
        let runner = scored
            .iter()
            .skip(1)
            .find(|(_, e)| {
                let o = g.entry(*e);
                o.country != best_entry.country || distance_deg(o, best_entry) > 1.0
            })
            .map(|x| x.0);
        Some((best, runner.map_or(10.0, |r| top - r)))
    }

    /// Apply the guards and build the place.
    #[allow(clippy::too_many_arguments)]
    fn decide(
        &self,
        g: &Gazetteer,
        text: &str,
        seg: &Segmentation,
        si: usize,
        toks: &[Token],
        c: &Candidate,
        doc: &BTreeMap<String, usize>,
    ) -> Option<Place> {
        let (best, margin) = c.best?;
        if c.drop {
            return None;
        }
        let e = g.entry(best);
        let words: Vec<String> = toks.iter().map(|t| key(t.text(text))).collect();
        let single = c.end - c.start == 1;
        let next = toks.get(c.span_end);
        let next_word = words.get(c.span_end).map(String::as_str).unwrap_or("");
        let sentence_start = c.span_start == 0
            || matches!(words[c.span_start - 1].as_str(), "" | "\"" | ":" | "(" | "-")
                && toks[c.span_start - 1].kind == TokenKind::Punct;
        let supported = c.locative || c.direction || c.feature || c.qualifier.is_some() || c.dateline;

        // Countries and continents: only where the text puts something in them.
        let countryish = matches!(e.kind, Kind::Country | Kind::Continent);
        if countryish && !(c.locative || c.direction || c.dateline || c.qualifier.is_some()) {
            return None;
        }
        // Possessives and compounds name the actor or a modifier, not the place: "Iran's",
        // "Iran-Iraq war".
        if countryish && (next_word == "s" || next.is_some_and(|t| t.text(text) == "-" && glued(toks, c.span_end))) {
            return None;
        }
        // A title before: "Minister for the Middle East", "Governor of Diyala".
        if self.after_title(&words, c.span_start) {
            return None;
        }
        let is_site = e.kind == Kind::Site;
        let is_capital = c.capital_of.is_some();
        if single && !is_site && !is_capital && !countryish {
            let surface = &words[c.start];
            // Common English words: "Split", "Hit", "Most".
            if self.cues.common.contains(surface) && (sentence_start || !(c.locative || c.place_prep || c.direction || c.feature)) {
                return None;
            }
            // A person: "Jackson said", "Victoria Nuland".
            if self.cues.speech_after.contains(next_word) && !supported {
                return None;
            }
            if let Some(t) = next
                && c.span_end == c.end
                && t.kind == TokenKind::Word
                && name_like(t.text(text))
                && t.span.start == toks[c.end - 1].span.end + 1
            {
                return None;
            }
            // Part of a longer unknown name: "Camp Hurriya", "Al Assad University".
            if c.span_start == c.start
                && !sentence_start
                && c.start > 0
                && toks[c.start - 1].kind == TokenKind::Word
                && name_like(toks[c.start - 1].text(text))
                && !self.cues.direction.contains(&words[c.start - 1])
            {
                return None;
            }
        }
        // A small town known to us only by an alternate name, with no support in the text.
        let main = c.entries.iter().any(|&(x, m)| x == best && m);
        let in_doc = e.country.as_ref().is_some_and(|k| doc.contains_key(k));
        if matches!(e.kind, Kind::City | Kind::Region)
            && !supported
            && !c.place_prep
            && !is_capital
            && !in_doc
            && (e.population < 100_000 || !main)
        {
            return None;
        }

        let span = Span::new(toks[c.span_start].span.start, toks[c.span_end - 1].span.end);
        let rule = if c.dateline {
            rules::DATELINE
        } else if c.qualifier.is_some() {
            rules::QUALIFIED
        } else if is_capital {
            rules::CAPITAL
        } else if countryish {
            rules::COUNTRY
        } else if is_site {
            rules::SITE
        } else if c.direction {
            rules::DIRECTION
        } else if c.feature {
            rules::FEATURE
        } else {
            rules::GAZETTEER
        };
        let mut confidence: f32 = match rule {
            rules::QUALIFIED | rules::SITE => 0.92,
            rules::CAPITAL | rules::DATELINE | rules::COUNTRY => 0.88,
            _ => 0.8,
        };
        if margin < 1.0 {
            confidence *= 0.7;
        } else if margin < 2.5 {
            confidence *= 0.85;
        }
        if !main {
            confidence *= 0.9;
        }
        let _ = (seg, si);
        // A region named by a city's name plus a region word: "Isfahan province" is the
        // province around Isfahan when the gazetteer spells the province differently.
        let entry_id = if c.region_word && e.kind == Kind::City { g.region_of(best).unwrap_or(best) } else { best };
        let e = g.entry(entry_id);
        Some(Place {
            id: String::new(),
            start: span.start,
            end: span.end,
            text: text[span.start..span.end].to_string(),
            name: e.name.clone(),
            country: e.country.clone(),
            admin1: if e.kind == Kind::City || e.kind == Kind::Site { e.admin1.clone() } else { None },
            lat: e.lat,
            lon: e.lon,
            geonames_id: e.geonames_id,
            confidence: (confidence * 100.0).round() / 100.0,
            evidence: Evidence::rule(rule),
        })
    }

    /// Whether the name at `k` follows a title and "for"/"to"/"of" ("Minister for the Middle East").
    fn after_title(&self, words: &[String], k: usize) -> bool {
        let mut k = k;
        while k > 0 && words[k - 1] == "the" {
            k -= 1;
        }
        if k < 2 || !matches!(words[k - 1].as_str(), "for" | "to" | "of") {
            return false;
        }
        let one = &words[k - 2];
        let two = if k >= 3 { format!("{} {}", words[k - 3], words[k - 2]) } else { String::new() };
        self.cues.title.contains(one) || self.cues.title.contains(&two)
    }

    /// "the town of Husaybah", "the Syrian village of Hibhib": a place the gazetteer does not
    /// know, with the country of a nationality adjective in front when there is one.
    fn unresolved(&self, text: &str, seg: &Segmentation, si: usize, mentions: &[Mention], places: &mut Vec<Place>) {
        let toks = seg.tokens_of(si);
        let words: Vec<String> = toks.iter().map(|t| key(t.text(text))).collect();
        for k in 1..toks.len().saturating_sub(1) {
            if words[k] != "of" {
                continue;
            }
            let w1 = &words[k - 1];
            let w2 = if k >= 2 { format!("{} {}", words[k - 2], words[k - 1]) } else { String::new() };
            let feature_start = if self.cues.feature_before.contains(&w2) {
                k - 2
            } else if self.cues.feature_before.contains(w1) {
                k - 1
            } else {
                continue;
            };
            // The name: capitalised words, with particles inside ("Qasr al-Din").
            let mut j = k + 1;
            while j < toks.len() && j < k + 6 {
                let t = toks[j].text(text);
                let particle = PARTICLES.contains(&words[j].as_str()) && j + 1 < toks.len() && name_like(toks[j + 1].text(text));
                let hyphen = t == "-" && glued(toks, j) && j + 1 < toks.len() && glued(toks, j + 1);
                if (toks[j].kind == TokenKind::Word && name_like(t)) || (j > k + 1 && (particle || hyphen)) {
                    j += 1;
                } else {
                    break;
                }
            }
            if j == k + 1 {
                continue;
            }
            let span = Span::new(toks[k + 1].span.start, toks[j - 1].span.end);
            if places.iter().any(|p| p.start < span.end && span.start < p.end) {
                continue;
            }
            if mentions.iter().any(|m| m.start < span.end && span.start < m.end) {
                continue;
            }
            // The country of an adjective right before the feature word: "the Syrian town of".
            let country = (feature_start >= 1)
                .then(|| toks[feature_start - 1].span)
                .and_then(|s| mentions.iter().find(|m| m.start == s.start && m.evidence.rule == "actor.adjective"))
                .and_then(|m| m.actor.as_ref().and_then(|a| a.country.clone()));
            let name = text[span.start..span.end].to_string();
            places.push(Place {
                id: String::new(),
                start: span.start,
                end: span.end,
                text: name.clone(),
                name,
                country,
                admin1: None,
                lat: None,
                lon: None,
                geonames_id: None,
                confidence: 0.5,
                evidence: Evidence::rule(rules::UNRESOLVED),
            });
        }
    }
}

impl Default for PlaceStage {
    fn default() -> Self {
        Self::new()
    }
}

/// Words that may stand between a preposition and a place: "in the northern", "in war-torn".
const SKIPPABLE: &[&str] =
    &["the", "a", "neighbouring", "neighboring", "besieged", "mainland", "rural", "greater", "all", "much"];

/// Lower-case particles inside names: "Qasr al-Din", "Deir ez-Zor", "Bab el-Mandeb".
const PARTICLES: &[&str] = &["al", "el", "ad", "ash", "as", "ar", "az", "an", "at", "ez", "es", "bin", "ibn", "de", "la", "abu"];

/// Capitalised (or written in a script without case), and not a bare particle.
fn name_like(s: &str) -> bool {
    let Some(c) = s.chars().next() else { return false };
    c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase())
}

/// Whether token `i` touches the token before it.
fn glued(toks: &[Token], i: usize) -> bool {
    i > 0 && i < toks.len() && toks[i - 1].span.end == toks[i].span.start
}

/// Whether entry `e` lies in country or region `outer`.
fn inside(g: &Gazetteer, e: u32, outer: u32) -> bool {
    let (a, o) = (g.entry(e), g.entry(outer));
    match o.kind {
        Kind::Country => a.country.is_some() && a.country == o.country && e != outer,
        Kind::Region => {
            a.kind != Kind::Region
                && a.country == o.country
                && (a.admin1_code.is_some() && a.admin1_code == o.admin1_code || a.admin1.as_deref() == Some(&o.name))
        }
        _ => false,
    }
}

/// A rough distance in degrees, for telling two readings of a name apart.
fn distance_deg(a: &Entry, b: &Entry) -> f64 {
    match (a.lat, a.lon, b.lat, b.lon) {
        (Some(a1), Some(o1), Some(a2), Some(o2)) => ((a1 - a2).powi(2) + (o1 - o2).powi(2)).sqrt(),
        _ => 180.0,
    }
}
