//! Duplicate detection. Two texts are **exact duplicates** when their normalised forms
//! (case, punctuation and spacing folded) hash alike. They are **near duplicates** when they
//! share most of their word 5-shingles: the same wire story under another outlet's template,
//! trimmed, with a new headline or an added paragraph.
//!
//! Each text gets a [`Fingerprint`]: the normalised-text hash, the number of distinct
//! shingles, and a MinHash signature (120 xxh3-based hash functions). Signatures are banded
//! for LSH ([`Fingerprint::bands`], 40 bands of 3 rows) so a store finds candidates by
//! equality lookups; [`Similarity::between`] then estimates resemblance (Jaccard) and
//! containment from two signatures, and [`Similarity::is_near_duplicate`] decides.
//!
//! Why containment as well as resemblance: a copy trimmed to its first half shares only half
//! of the original's shingles (Jaccard 0.5) but nearly all of its own (containment ~1).
//! Why a minimum size: two one-line texts sharing a clause are paraphrases or coincidences,
//! not copies; short texts must match on resemblance alone.

use std::collections::BTreeMap;

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// MinHash functions in a signature.
pub const SIGNATURE_LEN: usize = BANDS * ROWS;
/// LSH bands and rows per band: a pair with resemblance 0.3 becomes a candidate with
/// probability 0.67, with 0.5 with probability 0.995, with 0.1 with probability 0.04.
pub const BANDS: usize = 40;
pub const ROWS: usize = 3;

/// Resemblance at or above which two texts are near duplicates.
pub const MIN_RESEMBLANCE: f64 = 0.5;
/// Resemblance needed when the smaller text is short (under [`MIN_SHINGLES_FOR_CONTAINMENT`]
/// shingles): two sentences sharing half their shingles are paraphrases, not copies.
pub const MIN_RESEMBLANCE_SHORT: f64 = 0.8;
/// Share of the figures quoted by the text with fewer figures that the other must also
/// quote: the same report template with other figures (a daily price, a weekly balance) is
/// another report, not a copy.
pub const MIN_FIGURE_CONTAINMENT: f64 = 0.7;
/// Figures kept per fingerprint.
const MAX_FIGURES: usize = 64;
/// Containment (share of the smaller text's shingles found in the larger) at or above which
/// two texts are near duplicates, when the smaller has at least [`MIN_SHINGLES_FOR_CONTAINMENT`].
pub const MIN_CONTAINMENT: f64 = 0.8;
pub const MIN_SHINGLES_FOR_CONTAINMENT: u32 = 40;

/// What dedup keeps of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// xxh3 of the normalised text: equal for exact duplicates.
    pub content_hash: u64,
    /// Number of distinct shingles.
    pub shingles: u32,
    /// MinHash signature, [`SIGNATURE_LEN`] values.
    pub minhash: Vec<u32>,
    /// Hashes (32 bits) of the distinct figures in the text (words with a digit), sorted,
    /// at most 64.
    pub figures: Vec<u32>,
}

impl Fingerprint {
    /// Fingerprint a text.
    pub fn of(text: &str) -> Self {
        let words = words(text);
        let content_hash = xxh3_64(words.join(" ").as_bytes());
        let shingle_hashes = shingle_hashes(&words);
        let mut minhash = vec![u32::MAX; SIGNATURE_LEN];
        for &h in &shingle_hashes {
            for (i, slot) in minhash.iter_mut().enumerate() {
                let v = (mix(h ^ SEEDS[i]) >> 32) as u32;
                if v < *slot {
                    *slot = v;
                }
            }
        }
        let mut figures: Vec<u32> = figures(text).iter().map(|f| xxh3_64(f.as_bytes()) as u32).collect();
        figures.sort_unstable();
        figures.dedup();
        figures.truncate(MAX_FIGURES);
        Fingerprint { content_hash, shingles: shingle_hashes.len() as u32, minhash, figures }
    }

