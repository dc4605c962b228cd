//! Filter flags shared by `sitrep query` and `sitrep export`, parsed and validated once into
//! a store [`Filter`].

use clap::Args;
use sitrep_store::Filter;

#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Events with this actor on either side: an actor id (`irn`), a CAMEO code or its prefix
    /// (`IRNGOV`, `IRN`), or a name (`Abbas Araghchi`).
    #[arg(long, value_name = "ACTOR", global = true)]
    pub actor: Option<String>,
    /// Events from SOURCE to TARGET, each given like --actor: `--dyad ISR,IRN`.
    #[arg(long, value_name = "SOURCE,TARGET", value_parser = parse_dyad, global = true)]
    pub dyad: Option<(String, String)>,
    /// A CAMEO code or range of codes, compared on leading digits: `19`, `190`, `14-20`.
    #[arg(long, value_name = "CODE|LO-HI", value_parser = parse_codes, global = true)]
    pub code: Option<(String, String)>,
    /// First day (YYYY-MM-DD), on the event's date, else the article's publication day.
    #[arg(long, value_name = "DAY", value_parser = parse_day, global = true)]
    pub since: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DAY", value_parser = parse_day, global = true)]
    pub until: Option<String>,
    /// Quotes by this speaker, given like --actor.
    #[arg(long, value_name = "SPEAKER", global = true)]
    pub speaker: Option<String>,
    /// At most this many rows.
    #[arg(long, value_name = "N", global = true)]
    pub limit: Option<usize>,
}

impl FilterArgs {
    pub fn filter(&self) -> Filter {
        Filter {
            actor: self.actor.clone(),
            dyad: self.dyad.clone(),
            codes: self.code.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            speaker: self.speaker.clone(),
            limit: self.limit,
            ..Filter::default()
        }
    }
}

fn parse_dyad(s: &str) -> Result<(String, String), String> {
    match s.split_once(',') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => Ok((a.trim().into(), b.trim().into())),
        _ => Err(format!("'{s}' is not a dyad: expected SOURCE,TARGET such as ISR,IRN")),
    }
}

fn parse_codes(s: &str) -> Result<(String, String), String> {
    let digits = |c: &str| !c.is_empty() && c.len() <= 4 && c.bytes().all(|b| b.is_ascii_digit());
    let (lo, hi) = s.split_once('-').unwrap_or((s, s));
    let (lo, hi) = (lo.trim(), hi.trim());
    if !digits(lo) || !digits(hi) || lo.len() != hi.len() || lo > hi {
        return Err(format!(
            "'{s}' is not a CAMEO code or range: expected digits such as 19, 190 or 14-20 (both ends the same length, low first)"
        ));
    }
    Ok((lo.into(), hi.into()))
}

fn parse_day(s: &str) -> Result<String, String> {
    s.parse::<jiff::civil::Date>()
        .map(|d| d.to_string())
        .map_err(|_| format!("'{s}' is not a day: expected YYYY-MM-DD such as 2025-06-14"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(parse_codes("19"), Ok(("19".into(), "19".into())));
        assert_eq!(parse_codes("14-20"), Ok(("14".into(), "20".into())));
        for bad in ["", "1a", "20-14", "1-190", "12345"] {
            assert!(parse_codes(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_dyad("ISR, IRN"), Ok(("ISR".into(), "IRN".into())));
        assert!(parse_dyad("ISR").is_err());
        assert_eq!(parse_day("2025-06-14"), Ok("2025-06-14".into()));
        assert!(parse_day("2025-02-30").unwrap_err().contains("'2025-02-30' is not a day"));
    }
}
