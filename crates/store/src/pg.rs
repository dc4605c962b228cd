//! The PostgreSQL backend, for several workers (on several machines) sharing one database.
//! All PostgreSQL SQL lives here, in `queue.rs` and in `migrations/postgres/`.
//!
//! The same tables as SQLite, in PostgreSQL's dialect: identity columns instead of rowids,
//! JSONB for stored documents, a generated `tsvector` column with a GIN index instead of FTS5
//! (`to_tsquery` with every word, the last as a prefix; `ts_headline` for snippets). Text is
//! ordered with `COLLATE "C"` and NULLs first, so lists come back in the order SQLite gives.
//!
//! Concurrency: every write is one transaction. Two workers storing the same text race on the
//! `content_hash` unique key; the loser's transaction is retried once and then sees a
//! duplicate. Migrations run under an advisory lock, so workers starting together migrate once.

use std::cell::RefCell;

use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Transaction};
use sitrep_model::{Article, Diagnostic, Document, Published, PublishedSource};
use sitrep_story::dedup::Fingerprint;

use crate::sqlite::{day_of, has_event_filter, like_prefix, sentence_text, tag};
use crate::{
    ActorRow, ArticleRow, Candidate, ClaimRow, Counts, EventRow, Filter, NewVersion, PlaceRow, PutOutcome, QuoteRow,
    Result, SearchHit, Store, StoreError, VersionRow, lexicons_hash, query_words,
};

/// Migrations in order; `sitrep_schema.version` is the number of the last one applied.
/// Released migrations never change: a new schema is a new entry.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_init.sql")),
    (2, include_str!("../migrations/postgres/0002_queue.sql")),
    (3, include_str!("../migrations/postgres/0003_stories.sql")),
];

/// The PostgreSQL storage format this build writes (numbered apart from SQLite's).
pub const SCHEMA_VERSION: u32 = 3;

/// Advisory lock keys (one bigint namespace per database): migrations, and story assignment.
pub(crate) const MIGRATION_LOCK: i64 = 0x5175_7265_7001;
/// Held (per transaction) while stories are replaced, so two processes take turns.
const STORIES_LOCK: i64 = 0x5175_7265_7003;

/// A PostgreSQL database, one connection.
pub struct PgStore {
    // The Store trait reads through `&self`; the client needs `&mut` for every statement.
    // A store is used by one thread at a time (Send, not Sync), so a RefCell suffices.
    pub(crate) client: RefCell<Client>,
    pub(crate) name: String,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("db", &self.name).finish()
    }
}

pub(crate) trait Ctx<T> {
    fn ctx(self, db: &str, what: &str) -> Result<T>;
}

impl<T> Ctx<T> for std::result::Result<T, postgres::Error> {
    fn ctx(self, db: &str, what: &str) -> Result<T> {
        self.map_err(|e| {
            // The server's own message ("relation ... does not exist") says more than Display.
            let message = e.as_db_error().map(|d| d.message().to_string()).unwrap_or_else(|| e.to_string());
            StoreError::Backend { context: format!("{db}: {what}"), message }
        })
    }
}

/// A URL without its password, for messages (anything else unchanged).
pub fn display_name(url: &str) -> String {
    let Some(rest) = url.split_once("://").map(|(_, r)| r) else { return url.to_string() };
    let Some((auth, host)) = rest.split_once('@') else { return url.to_string() };
    let user = auth.split(':').next().unwrap_or_default();
    let scheme = &url[..url.len() - rest.len()];
    format!("{scheme}{user}@{host}")
}

/// Positional parameters for a query built piece by piece.
#[derive(Default)]
struct Params(Vec<Box<dyn ToSql + Sync>>);

impl Params {
    /// Add a value; returns its placeholder (`$3`).
    fn add(&mut self, v: impl ToSql + Sync + 'static) -> String {
        self.0.push(Box::new(v));
        format!("${}", self.0.len())
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.0.iter().map(|b| b.as_ref() as &(dyn ToSql + Sync)).collect()
    }
}

impl PgStore {
    /// Connect to `url` (`postgres://user[:password]@host[:port]/database`) and migrate.
    pub fn open(url: &str) -> Result<Self> {
        Self::connect(url, None)
    }

    /// Connect and work inside `schema` (created if missing): separate stores in one
    /// database, which is how the tests get a fresh store each.
    pub fn open_in_schema(url: &str, schema: &str) -> Result<Self> {
        Self::connect(url, Some(schema))
    }

