//! `sitrep export`: what analysts load into pandas, R or BigQuery next to their other event
//! data. `jsonl` writes the stored sitrep/1 documents; `csv` one row per event with a header;
//! `gdelt` one row per event in the GDELT 2.0 event table's 61 tab-separated columns, in the
//! codebook's order, without a header (as GDELT's own files); `plover` one PLOVER JSON record
//! per line. Filters as in `sitrep query`.
//!
//! GDELT and PLOVER are mapped, not copied: GDELT has no factuality, so only positive,
//! actual events go to `gdelt`; PLOVER carries it as context (`future`, `hypothetical`,
//! `negation`, `historical`). Fields we do not produce (tone, actor geography, FIPS country
//! codes, ethnic and religion codes) are left empty.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde_json::json;
use sitrep_store::EventRow;

use crate::args::DbArgs;
use crate::filter::FilterArgs;

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// For `gdelt`: write the codebook's column names as a first line (GDELT's own files have none).
    #[arg(long)]
    pub header: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// sitrep/1 documents, one per line.
    Jsonl,
    /// One row per event, with a header.
    Csv,
    /// GDELT 2.0 event table: 61 tab-separated columns, no header.
    Gdelt,
    /// PLOVER event records, one JSON object per line.
    Plover,
}

/// The GDELT 2.0 event table's columns, in the codebook's order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let store = args.db.open()?;
    let filter = args.filter.filter();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        ExportFormat::Jsonl => {
            let mut failed = None;
            store.each_document(&filter, &mut |d| {
                let w = serde_json::to_writer(&mut out, &d)
                    .map_err(std::io::Error::from)
                    .and_then(|_| out.write_all(b"\n"));
                match w {
                    Ok(()) => true,
                    Err(e) => {
                        failed = Some(e);
                        false
                    }
                }
            })?;
            failed.map_or(Ok(()), Err)
        }
        ExportFormat::Csv => {
            let rows = store.events(&filter)?;
            write_csv(&mut out, &rows)
        }
        ExportFormat::Gdelt => {
            let rows = store.events(&filter)?;
            if args.header {
                writeln!(out, "{}", GDELT_COLUMNS.join("\t"))?;
            }
            rows.iter()
                .filter(|e| e.polarity == "positive" && e.status == "actual")
                .try_for_each(|e| writeln!(out, "{}", gdelt_row(e).join("\t")))
        }
        ExportFormat::Plover => {
            let rows = store.events(&filter)?;
            rows.iter().try_for_each(|e| {
                serde_json::to_writer(&mut out, &plover_record(e))?;
                out.write_all(b"\n")
            })
        }
    };
    match written.and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("cannot write output"))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// CSV (RFC 4180): the event row's fields as columns, named by a header line.
fn write_csv(out: &mut impl Write, rows: &[EventRow]) -> std::io::Result<()> {
    let names = field_order();
    writeln!(out, "{}", names.join(","))?;
    for r in rows {
        let v = serde_json::to_value(r).unwrap_or_default();
        let cells: Vec<String> = names
            .iter()
            .map(|n| match &v[*n] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => csv_cell(s),
                other => csv_cell(&other.to_string()),
            })
            .collect();
        writeln!(out, "{}", cells.join(","))?;
    }
    Ok(())
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// The CSV columns in order: the fields of [`EventRow`] as declared (a test checks none is missing).
fn field_order() -> Vec<&'static str> {
    vec![
        "article_id",
        "url",
        "outlet",
        "title",
        "published",
        "eid",
        "sentence",
        "sentence_text",
        "trigger",
        "code",
        "root",
        "quad_class",
        "goldstein",
        "plover_type",
        "plover_mode",
        "plover_context",
        "source_text",
        "source_id",
        "source_name",
        "source_code",
        "source_country",
        "source_sector",
        "target_text",
        "target_id",
        "target_name",
        "target_code",
        "target_country",
        "target_sector",
        "place_name",
        "place_country",
        "place_admin1",
        "place_lat",
        "place_lon",
        "place_geonames",
        "date",
        "day",
        "date_precision",
        "polarity",
        "status",
        "background",
        "killed",
        "injured",
        "sourcing",
        "confidence",
        "rule",
        "analysis_id",
    ]
}

/// A stable numeric id: the analysis row and the event's number within it.
fn global_event_id(e: &EventRow) -> i64 {
    let n: i64 = e.eid.trim_start_matches('e').parse().unwrap_or(0);
    e.analysis_id * 10_000 + n
}

