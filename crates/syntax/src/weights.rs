//! Weight tables of the linear models: `Table`, the read-only table used at inference (open
//! addressing over 32-bit feature keys, one row of class weights stored inline with its key so
//! a lookup touches one cache line or two), and `Trainer`, the averaged-perceptron weights used
//! while training. Deliberately absent: any notion of what the features mean.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The table key of a feature id: its high 32 bits, never 0 (0 marks an empty slot). Two
/// features share a key with probability about 2^-32 per pair, which costs nothing measurable.
#[inline(always)]
pub(crate) fn key_of(h: u64) -> u32 {
    ((h >> 32) as u32).max(1)
}

/// Read-only class weights for hashed features, stored as 16-bit multiples of `scale`.
/// Narrow tables (the parser's transitions, the tagger) keep each row inline with its key, so a
/// lookup touches one slot; wide tables (labels, 50-odd classes) keep only the non-zero weights
/// of a row, since a perceptron touches few classes per feature: there a slot holds the key and
/// the position of the row's (class, weight) pairs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    n_classes: usize,
    /// Number of slots.
    cap: usize,
    /// A key's home slot is `key * cap >> 32`, which keeps key order, so keys inserted in
    /// ascending order fill the table front to back and loading a model is cache-friendly.
    /// order fill the table front to back, which makes loading a model cache-friendly.
    len: usize,
    scale: f32,
    layout: Layout,
}

/// Tables with at most this many classes are stored dense.
const MAX_DENSE: usize = 24;

#[derive(Debug, Clone, PartialEq)]
enum Layout {
    /// Per slot `stride = n_classes + 2` u16: the key's low and high halves (0 = empty), then
    /// the weights as i16 bit patterns.
    Dense { data: Vec<u16>, stride: usize },
    /// Per slot `key << 32 | offset << 8 | count` (key 0 = empty); `pairs` holds
    /// `class << 16 | weight as u16`.
    Sparse { slots: Vec<u64>, pairs: Vec<u32> },
}

impl Table {
    /// Builds a table from distinct keys and their rows of weights in `scale` steps
    /// (`weights.len() == keys.len() * n_classes`).
    pub(crate) fn new(n_classes: usize, scale: f32, keys: &[u32], weights: &[i16]) -> Table {
        assert_eq!(keys.len() * n_classes, weights.len(), "table rows");
        let entries = keys.iter().zip(weights.chunks_exact(n_classes));
        // Load factor 0.6: probes stay short (most lookups are of unknown features, which
        // probe to the next empty slot) and the table stays compact.
        let cap = (keys.len() * 10 / 6).max(16);
        let home = |k: u32| ((u64::from(k) * cap as u64) >> 32) as usize;
        let next = |i: usize| if i + 1 == cap { 0 } else { i + 1 };
        let layout = if n_classes <= MAX_DENSE {
            let stride = n_classes + 2;
            let mut data = vec![0u16; cap * stride];
            for (k, w) in entries {
                let mut i = home(*k);
                while data[i * stride] != 0 || data[i * stride + 1] != 0 {
                    i = next(i);
                }
                let row = &mut data[i * stride..(i + 1) * stride];
                row[0] = *k as u16;
                row[1] = (*k >> 16) as u16;
                for (d, x) in row[2..].iter_mut().zip(w) {
                    *d = *x as u16;
                }
            }
            Layout::Dense { data, stride }
        } else {
            let mut slots = vec![0u64; cap];
            let mut pairs = Vec::new();
            for (k, w) in entries {
                let offset = pairs.len() as u64;
                pairs.extend(
                    w.iter()
                        .enumerate()
                        .filter(|(_, x)| **x != 0)
                        .map(|(c, x)| ((c as u32) << 16) | u32::from(*x as u16)),
                );
                let count = pairs.len() as u64 - offset;
                assert!(offset < 1 << 24 && count < 256, "weight table too large");
                let mut i = home(*k);
                while slots[i] != 0 {
                    i = next(i);
                }
                slots[i] = (u64::from(*k) << 32) | (offset << 8) | count;
            }
            Layout::Sparse { slots, pairs }
        };
        Table { n_classes, cap, len: keys.len(), scale, layout }
    }

    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    #[inline(always)]
    fn home(&self, key: u32) -> usize {
        ((u64::from(key) * self.cap as u64) >> 32) as usize
    }

