//! Syntax for sitrep: a part-of-speech tagger (UPOS and PTB XPOS) and a greedy transition-based
//! dependency parser producing UD v2 trees, both averaged perceptrons over hashed features,
//! trained on UD English EWT, plus CoNLL-U reading and writing, training and evaluation.
//!
//! Deliberately absent: tokenisation and sentence splitting (callers pass words), lemmas and
//! morphological features, non-projective output.
//!
//! ```no_run
//! let model = sitrep_syntax::Model::default_model();
//! let p = model.parse(&["Israel", "launched", "strikes", "."]);
//! assert_eq!(p.head[0], 2); // "Israel" depends on "launched" (1-based; 0 is the root)
//! ```

pub mod conllu;
pub mod eval;
mod features;
mod format;
mod parser;
mod tagger;
mod tags;
pub mod train;
mod weights;

use std::sync::OnceLock;

pub use tags::{Deprel, Upos, Xpos};

/// Errors of this crate: IO, malformed CoNLL-U, unknown tags and unreadable models.
#[derive(Debug, thiserror::Error)]
pub enum SyntaxError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("conll-u line {line}: {message}")]
    Conllu { line: usize, message: String },
    #[error("unknown {kind} tag {tag:?}")]
    UnknownTag { kind: &'static str, tag: String },
    #[error("{0}")]
    Model(String),
}

/// The analysis of one sentence: one entry per input word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parse {
    pub upos: Vec<Upos>,
    pub xpos: Vec<Xpos>,
    /// 0 for the root word, else the 1-based index of the head word.
    pub head: Vec<u32>,
    pub deprel: Vec<Deprel>,
}

impl Parse {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.head.len()
    }

    pub fn is_empty(&self) -> bool {
        self.head.is_empty()
    }

    /// 0-based index of the head of 0-based word `i`, `None` for the root.
    pub fn head_of(&self, i: usize) -> Option<usize> {
        match self.head[i] {
            0 => None,
            h => Some(h as usize - 1),
        }
    }

    /// 0-based indices of the dependents of 0-based word `i`, in order.
    pub fn dependents(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.head.iter().enumerate().filter(move |(_, h)| **h as usize == i + 1).map(|(d, _)| d)
    }
}

/// The trained parser, as returned by `train::train_parser`.
pub use parser::Parser;
/// The trained tagger, as returned by `train::train_tagger`.
pub use tagger::Tagger;

/// Tagger and parser weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    description: String,
    tagger: Tagger,
    parser: Parser,
}

/// The committed model (see `model/NOTICE.md` for its provenance and licence).
static DEFAULT_MODEL_BYTES: &[u8] = include_bytes!("../model/en-ewt.bin");

/// The tag atom the parser sees for a word: UPOS and XPOS together (the pair beats either
/// alone by about a point of UAS). The UPOS part alone is `atom >> 8`.
#[inline]
pub(crate) fn parser_tag(u: Upos, x: Xpos) -> u64 {
    ((u.index() as u64 + 1) << 8) | (x.index() as u64 + 1)
}

impl Model {
    /// A model from its parts; `description` records how it was trained.
    pub fn new(description: impl Into<String>, tagger: Tagger, parser: Parser) -> Model {
        Model { description: description.into(), tagger, parser }
    }