    fn connect(url: &str, schema: Option<&str>) -> Result<Self> {
        let mut name = display_name(url);
        let mut client = Client::connect(url, NoTls).ctx(&name, "cannot connect")?;
        if let Some(s) = schema {
            if !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(StoreError::Unsupported(format!("{name} schema '{s}' (letters, digits and _ only)")));
            }
            client
                .batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {s}; SET search_path TO {s}"))
                .ctx(&name, "cannot select schema")?;
            name = format!("{name} (schema {s})");
        }
        let store = PgStore { client: RefCell::new(client), name };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&self) -> Result<()> {
        let db = &self.name;
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction().ctx(db, "cannot start migration")?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).ctx(db, "cannot lock for migration")?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS sitrep_schema (version INTEGER NOT NULL)")
            .ctx(db, "cannot create the version table")?;
        let found: i32 = tx
            .query_opt("SELECT max(version) FROM sitrep_schema", &[])
            .ctx(db, "cannot read version")?
            .and_then(|r| r.get::<_, Option<i32>>(0))
            .unwrap_or(0);
        let found = found.max(0) as u32;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew { db: db.clone(), found, known: SCHEMA_VERSION });
        }
        for (n, sql) in MIGRATIONS.iter().filter(|(n, _)| *n > found) {
            let what = format!("migration {n} failed");
            tx.batch_execute(sql).ctx(db, &what)?;
            tx.execute("DELETE FROM sitrep_schema", &[]).ctx(db, &what)?;
            tx.execute("INSERT INTO sitrep_schema(version) VALUES ($1)", &[&(*n as i32)]).ctx(db, &what)?;
        }
        tx.commit().ctx(db, "cannot commit migration")
    }

    /// Drop the schema this store works in, with everything in it (tests clean up with this).
    pub fn drop_schema(self, schema: &str) -> Result<()> {
        let db = self.name.clone();
        self.client.borrow_mut().batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE")).ctx(&db, "drop")
    }

    pub(crate) fn corrupt(&self, what: String, message: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt { db: self.name.clone(), what, message: message.to_string() }
    }

    fn query(&self, sql: &str, params: &Params, what: &str) -> Result<Vec<Row>> {
        self.client.borrow_mut().query(sql, &params.refs()).ctx(&self.name, what)
    }

    /// Run a query and map its rows; `what` names the failure.
    fn rows<T>(
        &self,
        sql: &str,
        params: &Params,
        what: &str,
        map: impl Fn(&Row) -> std::result::Result<T, postgres::Error>,
    ) -> Result<Vec<T>> {
        self.query(sql, params, what)?.iter().map(|r| map(r).ctx(&self.name, what)).collect()
    }

    fn parse_document(&self, json: &str, version_id: i64) -> Result<Document> {
        serde_json::from_str(json).map_err(|e| {
            self.corrupt(format!("analysis of version {version_id}"), format!("not a sitrep/1 document: {e}"))
        })
    }

    fn count(&self, sql: &str) -> Result<u64> {
        let row = self.client.borrow_mut().query_one(sql, &[]).ctx(&self.name, "cannot count")?;
        Ok(row.try_get::<_, i64>(0).ctx(&self.name, "cannot count")? as u64)
    }

    /// One attempt at [`Store::put`]; `Ok(None)` when another connection stored the same
    /// text (or the same article's next version) first and the attempt should be repeated.
    fn try_put(&self, new: &NewVersion<'_>) -> Result<Option<PutOutcome>> {
        let db = self.name.clone();
        let a = new.article;
        let hash = new.fingerprint.content_hex();
        let url = a.url.clone().unwrap_or_default();
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction().ctx(&db, "cannot start transaction")?;
        let existing = tx
            .query_opt("SELECT id, origin, url FROM article_versions WHERE content_hash = $1", &[&hash])
            .ctx(&db, "cannot look up content hash")?;
        if let Some(row) = existing {
            let (version_id, origin, stored_url): (i64, String, Option<String>) = (row.get(0), row.get(1), row.get(2));
            if !(origin == new.origin && stored_url.unwrap_or_default() == url) {
                tx.execute(
                    "INSERT INTO duplicates(content_hash, version_id, origin, url) VALUES ($1, $2, $3, $4)
                     ON CONFLICT DO NOTHING",
                    &[&hash, &version_id, &new.origin, &url],
                )
                .ctx(&db, "cannot record duplicate")?;
            }
            tx.commit().ctx(&db, "cannot commit")?;
            return Ok(Some(PutOutcome::Duplicate { version_id }));
        }
        // Lock the article row (creating it if new) so two versions of one article are
        // numbered one after the other.
        tx.execute(
            "INSERT INTO articles(id, url, source, versions) VALUES ($1, $2, $3, 0) ON CONFLICT (id) DO NOTHING",
            &[&a.id, &a.url, &a.source],
        )
        .ctx(&db, "cannot store article")?;
        let versions: i64 = tx
            .query_one("SELECT versions FROM articles WHERE id = $1 FOR UPDATE", &[&a.id])
            .ctx(&db, "cannot look up article")?
            .get(0);
        let version = versions + 1;
        let diagnostics = serde_json::to_string(new.input_diagnostics).unwrap_or_else(|_| "[]".into());
        let (near, similarity) = new.near_duplicate_of.map_or((None, None), |(v, s)| (Some(v), Some(s)));
        let inserted = tx.query_opt(
            "INSERT INTO article_versions(article_id, version, kind, origin, title, author, source, lang,
               published, published_source, url, text, content_hash, shingles, minhash, figures,
               near_duplicate_of, similarity, input_diagnostics)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19::text::jsonb)
             ON CONFLICT (content_hash) DO NOTHING RETURNING id",
            &[
                &a.id,
                &version,
                &new.kind,
                &new.origin,
                &a.title,
                &a.author,
                &a.source,
                &a.lang,
                &a.published.map(|p| p.to_string()),
                &tag(&a.published_source),
                &a.url,
                &a.text,
                &hash,
                &i64::from(new.fingerprint.shingles),
                &new.fingerprint.minhash_bytes(),
                &new.fingerprint.figures_bytes(),
                &near,
                &similarity,
                &diagnostics,
            ],
        );
        let Some(row) = inserted.ctx(&db, "cannot store article version")? else {
            // Stored by another worker since our look-up: roll back and see the duplicate.
            drop(tx);
            return Ok(None);
        };
        let version_id: i64 = row.get(0);
        tx.execute(
            "UPDATE articles SET current_version = $2, versions = $3, url = coalesce($4, url),
               source = coalesce($5, source), last_seen = now() WHERE id = $1",
            &[&a.id, &version_id, &version, &a.url, &a.source],
        )
        .ctx(&db, "cannot update article")?;
        let bands = new.fingerprint.bands();
        let (band, key): (Vec<i64>, Vec<i64>) = bands.iter().map(|(b, k)| (i64::from(*b), *k)).unzip();
        tx.execute(
            "INSERT INTO lsh_bands(band, hash, version_id) SELECT b, h, $3 FROM unnest($1::bigint[], $2::bigint[]) AS t(b, h)",
            &[&band, &key, &version_id],
        )
        .ctx(&db, "cannot store LSH bands")?;
        insert_analysis(&mut tx, &db, version_id, new.document)?;
        tx.commit().ctx(&db, "cannot commit")?;
        Ok(Some(if version == 1 {
            PutOutcome::New { version_id }
        } else {
            PutOutcome::NewVersion { version_id, version: version as u32 }
        }))
    }

    fn article_rows(&self, id: Option<&str>) -> Result<Vec<ArticleRow>> {
        let mut p = Params::default();
        let cond = match id {
            Some(i) => format!("WHERE a.id = {}", p.add(i.to_string())),
            None => String::new(),
        };
        let sql = format!(
            "SELECT a.id, a.url, a.source, a.versions, a.current_version, v.title, v.published, v.lang
             FROM articles a LEFT JOIN article_versions v ON v.id = a.current_version {cond} ORDER BY a.id COLLATE \"C\""
        );
        self.rows(&sql, &p, "cannot list articles", article_row)
    }
}

fn article_row(r: &Row) -> std::result::Result<ArticleRow, postgres::Error> {
    Ok(ArticleRow {
        id: r.try_get(0)?,
        url: r.try_get(1)?,
        source: r.try_get(2)?,
        versions: r.try_get::<_, i64>(3)? as u32,
        current_version: r.try_get(4)?,
        title: r.try_get(5)?,
        published: r.try_get(6)?,
        lang: r.try_get(7)?,
    })
}

