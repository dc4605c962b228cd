//! The attribution lexicon: cue verbs with their kind, speech act and frames
//! (`resources/quotes/cues.tsv`), and the word classes that delimit sources and contents
//! (`resources/quotes/words.txt`). Loaded and validated once; every inflected form of a cue
//! maps back to its entry.

use std::collections::{HashMap, HashSet};

use sitrep_model::{ClaimAct, QuoteKind};

pub(crate) const CUES_TSV: &str = include_str!("../../resources/quotes/cues.tsv");
pub(crate) const WORDS_TXT: &str = include_str!("../../resources/quotes/words.txt");

/// How a cue's content can follow it (see the header of `cues.tsv`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Frames {
    pub that: bool,
    pub zero: bool,
    pub quote: bool,
    pub final_: bool,
    pub to: bool,
    pub obj: bool,
    pub rcpt: bool,
    pub obj_to: bool,
    pub obj_of: bool,
    pub of: bool,
    pub obj_as: bool,
    pub obj2: bool,
    pub wh: bool,
    pub raising: bool,
}

/// One cue entry.
#[derive(Debug, Clone)]
pub struct CueEntry {
    pub lemma: String,
    pub kind: QuoteKind,
    /// The speech act the cue makes, when the cue alone decides it.
    pub act: Option<ClaimAct>,
    pub frames: Frames,
}

/// Which form of the verb a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// "say", "believe": needs a plural subject or an auxiliary before it.
    Base,
    /// "says", "said", "told", "written".
    Finite,
    /// "saying", "adding": a participle continuing an earlier attribution.
    Ing,
}

/// Closed word classes from `words.txt`.
#[derive(Debug, Clone, Default)]
pub struct Words {
    pub aux: HashSet<String>,
    pub negation: HashSet<String>,
    pub adverb: HashSet<String>,
    pub not_adverb: HashSet<String>,
    pub conjunction: HashSet<String>,
    pub determiner: HashSet<String>,
    pub pronoun: HashSet<String>,
    pub clause_stop: HashSet<String>,
    pub anonymous: HashSet<String>,
    pub anonymous_marker: Vec<Vec<String>>,
    pub recipient: Vec<Vec<String>>,
    pub channel: Vec<Vec<String>>,
    pub headline_label: HashSet<String>,
    pub org_word: HashSet<String>,
}

/// The validated lexicon.
#[derive(Debug, Clone)]
pub struct CueLexicon {
    pub entries: Vec<CueEntry>,
    /// Folded form, words joined by one space -> (entry, form).
    forms: HashMap<String, (usize, Form)>,
    /// Longest form, in words.
    max_words: usize,
    pub words: Words,
}

impl CueLexicon {
    pub fn load() -> Self {
        Self::parse(CUES_TSV, WORDS_TXT).unwrap_or_else(|e| panic!("quotes lexicon: {e}"))
    }

