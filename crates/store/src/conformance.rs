//! The conformance suite every [`Store`] backend must pass. A backend's test calls [`run`]
//! with a function that makes a fresh, empty store; each check gets its own. The checks are
//! behaviour, not SQL: what goes in comes back, duplicates are stored once, versions and
//! analyses are replaced as documented, and the filters mean the same on every backend.
//!
//! This is test support compiled into the library so another crate's backend (PostgreSQL)
//! can run it: failures panic with the check's name, as test assertions do.

use sitrep_model::{Article, Diagnostic, Document, Level, PipelineInfo};
use sitrep_story::dedup::Fingerprint;

use crate::{Filter, NewVersion, PutOutcome, Store};

/// The full example document from docs/schema.md: every layer present.
pub fn example_document() -> Document {
    let md = include_str!("../../../docs/schema.md");
    let start = md.find("```json\n").map(|i| i + 8).unwrap_or(0);
    let end = md[start..].find("```").map(|i| start + i).unwrap_or(md.len());
    serde_json::from_str(&md[start..end]).unwrap_or_else(|e| panic!("docs/schema.md example is not a document: {e}"))
}

/// A document for `article` with layers only where the example has them and the text allows:
/// a copy of the example when the text is the example's, else segmentation-free and empty.
pub fn bare_document(article: Article) -> Document {
    let mut doc = Document::new(article, example_document().pipeline);
    doc.events = Some(Vec::new());
    doc
}

fn put(store: &mut dyn Store, doc: &Document, origin: &str, kind: &str) -> PutOutcome {
    let fp = Fingerprint::of(&doc.article.text);
    let diags = [Diagnostic::new(Level::Info, format!("read from {origin}"))];
    store
        .put(&NewVersion {
            article: &doc.article,
            kind,
            origin,
            input_diagnostics: &diags,
            fingerprint: &fp,
            near_duplicate_of: None,
            document: doc,
        })
        .unwrap_or_else(|e| panic!("put {origin}: {e}"))
}

/// One named check of the suite.
type Check = (&'static str, fn(&mut dyn Store));

/// Run every check; `fresh` makes a new empty store each time.
pub fn run(fresh: &dyn Fn() -> Box<dyn Store>) {
    let checks: &[Check] = &[
        ("new store is empty and migrated", empty),
        ("document and article round-trip", round_trip),
        ("same text is stored once", idempotent),
        ("changed text is a new version", versions),
        ("event filters", event_filters),
        ("quote filters and documents", quote_filters),
        ("stale analyses are replaced", reanalysis),
        ("near-duplicate candidates", candidates),
        ("absent layers stay absent", absent_layers),
        ("paging", paging),
        ("articles, claims, actors and places", browse),
        ("full-text search", search),
        ("stories are replaced and read back", stories),
    ];
    for (name, check) in checks {
        let mut store = fresh();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(store.as_mut())));
        if let Err(p) = result {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{} backend fails conformance check '{name}': {msg}", store.backend());
        }
    }
}

fn empty(s: &mut dyn Store) {
    assert!(s.schema_version().unwrap() >= 1);
    assert_eq!(s.counts().unwrap(), Default::default());
    assert!(s.articles().unwrap().is_empty());
    assert!(s.events(&Filter::default()).unwrap().is_empty());
    assert_eq!(s.article("nope").unwrap(), None);
}

fn round_trip(s: &mut dyn Store) {
    let doc = example_document();
    let PutOutcome::New { version_id } = put(s, &doc, "ex.json", "jsonl") else { panic!("first put is new") };
    assert_eq!(s.document(version_id).unwrap().as_ref(), Some(&doc));
    let (article, diags) = s.load_article(version_id).unwrap();
    assert_eq!(article, doc.article);
    assert_eq!(diags[0].message, "read from ex.json");
    let row = s.article(&doc.article.id).unwrap().expect("article row");
    assert_eq!((row.versions, row.current_version), (1, Some(version_id)));
    assert_eq!(row.source.as_deref(), Some("Meridian Wire"));
    assert_eq!(row.published.as_deref(), Some("2025-06-14T09:30:00Z"));
    let c = s.counts().unwrap();
    assert_eq!((c.articles, c.versions, c.analyses, c.events, c.quotes), (1, 1, 1, 2, 1));
    assert!(s.load_article(version_id + 1000).is_err());
}