/// One GDELT 2.0 event row (61 cells).
pub fn gdelt_row(e: &EventRow) -> Vec<String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let f = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let day = e.day.as_deref().and_then(|d| d.parse::<jiff::civil::Date>().ok());
    let (sqldate, month_year, year, fraction) = match day {
        Some(d) => (
            format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()),
            format!("{:04}{:02}", d.year(), d.month()),
            d.year().to_string(),
            format!("{:.4}", d.year() as f64 + (d.day_of_year() as f64) / 365.0),
        ),
        None => Default::default(),
    };
    // DATEADDED: the publication time when known, else midnight of the event's day.
    let published = e.published.as_deref().and_then(|p| sitrep_model::Published::parse(p).ok());
    let date_added = match published {
        Some(p) => {
            let t = p.time.unwrap_or(jiff::civil::Time::midnight());
            format!(
                "{:04}{:02}{:02}{:02}{:02}{:02}",
                p.date.year(),
                p.date.month(),
                p.date.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        }
        None if !sqldate.is_empty() => format!("{sqldate}000000"),
        None => String::new(),
    };
    let base = e.code.get(..3).unwrap_or(&e.code).to_string();
    let has_geo = e.place_lat.is_some() && e.place_lon.is_some();
    let mut row = vec![
        global_event_id(e).to_string(),
        sqldate,
        month_year,
        year,
        fraction,
        o(&e.source_code),
        o(&e.source_name),
        o(&e.source_country),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        o(&e.source_sector),
        String::new(),
        String::new(),
        o(&e.target_code),
        o(&e.target_name),
        o(&e.target_country),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        o(&e.target_sector),
        String::new(),
        String::new(),
        // GDELT's root event is one from the lead: the dateline or first sentences.
        if e.sentence <= 1 { "1" } else { "0" }.to_string(),
        e.code.clone(),
        base,
        e.root.clone(),
        e.quad_class.to_string(),
        format!("{:.1}", e.goldstein),
        "1".into(),
        "1".into(),
        "1".into(),
        String::new(),
    ];
    row.extend(std::iter::repeat_n(String::new(), 16));
    row.extend([
        if has_geo { "4".to_string() } else { String::new() },
        o(&e.place_name),
        String::new(),
        String::new(),
        String::new(),
        f(e.place_lat),
        f(e.place_lon),
        e.place_geonames.map(|g| g.to_string()).unwrap_or_default(),
        date_added,
        o(&e.url),
    ]);
    row.iter().map(|c| c.replace(['\t', '\n', '\r'], " ")).collect()
}

/// One PLOVER record.
pub fn plover_record(e: &EventRow) -> serde_json::Value {
    let actor = |text: &Option<String>, code: &Option<String>, country: &Option<String>, sector: &Option<String>| {
        if text.is_none() && code.is_none() {
            return json!([]);
        }
        json!([{ "actorText": text, "code": code, "country": country, "sector": sector }])
    };
    let mut context: Vec<String> = e.plover_context.iter().cloned().collect();
    if e.polarity == "negative" {
        context.push("negation".into());
    }
    match e.status.as_str() {
        "planned" => context.push("future".into()),
        "possible" | "counterfactual" => context.push("hypothetical".into()),
        _ => {}
    }
    if e.background {
        context.push("historical".into());
    }
    let location = e.place_name.as_ref().map(|n| {
        json!({ "placeName": n, "country": e.place_country, "admin1": e.place_admin1, "lat": e.place_lat, "lon": e.place_lon, "geonamesID": e.place_geonames })
    });
    json!({
        "id": format!("{}-{}", e.article_id, e.eid),
        "date": e.day,
        "event": e.plover_type,
        "mode": e.plover_mode,
        "context": context,
        "source": actor(&e.source_text, &e.source_code, &e.source_country, &e.source_sector),
        "target": actor(&e.target_text, &e.target_code, &e.target_country, &e.target_sector),
        "eventText": e.trigger,
        "text": e.sentence_text,
        "location": location,
        "cameo": e.code,
        "goldstein": e.goldstein,
        "confidence": e.confidence,
        "language": "en",
        "publication": e.outlet,
        "url": e.url,
        "coder": "sitrep",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_names_every_event_field_once() {
        let probe: serde_json::Value = serde_json::from_str(
            r#"{"article_id":"a","url":null,"outlet":null,"title":null,"published":null,"eid":"e1","sentence":0,"sentence_text":"","trigger":"t","code":"19","root":"19","quad_class":4,"goldstein":-10.0,"plover_type":"ASSAULT","plover_mode":null,"plover_context":null,"source_text":null,"source_id":null,"source_name":null,"source_code":null,"source_country":null,"source_sector":null,"target_text":null,"target_id":null,"target_name":null,"target_code":null,"target_country":null,"target_sector":null,"place_name":null,"place_country":null,"place_admin1":null,"place_lat":null,"place_lon":null,"place_geonames":null,"date":null,"day":null,"date_precision":null,"polarity":"positive","status":"actual","background":false,"killed":null,"injured":null,"sourcing":"author","confidence":0.5,"rule":"r","analysis_id":3}"#,
        )
        .unwrap();
        let e: EventRow = serde_json::from_value(probe.clone()).unwrap();
        let keys: Vec<&str> = probe.as_object().unwrap().keys().map(String::as_str).collect();
        let mut order = field_order();
        assert_eq!(order.len(), keys.len());
        order.sort_unstable();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(order, sorted);
        let g = gdelt_row(&e);
        assert_eq!(g.len(), GDELT_COLUMNS.len());
        assert_eq!((g[0].as_str(), g[26].as_str(), g[27].as_str(), g[29].as_str()), ("30001", "19", "19", "4"));
    }

    #[test]
    fn csv_cells_are_quoted_when_needed() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"no\""), "\"say \"\"no\"\"\"");
    }
}