/// Write the analysis of a version and its derived rows (inside the caller's transaction).
pub(crate) fn insert_analysis(tx: &mut Transaction<'_>, db: &str, version_id: i64, doc: &Document) -> Result<()> {
    let pipeline = serde_json::to_string(&doc.pipeline).unwrap_or_default();
    let document = serde_json::to_string(doc).map_err(|e| StoreError::Corrupt {
        db: db.into(),
        what: format!("document {}", doc.article.id),
        message: e.to_string(),
    })?;
    let aid: i64 = tx
        .query_one(
            "INSERT INTO analyses(version_id, pipeline_code, lexicons_hash, pipeline, document)
             VALUES ($1, $2, $3, $4::text::jsonb, $5::text::jsonb) RETURNING id",
            &[&version_id, &doc.pipeline.code, &lexicons_hash(&doc.pipeline), &pipeline, &document],
        )
        .ctx(db, "cannot store analysis")?
        .get(0);
    let w = |what: &str| format!("cannot store {what} of {}", doc.article.id);

    for m in doc.mentions.iter().flatten() {
        let a = m.actor.as_ref();
        tx.execute(
            "INSERT INTO mentions(analysis_id, mid, start_byte, end_byte, text, kind, actor_id, actor_name,
               actor_code, country, sector) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
            &[
                &aid,
                &m.id,
                &(m.start as i64),
                &(m.end as i64),
                &m.text,
                &tag(&m.kind),
                &a.map(|a| &a.id),
                &a.map(|a| &a.name),
                &a.map(|a| &a.code),
                &a.and_then(|a| a.country.as_ref()),
                &a.and_then(|a| a.sector.as_ref()),
            ],
        )
        .ctx(db, &w("mentions"))?;
    }
    for t in doc.times.iter().flatten() {
        tx.execute(
            "INSERT INTO times(analysis_id, tid, start_byte, end_byte, text, type, value, mod, anchor)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)",
            &[
                &aid,
                &t.id,
                &(t.start as i64),
                &(t.end as i64),
                &t.text,
                &tag(&t.kind),
                &t.value,
                &t.modifier,
                &tag(&t.anchor),
            ],
        )
        .ctx(db, &w("times"))?;
    }
    for p in doc.places.iter().flatten() {
        tx.execute(
            "INSERT INTO places(analysis_id, pid, start_byte, end_byte, text, name, country, admin1, lat, lon,
               geonames_id, confidence) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)",
            &[
                &aid,
                &p.id,
                &(p.start as i64),
                &(p.end as i64),
                &p.text,
                &p.name,
                &p.country,
                &p.admin1,
                &p.lat,
                &p.lon,
                &p.geonames_id.map(|g| g as i64),
                &(p.confidence as f64),
            ],
        )
        .ctx(db, &w("places"))?;
    }
    for q in doc.quotes.iter().flatten() {
        let sp = q.speaker.as_ref();
        let actor = sp.and_then(|s| s.actor.as_ref());
        tx.execute(
            "INSERT INTO quotes(analysis_id, qid, start_byte, end_byte, text, kind, direct, cue, source_text,
               speaker_mention, speaker_id, speaker_name, speaker_code, channel, sourcing, confidence)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)",
            &[
                &aid,
                &q.id,
                &(q.start as i64),
                &(q.end as i64),
                &q.text,
                &tag(&q.kind),
                &q.direct,
                &q.cue.text,
                &q.source_span.as_ref().map(|s| &s.text),
                &sp.and_then(|s| s.mention.as_ref()),
                &actor.map(|a| &a.id),
                &actor.map(|a| &a.name),
                &actor.map(|a| &a.code),
                &q.channel,
                &tag(&q.sourcing.kind),
                &(q.confidence as f64),
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
        let mut p = Params::default();
        let values = [
            p.add(aid),
            p.add(e.id.clone()),
            p.add(e.sentence as i64),
            p.add(sentence_text(doc, e.sentence)),
            p.add(e.trigger.text.clone()),
            p.add(e.code.clone()),
            p.add(e.root.clone()),
            p.add(e.quad_class as i64),
            p.add(e.goldstein as f64),
            p.add(e.plover.kind.clone()),
            p.add(e.plover.mode.clone()),
            p.add(e.plover.context.clone()),
            p.add(s.map(|a| a.text.clone())),
            p.add(sa.map(|a| a.id.clone())),
            p.add(sa.map(|a| a.name.clone())),
            p.add(sa.map(|a| a.code.clone())),
            p.add(sa.and_then(|a| a.country.clone())),
            p.add(sa.and_then(|a| a.sector.clone())),
            p.add(t.map(|a| a.text.clone())),
            p.add(ta.map(|a| a.id.clone())),
            p.add(ta.map(|a| a.name.clone())),
            p.add(ta.map(|a| a.code.clone())),
            p.add(ta.and_then(|a| a.country.clone())),
            p.add(ta.and_then(|a| a.sector.clone())),
            p.add(place.map(|p| p.name.clone())),
            p.add(place.and_then(|p| p.country.clone())),
            p.add(place.and_then(|p| p.admin1.clone())),
            p.add(place.and_then(|p| p.lat)),
            p.add(place.and_then(|p| p.lon)),
            p.add(place.and_then(|p| p.geonames_id).map(|g| g as i64)),
            p.add(e.date.clone()),
            p.add(day),
            p.add(e.date_precision.as_ref().map(tag)),
            p.add(tag(&e.factuality.polarity)),
            p.add(tag(&e.factuality.status)),
            p.add(e.background),
            p.add(e.casualties.as_ref().and_then(|c| c.killed).map(i64::from)),
            p.add(e.casualties.as_ref().and_then(|c| c.injured).map(i64::from)),
            p.add(tag(&e.sourcing.kind)),
            p.add(e.confidence as f64),
            p.add(e.evidence.rule.clone()),
        ];
        let sql = format!(
            "INSERT INTO events(analysis_id, eid, sentence, sentence_text, trigger, code, root, quad_class, goldstein,
               plover_type, plover_mode, plover_context, source_text, source_id, source_name, source_code,
               source_country, source_sector, target_text, target_id, target_name, target_code, target_country,
               target_sector, place_name, place_country, place_admin1, place_lat, place_lon, place_geonames, date,
               day, date_precision, polarity, status, background, killed, injured, sourcing, confidence, rule)
             VALUES ({})",
            values.join(",")
        );
        tx.execute(&sql, &p.refs()).ctx(db, &w("events"))?;
    }
    for c in doc.claims.iter().flatten() {
        let actor = c.claimant.actor.as_ref();
        tx.execute(
            "INSERT INTO claims(analysis_id, cid, claimant_mention, claimant_id, claimant_name, quote, event, stance,
               act, text, sourcing, confidence, claimant_code) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)",
            &[
                &aid,
                &c.id,
                &c.claimant.mention,
                &actor.map(|a| &a.id),
                &actor.map(|a| &a.name),
                &c.quote,
                &c.event,
                &tag(&c.stance),
                &c.act.as_ref().map(tag),
                &c.text,
                &tag(&c.sourcing.kind),
                &(c.confidence as f64),
                &actor.map(|a| &a.code),
            ],
        )
        .ctx(db, &w("claims"))?;
    }
    Ok(())
}

