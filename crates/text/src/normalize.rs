//! A normalised view of a text for matching (case, quotes, dashes, diacritics, spacing folded)
//! with a byte-level map back to the original, so a match in the view becomes a span in the
//! article. The article text itself is never changed by this.

use crate::Span;
use crate::clean::{is_inline_space, is_invisible};

/// Which foldings to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    /// Lowercase letters (full Unicode lowercasing).
    pub lowercase: bool,
    /// Strip diacritics from Latin letters (é -> e, ł -> l).
    pub diacritics: bool,
    /// Curly quotes and primes to `'`/`"`, dashes to `-`, ellipsis to `...`.
    pub punctuation: bool,
    /// Every run of whitespace (line breaks included) becomes one space.
    pub whitespace: bool,
}

impl Fold {
    /// Everything folded: the view lexicon matching uses.
    pub const ALL: Fold = Fold { lowercase: true, diacritics: true, punctuation: true, whitespace: true };
    /// Only punctuation and whitespace: keeps case, which carries meaning for names.
    pub const SHAPE: Fold = Fold { lowercase: false, diacritics: false, punctuation: true, whitespace: true };
}

/// A folded copy of a text with, for every byte, the original char it came from.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    /// For each byte of `text`: start and end of the original char it came from.
    orig: Vec<(u32, u32)>,
    original_len: usize,
}

impl Normalized {
    pub fn new(src: &str, fold: Fold) -> Self {
        let mut text = String::with_capacity(src.len());
        let mut orig = Vec::with_capacity(src.len());
        let mut last_space = false;
        let mut buf = [0u8; 4];
        for (i, c) in src.char_indices() {
            let span = (i as u32, (i + c.len_utf8()) as u32);
            let emit = |s: &str, text: &mut String, orig: &mut Vec<(u32, u32)>| {
                text.push_str(s);
                orig.extend(std::iter::repeat_n(span, s.len()));
            };
            if is_invisible(c) {
                continue;
            }
            if fold.whitespace && (c == '\n' || c == '\t' || is_inline_space(c)) {
                if !last_space {
                    emit(" ", &mut text, &mut orig);
                    last_space = true;
                }
                continue;
            }
            last_space = false;
            if fold.punctuation {
                if let Some(p) = fold_punct(c) {
                    emit(p, &mut text, &mut orig);
                    continue;
                }
            }
            let c = if fold.diacritics { strip_diacritic(c) } else { c };
            if fold.lowercase && !c.is_lowercase() && c.is_alphabetic() {
                for l in c.to_lowercase() {
                    emit(l.encode_utf8(&mut buf), &mut text, &mut orig);
                }
            } else {
                emit(c.encode_utf8(&mut buf), &mut text, &mut orig);
            }
        }
        Normalized { text, orig, original_len: src.len() }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Map a span of the normalised text back to the original text. An empty span maps to an
    /// empty span at the corresponding position.
    pub fn to_original(&self, span: Span) -> Span {
        if span.start >= self.orig.len() {
            return Span::new(self.original_len, self.original_len);
        }
        let start = self.orig[span.start].0 as usize;
        if span.is_empty() {
            return Span::new(start, start);
        }
        let end = self.orig[(span.end - 1).min(self.orig.len() - 1)].1 as usize;
        Span::new(start, end)
    }

    /// Original byte offset where the normalised byte `i` came from.
    pub fn original_offset(&self, i: usize) -> usize {
        self.orig.get(i).map_or(self.original_len, |o| o.0 as usize)
    }
}

fn fold_punct(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '\u{02BB}' | '`' | '\u{00B4}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => "-",
        '\u{2026}' => "...",
        _ => return None,
    })
}

// Base letters for U+00C0..=U+00FF and U+0100..=U+017F; a char maps to itself where it has no
// plain base (×, ÷, Æ, ß, Þ, ...).
const LATIN1: &str = "AAAAAAÆCEEEEIIIIDNOOOOO×OUUUUYÞßaaaaaaæceeeeiiiidnooooo÷ouuuuyþy";
const LATIN_EXT_A: &str = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIıĲĳJjKkĸLlLlLlLlLlNnNnNnŉŊŋOoOoOoŒœRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzſ";

fn strip_diacritic(c: char) -> char {
    let cp = c as u32;
    let table = match cp {
        0xC0..=0xFF => (LATIN1, cp - 0xC0),
        0x100..=0x17F => (LATIN_EXT_A, cp - 0x100),
        _ => return c,
    };
    table.0.chars().nth(table.1 as usize).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_cover_their_ranges() {
        assert_eq!(LATIN1.chars().count(), 64);
        assert_eq!(LATIN_EXT_A.chars().count(), 128);
        assert_eq!(strip_diacritic('é'), 'e');
        assert_eq!(strip_diacritic('Ł'), 'L');
        assert_eq!(strip_diacritic('ž'), 'z');
        assert_eq!(strip_diacritic('ß'), 'ß');
    }

    #[test]
    fn folds_and_maps_back() {
        let src = "Iran’s  “Supreme\nLeader” Esmaïl…";
        let n = Normalized::new(src, Fold::ALL);
        assert_eq!(n.as_str(), "iran's \"supreme leader\" esmail...");
        let at = n.as_str().find("supreme leader").unwrap();
        let span = n.to_original(Span::new(at, at + "supreme leader".len()));
        assert_eq!(span.get(src), Some("Supreme\nLeader"));
        let at = n.as_str().find("esmail").unwrap();
        assert_eq!(n.to_original(Span::new(at, at + 6)).get(src), Some("Esmaïl"));
        // a span ending inside an expansion maps to the whole original char
        let at = n.as_str().find("...").unwrap();
        assert_eq!(n.to_original(Span::new(at, at + 1)).get(src), Some("…"));
    }

    #[test]
    fn shape_keeps_case() {
        let n = Normalized::new("Trump’s", Fold::SHAPE);
        assert_eq!(n.as_str(), "Trump's");
    }
}