    /// Figures as little-endian bytes, for storage.
    pub fn figures_bytes(&self) -> Vec<u8> {
        self.figures.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// Rebuild figures from stored bytes; `None` if the length is not a multiple of four.
    pub fn figures_from_bytes(bytes: &[u8]) -> Option<Vec<u32>> {
        if !bytes.len().is_multiple_of(4) {
            return None;
        }
        Some(bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }

    /// The content hash as 16 hex digits, as stored.
    pub fn content_hex(&self) -> String {
        format!("{:016x}", self.content_hash)
    }

    /// One key per LSH band: texts sharing any band key are candidates. Keys are masked to
    /// 63 bits so they fit a signed 64-bit database integer.
    pub fn bands(&self) -> Vec<(u32, i64)> {
        if self.shingles == 0 {
            return Vec::new();
        }
        self.minhash
            .chunks(ROWS)
            .enumerate()
            .map(|(b, rows)| {
                let bytes: Vec<u8> = rows.iter().flat_map(|v| v.to_le_bytes()).collect();
                (b as u32, (xxh3_64_with_seed(&bytes, b as u64) & (i64::MAX as u64)) as i64)
            })
            .collect()
    }

    /// Signature as little-endian bytes, for storage.
    pub fn minhash_bytes(&self) -> Vec<u8> {
        self.minhash.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// Rebuild a signature from stored bytes; `None` if the length is wrong.
    pub fn minhash_from_bytes(bytes: &[u8]) -> Option<Vec<u32>> {
        if bytes.len() != SIGNATURE_LEN * 4 {
            return None;
        }
        Some(bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
}

/// How alike two fingerprinted texts are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// Estimated Jaccard similarity of the shingle sets.
    pub resemblance: f64,
    /// Estimated share of the smaller set contained in the larger.
    pub containment: f64,
    /// Shingles of the smaller text.
    pub smaller: u32,
    /// Share of the figures of the text quoting fewer that the other quotes too (1 when
    /// either quotes none).
    pub figures: f64,
}

impl Similarity {
    /// Estimate from two signatures (and their shingle counts).
    pub fn between(a: &Fingerprint, b: &Fingerprint) -> Similarity {
        let mut s = Self::from_parts(&a.minhash, a.shingles, &b.minhash, b.shingles);
        s.figures = figure_containment(&a.figures, &b.figures);
        s
    }

    /// From signatures alone (figures taken to agree).
    pub fn from_parts(a: &[u32], a_len: u32, b: &[u32], b_len: u32) -> Similarity {
        let smaller = a_len.min(b_len);
        if a_len == 0 || b_len == 0 || a.len() != b.len() || a.is_empty() {
            return Similarity { resemblance: 0.0, containment: 0.0, smaller, figures: 1.0 };
        }
        let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
        let j = same as f64 / a.len() as f64;
        // |A ∩ B| = J (|A| + |B|) / (1 + J); containment divides it by the smaller set.
        let inter = j * (a_len as f64 + b_len as f64) / (1.0 + j);
        let containment = (inter / smaller as f64).min(1.0);
        Similarity { resemblance: j, containment, smaller, figures: 1.0 }
    }

    pub fn is_near_duplicate(&self) -> bool {
        if self.figures < MIN_FIGURE_CONTAINMENT {
            return false;
        }
        if self.smaller < MIN_SHINGLES_FOR_CONTAINMENT {
            return self.resemblance >= MIN_RESEMBLANCE_SHORT;
        }
        self.resemblance >= MIN_RESEMBLANCE || self.containment >= MIN_CONTAINMENT
    }

    /// The one number reported with a near-duplicate link: the larger of the two measures
    /// that can make the decision.
    pub fn score(&self) -> f64 {
        if self.smaller >= MIN_SHINGLES_FOR_CONTAINMENT {
            self.resemblance.max(self.containment)
        } else {
            self.resemblance
        }
    }
}

/// An in-memory LSH index over fingerprints, for batch work (evaluation, clustering).
#[derive(Debug, Default)]
pub struct LshIndex {
    buckets: BTreeMap<(u32, i64), Vec<usize>>,
    items: Vec<Fingerprint>,
}

impl LshIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a fingerprint; returns its index.
    pub fn insert(&mut self, fp: Fingerprint) -> usize {
        let id = self.items.len();
        for key in fp.bands() {
            self.buckets.entry(key).or_default().push(id);
        }
        self.items.push(fp);
        id
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, id: usize) -> Option<&Fingerprint> {
        self.items.get(id)
    }

    /// Indexes sharing at least one band with `fp`, ascending, without repeats.
    pub fn candidates(&self, fp: &Fingerprint) -> Vec<usize> {
        let mut out: Vec<usize> = fp.bands().iter().filter_map(|k| self.buckets.get(k)).flatten().copied().collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The most similar earlier item that is an exact or near duplicate of `fp`.
    pub fn best_match(&self, fp: &Fingerprint) -> Option<(usize, Match)> {
        if let Some(i) = self.items.iter().position(|x| x.content_hash == fp.content_hash) {
            return Some((i, Match::Exact));
        }
        best_near(fp, self.candidates(fp).into_iter().map(|i| (i, &self.items[i])))
    }
}

/// How an incoming text relates to one already seen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Match {
    Exact,
    Near(Similarity),
}

/// Among candidate fingerprints, the one most similar to `fp` that is a near duplicate.
pub fn best_near<'a, K>(
    fp: &Fingerprint,
    candidates: impl IntoIterator<Item = (K, &'a Fingerprint)>,
) -> Option<(K, Match)> {
    let mut best: Option<(K, Similarity)> = None;
    for (k, c) in candidates {
        let s = Similarity::between(fp, c);
        if s.is_near_duplicate() && best.as_ref().is_none_or(|(_, b)| s.score() > b.score()) {
            best = Some((k, s));
        }
    }
    best.map(|(k, s)| (k, Match::Near(s)))
}

/// The figures a text quotes, whole: `1.5`, `6-1/8`, `2,000`, `2025` (digits joined by
/// `.`, `,`, `/`, `-`, `:` between digits).
pub fn figures(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() {
            if b[i].is_ascii_digit() {
                i += 1;
            } else if matches!(b[i], b'.' | b',' | b'/' | b'-' | b':') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                i += 2;
            } else {
                break;
            }
        }
        out.push(&text[start..i]);
    }
    out
}

/// Share of the smaller sorted figure set found in the larger; 1 when either is empty.
fn figure_containment(a: &[u32], b: &[u32]) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 1.0;
    }
    let shared = small.iter().filter(|x| large.binary_search(x).is_ok()).count();
    shared as f64 / small.len() as f64
}

