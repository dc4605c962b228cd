//! Stable article ids: a hash of the canonical URL when there is one, else of the text.

use xxhash_rust::xxh3::xxh3_64;

/// `a` followed by 16 hex digits of the xxh3 hash of the URL (or, lacking one, the text).
pub fn article_id(url: Option<&str>, text: &str) -> String {
    let h = match url.filter(|u| !u.trim().is_empty()) {
        Some(u) => xxh3_64(u.trim().as_bytes()),
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
}
