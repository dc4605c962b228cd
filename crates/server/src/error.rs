//! Every error the API answers with, and the one place they become status codes. The body is
//! always JSON `{error, message}`: `error` a stable machine-readable kind, `message` for a
//! person, naming the parameter or input at fault. Internal failures (storage, a panic) are
//! logged in full on standard error and answered with a bare "internal error": nothing about
//! files, SQL or code reaches the client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sitrep_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A query or path parameter that does not parse or does not apply.
    #[error("{0}")]
    BadParameter(String),
    /// A request body that cannot be read as an article.
    #[error("{0}")]
    BadBody(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{method} is not allowed on {path}")]
    MethodNotAllowed { method: String, path: String },
    #[error("request body is larger than the limit of {0} bytes")]
    TooLarge(usize),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// No token, or one that is not valid (see `access`).
    #[error("{0}")]
    Unauthorized(String),
    /// A valid token that does not allow this request (a read token on a write route).
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    RateLimited(String),
    /// Logged where it happened; the client learns nothing more.
    #[error("internal error")]
    Internal,
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    message: String,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadParameter(_) | ApiError::BadBody(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            ApiError::BadParameter(_) => "bad_parameter",
            ApiError::BadBody(_) => "bad_body",
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::TooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::RateLimited(_) => "rate_limited",
            ApiError::Internal => "internal",
        }
    }

    /// Log an internal failure with its detail and hide it from the client.
    pub fn internal(context: &str, detail: impl std::fmt::Display) -> Self {
        eprintln!("sitrep serve: {context}: {detail}");
        ApiError::Internal
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => ApiError::NotFound(what),
            other => ApiError::internal("storage", other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body { error: self.kind(), message: self.to_string() };
        (self.status(), Json(body)).into_response()
    }
}