/// Normalised words: lowercase alphanumeric runs, so case, punctuation, quote styles and
/// spacing do not make two copies differ.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect()
}

/// Hashes of the distinct word shingles, sorted. A text shorter than one shingle is one
/// shingle of all its words.
fn shingle_hashes(words: &[String]) -> Vec<u64> {
    if words.is_empty() {
        return Vec::new();
    }
    let k = SHINGLE_WORDS.min(words.len());
    let mut out: Vec<u64> = words.windows(k).map(|w| xxh3_64(w.join(" ").as_bytes())).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// splitmix64 finaliser: a cheap, well-mixed permutation of 64-bit values.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// One fixed seed per hash function, so signatures are stable across runs and machines.
const SEEDS: [u64; SIGNATURE_LEN] = {
    let mut s = [0u64; SIGNATURE_LEN];
    let mut i = 0;
    let mut x: u64 = 0x5173_7265_7064_6475; // "sitrepdu"
    while i < SIGNATURE_LEN {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        s[i] = x;
        i += 1;
    }
    s
};

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Iran launched a wave of missiles at northern Israel overnight, the military said on \
        Saturday, hours after Israeli jets struck air defence sites near Tehran. Sirens sounded in Haifa \
        and the Galilee, and residents were told to stay near shelters until further notice. The army \
        said most of the missiles were intercepted, but at least two hit open ground near a highway. \
        Emergency services reported three people lightly hurt while running to shelters. Iran's \
        Revolutionary Guards said the barrage was a response to the strikes on its territory and warned \
        of further action if the attacks continued. Diplomats in Geneva said talks planned for next week \
        were now in doubt.";

    struct Case {
        name: &'static str,
        other: String,
        exact: bool,
        near: bool,
    }

    fn cases() -> Vec<Case> {
        let half: String = STORY.split(". ").take(4).collect::<Vec<_>>().join(". ");
        vec![
            Case { name: "same text, other spacing and quotes", other: STORY.replace("Iran's", "Iran’s").replace(". ", ".\n\n"), exact: true, near: true },
            Case { name: "other template", other: format!("DUBAI (Gulf Wire) - {STORY}\n\nReporting by Staff; editing by Desk. Follow us for more."), exact: false, near: true },
            Case { name: "trimmed to its first half", other: half, exact: false, near: true },
            Case { name: "added paragraph", other: format!("{STORY}\n\nOil prices rose more than 3% in early Asian trade as traders weighed the risk to shipping in the Gulf."), exact: false, near: true },
            Case { name: "unrelated story", other: "The central bank held interest rates steady on Thursday, citing easing inflation and a stronger currency, and said it would review its policy again in September after new figures on wages and output.".into(), exact: false, near: false },
        ]
    }

    #[test]
    fn decides_each_case() {
        let base = Fingerprint::of(STORY);
        for c in cases() {
            let fp = Fingerprint::of(&c.other);
            assert_eq!(fp.content_hash == base.content_hash, c.exact, "{}", c.name);
            let s = Similarity::between(&base, &fp);
            assert_eq!(s.is_near_duplicate(), c.near, "{}: {s:?}", c.name);
        }
    }

    #[test]
    fn index_finds_near_copies_and_ignores_others() {
        let mut idx = LshIndex::new();
        idx.insert(Fingerprint::of("Talks between the envoys resumed in Muscat on Sunday after a pause of two weeks, officials from both delegations said."));
        let story = idx.insert(Fingerprint::of(STORY));
        let copy = Fingerprint::of(&format!("{STORY} Markets fell."));
        let (i, m) = idx.best_match(&copy).expect("a match");
        assert_eq!(i, story);
        assert!(matches!(m, Match::Near(s) if s.resemblance > 0.8), "{m:?}");
        assert_eq!(idx.best_match(&Fingerprint::of(STORY)), Some((story, Match::Exact)));
        assert_eq!(idx.best_match(&Fingerprint::of("A short unrelated note about the weather.")), None);
    }

    #[test]
    fn same_template_other_figures_is_another_report() {
        let report = |a: u32, b: u32| {
            format!(
                "The Federal Reserve said it added {a} mln dlrs of reserves to the banking system on Tuesday through customer repurchase agreements, as federal funds traded at {b} pct, dealers said. The operation was in line with what dealers had expected given the shortfall reported earlier in the week."
            )
        };
        let s = Similarity::between(&Fingerprint::of(&report(1500, 6)), &Fingerprint::of(&report(2000, 7)));
        assert!(s.resemblance > 0.5, "{s:?}");
        assert!(!s.is_near_duplicate(), "{s:?}");
        let same = Similarity::between(
            &Fingerprint::of(&report(1500, 6)),
            &Fingerprint::of(&format!("{} Markets were calm.", report(1500, 6))),
        );
        assert!(same.is_near_duplicate(), "{same:?}");
    }

    #[test]
    fn figures_are_whole() {
        assert_eq!(
            figures("rose 1.5 billion dlrs to 2,000 at 6-1/8 pct on 12:30, item 7."),
            ["1.5", "2,000", "6-1/8", "12:30", "7"]
        );
    }

    #[test]
    fn empty_and_tiny_texts() {
        let e = Fingerprint::of("");
        assert_eq!(e.shingles, 0);
        assert!(e.bands().is_empty());
        assert!(!Similarity::between(&e, &e).is_near_duplicate());
        let t = Fingerprint::of("Strikes reported.");
        assert_eq!(t.shingles, 1);
        assert!(Similarity::between(&t, &Fingerprint::of("strikes REPORTED")).is_near_duplicate());
        assert_eq!(Fingerprint::minhash_from_bytes(&t.minhash_bytes()), Some(t.minhash.clone()));
        assert_eq!(Fingerprint::minhash_from_bytes(&[1, 2, 3]), None);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text fingerprints; a text is always an exact duplicate of itself, and
        /// similarity is symmetric.
        #[test]
        fn any_text(a in "\\PC{0,400}", b in "\\PC{0,400}") {
            let (fa, fb) = (Fingerprint::of(&a), Fingerprint::of(&b));
            prop_assert_eq!(Fingerprint::of(&a), fa.clone());
            let (ab, ba) = (Similarity::between(&fa, &fb), Similarity::between(&fb, &fa));
            prop_assert_eq!(ab.resemblance, ba.resemblance);
            prop_assert_eq!(ab.is_near_duplicate(), ba.is_near_duplicate());
            prop_assert!(ab.containment <= 1.0 && ab.resemblance <= 1.0);
            let _ = figures(&a);
        }
    }
}
