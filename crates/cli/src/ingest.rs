//! `sitrep ingest`: read inputs, analyse each new text, and store article and analysis in one
//! transaction. Exact duplicates (same normalised text) are stored once; near duplicates are
//! stored with a link to the version they copy; a changed text under a known article id is
//! a new version; a feed item whose page is stored (or comes later) is linked to that page.
//!
//! After a run that stored something, the stories (the situation across stored articles) are
//! recomputed and replaced.
//!
//! Resumable by construction: each article is committed on its own before it is counted, and
//! a rerun skips every text already stored (known hashes are loaded once at start, so
//! workers skip analysis for them).

use std::collections::HashSet;
use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sitrep_extract::Pipeline;
use sitrep_ingest::{Input, InputError, InputKind, Pending, read_path_pending};
use sitrep_model::{Document, Level, PublishedSource};
use sitrep_store::{NewVersion, PutOutcome, Store};
use sitrep_story::dedup::Fingerprint;

use crate::args::{DbArgs, InputArgs};
use crate::batch::run_ordered;

#[derive(Args, Debug)]
pub struct IngestArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub input: InputArgs,
    /// Only read the inputs and add them to the PostgreSQL work queue, for `sitrep worker`
    /// processes to analyse and store.
    #[arg(long)]
    pub queue: bool,
}

/// What a worker made of one input item.
pub(crate) enum Prepared {
    /// A text the store already had when the run started: not analysed again.
    Known {
        input: Box<Input>,
        fp: Fingerprint,
    },
    Analysed {
        input: Box<Input>,
        fp: Fingerprint,
        doc: Box<Document>,
    },
    Failed(InputError),
}

/// The end-of-run summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tally {
    pub(crate) read: usize,
    new: usize,
    updated: usize,
    duplicate: usize,
    near_duplicate: usize,
    linked: usize,
    failed: usize,
}

