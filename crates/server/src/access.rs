//! Who may use the API: bearer tokens, and a rate limit per token. A layer over
//! [`crate::router`]'s application, so the handlers know nothing of it.
//!
//! Policy (checked once, when the server starts, by [`Access::check_bind`]):
//! - On loopback with no tokens configured the API is open, as for one analyst on their own
//!   machine.
//! - On any other address the server refuses to start unless both a read and a write token
//!   are set: there is no "open to the network" mode.
//! - With tokens, every `/api` request needs `Authorization: Bearer <token>`. Reading (GET,
//!   HEAD) takes the read or the write token; anything else (POST) the write token only.
//!   The UI's static files carry no data and stay public.
//! - Each token may make `rate` requests per second, with bursts of `burst`; past that the
//!   answer is 429 with `Retry-After`.
//!
//! Deliberately absent: user accounts, token storage (tokens come from flags or the
//! environment), per-client limits without tokens, TLS (put a proxy in front for that).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// Requests per second per token, and the burst allowed above that, unless configured.
pub const DEFAULT_RATE: f64 = 50.0;
pub const DEFAULT_BURST: f64 = 100.0;

/// The access policy, validated once: build it, [`Access::check_bind`] the address, then
/// [`Access::layer`] the router.
#[derive(Debug)]
pub struct Access {
    read_token: Option<String>,
    write_token: Option<String>,
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<Role, Bucket>>,
}

/// What a request's token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    Read,
    Write,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// A policy that cannot work, or cannot be used on the address asked for.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AccessError {
    #[error(
        "refusing to listen on {0} without access tokens: set --read-token and --write-token (or SITREP_READ_TOKEN and SITREP_WRITE_TOKEN), or listen on loopback"
    )]
    TokensRequired(SocketAddr),
    #[error("the {0} token is too short: use at least 16 characters")]
    WeakToken(&'static str),
    #[error("the read and write tokens must differ")]
    SameTokens,
    #[error("--rate-limit must be a positive number of requests per second, not {0}")]
    BadRate(f64),
}

impl Access {
    /// A policy with these tokens (`None` or empty: not set) and `rate` requests per second
    /// per token, bursts up to twice that.
    pub fn new(read_token: Option<String>, write_token: Option<String>, rate: f64) -> Result<Self, AccessError> {
        let clean = |t: Option<String>| t.filter(|t| !t.is_empty());
        let (read_token, write_token) = (clean(read_token), clean(write_token));
        for (name, t) in [("read", &read_token), ("write", &write_token)] {
            if t.as_ref().is_some_and(|t| t.chars().count() < 16) {
                return Err(AccessError::WeakToken(name));
            }
        }
        if read_token.is_some() && read_token == write_token {
            return Err(AccessError::SameTokens);
        }
        if !(rate > 0.0 && rate.is_finite()) {
            return Err(AccessError::BadRate(rate));
        }
        Ok(Access { read_token, write_token, rate, burst: (rate * 2.0).max(1.0), buckets: Mutex::default() })
    }

    /// No tokens: the open policy, for loopback only.
    pub fn open() -> Self {
        Access {
            read_token: None,
            write_token: None,
            rate: DEFAULT_RATE,
            burst: DEFAULT_BURST,
            buckets: Mutex::default(),
        }
    }

    fn enforced(&self) -> bool {
        self.read_token.is_some() || self.write_token.is_some()
    }

    /// Whether the server may listen on `addr` under this policy.
    pub fn check_bind(&self, addr: SocketAddr) -> Result<(), AccessError> {
        if addr.ip().is_loopback() || (self.read_token.is_some() && self.write_token.is_some()) {
            Ok(())
        } else {
            Err(AccessError::TokensRequired(addr))
        }
    }

    /// `app` behind this policy.
    pub fn layer(self: Arc<Self>, app: Router) -> Router {
        app.layer(middleware::from_fn_with_state(self, guard))
    }

    /// The role a presented token grants, if any. Compared in constant time.
    fn role(&self, presented: &str) -> Option<Role> {
        if self.write_token.as_deref().is_some_and(|t| same(t, presented)) {
            Some(Role::Write)
        } else if self.read_token.as_deref().is_some_and(|t| same(t, presented)) {
            Some(Role::Read)
        } else {
            None
        }
    }

    /// Take one request from the token's bucket; `Err(wait)` when it is empty.
    fn take(&self, role: Role, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let b = buckets.entry(role).or_insert(Bucket { tokens: self.burst, at: now });
        let refill = now.saturating_duration_since(b.at).as_secs_f64() * self.rate;
        b.tokens = (b.tokens + refill).min(self.burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - b.tokens) / self.rate))
        }
    }
}

/// Equal strings, in time that depends only on the lengths.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn guard(State(access): State<Arc<Access>>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if !access.enforced() || !(path == "/api" || path.starts_with("/api/")) {
        return next.run(req).await;
    }
    let reading = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    let Some(presented) = presented else {
        return unauthorized("this API needs a token: send Authorization: Bearer <token>");
    };
    let Some(role) = access.role(presented) else {
        return unauthorized("the token is not valid");
    };
    if !reading && role != Role::Write {
        return ApiError::Forbidden(format!("{} {} needs the write token", req.method(), path)).into_response();
    }
    if let Err(wait) = access.take(role, Instant::now()) {
        let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
        let mut r =
            ApiError::RateLimited(format!("too many requests with this token: at most {} per second", access.rate))
                .into_response();
        r.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        return r;
    }
    next.run(req).await
}

fn unauthorized(message: &str) -> Response {
    let mut r = ApiError::Unauthorized(message.to_string()).into_response();
    r.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_is_validated_once() {
        let t = |s: &str| Some(s.to_string());
        assert_eq!(Access::new(t("short"), None, 5.0).unwrap_err(), AccessError::WeakToken("read"));
        let same_tokens = Access::new(t("0123456789abcdef"), t("0123456789abcdef"), 5.0).unwrap_err();
        assert_eq!(same_tokens, AccessError::SameTokens);
        assert_eq!(Access::new(None, None, 0.0).unwrap_err(), AccessError::BadRate(0.0));
        let public: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        let local: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        assert!(Access::open().check_bind(local).is_ok());
        assert_eq!(Access::open().check_bind(public), Err(AccessError::TokensRequired(public)));
        let read_only = Access::new(t("read-token-0123456789"), None, 5.0).unwrap();
        assert!(read_only.check_bind(public).is_err(), "both tokens are needed off loopback");
        let both = Access::new(t("read-token-0123456789"), t("write-token-0123456789"), 5.0).unwrap();
        assert!(both.check_bind(public).is_ok());
        assert_eq!(both.role("write-token-0123456789"), Some(Role::Write));
        assert_eq!(both.role("read-token-0123456789"), Some(Role::Read));
        assert_eq!(both.role("read-token-012345678"), None);
    }

    #[test]
    fn buckets_refill_at_the_rate() {
        let a = Access::new(Some("read-token-0123456789".into()), None, 2.0).unwrap();
        let t0 = Instant::now();
        for _ in 0..4 {
            assert!(a.take(Role::Read, t0).is_ok(), "burst of twice the rate");
        }
        let wait = a.take(Role::Read, t0).unwrap_err();
        assert!((wait.as_secs_f64() - 0.5).abs() < 1e-6, "{wait:?}");
        assert!(a.take(Role::Read, t0 + Duration::from_millis(500)).is_ok(), "one more after 1/rate seconds");
        assert!(a.take(Role::Write, t0).is_ok(), "each token has its own bucket");
    }
}
