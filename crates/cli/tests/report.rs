//! `sitrep report` end to end: formats, bad input, and the two shared seeds (when
//! `../shared/seeds` exists; the seeds are read in place, never copied into the repository).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).output().expect("run sitrep")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("report --format json is JSON")
}

fn story_data() -> String {
    repo().join("crates/story/tests/data").to_string_lossy().into_owned()
}

#[test]
fn every_format_renders_the_same_situation() {
    let data = story_data();
    let j = sitrep(&["report", "--format", "json", &data]);
    assert!(j.status.success(), "{}", String::from_utf8_lossy(&j.stderr));
    let v = json(&j);
    let story = &v["stories"][0];
    for field in ["articles", "events", "escalation", "watchlist", "contradictions"] {
        assert!(story[field].is_array(), "stories[0].{field}");
    }
    let c = &story["contradictions"][0];
    assert_eq!(c["frame"], "involvement");
    assert!(c["sides"].as_array().unwrap().iter().all(|s| s["speaker"].is_string()
        && s["actor"]["country"].is_string()
        && s["stance"].is_string()
        && s["text"].is_string()
        && s["evidence"]["start"].is_u64()));

    let text = sitrep(&["report", &data]);
    let text = String::from_utf8(text.stdout).unwrap();
    for section in ["Timeline", "Contradictions", "Watchlist", "Escalation", "Armenia attacks Azerbaijan"] {
        assert!(text.contains(section), "text report lacks {section}:\n{text}");
    }
    assert!(text.contains("denies: Sergey Lavrov (RUS)"), "{text}");

    let md = String::from_utf8(sitrep(&["report", "--format", "md", &data]).stdout).unwrap();
    assert!(md.contains("# Armenia attacks Azerbaijan") && md.contains("## Timeline"), "{md}");

    let html = String::from_utf8(sitrep(&["report", "--format", "html", &data]).stdout).unwrap();
    assert!(html.starts_with("<!doctype html>") && html.contains("<svg") && html.trim_end().ends_with("</html>"));
    // Self-contained: nothing fetched from elsewhere.
    assert!(!html.contains("src=\"http") && !html.contains("<script") && !html.contains("<link"), "{html}");
}

