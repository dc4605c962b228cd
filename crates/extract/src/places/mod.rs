//! Places: names in the text resolved to gazetteer entries (GeoNames countries, regions,
//! cities; our crisis sites) with coordinates, plus named places the gazetteer does not know
//! and coordinates written out in the text.
//!
//! How a name becomes a place:
//! 1. **Candidates.** The longest gazetteer name starting at a capitalised token ("Gaza City"
//!    over "Gaza"), or a country or capital the actor stage found ("U.S."). Words the actor
//!    stage claimed for something else (an organisation, a person, an office "Iran's foreign
//!    minister") are not places; a nationality adjective only inside a longer name ("Iraqi
//!    Kurdistan"). A direction before ("northern Iraq"), an article particle ("al-Hilla"), a
//!    feature word after ("Diyala province") and a phrase such as "the Syrian town of" before
//!    join the span, and so does a "the" right before the whole ("the Middle East", "the
//!    Mosul Dam") unless the name modifies or owns a noun after it ("the Syria crisis").
//! 2. **Metonymy.** One rule for capitals and countries (`actors::Metonymy`): the name is its
//!    government where it acts or is acted on as a state — the subject of a verb ("Iran
//!    launched", "Washington would"), after a verb of pressure or judgement ("urged Tehran"),
//!    after "talks with", "sanctions on", "a message to", or owning a word of policy ("Tehran's
//!    response") — and a place everywhere else ("strikes in Iran", "flew to Moscow", "the
//!    Syria crisis"). Capitals are decided by the actor stage, whose
//!    `actor.capital_for_government` mentions are never places; countries and continents here.
//!    A country is not a place inside a name or office either ("United States Department of
//!    the Treasury", "the Government of Iraq", "Minister for the Middle East") or as the first
//!    half of a compound ("the Iran-Iraq war").
//! 3. **Resolution.** Among the entries a name can denote, the best score wins: population,
//!    kind (countries first, our crisis sites over towns of the same name, regions only with a
//!    region word), the entry's own name over an alternate, the countries of the article (its
//!    actors and unambiguous places), the same sentence's countries, and a qualifier ("Paris,
//!    Texas" is the Paris in Texas).
//! 4. **Guards.** A name that is also a common English word ("Split", "Hit") needs a locative
//!    context and must not open the sentence; a town name followed by a speech verb or a
//!    capitalised word is a person or part of a longer name ("Jackson said", "Victoria
//!    Nuland", "Baghdad Operational Command"); a small town known only by an alternate name
//!    needs support from the context or the article's countries.
//! 5. **Places the gazetteer does not know** (`place.unresolved`, no coordinates): a named
//!    feature ("Mount Sinjar", "Wadi Barada", "Tharthar Barrage"), a name after "the town of",
//!    a capitalised name after a locative preposition ("fighting in Karabilah") and the names
//!    listed with it ("in Qamenas, Sarmin and Talamenes").
//! 6. **Coordinates** written in the text ("33°47′N 44°30′E", "33.783°N 44.500°E").
//!
//! Event locations ([`event_location`]) are read off this layer by the events stage.

mod coords;
mod cues;
pub mod gazetteer;
pub mod location;

pub use cues::Cues;
pub use gazetteer::{Entry, Gazetteer, Kind, key};
pub use location::{Located, event_location};

use std::collections::{BTreeMap, HashMap};

use sitrep_model::{Evidence, Mention, Place, SentenceKind};
use sitrep_text::Span;

use crate::actors::{Metonymy, Reading, fold};
use crate::segment::{Segmentation, Token, TokenKind};

/// The cue list's source, for versioning.
pub fn cues_source() -> &'static str {
    cues::CUES_TSV
}

/// The common-word list's source, for versioning.
pub fn common_words_source() -> &'static str {
    cues::COMMON_WORDS
}

/// Evidence rules, one per way a place is found.
pub mod rules {
    pub const GAZETTEER: &str = "place.gazetteer";
    pub const SITE: &str = "place.crisis_site";
    pub const COUNTRY: &str = "place.country";
    pub const DIRECTION: &str = "place.direction";
    pub const FEATURE: &str = "place.feature";
    pub const QUALIFIED: &str = "place.qualified";
    pub const CAPITAL: &str = "place.capital_as_place";
    pub const DATELINE: &str = "place.dateline";
    pub const UNRESOLVED: &str = "place.unresolved";
    pub const COORDINATES: &str = "place.coordinates";
}

/// The stage: the gazetteer (shared, loaded once), the cues, the metonymy rule and the actor
/// lexicon's capital names.
#[derive(Debug, Clone)]
pub struct PlaceStage {
    cues: Cues,
    metonymy: Metonymy,
    /// Capital names (keys) -> ISO alpha-3 of their country.
    capitals: HashMap<String, String>,
}

/// What the actor stage said about a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claim {
    Free,
    /// Part of a mention of something other than a country, capital or nationality.
    Other,
    /// Part of a mention of a person.
    Person,
    /// A nationality adjective or people ("Iraqi", "Syrians"): a place only inside a name.
    Nationality,
    /// A country mention (mention index).
    Country(usize),
    /// A capital used as a place (mention index).
    CapitalPlace(usize),
    /// A capital standing for its government.
    CapitalGov,
}

/// One sentence, prepared once.
struct Sent<'a> {
    toks: &'a [Token],
    /// Token texts.
    raw: Vec<&'a str>,
    /// Matching keys of the tokens (possessive clitic as "s", hyphen as "").
    words: Vec<String>,
    /// Folded tokens as the actor stage sees them (possessive as "'s").
    folded: Vec<String>,
    claims: Vec<Claim>,
    /// The country of a nationality word ("Syrian"), by token.
    nationality: Vec<Option<String>>,
    dateline: bool,
    /// A heading, or a line in title case: capitals say nothing about names there.
    headline: bool,
}

