//! The JSON handlers. Each parses its parameters once ([`crate::params`]), runs its store
//! query on a blocking thread, and answers with a row list in the `{items, next_cursor}`
//! envelope or one object. Documents go out with UTF-16 offsets ([`crate::utf16`]).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use sitrep_ingest::{Format, InputError, Origin};
use sitrep_store::{Filter, Store, VersionRow};

use crate::error::ApiError;
use crate::params::{self, ListQuery};
use crate::{AppState, blocking, stories, utf16};

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The list envelope every collection answers with.
#[derive(Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

fn pairs(q: Pairs) -> Result<Vec<(String, String)>, ApiError> {
    q.map(|Query(p)| p).map_err(|e| ApiError::BadParameter(format!("query string does not parse: {}", e.body_text())))
}

/// Parse a list request and resolve its story to an article set.
fn list_query(q: Pairs, allowed: &[&str], path: &str) -> Result<ListQuery, ApiError> {
    params::parse(&pairs(q)?, allowed, path)
}

/// Run a paged store query.
async fn list<T: Serialize + Send + 'static>(
    state: Arc<AppState>,
    q: ListQuery,
    query: fn(&dyn Store, &Filter) -> sitrep_store::Result<Vec<T>>,
) -> Result<Json<Page<T>>, ApiError> {
    let st = state.clone();
    blocking(&state, move |s| {
        let mut q = q;
        stories::narrow(&mut q, &st.stories, s)?;
        let rows = query(s, &q.page_filter())?;
        let (items, next_cursor) = q.page(rows);
        Ok(Json(Page { items, next_cursor }))
    })
    .await
}

const EVENT_PARAMS: &[&str] = &["since", "until", "actor", "dyad", "code", "story", "q", "cursor", "limit"];
const ARTICLE_PARAMS: &[&str] = EVENT_PARAMS;
const TEXT_PARAMS: &[&str] = &["since", "until", "actor", "story", "q", "cursor", "limit"];
const PLACE_PARAMS: &[&str] = &["since", "until", "story", "q", "cursor", "limit"];

pub async fn articles(State(st): State<Arc<AppState>>, q: Pairs) -> Result<impl IntoResponse, ApiError> {
    list(st, list_query(q, ARTICLE_PARAMS, "/api/articles")?, |s, f| s.article_list(f)).await
}

pub async fn events(State(st): State<Arc<AppState>>, q: Pairs) -> Result<impl IntoResponse, ApiError> {
    list(st, list_query(q, EVENT_PARAMS, "/api/events")?, |s, f| s.events(f)).await
}

pub async fn quotes(State(st): State<Arc<AppState>>, q: Pairs) -> Result<impl IntoResponse, ApiError> {
    let mut q = list_query(q, TEXT_PARAMS, "/api/quotes")?;
    // A quote's actor is its speaker.
    q.filter.speaker = q.filter.actor.take();
    list(st, q, |s, f| s.quotes(f)).await
}

pub async fn claims(State(st): State<Arc<AppState>>, q: Pairs) -> Result<impl IntoResponse, ApiError> {
    list(st, list_query(q, TEXT_PARAMS, "/api/claims")?, |s, f| s.claims(f)).await
}

pub async fn actors(State(st): State<Arc<AppState>>, q: Pairs) -> Result<impl IntoResponse, ApiError> {
    list(st, list_query(q, TEXT_PARAMS, "/api/actors")?, |s, f| s.actors(f)).await
}

pub async fn places(State(st): State<Arc<AppState>>, q: Pairs) -> Result<impl IntoResponse, ApiError> {
    list(st, list_query(q, PLACE_PARAMS, "/api/places")?, |s, f| s.places(f)).await
}

/// A search hit as the browser gets it: the snippet clean, the matches as UTF-16 ranges.
#[derive(Serialize)]
pub struct Hit {
    pub article_id: String,
    pub version_id: i64,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub snippet: String,
    pub highlights: Vec<[u32; 2]>,
    pub score: f64,
}

pub async fn search(State(st): State<Arc<AppState>>, q: Pairs) -> Result<impl IntoResponse, ApiError> {
    let q = list_query(q, ARTICLE_PARAMS, "/api/search")?;
    if q.filter.q.is_none() {
        return Err(ApiError::BadParameter("parameter 'q' is required for /api/search".into()));
    }
    let state = st.clone();
    blocking(&st, move |s| {
        let mut q = q;
        stories::narrow(&mut q, &state.stories, s)?;
        let (hits, next_cursor) = q.page(s.search(&q.page_filter())?);
        let items = hits
            .into_iter()
            .map(|h| {
                let (snippet, highlights) = utf16::split_marks(&h.snippet);
                Hit {
                    article_id: h.article_id,
                    version_id: h.version_id,
                    title: h.title,
                    url: h.url,
                    outlet: h.outlet,
                    published: h.published,
                    snippet,
                    highlights,
                    score: h.score,
                }
            })
            .collect();
        Ok(Json(Page { items, next_cursor }))
    })
    .await
}

