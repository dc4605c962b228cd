//! Input format: from `--from`, else from the file name, else by sniffing the first bytes.

use std::path::Path;

/// The input formats `--from` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Auto,
    Text,
    Html,
    Jsonl,
    Rss,
    Warc,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "auto" => Format::Auto,
            "text" | "txt" => Format::Text,
            "html" => Format::Html,
            "jsonl" | "ndjson" => Format::Jsonl,
            "rss" | "atom" | "feed" => Format::Rss,
            "warc" => Format::Warc,
            _ => return Err(format!("unknown input format '{s}' (expected auto, text, html, jsonl, rss or warc)")),
        })
    }
}

/// Decide the format of an input from its name and its first bytes.
pub fn detect_format(path: Option<&Path>, head: &[u8]) -> Format {
    if let Some(name) = path.and_then(|p| p.file_name()).and_then(|n| n.to_str()) {
        let name = name.to_ascii_lowercase();
        let by_ext = [
            (".warc.gz", Format::Warc),
            (".warc", Format::Warc),
            (".jsonl", Format::Jsonl),
            (".ndjson", Format::Jsonl),
            (".html", Format::Html),
            (".htm", Format::Html),
            (".xhtml", Format::Html),
            (".rss", Format::Rss),
            (".atom", Format::Rss),
            (".txt", Format::Text),
        ];
        if let Some((_, f)) = by_ext.iter().find(|(ext, _)| name.ends_with(ext)) {
            return *f;
        }
    }
    sniff(head)
}

fn sniff(head: &[u8]) -> Format {
    if head.starts_with(&[0x1f, 0x8b]) || head.starts_with(b"WARC/") {
        return Format::Warc;
    }
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let lower: Vec<u8> = head[start..].iter().take(1024).map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if lower.starts_with(b"{") {
        return Format::Jsonl;
    }
    if lower.starts_with(b"<") {
        if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
            return Format::Rss;
        }
        return Format::Html;
    }
    Format::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_name_then_content() {
        assert_eq!(detect_format(Some(Path::new("a/b.WARC.gz")), b""), Format::Warc);
        assert_eq!(detect_format(Some(Path::new("x.jsonl")), b"plain"), Format::Jsonl);
        assert_eq!(detect_format(None, b"  <?xml version='1.0'?><rss>"), Format::Rss);
        assert_eq!(detect_format(None, b"<!doctype html><html>"), Format::Html);
        assert_eq!(detect_format(None, b"{\"id\":1}"), Format::Jsonl);
        assert_eq!(detect_format(Some(Path::new("notes")), b"Tehran, June 14"), Format::Text);
    }
}
