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

/// Read-only class weights for hashed features.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    n_classes: usize,
    stride: usize,
    mask: usize,
    len: usize,
    /// Quantisation step: every weight is an integer multiple of it (see `quantised`).
    scale: f32,
    /// Per slot: the key (0 = empty) then `n_classes` f32 bit patterns.
    data: Vec<u32>,
}

impl Table {
    /// Builds a table from (key, weights) entries; duplicate keys are summed.
    pub(crate) fn new(n_classes: usize, scale: f32, entries: &[(u32, Vec<f32>)]) -> Table {
        // Load factor between 0.35 and 0.7: probes stay short and the table stays compact.
        let cap = (entries.len() * 10 / 7 + 1).next_power_of_two().max(16);
        let stride = n_classes + 1;
        let mut t = Table {
            n_classes,
            stride,
            mask: cap - 1,
            len: 0,
            scale,
            data: vec![0; cap * stride],
        };
        for (k, w) in entries {
            debug_assert_eq!(w.len(), n_classes);
            t.insert(*k, w);
        }
        t
    }

    fn insert(&mut self, key: u32, w: &[f32]) {
        let mut slot = key as usize & self.mask;
        loop {
            let base = slot * self.stride;
            let k = self.data[base];
            if k == 0 {
                self.data[base] = key;
                for (d, x) in self.data[base + 1..base + self.stride].iter_mut().zip(w) {
                    *d = x.to_bits();
                }
                self.len += 1;
                return;
            }
            if k == key {
                for (d, x) in self.data[base + 1..base + self.stride].iter_mut().zip(w) {
                    *d = (f32::from_bits(*d) + x).to_bits();
                }
                return;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn scale(&self) -> f32 {
        self.scale
    }

    /// Adds the weights of feature `h` (if known) to `scores`.
    #[inline]
    pub(crate) fn add(&self, h: u64, scores: &mut [f32]) {
        let key = key_of(h);
        let mut slot = key as usize & self.mask;
        loop {
            let base = slot * self.stride;
            let k = self.data[base];
            if k == key {
                let row = &self.data[base + 1..base + self.stride];
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += f32::from_bits(*w);
                }
                return;
            }
            if k == 0 {
                return;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// Sums the weights of all `feats` into `scores` (which is zeroed first).
    #[inline]
    pub(crate) fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for &f in feats {
            self.add(f, scores);
        }
    }

    /// All entries, sorted by key (a deterministic order for serialising).
    pub(crate) fn entries(&self) -> Vec<(u32, &[u32])> {
        let mut out: Vec<(u32, &[u32])> = self
            .data
            .chunks_exact(self.stride)
            .filter(|c| c[0] != 0)
            .map(|c| (c[0], &c[1..]))
            .collect();
        out.sort_unstable_by_key(|e| e.0);
        out
    }

    /// Approximate heap size in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.data.len() * 4
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
        Trainer {
            n_classes,
            index: KeyMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            steps: 1.0,
        }
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
        let avg: Vec<f32> = self
            .w
            .iter()
            .zip(&self.u)
            .map(|(w, u)| (f64::from(*w) - u / self.steps) as f32)
            .collect();
        let max = avg.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-9);
        let scale = max / 32767.0;
        let cut = prune * max;
        let mut entries: Vec<(u32, Vec<f32>)> = Vec::new();
        let mut keys: Vec<(&u32, &u32)> = self.index.iter().collect();
        keys.sort_unstable();
        for (&key, &row) in keys {
            let r = &avg[row as usize * k..(row as usize + 1) * k];
            if r.iter().all(|x| x.abs() < cut.max(scale * 0.5)) {
                continue;
            }
            entries.push((key, r.iter().map(|x| quantised(*x, scale)).collect()));
        }
        Table::new(k, scale, &entries)
    }
}

/// `x` rounded to the nearest multiple of `scale` representable as i16 steps.
pub(crate) fn quantised(x: f32, scale: f32) -> f32 {
    f32::from(quantise(x, scale)) * scale
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
        let t = Table::new(
            2,
            1.0,
            &[
                (key_of(7 << 32), vec![1.0, -2.0]),
                (key_of(9 << 32), vec![0.5, 0.5]),
            ],
        );
        let mut s = [0.0; 2];
        t.score(&[7 << 32, 9 << 32, 123 << 32], &mut s);
        assert_eq!(s, [1.5, -1.5]);
        assert_eq!(t.len(), 2);
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
