//! The SQLite backend: the conformance suite, on-disk behaviour (WAL, reopening), and the
//! committed databases from every released storage format, which current code must open.

use std::path::{Path, PathBuf};

use sitrep_store::sqlite::{SCHEMA_VERSION, SqliteStore};
use sitrep_store::{Filter, Store, conformance};

#[test]
fn sqlite_passes_the_conformance_suite() {
    conformance::run(&|| Box::new(SqliteStore::in_memory().expect("in-memory store")));
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixture(version: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/v{version}.db"))
}

/// Write the fixture for the current format. Run once per released format, commit the file,
/// and never regenerate an old one: `UPDATE_FIXTURES=1 cargo test -p sitrep-store fixtures`.
#[test]
fn fixtures_of_every_released_format_open() {
    let current = fixture(SCHEMA_VERSION);
    if std::env::var_os("UPDATE_FIXTURES").is_some() && !current.exists() {
        let mut s = SqliteStore::open(&current).unwrap();
        let doc = conformance::example_document();
        let fp = sitrep_story::dedup::Fingerprint::of(&doc.article.text);
        s.put(&sitrep_store::NewVersion {
            article: &doc.article,
            kind: "jsonl",
            origin: "docs/schema.md",
            input_diagnostics: &[],
            fingerprint: &fp,
            near_duplicate_of: None,
            document: &doc,
        })
        .unwrap();
        s.replace_stories(&sitrep_story::situation(std::slice::from_ref(&doc)).stories).unwrap();
        drop(s);
    }
    let dir = scratch("fixtures");
    for v in 1..=SCHEMA_VERSION {
        let src = fixture(v);
        assert!(src.exists(), "no committed database for storage format {v} at {}", src.display());
        // Opening migrates in place: work on a copy so the committed file never changes.
        let copy = dir.join(format!("v{v}.db"));
        std::fs::copy(&src, &copy).unwrap();
        let s = SqliteStore::open(&copy).unwrap_or_else(|e| panic!("format {v} database does not open: {e}"));
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION, "format {v} migrated to current");
        let rows = s.articles().unwrap();
        assert_eq!(rows.len(), 1, "format {v}");
        let doc = s.document(rows[0].current_version.unwrap()).unwrap().expect("analysis");
        assert_eq!(doc, conformance::example_document(), "format {v} document reads back");
        assert_eq!(s.events(&Filter { actor: Some("ISR".into()), ..Default::default() }).unwrap().len(), 1);
        // Format 2 backfills places, claimant codes and the full-text index from older analyses.
        assert_eq!(s.places(&Filter::default()).unwrap().len(), 1, "format {v} places");
        let claims = s.claims(&Filter { actor: Some("IRNGOV".into()), ..Default::default() }).unwrap();
        assert_eq!(claims.len(), 1, "format {v} claimant codes");
        let hits = s.search(&Filter { q: Some("natanz".into()), ..Default::default() }).unwrap();
        assert_eq!(hits.len(), 1, "format {v} full-text index");
        // Format 3 keeps stories; older formats have none until the next ingest.
        let stories = s.stories(None, None).unwrap();
        assert_eq!(stories.len(), usize::from(v >= 3), "format {v} stories");
        if let Some(st) = stories.first() {
            assert_eq!(s.story(&st.id).unwrap().as_ref(), Some(st), "format {v} story by id");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn file_database_uses_wal_and_survives_reopening() {
    let dir = scratch("wal");
    let path = dir.join("s.db");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        let doc = conformance::example_document();
        let fp = sitrep_story::dedup::Fingerprint::of(&doc.article.text);
        s.put(&sitrep_store::NewVersion {
            article: &doc.article,
            kind: "jsonl",
            origin: "x",
            input_diagnostics: &[],
            fingerprint: &fp,
            near_duplicate_of: None,
            document: &doc,
        })
        .unwrap();
        assert!(dir.join("s.db-wal").exists(), "WAL mode keeps a write-ahead log beside the database");
    }
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.counts().unwrap().articles, 1);
    // Another connection's write changes this one's revision (a server sees `sitrep ingest`).
    let before = s.revision().unwrap();
    let mut other = SqliteStore::open(&path).unwrap();
    let mut doc = conformance::bare_document(sitrep_model::Article::new("late", "Another report arrived late."));
    doc.article.title = Some("Late".into());
    let fp = sitrep_story::dedup::Fingerprint::of(&doc.article.text);
    other
        .put(&sitrep_store::NewVersion {
            article: &doc.article,
            kind: "text",
            origin: "late.txt",
            input_diagnostics: &[],
            fingerprint: &fp,
            near_duplicate_of: None,
            document: &doc,
        })
        .unwrap();
    assert_ne!(s.revision().unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreadable_file_is_a_clear_error() {
    let dir = scratch("junk");
    let path = dir.join("junk.db");
    std::fs::write(&path, b"this is not a database, just some text that is long enough to matter").unwrap();
    let e = SqliteStore::open(&path).unwrap_err().to_string();
    assert!(e.starts_with(&format!("{}: ", path.display())), "{e}");
    assert!(e.contains("not a database"), "{e}");
    // A PostgreSQL URL goes to that backend: nothing listens on port 1, and the error says where.
    let Err(e) = sitrep_store::open("postgres://nobody:secret@127.0.0.1:1/x") else { panic!("nothing listens there") };
    let e = e.to_string();
    assert!(e.starts_with("postgres://nobody@127.0.0.1:1/x: cannot connect"), "{e}");
    assert!(!e.contains("secret"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}
