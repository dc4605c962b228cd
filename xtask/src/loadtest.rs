//! `cargo xtask loadtest`: a bounded loopback load test of `sitrep serve` — requests per second
//! and latency percentiles for the story and events endpoints — on a store of generated
//! articles, SQLite or PostgreSQL.
//!
//! The store is filled once (skipped when it already holds enough articles): a few hundred
//! distinct wire-style reports are analysed by the real pipeline, and each further article is
//! one of them with its own id and a closing reference line, stored with that analysis (the
//! spans still point into the text, which only grew at the end). The server is the release
//! `sitrep` binary, driven by plain HTTP/1.1 keep-alive clients on threads, so the figure is
//! the server's, not a client library's.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use sitrep_extract::Pipeline;
use sitrep_model::{Article, Published};
use sitrep_store::NewVersion;
use sitrep_story::dedup::Fingerprint;

#[derive(clap::Args, Debug)]
pub struct LoadArgs {
    /// The store: a SQLite file or a postgres:// URL (filled if it holds fewer articles).
    #[arg(long, default_value = "target/loadtest.db")]
    pub db: String,
    /// Articles the store must hold.
    #[arg(long, default_value_t = 10_000)]
    pub articles: usize,
    /// Seconds of load per endpoint.
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 8)]
    pub clients: usize,
    /// The sitrep binary to serve with (default: next to this xtask binary).
    #[arg(long)]
    pub sitrep: Option<PathBuf>,
}

const BASE: usize = 300;

/// Distinct short reports: who did what to whom where, with figures and a quote.
fn report(i: usize) -> Article {
    let who = [
        ("Iran", "Iranian"),
        ("Israel", "Israeli"),
        ("Saudi Arabia", "Saudi"),
        ("Qatar", "Qatari"),
        ("Oman", "Omani"),
        ("Lebanon", "Lebanese"),
        ("Iraq", "Iraqi"),
        ("Jordan", "Jordanian"),
    ];
    let (a, adj) = who[i % who.len()];
    let (b, _) = who[(i / 8 + 1 + i % 7) % who.len()];
    let acts = [
        "accused {b} of launching drones at",
        "said it had struck military targets in",
        "called for urgent talks with",
        "condemned the attack on",
        "threatened to retaliate against",
        "agreed to resume negotiations with",
        "expelled diplomats from",
        "sent aid convoys to",
    ];
    let act = acts[(i / 3) % acts.len()].replace("{b}", b);
    let places = ["Tehran", "Beirut", "Muscat", "Doha", "Baghdad", "Amman", "Riyadh", "Haifa"];
    let place = places[(i / 5) % places.len()];
    let day = 1 + i % 28;
    let n = 2 + (i * 37) % 90;
    let text = format!(
        "{place} - {a} {act} {b} on Tuesday, officials said. At least {n} people were killed and dozens \
         wounded, the {adj} health ministry said in a statement on June {day}. \"We will not stand by while \
         our citizens are threatened,\" the {adj} foreign minister told reporters in {place}. Diplomats in \
         Vienna said a meeting of the U.N. Security Council was expected later this week, report {i}."
    );
    let mut art = Article::new(format!("load-{i:05}"), text);
    art.title = Some(format!("{a} {act} {b}"));
    art.source = Some("Load Wire".into());
    art.published = Published::parse(&format!("2025-06-{day:02}")).ok();
    art
}

fn fill(db: &str, want: usize) -> anyhow::Result<()> {
    let mut store = sitrep_store::open(db)?;
    let have = store.counts()?.articles as usize;
    if have >= want {
        eprintln!("loadtest: {db} holds {have} articles already");
        return Ok(());
    }
    let t = Instant::now();
    let pipeline = Pipeline::new();
    let base: Vec<_> = (0..BASE.min(want)).map(|i| pipeline.run(report(i))).collect();
    eprintln!("loadtest: analysed {} distinct reports in {:.1}s", base.len(), t.elapsed().as_secs_f64());
    for i in have..want {
        let mut doc = base[i % base.len()].clone();
        doc.article.id = format!("load-{i:05}");
        doc.article.text.push_str(&format!("\n\nRef. {i:05}-{}.", i * 7919 % 100_003));
        let fp = Fingerprint::of(&doc.article.text);
        store.put(&NewVersion {
            article: &doc.article,
            kind: "text",
            origin: &format!("loadtest:{i}"),
            input_diagnostics: &[],
            fingerprint: &fp,
            near_duplicate_of: None,
            document: &doc,
        })?;
        if (i + 1) % 1000 == 0 {
            eprintln!("loadtest: stored {} articles ({:.0}s)", i + 1, t.elapsed().as_secs_f64());
        }
    }
    Ok(())
}

/// One keep-alive connection.
struct Client {
    addr: String,
    conn: Option<BufReader<TcpStream>>,
}

impl Client {
    fn get(&mut self, path: &str) -> anyhow::Result<(u16, Vec<u8>)> {
        if self.conn.is_none() {
            let s = TcpStream::connect(&self.addr).with_context(|| format!("cannot connect to {}", self.addr))?;
            s.set_nodelay(true)?;
            s.set_read_timeout(Some(Duration::from_secs(60)))?;
            self.conn = Some(BufReader::new(s));
        }
        let r = self.conn.as_mut().map(|c| request(c, &self.addr, path));
        match r {
            Some(Ok(v)) => Ok(v),
            Some(Err(e)) => {
                self.conn = None;
                Err(e)
            }
            None => bail!("no connection"),
        }
    }
}