    /// The committed English model (trained on UD English EWT, CC BY-SA 4.0), decoded on
    /// first use.
    ///
    /// # Panics
    /// If the committed model file is corrupt — a build problem, not an input problem.
    pub fn default_model() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::from_bytes(DEFAULT_MODEL_BYTES).unwrap_or_else(|e| {
                panic!("the committed model crates/syntax/model/en-ewt.bin is unusable ({e}); retrain with `cargo xtask train syntax`")
            })
        })
    }

    /// Reads a model written by `to_bytes`.
    pub fn from_bytes(b: &[u8]) -> Result<Model, SyntaxError> {
        let (description, tagger, parser) = format::decode(b)?;
        Ok(Model { description, tagger, parser })
    }

    /// The model file bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        format::encode(&self.description, &self.tagger, &self.parser)
    }

    /// How the model was trained (data, epochs, date), as recorded at training time.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Approximate memory held by the weights, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.tagger.first.heap_bytes()
            + self.tagger.upos.heap_bytes()
            + self.tagger.xpos.heap_bytes()
            + self.parser.trans.heap_bytes()
            + self.parser.label.heap_bytes()
    }

    /// Number of stored features (tagger UPOS, tagger XPOS, transitions, labels).
    pub fn feature_counts(&self) -> [usize; 4] {
        [self.tagger.upos.len(), self.tagger.xpos.len(), self.parser.trans.len(), self.parser.label.len()]
    }

    /// Tags one pre-tokenized sentence.
    pub fn tag(&self, words: &[&str]) -> (Vec<Upos>, Vec<Xpos>) {
        let lex = features::lex_sentence(words);
        let mut sc = tagger::Scratch::default();
        let (mut u, mut x) = (Vec::with_capacity(words.len()), Vec::with_capacity(words.len()));
        self.tagger.tag(&lex, &mut sc, &mut u, &mut x);
        (u, x)
    }

    /// Tags and parses one pre-tokenized sentence.
    pub fn parse(&self, words: &[&str]) -> Parse {
        let lex = features::lex_sentence(words);
        let mut sc = tagger::Scratch::default();
        let (mut u, mut x) = (Vec::with_capacity(words.len()), Vec::with_capacity(words.len()));
        self.tagger.tag(&lex, &mut sc, &mut u, &mut x);
        self.parse_lex(&lex, u, x)
    }

    /// Parses one sentence whose tags are given (for example gold tags, to score the parser
    /// alone).
    pub fn parse_tagged(&self, words: &[&str], upos: &[Upos], xpos: &[Xpos]) -> Parse {
        let lex = features::lex_sentence(words);
        self.parse_lex(&lex, upos.to_vec(), xpos.to_vec())
    }

    fn parse_lex(&self, lex: &[features::Lex], upos: Vec<Upos>, xpos: Vec<Xpos>) -> Parse {
        let n = lex.len();
        if n == 0 {
            return Parse { upos, xpos, head: Vec::new(), deprel: Vec::new() };
        }
        let st = self.parser.parse_lex(lex, &upos, &xpos);
        let head = parser::heads_1based(&st, n);
        let deprel =
            st.label[..n].iter().map(|&l| self.parser.labels.get(l as usize).copied().unwrap_or(Deprel::Dep)).collect();
        Parse { upos, xpos, head, deprel }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_sentence() {
        let m = tiny_model();
        let p = m.parse(&[]);
        assert!(p.is_empty());
    }

    /// A model trained for one epoch on two sentences we wrote: enough to exercise the code.
    pub(crate) fn tiny_model() -> Model {
        let text = "1\tRebels\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tseized\t_\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\t_\tDET\tDT\t_\t4\tdet\t_\t_
4\ttown\t_\tNOUN\tNN\t_\t2\tobj\t_\t_
5\t.\t_\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tTalks\t_\tNOUN\tNNS\t_\t3\tnsubj:pass\t_\t_
2\twere\t_\tAUX\tVBD\t_\t3\taux:pass\t_\t_
3\tcancelled\t_\tVERB\tVBN\t_\t0\troot\t_\t_
";
        let s = conllu::read(text).unwrap();
        let data = train::prepare(&s);
        let cfg = train::TrainConfig {
            tagger_epochs: 1,
            parser_epochs: 1,
            jackknife_folds: 0,
            ..train::TrainConfig::default()
        };
        train::train(&data, &[], &cfg, &mut |_| {})
    }

    #[test]
    fn bytes_round_trip() {
        let m = tiny_model();
        let b = m.to_bytes();
        let m2 = Model::from_bytes(&b).unwrap();
        assert_eq!(m2, m);
        assert_eq!(m2.to_bytes(), b);
        let words = ["Rebels", "were", "seized", "."];
        assert_eq!(m.parse(&words), m2.parse(&words));
    }

    #[test]
    fn rejects_garbage() {
        assert!(Model::from_bytes(b"nonsense").is_err());
        let mut b = tiny_model().to_bytes();
        b.truncate(b.len() / 2);
        assert!(Model::from_bytes(&b).is_err());
    }

    #[test]
    fn parse_is_a_tree() {
        let m = tiny_model();
        let words = ["Talks", "seized", "the", "rebels", "were", "cancelled", "."];
        let p = m.parse(&words);
        assert_eq!(p.len(), words.len());
        assert_eq!(p.head.iter().filter(|h| **h == 0).count(), 1);
        for i in 0..p.len() {
            // Following heads from any word reaches the root without a cycle.
            let mut x = i;
            for _ in 0..=p.len() {
                match p.head_of(x) {
                    Some(h) => x = h,
                    None => break,
                }
            }
            assert!(p.head_of(x).is_none());
        }
    }
}
