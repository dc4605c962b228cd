//! `sitrep query`: the common questions without SQL — events by actor, dyad, code range and
//! dates; quotes by speaker; the articles stored — as a table or JSON.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use sitrep_store::{EventRow, QuoteRow};

use crate::args::DbArgs;
use crate::filter::FilterArgs;

#[derive(Args, Debug)]
pub struct QueryArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Table, global = true)]
    pub format: QueryFormat,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(subcommand)]
    pub what: What,
}

#[derive(Subcommand, Debug, Clone, Copy)]
pub enum What {
    /// Coded events (filters: --actor, --dyad, --code, --since, --until).
    Events,
    /// Attributed quotes (filters: --speaker, --since, --until).
    Quotes,
    /// Stored articles, one row each, with how many versions they have.
    Articles,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum QueryFormat {
    /// Aligned columns for reading.
    Table,
    /// One JSON object per line.
    Json,
}

pub fn run(args: QueryArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open()?;
    let filter = args.filter.filter();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = match args.what {
        What::Events => {
            let rows = store.events(&filter)?;
            match args.format {
                QueryFormat::Json => json_lines(&mut out, &rows),
                QueryFormat::Table => table(
                    &mut out,
                    &["day", "code", "source", "target", "trigger", "outlet", "article"],
                    rows.iter().map(event_cells),
                ),
            }
        }
        What::Quotes => {
            let rows = store.quotes(&filter)?;
            match args.format {
                QueryFormat::Json => json_lines(&mut out, &rows),
                QueryFormat::Table => table(
                    &mut out,
                    &["published", "speaker", "quote", "cue", "outlet", "article"],
                    rows.iter().map(quote_cells),
                ),
            }
        }
        What::Articles => {
            let mut rows = store.articles()?;
            if let Some(n) = filter.limit {
                rows.truncate(n);
            }
            match args.format {
                QueryFormat::Json => json_lines(&mut out, &rows),
                QueryFormat::Table => table(
                    &mut out,
                    &["article", "versions", "published", "outlet", "lang", "title"],
                    rows.iter().map(|a| {
                        vec![
                            a.id.clone(),
                            a.versions.to_string(),
                            a.published.clone().unwrap_or_default(),
                            a.source.clone().unwrap_or_default(),
                            a.lang.clone().unwrap_or_default(),
                            a.title.clone().unwrap_or_default(),
                        ]
                    }),
                ),
            }
        }
    };
    match result.and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("cannot write output"))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn json_lines<T: serde::Serialize>(out: &mut impl Write, rows: &[T]) -> std::io::Result<()> {
    for r in rows {
        serde_json::to_writer(&mut *out, r)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn side(code: &Option<String>, name: &Option<String>, text: &Option<String>) -> String {
    match (code, name.as_ref().or(text.as_ref())) {
        (Some(c), Some(n)) => format!("{c} {n}"),
        (Some(c), None) => c.clone(),
        (None, Some(n)) => n.clone(),
        (None, None) => "-".into(),
    }
}

fn event_cells(e: &EventRow) -> Vec<String> {
    vec![
        e.day.clone().unwrap_or_default(),
        e.code.clone(),
        side(&e.source_code, &e.source_name, &e.source_text),
        side(&e.target_code, &e.target_name, &e.target_text),
        e.trigger.clone(),
        e.outlet.clone().unwrap_or_default(),
        e.article_id.clone(),
    ]
}

fn quote_cells(q: &QuoteRow) -> Vec<String> {
    vec![
        q.published.clone().unwrap_or_default().chars().take(10).collect(),
        q.speaker_name.clone().or_else(|| q.source_text.clone()).unwrap_or_else(|| "-".into()),
        q.text.clone(),
        q.cue.clone(),
        q.outlet.clone().unwrap_or_default(),
        q.article_id.clone(),
    ]
}

/// Columns padded to their widest cell (cells cut at 60 characters, line breaks flattened).
fn table(out: &mut impl Write, header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> std::io::Result<()> {
    let clip = |s: &str| -> String {
        let flat = s.replace(['\n', '\t'], " ");
        if flat.chars().count() > 60 { format!("{}…", flat.chars().take(59).collect::<String>()) } else { flat }
    };
    let rows: Vec<Vec<String>> = rows.map(|r| r.iter().map(|c| clip(c)).collect()).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: Vec<String>| -> String {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<w$}  "));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(header.iter().map(|h| h.to_string()).collect()))?;
    for r in rows {
        writeln!(out, "{}", line(r))?;
    }
    Ok(())
}
