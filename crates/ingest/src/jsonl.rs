//! JSONL: one article object per line, `{id, title, published, url, source, author, lang,
//! text | html}`. Read as a stream with a cap on each line, so a huge file runs in bounded
//! memory and one bad line costs only itself.

use std::io::BufRead;

use serde_json::{Map, Value};
use sitrep_model::{Article, Diagnostic, Level, Published, PublishedSource};
use sitrep_text::clean_text;

use crate::read::Framed;
use crate::{Input, InputError, InputKind, Item, Origin, article_id, html};

/// Records as articles, decoded on the spot.
#[cfg(test)]
pub(crate) fn read<R: BufRead>(origin: Origin, reader: R, max_line: usize) -> impl Iterator<Item = Item> {
    frames(origin, reader, max_line).map(Framed::decode)
}

/// Records as lines still to decode: splitting lines is the sequential part of reading.
pub(crate) fn frames<R: BufRead>(origin: Origin, reader: R, max_line: usize) -> JsonlItems<R> {
    JsonlItems { origin, reader, max_line, line: 0, done: false }
}

pub(crate) struct JsonlItems<R> {
    origin: Origin,
    reader: R,
    max_line: usize,
    line: usize,
    done: bool,
}

impl<R: BufRead> Iterator for JsonlItems<R> {
    type Item = Framed;

    fn next(&mut self) -> Option<Framed> {
        while !self.done {
            self.line += 1;
            let origin = Origin { line: Some(self.line), ..self.origin.clone() };
            let (bytes, len) = match self.next_line() {
                Ok(Some(l)) => l,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Framed::Item(Err(InputError::new(origin, format!("cannot read: {e}")))));
                }
            };
            if len > self.max_line {
                return Some(Framed::Item(Err(InputError::new(origin, crate::read::too_large(len, self.max_line)))));
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Framed::JsonlLine(origin, bytes));
        }
        None
    }
}

impl<R: BufRead> JsonlItems<R> {
    /// The next line without its line break, and the line's full length. A line longer than
    /// the cap is consumed but not kept: its bytes come back empty.
    fn next_line(&mut self) -> std::io::Result<Option<(Vec<u8>, usize)>> {
        let mut buf = Vec::new();
        let mut len = 0usize;
        let mut any = false;
        loop {
            let avail = self.reader.fill_buf()?;
            if avail.is_empty() {
                break;
            }
            any = true;
            let (take, end) = match memchr::memchr(b'\n', avail) {
                Some(i) => (i, true),
                None => (avail.len(), false),
            };
            len += take;
            if len <= self.max_line {
                buf.extend_from_slice(&avail[..take]);
            } else {
                buf = Vec::new();
            }
            self.reader.consume(if end { take + 1 } else { take });
            if end {
                break;
            }
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        Ok(any.then_some((buf, len)))
    }
}

pub(crate) fn record(origin: Origin, bytes: &[u8]) -> Item {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg);
        InputError::new(origin.clone(), format!("malformed JSON at column {}: {msg}", e.column()))
    })?;
    let Value::Object(obj) = value else {
        return Err(InputError::new(origin, "expected a JSON object with a \"text\" or \"html\" field"));
    };
    let mut diagnostics = Vec::new();
    let mut field = |name: &str| -> Option<String> {
        match obj.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()).filter(|s| !s.trim().is_empty()),
            Some(Value::Number(n)) if name == "id" => Some(n.to_string()),
            Some(other) => {
                diagnostics.push(Diagnostic::new(
                    Level::Error,
                    format!("field \"{name}\" should be a string, found {}; ignored", kind_of(other)),
                ));
                None
            }
        }
    };
    let (id, title, url, source, author, lang) =
        (field("id"), field("title"), field("url"), field("source"), field("author"), field("lang"));
    let published = field("published").or_else(|| field("date"));
    let (text_field, html_field) = (field("text"), field("html"));
    let kind = if text_field.is_none() && html_field.is_some() { InputKind::Page } else { InputKind::Jsonl };

    let mut article = match (text_field, html_field) {
        (Some(t), _) => {
            let text = clean_text(&t);
            if text.is_empty() {
                return Err(InputError::new(origin, "field \"text\" holds only whitespace"));
            }
            Article::new(String::new(), text)
        }
        (None, Some(h)) => {
            let page = html::read(origin.clone(), h.as_bytes(), url.as_deref())?;
            diagnostics.extend(page.diagnostics);
            page.article
        }
        (None, None) => return Err(InputError::new(origin, missing_text(&obj))),
    };
    // Fields given in the record win over what the HTML said of itself.
    article.title = title.or(article.title);
    article.url = url.or(article.url);
    article.source = source.or(article.source);
    article.author = author.or(article.author);
    article.lang = lang.map(|l| l.to_ascii_lowercase()).or(article.lang);
    if let Some(p) = published {
        match Published::parse(&p) {
            Ok(p) => {
                article.published = Some(p);
                article.published_source = PublishedSource::Given;
            }
            Err(e) => {
                diagnostics.push(Diagnostic::new(Level::Error, format!("field \"published\": {e}; date ignored")))
            }
        }
    }
    article.id = id.unwrap_or_else(|| article_id(article.url.as_deref(), &article.text));
    Ok(Input { article, origin, diagnostics, kind })
}

