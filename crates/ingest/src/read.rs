//! Dispatch: paths (files, folders, `-`) to a lazy stream of items in a stable order.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use sitrep_model::{Published, PublishedSource};

use crate::outlets::{Outlets, resolve_source};
use crate::{
    Format, Input, InputError, InputKind, Item, Origin, canonical_url, detect_format, detect_language, feed, html,
    jsonl, text, warc,
};

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
type Pendings = Box<dyn Iterator<Item = Pending> + Send>;

/// One article's worth of input, read but not yet decoded. Reading is split in two so a
/// batch can spread the work over threads: framing (listing folders, reading files, splitting
/// JSONL lines, WARC records and feed items) is sequential and cheap; [`Pending::decode`]
/// (JSON, charsets, HTML main text, language, outlet) is where the time goes and may run on
/// any thread. Decoding pendings in order gives exactly what [`read_path`] yields.
pub struct Pending {
    framed: Framed,
    published: Option<Published>,
}

/// What a framing reader hands on.
pub(crate) enum Framed {
    /// Decided already: an error, or a feed item (feeds are parsed whole while framing).
    Item(Item),
    Text(Origin, Vec<u8>),
    Html(Origin, Vec<u8>),
    JsonlLine(Origin, Vec<u8>),
    Warc(warc::Response),
}

impl Framed {
    pub(crate) fn decode(self) -> Item {
        match self {
            Framed::Item(item) => item,
            Framed::Text(origin, bytes) => text::read(origin, &bytes),
            Framed::Html(origin, bytes) => html::read(origin, &bytes, None),
            Framed::JsonlLine(origin, bytes) => jsonl::record(origin, &bytes),
            Framed::Warc(response) => response.decode(),
        }
    }
}

impl Pending {
    /// The article (or the error naming the input and position).
    pub fn decode(self) -> Item {
        let published = self.published;
        self.framed.decode().map(|input| apply_fallback_date(finish(input), published))
    }
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (what, origin) = match &self.framed {
            Framed::Item(Ok(i)) => ("item", &i.origin),
            Framed::Item(Err(e)) => ("error", &e.origin),
            Framed::Text(o, _) => ("text", o),
            Framed::Html(o, _) => ("html", o),
            Framed::JsonlLine(o, _) => ("jsonl line", o),
            Framed::Warc(r) => ("warc response", r.origin()),
        };
        write!(f, "Pending({what} {origin})")
    }
}

/// Read a path: `-` is standard input, a folder is read recursively (files with a known
/// extension, sorted by path, hidden entries skipped), anything else is one file.
pub fn read_path(path: &Path, opts: &Options) -> Items {
    Box::new(read_path_pending(path, opts).map(Pending::decode))
}

/// Read one stream. `path`, when given, helps detect the format.
pub fn read_reader(name: &str, path: Option<&Path>, reader: Box<dyn Read + Send>, opts: &Options) -> Items {
    Box::new(read_reader_pending(name, path, reader, opts).map(Pending::decode))
}

/// [`read_path`], leaving each article's decoding to the caller ([`Pending::decode`]).
pub fn read_path_pending(path: &Path, opts: &Options) -> Pendings {
    if path.as_os_str() == "-" {
        return read_reader_pending("-", None, Box::new(std::io::stdin()), opts);
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
            Box::new(files.into_iter().flat_map(move |f| read_path_pending(&f, &opts)))
        }
        Ok(m) => {
            let format = resolve_format(opts.format, path);
            let whole = matches!(format, Format::Text | Format::Html | Format::Rss);
            if whole && m.len() as usize > opts.max_article_bytes {
                return one_error(Origin::file(name), too_large(m.len() as usize, opts.max_article_bytes));
            }
            match File::open(path) {
                Ok(f) => read_reader_pending(&name, Some(path), Box::new(f), opts),
                Err(e) => one_error(Origin::file(name), format!("cannot open: {e}")),
            }
        }
    }
}

