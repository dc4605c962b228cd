//! Publication dates of HTML pages, from the page's own statements in order of trust: JSON-LD
//! `datePublished`, publication `<meta>` tags, `itemprop="datePublished"` and `<time>`
//! elements, a date in the URL, date fields in scripts, then modification dates and dates
//! written in the title or in date-classed elements. Date strings in every common format
//! (ISO 8601 extended and basic, RFC 2822, `Tue Aug 25 2020`, `Apr 08, 2020`, `9 oktober 2020`,
//! `24.09.2020`, Unix time) are read by [`parse_date`]. Scored by `cargo xtask eval pubdate`.
//! Deliberately absent: guessing from the article text (the time stage does that).

use std::collections::HashMap;
use std::sync::OnceLock;

use dom_query::Document as Dom;
use jiff::civil::{Date, Time};
use sitrep_model::Published;

const MONTHS_TSV: &str = include_str!("../resources/months.tsv");

/// Month names in the languages of `resources/months.tsv`.
fn months() -> &'static HashMap<String, u8> {
    static MONTHS: OnceLock<HashMap<String, u8>> = OnceLock::new();
    MONTHS.get_or_init(|| parse_months(MONTHS_TSV).unwrap_or_else(|e| panic!("resources/months.tsv: {e}")))
}

fn parse_months(src: &str) -> Result<HashMap<String, u8>, String> {
    let mut out = HashMap::new();
    for (n, line) in src.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, month) = line.split_once('\t').ok_or_else(|| format!("line {}: expected name<TAB>month", n + 1))?;
        let month: u8 =
            month.parse().ok().filter(|m| (1..=12).contains(m)).ok_or_else(|| format!("line {}: bad month", n + 1))?;
        if name != name.to_lowercase() || out.insert(name.to_string(), month).is_some() {
            return Err(format!("line {}: {name:?} not lower case or listed twice", n + 1));
        }
    }
    Ok(out)
}

/// A publication date found in a page, and the statement it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct PageDate {
    pub published: Published,
    /// `json-ld`, `meta`, `itemprop`, `time`, `url`, `script`, `modified`, `title`, `text`.
    pub from: &'static str,
}

/// `<meta>` names and properties that state the publication date, most trusted first.
const META_PUBLISHED: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "article_date_original",
    "publication_date",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "pub_date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.created",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "citation_date",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "date",
    "dc.date",
    "dcterms.date",
    "created",
    "dc:date",
];

/// `<meta>` names that state when the page was last changed: a weaker clue.
const META_MODIFIED: &[&str] =
    &["article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified", "lastmod"];

/// JSON and script fields that carry the publication date.
const SCRIPT_FIELDS: &[&str] = &[
    "datePublished",
    "article_publication_date",
    "publishDate",
    "publishedDate",
    "published_at",
    "publishedAt",
    "pubDate",
    "dateCreated",
    "date_published",
    "uploadDate",
    // RDF blocks (often inside comments): dc:date="2020-07-12T22:00:00+09:00"
    "dc:date",
];

/// The publication date a page states about itself, if any. `url` is the page's address
/// (for dates in paths), `lang` its language (`en` reads 03/04/2020 month first).
pub fn find(html: &str, dom: &Dom, url: Option<&str>, lang: Option<&str>) -> Option<PageDate> {
    let mut found = stated(html, dom, url, lang)?;
    // A UTC time early in the day is often still the day before where the page was written,
    // and the URL, written in local time, says so: "2020-02-25T02:25:54Z" in ".../2020/02/24/...".
    if let (Some(t), Some(o), Some(u)) = (found.published.time, found.published.offset, url.and_then(date_in_url))
        && o.seconds() == 0
        && t.hour() < 6
        && found.published.date.yesterday().ok() == Some(u)
    {
        found.published = Published::day(u);
        found.from = "url";
    }
    Some(found)
}

