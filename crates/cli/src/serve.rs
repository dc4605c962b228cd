//! `sitrep serve`: the HTTP API and web UI over a store, on loopback.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::args::DbArgs;

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on: loopback only until access tokens exist (port 0 picks a free one).
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open()?;
    let state = sitrep_server::AppState::new(store);
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the runtime")?;
    let db = args.db.db.clone();
    runtime.block_on(sitrep_server::serve(state, args.addr, |bound| {
        // Scripts (and the browser tests) read this line for the bound port.
        eprintln!("sitrep: serving {db} at http://{bound}/ (Ctrl-C stops)");
    }))?;
    Ok(ExitCode::SUCCESS)
}
