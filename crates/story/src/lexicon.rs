//! The story lexicon (`resources/frames.tsv`): frame cues, negations and called-off words,
//! parsed and validated once per situation.

use sitrep_model::Frame;

use crate::common::words;

/// A cue: a word sequence, the last word optionally a prefix, `_` any one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cue {
    words: Vec<String>,
}

impl Cue {
    fn parse(s: &str) -> Option<Cue> {
        // Any word may end in `*` ("join* the war"): a prefix.
        let words: Vec<String> = s.split_whitespace().map(|w| w.to_lowercase().replace('’', "'")).collect();
        (!words.is_empty()).then_some(Cue { words })
    }

    fn word_matches(&self, k: usize, x: &str) -> bool {
        let w = &self.words[k];
        if w == "_" {
            return true;
        }
        match w.strip_suffix('*') {
            Some(stem) => x.starts_with(stem),
            // "n't" is part of its word in our tokens ("don't", "wasn't").
            None if w == "n't" => x.ends_with("n't"),
            None => x == w,
        }
    }

    /// Word indexes where the cue starts in `ws`.
    pub fn find(&self, ws: &[String]) -> Vec<usize> {
        let n = self.words.len();
        if ws.len() < n {
            return Vec::new();
        }
        (0..=ws.len() - n).filter(|&i| (0..n).all(|k| self.word_matches(k, &ws[i + k]))).collect()
    }
}

#[derive(Debug, Clone)]
pub(crate) struct FrameCue {
    pub frame: Frame,
    pub cue: Cue,
    /// The cue asserts the opposite of the frame's proposition.
    pub negative: bool,
    /// `frames.tsv:<line>`, for the evidence rule.
    pub rule: String,
}

/// A line of the lexicon that does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("frames.tsv line {line}: {message}")]
pub struct LexiconError {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Lexicon {
    pub(crate) frames: Vec<FrameCue>,
    pub(crate) negations: Vec<Cue>,
    called_off: Vec<Cue>,
    /// Modal words that make a claim an appeal.
    pub(crate) modals: Vec<Cue>,
    /// CAMEO code of an awaited action named by a word.
    actions: Vec<(String, Cue)>,
}

const BUILTIN: &str = include_str!("../resources/frames.tsv");

fn frame_named(s: &str) -> Option<Frame> {
    Some(match s {
        "involvement" => Frame::Involvement,
        "responsibility" => Frame::Responsibility,
        "occurrence" => Frame::Occurrence,
        "casualties" => Frame::Casualties,
        "meeting_agreed" => Frame::MeetingAgreed,
        "meeting_held" => Frame::MeetingHeld,
        "negotiation" => Frame::Negotiation,
        "threat_condition" => Frame::ThreatCondition,
        _ => return None,
    })
}

impl Lexicon {
    /// The lexicon shipped with sitrep (its test proves it parses).
    pub fn builtin() -> Lexicon {
        Lexicon::parse(BUILTIN).unwrap_or_else(|e| panic!("built-in story lexicon: {e}"))
    }

    pub fn parse(src: &str) -> Result<Lexicon, LexiconError> {
        let mut lex = Lexicon {
            frames: Vec::new(),
            negations: Vec::new(),
            called_off: Vec::new(),
            actions: Vec::new(),
            modals: Vec::new(),
        };
        for (i, line) in src.lines().enumerate() {
            let n = i + 1;
            let err = |m: &str| LexiconError { line: n, message: m.to_string() };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            match cols.as_slice() {
                ["frame", frame, cue, rest @ ..] => {
                    let frame = frame_named(frame).ok_or_else(|| err(&format!("unknown frame '{frame}'")))?;
                    let negative = match rest {
                        [] => false,
                        ["neg"] => true,
                        _ => return Err(err("expected `neg` or nothing after the cue")),
                    };
                    let cue = Cue::parse(cue).ok_or_else(|| err("empty cue"))?;
                    lex.frames.push(FrameCue { frame, cue, negative, rule: format!("frames.tsv:{n}") });
                }
                ["negation", w] => lex.negations.push(Cue::parse(w).ok_or_else(|| err("empty negation"))?),
                ["action", code, w] => {
                    if code.len() < 2 || !code.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(err(&format!("'{code}' is not a CAMEO code")));
                    }
                    lex.actions.push((code.to_string(), Cue::parse(w).ok_or_else(|| err("empty cue"))?));
                }
                ["modal", w] => lex.modals.push(Cue::parse(w).ok_or_else(|| err("empty modal"))?),
                ["called_off", w] => lex.called_off.push(Cue::parse(w).ok_or_else(|| err("empty phrase"))?),
                _ => {
                    return Err(err(
                        "expected `frame<TAB>name<TAB>cue[<TAB>neg]`, `negation<TAB>word`, `modal<TAB>word`, `called_off<TAB>phrase` or `action<TAB>code<TAB>cue`",
                    ));
                }
            }
        }
        Ok(lex)
    }

    /// Whether a sentence says something awaited will not happen.
    pub fn called_off(&self, sentence: &str) -> bool {
        let ws = words(sentence);
        self.called_off.iter().any(|c| !c.find(&ws).is_empty())
    }

    /// The code of the first action word in a text ("a meeting this week" → 040).
    pub fn action(&self, text: &str) -> Option<&str> {
        let ws = words(text);
        self.actions
            .iter()
            .filter_map(|(code, c)| c.find(&ws).first().map(|&i| (i, code)))
            .min_by_key(|(i, _)| *i)
            .map(|(_, code)| code.as_str())
    }

    /// Negations in a run of words.
    pub(crate) fn negations_in(&self, ws: &[String]) -> usize {
        self.negations.iter().map(|c| c.find(ws).len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_has_every_frame() {
        let lex = Lexicon::parse(BUILTIN).unwrap();
        for f in [
            Frame::Involvement,
            Frame::Responsibility,
            Frame::Occurrence,
            Frame::Casualties,
            Frame::MeetingAgreed,
            Frame::MeetingHeld,
            Frame::Negotiation,
            Frame::ThreatCondition,
        ] {
            assert!(lex.frames.iter().any(|c| c.frame == f), "{f:?}");
        }
        assert!(lex.called_off("The talks in Muscat were called off on Saturday."));
        assert!(!lex.called_off("The talks in Muscat went ahead on Saturday."));
        assert_eq!(lex.action("a high-stakes meeting this week between the envoys"), Some("040"));
        assert_eq!(lex.action("a more severe response to the bombings"), Some("190"));
        assert_eq!(lex.action("nothing awaited here"), None);
    }

    #[test]
    fn bad_lines_name_their_line() {
        let e = Lexicon::parse("# c\nframe\tweather\train\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().contains("unknown frame 'weather'"), "{e}");
        assert_eq!(Lexicon::parse("frame\tinvolvement\tjoin\tmaybe\n").unwrap_err().line, 1);
        assert_eq!(Lexicon::parse("negation\n").unwrap_err().line, 1);
    }

    #[test]
    fn cues_match_word_sequences_and_prefixes() {
        let ws = words("The U.S. is not involved, and never was.");
        assert_eq!(Cue::parse("involv*").unwrap().find(&ws), vec![5]);
        assert!(Cue::parse("involvement").unwrap().find(&ws).is_empty());
        assert_eq!(Cue::parse("not involved").unwrap().find(&ws), vec![4]);
        let ws = words("rumours that Washington had joined Israel's offensive");
        assert_eq!(Cue::parse("join* _ offensive").unwrap().find(&ws), vec![4]);
        assert!(Cue::parse("join* the war").unwrap().find(&ws).is_empty());
    }
}
