//! A content page over any bytes: front matter (YAML) and Markdown body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vypusk::render::markdown::{render, MarkdownOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some((yaml, body, line)) = vypusk::load::content::split_front_matter(text) {
        let _ = vypusk::load::yaml::parse::<vypusk::model::site::FrontMatter>(yaml, "content/a.md", 1);
        let _ = render(body, &MarkdownOptions { dir: "a", line_offset: line, raw_html: false });
    } else {
        let _ = render(text, &MarkdownOptions { dir: "", line_offset: 0, raw_html: true });
    }
});
