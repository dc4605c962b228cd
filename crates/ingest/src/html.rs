//! HTML pages: charset detection, main text (Readability, via `dom_smoothie`) and metadata —
//! title, author, outlet, publication date, canonical URL, language.

use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability, TextMode};
use sitrep_model::{Article, Diagnostic, Level, Published, PublishedSource};
use sitrep_text::clean_text;

use crate::{Input, InputError, InputKind, Item, Origin, article_id};

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
    Ok(Input { article, origin, diagnostics, kind: InputKind::Page })
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
    // Byline from metadata, read before boilerplate removal can take the byline block away;
    // Readability's own byline wins when it finds one.
    let meta_author = attr("meta[name=author]", "content")
        .or_else(|| attr("meta[property='article:author']", "content"))
        .or_else(|| Some(dom.select("[rel=author]").first().text().trim().to_string()))
        .filter(|a| !a.is_empty() && !a.starts_with("http") && a.chars().count() <= 120);
    let lang = attr("html", "lang").map(|l| l.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase());
    let base_url = url.filter(|u| u.starts_with("http")).or(canonical.as_deref()).map(str::to_string);
    // Before Readability and the fallback below change the tree: scripts carry JSON-LD.
    let stated = crate::pubdate::find(html, &dom, url.or(canonical.as_deref()), lang.as_deref());

    let patterns = crate::boilerplate::Patterns::builtin();
    patterns.preclean(&dom);
    let cfg = Config { text_mode: TextMode::Formatted, max_elements_to_parse: 0, ..Default::default() };
    let mut page = HtmlPage { url: canonical, lang: lang.filter(|l| !l.is_empty()), ..Default::default() };
    let dom_for_fallback = dom.clone();
    let parsed = Readability::with_document(dom.clone(), base_url.as_deref(), Some(cfg)).and_then(|mut r| r.parse());
    match parsed {
        Ok(a) => {
            page.text = patterns.clean_lines(&clean_text(&a.text_content));
            // Readability sometimes settles on a side block (a signature list, a disclosure)
            // and misses the article: when the page's densest block of paragraphs is far
            // longer than what it chose, and not part of it, take that block instead.
            if let Some(block) = densest_paragraph_block(&dom_for_fallback) {
                let block = patterns.clean_lines(&clean_text(&block));
                let (chosen, found) = (page.text.chars().count(), block.chars().count());
                let head: String = block.chars().take(60).collect();
                if found > 500 && found > 2 * chosen && !page.text.contains(head.trim()) {
                    page.text = block;
                }
            }
            page.title = Some(a.title.trim().to_string()).filter(|t| !t.is_empty());
            page.author = a.byline.map(|b| b.trim().to_string()).filter(|b| !b.is_empty()).or(meta_author);
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
            page.text = patterns.clean_lines(&clean_text(&dom.select("body").formatted_text()));
            page.author = meta_author;
            page.title = attr("title", "")
                .or_else(|| Some(dom.select("title").text().trim().to_string()))
                .filter(|t| !t.is_empty());
        }
    }
    // Pages mix composed and decomposed forms of the same letters (Bengali, Vietnamese,
    // accented Latin); NFC makes equal text equal bytes, for matching and for dedup.
    page.text = nfc(&page.text);
    if let Some(d) = stated {
        page.published = Some(d.published.to_string());
    }
    page
}

/// The formatted text of the element whose child paragraphs (`<p>` over 40 characters) hold
/// the most text, if any does.
fn densest_paragraph_block(dom: &Dom) -> Option<String> {
    let mut sums: std::collections::BTreeMap<dom_query::NodeId, (usize, dom_query::NodeRef<'_>)> = Default::default();
    for p in dom.select("p").nodes() {
        let n = p.text().chars().count();
        if n <= 40 {
            continue;
        }
        if let Some(parent) = p.parent() {
            let e = sums.entry(parent.id).or_insert((0, parent));
            e.0 += n;
        }
    }
    let (_, node) = sums.into_values().max_by_key(|(n, _)| *n)?;
    Some(node.formatted_text().to_string())
}

fn nfc(s: &str) -> String {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(s).into_owned()
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
    fn author_outlet_and_language_from_the_page() {
        let html = r#"<html lang="en"><head><title>Frappes</title><meta name="author" content="Claire Dubois">
            <link rel="canonical" href="https://www.france24.com/fr/moyen-orient/frappes?utm_source=rss#top"></head>
            <body><article><p>Des explosions ont été entendues dans la capitale iranienne tôt samedi, selon des habitants,
            alors que les échanges de tirs entre les deux pays entraient dans leur deuxième jour.</p>
            <p>L'armée a indiqué que ses défenses aériennes avaient intercepté la plupart des missiles, tandis que des
            responsables à Téhéran faisaient état de dégâts sur plusieurs bâtiments du nord de la ville.</p>
            <figure><figcaption>Photo: une rue de Téhéran</figcaption></figure></article></body></html>"#;
        let items = crate::read_bytes(Origin::file("p.html"), crate::Format::Html, html.as_bytes());
        let a = &items[0].as_ref().unwrap().article;
        assert_eq!(a.author.as_deref(), Some("Claire Dubois"));
        assert_eq!(a.url.as_deref(), Some("https://www.france24.com/fr/moyen-orient/frappes"));
        assert_eq!(a.source.as_deref(), Some("France 24"));
        assert_eq!(a.lang.as_deref(), Some("fr"), "the text, not the template's lang attribute");
        assert!(!a.text.contains("une rue de Téhéran"), "{}", a.text);
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
