//! News outlets and platforms, from our data table `resources/outlets.tsv` (columns `id name
//! aliases kind country owner_type domains`): who published an article, by name, alias, web
//! domain or byline, and what kind of source it is (wire, state media, platform...), so later
//! stages can count independent sources and flag state media. `extract` uses the same table
//! for "told Reuters".
//!
//! Matching is by folded name (case, spacing, a leading "The", dots), never by substring:
//! "Times" alone names several papers and matches none.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The table as shipped.
pub const OUTLETS_TSV: &str = include_str!("../resources/outlets.tsv");

/// What kind of source an outlet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OutletKind {
    Wire,
    Newspaper,
    Broadcaster,
    Magazine,
    Online,
    Agency,
    Platform,
    /// State-run agencies and broadcasters whose line is the government's.
    StateMedia,
}

/// Who owns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OwnerType {
    Private,
    /// Public-service and editorially independent.
    Public,
    State,
    Party,
    Unknown,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outlet {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: OutletKind,
    /// ISO 3166-1 alpha-3 of its base or owner.
    pub country: String,
    pub owner_type: OwnerType,
    /// Web domains, without scheme or `www.`.
    pub domains: Vec<String>,
}

/// A row of the table that does not read, with its line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("outlets.tsv line {line}: {message}")]
pub struct OutletError {
    pub line: usize,
    pub message: String,
}

/// The loaded table with its indexes. Validated once when built; lookups trust it.
#[derive(Debug, Clone)]
pub struct Outlets {
    outlets: Vec<Outlet>,
    by_name: BTreeMap<String, Vec<usize>>,
    by_domain: BTreeMap<String, usize>,
}

