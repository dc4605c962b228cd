//! WARC archives, plain or gzipped (one gzip member per record, as Common Crawl writes them),
//! read as a stream. Each `response` record holding an HTML page with a 2xx status becomes an
//! article; other records are skipped. A broken record is reported with its number and byte
//! offset, and reading resumes at the next record header.

use std::io::{BufRead, BufReader, Read};

use flate2::read::{GzDecoder, MultiGzDecoder};

use crate::read::Framed;
use crate::{InputError, Item, Origin, html};

/// How much of a record we read to see its HTTP headers before deciding to keep it.
const HEAD_PEEK: usize = 16 * 1024;

/// Pages as articles, decoded on the spot.
#[cfg(test)]
pub(crate) fn read<'a, R: BufRead + Send + 'a>(origin: Origin, reader: R, max: usize) -> impl Iterator<Item = Item> {
    frames(origin, reader, max).map(Framed::decode)
}

/// Response records still to decode: record framing (and gunzipping) is the sequential part
/// of reading; HTTP bodies and HTML main text are decoded later, on any thread.
pub(crate) fn frames<'a, R: BufRead + Send + 'a>(origin: Origin, mut reader: R, max: usize) -> WarcItems<'a> {
    let gz = reader.fill_buf().map(|b| b.starts_with(&[0x1f, 0x8b])).unwrap_or(false);
    let reader: Box<dyn BufRead + Send + 'a> =
        if gz { Box::new(BufReader::with_capacity(64 * 1024, MultiGzDecoder::new(reader))) } else { Box::new(reader) };
    WarcItems { origin, reader, max, record: 0, offset: 0, done: false }
}

pub(crate) struct WarcItems<'a> {
    origin: Origin,
    reader: Box<dyn BufRead + Send + 'a>,
    max: usize,
    record: usize,
    /// Offset in the (decompressed) stream, for error messages.
    offset: u64,
    done: bool,
}

struct Header {
    warc_type: String,
    target_uri: Option<String>,
    content_type: String,
    length: u64,
}

impl Iterator for WarcItems<'_> {
    type Item = Framed;

    fn next(&mut self) -> Option<Framed> {
        while !self.done {
            match self.next_record() {
                Ok(Some(framed)) => return Some(framed),
                Ok(None) => continue,
                Err(message) => {
                    let origin = Origin { record: Some(self.record), ..self.origin.clone() };
                    return Some(Framed::Item(Err(InputError::new(origin, message))));
                }
            }
        }
        None
    }
}

