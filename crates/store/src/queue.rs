//! The PostgreSQL work queue: `sitrep ingest --queue` enqueues input articles and any number
//! of `sitrep worker` processes, on any machines, claim, analyse and store them.
//!
//! Guarantees, and how they are kept:
//! - **No double work.** A claim takes the oldest ready row with `FOR UPDATE SKIP LOCKED`, so
//!   two workers never take the same row, and marks it leased until a deadline.
//! - **A killed worker's article is retried.** Its lease runs out and the row is ready again.
//!   A row claimed [`MAX_ATTEMPTS`] times without finishing is marked failed (an article
//!   that kills its worker every time must not stop the queue).
//! - **Stored exactly once.** Storing is idempotent ([`crate::Store::put`] recognises a text
//!   already stored from the same input), so a worker that dies after storing but before
//!   marking its row done, or one whose lease ran out while it worked, never adds a second
//!   copy; completing checks the lease is still this worker's.
//! - **One story step at a time.** [`PgStore::with_story_lock`] holds a session advisory lock
//!   around the step that reads other articles and decides (near duplicates, and story
//!   assignment), so no two workers update stories at once; the server releases the lock if
//!   the worker dies.

use std::time::Duration;

use sitrep_model::{Article, Diagnostic};

use crate::pg::{Ctx, PgStore};
use crate::{Result, StoreError};

/// Claims after which a row that never finished is given up.
pub const MAX_ATTEMPTS: i32 = 5;

/// Advisory lock key for the story step (near duplicates, story assignment).
pub const STORY_LOCK: i64 = 0x5175_7265_7002;

/// A claimed queue row: the input article and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedArticle {
    pub id: i64,
    pub origin: String,
    pub kind: String,
    pub article: Article,
    pub input_diagnostics: Vec<Diagnostic>,
    /// Including this claim.
    pub attempts: u32,
}

/// How many rows are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct QueueCounts {
    /// Waiting for a worker.
    pub ready: u64,
    /// Claimed, lease not yet run out.
    pub leased: u64,
    pub done: u64,
    pub failed: u64,
}

impl PgStore {
    /// Add an input article to the queue; returns its row id.
    pub fn enqueue(&mut self, article: &Article, kind: &str, origin: &str, diagnostics: &[Diagnostic]) -> Result<i64> {
        let json = serde_json::to_string(article).map_err(|e| self.corrupt(format!("article {}", article.id), e))?;
        let diags = serde_json::to_string(diagnostics).unwrap_or_else(|_| "[]".into());
        let row = self
            .client
            .borrow_mut()
            .query_one(
                "INSERT INTO work_queue(origin, kind, article, input_diagnostics)
                 VALUES ($1, $2, $3::text::jsonb, $4::text::jsonb) RETURNING id",
                &[&origin, &kind, &json, &diags],
            )
            .ctx(&self.name, &format!("cannot enqueue {origin}"))?;
        Ok(row.get(0))
    }

