//! Dispatch: paths (files, folders, `-`) to a lazy stream of items in a stable order.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use sitrep_model::{Published, PublishedSource};

use crate::{Format, Input, InputError, Item, Origin, detect_format, feed, html, jsonl, text, warc};

/// How to read inputs. Built once from the command line and trusted afterwards.
#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    /// Publication date for articles whose input carries none (`--published`).
    pub published: Option<Published>,
    /// Cap on one article's raw bytes.
    pub max_article_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { format: Format::Auto, published: None, max_article_bytes: crate::DEFAULT_MAX_ARTICLE_BYTES }
    }
}

type Items = Box<dyn Iterator<Item = Item> + Send>;

/// Read a path: `-` is standard input, a folder is read recursively (files with a known
/// extension, sorted by path, hidden entries skipped), anything else is one file.
pub fn read_path(path: &Path, opts: &Options) -> Items {
    if path.as_os_str() == "-" {
        return read_reader("-", None, Box::new(std::io::stdin()), opts);
    }
    let name = path.display().to_string();
    match std::fs::metadata(path) {
        Err(e) => one_error(Origin::file(name), format!("cannot read: {e}")),
        Ok(m) if m.is_dir() => {
            let mut files = Vec::new();
            if let Err(e) = walk(path, &mut files) {
                return one_error(Origin::file(name), format!("cannot list folder: {e}"));
            }
            files.sort();
            let opts = opts.clone();
            Box::new(files.into_iter().flat_map(move |f| read_path(&f, &opts)))
        }
        Ok(m) => {
            let format = resolve_format(opts.format, path);
            let whole = matches!(format, Format::Text | Format::Html | Format::Rss);
            if whole && m.len() as usize > opts.max_article_bytes {
                return one_error(Origin::file(name), too_large(m.len() as usize, opts.max_article_bytes));
            }
            match File::open(path) {
                Ok(f) => read_reader(&name, Some(path), Box::new(f), opts),
                Err(e) => one_error(Origin::file(name), format!("cannot open: {e}")),
            }
        }
    }
}

/// Read one stream. `path`, when given, helps detect the format.
pub fn read_reader(name: &str, path: Option<&Path>, reader: Box<dyn Read + Send>, opts: &Options) -> Items {
    let origin = Origin::file(name);
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    let format = match opts.format {
        Format::Auto => {
            let head = match std::io::BufRead::fill_buf(&mut reader) {
                Ok(h) => h,
                Err(e) => return one_error(origin, format!("cannot read: {e}")),
            };
            detect_format(path, head)
        }
        f => f,
    };
    let opts2 = opts.clone();
    let with_fallback = move |item: Item| item.map(|input| apply_fallback_date(input, &opts2));
    match format {
        Format::Jsonl => Box::new(jsonl::read(origin, reader, opts.max_article_bytes).map(with_fallback)),
        Format::Warc => Box::new(warc::read(origin, reader, opts.max_article_bytes).map(with_fallback)),
        _ => {
            let mut bytes = Vec::new();
            let limit = opts.max_article_bytes as u64 + 1;
            if let Err(e) = reader.take(limit).read_to_end(&mut bytes) {
                return one_error(origin, format!("cannot read: {e}"));
            }
            if bytes.len() > opts.max_article_bytes {
                return one_error(origin, too_large(bytes.len(), opts.max_article_bytes));
            }
            Box::new(read_bytes(origin, format, &bytes).into_iter().map(with_fallback))
        }
    }
}

/// Read an in-memory input of a whole-file format (text, HTML, feed).
pub fn read_bytes(origin: Origin, format: Format, bytes: &[u8]) -> Vec<Item> {
    match format {
        Format::Html => vec![html::read(origin, bytes, None)],
        Format::Rss => feed::read(origin, bytes),
        Format::Jsonl => jsonl::read(origin, bytes, usize::MAX).collect(),
        Format::Warc => warc::read(origin, bytes, usize::MAX).collect(),
        Format::Text | Format::Auto => vec![text::read(origin, bytes)],
    }
}

fn resolve_format(format: Format, path: &Path) -> Format {
    match format {
        Format::Auto => {
            let mut head = [0u8; 1024];
            let n = File::open(path).and_then(|mut f| f.read(&mut head)).unwrap_or(0);
            detect_format(Some(path), &head[..n])
        }
        f => f,
    }
}

fn apply_fallback_date(mut input: Input, opts: &Options) -> Input {
    if input.article.published.is_none() {
        if let Some(p) = opts.published {
            input.article.published = Some(p);
            input.article.published_source = PublishedSource::Given;
        }
    }
    input
}

fn one_error(origin: Origin, message: String) -> Items {
    Box::new(std::iter::once(Err(InputError::new(origin, message))))
}

pub(crate) fn too_large(len: usize, max: usize) -> String {
    format!(
        "{} is over the {} limit for one article (raise it with --max-article-bytes)",
        human_bytes(len),
        human_bytes(max)
    )
}

fn human_bytes(n: usize) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / (1 << 20) as f64)
    } else {
        format!("{n} bytes")
    }
}

const KNOWN_EXTENSIONS: &[&str] = &["txt", "html", "htm", "xhtml", "jsonl", "ndjson", "rss", "atom", "xml", "warc", "gz"];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| KNOWN_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}
