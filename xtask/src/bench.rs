//! `cargo xtask bench`: throughput on real text, per stage and end to end (bytes in, sitrep/1
//! JSON out), on one core and on all cores, with peak memory.
//!
//! Corpora are read at run time from ../shared/data (nothing is copied into the repository):
//! the Reuters-21578 stories and the Guardian sample in `raw-news/`, and the HTML pages of
//! trafilatura's benchmark in `trafilatura-eval/html`. The machine is shared, so every figure
//! is the minimum and the median over `--repeat` runs: the minimum is the speed the code
//! has, the median shows how noisy the run was.
//!
//! `--big-jsonl MB` measures the command line instead: it writes a JSONL file of that size to
//! /tmp (Reuters stories, repeated with distinct ids) and runs the release `sitrep analyze`
//! on it, reporting throughput and the process's peak resident memory.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use sitrep_extract::{Pipeline, STAGES};
use sitrep_ingest::{Format, Origin, read_bytes};
use sitrep_model::Article;

use crate::eval::dedup::load_reuters;

/// What `cargo xtask bench` was asked for.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Use at most this many documents of each corpus.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Runs of each measurement; min and median are reported.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Threads for the all-cores figures (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Only these corpora (comma-separated: reuters, guardian, html).
    #[arg(long, value_delimiter = ',')]
    pub corpus: Vec<String>,
    /// Instead: write a JSONL file of this many MB to /tmp and run `sitrep analyze` on it.
    #[arg(long, value_name = "MB")]
    pub big_jsonl: Option<usize>,
}

/// One benchmark corpus: raw inputs as the command line would read them.
struct Corpus {
    name: &'static str,
    format: Format,
    docs: Vec<(String, Vec<u8>)>,
}

impl Corpus {
    fn bytes(&self) -> usize {
        self.docs.iter().map(|(_, b)| b.len()).sum()
    }
}

pub fn run(shared: &Path, args: &BenchArgs) -> Result<()> {
    let threads =
        args.threads.filter(|n| *n > 0).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if let Some(mb) = args.big_jsonl {
        return big_jsonl(shared, mb, args.threads);
    }
    let repeat = args.repeat.max(1);
    let wanted = |name: &str| args.corpus.is_empty() || args.corpus.iter().any(|c| c == name);
    let mut corpora = Vec::new();
    if wanted("reuters") {
        corpora.push(reuters(shared, args.limit)?);
    }
    if wanted("guardian") {
        corpora.push(guardian(shared, args.limit)?);
    }
    if wanted("html") {
        corpora.push(html_pages(shared, args.limit)?);
    }
    if corpora.is_empty() {
        bail!("no corpus selected (reuters, guardian, html)");
    }
    let pipeline = Pipeline::new();
    // Lazily loaded resources (the gazetteer, the parser model) are loaded here, once, so no
    // stage's figure carries a start-up cost.
    std::hint::black_box(
        pipeline.run(Article::new("warm-up", "Officials in Tehran said on Monday that talks would resume.")),
    );
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
    println!(
        "sitrep bench: release={}, {} run(s) each, all cores = {threads} thread(s); figures are min (median)",
        !cfg!(debug_assertions),
        repeat
    );
    for c in &corpora {
        let articles = ingest(c);
        let text_bytes: usize = articles.iter().map(|a| a.text.len()).sum();
        println!(
            "\n== {}: {} inputs, {:.2} MB raw; {} articles, {:.2} MB text",
            c.name,
            c.docs.len(),
            mb(c.bytes()),
            articles.len(),
            mb(text_bytes)
        );
        println!("{:<24} {:>22} {:>22} {:>12}", "stage (one core)", "articles/s", "MB/s", "ms/article");
        let ingest_times = measure(repeat, || {
            let t = Instant::now();
            std::hint::black_box(ingest(c));
            t.elapsed()
        });
        let label = if c.format == Format::Html { "ingest (HTML main text)" } else { "ingest (text)" };
        row(label, &ingest_times, c.docs.len(), c.bytes());
        let per_stage: Vec<[Duration; STAGES.len()]> = (0..repeat).map(|_| stage_times(&pipeline, &articles)).collect();
        for (i, name) in STAGES.iter().enumerate() {
            let mut times: Vec<Duration> = per_stage.iter().map(|t| t[i]).collect();
            times.sort();
            row(name, &times, articles.len(), text_bytes);
        }
        let one = measure(repeat, || {
            let t = Instant::now();
            let out: usize = c.docs.iter().map(|d| end_to_end(&pipeline, c.format, d)).sum();
            std::hint::black_box(out);
            t.elapsed()
        });
        row("end to end, one core", &one, c.docs.len(), c.bytes());
        let all = measure(repeat, || {
            let t = Instant::now();
            let out: usize = pool.install(|| c.docs.par_iter().map(|d| end_to_end(&pipeline, c.format, d)).sum());
            std::hint::black_box(out);
            t.elapsed()
        });
        row(&format!("end to end, {threads} threads"), &all, c.docs.len(), c.bytes());
        println!(
            "{:<24} {:>22}",
            "scaling",
            format!("{:.2}x on {threads}", one[0].as_secs_f64() / all[0].as_secs_f64().max(1e-9))
        );
    }
    if let Some(hwm) = peak_rss_kb("self") {
        println!("\npeak RSS of this process (corpora held in memory): {:.0} MB", hwm as f64 / 1024.0);
    }
    Ok(())
}

