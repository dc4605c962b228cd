//! The store commands end to end: `ingest` (idempotence, duplicates, versions, failures,
//! and a crash test: SIGKILL at seeded random moments, then a rerun, must leave the same
//! database as a clean run), `query` and `export` on a store holding the schema example.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use sitrep_store::{NewVersion, Store, conformance, sqlite::SqliteStore};

fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).output().expect("run sitrep")
}

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("sitrep-store-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
    fn file(&self, name: &str, text: &str) -> String {
        let p = self.0.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A small deterministic generator (64-bit LCG), so the crash points are seeded.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const PLACES: &[&str] = &["Tehran", "Haifa", "Doha", "Muscat", "Geneva", "Isfahan", "Beersheba", "Istanbul"];
const ACTS: &[&str] =
    &["reported explosions", "held talks", "announced a ceasefire", "closed the airport", "evacuated a district"];

/// An article text unlike every other index's, long enough for shingles to matter.
fn article(i: usize) -> String {
    let mut g = Lcg(i as u64 * 7919 + 1);
    let mut s = format!("Title: Report number {i}\nPublished: 2025-06-{:02}\n\n", 1 + i % 28);
    for p in 0..4 {
        let place = PLACES[g.below(PLACES.len() as u64) as usize];
        let act = ACTS[g.below(ACTS.len() as u64) as usize];
        s.push_str(&format!(
            "Officials in {place} {act} on Thursday, according to dispatch {i}-{p}, as residents counted {} damaged homes and {} people waited for news of relatives.\n\n",
            g.below(900) + 10,
            g.below(5000) + 100
        ));
    }
    s
}

/// Article rows, versions and analyses, without timestamps or row ids that may differ.
fn snapshot(db: &str) -> Vec<String> {
    let s = SqliteStore::open(db).unwrap();
    let mut out = Vec::new();
    for a in s.articles().unwrap() {
        out.push(format!("article {} url={:?} source={:?} versions={}", a.id, a.url, a.source, a.versions));
        for v in s.versions(&a.id).unwrap() {
            let doc = s.document(v.id).unwrap().map(|d| serde_json::to_string(&d).unwrap());
            out.push(format!(
                "  v{} {} {} near={:?}/{:?} doc={}",
                v.version,
                v.kind,
                v.content_hash,
                v.near_duplicate_of,
                v.similarity,
                doc.unwrap_or_default()
            ));
        }
    }
    let c = s.counts().unwrap();
    out.push(format!("{c:?}"));
    out
}

#[test]
fn killed_at_random_moments_a_rerun_equals_a_clean_run() {
    let s = Scratch::new("crash");
    for i in 0..150 {
        s.file(&format!("in/{i:03}.txt"), &article(i));
    }
    // Two exact copies and a near copy, so links are part of what must survive.
    s.file("in/200-copy.txt", &article(3));
    s.file("in/201-copy.txt", &article(40).replace("\n\n", "\n\n\n"));
    s.file(
        "in/202-near.txt",
        &format!("{}Editing by the desk.\n", article(7).replace("Report number 7", "Report 7 updated")),
    );
    let input = s.path("in");
    let clean_db = s.path("clean.db");
    let started = Instant::now();
    let out = sitrep(&["ingest", "--threads", "2", "--db", &clean_db, &input]);
    let clean_time = started.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("read 153: new 150, updated 0, duplicate 2, near-duplicate 1"), "{stderr}");
    let clean = snapshot(&clean_db);

    let mut g = Lcg(20250614);
    let mut total_kills = 0;
    for round in 0..3 {
        let db = s.path(&format!("crash{round}.db"));
        let mut kills = 0;
        for attempt in 0..3 {
            let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
                .args(["ingest", "--threads", "2", "--db", &db, &input])
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            // The first run of a round starts from an empty database: a wait within the first
            // half of a clean run's time lands inside it even on a busy machine. Later runs
            // resume and finish sooner, so their waits may fall after the end.
            let span = clean_time.as_millis() as u64 / if attempt == 0 { 2 } else { 1 };
            let wait = g.below(span + 1);
            std::thread::sleep(Duration::from_millis(wait));
            // Child::kill sends SIGKILL on Unix: no destructor, no flush, no rollback handler.
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap();
                kills += 1;
            }
            child.wait().unwrap();
        }
        total_kills += kills;
        let out = sitrep(&["ingest", "--threads", "2", "--db", &db, &input]);
        assert_eq!(out.status.code(), Some(0), "round {round}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(snapshot(&db), clean, "round {round} ({kills} kills): database differs from a clean run");
    }
    assert!(total_kills > 0, "no run was killed: the crash points never fell inside a run");
}

#[test]
fn ingest_is_idempotent_and_reports_failures() {
    let s = Scratch::new("ingest");
    let db = s.path("s.db");
    let a = s.file("a.txt", &article(1));
    let b = s.file("b.txt", &article(2));
    let bad = s.file("bad.txt", "");
    let out = sitrep(&["ingest", "--db", &db, &a, &b, &bad]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("error: {bad}: empty input: no text to analyse")), "{stderr}");
    assert!(
        stderr.contains("read 3: new 2, updated 0, duplicate 0, near-duplicate 0, linked to page 0, failed 1"),
        "{stderr}"
    );
    let first = snapshot(&db);
    let out = sitrep(&["ingest", "--db", &db, &a, &b]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("read 2: new 0, updated 0, duplicate 2"));
    assert_eq!(snapshot(&db), first, "same content twice is stored once");

    // A changed text under the same id is a new version of the same article.
    let v2 = s.file("a2.txt", &format!("Id: fixed\n{}", article(9)));
    let v3 = s.file("a3.txt", &format!("Id: fixed\n{}More details emerged later.\n", article(9)));
    let out = sitrep(&["ingest", "--db", &db, &v2, &v3]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("new 1, updated 1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = SqliteStore::open(&db).unwrap();
    assert_eq!(store.article("fixed").unwrap().unwrap().versions, 2);

    let out = sitrep(&["ingest", "--db", &s.path("nodir/x.db"), &a]);
    assert_eq!(out.status.code(), Some(2), "an unusable --db is a configuration error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("nodir/x.db: cannot open database"));
}

#[test]
fn feed_items_are_linked_to_their_pages() {
    let s = Scratch::new("feed");
    let db = s.path("s.db");
    let page = s.file(
        "page.html",
        "<html><head><link rel=canonical href=\"https://wire.example/talks\"><title>Talks resume</title></head><body><article>\
         <p>Envoys from both sides met in Muscat on Monday for a third round of indirect talks, Omani officials said, after a week of strikes.</p>\
         <p>The delegations sat in separate rooms while mediators carried proposals between them.</p></article></body></html>",
    );
    let feed = s.file(
        "feed.rss",
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title><item><title>Talks resume</title>\
         <link>https://wire.example/talks</link><pubDate>Mon, 16 Jun 2025 09:00:00 +0000</pubDate>\
         <description>Envoys met in Muscat on Monday.</description></item></channel></rss>",
    );
    // Feed first: the page becomes the article's current version and inherits the item's date.
    let out = sitrep(&["ingest", "--db", &db, &feed, &page]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("new 1, updated 1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = SqliteStore::open(&db).unwrap();
    let rows = store.articles().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].published.as_deref(), Some("2025-06-16T09:00:00Z"));
    let versions = store.versions(&rows[0].id).unwrap();
    assert_eq!(versions.iter().map(|v| v.kind.as_str()).collect::<Vec<_>>(), ["feed", "page"]);
    // The feed again, after its page: linked, nothing new.
    let out = sitrep(&["ingest", "--db", &db, &feed]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("linked to page 1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A store holding the docs/schema.md example (two events, one quote).
fn example_store(s: &Scratch) -> String {
    let db = s.path("ex.db");
    let mut store = SqliteStore::open(&db).unwrap();
    let doc = conformance::example_document();
    let fp = sitrep_story::dedup::Fingerprint::of(&doc.article.text);
    store
        .put(&NewVersion {
            article: &doc.article,
            kind: "jsonl",
            origin: "example",
            input_diagnostics: &[],
            fingerprint: &fp,
            near_duplicate_of: None,
            document: &doc,
        })
        .unwrap();
    db
}

fn stdout(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn query_answers_common_questions() {
    let s = Scratch::new("query");
    let db = example_store(&s);
    let table = stdout(&sitrep(&["query", "--db", &db, "events", "--actor", "ISR"]));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 2, "{table}");
    assert!(
        lines[0].starts_with("day") && lines[1].starts_with("2025-06-12  190   ISR Israel  IRN Iran  struck"),
        "{table}"
    );
    let json = stdout(&sitrep(&["query", "events", "--db", &db, "--code", "10-14", "--format", "json"]));
    let rows: Vec<serde_json::Value> = json.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0]["eid"].as_str(), rows[0]["source_id"].as_str()), (Some("e2"), Some("abbas-araghchi")));
    let quotes = stdout(&sitrep(&["query", "--db", &db, "quotes", "--speaker", "Abbas Araghchi"]));
    assert!(quotes.contains("We will respond,"), "{quotes}");
    assert_eq!(
        stdout(&sitrep(&["query", "--db", &db, "events", "--dyad", "IRN,ISR"])).lines().count(),
        1,
        "header only"
    );
    let bad = sitrep(&["query", "--db", &db, "events", "--code", "20-14"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("'20-14' is not a CAMEO code or range"));
}

#[test]
fn export_formats() {
    let s = Scratch::new("export");
    let db = example_store(&s);
    let gdelt = stdout(&sitrep(&["export", "--db", &db, "--format", "gdelt"]));
    let rows: Vec<Vec<&str>> = gdelt.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.len() == 61));
    let r = &rows[0];
    assert_eq!(
        (r[1], r[2], r[3], r[5], r[15], r[26], r[28], r[29], r[30]),
        ("20250612", "202506", "2025", "ISR", "IRN", "190", "19", "4", "-10.0")
    );
    assert_eq!(
        (r[52], r[56], r[57], r[59], r[60]),
        ("Natanz", "33.513", "51.916", "20250614093000", "https://meridian.example/world/natanz")
    );
    let header = stdout(&sitrep(&["export", "--db", &db, "--format", "gdelt", "--header", "--code", "19"]));
    assert!(header.starts_with("GLOBALEVENTID\tSQLDATE\tMonthYear\tYear\tFractionDate\tActor1Code"));
    assert_eq!(header.lines().count(), 2);

    let csv = stdout(&sitrep(&["export", "--db", &db, "--format", "csv"]));
    let mut lines = csv.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(head[..3], ["article_id", "url", "outlet"]);
    assert_eq!(lines.count(), 2);

    let plover = stdout(&sitrep(&["export", "--db", &db, "--format", "plover", "--actor", "abbas-araghchi"]));
    let rec: serde_json::Value = serde_json::from_str(plover.trim()).unwrap();
    assert_eq!((rec["event"].as_str(), rec["source"][0]["code"].as_str()), (Some("THREATEN"), Some("IRNGOV")));
    assert_eq!(rec["text"].as_str(), Some("“We will respond,” Iranian Foreign Minister Abbas Araghchi wrote on X."));

    let jsonl = stdout(&sitrep(&["export", "--db", &db, "--format", "jsonl"]));
    let doc: sitrep_model::Document = serde_json::from_str(jsonl.trim()).unwrap();
    assert_eq!(doc, conformance::example_document());
    let none = stdout(&sitrep(&["export", "--db", &db, "--format", "jsonl", "--since", "2025-07-01"]));
    assert!(none.is_empty());
}

#[test]
fn reanalyze_replaces_analyses_from_another_pipeline() {
    let s = Scratch::new("reanalyze");
    let db = example_store(&s);
    let out = sitrep(&["reanalyze", "--db", &db]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("reanalysed 1 of 1 stale analyses"));
    let store = SqliteStore::open(&db).unwrap();
    let doc = store.document(1).unwrap().unwrap();
    assert_ne!(doc.pipeline, conformance::example_document().pipeline);
    assert!(doc.sentences.is_some());
    let again = sitrep(&["reanalyze", "--db", &db]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("reanalysed 0 of 0"));
    assert!(Path::new(&db).exists());
}