pub fn run(args: IngestArgs) -> anyhow::Result<ExitCode> {
    if args.queue {
        return crate::worker::enqueue(&args.db, &args.input);
    }
    let mut store = args.db.open()?;
    let known: HashSet<u64> = store.content_hashes().context("cannot read stored texts")?.into_iter().collect();
    let pipeline = Pipeline::new();
    let opts = args.input.options();
    let items = args.input.inputs.iter().flat_map(|p| read_path_pending(p, &opts));
    let progress = progress_bar();
    let mut tally = Tally::default();
    let mut fatal: Option<anyhow::Error> = None;
    run_ordered(
        items,
        args.input.threads(),
        |pending: Pending| match pending.decode() {
            Ok(input) => {
                let fp = Fingerprint::of(&input.article.text);
                if known.contains(&fp.content_hash) {
                    Prepared::Known { input: Box::new(input), fp }
                } else {
                    let doc = analyse(&pipeline, &input);
                    Prepared::Analysed { input: Box::new(input), fp, doc: Box::new(doc) }
                }
            }
            Err(e) => Prepared::Failed(e),
        },
        |msg| Prepared::Failed(InputError::new(sitrep_ingest::Origin::file("?"), format!("internal error: {msg}"))),
        |prepared| {
            tally.read += 1;
            match store_one(store.as_mut(), &pipeline, prepared, &mut tally) {
                Ok(()) => {}
                Err(e) => {
                    fatal = Some(e);
                    return false;
                }
            }
            progress.set_message(tally.line());
            progress.inc(1);
            true
        },
    )?;
    progress.finish_and_clear();
    if let Some(e) = fatal {
        eprintln!("{}", tally.line());
        return Err(e);
    }
    eprintln!("{}", tally.line());
    if tally.new + tally.updated + tally.near_duplicate > 0 {
        crate::report::update_stories(store.as_mut())?;
    }
    Ok(if tally.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Analyse an input's article, keeping its input diagnostics first.
pub(crate) fn analyse(pipeline: &Pipeline, input: &Input) -> Document {
    let mut doc = pipeline.run(input.article.clone());
    doc.diagnostics.splice(0..0, input.diagnostics.iter().cloned());
    doc
}

/// Store one prepared item. `Err` only for storage failures, which end the run.
pub(crate) fn store_one(
    store: &mut dyn Store,
    pipeline: &Pipeline,
    prepared: Prepared,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let (mut input, fp, doc) = match prepared {
        Prepared::Failed(e) => {
            tally.failed += 1;
            eprintln!("error: {e}");
            return Ok(());
        }
        Prepared::Known { input, fp } => (input, fp, None),
        Prepared::Analysed { input, fp, doc } => (input, fp, Some(doc)),
    };
    let origin = input.origin.to_string();
    let existing = store.article(&input.article.id)?;
    let current_kind = match existing.as_ref().and_then(|a| a.current_version) {
        Some(_) => store.versions(&input.article.id)?.last().map(|v| v.kind.clone()),
        None => None,
    };
    // A feed item whose page is stored already: the page is the article; link, don't store.
    if input.kind == InputKind::Feed && current_kind.as_deref().is_some_and(|k| k != "feed") {
        tally.linked += 1;
        return Ok(());
    }
    let mut doc = doc;
    // A page arriving after its feed item: keep the item's date when the page has none.
    if input.kind != InputKind::Feed
        && current_kind.as_deref() == Some("feed")
        && input.article.published.is_none()
        && let Some(vid) = existing.as_ref().and_then(|a| a.current_version)
    {
        let (feed_article, _) = store.load_article(vid)?;
        if let Some(p) = feed_article.published {
            input.article.published = Some(p);
            input.article.published_source = PublishedSource::Metadata;
            doc = None;
        }
    }
    let doc = match doc {
        Some(d) => d,
        // Known text (or a date just filled in): analyse here, unless the store confirms a
        // duplicate, in which case `put` will not look at the document.
        None if store.contains_content(fp.content_hash)? => {
            Box::new(Document::new(input.article.clone(), pipeline.info().clone()))
        }
        None => Box::new(analyse(pipeline, &input)),
    };
    let near = store.near_duplicate_of(&fp, &input.article.id)?;
    let outcome = store.put(&NewVersion {
        article: &input.article,
        kind: input.kind.as_str(),
        origin: &origin,
        input_diagnostics: &input.diagnostics,
        fingerprint: &fp,
        near_duplicate_of: near,
        document: &doc,
    })?;
    match outcome {
        PutOutcome::Duplicate { .. } => tally.duplicate += 1,
        PutOutcome::New { .. } if near.is_some() => tally.near_duplicate += 1,
        PutOutcome::New { .. } => tally.new += 1,
        PutOutcome::NewVersion { .. } => tally.updated += 1,
    }
    if !matches!(outcome, PutOutcome::Duplicate { .. }) {
        for d in doc.diagnostics.iter().filter(|d| d.level == Level::Error) {
            eprintln!("warning: {origin}: {} (stored)", d.message);
        }
    }
    Ok(())
}

impl Tally {
    /// What became of the one item stored since `before` (`new`, `duplicate`, ...).
    pub(crate) fn outcome_since(&self, before: &Tally) -> &'static str {
        let changed = [
            (self.new, before.new, "new"),
            (self.updated, before.updated, "updated"),
            (self.duplicate, before.duplicate, "duplicate"),
            (self.near_duplicate, before.near_duplicate, "near-duplicate"),
            (self.linked, before.linked, "linked to page"),
            (self.failed, before.failed, "failed"),
        ];
        changed.iter().find(|(now, then, _)| now > then).map_or("unchanged", |c| c.2)
    }

    pub(crate) fn add(&mut self, o: &Tally) {
        self.read += o.read;
        self.new += o.new;
        self.updated += o.updated;
        self.duplicate += o.duplicate;
        self.near_duplicate += o.near_duplicate;
        self.linked += o.linked;
        self.failed += o.failed;
    }

    pub(crate) fn line(&self) -> String {
        format!(
            "read {}: new {}, updated {}, duplicate {}, near-duplicate {}, linked to page {}, failed {}",
            self.read, self.new, self.updated, self.duplicate, self.near_duplicate, self.linked, self.failed
        )
    }
}

fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} {msg}").unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
