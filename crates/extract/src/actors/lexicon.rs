//! The actor lexicon (`resources/actors/*.tsv`): countries, organisations, people with dated
//! roles, titles and generic agent nouns, loaded and validated once, and one automaton over
//! every surface form (names, aliases, demonyms, capitals) for matching on folded text.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use jiff::civil::Date;
use sitrep_model::{Actor, Role};
use sitrep_text::{Fold, Normalized};

pub(crate) const COUNTRIES: &str = include_str!("../../resources/actors/countries.tsv");
pub(crate) const ORGS: &str = include_str!("../../resources/actors/orgs.tsv");
pub(crate) const PEOPLE: &str = include_str!("../../resources/actors/people.tsv");
pub(crate) const ROLES: &str = include_str!("../../resources/actors/roles.tsv");
pub(crate) const TITLES: &str = include_str!("../../resources/actors/titles.tsv");
pub(crate) const AGENTS: &str = include_str!("../../resources/actors/agents.tsv");
/// The outlet table is ingest's (it also needs it for each article's outlet): one copy.
pub(crate) const OUTLETS: &str = sitrep_ingest::outlets::OUTLETS_TSV;

/// Every lexicon file with its name, for versioning.
pub fn sources() -> [(&'static str, &'static str); 7] {
    [
        ("actors/countries", COUNTRIES),
        ("actors/orgs", ORGS),
        ("actors/people", PEOPLE),
        ("actors/roles", ROLES),
        ("actors/titles", TITLES),
        ("actors/agents", AGENTS),
        ("ingest/outlets", OUTLETS),
    ]
}

#[derive(Debug, Clone)]
pub struct Country {
    pub iso3: String,
    pub cameo: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub country: Option<String>,
    pub code: String,
    pub sector: Option<String>,
    pub wikidata: Option<String>,
}

/// A news outlet, agency or platform: quoted as a channel or relay, coded as media.
#[derive(Debug, Clone)]
pub struct Outlet {
    pub id: String,
    pub name: String,
    /// wire, newspaper, broadcaster, magazine, online, agency, platform, state_media
    pub kind: String,
    pub country: Option<String>,
    pub owner_type: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub gender: Option<Gender>,
    pub wikidata: Option<String>,
    pub roles: Vec<RoleRecord>,
}

/// One tenure: an office held from one date to another (open-ended when `to` is empty).
#[derive(Debug, Clone)]
pub struct RoleRecord {
    pub office: String,
    pub title: Option<String>,
    pub country: Option<String>,
    pub org: Option<String>,
    pub sector: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// What a title word says about an otherwise unknown person.
#[derive(Debug, Clone)]
pub struct Title {
    pub office: String,
    pub sector: String,
}

/// What a surface form can denote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Country(usize),
    /// "Iranian"
    Adjective(usize),
    /// "Iranians"
    People(usize),
    /// The capital of country i: a place, or a government by metonymy.
    Capital(usize),
    Org(usize),
    Person(usize),
    Outlet(usize),
}

impl Entity {
    /// Preference when one surface form denotes several entities.
    fn rank(&self) -> u8 {
        match self {
            Entity::Person(_) => 0,
            Entity::Org(_) => 1,
            Entity::Outlet(_) => 2,
            Entity::Country(_) => 2,
            Entity::Capital(_) => 3,
            Entity::People(_) => 4,
            Entity::Adjective(_) => 5,
        }
    }
}

/// A surface form: its folded text, whether case must match exactly (acronyms), and what
/// it can denote, best first.
#[derive(Debug, Clone)]
pub struct Surface {
    pub exact_case: Option<String>,
    pub entities: Vec<Entity>,
}

#[derive(Debug, Clone)]
pub struct ActorLexicon {
    pub countries: Vec<Country>,
    pub orgs: Vec<Org>,
    pub people: Vec<Person>,
    pub outlets: Vec<Outlet>,
    pub titles: HashMap<String, Title>,
    /// Longest title, in words.
    pub title_words: usize,
    /// Agent noun (singular and plural, folded) -> CAMEO sector.
    pub agents: HashMap<String, String>,
    pub surfaces: Vec<Surface>,
    pub automaton: AhoCorasick,
    iso3: HashMap<String, usize>,
    org_ids: HashMap<String, usize>,
}

