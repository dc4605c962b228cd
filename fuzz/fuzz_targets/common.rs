//! Shared by every target: read `data` as `format`, and check what came out. A reader must
//! yield articles or errors naming the input (never panic); every article is analysed by the
//! whole pipeline, whose document must pass the sitrep/1 invariant check with no stage
//! having panicked (the pipeline turns a stage's panic into an error diagnostic, which would
//! otherwise hide it from the fuzzer).

use std::sync::OnceLock;

use sitrep_extract::Pipeline;
use sitrep_ingest::{Format, Origin, read_bytes};
use sitrep_model::Article;

pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(Pipeline::new)
}

pub fn read_and_analyse(format: Format, data: &[u8]) {
    for item in read_bytes(Origin::file("fuzz"), format, data) {
        match item {
            Ok(input) => {
                assert!(!input.article.text.trim().is_empty(), "an article with no text");
                analyse(input.article);
            }
            Err(e) => assert!(e.origin.input == "fuzz", "error without its input: {e}"),
        }
    }
}

pub fn analyse(article: Article) {
    let doc = pipeline().run(article);
    let violations = sitrep_model::check::check(&doc);
    assert!(violations.is_empty(), "invariants violated: {violations:?}");
    for d in &doc.diagnostics {
        assert!(!d.message.starts_with("internal error"), "{}", d.message);
    }
}
