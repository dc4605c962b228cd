//! The model file format. A file is the magic `SITREPSX`, then a deflate stream of the payload:
//! a format version (u32), a free-text description, the tagger (UPOS table, XPOS candidate
//! lists by name, XPOS table) and the parser (label names, transition table, label table).
//! Integers are little-endian. A table is `n_classes: u32, len: u32, scale: f32`, its keys in
//! ascending order as LEB128 deltas, then one row per key: the number of non-zero weights (u8)
//! and that many (class: u8, weight: i16) pairs, weights being multiples of `scale`. Tag and label names are stored as text so reordering the enums never breaks a
//! committed model.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;

use crate::SyntaxError;
use crate::parser::Parser;
use crate::tagger::Tagger;
use crate::tags::{Deprel, Upos, Xpos};
use crate::weights::Table;

pub(crate) const MAGIC: &[u8; 8] = b"SITREPSX";
pub(crate) const VERSION: u32 = 1;

struct W(Vec<u8>);

impl W {
    fn u32(&mut self, x: u32) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    fn f32(&mut self, x: f32) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    fn varint(&mut self, mut x: u64) {
        loop {
            let b = (x & 0x7f) as u8;
            x >>= 7;
            if x == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn table(&mut self, t: &Table) {
        let (keys, weights) = t.entries();
        self.u32(t.n_classes() as u32);
        self.u32(keys.len() as u32);
        self.f32(t.scale());
        let mut prev = 0u64;
        for k in &keys {
            self.varint(u64::from(*k) - prev);
            prev = u64::from(*k);
        }
        // Rows are sparse: a perceptron leaves most class weights at zero.
        for row in weights.chunks_exact(t.n_classes().max(1)) {
            let nz = row.iter().filter(|w| **w != 0).count();
            self.0.push(nz as u8);
            for (c, w) in row.iter().enumerate().filter(|(_, w)| **w != 0) {
                self.0.push(c as u8);
                self.0.extend_from_slice(&w.to_le_bytes());
            }
        }
    }
}

struct R<'a> {
    b: &'a [u8],
    pos: usize,
}

fn corrupt(what: &str) -> SyntaxError {
    SyntaxError::Model(format!("corrupt model: {what}"))
}

impl R<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], SyntaxError> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.b.len());
        let end = end.ok_or_else(|| corrupt(&format!("truncated at byte {}", self.pos)))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, SyntaxError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn f32(&mut self) -> Result<f32, SyntaxError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn str(&mut self) -> Result<String, SyntaxError> {
        let n = self.u32()? as usize;
        let s = self.take(n)?;
        String::from_utf8(s.to_vec()).map_err(|_| corrupt("string not utf-8"))
    }
    fn table(&mut self) -> Result<Table, SyntaxError> {
        let k = self.u32()? as usize;
        let len = self.u32()? as usize;
        let scale = self.f32()?;
        if k == 0 || k > 256 || len > 1 << 26 || !scale.is_finite() {
            return Err(corrupt("table header"));
        }
        // Tight loops over the remaining bytes: this runs for every feature of the model.
        let b = &self.b[self.pos..];
        let mut p = 0usize;
        let mut keys = Vec::with_capacity(len);
        let mut prev = 0u64;
        for _ in 0..len {
            let mut x = 0u64;
            let mut shift = 0;
            loop {
                let byte = *b.get(p).ok_or_else(|| corrupt("truncated table keys"))?;
                p += 1;
                x |= u64::from(byte & 0x7f) << shift;
                if byte & 0x80 == 0 {
                    break;
                }
                shift += 7;
                if shift > 35 {
                    return Err(corrupt("table key varint"));
                }
            }
            prev += x;
            keys.push(u32::try_from(prev).map_err(|_| corrupt("table key"))?);
        }
        if keys.windows(2).any(|w| w[0] >= w[1]) || keys.first() == Some(&0) {
            return Err(corrupt("table keys not ascending"));
        }
        let mut weights = vec![0i16; len * k];
        for row in weights.chunks_exact_mut(k) {
            let nz = *b.get(p).ok_or_else(|| corrupt("truncated table rows"))? as usize;
            let pairs = b.get(p + 1..p + 1 + 3 * nz).ok_or_else(|| corrupt("truncated table rows"))?;
            p += 1 + 3 * nz;
            for q in pairs.chunks_exact(3) {
                let c = q[0] as usize;
                if c >= k {
                    return Err(corrupt("weight class"));
                }
                row[c] = i16::from_le_bytes([q[1], q[2]]);
            }
        }
        self.pos += p;
        Ok(Table::new(k, scale, &keys, &weights))
    }
}

/// Serialises a model.
pub(crate) fn encode(description: &str, tagger: &Tagger, parser: &Parser) -> Vec<u8> {
    let mut w = W(Vec::new());
    w.u32(VERSION);
    w.str(description);
    w.table(&tagger.first);
    w.table(&tagger.upos);
    w.u32(tagger.xpos_cands.len() as u32);
    for c in &tagger.xpos_cands {
        w.u32(c.len() as u32);
        for x in c {
            w.str(x.as_str());
        }
    }
    w.table(&tagger.xpos);
    w.u32(parser.labels.len() as u32);
    for l in &parser.labels {
        w.str(l.as_str());
    }
    w.table(&parser.trans);
    w.table(&parser.label);
    let mut out = MAGIC.to_vec();
    let mut enc = DeflateEncoder::new(&mut out, Compression::best());
    enc.write_all(&w.0).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail");
    out
}

/// Reads a model written by `encode`.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, Tagger, Parser), SyntaxError> {
    let body = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or_else(|| SyntaxError::Model("not a sitrep syntax model (bad magic)".into()))?;
    let mut payload = Vec::new();
    DeflateDecoder::new(body).read_to_end(&mut payload).map_err(|e| corrupt(&format!("deflate: {e}")))?;
    let mut r = R { b: &payload, pos: 0 };
    let version = r.u32()?;
    if version != VERSION {
        return Err(SyntaxError::Model(format!("model format version {version}, this build reads {VERSION}")));
    }
    let description = r.str()?;
    let first = r.table()?;
    let upos = r.table()?;
    if upos.n_classes() != Upos::ALL.len() || first.n_classes() != Upos::ALL.len() {
        return Err(corrupt("upos table width"));
    }
    let n_cands = r.u32()? as usize;
    if n_cands != Upos::ALL.len() {
        return Err(corrupt("xpos candidate lists"));
    }
    let mut xpos_cands = Vec::with_capacity(n_cands);
    for _ in 0..n_cands {
        let n = r.u32()? as usize;
        let mut c = Vec::with_capacity(n.min(64));
        for _ in 0..n {
            c.push(r.str()?.parse::<Xpos>()?);
        }
        xpos_cands.push(c);
    }
    let xpos = r.table()?;
    let n_labels = r.u32()? as usize;
    if n_labels == 0 || n_labels > 64 {
        return Err(corrupt("label count"));
    }
    let mut labels = Vec::with_capacity(n_labels);
    for _ in 0..n_labels {
        labels.push(r.str()?.parse::<Deprel>()?);
    }
    let trans = r.table()?;
    let label = r.table()?;
    if trans.n_classes() != crate::parser::N_TRANS || label.n_classes() != n_labels {
        return Err(corrupt("parser table widths"));
    }
    if r.pos != payload.len() {
        return Err(corrupt("trailing bytes"));
    }
    Ok((description, Tagger { first, upos, xpos, xpos_cands }, Parser { trans, label, labels }))
}
