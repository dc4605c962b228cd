//! Data-driven golden tests. Each file under `tests/golden/<layer>/` holds cases separated by
//! `---` lines; a case may start with `@published DATE`. Time cases are text annotated inline
//! (`[TIME Thursday=2025-06-12]`, extra attributes `type=`, `mod=`, `anchor=`, `zone=`, `rel=`
//! when not the default); the test strips the annotations, runs the pipeline and re-annotates.
//! A time case without `@published` also records what the pipeline found about the
//! publication date on an `@found` line (`@found published=2025-06-14 source=dateline`).
//! Segment cases are an input, a `==>` line and one `kind | sentence` line per sentence.
//!
//! The time files are also our own gold set, scored by `cargo xtask eval timex
//! crates/extract/tests/golden/time`: annotations are the truth, written by hand. A case the
//! Mention cases are annotated `[PER Benjamin Netanyahu=ISRGOV]` (the CAMEO code of the
//! resolved actor; no `=` when the mention has no actor). Event cases are an input, `==>`
//! and one line per event.
//! Place cases are annotated `[PLACE northern Iraq=Iraq,IRQ]` (gazetteer name and country;
//! `=?` for a place the gazetteer does not know, with its country when the text gives one),
//! and capitals or countries read as governments `[GOV Washington]`.
//! pipeline still gets wrong is marked `@todo <why>`: it is reported but does not fail the test
//! and is never rewritten. `UPDATE_EXPECT=1 cargo test` rewrites the other cases; review the
//! diff.

use std::path::Path;
use std::sync::OnceLock;

use sitrep_extract::Pipeline;
use sitrep_model::{Anchor, Article, Document, Published, PublishedSource, TimexType};

struct Case {
    published: Option<Published>,
    /// `@todo` reason: a known failure, kept as the truth.
    todo: Option<String>,
    body: String,
}

fn cases(src: &str) -> Vec<Case> {
    src.split("\n---\n")
        .map(|chunk| {
            let mut published = None;
            let mut todo = None;
            let mut lines = Vec::new();
            for line in chunk.lines() {
                if let Some(p) = line.strip_prefix("@published ") {
                    published = Some(Published::parse(p).expect("bad @published in golden file"));
                } else if let Some(t) = line.strip_prefix("@todo") {
                    todo = Some(t.trim().to_string());
                } else {
                    lines.push(line);
                }
            }
            Case { published, todo, body: lines.join("\n").trim().to_string() }
        })
        .filter(|c| !c.body.is_empty())
        .collect()
}

fn write_case(c: &Case, body: &str) -> String {
    let mut out = String::new();
    if let Some(p) = c.published {
        out += &format!("@published {p}\n");
    }
    if let Some(t) = &c.todo {
        out += &format!("@todo {t}\n");
    }
    out + body
}

fn analyse(text: &str, published: Option<Published>) -> Document {
    let mut article = Article::new("golden", text);
    article.published = published;
    if published.is_some() {
        article.published_source = PublishedSource::Given;
    }
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    let doc = PIPELINE.get_or_init(Pipeline::new).run(article);
    let violations = sitrep_model::check::check(&doc);
    assert!(violations.is_empty(), "invariants violated for {text:?}: {violations:#?}");
    doc
}

