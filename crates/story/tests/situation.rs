//! The situation end to end: our own small articles through the real pipeline, then
//! `sitrep_story::situation`. Checks stories, merging across outlets, copies, contradictions
//! and the escalation invariants (a copy or a repeated mention changes nothing).

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use sitrep_model::{Document, Frame, Stance, WatchKind};
use sitrep_story::situation;

fn analyse(dir: &Path) -> Vec<Document> {
    let pipeline = sitrep_extract::Pipeline::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|p| sitrep_ingest::read_path(p, &sitrep_ingest::Options::default()))
        .map(|item| pipeline.run(item.expect("test article reads").article))
        .collect()
}

fn data() -> &'static [Document] {
    static DOCS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCS.get_or_init(|| analyse(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")))
}

fn examples() -> &'static [Document] {
    static DOCS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCS.get_or_init(|| analyse(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles")))
}

/// A wire copy: the same text under another outlet and id.
fn copy_of(doc: &Document, outlet: &str) -> Document {
    let mut c = doc.clone();
    c.article.id = format!("{}-copy", doc.article.id);
    c.article.source = Some(outlet.to_string());
    c
}

#[test]
fn related_articles_form_one_story_and_others_their_own() {
    let s = situation(data());
    assert_eq!(s.stories.len(), 2, "{:#?}", s.stories.iter().map(|s| &s.title).collect::<Vec<_>>());
    let baku = &s.stories[0];
    assert_eq!(baku.articles.len(), 2);
    assert_eq!(baku.title, "Armenia attacks Azerbaijan");
    assert_eq!(s.stories[1].articles.len(), 1);
}

#[test]
fn reports_of_one_strike_merge_with_their_independent_sources() {
    let s = situation(data());
    let strike = s.stories[0].events.iter().find(|e| e.root == "19" && e.reports.len() > 1).expect("merged strike");
    let articles: std::collections::BTreeSet<&str> = strike.reports.iter().map(|r| r.article.as_str()).collect();
    assert_eq!(articles.len(), 2);
    // "destroying two fuel depots" names no actor: it goes with the strike in its sentence.
    assert_eq!(strike.reports.len(), 3);
    assert_eq!(strike.sources, vec!["Associated Press".to_string(), "Reuters".to_string()]);
    assert_eq!(strike.independent_sources, 2);
    assert_eq!(strike.date.as_deref(), Some("2025-09-02"));
    assert_eq!(strike.source.as_ref().map(|a| a.code.as_str()), Some("ARM"));
}

#[test]
fn a_wire_copy_adds_a_report_but_no_source_and_no_escalation() {
    let base = situation(data());
    let mut docs = data().to_vec();
    docs.push(copy_of(&docs[0], "Yahoo News"));
    let more = situation(&docs);
    assert_eq!(more.stories.len(), base.stories.len());
    let (b, m) = (&base.stories[0], &more.stories[0]);
    assert_eq!(m.articles.len(), b.articles.len() + 1);
    assert_eq!(m.escalation, b.escalation);
    let strike = |st: &sitrep_model::Story| st.events.iter().find(|e| e.root == "19").cloned().unwrap();
    let articles = |e: &sitrep_model::MergedEvent| {
        e.reports.iter().map(|r| r.article.clone()).collect::<std::collections::BTreeSet<_>>().len()
    };
    assert_eq!(articles(&strike(m)), articles(&strike(b)) + 1);
    assert_eq!(strike(m).independent_sources, strike(b).independent_sources);
    assert!(strike(m).reports.iter().any(|r| r.copy_of.is_some()));
}

#[test]
fn involvement_contradiction_has_both_sides_and_nothing_else_joins_it() {
    let s = situation(data());
    let st = &s.stories[0];
    let x: Vec<_> = st.contradictions.iter().filter(|c| c.frame == Frame::Involvement).collect();
    assert_eq!(x.len(), 1, "{:#?}", st.contradictions);
    let c = x[0];
    assert_eq!(c.actor.as_deref(), Some("RUS"));
    let side = |stance| {
        c.sides
            .iter()
            .filter(move |s| s.stance == stance)
            .filter_map(|s| s.actor.as_ref()?.country.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(side(Stance::Affirms), vec!["AZE".to_string()]);
    assert_eq!(side(Stance::Denies), vec!["RUS".to_string(), "RUS".to_string()]);
    // Pashinyan's wish to negotiate is another frame: in no contradiction.
    assert!(st.contradictions.iter().all(|c| c.sides.iter().all(|s| !s.text.contains("negotiate"))));
    for side in &c.sides {
        let doc = data().iter().find(|d| d.article.id == side.evidence.article).unwrap();
        assert_eq!(doc.slice(side.evidence.span()).trim(), side.evidence.text);
    }
}

#[test]
fn a_proposed_meeting_is_on_the_watchlist() {
    let s = situation(data());
    let w = s.stories[0].watchlist.iter().find(|w| w.code == "040").expect("the meeting");
    assert!(matches!(w.kind, WatchKind::Planned | WatchKind::Proposed), "{w:?}");
    assert_eq!(w.first_reported.as_deref(), Some("2025-09-03"));
}

#[test]
fn examples_cluster_by_conflict() {
    let s = situation(examples());
    let titles: Vec<(usize, &str)> = s.stories.iter().map(|s| (s.articles.len(), s.title.as_str())).collect();
    assert_eq!(s.stories.len(), 3, "{titles:?}");
    assert_eq!(s.stories[0].articles.len(), 11, "{titles:?}");
    // JSON round trip: the contract the report and the API serialise.
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(serde_json::from_str::<sitrep_model::Situation>(&json).unwrap(), s);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Escalation counts merged events: neither a copy of an article nor a repeated mention
    /// of one of its events moves it.
    #[test]
    fn escalation_ignores_copies_and_repeated_mentions(doc in 0usize..11, event in 0usize..64, copy in any::<bool>()) {
        let docs = examples();
        let base = situation(docs);
        let mut changed = docs.to_vec();
        if copy {
            changed.push(copy_of(&docs[doc], "Some Aggregator"));
        } else {
            let d = &mut changed[doc];
            let events = d.events.get_or_insert_with(Vec::new);
            prop_assume!(!events.is_empty());
            let mut again = events[event % events.len()].clone();
            again.id = format!("{}r", again.id);
            events.push(again);
        }
        let after = situation(&changed);
        let series = |s: &sitrep_model::Situation| s.stories.iter().map(|st| (st.id.clone(), st.escalation.clone())).collect::<Vec<_>>();
        prop_assert_eq!(series(&after), series(&base));
    }
}

#[test]
#[ignore = "timing probe: cargo test -p sitrep-story --release --test situation -- --ignored --nocapture"]
fn timing() {
    let docs = examples();
    let t = std::time::Instant::now();
    let s = situation(docs);
    eprintln!("situation of {} documents: {:?} ({} stories)", docs.len(), t.elapsed(), s.stories.len());
}
