//! Storage. The [`Store`] trait is what the rest of sitrep sees; [`sqlite::SqliteStore`] is
//! the default backend (one file, WAL mode) and [`pg::PgStore`] the one for several workers
//! sharing a PostgreSQL database (with its work [`queue`]). Every backend passes the same
//! [`conformance`] suite.
//!
//! What is stored: one row per distinct article (`articles`), each distinct text it has had
//! (`article_versions`: an updated page is a new version), inputs whose text was already
//! stored (`duplicates`), the analysis of each version (`analyses`: the whole sitrep/1
//! document and the pipeline that made it), and queryable tables derived from the document
//! (`mentions`, `times`, `quotes`, `events`, `claims`). A version and its analysis are
//! written in one transaction.
//!
//! Deliberately absent: analysis and dedup decisions (the caller brings the document and the
//! near-duplicate link, computed with `sitrep_story::dedup`), and any SQL outside a backend's
//! own module: each dialect keeps its statements and migrations to itself.

pub mod conformance;
pub mod pg;
pub mod queue;
mod rows;
pub mod sqlite;

use sitrep_model::{Article, Diagnostic, Document, PipelineInfo, Story};
use sitrep_story::dedup::Fingerprint;

pub use rows::{ActorRow, ArticleRow, ClaimRow, Counts, EventRow, PlaceRow, QuoteRow, SearchHit, VersionRow};

/// Everything that can go wrong in storage. Bad input never gets here: it is the
/// database (IO, corruption, a format from the future) or the caller's configuration.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database driver failed; `context` says what we were doing and on which database.
    #[error("{context}: {message}")]
    Backend { context: String, message: String },
    /// The database was written by a newer sitrep.
    #[error("{db}: storage format {found} is newer than this build of sitrep knows (up to {known}); upgrade sitrep")]
    TooNew { db: String, found: u32, known: u32 },
    /// Stored data that does not read back (a document that is not sitrep/1 JSON, a bad signature).
    #[error("{db}: {what}: {message}")]
    Corrupt { db: String, what: String, message: String },
    /// A `--db` value naming a backend this build does not have.
    #[error("unsupported database '{0}': expected a SQLite file path or a postgres:// URL")]
    Unsupported(String),
    /// A lookup by id found nothing.
    #[error("{0} not found")]
    NotFound(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A new text to store, with its analysis.
#[derive(Debug, Clone, Copy)]
pub struct NewVersion<'a> {
    /// Metadata and text as ingest produced them (`article.id` is the article's identity).
    pub article: &'a Article,
    /// How the text reached us: `page`, `feed`, `text`, `jsonl`.
    pub kind: &'a str,
    /// The input and position it came from, for the analyst.
    pub origin: &'a str,
    /// Problems ingest reported about the input, kept so re-analysis can report them again.
    pub input_diagnostics: &'a [Diagnostic],
    pub fingerprint: &'a Fingerprint,
    /// An earlier version this text nearly duplicates, with the similarity.
    pub near_duplicate_of: Option<(i64, f64)>,
    /// The analysis of exactly this text.
    pub document: &'a Document,
}

/// What [`Store::put`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    /// A new article, stored as its version 1.
    New { version_id: i64 },
    /// A new text for an article already stored.
    NewVersion { version_id: i64, version: u32 },
    /// This exact text (after normalisation) is already stored: nothing new was written
    /// except, for another input or URL, a record of the duplicate.
    Duplicate { version_id: i64 },
}

/// A stored version that may be a near duplicate of a new text.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub version_id: i64,
    pub article_id: String,
    pub fingerprint: Fingerprint,
}

/// Filters shared by `sitrep query` and `sitrep export`. Empty means everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// An actor on either side of an event: matched against actor id, CAMEO code or name
    /// (case-insensitive).
    pub actor: Option<String>,
    /// Source and target of an event, each matched like `actor`.
    pub dyad: Option<(String, String)>,
    /// CAMEO codes from `lo` to `hi` inclusive, compared on the code's leading digits:
    /// `("19", "19")` is every assault, `("14", "20")` the conflict roots.
    pub codes: Option<(String, String)>,
    /// First and last day (ISO `YYYY-MM-DD`), on the event's date or else the article's.
    pub since: Option<String>,
    pub until: Option<String>,
    /// A quote's speaker, matched like `actor`.
    pub speaker: Option<String>,
    /// Words that must all occur (case-insensitive) in the item: an article's title or text
    /// (full-text index, so whole words and prefixes of the last word), an event's sentence,
    /// a quote's or claim's text, an actor's or place's name.
    pub q: Option<String>,
    /// Only these articles (by id): what a story filter turns into.
    pub articles: Option<Vec<String>>,
    pub limit: Option<usize>,
    /// Rows to skip before the first one returned, for paging.
    pub offset: usize,
}

