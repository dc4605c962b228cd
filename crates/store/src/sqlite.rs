//! The SQLite backend: one database file in WAL mode, migrated on open. All SQLite SQL lives
//! here and in `migrations/sqlite/`.
//!
//! Durability: every [`Store::put`] is one transaction. With WAL and `synchronous=NORMAL` a
//! committed transaction survives the process being killed at any moment (it is in the log
//! the next open replays); a power cut may lose the last few commits but never corrupts the
//! file.

use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, params, params_from_iter};
use serde::Serialize;
use sitrep_model::{Article, Diagnostic, Document, Published, PublishedSource, Story};
use sitrep_story::dedup::Fingerprint;

use crate::{
    ActorRow, ArticleRow, Candidate, ClaimRow, Counts, EventRow, Filter, NewVersion, PlaceRow, PutOutcome, QuoteRow,
    Result, SearchHit, Store, StoreError, VersionRow, lexicons_hash, query_words,
};

/// Migrations in order; the database's `user_version` is the number of the last one applied.
/// Released migrations never change: a new schema is a new entry.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_init.sql")),
    (2, include_str!("../migrations/sqlite/0002_browse.sql")),
    (3, include_str!("../migrations/sqlite/0003_stories.sql")),
];

/// The storage format this build writes.
pub const SCHEMA_VERSION: u32 = 3;

/// A SQLite database.
pub struct SqliteStore {
    conn: Connection,
    name: String,
    /// Commits made through this connection, for [`Store::revision`].
    writes: u64,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.name).finish()
    }
}

trait Ctx<T> {
    fn ctx(self, db: &str, what: &str) -> Result<T>;
}

impl<T> Ctx<T> for rusqlite::Result<T> {
    fn ctx(self, db: &str, what: &str) -> Result<T> {
        self.map_err(|e| StoreError::Backend { context: format!("{db}: {what}"), message: e.to_string() })
    }
}

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

impl SqliteStore {
    /// Open (creating if needed) and migrate the database at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let name = path.as_ref().display().to_string();
        let conn = Connection::open(path.as_ref()).ctx(&name, "cannot open database")?;
        Self::setup(conn, name)
    }

    /// A private in-memory database, for tests.
    pub fn in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory().ctx(":memory:", "cannot open database")?;
        Self::setup(conn, ":memory:".into())
    }

    fn setup(conn: Connection, name: String) -> Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(30)).ctx(&name, "cannot set busy timeout")?;
        // journal_mode answers with a row; the others are plain settings.
        let _: String =
            conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)).ctx(&name, "cannot switch to WAL mode")?;
        conn.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;").ctx(&name, "cannot configure")?;
        let mut store = SqliteStore { conn, name, writes: 0 };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let found: u32 =
            self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).ctx(&self.name, "cannot read version")?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew { db: self.name.clone(), found, known: SCHEMA_VERSION });
        }
        for (n, sql) in MIGRATIONS.iter().filter(|(n, _)| *n > found) {
            let what = format!("migration {n} failed");
            let tx = self.conn.transaction().ctx(&self.name, &what)?;
            tx.execute_batch(sql).ctx(&self.name, &what)?;
            tx.pragma_update(None, "user_version", n).ctx(&self.name, &what)?;
            tx.commit().ctx(&self.name, &what)?;
        }
        Ok(())
    }

    fn corrupt(&self, what: String, message: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt { db: self.name.clone(), what, message: message.to_string() }
    }
}

/// A serde enum's string form (`"body"`, `"named_person"`).
pub(crate) fn tag<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// `YYYY-MM-DD` when `s` starts with a full calendar day.
pub(crate) fn day_of(s: &str) -> Option<String> {
    let d = s.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    ok.then(|| d.to_string())
}

