//! Readers on arbitrary bytes: every input yields articles or errors, never a panic.

use proptest::prelude::*;
use sitrep_ingest::{Format, Origin, read_bytes};

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn no_reader_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000), which in 0usize..5) {
        let format = [Format::Text, Format::Html, Format::Jsonl, Format::Rss, Format::Warc][which];
        for input in read_bytes(Origin::file("x"), format, &bytes).into_iter().flatten() {
            prop_assert!(!input.article.text.trim().is_empty());
        }
    }

    #[test]
    fn warc_shaped_garbage(body in "\\PC{0,300}", len in 0usize..400) {
        let record = format!("WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: {len}\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{body}");
        let _ = read_bytes(Origin::file("x.warc"), Format::Warc, record.as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Outlet lookups and URL canonicalisation take any string.
    #[test]
    fn outlet_lookups_take_any_text(s in "\\PC{0,120}") {
        let t = sitrep_ingest::outlets::Outlets::builtin();
        let _ = (t.by_name(&s), t.by_url(&s), t.in_byline(&s), t.in_dateline(&s), t.by_domain(&s));
        let _ = sitrep_ingest::canonical_url(&s);
        let _ = sitrep_ingest::article_id(Some(&s), "x");
        let _ = sitrep_ingest::detect_language(&s);
    }
}
