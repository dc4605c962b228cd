//! Inputs kept from fuzzing (`fuzz/`, cargo-fuzz): each target's seeds and every crash it
//! found, replayed in the normal test suite with the same checks the targets make. Files live
//! in `tests/fuzz/<target>/`: `html`, `feed`, `warc` and `jsonl` are read by that reader and
//! every article it yields is analysed; `pipeline` files are analysed as plain text.
//!
//! The checks: a reader yields articles with text or errors naming the input, never a panic;
//! every document passes `model::check` and no stage panicked (the pipeline turns a stage's
//! panic into an "internal error" diagnostic, which must never appear).

use std::path::Path;
use std::sync::OnceLock;

use sitrep_extract::Pipeline;
use sitrep_ingest::{Format, Origin, read_bytes};
use sitrep_model::{Article, Published};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(Pipeline::new)
}

/// What went wrong with one input, if anything.
fn analyse(name: &str, article: Article) -> Vec<String> {
    let doc = pipeline().run(article);
    let mut problems: Vec<String> =
        sitrep_model::check::check(&doc).into_iter().map(|v| format!("{name}: invariant violated: {v}")).collect();
    problems.extend(
        doc.diagnostics
            .iter()
            .filter(|d| d.message.starts_with("internal error"))
            .map(|d| format!("{name}: {}", d.message)),
    );
    problems
}

fn replay(name: &str, target: &str, data: &[u8]) -> Vec<String> {
    let format = match target {
        "html" => Format::Html,
        "feed" => Format::Rss,
        "warc" => Format::Warc,
        "jsonl" => Format::Jsonl,
        "pipeline" => {
            let Ok(text) = std::str::from_utf8(data) else { return vec![] };
            let text = sitrep_text::clean_text(text);
            if text.trim().is_empty() {
                return vec![];
            }
            let mut article = Article::new("fuzz", text);
            article.published = Published::parse("2025-06-15").ok();
            return analyse(name, article);
        }
        other => return vec![format!("{name}: unknown fuzz target folder '{other}'")],
    };
    let mut problems = Vec::new();
    for item in read_bytes(Origin::file("fuzz"), format, data) {
        match item {
            Ok(input) if input.article.text.trim().is_empty() => problems.push(format!("{name}: article without text")),
            Ok(input) => problems.extend(analyse(name, input.article)),
            Err(e) if e.origin.input != "fuzz" => problems.push(format!("{name}: error without its input: {e}")),
            Err(_) => {}
        }
    }
    problems
}

#[test]
fn fuzz_inputs_replay_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut problems = Vec::new();
    let mut replayed = 0;
    let mut targets: Vec<_> = std::fs::read_dir(&root).expect("tests/fuzz exists").flatten().collect();
    targets.sort_by_key(|e| e.file_name());
    for target in targets {
        let target_name = target.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(target.path()).expect("a target folder").flatten().collect();
        files.sort_by_key(|e| e.file_name());
        for f in files {
            let name = format!("{target_name}/{}", f.file_name().to_string_lossy());
            let data = std::fs::read(f.path()).expect("readable fuzz input");
            let found = std::panic::catch_unwind(|| replay(&name, &target_name, &data))
                .unwrap_or_else(|_| vec![format!("{name}: panicked")]);
            problems.extend(found);
            replayed += 1;
        }
    }
    assert!(replayed >= 5, "expected the seeds of all five targets, found {replayed} inputs");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