fn idempotent(s: &mut dyn Store) {
    let doc = example_document();
    let first = put(s, &doc, "a.json", "jsonl");
    let PutOutcome::New { version_id } = first else { panic!("{first:?}") };
    assert_eq!(put(s, &doc, "a.json", "jsonl"), PutOutcome::Duplicate { version_id });
    assert_eq!(s.counts().unwrap().duplicates, 0, "the same input read twice is not a duplicate");
    // Same text (modulo case and spacing) under another URL: recorded once as a duplicate.
    let mut other = doc.clone();
    other.article.id = "other".into();
    other.article.url = Some("https://mirror.example/natanz".into());
    other.article.text = other.article.text.to_uppercase().replace(' ', "  ");
    assert_eq!(put(s, &other, "b.html", "page"), PutOutcome::Duplicate { version_id });
    assert_eq!(put(s, &other, "b.html", "page"), PutOutcome::Duplicate { version_id });
    let c = s.counts().unwrap();
    assert_eq!((c.articles, c.versions, c.duplicates, c.analyses), (1, 1, 1, 1));
    let fp = Fingerprint::of(&doc.article.text);
    assert!(s.contains_content(fp.content_hash).unwrap());
    assert!(!s.contains_content(fp.content_hash ^ 1).unwrap());
    assert_eq!(s.content_hashes().unwrap(), vec![fp.content_hash]);
}

fn versions(s: &mut dyn Store) {
    let doc = example_document();
    let PutOutcome::New { version_id: v1 } = put(s, &doc, "a.html", "page") else { panic!() };
    let mut updated = bare_document(doc.article.clone());
    updated.article.text.push_str("\nThe strikes continued on Friday.");
    updated.article.title = Some("Israel strikes Natanz (updated)".into());
    let PutOutcome::NewVersion { version_id: v2, version: 2 } = put(s, &updated, "a2.html", "page") else {
        panic!("second text of the same article is version 2")
    };
    assert!(v2 > v1);
    let rows = s.articles().unwrap();
    assert_eq!(rows.len(), 1, "one row per distinct article");
    assert_eq!(rows[0].current_version, Some(v2));
    assert_eq!(rows[0].title.as_deref(), Some("Israel strikes Natanz (updated)"));
    let vs = s.versions(&doc.article.id).unwrap();
    assert_eq!(vs.iter().map(|v| (v.id, v.version)).collect::<Vec<_>>(), vec![(v1, 1), (v2, 2)]);
    // Queries see current versions only: the update has no events.
    assert!(s.events(&Filter::default()).unwrap().is_empty());
    assert_eq!(s.counts().unwrap().events, 2, "old versions keep their analysis");
}

fn event_filters(s: &mut dyn Store) {
    let doc = example_document();
    put(s, &doc, "a.json", "jsonl");
    let ids = |f: Filter| -> Vec<String> { s.events(&f).unwrap().into_iter().map(|e| e.eid).collect() };
    let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
    let all = ids(Filter::default());
    assert_eq!(all, ["e1", "e2"]);
    for (f, want) in [
        (Filter { actor: Some("isr".into()), ..Default::default() }, vec!["e1"]),
        (Filter { actor: Some("IRN".into()), ..Default::default() }, vec!["e1", "e2"]),
        (Filter { actor: Some("Abbas Araghchi".into()), ..Default::default() }, vec!["e2"]),
        (Filter { actor: Some("IRN_".into()), ..Default::default() }, vec![]),
        (Filter { dyad: pair("ISR", "IRN"), ..Default::default() }, vec!["e1"]),
        (Filter { dyad: pair("IRN", "ISR"), ..Default::default() }, vec![]),
        (Filter { codes: pair("19", "19"), ..Default::default() }, vec!["e1"]),
        (Filter { codes: pair("10", "14"), ..Default::default() }, vec!["e2"]),
        (Filter { codes: pair("138", "138"), ..Default::default() }, vec!["e2"]),
        (Filter { since: Some("2025-06-13".into()), ..Default::default() }, vec!["e2"]),
        (Filter { until: Some("2025-06-12".into()), ..Default::default() }, vec!["e1"]),
        (Filter { limit: Some(1), ..Default::default() }, vec!["e1"]),
    ] {
        assert_eq!(ids(f.clone()), want, "{f:?}");
    }
    let e1 = &s.events(&Filter::default()).unwrap()[0];
    assert_eq!(
        (e1.source_code.as_deref(), e1.target_code.as_deref(), e1.place_name.as_deref(), e1.day.as_deref()),
        (Some("ISR"), Some("IRN"), Some("Natanz"), Some("2025-06-12"))
    );
    assert_eq!((e1.quad_class, e1.goldstein, e1.outlet.as_deref()), (4, -10.0, Some("Meridian Wire")));
}

