//! Word-form normalisation and the lexical atoms computed once per token (hashes of the
//! normalised form, its shape, prefixes and suffixes), plus the hashing that turns a feature
//! template and its atoms into one 64-bit feature id. Deliberately absent: any vocabulary —
//! words are identified by hash only, and unseen words simply have no weights.

use xxhash_rust::xxh3::xxh3_64;

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// Combines a running hash with one more atom (FxHash step; bijective in `x`).
#[inline(always)]
fn step(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// Final avalanche (murmur3 fmix64) so that both the high bits (table key) and the low bits
/// (slot) are well mixed.
#[inline(always)]
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The feature id of template `t` over one atom.
#[inline(always)]
pub(crate) fn f1(t: u32, a: u64) -> u64 {
    finish(step(u64::from(t).wrapping_mul(K), a))
}

/// The feature id of template `t` over two atoms.
#[inline(always)]
pub(crate) fn f2(t: u32, a: u64, b: u64) -> u64 {
    finish(step(step(u64::from(t).wrapping_mul(K), a), b))
}

/// The feature id of template `t` over three atoms.
#[inline(always)]
pub(crate) fn f3(t: u32, a: u64, b: u64, c: u64) -> u64 {
    finish(step(step(step(u64::from(t).wrapping_mul(K), a), b), c))
}

/// The feature id of template `t` over four atoms.
#[inline(always)]
pub(crate) fn f4(t: u32, a: u64, b: u64, c: u64, d: u64) -> u64 {
    finish(step(step(step(step(u64::from(t).wrapping_mul(K), a), b), c), d))
}

/// Atom for "no token here" (before the sentence start, past its end, no such child).
pub(crate) const NONE: u64 = 0x9e37_79b9_7f4a_7c15;
/// Atom for the artificial root token.
pub(crate) const ROOT: u64 = 0x2545_f491_4f6c_dd1d;

/// Token flags used by the tagger.
pub(crate) const FLAG_TITLE: u64 = 1;
pub(crate) const FLAG_UPPER: u64 = 2;
pub(crate) const FLAG_DIGIT: u64 = 4;
pub(crate) const FLAG_HYPHEN: u64 = 8;
pub(crate) const FLAG_ALPHA: u64 = 16;

/// Lexical atoms of one token, all precomputed so feature extraction is integer-only.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Lex {
    /// Normalised form, lowercased.
    pub lower: u64,
    /// Normalised form, case kept.
    pub norm: u64,
    /// Word shape such as `Xx`, `d.d`, `X`, `x-x`.
    pub shape: u64,
    pub pre1: u64,
    pub pre2: u64,
    pub suf1: u64,
    pub suf2: u64,
    pub suf3: u64,
    pub suf4: u64,
    pub flags: u64,
}

/// Maps a form to the normalised spelling used for features: curly quotes become straight,
/// dashes and ellipses take their ASCII treebank spellings, every digit becomes `0`.
/// Case is kept; `lower` receives the lowercased version.
pub(crate) fn normalise(form: &str, norm: &mut String, lower: &mut String) {
    norm.clear();
    lower.clear();
    match form {
        "\u{2014}" | "\u{2013}" | "\u{2015}" => {
            norm.push_str("--");
            lower.push_str("--");
            return;
        }
        "\u{2026}" => {
            norm.push_str("...");
            lower.push_str("...");
            return;
        }
        "\u{201c}" | "\u{201d}" | "\u{201e}" | "\u{ab}" | "\u{bb}" | "''" | "``" => {
            norm.push('"');
            lower.push('"');
            return;
        }
        _ => {}
    }
    for c in form.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' => '"',
            '\u{2010}' | '\u{2011}' => '-',
            '\u{2013}' | '\u{2014}' => '-',
            '\u{a0}' => ' ',
            c if c.is_ascii_digit() => '0',
            c if c.is_numeric() => '0',
            c => c,
        };
        norm.push(c);
        if c.is_ascii() {
            lower.push(c.to_ascii_lowercase());
        } else {
            lower.extend(c.to_lowercase());
        }
    }
}

