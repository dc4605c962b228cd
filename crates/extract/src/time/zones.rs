//! Places that fix a time zone (`resources/time/zones.tsv`): "early Saturday local time" in
//! a Tehran dateline, or "in Tehran" in the same sentence, is Tehran's Saturday. The table maps
//! capitals, cities in the news and single-zone countries to IANA zone names; it does not try
//! to be a gazetteer (that is the places stage's job).

use std::collections::HashMap;

use sitrep_text::Span;

use crate::segment::Token;

pub(crate) const ZONES_TSV: &str = include_str!("../../resources/time/zones.tsv");

/// Place name -> IANA zone.
#[derive(Debug, Clone, Default)]
pub struct ZoneTable {
    zones: HashMap<String, String>,
    /// Longest name, in words.
    max_words: usize,
}

impl ZoneTable {
    /// Parse the table. Panics on a malformed row: the file is ours and tested.
    pub fn load() -> Self {
        Self::parse(ZONES_TSV).unwrap_or_else(|e| panic!("resources/time/zones.tsv: {e}"))
    }

    pub fn parse(src: &str) -> Result<Self, String> {
        let mut t = ZoneTable::default();
        for (n, line) in src.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((place, zone)) = line.split_once('\t') else {
                return Err(format!("line {}: expected place<TAB>zone", n + 1));
            };
            let valid = zone.contains('/')
                && zone.split('/').all(|p| {
                    !p.is_empty()
                        && p.starts_with(|c: char| c.is_ascii_uppercase())
                        && p.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'-')
                });
            if !valid || place.trim() != place || place.is_empty() {
                return Err(format!("line {}: bad row {line:?}", n + 1));
            }
            if t.zones.insert(place.to_string(), zone.to_string()).is_some() {
                return Err(format!("line {}: {place:?} listed twice", n + 1));
            }
            t.max_words = t.max_words.max(place.split(' ').count());
        }
        Ok(t)
    }

    pub fn get(&self, place: &str) -> Option<&str> {
        self.zones.get(place).map(String::as_str)
    }

    /// The zone of the longest place name starting at token `i`, and where it ends.
    fn at(&self, text: &str, toks: &[Token], i: usize) -> Option<(&str, usize)> {
        let mut best = None;
        for n in 1..=self.max_words.min(toks.len().saturating_sub(i)) {
            let span = Span::new(toks[i].span.start, toks[i + n - 1].span.end);
            let name = &text[span.start..span.end];
            if let Some(z) = self.zones.get(name) {
                best = Some((z.as_str(), i + n));
            }
        }
        best
    }

    /// The zone of the place a sentence names: the first after "in", "at", "near", "over" or
    /// "across" ("in Tehran"), else the first named at all ("struck Haifa").
    pub fn in_tokens(&self, text: &str, toks: &[Token]) -> Option<&str> {
        let after_prep = (1..toks.len()).find_map(|i| {
            let prep = toks[i - 1].text(text).to_lowercase();
            if matches!(prep.as_str(), "in" | "at" | "near" | "over" | "across") {
                self.at(text, toks, i).map(|(z, _)| z)
            } else {
                None
            }
        });
        // "Iran said", "Moscow's response": a place named as an actor says nothing about
        // where the time is kept.
        let actor = |end: usize| {
            toks.get(end).is_some_and(|t| {
                matches!(
                    t.text(text),
                    "said"
                        | "says"
                        | "told"
                        | "warned"
                        | "vowed"
                        | "announced"
                        | "accused"
                        | "denied"
                        | "threatened"
                        | "claimed"
                        | "insisted"
                        | "urged"
                        | "called"
                        | "asked"
                        | "demanded"
                        | "'s"
                        | "\u{2019}s"
                        | "has"
                        | "have"
                        | "had"
                        | "will"
                        | "would"
                        | "is"
                        | "was"
                        | "and"
                        | "or"
                )
            })
        };
        after_prep.or_else(|| {
            (0..toks.len()).find_map(|i| self.at(text, toks, i).filter(|(_, end)| !actor(*end)).map(|(z, _)| z))
        })
    }

    /// The zone of the place opening a dateline: "TEHRAN, June 14 (Reuters) -".
    pub fn of_dateline(&self, dateline: &str) -> Option<&str> {
        let head = dateline.split([',', '(', '-', '\u{2014}', '\u{2013}']).next()?.trim();
        // "TEHRAN" -> "Tehran", "TEL AVIV" -> "Tel Aviv", "DAR ES SALAAM" -> try as cased too
        let title: String = head
            .split(' ')
            .map(|w| {
                let lower = w.to_lowercase();
                if matches!(lower.as_str(), "es" | "de" | "al" | "el") && w != head {
                    return lower;
                }
                let mut c = lower.chars();
                c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ");
        self.get(head).or_else(|| self.get(&title))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_and_finds_places() {
        let t = ZoneTable::load();
        assert_eq!(t.get("Tehran"), Some("Asia/Tehran"));
        assert_eq!(t.get("Tel Aviv"), Some("Asia/Jerusalem"));
        assert_eq!(t.of_dateline("TEHRAN, June 14 (Reuters) -"), Some("Asia/Tehran"));
        assert_eq!(t.of_dateline("TEL AVIV (AP) \u{2014}"), Some("Asia/Jerusalem"));
        assert_eq!(t.of_dateline("DAR ES SALAAM, Aug 7 -"), Some("Africa/Dar_es_Salaam"));
        assert_eq!(t.of_dateline("SPRINGFIELD, June 14 -"), None);
        assert!(t.get("United States").is_none(), "several zones: listed by city only");
    }

    #[test]
    fn rejects_malformed_rows() {
        assert!(ZoneTable::parse("Tehran\tTehran\n").unwrap_err().contains("bad row"));
        assert!(ZoneTable::parse("Tehran Asia/Tehran\n").unwrap_err().contains("expected"));
        assert!(ZoneTable::parse("A\tAsia/A\nA\tAsia/B\n").unwrap_err().contains("twice"));
    }
}
