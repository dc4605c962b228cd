//! The whole pipeline on arbitrary text (as a plain-text input, so the header block, the
//! cleaning and language detection are on the path too), with a fixed publication date so
//! the time stage resolves.
#![no_main]

#[path = "common.rs"]
mod common;

use sitrep_model::{Article, Published};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = sitrep_text::clean_text(text);
    if text.trim().is_empty() {
        return;
    }
    let mut article = Article::new("fuzz".to_string(), text);
    article.published = Published::parse("2025-06-15").ok();
    common::analyse(article);
});