fn stated(html: &str, dom: &Dom, url: Option<&str>, lang: Option<&str>) -> Option<PageDate> {
    let month_first = lang.is_none_or(|l| l == "en");
    let found = |p: Published, from: &'static str| Some(PageDate { published: p, from });
    if let Some(p) = json_ld(dom, month_first) {
        return found(p, "json-ld");
    }
    if let Some(p) = meta(dom, META_PUBLISHED, month_first) {
        return found(p, "meta");
    }
    for node in dom.select("[itemprop=datePublished]").nodes() {
        let v = node
            .attr("content")
            .or_else(|| node.attr("datetime"))
            .map(|v| v.to_string())
            .unwrap_or_else(|| node.text().to_string());
        if let Some(p) = parse_date(&v, month_first) {
            return found(p, "itemprop");
        }
    }
    for sel in
        ["time[pubdate]", "time.published", "time.entry-date", "article time", "header time", "main time", "time"]
    {
        for node in dom.select(sel).nodes().iter().take(3) {
            let v = node.attr("datetime").map(|v| v.to_string()).unwrap_or_else(|| node.text().to_string());
            if let Some(p) = parse_date(&v, month_first) {
                return found(p, "time");
            }
        }
    }
    if let Some(d) = url.and_then(date_in_url) {
        return found(Published::day(d), "url");
    }
    if let Some(p) = script_field(html, month_first) {
        return found(p, "script");
    }
    if let Some(p) = meta(dom, META_MODIFIED, month_first) {
        return found(p, "modified");
    }
    // Dates in attributes of date-classed elements ("title" of a time-ago label), then
    // in the title, then in the text of date-classed elements.
    for node in dom.select("[class*=date], [class*=time], [class*=publish], [class*=posted]").nodes().iter().take(40) {
        for a in ["title", "datetime", "data-time", "data-date", "content"] {
            if let Some(p) = node.attr(a).and_then(|v| parse_date(&v, month_first)) {
                return found(p, "text");
            }
        }
    }
    if let Some(p) = parse_date(&dom.select("title").text(), month_first) {
        return found(p, "title");
    }
    for node in dom
        .select("[class*=date], [class*=time], [class*=publish], [class*=posted], [id*=date]")
        .nodes()
        .iter()
        .take(40)
    {
        let text = node.text();
        if text.len() < 200
            && let Some(p) = parse_date(&text, month_first)
        {
            return found(p, "text");
        }
    }
    None
}

/// `datePublished` from the page's JSON-LD, preferring an article's over other objects'.
fn json_ld(dom: &Dom, month_first: bool) -> Option<Published> {
    let mut best: Option<(u8, Published)> = None;
    for node in dom.select("script[type='application/ld+json']").nodes() {
        let src = node.text();
        let Ok(v) = serde_json::from_str::<serde_json::Value>(src.trim()) else { continue };
        let mut stack = vec![&v];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Array(a) => stack.extend(a.iter()),
                serde_json::Value::Object(o) => {
                    let kind = o.get("@type").map(|t| t.to_string()).unwrap_or_default();
                    let article = ["Article", "NewsArticle", "BlogPosting", "Report", "LiveBlogPosting", "WebPage"]
                        .iter()
                        .any(|k| kind.contains(k));
                    for (field, rank) in [("datePublished", 0u8), ("dateCreated", 2)] {
                        if let Some(p) = o.get(field).and_then(|d| d.as_str()).and_then(|d| parse_date(d, month_first))
                        {
                            let rank = rank + u8::from(!article);
                            if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                                best = Some((rank, p));
                            }
                        }
                    }
                    stack.extend(o.values());
                }
                _ => {}
            }
        }
    }
    best.map(|(_, p)| p)
}

/// The first readable date among `<meta>` tags named in `names`, in the order of `names`.
fn meta(dom: &Dom, names: &[&str], month_first: bool) -> Option<Published> {
    let mut found: Vec<(usize, Published)> = Vec::new();
    for node in dom.select("meta").nodes() {
        let key =
            ["property", "name", "itemprop", "http-equiv"].iter().find_map(|a| node.attr(a)).map(|k| k.to_lowercase());
        let Some(rank) = key.and_then(|k| names.iter().position(|n| *n == k)) else { continue };
        if let Some(p) = node.attr("content").and_then(|c| parse_date(&c, month_first)) {
            found.push((rank, p));
        }
    }
    // RDF-style attributes: <... dc:date="2020-07-12T22:00:00+09:00">
    if names.contains(&"dc:date")
        && let Some(p) = dom
            .select("[dc\\:date]")
            .nodes()
            .first()
            .and_then(|n| n.attr("dc:date"))
            .and_then(|v| parse_date(&v, month_first))
    {
        found.push((names.len(), p));
    }
    found.into_iter().min_by_key(|(r, _)| *r).map(|(_, p)| p)
}

