//! `cargo xtask`: project automation in Rust. `eval <stage>` scores a stage against the gold
//! data in ../shared/data and prints precision/recall/F1 (or accuracy).

mod eval;
mod score;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask", about = "sitrep project automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score a stage against gold data.
    Eval {
        #[command(subcommand)]
        stage: Eval,
    },
}

#[derive(Subcommand)]
enum Eval {
    /// Time expressions against TimeML files (.tml, with their creation time) or our own
    /// inline-annotated goldens (.txt); default DIR: ../shared/data/tempeval3/TBAQ-cleaned.
    Timex {
        dir: Option<PathBuf>,
        /// How many example errors of each kind to print.
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
    /// Attribution (source, cue, content) against PolNeAR's brat files; default DIR:
    /// ../shared/data/polnear/dev (train is for development too).
    Quotes {
        dir: Option<PathBuf>,
        /// How many example errors of each kind to print.
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
    /// Speaker resolution against our hand-annotated gold for the example articles;
    /// default GOLD: xtask/gold/speakers.tsv (articles from examples/articles).
    Speakers {
        gold: Option<PathBuf>,
        /// Folder the gold's file names are in.
        #[arg(long)]
        articles: Option<PathBuf>,
        /// How many example errors of each kind to print.
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Eval { stage } => match stage {
            Eval::Timex { dir, errors } => {
                eval::timex::run(dir.unwrap_or_else(|| shared_dir().join("data/tempeval3/TBAQ-cleaned")), errors)
            }
            Eval::Quotes { dir, errors } => {
                eval::quotes::run(dir.unwrap_or_else(|| shared_dir().join("data/polnear/dev")), errors)
            }
            Eval::Speakers { gold, articles, errors } => {
                let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
                eval::speakers::run(
                    gold.unwrap_or_else(|| root.join("gold/speakers.tsv")),
                    articles.unwrap_or_else(|| root.join("../examples/articles")),
                    errors,
                )
            }
        },
    }
}

/// The shared data folder (`../shared` from the project root), overridable by `SITREP_SHARED`.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("SITREP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// Files under `dir` (recursively) whose name ends with one of `exts`, sorted.
pub fn files_with(dir: &std::path::Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if exts.iter().any(|x| p.to_string_lossy().ends_with(x)) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
