//! Markdown → HTML with heading anchors, a table of contents, escaped raw HTML and
//! internal links rewritten from `.md` sources to the `.html` pages they become.

use crate::model::site::{InternalLink, TocEntry};
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// What rendering one page's Markdown gives.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub anchors: Vec<String>,
    pub links: Vec<InternalLink>,
    /// Links that leave `content/` (`../../etc/passwd`): (written, line, column).
    pub escaping: Vec<(String, usize, usize)>,
    /// Links with a scheme other than http, https, mailto, tel (`javascript:` runs code):
    /// (written, line, column). Allowed only on pages that opt into raw HTML.
    pub unsafe_schemes: Vec<(String, usize, usize)>,
}

/// Options for one page.
pub struct MarkdownOptions<'a> {
    /// The page's folder relative to `content/` (`about`), to resolve relative links.
    pub dir: &'a str,
    /// Lines before the body in the file (front matter), added to reported lines.
    pub line_offset: usize,
    pub raw_html: bool,
}

const TABLE_OPEN: &str =
    "<div class=\"table-scroll\" role=\"region\" aria-label=\"Таблица\" tabindex=\"0\">\n";

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Render `body`.
pub fn render(body: &str, opts: &MarkdownOptions) -> Rendered {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let pos = |offset: usize| -> (usize, usize) {
        let idx = line_starts.partition_point(|&s| s <= offset) - 1;
        let col = body[line_starts[idx]..offset].chars().count() + 1;
        (idx + 1 + opts.line_offset, col)
    };

    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::with_capacity(256);
    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        let event = match event {
            Event::Html(s) | Event::InlineHtml(s) if !opts.raw_html => Event::Text(s),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite_link(&dest_url, link_type, opts, &mut out, pos(range.start))
                    .map(CowStr::from)
                    .unwrap_or(dest_url);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                rewrite_link(&dest_url, link_type, opts, &mut out, pos(range.start));
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            // Wide tables scroll inside a focusable region instead of widening the page.
            Event::Start(Tag::Table(a)) => {
                events.push(Event::Html(CowStr::Borrowed(TABLE_OPEN)));
                Event::Start(Tag::Table(a))
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                Event::Html(CowStr::Borrowed("</div>\n"))
            }
            e => e,
        };
        events.push(event);
    }
    assign_heading_ids(&mut events, &mut out);
    out.html.reserve(body.len() * 3 / 2);
    html::push_html(&mut out.html, events.into_iter());
    out
}

/// Give every heading an id (explicit `{#id}` wins), unique within the page, and collect
/// the table of contents (levels 2–3).
fn assign_heading_ids(events: &mut [Event], out: &mut Rendered) {
    // Ids taken so far, and for each base the next suffix to try: linear in the number of
    // headings even when they are all alike (a scan from `-1` each time would be quadratic).
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut next: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() {
                match &events[j] {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| slug(&text));
            let mut unique = base.clone();
            let mut n = next.get(&base).copied().unwrap_or(1);
            while used.contains(&unique) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            next.insert(base, n);
            used.insert(unique.clone());
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                out.toc.push(TocEntry {
                    level: level as u8,
                    id: unique.clone(),
                    title: text.trim().to_string(),
                });
            }
            out.anchors.push(unique);
            i = j;
        }
        i += 1;
    }
}

/// Heading text → anchor id: lowercase letters and digits (Cyrillic kept), other runs → `-`.
pub fn slug(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            s.push(if ch == 'ё' { 'е' } else { ch });
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() {
        s.push_str("razdel");
    }
    s
}

/// Internal (relative) link → record it and return the rewritten destination.
/// External links, `mailto:`, `tel:` and pure `#anchors` pass unchanged.
fn rewrite_link(
    dest: &str,
    link_type: LinkType,
    opts: &MarkdownOptions,
    out: &mut Rendered,
    (line, column): (usize, usize),
) -> Option<String> {
    if matches!(link_type, LinkType::Email) || dest.is_empty() {
        return None;
    }
    if let Some(frag) = dest.strip_prefix('#') {
        out.links.push(InternalLink {
            target: String::new(),
            fragment: Some(frag.to_string()),
            written: dest.to_string(),
            line,
            column,
        });
        return None;
    }
    match crate::link::classify(dest) {
        crate::link::Link::Refused(_) => {
            if !opts.raw_html {
                out.unsafe_schemes.push((dest.to_string(), line, column));
            }
            return None;
        }
        crate::link::Link::Allowed(_) => return None, // https:, mailto:, tel:: external
        crate::link::Link::Relative => {}
    }
    if dest.starts_with("//") {
        return None; // protocol-relative: external
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    // Editors and browsers write non-ASCII file names percent-encoded (%D0%BF…).
    let decoded = percent_decode(path).unwrap_or_else(|| path.to_string());
    let Some(target) = resolve(opts.dir, &decoded) else {
        out.escaping.push((dest.to_string(), line, column));
        return None;
    };
    let (target, rewritten) = if target.is_empty() || path.ends_with('/') {
        let index = if target.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{target}/_index.md")
        };
        let written = if path.is_empty() { "./" } else { path };
        (index, Some(format!("{written}index.html")))
    } else if let Some(stem) = path.strip_suffix(".md") {
        let html = match stem.strip_suffix("_index") {
            Some(dir) => format!("{dir}index.html"),
            None => format!("{stem}.html"),
        };
        (target, Some(html))
    } else {
        (target, None)
    };
    let rewritten = rewritten.map(|r| match &fragment {
        Some(f) => format!("{r}#{f}"),
        None => r,
    });
    out.links.push(InternalLink {
        target,
        fragment,
        written: dest.to_string(),
        line,
        column,
    });
    rewritten
}

