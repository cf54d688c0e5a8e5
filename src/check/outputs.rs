//! `site.output-collision` and `site.output-case`: no file of the public site silently
//! replaces another.
//!
//! Pages, content files copied as they are, the theme's static files and the project's
//! `static/` all land in `output/site/`. A copied `content/plan.html` would replace the rendered
//! `plan.html` (publishing raw HTML past `raw_html: false`), `content/static/style.css` the
//! theme's stylesheet. Only the project's `static/` over the theme's is an intended override.
//! Paths differing only in case are one file on case-insensitive hosting.

use crate::diag::{rel_path, Finding, Place};
use crate::model::site::Site;
use crate::render::site::SITE_DIR;
use crate::render::TemplateSources;
use std::collections::BTreeMap;
use std::path::Path;

/// Where an output file comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    ThemeStatic,
    ProjectStatic,
    Page,
    Copied,
}

/// Every collision among the files the site would publish.
pub fn run(root: &Path, site: &Site, theme: &str, sources: &TemplateSources) -> Vec<Finding> {
    let theme_label = if root.join("themes").join(theme).is_dir() {
        format!("themes/{theme}/static")
    } else {
        "<встроенная тема>/static".to_string()
    };
    let mut entries: Vec<(String, String, Kind)> = Vec::new();
    for name in sources.statics.keys() {
        entries.push((
            format!("{SITE_DIR}/static/{name}"),
            format!("{theme_label}/{name}"),
            Kind::ThemeStatic,
        ));
    }
    let project_static = root.join("static");
    if project_static.is_dir() {
        for e in walkdir::WalkDir::new(&project_static)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            entries.push((
                format!("{SITE_DIR}/static/{}", rel_path(&project_static, e.path())),
                rel_path(root, e.path()),
                Kind::ProjectStatic,
            ));
        }
    }
    for p in site.pages.iter().filter(|p| !p.front.draft) {
        entries.push((format!("{SITE_DIR}/{}", p.url), p.file.clone(), Kind::Page));
    }
    for a in &site.assets {
        entries.push((
            format!("{SITE_DIR}/{a}"),
            format!("{}/{a}", crate::load::content::CONTENT_DIR),
            Kind::Copied,
        ));
    }
    collisions(&entries)
}

/// The findings for `(output path, source, kind)` entries, in the order files are laid down.
fn collisions(entries: &[(String, String, Kind)]) -> Vec<Finding> {
    let mut seen: BTreeMap<String, (&str, &str, Kind)> = BTreeMap::new();
    let mut out = Vec::new();
    for (path, source, kind) in entries {
        let Some(&(before_path, before_source, before_kind)) = seen.get(&path.to_lowercase())
        else {
            seen.insert(path.to_lowercase(), (path, source, *kind));
            continue;
        };
        if before_path == path {
            match (before_kind, *kind) {
                // The documented override, and page-vs-page (site.duplicate-url says it).
                (Kind::ThemeStatic, Kind::ProjectStatic) | (Kind::Page, Kind::Page) => {
                    seen.insert(path.to_lowercase(), (path, source, *kind));
                }
                _ => out.push(Finding::error(
                    "site.output-collision",
                    Place::file(source.as_str()),
                    format!(
                        "Файл {source} лёг бы в результат по тому же пути {path}, что и {before_source}, и молча заменил бы его. Переименуйте или перенесите {source}.",
                    ),
                )),
            }
        } else {
            out.push(Finding::error(
                "site.output-case",
                Place::file(source.as_str()),
                format!(
                    "Пути {path} (из {source}) и {before_path} (из {before_source}) различаются только регистром букв: на хостинге, где регистр не различается, один файл заменит другой. Переименуйте один из них.",
                ),
            ));
        }
    }
    out
}

/// Rules over the paths of the built output.
#[rustfmt::skip]
pub const RULES: &[crate::check::rules::Rule] = &[
    crate::check::rules::Rule::error("site.output-collision", "Два исходных файла не ложатся в результат по одному пути").example("content/static/style.css: Файл content/static/style.css лёг бы в результат по тому же пути site/static/style.css, что и themes/default/static/style.css, и молча заменил бы его. Переименуйте или перенесите content/static/style.css."),
    crate::check::rules::Rule::error("site.output-case", "Пути результата не различаются только регистром букв (Windows их не различает)").example("content/plan.md: Пути site/plan.html (из content/plan.md) и site/Plan.html (из content/Plan.md) различаются только регистром букв: на хостинге, где регистр не различается, один файл заменит другой. Переименуйте один из них."),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn e(path: &str, source: &str, kind: Kind) -> (String, String, Kind) {
        (path.into(), source.into(), kind)
    }

    #[test]
    fn a_copied_file_over_a_page_or_theme_file_is_an_error() {
        let f = collisions(&[
            e(
                "site/static/style.css",
                "themes/default/static/style.css",
                Kind::ThemeStatic,
            ),
            e("site/plan.html", "content/plan.md", Kind::Page),
            e("site/plan.html", "content/plan.html", Kind::Copied),
            e(
                "site/static/style.css",
                "content/static/style.css",
                Kind::Copied,
            ),
        ]);
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.rule == "site.output-collision"));
        assert!(f[0].message.contains("content/plan.md"));
        assert_eq!(f[0].place.file, "content/plan.html");
        assert!(f[1].message.contains("themes/default/static/style.css"));
    }

    #[test]
    fn project_static_overrides_the_theme_quietly() {
        let f = collisions(&[
            e(
                "site/static/style.css",
                "themes/default/static/style.css",
                Kind::ThemeStatic,
            ),
            e(
                "site/static/style.css",
                "static/style.css",
                Kind::ProjectStatic,
            ),
            e("site/a.html", "content/a.md", Kind::Page),
            e("site/b.pdf", "content/b.pdf", Kind::Copied),
        ]);
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn paths_differing_only_in_case_are_an_error() {
        let f = collisions(&[
            e("site/Plan.html", "content/Plan.md", Kind::Page),
            e("site/plan.html", "content/plan.md", Kind::Page),
        ]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "site.output-case");
        assert!(f[0].message.contains("content/Plan.md"));
    }
}