#[test]
fn bad_input_is_reported_and_the_rest_reported_on() {
    let dir = std::env::temp_dir().join(format!("sitrep-report-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"Strikes hit the city.\nThe caf\xe9 was closed.\n").unwrap();
    let data = story_data();
    let out = sitrep(&["report", "--format", "json", &data, bad.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.txt") && err.contains("line 2"), "{err}");
    assert_eq!(json(&out)["stories"].as_array().unwrap().len(), 2);
}

/// The seeds as JSONL with their publication dates (the first is a Sunday's, 2025-06-15:
/// "Trump wrote Sunday", "the summit begins Sunday"; the second two days later: "On Monday
/// night" after the G7's first day).
fn seeds_jsonl() -> Option<PathBuf> {
    let seeds = repo().join("../shared/seeds");
    let a = std::fs::read_to_string(seeds.join("000_caebdc2807292438.txt")).ok()?;
    let b = std::fs::read_to_string(seeds.join("002_dd1a272b13e444c6.txt")).ok()?;
    let dir = std::env::temp_dir().join(format!("sitrep-report-seeds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("seeds.jsonl");
    let line = |id: &str, d: &str, t: &str| serde_json::json!({"id": id, "published": d, "text": t}).to_string();
    std::fs::write(&path, format!("{}\n{}\n", line("seed-000", "2025-06-15", &a), line("seed-002", "2025-06-17", &b)))
        .unwrap();
    Some(path)
}

#[test]
fn seeds_one_story_with_the_involvement_dispute_and_the_proposed_meeting() {
    let Some(path) = seeds_jsonl() else {
        eprintln!("skipped: ../shared/seeds is absent");
        return;
    };
    let out = sitrep(&["report", "--format", "json", path.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&out);
    let stories = v["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "one story");
    let st = &stories[0];

    // The strikes on the timeline: Israel on Iran, actual, dated the Thursday the
    // first seed says they began (2025-06-12), though later mentions carry them to Sunday.
    let strikes = st["events"].as_array().unwrap().iter().find(|e| {
        e["root"] == "19" && e["source"]["code"] == "ISR" && e["target"]["code"] == "IRN" && e["date"] == "2025-06-12"
    });
    assert!(strikes.is_some(), "Israel's strikes on Iran on the timeline, dated 2025-06-12");

    // U.S. involvement: Rubio and the White House deny, Pezeshkian and the ministry affirm.
    let xs = st["contradictions"].as_array().unwrap();
    let inv = xs.iter().find(|c| c["frame"] == "involvement" && c["actor"] == "USA").expect("U.S. involvement dispute");
    let side = |stance: &str| -> Vec<(String, String)> {
        inv["sides"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["stance"] == stance)
            .map(|s| {
                (
                    s["speaker"].as_str().unwrap_or("").to_string(),
                    s["actor"]["country"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let (deny, affirm) = (side("denies"), side("affirms"));
    for who in ["Marco Rubio", "White House"] {
        assert!(deny.iter().any(|(s, c)| s == who && c == "USA"), "{who} denies: {deny:?}");
    }
    for who in ["Masoud Pezeshkian", "Iranian Foreign Ministry"] {
        assert!(affirm.iter().any(|(s, c)| s == who && c == "IRN"), "{who} affirms: {affirm:?}");
    }
    assert!(deny.iter().all(|(_, c)| c == "USA") && affirm.iter().all(|(_, c)| c == "IRN"), "{deny:?} {affirm:?}");
    // Trump's "deal" optimism is in no contradiction.
    for c in xs {
        for s in c["sides"].as_array().unwrap() {
            assert!(!s["text"].as_str().unwrap().contains("deal"), "deal talk in a contradiction: {s}");
        }
    }
    // The proposed Witkoff–Araghchi meeting is awaited.
    let meeting = st["watchlist"].as_array().unwrap().iter().find(|w| {
        let names: Vec<&str> = w["actors"].as_array().unwrap().iter().filter_map(|a| a["name"].as_str()).collect();
        names.contains(&"Steve Witkoff") && names.contains(&"Abbas Araghchi")
    });
    let meeting = meeting.expect("Witkoff–Araghchi meeting on the watchlist");
    assert_eq!(meeting["kind"], "proposed");
    assert_eq!(meeting["status"], "open");
    assert_eq!(meeting["code"], "040");
}

#[test]
fn ingest_keeps_stories_and_report_reads_them_from_the_store() {
    let dir = std::env::temp_dir().join(format!("sitrep-report-db-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("s.db");
    let db = db.to_str().unwrap();
    let data = story_data();
    let ing = sitrep(&["ingest", "--db", db, &data]);
    assert!(ing.status.success(), "{}", String::from_utf8_lossy(&ing.stderr));

    let from_files = json(&sitrep(&["report", "--format", "json", &data]));
    let out = sitrep(&["report", "--db", db, "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let from_db = json(&out);
    let ids = |v: &Value| {
        v["stories"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert_eq!(ids(&from_db), ids(&from_files));
    assert_eq!(from_db["stories"][0]["contradictions"], from_files["stories"][0]["contradictions"]);

    let first = ids(&from_db)[0].clone();
    let one = json(&sitrep(&["report", "--db", db, "--story", &first, "--format", "json"]));
    assert_eq!(ids(&one), vec![first]);
    let later = json(&sitrep(&["report", "--db", db, "--since", "2030-01-01", "--format", "json"]));
    assert!(ids(&later).is_empty());
    let range =
        json(&sitrep(&["report", "--db", db, "--since", "2025-09-01", "--until", "2025-09-30", "--format", "json"]));
    assert_eq!(ids(&range).len(), 2);

    let missing = sitrep(&["report", "--db", db, "--story", "s000000000000"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("story s000000000000 not found"));
    let bad_day = sitrep(&["report", "--db", db, "--since", "soon"]);
    assert_eq!(bad_day.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_day.stderr).contains("'soon' is not a date"));
    let both = sitrep(&["report", "--db", db, &data]);
    assert_eq!(both.status.code(), Some(2), "files and --db together are a usage error");
    let _ = std::fs::remove_dir_all(&dir);
}