    #[inline(always)]
    fn next(&self, i: usize) -> usize {
        if i + 1 == self.cap { 0 } else { i + 1 }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn scale(&self) -> f32 {
        self.scale
    }

    /// Sums the weights of all `feats` into `scores` (which is zeroed first).
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        // First touch every feature's home slot in a branch-free loop, so the cache misses
        // overlap instead of queueing behind the probing loop's branches.
        let mut touch = 0u64;
        match &self.layout {
            Layout::Dense { data, stride } => {
                for &f in feats {
                    touch ^= u64::from(data[self.home(key_of(f)) * stride]);
                }
                std::hint::black_box(touch);
                for &f in feats {
                    self.add_dense(data, *stride, f, scores);
                }
            }
            Layout::Sparse { slots, pairs } => {
                for &f in feats {
                    touch ^= slots[self.home(key_of(f))];
                }
                std::hint::black_box(touch);
                // Then find each row and touch its pairs, again before using any of them.
                let mut rows = [(0u32, 0u32); 64];
                let mut n = 0;
                for &f in feats {
                    if let Some((offset, count)) = self.find_sparse(slots, f) {
                        if n == rows.len() {
                            self.add_rows(pairs, &rows[..n], scores);
                            n = 0;
                        }
                        rows[n] = (offset, count);
                        n += 1;
                        touch ^= u64::from(pairs[offset as usize]);
                    }
                }
                std::hint::black_box(touch);
                self.add_rows(pairs, &rows[..n], scores);
            }
        }
        scores.iter_mut().for_each(|s| *s *= self.scale);
    }

    #[inline(always)]
    fn add_dense(&self, data: &[u16], stride: usize, h: u64, scores: &mut [f32]) {
        let key = key_of(h);
        let (lo, hi) = (key as u16, (key >> 16) as u16);
        let mut i = self.home(key);
        loop {
            let row = &data[i * stride..(i + 1) * stride];
            if row[0] == lo && row[1] == hi {
                for (s, w) in scores.iter_mut().zip(&row[2..]) {
                    *s += f32::from(*w as i16);
                }
                return;
            }
            if row[0] == 0 && row[1] == 0 {
                return;
            }
            i = self.next(i);
        }
    }

    /// The (offset, count) of feature `h`'s pairs, if it has a row.
    #[inline(always)]
    fn find_sparse(&self, slots: &[u64], h: u64) -> Option<(u32, u32)> {
        let key = key_of(h);
        let mut i = self.home(key);
        loop {
            let slot = slots[i];
            let k = (slot >> 32) as u32;
            if k == key {
                return Some((((slot >> 8) & 0xff_ffff) as u32, (slot & 0xff) as u32));
            }
            if k == 0 {
                return None;
            }
            i = self.next(i);
        }
    }

    #[inline(always)]
    fn add_rows(&self, pairs: &[u32], rows: &[(u32, u32)], scores: &mut [f32]) {
        for &(offset, count) in rows {
            let (o, c) = (offset as usize, count as usize);
            for p in &pairs[o..o + c] {
                scores[(p >> 16) as usize] += f32::from(*p as u16 as i16);
            }
        }
    }

    /// All entries as sorted keys and their rows of weights in `scale` steps, concatenated.
    pub(crate) fn entries(&self) -> (Vec<u32>, Vec<i16>) {
        let mut out: Vec<(u32, Vec<i16>)> = match &self.layout {
            Layout::Dense { data, stride } => data
                .chunks_exact(*stride)
                .filter(|r| r[0] != 0 || r[1] != 0)
                .map(|r| {
                    let key = u32::from(r[0]) | (u32::from(r[1]) << 16);
                    (key, r[2..].iter().map(|w| *w as i16).collect())
                })
                .collect(),
            Layout::Sparse { slots, pairs } => slots
                .iter()
                .filter(|s| **s != 0)
                .map(|slot| {
                    let offset = ((slot >> 8) & 0xff_ffff) as usize;
                    let count = (slot & 0xff) as usize;
                    let mut w = vec![0i16; self.n_classes];
                    for p in &pairs[offset..offset + count] {
                        w[(p >> 16) as usize] = *p as u16 as i16;
                    }
                    ((slot >> 32) as u32, w)
                })
                .collect(),
        };
        out.sort_unstable_by_key(|e| e.0);
        let keys = out.iter().map(|e| e.0).collect();
        let weights = out.into_iter().flat_map(|e| e.1).collect();
        (keys, weights)
    }

    /// Approximate heap size in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        match &self.layout {
            Layout::Dense { data, .. } => data.len() * 2,
            Layout::Sparse { slots, pairs } => slots.len() * 8 + pairs.len() * 4,
        }
    }
}