/// `%D0%BF` → `п`; a `%` not followed by two hex digits stays as written (as browsers do);
/// `None` when the decoded bytes are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|d| d.into_owned())
}

/// Resolve `path` relative to `dir` (both relative to `content/`); `/x` is from the content
/// root. `None` when the result would leave `content/`.
pub fn resolve(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let start = if let Some(abs) = path.strip_prefix('/') {
        abs
    } else {
        parts.extend(dir.split('/').filter(|s| !s.is_empty()));
        path
    };
    for seg in start.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(body: &str) -> Rendered {
        render(
            body,
            &MarkdownOptions {
                dir: "about",
                line_offset: 3,
                raw_html: false,
            },
        )
    }

    #[test]
    fn headings_get_unique_cyrillic_ids_and_toc() {
        let r = md("# Заголовок\n\n## График работы\n\n## График работы\n");
        assert!(r.html.contains(r#"<h2 id="график-работы">"#), "{}", r.html);
        assert!(r.html.contains(r#"id="график-работы-1""#));
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.anchors[0], "заголовок");
    }

    #[test]
    fn repeated_headings_skip_ids_already_taken() {
        let r = md("## x\n\n## x-1\n\n## x\n\n## x\n");
        assert_eq!(r.anchors, ["x", "x-1", "x-2", "x-3"]);
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed() {
        let r = md("Текст <script>alert(1)</script>\n");
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        let r = render(
            "<div class=\"x\">a</div>\n",
            &MarkdownOptions {
                dir: "",
                line_offset: 0,
                raw_html: true,
            },
        );
        assert!(r.html.contains("<div class=\"x\">"));
    }

    #[test]
    fn md_links_become_html_and_are_recorded_with_lines() {
        let r = md("Строка\n\nСм. [план](../plan.md#zadacha-1) и [раздел](../employers/).\n");
        assert!(
            r.html.contains(r#"href="../plan.html#zadacha-1""#),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r#"href="../employers/index.html""#),
            "{}",
            r.html
        );
        assert_eq!(r.links[0].target, "plan.md");
        assert_eq!(r.links[0].fragment.as_deref(), Some("zadacha-1"));
        assert_eq!(r.links[0].line, 6);
        assert_eq!(r.links[1].target, "employers/_index.md");
    }

    #[test]
    fn external_links_pass_and_escaping_links_are_caught() {
        let r = md("[a](https://trudvsem.ru) [b](mailto:x@y.ru) [c](../../../etc/passwd)\n");
        assert_eq!(r.links.len(), 0);
        assert_eq!(r.escaping.len(), 1);
    }

    #[test]
    fn script_links_are_flagged_unless_raw_html() {
        let r = md("[a](javascript:alert(1)) [b](JavaScript:x) [c](data:text/html,x) <javascript:alert(7)>\n");
        assert_eq!(r.unsafe_schemes.len(), 4, "{:?}", r.unsafe_schemes);
        let r = render(
            "[a](javascript:alert(1))\n",
            &MarkdownOptions {
                dir: "",
                line_offset: 0,
                raw_html: true,
            },
        );
        assert!(r.unsafe_schemes.is_empty());
    }

    #[test]
    fn percent_encoded_links_are_resolved() {
        let r = md("[план](%D0%BF%D0%BB%D0%B0%D0%BD.md)\n");
        assert_eq!(r.links[0].target, "about/план.md");
        assert_eq!(percent_decode("/%zz%2e").as_deref(), Some("/%zz."));
        assert_eq!(percent_decode("/%D0"), None, "half a letter is not UTF-8");
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ y[^1]\n\n[^1]: сноска\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<div class=\"table-scroll\""));
        assert!(r.html.contains("</table>\n</div>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn resolve_stays_inside_content() {
        assert_eq!(resolve("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(resolve("a", "/c.md").as_deref(), Some("c.md"));
        assert_eq!(resolve("", "../c.md"), None);
    }
}