impl WarcItems<'_> {
    /// Read one record: `Ok(Some)` a page to decode or a per-record error, `Ok(None)` a
    /// skipped record or the end, `Err` a broken record (after which we resynchronise).
    fn next_record(&mut self) -> Result<Option<Framed>, String> {
        let start = self.offset;
        let version = loop {
            match self.line() {
                Ok(None) => {
                    self.done = true;
                    return Ok(None);
                }
                Ok(Some(l)) if l.trim().is_empty() => continue,
                Ok(Some(l)) => break l,
                Err(e) => return Err(self.fail(format!("cannot read: {e}"))),
            }
        };
        self.record += 1;
        if !version.starts_with("WARC/") {
            self.resync();
            return Err(format!("expected a WARC/1.x record header at byte {start}, found {:?}", truncate(&version)));
        }
        let header = match self.header() {
            Ok(h) => h,
            Err(e) => {
                self.resync();
                return Err(format!("bad record header at byte {start}: {e}"));
            }
        };
        let origin = Origin { record: Some(self.record), ..self.origin.clone() };
        let is_http_response = header.warc_type == "response" && header.content_type.starts_with("application/http");
        if !is_http_response {
            self.skip(header.length).map_err(|e| self.fail(format!("truncated record at byte {start}: {e}")))?;
            return Ok(None);
        }
        let peek_len = header.length.min(HEAD_PEEK as u64) as usize;
        let mut content = vec![0; peek_len];
        self.read_exact(&mut content).map_err(|e| self.fail(format!("truncated record at byte {start}: {e}")))?;
        let Some((status, http_headers, body_at)) = parse_http_head(&content) else {
            self.skip(header.length - peek_len as u64).map_err(|e| self.fail(e.to_string()))?;
            return Ok(Some(Framed::Item(Err(InputError::new(
                origin,
                "response record holds no readable HTTP header",
            )))));
        };
        let content_type = http_header(&http_headers, "content-type").unwrap_or_default().to_ascii_lowercase();
        let is_html = content_type.is_empty() || content_type.contains("html");
        if !(200..300).contains(&status) || !is_html {
            self.skip(header.length - peek_len as u64).map_err(|e| self.fail(e.to_string()))?;
            return Ok(None);
        }
        if header.length as usize > self.max.saturating_add(body_at) {
            self.skip(header.length - peek_len as u64).map_err(|e| self.fail(e.to_string()))?;
            let e = InputError::new(origin, crate::read::too_large(header.length as usize, self.max));
            return Ok(Some(Framed::Item(Err(e))));
        }
        let mut rest = vec![0; (header.length - peek_len as u64) as usize];
        self.read_exact(&mut rest).map_err(|e| self.fail(format!("truncated record at byte {start}: {e}")))?;
        content.extend_from_slice(&rest);
        let charset = content_type.split("charset=").nth(1).map(|c| c.trim_matches(['"', '\'', ' ', ';']).to_string());
        Ok(Some(Framed::Warc(Response {
            origin,
            content,
            body_at,
            http_headers,
            target_uri: header.target_uri,
            charset,
        })))
    }

    fn header(&mut self) -> Result<Header, String> {
        let mut h = Header { warc_type: String::new(), target_uri: None, content_type: String::new(), length: 0 };
        let mut has_length = false;
        loop {
            let line = self.line().map_err(|e| e.to_string())?.ok_or("archive ends inside a header")?;
            if line.trim().is_empty() {
                break;
            }
            let Some((name, value)) = line.split_once(':') else {
                return Err(format!("header line without a colon: {:?}", truncate(&line)));
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "warc-type" => h.warc_type = value.to_ascii_lowercase(),
                "warc-target-uri" => h.target_uri = Some(value.trim_matches(['<', '>']).to_string()),
                "content-type" => h.content_type = value.to_ascii_lowercase(),
                "content-length" => {
                    h.length = value.parse().map_err(|_| format!("bad Content-Length {value:?}"))?;
                    has_length = true;
                }
                _ => {}
            }
        }
        if !has_length {
            return Err("no Content-Length".into());
        }
        Ok(h)
    }

    /// One line (without its line break), lossily decoded; `None` at the end of the stream.
    fn line(&mut self) -> std::io::Result<Option<String>> {
        let mut buf = Vec::new();
        let n = (&mut self.reader).take(64 * 1024).read_until(b'\n', &mut buf)?;
        self.offset += n as u64;
        if n == 0 {
            return Ok(None);
        }
        Ok(Some(String::from_utf8_lossy(&buf).trim_end_matches(['\r', '\n']).to_string()))
    }

    fn read_exact(&mut self, buf: &mut [u8]) -> std::io::Result<()> {
        self.reader.read_exact(buf)?;
        self.offset += buf.len() as u64;
        Ok(())
    }

    fn skip(&mut self, n: u64) -> std::io::Result<()> {
        let copied = std::io::copy(&mut (&mut self.reader).take(n), &mut std::io::sink())?;
        self.offset += copied;
        if copied < n {
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "archive ends inside a record"));
        }
        Ok(())
    }

    /// Skip lines until the next `WARC/` header line (consumed lines are lost, not the stream).
    fn resync(&mut self) {
        loop {
            let pos = self.reader.fill_buf().map(|b| b.starts_with(b"WARC/")).unwrap_or(false);
            if pos {
                return;
            }
            match self.line() {
                Ok(Some(_)) => {}
                _ => {
                    self.done = true;
                    return;
                }
            }
        }
    }

    fn fail(&mut self, msg: String) -> String {
        self.done = true;
        msg
    }
}

/// An HTML response record, framed but not yet decoded.
pub(crate) struct Response {
    origin: Origin,
    content: Vec<u8>,
    body_at: usize,
    http_headers: Headers,
    target_uri: Option<String>,
    charset: Option<String>,
}

impl Response {
    pub(crate) fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The HTTP body undone (chunks, compression) and read as an HTML page.
    pub(crate) fn decode(self) -> Item {
        let body = decode_body(&self.content[self.body_at..], &self.http_headers)
            .map_err(|e| InputError::new(self.origin.clone(), e))?;
        html::read_with_charset(self.origin, &body, self.target_uri.as_deref(), self.charset.as_deref())
    }
}

