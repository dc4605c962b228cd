//! `sitrep reanalyze`: re-run the pipeline on stored texts whose analysis was made by another
//! pipeline (other code version, stages or lexicons), replacing each analysis in its own
//! transaction. Interrupted, it resumes where it stopped: finished ones are no longer stale.

use std::process::ExitCode;

use clap::Args;
use sitrep_extract::Pipeline;

use crate::args::DbArgs;
use crate::batch::run_ordered;

#[derive(Args, Debug)]
pub struct ReanalyzeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// Texts loaded and analysed per round: bounds memory while keeping the pool busy.
const ROUND: usize = 256;

pub fn run(args: ReanalyzeArgs) -> anyhow::Result<ExitCode> {
    let mut store = args.db.open()?;
    let pipeline = Pipeline::new();
    let stale = store.stale_analyses(pipeline.info())?;
    let threads =
        args.threads.filter(|n| *n > 0).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let (mut done, mut failed) = (0usize, 0usize);
    for round in stale.chunks(ROUND) {
        let mut loaded = Vec::with_capacity(round.len());
        for &id in round {
            loaded.push((id, store.load_article(id)?));
        }
        let mut fatal = None;
        run_ordered(
            loaded.into_iter(),
            threads,
            |(id, (article, diags))| {
                let mut doc = pipeline.run(article);
                doc.diagnostics.splice(0..0, diags);
                Ok((id, doc))
            },
            |msg| Err(format!("internal error: {msg}")),
            |r: Result<(i64, sitrep_model::Document), String>| {
                match r {
                    Ok((id, doc)) => match store.replace_analysis(id, &doc) {
                        Ok(()) => done += 1,
                        Err(e) => {
                            fatal = Some(e);
                            return false;
                        }
                    },
                    Err(e) => {
                        failed += 1;
                        eprintln!("error: {e}");
                    }
                }
                true
            },
        )?;
        if let Some(e) = fatal {
            return Err(e.into());
        }
    }
    eprintln!("reanalysed {done} of {} stale analyses, {failed} failed", stale.len());
    if done > 0 {
        crate::report::update_stories(store.as_mut())?;
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
