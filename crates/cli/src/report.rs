//! `sitrep report`: the situation in a set of articles (or the store), for a reader. Stories,
//! each with a dated timeline of what happened (material events first), the claims that
//! contradict each other side by side, the watchlist of things threatened, planned or
//! proposed but not done, the escalation series, and the sources behind every line.
//!
//! From files (analysed here) or, with `--db`, from the stories the store keeps (`sitrep
//! ingest` recomputes them); `--story ID` or `--since`/`--until` choose stories.
//!
//! Formats: `text` (terminal), `md`, `html` (one self-contained page with an inline SVG
//! chart), `json` (the `Situation` as is). Analysis lives in `sitrep_story`; this file only
//! renders.

use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use sitrep_extract::Pipeline;
use sitrep_ingest::{DEFAULT_MAX_ARTICLE_BYTES, Format, InputError, Item, Options, read_path};
use sitrep_model::{
    Contradiction, Document, EscalationPoint, MergedEvent, Published, Situation, Sourcing, SourcingKind, Stance, Story,
    WatchItem, WatchStatus,
};

use sitrep_store::{Filter, Store};

use crate::args::{parse_format, parse_published};
use crate::batch::run_ordered;

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Files, folders (read recursively) or `-` for standard input; none with `--db`.
    #[arg(value_name = "FILE", required_unless_present = "db", conflicts_with = "db")]
    pub inputs: Vec<PathBuf>,
    /// Report from the store instead of files: its stories as `sitrep ingest` keeps them.
    #[arg(long, value_name = "PATH|URL")]
    pub db: Option<String>,
    /// Only this story (its id, as in the JSON form).
    #[arg(long, value_name = "ID", conflicts_with_all = ["since", "until"])]
    pub story: Option<String>,
    /// Only stories whose days reach this day or later (ISO date).
    #[arg(long, value_name = "DAY", value_parser = parse_day)]
    pub since: Option<String>,
    /// Only stories whose days reach this day or earlier (ISO date).
    #[arg(long, value_name = "DAY", value_parser = parse_day)]
    pub until: Option<String>,
    /// Input format: auto, text, html, jsonl, rss, warc.
    #[arg(long = "from", value_name = "FORMAT", default_value = "auto", value_parser = parse_format)]
    pub from: Format,
    /// Publication date for inputs that carry none: ISO 8601 date or datetime, or RFC 2822.
    #[arg(long, value_name = "DATE", value_parser = parse_published)]
    pub published: Option<Published>,
    /// Largest article accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_ARTICLE_BYTES)]
    pub max_article_bytes: usize,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Md,
    Html,
    Json,
}

fn parse_day(s: &str) -> Result<String, String> {
    Published::parse(s).map(|p| p.date.to_string()).map_err(|e| e.to_string())
}

/// Recompute the stories from every current version in the store and replace them.
pub fn update_stories(store: &mut dyn Store) -> anyhow::Result<()> {
    let docs = store.documents(&Filter::default()).context("cannot read stored analyses")?;
    let situation = sitrep_story::situation(&docs);
    store.replace_stories(&situation.stories).context("cannot store stories")?;
    Ok(())
}

/// Keep the stories the flags ask for: one by id, or those reaching into a range of days.
fn select(mut stories: Vec<Story>, args: &ReportArgs) -> anyhow::Result<Vec<Story>> {
    if let Some(id) = &args.story {
        stories.retain(|s| &s.id == id);
        if stories.is_empty() {
            anyhow::bail!("story {id} not found");
        }
    }
    stories.retain(|s| {
        args.since.as_ref().is_none_or(|d| s.last.as_ref().is_none_or(|l| l >= d))
            && args.until.as_ref().is_none_or(|d| s.first.as_ref().is_none_or(|f| f <= d))
    });
    Ok(stories)
}

