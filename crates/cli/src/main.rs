//! `sitrep`: the command line. Thin glue over ingest, extract and (later) story and store;
//! the conventions shared by every command live in `args`.

mod analyze;
mod args;
mod batch;
mod parse;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(a) => analyze::run(a),
        Command::Parse(a) => parse::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
