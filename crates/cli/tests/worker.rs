//! Several workers on one PostgreSQL queue, end to end through the binary: `sitrep ingest
//! --queue` enqueues 1,000 generated articles, three `sitrep worker` processes share them, one
//! is killed with SIGKILL midway, and every article must end up analysed and stored exactly
//! once. Needs the server named by `SITREP_TEST_PG` (`.ci/run` starts one); skips without it.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ARTICLES: usize = 1000;

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

/// A fresh database on the test server, dropped when the guard goes.
struct Database {
    admin: String,
    name: String,
    url: String,
}

impl Database {
    fn new(admin: &str, tag: &str) -> Self {
        let name = format!("sitrep_{tag}_{}", std::process::id());
        let mut c = postgres::Client::connect(admin, postgres::NoTls).expect("connect to SITREP_TEST_PG");
        // Two statements: CREATE DATABASE cannot share a (implicit) transaction.
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
        Database { admin: admin.to_string(), url: format!("{base}/{name}"), name }
    }
    fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

fn server() -> Option<String> {
    let url = std::env::var("SITREP_TEST_PG").ok().filter(|u| !u.is_empty());
    if url.is_none() {
        eprintln!("skipped: SITREP_TEST_PG is not set (export SITREP_TEST_PG=$(bash .ci/postgres) to run)");
    }
    url
}

/// Short wire-style reports, each distinct: who did what where, with a figure and a source.
fn articles() -> String {
    let actors = [
        "Iranian officials",
        "The Israeli military",
        "Oman's foreign ministry",
        "Qatari mediators",
        "The U.N. nuclear agency",
        "Hezbollah",
        "The U.S. State Department",
        "Saudi Arabia's cabinet",
    ];
    let acts = [
        "said it had intercepted",
        "reported",
        "denied launching",
        "condemned",
        "confirmed",
        "warned against",
        "called for talks after",
        "welcomed a pause in",
    ];
    let things = [
        "drones over the Gulf",
        "strikes near the border",
        "missile tests",
        "naval patrols",
        "arrests of activists",
        "shipments of fuel",
        "a ceasefire proposal",
        "inspections at a plant",
    ];
    let places = ["Tehran", "Beirut", "Muscat", "Doha", "Vienna", "Riyadh", "Baghdad", "Amman", "Cairo", "Sanaa"];
    let mut out = String::new();
    for i in 0..ARTICLES {
        let (a, v, t, p) = (actors[i % 8], acts[(i / 8) % 8], things[(i / 64) % 8], places[i % 10]);
        let n = 3 + (i * 37) % 200;
        let text = format!(
            "{p} - {a} {v} {t} on Tuesday, in report number {i}. At least {n} people were affected, \
             a spokesman told reporters in {p}, adding that figure {} would be reviewed.",
            i * 7919 % 100_003
        );
        let rec = serde_json::json!({
            "id": format!("w{i:04}"), "title": format!("{a} {v} {t}"), "published": "2025-06-17",
            "source": "Test Wire", "text": text,
        });
        out.push_str(&rec.to_string());
        out.push('\n');
    }
    out
}

fn worker(url: &str, name: &str) -> Child {
    sitrep()
        .args(["worker", "--db", url, "--drain", "--threads", "1", "--lease", "3", "--poll", "0.2", "--name", name])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a worker")
}

fn wait(child: &mut Child, deadline: Instant) -> std::process::ExitStatus {
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        assert!(Instant::now() < deadline, "worker did not finish in time");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn three_workers_analyse_every_article_exactly_once_even_when_one_is_killed() {
    let Some(admin) = server() else { return };
    let db = Database::new(&admin, "workers");
    let dir = std::env::temp_dir().join(format!("sitrep-workers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("articles.jsonl");
    std::fs::write(&input, articles()).unwrap();

    let out = sitrep().args(["ingest", "--db", &db.url, "--queue"]).arg(&input).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains(&format!("queued {ARTICLES}, failed 0")), "{err}");

    let deadline = Instant::now() + Duration::from_secs(1800);
    let mut workers: Vec<Child> = ["w1", "w2", "w3"].iter().map(|n| worker(&db.url, n)).collect();
    // Kill w2 once the work is under way, while it holds a lease if we can catch one.
    let mut c = db.client();
    let killed_at_done = loop {
        let done: i64 = c.query_one("SELECT count(*) FROM work_queue WHERE state = 'done'", &[]).unwrap().get(0);
        let w2_leased: i64 = c
            .query_one("SELECT count(*) FROM work_queue WHERE worker = 'w2' AND state = 'queued'", &[])
            .unwrap()
            .get(0);
        if done >= (ARTICLES / 5) as i64 && w2_leased > 0 || done >= (ARTICLES / 2) as i64 {
            workers[1].kill().unwrap();
            break done;
        }
        assert!(Instant::now() < deadline, "no progress");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!((killed_at_done as usize) < ARTICLES, "the kill came midway");
    let killed = wait(&mut workers[1], deadline);
    assert!(!killed.success(), "w2 was killed");
    for i in [0, 2] {
        let status = wait(&mut workers[i], deadline);
        let mut err = String::new();
        std::io::Read::read_to_string(workers[i].stderr.as_mut().unwrap(), &mut err).unwrap();
        assert!(status.success(), "worker {} failed: {err}", i + 1);
    }

    // Every queue row done, none failed or left over.
    let states: Vec<(String, i64)> = c
        .query("SELECT state, count(*) FROM work_queue GROUP BY state ORDER BY state", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(states, [("done".to_string(), ARTICLES as i64)]);
    // Every article stored once, with one analysis that really ran (sentences and events).
    let one = |c: &mut postgres::Client, sql: &str| -> i64 { c.query_one(sql, &[]).unwrap().get(0) };
    assert_eq!(one(&mut c, "SELECT count(*) FROM articles"), ARTICLES as i64);
    assert_eq!(one(&mut c, "SELECT count(*) FROM article_versions"), ARTICLES as i64, "no article stored twice");
    assert_eq!(one(&mut c, "SELECT count(*) FROM analyses"), ARTICLES as i64, "one analysis per article");
    assert_eq!(one(&mut c, "SELECT count(*) FROM duplicates"), 0, "a retried article is not recorded as a duplicate");
    assert_eq!(
        one(
            &mut c,
            "SELECT count(*) FROM work_queue q WHERE NOT EXISTS
               (SELECT 1 FROM articles a WHERE a.id = q.article->>'id')"
        ),
        0,
        "every queued article is stored"
    );
    assert_eq!(
        one(&mut c, "SELECT count(*) FROM analyses WHERE document->'sentences' IS NULL OR document->'events' IS NULL"),
        0
    );
    // All three took part, and the survivors finished what w2 left.
    let by: Vec<(String, i64)> = c
        .query("SELECT worker, count(*) FROM work_queue GROUP BY worker ORDER BY worker", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(by.len(), 3, "{by:?}");
    let retried = one(&mut c, "SELECT count(*) FROM work_queue WHERE attempts > 1");
    eprintln!("done by worker: {by:?}; killed after {killed_at_done} done; rows retried after the kill: {retried}");
    let _ = std::fs::remove_dir_all(&dir);
}
