//! Browser tests of the web UI (`web/e2e/run.mjs`): Debian's headless chromium driven by
//! playwright-core against this crate's server on the example articles. Needs `node`,
//! `/usr/bin/chromium` (or `CHROMIUM`) and `npm ci` in `web/`; without them the test prints
//! why and skips, unless `SITREP_E2E=1` (as `.ci/run` sets), when a missing piece fails it.
//! Screenshots go to `target/e2e/` (or `SITREP_E2E_ARTEFACTS`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sitrep_server::AppState;
use sitrep_store::sqlite::SqliteStore;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// What is missing to run the browser tests, if anything.
fn missing(chromium: &Path, web: &Path) -> Option<String> {
    if !chromium.exists() {
        return Some(format!("no chromium at {} (apt-get install chromium)", chromium.display()));
    }
    if Command::new("node").arg("--version").output().map(|o| !o.status.success()).unwrap_or(true) {
        return Some("no node on PATH".into());
    }
    if !web.join("node_modules/playwright-core").exists() {
        return Some(format!("no playwright-core in {} (run npm ci there)", web.join("node_modules").display()));
    }
    None
}

#[test]
fn web_ui_in_a_real_browser() {
    let chromium = PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    let web = root().join("web");
    let required = std::env::var("SITREP_E2E").is_ok_and(|v| v == "1");
    if let Some(why) = missing(&chromium, &web) {
        assert!(!required, "browser tests required (SITREP_E2E=1) but cannot run: {why}");
        eprintln!("skipping browser tests: {why}");
        return;
    }

    // The examples, as after `sitrep ingest examples/articles`.
    let state = AppState::new(Box::new(SqliteStore::in_memory().unwrap()));
    let opts = sitrep_ingest::Options {
        format: sitrep_ingest::Format::Auto,
        published: None,
        max_article_bytes: sitrep_ingest::DEFAULT_MAX_ARTICLE_BYTES,
    };
    for item in sitrep_ingest::read_path(&root().join("examples/articles"), &opts) {
        sitrep_server::ingest::ingest(&state.store, state.pipeline(), item.expect("example reads")).unwrap();
    }

    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let served = rt.block_on(sitrep_server::serve(state, "127.0.0.1:0".parse().unwrap(), |a| {
            tx.send(a).unwrap();
        }));
        served.expect("server runs");
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).expect("server starts");

    let artefacts =
        std::env::var_os("SITREP_E2E_ARTEFACTS").map(PathBuf::from).unwrap_or_else(|| root().join("target/e2e"));
    let mut child = Command::new("node")
        .arg(web.join("e2e/run.mjs"))
        .arg(format!("http://{addr}"))
        .arg(&artefacts)
        .env("CHROMIUM", &chromium)
        .current_dir(&web)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    // The script bounds itself at 120 s; this is the backstop.
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("browser tests did not finish in 180 s");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut out = String::new();
    let mut err = String::new();
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    print!("{out}");
    eprint!("{err}");
    assert!(status.success(), "browser tests failed ({status}): {err}");
    assert!(out.contains("0 failed"), "browser tests did not report: {out}");
}
