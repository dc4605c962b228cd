//! `sitrep`: the command line. Thin glue over ingest, extract, story and store;
//! the conventions shared by every command live in `args`.

mod analyze;
mod args;
mod batch;
mod export;
mod filter;
mod ingest;
mod parse;
mod query;
mod reanalyze;
mod report;
mod serve;
mod worker;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "sitrep", version, about = "Sourced, time-anchored situation records from crisis news")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles: one sitrep/1 JSON document per article, streamed in input order.
    Analyze(analyze::AnalyzeArgs),
    /// Tag and parse sentences: CoNLL-U out (from text, or filling in a CoNLL-U file's trees).
    Parse(parse::ParseArgs),
    /// Read articles into the store: each text once, with its analysis; duplicates linked.
    Ingest(ingest::IngestArgs),
    /// Ask the store: events by actor, dyad, code or date; quotes by speaker; articles.
    Query(query::QueryArgs),
    /// Write stored events or documents as sitrep/1 JSONL, CSV, GDELT 2.0 or PLOVER.
    Export(export::ExportArgs),
    /// Re-run the pipeline on stored texts analysed by another pipeline version.
    Reanalyze(reanalyze::ReanalyzeArgs),
    /// Serve the HTTP API and the web UI over the store (loopback, or tokens for any address).
    Serve(serve::ServeArgs),
    /// Analyse and store articles queued by `ingest --queue` (PostgreSQL; run as many as you like).
    Worker(worker::WorkerArgs),
    /// The situation: stories, timeline, contradictions, watchlist, escalation, sources.
    Report(report::ReportArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(a) => analyze::run(a),
        Command::Parse(a) => parse::run(a),
        Command::Ingest(a) => ingest::run(a),
        Command::Query(a) => query::run(a),
        Command::Export(a) => export::run(a),
        Command::Reanalyze(a) => reanalyze::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Worker(a) => worker::run(a),
        Command::Report(a) => report::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
