//! The first shared seed (`../shared/seeds/000_*.txt`, dated 2025-06-15 by hand as the brief
//! says): speakers, channels and sourcing the quotes stage must get right. Skipped, with a
//! reason, when the shared folder is not on this machine.

use std::path::Path;

use sitrep_extract::Pipeline;
use sitrep_model::{Article, Published, PublishedSource, SourcingKind, check};

#[test]
fn first_seed_attributions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Some(path) = std::fs::read_dir(&dir).ok().and_then(|d| {
        d.flatten().map(|e| e.path()).find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("000_")))
    }) else {
        eprintln!("skipped: no seed 000_* in {} (the shared seeds are not on this machine)", dir.display());
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let mut article = Article::new("seed-000", text.clone());
    article.published = Some(Published::parse("2025-06-15").unwrap());
    article.published_source = PublishedSource::Given;
    let (doc, attributions) = Pipeline::new().run_detailed(article);
    assert_eq!(check::check(&doc), Vec::<String>::new());
    let attributions = attributions.expect("the quotes stage ran");
    let quotes = doc.quotes.as_deref().unwrap();
    let mentions = doc.mentions.as_deref().unwrap();
    let mention_text = |id: &str| mentions.iter().find(|m| m.id == id).map(|m| m.text.clone()).unwrap();

    // The Truth Social quote: Trump, on Truth Social.
    let deal = quotes.iter().find(|q| q.text.contains("should make a deal")).expect("the Truth Social quote");
    assert!(deal.direct);
    let speaker = deal.speaker.as_ref().expect("a speaker");
    assert_eq!(speaker.actor.as_ref().unwrap().id, "donald-trump");
    assert_eq!(mention_text(speaker.mention.as_deref().unwrap()), "Trump");
    assert_eq!(deal.channel.as_deref(), Some("Truth Social"));
    assert_eq!(deal.sourcing.kind, SourcingKind::NamedPerson);

    // "They said" after "The Iranian foreign ministry dismissed ...": the ministry.
    let they = quotes.iter().find(|q| q.source_span.as_ref().is_some_and(|s| s.text == "They")).expect("They said");
    let speaker = they.speaker.as_ref().expect("They resolves");
    assert!(mention_text(speaker.mention.as_deref().unwrap()).contains("foreign ministry"));
    let actor = speaker.actor.as_ref().unwrap();
    assert_eq!((actor.country.as_deref(), actor.sector.as_deref()), (Some("IRN"), Some("GOV")));

    // The "shot it down" sentence, sourced to Reuters and the AP.
    let shot = text.find("Trump shot it down").unwrap();
    let si = doc.sentences.as_deref().unwrap().iter().position(|s| s.start <= shot && shot < s.end).unwrap();
    let sourcing = attributions.sourcing_for_sentence(si);
    assert_eq!(sourcing.kind, SourcingKind::Anonymous);
    assert_eq!(sourcing.via, ["Reuters", "Associated Press"]);

    // The "according to" sentence naming anonymous officials attributes the sentence
    // before it: Trump blocking the plan.
    let blocked = text.find("Trump recently blocked").unwrap();
    let si = doc.sentences.as_deref().unwrap().iter().position(|s| s.start <= blocked && blocked < s.end).unwrap();
    let sourcing = attributions.sourcing_for_sentence(si);
    assert_eq!(sourcing.kind, SourcingKind::Anonymous);
    assert_eq!(sourcing.description.as_deref(), Some("unnamed U.S. officials"));
    let according = quotes.iter().find(|q| q.cue.text == "according to").unwrap();
    assert!(according.text.starts_with("Trump recently blocked Israel"));

    // "He later telling ABC News ..." is Trump's, on ABC News.
    let abc = quotes.iter().find(|q| q.channel.as_deref() == Some("ABC News")).expect("the ABC News remark");
    assert_eq!(abc.speaker.as_ref().unwrap().actor.as_ref().unwrap().id, "donald-trump");

    // The White House's non-response is recorded as such.
    assert!(
        quotes.iter().any(|q| q.non_response && q.source_span.as_ref().is_some_and(|s| s.text == "The White House"))
    );

    // Every quote is a claim (speech-act events add their own); the ministry's dismissal denies.
    let claims = doc.claims.as_deref().unwrap();
    for q in quotes {
        assert_eq!(claims.iter().filter(|c| c.quote.as_deref() == Some(q.id.as_str())).count(), 1, "{}", q.id);
    }
    let dismissed = quotes.iter().find(|q| q.cue.text == "dismissed").unwrap();
    let claim = claims.iter().find(|c| c.quote.as_deref() == Some(dismissed.id.as_str())).unwrap();
    assert_eq!(claim.stance, sitrep_model::Stance::Denies);
}