fn insert_analysis(tx: &Transaction<'_>, db: &str, version_id: i64, doc: &Document) -> Result<()> {
    let pipeline = serde_json::to_string(&doc.pipeline).unwrap_or_default();
    let document = serde_json::to_string(doc).map_err(|e| StoreError::Corrupt {
        db: db.into(),
        what: format!("document {}", doc.article.id),
        message: e.to_string(),
    })?;
    tx.execute(
        &format!(
            "INSERT INTO analyses(version_id, pipeline_code, lexicons_hash, pipeline, document, analysed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, {NOW})"
        ),
        params![version_id, doc.pipeline.code, lexicons_hash(&doc.pipeline), pipeline, document],
    )
    .ctx(db, "cannot store analysis")?;
    let aid = tx.last_insert_rowid();
    let w = |what: &str| format!("cannot store {what} of {}", doc.article.id);

    for m in doc.mentions.iter().flatten() {
        let a = m.actor.as_ref();
        tx.execute(
            "INSERT INTO mentions VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
            params![
                aid,
                m.id,
                m.start as i64,
                m.end as i64,
                m.text,
                tag(&m.kind),
                a.map(|a| &a.id),
                a.map(|a| &a.name),
                a.map(|a| &a.code),
                a.and_then(|a| a.country.as_ref()),
                a.and_then(|a| a.sector.as_ref())
            ],
        )
        .ctx(db, &w("mentions"))?;
    }
    for t in doc.times.iter().flatten() {
        tx.execute(
            "INSERT INTO times VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
            params![aid, t.id, t.start as i64, t.end as i64, t.text, tag(&t.kind), t.value, t.modifier, tag(&t.anchor)],
        )
        .ctx(db, &w("times"))?;
    }
    for p in doc.places.iter().flatten() {
        tx.execute(
            "INSERT INTO places VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
            params![
                aid,
                p.id,
                p.start as i64,
                p.end as i64,
                p.text,
                p.name,
                p.country,
                p.admin1,
                p.lat,
                p.lon,
                p.geonames_id.map(|g| g as i64),
                p.confidence as f64
            ],
        )
        .ctx(db, &w("places"))?;
    }
    for q in doc.quotes.iter().flatten() {
        let sp = q.speaker.as_ref();
        let actor = sp.and_then(|s| s.actor.as_ref());
        tx.execute(
            "INSERT INTO quotes VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)",
            params![
                aid,
                q.id,
                q.start as i64,
                q.end as i64,
                q.text,
                tag(&q.kind),
                q.direct,
                q.cue.text,
                q.source_span.as_ref().map(|s| &s.text),
                sp.and_then(|s| s.mention.as_ref()),
                actor.map(|a| &a.id),
                actor.map(|a| &a.name),
                actor.map(|a| &a.code),
                q.channel,
                tag(&q.sourcing.kind),
                q.confidence as f64
            ],
        )
        .ctx(db, &w("quotes"))?;
    }
    let published_day = doc.article.published.map(|p| p.date.to_string());
    for e in doc.events.iter().flatten() {
        let place = e.location.as_ref().and_then(|id| doc.places.iter().flatten().find(|p| &p.id == id));
        let (s, t) = (e.source.as_ref(), e.target.as_ref());
        let (sa, ta) = (s.and_then(|a| a.actor.as_ref()), t.and_then(|a| a.actor.as_ref()));
        let day = e.date.as_deref().and_then(day_of).or_else(|| published_day.clone());
        let values: Vec<Value> = vec![
            aid.into(),
            e.id.clone().into(),
            (e.sentence as i64).into(),
            sentence_text(doc, e.sentence).into(),
            e.trigger.text.clone().into(),
            e.code.clone().into(),
            e.root.clone().into(),
            (e.quad_class as i64).into(),
            (e.goldstein as f64).into(),
            e.plover.kind.clone().into(),
            e.plover.mode.clone().into(),
            e.plover.context.clone().into(),
            s.map(|a| a.text.clone()).into(),
            sa.map(|a| a.id.clone()).into(),
            sa.map(|a| a.name.clone()).into(),
            sa.map(|a| a.code.clone()).into(),
            sa.and_then(|a| a.country.clone()).into(),
            sa.and_then(|a| a.sector.clone()).into(),
            t.map(|a| a.text.clone()).into(),
            ta.map(|a| a.id.clone()).into(),
            ta.map(|a| a.name.clone()).into(),
            ta.map(|a| a.code.clone()).into(),
            ta.and_then(|a| a.country.clone()).into(),
            ta.and_then(|a| a.sector.clone()).into(),
            place.map(|p| p.name.clone()).into(),
            place.and_then(|p| p.country.clone()).into(),
            place.and_then(|p| p.admin1.clone()).into(),
            place.and_then(|p| p.lat).into(),
            place.and_then(|p| p.lon).into(),
            place.and_then(|p| p.geonames_id).map(|g| g as i64).into(),
            e.date.clone().into(),
            day.into(),
            e.date_precision.as_ref().map(tag).into(),
            tag(&e.factuality.polarity).into(),
            tag(&e.factuality.status).into(),
            (e.background as i64).into(),
            e.casualties.as_ref().and_then(|c| c.killed).map(i64::from).into(),
            e.casualties.as_ref().and_then(|c| c.injured).map(i64::from).into(),
            tag(&e.sourcing.kind).into(),
            (e.confidence as f64).into(),
            e.evidence.rule.clone().into(),
        ];
        let marks = (1..=values.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(",");
        tx.execute(&format!("INSERT INTO events VALUES ({marks})"), params_from_iter(values)).ctx(db, &w("events"))?;
    }
    for c in doc.claims.iter().flatten() {
        let actor = c.claimant.actor.as_ref();
        tx.execute(
            "INSERT INTO claims VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
            params![
                aid,
                c.id,
                c.claimant.mention,
                actor.map(|a| &a.id),
                actor.map(|a| &a.name),
                c.quote,
                c.event,
                tag(&c.stance),
                c.act.as_ref().map(tag),
                c.text,
                tag(&c.sourcing.kind),
                c.confidence as f64,
                actor.map(|a| &a.code)
            ],
        )
        .ctx(db, &w("claims"))?;
    }
    Ok(())
}

/// The text of sentence `i` of a document, empty when there is no such sentence.
pub(crate) fn sentence_text(doc: &Document, i: usize) -> String {
    doc.sentences.as_ref().and_then(|s| s.get(i)).map(|s| doc.slice(s.span()).to_string()).unwrap_or_default()
}

/// Escape `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub(crate) fn like_prefix(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// SQL matching an actor given by id, CAMEO code prefix or name, on columns `{p}_id`,
/// `{p}_code`, `{p}_name`.
fn actor_cond(p: &str, who: &str, params: &mut Vec<Value>) -> String {
    params.push(who.to_string().into());
    let i = params.len();
    params.push(like_prefix(who).into());
    let j = params.len();
    format!("(lower({p}_id) = lower(?{i}) OR {p}_code LIKE ?{j} ESCAPE '\\' OR lower({p}_name) = lower(?{i}))")
}

/// WHERE conditions on the `events e` table for a filter.
fn event_conds(f: &Filter, params: &mut Vec<Value>) -> Vec<String> {
    let mut c = Vec::new();
    if let Some(a) = &f.actor {
        let s = actor_cond("e.source", a, params);
        let t = actor_cond("e.target", a, params);
        c.push(format!("({s} OR {t})"));
    }
    if let Some((s, t)) = &f.dyad {
        c.push(actor_cond("e.source", s, params));
        c.push(actor_cond("e.target", t, params));
    }
    if let Some((lo, hi)) = &f.codes {
        params.push(lo.clone().into());
        let i = params.len();
        params.push(hi.clone().into());
        let j = params.len();
        c.push(format!("substr(e.code, 1, length(?{i})) BETWEEN ?{i} AND ?{j}"));
    }
    if let Some(d) = &f.since {
        params.push(d.clone().into());
        c.push(format!("e.day >= ?{}", params.len()));
    }
    if let Some(d) = &f.until {
        params.push(d.clone().into());
        c.push(format!("e.day <= ?{}", params.len()));
    }
    c
}

/// Every word of `f.q` inside the text of `expr` (case-insensitive for ASCII, as SQLite's
/// `lower` is; the words are already lower-cased).
fn words_cond(expr: &str, f: &Filter, params: &mut Vec<Value>) -> Option<String> {
    let words = query_words(f.q.as_deref()?);
    let parts: Vec<String> = words
        .into_iter()
        .map(|w| {
            params.push(w.into());
            format!("instr(lower({expr}), ?{}) > 0", params.len())
        })
        .collect();
    (!parts.is_empty()).then(|| format!("({})", parts.join(" AND ")))
}

/// An FTS5 query requiring every word of `q`, the last as a prefix (typing "Arag" finds
/// "Araghchi"). Words are letters and digits only, quoted, so user input is never syntax.
fn fts_query(q: &str) -> Option<String> {
    let words = query_words(q);
    let last = words.len().checked_sub(1)?;
    Some(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == last { format!("\"{w}\"*") } else { format!("\"{w}\"") })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// Conditions on an article's current version (`a`, `v` joined): the article set, and the
/// publication day when `dates` is set.
fn article_conds(f: &Filter, dates: bool, params: &mut Vec<Value>) -> Vec<String> {
    let mut c = Vec::new();
    if let Some(ids) = &f.articles {
        if ids.is_empty() {
            c.push("0".to_string());
        } else {
            let marks: Vec<String> = ids
                .iter()
                .map(|id| {
                    params.push(id.clone().into());
                    format!("?{}", params.len())
                })
                .collect();
            c.push(format!("a.id IN ({})", marks.join(",")));
        }
    }
    if dates {
        if let Some(d) = &f.since {
            params.push(d.clone().into());
            c.push(format!("substr(v.published, 1, 10) >= ?{}", params.len()));
        }
        if let Some(d) = &f.until {
            params.push(d.clone().into());
            c.push(format!("substr(v.published, 1, 10) <= ?{}", params.len()));
        }
    }
    c
}

pub(crate) fn has_event_filter(f: &Filter) -> bool {
    f.actor.is_some() || f.dyad.is_some() || f.codes.is_some()
}

fn where_clause(conds: &[String]) -> String {
    if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) }
}

