//! The web section «Содействие трудоустройству выпускников»: pages, parts, assets.

use crate::format::RuDate;
use serde::{Deserialize, Serialize};

/// Front matter of a content page (the YAML block between `---` lines).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    /// Which part of the section the page belongs to (an id from `section-parts.yaml`).
    #[serde(default)]
    pub part: Option<String>,
    /// When the page's information was last brought up to date.
    #[serde(default)]
    pub updated: Option<RuDate>,
    /// Order within its section: smaller first.
    #[serde(default)]
    pub weight: i64,
    /// Drafts are checked but not published.
    #[serde(default)]
    pub draft: bool,
    /// Template to render with instead of `page.html` / `index.html`.
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub description: String,
    /// Raw HTML in the Markdown is escaped unless the page opts in.
    #[serde(default)]
    pub raw_html: bool,
}

/// A heading listed in a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// An internal link found in a page, to be checked once all pages are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Target path relative to `content/`, normalised (`about/contacts.md`).
    pub target: String,
    pub fragment: Option<String>,
    /// As written by the author, for messages.
    pub written: String,
    pub line: usize,
    pub column: usize,
}

/// One Markdown page of the section.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to `content/`, with `/`: `about/contacts.md`.
    pub source: String,
    /// Path relative to the project root, for messages: `content/about/contacts.md`.
    pub file: String,
    /// Output path relative to the site root: `about/contacts.html`.
    pub url: String,
    /// `_index.md`: the home page or a section's index.
    pub is_index: bool,
    pub front: FrontMatter,
    /// 1-based line of `title:` in the file, for messages about the page as a whole.
    pub front_line: usize,
    /// Rendered Markdown body.
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Heading ids on the page, for checking `page.md#anchor` links.
    pub anchors: Vec<String>,
    pub links: Vec<InternalLink>,
}

impl Page {
    /// Folder of the page relative to `content/` (`about` for `about/contacts.md`, `` at the top).
    pub fn dir(&self) -> &str {
        self.source.rsplit_once('/').map_or("", |(d, _)| d)
    }

    /// The section folder this page belongs to: its own folder for an index page is its
    /// parent's, since an index *is* the section.
    pub fn parent_section(&self) -> Option<&str> {
        if self.is_index {
            let dir = self.dir();
            if dir.is_empty() {
                None
            } else {
                Some(dir.rsplit_once('/').map_or("", |(d, _)| d))
            }
        } else {
            Some(self.dir())
        }
    }
}

/// A part of the section as the base centre's recommendations list it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub description: String,
}

/// Everything of the web section that was loaded from `content/` and `data/reference/`.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Sorted by `source`.
    pub pages: Vec<Page>,
    /// Non-Markdown files under `content/` (images, PDFs), relative to `content/`, sorted.
    pub assets: Vec<String>,
    pub parts: Vec<Part>,
    /// Markdown sources that exist but failed to load (already explained by their own
    /// findings): links to them are not reported again as broken.
    pub failed: Vec<String>,
}

impl Site {
    pub fn page(&self, source: &str) -> Option<&Page> {
        self.pages
            .binary_search_by(|p| p.source.as_str().cmp(source))
            .ok()
            .map(|i| &self.pages[i])
    }
}
