//! Property tests: on any text, the pipeline never panics and its output passes the sitrep/1
//! invariant check (spans in bounds and on char boundaries, layers sorted, references real).

use std::sync::OnceLock;

use proptest::prelude::*;
use sitrep_extract::Pipeline;
use sitrep_model::{Article, Published, check};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(Pipeline::new)
}

/// Text built from pieces that stress the stages: quotes, dates, abbreviations, bullets,
/// place names and coordinates, multi-byte characters, stray brackets and line breaks.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Thursday".to_string()),
        Just("late Sunday local time".to_string()),
        Just("June 13, 2025".to_string()),
        Just("two days ago".to_string()),
        Just("the day before".to_string()),
        Just("U.S.".to_string()),
        Just("Gen.".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("’s".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("Related:".to_string()),
        Just("...".to_string()),
        Just(". ".to_string()),
        Just("3 p.m. on".to_string()),
        Just("more than a decade".to_string()),
        Just("every Friday".to_string()),
        Just("TEHRAN, June 14 (Wire) - ".to_string()),
        Just("said Saturday".to_string()),
        Just("begins Monday".to_string()),
        Just("would".to_string()),
        Just("the third quarter".to_string()),
        Just("a year earlier".to_string()),
        Just("Easter".to_string()),
        Just("4 a.m. EDT".to_string()),
        Just("in Tehran".to_string()),
        Just("2 1/2".to_string()),
        Just("nineteen ninety-six".to_string()),
        Just("Washington".to_string()),
        Just("Paris, Texas".to_string()),
        Just("the Syrian town of".to_string()),
        Just("northern".to_string()),
        Just("al-".to_string()),
        Just("Mount".to_string()),
        Just("Dam".to_string()),
        Just("33°47′N 44°30′E /".to_string()),
        Just("33.78; 44.5".to_string()),
        Just("Iran's".to_string()),
        Just("Natanz site".to_string()),
        Just("é".to_string()),
        Just("\u{200B}".to_string()),
        Just("🙂".to_string()),
        "[a-zA-Z]{1,9}",
        "[0-9]{1,4}",
        "\\PC{1,6}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.join(" "))
}

/// Text built from the pieces attribution reads: cues, sources, quote marks of every kind,
/// commas, colons and pronouns, in any order.
fn attributionish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("said".to_string()),
        Just("he said".to_string()),
        Just("They said".to_string()),
        Just("according to".to_string()),
        Just("sources told Reuters and the Associated Press".to_string()),
        Just("That’s according to".to_string()),
        Just("declined to comment".to_string()),
        Just("did not respond".to_string()),
        Just("Trump".to_string()),
        Just("the Iranian foreign ministry".to_string()),
        Just("unnamed U.S. officials".to_string()),
        Just("wrote on Truth Social".to_string()),
        Just("adding that".to_string()),
        Just("who".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("''".to_string()),
        Just("\"".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just("[Washington]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just(".".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        "[a-z]{1,8}",
        "[A-Z][a-z]{1,8}",
    ];
    prop::collection::vec(piece, 0..50).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn attribution_output_is_always_sound(text in attributionish()) {
        let mut article = Article::new("q", text);
        article.published = Some(Published::parse("2025-06-15").unwrap());
        let doc = pipeline().run(article);
        let violations = check::check(&doc);
        prop_assert!(violations.is_empty(), "{violations:#?}");
        prop_assert!(doc.diagnostics.iter().all(|d| !d.message.contains("internal error")), "{:?}", doc.diagnostics);
        // Every quote has exactly one claim (speech-act events may add claims of their own),
        // and quote ids run q1.. in order.
        let quotes = doc.quotes.as_deref().unwrap_or(&[]);
        let claims = doc.claims.as_deref().unwrap_or(&[]);
        for (i, q) in quotes.iter().enumerate() {
            prop_assert_eq!(&q.id, &format!("q{}", i + 1));
            prop_assert_eq!(claims.iter().filter(|c| c.quote.as_deref() == Some(q.id.as_str())).count(), 1);
        }
    }

    #[test]
    fn pipeline_output_is_always_sound(text in newsish(), dated in any::<bool>()) {
        let mut article = Article::new("p", text);
        if dated {
            article.published = Some(Published::parse("2025-01-01").unwrap());
        }
        let doc = pipeline().run(article);
        let violations = check::check(&doc);
        prop_assert!(violations.is_empty(), "{violations:#?}");
        prop_assert!(doc.diagnostics.iter().all(|d| !d.message.contains("internal error")), "{:?}", doc.diagnostics);
    }

    #[test]
    fn arbitrary_unicode_is_handled(text in "\\PC{0,400}") {
        let doc = pipeline().run(Article::new("u", text));
        let violations = check::check(&doc);
        prop_assert!(violations.is_empty(), "{violations:#?}");
        prop_assert!(doc.diagnostics.is_empty(), "{:?}", doc.diagnostics);
    }
}
