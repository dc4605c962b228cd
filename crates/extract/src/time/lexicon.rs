//! The time lexicon (`resources/time/lexicon.tsv`): month and weekday names, units, number
//! words, parts of day, seasons, reference words, modifiers, holidays, time-zone
//! abbreviations and the tense cues used to pick the direction of bare weekdays and months.

use std::collections::HashMap;

pub(crate) const LEXICON_TSV: &str = include_str!("../../resources/time/lexicon.tsv");

/// A tense cue: how a word bears on when its clause happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Past,
    PastParticiple,
    Future,
    Conditional,
    FutureAdj,
    Scheduled,
    AuxPast,
    AuxPresent,
    NotPastEd,
}

/// When a holiday falls in a given year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HolidayRule {
    /// Month and day: Christmas is 12-25.
    Fixed(u8, u8),
    /// The `n`th ISO weekday of a month (`n` = -1: the last): Thanksgiving is the 4th Thursday
    /// of November.
    Nth { month: u8, weekday: u8, n: i8 },
    /// Days from Western Easter Sunday.
    Easter(i16),
    /// US Election Day: the Tuesday after the first Monday of November.
    Election,
}

impl HolidayRule {
    fn parse(v: &str) -> Option<HolidayRule> {
        if v == "election" {
            return Some(HolidayRule::Election);
        }
        if let Some(rest) = v.strip_prefix("easter") {
            let n: i16 = rest.strip_prefix('+').unwrap_or(rest).parse().ok()?;
            return Some(HolidayRule::Easter(n));
        }
        let (month, rest) = v.split_once('-')?;
        let month: u8 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
        match rest.split_once('-') {
            None => Some(HolidayRule::Fixed(month, rest.parse().ok().filter(|d| (1..=31).contains(d))?)),
            Some((wd, n)) => Some(HolidayRule::Nth {
                month,
                weekday: wd.parse().ok().filter(|d| (1..=7).contains(d))?,
                n: n.parse().ok().filter(|n| matches!(n, -1 | 1..=5))?,
            }),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct TimeLexicon {
    pub month: HashMap<String, u8>,
    pub weekday: HashMap<String, u8>,
    pub unit: HashMap<String, String>,
    /// Number words; `None` for vague quantities ("several", "few").
    pub number: HashMap<String, Option<f64>>,
    pub ordinal: HashMap<String, u32>,
    pub part: HashMap<String, String>,
    pub season: HashMap<String, String>,
    pub reference: HashMap<String, String>,
    pub modifier: HashMap<String, String>,
    pub cue: HashMap<String, Cue>,
    /// Holiday names as space-joined word forms ("new year 's day").
    pub holiday: HashMap<String, HolidayRule>,
    /// Longest holiday name, in words.
    pub holiday_words: usize,
    /// Zone abbreviation -> `UTC` or a UTC offset (`-05:00`).
    pub zone: HashMap<String, String>,
}

impl TimeLexicon {
    /// Parse the lexicon. Panics on a malformed row: the file is ours and tested.
    pub fn load() -> Self {
        Self::parse(LEXICON_TSV).unwrap_or_else(|e| panic!("resources/time/lexicon.tsv: {e}"))
    }

    pub fn parse(src: &str) -> Result<Self, String> {
        let mut lx = TimeLexicon::default();
        for (n, line) in src.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(cat), Some(word), value) = (cols.next(), cols.next(), cols.next().unwrap_or("")) else {
                return Err(format!("line {}: expected category<TAB>word<TAB>value", n + 1));
            };
            let word = word.to_string();
            let bad = |what: &str| format!("line {}: bad {what} {value:?} for {word:?}", n + 1);
            match cat {
                "month" => {
                    lx.month.insert(
                        word.clone(),
                        value.parse().ok().filter(|m| (1..=12).contains(m)).ok_or_else(|| bad("month"))?,
                    );
                }
                "weekday" => {
                    lx.weekday.insert(
                        word.clone(),
                        value.parse().ok().filter(|d| (1..=7).contains(d)).ok_or_else(|| bad("weekday"))?,
                    );
                }
                "unit" => {
                    lx.unit.insert(word, value.to_string());
                }
                "number" => {
                    let v = if value == "X" { None } else { Some(value.parse().map_err(|_| bad("number"))?) };
                    lx.number.insert(word, v);
                }
                "ordinal" => {
                    lx.ordinal.insert(word.clone(), value.parse().map_err(|_| bad("ordinal"))?);
                }
                "part" => {
                    lx.part.insert(word, value.to_string());
                }
                "season" => {
                    lx.season.insert(word, value.to_string());
                }
                "ref" => {
                    lx.reference.insert(word, value.to_string());
                }
                "holiday" => {
                    let rule = HolidayRule::parse(value).ok_or_else(|| bad("holiday rule"))?;
                    lx.holiday_words = lx.holiday_words.max(word.split(' ').count());
                    lx.holiday.insert(word, rule);
                }
                "zone" => {
                    let ok = value == "UTC"
                        || (value.len() == 6
                            && matches!(value.as_bytes()[0], b'+' | b'-')
                            && value.as_bytes()[3] == b':'
                            && value[1..3].bytes().chain(value[4..].bytes()).all(|b| b.is_ascii_digit()));
                    if !ok {
                        return Err(bad("zone"));
                    }
                    lx.zone.insert(word, value.to_string());
                }
                "modifier" => {
                    lx.modifier.insert(word, value.to_string());
                }
                _ => {
                    let cue = match cat {
                        "past" => Cue::Past,
                        "past_participle" => Cue::PastParticiple,
                        "future" => Cue::Future,
                        "conditional" => Cue::Conditional,
                        "future_adj" => Cue::FutureAdj,
                        "scheduled" => Cue::Scheduled,
                        "aux_past" => Cue::AuxPast,
                        "aux_present" => Cue::AuxPresent,
                        "not_past_ed" => Cue::NotPastEd,
                        _ => return Err(format!("line {}: unknown category {cat:?}", n + 1)),
                    };
                    lx.cue.insert(word, cue);
                }
            }
        }
        Ok(lx)
    }

    /// The tense cue of a lowercased word, recognising regular past forms (`-ed`).
    pub fn cue_of(&self, w: &str) -> Option<Cue> {
        if let Some(c) = self.cue.get(w) {
            return (*c != Cue::NotPastEd).then_some(*c);
        }
        let regular_past = w.len() >= 5 && w.ends_with("ed") && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
        regular_past.then_some(Cue::Past)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_and_covers_the_calendar() {
        let lx = TimeLexicon::load();
        assert_eq!(lx.month.values().collect::<std::collections::BTreeSet<_>>().len(), 12);
        assert_eq!(lx.weekday.values().collect::<std::collections::BTreeSet<_>>().len(), 7);
        assert_eq!(lx.month["sept"], 9);
        assert_eq!(lx.weekday["thursday"], 4);
        assert_eq!(lx.number["several"], None);
        assert_eq!(lx.cue_of("struck"), Some(Cue::Past));
        assert_eq!(lx.cue_of("launched"), Some(Cue::Past));
        assert_eq!(lx.cue_of("united"), None);
        assert_eq!(lx.cue_of("starts"), Some(Cue::Scheduled));
        assert_eq!(lx.holiday["thanksgiving"], HolidayRule::Nth { month: 11, weekday: 4, n: 4 });
        assert_eq!(lx.holiday["new year 's day"], HolidayRule::Fixed(1, 1));
        assert_eq!(lx.holiday["good friday"], HolidayRule::Easter(-2));
        assert_eq!(lx.holiday["memorial day"], HolidayRule::Nth { month: 5, weekday: 1, n: -1 });
        assert_eq!(lx.zone["edt"], "-04:00");
        assert_eq!(lx.zone["gmt"], "UTC");
        assert!(!lx.reference.contains_key("previously"), "too often not a time reference in news");
    }

    #[test]
    fn rejects_malformed_rows() {
        assert!(TimeLexicon::parse("month\tjune\t13\n").unwrap_err().contains("bad month"));
        assert!(TimeLexicon::parse("colour\tred\t1\n").unwrap_err().contains("unknown category"));
        assert!(TimeLexicon::parse("holiday\tx day\t13-01\n").unwrap_err().contains("bad holiday"));
        assert!(TimeLexicon::parse("holiday\tx day\t11-8-1\n").unwrap_err().contains("bad holiday"));
        assert!(TimeLexicon::parse("zone\txyz\t+5\n").unwrap_err().contains("bad zone"));
    }
}
