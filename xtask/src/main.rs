//! `cargo xtask`: project automation in Rust. `eval <stage>` scores a stage against the gold
//! data in ../shared/data and prints precision/recall/F1 (or accuracy); `train <model>` trains
//! a committed model from open data.

mod syntax;

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
    /// Train a committed model from open data.
    Train {
        #[command(subcommand)]
        model: TrainModel,
    },
}

#[derive(Subcommand)]
enum Eval {
    /// Tagger and parser on UD English EWT dev: UPOS, UAS, LAS, speed.
    Syntax {
        #[arg(long)]
        dev: Option<PathBuf>,
        /// A model file to score instead of the committed one.
        #[arg(long)]
        model: Option<PathBuf>,
        /// Also write the predictions as CoNLL-U here.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum TrainModel {
    /// Tagger and parser from UD English EWT train; writes crates/syntax/model/en-ewt.bin.
    Syntax {
        #[arg(long)]
        train: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
        /// Parser epochs.
        #[arg(long)]
        epochs: Option<usize>,
        #[arg(long)]
        tagger_epochs: Option<usize>,
        /// Jackknife folds for the parser's training tags (0 = gold tags).
        #[arg(long)]
        folds: Option<usize>,
        /// With --folds, train the parser on gold and jackknifed tags together.
        #[arg(long)]
        mix_gold: bool,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Eval { stage } => match stage {
            Eval::Syntax { dev, model, output } => syntax::eval_cmd(dev, model, output),
        },
        Command::Train { model } => match model {
            TrainModel::Syntax {
                train,
                out,
                epochs,
                tagger_epochs,
                folds,
                mix_gold,
            } => syntax::train_cmd(train, out, epochs, tagger_epochs, folds, mix_gold),
        },
    }
}

/// The shared data folder (`../shared` from the project root), overridable by `SITREP_SHARED`.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("SITREP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}
