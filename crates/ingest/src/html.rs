//! HTML pages: charset detection, main text (Readability, via `dom_smoothie`) and metadata —
//! title, author, outlet, publication date, canonical URL, language.

use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability, TextMode};
use sitrep_model::{Article, Diagnostic, Level, Published, PublishedSource};
use sitrep_text::clean_text;

use crate::{Input, InputError, Item, Origin, article_id};

/// What we read off an HTML page.
#[derive(Debug, Clone, Default)]
pub struct HtmlPage {
    pub title: Option<String>,
    pub author: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub text: String,
}

pub(crate) fn read(origin: Origin, bytes: &[u8], url: Option<&str>) -> Item {
    read_with_charset(origin, bytes, url, None)
}

pub(crate) fn read_with_charset(origin: Origin, bytes: &[u8], url: Option<&str>, http_charset: Option<&str>) -> Item {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::new(origin, "empty input: no HTML to read"));
    }
    let html = decode_html(bytes, http_charset);
    let page = parse_html(&html, url);
    if page.text.is_empty() {
        return Err(InputError::new(origin, "no main text found in the HTML (no body, or only markup)"));
    }
    let mut diagnostics = Vec::new();
    let mut article = Article::new(String::new(), page.text);
    article.title = page.title;
    article.author = page.author;
    article.source = page.site_name;
    article.url = page.url.or_else(|| url.map(str::to_string));
    article.lang = page.lang;
    if let Some(p) = page.published {
        match Published::parse(&p) {
            Ok(p) => {
                article.published = Some(p);
                article.published_source = PublishedSource::Metadata;
            }
            Err(e) => diagnostics.push(Diagnostic::new(Level::Info, format!("page metadata date {e}; ignored"))),
        }
    }
    article.id = article_id(article.url.as_deref(), &article.text);
    Ok(Input { article, origin, diagnostics })
}

/// Parse an HTML page: main text plus metadata. Never fails; the text is empty when the page
/// has none.
pub fn parse_html(html: &str, url: Option<&str>) -> HtmlPage {
    let dom = Dom::from(html);
    let attr = |sel: &str, name: &str| -> Option<String> {
        dom.select(sel).attr(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    };
    let canonical = attr("link[rel=canonical]", "href")
        .or_else(|| attr("meta[property='og:url']", "content"))
        .filter(|u| u.starts_with("http"));
    let lang = attr("html", "lang").map(|l| l.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase());
    let base_url = url.filter(|u| u.starts_with("http")).or(canonical.as_deref()).map(str::to_string);

    let cfg = Config { text_mode: TextMode::Formatted, max_elements_to_parse: 0, ..Default::default() };
    let mut page = HtmlPage { url: canonical, lang: lang.filter(|l| !l.is_empty()), ..Default::default() };
    let parsed = Readability::with_document(dom.clone(), base_url.as_deref(), Some(cfg)).and_then(|mut r| r.parse());
    match parsed {
        Ok(a) => {
            page.text = clean_text(&a.text_content);
            page.title = Some(a.title.trim().to_string()).filter(|t| !t.is_empty());
            page.author = a.byline.map(|b| b.trim().to_string()).filter(|b| !b.is_empty());
            page.site_name = a.site_name.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            page.published = a.published_time;
            if page.url.is_none() {
                page.url = a.url.filter(|u| u.starts_with("http"));
            }
            if page.lang.is_none() {
                page.lang = a.lang.map(|l| l.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase());
            }
        }
        Err(_) => {
            // Readability found no article: fall back to the body's text, without scripts.
            dom.select("script, style, noscript, template, nav, header, footer").remove();
            page.text = clean_text(&dom.select("body").formatted_text());
            page.title = attr("title", "").or_else(|| Some(dom.select("title").text().trim().to_string())).filter(|t| !t.is_empty());
        }
    }
    page
}

/// Text of an HTML fragment (a feed item's content), block elements on their own lines.
pub fn html_to_text(fragment: &str) -> String {
    let dom = Dom::fragment(fragment);
    dom.select("script, style").remove();
    clean_text(&dom.formatted_text())
}

/// Decode an HTML page: BOM, then the HTTP charset, then a `<meta>` charset, then UTF-8 if
/// valid, else the encoding `chardetng` guesses.
pub(crate) fn decode_html(bytes: &[u8], http_charset: Option<&str>) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let declared = http_charset
        .and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(4096)]));
    if let Some(enc) = declared {
        // Pages often declare Latin-1 but are UTF-8; trust valid UTF-8 over the label.
        if enc != encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_ok() && bytes.iter().any(|b| *b >= 0x80) {
            return String::from_utf8_lossy(bytes).into_owned();
        }
        return enc.decode_without_bom_handling(bytes).0.into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    det.guess(None, chardetng::Utf8Detection::Allow).decode_without_bom_handling(bytes).0.into_owned()
}

fn meta_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let pos = lower.windows(8).position(|w| w == b"charset=")?;
    let rest = &lower[pos + 8..];
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest.iter().position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')).unwrap_or(rest.len());
    encoding_rs::Encoding::for_label(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_with_metadata() {
        let html = r#"<html lang="en-GB"><head><title>Strikes hit Tehran | Gulf Dispatch</title>
            <meta property="og:site_name" content="Gulf Dispatch">
            <meta property="article:published_time" content="2025-06-14T08:00:00Z">
            <link rel="canonical" href="https://gulf.example/strikes"></head>
            <body><nav>Home | World | Sport</nav><article><h1>Strikes hit Tehran</h1>
            <p>Explosions were heard across the Iranian capital early on Saturday, residents said, as the
            exchange of fire between the two countries entered its second day.</p>
            <p>The military said its air defences had intercepted most of the incoming missiles, while
            officials in Tehran reported damage to several buildings in the north of the city.</p>
            </article><footer>Copyright</footer></body></html>"#;
        let input = read(Origin::file("p.html"), html.as_bytes(), None).unwrap();
        let a = input.article;
        assert_eq!(a.source.as_deref(), Some("Gulf Dispatch"));
        assert_eq!(a.url.as_deref(), Some("https://gulf.example/strikes"));
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert_eq!(a.published.unwrap().to_string(), "2025-06-14T08:00:00Z");
        assert!(a.text.contains("Explosions were heard"), "{}", a.text);
        assert!(!a.text.contains("Home | World"));
    }

    #[test]
    fn html_without_body_text_is_an_error() {
        let e = read(Origin::file("x.html"), b"<html><head><title>t</title></head></html>", None).unwrap_err();
        assert_eq!(e.to_string(), "x.html: no main text found in the HTML (no body, or only markup)");
        let e = read(Origin::file("x.html"), b"<html><body><script>var a=1;</script></body>", None).unwrap_err();
        assert!(e.message.contains("no main text"));
    }

    #[test]
    fn decodes_declared_and_guessed_charsets() {
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9</p></body></html>";
        assert!(decode_html(latin1, None).contains("Café"));
        assert!(decode_html(b"<p>Caf\xe9 cr\xe8me br\xfbl\xe9e au caf\xe9</p>", None).contains("Café"));
        assert!(decode_html("<meta charset=latin1><p>Café</p>".as_bytes(), None).contains("Café"));
    }
}
