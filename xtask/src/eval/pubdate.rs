//! `cargo xtask eval pubdate [DIR]`: publication dates read from HTML pages, scored by
//! exact-day accuracy against `eval_dates.json` (`{url: {file, date}}`, pages under `html/`;
//! a gold date of `nan` means the page states none, and is right only when we find none).
//! Each page goes through the same path as `sitrep analyze`: `sitrep_ingest::parse_html`.
//! Also reads trafilatura's `evaldata.en.json` (same shape; pages without a `date` key are
//! left out), a second set nobody tuned on.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::score::ratio;

pub fn run(dir: PathBuf, show_errors: bool) -> Result<()> {
    let gold_path = ["eval_dates.json", "evaldata.en.json"]
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.exists())
        .unwrap_or_else(|| dir.join("eval_dates.json"));
    if !gold_path.exists() {
        println!("skipped: {} not found (shared evaluation data is absent)", gold_path.display());
        return Ok(());
    }
    let src = std::fs::read_to_string(&gold_path).with_context(|| format!("cannot read {}", gold_path.display()))?;
    // Written by Python: a page without a date has a bare `NaN`, which JSON does not allow.
    let src = src.replace(": NaN", ": null");
    let gold: serde_json::Value =
        serde_json::from_str(&src).with_context(|| format!("{}: not JSON", gold_path.display()))?;
    let entries = gold.as_object().context("eval_dates.json: expected an object of url -> {file, date}")?;
    let (mut right, mut total, mut found) = (0, 0, 0);
    let mut by_source: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut misses = Vec::new();
    for (url, entry) in entries {
        let file = entry["file"].as_str().context("entry without file")?;
        if entry.get("date").is_none() {
            continue;
        }
        let want = entry["date"].as_str().filter(|d| !d.is_empty()).map(str::to_string).unwrap_or_else(|| "nan".into());
        let bytes = std::fs::read(dir.join("html").join(file)).with_context(|| format!("cannot read {file}"))?;
        let html = String::from_utf8_lossy(&bytes);
        let page = sitrep_ingest::parse_html(&html, Some(url));
        let dom = dom_free_find(&html, url, page.lang.as_deref());
        let got =
            page.published.as_deref().and_then(|p| sitrep_model::Published::parse(p).ok()).map(|p| p.date.to_string());
        total += 1;
        let ok = match (&got, want.as_str()) {
            (None, "nan") => true,
            (Some(g), w) => g == w,
            (None, _) => false,
        };
        if got.is_some() {
            found += 1;
        }
        let source = dom.unwrap_or("none").to_string();
        let e = by_source.entry(source.clone()).or_default();
        e.1 += 1;
        if ok {
            right += 1;
            e.0 += 1;
        } else {
            misses.push(format!("{file}  gold {want}  got {}  ({source})  {url}", got.as_deref().unwrap_or("none")));
        }
    }
    println!("publication dates: {total} pages from {}", dir.display());
    println!("  exact-day accuracy  {:.3}  ({right} of {total}; a date found for {found})", ratio(right, total));
    println!("  by source (right / pages):");
    for (s, (r, n)) in &by_source {
        println!("    {s:<10} {r:>3} / {n}");
    }
    if show_errors {
        println!("  wrong or missing:");
        for m in &misses {
            println!("    {m}");
        }
    }
    Ok(())
}

/// Which statement the page's date came from, for the breakdown.
fn dom_free_find(html: &str, url: &str, lang: Option<&str>) -> Option<&'static str> {
    let dom = dom_query::Document::from(html);
    sitrep_ingest::pubdate::find(html, &dom, Some(url), lang).map(|d| d.from)
}
