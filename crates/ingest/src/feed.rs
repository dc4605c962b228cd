//! RSS 0.9-2.0, Atom and JSON Feed: one article per item, with the item's own date.

use sitrep_model::{Article, Diagnostic, Level, Published, PublishedSource};
use sitrep_text::clean_text;

use crate::{Input, InputError, Item, Origin, article_id, html::html_to_text};

pub(crate) fn read(origin: Origin, bytes: &[u8]) -> Vec<Item> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => return vec![Err(InputError::new(origin, format!("not a readable RSS/Atom feed: {e}")))],
    };
    let outlet = feed.title.as_ref().map(|t| clean_text(&t.content)).filter(|t| !t.is_empty());
    if feed.entries.is_empty() {
        return vec![Err(InputError::new(origin, "feed has no items"))];
    }
    feed.entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let origin = Origin { record: Some(i + 1), ..origin.clone() };
            let title = entry.title.as_ref().map(|t| clean_text(&t.content)).filter(|t| !t.is_empty());
            let body = entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
                .unwrap_or_default();
            let text = if body.contains('<') { html_to_text(&body) } else { clean_text(&body) };
            if text.is_empty() {
                let what = title.as_deref().map(|t| format!(" (\"{t}\")")).unwrap_or_default();
                return Err(InputError::new(origin, format!("feed item{what} has no text")));
            }
            let mut article = Article::new(String::new(), text);
            article.url = entry.links.first().map(|l| l.href.clone());
            article.title = title;
            article.source = outlet.clone();
            article.author = entry.authors.first().and_then(|p| p.name.clone()).filter(|n| !n.is_empty());
            let mut diagnostics = Vec::new();
            if let Some(date) = entry.published.or(entry.updated) {
                match Published::parse(&date.to_rfc3339()) {
                    Ok(p) => {
                        article.published = Some(p);
                        article.published_source = PublishedSource::Metadata;
                    }
                    Err(e) => diagnostics.push(Diagnostic::new(Level::Warning, format!("item date {e}"))),
                }
            }
            article.id = article_id(article.url.as_deref(), &article.text);
            Ok(Input { article, origin, diagnostics })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_become_articles() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Courier</title>
            <item><title>Talks resume</title><link>https://hc.example/1</link>
              <pubDate>Mon, 16 Jun 2025 09:00:00 +0000</pubDate>
              <description>&lt;p&gt;Envoys met in Muscat on Monday.&lt;/p&gt;</description></item>
            <item><title>Empty</title><link>https://hc.example/2</link></item>
            </channel></rss>"#;
        let items = read(Origin::file("f.rss"), rss);
        let a = &items[0].as_ref().unwrap().article;
        assert_eq!(a.text, "Envoys met in Muscat on Monday.");
        assert_eq!(a.source.as_deref(), Some("Harbour Courier"));
        assert_eq!(a.published.unwrap().to_string(), "2025-06-16T09:00:00Z");
        assert_eq!(items[1].as_ref().unwrap_err().to_string(), "f.rss record 2: feed item (\"Empty\") has no text");
    }

    #[test]
    fn broken_feed() {
        let items = read(Origin::file("f.rss"), b"<rss><channel><item>");
        assert!(items[0].as_ref().unwrap_err().message.starts_with("not a readable RSS/Atom feed"));
    }
}
