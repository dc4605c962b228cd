//! The closed tag sets: Universal POS tags (`Upos`), Penn Treebank tags as used by UD English
//! EWT (`Xpos`) and UD v2 dependency relations with the subtypes EWT uses (`Deprel`). Each has
//! a stable index, its CoNLL-U spelling and `FromStr`. Deliberately absent: morphological
//! features and enhanced-dependency relations such as `nmod:of`.

use std::fmt;
use std::str::FromStr;

use crate::SyntaxError;

macro_rules! tag_enum {
    ($(#[$meta:meta])* $name:ident, $kind:literal, { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            /// Every value, in index order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The CoNLL-U spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            /// A dense index, `0..ALL.len()`, stable within one crate version.
            pub fn index(self) -> usize {
                self as usize
            }

            /// The value with this index, if any.
            pub fn from_index(i: usize) -> Option<$name> {
                Self::ALL.get(i).copied()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = SyntaxError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)*
                    _ => Err(SyntaxError::UnknownTag { kind: $kind, tag: s.to_string() }),
                }
            }
        }
    };
}

tag_enum!(
    /// Universal part-of-speech tags (UD v2).
    #[allow(clippy::upper_case_acronyms)]
    Upos, "upos", {
        ADJ = "ADJ",
        ADP = "ADP",
        ADV = "ADV",
        AUX = "AUX",
        CCONJ = "CCONJ",
        DET = "DET",
        INTJ = "INTJ",
        NOUN = "NOUN",
        NUM = "NUM",
        PART = "PART",
        PRON = "PRON",
        PROPN = "PROPN",
        PUNCT = "PUNCT",
        SCONJ = "SCONJ",
        SYM = "SYM",
        VERB = "VERB",
        X = "X",
    }
);

tag_enum!(
    /// Penn Treebank part-of-speech tags as used in the XPOS column of UD English EWT
    /// (the PTB set plus `ADD`, `AFX`, `GW`, `HYPH`, `NFP` and `XX`).
    #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
    Xpos, "xpos", {
        CC = "CC",
        CD = "CD",
        DT = "DT",
        EX = "EX",
        FW = "FW",
        IN = "IN",
        JJ = "JJ",
        JJR = "JJR",
        JJS = "JJS",
        LS = "LS",
        MD = "MD",
        NN = "NN",
        NNS = "NNS",
        NNP = "NNP",
        NNPS = "NNPS",
        PDT = "PDT",
        POS = "POS",
        PRP = "PRP",
        /// `PRP$`
        PRP_S = "PRP$",
        RB = "RB",
        RBR = "RBR",
        RBS = "RBS",
        RP = "RP",
        SYM = "SYM",
        TO = "TO",
        UH = "UH",
        VB = "VB",
        VBD = "VBD",
        VBG = "VBG",
        VBN = "VBN",
        VBP = "VBP",
        VBZ = "VBZ",
        WDT = "WDT",
        WP = "WP",
        /// `WP$`
        WP_S = "WP$",
        WRB = "WRB",
        /// `$`
        DOLLAR = "$",
        /// `#`
        POUND = "#",
        /// ` `` ` (opening quote)
        OPEN_QUOTE = "``",
        /// `''` (closing quote)
        CLOSE_QUOTE = "''",
        /// `-LRB-`
        LRB = "-LRB-",
        /// `-RRB-`
        RRB = "-RRB-",
        /// `,`
        COMMA = ",",
        /// `.`
        PERIOD = ".",
        /// `:`
        COLON = ":",
        HYPH = "HYPH",
        NFP = "NFP",
        ADD = "ADD",
        AFX = "AFX",
        GW = "GW",
        XX = "XX",
    }
);

tag_enum!(
    /// UD v2 dependency relations, with the subtypes UD English EWT uses across its releases.
    #[allow(non_camel_case_types)]
    Deprel, "deprel", {
        Acl = "acl",
        AclRelcl = "acl:relcl",
        Advcl = "advcl",
        AdvclRelcl = "advcl:relcl",
        Advmod = "advmod",
        Amod = "amod",
        Appos = "appos",
        Aux = "aux",
        AuxPass = "aux:pass",
        Case = "case",
        Cc = "cc",
        CcPreconj = "cc:preconj",
        Ccomp = "ccomp",
        Clf = "clf",
        Compound = "compound",
        CompoundPrt = "compound:prt",
        Conj = "conj",
        Cop = "cop",
        Csubj = "csubj",
        CsubjOuter = "csubj:outer",
        CsubjPass = "csubj:pass",
        Dep = "dep",
        Det = "det",
        DetPredet = "det:predet",
        Discourse = "discourse",
        Dislocated = "dislocated",
        Expl = "expl",
        Fixed = "fixed",
        Flat = "flat",
        FlatForeign = "flat:foreign",
        Goeswith = "goeswith",
        Iobj = "iobj",
        List = "list",
        Mark = "mark",
        Nmod = "nmod",
        NmodDesc = "nmod:desc",
        NmodNpmod = "nmod:npmod",
        NmodPoss = "nmod:poss",
        NmodTmod = "nmod:tmod",
        NmodUnmarked = "nmod:unmarked",
        Nsubj = "nsubj",
        NsubjOuter = "nsubj:outer",
        NsubjPass = "nsubj:pass",
        Nummod = "nummod",
        Obj = "obj",
        Obl = "obl",
        OblAgent = "obl:agent",
        OblNpmod = "obl:npmod",
        OblTmod = "obl:tmod",
        OblUnmarked = "obl:unmarked",
        Orphan = "orphan",
        Parataxis = "parataxis",
        Punct = "punct",
        Reparandum = "reparandum",
        Root = "root",
        Vocative = "vocative",
        Xcomp = "xcomp",
    }
);

impl Deprel {
    /// Reads a relation leniently, for treebanks with subtypes this enum lacks: an unknown
    /// subtype falls back to its universal relation, an unknown relation to `dep`.
    pub fn parse_lenient(s: &str) -> Deprel {
        if let Ok(d) = s.parse() {
            return d;
        }
        let base = s.split(':').next().unwrap_or(s);
        base.parse().unwrap_or(Deprel::Dep)
    }

    /// The universal relation without its subtype (`nsubj:pass` -> `nsubj`).
    pub fn universal(self) -> &'static str {
        let s = self.as_str();
        s.split(':').next().unwrap_or(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for u in Upos::ALL {
            assert_eq!(u.as_str().parse::<Upos>().unwrap(), *u);
        }
        for x in Xpos::ALL {
            assert_eq!(x.as_str().parse::<Xpos>().unwrap(), *x);
        }
        for d in Deprel::ALL {
            assert_eq!(d.as_str().parse::<Deprel>().unwrap(), *d);
            assert_eq!(Deprel::from_index(d.index()), Some(*d));
        }
        // Label sets are kept as bit masks in a u64.
        assert!(Deprel::ALL.len() <= 64);
    }

    #[test]
    fn lenient_relations() {
        assert_eq!(Deprel::parse_lenient("nmod:of"), Deprel::Nmod);
        assert_eq!(Deprel::parse_lenient("obl:foo"), Deprel::Obl);
        assert_eq!(Deprel::parse_lenient("weird"), Deprel::Dep);
        assert!("weird".parse::<Deprel>().is_err());
        assert_eq!(Deprel::NsubjPass.universal(), "nsubj");
    }
}