/// Fold a surface form the way matching folds the text.
pub fn fold(s: &str) -> String {
    Normalized::new(s, Fold::ALL).as_str().trim().to_string()
}

/// One TSV row: column name -> cell.
type Row = HashMap<String, String>;

/// Rows of a TSV file with a header, with their line numbers.
fn rows(name: &str, src: &str) -> Result<Vec<(usize, Row)>, String> {
    let mut header: Option<Vec<String>> = None;
    let mut out = Vec::new();
    for (n, line) in src.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        match &header {
            None => header = Some(cells.iter().map(|c| c.trim().to_string()).collect()),
            Some(h) => {
                if cells.len() > h.len() {
                    return Err(format!("{name}:{}: {} cells, header has {}", n + 1, cells.len(), h.len()));
                }
                let row = h
                    .iter()
                    .enumerate()
                    .map(|(i, k)| (k.clone(), cells.get(i).unwrap_or(&"").trim().to_string()))
                    .collect();
                out.push((n + 1, row));
            }
        }
    }
    if header.is_none() {
        return Err(format!("{name}: no header row"));
    }
    Ok(out)
}

fn cell<'a>(row: &'a HashMap<String, String>, key: &str) -> &'a str {
    row.get(key).map_or("", String::as_str)
}

fn opt(row: &HashMap<String, String>, key: &str) -> Option<String> {
    Some(cell(row, key).to_string()).filter(|s| !s.is_empty())
}