fn quote_filters(s: &mut dyn Store) {
    let doc = example_document();
    put(s, &doc, "a.json", "jsonl");
    let mut plain = bare_document(Article::new("plain", "A quiet day in the capital."));
    plain.article.published = doc.article.published;
    put(s, &plain, "b.txt", "text");
    let q = s.quotes(&Filter { speaker: Some("abbas-araghchi".into()), ..Default::default() }).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!((q[0].text.as_str(), q[0].channel.as_deref()), ("We will respond,", Some("X")));
    assert!(s.quotes(&Filter { speaker: Some("donald-trump".into()), ..Default::default() }).unwrap().is_empty());
    assert_eq!(s.documents(&Filter::default()).unwrap().len(), 2);
    let with_strike = s.documents(&Filter { codes: Some(("19".into(), "19".into())), ..Default::default() }).unwrap();
    assert_eq!(with_strike.len(), 1);
    assert_eq!(with_strike[0], doc);
    let by_speaker = s.documents(&Filter { speaker: Some("IRNGOV".into()), ..Default::default() }).unwrap();
    assert_eq!(by_speaker.len(), 1);
    let mut seen = 0;
    let visited = s
        .each_document(&Filter::default(), &mut |_| {
            seen += 1;
            false
        })
        .unwrap();
    assert_eq!((seen, visited), (1, 1), "a visitor returning false stops the stream");
}

fn reanalysis(s: &mut dyn Store) {
    let doc = example_document();
    let empty = s.revision().unwrap();
    let PutOutcome::New { version_id } = put(s, &doc, "a.json", "jsonl") else { panic!() };
    let first = s.revision().unwrap();
    assert_ne!(first, empty, "a write is a new revision");
    s.events(&Filter::default()).unwrap();
    assert_eq!(s.revision().unwrap(), first, "reading is not");
    assert!(s.stale_analyses(&doc.pipeline).unwrap().is_empty());
    let mut newer: PipelineInfo = doc.pipeline.clone();
    newer.lexicons.insert("time/lexicon".into(), "ffff000011112222".into());
    assert_eq!(s.stale_analyses(&newer).unwrap(), vec![version_id]);
    let mut redone = doc.clone();
    redone.pipeline = newer.clone();
    redone.events.as_mut().unwrap().truncate(1);
    s.replace_analysis(version_id, &redone).unwrap();
    assert_ne!(s.revision().unwrap(), first, "a replaced analysis is a new revision");
    assert!(s.stale_analyses(&newer).unwrap().is_empty());
    assert_eq!(s.stale_analyses(&doc.pipeline).unwrap(), vec![version_id]);
    assert_eq!(s.document(version_id).unwrap().unwrap().pipeline, newer);
    let c = s.counts().unwrap();
    assert_eq!((c.analyses, c.events, c.quotes), (1, 1, 1), "derived rows replaced, not added");
    assert!(s.replace_analysis(version_id + 99, &redone).is_err());
}

fn candidates(s: &mut dyn Store) {
    let text = "Envoys from both sides met in Muscat on Sunday for a third round of indirect talks, \
        Omani officials said, after a week in which strikes and counter-strikes had threatened to end \
        the process. The delegations sat in separate rooms while mediators carried proposals between \
        them, and both described the meeting afterwards as serious and useful.";
    let doc = bare_document(Article::new("muscat", text));
    let PutOutcome::New { version_id } = put(s, &doc, "m.txt", "text") else { panic!() };
    let copy = Fingerprint::of(&format!("MUSCAT (Gulf Wire) - {text} Another round is expected."));
    let found = s.near_candidates(&copy).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].version_id, found[0].article_id.as_str()), (version_id, "muscat"));
    assert_eq!(found[0].fingerprint, Fingerprint::of(text));
    let other = Fingerprint::of("Oil prices rose on Monday as traders weighed supply risks in the Gulf region.");
    assert!(s.near_candidates(&other).unwrap().is_empty());
    // A near duplicate is stored with its link.
    let mut near = bare_document(Article::new("muscat-copy", format!("{text} Another round is expected.")));
    near.article.url = Some("https://copy.example/1".into());
    let fp = Fingerprint::of(&near.article.text);
    let out = s
        .put(&NewVersion {
            article: &near.article,
            kind: "text",
            origin: "copy.txt",
            input_diagnostics: &[],
            fingerprint: &fp,
            near_duplicate_of: Some((version_id, 0.9)),
            document: &near,
        })
        .unwrap();
    let PutOutcome::New { version_id: v2 } = out else { panic!("{out:?}") };
    let vs = s.versions("muscat-copy").unwrap();
    assert_eq!((vs[0].id, vs[0].near_duplicate_of, vs[0].similarity), (v2, Some(version_id), Some(0.9)));
    assert_eq!(s.counts().unwrap().near_duplicates, 1);
}