/// Run `f` `repeat` times; its durations, sorted.
fn measure(repeat: usize, mut f: impl FnMut() -> Duration) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..repeat).map(|_| f()).collect();
    times.sort();
    times
}

fn row(label: &str, sorted: &[Duration], docs: usize, bytes: usize) {
    let min = sorted[0].as_secs_f64().max(1e-9);
    let med = sorted[sorted.len() / 2].as_secs_f64().max(1e-9);
    let rate = |n: f64, t: f64| n / t;
    println!(
        "{:<24} {:>22} {:>22} {:>12.3}",
        label,
        format!("{:.0} ({:.0})", rate(docs as f64, min), rate(docs as f64, med)),
        format!("{:.2} ({:.2})", rate(mb(bytes), min), rate(mb(bytes), med)),
        min * 1000.0 / docs.max(1) as f64
    );
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1_000_000.0
}

/// Every input's articles, as the command line reads them.
fn ingest(c: &Corpus) -> Vec<Article> {
    c.docs
        .iter()
        .flat_map(|(name, bytes)| read_bytes(Origin::file(name.clone()), c.format, bytes))
        .filter_map(|item| item.ok().map(|input| input.article))
        .collect()
}

/// Time spent in each stage over all articles (one core).
fn stage_times(pipeline: &Pipeline, articles: &[Article]) -> [Duration; STAGES.len()] {
    let mut total = [Duration::ZERO; STAGES.len()];
    for a in articles {
        let a = a.clone();
        let mut last = Instant::now();
        let (doc, _) = pipeline.run_probed(a, &mut |name| {
            let now = Instant::now();
            if let Some(i) = STAGES.iter().position(|s| *s == name) {
                total[i] += now - last;
            }
            last = now;
        });
        std::hint::black_box(doc);
    }
    total
}

/// One input from bytes to sitrep/1 JSON; the bytes written.
fn end_to_end(pipeline: &Pipeline, format: Format, (name, bytes): &(String, Vec<u8>)) -> usize {
    let mut out = Vec::new();
    for input in read_bytes(Origin::file(name.clone()), format, bytes).into_iter().flatten() {
        let doc = pipeline.run(input.article);
        serde_json::to_writer(&mut out, &doc).expect("a document serializes");
        out.push(b'\n');
    }
    out.len()
}