pub fn run(args: ReportArgs) -> anyhow::Result<ExitCode> {
    let (stories, failed) = match &args.db {
        Some(db) => {
            let store = sitrep_store::open(db)?;
            let stored = match &args.story {
                Some(id) => store.story(id)?.into_iter().collect(),
                None => store.stories(args.since.as_deref(), args.until.as_deref())?,
            };
            // A store ingested before stories were kept: compute them from its analyses.
            let stories = if stored.is_empty() && store.stories(None, None)?.is_empty() {
                let docs = store.documents(&Filter::default()).context("cannot read stored analyses")?;
                sitrep_story::situation(&docs).stories
            } else {
                stored
            };
            (stories, 0)
        }
        None => {
            let (docs, failed) = analyse(&args)?;
            (sitrep_story::situation(&docs).stories, failed)
        }
    };
    let situation = Situation { schema: sitrep_model::SCHEMA.to_string(), stories: select(stories, &args)? };
    let out = render(&situation, args.format).context("cannot render the report")?;
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    if let Err(e) = lock.write_all(out.as_bytes()).and_then(|_| lock.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(e).context("cannot write output");
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Read and analyse every input; failures are reported on standard error and counted.
fn analyse(args: &ReportArgs) -> anyhow::Result<(Vec<Document>, usize)> {
    let pipeline = Pipeline::new();
    let opts = Options { format: args.from, published: args.published, max_article_bytes: args.max_article_bytes };
    let threads =
        args.threads.filter(|n| *n > 0).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let items = args.inputs.iter().flat_map(|p| read_path(p, &opts));
    let mut docs = Vec::new();
    let mut failed = 0usize;
    run_ordered(
        items,
        threads,
        |item: Item| match item {
            Ok(input) => Ok(pipeline.run(input.article)),
            Err(e) => Err(e),
        },
        |msg| Err(InputError::new(sitrep_ingest::Origin::file("?"), format!("internal error: {msg}"))),
        |r| {
            match r {
                Ok(doc) => docs.push(doc),
                Err(e) => {
                    failed += 1;
                    eprintln!("error: {e}");
                }
            }
            true
        },
    )?;
    Ok((docs, failed))
}

/// Render a situation in one of the formats.
pub fn render(s: &Situation, format: ReportFormat) -> anyhow::Result<String> {
    Ok(match format {
        ReportFormat::Json => serde_json::to_string_pretty(s)? + "\n",
        ReportFormat::Text => Plain { md: false }.situation(s),
        ReportFormat::Md => Plain { md: true }.situation(s),
        ReportFormat::Html => html(s),
    })
}

/// "named", "anonymous (a senior official)", "… relayed via Reuters, Associated Press".
pub fn sourcing_label(s: &Sourcing) -> String {
    let mut out = match s.kind {
        SourcingKind::NamedPerson | SourcingKind::NamedOrganization => "named".to_string(),
        SourcingKind::Anonymous => match &s.description {
            Some(d) => format!("anonymous ({d})"),
            None => "anonymous".to_string(),
        },
        SourcingKind::Outlet => "outlet's own reporting".to_string(),
        SourcingKind::Author => "author".to_string(),
        SourcingKind::Unattributed => "unattributed".to_string(),
    };
    if !s.via.is_empty() {
        out.push_str(&format!(", relayed via {}", s.via.join(", ")));
    }
    out
}

fn status_label(s: WatchStatus) -> &'static str {
    match s {
        WatchStatus::Open => "open",
        WatchStatus::Happened => "happened",
        WatchStatus::Denied => "denied",
        WatchStatus::CalledOff => "called off",
        WatchStatus::Lapsed => "lapsed",
    }
}

fn kind_label(k: sitrep_model::WatchKind) -> &'static str {
    match k {
        sitrep_model::WatchKind::Threatened => "threatened",
        sitrep_model::WatchKind::Planned => "planned",
        sitrep_model::WatchKind::Proposed => "proposed",
        sitrep_model::WatchKind::Hypothetical => "hypothetical",
    }
}

/// The timeline: actual, non-background events with a date, by day; material first.
fn timeline(story: &Story) -> Vec<&MergedEvent> {
    let mut v: Vec<&MergedEvent> = story.events.iter().filter(|e| !e.background).collect();
    v.sort_by(|a, b| {
        let material = |e: &MergedEvent| !matches!(e.quad_class, 2 | 4);
        (a.date.is_none(), &a.date, material(a), std::cmp::Reverse(a.reports.len())).cmp(&(
            b.date.is_none(),
            &b.date,
            material(b),
            std::cmp::Reverse(b.reports.len()),
        ))
    });
    v
}

fn sources_line(e: &MergedEvent) -> String {
    let mut kinds: Vec<String> = e.reports.iter().map(|r| sourcing_label(&r.sourcing)).collect();
    kinds.sort();
    kinds.dedup();
    let mut s = format!(
        "{} report{}, {} independent source{} ({})",
        e.reports.len(),
        if e.reports.len() == 1 { "" } else { "s" },
        e.independent_sources,
        if e.independent_sources == 1 { "" } else { "s" },
        e.sources.join(", ")
    );
    if !e.state_media.is_empty() {
        s.push_str(&format!("; state media: {}", e.state_media.join(", ")));
    }
    s.push_str(&format!("; sourcing: {}", kinds.join("; ")));
    s
}

