//! `sitrep serve`: the HTTP API and web UI over a store. Loopback by default; any other
//! address needs read and write tokens (`sitrep_server::access`).

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use sitrep_server::access::{Access, DEFAULT_RATE};

use crate::args::DbArgs;

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on (port 0 picks a free one). Anything but loopback needs both tokens.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Token that reading the API needs (`Authorization: Bearer ...`); else $SITREP_READ_TOKEN.
    #[arg(long, value_name = "TOKEN")]
    pub read_token: Option<String>,
    /// Token that posting articles needs (it also reads); else $SITREP_WRITE_TOKEN.
    #[arg(long, value_name = "TOKEN")]
    pub write_token: Option<String>,
    /// Requests per second allowed per token (bursts of twice that).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RATE)]
    pub rate_limit: f64,
    /// Largest request body accepted, in bytes (default: the article size limit).
    #[arg(long, value_name = "BYTES", default_value_t = sitrep_ingest::DEFAULT_MAX_ARTICLE_BYTES)]
    pub max_body: usize,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    // Flags win over the environment; the environment keeps tokens out of `ps`.
    let token = |flag: &Option<String>, var: &str| flag.clone().or_else(|| std::env::var(var).ok());
    let access = Access::new(
        token(&args.read_token, "SITREP_READ_TOKEN"),
        token(&args.write_token, "SITREP_WRITE_TOKEN"),
        args.rate_limit,
    )?;
    access.check_bind(args.addr)?;
    let store = args.db.open()?;
    let state = sitrep_server::AppState::with_body_limit(store, args.max_body);
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the runtime")?;
    let db = sitrep_store::pg::display_name(&args.db.db);
    runtime.block_on(sitrep_server::serve_with(state, args.addr, access, |bound| {
        // Scripts (and the browser tests) read this line for the bound port.
        eprintln!("sitrep: serving {db} at http://{bound}/ (Ctrl-C stops)");
    }))?;
    Ok(ExitCode::SUCCESS)
}
