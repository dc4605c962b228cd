//! Query parameters, parsed and validated once per request into a store [`Filter`] and a
//! page. Every list endpoint takes the same names with the same meaning; each endpoint says
//! which apply, and any other name is refused (a misspelt filter must not silently return
//! everything).

use sitrep_store::Filter;

use crate::error::ApiError;

/// Rows per page unless `limit` says otherwise, and the most a page may hold.
pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 500;

/// Every list parameter, in the order the OpenAPI document lists them.
pub const ALL: &[&str] = &["since", "until", "actor", "dyad", "code", "story", "q", "cursor", "limit"];

/// A parsed list request.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub filter: Filter,
    /// A story id, for the caller to turn into `filter.articles`.
    pub story: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

impl ListQuery {
    /// The filter for fetching this page plus one row, which tells whether another follows.
    pub fn page_filter(&self) -> Filter {
        Filter { limit: Some(self.limit + 1), offset: self.offset, ..self.filter.clone() }
    }

    /// Cut the extra row and make the cursor of the next page.
    pub fn page<T>(&self, mut rows: Vec<T>) -> (Vec<T>, Option<String>) {
        let more = rows.len() > self.limit;
        rows.truncate(self.limit);
        (rows, more.then(|| encode_cursor(self.offset + self.limit)))
    }
}

/// Cursors are opaque to clients: `o` and the offset of the next row in the endpoint's fixed
/// order. Rows are ordered by publication, so pages stay stable while nothing older arrives.
fn encode_cursor(offset: usize) -> String {
    format!("o{offset}")
}

fn decode_cursor(s: &str) -> Option<usize> {
    let n = s.strip_prefix('o')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || n.len() > 12 {
        return None;
    }
    n.parse().ok()
}

/// Parse `pairs` for endpoint `path`, accepting only the names in `allowed`.
pub fn parse(pairs: &[(String, String)], allowed: &[&str], path: &str) -> Result<ListQuery, ApiError> {
    let mut q = ListQuery { limit: DEFAULT_LIMIT, ..Default::default() };
    let mut seen: Vec<&str> = Vec::new();
    for (name, value) in pairs {
        let bad = |why: String| ApiError::BadParameter(format!("parameter '{name}': {why}"));
        if !allowed.contains(&name.as_str()) {
            let what = if ALL.contains(&name.as_str()) { "does not apply to" } else { "is not a parameter of" };
            return Err(ApiError::BadParameter(format!(
                "'{name}' {what} {path}; it takes {}",
                if allowed.is_empty() { "none".to_string() } else { allowed.join(", ") }
            )));
        }
        if seen.contains(&name.as_str()) {
            return Err(bad("given more than once".into()));
        }
        seen.push(name.as_str());
        let value = value.trim();
        if value.is_empty() {
            return Err(bad("is empty".into()));
        }
        match name.as_str() {
            "since" => q.filter.since = Some(Filter::parse_day(value).map_err(bad)?),
            "until" => q.filter.until = Some(Filter::parse_day(value).map_err(bad)?),
            "actor" => q.filter.actor = Some(value.to_string()),
            "dyad" => q.filter.dyad = Some(Filter::parse_dyad(value).map_err(bad)?),
            "code" => q.filter.codes = Some(Filter::parse_codes(value).map_err(bad)?),
            "story" => q.story = Some(value.to_string()),
            "q" => {
                if value.chars().count() > 500 {
                    return Err(bad("is longer than 500 characters".into()));
                }
                if sitrep_store::query_words(value).is_empty() {
                    return Err(bad(format!("'{value}' has no words to search for")));
                }
                q.filter.q = Some(value.to_string());
            }
            "cursor" => {
                q.offset = decode_cursor(value)
                    .ok_or_else(|| bad(format!("'{value}' is not a cursor from this API's next_cursor")))?
            }
            "limit" => {
                q.limit = value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| bad(format!("'{value}' is not a whole number from 1 to {MAX_LIMIT}")))?
            }
            _ => unreachable!("allowed names are a subset of ALL"),
        }
    }
    if let (Some(s), Some(u)) = (&q.filter.since, &q.filter.until)
        && s > u
    {
        return Err(ApiError::BadParameter(format!("parameter 'since' ({s}) is after 'until' ({u})")));
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Result<ListQuery, ApiError> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        parse(&pairs, ALL, "/api/events")
    }

    #[test]
    fn parses_every_parameter() {
        let q = p(&[
            ("since", "2025-06-13"),
            ("until", "2025-06-20"),
            ("actor", "IRN"),
            ("dyad", "ISR, IRN"),
            ("code", "14-20"),
            ("q", "Natanz"),
            ("cursor", "o100"),
            ("limit", "20"),
        ])
        .unwrap();
        assert_eq!(q.filter.dyad, Some(("ISR".into(), "IRN".into())));
        assert_eq!(q.filter.codes, Some(("14".into(), "20".into())));
        assert_eq!((q.offset, q.limit), (100, 20));
        assert_eq!(q.page_filter().limit, Some(21));
        let (rows, next) = q.page((0..21).collect());
        assert_eq!((rows.len(), next.as_deref()), (20, Some("o120")));
        assert_eq!(q.page((0..20).collect::<Vec<_>>()).1, None);
    }

    #[test]
    fn refuses_bad_values_naming_the_parameter() {
        for (pairs, want) in [
            (vec![("since", "2025-02-30")], "parameter 'since': '2025-02-30' is not a day"),
            (vec![("since", "2025-06-20"), ("until", "2025-06-13")], "'since' (2025-06-20) is after 'until'"),
            (vec![("code", "20-14")], "parameter 'code': '20-14' is not a CAMEO code"),
            (vec![("dyad", "ISR")], "parameter 'dyad': 'ISR' is not a dyad"),
            (vec![("limit", "0")], "parameter 'limit': '0' is not a whole number from 1 to 500"),
            (vec![("limit", "501")], "from 1 to 500"),
            (vec![("cursor", "100")], "parameter 'cursor': '100' is not a cursor"),
            (vec![("q", "?!")], "parameter 'q': '?!' has no words"),
            (vec![("actor", " ")], "parameter 'actor': is empty"),
            (vec![("actor", "a"), ("actor", "b")], "parameter 'actor': given more than once"),
            (vec![("speaker", "x")], "'speaker' is not a parameter of /api/events"),
        ] {
            let e = p(&pairs).unwrap_err().to_string();
            assert!(e.contains(want), "{pairs:?}: {e}");
        }
        let pairs = vec![("dyad".to_string(), "A,B".to_string())];
        let e = parse(&pairs, &["q", "limit"], "/api/places").unwrap_err().to_string();
        assert_eq!(e, "'dyad' does not apply to /api/places; it takes q, limit");
    }
}