    pub fn parse(cues: &str, words: &str) -> Result<Self, String> {
        let mut lx = CueLexicon { entries: Vec::new(), forms: HashMap::new(), max_words: 1, words: Words::default() };
        let mut header = false;
        for (n, line) in cues.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !header {
                header = true;
                continue;
            }
            let at = |msg: String| format!("cues.tsv:{}: {msg}", n + 1);
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.len() < 4 || cells.len() > 5 {
                return Err(at(format!("{} cells, expected 4 or 5", cells.len())));
            }
            let lemma = cells[0].trim().to_string();
            let kind = match cells[1] {
                "speech" => QuoteKind::Speech,
                "belief" => QuoteKind::Belief,
                "intention" => QuoteKind::Intention,
                k => return Err(at(format!("unknown kind {k:?}"))),
            };
            let act = match cells[2] {
                "-" => None,
                a => Some(parse_act(a).ok_or_else(|| at(format!("unknown act {a:?}")))?),
            };
            let mut frames = Frames::default();
            for f in cells[3].split_whitespace() {
                let slot = match f {
                    "that" => &mut frames.that,
                    "zero" => &mut frames.zero,
                    "quote" => &mut frames.quote,
                    "final" => &mut frames.final_,
                    "to" => &mut frames.to,
                    "obj" => &mut frames.obj,
                    "rcpt" => &mut frames.rcpt,
                    "obj_to" => &mut frames.obj_to,
                    "obj_of" => &mut frames.obj_of,
                    "of" => &mut frames.of,
                    "obj_as" => &mut frames.obj_as,
                    "obj2" => &mut frames.obj2,
                    "wh" => &mut frames.wh,
                    "raising" => &mut frames.raising,
                    _ => return Err(at(format!("unknown frame {f:?}"))),
                };
                *slot = true;
            }
            let idx = lx.entries.len();
            if lx.entries.iter().any(|e| e.lemma == lemma) {
                return Err(at(format!("duplicate cue {lemma:?}")));
            }
            let explicit: Vec<String> = cells
                .get(4)
                .map(|c| c.split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect())
                .unwrap_or_default();
            // Explicit forms replace the generated ones, the base form included ("stated",
            // "stating" without "state").
            let mut forms: Vec<(String, Form)> = Vec::new();
            if explicit.is_empty() {
                forms.push((lemma.clone(), Form::Base));
                forms.extend(inflect(&lemma));
            } else {
                forms.extend(explicit.into_iter().map(|f| {
                    let form = if f.split(' ').next().is_some_and(|w| w.ends_with("ing")) {
                        Form::Ing
                    } else if f == lemma {
                        Form::Base
                    } else {
                        Form::Finite
                    };
                    (f, form)
                }));
            }
            for (f, form) in forms {
                lx.max_words = lx.max_words.max(f.split(' ').count());
                // A form shared by two entries keeps the first ("forecast").
                lx.forms.entry(f).or_insert((idx, form));
            }
            lx.entries.push(CueEntry { lemma, kind, act, frames });
        }
        if lx.entries.is_empty() {
            return Err("cues.tsv: no entries".into());
        }
        lx.words = parse_words(words)?;
        Ok(lx)
    }

    /// The longest cue starting at `words[i]`: (entry, form, length in words).
    pub fn cue_at(&self, words: &[String], i: usize) -> Option<(usize, Form, usize)> {
        (1..=self.max_words.min(words.len().saturating_sub(i))).rev().find_map(|n| {
            let key = if n == 1 { words[i].clone() } else { words[i..i + n].join(" ") };
            self.forms.get(&key).map(|&(e, f)| (e, f, n))
        })
    }
}