impl Sent<'_> {
    fn word(&self, i: usize) -> &str {
        self.words.get(i).map_or("", String::as_str)
    }

    /// Capitalised word (or one in a script without case).
    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Word) && name_like(self.raw[i])
    }

    /// Whether token `i` directly follows token `i - 1` with no space.
    fn glued(&self, i: usize) -> bool {
        i > 0 && i < self.toks.len() && self.toks[i - 1].span.end == self.toks[i].span.start
    }

    /// Whether token `i` follows token `i - 1` after a single space.
    fn next_to(&self, i: usize) -> bool {
        i > 0 && i < self.toks.len() && self.toks[i].span.start <= self.toks[i - 1].span.end + 1
    }

    /// Start of a sentence or of a quoted or bracketed stretch.
    fn opens(&self, i: usize) -> bool {
        i == 0
            || self.toks[i - 1].kind == TokenKind::Punct
                && matches!(self.raw[i - 1], "\"" | "“" | "'" | "‘" | ":" | "(" | "[" | "-" | "—" | "–")
    }
}

/// A name found in a sentence.
#[derive(Debug, Clone)]
struct Candidate {
    /// Token range of the name itself.
    start: usize,
    end: usize,
    /// Token range of the whole mention (direction, particle, feature words included).
    span_start: usize,
    span_end: usize,
    /// (entry, matched its own name) pairs; empty for a place the gazetteer does not know.
    entries: Vec<(u32, bool)>,
    /// A capital the actor stage saw used as a place: its country.
    capital_of: Option<String>,
    direction: bool,
    feature: bool,
    region_word: bool,
    /// Governed by a locative preposition (or "to"/"from" after motion), or "the city of".
    locative: bool,
    /// Governed by "on", "at", "over", "against".
    place_prep: bool,
    dateline: bool,
    /// The metonymy rule reads the name as a government.
    government: bool,
    /// A named feature ("Mount Sinjar", "Mosul Dam"): the head word.
    head: Option<String>,
    /// For places the gazetteer does not know: the country of a nationality in front.
    country_hint: Option<String>,
    /// Resolved entry and its score margin over the runner-up elsewhere.
    best: Option<(u32, f64)>,
    /// A country or region qualifying this place ("Paris, Texas"): its entries.
    qualifier: Option<Vec<u32>>,
}

impl Candidate {
    fn new(start: usize, end: usize, entries: Vec<(u32, bool)>) -> Self {
        Candidate {
            start,
            end,
            span_start: start,
            span_end: end,
            entries,
            capital_of: None,
            direction: false,
            feature: false,
            region_word: false,
            locative: false,
            place_prep: false,
            dateline: false,
            government: false,
            head: None,
            country_hint: None,
            best: None,
            qualifier: None,
        }
    }

