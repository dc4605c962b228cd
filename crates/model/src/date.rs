//! Publication dates: a calendar date with an optional time of day and UTC offset, read from
//! ISO 8601 / RFC 3339 or RFC 2822 and written back as ISO 8601.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::Offset;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// When an article was published, to the precision the input gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    pub date: Date,
    pub time: Option<Time>,
    /// UTC offset, when the input stated one.
    pub offset: Option<Offset>,
}

/// A date string that is not a date we can read, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}' is not a date: {reason} (expected ISO 8601 like 2025-06-15 or 2025-06-15T14:20:00Z, or RFC 2822)")]
pub struct DateError {
    pub input: String,
    pub reason: String,
}

impl Published {
    pub fn day(date: Date) -> Self {
        Published { date, time: None, offset: None }
    }

    /// Parse ISO 8601 (date, or date and time with optional `Z`/offset; `T` or a space
    /// between them) or RFC 2822 (`Sun, 15 Jun 2025 14:20:00 +0000`).
    pub fn parse(input: &str) -> Result<Self, DateError> {
        let s = input.trim();
        let err = |reason: String| DateError { input: input.to_string(), reason };
        if s.is_empty() {
            return Err(err("empty".into()));
        }
        if s.as_bytes()[0].is_ascii_digit() {
            return parse_iso(s).map_err(err);
        }
        let zoned = jiff::fmt::rfc2822::DateTimeParser::new()
            .parse_zoned(s)
            .map_err(|e| err(e.to_string()))?;
        Ok(Published {
            date: zoned.date(),
            time: Some(zoned.time()),
            offset: Some(zoned.offset()),
        })
    }

    /// The instant in UTC, when both time and offset are known.
    pub fn timestamp(&self) -> Option<jiff::Timestamp> {
        let dt = DateTime::from_parts(self.date, self.time?);
        self.offset?.to_timestamp(dt).ok()
    }
}

fn parse_iso(s: &str) -> Result<Published, String> {
    let (date_part, rest) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let date: Date = date_part.parse().map_err(|e: jiff::Error| e.to_string())?;
    let Some(rest) = rest.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(Published::day(date));
    };
    // Split the time from a trailing `Z` or `+hh:mm` / `-hh:mm` / `+hhmm` offset.
    let (time_part, offset) = if let Some(t) = rest.strip_suffix(['Z', 'z']) {
        (t, Some(Offset::UTC))
    } else if let Some(i) = rest.rfind(['+', '-']) {
        (&rest[..i], Some(parse_offset(&rest[i..])?))
    } else {
        (rest, None)
    };
    let time: Time = time_part.trim().parse().map_err(|e: jiff::Error| e.to_string())?;
    Ok(Published { date, time: Some(time), offset })
}

fn parse_offset(s: &str) -> Result<Offset, String> {
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let digits: String = s[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 && digits.len() != 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("bad UTC offset '{s}'"));
    }
    let h: i32 = digits[..2].parse().map_err(|_| format!("bad UTC offset '{s}'"))?;
    let m: i32 = if digits.len() == 4 { digits[2..].parse().map_err(|_| format!("bad UTC offset '{s}'"))? } else { 0 };
    if h > 18 || m > 59 {
        return Err(format!("UTC offset '{s}' out of range"));
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60)).map_err(|e| e.to_string())
}

impl std::fmt::Display for Published {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.date)?;
        if let Some(t) = self.time {
            write!(f, "T{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())?;
            match self.offset {
                Some(o) if o.seconds() == 0 => write!(f, "Z")?,
                Some(o) => {
                    let secs = o.seconds();
                    let sign = if secs < 0 { '-' } else { '+' };
                    let secs = secs.abs();
                    write!(f, "{sign}{:02}:{:02}", secs / 3600, (secs % 3600) / 60)?;
                }
                None => {}
            }
        }
        Ok(())
    }
}

impl Serialize for Published {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Published {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Published::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for (input, out) in [
            ("2025-06-15", "2025-06-15"),
            ("2025-06-15T14:20:00Z", "2025-06-15T14:20:00Z"),
            ("2025-06-15 14:20", "2025-06-15T14:20:00"),
            ("2025-06-15T14:20:00.250+03:30", "2025-06-15T14:20:00+03:30"),
            ("2025-06-15T02:00:00-0500", "2025-06-15T02:00:00-05:00"),
            ("Sun, 15 Jun 2025 14:20:00 +0000", "2025-06-15T14:20:00Z"),
        ] {
            assert_eq!(Published::parse(input).unwrap().to_string(), out, "{input}");
        }
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in ["", "2025-02-30", "June 15", "2025-06-15T25:00", "tomorrow", "2025-06-15T10:00+99:00"] {
            let e = Published::parse(bad).unwrap_err();
            assert!(e.to_string().contains("is not a date"), "{bad}: {e}");
        }
    }
}
