//! Tokenizer: words, numbers and punctuation as byte spans, split the way the Universal
//! Dependencies English treebank splits them (clitics `'s`, `n't` apart; `U.S.` and `Gen.`
//! whole), so the tagger and parser see the tokens they were trained on.

use sitrep_text::Span;

use super::Abbreviations;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.span.start..self.span.end]
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\u{0300}'..='\u{036F}')
}

/// Tokenize `text[range]`, appending to `out`. Offsets are absolute.
pub fn tokenize(text: &str, range: Span, abbr: &Abbreviations, out: &mut Vec<Token>) {
    let s = &text[range.start..range.end];
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).map(|c| c.1);
    let off = |i: usize| if i < n { chars[i].0 } else { s.len() };
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if is_word_char(c) {
            // A run of word chars joined by inner '.', ',' (in numbers), '&' and apostrophes.
            let mut j = i + 1;
            loop {
                match at(j) {
                    Some(c) if is_word_char(c) => j += 1,
                    Some('.')
                        if at(j + 1).is_some_and(is_word_char)
                            && !at(j + 1)
                                .is_some_and(|c| c.is_uppercase() && at(j + 2).is_some_and(char::is_lowercase)) =>
                    {
                        j += 2
                    }
                    Some(',')
                        if at(j - 1).is_some_and(|c| c.is_ascii_digit())
                            && at(j + 1).is_some_and(|c| c.is_ascii_digit()) =>
                    {
                        j += 2
                    }
                    Some('&')
                        if at(j + 1).is_some_and(char::is_alphanumeric)
                            && chars[start..j].iter().all(|c| c.1.is_uppercase()) =>
                    {
                        j += 2
                    }
                    Some(a) if is_apostrophe(a) && at(j + 1).is_some_and(char::is_alphabetic) => j += 2,
                    _ => break,
                }
            }
            let word: String = chars[start..j].iter().map(|c| c.1).collect();
            // Absorb a final period into abbreviations and dotted acronyms: "Gen.", "U.S.".
            if at(j) == Some('.') && (abbr.is_abbreviation(&word) || word.contains('.') || is_initial(&word)) {
                j += 1;
            }
            push_word(out, range.start, &chars, start, j, off(j));
            i = j;
            continue;
        }
        // Punctuation: group "...", "--" and "?!" runs; everything else one char.
        let mut j = i + 1;
        if c == '.' || c == '-' || c == '?' || c == '!' {
            while at(j).is_some_and(|d| d == c || (c != '-' && c != '.' && matches!(d, '?' | '!'))) {
                j += 1;
            }
        }
        // A clitic after a closing quote or on its own: "'s" after a space is rare; treat the
        // apostrophe as punctuation.
        out.push(Token { span: Span::new(range.start + off(start), range.start + off(j)), kind: TokenKind::Punct });
        i = j;
    }
}

fn is_initial(word: &str) -> bool {
    let mut cs = word.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

/// Push a word token, splitting English clitics: `Iran's` -> `Iran` `'s`, `hasn't` -> `has`
/// `n't`, `they're` -> `they` `'re`.
fn push_word(out: &mut Vec<Token>, base: usize, chars: &[(usize, char)], start: usize, end: usize, end_off: usize) {
    let lower: String = chars[start..end].iter().flat_map(|c| c.1.to_lowercase()).collect();
    let lower: String = lower.replace(['\u{2019}', '\u{02BC}'], "'");
    let clitic_chars = ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"]
        .iter()
        .find(|cl| lower.ends_with(**cl) && lower.chars().count() > cl.chars().count())
        .map(|cl| cl.chars().count());
    let all_digits = chars[start..end].iter().all(|c| c.1.is_ascii_digit() || matches!(c.1, '.' | ','));
    let kind = if all_digits { TokenKind::Number } else { TokenKind::Word };
    match clitic_chars {
        Some(k) if end - start > k => {
            let split = end - k;
            out.push(Token { span: Span::new(base + chars[start].0, base + chars[split].0), kind });
            out.push(Token { span: Span::new(base + chars[split].0, base + end_off), kind: TokenKind::Word });
        }
        _ => out.push(Token { span: Span::new(base + chars[start].0, base + end_off), kind }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        let abbr = Abbreviations::load();
        let mut out = Vec::new();
        tokenize(s, Span::new(0, s.len()), &abbr, &mut out);
        out.iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn news_tokens() {
        assert_eq!(
            toks("Iran’s Gen. Salami said the U.S. hasn't struck 1,200 sites... “No.”"),
            [
                "Iran", "’s", "Gen.", "Salami", "said", "the", "U.S.", "has", "n't", "struck", "1,200", "sites", "...",
                "“", "No", ".", "”"
            ]
        );
        assert_eq!(
            toks("cease-fire at 3.5 p.m. in D.C. (AT&T)"),
            ["cease", "-", "fire", "at", "3.5", "p.m.", "in", "D.C.", "(", "AT&T", ")"]
        );
        assert_eq!(
            toks("officials' claims; O'Brien — J. Smith"),
            ["officials", "'", "claims", ";", "O'Brien", "—", "J.", "Smith"]
        );
        assert_eq!(toks("Really?! Yes."), ["Really", "?!", "Yes", "."]);
    }
}