/// Reuters stories as text files with a header block (title, publication day).
fn reuters(shared: &Path, limit: Option<usize>) -> Result<Corpus> {
    let stories = load_reuters(&shared.join("data/raw-news/reuters21578-sgml.tar.xz"))?;
    let docs = stories
        .iter()
        .take(limit.unwrap_or(usize::MAX))
        .map(|s| {
            let mut text = format!("Title: {}\n", s.title);
            if let Some(day) = s.day {
                text.push_str(&format!("Published: {day}\n"));
            }
            text.push('\n');
            text.push_str(&s.body);
            text.push('\n');
            (format!("reuters {}", s.id), text.into_bytes())
        })
        .collect();
    Ok(Corpus { name: "reuters", format: Format::Text, docs })
}

/// The Guardian sample (a zipped CSV: row number, date, text, source) as text files.
fn guardian(shared: &Path, limit: Option<usize>) -> Result<Corpus> {
    let path = shared.join("data/raw-news/guardian_sdf_sample.csv.zip");
    let csv = unzip_first(&path)?;
    let csv = String::from_utf8(csv).with_context(|| format!("{}: CSV is not UTF-8", path.display()))?;
    let rows = parse_csv(&csv);
    let docs = rows
        .iter()
        .skip(1)
        .filter(|r| r.len() >= 3 && !r[2].trim().is_empty())
        .take(limit.unwrap_or(usize::MAX))
        .map(|r| {
            let source = r.get(3).map_or("", |s| s.as_str());
            let text = format!("Published: {}\nSource: {source}\n\n{}\n", r[1], r[2]);
            (format!("guardian row {}", r[0]), text.into_bytes())
        })
        .collect();
    Ok(Corpus { name: "guardian", format: Format::Text, docs })
}

/// The HTML pages of trafilatura's benchmark.
fn html_pages(shared: &Path, limit: Option<usize>) -> Result<Corpus> {
    let dir = shared.join("data/trafilatura-eval/html");
    let files = crate::files_with(&dir, &[".html", ".htm"]);
    if files.is_empty() {
        bail!("{}: no HTML pages", dir.display());
    }
    let docs = files
        .iter()
        .take(limit.unwrap_or(usize::MAX))
        .map(|f| {
            Ok((f.display().to_string(), std::fs::read(f).with_context(|| format!("cannot read {}", f.display()))?))
        })
        .collect::<Result<_>>()?;
    Ok(Corpus { name: "html (trafilatura-eval)", format: Format::Html, docs })
}