fn list(row: &HashMap<String, String>, key: &str) -> Vec<String> {
    cell(row, key).split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

impl ActorLexicon {
    /// Load the committed lexicon. Panics on a malformed file: the data is ours and tested.
    pub fn load() -> Self {
        Self::parse().unwrap_or_else(|e| panic!("actor lexicon: {e}"))
    }

    pub fn parse() -> Result<Self, String> {
        let mut countries = Vec::new();
        let mut forms: Vec<(String, Entity)> = Vec::new();
        for (_, r) in rows("countries.tsv", COUNTRIES)? {
            let i = countries.len();
            let c = Country {
                iso3: cell(&r, "iso3").to_string(),
                cameo: cell(&r, "cameo").to_string(),
                name: cell(&r, "name").to_string(),
            };
            if c.iso3.len() != 3 {
                return Err(format!("countries.tsv: bad iso3 {:?}", c.iso3));
            }
            forms.push((c.name.clone(), Entity::Country(i)));
            forms.extend(list(&r, "aliases").into_iter().map(|a| (a, Entity::Country(i))));
            forms.extend(list(&r, "adjectives").into_iter().map(|a| (a, Entity::Adjective(i))));
            forms.extend(list(&r, "people").into_iter().map(|a| (a, Entity::People(i))));
            for cap in list(&r, "capital").into_iter().chain(list(&r, "capital_aliases")) {
                forms.push((cap, Entity::Capital(i)));
            }
            countries.push(c);
        }
        let iso3: HashMap<String, usize> = countries.iter().enumerate().map(|(i, c)| (c.iso3.clone(), i)).collect();

        let mut orgs = Vec::new();
        for (line, r) in rows("orgs.tsv", ORGS)? {
            let i = orgs.len();
            let o = Org {
                id: cell(&r, "id").to_string(),
                name: cell(&r, "name").to_string(),
                kind: cell(&r, "kind").to_string(),
                country: opt(&r, "country"),
                code: cell(&r, "code").to_string(),
                sector: opt(&r, "sector"),
                wikidata: opt(&r, "wikidata"),
            };
            if o.id.is_empty() || o.code.is_empty() {
                return Err(format!("orgs.tsv:{line}: missing id or code"));
            }
            if let Some(c) = &o.country
                && !iso3.contains_key(c)
            {
                return Err(format!("orgs.tsv:{line}: unknown country {c}"));
            }
            forms.push((o.name.clone(), Entity::Org(i)));
            forms.extend(list(&r, "aliases").into_iter().map(|a| (a, Entity::Org(i))));
            orgs.push(o);
        }
        let org_ids: HashMap<String, usize> = orgs.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect();

        let mut people = Vec::new();
        for (line, r) in rows("people.tsv", PEOPLE)? {
            let i = people.len();
            let gender = match cell(&r, "gender") {
                "m" => Some(Gender::Male),
                "f" => Some(Gender::Female),
                "" => None,
                g => return Err(format!("people.tsv:{line}: bad gender {g:?}")),
            };
            let p = Person {
                id: cell(&r, "id").to_string(),
                name: cell(&r, "name").to_string(),
                gender,
                wikidata: opt(&r, "wikidata"),
                roles: Vec::new(),
            };
            forms.push((p.name.clone(), Entity::Person(i)));
            forms.extend(list(&r, "aliases").into_iter().map(|a| (a, Entity::Person(i))));
            people.push(p);
        }
        let person_ids: HashMap<String, usize> = people.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();
        for (line, r) in rows("roles.tsv", ROLES)? {
            let person = cell(&r, "person");
            let &pi = person_ids.get(person).ok_or_else(|| format!("roles.tsv:{line}: unknown person {person:?}"))?;
            let role = RoleRecord {
                office: cell(&r, "office").to_string(),
                title: opt(&r, "title"),
                country: opt(&r, "country"),
                org: opt(&r, "org"),
                sector: cell(&r, "sector").to_string(),
                from: opt(&r, "from"),
                to: opt(&r, "to"),
            };
            if let Some(c) = &role.country
                && !iso3.contains_key(c)
            {
                return Err(format!("roles.tsv:{line}: unknown country {c}"));
            }
            if let Some(o) = &role.org
                && !org_ids.contains_key(o)
            {
                return Err(format!("roles.tsv:{line}: unknown org {o}"));
            }
            for d in [&role.from, &role.to].into_iter().flatten() {
                partial_date(d, true).ok_or_else(|| format!("roles.tsv:{line}: bad date {d:?}"))?;
            }
            people[pi].roles.push(role);
        }

        let mut outlets = Vec::new();
        for (line, r) in rows("outlets.tsv", OUTLETS)? {
            let i = outlets.len();
            let o = Outlet {
                id: cell(&r, "id").to_string(),
                name: cell(&r, "name").to_string(),
                kind: cell(&r, "kind").to_string(),
                country: opt(&r, "country"),
                owner_type: cell(&r, "owner_type").to_string(),
            };
            if let Some(c) = &o.country
                && !iso3.contains_key(c)
            {
                return Err(format!("outlets.tsv:{line}: unknown country {c}"));
            }
            forms.push((o.name.clone(), Entity::Outlet(i)));
            forms.extend(list(&r, "aliases").into_iter().map(|a| (a, Entity::Outlet(i))));
            outlets.push(o);
        }

        let mut titles = HashMap::new();
        let mut title_words = 1;
        for (_, r) in rows("titles.tsv", TITLES)? {
            let t = Title { office: cell(&r, "office").to_string(), sector: cell(&r, "sector").to_string() };
            for v in std::iter::once(cell(&r, "title").to_string()).chain(list(&r, "variants")) {
                let f = fold(&v);
                title_words = title_words.max(f.split(' ').count());
                titles.insert(f, t.clone());
            }
        }
        let mut agents = HashMap::new();
        for (_, r) in rows("agents.tsv", AGENTS)? {
            let sector = cell(&r, "sector").to_string();
            for term in std::iter::once(cell(&r, "term").to_string()).chain(list(&r, "plural")) {
                agents.insert(fold(&term), sector.clone());
            }
        }

        // One pattern per distinct folded form; leading "the" is dropped (it stays outside spans).
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut surfaces: Vec<Surface> = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        for (form, entity) in forms {
            let form = form.strip_prefix("the ").or_else(|| form.strip_prefix("The ")).unwrap_or(&form).to_string();
            let folded = fold(&form);
            if folded.len() < 2 {
                continue;
            }
            let is_acronym = form.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
                && form.chars().filter(|c| c.is_alphabetic()).count() <= 6;
            let i = *index.entry(folded.clone()).or_insert_with(|| {
                patterns.push(folded.clone());
                surfaces.push(Surface { exact_case: None, entities: Vec::new() });
                surfaces.len() - 1
            });
            let s = &mut surfaces[i];
            if is_acronym {
                s.exact_case = Some(Normalized::new(&form, Fold::SHAPE).as_str().to_string());
            }
            if !s.entities.contains(&entity) {
                s.entities.push(entity);
            }
        }
        for s in &mut surfaces {
            s.entities.sort_by_key(Entity::rank);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| format!("cannot build the surface automaton: {e}"))?;
        Ok(ActorLexicon {
            countries,
            orgs,
            people,
            outlets,
            titles,
            title_words,
            agents,
            surfaces,
            automaton,
            iso3,
            org_ids,
        })
    }

    /// The country whose capital is written `name` ("Tehran", "Washington, D.C.").
    pub fn capital_country(&self, name: &str) -> Option<usize> {
        let f = fold(name);
        let m = self.automaton.find(&f).filter(|m| m.start() == 0 && m.end() == f.len())?;
        self.surfaces[m.pattern().as_usize()].entities.iter().find_map(|e| match e {
            Entity::Capital(c) => Some(*c),
            _ => None,
        })
    }

    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.iso3.get(iso3).map(|&i| &self.countries[i])
    }

    pub fn org(&self, id: &str) -> Option<&Org> {
        self.org_ids.get(id).map(|&i| &self.orgs[i])
    }

    /// A country as an actor: `IRN`.
    pub fn country_actor(&self, i: usize) -> Actor {
        let c = &self.countries[i];
        Actor {
            id: c.iso3.to_lowercase(),
            name: c.name.clone(),
            code: c.cameo.clone(),
            country: Some(c.iso3.clone()),
            sector: None,
            wikidata: None,
            role: None,
        }
    }

    /// A country's sector as an actor: Iran's government `IRNGOV`, Israel's military `ISRMIL`.
    pub fn sector_actor(&self, iso3: Option<&str>, sector: &str) -> Actor {
        match iso3.and_then(|c| self.iso3.get(c)) {
            Some(&i) => {
                let c = &self.countries[i];
                Actor {
                    id: format!("{}-{}", c.iso3.to_lowercase(), sector.to_lowercase()),
                    name: format!("{} ({})", c.name, sector_name(sector)),
                    code: format!("{}{}", c.cameo, sector),
                    country: Some(c.iso3.clone()),
                    sector: Some(sector.to_string()),
                    wikidata: None,
                    role: None,
                }
            }
            None => Actor {
                id: format!("any-{}", sector.to_lowercase()),
                name: sector_name(sector).to_string(),
                code: sector.to_string(),
                country: None,
                sector: Some(sector.to_string()),
                wikidata: None,
                role: None,
            },
        }
    }

    /// An outlet as an actor: media of its country (`GBRMED`).
    pub fn outlet_actor(&self, i: usize) -> Actor {
        let o = &self.outlets[i];
        let mut a = self.sector_actor(o.country.as_deref(), "MED");
        a.id = o.id.clone();
        a.name = o.name.clone();
        a
    }

    pub fn org_actor(&self, i: usize) -> Actor {
        let o = &self.orgs[i];
        Actor {
            id: o.id.clone(),
            name: o.name.clone(),
            code: o.code.clone(),
            country: o.country.clone(),
            sector: o.sector.clone(),
            wikidata: o.wikidata.clone(),
            role: None,
        }
    }

    /// A person as an actor at `date`: the code of the office held then (head of state over
    /// minister), `ELI` (elite) for someone who held office before, none otherwise.
    pub fn person_actor(&self, i: usize, date: Option<Date>) -> Actor {
        let p = &self.people[i];
        let role = self.role_at(p, date);
        let (code, country, sector) = match role {
            Some(r) => {
                let org_code =
                    r.org.as_ref().and_then(|o| self.org(o)).filter(|o| o.country.is_none()).map(|o| o.code.clone());
                let country = r
                    .country
                    .clone()
                    .or_else(|| r.org.as_ref().and_then(|o| self.org(o)).and_then(|o| o.country.clone()));
                let code = match (&org_code, &country) {
                    (Some(c), _) => c.clone(),
                    (None, Some(c)) => {
                        format!("{}{}", self.country(c).map_or(c.as_str(), |c| c.cameo.as_str()), r.sector)
                    }
                    (None, None) => r.sector.clone(),
                };
                (code, country, Some(r.sector.clone()))
            }
            None => {
                let past = p.roles.iter().filter(|r| r.country.is_some()).max_by(|a, b| a.to.cmp(&b.to));
                // A past leader of a body with no country (al-Qaeda) keeps that body's code.
                let body = || {
                    p.roles.iter().max_by(|a, b| a.to.cmp(&b.to)).and_then(|r| {
                        let o = self.org(r.org.as_deref()?)?;
                        (o.country.is_none() && !o.code.is_empty())
                            .then(|| (o.code.clone(), None, Some(r.sector.clone())))
                    })
                };
                match past.and_then(|r| r.country.clone()) {
                    Some(c) => (
                        format!("{}ELI", self.country(&c).map_or(c.as_str(), |x| x.cameo.as_str())),
                        Some(c),
                        Some("ELI".into()),
                    ),
                    None => body().unwrap_or((String::new(), None, None)),
                }
            }
        };
        Actor {
            id: p.id.clone(),
            name: p.name.clone(),
            code,
            country,
            sector,
            wikidata: p.wikidata.clone(),
            role: role.map(|r| Role {
                office: r.office.clone(),
                title: r.title.clone(),
                from: r.from.clone(),
                to: r.to.clone(),
            }),
        }
    }

    /// The most senior office `p` held at `date` (without a date: an office still held).
    pub fn role_at<'a>(&self, p: &'a Person, date: Option<Date>) -> Option<&'a RoleRecord> {
        p.roles.iter().filter(|r| holds(r, date)).min_by_key(|r| office_rank(&r.office))
    }

    /// Who held `office` (or an office titled `title`, folded: "president") for `iso3` at
    /// `date`; the most senior match when several do.
    pub fn office_holder(&self, iso3: &str, office: &str, title: &str, date: Option<Date>) -> Option<usize> {
        let fits = |r: &RoleRecord| {
            r.country.as_deref() == Some(iso3)
                && holds(r, date)
                && (r.office == office || r.title.as_deref().is_some_and(|t| fold(t) == title))
        };
        self.people
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                p.roles.iter().filter(|r| fits(r)).map(|r| office_rank(&r.office)).min().map(|rank| (rank, i))
            })
            .min()
            .map(|(_, i)| i)
    }
}

