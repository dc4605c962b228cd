//! The HTTP API end to end, through the router: every endpoint on the example articles, bad
//! parameters and bodies (4xx JSON), and every response validated against the served
//! OpenAPI document. `every_operation_answers_as_documented` also checks that each documented
//! operation is exercised, so the document and the routes cannot drift apart.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use sitrep_server::{AppState, router};
use sitrep_store::sqlite::SqliteStore;
use tower::ServiceExt;

mod schema {
    //! A validator for the JSON Schema subset the OpenAPI document uses: `$ref`, `type`
    //! (one or a list), `properties`, `required`, `additionalProperties: false`, `items`,
    //! `enum`, `minItems`/`maxItems`, `minimum`/`maximum`.
    use serde_json::Value;

    pub fn validate(root: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let target = r
                .strip_prefix("#/")
                .map(|p| p.split('/').fold(root, |node, k| &node[k]))
                .filter(|t| !t.is_null())
                .ok_or_else(|| format!("{at}: unresolved $ref {r}"))?;
            return validate(root, target, v, at);
        }
        if let Some(t) = schema.get("type") {
            let types: Vec<&str> = match t {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => return Err(format!("{at}: bad type in schema")),
            };
            let ok = types.iter().any(|t| match *t {
                "string" => v.is_string(),
                "integer" => v.is_i64() || v.is_u64(),
                "number" => v.is_number(),
                "boolean" => v.is_boolean(),
                "object" => v.is_object(),
                "array" => v.is_array(),
                "null" => v.is_null(),
                _ => false,
            });
            if !ok {
                return Err(format!("{at}: {v} is not of type {types:?}"));
            }
        }
        if let Some(e) = schema.get("enum").and_then(Value::as_array)
            && !e.contains(v)
        {
            return Err(format!("{at}: {v} is not one of {e:?}"));
        }
        if let Some(n) = v.as_f64() {
            if schema.get("minimum").and_then(Value::as_f64).is_some_and(|m| n < m) {
                return Err(format!("{at}: {n} below minimum"));
            }
            if schema.get("maximum").and_then(Value::as_f64).is_some_and(|m| n > m) {
                return Err(format!("{at}: {n} above maximum"));
            }
        }
        if let Value::Object(o) = v {
            let props = schema.get("properties").and_then(Value::as_object);
            for r in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
                let k = r.as_str().unwrap_or_default();
                if !o.contains_key(k) {
                    return Err(format!("{at}: required field '{k}' missing"));
                }
            }
            for (k, child) in o {
                match props.and_then(|p| p.get(k)) {
                    Some(s) => validate(root, s, child, &format!("{at}.{k}"))?,
                    None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        return Err(format!("{at}: field '{k}' is not in the schema"));
                    }
                    None => {}
                }
            }
        }
        if let Value::Array(items) = v {
            if schema.get("minItems").and_then(Value::as_u64).is_some_and(|m| (items.len() as u64) < m)
                || schema.get("maxItems").and_then(Value::as_u64).is_some_and(|m| (items.len() as u64) > m)
            {
                return Err(format!("{at}: {} items outside the allowed count", items.len()));
            }
            if let Some(s) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    validate(root, s, item, &format!("{at}[{i}]"))?;
                }
            }
        }
        Ok(())
    }
}

fn examples() -> &'static Path {
    Box::leak(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles").into_boxed_path())
}

/// The example articles, ingested once (analysis is the slow part) and shared by the
/// read-only tests.
fn examples_state() -> Arc<AppState> {
    static STATE: OnceLock<Arc<AppState>> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let state = AppState::new(Box::new(SqliteStore::in_memory().unwrap()));
            let opts = sitrep_ingest::Options {
                format: sitrep_ingest::Format::Auto,
                published: None,
                max_article_bytes: sitrep_ingest::DEFAULT_MAX_ARTICLE_BYTES,
            };
            for item in sitrep_ingest::read_path(examples(), &opts) {
                let input = item.expect("example reads");
                sitrep_server::ingest::ingest(&state.store, state.pipeline(), input).expect("example stores");
            }
            state
        })
        .clone()
}

fn openapi() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| serde_json::from_str(sitrep_server::OPENAPI).expect("openapi.json parses"))
}

struct Reply {
    status: StatusCode,
    content_type: String,
    json: Value,
}