fn limit_clause(f: &Filter) -> String {
    match (f.limit, f.offset) {
        (Some(n), o) => format!(" LIMIT {n} OFFSET {o}"),
        (None, 0) => String::new(),
        (None, o) => format!(" LIMIT -1 OFFSET {o}"),
    }
}

const CURRENT: &str = "JOIN analyses an ON an.id = {T}.analysis_id
     JOIN article_versions v ON v.id = an.version_id
     JOIN articles a ON a.current_version = v.id";

impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn schema_version(&self) -> Result<u32> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).ctx(&self.name, "cannot read version")
    }

    fn replace_stories(&mut self, stories: &[Story]) -> Result<()> {
        let db = self.name.clone();
        let rows: Vec<String> = stories
            .iter()
            .map(|s| serde_json::to_string(s).map_err(|e| self.corrupt(format!("story {}", s.id), e)))
            .collect::<Result<_>>()?;
        let tx = self.conn.transaction().ctx(&db, "cannot start transaction")?;
        tx.execute("DELETE FROM story_articles", []).ctx(&db, "cannot clear story articles")?;
        tx.execute("DELETE FROM stories", []).ctx(&db, "cannot clear stories")?;
        for (rank, (s, json)) in stories.iter().zip(&rows).enumerate() {
            tx.execute(
                "INSERT INTO stories (id, rank, title, first_day, last_day, articles, story) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![s.id, rank as i64, s.title, s.first, s.last, s.articles.len() as i64, json],
            )
            .ctx(&db, &format!("cannot store story {}", s.id))?;
            for a in &s.articles {
                tx.execute("INSERT OR IGNORE INTO story_articles (story_id, article_id) VALUES (?1, ?2)", [&s.id, a])
                    .ctx(&db, &format!("cannot store story {}", s.id))?;
            }
        }
        tx.commit().ctx(&db, "cannot commit")
    }

    fn stories(&self, since: Option<&str>, until: Option<&str>) -> Result<Vec<Story>> {
        let db = self.name.clone();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, story FROM stories
                 WHERE (?1 IS NULL OR last_day IS NULL OR last_day >= ?1) AND (?2 IS NULL OR first_day IS NULL OR first_day <= ?2)
                 ORDER BY rank",
            )
            .ctx(&db, "cannot read stories")?;
        let rows = stmt
            .query_map(rusqlite::params![since, until], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .ctx(&db, "cannot read stories")?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row.ctx(&db, "cannot read stories")?;
            out.push(serde_json::from_str(&json).map_err(|e| self.corrupt(format!("story {id}"), e))?);
        }
        Ok(out)
    }

    fn story(&self, id: &str) -> Result<Option<Story>> {
        let db = self.name.clone();
        let json: Option<String> = self
            .conn
            .query_row("SELECT story FROM stories WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .ctx(&db, "cannot read story")?;
        json.map(|j| serde_json::from_str(&j).map_err(|e| self.corrupt(format!("story {id}"), e))).transpose()
    }

    fn put(&mut self, new: &NewVersion<'_>) -> Result<PutOutcome> {
        let db = self.name.clone();
        let a = new.article;
        let hash = new.fingerprint.content_hex();
        let url = a.url.clone().unwrap_or_default();
        let tx = self.conn.transaction().ctx(&db, "cannot start transaction")?;
        let existing: Option<(i64, String, Option<String>)> = tx
            .query_row("SELECT id, origin, url FROM article_versions WHERE content_hash = ?1", [&hash], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .ctx(&db, "cannot look up content hash")?;
        if let Some((version_id, origin, stored_url)) = existing {
            // The very input that stored it, read again, is not a duplicate worth recording.
            if !(origin == new.origin && stored_url.unwrap_or_default() == url) {
                tx.execute(
                    "INSERT OR IGNORE INTO duplicates(content_hash, version_id, origin, url) VALUES (?1, ?2, ?3, ?4)",
                    params![hash, version_id, new.origin, url],
                )
                .ctx(&db, "cannot record duplicate")?;
            }
            tx.commit().ctx(&db, "cannot commit")?;
            self.writes += 1;
            return Ok(PutOutcome::Duplicate { version_id });
        }
        let versions: Option<u32> = tx
            .query_row("SELECT versions FROM articles WHERE id = ?1", [&a.id], |r| r.get(0))
            .optional()
            .ctx(&db, "cannot look up article")?;
        if versions.is_none() {
            tx.execute(
                &format!(
                    "INSERT INTO articles(id, url, source, versions, first_seen, last_seen)
                     VALUES (?1, ?2, ?3, 0, {NOW}, {NOW})"
                ),
                params![a.id, a.url, a.source],
            )
            .ctx(&db, "cannot store article")?;
        }
        let version = versions.unwrap_or(0) + 1;
        let diagnostics = serde_json::to_string(new.input_diagnostics).unwrap_or_else(|_| "[]".into());
        let (near, similarity) = new.near_duplicate_of.map_or((None, None), |(v, s)| (Some(v), Some(s)));
        tx.execute(
            &format!(
                "INSERT INTO article_versions(article_id, version, kind, origin, title, author, source, lang,
                   published, published_source, url, text, content_hash, shingles, minhash, figures,
                   near_duplicate_of, similarity, input_diagnostics, stored_at)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,{NOW})"
            ),
            params![
                a.id,
                version,
                new.kind,
                new.origin,
                a.title,
                a.author,
                a.source,
                a.lang,
                a.published.map(|p| p.to_string()),
                tag(&a.published_source),
                a.url,
                a.text,
                hash,
                new.fingerprint.shingles,
                new.fingerprint.minhash_bytes(),
                new.fingerprint.figures_bytes(),
                near,
                similarity,
                diagnostics
            ],
        )
        .ctx(&db, "cannot store article version")?;
        let version_id = tx.last_insert_rowid();
        tx.execute(
            &format!(
                "UPDATE articles SET current_version = ?2, versions = ?3, url = coalesce(?4, url),
                   source = coalesce(?5, source), last_seen = {NOW} WHERE id = ?1"
            ),
            params![a.id, version_id, version, a.url, a.source],
        )
        .ctx(&db, "cannot update article")?;
        {
            let mut ins = tx
                .prepare_cached("INSERT INTO lsh_bands(band, hash, version_id) VALUES (?1, ?2, ?3)")
                .ctx(&db, "cannot store LSH bands")?;
            for (band, key) in new.fingerprint.bands() {
                ins.execute(params![band, key, version_id]).ctx(&db, "cannot store LSH bands")?;
            }
        }
        insert_analysis(&tx, &db, version_id, new.document)?;
        tx.commit().ctx(&db, "cannot commit")?;
        self.writes += 1;
        Ok(if version == 1 { PutOutcome::New { version_id } } else { PutOutcome::NewVersion { version_id, version } })
    }

    fn contains_content(&self, content_hash: u64) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT 1 FROM article_versions WHERE content_hash = ?1",
                [format!("{content_hash:016x}")],
                |_| Ok(()),
            )
            .optional()
            .map(|o| o.is_some())
            .ctx(&self.name, "cannot look up content hash")
    }

    fn content_hashes(&self) -> Result<Vec<u64>> {
        let mut st =
            self.conn.prepare("SELECT content_hash FROM article_versions").ctx(&self.name, "cannot list hashes")?;
        let hex: Vec<String> = st
            .query_map([], |r| r.get(0))
            .ctx(&self.name, "cannot list hashes")?
            .collect::<rusqlite::Result<_>>()
            .ctx(&self.name, "cannot list hashes")?;
        hex.iter()
            .map(|h| u64::from_str_radix(h, 16).map_err(|e| self.corrupt(format!("content hash '{h}'"), e)))
            .collect()
    }

    fn near_candidates(&self, fp: &Fingerprint) -> Result<Vec<Candidate>> {
        let bands = fp.bands();
        if bands.is_empty() {
            return Ok(Vec::new());
        }
        let mut ids = std::collections::BTreeSet::new();
        let mut st = self
            .conn
            .prepare_cached("SELECT version_id FROM lsh_bands WHERE band = ?1 AND hash = ?2")
            .ctx(&self.name, "cannot query LSH bands")?;
        for (band, key) in bands {
            let rows = st.query_map(params![band, key], |r| r.get::<_, i64>(0)).ctx(&self.name, "cannot query LSH")?;
            for id in rows {
                ids.insert(id.ctx(&self.name, "cannot query LSH bands")?);
            }
        }
        let mut out = Vec::new();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT article_id, content_hash, shingles, minhash, figures FROM article_versions WHERE id = ?1",
            )
            .ctx(&self.name, "cannot read candidates")?;
        for id in ids {
            let (article_id, hash, shingles, blob, figs): (String, String, u32, Vec<u8>, Vec<u8>) = st
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
                .ctx(&self.name, "cannot read candidate")?;
            let figures = Fingerprint::figures_from_bytes(&figs)
                .ok_or_else(|| self.corrupt(format!("version {id}"), "figure hashes have the wrong length"))?;
            let minhash = Fingerprint::minhash_from_bytes(&blob)
                .ok_or_else(|| self.corrupt(format!("version {id}"), "MinHash signature has the wrong length"))?;
            let content_hash =
                u64::from_str_radix(&hash, 16).map_err(|e| self.corrupt(format!("version {id} content hash"), e))?;
            out.push(Candidate {
                version_id: id,
                article_id,
                fingerprint: Fingerprint { content_hash, shingles, minhash, figures },
            });
        }
        Ok(out)
    }

    fn article(&self, id: &str) -> Result<Option<ArticleRow>> {
        Ok(self.article_rows(Some(id))?.into_iter().next())
    }

    fn articles(&self) -> Result<Vec<ArticleRow>> {
        self.article_rows(None)
    }

    fn versions(&self, article_id: &str) -> Result<Vec<VersionRow>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT v.id, v.article_id, v.version, v.kind, v.origin, v.content_hash, v.near_duplicate_of,
                        v.similarity, an.pipeline_code
                 FROM article_versions v LEFT JOIN analyses an ON an.version_id = v.id
                 WHERE v.article_id = ?1 ORDER BY v.version",
            )
            .ctx(&self.name, "cannot list versions")?;
        st.query_map([article_id], |r| {
            Ok(VersionRow {
                id: r.get(0)?,
                article_id: r.get(1)?,
                version: r.get(2)?,
                kind: r.get(3)?,
                origin: r.get(4)?,
                content_hash: r.get(5)?,
                near_duplicate_of: r.get(6)?,
                similarity: r.get(7)?,
                pipeline_code: r.get(8)?,
            })
        })
        .ctx(&self.name, "cannot list versions")?
        .collect::<rusqlite::Result<_>>()
        .ctx(&self.name, "cannot list versions")
    }

    fn document(&self, version_id: i64) -> Result<Option<Document>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT document FROM analyses WHERE version_id = ?1", [version_id], |r| r.get(0))
            .optional()
            .ctx(&self.name, "cannot read analysis")?;
        json.map(|j| self.parse_document(&j, version_id)).transpose()
    }

    fn load_article(&self, version_id: i64) -> Result<(Article, Vec<Diagnostic>)> {
        type Raw = (String, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);
        let row: Option<(Raw, Option<String>, String, String, String)> = self
            .conn
            .query_row(
                "SELECT article_id, url, title, author, source, lang, published, published_source, text,
                        input_diagnostics FROM article_versions WHERE id = ?1",
                [version_id],
                |r| {
                    Ok((
                        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                    ))
                },
            )
            .optional()
            .ctx(&self.name, "cannot read article version")?;
        let Some(((id, url, title, author, source, lang), published, published_source, text, diags)) = row else {
            return Err(StoreError::NotFound(format!("article version {version_id}")));
        };
        let what = || format!("article version {version_id}");
        let mut article = Article::new(id, text);
        article.url = url;
        article.title = title;
        article.author = author;
        article.source = source;
        article.lang = lang;
        article.published = published.map(|p| Published::parse(&p)).transpose().map_err(|e| self.corrupt(what(), e))?;
        article.published_source =
            serde_json::from_value::<PublishedSource>(serde_json::Value::String(published_source))
                .map_err(|e| self.corrupt(what(), e))?;
        let diagnostics: Vec<Diagnostic> = serde_json::from_str(&diags).map_err(|e| self.corrupt(what(), e))?;
        Ok((article, diagnostics))
    }

    fn stale_analyses(&self, current: &sitrep_model::PipelineInfo) -> Result<Vec<i64>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT v.id FROM article_versions v LEFT JOIN analyses an ON an.version_id = v.id
                 WHERE an.id IS NULL OR an.pipeline_code != ?1 OR an.lexicons_hash != ?2 ORDER BY v.id",
            )
            .ctx(&self.name, "cannot list stale analyses")?;
        st.query_map(params![current.code, lexicons_hash(current)], |r| r.get(0))
            .ctx(&self.name, "cannot list stale analyses")?
            .collect::<rusqlite::Result<_>>()
            .ctx(&self.name, "cannot list stale analyses")
    }

    fn replace_analysis(&mut self, version_id: i64, document: &Document) -> Result<()> {
        let db = self.name.clone();
        let tx = self.conn.transaction().ctx(&db, "cannot start transaction")?;
        let exists: Option<i64> = tx
            .query_row("SELECT id FROM article_versions WHERE id = ?1", [version_id], |r| r.get(0))
            .optional()
            .ctx(&db, "cannot read article version")?;
        if exists.is_none() {
            return Err(StoreError::NotFound(format!("article version {version_id}")));
        }
        tx.execute("DELETE FROM analyses WHERE version_id = ?1", [version_id]).ctx(&db, "cannot delete analysis")?;
        insert_analysis(&tx, &db, version_id, document)?;
        tx.commit().ctx(&db, "cannot commit")?;
        self.writes += 1;
        Ok(())
    }

    fn events(&self, filter: &Filter) -> Result<Vec<EventRow>> {
        let mut params = Vec::new();
        let mut conds = event_conds(filter, &mut params);
        conds.extend(words_cond("e.sentence_text", filter, &mut params));
        conds.extend(article_conds(filter, false, &mut params));
        let sql = format!(
            "SELECT a.id, v.url, v.source, v.title, v.published, e.eid, e.sentence, e.sentence_text, e.trigger, e.code, e.root,
                    e.quad_class, e.goldstein, e.plover_type, e.plover_mode, e.plover_context,
                    e.source_text, e.source_id, e.source_name, e.source_code, e.source_country, e.source_sector,
                    e.target_text, e.target_id, e.target_name, e.target_code, e.target_country, e.target_sector,
                    e.place_name, e.place_country, e.place_admin1, e.place_lat, e.place_lon, e.place_geonames,
                    e.date, e.day, e.date_precision, e.polarity, e.status, e.background, e.killed, e.injured,
                    e.sourcing, e.confidence, e.rule, e.analysis_id
             FROM events e {} {} ORDER BY v.published, a.id, e.rowid{}",
            CURRENT.replace("{T}", "e"),
            where_clause(&conds),
            limit_clause(filter)
        );
        let mut st = self.conn.prepare(&sql).ctx(&self.name, "cannot query events")?;
        st.query_map(params_from_iter(params), |r| {
            Ok(EventRow {
                article_id: r.get(0)?,
                url: r.get(1)?,
                outlet: r.get(2)?,
                title: r.get(3)?,
                published: r.get(4)?,
                eid: r.get(5)?,
                sentence: r.get(6)?,
                sentence_text: r.get(7)?,
                trigger: r.get(8)?,
                code: r.get(9)?,
                root: r.get(10)?,
                quad_class: r.get(11)?,
                goldstein: r.get(12)?,
                plover_type: r.get(13)?,
                plover_mode: r.get(14)?,
                plover_context: r.get(15)?,
                source_text: r.get(16)?,
                source_id: r.get(17)?,
                source_name: r.get(18)?,
                source_code: r.get(19)?,
                source_country: r.get(20)?,
                source_sector: r.get(21)?,
                target_text: r.get(22)?,
                target_id: r.get(23)?,
                target_name: r.get(24)?,
                target_code: r.get(25)?,
                target_country: r.get(26)?,
                target_sector: r.get(27)?,
                place_name: r.get(28)?,
                place_country: r.get(29)?,
                place_admin1: r.get(30)?,
                place_lat: r.get(31)?,
                place_lon: r.get(32)?,
                place_geonames: r.get(33)?,
                date: r.get(34)?,
                day: r.get(35)?,
                date_precision: r.get(36)?,
                polarity: r.get(37)?,
                status: r.get(38)?,
                background: r.get::<_, i64>(39)? != 0,
                killed: r.get(40)?,
                injured: r.get(41)?,
                sourcing: r.get(42)?,
                confidence: r.get(43)?,
                rule: r.get(44)?,
                analysis_id: r.get(45)?,
            })
        })
        .ctx(&self.name, "cannot query events")?
        .collect::<rusqlite::Result<_>>()
        .ctx(&self.name, "cannot query events")
    }

    fn quotes(&self, filter: &Filter) -> Result<Vec<QuoteRow>> {
        let mut params = Vec::new();
        let mut conds = Vec::new();
        if let Some(s) = &filter.speaker {
            conds.push(actor_cond("q.speaker", s, &mut params));
        }
        if let Some(d) = &filter.since {
            params.push(d.clone().into());
            conds.push(format!("substr(v.published, 1, 10) >= ?{}", params.len()));
        }
        if let Some(d) = &filter.until {
            params.push(d.clone().into());
            conds.push(format!("substr(v.published, 1, 10) <= ?{}", params.len()));
        }
        conds.extend(words_cond("q.text", filter, &mut params));
        conds.extend(article_conds(filter, false, &mut params));
        let sql = format!(
            "SELECT a.id, v.url, v.source, v.published, q.qid, q.text, q.kind, q.direct, q.cue, q.source_text,
                    q.speaker_id, q.speaker_name, q.speaker_code, q.channel, q.sourcing, q.confidence
             FROM quotes q {} {} ORDER BY v.published, a.id, q.rowid{}",
            CURRENT.replace("{T}", "q"),
            where_clause(&conds),
            limit_clause(filter)
        );
        let mut st = self.conn.prepare(&sql).ctx(&self.name, "cannot query quotes")?;
        st.query_map(params_from_iter(params), |r| {
            Ok(QuoteRow {
                article_id: r.get(0)?,
                url: r.get(1)?,
                outlet: r.get(2)?,
                published: r.get(3)?,
                qid: r.get(4)?,
                text: r.get(5)?,
                kind: r.get(6)?,
                direct: r.get::<_, i64>(7)? != 0,
                cue: r.get(8)?,
                source_text: r.get(9)?,
                speaker_id: r.get(10)?,
                speaker_name: r.get(11)?,
                speaker_code: r.get(12)?,
                channel: r.get(13)?,
                sourcing: r.get(14)?,
                confidence: r.get(15)?,
            })
        })
        .ctx(&self.name, "cannot query quotes")?
        .collect::<rusqlite::Result<_>>()
        .ctx(&self.name, "cannot query quotes")
    }

    fn each_document(&self, filter: &Filter, visit: &mut dyn FnMut(Document) -> bool) -> Result<usize> {
        let mut params = Vec::new();
        let mut conds = Vec::new();
        if has_event_filter(filter) || (filter.speaker.is_none() && (filter.since.is_some() || filter.until.is_some()))
        {
            let ec = event_conds(filter, &mut params);
            if has_event_filter(filter) {
                conds.push(format!("an.id IN (SELECT e.analysis_id FROM events e {})", where_clause(&ec)));
            } else {
                // Dates alone: the article's publication day.
                params.clear();
                if let Some(d) = &filter.since {
                    params.push(d.clone().into());
                    conds.push(format!("substr(v.published, 1, 10) >= ?{}", params.len()));
                }
                if let Some(d) = &filter.until {
                    params.push(d.clone().into());
                    conds.push(format!("substr(v.published, 1, 10) <= ?{}", params.len()));
                }
            }
        }
        if let Some(s) = &filter.speaker {
            let c = actor_cond("q.speaker", s, &mut params);
            conds.push(format!("an.id IN (SELECT q.analysis_id FROM quotes q WHERE {c})"));
        }
        conds.extend(article_conds(filter, false, &mut params));
        if let Some(m) = filter.q.as_deref().and_then(fts_query) {
            params.push(m.into());
            conds.push(format!("v.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?{})", params.len()));
        }
        let sql = format!(
            "SELECT v.id, an.document FROM analyses an JOIN article_versions v ON v.id = an.version_id
             JOIN articles a ON a.current_version = v.id {} ORDER BY v.published, a.id{}",
            where_clause(&conds),
            limit_clause(filter)
        );
        let mut st = self.conn.prepare(&sql).ctx(&self.name, "cannot query documents")?;
        let rows = st
            .query_map(params_from_iter(params), |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .ctx(&self.name, "cannot query documents")?;
        let mut n = 0;
        for row in rows {
            let (id, json) = row.ctx(&self.name, "cannot query documents")?;
            n += 1;
            if !visit(self.parse_document(&json, id)?) {
                break;
            }
        }
        Ok(n)
    }

    fn counts(&self) -> Result<Counts> {
        let n = |sql: &str| -> Result<u64> {
            self.conn.query_row(sql, [], |r| r.get::<_, i64>(0)).map(|v| v as u64).ctx(&self.name, "cannot count")
        };
        Ok(Counts {
            articles: n("SELECT count(*) FROM articles")?,
            versions: n("SELECT count(*) FROM article_versions")?,
            duplicates: n("SELECT count(*) FROM duplicates")?,
            near_duplicates: n("SELECT count(*) FROM article_versions WHERE near_duplicate_of IS NOT NULL")?,
            analyses: n("SELECT count(*) FROM analyses")?,
            events: n("SELECT count(*) FROM events")?,
            quotes: n("SELECT count(*) FROM quotes")?,
        })
    }

    fn revision(&self) -> Result<u64> {
        // `data_version` changes when another connection commits; our own commits are counted.
        let other: i64 =
            self.conn.query_row("PRAGMA data_version", [], |r| r.get(0)).ctx(&self.name, "cannot read revision")?;
        Ok(((other as u64) << 32) | (self.writes & 0xffff_ffff))
    }

    fn article_list(&self, filter: &Filter) -> Result<Vec<ArticleRow>> {
        let mut params = Vec::new();
        let mut conds = article_conds(filter, true, &mut params);
        if let Some(who) = &filter.actor {
            let c = actor_cond("m.actor", who, &mut params);
            conds.push(format!(
                "EXISTS (SELECT 1 FROM mentions m JOIN analyses an ON an.id = m.analysis_id
                         WHERE an.version_id = v.id AND {c})"
            ));
        }
        if filter.dyad.is_some() || filter.codes.is_some() {
            let only = Filter { dyad: filter.dyad.clone(), codes: filter.codes.clone(), ..Filter::default() };
            let ec = event_conds(&only, &mut params);
            conds.push(format!(
                "EXISTS (SELECT 1 FROM events e JOIN analyses an ON an.id = e.analysis_id
                         WHERE an.version_id = v.id AND {})",
                ec.join(" AND ")
            ));
        }
        if let Some(m) = filter.q.as_deref().and_then(fts_query) {
            params.push(m.into());
            conds.push(format!("v.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?{})", params.len()));
        }
        let sql = format!(
            "SELECT a.id, a.url, a.source, a.versions, a.current_version, v.title, v.published, v.lang
             FROM articles a JOIN article_versions v ON v.id = a.current_version {} ORDER BY v.published, a.id{}",
            where_clause(&conds),
            limit_clause(filter)
        );
        self.rows(&sql, params, "cannot list articles", |r| {
            Ok(ArticleRow {
                id: r.get(0)?,
                url: r.get(1)?,
                source: r.get(2)?,
                versions: r.get(3)?,
                current_version: r.get(4)?,
                title: r.get(5)?,
                published: r.get(6)?,
                lang: r.get(7)?,
            })
        })
    }

    fn claims(&self, filter: &Filter) -> Result<Vec<ClaimRow>> {
        let mut params = Vec::new();
        let mut conds = article_conds(filter, true, &mut params);
        if let Some(who) = &filter.actor {
            conds.push(actor_cond("c.claimant", who, &mut params));
        }
        conds.extend(words_cond("c.text", filter, &mut params));
        let sql = format!(
            "SELECT a.id, v.url, v.source, v.published, c.cid, c.claimant_mention, c.claimant_id, c.claimant_name,
                    c.claimant_code, c.quote, c.event, c.stance, c.act, c.text, c.sourcing, c.confidence
             FROM claims c {} {} ORDER BY v.published, a.id, c.rowid{}",
            CURRENT.replace("{T}", "c"),
            where_clause(&conds),
            limit_clause(filter)
        );
        self.rows(&sql, params, "cannot query claims", |r| {
            Ok(ClaimRow {
                article_id: r.get(0)?,
                url: r.get(1)?,
                outlet: r.get(2)?,
                published: r.get(3)?,
                cid: r.get(4)?,
                claimant_mention: r.get(5)?,
                claimant_id: r.get(6)?,
                claimant_name: r.get(7)?,
                claimant_code: r.get(8)?,
                quote: r.get(9)?,
                event: r.get(10)?,
                stance: r.get(11)?,
                act: r.get(12)?,
                text: r.get(13)?,
                sourcing: r.get(14)?,
                confidence: r.get(15)?,
            })
        })
    }

    fn actors(&self, filter: &Filter) -> Result<Vec<ActorRow>> {
        let mut params = Vec::new();
        // Events are counted over the same articles as the mentions.
        let ec = article_conds(filter, true, &mut params);
        let mut conds = vec!["m.actor_id IS NOT NULL".to_string()];
        conds.extend(article_conds(filter, true, &mut params));
        if let Some(who) = &filter.actor {
            conds.push(actor_cond("m.actor", who, &mut params));
        }
        conds.extend(words_cond("m.actor_name || ' ' || m.actor_id", filter, &mut params));
        let sql = format!(
            "SELECT m.actor_id, max(m.actor_name), max(m.actor_code), max(m.country), max(m.sector),
                    count(*), count(DISTINCT a.id),
                    (SELECT count(*) FROM events e {} WHERE (e.source_id = m.actor_id OR e.target_id = m.actor_id){})
             FROM mentions m {} {} GROUP BY m.actor_id ORDER BY count(*) DESC, m.actor_id{}",
            CURRENT.replace("{T}", "e"),
            ec.iter().map(|c| format!(" AND {c}")).collect::<String>(),
            CURRENT.replace("{T}", "m"),
            where_clause(&conds),
            limit_clause(filter)
        );
        self.rows(&sql, params, "cannot list actors", |r| {
            Ok(ActorRow {
                id: r.get(0)?,
                name: r.get(1)?,
                code: r.get(2)?,
                country: r.get(3)?,
                sector: r.get(4)?,
                mentions: r.get::<_, i64>(5)? as u64,
                articles: r.get::<_, i64>(6)? as u64,
                events: r.get::<_, i64>(7)? as u64,
            })
        })
    }

    fn places(&self, filter: &Filter) -> Result<Vec<PlaceRow>> {
        let mut params = Vec::new();
        let ec = article_conds(filter, true, &mut params);
        let mut conds = article_conds(filter, true, &mut params);
        conds.extend(words_cond("p.name || ' ' || p.text", filter, &mut params));
        let sql = format!(
            "SELECT p.name, p.country, max(p.admin1), max(p.lat), max(p.lon), max(p.geonames_id),
                    count(*), count(DISTINCT a.id),
                    (SELECT count(*) FROM events e {} WHERE e.place_name = p.name AND e.place_country IS p.country{})
             FROM places p {} {} GROUP BY p.name, p.country ORDER BY count(*) DESC, p.name, p.country{}",
            CURRENT.replace("{T}", "e"),
            ec.iter().map(|c| format!(" AND {c}")).collect::<String>(),
            CURRENT.replace("{T}", "p"),
            where_clause(&conds),
            limit_clause(filter)
        );
        self.rows(&sql, params, "cannot list places", |r| {
            Ok(PlaceRow {
                name: r.get(0)?,
                country: r.get(1)?,
                admin1: r.get(2)?,
                lat: r.get(3)?,
                lon: r.get(4)?,
                geonames_id: r.get(5)?,
                mentions: r.get::<_, i64>(6)? as u64,
                articles: r.get::<_, i64>(7)? as u64,
                events: r.get::<_, i64>(8)? as u64,
            })
        })
    }

    fn search(&self, filter: &Filter) -> Result<Vec<SearchHit>> {
        let Some(m) = filter.q.as_deref().and_then(fts_query) else { return Ok(Vec::new()) };
        let mut params: Vec<Value> = vec![m.into()];
        let mut conds = vec!["article_fts MATCH ?1".to_string()];
        conds.extend(article_conds(filter, true, &mut params));
        if let Some(who) = &filter.actor {
            let c = actor_cond("m.actor", who, &mut params);
            conds.push(format!(
                "EXISTS (SELECT 1 FROM mentions m JOIN analyses an ON an.id = m.analysis_id
                         WHERE an.version_id = v.id AND {c})"
            ));
        }
        if filter.dyad.is_some() || filter.codes.is_some() {
            let only = Filter { dyad: filter.dyad.clone(), codes: filter.codes.clone(), ..Filter::default() };
            let ec = event_conds(&only, &mut params);
            conds.push(format!(
                "EXISTS (SELECT 1 FROM events e JOIN analyses an ON an.id = e.analysis_id
                         WHERE an.version_id = v.id AND {})",
                ec.join(" AND ")
            ));
        }
        let sql = format!(
            "SELECT a.id, v.id, v.title, v.url, v.source, v.published,
                    snippet(article_fts, -1, char(2), char(3), '…', 24), -bm25(article_fts)
             FROM article_fts JOIN article_versions v ON v.id = article_fts.rowid
             JOIN articles a ON a.current_version = v.id {} ORDER BY bm25(article_fts), a.id{}",
            where_clause(&conds),
            limit_clause(filter)
        );
        self.rows(&sql, params, "cannot search", |r| {
            Ok(SearchHit {
                article_id: r.get(0)?,
                version_id: r.get(1)?,
                title: r.get(2)?,
                url: r.get(3)?,
                outlet: r.get(4)?,
                published: r.get(5)?,
                snippet: r.get(6)?,
                score: r.get(7)?,
            })
        })
    }
}