    /// Claim the oldest ready article for `worker`, leased for `lease`; `None` when nothing
    /// is ready (the queue is empty, or every remaining row is leased to a live worker).
    pub fn claim(&mut self, worker: &str, lease: Duration) -> Result<Option<QueuedArticle>> {
        let db = self.name.clone();
        let secs = lease.as_secs_f64();
        loop {
            let row = self
                .client
                .borrow_mut()
                .query_opt(
                    "UPDATE work_queue SET attempts = attempts + 1, worker = $1,
                            leased_until = now() + make_interval(secs => $2)
                     WHERE id = (SELECT id FROM work_queue
                                 WHERE state = 'queued' AND (leased_until IS NULL OR leased_until < now())
                                 ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
                     RETURNING id, origin, kind, article::text, input_diagnostics::text, attempts",
                    &[&worker, &secs],
                )
                .ctx(&db, "cannot claim from the queue")?;
            let Some(r) = row else { return Ok(None) };
            let (id, attempts): (i64, i32) = (r.get(0), r.get(5));
            if attempts > MAX_ATTEMPTS {
                self.finish(id, worker, "failed", &format!("gave up after {MAX_ATTEMPTS} attempts"), None)?;
                continue;
            }
            let what = || format!("queue row {id}");
            let article: Article = serde_json::from_str(&r.get::<_, String>(3)).map_err(|e| self.corrupt(what(), e))?;
            let input_diagnostics: Vec<Diagnostic> =
                serde_json::from_str(&r.get::<_, String>(4)).map_err(|e| self.corrupt(what(), e))?;
            return Ok(Some(QueuedArticle {
                id,
                origin: r.get(1),
                kind: r.get(2),
                article,
                input_diagnostics,
                attempts: attempts as u32,
            }));
        }
    }

    /// Mark a claimed row done with its outcome (`new`, `duplicate`, ...). Returns `false`
    /// when the row is no longer this worker's (its lease ran out and another took it).
    pub fn complete(&mut self, id: i64, worker: &str, outcome: &str, version_id: Option<i64>) -> Result<bool> {
        self.finish(id, worker, "done", outcome, version_id)
    }

    /// Mark a claimed row failed, with the reason, so it is not retried.
    pub fn fail(&mut self, id: i64, worker: &str, reason: &str) -> Result<bool> {
        self.finish(id, worker, "failed", reason, None)
    }

    fn finish(&mut self, id: i64, worker: &str, state: &str, outcome: &str, version_id: Option<i64>) -> Result<bool> {
        let n = self
            .client
            .borrow_mut()
            .execute(
                "UPDATE work_queue SET state = $3, outcome = $4, version_id = $5, done_at = now(), leased_until = NULL
                 WHERE id = $1 AND worker = $2 AND state = 'queued'",
                &[&id, &worker, &state, &outcome, &version_id],
            )
            .ctx(&self.name, &format!("cannot finish queue row {id}"))?;
        Ok(n == 1)
    }

    /// Extend a claimed row's lease (a worker on a long article calls this).
    pub fn renew(&mut self, id: i64, worker: &str, lease: Duration) -> Result<bool> {
        let n = self
            .client
            .borrow_mut()
            .execute(
                "UPDATE work_queue SET leased_until = now() + make_interval(secs => $3)
                 WHERE id = $1 AND worker = $2 AND state = 'queued'",
                &[&id, &worker, &lease.as_secs_f64()],
            )
            .ctx(&self.name, &format!("cannot renew the lease on queue row {id}"))?;
        Ok(n == 1)
    }

    pub fn queue_counts(&self) -> Result<QueueCounts> {
        let row = self
            .client
            .borrow_mut()
            .query_one(
                "SELECT count(*) FILTER (WHERE state = 'queued' AND (leased_until IS NULL OR leased_until < now())),
                        count(*) FILTER (WHERE state = 'queued' AND leased_until >= now()),
                        count(*) FILTER (WHERE state = 'done'),
                        count(*) FILTER (WHERE state = 'failed')
                 FROM work_queue",
                &[],
            )
            .ctx(&self.name, "cannot count the queue")?;
        let n = |i: usize| row.get::<_, i64>(i) as u64;
        Ok(QueueCounts { ready: n(0), leased: n(1), done: n(2), failed: n(3) })
    }

    /// Run `step` holding the story lock: only one worker at a time, across machines, reads
    /// the stored articles and decides what a new one is (near duplicate, which story).
    pub fn with_story_lock<T>(&mut self, step: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        let db = self.name.clone();
        self.client.borrow_mut().execute("SELECT pg_advisory_lock($1)", &[&STORY_LOCK]).ctx(&db, "cannot lock")?;
        let out = step(self);
        let unlocked = self.client.borrow_mut().execute("SELECT pg_advisory_unlock($1)", &[&STORY_LOCK]);
        match (out, unlocked) {
            (Ok(v), Ok(_)) => Ok(v),
            (Err(e), _) => Err(e),
            (Ok(_), Err(e)) => {
                Err(StoreError::Backend { context: format!("{db}: cannot unlock"), message: e.to_string() })
            }
        }
    }
}
