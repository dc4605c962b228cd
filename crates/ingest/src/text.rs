//! Plain-text articles. A file may open with a header block of `Key: value` lines (Title,
//! Source, Published or Date, URL, Author, Id, Lang) ended by a blank line, as our examples
//! do; otherwise the whole file is the text.

use sitrep_model::{Article, Diagnostic, Level, Published, PublishedSource};
use sitrep_text::{LineIndex, clean_text, decode_utf8};

use crate::{Input, InputError, Item, Origin, article_id};

const HEADER_KEYS: &[&str] = &["title", "source", "published", "date", "url", "author", "id", "lang", "language"];

pub(crate) fn read(origin: Origin, bytes: &[u8]) -> Item {
    let text = decode_text(&origin, bytes)?;
    let (headers, body) = split_header(text);
    let body = clean_text(body);
    if body.is_empty() {
        let what = if headers.is_empty() { "empty input: no text to analyse" } else { "no text after the header block" };
        return Err(InputError::new(origin, what));
    }
    let mut article = Article::new(String::new(), body);
    let mut diagnostics = Vec::new();
    for (line, key, value) in headers {
        let value = value.to_string();
        match key.as_str() {
            "title" => article.title = Some(value),
            "source" => article.source = Some(value),
            "url" => article.url = Some(value),
            "author" => article.author = Some(value),
            "id" => article.id = value,
            "lang" | "language" => article.lang = Some(value.to_ascii_lowercase()),
            "published" | "date" => match Published::parse(&value) {
                Ok(p) => {
                    article.published = Some(p);
                    article.published_source = PublishedSource::Given;
                }
                Err(e) => diagnostics.push(Diagnostic::new(Level::Error, format!("{origin}:{line}: header {e}; date ignored"))),
            },
            _ => {}
        }
    }
    if article.id.is_empty() {
        article.id = article_id(article.url.as_deref(), &article.text);
    }
    Ok(Input { article, origin, diagnostics })
}

/// Decode bytes that must be text: refuse binary data and invalid UTF-8, naming the position.
pub(crate) fn decode_text<'a>(origin: &Origin, bytes: &'a [u8]) -> Result<&'a str, InputError> {
    if let Some(nul) = memchr::memchr(0, bytes) {
        let pos = LineIndex::new(bytes).position(bytes, nul);
        return Err(InputError::new(origin.clone(), format!("binary data, not text (NUL byte at {pos}, byte {nul})")));
    }
    let text = decode_utf8(bytes).map_err(|e| InputError::new(origin.clone(), e.to_string()))?;
    if text.trim().is_empty() {
        return Err(InputError::new(origin.clone(), "empty input: no text to analyse"));
    }
    Ok(text)
}

/// Split a leading header block off `text`: (line number, lowercased key, value) triples.
fn split_header(text: &str) -> (Vec<(usize, String, &str)>, &str) {
    let trimmed = text.trim_start_matches('\u{feff}');
    let mut headers = Vec::new();
    let mut offset = text.len() - trimmed.len();
    for (i, line) in trimmed.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if headers.is_empty() {
                return (Vec::new(), text);
            }
            return (headers, &text[offset + line.len()..]);
        }
        let Some((key, value)) = content.split_once(':') else { break };
        let key = key.trim().to_ascii_lowercase();
        if !HEADER_KEYS.contains(&key.as_str()) || i > 16 {
            break;
        }
        headers.push((i + 1, key, value.trim()));
        offset += line.len();
    }
    // No blank line after `Key: value` lines: not a header block, keep everything as text.
    (Vec::new(), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(s: &[u8]) -> Item {
        read(Origin::file("t.txt"), s)
    }

    #[test]
    fn header_block() {
        let input = read_str(b"Title: Strikes\nPublished: 2025-06-14\nSource: Meridian Wire\n\nBody one.\n\nBody two.\n").unwrap();
        let a = &input.article;
        assert_eq!(a.title.as_deref(), Some("Strikes"));
        assert_eq!(a.source.as_deref(), Some("Meridian Wire"));
        assert_eq!(a.published.unwrap().to_string(), "2025-06-14");
        assert_eq!(a.published_source, PublishedSource::Given);
        assert_eq!(a.text, "Body one.\n\nBody two.");
        assert!(a.id.starts_with('a'));
    }

    #[test]
    fn text_that_only_looks_like_a_header() {
        let input = read_str(b"Note: this is prose.\nMore prose.").unwrap();
        assert_eq!(input.article.text, "Note: this is prose.\nMore prose.");
        let input = read_str(b"Title: no blank line\nand then text").unwrap();
        assert_eq!(input.article.title, None);
    }

    #[test]
    fn bad_header_date_is_reported_not_fatal() {
        let input = read_str(b"Title: T\nPublished: last Tuesday\n\nText.").unwrap();
        assert_eq!(input.article.published, None);
        assert!(input.diagnostics[0].message.contains("t.txt:2: header 'last Tuesday' is not a date"));
    }

    #[test]
    fn bad_bytes_name_the_position() {
        assert_eq!(read_str(b"").unwrap_err().to_string(), "t.txt: empty input: no text to analyse");
        assert_eq!(read_str(b"ok\nab\xc3(").unwrap_err().to_string(), "t.txt: invalid UTF-8 at line 2, column 3 (byte 5)");
        assert!(read_str(b"PK\x03\x04\x00\x00").unwrap_err().to_string().contains("binary data, not text (NUL byte at line 1, column 5"));
        assert_eq!(read_str(b"Title: T\n\n  \n").unwrap_err().to_string(), "t.txt: no text after the header block");
    }
}
