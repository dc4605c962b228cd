//! The PostgreSQL backend: the conformance suite and the work queue, against the server named
//! by `SITREP_TEST_PG` (`.ci/run` starts one with `.ci/postgres`). Without it the tests skip,
//! saying why. Each store lives in its own schema, dropped afterwards.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use sitrep_model::Article;
use sitrep_store::pg::PgStore;
use sitrep_store::{Store, conformance};

fn server() -> Option<String> {
    let url = std::env::var("SITREP_TEST_PG").ok().filter(|u| !u.is_empty());
    if url.is_none() {
        eprintln!("skipped: SITREP_TEST_PG is not set (export SITREP_TEST_PG=$(bash .ci/postgres) to run)");
    }
    url
}

/// A schema name unique to this process and call.
fn schema(tag: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!("t_{tag}_{}_{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

#[test]
fn postgres_passes_the_conformance_suite() {
    let Some(url) = server() else { return };
    let made = std::sync::Mutex::new(Vec::new());
    conformance::run(&|| {
        let s = schema("conf");
        made.lock().unwrap().push(s.clone());
        Box::new(PgStore::open_in_schema(&url, &s).expect("store in a fresh schema"))
    });
    for s in made.into_inner().unwrap() {
        PgStore::open_in_schema(&url, &s).unwrap().drop_schema(&s).unwrap();
    }
}

#[test]
fn reopening_migrates_once_and_refuses_the_future() {
    let Some(url) = server() else { return };
    let s = schema("mig");
    let store = PgStore::open_in_schema(&url, &s).unwrap();
    assert_eq!(store.schema_version().unwrap(), sitrep_store::pg::SCHEMA_VERSION);
    drop(store);
    let store = PgStore::open_in_schema(&url, &s).unwrap();
    assert_eq!(store.schema_version().unwrap(), sitrep_store::pg::SCHEMA_VERSION);
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.batch_execute(&format!("UPDATE {s}.sitrep_schema SET version = 99")).unwrap();
    let e = PgStore::open_in_schema(&url, &s).unwrap_err().to_string();
    assert!(e.contains("storage format 99 is newer than this build of sitrep knows"), "{e}");
    store.drop_schema(&s).unwrap();
}

#[test]
fn queue_leases_retries_and_finishes() {
    let Some(url) = server() else { return };
    let s = schema("queue");
    let mut q = PgStore::open_in_schema(&url, &s).unwrap();
    for i in 0..3 {
        q.enqueue(&Article::new(format!("a{i}"), format!("Text number {i}.")), "text", &format!("in.txt:{i}"), &[])
            .unwrap();
    }
    let lease = Duration::from_millis(400);
    let first = q.claim("w1", lease).unwrap().expect("a row");
    assert_eq!((first.article.id.as_str(), first.origin.as_str(), first.attempts), ("a0", "in.txt:0", 1));
    let second = q.claim("w2", lease).unwrap().expect("a row");
    assert_eq!(second.article.id, "a1", "a leased row is skipped");
    assert!(q.complete(second.id, "w2", "new", None).unwrap());
    assert!(!q.complete(second.id, "w2", "new", None).unwrap(), "done once");
    let counts = q.queue_counts().unwrap();
    assert_eq!((counts.ready, counts.leased, counts.done), (1, 1, 1));
    // w1 "dies": its lease runs out and the row is claimed again.
    std::thread::sleep(Duration::from_millis(600));
    let again = q.claim("w3", lease).unwrap().expect("the expired row");
    assert_eq!((again.article.id.as_str(), again.attempts), ("a0", 2));
    assert!(!q.complete(first.id, "w1", "new", None).unwrap(), "a lost lease cannot complete");
    assert!(q.complete(again.id, "w3", "new", None).unwrap());
    let last = q.claim("w3", lease).unwrap().expect("a2");
    assert!(q.fail(last.id, "w3", "analysis panicked").unwrap());
    assert!(q.claim("w3", lease).unwrap().is_none());
    let counts = q.queue_counts().unwrap();
    assert_eq!((counts.ready, counts.leased, counts.done, counts.failed), (0, 0, 2, 1));
    // The story lock is exclusive across connections.
    let mut other = PgStore::open_in_schema(&url, &s).unwrap();
    q.with_story_lock(|_| {
        let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let got: bool =
            c.query_one("SELECT pg_try_advisory_lock($1)", &[&sitrep_store::queue::STORY_LOCK]).unwrap().get(0);
        assert!(!got, "another session cannot take the story lock");
        Ok(())
    })
    .unwrap();
    other.with_story_lock(|_| Ok(())).unwrap();
    drop(other);
    q.drop_schema(&s).unwrap();
}