/// A date field in a script: `"datePublished": "..."`, `article_publication_date: "..."`.
fn script_field(html: &str, month_first: bool) -> Option<Published> {
    for field in SCRIPT_FIELDS {
        let mut rest = html;
        while let Some(i) = rest.find(field) {
            let after = &rest[i + field.len()..];
            rest = after;
            let after = after.trim_start_matches(['"', '\'', ' ', '\t']);
            let Some(after) = after.strip_prefix([':', '=']) else { continue };
            let after = after.trim_start();
            let Some(q) = after.chars().next().filter(|c| matches!(c, '"' | '\'')) else { continue };
            let body = &after[1..];
            if let Some(end) = body.find(q)
                && let Some(p) = parse_date(&body[..end], month_first)
            {
                return Some(p);
            }
        }
    }
    None
}

/// A full date in a URL path: `/2020/03/27/`, `/2020-03-27-`, `/20200924/`.
pub fn date_in_url(url: &str) -> Option<Date> {
    let path = url.split_once("://").map_or(url, |(_, r)| r.split_once('/').map_or("", |(_, p)| p));
    let path = path.split(['?', '#']).next().unwrap_or("");
    let parts: Vec<&str> = path.split(['/', '-', '_', '.']).collect();
    for w in parts.windows(3) {
        if let (Ok(y), Ok(m), Ok(d)) = (w[0].parse::<i32>(), w[1].parse::<u8>(), w[2].parse::<u8>())
            && w[0].len() == 4
            && w[1].len() <= 2
            && w[2].len() <= 2
            && let Some(date) = ymd(y, m, d)
        {
            return Some(date);
        }
    }
    parts.iter().find_map(|p| {
        (p.len() == 8 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| ymd(p[..4].parse().ok()?, p[4..6].parse().ok()?, p[6..].parse().ok()?))
            .flatten()
    })
}

/// A calendar date in a plausible range for web pages.
fn ymd(y: i32, m: u8, d: u8) -> Option<Date> {
    if !(1990..=2100).contains(&y) {
        return None;
    }
    Date::new(y as i16, m as i8, d as i8).ok()
}

/// Read a date (and, when given in ISO 8601 or RFC 2822, its time and offset) from a
/// string in any common format. `month_first` reads 03/04/2020 as March 4.
pub fn parse_date(s: &str, month_first: bool) -> Option<Published> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    // Unix time, seconds or milliseconds
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.len() {
            10 | 13 => {
                let secs: i64 = s[..10].parse().ok()?;
                let ts = jiff::Timestamp::from_second(secs).ok()?;
                let dt = ts.to_zoned(jiff::tz::TimeZone::UTC);
                ymd(dt.year() as i32, dt.month() as u8, dt.day() as u8)?;
                Some(Published { date: dt.date(), time: Some(dt.time()), offset: Some(jiff::tz::Offset::UTC) })
            }
            8 => ymd(s[..4].parse().ok()?, s[4..6].parse().ok()?, s[6..].parse().ok()?).map(Published::day),
            _ => None,
        };
    }
    if let Ok(p) = Published::parse(s)
        && ymd(p.date.year() as i32, p.date.month() as u8, p.date.day() as u8).is_some()
    {
        return Some(p);
    }
    // ISO basic: 20200924T104500Z
    let b = s.as_bytes();
    if b.len() >= 9 && b[..8].iter().all(u8::is_ascii_digit) && b[8] == b'T' {
        return ymd(s[..4].parse().ok()?, s[4..6].parse().ok()?, s[6..8].parse().ok()?).map(Published::day);
    }
    find_date_in(s, month_first).map(|(d, t)| Published { date: d, time: t, offset: None })
}