/// Regular forms of a (possibly phrasal) verb: -s, -ed, -ing on the first word.
fn inflect(lemma: &str) -> Vec<(String, Form)> {
    let (head, rest) = match lemma.split_once(' ') {
        Some((h, r)) => (h, format!(" {r}")),
        None => (lemma, String::new()),
    };
    let consonant_y = head.ends_with('y') && !head[..head.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    let (s, ed, ing) = if consonant_y {
        let stem = &head[..head.len() - 1];
        (format!("{stem}ies"), format!("{stem}ied"), format!("{head}ing"))
    } else if head.ends_with("ee") {
        (format!("{head}s"), format!("{head}d"), format!("{head}ing"))
    } else if let Some(stem) = head.strip_suffix('e') {
        (format!("{head}s"), format!("{head}d"), format!("{stem}ing"))
    } else if head.ends_with(['s', 'x', 'z']) || head.ends_with("sh") || head.ends_with("ch") {
        (format!("{head}es"), format!("{head}ed"), format!("{head}ing"))
    } else {
        (format!("{head}s"), format!("{head}ed"), format!("{head}ing"))
    };
    vec![(s + &rest, Form::Finite), (ed + &rest, Form::Finite), (ing + &rest, Form::Ing)]
}

pub(crate) fn parse_act(a: &str) -> Option<ClaimAct> {
    Some(match a {
        "assertion" => ClaimAct::Assertion,
        "denial" => ClaimAct::Denial,
        "accusation" => ClaimAct::Accusation,
        "threat" => ClaimAct::Threat,
        "promise" => ClaimAct::Promise,
        "prediction" => ClaimAct::Prediction,
        "appeal" => ClaimAct::Appeal,
        "proposal" => ClaimAct::Proposal,
        _ => return None,
    })
}

fn parse_words(src: &str) -> Result<Words, String> {
    let mut w = Words::default();
    let mut section = String::new();
    for (n, line) in src.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = s.to_string();
            continue;
        }
        let entry = line.to_lowercase();
        let phrase = || entry.split(' ').map(str::to_string).collect::<Vec<_>>();
        match section.as_str() {
            "aux" => w.aux.insert(entry),
            "negation" => w.negation.insert(entry),
            "adverb" => w.adverb.insert(entry),
            "not_adverb" => w.not_adverb.insert(entry),
            "conjunction" => w.conjunction.insert(entry),
            "determiner" => w.determiner.insert(entry),
            "pronoun" => w.pronoun.insert(entry),
            "clause_stop" => w.clause_stop.insert(entry),
            "anonymous" => w.anonymous.insert(entry),
            "anonymous_marker" => {
                w.anonymous_marker.push(phrase());
                true
            }
            "recipient" => {
                w.recipient.push(phrase());
                true
            }
            "headline_label" => w.headline_label.insert(entry),
            "org_word" => w.org_word.insert(entry),
            "channel" => {
                w.channel.push(phrase());
                true
            }
            "" => return Err(format!("words.txt:{}: entry {line:?} before any section", n + 1)),
            s => return Err(format!("words.txt:{}: unknown section [{s}]", n + 1)),
        };
    }
    // Longest phrases first, so that matching takes the longest.
    for list in [&mut w.anonymous_marker, &mut w.recipient, &mut w.channel] {
        list.sort_by_key(|p| std::cmp::Reverse(p.len()));
    }
    if w.aux.is_empty() || w.pronoun.is_empty() || w.anonymous.is_empty() {
        return Err("words.txt: a required section is empty".into());
    }
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn lexicon_loads_and_inflects() {
        let lx = CueLexicon::load();
        let say = lx.cue_at(&words("said"), 0).unwrap();
        assert_eq!(lx.entries[say.0].lemma, "say");
        assert_eq!(say.1, Form::Finite);
        let deny = lx.cue_at(&words("denied"), 0).unwrap();
        assert_eq!(lx.entries[deny.0].act, Some(ClaimAct::Denial));
        assert_eq!(lx.cue_at(&words("denies"), 0).map(|c| c.1), Some(Form::Finite));
        assert_eq!(lx.cue_at(&words("arguing"), 0).map(|c| c.1), Some(Form::Ing));
        assert_eq!(lx.cue_at(&words("stresses"), 0).map(|c| c.1), Some(Form::Finite));
        assert_eq!(lx.cue_at(&words("agreed"), 0).map(|c| c.1), Some(Form::Finite));
        let called_on = lx.cue_at(&words("called on iran"), 0).unwrap();
        assert_eq!((lx.entries[called_on.0].lemma.as_str(), called_on.2), ("call on", 2));
        assert_eq!(lx.cue_at(&words("according to"), 0).map(|c| c.2), Some(2));
        assert!(lx.cue_at(&words("struck"), 0).is_none());
        assert!(lx.words.anonymous.contains("officials"));
    }

    #[test]
    fn bad_lexicons_are_rejected() {
        let words = WORDS_TXT;
        assert!(CueLexicon::parse("h\nsay\tspeech\t-\tthat\nsay\tspeech\t-\tthat\n", words).is_err());
        assert!(CueLexicon::parse("h\nsay\tnoise\t-\tthat\n", words).is_err());
        assert!(CueLexicon::parse("h\nsay\tspeech\tshout\tthat\n", words).is_err());
        assert!(CueLexicon::parse("h\nsay\tspeech\t-\tsideways\n", words).is_err());
        assert!(CueLexicon::parse("h\nsay\tspeech\t-\tthat\n", "[nonsense]\nx\n").is_err());
    }
}