/// SQL matching an actor given by id, CAMEO code prefix or name, on columns `{p}_id`,
/// `{p}_code`, `{p}_name`.
fn actor_cond(p: &str, who: &str, params: &mut Params) -> String {
    let i = params.add(who.to_string());
    let j = params.add(like_prefix(who));
    format!("(lower({p}_id) = lower({i}) OR {p}_code LIKE {j} OR lower({p}_name) = lower({i}))")
}

/// WHERE conditions on the `events e` table for a filter.
fn event_conds(f: &Filter, params: &mut Params) -> Vec<String> {
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
        let i = params.add(lo.clone());
        let j = params.add(hi.clone());
        c.push(format!("substr(e.code, 1, length({i})) COLLATE \"C\" BETWEEN {i} AND {j}"));
    }
    if let Some(d) = &f.since {
        c.push(format!("e.day >= {}", params.add(d.clone())));
    }
    if let Some(d) = &f.until {
        c.push(format!("e.day <= {}", params.add(d.clone())));
    }
    c
}

/// Every word of `f.q` inside the text of `expr`, case-insensitively.
fn words_cond(expr: &str, f: &Filter, params: &mut Params) -> Option<String> {
    let words = query_words(f.q.as_deref()?);
    let parts: Vec<String> =
        words.into_iter().map(|w| format!("strpos(lower({expr}), {}) > 0", params.add(w))).collect();
    (!parts.is_empty()).then(|| format!("({})", parts.join(" AND ")))
}

/// A `to_tsquery('simple', ...)` argument requiring every word of `q`, the last as a prefix.
/// Words are letters and digits only, so user input is never query syntax.
fn ts_query(q: &str) -> Option<String> {
    let words = query_words(q);
    let last = words.len().checked_sub(1)?;
    Some(
        words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == last { format!("'{w}':*") } else { format!("'{w}'") })
            .collect::<Vec<_>>()
            .join(" & "),
    )
}

/// Conditions on an article's current version (`a`, `v` joined): the article set, and the
/// publication day when `dates` is set.
fn article_conds(f: &Filter, dates: bool, params: &mut Params) -> Vec<String> {
    let mut c = Vec::new();
    if let Some(ids) = &f.articles {
        c.push(format!("a.id = ANY({}::text[])", params.add(ids.clone())));
    }
    if dates {
        if let Some(d) = &f.since {
            c.push(format!("substr(v.published, 1, 10) >= {}", params.add(d.clone())));
        }
        if let Some(d) = &f.until {
            c.push(format!("substr(v.published, 1, 10) <= {}", params.add(d.clone())));
        }
    }
    c
}

fn where_clause(conds: &[String]) -> String {
    if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) }
}

fn limit_clause(f: &Filter) -> String {
    match (f.limit, f.offset) {
        (Some(n), o) => format!(" LIMIT {n} OFFSET {o}"),
        (None, 0) => String::new(),
        (None, o) => format!(" OFFSET {o}"),
    }
}

/// Publication order as SQLite gives it: undated first, bytes not locale.
const BY_PUBLICATION: &str = "v.published COLLATE \"C\" NULLS FIRST, a.id COLLATE \"C\"";

const CURRENT: &str = "JOIN analyses an ON an.id = {T}.analysis_id
     JOIN article_versions v ON v.id = an.version_id
     JOIN articles a ON a.current_version = v.id";

impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn schema_version(&self) -> Result<u32> {
        let row = self
            .client
            .borrow_mut()
            .query_one("SELECT max(version) FROM sitrep_schema", &[])
            .ctx(&self.name, "cannot read version")?;
        Ok(row.try_get::<_, Option<i32>>(0).ctx(&self.name, "cannot read version")?.unwrap_or(0).max(0) as u32)
    }

    fn put(&mut self, new: &NewVersion<'_>) -> Result<PutOutcome> {
        for _ in 0..3 {
            if let Some(out) = self.try_put(new)? {
                return Ok(out);
            }
        }
        Err(StoreError::Backend {
            context: format!("{}: cannot store {}", self.name, new.origin),
            message: "the text kept being stored concurrently".into(),
        })
    }

    fn contains_content(&self, content_hash: u64) -> Result<bool> {
        let row = self
            .client
            .borrow_mut()
            .query_opt("SELECT 1 FROM article_versions WHERE content_hash = $1", &[&format!("{content_hash:016x}")])
            .ctx(&self.name, "cannot look up content hash")?;
        Ok(row.is_some())
    }

    fn content_hashes(&self) -> Result<Vec<u64>> {
        let hex =
            self.rows("SELECT content_hash FROM article_versions", &Params::default(), "cannot list hashes", |r| {
                r.try_get::<_, String>(0)
            })?;
        hex.iter()
            .map(|h| u64::from_str_radix(h, 16).map_err(|e| self.corrupt(format!("content hash '{h}'"), e)))
            .collect()
    }

    fn near_candidates(&self, fp: &Fingerprint) -> Result<Vec<Candidate>> {
        let bands = fp.bands();
        if bands.is_empty() {
            return Ok(Vec::new());
        }
        let mut p = Params::default();
        let (band, key): (Vec<i64>, Vec<i64>) = bands.iter().map(|(b, k)| (i64::from(*b), *k)).unzip();
        let (b, k) = (p.add(band), p.add(key));
        let sql = format!(
            "SELECT v.id, v.article_id, v.content_hash, v.shingles, v.minhash, v.figures FROM article_versions v
             WHERE v.id IN (SELECT l.version_id FROM lsh_bands l
                            JOIN unnest({b}::bigint[], {k}::bigint[]) AS t(b, h) ON l.band = t.b AND l.hash = t.h)
             ORDER BY v.id"
        );
        type Raw = (i64, String, String, i64, Vec<u8>, Vec<u8>);
        let raw: Vec<Raw> = self.rows(&sql, &p, "cannot query LSH bands", |r| {
            Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?, r.try_get(5)?))
        })?;
        raw.into_iter()
            .map(|(id, article_id, hash, shingles, blob, figs)| {
                let figures = Fingerprint::figures_from_bytes(&figs)
                    .ok_or_else(|| self.corrupt(format!("version {id}"), "figure hashes have the wrong length"))?;
                let minhash = Fingerprint::minhash_from_bytes(&blob)
                    .ok_or_else(|| self.corrupt(format!("version {id}"), "MinHash signature has the wrong length"))?;
                let content_hash = u64::from_str_radix(&hash, 16)
                    .map_err(|e| self.corrupt(format!("version {id} content hash"), e))?;
                Ok(Candidate {
                    version_id: id,
                    article_id,
                    fingerprint: Fingerprint { content_hash, shingles: shingles as u32, minhash, figures },
                })
            })
            .collect()
    }

    fn article(&self, id: &str) -> Result<Option<ArticleRow>> {
        Ok(self.article_rows(Some(id))?.into_iter().next())
    }

    fn articles(&self) -> Result<Vec<ArticleRow>> {
        self.article_rows(None)
    }

    fn versions(&self, article_id: &str) -> Result<Vec<VersionRow>> {
        let mut p = Params::default();
        let sql = format!(
            "SELECT v.id, v.article_id, v.version, v.kind, v.origin, v.content_hash, v.near_duplicate_of,
                    v.similarity, an.pipeline_code
             FROM article_versions v LEFT JOIN analyses an ON an.version_id = v.id
             WHERE v.article_id = {} ORDER BY v.version",
            p.add(article_id.to_string())
        );
        self.rows(&sql, &p, "cannot list versions", |r| {
            Ok(VersionRow {
                id: r.try_get(0)?,
                article_id: r.try_get(1)?,
                version: r.try_get::<_, i64>(2)? as u32,
                kind: r.try_get(3)?,
                origin: r.try_get(4)?,
                content_hash: r.try_get(5)?,
                near_duplicate_of: r.try_get(6)?,
                similarity: r.try_get(7)?,
                pipeline_code: r.try_get(8)?,
            })
        })
    }

    fn document(&self, version_id: i64) -> Result<Option<Document>> {
        let row = self
            .client
            .borrow_mut()
            .query_opt("SELECT document::text FROM analyses WHERE version_id = $1", &[&version_id])
            .ctx(&self.name, "cannot read analysis")?;
        row.map(|r| self.parse_document(&r.get::<_, String>(0), version_id)).transpose()
    }

    fn load_article(&self, version_id: i64) -> Result<(Article, Vec<Diagnostic>)> {
        let row = self
            .client
            .borrow_mut()
            .query_opt(
                "SELECT article_id, url, title, author, source, lang, published, published_source, text,
                        input_diagnostics::text FROM article_versions WHERE id = $1",
                &[&version_id],
            )
            .ctx(&self.name, "cannot read article version")?;
        let Some(r) = row else { return Err(StoreError::NotFound(format!("article version {version_id}"))) };
        let what = || format!("article version {version_id}");
        let mut article = Article::new(r.get::<_, String>(0), r.get::<_, String>(8));
        article.url = r.get(1);
        article.title = r.get(2);
        article.author = r.get(3);
        article.source = r.get(4);
        article.lang = r.get(5);
        let published: Option<String> = r.get(6);
        article.published = published.map(|p| Published::parse(&p)).transpose().map_err(|e| self.corrupt(what(), e))?;
        article.published_source =
            serde_json::from_value::<PublishedSource>(serde_json::Value::String(r.get::<_, String>(7)))
                .map_err(|e| self.corrupt(what(), e))?;
        let diagnostics: Vec<Diagnostic> =
            serde_json::from_str(&r.get::<_, String>(9)).map_err(|e| self.corrupt(what(), e))?;
        Ok((article, diagnostics))
    }

    fn stale_analyses(&self, current: &sitrep_model::PipelineInfo) -> Result<Vec<i64>> {
        let mut p = Params::default();
        let sql = format!(
            "SELECT v.id FROM article_versions v LEFT JOIN analyses an ON an.version_id = v.id
             WHERE an.id IS NULL OR an.pipeline_code != {} OR an.lexicons_hash != {} ORDER BY v.id",
            p.add(current.code.clone()),
            p.add(lexicons_hash(current))
        );
        self.rows(&sql, &p, "cannot list stale analyses", |r| r.try_get(0))
    }

    fn replace_stories(&mut self, stories: &[sitrep_model::Story]) -> Result<()> {
        let db = self.name.clone();
        let rows: Vec<String> = stories
            .iter()
            .map(|s| serde_json::to_string(s).map_err(|e| self.corrupt(format!("story {}", s.id), e)))
            .collect::<Result<_>>()?;
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction().ctx(&db, "cannot start transaction")?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&STORIES_LOCK]).ctx(&db, "cannot lock stories")?;
        tx.execute("DELETE FROM story_articles", &[]).ctx(&db, "cannot clear story articles")?;
        tx.execute("DELETE FROM stories", &[]).ctx(&db, "cannot clear stories")?;
        for (rank, (s, json)) in stories.iter().zip(&rows).enumerate() {
            let (rank, n) = (rank as i64, s.articles.len() as i64);
            tx.execute(
                "INSERT INTO stories (id, rank, title, first_day, last_day, articles, story) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[&s.id, &rank, &s.title, &s.first, &s.last, &n, json],
            )
            .ctx(&db, &format!("cannot store story {}", s.id))?;
            for a in &s.articles {
                tx.execute(
                    "INSERT INTO story_articles (story_id, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    &[&s.id, a],
                )
                .ctx(&db, &format!("cannot store story {}", s.id))?;
            }
        }
        tx.commit().ctx(&db, "cannot commit")
    }

    fn stories(&self, since: Option<&str>, until: Option<&str>) -> Result<Vec<sitrep_model::Story>> {
        let db = self.name.clone();
        let rows = self
            .client
            .borrow_mut()
            .query(
                "SELECT id, story FROM stories
                 WHERE ($1::text IS NULL OR last_day IS NULL OR last_day >= $1)
                   AND ($2::text IS NULL OR first_day IS NULL OR first_day <= $2)
                 ORDER BY rank",
                &[&since, &until],
            )
            .ctx(&db, "cannot read stories")?;
        rows.iter()
            .map(|r| {
                let (id, json): (String, String) = (r.get(0), r.get(1));
                serde_json::from_str(&json).map_err(|e| self.corrupt(format!("story {id}"), e))
            })
            .collect()
    }

    fn story(&self, id: &str) -> Result<Option<sitrep_model::Story>> {
        let db = self.name.clone();
        let row = self
            .client
            .borrow_mut()
            .query_opt("SELECT story FROM stories WHERE id = $1", &[&id])
            .ctx(&db, "cannot read story")?;
        row.map(|r| {
            let json: String = r.get(0);
            serde_json::from_str(&json).map_err(|e| self.corrupt(format!("story {id}"), e))
        })
        .transpose()
    }

    fn replace_analysis(&mut self, version_id: i64, document: &Document) -> Result<()> {
        let db = self.name.clone();
        let mut client = self.client.borrow_mut();
        let mut tx = client.transaction().ctx(&db, "cannot start transaction")?;
        // Locking the version row makes concurrent replacements of one analysis take turns.
        let exists = tx
            .query_opt("SELECT id FROM article_versions WHERE id = $1 FOR UPDATE", &[&version_id])
            .ctx(&db, "cannot read article version")?;
        if exists.is_none() {
            return Err(StoreError::NotFound(format!("article version {version_id}")));
        }
        tx.execute("DELETE FROM analyses WHERE version_id = $1", &[&version_id]).ctx(&db, "cannot delete analysis")?;
        insert_analysis(&mut tx, &db, version_id, document)?;
        tx.commit().ctx(&db, "cannot commit")
    }

    fn events(&self, filter: &Filter) -> Result<Vec<EventRow>> {
        let mut p = Params::default();
        let mut conds = event_conds(filter, &mut p);
        conds.extend(words_cond("e.sentence_text", filter, &mut p));
        conds.extend(article_conds(filter, false, &mut p));
        let sql = format!(
            "SELECT a.id, v.url, v.source, v.title, v.published, e.eid, e.sentence, e.sentence_text, e.trigger, e.code, e.root,
                    e.quad_class, e.goldstein, e.plover_type, e.plover_mode, e.plover_context,
                    e.source_text, e.source_id, e.source_name, e.source_code, e.source_country, e.source_sector,
                    e.target_text, e.target_id, e.target_name, e.target_code, e.target_country, e.target_sector,
                    e.place_name, e.place_country, e.place_admin1, e.place_lat, e.place_lon, e.place_geonames,
                    e.date, e.day, e.date_precision, e.polarity, e.status, e.background, e.killed, e.injured,
                    e.sourcing, e.confidence, e.rule, e.analysis_id
             FROM events e {} {} ORDER BY {BY_PUBLICATION}, e.id{}",
            CURRENT.replace("{T}", "e"),
            where_clause(&conds),
            limit_clause(filter)
        );
        self.rows(&sql, &p, "cannot query events", |r| {
            Ok(EventRow {
                article_id: r.try_get(0)?,
                url: r.try_get(1)?,
                outlet: r.try_get(2)?,
                title: r.try_get(3)?,
                published: r.try_get(4)?,
                eid: r.try_get(5)?,
                sentence: r.try_get(6)?,
                sentence_text: r.try_get(7)?,
                trigger: r.try_get(8)?,
                code: r.try_get(9)?,
                root: r.try_get(10)?,
                quad_class: r.try_get(11)?,
                goldstein: r.try_get(12)?,
                plover_type: r.try_get(13)?,
                plover_mode: r.try_get(14)?,
                plover_context: r.try_get(15)?,
                source_text: r.try_get(16)?,
                source_id: r.try_get(17)?,
                source_name: r.try_get(18)?,
                source_code: r.try_get(19)?,
                source_country: r.try_get(20)?,
                source_sector: r.try_get(21)?,
                target_text: r.try_get(22)?,
                target_id: r.try_get(23)?,
                target_name: r.try_get(24)?,
                target_code: r.try_get(25)?,
                target_country: r.try_get(26)?,
                target_sector: r.try_get(27)?,
                place_name: r.try_get(28)?,
                place_country: r.try_get(29)?,
                place_admin1: r.try_get(30)?,
                place_lat: r.try_get(31)?,
                place_lon: r.try_get(32)?,
                place_geonames: r.try_get(33)?,
                date: r.try_get(34)?,
                day: r.try_get(35)?,
                date_precision: r.try_get(36)?,
                polarity: r.try_get(37)?,
                status: r.try_get(38)?,
                background: r.try_get(39)?,
                killed: r.try_get(40)?,
                injured: r.try_get(41)?,
                sourcing: r.try_get(42)?,
                confidence: r.try_get(43)?,
                rule: r.try_get(44)?,
                analysis_id: r.try_get(45)?,
            })
        })
    }

    fn quotes(&self, filter: &Filter) -> Result<Vec<QuoteRow>> {
        let mut p = Params::default();
        let mut conds = Vec::new();
        if let Some(s) = &filter.speaker {
            conds.push(actor_cond("q.speaker", s, &mut p));
        }
        if let Some(d) = &filter.since {
            conds.push(format!("substr(v.published, 1, 10) >= {}", p.add(d.clone())));
        }
        if let Some(d) = &filter.until {
            conds.push(format!("substr(v.published, 1, 10) <= {}", p.add(d.clone())));
        }
        conds.extend(words_cond("q.text", filter, &mut p));
        conds.extend(article_conds(filter, false, &mut p));
        let sql = format!(
            "SELECT a.id, v.url, v.source, v.published, q.qid, q.text, q.kind, q.direct, q.cue, q.source_text,
                    q.speaker_id, q.speaker_name, q.speaker_code, q.channel, q.sourcing, q.confidence
             FROM quotes q {} {} ORDER BY {BY_PUBLICATION}, q.id{}",
            CURRENT.replace("{T}", "q"),
            where_clause(&conds),
            limit_clause(filter)
        );
        self.rows(&sql, &p, "cannot query quotes", |r| {
            Ok(QuoteRow {
                article_id: r.try_get(0)?,
                url: r.try_get(1)?,
                outlet: r.try_get(2)?,
                published: r.try_get(3)?,
                qid: r.try_get(4)?,
                text: r.try_get(5)?,
                kind: r.try_get(6)?,
                direct: r.try_get(7)?,
                cue: r.try_get(8)?,
                source_text: r.try_get(9)?,
                speaker_id: r.try_get(10)?,
                speaker_name: r.try_get(11)?,
                speaker_code: r.try_get(12)?,
                channel: r.try_get(13)?,
                sourcing: r.try_get(14)?,
                confidence: r.try_get(15)?,
            })
        })
    }

    fn each_document(&self, filter: &Filter, visit: &mut dyn FnMut(Document) -> bool) -> Result<usize> {
        let mut p = Params::default();
        let mut conds = Vec::new();
        if has_event_filter(filter) {
            let ec = event_conds(filter, &mut p);
            conds.push(format!("an.id IN (SELECT e.analysis_id FROM events e {})", where_clause(&ec)));
        } else if filter.speaker.is_none() {
            // Dates alone: the article's publication day.
            if let Some(d) = &filter.since {
                conds.push(format!("substr(v.published, 1, 10) >= {}", p.add(d.clone())));
            }
            if let Some(d) = &filter.until {
                conds.push(format!("substr(v.published, 1, 10) <= {}", p.add(d.clone())));
            }
        }
        if let Some(s) = &filter.speaker {
            let c = actor_cond("q.speaker", s, &mut p);
            conds.push(format!("an.id IN (SELECT q.analysis_id FROM quotes q WHERE {c})"));
        }
        conds.extend(article_conds(filter, false, &mut p));
        if let Some(m) = filter.q.as_deref().and_then(ts_query) {
            conds.push(format!("v.fts @@ to_tsquery('simple', {})", p.add(m)));
        }
        // Ids first, then documents in batches: memory stays small, and no statement is open
        // while `visit` runs (it may use this store).
        let sql = format!(
            "SELECT v.id FROM analyses an JOIN article_versions v ON v.id = an.version_id
             JOIN articles a ON a.current_version = v.id {} ORDER BY {BY_PUBLICATION}{}",
            where_clause(&conds),
            limit_clause(filter)
        );
        let ids: Vec<i64> = self.rows(&sql, &p, "cannot query documents", |r| r.try_get(0))?;
        let mut n = 0;
        for batch in ids.chunks(64) {
            let mut p = Params::default();
            let ids = p.add(batch.to_vec());
            let sql =
                format!("SELECT version_id, document::text FROM analyses WHERE version_id = ANY({ids}::bigint[])");
            let mut docs: std::collections::HashMap<i64, String> = self
                .rows(&sql, &p, "cannot read documents", |r| Ok((r.try_get(0)?, r.try_get(1)?)))?
                .into_iter()
                .collect();
            for id in batch {
                let Some(json) = docs.remove(id) else { continue };
                n += 1;
                if !visit(self.parse_document(&json, *id)?) {
                    return Ok(n);
                }
            }
        }
        Ok(n)
    }

    fn counts(&self) -> Result<Counts> {
        Ok(Counts {
            articles: self.count("SELECT count(*) FROM articles")?,
            versions: self.count("SELECT count(*) FROM article_versions")?,
            duplicates: self.count("SELECT count(*) FROM duplicates")?,
            near_duplicates: self.count("SELECT count(*) FROM article_versions WHERE near_duplicate_of IS NOT NULL")?,
            analyses: self.count("SELECT count(*) FROM analyses")?,
            events: self.count("SELECT count(*) FROM events")?,
            quotes: self.count("SELECT count(*) FROM quotes")?,
        })
    }

    fn revision(&self) -> Result<u64> {
        // Every put and every replaced analysis inserts an analysis (identity ids only grow);
        // a duplicate adds a row to `duplicates`. Any process's commit shows here.
        let row = self
            .client
            .borrow_mut()
            .query_one(
                "SELECT (SELECT coalesce(max(id), 0) FROM analyses), (SELECT count(*) FROM analyses),
                        (SELECT count(*) FROM duplicates)",
                &[],
            )
            .ctx(&self.name, "cannot read revision")?;
        let (max, n, dups): (i64, i64, i64) = (row.get(0), row.get(1), row.get(2));
        Ok(xxhash_rust::xxh3::xxh3_64(format!("{max}:{n}:{dups}").as_bytes()))
    }

    fn article_list(&self, filter: &Filter) -> Result<Vec<ArticleRow>> {
        let mut p = Params::default();
        let conds = self.article_filter(filter, &mut p);
        let sql = format!(
            "SELECT a.id, a.url, a.source, a.versions, a.current_version, v.title, v.published, v.lang
             FROM articles a JOIN article_versions v ON v.id = a.current_version {} ORDER BY {BY_PUBLICATION}{}",
            where_clause(&conds),
            limit_clause(filter)
        );
        self.rows(&sql, &p, "cannot list articles", article_row)
    }

    fn claims(&self, filter: &Filter) -> Result<Vec<ClaimRow>> {
        let mut p = Params::default();
        let mut conds = article_conds(filter, true, &mut p);
        if let Some(who) = &filter.actor {
            conds.push(actor_cond("c.claimant", who, &mut p));
        }
        conds.extend(words_cond("c.text", filter, &mut p));
        let sql = format!(
            "SELECT a.id, v.url, v.source, v.published, c.cid, c.claimant_mention, c.claimant_id, c.claimant_name,
                    c.claimant_code, c.quote, c.event, c.stance, c.act, c.text, c.sourcing, c.confidence
             FROM claims c {} {} ORDER BY {BY_PUBLICATION}, c.id{}",
            CURRENT.replace("{T}", "c"),
            where_clause(&conds),
            limit_clause(filter)
        );
        self.rows(&sql, &p, "cannot query claims", |r| {
            Ok(ClaimRow {
                article_id: r.try_get(0)?,
                url: r.try_get(1)?,
                outlet: r.try_get(2)?,
                published: r.try_get(3)?,
                cid: r.try_get(4)?,
                claimant_mention: r.try_get(5)?,
                claimant_id: r.try_get(6)?,
                claimant_name: r.try_get(7)?,
                claimant_code: r.try_get(8)?,
                quote: r.try_get(9)?,
                event: r.try_get(10)?,
                stance: r.try_get(11)?,
                act: r.try_get(12)?,
                text: r.try_get(13)?,
                sourcing: r.try_get(14)?,
                confidence: r.try_get(15)?,
            })
        })
    }

    fn actors(&self, filter: &Filter) -> Result<Vec<ActorRow>> {
        let mut p = Params::default();
        // Events are counted over the same articles as the mentions.
        let ec = article_conds(filter, true, &mut p);
        let mut conds = vec!["m.actor_id IS NOT NULL".to_string()];
        conds.extend(article_conds(filter, true, &mut p));
        if let Some(who) = &filter.actor {
            conds.push(actor_cond("m.actor", who, &mut p));
        }
        conds.extend(words_cond("m.actor_name || ' ' || m.actor_id", filter, &mut p));
        let sql = format!(
            "SELECT m.actor_id, max(m.actor_name), max(m.actor_code), max(m.country), max(m.sector),
                    count(*), count(DISTINCT a.id),
                    (SELECT count(*) FROM events e {} WHERE (e.source_id = m.actor_id OR e.target_id = m.actor_id){})
             FROM mentions m {} {} GROUP BY m.actor_id ORDER BY count(*) DESC, m.actor_id COLLATE \"C\"{}",
            CURRENT.replace("{T}", "e"),
            ec.iter().map(|c| format!(" AND {c}")).collect::<String>(),
            CURRENT.replace("{T}", "m"),
            where_clause(&conds),
            limit_clause(filter)
        );
        self.rows(&sql, &p, "cannot list actors", |r| {
            Ok(ActorRow {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                code: r.try_get(2)?,
                country: r.try_get(3)?,
                sector: r.try_get(4)?,
                mentions: r.try_get::<_, i64>(5)? as u64,
                articles: r.try_get::<_, i64>(6)? as u64,
                events: r.try_get::<_, i64>(7)? as u64,
            })
        })
    }

    fn places(&self, filter: &Filter) -> Result<Vec<PlaceRow>> {
        let mut p = Params::default();
        let ec = article_conds(filter, true, &mut p);
        let mut conds = article_conds(filter, true, &mut p);
        conds.extend(words_cond("p.name || ' ' || p.text", filter, &mut p));
        let sql = format!(
            "SELECT p.name, p.country, max(p.admin1), max(p.lat), max(p.lon), max(p.geonames_id),
                    count(*), count(DISTINCT a.id),
                    (SELECT count(*) FROM events e {} WHERE e.place_name = p.name
                       AND e.place_country IS NOT DISTINCT FROM p.country{})
             FROM places p {} {} GROUP BY p.name, p.country
             ORDER BY count(*) DESC, p.name COLLATE \"C\", p.country COLLATE \"C\" NULLS FIRST{}",
            CURRENT.replace("{T}", "e"),
            ec.iter().map(|c| format!(" AND {c}")).collect::<String>(),
            CURRENT.replace("{T}", "p"),
            where_clause(&conds),
            limit_clause(filter)
        );
        self.rows(&sql, &p, "cannot list places", |r| {
            Ok(PlaceRow {
                name: r.try_get(0)?,
                country: r.try_get(1)?,
                admin1: r.try_get(2)?,
                lat: r.try_get(3)?,
                lon: r.try_get(4)?,
                geonames_id: r.try_get(5)?,
                mentions: r.try_get::<_, i64>(6)? as u64,
                articles: r.try_get::<_, i64>(7)? as u64,
                events: r.try_get::<_, i64>(8)? as u64,
            })
        })
    }

    fn search(&self, filter: &Filter) -> Result<Vec<SearchHit>> {
        let Some(m) = filter.q.as_deref().and_then(ts_query) else { return Ok(Vec::new()) };
        let mut p = Params::default();
        let tsq = format!("to_tsquery('simple', {})", p.add(m));
        let only = Filter { q: None, ..filter.clone() };
        let mut conds = vec![format!("v.fts @@ {tsq}")];
        conds.extend(self.article_filter(&only, &mut p));
        // The snippet marks matches with \u{2} and \u{3}, as the SQLite backend does.
        let sql = format!(
            "SELECT a.id, v.id, v.title, v.url, v.source, v.published,
                    ts_headline('simple', coalesce(v.title, '') || ' ' || v.text, {tsq},
                                'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=12, FragmentDelimiter=…, MaxFragments=1'),
                    ts_rank_cd(v.fts, {tsq})::float8 AS score
             FROM article_versions v JOIN articles a ON a.current_version = v.id {}
             ORDER BY score DESC, a.id COLLATE \"C\"{}",
            where_clause(&conds),
            limit_clause(filter)
        );
        self.rows(&sql, &p, "cannot search", |r| {
            Ok(SearchHit {
                article_id: r.try_get(0)?,
                version_id: r.try_get(1)?,
                title: r.try_get(2)?,
                url: r.try_get(3)?,
                outlet: r.try_get(4)?,
                published: r.try_get(5)?,
                snippet: r.try_get(6)?,
                score: r.try_get(7)?,
            })
        })
    }
}

