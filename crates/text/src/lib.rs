//! Text primitives shared by every sitrep crate: byte-offset spans, a line index for error
//! positions, strict UTF-8 decoding that says where it failed, the cleaning applied once at
//! ingest, and a normalised view of a text whose offsets map back to the original.
//!
//! Deliberately absent: anything language-specific (tokens, sentences) — that is `extract`.

mod clean;
mod lines;
mod normalize;
mod span;
mod utf8;

pub use clean::clean_text;
pub use lines::{LineIndex, Position};
pub use normalize::{Fold, Normalized};
pub use span::Span;
pub use utf8::{Utf8Error, decode_utf8};

/// Largest char boundary `<= i` in `s` (clamped to `s.len()`).
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Smallest char boundary `>= i` in `s` (clamped to `s.len()`).
pub fn ceil_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}
