//! `sitrep analyze`: articles in, sitrep/1 JSON documents out, one per line.

use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use sitrep_extract::Pipeline;
use sitrep_ingest::{InputError, Pending, read_path_pending};
use sitrep_model::{Diagnostic, Document, Level};

use crate::args::InputArgs;
use crate::batch::run_ordered;

#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub format: OutputFormat,
    /// Check every document against the sitrep/1 invariants; violations are error diagnostics.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    /// One JSON document per line.
    Jsonl,
    /// Indented JSON, documents separated by a blank line.
    Pretty,
}

/// What one input item became: its document already serialized (on the worker thread, so
/// the writer only copies bytes), with the error diagnostics to report.
enum Outcome {
    Doc { json: Vec<u8>, errors: Vec<String>, origin: String },
    Failed(InputError),
}

pub fn run(args: AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::new();
    let opts = args.input.options();
    let items = args.input.inputs.iter().flat_map(|p| read_path_pending(p, &opts));
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let (mut done, mut failed) = (0usize, 0usize);
    let mut write_error: Option<std::io::Error> = None;
    let (check, format) = (args.check, args.format);
    run_ordered(
        items,
        args.input.threads(),
        |pending: Pending| match pending.decode() {
            Ok(input) => {
                let origin = input.origin.to_string();
                let mut doc = pipeline.run(input.article);
                doc.diagnostics.splice(0..0, input.diagnostics);
                if check {
                    for v in sitrep_model::check::check(&doc) {
                        doc.diagnostics.push(Diagnostic::new(Level::Error, format!("invariant violated: {v}")));
                    }
                }
                let errors =
                    doc.diagnostics.iter().filter(|d| d.level == Level::Error).map(|d| d.message.clone()).collect();
                Outcome::Doc { json: serialize(&doc, format), errors, origin }
            }
            Err(e) => Outcome::Failed(e),
        },
        |msg| Outcome::Failed(InputError::new(sitrep_ingest::Origin::file("?"), format!("internal error: {msg}"))),
        |outcome| {
            match outcome {
                Outcome::Doc { json, errors, origin } => {
                    done += 1;
                    if !errors.is_empty() {
                        failed += 1;
                        for message in errors {
                            eprintln!("error: {origin}: {message}");
                        }
                    }
                    // Flushed per document so a reader downstream sees each as soon as it is
                    // ready; the cost is one write call per document.
                    if let Err(e) = out.write_all(&json).and_then(|_| out.flush()) {
                        write_error = Some(e);
                        return false;
                    }
                }
                Outcome::Failed(e) => {
                    failed += 1;
                    eprintln!("error: {e}");
                }
            }
            true
        },
    )?;
    if let Some(e) = write_error {
        // A closed pipe (`sitrep analyze ... | head`) is the reader's choice, not a failure.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).context("cannot write output");
        }
    }
    if failed > 0 || std::io::stderr().is_terminal() {
        eprintln!("analyzed {done} article{}, {failed} failed", if done == 1 { "" } else { "s" });
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// One document as its output lines.
fn serialize(doc: &Document, format: OutputFormat) -> Vec<u8> {
    let mut buf = Vec::with_capacity(16 * 1024);
    // Writing to memory fails only if serializing fails, and sitrep/1 types always serialize.
    let written = match format {
        OutputFormat::Jsonl => serde_json::to_writer(&mut buf, doc).map(|_| buf.push(b'\n')),
        OutputFormat::Pretty => serde_json::to_writer_pretty(&mut buf, doc).map(|_| buf.extend_from_slice(b"\n\n")),
    };
    written.expect("a sitrep/1 document serializes");
    buf
}
