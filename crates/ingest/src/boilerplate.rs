//! Web-page boilerplate — captions, share bars, "Related" lists, subscription calls,
//! copyright lines — removed around main-text extraction, from the patterns in
//! `resources/html_boilerplate.tsv`. Before extraction whole containers go (by tag, or by a
//! class/id fragment when the container holds little of the page's text); after it, short
//! lines that match a pattern, and "Related ..." headers with the headline list after them.

use std::sync::OnceLock;

use dom_query::Document as Dom;

pub(crate) const HTML_BOILERPLATE_TSV: &str = include_str!("../resources/html_boilerplate.tsv");

/// Lines longer than this are prose, whatever they start with.
const SHORT_LINE: usize = 200;
/// A class-matched container holding more than this share of the page's text is a wrapper
/// around the article, not boilerplate.
const MAX_SHARE: f64 = 0.25;

#[derive(Debug, Default)]
pub(crate) struct Patterns {
    tags: Vec<String>,
    classes: Vec<String>,
    starts: Vec<String>,
    contains: Vec<String>,
    lines: Vec<String>,
    headers: Vec<String>,
}

impl Patterns {
    /// The shipped patterns. Checked by this module's tests, so a failure is our bug.
    pub(crate) fn builtin() -> &'static Patterns {
        static P: OnceLock<Patterns> = OnceLock::new();
        P.get_or_init(|| Patterns::parse(HTML_BOILERPLATE_TSV).expect("html_boilerplate.tsv is checked by tests"))
    }

    pub(crate) fn parse(src: &str) -> Result<Patterns, String> {
        let mut p = Patterns::default();
        for (i, line) in src.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') || line == "kind\tpattern" {
                continue;
            }
            let Some((kind, pat)) = line.split_once('\t') else {
                return Err(format!("html_boilerplate.tsv line {}: expected 'kind<TAB>pattern'", i + 1));
            };
            let pat = pat.trim().to_lowercase();
            let list = match kind {
                "tag" => &mut p.tags,
                "class" => &mut p.classes,
                "start" => &mut p.starts,
                "contains" => &mut p.contains,
                "line" => &mut p.lines,
                "header" => &mut p.headers,
                other => return Err(format!("html_boilerplate.tsv line {}: unknown kind '{other}'", i + 1)),
            };
            list.push(pat);
        }
        Ok(p)
    }

    /// Remove boilerplate containers from a parsed page. A container that looks like it
    /// wraps the article (holds the headline, an `<article>`, or several long paragraphs) is
    /// kept whatever its tag or class: sites wrap whole pages in `<form>` or in a
    /// `share-enabled` div.
    pub(crate) fn preclean(&self, dom: &Dom) {
        let total = dom.select("body").text().chars().filter(|c| !c.is_whitespace()).count().max(1) as f64;
        if !self.tags.is_empty() {
            for el in dom.select(&self.tags.join(", ")).iter() {
                if !wraps_article(&el) {
                    el.remove();
                }
            }
        }
        for frag in &self.classes {
            let sel = format!("[class*=\"{frag}\"], [id*=\"{frag}\"]");
            for el in dom.select(&sel).iter() {
                if el.is("html, body, main, article") || wraps_article(&el) {
                    continue;
                }
                let n = el.text().chars().filter(|c| !c.is_whitespace()).count() as f64;
                if n / total < MAX_SHARE {
                    el.remove();
                }
            }
        }
    }

    /// Drop boilerplate lines from extracted text.
    pub(crate) fn clean_lines(&self, text: &str) -> String {
        let mut out: Vec<&str> = Vec::new();
        let mut in_list = false;
        for line in text.lines() {
            let t = line.trim();
            if t.is_empty() {
                out.push(line);
                continue;
            }
            let lower = t.to_lowercase();
            let lower = lower.trim_end_matches(':').trim();
            if self.headers.iter().any(|h| h == lower) {
                in_list = true;
                continue;
            }
            if in_list {
                let headline = t.chars().count() < 120 && !t.ends_with(['.', '!', '?', '"', '”', ':']);
                if headline {
                    continue;
                }
                in_list = false;
            }
            if self.is_boilerplate_line(t) {
                continue;
            }
            out.push(line);
        }
        sitrep_text::clean_text(&out.join("\n"))
    }

    fn is_boilerplate_line(&self, t: &str) -> bool {
        let lower = t.to_lowercase();
        if self.lines.iter().any(|l| line_matches(l, &lower)) {
            return true;
        }
        if t.chars().count() >= SHORT_LINE {
            return false;
        }
        self.starts.iter().any(|s| lower.starts_with(s.as_str()))
            || self.contains.iter().any(|c| lower.contains(c.as_str()))
    }
}

/// Whether an element holds the article rather than sits beside it.
fn wraps_article(el: &dom_query::Selection<'_>) -> bool {
    if el.select("h1, article, main, [itemprop=articleBody]").exists() {
        return true;
    }
    el.select("p").iter().filter(|p| p.text().chars().count() > 150).take(2).count() >= 2
}

/// Whole-line match where `#` in the pattern stands for a run of digits.
fn line_matches(pattern: &str, line: &str) -> bool {
    let (mut p, mut l) = (pattern.as_bytes(), line.trim().as_bytes());
    while let Some((&pc, prest)) = p.split_first() {
        if pc == b'#' {
            let n = l.iter().take_while(|b| b.is_ascii_digit()).count();
            if n == 0 {
                return false;
            }
            l = &l[n..];
        } else {
            match l.split_first() {
                Some((&lc, lrest)) if lc == pc => l = lrest,
                _ => return false,
            }
        }
        p = prest;
    }
    l.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_patterns_parse() {
        let p = Patterns::parse(HTML_BOILERPLATE_TSV).unwrap();
        assert!(p.tags.contains(&"figcaption".to_string()) && !p.headers.is_empty());
        assert!(Patterns::parse("blob\tx\n").unwrap_err().contains("line 1: unknown kind 'blob'"));
    }

    #[test]
    fn lines_and_lists() {
        let text = "By Jane Doe\n\n4 Min Read\n\nDUBAI (Reuters) - The talks resumed on Sunday after a pause.\n\n\
            Related Coverage\n\nOil jumps as talks stall\n\nWhat we know about the strikes\n\n\
            “It was a long night,” a resident said.\n\nRead more: Earlier strikes on the port\n\n\
            © 2025 Some Media Inc. All Rights Reserved.\n\nSubscribe now for the full story.";
        let got = Patterns::builtin().clean_lines(text);
        assert_eq!(
            got,
            "By Jane Doe\n\nDUBAI (Reuters) - The talks resumed on Sunday after a pause.\n\n“It was a long night,” a resident said."
        );
        assert!(line_matches("slideshow ( # images )", "slideshow ( 15 images )"));
        assert!(!line_matches("# min read", "min read"));
    }

    #[test]
    fn containers_go_unless_they_hold_the_article() {
        let body = "<p>The ceasefire held through the night, officials said, and crossings reopened on Monday morning for aid trucks.</p>".repeat(5);
        let html = format!(
            "<html><body><div class=\"story-body share-enabled\">{body}<figure><img src=x><figcaption>Smoke rises over the port</figcaption></figure>\
             <div class=\"social-share\">Share on X</div></div></body></html>"
        );
        let dom = Dom::from(html.as_str());
        Patterns::builtin().preclean(&dom);
        let text = dom.select("body").text();
        assert!(text.contains("The ceasefire held"));
        assert!(!text.contains("Smoke rises") && !text.contains("Share on X"), "{text}");
    }
}
