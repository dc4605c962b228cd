//! The one cleaning pass applied to an article's text at ingest. After it the text is fixed:
//! every later offset points into the cleaned text, so cleaning never needs an offset map.

/// Characters that carry no text: zero-width marks, soft hyphen, byte-order mark.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Whitespace other than a line break, including no-break and typographic spaces.
pub(crate) fn is_inline_space(c: char) -> bool {
    c != '\n' && (c.is_whitespace() || matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}'))
}

/// Clean raw article text: unify line breaks, drop control and invisible characters, turn
/// tabs and exotic spaces into plain spaces, collapse runs of spaces, trim every line, keep at
/// most one blank line between paragraphs, and trim the whole.
pub fn clean_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_run = 0usize;
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    for line in unified.split('\n') {
        let mut cleaned = String::with_capacity(line.len());
        let mut pending_space = false;
        for c in line.chars() {
            if is_invisible(c) || (c.is_control() && c != '\t') {
                continue;
            }
            if c == '\t' || is_inline_space(c) {
                pending_space = !cleaned.is_empty();
                continue;
            }
            if pending_space {
                cleaned.push(' ');
                pending_space = false;
            }
            cleaned.push(c);
        }
        if cleaned.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(&cleaned);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_layout_but_keeps_paragraphs() {
        let raw = "\u{FEFF}  Title\t here \r\n\r\n\r\n\r\nBody\u{00A0}text\u{200B}.\nNext\u{0007} line  \n\n";
        assert_eq!(clean_text(raw), "Title here\n\nBody text.\nNext line");
    }

    #[test]
    fn empty_stays_empty() {
        assert_eq!(clean_text(" \n\t\r\n "), "");
    }
}
