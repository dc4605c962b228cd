//! The syntax layer: every analysable sentence tagged and parsed once with the committed model
//! (`sitrep-syntax`), and lemma candidates for each word. Later stages read subjects, objects,
//! complements and prepositional attachments from here. Not serialized: `sitrep parse` prints
//! it as CoNLL-U.

use std::collections::HashMap;

use sitrep_model::SentenceKind;
use sitrep_syntax::{Model, Parse, Upos};

use crate::segment::Segmentation;

/// Sentences longer than this are lists or debris, not clauses: they are not parsed.
pub const MAX_WORDS: usize = 160;

pub(crate) const LEMMAS_TSV: &str = include_str!("../resources/events/lemmas.tsv");
/// The lemma table's source, for versioning.
pub const LEMMAS_SOURCE: &str = LEMMAS_TSV;

/// One parsed sentence: the parse and each word's lowercased form.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub parse: Parse,
    pub lower: Vec<String>,
}

impl Parsed {
    pub fn len(&self) -> usize {
        self.lower.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lower.is_empty()
    }

    pub fn is_verb(&self, i: usize) -> bool {
        matches!(self.parse.upos[i], Upos::VERB | Upos::AUX)
    }

    pub fn is_noun(&self, i: usize) -> bool {
        matches!(self.parse.upos[i], Upos::NOUN | Upos::PROPN)
    }

    /// Dependents of `i` with relation `rel` (exact UD label, e.g. "nsubj:pass").
    pub fn deps_with<'a>(&'a self, i: usize, rels: &'a [&'a str]) -> impl Iterator<Item = usize> + 'a {
        self.parse.dependents(i).filter(move |d| rels.contains(&self.parse.deprel[*d].as_str()))
    }

    pub fn rel(&self, i: usize) -> &'static str {
        self.parse.deprel[i].as_str()
    }

    /// First and last word of the subtree of `i` (contiguous for projective trees).
    pub fn subtree(&self, i: usize) -> (usize, usize) {
        let (mut lo, mut hi) = (i, i);
        let mut stack = vec![i];
        while let Some(n) = stack.pop() {
            lo = lo.min(n);
            hi = hi.max(n);
            stack.extend(self.parse.dependents(n));
        }
        (lo, hi)
    }
}

/// Parse every body, bullet and heading sentence; `None` for boilerplate, datelines and
/// sentences too long to be clauses.
pub fn parse_sentences(text: &str, seg: &Segmentation) -> Vec<Option<Parsed>> {
    let model = Model::default_model();
    (0..seg.sentences.len())
        .map(|si| {
            let s = &seg.sentences[si];
            if matches!(s.kind, SentenceKind::Boilerplate | SentenceKind::Dateline) {
                return None;
            }
            let toks = seg.tokens_of(si);
            if toks.is_empty() || toks.len() > MAX_WORDS {
                return None;
            }
            let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
            let parse = model.parse(&words);
            let lower = words.iter().map(|w| w.to_lowercase().replace('\u{2019}', "'")).collect();
            Some(Parsed { parse, lower })
        })
        .collect()
}

/// Lemma candidates for inflected words, from rules plus a table of exceptions.
#[derive(Debug, Clone)]
pub struct Lemmatizer {
    /// (form, 'V' | 'N') -> lemma
    exceptions: HashMap<(String, char), String>,
}

impl Lemmatizer {
    pub fn load() -> Self {
        let mut exceptions = HashMap::new();
        for (n, line) in LEMMAS_TSV.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("form\t") {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [form, lemma, pos, ..] = cols[..] else { panic!("lemmas.tsv:{}: expected form, lemma, pos", n + 1) };
            let pos = pos.chars().next().unwrap_or('V');
            exceptions.insert((form.to_lowercase(), pos), lemma.to_lowercase());
        }
        Lemmatizer { exceptions }
    }

    /// Candidate lemmas of a lowercased word used as a verb (`'V'`) or noun (`'N'`), most
    /// likely first; the word itself is always among them.
    pub fn candidates(&self, w: &str, pos: char) -> Vec<String> {
        if let Some(l) = self.exceptions.get(&(w.to_string(), pos)) {
            return vec![l.clone()];
        }
        let mut out: Vec<String> = Vec::new();
        let mut add = |s: String| {
            if !s.is_empty() && !out.contains(&s) {
                out.push(s);
            }
        };
        match pos {
            'V' => {
                if let Some(stem) = w.strip_suffix("ied") {
                    add(format!("{stem}y"));
                }
                for suffix in ["ed", "ing"] {
                    if let Some(stem) = w.strip_suffix(suffix).filter(|s| s.len() >= 2) {
                        let b = stem.as_bytes();
                        let doubled = b.len() >= 3
                            && b[b.len() - 1] == b[b.len() - 2]
                            && !matches!(b[b.len() - 1], b'l' | b's' | b'z' | b'f');
                        if doubled {
                            add(stem[..stem.len() - 1].to_string());
                        }
                        add(stem.to_string());
                        add(format!("{stem}e"));
                        // "expelled", "controlled": a doubled l after a short vowel (tried
                        // after "called" -> "call").
                        if b.len() >= 4 && b[b.len() - 1] == b'l' && b[b.len() - 2] == b'l' {
                            add(stem[..stem.len() - 1].to_string());
                        }
                    }
                }
                if let Some(stem) = w.strip_suffix("ies") {
                    add(format!("{stem}y"));
                }
                if let Some(stem) = w
                    .strip_suffix("es")
                    .filter(|s| s.ends_with(['s', 'x', 'z']) || s.ends_with("ch") || s.ends_with("sh"))
                {
                    add(stem.to_string());
                }
                if let Some(stem) = w.strip_suffix('s').filter(|s| !s.ends_with('s')) {
                    add(stem.to_string());
                }
            }
            _ => {
                if let Some(stem) = w.strip_suffix("ies") {
                    add(format!("{stem}y"));
                }
                if let Some(stem) = w
                    .strip_suffix("es")
                    .filter(|s| s.ends_with(['s', 'x', 'z']) || s.ends_with("ch") || s.ends_with("sh"))
                {
                    add(stem.to_string());
                }
                if let Some(stem) = w.strip_suffix('s').filter(|s| !s.ends_with('s') && s.len() >= 2) {
                    add(stem.to_string());
                }
            }
        }
        add(w.to_string());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemma_candidates() {
        let l = Lemmatizer { exceptions: HashMap::from([(("struck".into(), 'V'), "strike".into())]) };
        assert_eq!(l.candidates("struck", 'V'), ["strike"]);
        assert!(l.candidates("stopped", 'V').starts_with(&["stop".to_string()]));
        assert!(l.candidates("invaded", 'V').contains(&"invade".to_string()));
        assert!(l.candidates("raided", 'V').contains(&"raid".to_string()));
        assert!(l.candidates("killed", 'V').contains(&"kill".to_string()));
        assert!(l.candidates("carried", 'V').contains(&"carry".to_string()));
        assert_eq!(l.candidates("strikes", 'N')[0], "strike");
        assert_eq!(l.candidates("casualties", 'N')[0], "casualty");
        assert_eq!(l.candidates("talks", 'N'), ["talk", "talks"]);
    }
}