fn request(c: &mut BufReader<TcpStream>, host: &str, path: &str) -> anyhow::Result<(u16, Vec<u8>)> {
    write!(c.get_mut(), "GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n")?;
    let mut line = String::new();
    c.read_line(&mut line)?;
    let status: u16 = line.split(' ').nth(1).and_then(|s| s.parse().ok()).context("bad status line")?;
    let (mut length, mut chunked) = (None, false);
    loop {
        line.clear();
        c.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            match k.to_ascii_lowercase().as_str() {
                "content-length" => length = v.trim().parse::<usize>().ok(),
                "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                _ => {}
            }
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            c.read_line(&mut line)?;
            let n = usize::from_str_radix(line.trim(), 16).context("bad chunk size")?;
            let mut chunk = vec![0; n + 2];
            c.read_exact(&mut chunk)?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    } else {
        body.resize(length.context("no content-length")?, 0);
        c.read_exact(&mut body)?;
    }
    Ok((status, body))
}

struct Figures {
    requests: usize,
    errors: usize,
    per_second: f64,
    p50: Duration,
    p99: Duration,
    max: Duration,
}

fn load(addr: &str, path: &str, clients: usize, seconds: f64) -> Figures {
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let results: Vec<(Vec<Duration>, usize)> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..clients)
            .map(|_| {
                s.spawn(|| {
                    let mut c = Client { addr: addr.to_string(), conn: None };
                    let (mut lat, mut errors) = (Vec::new(), 0);
                    while Instant::now() < until {
                        let t = Instant::now();
                        match c.get(path) {
                            Ok((200, _)) => lat.push(t.elapsed()),
                            _ => errors += 1,
                        }
                    }
                    (lat, errors)
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap_or_default()).collect()
    });
    let elapsed = start.elapsed().as_secs_f64();
    let errors = results.iter().map(|r| r.1).sum();
    let mut lat: Vec<Duration> = results.into_iter().flat_map(|r| r.0).collect();
    lat.sort();
    let pct = |p: f64| lat.get(((lat.len() as f64 * p).ceil() as usize).saturating_sub(1)).copied().unwrap_or_default();
    Figures {
        requests: lat.len(),
        errors,
        per_second: lat.len() as f64 / elapsed,
        p50: pct(0.50),
        p99: pct(0.99),
        max: lat.last().copied().unwrap_or_default(),
    }
}

pub fn run(args: &LoadArgs) -> anyhow::Result<()> {
    fill(&args.db, args.articles)?;
    let bin = match &args.sitrep {
        Some(p) => p.clone(),
        None => std::env::current_exe()?.with_file_name("sitrep"),
    };
    if !bin.exists() {
        bail!("{} not found: build it first (cargo build --release --bin sitrep)", bin.display());
    }
    let mut child = Command::new(&bin)
        .args(["serve", "--db", &args.db, "--addr", "127.0.0.1:0", "--rate-limit", "1000000"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot start {}", bin.display()))?;
    let mut lines = BufReader::new(child.stderr.take().context("no stderr")?).lines();
    let first = lines.next().context("the server printed nothing")??;
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .with_context(|| format!("no address in '{first}'"))?
        .to_string();
    // Keep draining the server's stderr so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let result = measure(&addr, args);
    let _ = child.kill();
    let _ = child.wait();
    result
}

fn measure(addr: &str, args: &LoadArgs) -> anyhow::Result<()> {
    let mut c = Client { addr: addr.to_string(), conn: None };
    // The first story request computes the situation over the whole store; time it apart.
    let t = Instant::now();
    let (status, body) = c.get("/api/stories?limit=50")?;
    let cold = t.elapsed();
    if status != 200 {
        bail!("/api/stories answered {status}: {}", String::from_utf8_lossy(&body));
    }
    let stories: serde_json::Value = serde_json::from_slice(&body)?;
    let story = stories["items"][0]["id"].as_str().map(str::to_string);
    let backend = if sitrep_store::is_postgres(&args.db) { "postgres" } else { "sqlite" };
    println!(
        "store: {backend} ({}), {} articles; {} clients, {}s per endpoint",
        args.db, args.articles, args.clients, args.seconds
    );
    println!("first /api/stories (computes the situation): {:.0} ms", cold.as_secs_f64() * 1000.0);
    let mut paths = vec!["/api/stories?limit=50".to_string()];
    if let Some(id) = story {
        paths.push(format!("/api/stories/{id}"));
    }
    paths.extend(["/api/events?limit=50".to_string(), "/api/events?actor=IRN&code=18-20&limit=50".to_string()]);
    println!("| endpoint | requests/s | p50 ms | p99 ms | max ms | errors |");
    println!("|---|---|---|---|---|---|");
    for p in &paths {
        let f = load(addr, p, args.clients, args.seconds);
        println!(
            "| {p} | {:.0} | {:.1} | {:.1} | {:.1} | {} |",
            f.per_second,
            f.p50.as_secs_f64() * 1000.0,
            f.p99.as_secs_f64() * 1000.0,
            f.max.as_secs_f64() * 1000.0,
            f.errors
        );
        if f.requests == 0 {
            bail!("{p}: no successful request");
        }
    }
    Ok(())
}