impl SqliteStore {
    /// Run a query and collect its rows; `what` names the failure.
    fn rows<T>(
        &self,
        sql: &str,
        params: Vec<Value>,
        what: &str,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut st = self.conn.prepare(sql).ctx(&self.name, what)?;
        st.query_map(params_from_iter(params), map)
            .ctx(&self.name, what)?
            .collect::<rusqlite::Result<_>>()
            .ctx(&self.name, what)
    }

    fn parse_document(&self, json: &str, version_id: i64) -> Result<Document> {
        serde_json::from_str(json).map_err(|e| {
            self.corrupt(format!("analysis of version {version_id}"), format!("not a sitrep/1 document: {e}"))
        })
    }

    fn article_rows(&self, id: Option<&str>) -> Result<Vec<ArticleRow>> {
        let sql = format!(
            "SELECT a.id, a.url, a.source, a.versions, a.current_version, v.title, v.published, v.lang
             FROM articles a LEFT JOIN article_versions v ON v.id = a.current_version {} ORDER BY a.id",
            if id.is_some() { "WHERE a.id = ?1" } else { "" }
        );
        let mut st = self.conn.prepare(&sql).ctx(&self.name, "cannot list articles")?;
        let params: Vec<Value> = id.map(|i| Value::from(i.to_string())).into_iter().collect();
        st.query_map(params_from_iter(params), |r| {
            Ok(ArticleRow {
                id: r.get(0)?,
                url: r.get(1)?,
                source: r.get(2)?,
                versions: r.get(3)?,
                current_version: r.get(4)?,
                title: r.get(5)?,
                published: r.get(6)?,
                lang: r.get(7)?,
            })
        })
        .ctx(&self.name, "cannot list articles")?
        .collect::<rusqlite::Result<_>>()
        .ctx(&self.name, "cannot list articles")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_like_patterns() {
        assert_eq!(day_of("2025-06-12"), Some("2025-06-12".into()));
        assert_eq!(day_of("2025-06-16TNI"), Some("2025-06-16".into()));
        assert_eq!(day_of("2025-W25"), None);
        assert_eq!(day_of("PAST_REF"), None);
        assert_eq!(like_prefix("IRN_%"), "IRN\\_\\%%");
    }

    #[test]
    fn refuses_a_database_from_the_future() {
        let dir = std::env::temp_dir().join(format!("sitrep-store-future-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("future.db");
        let _ = std::fs::remove_file(&path);
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
        let e = SqliteStore::open(&path).unwrap_err();
        assert!(
            e.to_string().ends_with(&format!(
                "storage format 99 is newer than this build of sitrep knows (up to {SCHEMA_VERSION}); upgrade sitrep"
            )),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