/// [`read_reader`], leaving each article's decoding to the caller ([`Pending::decode`]).
pub fn read_reader_pending(name: &str, path: Option<&Path>, reader: Box<dyn Read + Send>, opts: &Options) -> Pendings {
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
    let published = opts.published;
    let pending = move |framed| Pending { framed, published };
    match format {
        Format::Jsonl => Box::new(jsonl::frames(origin, reader, opts.max_article_bytes).map(pending)),
        Format::Warc => Box::new(warc::frames(origin, reader, opts.max_article_bytes).map(pending)),
        _ => {
            let mut bytes = Vec::new();
            let limit = opts.max_article_bytes as u64 + 1;
            if let Err(e) = reader.take(limit).read_to_end(&mut bytes) {
                return one_error(origin, format!("cannot read: {e}"));
            }
            if bytes.len() > opts.max_article_bytes {
                return one_error(origin, too_large(bytes.len(), opts.max_article_bytes));
            }
            Box::new(frame_whole(origin, format, bytes).into_iter().map(pending))
        }
    }
}

/// Read an in-memory input of any format.
pub fn read_bytes(origin: Origin, format: Format, bytes: &[u8]) -> Vec<Item> {
    let framed: Vec<Framed> = match format {
        Format::Jsonl => jsonl::frames(origin, bytes, usize::MAX).collect(),
        Format::Warc => warc::frames(origin, bytes, usize::MAX).collect(),
        _ => frame_whole(origin, format, bytes.to_vec()),
    };
    framed.into_iter().map(|framed| Pending { framed, published: None }.decode()).collect()
}

/// A whole-file input: a text or a page is decoded later; a feed is parsed now, so that each
/// of its items is a unit of work of its own.
fn frame_whole(origin: Origin, format: Format, bytes: Vec<u8>) -> Vec<Framed> {
    match format {
        Format::Html => vec![Framed::Html(origin, bytes)],
        Format::Rss => feed::read(origin, &bytes).into_iter().map(Framed::Item).collect(),
        Format::Jsonl | Format::Warc => unreachable!("streamed formats are framed by their readers"),
        Format::Text | Format::Auto => vec![Framed::Text(origin, bytes)],
    }
}

/// What every reader's article gets once read: its URL in canonical form, its language
/// when the text shows it, and its outlet by name, domain, byline or dateline.
fn finish(mut input: Input) -> Input {
    let a = &mut input.article;
    if let Some(c) = a.url.as_deref().and_then(canonical_url) {
        a.url = Some(c);
    }
    // A page's own `lang` attribute is often a template default: a confident reading of the
    // text wins. A language given with the input (text header, JSONL field) is kept.
    let declared_by_input = matches!(input.kind, InputKind::Text | InputKind::Jsonl) && a.lang.is_some();
    if !declared_by_input && let Some(l) = detect_language(&a.text) {
        a.lang = Some(l.to_string());
    }
    a.source = resolve_source(Outlets::builtin(), a.source.as_deref(), a.url.as_deref(), a.author.as_deref(), &a.text);
    input
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

fn apply_fallback_date(mut input: Input, published: Option<Published>) -> Input {
    if input.article.published.is_none()
        && let Some(p) = published
    {
        input.article.published = Some(p);
        input.article.published_source = PublishedSource::Given;
    }
    input
}

fn one_error(origin: Origin, message: String) -> Pendings {
    let framed = Framed::Item(Err(InputError::new(origin, message)));
    Box::new(std::iter::once(Pending { framed, published: None }))
}

pub(crate) fn too_large(len: usize, max: usize) -> String {
    format!(
        "{} is over the {} limit for one article (raise it with --max-article-bytes)",
        human_bytes(len),
        human_bytes(max)
    )
}

fn human_bytes(n: usize) -> String {
    if n >= 1 << 20 { format!("{:.1} MiB", n as f64 / (1 << 20) as f64) } else { format!("{n} bytes") }
}

const KNOWN_EXTENSIONS: &[&str] =
    &["txt", "html", "htm", "xhtml", "jsonl", "ndjson", "rss", "atom", "xml", "warc", "gz"];

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