impl Outlets {
    /// The shipped table, parsed on first use. It is checked by this crate's tests, so a
    /// failure here is our bug.
    pub fn builtin() -> &'static Outlets {
        static TABLE: OnceLock<Outlets> = OnceLock::new();
        TABLE.get_or_init(|| Outlets::parse(OUTLETS_TSV).expect("resources/outlets.tsv is checked by tests"))
    }

    /// Parse a table in the `outlets.tsv` format: `#` lines are comments, the first other
    /// line is the header.
    pub fn parse(src: &str) -> Result<Outlets, OutletError> {
        let mut outlets: Vec<Outlet> = Vec::new();
        let mut header_seen = false;
        for (i, line) in src.lines().enumerate() {
            let n = i + 1;
            let err = |message: String| OutletError { line: n, message };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if !header_seen {
                if cols != ["id", "name", "aliases", "kind", "country", "owner_type", "domains"] {
                    return Err(err("expected the header 'id name aliases kind country owner_type domains'".into()));
                }
                header_seen = true;
                continue;
            }
            if cols.len() != 7 {
                return Err(err(format!("expected 7 tab-separated columns, found {}", cols.len())));
            }
            let list = |s: &str| -> Vec<String> {
                s.split('|').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
            };
            let id = cols[0].trim();
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
                return Err(err(format!("id '{id}' is not a lowercase slug")));
            }
            if outlets.iter().any(|o| o.id == id) {
                return Err(err(format!("duplicate id '{id}'")));
            }
            let kind = match cols[3].trim() {
                "wire" => OutletKind::Wire,
                "newspaper" => OutletKind::Newspaper,
                "broadcaster" => OutletKind::Broadcaster,
                "magazine" => OutletKind::Magazine,
                "online" => OutletKind::Online,
                "agency" => OutletKind::Agency,
                "platform" => OutletKind::Platform,
                "state_media" => OutletKind::StateMedia,
                other => return Err(err(format!("unknown kind '{other}'"))),
            };
            let owner_type = match cols[5].trim() {
                "private" => OwnerType::Private,
                "public" => OwnerType::Public,
                "state" => OwnerType::State,
                "party" => OwnerType::Party,
                "unknown" => OwnerType::Unknown,
                other => return Err(err(format!("unknown owner_type '{other}'"))),
            };
            let country = cols[4].trim();
            if !(country.len() == 3 && country.bytes().all(|b| b.is_ascii_uppercase())) {
                return Err(err(format!("country '{country}' is not an ISO 3166-1 alpha-3 code")));
            }
            let domains = list(cols[6]);
            if let Some(d) = domains.iter().find(|d| d.contains("://") || d.starts_with("www.") || d.contains('/')) {
                return Err(err(format!("domain '{d}' should be a bare host (no scheme, www. or path)")));
            }
            let name = cols[1].trim();
            if name.is_empty() {
                return Err(err("empty name".into()));
            }
            outlets.push(Outlet {
                id: id.to_string(),
                name: name.to_string(),
                aliases: list(cols[2]),
                kind,
                country: country.to_string(),
                owner_type,
                domains,
            });
        }
        let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_domain = BTreeMap::new();
        for (i, o) in outlets.iter().enumerate() {
            for n in std::iter::once(&o.name).chain(&o.aliases) {
                let e = by_name.entry(fold(n)).or_default();
                if !e.contains(&i) {
                    e.push(i);
                }
            }
            for d in &o.domains {
                if let Some(prev) = by_domain.insert(d.to_ascii_lowercase(), i) {
                    return Err(OutletError {
                        line: 0,
                        message: format!("domain '{d}' belongs to both '{}' and '{}'", outlets[prev].id, o.id),
                    });
                }
            }
        }
        Ok(Outlets { outlets, by_name, by_domain })
    }

    pub fn len(&self) -> usize {
        self.outlets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.outlets.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Outlet> {
        self.outlets.iter()
    }

    pub fn get(&self, id: &str) -> Option<&Outlet> {
        self.outlets.iter().find(|o| o.id == id)
    }

    /// Every outlet a name or alias may mean ("ABC": two). "The X" also finds "X", but "X"
    /// never finds "The X": "Times" alone names several papers.
    pub fn named(&self, name: &str) -> Vec<&Outlet> {
        let folded = fold(name);
        let hit = self.by_name.get(&folded).or_else(|| folded.strip_prefix("the ").and_then(|f| self.by_name.get(f)));
        hit.map(|v| v.iter().map(|&i| &self.outlets[i]).collect()).unwrap_or_default()
    }

    /// The outlet a name or alias means, when it means exactly one.
    pub fn by_name(&self, name: &str) -> Option<&Outlet> {
        match self.named(name).as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The outlet owning a host (`www.bbc.co.uk`, `news.bbc.co.uk`: the host itself, then
    /// each parent domain).
    pub fn by_domain(&self, host: &str) -> Option<&Outlet> {
        let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
        let mut h = host.strip_prefix("www.").unwrap_or(&host);
        loop {
            if let Some(&i) = self.by_domain.get(h) {
                return Some(&self.outlets[i]);
            }
            match h.split_once('.') {
                Some((_, rest)) if rest.contains('.') => h = rest,
                _ => return None,
            }
        }
    }

    /// The outlet of a URL's host.
    pub fn by_url(&self, url: &str) -> Option<&Outlet> {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let host = host.split(':').next().unwrap_or("");
        if host.is_empty() { None } else { self.by_domain(host) }
    }

    /// An outlet named in a byline: "By Jane Doe, Reuters", "Reuters Staff", "AFP and AP".
    pub fn in_byline(&self, byline: &str) -> Option<&Outlet> {
        let b = byline.trim();
        let b = b.strip_prefix("By ").or_else(|| b.strip_prefix("by ")).unwrap_or(b);
        for part in b.split([',', ';', '|', '/', '(', ')']).flat_map(|p| p.split(" and ")) {
            let part = part.trim();
            let part = part.strip_suffix(" Staff").or_else(|| part.strip_suffix(" staff")).unwrap_or(part);
            if let Some(o) = self.by_name(part) {
                return Some(o);
            }
        }
        None
    }

    /// The outlet in a wire dateline at the head of a text: "TEHRAN, June 14 (Reuters) -".
    pub fn in_dateline(&self, text: &str) -> Option<&Outlet> {
        let head = &text[..sitrep_text::floor_char_boundary(text, 200)];
        let open = head.find('(')?;
        let close = open + head[open..].find(')')?;
        let after = head[close + 1..].trim_start();
        if !(after.starts_with('-') || after.starts_with('–') || after.starts_with('—')) {
            return None;
        }
        self.by_name(&head[open + 1..close])
    }
}

/// Fold a name for matching: lowercase, dots dropped, spaces collapsed.
fn fold(s: &str) -> String {
    s.to_lowercase().replace('.', "").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The article's outlet, by the first of: the name its metadata gives, if the table knows it;
/// its URL's domain; the metadata name as given; a byline naming an outlet; a wire dateline.
/// Known outlets are written with the table's name ("Reuters", not "REUTERS" or
/// "reuters.com").
pub fn resolve_source(
    outlets: &Outlets,
    source: Option<&str>,
    url: Option<&str>,
    author: Option<&str>,
    text: &str,
) -> Option<String> {
    let given = source.map(str::trim).filter(|s| !s.is_empty());
    given
        .and_then(|s| outlets.by_name(s))
        .or_else(|| url.and_then(|u| outlets.by_url(u)))
        .map(|o| o.name.clone())
        .or_else(|| given.map(str::to_string))
        .or_else(|| author.and_then(|a| outlets.in_byline(a)).map(|o| o.name.clone()))
        .or_else(|| outlets.in_dateline(text).map(|o| o.name.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_is_valid_and_large_enough() {
        let t = Outlets::parse(OUTLETS_TSV).unwrap();
        assert!(t.len() >= 150, "{} outlets", t.len());
        for must in
            ["reuters", "ap", "afp", "irna", "tasnim", "press-tv", "tass", "xinhua", "truth-social", "x", "telegram"]
        {
            assert!(t.get(must).is_some(), "{must} missing");
        }
        assert_eq!(t.get("press-tv").unwrap().kind, OutletKind::StateMedia);
    }

    #[test]
    fn lookups() {
        let t = Outlets::builtin();
        for (name, id) in [
            ("Reuters", Some("reuters")),
            ("the associated press", Some("ap")),
            ("A.P.", Some("ap")),
            ("ABC", None),
            ("Times", None),
        ] {
            assert_eq!(t.by_name(name).map(|o| o.id.as_str()), id, "{name}");
        }
        assert_eq!(t.named("ABC").len(), 2);
        for (host, id) in [
            ("www.reuters.com", Some("reuters")),
            ("uk.reuters.com", Some("reuters")),
            ("apnews.com", Some("ap")),
            ("example.com", None),
            ("com", None),
        ] {
            assert_eq!(t.by_domain(host).map(|o| o.id.as_str()), id, "{host}");
        }
        assert_eq!(t.by_url("https://www.aljazeera.com/news/1?x=2").map(|o| o.id.as_str()), Some("al-jazeera"));
        assert_eq!(t.in_byline("By Parisa Hafezi, Reuters").map(|o| o.id.as_str()), Some("reuters"));
        assert_eq!(t.in_byline("Reuters Staff").map(|o| o.id.as_str()), Some("reuters"));
        assert_eq!(t.in_byline("Jane Doe"), None);
        assert_eq!(t.in_dateline("DUBAI, June 14 (Reuters) - Iran said...").map(|o| o.id.as_str()), Some("reuters"));
        assert_eq!(t.in_dateline("The talks (in Oman) went on."), None);
    }

    #[test]
    fn resolution_order() {
        let t = Outlets::builtin();
        let r = |s: Option<&str>, u: Option<&str>, a: Option<&str>, text: &str| resolve_source(t, s, u, a, text);
        assert_eq!(r(Some("REUTERS"), None, None, ""), Some("Reuters".into()));
        assert_eq!(r(Some("World News | Site"), Some("https://www.bbc.co.uk/news/1"), None, ""), Some("BBC".into()));
        assert_eq!(
            r(Some("Meridian Wire"), Some("https://meridian.example/a"), None, ""),
            Some("Meridian Wire".into())
        );
        assert_eq!(r(None, None, Some("By A. Writer, AFP"), ""), Some("Agence France-Presse".into()));
        assert_eq!(r(None, None, None, "GAZA, June 2 (AP) — Strikes..."), Some("Associated Press".into()));
        assert_eq!(r(None, None, None, "Nothing here."), None);
    }

    #[test]
    fn bad_tables_name_the_line() {
        let head = "# c\nid\tname\taliases\tkind\tcountry\towner_type\tdomains\n";
        for (row, msg) in [
            ("x\tX\t\twire\tGB\tprivate\t", "line 3: country 'GB' is not an ISO 3166-1 alpha-3 code"),
            ("x\tX\t\tblog\tGBR\tprivate\t", "line 3: unknown kind 'blog'"),
            ("x\tX\twire", "line 3: expected 7 tab-separated columns, found 3"),
            ("x\tX\t\twire\tGBR\tprivate\thttps://x.com", "line 3: domain 'https://x.com' should be a bare host"),
        ] {
            let e = Outlets::parse(&format!("{head}{row}\n")).unwrap_err();
            assert!(e.to_string().starts_with(&format!("outlets.tsv {msg}")), "{e}");
        }
        assert!(Outlets::parse("id\tname\n").unwrap_err().to_string().contains("line 1: expected the header"));
    }
}
