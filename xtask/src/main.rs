//! `cargo xtask`: project automation in Rust. `eval <stage>` scores a stage against the gold
//! data in ../shared/data and prints precision/recall/F1 (or accuracy); `train <model>` trains
//! a committed model from open data.

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
enum Eval {}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Eval { stage } => match stage {},
    }
}

/// The shared data folder (`../shared` from the project root), overridable by `SITREP_SHARED`.
#[allow(dead_code)]
pub fn shared_dir() -> PathBuf {
    std::env::var_os("SITREP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}