/// The first date written anywhere in `s`: numeric (`2020-09-24`, `24.09.2020`,
/// `09/24/2020`) or with a month name (`Apr 08, 2020`, `9 oktober 2020`, `9 de octubre de
/// 2020`), with a clock time right after an ISO date when there is one.
fn find_date_in(s: &str, month_first: bool) -> Option<(Date, Option<Time>)> {
    // Tokens: runs of digits or of letters, with the character that follows each.
    let mut toks: Vec<(&str, char)> = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        let class = c.is_alphanumeric().then(|| c.is_ascii_digit());
        match (start, class) {
            (None, Some(d)) => start = Some((i, d)),
            (Some((st, d)), Some(d2)) if d != d2 => {
                toks.push((&s[st..i], c));
                start = Some((i, d2));
            }
            (Some((st, _)), None) => {
                toks.push((&s[st..i], c));
                start = None;
            }
            _ => {}
        }
        if toks.len() > 400 {
            break;
        }
    }
    let num = |t: &str| -> Option<u32> {
        (t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok()).flatten()
    };
    let month_of = |t: &str| -> Option<u8> { months().get(&t.to_lowercase()).copied() };
    for i in 0..toks.len() {
        let (t, sep) = toks[i];
        // numeric forms
        if let (Some(a), Some((t2, sep2)), Some((t3, _))) = (num(t), toks.get(i + 1), toks.get(i + 2))
            && matches!(sep, '-' | '/' | '.')
            && *sep2 == sep
            && let (Some(b), Some(c)) = (num(t2), num(t3))
        {
            let date = if t.len() == 4 {
                ymd(a as i32, b as u8, c as u8)
            } else if t3.len() == 4 {
                let (m, d) = if sep != '.' && month_first && a <= 12 || b > 12 { (a, b) } else { (b, a) };
                ymd(c as i32, m as u8, d as u8)
            } else {
                None
            };
            if let Some(d) = date {
                // "2020-08-18 13:14:26"
                let time = toks.get(i + 3).zip(toks.get(i + 4)).and_then(|((h, hs), (mi, _))| {
                    (*hs == ':' && t.len() == 4)
                        .then(|| Time::new(h.parse().ok()?, mi.parse().ok()?, 0, 0).ok())
                        .flatten()
                });
                return Some((d, time));
            }
        }
        // month-name forms
        if let Some(m) = month_of(t) {
            let year_near = |from: usize| -> Option<i32> {
                (from..(from + 3).min(toks.len())).find_map(|k| {
                    let y = toks[k].0;
                    (y.len() == 4).then(|| num(y)).flatten().map(|y| y as i32)
                })
            };
            // day before: "9 oktober 2020", "9. Oktober 2020", "9 de octubre de 2020"
            let before = (i.saturating_sub(2)..i).rev().find_map(|k| {
                let d = num(toks[k].0)?;
                (toks[k].0.len() <= 2 && (k + 1 == i || toks[k + 1].0 == "de")).then_some(d)
            });
            if let Some(d) = before
                && let Some(y) = year_near(i + 1)
                && let Some(date) = ymd(y, m, d as u8)
            {
                return Some((date, None));
            }
            // day after: "Apr 08, 2020", "September 24 2020"
            if let Some((dt, _)) = toks.get(i + 1)
                && dt.len() <= 2
                && let Some(d) = num(dt)
                && let Some(y) = year_near(i + 2)
                && let Some(date) = ymd(y, m, d as u8)
            {
                return Some((date, None));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<String> {
        parse_date(s, true).map(|p| p.date.to_string())
    }

    #[test]
    fn month_table_loads() {
        assert_eq!(months()["oktober"], 10);
        assert_eq!(months()["août"], 8);
        assert!(parse_months("jan\t13\n").is_err());
        assert!(parse_months("Jan\t1\n").is_err());
    }

    #[test]
    fn reads_every_common_format() {
        for (input, want) in [
            ("2020-08-25T00:23:33.312Z", "2020-08-25"),
            ("2020-12-05T23:15:0Z", "2020-12-05"),
            ("2020-08-18 13:14:26", "2020-08-18"),
            ("2020/10/04", "2020-10-04"),
            ("20200924T104500Z", "2020-09-24"),
            ("20200924", "2020-09-24"),
            ("Wed, 08 Apr 2020 16:25:06 +0530", "2020-04-08"),
            ("Tue, Sep 15 2020 10:01:41 EDT", "2020-09-15"),
            ("Tue Aug 25 2020 00:23:33 GMT+0000 (Coordinated Universal Time)", "2020-08-25"),
            ("04:25:06 PM IST Apr 08, 2020", "2020-04-08"),
            ("September 24, 2020", "2020-09-24"),
            ("9 oktober 2020 11:12", "2020-10-09"),
            ("9. Oktober 2020", "2020-10-09"),
            ("9 de octubre de 2020", "2020-10-09"),
            ("Publié le 24.09.2020", "2020-09-24"),
            ("1600633920", "2020-09-20"),
        ] {
            assert_eq!(day(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(parse_date("03/04/2020", true).unwrap().date.to_string(), "2020-03-04");
        assert_eq!(parse_date("03/04/2020", false).unwrap().date.to_string(), "2020-04-03");
        assert_eq!(parse_date("25/04/2020", true).unwrap().date.to_string(), "2020-04-25");
        for bad in ["", "yesterday", "12345", "Page 3 of 10", "1984-13-40", "v2.0.1"] {
            assert_eq!(day(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_string(s in "\\PC{0,80}", month_first: bool) {
            let _ = parse_date(&s, month_first);
            let _ = date_in_url(&s);
        }

        #[test]
        fn never_panics_on_date_like_strings(s in "[0-9A-Za-z ,./:+T-]{0,40}") {
            let _ = parse_date(&s, true);
        }
    }

    #[test]
    fn dates_in_urls() {
        let d = |u: &str| date_in_url(u).map(|d| d.to_string());
        assert_eq!(d("https://x.example/news/2020/03/27/title/").as_deref(), Some("2020-03-27"));
        assert_eq!(d("https://x.example/2020-01-09-best-of.html").as_deref(), Some("2020-01-09"));
        assert_eq!(d("https://x.example/news/20200924/battle").as_deref(), Some("2020-09-24"));
        assert_eq!(d("https://x.example/2020/04/title/"), None);
        assert_eq!(d("https://x.example/item/12345678"), None);
    }

    #[test]
    fn statements_in_order_of_trust() {
        let page = |html: &str, url: Option<&str>| {
            let dom = Dom::from(html);
            find(html, &dom, url, Some("en")).map(|f| (f.published.date.to_string(), f.from))
        };
        let ld = r#"<html><head><meta property="article:published_time" content="2020-12-24T10:00:00Z">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-12-25T08:00:00+01:00"}</script>
            </head><body></body></html>"#;
        assert_eq!(page(ld, None), Some(("2020-12-25".into(), "json-ld")));
        let meta = r#"<html><head><meta property="article:modified_time" content="2020-10-23">
            <meta name="datePublished" content="2020-10-26"></head></html>"#;
        assert_eq!(page(meta, None), Some(("2020-10-26".into(), "meta")));
        let time = r#"<html><body><article><time datetime="2020-11-24T09:00">Nov 24</time></article></body></html>"#;
        assert_eq!(page(time, None), Some(("2020-11-24".into(), "time")));
        assert_eq!(
            page("<html><body><p>hi</p></body></html>", Some("https://a.example/2020/08/24/x")),
            Some(("2020-08-24".into(), "url"))
        );
        let script = r#"<html><body><script>var meta = {article_publication_date: "Wed, 08 Apr 2020 16:25:06 +0530"};</script></body></html>"#;
        assert_eq!(page(script, None), Some(("2020-04-08".into(), "script")));
        let text = r#"<html><head><title>Ambulance naar Den Haag | 9 oktober 2020 11:12</title></head></html>"#;
        assert_eq!(page(text, None), Some(("2020-10-09".into(), "title")));
        assert_eq!(page("<html><body><p>No dates here.</p></body></html>", None), None);
    }
}