fn missing_text(obj: &Map<String, Value>) -> String {
    let keys: Vec<&str> = obj.keys().map(String::as_str).take(8).collect();
    format!("record has no \"text\" or \"html\" field (fields: {})", keys.join(", "))
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(input: &str, max: usize) -> Vec<Item> {
        read(Origin::file("in.jsonl"), input.as_bytes(), max).collect()
    }

    #[test]
    fn one_bad_line_costs_only_itself() {
        let input = concat!(
            "{\"id\":\"a\",\"text\":\"Israel struck Iran.\",\"published\":\"2025-06-13\"}\n",
            "{\"id\":\"b\",\"text\":\"broken\n",
            "\n",
            "[1,2]\n",
            "{\"title\":\"no text\"}\n",
            "{\"id\":7,\"text\":\"Talks start Monday.\",\"published\":\"next week\",\"source\":[\"x\"]}\r\n",
            "{\"text\":\"",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "\"}\n",
            "{\"html\":\"<html><body><p>Envoys met in Oman on Sunday to discuss it.</p></body></html>\",\"url\":\"https://o.example/1\"}"
        );
        let got = items(input, 150);
        assert_eq!(got.len(), 7);
        assert_eq!(got[0].as_ref().unwrap().article.id, "a");
        assert_eq!(
            got[1].as_ref().unwrap_err().to_string(),
            "in.jsonl:2: malformed JSON at column 24: EOF while parsing a string"
        );
        assert!(got[2].as_ref().unwrap_err().to_string().starts_with("in.jsonl:4: expected a JSON object"));
        assert_eq!(
            got[3].as_ref().unwrap_err().to_string(),
            "in.jsonl:5: record has no \"text\" or \"html\" field (fields: title)"
        );
        let rec = got[4].as_ref().unwrap();
        assert_eq!(rec.article.id, "7");
        assert_eq!(rec.article.published, None);
        assert_eq!(rec.diagnostics.len(), 2, "{:?}", rec.diagnostics);
        assert!(rec.diagnostics.iter().any(|d| d.message.contains("field \"published\": 'next week' is not a date")));
        assert_eq!(
            got[5].as_ref().unwrap_err().to_string(),
            "in.jsonl:7: 161 bytes is over the 150 bytes limit for one article (raise it with --max-article-bytes)"
        );
        let html = got[6].as_ref().unwrap();
        assert_eq!(html.article.text, "Envoys met in Oman on Sunday to discuss it.");
        assert_eq!(html.article.url.as_deref(), Some("https://o.example/1"));
    }
}