    fn overlaps(&self, a: usize, b: usize) -> bool {
        self.span_start < b && a < self.span_end
    }
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
        PlaceStage { cues: Cues::load(), metonymy: Metonymy::load(), capitals }
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
        let mut sentence_countries: HashMap<usize, Vec<String>> = HashMap::new();
        for m in mentions {
            if let Some(c) = m.actor.as_ref().and_then(|a| a.country.clone()) {
                *doc_countries.entry(c.clone()).or_default() += 1;
                if let Some(si) = seg.sentence_at(m.start) {
                    sentence_countries.entry(si).or_default().push(c);
                }
            }
        }
        let mut sents: Vec<(usize, Sent)> = Vec::new();
        let mut found: Vec<(usize, Candidate)> = Vec::new();
        for (si, sentence) in seg.sentences.iter().enumerate() {
            if sentence.kind == SentenceKind::Boilerplate || seg.tokens_of(si).is_empty() {
                continue;
            }
            let s = self.prepare(text, seg.tokens_of(si), mentions, sentence.kind);
            let mut cands = self.candidates(g, &s, mentions);
            for c in &mut cands {
                self.context(&s, c);
            }
            self.qualify(g, &s, &mut cands);
            self.named_features(g, &s, &mut cands);
            self.readings(g, &s, &mut cands);
            found.extend(cands.into_iter().map(|c| (sents.len(), c)));
            sents.push((si, s));
        }
        // Places whose every reading lies in one country add it to the article's countries.
        for (_, c) in &found {
            let Some(first) = c.entries.first().and_then(|e| g.entry(e.0).country.clone()) else { continue };
            if c.entries.iter().all(|e| g.entry(e.0).country.as_ref() == Some(&first)) {
                *doc_countries.entry(first).or_default() += 1;
            }
        }
        for (k, c) in found.iter_mut() {
            let si = sents[*k].0;
            let local = sentence_countries.get(&si).map_or(&[][..], Vec::as_slice);
            c.best = self.resolve(g, c, &doc_countries, local);
        }
        let mut places: Vec<Place> = Vec::new();
        for (k, c) in &found {
            if let Some(p) = self.decide(g, text, &sents[*k].1, c, &doc_countries) {
                places.push(p);
            }
        }
        for (_, s) in &sents {
            self.unknown_names(text, s, &mut places);
        }
        places.extend(coords::find(text, seg));
        places.sort_by_key(|p| (p.start, std::cmp::Reverse(p.end)));
        // Keep the first of overlapping places (the longest where they start together).
        let mut kept: Vec<Place> = Vec::with_capacity(places.len());
        for p in places {
            if kept.last().is_some_and(|q| p.start < q.end) {
                continue;
            }
            kept.push(p);
        }
        for i in 0..kept.len() {
            let floor = if i == 0 { 0 } else { kept[i - 1].end };
            self.take_article(text, &mut kept[i], floor);
        }
        for (i, p) in kept.iter_mut().enumerate() {
            p.id = format!("p{}", i + 1);
        }
        kept
    }

    /// A "the" right before a place joins its span ("the Middle East", "the Mosul Dam", "the
    /// United Arab Emirates"): the noun phrase is the place. Not where the name modifies a noun
    /// after it ("the Syria crisis", "the Paris meeting") or owns one ("the UK's role"): there
    /// the article belongs to the larger phrase. Nothing before `floor` is taken.
    fn take_article(&self, text: &str, p: &mut Place, floor: usize) {
        if p.evidence.rule == rules::COORDINATES {
            return;
        }
        let before = &text[floor..p.start];
        let Some(lead) = before.strip_suffix(' ') else { return };
        let Some(rest) = lead.strip_suffix("the").or_else(|| lead.strip_suffix("The")) else { return };
        if rest.chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '\'') {
            return;
        }
        let after = &text[p.end..];
        if after.starts_with("'s") || after.starts_with("’s") || after.starts_with('-') {
            return;
        }
        // The last word of the place: a head or feature word makes the place a noun phrase of
        // its own whatever follows ("the Samarra Barrage portion").
        let last = p.text.rsplit([' ', '-']).next().map(key).unwrap_or_default();
        let headed = self.cues.head_after.contains(&last) || self.cues.feature_after.contains(&last);
        let next: String = after.trim_start_matches(' ').chars().take_while(|c| c.is_alphabetic()).collect();
        let modifier =
            next.chars().next().is_some_and(char::is_lowercase) && !FUNCTION.contains(&next.as_str()) && !headed;
        if modifier {
            return;
        }
        let start = floor + rest.len();
        p.start = start;
        p.text = text[start..p.end].to_string();
    }

    fn prepare<'a>(&self, text: &'a str, toks: &'a [Token], mentions: &[Mention], kind: SentenceKind) -> Sent<'a> {
        let raw: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        let words = raw.iter().map(|t| key(t)).collect();
        let folded = raw.iter().map(|t| fold(t)).collect();
        let mut claims = vec![Claim::Free; toks.len()];
        let mut nationality = vec![None; toks.len()];
        let (lo, hi) = (toks[0].span.start, toks[toks.len() - 1].span.end);
        let first = mentions.partition_point(|m| m.end <= lo);
        for (mi, m) in mentions.iter().enumerate().skip(first).take_while(|(_, m)| m.start < hi) {
            let claim = match m.evidence.rule.as_str() {
                "actor.country" => Claim::Country(mi),
                "actor.capital_as_place" => Claim::CapitalPlace(mi),
                "actor.capital_for_government" => Claim::CapitalGov,
                "actor.adjective" | "actor.people" => Claim::Nationality,
                _ if m.kind == sitrep_model::MentionKind::Per => Claim::Person,
                _ => Claim::Other,
            };
            for (i, t) in toks.iter().enumerate() {
                if t.span.start < m.end && m.start < t.span.end {
                    claims[i] = claim;
                    if claim == Claim::Nationality {
                        nationality[i] = m.actor.as_ref().and_then(|a| a.country.clone());
                    }
                }
            }
        }
        let word_count = toks.iter().filter(|t| t.kind == TokenKind::Word && t.span.len() > 3).count();
        let capitalised = toks
            .iter()
            .zip(&raw)
            .filter(|(t, r)| t.kind == TokenKind::Word && t.span.len() > 3 && name_like(r))
            .count();
        let headline = kind == SentenceKind::Heading || word_count >= 4 && capitalised * 10 >= word_count * 9;
        Sent { toks, raw, words, folded, claims, nationality, dateline: kind == SentenceKind::Dateline, headline }
    }

    /// Gazetteer names in one sentence, left to right, longest first.
    fn candidates(&self, g: &Gazetteer, s: &Sent, mentions: &[Mention]) -> Vec<Candidate> {
        let toks = s.toks;
        let blocked = |k: usize| matches!(s.claims[k], Claim::Other | Claim::Person | Claim::CapitalGov);
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            if blocked(i) || !s.cap(i) || self.cues.never.contains(s.word(i)) {
                i += 1;
                continue;
            }
            // The longest gazetteer name here.
            let mut best: Option<(usize, Vec<(u32, bool)>)> = None;
            for n in (1..=g.max_words.min(toks.len() - i)).rev() {
                let j = i + n;
                if (i..j).any(blocked)
                    || (i + 1..j).any(|k| !s.next_to(k))
                    || toks[j - 1].kind != TokenKind::Word
                    || n == 1 && s.claims[i] == Claim::Nationality
                {
                    continue;
                }
                let span_text = &s.raw_span(i, j);
                let names = g.lookup(&key(span_text));
                if names.is_empty() {
                    continue;
                }
                // Multi-word names end on a capitalised word, except our sites' aliases
                // ("Fordow nuclear site").
                let last_ok = n == 1 || s.cap(j - 1);
                let entries: Vec<(u32, bool)> = names
                    .iter()
                    .filter(|nm| last_ok || g.entry(nm.entry).kind == Kind::Site)
                    .map(|nm| (nm.entry, nm.main))
                    .collect();
                if !entries.is_empty() {
                    best = Some((j, entries));
                    break;
                }
            }
            // A country or capital the actor stage found, unless a longer name covers it.
            let mention_end =
                |mi: usize| toks.iter().rposition(|t| t.span.start < mentions[mi].end).map_or(i + 1, |k| k + 1);
            let (country, capital_of, mention_to) = match s.claims[i] {
                Claim::Country(mi) => {
                    (mentions[mi].actor.as_ref().and_then(|a| a.country.clone()), None, mention_end(mi))
                }
                Claim::CapitalPlace(mi) => {
                    (None, self.capitals.get(&key(&mentions[mi].text)).cloned(), mention_end(mi))
                }
                _ => (None, None, i),
            };
            let (j, mut entries) = match best {
                Some((j, e)) if j >= mention_to => (j, e),
                _ => match country.as_deref().and_then(|c| g.country(c)) {
                    Some(e) => (mention_to, vec![(e, true)]),
                    None => match best {
                        Some(b) => b,
                        None => {
                            i += 1;
                            continue;
                        }
                    },
                },
            };
            if let Some(e) = country.as_deref().and_then(|c| g.country(c)).filter(|_| j == mention_to)
                && !entries.iter().any(|x| x.0 == e)
            {
                entries.push((e, true));
            }
            let mut c = Candidate::new(i, j, entries);
            c.capital_of = capital_of.filter(|_| j == mention_to);
            out.push(c);
            i = j;
        }
        out
    }

    /// Read the words around a candidate: particle, direction, feature words, "the town of",
    /// and the preposition governing it.
    fn context(&self, s: &Sent, c: &mut Candidate) {
        let cues = &self.cues;
        // An article particle: "al-Hilla", "Al Anbar".
        if c.start >= 2
            && s.raw[c.start - 1] == "-"
            && s.glued(c.start - 1)
            && s.glued(c.start)
            && cues.particle.contains(s.word(c.start - 2))
        {
            c.span_start = c.start - 2;
        } else if c.start >= 1 && matches!(s.word(c.start - 1), "al" | "el") && s.next_to(c.start) {
            c.span_start = c.start - 1;
        }
        // Direction before: "northern Iraq", "north-west Syria".
        let b = c.span_start;
        if b >= 1 && cues.direction.contains(s.word(b - 1)) {
            c.direction = true;
            c.span_start = b - 1;
        } else if b >= 3
            && s.raw[b - 2] == "-"
            && cues.direction.contains(&format!("{} {}", s.word(b - 3), s.word(b - 1)))
        {
            c.direction = true;
            c.span_start = b - 3;
        }
        // Feature word after: "Diyala province", "Jabalia refugee camp".
        for n in [2usize, 1] {
            if c.end + n <= s.toks.len() {
                let w = s.words[c.end..c.end + n].join(" ");
                if cues.feature_after.contains(&w) || cues.region_word.contains(&w) {
                    c.feature = true;
                    c.region_word = cues.region_word.contains(&w);
                    c.span_end = c.end + n;
                    break;
                }
            }
        }
        // The governing words before, over articles and a few modifiers.
        let mut k = c.span_start;
        let mut skipped = 0;
        while k > 0 && skipped < 3 && SKIPPABLE.contains(&s.word(k - 1)) {
            k -= 1;
            skipped += 1;
        }
        // "the (northern) (Syrian) town of X": the phrase joins the span.
        if k >= 2
            && s.word(k - 1) == "of"
            && let Some(h) = self.feature_phrase(s, k - 1)
        {
            c.locative = true;
            c.feature = true;
            c.span_start = h;
            k = h;
            while k > 0 && SKIPPABLE.contains(&s.word(k - 1)) {
                k -= 1;
            }
        }
        if k >= 1 {
            let one = s.word(k - 1);
            let two = if k >= 2 { format!("{} {}", s.word(k - 2), s.word(k - 1)) } else { String::new() };
            if cues.locative.contains(one) || cues.locative.contains(&two) {
                c.locative = true;
            } else if cues.motion_prep.contains(one) || cues.motion_prep.contains(&two) {
                let prep_at = if cues.motion_prep.contains(one) { k - 1 } else { k - 2 };
                if (prep_at.saturating_sub(4)..prep_at).any(|x| cues.motion.contains(s.word(x))) {
                    c.locative = true;
                }
            }
            if cues.place_prep.contains(one) {
                c.place_prep = true;
            }
        }
        c.dateline = s.dateline && c.start <= 1;
    }

    /// Where "the (northern) (Syrian) town of" starts, given the position of its "of"; also
    /// "the Karrada district of" (a named part of the place that follows).
    fn feature_phrase(&self, s: &Sent, of_at: usize) -> Option<usize> {
        let cues = &self.cues;
        if of_at == 0 {
            return None;
        }
        let two = if of_at >= 2 { format!("{} {}", s.word(of_at - 2), s.word(of_at - 1)) } else { String::new() };
        let mut h = if cues.feature_before.contains(&two) {
            of_at - 2
        } else if cues.feature_before.contains(s.word(of_at - 1)) {
            of_at - 1
        } else {
            return None;
        };
        // Modifiers: a nationality, a direction, "ancient", "besieged".
        let mut m = 0;
        while h > 0
            && m < 2
            && (s.claims[h - 1] == Claim::Nationality
                || cues.direction.contains(s.word(h - 1))
                || MODIFIERS.contains(&s.word(h - 1)))
        {
            h -= 1;
            m += 1;
        }
        // "rebel-held province of": the whole compound.
        if m > 0 && h >= 2 && s.raw[h - 1] == "-" && s.glued(h - 1) && s.glued(h) {
            h -= 2;
        }
        if m == 0 && h > 0 && s.cap(h - 1) && s.claims[h - 1] == Claim::Free && !STOP.contains(&s.word(h - 1)) {
            h -= 1;
        }
        if h > 0 && matches!(s.word(h - 1), "the" | "a") {
            h -= 1;
        }
        Some(h)
    }

    /// "Paris, Texas", "Aleppo, Syria": a place followed by a comma and a country or region it
    /// lies in becomes one place, qualified by the second.
    fn qualify(&self, g: &Gazetteer, s: &Sent, cands: &mut Vec<Candidate>) {
        let mut i = 0;
        while i + 1 < cands.len() {
            let (a, b) = (&cands[i], &cands[i + 1]);
            if a.span_end + 1 != b.span_start || s.raw[a.span_end] != "," || b.direction {
                i += 1;
                continue;
            }
            let outer: Vec<u32> = b
                .entries
                .iter()
                .map(|e| e.0)
                .filter(|&e| matches!(g.entry(e).kind, Kind::Country | Kind::Region))
                .collect();
            if !outer.is_empty() && a.entries.iter().any(|&(e, _)| outer.iter().any(|&o| inside(g, e, o))) {
                let b = cands.remove(i + 1);
                let a = &mut cands[i];
                a.qualifier = Some(outer);
                a.span_end = b.span_end;
                a.feature |= b.feature;
            }
            i += 1;
        }
    }

    /// Named features: a head word before or after capitalised words ("Mount Sinjar", "Wadi
    /// Barada", "Mosul Dam", "Hamrin Mountains"). Where the name inside is a known place of
    /// an administrative kind ("Mosul district") it was handled as a feature word already.
    fn named_features(&self, g: &Gazetteer, s: &Sent, cands: &mut Vec<Candidate>) {
        let free = |k: usize| {
            matches!(s.claims[k], Claim::Free | Claim::Nationality | Claim::Country(_) | Claim::CapitalPlace(_))
        };
        let n = s.toks.len();
        let mut i = 0;
        while i < n {
            // Prefix head: "Mount Sinjar", "Wadi Barada", "Tel Tamer".
            if s.cap(i)
                && self.cues.head_before.contains(s.word(i))
                && i + 1 < n
                && s.cap(i + 1)
                && s.next_to(i + 1)
                && free(i + 1)
            {
                let mut j = i + 2;
                while j < n && j < i + 4 && s.cap(j) && s.next_to(j) && free(j) && !self.cues.never.contains(s.word(j))
                {
                    j += 1;
                }
                if !cands.iter().any(|c| c.overlaps(i, j) && c.span_start <= i && c.span_end >= j) {
                    let mut c = Candidate::new(i, j, vec![]);
                    c.head = Some(s.word(i).to_string());
                    self.context(s, &mut c);
                    cands.retain(|x| !x.overlaps(c.span_start, c.span_end));
                    cands.push(c);
                    cands.sort_by_key(|c| c.span_start);
                }
                i = j;
                continue;
            }
            // Suffix head: "Hamrin Mountains", "Samarra Barrage", "Hibhib Village".
            if s.cap(i) && free(i) && !self.cues.never.contains(s.word(i)) && !STOP.contains(&s.word(i)) {
                let mut j = i + 1;
                while j < n
                    && j < i + 4
                    && s.cap(j)
                    && s.next_to(j)
                    && !self.cues.head_after.contains(s.word(j))
                    && free(j)
                {
                    j += 1;
                }
                if j < n
                    && s.cap(j)
                    && s.next_to(j)
                    && self.cues.head_after.contains(s.word(j))
                    && !self.cues.admin_head.contains(s.word(j))
                {
                    let end = j + 1;
                    let known = g.lookup(&key(&s.raw_span(i, j)));
                    let covered = cands.iter().any(|c| c.span_start <= i && c.span_end >= end);
                    if !covered {
                        let mut c = Candidate::new(i, end, known.iter().map(|nm| (nm.entry, nm.main)).collect());
                        c.head = Some(s.word(j).to_string());
                        c.end = j;
                        self.context(s, &mut c);
                        c.span_end = c.span_end.max(end);
                        cands.retain(|x| !x.overlaps(c.span_start, c.span_end));
                        cands.push(c);
                        cands.sort_by_key(|c| c.span_start);
                    }
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// The metonymy reading of every country, capital and continent candidate.
    fn readings(&self, g: &Gazetteer, s: &Sent, cands: &mut [Candidate]) {
        let countryish =
            |c: &Candidate| c.entries.iter().any(|e| matches!(g.entry(e.0).kind, Kind::Country | Kind::Continent));
        let spans: Vec<(usize, usize)> =
            cands.iter().filter(|c| countryish(c) || c.capital_of.is_some()).map(|c| (c.start, c.end)).collect();
        let name_before = |k: usize| spans.iter().find(|x| x.1 == k + 1).map(|x| x.0);
        let name_after = |k: usize| spans.iter().find(|x| x.0 == k).map(|x| x.1);
        for c in cands.iter_mut().filter(|c| countryish(c)) {
            c.government =
                self.metonymy.reading(&s.folded, c.start, c.end, &name_before, &name_after) == Reading::Government;
            // The head of a list it stands in: "the Foreign Ministers of Iran, Saudi Arabia and
            // Egypt" are all offices' countries.
            let mut b = c.start;
            loop {
                // Over an article: "Iran, Egypt and the United Arab Emirates".
                let a = if b >= 1 && s.word(b - 1) == "the" { b - 1 } else { b };
                if a < 2 || !matches!(s.word(a - 1), "," | "and" | "or") {
                    break;
                }
                match name_before(a - 2) {
                    Some(x) => b = x,
                    None => break,
                }
            }
            if self.after_title(s, b, true) {
                c.government = true;
            }
            // "Iran's nuclear programme", "the UK's commitment": the state's; but "Iraq's
            // northern provinces" are the country's.
            let possessive = matches!(s.folded.get(c.end).map(String::as_str), Some("'s" | "'"));
            if possessive && !(c.end + 1..c.end + 3).any(|k| GEO_OWNED.contains(&s.word(k))) {
                c.government = true;
            }
            // A modifier of a noun: "U.S. assistance", "Syria sanctions". After a locative
            // preposition a verb may follow instead ("fighting in Syria killed"): left alone.
            let next = s.word(c.end);
            let content = s.toks.get(c.end).is_some_and(|t| t.kind == TokenKind::Word)
                && !name_like(s.raw[c.end])
                && !FUNCTION.contains(&next)
                && !GEO_OWNED.contains(&next);
            if content && !c.locative && !c.direction {
                c.government = true;
            }
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
        let doc_total = doc.values().sum::<usize>().max(1) as f64;
        let mut scored: Vec<(f64, u32)> = c
            .entries
            .iter()
            .map(|&(e, main)| {
                let entry = g.entry(e);
                let mut s = 1.5 * ((entry.population as f64) + 1.0).log10();
                s += match entry.kind {
                    Kind::Country => 4.0,
                    Kind::Continent => 3.0,
                    Kind::Region if c.region_word => 5.0,
                    Kind::Region => -2.0,
                    Kind::City => 0.0,
                    Kind::Site => 12.0,
                };
                if main {
                    s += 1.5;
                }
                if let Some(country) = &entry.country {
                    // The article's countries, by their share of its country mentions: one
                    // passing mention of the United States does not make Geneva American.
                    let share = doc.get(country).map_or(0.0, |&n| n as f64 / doc_total);
                    s += 2.5 * share;
                    if sentence.contains(country) {
                        s += 1.5;
                    }
                    // The actor stage's reading of a capital: a hint, not a verdict
                    // ("Lebanese troops in Tripoli").
                    if c.capital_of.as_ref() == Some(country) {
                        s += 1.5;
                    }
                }
                if c.qualifier.as_ref().is_some_and(|outer| outer.iter().any(|&o| inside(g, e, o))) {
                    s += 10.0;
                }
                (s, e)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let &(top, best) = scored.first()?;
        let b = g.entry(best);
        let runner = scored
            .iter()
            .skip(1)
            .find(|(_, e)| {
                let o = g.entry(*e);
                o.country != b.country || distance_deg(o, b) > 1.0
            })
            .map(|x| x.0);
        Some((best, runner.map_or(10.0, |r| top - r)))
    }

    /// Apply the guards and build the place.
    fn decide(
        &self,
        g: &Gazetteer,
        text: &str,
        s: &Sent,
        c: &Candidate,
        doc: &BTreeMap<String, usize>,
    ) -> Option<Place> {
        let span = Span::new(s.toks[c.span_start].span.start, s.toks[c.span_end - 1].span.end);
        let next = c.span_end;
        // A capitalised word right after: part of a longer name ("Baghdad Operational
        // Command"), unless the place is governed by a preposition and the word starts a name
        // of its own ("In Turkey Minister Ellwood met ...").
        let next_claim = s.claims.get(next).copied();
        let followed_by_name = !s.headline
            && s.cap(next)
            && s.next_to(next)
            && !self.cues.head_after.contains(s.word(next))
            && !CALENDAR.contains(&s.word(next))
            && match next_claim {
                Some(Claim::Free | Claim::Other) => true,
                Some(Claim::Person) => !(c.locative || c.place_prep),
                _ => false,
            };
        if self.after_title(s, c.span_start, false) {
            return None;
        }
        let Some((best, margin)) = c.best else {
            // A place the gazetteer does not know: a named feature.
            if c.head.is_none() || followed_by_name {
                return None;
            }
            return Some(self.unresolved_place(text, span, c.country_hint.clone(), 0.55));
        };
        let e = g.entry(best);
        let single = c.end - c.start == 1;
        let supported = c.locative || c.direction || c.feature || c.qualifier.is_some() || c.dateline;

        // Countries and continents: the metonymy rule, names and compounds.
        let countryish = matches!(e.kind, Kind::Country | Kind::Continent);
        if countryish && !c.dateline && c.qualifier.is_none() {
            let compound = (s.raw.get(next) == Some(&"-") && s.glued(next))
                || (c.span_start >= 1 && s.raw[c.span_start - 1] == "-" && s.glued(c.span_start));
            if !c.direction && (c.government || compound || followed_by_name || self.after_title(s, c.span_start, true))
            {
                return None;
            }
        }
        let is_site = e.kind == Kind::Site;
        let is_capital = c.capital_of.is_some();
        if !countryish && followed_by_name && c.qualifier.is_none() {
            return None;
        }
        // The first half of a hyphenated name or compound: "Ise-Shima", "Tehran-based".
        if s.raw.get(next) == Some(&"-") && s.glued(next) && s.glued(next + 1) {
            return None;
        }
        if single && !is_site && !is_capital && !countryish && c.head.is_none() {
            let surface = s.word(c.start);
            // Common English words: "Split", "Hit", "Most".
            if self.cues.common.contains(surface)
                && (s.opens(c.span_start) || s.headline || !(c.locative || c.place_prep || c.direction || c.feature))
            {
                return None;
            }
            // A person: "Jackson said".
            if self.cues.speech_after.contains(s.word(next)) && !supported {
                return None;
            }
            // Part of a longer unknown name: "Camp Hurriya", "Al Assad University".
            if c.span_start == c.start
                && !s.headline
                && !s.opens(c.start)
                && s.cap(c.start - 1)
                && s.next_to(c.start)
                && s.claims[c.start - 1] == Claim::Free
                && !self.cues.direction.contains(s.word(c.start - 1))
            {
                return None;
            }
        }
        // A small town known to us only by an alternate name, with no support in the text.
        let main = c.entries.iter().any(|&(x, m)| x == best && m);
        let in_doc = e.country.as_ref().is_some_and(|k| doc.contains_key(k));
        // An alternate name unlike the entry's own ("Whitehall" for Atlanta, "Roj" for Roy):
        // only in an article mostly about that country.
        let total = doc.values().sum::<usize>().max(1);
        let about = e.country.as_ref().and_then(|k| doc.get(k)).is_some_and(|&n| n * 4 >= total);
        if !main && !about && !is_site && !is_capital && !close_names(&key(&s.raw_span(c.start, c.end)), &key(&e.name))
        {
            return None;
        }
        if matches!(e.kind, Kind::City | Kind::Region)
            && !supported
            && !c.place_prep
            && !is_capital
            && !in_doc
            && (e.population < 100_000 || !main)
        {
            return None;
        }

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
        } else if c.feature || c.head.is_some() {
            rules::FEATURE
        } else {
            rules::GAZETTEER
        };
        let mut confidence: f32 = match rule {
            rules::QUALIFIED | rules::SITE => 0.92,
            rules::CAPITAL | rules::DATELINE => 0.88,
            rules::COUNTRY if c.locative || c.direction => 0.88,
            rules::COUNTRY => 0.7,
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
        // A named feature at a known place ("Mosul Dam") is near it, not it.
        if c.head.as_ref().is_some_and(|h| !self.cues.admin_head.contains(h.as_str())) && !is_site {
            let mut p = self.unresolved_place(text, span, e.country.clone(), 0.6);
            p.lat = e.lat;
            p.lon = e.lon;
            p.admin1 = e.admin1.clone();
            p.evidence = Evidence::rule(rules::FEATURE);
            return Some(p);
        }
        // "Isfahan province": the province around Isfahan, when the gazetteer spells the
        // province differently from the city.
        let entry_id = if c.region_word && e.kind == Kind::City { g.region_of(best).unwrap_or(best) } else { best };
        let e = g.entry(entry_id);
        Some(Place {
            id: String::new(),
            start: span.start,
            end: span.end,
            text: text[span.start..span.end].to_string(),
            name: e.name.clone(),
            country: e.country.clone(),
            admin1: if matches!(e.kind, Kind::City | Kind::Site) { e.admin1.clone() } else { None },
            lat: e.lat,
            lon: e.lon,
            geonames_id: e.geonames_id,
            confidence: (confidence * 100.0).round() / 100.0,
            evidence: Evidence::rule(rule),
        })
    }

    fn unresolved_place(&self, text: &str, span: Span, country: Option<String>, confidence: f32) -> Place {
        let name = text[span.start..span.end].to_string();
        Place {
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
            confidence,
            evidence: Evidence::rule(rules::UNRESOLVED),
        }
    }

    /// Whether the name at `k` follows a title and "for"/"to"/"of" ("Minister for the Middle
    /// East"); for countries also "the people of", "citizens of".
    fn after_title(&self, s: &Sent, k: usize, country: bool) -> bool {
        let mut k = k;
        while k > 0 && s.word(k - 1) == "the" {
            k -= 1;
        }
        if k < 2 || !matches!(s.word(k - 1), "for" | "to" | "of") {
            return false;
        }
        let one = s.word(k - 2);
        let two = if k >= 3 { format!("{} {}", s.word(k - 3), s.word(k - 2)) } else { String::new() };
        self.cues.title.contains(one)
            || self.cues.title.contains(&two)
            || country && matches!(one, "people" | "citizens" | "governments")
    }

    /// Places the gazetteer does not know: a capitalised name after "the town of" or after a
    /// locative preposition, and the names listed with a place ("in Qamenas, Sarmin and
    /// Talamenes").
    fn unknown_names(&self, text: &str, s: &Sent, places: &mut Vec<Place>) {
        let n = s.toks.len();
        let taken = |places: &Vec<Place>, a: usize, b: usize| {
            let span = Span::new(s.toks[a].span.start, s.toks[b - 1].span.end);
            places.iter().any(|p| p.start < span.end && span.start < p.end)
        };
        let name_at = |k: usize| -> Option<usize> {
            if k >= n || !s.cap(k) || s.claims[k] != Claim::Free || self.is_not_name(s, k) {
                return None;
            }
            let mut j = k + 1;
            while j < n && j < k + 5 {
                let particle = self.cues.particle.contains(s.word(j))
                    && (s.cap(j + 1) || s.raw.get(j + 1) == Some(&"-") && s.glued(j + 1) && s.cap(j + 2));
                let hyphen = s.raw[j] == "-" && s.glued(j) && j + 1 < n && s.glued(j + 1) && s.cap(j + 1);
                if (s.cap(j) && s.next_to(j) && s.claims[j] == Claim::Free && !self.is_not_name(s, j))
                    || particle
                    || hyphen
                {
                    j += 1;
                } else {
                    break;
                }
            }
            // A possessive or a capitalised word we could not take makes it something else.
            if matches!(s.word(j), "s") || (j < n && s.cap(j) && s.next_to(j)) {
                return None;
            }
            Some(j)
        };
        let mut k = 0;
        while k < n {
            let w = s.word(k);
            let mut start = None;
            // "the town of X", "the Syrian village of X": the phrase joins the span.
            let mut phrase = None;
            if w == "of" && k >= 1 {
                phrase = self.feature_phrase(s, k);
                if phrase.is_some() {
                    start = Some(k + 1);
                }
            }
            // "in X", "near X", "outside X"
            if matches!(w, "in" | "near" | "outside" | "inside" | "across" | "throughout" | "around" | "into")
                && !s.headline
            {
                start = Some(k + 1);
            }
            let Some(a) = start else {
                k += 1;
                continue;
            };
            let Some(b) = name_at(a) else {
                k += 1;
                continue;
            };
            if taken(places, a, b) {
                k = b;
                continue;
            }
            let from = phrase.unwrap_or(a);
            if taken(places, from, b) {
                k = b;
                continue;
            }
            let span = Span::new(s.toks[from].span.start, s.toks[b - 1].span.end);
            // "the Syrian town of X": the nationality's country.
            let country = phrase.and_then(|h| (h..a).find_map(|x| s.nationality[x].clone()));
            places.push(self.unresolved_place(text, span, country, 0.45));
            k = b;
            // The names listed after it: ", Y", "and Y".
            while k < n && matches!(s.word(k), "," | "and" | "or") {
                let m = if s.word(k) == "," && matches!(s.word(k + 1), "and" | "or") { k + 2 } else { k + 1 };
                match name_at(m) {
                    Some(e) if !taken(places, m, e) => {
                        let span = Span::new(s.toks[m].span.start, s.toks[e - 1].span.end);
                        places.push(self.unresolved_place(text, span, None, 0.4));
                        k = e;
                    }
                    _ => break,
                }
            }
        }
        // Names listed after a place the gazetteer knows: "in Aleppo, Qamenas and Sarmin".
        let mut extra = Vec::new();
        for p in places.iter().filter(|p| p.lat.is_some()) {
            let Some(e) = s.toks.iter().position(|t| t.span.start >= p.end) else { continue };
            if e == 0 || s.toks[e - 1].span.end != p.end {
                continue;
            }
            let mut k = e;
            while k < n && matches!(s.word(k), "," | "and") {
                let m = if s.word(k) == "," && s.word(k + 1) == "and" { k + 2 } else { k + 1 };
                match name_at(m) {
                    Some(end) if !taken(places, m, end) => {
                        let span = Span::new(s.toks[m].span.start, s.toks[end - 1].span.end);
                        extra.push(self.unresolved_place(text, span, None, 0.4));
                        k = end;
                    }
                    _ => break,
                }
            }
        }
        places.extend(extra);
    }

    /// Calendar words, languages and other capitalised words that are never places.
    fn is_not_name(&self, s: &Sent, k: usize) -> bool {
        let w = s.word(k);
        self.cues.never.contains(w)
            || self.cues.common.contains(w)
            || s.raw[k].chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) && s.raw[k].len() <= 6
            || w.chars().any(|c| c.is_ascii_digit())
    }
}

impl Default for PlaceStage {
    fn default() -> Self {
        Self::new()
    }
}

impl Sent<'_> {
    /// The original text of tokens [a, b).
    fn raw_span(&self, a: usize, b: usize) -> String {
        let mut out = String::new();
        for k in a..b {
            if k > a && !self.glued(k) {
                out.push(' ');
            }
            out.push_str(self.raw[k]);
        }
        out
    }
}

/// Words that may stand between a preposition and a place: "in the besieged".
const SKIPPABLE: &[&str] = &[
    "the",
    "a",
    "neighbouring",
    "neighboring",
    "besieged",
    "mainland",
    "rural",
    "greater",
    "all",
    "much",
    "war",
    "torn",
    "",
];

/// What a country owns as a territory rather than as a state: "Iraq's northern provinces".
const GEO_OWNED: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "border",
    "borders",
    "coast",
    "coastline",
    "capital",
    "cities",
    "city",
    "towns",
    "provinces",
    "province",
    "regions",
    "region",
    "territory",
    "airspace",
    "waters",
    "mountains",
    "interior",
    "heartland",
    "countryside",
    "villages",
];

/// Words after a country that leave it a noun of its own ("Iraq and", "Iraq in", "Iraq
/// today"), unlike a noun it would modify ("U.S. assistance").
const FUNCTION: &[&str] = &[
    "and",
    "or",
    "but",
    "nor",
    "in",
    "on",
    "at",
    "to",
    "for",
    "of",
    "with",
    "from",
    "by",
    "as",
    "than",
    "that",
    "which",
    "who",
    "where",
    "when",
    "while",
    "after",
    "before",
    "since",
    "until",
    "into",
    "over",
    "under",
    "between",
    "against",
    "during",
    "through",
    "about",
    "across",
    "near",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "did",
    "does",
    "do",
    "also",
    "not",
    "this",
    "these",
    "its",
    "their",
    "his",
    "her",
    "our",
    "a",
    "an",
    "the",
    "said",
    "says",
    "today",
    "yesterday",
    "tonight",
    "last",
    "next",
    "this",
    "early",
    "late",
    "earlier",
    "later",
    "now",
    "then",
    "again",
    "instead",
    "alone",
    "itself",
    "itself",
    "too",
    "so",
    "because",
    "if",
    "unless",
    "whether",
    "s",
];

/// Capitalised function words that open sentences and never start a name.
const STOP: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "of", "for", "to", "by", "and", "but", "as", "this", "that", "these", "those",
    "it", "its", "his", "her", "their", "our", "we", "he", "she", "they", "i", "there", "after", "before", "when",
    "while", "with", "from", "if", "some", "many", "most", "all", "no", "one", "two",
];

/// Months and weekdays: a date after a name is not part of it ("travel to Turkey November 16").
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Modifiers inside "the ... town of": "the ancient city of", "the besieged town of".
const MODIFIERS: &[&str] = &[
    "ancient",
    "besieged",
    "strategic",
    "small",
    "embattled",
    "key",
    "coastal",
    "border",
    "frontier",
    "eastern",
    "holy",
    "historic",
    "southern",
    "northern",
    "main",
    "nearby",
    "rebel",
    "held",
    "port",
    "oil",
    "industrial",
];

/// Capitalised (or written in a script without case).
fn name_like(s: &str) -> bool {
    let Some(c) = s.chars().next() else { return false };
    c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase())
}

/// Whether two keys look like spellings of one name ("teheran", "tehran"): the same first two
/// letters once an article ("al ") is set aside.
fn close_names(a: &str, b: &str) -> bool {
    let strip = |k: &str| {
        let k =
            ["al ", "el ", "ar ", "as ", "an ", "ad "].iter().find_map(|p| k.strip_prefix(p)).unwrap_or(k).to_string();
        k.chars().filter(|c| c.is_alphabetic()).take(2).collect::<String>()
    };
    strip(a) == strip(b)
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
