//! The trigger lexicon (`resources/events/triggers.tsv` and `classes.tsv`): which words and
//! phrases name which CAMEO events, under which conditions on their arguments.

use std::collections::{HashMap, HashSet};

pub(crate) const TRIGGERS_TSV: &str = include_str!("../../resources/events/triggers.tsv");
pub(crate) const CLASSES_TSV: &str = include_str!("../../resources/events/classes.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    Verb,
    Noun,
}

/// A condition on the trigger's direct object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjCond {
    /// A class name from classes.tsv or a literal lemma.
    pub what: String,
    pub negated: bool,
}

/// One row of triggers.tsv.
#[derive(Debug, Clone)]
pub struct Entry {
    pub code: String,
    /// The head word's lemma.
    pub head: String,
    /// Further words of a phrase ("down" in "shoot down"), found among the head's dependents
    /// or right after it.
    pub rest: Vec<String>,
    pub pos: Pos,
    pub obj: Vec<ObjCond>,
    /// Prepositions one of which must attach to the trigger; its object is the target
    /// ("strikes on Iran", "pushed into the city").
    pub prep: Vec<String>,
    pub speech: bool,
    pub recip: bool,
    pub light: bool,
    /// Only as a speech act's proposition ("threatened a response").
    pub embedded: bool,
    pub src: Option<String>,
    pub target: Option<String>,
    /// The row's line, for evidence ("event.lexicon:123").
    pub line: usize,
}

impl Entry {
    /// More specific rows (more conditions, longer phrases) are tried first.
    fn specificity(&self) -> usize {
        self.obj.len() * 2 + self.rest.len() * 3 + usize::from(!self.prep.is_empty())
    }
}

#[derive(Debug, Clone)]
pub struct Triggers {
    by_head: HashMap<(String, Pos), Vec<Entry>>,
    pub classes: HashMap<String, HashSet<String>>,
}

impl Triggers {
    pub fn load(codes: &super::codes::CodeTable) -> Self {
        Self::parse(TRIGGERS_TSV, CLASSES_TSV, codes).unwrap_or_else(|e| panic!("event lexicon: {e}"))
    }

    pub fn parse(triggers: &str, classes_src: &str, codes: &super::codes::CodeTable) -> Result<Self, String> {
        let mut classes: HashMap<String, HashSet<String>> = HashMap::new();
        for (n, line) in classes_src.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("class\t") {
                continue;
            }
            let mut c = line.split('\t');
            let (Some(name), Some(lemmas)) = (c.next(), c.next()) else {
                return Err(format!("classes.tsv:{}: expected class, lemmas", n + 1));
            };
            classes
                .entry(name.trim().to_string())
                .or_default()
                .extend(lemmas.split('|').map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()));
        }
        let mut by_head: HashMap<(String, Pos), Vec<Entry>> = HashMap::new();
        for (n, line) in triggers.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() || line.starts_with("code\t") {
                continue;
            }
            let line_no = n + 1;
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 3 {
                return Err(format!("triggers.tsv:{line_no}: expected code, lemma, pos, frame"));
            }
            let code = c[0].trim().to_string();
            if !codes.contains(&code) {
                return Err(format!("triggers.tsv:{line_no}: unknown CAMEO code {code:?}"));
            }
            let words: Vec<String> = c[1].split_whitespace().map(str::to_lowercase).collect();
            let Some((head, rest)) = words.split_first() else {
                return Err(format!("triggers.tsv:{line_no}: empty lemma"));
            };
            let pos = match c[2].trim() {
                "V" => Pos::Verb,
                "N" => Pos::Noun,
                p => return Err(format!("triggers.tsv:{line_no}: pos {p:?} is not V or N")),
            };
            let mut e = Entry {
                code,
                head: head.clone(),
                rest: rest.to_vec(),
                pos,
                obj: vec![],
                prep: vec![],
                speech: false,
                recip: false,
                light: false,
                embedded: false,
                src: None,
                target: None,
                line: line_no,
            };
            for part in c.get(3).unwrap_or(&"").split(';').map(str::trim).filter(|p| !p.is_empty()) {
                let (key, value) = part.split_once(['=']).map_or((part, ""), |(k, v)| (k, v));
                let (key, negated) = match key.strip_suffix('!') {
                    Some(k) => (k, true),
                    None => (key, false),
                };
                match key {
                    "obj" => {
                        for v in value.split('|').filter(|v| !v.is_empty()) {
                            e.obj.push(ObjCond { what: v.to_lowercase(), negated });
                        }
                    }
                    "prep" => e.prep.extend(value.split('|').map(str::to_lowercase)),
                    "speech" => e.speech = true,
                    "recip" => e.recip = true,
                    "light" => e.light = true,
                    "embedded" => e.embedded = true,
                    "src" => e.src = Some(value.to_string()),
                    "target" => e.target = Some(value.to_string()),
                    other => return Err(format!("triggers.tsv:{line_no}: unknown frame key {other:?}")),
                }
            }
            by_head.entry((e.head.clone(), pos)).or_default().push(e);
        }
        for entries in by_head.values_mut() {
            entries.sort_by_key(|e| std::cmp::Reverse(e.specificity()));
        }
        Ok(Triggers { by_head, classes })
    }

    pub fn entries(&self, head: &str, pos: Pos) -> &[Entry] {
        self.by_head.get(&(head.to_string(), pos)).map_or(&[], Vec::as_slice)
    }

    /// Whether `lemma` is in class `what` (or is `what` itself).
    pub fn in_class(&self, lemma: &str, what: &str) -> bool {
        lemma == what || self.classes.get(what).is_some_and(|c| c.contains(lemma))
    }

    /// Whether a noun names an event (has any noun entry).
    pub fn is_event_noun(&self, lemma: &str) -> bool {
        self.by_head.contains_key(&(lemma.to_string(), Pos::Noun))
    }
}