fn absent_layers(s: &mut dyn Store) {
    let doc = Document::new(Article::new("bare", "Nothing was analysed here."), example_document().pipeline);
    let PutOutcome::New { version_id } = put(s, &doc, "n.txt", "text") else { panic!() };
    let back = s.document(version_id).unwrap().unwrap();
    assert_eq!(back, doc);
    assert!(back.events.is_none() && back.sentences.is_none());
    assert!(s.events(&Filter::default()).unwrap().is_empty());
}

/// The example plus a second, dated article about talks in Muscat with one resolved actor.
fn two_articles(s: &mut dyn Store) {
    put(s, &example_document(), "a.json", "jsonl");
    let mut talks = bare_document(Article::new(
        "talks",
        "Omani mediators said talks in Muscat would resume after Iran confirmed its delegation.",
    ));
    talks.article.title = Some("Talks to resume in Muscat".into());
    talks.article.published = Some(sitrep_model::Published::parse("2025-06-20").unwrap());
    let text = talks.article.text.clone();
    let at = text.find("Iran").unwrap();
    let mut iran = example_document().mentions.unwrap()[1].clone();
    (iran.id, iran.start, iran.end) = ("m1".into(), at, at + 4);
    talks.mentions = Some(vec![iran]);
    put(s, &talks, "b.json", "jsonl");
}

fn paging(s: &mut dyn Store) {
    two_articles(s);
    let ids = |f: Filter| -> Vec<String> { s.article_list(&f).unwrap().into_iter().map(|a| a.id).collect() };
    let all = ids(Filter::default());
    assert_eq!(all.len(), 2);
    assert_eq!(ids(Filter { limit: Some(1), ..Default::default() }), all[..1]);
    assert_eq!(ids(Filter { limit: Some(1), offset: 1, ..Default::default() }), all[1..]);
    assert!(ids(Filter { offset: 2, ..Default::default() }).is_empty());
    let events = |f: Filter| -> Vec<String> { s.events(&f).unwrap().into_iter().map(|e| e.eid).collect() };
    assert_eq!(events(Filter { offset: 1, ..Default::default() }), ["e2"]);
    assert_eq!(events(Filter { limit: Some(5), offset: 1, ..Default::default() }), ["e2"]);
}

fn browse(s: &mut dyn Store) {
    two_articles(s);
    let ids = |f: Filter| -> Vec<String> { s.article_list(&f).unwrap().into_iter().map(|a| a.id).collect() };
    let example = example_document().article.id;
    assert_eq!(ids(Filter::default()), [example.as_str(), "talks"], "by publication");
    assert_eq!(ids(Filter { since: Some("2025-06-15".into()), ..Default::default() }), ["talks"]);
    assert_eq!(ids(Filter { until: Some("2025-06-14".into()), ..Default::default() }), [example.as_str()]);
    assert_eq!(ids(Filter { actor: Some("irn".into()), ..Default::default() }), [example.as_str(), "talks"]);
    assert_eq!(ids(Filter { actor: Some("Abbas Araghchi".into()), ..Default::default() }), [example.as_str()]);
    assert_eq!(ids(Filter { codes: Some(("19".into(), "19".into())), ..Default::default() }), [example.as_str()]);
    assert_eq!(ids(Filter { q: Some("MUSCAT".into()), ..Default::default() }), ["talks"]);
    assert_eq!(ids(Filter { articles: Some(vec!["talks".into()]), ..Default::default() }), ["talks"]);
    assert!(ids(Filter { articles: Some(vec![]), ..Default::default() }).is_empty());

    let claims = s.claims(&Filter::default()).unwrap();
    assert_eq!(claims.iter().map(|c| c.cid.as_str()).collect::<Vec<_>>(), ["c1", "c2"]);
    assert_eq!(claims[1].claimant_code.as_deref(), Some("IRNGOV"));
    assert_eq!((claims[1].act.as_deref(), claims[1].quote.as_deref()), (Some("threat"), Some("q1")));
    let by = |f: Filter| -> Vec<String> { s.claims(&f).unwrap().into_iter().map(|c| c.cid).collect() };
    assert_eq!(by(Filter { actor: Some("IRN".into()), ..Default::default() }), ["c2"], "code prefix");
    assert_eq!(by(Filter { q: Some("respond".into()), ..Default::default() }), ["c2"]);
    assert!(by(Filter { since: Some("2025-06-15".into()), ..Default::default() }).is_empty());

    let actors = s.actors(&Filter::default()).unwrap();
    let irn = actors.iter().find(|a| a.id == "irn").expect("irn listed");
    assert_eq!((irn.mentions, irn.articles, irn.events), (2, 2, 1));
    assert_eq!(actors[0].id, "irn", "most mentioned first: {actors:?}");
    assert!(actors.iter().all(|a| a.id != "m3"), "unresolved mentions are not actors");
    let araghchi = actors.iter().find(|a| a.id == "abbas-araghchi").unwrap();
    assert_eq!((araghchi.code.as_deref(), araghchi.events), (Some("IRNGOV"), 1));
    let names = |f: Filter| -> Vec<String> { s.actors(&f).unwrap().into_iter().map(|a| a.id).collect() };
    assert_eq!(names(Filter { q: Some("abbas".into()), ..Default::default() }), ["abbas-araghchi"]);
    assert_eq!(names(Filter { since: Some("2025-06-15".into()), ..Default::default() }), ["irn"]);
    let late = s.actors(&Filter { since: Some("2025-06-15".into()), ..Default::default() }).unwrap();
    assert_eq!((late[0].mentions, late[0].events), (1, 0), "counts follow the filter");

    let places = s.places(&Filter::default()).unwrap();
    assert_eq!(places.len(), 1);
    assert_eq!((places[0].name.as_str(), places[0].country.as_deref()), ("Natanz", Some("IRN")));
    assert_eq!((places[0].mentions, places[0].articles, places[0].events), (1, 1, 1));
    assert!(s.places(&Filter { q: Some("fordow".into()), ..Default::default() }).unwrap().is_empty());
}