fn country(a: &Option<sitrep_model::Actor>) -> String {
    a.as_ref().and_then(|a| a.country.clone()).unwrap_or_else(|| "?".into())
}

fn clip(s: &str, n: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n).collect();
    out.push('…');
    out
}

/// Text and Markdown share one walk; Markdown adds headings and list marks.
struct Plain {
    md: bool,
}

impl Plain {
    fn h(&self, out: &mut String, level: usize, title: &str) {
        if self.md {
            let _ = writeln!(out, "\n{} {title}\n", "#".repeat(level));
        } else {
            let _ = writeln!(out, "\n{title}\n{}", if level <= 1 { "=" } else { "-" }.repeat(title.chars().count()));
        }
    }

    fn situation(&self, s: &Situation) -> String {
        let mut out = String::new();
        if s.stories.is_empty() {
            out.push_str("No stories: no article was analysed.\n");
        }
        for story in &s.stories {
            self.story(&mut out, story);
        }
        out
    }

    fn story(&self, out: &mut String, st: &Story) {
        let range = match (&st.first, &st.last) {
            (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
            (Some(a), _) => a.clone(),
            _ => "undated".into(),
        };
        self.h(out, 1, &format!("{} ({range})", st.title));
        let actors: Vec<&str> = st.actors.iter().take(8).map(|a| a.actor.name.as_str()).collect();
        let _ = writeln!(
            out,
            "Story {} · {} article{} · actors: {}",
            st.id,
            st.articles.len(),
            if st.articles.len() == 1 { "" } else { "s" },
            actors.join(", ")
        );

        self.h(out, 2, "Timeline");
        let mut day: Option<&str> = None;
        for e in timeline(st) {
            let d = e.date.as_deref().unwrap_or("undated");
            if day != Some(d) {
                let _ = writeln!(out, "{}{d}", if self.md { "\n**" } else { "\n" });
                if self.md {
                    out.pop();
                    out.push_str("**\n");
                }
                day = Some(d);
            }
            let kind = if matches!(e.quad_class, 2 | 4) { "" } else { " [statement]" };
            let _ = writeln!(out, "- {}{kind}", e.summary);
            let _ = writeln!(out, "  {}", sources_line(e));
            let r = &e.reports[e.earliest];
            let _ = writeln!(out, "  “{}” ({})", clip(&r.evidence.text, 200), r.article);
        }

        self.h(out, 2, "Contradictions");
        if st.contradictions.is_empty() {
            out.push_str("None found.\n");
        }
        for c in &st.contradictions {
            self.contradiction(out, c);
        }

        let framed: Vec<_> = st
            .claims
            .iter()
            .filter(|c| {
                c.frame.is_some()
                    && !st
                        .contradictions
                        .iter()
                        .any(|x| x.sides.iter().any(|s| s.claim == c.claim && s.evidence.article == c.article))
            })
            .collect();
        if !framed.is_empty() {
            self.h(out, 2, "Other claims");
            for c in framed {
                let r = c
                    .frame
                    .as_ref()
                    .map(|r| format!("{} {}{}", frames_label(r.frame), if r.positive { "" } else { "not " }, r.args))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "- {} ({}): “{}” — {r} [{}] ({}, {})",
                    c.speaker.as_deref().unwrap_or("unattributed"),
                    country(&c.actor),
                    clip(&c.text, 160),
                    sourcing_label(&c.sourcing),
                    c.article,
                    c.date.as_deref().unwrap_or("undated")
                );
            }
        }

        self.h(out, 2, "Watchlist (threatened, planned, proposed: not done)");
        if st.watchlist.is_empty() {
            out.push_str("Nothing awaited.\n");
        }
        for w in &st.watchlist {
            self.watch(out, w);
        }

        self.h(out, 2, "Escalation");
        let total: Vec<&EscalationPoint> = st.escalation.iter().filter(|p| p.source == "*").collect();
        if total.is_empty() {
            out.push_str("No dated actual events.\n");
        } else {
            out.push_str("day         v.coop m.coop v.conf m.conf  index\n");
            for p in total {
                let _ = writeln!(
                    out,
                    "{}  {:>6} {:>6} {:>6} {:>6} {:>6.1}{}",
                    p.date,
                    p.verbal_cooperation,
                    p.material_cooperation,
                    p.verbal_conflict,
                    p.material_conflict,
                    p.index,
                    if p.divergence { "  words and deeds diverge" } else { "" }
                );
            }
        }
        self.h(out, 2, "Articles");
        for a in &st.articles {
            let _ = writeln!(out, "- {a}");
        }
    }

