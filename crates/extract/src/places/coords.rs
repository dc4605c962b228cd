//! Coordinates written out in the text: degrees, minutes and seconds ("33°47′N 44°30′E",
//! "59°10′25″N 18°10′05″E"), decimal degrees with hemispheres ("33.783°N 44.500°E"), and, only
//! right after one of those and a slash, a bare decimal pair ("/ 33.783; 44.500").

use sitrep_model::{Evidence, Place, SentenceKind};
use sitrep_text::Span;

use super::rules;
use crate::segment::Segmentation;

/// Every coordinate pair in `text`, outside boilerplate.
pub fn find(text: &str, seg: &Segmentation) -> Vec<Place> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts_number =
            b[i].is_ascii_digit() && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'));
        if !starts_number {
            i += 1;
            continue;
        }
        let Some((end, lat, lon)) = pair(text, i) else {
            i += 1;
            continue;
        };
        push(text, seg, Span::new(i, end), lat, lon, &mut out);
        i = end;
        // "/ 33.783°N 44.500°E / 33.783; 44.500": the same point written again.
        loop {
            let j = skip_ws(text, i);
            if text[j..].starts_with('/') {
                let k = skip_ws(text, j + 1);
                if let Some((end, lat, lon)) = pair(text, k).or_else(|| bare_pair(text, k)) {
                    push(text, seg, Span::new(k, end), lat, lon, &mut out);
                    i = end;
                    continue;
                }
            }
            break;
        }
    }
    out
}

fn push(text: &str, seg: &Segmentation, span: Span, lat: f64, lon: f64, out: &mut Vec<Place>) {
    let boilerplate = seg.sentence_at(span.start).is_none_or(|s| seg.sentences[s].kind == SentenceKind::Boilerplate);
    if boilerplate || !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return;
    }
    let t = text[span.start..span.end].to_string();
    out.push(Place {
        id: String::new(),
        start: span.start,
        end: span.end,
        text: t.clone(),
        name: t,
        country: None,
        admin1: None,
        lat: Some((lat * 1e5).round() / 1e5),
        lon: Some((lon * 1e5).round() / 1e5),
        geonames_id: None,
        confidence: 0.95,
        evidence: Evidence::rule(rules::COORDINATES),
    });
}

fn skip_ws(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if c == ' ' || c == '\u{a0}' || c == '\t' {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// A number at `i`: digits with an optional fraction. Returns its end and value.
fn number(text: &str, i: usize) -> Option<(usize, f64)> {
    let b = text.as_bytes();
    let mut j = i;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    if j == i {
        return None;
    }
    if j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_digit() {
        j += 1;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
    }
    Some((j, text[i..j].parse().ok()?))
}

/// One coordinate with its hemisphere: `33°47′N`, `59°10′25″N`, `33.783°N`, `44.5 E`.
fn coordinate(text: &str, i: usize, hemispheres: [char; 2]) -> Option<(usize, f64)> {
    let (mut j, deg) = number(text, i)?;
    let mut value = deg;
    let mut marked = false;
    if text[j..].starts_with('°') {
        j += '°'.len_utf8();
        marked = true;
        // minutes and seconds
        for (div, marks) in [(60.0, &["′", "'", "’"][..]), (3600.0, &["″", "\"", "”", "''"][..])] {
            let k = skip_ws(text, j);
            if let Some((e, v)) = number(text, k)
                && let Some(m) = marks.iter().find(|m| text[e..].starts_with(**m))
            {
                value += v / div;
                j = e + m.len();
            }
        }
    }
    let k = skip_ws(text, j);
    let h = text[k..].chars().next()?;
    let after = text[k + h.len_utf8()..].chars().next();
    if !(h == hemispheres[0] || h == hemispheres[1]) || after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    // A bare number needs its degree sign or a fraction to count ("5 N" is not a latitude).
    if !marked && !text[i..j].contains('.') {
        return None;
    }
    let sign = if h == hemispheres[1] { -1.0 } else { 1.0 };
    Some((k + h.len_utf8(), sign * value))
}

/// A latitude and a longitude, in that order, with hemispheres.
fn pair(text: &str, i: usize) -> Option<(usize, f64, f64)> {
    let (j, lat) = coordinate(text, i, ['N', 'S'])?;
    let mut k = skip_ws(text, j);
    if text[k..].starts_with(',') || text[k..].starts_with(';') {
        k = skip_ws(text, k + 1);
    }
    let (end, lon) = coordinate(text, k, ['E', 'W'])?;
    Some((end, lat, lon))
}

/// "33.783; 44.500": two decimals with at least two places each.
fn bare_pair(text: &str, i: usize) -> Option<(usize, f64, f64)> {
    let decimal = |a: usize, b: usize| text[a..b].split_once('.').is_some_and(|(_, f)| f.len() >= 2);
    let neg = |i: usize| text[i..].starts_with('-');
    let a = if neg(i) { i + 1 } else { i };
    let (j, lat) = number(text, a)?;
    if !decimal(a, j) {
        return None;
    }
    let mut k = skip_ws(text, j);
    if !(text[k..].starts_with(';') || text[k..].starts_with(',')) {
        return None;
    }
    k = skip_ws(text, k + 1);
    let b = if neg(k) { k + 1 } else { k };
    let (end, lon) = number(text, b)?;
    if !decimal(b, end) {
        return None;
    }
    Some((end, if neg(i) { -lat } else { lat }, if neg(k) { -lon } else { lon }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let (end, lat, lon) = pair("33°47′N 44°30′E and more", 0).unwrap();
        assert_eq!(((lat * 1000.0).round(), (lon * 1000.0).round(), end), (33783.0, 44500.0, "33°47′N 44°30′E".len()));
        let (_, lat, lon) = pair("59°10′25″N 18°10′05″E", 0).unwrap();
        assert!((lat - 59.1736).abs() < 1e-3 && (lon - 18.1681).abs() < 1e-3);
        let (_, lat, lon) = pair("33.783°N 44.500°E", 0).unwrap();
        assert_eq!((lat, lon), (33.783, 44.5));
        let (_, lat, lon) = pair("7.313°S, 72.411°E", 0).unwrap();
        assert_eq!((lat, lon), (-7.313, 72.411));
        assert_eq!(bare_pair("33.783; 44.500", 0).map(|p| (p.1, p.2)), Some((33.783, 44.5)));
        assert!(pair("5 N 6 E", 0).is_none());
        assert!(pair("33°47′North", 0).is_none());
        assert!(bare_pair("3.5; 4.25", 0).is_none());
    }
}