/// Parse `HTTP/1.1 200 OK` and headers; returns status, headers and where the body starts.
/// Lowercased HTTP header names with their values.
type Headers = Vec<(String, String)>;

fn parse_http_head(content: &[u8]) -> Option<(u16, Headers, usize)> {
    let end = memchr::memmem::find(content, b"\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| memchr::memmem::find(content, b"\n\n").map(|i| i + 2))?;
    let head = String::from_utf8_lossy(&content[..end]);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some((status, headers, end))
}

fn http_header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
}

/// Undo chunked transfer encoding and gzip/deflate content encoding.
fn decode_body(body: &[u8], headers: &[(String, String)]) -> Result<Vec<u8>, String> {
    let mut body = body.to_vec();
    if http_header(headers, "transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        body = dechunk(&body).ok_or("malformed chunked transfer encoding")?;
    }
    match http_header(headers, "content-encoding").map(|e| e.to_ascii_lowercase()).as_deref() {
        None | Some("identity") | Some("") => Ok(body),
        Some("gzip") | Some("x-gzip") => {
            let mut out = Vec::new();
            GzDecoder::new(&body[..]).read_to_end(&mut out).map_err(|e| format!("bad gzip body: {e}"))?;
            Ok(out)
        }
        Some("deflate") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&body[..])
                .read_to_end(&mut out)
                .map_err(|e| format!("bad deflate body: {e}"))?;
            Ok(out)
        }
        Some(other) => Err(format!("unsupported content encoding {other:?}")),
    }
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let nl = memchr::memchr(b'\n', data)?;
        let size_str = std::str::from_utf8(&data[..nl]).ok()?.trim();
        let size = usize::from_str_radix(size_str.split(';').next()?.trim(), 16).ok()?;
        data = &data[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size..)?;
        data = data.strip_prefix(b"\r\n").or_else(|| data.strip_prefix(b"\n")).unwrap_or(data);
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn record(kind: &str, ctype: &str, content: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://news.example/a\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
            content.len()
        )
        .into_bytes();
        r.extend_from_slice(content);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn page(text: &str) -> Vec<u8> {
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><article><p>{text}</p></article></body></html>").into_bytes()
    }

    #[test]
    fn reads_responses_skips_the_rest_and_survives_garbage() {
        let mut warc = record("warcinfo", "application/warc-fields", b"software: test\r\n");
        warc.extend(record("request", "application/http; msgtype=request", b"GET /a HTTP/1.1\r\n\r\n"));
        warc.extend(record(
            "response",
            "application/http; msgtype=response",
            &page("Ministers met in Geneva on Friday to discuss the ceasefire terms."),
        ));
        warc.extend(b"garbage line\r\n");
        warc.extend(record(
            "response",
            "application/http; msgtype=response",
            &page("A second page about the talks in Geneva."),
        ));
        let items: Vec<Item> = read(Origin::file("x.warc"), &warc[..], 1 << 20).collect();
        assert_eq!(items.len(), 3, "{items:?}");
        let a = &items[0].as_ref().unwrap().article;
        assert!(a.text.contains("Ministers met in Geneva"));
        assert_eq!(a.url.as_deref(), Some("https://news.example/a"));
        assert!(
            items[1].as_ref().unwrap_err().to_string().contains("x.warc record 4: expected a WARC/1.x record header")
        );
        assert!(items[2].as_ref().unwrap().article.text.contains("A second page"));
    }

    #[test]
    fn gzipped_members_and_chunked_bodies() {
        let body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n1c\r\n<html><body><p>Chunked page \r\n19\r\nabout Fordow strikes.</p>\r\n0\r\n\r\n";
        let mut out = Vec::new();
        for _ in 0..2 {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&record("response", "application/http; msgtype=response", body)).unwrap();
            out.extend(gz.finish().unwrap());
        }
        let items: Vec<Item> = read(Origin::file("x.warc.gz"), &out[..], 1 << 20).collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].as_ref().unwrap().article.text, "Chunked page about Fordow strikes.");
    }

    #[test]
    fn truncated_archive() {
        let mut warc = record("response", "application/http; msgtype=response", &page("Complete page text here."));
        warc.truncate(warc.len() - 30);
        let items: Vec<Item> = read(Origin::file("t.warc"), &warc[..], 1 << 20).collect();
        assert!(items[0].as_ref().unwrap_err().message.contains("truncated record at byte 0"));
    }
}