/// The values of filter flags and query parameters, checked the same way for the command line
/// and the HTTP API; the errors name the value and what was expected.
impl Filter {
    pub fn parse_dyad(s: &str) -> std::result::Result<(String, String), String> {
        match s.split_once(',') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => Ok((a.trim().into(), b.trim().into())),
            _ => Err(format!("'{s}' is not a dyad: expected SOURCE,TARGET such as ISR,IRN")),
        }
    }

    pub fn parse_codes(s: &str) -> std::result::Result<(String, String), String> {
        let digits = |c: &str| !c.is_empty() && c.len() <= 4 && c.bytes().all(|b| b.is_ascii_digit());
        let (lo, hi) = s.split_once('-').unwrap_or((s, s));
        let (lo, hi) = (lo.trim(), hi.trim());
        if !digits(lo) || !digits(hi) || lo.len() != hi.len() || lo > hi {
            return Err(format!(
                "'{s}' is not a CAMEO code or range: expected digits such as 19, 190 or 14-20 (both ends the same length, low first)"
            ));
        }
        Ok((lo.into(), hi.into()))
    }

    pub fn parse_day(s: &str) -> std::result::Result<String, String> {
        s.parse::<jiff::civil::Date>()
            .map(|d| d.to_string())
            .map_err(|_| format!("'{s}' is not a day: expected YYYY-MM-DD such as 2025-06-14"))
    }
}

/// The storage interface. Synchronous on purpose: the CLI calls it from its one writer
/// thread, and a server can wrap a backend in a blocking task. Writes take `&mut self`.
pub trait Store: Send {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// The storage format version of the open database (the last migration applied).
    fn schema_version(&self) -> Result<u32>;

    /// Store a version and its analysis in one transaction. Idempotent: a text whose
    /// normalised hash is stored already becomes [`PutOutcome::Duplicate`].
    /// Replace every stored story with these, in one transaction: the situation across the
    /// current versions (`sitrep_story::situation`), which the caller recomputes after it
    /// changes what is stored.
    fn replace_stories(&mut self, stories: &[Story]) -> Result<()>;
    /// Stored stories in the situation's order (largest first); with `since` / `until` (ISO
    /// days), only those whose days reach into that range.
    fn stories(&self, since: Option<&str>, until: Option<&str>) -> Result<Vec<Story>>;
    /// One stored story by id.
    fn story(&self, id: &str) -> Result<Option<Story>>;