async fn call(state: &Arc<AppState>, method: Method, uri: &str, body: Option<(&str, Vec<u8>)>) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    let body = match body {
        Some((ctype, bytes)) => {
            req = req.header(header::CONTENT_TYPE, ctype);
            Body::from(bytes)
        }
        None => Body::empty(),
    };
    let resp = router(state.clone()).oneshot(req.body(body).unwrap()).await.unwrap();
    let status = resp.status();
    let content_type =
        resp.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    let json = if content_type.starts_with("application/json") {
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{uri}: body is not JSON: {e}"))
    } else {
        Value::String(String::from_utf8_lossy(&bytes).into_owned())
    };
    Reply { status, content_type, json }
}

async fn get(state: &Arc<AppState>, uri: &str) -> Reply {
    call(state, Method::GET, uri, None).await
}

/// Check a reply against the OpenAPI operation `method template`; returns the JSON.
fn conforms(r: &Reply, method: &str, template: &str, uri: &str) -> Value {
    let doc = openapi();
    let op = &doc["paths"][template][method];
    assert!(!op.is_null(), "{method} {template} is not documented");
    let resp = &op["responses"][r.status.as_str()];
    assert!(!resp.is_null(), "{method} {uri}: status {} is not documented: {}", r.status, r.json);
    assert!(r.content_type.starts_with("application/json"), "{uri}: content type {}", r.content_type);
    let schema = &resp["content"]["application/json"]["schema"];
    let schema = if schema.is_null() {
        &doc["components"]["responses"][resp["$ref"].as_str().unwrap().rsplit('/').next().unwrap()]["content"]["application/json"]
            ["schema"]
    } else {
        schema
    };
    schema::validate(doc, schema, &r.json, uri).unwrap_or_else(|e| panic!("{method} {uri}: {e}"));
    r.json.clone()
}

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().expect("items")
}

fn article_id_of(file: &str) -> String {
    let opts = sitrep_ingest::Options {
        format: sitrep_ingest::Format::Auto,
        published: None,
        max_article_bytes: sitrep_ingest::DEFAULT_MAX_ARTICLE_BYTES,
    };
    let input = sitrep_ingest::read_path(&examples().join(file), &opts).next().unwrap().unwrap();
    input.article.id
}

