//! `sitrep ingest --queue` and `sitrep worker`: many processes, on many machines, sharing the
//! analysis of one stream of articles through the PostgreSQL work queue
//! (`sitrep_store::queue`).
//!
//! A worker thread claims one queued article (leased), analyses it without holding any lock,
//! then stores it exactly as `sitrep ingest` does (`ingest::store_one`: duplicates, near
//! duplicates, versions, feed items linked to pages) while holding the story lock, so the
//! step that reads other stored articles and decides never runs in two workers at once.
//! Finally it marks the row done. A worker killed at any point loses nothing: its lease runs
//! out and another worker takes the article again; storing is idempotent, so an article
//! stored just before the kill is not stored twice.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use sitrep_extract::Pipeline;
use sitrep_ingest::{Input, InputKind, Origin, read_path};
use sitrep_store::pg::PgStore;
use sitrep_store::queue::QueuedArticle;
use sitrep_story::dedup::Fingerprint;

use crate::args::{DbArgs, InputArgs};
use crate::ingest::{Prepared, Tally, analyse, store_one};

#[derive(Args, Debug)]
pub struct WorkerArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Worker threads in this process, each with its own connection (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// How long a claimed article stays this worker's: after that, if the worker has not
    /// finished (it died), another worker takes it.
    #[arg(long, value_name = "SECONDS", default_value_t = 300.0)]
    pub lease: f64,
    /// Exit once nothing is queued or leased, instead of waiting for more articles.
    #[arg(long)]
    pub drain: bool,
    /// Seconds between looks at an empty queue.
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    pub poll: f64,
    /// This worker's name in the queue (default: host:pid).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

fn open_pg(db: &DbArgs, what: &str) -> anyhow::Result<PgStore> {
    if !sitrep_store::is_postgres(&db.db) {
        anyhow::bail!("{what} needs a PostgreSQL store (--db postgres://...), not '{}'", db.db);
    }
    Ok(PgStore::open(&db.db)?)
}

/// `sitrep ingest --queue`: read the inputs and queue each article; no analysis here.
pub fn enqueue(db: &DbArgs, input: &InputArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_pg(db, "--queue")?;
    let opts = input.options();
    let (mut queued, mut failed) = (0usize, 0usize);
    for item in input.inputs.iter().flat_map(|p| read_path(p, &opts)) {
        match item {
            Ok(i) => {
                store.enqueue(&i.article, i.kind.as_str(), &i.origin.to_string(), &i.diagnostics)?;
                queued += 1;
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    let c = store.queue_counts()?;
    eprintln!(
        "queued {queued}, failed {failed}; queue: ready {}, leased {}, done {}, failed {}",
        c.ready, c.leased, c.done, c.failed
    );
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn kind_of(s: &str) -> InputKind {
    match s {
        "page" => InputKind::Page,
        "feed" => InputKind::Feed,
        "jsonl" => InputKind::Jsonl,
        _ => InputKind::Text,
    }
}

/// `sitrep worker`: claim, analyse and store queued articles until stopped (or, with
/// `--drain`, until the queue is empty).
pub fn run(args: WorkerArgs) -> anyhow::Result<ExitCode> {
    if !(args.lease > 0.0 && args.lease.is_finite() && args.poll > 0.0 && args.poll.is_finite()) {
        anyhow::bail!("--lease and --poll must be positive numbers of seconds");
    }
    // Open once up front so a bad URL or an unmigrated database fails before threads start.
    drop(open_pg(&args.db, "sitrep worker")?);
    let threads =
        args.threads.filter(|n| *n > 0).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let name = args.name.clone().unwrap_or_else(|| {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_else(|_| "worker".into());
        format!("{}:{}", host.trim(), std::process::id())
    });
    let pipeline = Pipeline::new();
    let results: Vec<anyhow::Result<Tally>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let me = if threads == 1 { name.clone() } else { format!("{name}/{t}") };
                let (args, pipeline) = (&args, &pipeline);
                s.spawn(move || work(args, pipeline, &me))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("worker thread panicked"))))
            .collect()
    });
    let mut total = Tally::default();
    let mut error = None;
    for r in results {
        match r {
            Ok(t) => total.add(&t),
            Err(e) => error = Some(e),
        }
    }
    eprintln!("{name}: {}", total.line());
    if let Some(e) = error {
        return Err(e);
    }
    Ok(ExitCode::SUCCESS)
}

/// One worker thread's loop, on its own connection.
fn work(args: &WorkerArgs, pipeline: &Pipeline, me: &str) -> anyhow::Result<Tally> {
    let mut store = open_pg(&args.db, "sitrep worker")?;
    let lease = Duration::from_secs_f64(args.lease);
    let mut tally = Tally::default();
    loop {
        let Some(item) = store.claim(me, lease).context("cannot claim work")? else {
            let c = store.queue_counts()?;
            if args.drain && c.ready == 0 && c.leased == 0 {
                return Ok(tally);
            }
            std::thread::sleep(Duration::from_secs_f64(args.poll));
            continue;
        };
        let (id, origin) = (item.id, item.origin.clone());
        match process(&mut store, pipeline, item, &mut tally) {
            Ok(outcome) => {
                if !store.complete(id, me, outcome, None)? {
                    eprintln!("warning: {origin}: lease ran out before it was marked done (stored once all the same)");
                }
            }
            Err(e) => {
                // A storage failure on one article: record it on the row and go on; the
                // connection itself is checked by the next claim.
                eprintln!("error: {origin}: {e:#}");
                store.fail(id, me, &format!("{e:#}"))?;
            }
        }
    }
}

/// Analyse (no lock held) and store (under the story lock) one claimed article.
fn process(
    store: &mut PgStore,
    pipeline: &Pipeline,
    item: QueuedArticle,
    tally: &mut Tally,
) -> anyhow::Result<&'static str> {
    let input = Input {
        article: item.article,
        origin: Origin::file(item.origin),
        diagnostics: item.input_diagnostics,
        kind: kind_of(&item.kind),
    };
    let fp = Fingerprint::of(&input.article.text);
    let doc = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyse(pipeline, &input)))
        .map_err(|_| anyhow::anyhow!("analysis panicked"))?;
    let prepared = Prepared::Analysed { input: Box::new(input), fp, doc: Box::new(doc) };
    let before = *tally;
    tally.read += 1;
    let stored = store.with_story_lock(|s| {
        store_one(s, pipeline, prepared, tally)
            .map_err(|e| sitrep_store::StoreError::Backend { context: "storing".into(), message: format!("{e:#}") })
    });
    stored?;
    Ok(tally.outcome_since(&before))
}