fn holds(r: &RoleRecord, date: Option<Date>) -> bool {
    match date {
        Some(d) => {
            let after_start = r.from.as_deref().and_then(|f| partial_date(f, true)).is_none_or(|f| f <= d);
            let before_end = r.to.as_deref().and_then(|t| partial_date(t, false)).is_none_or(|t| d <= t);
            after_start && before_end
        }
        None => r.to.is_none(),
    }
}

/// Seniority: lower ranks first when a person holds several offices.
fn office_rank(office: &str) -> u8 {
    match office {
        "supreme_leader" => 0,
        "head_of_state" | "monarch" => 1,
        "head_of_government" => 2,
        "secretary_general" => 3,
        "vice_president" => 4,
        "foreign_minister" | "defence_minister" => 5,
        _ => 9,
    }
}

/// `2024`, `2024-07` or `2024-07-28` as the first (or, with `start` false, last) day covered.
pub fn partial_date(s: &str, start: bool) -> Option<Date> {
    let parts: Vec<&str> = s.split('-').collect();
    let y: i16 = parts.first()?.parse().ok()?;
    let m: i8 = match parts.get(1) {
        Some(m) => m.parse().ok()?,
        None => {
            if start {
                1
            } else {
                12
            }
        }
    };
    let d = match parts.get(2) {
        Some(d) => d.parse().ok()?,
        None if start => 1,
        None => Date::new(y, m, 1).ok()?.days_in_month(),
    };
    Date::new(y, m, d).ok()
}