/// One article with its versions.
#[derive(Serialize)]
pub struct ArticleDetail {
    #[serde(flatten)]
    pub article: sitrep_store::ArticleRow,
    pub version_list: Vec<VersionRow>,
}

pub async fn article(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    q: Pairs,
) -> Result<impl IntoResponse, ApiError> {
    params::parse(&pairs(q)?, &[], "/api/articles/{id}")?;
    blocking(&st, move |s| {
        let article = s.article(&id)?.ok_or_else(|| ApiError::NotFound(format!("article '{id}'")))?;
        let version_list = s.versions(&id)?;
        Ok(Json(ArticleDetail { article, version_list }))
    })
    .await
}

/// A stored document as JSON with UTF-16 offsets, marked so a client can tell.
fn browser_document(doc: &sitrep_model::Document, version_id: i64) -> Result<Value, ApiError> {
    let mut v = serde_json::to_value(doc).map_err(|e| ApiError::internal("serialize document", e))?;
    utf16::convert_document(&mut v, &doc.article.text);
    if let Value::Object(o) = &mut v {
        o.insert("offsets".into(), "utf16".into());
        o.insert("version_id".into(), version_id.into());
    }
    Ok(v)
}

pub async fn article_analysis(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    q: Pairs,
) -> Result<impl IntoResponse, ApiError> {
    params::parse(&pairs(q)?, &[], "/api/articles/{id}/analysis")?;
    blocking(&st, move |s| {
        let article = s.article(&id)?.ok_or_else(|| ApiError::NotFound(format!("article '{id}'")))?;
        let vid = article.current_version.ok_or_else(|| ApiError::NotFound(format!("analysis of article '{id}'")))?;
        let doc = s.document(vid)?.ok_or_else(|| ApiError::NotFound(format!("analysis of article '{id}'")))?;
        Ok(Json(browser_document(&doc, vid)?))
    })
    .await
}

pub async fn analysis(
    State(st): State<Arc<AppState>>,
    Path(version): Path<String>,
    q: Pairs,
) -> Result<impl IntoResponse, ApiError> {
    params::parse(&pairs(q)?, &[], "/api/analyses/{version_id}")?;
    let vid: i64 = version
        .parse()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| ApiError::BadParameter(format!("version id '{version}' is not a positive whole number")))?;
    blocking(&st, move |s| {
        let doc = s.document(vid)?.ok_or_else(|| ApiError::NotFound(format!("analysis of version {vid}")))?;
        Ok(Json(browser_document(&doc, vid)?))
    })
    .await
}

#[derive(Serialize)]
pub struct Status {
    pub version: &'static str,
    pub backend: &'static str,
    pub schema_version: u32,
    pub counts: sitrep_store::Counts,
}

pub async fn status(State(st): State<Arc<AppState>>, q: Pairs) -> Result<impl IntoResponse, ApiError> {
    params::parse(&pairs(q)?, &[], "/api/status")?;
    blocking(&st, |s| {
        Ok(Json(Status {
            version: env!("CARGO_PKG_VERSION"),
            backend: s.backend(),
            schema_version: s.schema_version()?,
            counts: s.counts()?,
        }))
    })
    .await
}

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], crate::OPENAPI)
}

/// Query parameters `POST /api/articles` takes with an HTML or text body (a JSON body
/// carries them as fields).
const POST_PARAMS: &[&str] = &["id", "url", "title", "published", "source"];