    fn contradiction(&self, out: &mut String, c: &Contradiction) {
        let _ = writeln!(out, "- {} [{}]", c.subject, frames_label(c.frame));
        for s in &c.sides {
            let verb = if s.stance == Stance::Affirms { "affirms" } else { "denies" };
            let _ = writeln!(
                out,
                "  {verb}: {} ({}): “{}” [{}] ({}, {})",
                s.speaker.as_deref().unwrap_or("unattributed"),
                country(&s.actor),
                clip(&s.text, 160),
                sourcing_label(&s.sourcing),
                s.evidence.article,
                s.date.as_deref().unwrap_or("undated")
            );
        }
    }

    fn watch(&self, out: &mut String, w: &WatchItem) {
        let by = w.by.as_ref().map(|a| format!(" by {}", a.name)).unwrap_or_default();
        let who: Vec<&str> = w.actors.iter().map(|a| a.name.as_str()).collect();
        let who = if who.is_empty() { String::new() } else { format!(" [{}]", who.join(", ")) };
        let due = w.due.as_deref().map(|d| format!(", due {d}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "- {}{by}: {}{who} — {}{due} (first reported {})",
            kind_label(w.kind),
            w.summary,
            status_label(w.status),
            w.first_reported.as_deref().unwrap_or("undated")
        );
        if let Some(r) = w.reports.first() {
            let _ = writeln!(out, "  “{}” [{}] ({})", clip(&r.text, 200), sourcing_label(&w.sourcing), r.article);
        }
        for r in &w.resolved_by {
            let _ = writeln!(out, "  resolved by: “{}” ({})", clip(&r.text, 160), r.article);
        }
    }
}

fn frames_label(f: sitrep_model::Frame) -> &'static str {
    use sitrep_model::Frame::*;
    match f {
        Involvement => "involvement",
        Responsibility => "responsibility",
        Occurrence => "occurrence",
        Casualties => "casualties",
        MeetingAgreed => "meeting agreed",
        MeetingHeld => "meeting held",
        Negotiation => "negotiation",
        ThreatCondition => "threat condition",
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// One self-contained page: inline CSS and an inline SVG chart per story, no scripts.
fn html(s: &Situation) -> String {
    let mut md = String::new();
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sitrep report</title>\n<style>\
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.5rem;border-bottom:2px solid #333}h2{font-size:1.15rem;margin-top:1.6rem}\
.src{color:#555;font-size:.85rem}.q{color:#333;font-style:italic}.affirms{border-left:4px solid #b33;padding-left:.5rem}\
.denies{border-left:4px solid #36b;padding-left:.5rem}.st{font-weight:600}table{border-collapse:collapse}\
td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}.div{color:#b33;font-weight:600}\
.sides{display:grid;grid-template-columns:1fr 1fr;gap:1rem}</style></head><body>\n",
    );
    if s.stories.is_empty() {
        out.push_str("<p>No stories: no article was analysed.</p>\n");
    }
    for st in &s.stories {
        let range = match (&st.first, &st.last) {
            (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
            (Some(a), _) => a.clone(),
            _ => "undated".into(),
        };
        let _ = writeln!(out, "<section id=\"{}\"><h1>{} <small>({range})</small></h1>", esc(&st.id), esc(&st.title));
        let actors: Vec<String> = st.actors.iter().take(8).map(|a| esc(&a.actor.name)).collect();
        let _ = writeln!(out, "<p class=\"src\">{} articles · actors: {}</p>", st.articles.len(), actors.join(", "));
        out.push_str("<h2>Escalation</h2>\n");
        out.push_str(&svg_chart(&st.escalation));
        out.push_str("<h2>Timeline</h2>\n<ul>\n");
        for e in timeline(st) {
            let r = &e.reports[e.earliest];
            let _ = writeln!(
                out,
                "<li><b>{}</b> {}{}<br><span class=\"q\">“{}”</span><br><span class=\"src\">{}</span></li>",
                esc(e.date.as_deref().unwrap_or("undated")),
                esc(&e.summary),
                if matches!(e.quad_class, 2 | 4) { "" } else { " <i>[statement]</i>" },
                esc(&clip(&r.evidence.text, 240)),
                esc(&sources_line(e))
            );
        }
        out.push_str("</ul>\n<h2>Contradictions</h2>\n");
        if st.contradictions.is_empty() {
            out.push_str("<p>None found.</p>\n");
        }
        for c in &st.contradictions {
            let _ = writeln!(
                out,
                "<h3>{} <small>[{}]</small></h3><div class=\"sides\">",
                esc(&c.subject),
                frames_label(c.frame)
            );
            for stance in [Stance::Affirms, Stance::Denies] {
                let cls = if stance == Stance::Affirms { "affirms" } else { "denies" };
                let _ = writeln!(out, "<div class=\"{cls}\"><p class=\"st\">{cls}</p>");
                for side in c.sides.iter().filter(|x| x.stance == stance) {
                    let _ = writeln!(
                        out,
                        "<p><b>{}</b> ({})<br><span class=\"q\">“{}”</span><br><span class=\"src\">{} · {} · {}</span></p>",
                        esc(side.speaker.as_deref().unwrap_or("unattributed")),
                        esc(&country(&side.actor)),
                        esc(&clip(&side.text, 240)),
                        esc(&sourcing_label(&side.sourcing)),
                        esc(&side.evidence.article),
                        esc(side.date.as_deref().unwrap_or("undated"))
                    );
                }
                out.push_str("</div>\n");
            }
            out.push_str("</div>\n");
        }
        out.push_str("<h2>Watchlist</h2>\n<ul>\n");
        for w in &st.watchlist {
            md.clear();
            Plain { md: true }.watch(&mut md, w);
            let _ = writeln!(out, "<li>{}</li>", esc(md.trim_start_matches("- ")).replace('\n', "<br>"));
        }
        out.push_str("</ul>\n<h2>Articles</h2>\n<ul>\n");
        for a in &st.articles {
            let _ = writeln!(out, "<li>{}</li>", esc(a));
        }
        out.push_str("</ul></section>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// The story total per day: the escalation index as a line, material conflict as bars, and
/// a mark on days where words and deeds diverge.
fn svg_chart(points: &[EscalationPoint]) -> String {
    let total: Vec<&EscalationPoint> = points.iter().filter(|p| p.source == "*").collect();
    if total.is_empty() {
        return "<p>No dated actual events.</p>\n".into();
    }
    let (w, h, pad) = (640.0f32, 200.0f32, 30.0f32);
    let max = total.iter().map(|p| p.index.abs().max(p.material_conflict as f32)).fold(1.0f32, f32::max);
    let step = if total.len() > 1 { (w - 2.0 * pad) / (total.len() - 1) as f32 } else { 0.0 };
    let mid = h / 2.0;
    let y = |v: f32| mid - v / max * (mid - pad);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"escalation index per day\">\n\
<line x1=\"{pad}\" y1=\"{mid}\" x2=\"{}\" y2=\"{mid}\" stroke=\"#999\"/>\n",
        w - pad
    );
    let mut path = String::new();
    for (i, p) in total.iter().enumerate() {
        let x = pad + step * i as f32;
        let bar = p.material_conflict as f32 / max * (mid - pad);
        let _ = writeln!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"{:.1}\" fill=\"#e8b4b4\"><title>{}: {} material conflict</title></rect>",
            x - 4.0,
            mid - bar,
            bar,
            p.date,
            p.material_conflict
        );
        let _ = write!(path, "{}{:.1},{:.1}", if i == 0 { "M" } else { " L" }, x, y(p.index));
        if p.divergence {
            let _ = writeln!(
                svg,
                "<circle cx=\"{x:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"none\" stroke=\"#b33\" stroke-width=\"2\"><title>{}: cooperative talk while material conflict rises</title></circle>",
                y(p.index),
                p.date
            );
        }
        let _ = writeln!(
            svg,
            "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            h - 6.0,
            &p.date[5..]
        );
    }
    let _ = writeln!(svg, "<path d=\"{path}\" fill=\"none\" stroke=\"#333\" stroke-width=\"2\"/>");
    svg.push_str("</svg>\n<p class=\"src\">Line: escalation index (− Σ Goldstein of the day's merged actual events); bars: material-conflict events; circles: words and deeds diverge.</p>\n");
    svg
}