/// The first file of a zip archive (stored or deflated), found through the central directory.
fn unzip_first(path: &Path) -> Result<Vec<u8>> {
    let zip = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let u16_at = |o: usize| zip.get(o..o + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as usize);
    let u32_at = |o: usize| zip.get(o..o + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
    let bad = || anyhow::anyhow!("{}: not a zip archive we can read", path.display());
    let eocd = (0..zip.len().saturating_sub(21)).rev().find(|&o| u32_at(o) == Some(0x0605_4b50)).ok_or_else(bad)?;
    let cd = u32_at(eocd + 16).ok_or_else(bad)?;
    if u32_at(cd) != Some(0x0201_4b50) {
        return Err(bad());
    }
    let method = u16_at(cd + 10).ok_or_else(bad)?;
    let size = u32_at(cd + 20).ok_or_else(bad)?;
    let local = u32_at(cd + 42).ok_or_else(bad)?;
    let start = local + 30 + u16_at(local + 26).ok_or_else(bad)? + u16_at(local + 28).ok_or_else(bad)?;
    let data = zip.get(start..start + size).ok_or_else(bad)?;
    match method {
        0 => Ok(data.to_vec()),
        8 => {
            let mut out = Vec::new();
            flate2::read::DeflateDecoder::new(data)
                .read_to_end(&mut out)
                .with_context(|| format!("{}: bad deflate data", path.display()))?;
            Ok(out)
        }
        m => bail!("{}: zip compression method {m} not supported", path.display()),
    }
}

/// RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes.
fn parse_csv(src: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Peak resident memory (VmHWM) of a process (`self` or a pid), in kB.
fn peak_rss_kb(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Write `mb` MB of JSONL to /tmp and run the release `sitrep analyze` on it.
fn big_jsonl(shared: &Path, mb_wanted: usize, threads: Option<usize>) -> Result<()> {
    let path = std::env::temp_dir().join(format!("sitrep-bench-{mb_wanted}mb.jsonl"));
    let want = mb_wanted * 1_000_000;
    if std::fs::metadata(&path).map(|m| m.len() as usize).unwrap_or(0) < want {
        let stories = load_reuters(&shared.join("data/raw-news/reuters21578-sgml.tar.xz"))?;
        let file = std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut w = std::io::BufWriter::new(file);
        let (mut written, mut n) = (0usize, 0usize);
        while written < want {
            let s = &stories[n % stories.len()];
            let rec = serde_json::json!({
                "id": format!("bench-{n}"),
                "title": s.title,
                "published": s.day.map(|d| d.to_string()),
                "text": s.body,
            });
            let line = serde_json::to_string(&rec)?;
            w.write_all(line.as_bytes())?;
            w.write_all(b"\n")?;
            written += line.len() + 1;
            n += 1;
        }
        w.flush()?;
        println!("wrote {} ({} records, {:.0} MB)", path.display(), n, mb(written));
    }
    let size = std::fs::metadata(&path)?.len() as usize;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["build", "--release", "--quiet", "-p", "sitrep-cli"])
        .current_dir(&root)
        .status()
        .context("cannot run cargo build")?;
    if !status.success() {
        bail!("cargo build --release -p sitrep-cli failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let mut cmd = std::process::Command::new(target.join("release/sitrep"));
    cmd.args(["analyze", "--from", "jsonl"]);
    if let Some(n) = threads {
        cmd.args(["--threads", &n.to_string()]);
    }
    cmd.arg(&path).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::null());
    let start = Instant::now();
    let mut child = cmd.spawn().context("cannot start sitrep")?;
    let pid = child.id().to_string();
    let stdout = child.stdout.take().context("no stdout")?;
    // Count output on a thread so the pipe never fills; poll peak memory meanwhile.
    let counter = std::thread::spawn(move || {
        let mut r = std::io::BufReader::with_capacity(1 << 20, stdout);
        let (mut lines, mut bytes) = (0usize, 0usize);
        loop {
            let buf = match r.fill_buf() {
                Ok(b) if !b.is_empty() => b,
                _ => break,
            };
            lines += memchr::memchr_iter(b'\n', buf).count();
            bytes += buf.len();
            let n = buf.len();
            r.consume(n);
        }
        (lines, bytes)
    });
    let mut peak = 0u64;
    let status = loop {
        if let Some(kb) = peak_rss_kb(&pid) {
            peak = peak.max(kb);
        }
        if let Some(s) = child.try_wait()? {
            break s;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed().as_secs_f64();
    let (docs, out_bytes) = counter.join().map_err(|_| anyhow::anyhow!("output counter failed"))?;
    println!(
        "sitrep analyze --from jsonl{} {}: exit {}, {docs} documents ({:.0} MB JSON) in {elapsed:.1} s: {:.0} articles/s, {:.2} MB/s input; peak RSS {:.0} MB (sampled every 20 ms)",
        threads.map(|n| format!(" --threads {n}")).unwrap_or_default(),
        path.display(),
        status.code().map_or("signal".into(), |c| c.to_string()),
        mb(out_bytes),
        docs as f64 / elapsed,
        mb(size) / elapsed,
        peak as f64 / 1024.0
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_with_quotes_commas_and_newlines() {
        let rows = parse_csv("a,b\n\"1\",\"x, \"\"y\"\"\nz\"\r\n2,w");
        assert_eq!(rows, vec![vec!["a", "b"], vec!["1", "x, \"y\"\nz"], vec!["2", "w"]]);
    }
}