/// A hasher for keys that are already well-mixed hashes (spreads them over 64 bits, since
/// the standard map reads the top bits).
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u32(&mut self, i: u32) {
        self.0 = u64::from(i).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type KeyMap = HashMap<u32, u32, BuildHasherDefault<KeyHasher>>;

/// Averaged-perceptron weights while training. Averaging uses the usual trick: alongside the
/// current weights `w` keep `u`, the sum of each update times the step at which it happened;
/// the average over all steps is then `w - u / steps`.
pub(crate) struct Trainer {
    n_classes: usize,
    index: KeyMap,
    w: Vec<f32>,
    u: Vec<f64>,
    steps: f64,
}

impl Trainer {
    pub(crate) fn new(n_classes: usize) -> Trainer {
        Trainer { n_classes, index: KeyMap::default(), w: Vec::new(), u: Vec::new(), steps: 1.0 }
    }

    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Current (not averaged) scores of `feats`.
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for &f in feats {
            if let Some(&row) = self.index.get(&key_of(f)) {
                let base = row as usize * self.n_classes;
                for (s, w) in scores.iter_mut().zip(&self.w[base..base + self.n_classes]) {
                    *s += *w;
                }
            }
        }
    }

    /// Adds `delta` to the weight of `class` for every feature.
    pub(crate) fn update(&mut self, feats: &[u64], class: usize, delta: f32) {
        for &f in feats {
            let n = self.index.len() as u32;
            let row = *self.index.entry(key_of(f)).or_insert(n);
            if row == n {
                self.w.resize(self.w.len() + self.n_classes, 0.0);
                self.u.resize(self.u.len() + self.n_classes, 0.0);
            }
            let i = row as usize * self.n_classes + class;
            self.w[i] += delta;
            self.u[i] += self.steps * f64::from(delta);
        }
    }

    /// Marks the end of one training example.
    pub(crate) fn tick(&mut self) {
        self.steps += 1.0;
    }

    /// The averaged weights as a read-only table, quantised to 16-bit steps; features whose
    /// largest averaged weight is below `prune` times the largest weight of the table are
    /// dropped.
    pub(crate) fn to_table(&self, prune: f32) -> Table {
        let k = self.n_classes;
        let avg: Vec<f32> = self.w.iter().zip(&self.u).map(|(w, u)| (f64::from(*w) - u / self.steps) as f32).collect();
        let max = avg.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-9);
        let scale = max / 32767.0;
        let cut = prune * max;
        let (mut keys_out, mut weights) = (Vec::new(), Vec::new());
        let mut keys: Vec<(&u32, &u32)> = self.index.iter().collect();
        keys.sort_unstable();
        for (&key, &row) in keys {
            let r = &avg[row as usize * k..(row as usize + 1) * k];
            if r.iter().all(|x| x.abs() < cut.max(scale * 0.5)) {
                continue;
            }
            keys_out.push(key);
            weights.extend(r.iter().map(|x| quantise(*x, scale)));
        }
        Table::new(k, scale, &keys_out, &weights)
    }
}

/// `x` as a count of `scale` steps, clamped to i16.
pub(crate) fn quantise(x: f32, scale: f32) -> i16 {
    (x / scale).round().clamp(-32767.0, 32767.0) as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lookup_adds_known_rows_only() {
        for k in [2, 3, 30] {
            let row = |w: [i16; 3]| {
                let mut r = w.to_vec();
                r.resize(k, 0);
                r[..k].to_vec()
            };
            let w: Vec<i16> = [row([2, -4, 0]), row([1, 1, 6])].concat();
            let t = Table::new(k, 0.5, &[7, 9], &w);
            let mut s = vec![0.0; k];
            t.score(&[7 << 32, 9 << 32, 123 << 32], &mut s);
            assert_eq!(s[..2], [1.5, -1.5]);
            assert_eq!(t.len(), 2);
            assert_eq!(t.entries(), (vec![7, 9], w));
        }
    }

    #[test]
    fn averaging_matches_definition() {
        let mut tr = Trainer::new(2);
        let f = [5u64 << 32];
        // Step 1: update +1 on class 0; then two more steps without updates.
        tr.update(&f, 0, 1.0);
        tr.tick();
        tr.tick();
        tr.tick();
        let t = tr.to_table(0.0);
        let mut s = [0.0; 2];
        t.score(&f, &mut s);
        // The weight was 1 after each of the 3 completed steps; averaging over the 4-step
        // clock (which starts at 1) gives 1 - 1/4.
        assert!((s[0] - 0.75).abs() < 1e-3, "{s:?}");
    }
}
