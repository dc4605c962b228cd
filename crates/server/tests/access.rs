//! Access control through the whole application (router behind the access layer): no token,
//! a wrong token, a read token on a write route, the write token, an oversized body, the rate
//! limit, and the open loopback policy. Every refusal is JSON `{error, message}`.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::Value;
use sitrep_server::access::Access;
use sitrep_server::{AppState, router};
use sitrep_store::sqlite::SqliteStore;
use tower::ServiceExt;

const READ: &str = "read-token-for-tests-0001";
const WRITE: &str = "write-token-for-tests-0001";

fn app(rate: f64, max_body: usize) -> Router {
    let state = AppState::with_body_limit(Box::new(SqliteStore::in_memory().unwrap()), max_body);
    Arc::new(Access::new(Some(READ.into()), Some(WRITE.into()), rate).unwrap()).layer(router(state))
}

async fn call(app: &Router, method: Method, uri: &str, token: Option<&str>, body: &str) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "text/plain");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let res = app.clone().oneshot(req.body(Body::from(body.to_string())).unwrap()).await.unwrap();
    let status = res.status();
    let unauthorized = status == StatusCode::UNAUTHORIZED;
    let challenge = res.headers().get(header::WWW_AUTHENTICATE).is_some();
    assert_eq!(unauthorized, challenge, "401 and only 401 carries WWW-Authenticate");
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

const ARTICLE: &str = "Omani mediators said on Sunday that talks would resume in Muscat next week.";

#[tokio::test]
async fn tokens_guard_reading_and_writing() {
    let app = app(1000.0, 1 << 20);
    let (s, body) = call(&app, Method::GET, "/api/events", None, "").await;
    assert_eq!((s, body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorized")), "no token");
    let (s, body) = call(&app, Method::GET, "/api/events", Some("read-token-for-tests-0002"), "").await;
    assert_eq!((s, body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("unauthorized")), "wrong token");
    assert_eq!(call(&app, Method::GET, "/api/status", Some(READ), "").await.0, StatusCode::OK);
    assert_eq!(call(&app, Method::GET, "/api/events", Some(WRITE), "").await.0, StatusCode::OK, "write reads too");

    let (s, body) = call(&app, Method::POST, "/api/articles", Some(READ), ARTICLE).await;
    assert_eq!((s, body["error"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")), "read token on a write route");
    assert!(body["message"].as_str().unwrap().contains("write token"), "{body}");
    let (s, _) = call(&app, Method::POST, "/api/articles", None, ARTICLE).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, body) = call(&app, Method::POST, "/api/articles", Some(WRITE), ARTICLE).await;
    assert!(s.is_success(), "{s} {body}");
    let (_, list) = call(&app, Method::GET, "/api/articles", Some(READ), "").await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1), "the write landed: {list}");
    // The UI's files carry no data and stay public.
    assert_ne!(call(&app, Method::GET, "/", None, "").await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = app(1000.0, 1024);
    let big = "Talks resumed in Muscat. ".repeat(100);
    let (s, body) = call(&app, Method::POST, "/api/articles", Some(WRITE), &big).await;
    assert_eq!((s, body["error"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large")), "{body}");
    let (_, list) = call(&app, Method::GET, "/api/articles", Some(READ), "").await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "nothing stored");
}

#[tokio::test]
async fn each_token_is_rate_limited() {
    // 5 per second, bursts of 10: the 11th request in a row is refused, for that token only.
    let app = app(5.0, 1 << 20);
    for i in 0..10 {
        assert_eq!(call(&app, Method::GET, "/api/status", Some(READ), "").await.0, StatusCode::OK, "request {i}");
    }
    let req = Request::get("/api/status").header(header::AUTHORIZATION, format!("Bearer {READ}"));
    let res = app.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some("1"));
    assert_eq!(call(&app, Method::GET, "/api/status", Some(WRITE), "").await.0, StatusCode::OK, "other token");
    let (s, body) = call(&app, Method::GET, "/api/status", Some("not-a-token-at-all-000"), "").await;
    assert_eq!(
        (s, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized")),
        "bad tokens are not counted as limited"
    );
}

#[tokio::test]
async fn open_policy_on_loopback_and_refusal_elsewhere() {
    let state = AppState::new(Box::new(SqliteStore::in_memory().unwrap()));
    let open = Arc::new(Access::open()).layer(router(state.clone()));
    assert_eq!(call(&open, Method::GET, "/api/status", None, "").await.0, StatusCode::OK);
    let e = sitrep_server::serve(state, "0.0.0.0:0".parse().unwrap(), |_| {}).await.unwrap_err();
    assert!(e.to_string().starts_with("refusing to listen on 0.0.0.0:0 without access tokens"), "{e}");
}
