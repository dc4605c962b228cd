//! Article identity: canonical URLs and stable article ids (a hash of the canonical URL
//! when there is one, else of the text). An updated page keeps its URL and so its id; the
//! store makes the new text a new version of it.

use xxhash_rust::xxh3::xxh3_64;

/// Query parameters that track a reader, not name a page.
const TRACKING: &[&str] = &["fbclid", "gclid", "dclid", "msclkid", "ocid", "cmpid", "mc_cid", "mc_eid", "smid", "taid"];

/// The canonical form of an http(s) URL: host lowercased, fragment, default port and
/// tracking parameters (`utm_*`, `fbclid`, ...) dropped. `None` for anything else.
pub fn canonical_url(url: &str) -> Option<String> {
    let mut u = url::Url::parse(url.trim()).ok()?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return None;
    }
    u.set_fragment(None);
    let kept: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("utm_") && !TRACKING.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        u.set_query(None);
    } else {
        u.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(u.to_string())
}

/// What identifies a page across trivial URL differences: scheme, `www.` and a trailing
/// slash do not make another article.
fn identity_key(url: &str) -> String {
    match canonical_url(url).and_then(|c| url::Url::parse(&c).ok()) {
        Some(u) => {
            let host = u.host_str().unwrap_or("");
            let host = host.strip_prefix("www.").unwrap_or(host);
            let path = u.path().trim_end_matches('/');
            match u.query() {
                Some(q) => format!("{host}{path}?{q}"),
                None => format!("{host}{path}"),
            }
        }
        None => url.trim().to_string(),
    }
}

/// `a` followed by 16 hex digits of the xxh3 hash of the URL's identity (or, lacking a URL,
/// the text).
pub fn article_id(url: Option<&str>, text: &str) -> String {
    let h = match url.filter(|u| !u.trim().is_empty()) {
        Some(u) => xxh3_64(identity_key(u).as_bytes()),
        None => xxh3_64(text.as_bytes()),
    };
    format!("a{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_wins_and_ids_are_stable() {
        assert_eq!(article_id(Some("https://x.example/a"), "one"), article_id(Some("https://x.example/a"), "two"));
        assert_ne!(article_id(None, "one"), article_id(None, "two"));
        assert_eq!(article_id(None, "one").len(), 17);
    }

    #[test]
    fn canonical_urls_and_identity() {
        for (input, want) in [
            ("https://News.Example/a/b?utm_source=x&id=3#top", Some("https://news.example/a/b?id=3")),
            ("http://news.example:80/a?fbclid=1", Some("http://news.example/a")),
            ("ftp://news.example/a", None),
            ("not a url", None),
        ] {
            assert_eq!(canonical_url(input).as_deref(), want, "{input}");
        }
        let id = article_id(Some("https://www.news.example/a/"), "x");
        for same in ["http://news.example/a", "https://news.example/a?utm_medium=feed", "https://WWW.news.example/a#c"]
        {
            assert_eq!(article_id(Some(same), "y"), id, "{same}");
        }
        assert_ne!(article_id(Some("https://news.example/b"), "x"), id);
    }
}
