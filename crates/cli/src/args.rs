//! Flags every command shares, parsed and validated once.

use std::path::PathBuf;

use clap::Args;
use sitrep_ingest::{DEFAULT_MAX_ARTICLE_BYTES, Format, Options};
use sitrep_model::Published;

/// Input flags: where articles come from and how to read them.
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Files, folders (read recursively) or `-` for standard input.
    #[arg(value_name = "FILE", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Input format: auto, text, html, jsonl, rss, warc.
    #[arg(long = "from", value_name = "FORMAT", default_value = "auto", value_parser = parse_format)]
    pub from: Format,
    /// Publication date for inputs that carry none: ISO 8601 date or datetime, or RFC 2822.
    #[arg(long, value_name = "DATE", value_parser = parse_published)]
    pub published: Option<Published>,
    /// Largest article accepted, in bytes (an HTML page, a text file, a JSONL line).
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_ARTICLE_BYTES)]
    pub max_article_bytes: usize,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

impl InputArgs {
    pub fn options(&self) -> Options {
        Options { format: self.from, published: self.published, max_article_bytes: self.max_article_bytes }
    }

    pub fn threads(&self) -> usize {
        self.threads.filter(|n| *n > 0).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    }
}

pub(crate) fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

pub(crate) fn parse_published(s: &str) -> Result<Published, String> {
    Published::parse(s).map_err(|e| e.to_string())
}

/// The store flag shared by every command that uses one.
#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// The store: a SQLite file (created if missing).
    #[arg(long, value_name = "PATH|URL", default_value = "sitrep.db", global = true)]
    pub db: String,
}

impl DbArgs {
    pub fn open(&self) -> anyhow::Result<Box<dyn sitrep_store::Store>> {
        Ok(sitrep_store::open(&self.db)?)
    }
}