impl PgStore {
    /// Conditions of `article_list` (and `search`): article set and dates, an actor
    /// mentioned, a dyad or code among the events, words in the full-text index.
    fn article_filter(&self, filter: &Filter, p: &mut Params) -> Vec<String> {
        let mut conds = article_conds(filter, true, p);
        if let Some(who) = &filter.actor {
            let c = actor_cond("m.actor", who, p);
            conds.push(format!(
                "EXISTS (SELECT 1 FROM mentions m JOIN analyses an ON an.id = m.analysis_id
                         WHERE an.version_id = v.id AND {c})"
            ));
        }
        if filter.dyad.is_some() || filter.codes.is_some() {
            let only = Filter { dyad: filter.dyad.clone(), codes: filter.codes.clone(), ..Filter::default() };
            let ec = event_conds(&only, p);
            conds.push(format!(
                "EXISTS (SELECT 1 FROM events e JOIN analyses an ON an.id = e.analysis_id
                         WHERE an.version_id = v.id AND {})",
                ec.join(" AND ")
            ));
        }
        if let Some(m) = filter.q.as_deref().and_then(ts_query) {
            conds.push(format!("v.fts @@ to_tsquery('simple', {})", p.add(m)));
        }
        conds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_hide_passwords_and_queries_are_words() {
        assert_eq!(display_name("postgres://u:secret@db:5432/news"), "postgres://u@db:5432/news");
        assert_eq!(display_name("postgres://db/news"), "postgres://db/news");
        assert_eq!(ts_query("Iran (muscat\"*").as_deref(), Some("'iran' & 'muscat':*"));
        assert_eq!(ts_query(" \"* "), None);
    }
}
