//! `sitrep serve` as a process: it binds loopback only, reports the address it bound, and
//! answers the API over a real socket.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn refuses_addresses_beyond_loopback() {
    let dir = scratch("refuse");
    let db = dir.join("s.db");
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["serve", "--db", db.to_str().unwrap(), "--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("refusing to listen on 0.0.0.0:0") && err.contains("loopback"), "{err}");
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep")).args(["serve", "--addr", "localhost"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "an address without a port is a usage error");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn serves_the_api_on_the_port_it_reports() {
    let dir = scratch("run");
    let db = dir.join("s.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["serve", "--db", db.to_str().unwrap(), "--addr", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let line = lines.next().expect("a first line").unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in '{line}'"))
        .to_string();
    let get = |path: &str| -> String {
        let mut s = TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    };
    let status = get("/api/status");
    let _ = child.kill();
    let _ = child.wait();
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert!(status.contains("\"schema_version\":") && status.contains("\"articles\":0"), "{status}");
    let _ = std::fs::remove_dir_all(&dir);
}
