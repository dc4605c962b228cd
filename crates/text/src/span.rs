//! `Span`: a half-open byte range into one text. Spans never move: the analysed text is fixed
//! at ingest, and every layer points into it.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The covered slice of `text`; `None` when out of bounds or not on char boundaries.
    pub fn get<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }

    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Shrink the span so it neither starts nor ends with whitespace.
    pub fn trim(&self, text: &str) -> Span {
        let Some(s) = self.get(text) else { return *self };
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if lead == s.len() {
            return Span::new(self.start, self.start);
        }
        Span::new(self.start + lead, self.end - trail)
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_and_cover() {
        let t = "  Tehran  ";
        assert_eq!(Span::new(0, t.len()).trim(t).get(t), Some("Tehran"));
        assert_eq!(Span::new(0, 2).trim(t), Span::new(0, 0));
        assert_eq!(Span::new(1, 3).cover(Span::new(5, 7)), Span::new(1, 7));
        assert!(Span::new(1, 3).overlaps(Span::new(2, 9)));
        assert!(!Span::new(1, 3).overlaps(Span::new(3, 9)));
    }

    #[test]
    fn get_refuses_split_chars() {
        let t = "é";
        assert_eq!(Span::new(0, 1).get(t), None);
        assert_eq!(Span::new(0, 2).get(t), Some("é"));
    }
}