/// Run every case of every file in `dir` through `render` and compare with the file.
fn run_dir(dir: &str, render: impl Fn(&Case) -> String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(dir);
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut todos = 0;
    let mut files: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty(), "no golden files in {}", root.display());
    for path in files {
        let src = std::fs::read_to_string(&path).unwrap();
        let cs = cases(&src);
        let mut rendered = Vec::with_capacity(cs.len());
        for c in &cs {
            let got = render(c);
            if c.todo.is_some() {
                if c.body != got {
                    todos += 1;
                    eprintln!(
                        "known failure in {} (@todo {}):\n  want {}\n  got  {}",
                        path.display(),
                        c.todo.as_deref().unwrap_or(""),
                        c.body,
                        got
                    );
                }
                rendered.push(write_case(c, &c.body));
                continue;
            }
            if c.body != got {
                failures.push(format!("{}:\n--- expected\n{}\n+++ got\n{}\n", path.display(), c.body, got));
            }
            rendered.push(write_case(c, &got));
        }
        if update {
            std::fs::write(&path, rendered.join("\n---\n") + "\n").unwrap();
        }
    }
    eprintln!("{todos} known failure(s) marked @todo in {dir}");
    if !update {
        assert!(
            failures.is_empty(),
            "{} golden case(s) differ (UPDATE_EXPECT=1 to accept):\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

/// Remove `[TAG text=value attrs]` annotations for the given tags, keeping `text`. Only
/// these upper-case tags open an annotation, so editorial brackets like "[Washington]" stay.
fn strip(annotated: &str, tags: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = annotated;
    while let Some((i, open)) = tags.iter().filter_map(|t| rest.find(&format!("[{t} ")).map(|i| (i, t.len() + 2))).min()
    {
        out.push_str(&rest[..i]);
        let after = &rest[i + open..];
        let close = after.find(']').expect("unclosed annotation");
        let inner = &after[..close];
        out.push_str(inner.split_once('=').map_or(inner, |(t, _)| t));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn time_goldens() {
    run_dir("time", |case| {
        let input: String = case.body.lines().filter(|l| !l.starts_with("@found")).collect::<Vec<_>>().join("\n");
        let text = strip(&input, &["TIME"]);
        let doc = analyse(&text, case.published);
        let mut out = String::new();
        if case.published.is_none() {
            let a = &doc.article;
            let source = serde_json::to_value(a.published_source).unwrap();
            let mut found = format!("@found source={}", source.as_str().unwrap());
            if let Some(p) = a.published {
                found += &format!(" published={p}");
            }
            if let Some(w) = a.published_weekday {
                found += &format!(" weekday={w}");
            }
            out += &found;
            out.push('\n');
        }
        let mut at = 0;
        for t in doc.times.as_deref().unwrap_or(&[]) {
            out.push_str(&text[at..t.start]);
            let mut attrs = String::new();
            if t.kind != TimexType::Date {
                attrs += &format!(" type={}", serde_json::to_value(t.kind).unwrap().as_str().unwrap());
            }
            if let Some(m) = &t.modifier {
                attrs += &format!(" mod={m}");
            }
            if !matches!(t.anchor, Anchor::Published | Anchor::None) {
                attrs += &format!(" anchor={}", serde_json::to_value(t.anchor).unwrap().as_str().unwrap());
            }
            if let Some(z) = &t.zone {
                attrs += &format!(" zone={z}");
            }
            if let Some(r) = &t.relative {
                attrs += &format!(" rel={r}");
            }
            out += &format!("[TIME {}={}{}]", t.text, t.value, attrs);
            at = t.end;
        }
        out.push_str(&text[at..]);
        out
    });
}

#[test]
fn segment_goldens() {
    run_dir("segment", |case| {
        let input = case.body.split("\n==>").next().unwrap().trim_end();
        let doc = analyse(input, case.published);
        let mut out = format!("{input}\n==>");
        for s in doc.sentences.as_deref().unwrap_or(&[]) {
            let kind = serde_json::to_value(s.kind).unwrap().as_str().unwrap().to_string();
            out += &format!("\n{kind:<11} | {}", input[s.start..s.end].replace('\n', "⏎"));
        }
        out
    });
}

const MENTION_TAGS: &[&str] = &["PER", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "MISC"];

#[test]
fn mention_goldens() {
    run_dir("mentions", |case| {
        let text = strip(&case.body, MENTION_TAGS);
        let doc = analyse(&text, case.published);
        let mut out = String::new();
        let mut at = 0;
        for m in doc.mentions.as_deref().unwrap_or(&[]) {
            out.push_str(&text[at..m.start]);
            let kind = serde_json::to_value(m.kind).unwrap().as_str().unwrap().to_string();
            match &m.actor {
                Some(a) => out += &format!("[{kind} {}={}]", m.text, a.code),
                None => out += &format!("[{kind} {}]", m.text),
            }
            at = m.end;
        }
        out.push_str(&text[at..]);
        out
    });
}

/// Event cases: the input, `==>`, one line per event: trigger, code, source -> target (actor
/// codes, `-` when unknown), factuality, date, the proposition of a speech act, `campaign`
/// for a series, and `=same-as 'trigger'` for a later mention of an earlier event.
#[test]
fn event_goldens() {
    run_dir("events", |case| {
        let input = case.body.split("\n==>").next().unwrap().trim_end();
        let doc = analyse(input, case.published);
        let code = |a: &Option<sitrep_model::Arg>| {
            a.as_ref().and_then(|a| a.actor.as_ref()).map_or("-".to_string(), |a| a.code.clone())
        };
        let mut out = format!("{input}\n==>");
        for e in doc.events.as_deref().unwrap_or(&[]) {
            let f = |x: &sitrep_model::Factuality| {
                let s = serde_json::to_value(x.status).unwrap().as_str().unwrap().to_string();
                if x.polarity == sitrep_model::Polarity::Negative { format!("{s},negative") } else { s }
            };
            out += &format!(
                "\n{} {} {}->{} {} {}",
                e.trigger.text,
                e.code,
                code(&e.source),
                code(&e.target),
                f(&e.factuality),
                e.date.as_deref().unwrap_or("-")
            );
            if let Some(p) = &e.proposition {
                out += &format!(" | {} {}->{} {}", p.code, code(&p.source), code(&p.target), f(&p.factuality));
            }
            if e.background {
                out += " background";
            }
            if e.granularity == Some(sitrep_model::Granularity::Campaign) {
                out += " campaign";
            }
            if let Some(first) = &e.coreferent {
                // The first mention, by its trigger: ids shift as cases change.
                let f = doc.events.as_deref().unwrap_or(&[]).iter().find(|x| &x.id == first).unwrap();
                out += &format!(" =same-as '{}'", f.trigger.text);
            }
        }
        out
    });
}

/// Quote cases: an input, a `==>` line, then one line per quote: its kind, the sentence(s)
/// around it with the three spans marked (`[SRC He] [CUE said] “[Q ...]”`), and what it
/// resolves to: `speaker=<mention as written>:<actor code>`, `channel=`, `sourcing=` (kind,
/// `"description"`, `via A+B`), the claim's `act` and `stance`, `non_response`.
#[test]
fn quote_goldens() {
    run_dir("quotes", |case| {
        let input = case.body.split("\n==>").next().unwrap().trim_end();
        let doc = analyse(input, case.published);
        let mut out = format!("{input}\n==>");
        let mentions = doc.mentions.as_deref().unwrap_or(&[]);
        let claims = doc.claims.as_deref().unwrap_or(&[]);
        for q in doc.quotes.as_deref().unwrap_or(&[]) {
            let mut marks: Vec<(usize, usize, &str)> = vec![(q.start, q.end, "Q"), (q.cue.start, q.cue.end, "CUE")];
            if let Some(s) = &q.source_span {
                marks.push((s.start, s.end, "SRC"));
            }
            out += &format!(
                "\n{} {}{} | {}",
                q.id,
                kind_name(q.kind),
                if q.direct { " direct" } else { "" },
                marked(input, &doc, &marks)
            );
            let mut attrs = Vec::new();
            if let Some(sp) = &q.speaker {
                let m = sp.mention.as_deref().and_then(|id| mentions.iter().find(|m| m.id == id));
                let code = sp.actor.as_ref().map_or("-", |a| a.code.as_str());
                attrs.push(format!("speaker={}:{code}", m.map_or("?", |m| m.text.as_str())));
            }
            if let Some(c) = &q.channel {
                attrs.push(format!("channel={c:?}"));
            }
            let mut sourcing = serde_json::to_value(q.sourcing.kind).unwrap().as_str().unwrap().to_string();
            if let Some(d) = &q.sourcing.description {
                sourcing += &format!(" {d:?}");
            }
            if !q.sourcing.via.is_empty() {
                sourcing += &format!(" via {}", q.sourcing.via.join("+"));
            }
            attrs.push(format!("sourcing={sourcing}"));
            if q.non_response {
                attrs.push("non_response".into());
            }
            if let Some(c) = claims.iter().find(|c| c.quote.as_deref() == Some(q.id.as_str())) {
                let act =
                    c.act.map_or("-".to_string(), |a| serde_json::to_value(a).unwrap().as_str().unwrap().to_string());
                let stance = serde_json::to_value(c.stance).unwrap().as_str().unwrap().to_string();
                attrs.push(format!("claim={act}/{stance}"));
            }
            out += &format!("\n   {}", attrs.join(" "));
        }
        out
    });
}

#[test]
fn place_goldens() {
    run_dir("places", |case| {
        let text = strip(&case.body, &["PLACE", "GOV"]);
        let doc = analyse(&text, case.published);
        let places = doc.places.as_deref().unwrap_or(&[]);
        // Capitals the actor stage reads as governments, and countries that are not places.
        let governments = doc.mentions.as_deref().unwrap_or(&[]).iter().filter(|m| {
            let rule = m.evidence.rule.as_str();
            let place = places.iter().any(|p| p.start < m.end && m.start < p.end);
            rule == "actor.capital_for_government" || rule == "actor.country" && !place
        });
        let mut spans: Vec<(usize, usize, String)> = places
            .iter()
            .map(|p| {
                let value = match (p.lat, &p.country) {
                    (None, Some(c)) => format!("?,{c}"),
                    (None, None) => "?".to_string(),
                    (Some(_), Some(c)) => format!("{},{c}", p.name),
                    (Some(lat), None) if p.evidence.rule == "place.coordinates" => {
                        format!("{lat},{}", p.lon.unwrap_or_default())
                    }
                    (Some(_), None) => p.name.clone(),
                };
                (p.start, p.end, format!("[PLACE {}={value}]", p.text))
            })
            .chain(governments.map(|m| (m.start, m.end, format!("[GOV {}]", m.text))))
            .collect();
        spans.sort_by_key(|s| (s.0, s.1));
        let mut out = String::new();
        let mut at = 0;
        for (start, end, render) in spans {
            if start < at {
                continue;
            }
            out.push_str(&text[at..start]);
            out += &render;
            at = end;
        }
        out.push_str(&text[at..]);
        out
    });
}

fn kind_name(k: sitrep_model::QuoteKind) -> &'static str {
    match k {
        sitrep_model::QuoteKind::Speech => "speech",
        sitrep_model::QuoteKind::Belief => "belief",
        sitrep_model::QuoteKind::Intention => "intention",
    }
}

/// The sentences covering `marks`, with each mark inserted as `[TAG ...]`; line breaks as ⏎.
fn marked(text: &str, doc: &Document, marks: &[(usize, usize, &str)]) -> String {
    let lo = marks.iter().map(|m| m.0).min().unwrap_or(0);
    let hi = marks.iter().map(|m| m.1).max().unwrap_or(0);
    let sentences = doc.sentences.as_deref().unwrap_or(&[]);
    let start = sentences.iter().filter(|s| s.start <= lo).map(|s| s.start).max().unwrap_or(0);
    let end = sentences.iter().filter(|s| s.end >= hi).map(|s| s.end).min().unwrap_or(text.len());
    // Opening and closing points, outer spans opening first and closing last.
    let mut points: Vec<(usize, u8, usize, String)> = Vec::new();
    for &(s, e, tag) in marks {
        points.push((s, 1, usize::MAX - (e - s), format!("[{tag} ")));
        points.push((e, 0, e - s, "]".into()));
    }
    points.sort();
    let mut out = String::new();
    let mut at = start;
    for (p, _, _, t) in points {
        out.push_str(&text[at..p]);
        out.push_str(&t);
        at = p;
    }
    out.push_str(&text[at..end]);
    out.replace('\n', "⏎")
}
