//! `sitrep serve`: the HTTP JSON API over a store and the analyst's web UI, whose built
//! assets (`web/dist`) are embedded in the binary.
//!
//! Shape: [`router`] builds the whole application from an [`AppState`]; handlers live in
//! [`api`], parameter parsing in [`params`], errors become status codes in one place
//! ([`error`]), offsets become UTF-16 at this edge only ([`utf16`]). The store is synchronous,
//! so each request runs its queries on a blocking thread behind one lock.
//!
//! Access control (tokens, rate limits, the loopback rule) is a layer over [`router`]'s
//! result, kept in [`access`]; [`serve`] applies it.

pub mod access;
pub mod api;
mod assets;
pub mod error;
pub mod ingest;
pub mod params;
pub mod stories;
pub mod utf16;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use axum::routing::{any, get};
use sitrep_extract::Pipeline;
use sitrep_store::Store;

use crate::error::ApiError;

/// The OpenAPI 3.1 document served at `/api/openapi.json`; the API tests validate every
/// response against it.
pub const OPENAPI: &str = include_str!("openapi.json");

/// What every request shares.
pub struct AppState {
    pub store: Mutex<Box<dyn Store>>,
    pipeline_cell: OnceLock<Pipeline>,
    /// The situation across stored articles, recomputed when the store changes.
    pub stories: stories::Cache,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
}

impl AppState {
    pub fn new(store: Box<dyn Store>) -> Arc<Self> {
        Self::with_body_limit(store, sitrep_ingest::DEFAULT_MAX_ARTICLE_BYTES)
    }

    /// With a request body limit other than the default (the article size limit of ingest).
    pub fn with_body_limit(store: Box<dyn Store>, max_body: usize) -> Arc<Self> {
        Arc::new(AppState {
            store: Mutex::new(store),
            pipeline_cell: OnceLock::new(),
            stories: stories::Cache::default(),
            max_body,
        })
    }

    /// The analysis pipeline, built on first use (reading the API never needs it).
    pub fn pipeline(&self) -> &Pipeline {
        self.pipeline_cell.get_or_init(Pipeline::new)
    }
}

/// The store, even after a request panicked while holding it: a panic never leaves a
/// transaction half-applied (SQLite rolls it back), so the data behind the lock is sound.
pub(crate) fn lock(store: &Mutex<Box<dyn Store>>) -> MutexGuard<'_, Box<dyn Store>> {
    store.lock().unwrap_or_else(|p| p.into_inner())
}

/// Run `f` against the store on a blocking thread. A panic becomes a logged internal error
/// for this request only.
pub(crate) async fn blocking<T: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&dyn Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let store = lock(&state.store);
        f(store.as_ref())
    })
    .await
    .map_err(|e| ApiError::internal("request panicked", e))?
}

/// The whole application: API routes, JSON errors for everything else under `/api`, and
/// the UI for any other path.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/api/status", get(api::status))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/articles", get(api::articles).post(api::post_article))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/articles/{id}/analysis", get(api::article_analysis))
        .route("/api/analyses/{version_id}", get(api::analysis))
        .route("/api/events", get(api::events))
        .route("/api/quotes", get(api::quotes))
        .route("/api/claims", get(api::claims))
        .route("/api/actors", get(api::actors))
        .route("/api/places", get(api::places))
        .route("/api/search", get(api::search))
        .route("/api/stories", get(api::stories))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/merged-events", get(api::merged_events))
        .route("/api/contradictions", get(api::contradictions))
        .route("/api/watchlist", get(api::watchlist))
        .route("/api/escalation", get(api::escalation))
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .fallback(assets::serve)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(state.max_body))
        .with_state(state)
}

async fn api_not_found(uri: Uri) -> ApiError {
    ApiError::NotFound(format!("API endpoint {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::MethodNotAllowed { method: method.to_string(), path: uri.path().to_string() }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// Tokens missing for a non-loopback address, or an unusable policy.
    #[error(transparent)]
    Access(#[from] access::AccessError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// [`serve_with`] the open policy: loopback only, no tokens.
pub async fn serve(state: Arc<AppState>, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    serve_with(state, addr, access::Access::open(), ready).await
}

/// Bind `addr` (loopback, or any address when `access` has both tokens), report the address
/// actually bound through `ready` (port 0 picks a free one), and serve until Ctrl-C.
pub async fn serve_with(
    state: Arc<AppState>,
    addr: SocketAddr,
    access: access::Access,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    access.check_bind(addr)?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| ServeError::Bind { addr, source })?;
    ready(listener.local_addr()?);
    axum::serve(listener, Arc::new(access).layer(router(state)))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