/// The first `k` characters of `s` (all of it when shorter).
fn prefix(s: &str, k: usize) -> &[u8] {
    match s.char_indices().nth(k) {
        Some((i, _)) => &s.as_bytes()[..i],
        None => s.as_bytes(),
    }
}

/// The last `k` characters of `s` (all of it when shorter).
fn suffix(s: &str, k: usize) -> &[u8] {
    match s.char_indices().rev().nth(k - 1) {
        Some((i, _)) => &s.as_bytes()[i..],
        None => s.as_bytes(),
    }
}

fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_alphabetic() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

impl Lex {
    /// Computes the atoms of `form`, using `norm` and `lower` as scratch buffers.
    pub(crate) fn new(form: &str, norm: &mut String, lower: &mut String) -> Lex {
        normalise(form, norm, lower);
        let mut flags = 0;
        let mut n_upper = 0usize;
        let mut n_alpha = 0usize;
        // Shape: character classes with runs collapsed (at most two of a kind), capped.
        let mut shape = [0u8; 24];
        let mut shape_len = 0usize;
        let mut last = '\0';
        let mut run = 0;
        for (i, c) in norm.chars().enumerate() {
            if c.is_uppercase() {
                n_upper += 1;
                if i == 0 {
                    flags |= FLAG_TITLE;
                }
            }
            if c.is_alphabetic() {
                n_alpha += 1;
            }
            if c.is_numeric() {
                flags |= FLAG_DIGIT;
            }
            if c == '-' {
                flags |= FLAG_HYPHEN;
            }
            let k = shape_class(c);
            if k == last {
                run += 1;
            } else {
                run = 1;
                last = k;
            }
            if run <= 2 && shape_len + 4 <= shape.len() {
                shape_len += k.encode_utf8(&mut shape[shape_len..]).len();
            }
        }
        if n_upper > 1 && n_upper == n_alpha {
            flags |= FLAG_UPPER;
        }
        if n_alpha > 0 {
            flags |= FLAG_ALPHA;
        }
        let lb = lower.as_bytes();
        Lex {
            lower: xxh3_64(lb),
            norm: xxh3_64(norm.as_bytes()),
            shape: xxh3_64(&shape[..shape_len]),
            pre1: xxh3_64(prefix(lower, 1)),
            pre2: xxh3_64(prefix(lower, 2)),
            suf1: xxh3_64(suffix(lower, 1)),
            suf2: xxh3_64(suffix(lower, 2)),
            suf3: xxh3_64(suffix(lower, 3)),
            suf4: xxh3_64(suffix(lower, 4)),
            flags,
        }
    }
}

/// Lexical atoms for every word of a sentence.
pub(crate) fn lex_sentence(words: &[&str]) -> Vec<Lex> {
    let mut norm = String::with_capacity(32);
    let mut lower = String::with_capacity(32);
    words.iter().map(|w| Lex::new(w, &mut norm, &mut lower)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> (String, String) {
        let (mut n, mut l) = (String::new(), String::new());
        normalise(s, &mut n, &mut l);
        (n, l)
    }

    #[test]
    fn normalises_news_typography() {
        assert_eq!(norm("Iran’s").1, "iran's");
        assert_eq!(norm("’s").1, "'s");
        assert_eq!(norm("“").0, "\"");
        assert_eq!(norm("—").0, "--");
        assert_eq!(norm("1,250").0, "0,000");
        assert_eq!(norm("NATO").1, "nato");
        assert_eq!(norm("…").0, "...");
    }

    #[test]
    fn same_atoms_for_curly_and_straight() {
        let (mut n, mut l) = (String::new(), String::new());
        let a = Lex::new("Iran’s", &mut n, &mut l);
        let b = Lex::new("Iran's", &mut n, &mut l);
        assert_eq!(a.lower, b.lower);
        assert_eq!(a.shape, b.shape);
        let c = Lex::new("NATO", &mut n, &mut l);
        assert!(c.flags & FLAG_UPPER != 0);
        let d = Lex::new("1984", &mut n, &mut l);
        let e = Lex::new("2025", &mut n, &mut l);
        assert_eq!(d.lower, e.lower);
    }
}