/// The seed with its date, or `None` (and a printed reason) when the shared seeds are absent.
fn seed(prefix: &str) -> Option<(String, sitrep_model::Document)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Some(path) = std::fs::read_dir(&dir).ok().and_then(|d| {
        d.flatten().map(|e| e.path()).find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
    }) else {
        eprintln!("skipped: no seed {prefix}* in {} (the shared seeds are not on this machine)", dir.display());
        return None;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let mut article = Article::new(prefix, text.clone());
    article.published = Some(Published::parse("2025-06-15").unwrap());
    article.published_source = PublishedSource::Given;
    let doc = Pipeline::new().run(article);
    assert_eq!(check::check(&doc), Vec::<String>::new());
    Some((text, doc))
}

/// Events of the first seed: the strikes, their later mentions, and the blocked plan whose
/// relay through Reuters and the AP is told at its second mention ("shot it down").
#[test]
fn first_seed_events() {
    let Some((text, doc)) = seed("000_") else { return };
    let events = doc.events.as_deref().unwrap();
    let code = |a: &Option<sitrep_model::Arg>| a.as_ref().and_then(|a| a.actor.as_ref()).map(|a| a.code.clone());
    let at = |needle: &str| text.find(needle).unwrap();

    let launch = at("Israel launched strikes");
    let strikes = events.iter().find(|e| e.trigger.text == "strikes" && e.trigger.start > launch).expect("the strikes");
    assert_eq!(
        (strikes.code.as_str(), code(&strikes.source).as_deref(), code(&strikes.target).as_deref()),
        ("190", Some("ISR"), Some("IRN"))
    );
    assert_eq!(strikes.factuality, sitrep_model::Factuality::ACTUAL);
    assert_eq!(strikes.date.as_deref(), Some("2025-06-12"));
    // An earlier mention of Israel's attacks is the happening's first mention.
    let first = strikes.coreferent.as_deref().expect("the strikes were mentioned before");
    let first = events.iter().find(|e| e.id == first).unwrap();
    assert!(first.trigger.start < strikes.trigger.start && code(&first.source).as_deref() == Some("ISR"));

    let blocked = events.iter().find(|e| e.trigger.text == "blocked").expect("Trump blocked the plan");
    assert_eq!(blocked.sourcing.kind, SourcingKind::Anonymous);
    assert_eq!(blocked.sourcing.description.as_deref(), Some("unnamed U.S. officials"));
    assert_eq!(blocked.sourcing.via, ["Reuters", "Associated Press"]);
    let shot = events.iter().find(|e| e.trigger.text.starts_with("shot")).expect("shot it down");
    assert_eq!(shot.coreferent.as_deref(), Some(blocked.id.as_str()));
}

/// Events of the second seed: the planned Witkoff–Araghchi meeting, and nothing from the
/// "Related:" headline list.
#[test]
fn second_seed_events() {
    let Some((text, doc)) = seed("002_") else { return };
    let events = doc.events.as_deref().unwrap();
    let witkoff = text.find("Steve Witkoff").unwrap();
    let sentence = |e: &sitrep_model::Event| &doc.sentences.as_deref().unwrap()[e.sentence];
    let meeting = events
        .iter()
        .find(|e| e.trigger.text == "meeting" && sentence(e).start <= witkoff && witkoff < sentence(e).end)
        .expect("the Witkoff–Araghchi meeting");
    assert_eq!(meeting.root, "04");
    assert_eq!(meeting.factuality.status, sitrep_model::Status::Planned);
    let actor = |a: &Option<sitrep_model::Arg>| a.as_ref().and_then(|a| a.actor.as_ref()).map(|a| a.country.clone());
    assert_eq!((actor(&meeting.source), actor(&meeting.target)), (Some(Some("USA".into())), Some(Some("IRN".into()))));
    if let Some(related) = text.find("Related:") {
        let end = text[related..].find("\n\n").map_or(text.len(), |n| related + n);
        assert!(events.iter().all(|e| e.trigger.start < related || e.trigger.start >= end), "an event from Related:");
    }
}