/// `POST /api/articles`: a JSON record `{id, url, title, published, source, text | html}` (the
/// JSONL input format, one record), or an HTML page or plain text as the body with its
/// metadata in the query string. Answers 201 with what was stored, 200 for a duplicate.
pub async fn post_article(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    q: Pairs,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|e| match e {
        BytesRejection::FailedToBufferBody(_) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::TooLarge(st.max_body)
        }
        other => ApiError::BadBody(format!("cannot read request body: {}", other.body_text())),
    })?;
    if body.is_empty() {
        return Err(ApiError::BadBody("request body is empty: send an article as JSON, HTML or text".into()));
    }
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .unwrap_or_default();
    let pairs = pairs(q)?;
    let record = match ctype.as_str() {
        "application/json" => {
            if let Some((k, _)) = pairs.first() {
                return Err(ApiError::BadParameter(format!(
                    "'{k}' is not a parameter of POST /api/articles with a JSON body; put it in the record"
                )));
            }
            let v: Value = serde_json::from_slice(&body)
                .map_err(|e| ApiError::BadBody(format!("JSON body, line {} column {}: {e}", e.line(), e.column())))?;
            if !v.is_object() {
                return Err(ApiError::BadBody(
                    "JSON body must be one object {id, url, title, published, source, text | html}".into(),
                ));
            }
            v
        }
        "text/html" | "text/plain" => {
            let text = std::str::from_utf8(&body).map_err(|e| {
                ApiError::BadBody(format!("body is not UTF-8 at byte {}: send UTF-8 or a JSON record", e.valid_up_to()))
            })?;
            let mut o = serde_json::Map::new();
            for (k, v) in &pairs {
                if !POST_PARAMS.contains(&k.as_str()) {
                    return Err(ApiError::BadParameter(format!(
                        "'{k}' is not a parameter of POST /api/articles; it takes {}",
                        POST_PARAMS.join(", ")
                    )));
                }
                o.insert(k.clone(), Value::from(v.clone()));
            }
            let field = if ctype == "text/html" { "html" } else { "text" };
            o.insert(field.into(), Value::from(text));
            Value::Object(o)
        }
        "" => {
            return Err(ApiError::UnsupportedMediaType(
                "Content-Type is missing: send application/json, text/html or text/plain".into(),
            ));
        }
        other => {
            return Err(ApiError::UnsupportedMediaType(format!(
                "Content-Type '{other}' is not accepted: send application/json, text/html or text/plain"
            )));
        }
    };
    // One line of the JSONL input format: the same reader, checks and messages as ingest.
    let line = serde_json::to_vec(&record).map_err(|e| ApiError::internal("re-encode record", e))?;
    let mut items = sitrep_ingest::read_bytes(Origin::file("request"), Format::Jsonl, &line);
    let input = match items.pop() {
        Some(Ok(input)) if items.is_empty() => input,
        Some(Err(e)) => return Err(ApiError::BadBody(describe(&e))),
        _ => return Err(ApiError::BadBody("body holds no article".into())),
    };
    let state = st.clone();
    let done = tokio::task::spawn_blocking(move || crate::ingest::ingest(&state.store, state.pipeline(), input))
        .await
        .map_err(|e| ApiError::internal("ingest panicked", e))??;
    let status = if done.outcome == "duplicate" { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(done)).into_response())
}

fn describe(e: &InputError) -> String {
    // The origin is our own "request:1"; the message names the field.
    e.message.clone()
}

/// A story in the list: its size and span, without its contents.
#[derive(Serialize)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    pub articles: usize,
    pub events: usize,
    pub contradictions: usize,
    pub open_watch_items: usize,
    pub first: Option<String>,
    pub last: Option<String>,
    /// The most mentioned actors' names, up to five.
    pub actors: Vec<String>,
}

const STORY_PARAMS: &[&str] = &["since", "until", "actor", "q", "cursor", "limit"];

fn count(v: &Value, field: &str) -> usize {
    v[field].as_array().map_or(0, Vec::len)
}