fn search(s: &mut dyn Store) {
    two_articles(s);
    let hits = |q: &str| -> Vec<String> {
        s.search(&Filter { q: Some(q.into()), ..Default::default() })
            .unwrap()
            .into_iter()
            .map(|h| h.article_id)
            .collect()
    };
    let example = example_document().article.id;
    assert_eq!(hits("natanz"), [example.as_str()]);
    assert_eq!(hits("Arag"), [example.as_str()], "last word is a prefix");
    let mut both = hits("iran");
    both.sort();
    let mut want = vec![example.clone(), "talks".to_string()];
    want.sort();
    assert_eq!(both, want);
    assert_eq!(hits("iran muscat"), ["talks"], "every word");
    assert_eq!(hits("muscat)(\"* NEAR"), Vec::<String>::new(), "every word, punctuation dropped");
    assert_eq!(hits("(muscat\"*"), ["talks"], "query syntax is never passed through");
    assert!(hits("  ").is_empty() && hits("\"*").is_empty());
    let h = &s.search(&Filter { q: Some("natanz".into()), ..Default::default() }).unwrap()[0];
    assert!(h.snippet.contains("\u{2}Natanz\u{3}"), "{:?}", h.snippet);
    assert_eq!(h.title.as_deref(), Some("Israel strikes Natanz"));
    assert!(h.score > 0.0);
    let dated = s.search(&Filter { q: Some("iran".into()), since: Some("2025-06-15".into()), ..Default::default() });
    assert_eq!(dated.unwrap().into_iter().map(|h| h.article_id).collect::<Vec<_>>(), ["talks"]);
}

fn stories(s: &mut dyn Store) {
    assert!(s.stories(None, None).unwrap().is_empty());
    let doc = example_document();
    put(s, &doc, "a.jsonl", "jsonl");
    let situation = sitrep_story::situation(std::slice::from_ref(&doc));
    assert_eq!(situation.stories.len(), 1);
    s.replace_stories(&situation.stories).unwrap();
    let back = s.stories(None, None).unwrap();
    assert_eq!(back, situation.stories);
    let story = &back[0];
    assert_eq!(s.story(&story.id).unwrap().as_ref(), Some(story));
    assert_eq!(s.story("s-none").unwrap(), None);
    let (first, last) = (story.first.clone().unwrap(), story.last.clone().unwrap());
    assert_eq!(s.stories(Some(&first), Some(&last)).unwrap().len(), 1);
    assert_eq!(s.stories(Some("2999-01-01"), None).unwrap().len(), 0, "ends before since");
    assert_eq!(s.stories(None, Some("1900-01-01")).unwrap().len(), 0, "starts after until");
    // Replacing drops what is no longer there.
    s.replace_stories(&[]).unwrap();
    assert!(s.stories(None, None).unwrap().is_empty());
}
