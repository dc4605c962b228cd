//! Reading and writing CoNLL-U (<https://universaldependencies.org/format.html>): sentences of
//! ten-column word lines. Multiword-token lines (`3-4`) and empty nodes (`8.1`) are kept as raw
//! lines at their position so that writing a sentence back reproduces them; training and
//! evaluation use the basic word lines only. Deliberately absent: validation of the columns
//! beyond what training needs (FEATS, DEPS and MISC are carried as text).

use std::fmt::Write as _;
use std::path::Path;

use crate::{Parse, SyntaxError};

/// One basic word line (integer ID).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 for the root, else the 1-based index of the head word; `None` when the column is `_`.
    pub head: Option<u32>,
    pub deprel: String,
    pub deps: String,
    pub misc: String,
}

impl Word {
    /// A word with only its form; the other columns are `_`.
    pub fn new(form: &str) -> Word {
        let u = || "_".to_string();
        Word {
            form: form.to_string(),
            lemma: u(),
            upos: u(),
            xpos: u(),
            feats: u(),
            head: None,
            deprel: u(),
            deps: u(),
            misc: u(),
        }
    }
}

/// One sentence: its comment lines, its words and any multiword-token or empty-node lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comment lines without the leading `#` and one following space.
    pub comments: Vec<String>,
    pub words: Vec<Word>,
    /// Raw multiword-token (`3-4`) and empty-node (`8.1`) lines, each with the number of
    /// basic words that precede it in the file.
    pub other_lines: Vec<(usize, String)>,
}

impl Sentence {
    /// A sentence of forms only, for parsing pre-tokenized text.
    pub fn from_forms(forms: &[&str]) -> Sentence {
        Sentence { words: forms.iter().map(|f| Word::new(f)).collect(), ..Sentence::default() }
    }

    /// The FORM column.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }

    /// The value of a `# key = value` comment, if present.
    pub fn comment_value(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }

    /// Overwrites UPOS, XPOS, HEAD and DEPREL with a parse of this sentence's words.
    ///
    /// # Panics
    /// If the parse is for a different number of words (a caller bug).
    pub fn set_parse(&mut self, parse: &Parse) {
        assert_eq!(parse.len(), self.words.len(), "parse length differs from sentence");
        for (i, w) in self.words.iter_mut().enumerate() {
            w.upos = parse.upos[i].as_str().to_string();
            w.xpos = parse.xpos[i].as_str().to_string();
            w.head = Some(parse.head[i]);
            w.deprel = parse.deprel[i].as_str().to_string();
        }
    }
}

/// Reads CoNLL-U text. Errors name the 1-based line.
pub fn read(text: &str) -> Result<Vec<Sentence>, SyntaxError> {
    let mut out = Vec::new();
    // Line number of each sentence's first line, for errors found once a sentence is complete.
    let mut starts = Vec::new();
    let mut cur = Sentence::default();
    let mut in_sentence = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            if in_sentence {
                out.push(std::mem::take(&mut cur));
                in_sentence = false;
            }
            continue;
        }
        if !in_sentence {
            starts.push(line_no);
        }
        in_sentence = true;
        if let Some(c) = line.strip_prefix('#') {
            cur.comments.push(c.strip_prefix(' ').unwrap_or(c).to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(SyntaxError::Conllu {
                line: line_no,
                message: format!("expected 10 tab-separated columns, found {}", cols.len()),
            });
        }
        let id = cols[0];
        if id.contains('-') || id.contains('.') {
            cur.other_lines.push((cur.words.len(), line.to_string()));
            continue;
        }
        let n: usize =
            id.parse().map_err(|_| SyntaxError::Conllu { line: line_no, message: format!("bad word id {id:?}") })?;
        if n != cur.words.len() + 1 {
            return Err(SyntaxError::Conllu { line: line_no, message: format!("word id {n} out of sequence") });
        }
        let head = match cols[6] {
            "_" => None,
            h => Some(
                h.parse::<u32>()
                    .map_err(|_| SyntaxError::Conllu { line: line_no, message: format!("bad head {h:?}") })?,
            ),
        };
        cur.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if in_sentence {
        out.push(cur);
    }
    for (s, start) in out.iter().zip(&starts) {
        let n = s.words.len() as u32;
        if let Some(w) = s.words.iter().find(|w| w.head.is_some_and(|h| h > n)) {
            return Err(SyntaxError::Conllu {
                line: *start,
                message: format!("sentence starting here, word {:?}: head beyond sentence", w.form),
            });
        }
    }
    Ok(out)
}