    fn put(&mut self, new: &NewVersion<'_>) -> Result<PutOutcome>;
    /// Whether a text with this normalised hash is stored.
    fn contains_content(&self, content_hash: u64) -> Result<bool>;
    /// Every stored content hash (to skip known texts before analysing them).
    fn content_hashes(&self) -> Result<Vec<u64>>;
    /// Stored versions sharing at least one LSH band with `fp`.
    fn near_candidates(&self, fp: &Fingerprint) -> Result<Vec<Candidate>>;
    /// The stored version that text with fingerprint `fp`, about to be stored for article
    /// `article_id`, nearly duplicates, with the similarity (rounded to 3 places): none for
    /// text already stored (an exact duplicate) or when only the same article's own versions
    /// are near (versions are versions, not near duplicates).
    fn near_duplicate_of(&self, fp: &Fingerprint, article_id: &str) -> Result<Option<(i64, f64)>> {
        if self.contains_content(fp.content_hash)? {
            return Ok(None);
        }
        let candidates = self.near_candidates(fp)?;
        let others = candidates.iter().filter(|c| c.article_id != article_id).map(|c| (c.version_id, &c.fingerprint));
        Ok(match sitrep_story::dedup::best_near(fp, others) {
            Some((vid, sitrep_story::dedup::Match::Near(s))) => Some((vid, (s.score() * 1000.0).round() / 1000.0)),
            _ => None,
        })
    }

    fn article(&self, id: &str) -> Result<Option<ArticleRow>>;
    /// Every article, ordered by id.
    fn articles(&self) -> Result<Vec<ArticleRow>>;
    /// An article's versions, oldest first.
    fn versions(&self, article_id: &str) -> Result<Vec<VersionRow>>;
    /// The stored analysis of a version.
    fn document(&self, version_id: i64) -> Result<Option<Document>>;
    /// A version's article as ingest produced it, and the input's diagnostics.
    fn load_article(&self, version_id: i64) -> Result<(Article, Vec<Diagnostic>)>;

    /// Versions whose analysis was made by a pipeline other than `current` (other code,
    /// stages or lexicons), ascending.
    fn stale_analyses(&self, current: &PipelineInfo) -> Result<Vec<i64>>;
    /// Replace a version's analysis (document and derived tables) in one transaction.
    fn replace_analysis(&mut self, version_id: i64, document: &Document) -> Result<()>;

    /// Events of current versions matching `filter`, by article publication then event id.
    fn events(&self, filter: &Filter) -> Result<Vec<EventRow>>;
    /// Quotes of current versions matching `filter` (speaker, dates).
    fn quotes(&self, filter: &Filter) -> Result<Vec<QuoteRow>>;
    /// Documents of current versions, one at a time, in publication order; with an event
    /// filter set, only those with a matching event. `visit` returns `false` to stop. Returns
    /// how many were visited. Streaming, so exporting a large store needs little memory.
    fn each_document(&self, filter: &Filter, visit: &mut dyn FnMut(Document) -> bool) -> Result<usize>;

    /// [`Store::each_document`], collected.
    fn documents(&self, filter: &Filter) -> Result<Vec<Document>> {
        let mut out = Vec::new();
        self.each_document(filter, &mut |d| {
            out.push(d);
            true
        })?;
        Ok(out)
    }
    fn counts(&self) -> Result<Counts>;
    /// A value that changes whenever something is written, through this handle or (for a
    /// database shared between processes) any other: what caches of derived views (stories)
    /// are keyed on. Only values from the same handle compare.
    fn revision(&self) -> Result<u64>;

    /// Articles (current versions) matching `filter`, by publication then id: dates on the
    /// publication day; `actor` mentioned; `dyad` and `codes` on one of their events; `q` in
    /// the full-text index.
    fn article_list(&self, filter: &Filter) -> Result<Vec<ArticleRow>>;
    /// Claims of current versions: `actor` the claimant, dates on the publication day, `q` in
    /// the claim's text; by publication, article and claim order.
    fn claims(&self, filter: &Filter) -> Result<Vec<ClaimRow>>;
    /// Resolved actors mentioned in current versions, most mentioned first: `actor` matched as
    /// for events, `q` in the name, dates on the publication day, `articles` where mentioned.
    fn actors(&self, filter: &Filter) -> Result<Vec<ActorRow>>;
    /// Places mentioned in current versions, most mentioned first, filtered like `actors`
    /// (`q` in the gazetteer name or the text as written).
    fn places(&self, filter: &Filter) -> Result<Vec<PlaceRow>>;
    /// Full-text search over current versions' titles and texts, best match first. Every word
    /// of `filter.q` must occur (the last one as a prefix); other filters as for `article_list`.
    fn search(&self, filter: &Filter) -> Result<Vec<SearchHit>>;
}

/// The words of a search query, as the full-text index splits them: runs of letters and
/// digits, lower-cased. Punctuation and query syntax are never passed through.
pub fn query_words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Open the store a `--db` value names: a SQLite file path (created if missing), or
/// `sqlite:PATH`, or a PostgreSQL URL (`postgres://user@host/database`).
pub fn open(spec: &str) -> Result<Box<dyn Store>> {
    if is_postgres(spec) {
        return Ok(Box::new(pg::PgStore::open(spec)?));
    }
    let path = spec.strip_prefix("sqlite:").unwrap_or(spec);
    Ok(Box::new(sqlite::SqliteStore::open(path)?))
}

/// Whether a `--db` value names a PostgreSQL database.
pub fn is_postgres(spec: &str) -> bool {
    spec.starts_with("postgres://") || spec.starts_with("postgresql://")
}

/// The hash that, with `pipeline.code`, identifies a pipeline: its stages and lexicon versions.
pub fn lexicons_hash(p: &PipelineInfo) -> String {
    let mut s = p.stages.join(",");
    for (k, v) in &p.lexicons {
        s.push_str(&format!("\n{k}={v}"));
    }
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(s.as_bytes()))
}

#[cfg(test)]
mod filter_tests {
    use super::Filter;

    #[test]
    fn filter_values_parse_and_reject() {
        assert_eq!(Filter::parse_codes("19"), Ok(("19".into(), "19".into())));
        assert_eq!(Filter::parse_codes("14-20"), Ok(("14".into(), "20".into())));
        for bad in ["", "1a", "20-14", "1-190", "12345"] {
            assert!(Filter::parse_codes(bad).is_err(), "{bad}");
        }
        assert_eq!(Filter::parse_dyad("ISR, IRN"), Ok(("ISR".into(), "IRN".into())));
        assert!(Filter::parse_dyad("ISR").is_err());
        assert_eq!(Filter::parse_day("2025-06-14"), Ok("2025-06-14".into()));
        assert!(Filter::parse_day("2025-02-30").unwrap_err().contains("'2025-02-30' is not a day"));
    }
}