#[tokio::test]
async fn every_operation_answers_as_documented() {
    let st = examples_state();
    let strike = article_id_of("01-israel-strikes-natanz.txt");
    let story = first_story(&st).await;
    let cases: Vec<(&str, String, &str, u16)> = vec![
        ("get", "/api/status".into(), "/api/status", 200),
        ("get", "/api/articles".into(), "/api/articles", 200),
        ("get", "/api/articles?actor=IRN&since=2025-06-13&limit=3".into(), "/api/articles", 200),
        ("get", "/api/articles?q=ceasefire&code=19".into(), "/api/articles", 200),
        ("get", format!("/api/articles/{strike}"), "/api/articles/{id}", 200),
        ("get", "/api/articles/nope".into(), "/api/articles/{id}", 404),
        ("get", format!("/api/articles/{strike}/analysis"), "/api/articles/{id}/analysis", 200),
        ("get", "/api/articles/nope/analysis".into(), "/api/articles/{id}/analysis", 404),
        ("get", "/api/analyses/1".into(), "/api/analyses/{version_id}", 200),
        ("get", "/api/analyses/99999".into(), "/api/analyses/{version_id}", 404),
        ("get", "/api/analyses/x1".into(), "/api/analyses/{version_id}", 400),
        ("get", "/api/events?dyad=ISR,IRN&code=18-20&limit=5".into(), "/api/events", 200),
        ("get", "/api/events?until=2025-01-01".into(), "/api/events", 200),
        ("get", "/api/events?code=1x".into(), "/api/events", 400),
        ("get", "/api/quotes?q=ceasefire".into(), "/api/quotes", 200),
        ("get", "/api/quotes?dyad=A,B".into(), "/api/quotes", 400),
        ("get", "/api/claims?actor=IRN".into(), "/api/claims", 200),
        ("get", "/api/claims?limit=9999".into(), "/api/claims", 400),
        ("get", "/api/actors?limit=5".into(), "/api/actors", 200),
        ("get", "/api/actors?since=tuesday".into(), "/api/actors", 400),
        ("get", "/api/places".into(), "/api/places", 200),
        ("get", "/api/places?actor=IRN".into(), "/api/places", 400),
        ("get", "/api/search?q=Natanz".into(), "/api/search", 200),
        ("get", "/api/search".into(), "/api/search", 400),
        ("get", "/api/search?q=iran&story=nope".into(), "/api/search", 404),
        ("get", "/api/stories".into(), "/api/stories", 200),
        ("get", "/api/stories?since=2025-06-20&actor=IRN&limit=2".into(), "/api/stories", 200),
        ("get", "/api/stories?code=19".into(), "/api/stories", 400),
        ("get", format!("/api/stories/{story}"), "/api/stories/{id}", 200),
        ("get", "/api/stories/nope".into(), "/api/stories/{id}", 404),
        ("get", format!("/api/merged-events?story={story}&code=14-20"), "/api/merged-events", 200),
        ("get", "/api/merged-events?story=nope".into(), "/api/merged-events", 404),
        ("get", "/api/merged-events?since=x".into(), "/api/merged-events", 400),
        ("get", format!("/api/contradictions?story={story}"), "/api/contradictions", 200),
        ("get", "/api/contradictions?actor=USA&q=involvement".into(), "/api/contradictions", 200),
        ("get", "/api/contradictions?code=19".into(), "/api/contradictions", 400),
        ("get", format!("/api/watchlist?story={story}"), "/api/watchlist", 200),
        ("get", "/api/watchlist?actor=IRN&limit=3".into(), "/api/watchlist", 200),
        ("get", "/api/watchlist?limit=-1".into(), "/api/watchlist", 400),
        ("get", format!("/api/escalation?story={story}&dyad=*,*"), "/api/escalation", 200),
        ("get", "/api/escalation?story=nope".into(), "/api/escalation", 404),
        ("get", "/api/escalation?actor=IRN".into(), "/api/escalation", 400),
        ("get", format!("/api/events?story={story}&limit=5"), "/api/events", 200),
        ("get", "/api/claims?story=nope".into(), "/api/claims", 404),
    ];
    let mut covered = std::collections::BTreeSet::new();
    for (method, uri, template, want) in &cases {
        let r = get(&st, uri).await;
        assert_eq!(r.status.as_u16(), *want, "GET {uri}: {}", r.json);
        conforms(&r, method, template, uri);
        covered.insert((method.to_string(), template.to_string()));
    }
    // The write operation, on its own store.
    let fresh = AppState::new(Box::new(SqliteStore::in_memory().unwrap()));
    let rec = json!({"id": "post-1", "title": "Strike reported", "published": "2025-06-14",
                     "text": "Israeli jets struck a missile base near Tabriz on Saturday, the army said."});
    let r = call(&fresh, Method::POST, "/api/articles", Some(("application/json", rec.to_string().into_bytes()))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    conforms(&r, "post", "/api/articles", "/api/articles");
    covered.insert(("post".into(), "/api/articles".into()));
    let r = get(&st, "/api/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(&r.json, openapi());
    covered.insert(("get".into(), "/api/openapi.json".into()));

    let documented: std::collections::BTreeSet<(String, String)> = openapi()["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(p, ops)| ops.as_object().unwrap().keys().map(move |m| (m.clone(), p.clone())))
        .collect();
    assert_eq!(covered, documented, "every documented operation is exercised, and only those");
}

/// The largest story of the examples.
async fn first_story(st: &Arc<AppState>) -> String {
    let r = get(st, "/api/stories").await.json;
    items(&r).first().expect("the examples make at least one story")["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn stories_and_their_filters() {
    let st = examples_state();
    let list = get(&st, "/api/stories?limit=500").await.json;
    let list = items(&list).clone();
    assert!(!list.is_empty());
    let mut articles_in_stories = 0;
    for s in &list {
        let id = s["id"].as_str().unwrap();
        let story = get(&st, &format!("/api/stories/{id}")).await.json;
        assert_eq!(story["offsets"], "utf16");
        assert_eq!(s["events"].as_u64().unwrap() as usize, story["events"].as_array().unwrap().len());
        let members: Vec<&str> = story["articles"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
        articles_in_stories += members.len();
        // The story filter narrows every store list to the story's articles.
        let evs = get(&st, &format!("/api/events?story={id}&limit=500")).await.json;
        assert!(items(&evs).iter().all(|e| members.contains(&e["article_id"].as_str().unwrap())));
        let arts = get(&st, &format!("/api/articles?story={id}&limit=500")).await.json;
        assert_eq!(items(&arts).len(), members.len(), "story {id}");
        // Merged events of one story carry its id.
        let merged = get(&st, &format!("/api/merged-events?story={id}&limit=500")).await.json;
        assert_eq!(items(&merged).len(), story["events"].as_array().unwrap().len());
        assert!(items(&merged).iter().all(|e| e["story"] == id));
        // Evidence offsets are UTF-16 offsets into the article's text.
        for e in story["events"].as_array().unwrap().iter().take(5) {
            let ev = &e["reports"][0]["evidence"];
            let doc = get(&st, &format!("/api/articles/{}/analysis", ev["article"].as_str().unwrap())).await.json;
            let units: Vec<u16> = doc["text"].as_str().unwrap().encode_utf16().collect();
            let (a, b) = (ev["start"].as_u64().unwrap() as usize, ev["end"].as_u64().unwrap() as usize);
            assert_eq!(String::from_utf16(&units[a..b]).unwrap(), ev["text"].as_str().unwrap());
        }
    }
    let all = get(&st, "/api/articles?limit=500").await.json;
    assert_eq!(articles_in_stories, items(&all).len(), "every article is in exactly one story");
    // Filters over merged events.
    let conflict = get(&st, "/api/merged-events?code=18-20&limit=500").await.json;
    assert!(!items(&conflict).is_empty());
    assert!(items(&conflict).iter().all(|e| ("18".."21").contains(&&e["code"].as_str().unwrap()[..2])));
    let irn = get(&st, "/api/merged-events?actor=IRN&limit=500").await.json;
    assert!(!items(&irn).is_empty());
    let total = get(&st, "/api/escalation?dyad=*,*&limit=500").await.json;
    assert!(items(&total).iter().all(|p| p["source"] == "*" && p["target"] == "*"));
}

#[tokio::test]
async fn filters_mean_what_they_say() {
    let st = examples_state();
    let all = get(&st, "/api/events?limit=500").await.json;
    let all = items(&all);
    assert!(all.len() > 20, "the examples have events: {}", all.len());
    let r = get(&st, "/api/events?actor=IRN&limit=500").await.json;
    assert!(!items(&r).is_empty());
    for e in items(&r) {
        let side = |p: &str| {
            e[format!("{p}_code")].as_str().is_some_and(|c| c.starts_with("IRN"))
                || e[format!("{p}_id")].as_str() == Some("irn")
        };
        assert!(side("source") || side("target"), "{e}");
    }
    let r = get(&st, "/api/events?code=19&limit=500").await.json;
    assert!(!items(&r).is_empty() && items(&r).iter().all(|e| e["code"].as_str().unwrap().starts_with("19")));
    let r = get(&st, "/api/events?since=2025-06-20&until=2025-06-24&limit=500").await.json;
    assert!(!items(&r).is_empty());
    for e in items(&r) {
        let d = e["day"].as_str().unwrap();
        assert!(("2025-06-20"..="2025-06-24").contains(&d), "{d}");
    }
    let r = get(&st, "/api/events?q=missiles&limit=500").await.json;
    assert!(!items(&r).is_empty());
    assert!(items(&r).iter().all(|e| e["sentence_text"].as_str().unwrap().to_lowercase().contains("missiles")));

    // Quotes: actor is the speaker.
    let r = get(&st, "/api/quotes?actor=donald-trump&limit=500").await.json;
    assert!(!items(&r).is_empty());
    assert!(items(&r).iter().all(|q| q["speaker_id"] == "donald-trump"), "{r}");

    // Articles: full text, and an actor they mention.
    let ceasefire = article_id_of("10-ceasefire-takes-hold.txt");
    let r = get(&st, "/api/articles?q=ceasefire").await.json;
    assert!(items(&r).iter().any(|a| a["id"] == ceasefire.as_str()), "{r}");
    let r = get(&st, "/api/articles?q=zzyzx").await.json;
    assert!(items(&r).is_empty());

    // Actors and places carry counts.
    let r = get(&st, "/api/actors?q=iran").await.json;
    let irn = items(&r).iter().find(|a| a["id"] == "irn").expect("irn");
    assert!(irn["mentions"].as_u64().unwrap() > 5 && irn["events"].as_u64().unwrap() > 0, "{irn}");
    let r = get(&st, "/api/places?q=natanz").await.json;
    assert!(!items(&r).is_empty());
    assert!(items(&r).iter().all(|p| p["name"].as_str().unwrap().contains("Natanz")), "{r}");
}

#[tokio::test]
async fn pages_join_up() {
    let st = examples_state();
    let whole = get(&st, "/api/events?limit=500").await.json;
    let whole: Vec<Value> = items(&whole).clone();
    assert!(whole.len() > 7);
    let mut joined = Vec::new();
    let mut uri = "/api/events?limit=7".to_string();
    loop {
        let page = get(&st, &uri).await.json;
        assert!(items(&page).len() <= 7);
        joined.extend(items(&page).iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/events?limit=7&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(joined, whole);
}

#[tokio::test]
async fn documents_and_search_use_utf16_offsets() {
    let st = examples_state();
    let id = article_id_of("01-israel-strikes-natanz.txt");
    let doc = get(&st, &format!("/api/articles/{id}/analysis")).await.json;
    assert_eq!(doc["offsets"], "utf16");
    let units: Vec<u16> = doc["text"].as_str().unwrap().encode_utf16().collect();
    let cut = |s: &Value| {
        let (a, b) = (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        String::from_utf16(&units[a..b]).unwrap()
    };
    let text = doc["text"].as_str().unwrap();
    let quotes = doc["quotes"].as_array().unwrap();
    // A quote after a multi-byte character, so byte and UTF-16 offsets differ.
    let q = quotes
        .iter()
        .find(|q| text[..text.find(q["text"].as_str().unwrap()).unwrap()].len() > cut_len(text, q))
        .expect("a quote after a non-ASCII character");
    assert_eq!(cut(q), q["text"].as_str().unwrap());
    for layer in ["mentions", "times", "places", "quotes"] {
        for item in doc[layer].as_array().unwrap() {
            assert_eq!(cut(item), item["text"].as_str().unwrap(), "{layer} {item}");
        }
    }
    for e in doc["events"].as_array().unwrap() {
        assert_eq!(cut(&e["trigger"]), e["trigger"]["text"].as_str().unwrap());
    }
    let hits = get(&st, "/api/search?q=natanz").await.json;
    let h = &items(&hits)[0];
    let units: Vec<u16> = h["snippet"].as_str().unwrap().encode_utf16().collect();
    let r = &h["highlights"][0];
    let word = String::from_utf16(&units[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize]).unwrap();
    assert_eq!(word.to_lowercase(), "natanz");
}

/// UTF-16 length of the text before quote `q` (by its first occurrence).
fn cut_len(text: &str, q: &Value) -> usize {
    let at = text.find(q["text"].as_str().unwrap()).unwrap();
    text[..at].encode_utf16().count()
}

#[tokio::test]
async fn errors_are_json_with_the_right_status() {
    let st = examples_state();
    for (method, uri, want, kind, says) in [
        (Method::GET, "/api/events?since=2025-13-01", 400, "bad_parameter", "parameter 'since'"),
        (Method::GET, "/api/events?speaker=x", 400, "bad_parameter", "'speaker' is not a parameter of /api/events"),
        (Method::GET, "/api/events?cursor=abc", 400, "bad_parameter", "parameter 'cursor'"),
        (Method::GET, "/api/status?x=1", 400, "bad_parameter", "'x' is not a parameter of /api/status"),
        (Method::GET, "/api/nope", 404, "not_found", "API endpoint /api/nope"),
        (Method::POST, "/api/events", 405, "method_not_allowed", "POST is not allowed on /api/events"),
        (Method::DELETE, "/api/articles", 405, "method_not_allowed", "DELETE"),
    ] {
        let r = call(&st, method.clone(), uri, None).await;
        assert_eq!(r.status.as_u16(), want, "{method} {uri}: {}", r.json);
        assert_eq!(r.json["error"], kind, "{uri}");
        assert!(r.json["message"].as_str().unwrap().contains(says), "{uri}: {}", r.json);
    }
}

#[tokio::test]
async fn posting_articles_ingests_and_analyses() {
    let st = AppState::with_body_limit(Box::new(SqliteStore::in_memory().unwrap()), 4096);
    let text = "Israeli jets struck a missile base near Tabriz on Saturday, the army said. \
                Iran's foreign minister said Tehran would respond.";
    let rec = json!({"id": "tabriz", "title": "Strike near Tabriz", "published": "2025-06-14", "text": text});
    let post = |ct: &'static str, body: Vec<u8>, uri: &'static str| {
        let st = st.clone();
        async move { call(&st, Method::POST, uri, Some((ct, body))).await }
    };
    let r = post("application/json", rec.to_string().into_bytes(), "/api/articles").await;
    assert_eq!((r.status, r.json["outcome"].as_str()), (StatusCode::CREATED, Some("new")), "{}", r.json);
    assert!(r.json["events"].as_u64().unwrap() >= 1, "{}", r.json);
    let again = post("application/json; charset=utf-8", rec.to_string().into_bytes(), "/api/articles").await;
    assert_eq!((again.status, again.json["outcome"].as_str()), (StatusCode::OK, Some("duplicate")));
    let events = get(&st, "/api/events?actor=ISR").await.json;
    assert_eq!(items(&events)[0]["article_id"], "tabriz");
    let in_stories = |v: Value| items(&v).iter().map(|s| s["articles"].as_u64().unwrap()).sum::<u64>();
    assert_eq!(in_stories(get(&st, "/api/stories").await.json), 1);

    let html = "<html><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>\
                <p>Omani mediators said on Sunday that talks between Iran and the United States would resume in Muscat next week.</p>\
                </article></body></html>";
    let r = post(
        "text/html",
        html.as_bytes().to_vec(),
        "/api/articles?url=https://news.example/talks&published=2025-06-15",
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let id = r.json["article_id"].as_str().unwrap().to_string();
    let a = get(&st, &format!("/api/articles/{id}")).await.json;
    assert_eq!(a["url"], "https://news.example/talks");
    assert_eq!(a["title"], "Talks resume");
    assert_eq!(a["published"], "2025-06-15");
    assert_eq!(in_stories(get(&st, "/api/stories").await.json), 2, "stories follow what is stored");

    for (ct, body, uri, status, says) in [
        ("application/json", b"{\"text\": ".to_vec(), "/api/articles", 400, "JSON body, line 1"),
        ("application/json", b"[1]".to_vec(), "/api/articles", 400, "must be one object"),
        ("application/json", b"{\"title\": \"no text\"}".to_vec(), "/api/articles", 400, "text"),
        ("application/json", rec.to_string().into_bytes(), "/api/articles?id=x", 400, "'id' is not a parameter"),
        ("text/plain", b"Some text".to_vec(), "/api/articles?author=x", 400, "'author' is not a parameter"),
        ("text/plain", vec![b'a', 0xff, b'b'], "/api/articles", 400, "not UTF-8 at byte 1"),
        ("text/plain", Vec::new(), "/api/articles", 400, "body is empty"),
        ("application/pdf", b"%PDF".to_vec(), "/api/articles", 415, "'application/pdf' is not accepted"),
        ("text/plain", vec![b'a'; 5000], "/api/articles", 413, "limit of 4096 bytes"),
    ] {
        let r = post(ct, body, uri).await;
        assert_eq!(r.status.as_u16(), status, "{ct} {uri}: {}", r.json);
        assert!(r.json["message"].as_str().unwrap().contains(says), "{ct} {uri}: {}", r.json);
        conforms(&r, "post", "/api/articles", uri);
    }
}

#[tokio::test]
async fn storage_failures_leak_nothing() {
    let dir = std::env::temp_dir().join(format!("sitrep-server-broken-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.db");
    let st = AppState::new(Box::new(SqliteStore::open(&path).unwrap()));
    rusqlite::Connection::open(&path).unwrap().execute_batch("DROP TABLE claims").unwrap();
    let r = get(&st, "/api/claims").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(r.json, json!({"error": "internal", "message": "internal error"}));
    conforms(&r, "get", "/api/claims", "/api/claims");
    // The server goes on answering.
    assert_eq!(get(&st, "/api/status").await.status, StatusCode::OK);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn the_ui_is_served() {
    let st = AppState::new(Box::new(SqliteStore::in_memory().unwrap()));
    for uri in ["/", "/story/abc"] {
        let r = get(&st, uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert!(r.content_type.starts_with("text/html"), "{uri}: {}", r.content_type);
        assert!(r.json.as_str().unwrap().contains("<title>sitrep"), "{uri}");
    }
    assert_eq!(get(&st, "/assets/missing-0000.js").await.status, StatusCode::NOT_FOUND);
}