pub async fn stories(State(st): State<Arc<AppState>>, q: Pairs) -> Result<impl IntoResponse, ApiError> {
    let q = list_query(q, STORY_PARAMS, "/api/stories")?;
    let state = st.clone();
    blocking(&st, move |s| {
        let all = state.stories.get(s)?;
        let f = &q.filter;
        let rows: Vec<Value> = all
            .iter()
            .filter(|e| {
                let j = &e.json;
                let (first, last) = (j["first"].as_str(), j["last"].as_str());
                let overlaps = f.since.as_deref().is_none_or(|d| last.is_some_and(|l| l >= d))
                    && f.until.as_deref().is_none_or(|d| first.is_some_and(|x| x.get(..10).unwrap_or(x) <= d));
                let actor = f.actor.as_deref().is_none_or(|who| {
                    j["actors"].as_array().into_iter().flatten().any(|a| stories::actor_matches(&a["actor"], who))
                });
                let words = f.q.as_deref().is_none_or(|w| stories::has_words(j["title"].as_str().unwrap_or(""), w));
                overlaps && actor && words
            })
            .map(|e| {
                let j = &e.json;
                let summary = StorySummary {
                    id: e.id.clone(),
                    title: j["title"].as_str().unwrap_or_default().to_string(),
                    articles: e.articles.len(),
                    events: count(j, "events"),
                    contradictions: count(j, "contradictions"),
                    open_watch_items: j["watchlist"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|w| w["status"] == "open")
                        .count(),
                    first: j["first"].as_str().map(String::from),
                    last: j["last"].as_str().map(String::from),
                    actors: j["actors"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .take(5)
                        .filter_map(|a| a["actor"]["name"].as_str().map(String::from))
                        .collect(),
                };
                serde_json::to_value(summary).unwrap_or(Value::Null)
            })
            .collect();
        let (items, next_cursor) = stories::page(&q, rows);
        Ok(Json(Page { items, next_cursor }))
    })
    .await
}

pub async fn story(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    q: Pairs,
) -> Result<impl IntoResponse, ApiError> {
    params::parse(&pairs(q)?, &[], "/api/stories/{id}")?;
    let state = st.clone();
    blocking(&st, move |s| {
        let all = state.stories.get(s)?;
        let mut json = stories::find(&all, &id)?.json.clone();
        if let Value::Object(o) = &mut json {
            o.insert("offsets".into(), "utf16".into());
        }
        Ok(Json(json))
    })
    .await
}

/// A list drawn from the stories' JSON: `field` of each chosen story, kept where `keep` says.
async fn story_list(
    st: Arc<AppState>,
    q: Pairs,
    allowed: &[&str],
    path: &str,
    field: &'static str,
    keep: fn(&Value, &Filter) -> bool,
) -> Result<Json<Page<Value>>, ApiError> {
    let q = list_query(q, allowed, path)?;
    let state = st.clone();
    blocking(&st, move |s| {
        let all = state.stories.get(s)?;
        let rows: Vec<Value> = stories::items(&all, &q, field)?.into_iter().filter(|v| keep(v, &q.filter)).collect();
        let (items, next_cursor) = stories::page(&q, rows);
        Ok(Json(Page { items, next_cursor }))
    })
    .await
}

fn side_matches(v: &Value, who: &str) -> bool {
    stories::actor_matches(v, who)
}

pub async fn merged_events(State(st): State<Arc<AppState>>, q: Pairs) -> Result<impl IntoResponse, ApiError> {
    const P: &[&str] = &["since", "until", "actor", "dyad", "code", "story", "q", "cursor", "limit"];
    story_list(st, q, P, "/api/merged-events", "events", |e, f| {
        stories::day_in(e["date"].as_str(), f)
            && f.actor.as_deref().is_none_or(|w| side_matches(&e["source"], w) || side_matches(&e["target"], w))
            && f.dyad.as_ref().is_none_or(|(a, b)| side_matches(&e["source"], a) && side_matches(&e["target"], b))
            && f.codes.as_ref().is_none_or(|c| stories::code_in(e["code"].as_str().unwrap_or(""), c))
            && f.q.as_deref().is_none_or(|w| stories::has_words(e["summary"].as_str().unwrap_or(""), w))
    })
    .await
}

pub async fn contradictions(State(st): State<Arc<AppState>>, q: Pairs) -> Result<impl IntoResponse, ApiError> {
    const P: &[&str] = &["since", "until", "actor", "story", "q", "cursor", "limit"];
    story_list(st, q, P, "/api/contradictions", "contradictions", |x, f| {
        let sides = x["sides"].as_array().cloned().unwrap_or_default();
        (f.since.is_none() && f.until.is_none() || sides.iter().any(|s| stories::day_in(s["date"].as_str(), f)))
            && f.actor.as_deref().is_none_or(|w| sides.iter().any(|s| side_matches(&s["actor"], w)))
            && f.q.as_deref().is_none_or(|w| stories::has_words(x["subject"].as_str().unwrap_or(""), w))
    })
    .await
}

pub async fn watchlist(State(st): State<Arc<AppState>>, q: Pairs) -> Result<impl IntoResponse, ApiError> {
    const P: &[&str] = &["since", "until", "actor", "code", "story", "q", "cursor", "limit"];
    story_list(st, q, P, "/api/watchlist", "watchlist", |w, f| {
        let when = w["due"].as_str().or(w["first_reported"].as_str());
        let actors = [&w["source"], &w["target"], &w["by"]]
            .into_iter()
            .chain(w["actors"].as_array().into_iter().flatten())
            .collect::<Vec<_>>();
        stories::day_in(when, f)
            && f.actor.as_deref().is_none_or(|who| actors.iter().any(|a| side_matches(a, who)))
            && f.codes.as_ref().is_none_or(|c| stories::code_in(w["code"].as_str().unwrap_or(""), c))
            && f.q.as_deref().is_none_or(|q| stories::has_words(w["summary"].as_str().unwrap_or(""), q))
    })
    .await
}

pub async fn escalation(State(st): State<Arc<AppState>>, q: Pairs) -> Result<impl IntoResponse, ApiError> {
    const P: &[&str] = &["since", "until", "dyad", "story", "cursor", "limit"];
    story_list(st, q, P, "/api/escalation", "escalation", |p, f| {
        stories::day_in(p["date"].as_str(), f)
            && f.dyad.as_ref().is_none_or(|(a, b)| {
                p["source"].as_str().is_some_and(|s| s.eq_ignore_ascii_case(a))
                    && p["target"].as_str().is_some_and(|t| t.eq_ignore_ascii_case(b))
            })
    })
    .await
}