pub fn sector_name(sector: &str) -> &'static str {
    match sector {
        "GOV" => "government",
        "MIL" => "military",
        "COP" => "police",
        "SPY" => "intelligence",
        "JUD" => "judiciary",
        "LEG" => "legislature",
        "REB" => "rebels",
        "INS" => "insurgents",
        "OPP" => "opposition",
        "PTY" => "party",
        "MED" => "media",
        "BUS" => "business",
        "NGO" => "non-governmental organisation",
        "IGO" => "international organisation",
        "CVL" => "civilians",
        "REL" => "religious",
        "EDU" => "education",
        "HLH" => "health",
        "LAB" => "labour",
        "REF" => "refugees",
        "ELI" => "elite",
        "AGR" => "agriculture",
        "ENV" => "environment",
        "HRI" => "human rights",
        "CRM" => "criminals",
        _ => "actor",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn lx() -> ActorLexicon {
        ActorLexicon::load()
    }

    fn person(lx: &ActorLexicon, id: &str) -> usize {
        lx.people.iter().position(|p| p.id == id).unwrap_or_else(|| panic!("{id} missing"))
    }

    fn resolve<'a>(lx: &'a ActorLexicon, form: &str) -> &'a [Entity] {
        let f = fold(form);
        let m = lx
            .automaton
            .find(&f)
            .filter(|m| m.start() == 0 && m.end() == f.len())
            .unwrap_or_else(|| panic!("{form} not in lexicon"));
        &lx.surfaces[m.pattern().as_usize()].entities
    }

    #[test]
    fn countries_cover_the_un() {
        let lx = lx();
        assert!(lx.countries.len() >= 197);
        for (iso3, name) in [("IRN", "Iran"), ("ISR", "Israel"), ("USA", "United States"), ("PSE", "Palestine")] {
            assert_eq!(lx.country(iso3).map(|c| c.name.as_str()), Some(name));
        }
        // every country's own name resolves to the country first
        for (i, c) in lx.countries.iter().enumerate() {
            assert_eq!(resolve(&lx, &c.name)[0], Entity::Country(i), "{}", c.name);
        }
        assert!(matches!(resolve(&lx, "Tehran")[0], Entity::Capital(_)));
        assert!(matches!(resolve(&lx, "Iranian")[0], Entity::Adjective(_)));
    }

    #[test]
    fn spellings_and_transliterations() {
        let lx = lx();
        let araghchi = person(&lx, "abbas-araghchi");
        for form in ["Araghchi", "Araqchi", "Abbas Araghchi"] {
            assert_eq!(resolve(&lx, form)[0], Entity::Person(araghchi), "{form}");
        }
        let pez = person(&lx, "masoud-pezeshkian");
        assert_eq!(resolve(&lx, "Pezeshkiyan")[0], Entity::Person(pez));
        assert!(matches!(resolve(&lx, "IRGC")[0], Entity::Org(_)));
        assert!(matches!(resolve(&lx, "Truth Social")[0], Entity::Outlet(_)));
    }

    #[test]
    fn roles_depend_on_the_date() {
        let lx = lx();
        let trump = person(&lx, "donald-trump");
        assert_eq!(lx.person_actor(trump, Some(date(2025, 6, 15))).code, "USAGOV");
        assert_eq!(lx.person_actor(trump, Some(date(2022, 3, 1))).code, "USAELI");
        let biden = person(&lx, "joe-biden");
        assert_eq!(lx.office_holder("USA", "head_of_state", "president", Some(date(2022, 3, 1))), Some(biden));
        assert_eq!(lx.office_holder("USA", "head_of_state", "president", Some(date(2025, 6, 15))), Some(trump));
        let raisi = person(&lx, "ebrahim-raisi");
        let pez = person(&lx, "masoud-pezeshkian");
        assert_eq!(lx.office_holder("IRN", "head_of_state", "president", Some(date(2023, 5, 1))), Some(raisi));
        assert_eq!(lx.office_holder("IRN", "head_of_state", "president", Some(date(2025, 6, 15))), Some(pez));
        let salami = lx.person_actor(person(&lx, "hossein-salami"), Some(date(2025, 6, 1)));
        assert_eq!(salami.code, "IRNMIL");
        assert_eq!(lx.person_actor(person(&lx, "hossein-salami"), Some(date(2025, 6, 20))).code, "IRNELI");
    }

    #[test]
    fn agents_and_titles() {
        let lx = lx();
        assert_eq!(lx.agents.get("officials").map(String::as_str), Some("GOV"));
        assert_eq!(lx.agents.get("military").map(String::as_str), Some("MIL"));
        assert_eq!(lx.titles.get("foreign minister").map(|t| t.office.as_str()), Some("foreign_minister"));
        assert_eq!(lx.titles.get("gen.").map(|t| t.sector.as_str()), Some("MIL"));
        assert!(partial_date("2024-02", false) == Some(date(2024, 2, 29)));
    }
}