/// Reads a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>, SyntaxError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| SyntaxError::Io { path: path.display().to_string(), source })?;
    read(&text).map_err(|e| match e {
        SyntaxError::Conllu { line, message } => {
            SyntaxError::Conllu { line, message: format!("{}: {message}", path.display()) }
        }
        other => other,
    })
}

/// Writes sentences as CoNLL-U, each followed by a blank line.
pub fn write(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        for c in &s.comments {
            let _ = writeln!(out, "# {c}");
        }
        let mut other = s.other_lines.iter().peekable();
        for (i, w) in s.words.iter().enumerate() {
            while let Some((_, line)) = other.next_if(|(pos, _)| *pos <= i) {
                let _ = writeln!(out, "{line}");
            }
            let head = w.head.map_or_else(|| "_".to_string(), |h| h.to_string());
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                i + 1,
                w.form,
                w.lemma,
                w.upos,
                w.xpos,
                w.feats,
                head,
                w.deprel,
                w.deps,
                w.misc
            );
        }
        for (_, line) in other {
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Our own sample, not treebank text: a multiword token and an empty node.
    const SAMPLE: &str = "# sent_id = t1
# text = Rebels can't hold the bridge.
1\tRebels\trebel\tNOUN\tNNS\tNumber=Plur\t4\tnsubj\t4:nsubj\t_
2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_
2\tca\tcan\tAUX\tMD\tVerbForm=Fin\t4\taux\t4:aux\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_
4\thold\thold\tVERB\tVB\tVerbForm=Inf\t0\troot\t0:root\t_
4.1\thold\thold\tVERB\tVB\t_\t_\t_\t_\t_
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t6:det\t_
6\tbridge\tbridge\tNOUN\tNN\t_\t4\tobj\t4:obj\tSpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_

# sent_id = t2
1\tCeasefire\tceasefire\tNOUN\tNN\t_\t2\tnsubj\t2:nsubj\t_
2\tholds\thold\tVERB\tVBZ\t_\t0\troot\t0:root\t_
";

    #[test]
    fn reads_words_and_keeps_other_lines() {
        let s = read(SAMPLE).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].comment_value("sent_id"), Some("t1"));
        assert_eq!(s[0].forms(), ["Rebels", "ca", "n't", "hold", "the", "bridge", "."]);
        assert_eq!(s[0].words[0].head, Some(4));
        assert_eq!(s[0].words[3].head, Some(0));
        assert_eq!(s[0].words[5].deprel, "obj");
        assert_eq!(s[0].other_lines.len(), 2);
        assert_eq!(s[1].words.len(), 2);
    }

    #[test]
    fn write_round_trips() {
        let s = read(SAMPLE).unwrap();
        let text = write(&s);
        assert_eq!(text, format!("{SAMPLE}\n"));
        assert_eq!(read(&text).unwrap(), s);
    }

    #[test]
    fn head_beyond_sentence_names_its_first_line() {
        let err =
            read("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n\n# c\n1\tb\tb\tX\tX\t_\t5\tdep\t_\t_\n").unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn errors_name_the_line() {
        let err = read("1\tonly\tthree\n").unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
        let err = read("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n3\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n").unwrap_err().to_string();
        assert!(err.contains("line 2"), "{err}");
    }
}
