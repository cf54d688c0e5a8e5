//! The public site: every content page through its template, plus static files.

use super::context::{root_prefix, LinkCtx, NavItem, PageCtx, SectionCtx};
use super::template_error::{grouped_page_findings, template_errors, TemplateError};
use super::{OutFile, TemplateSources};
use crate::diag::Finding;
use crate::format;
use crate::model::site::{Page, Site};
use crate::write::Stage;
use rayon::prelude::*;
use std::collections::BTreeMap;
use tera::{Context, Tera};

/// Public output folder inside `output/`.
pub const SITE_DIR: &str = "site";

/// Navigation: one entry per part that has a page; it points to the part's index page if it
/// has one, else to its first page by weight.
pub fn nav_items(site: &Site) -> Vec<NavItem<'_>> {
    site.parts
        .iter()
        .filter_map(|part| {
            let mut pages: Vec<&Page> = site
                .pages
                .iter()
                .filter(|p| !p.front.draft && p.front.part.as_deref() == Some(part.id.as_str()))
                .collect();
            pages.sort_by_key(|p| (!p.is_index, p.source.matches('/').count(), p.front.weight));
            let first = pages.first()?;
            Some(NavItem {
                id: &part.id,
                title: &part.title,
                url: &first.url,
                current: false,
            })
        })
        .collect()
}

fn link_ctx(p: &Page) -> LinkCtx<'_> {
    LinkCtx {
        title: &p.front.title,
        url: &p.url,
        description: &p.front.description,
        updated: p
            .front
            .updated
            .map(|d| format::date_ru(d.0))
            .unwrap_or_default(),
    }
}

/// Everything one page's template is given besides the globals: what decides its bytes.
#[derive(serde::Serialize)]
struct PageView<'a> {
    template: &'a str,
    nav: Vec<NavItem<'a>>,
    root: String,
    page: PageCtx<'a>,
    breadcrumbs: Vec<LinkCtx<'a>>,
    section: Option<SectionCtx<'a>>,
}

/// What every page's view is made from.
struct Views<'a> {
    site: &'a Site,
    nav: Vec<NavItem<'a>>,
    published: Vec<&'a Page>,
    /// Section folder → its child pages, in weight then title order.
    children: BTreeMap<&'a str, Vec<&'a Page>>,
}

impl<'a> Views<'a> {
    fn new(site: &'a Site) -> Views<'a> {
        let published: Vec<&Page> = site.pages.iter().filter(|p| !p.front.draft).collect();
        let mut children: BTreeMap<&str, Vec<&Page>> = BTreeMap::new();
        for p in &published {
            if let Some(sec) = p.parent_section() {
                children.entry(sec).or_default().push(p);
            }
        }
        for list in children.values_mut() {
            list.sort_by(|a, b| {
                (a.front.weight, &a.front.title, &a.source).cmp(&(
                    b.front.weight,
                    &b.front.title,
                    &b.source,
                ))
            });
        }
        Views {
            site,
            nav: nav_items(site),
            published,
            children,
        }
    }

    fn view(&self, page: &'a Page) -> PageView<'a> {
        let site = self.site;
        let part = page.front.part.as_deref().unwrap_or("");
        let part_title = site
            .parts
            .iter()
            .find(|p| p.id == part)
            .map_or("", |p| p.title.as_str());
        let nav: Vec<NavItem> = self
            .nav
            .iter()
            .map(|n| NavItem {
                current: n.id == part,
                ..n.clone()
            })
            .collect();
        let section = page.is_index.then(|| SectionCtx {
            pages: self
                .children
                .get(page.dir())
                .map(|v| {
                    v.iter()
                        .filter(|p| p.source != page.source)
                        .map(|p| link_ctx(p))
                        .collect()
                })
                .unwrap_or_default(),
        });
        let template = page.front.template.as_deref().unwrap_or(if page.is_index {
            "index.html"
        } else {
            "page.html"
        });
        PageView {
            template,
            nav,
            root: root_prefix(&page.url),
            page: PageCtx {
                title: &page.front.title,
                description: &page.front.description,
                part,
                part_title,
                updated: page
                    .front
                    .updated
                    .map(|d| format::date_ru(d.0))
                    .unwrap_or_default(),
                updated_iso: page
                    .front
                    .updated
                    .map(|d| d.0.to_string())
                    .unwrap_or_default(),
                content: &page.html,
                url: &page.url,
                toc: &page.toc,
            },
            breadcrumbs: breadcrumbs(site, page),
            section,
        }
    }
}

/// Each published page's output path (under `site/`) with what its template is given, as
/// JSON: a page whose view is the same renders to the same bytes (the templates and the
/// globals being the same), so after a page edit only the pages whose view changed are
/// rendered again.
pub fn page_views(site: &Site) -> BTreeMap<String, String> {
    let views = Views::new(site);
    views
        .published
        .par_iter()
        .map(|page| {
            let view = views.view(page);
            (
                format!("{SITE_DIR}/{}", page.url),
                serde_json::to_string(&view).unwrap_or_default(),
            )
        })
        .collect()
}

/// Render every published page. `site` and the public aggregate `data` are expected in
/// Tera's global context (see [`super::set_globals`]), shared by all pages without copying.
pub fn render_pages(
    site: &Site,
    tera: &Tera,
    sources: &TemplateSources,
    stage: &Stage,
) -> Result<usize, Vec<Finding>> {
    render_pages_of(site, tera, sources, stage, None)
}

/// [`render_pages`], of the pages whose output path is in `only` when it is given (the
/// count is still of every published page).
pub fn render_pages_of(
    site: &Site,
    tera: &Tera,
    sources: &TemplateSources,
    stage: &Stage,
    only: Option<&std::collections::BTreeSet<String>>,
) -> Result<usize, Vec<Finding>> {
    let views = Views::new(site);
    let published = &views.published;
    let base = Context::new();

    // Each page is written as soon as it is rendered, so memory stays flat however many pages.
    let results: Vec<Result<(), Failure>> = published
        .par_iter()
        .filter(|page| only.is_none_or(|o| o.contains(&format!("{SITE_DIR}/{}", page.url))))
        .map(|page| {
            let view = views.view(page);
            let mut ctx = base.clone();
            ctx.insert("nav", &view.nav);
            ctx.insert("root", &view.root);
            ctx.insert("page", &view.page);
            ctx.insert("breadcrumbs", &view.breadcrumbs);
            if let Some(section) = &view.section {
                ctx.insert("section", section);
            }
            let template = view.template;
            // Render straight into bytes: the output is UTF-8 by construction, and checking it
            // again (as `render` does) costs a sixth of the build.
            let mut html = Vec::with_capacity(page.html.len() + 16 * 1024);
            tera.render_to(template, &ctx, &mut html)
                .map_err(|e| Failure::Template(template_errors(&e, sources), &page.file))?;
            stage
                .write(&format!("{SITE_DIR}/{}", page.url), &html)
                .map_err(Failure::Write)
        })
        .collect();
    // One broken template fails every page that uses it: report it once, with a count.
    let mut template_failures: Vec<(TemplateError, &str)> = Vec::new();
    let mut not_written = Vec::new();
    for failure in results.into_iter().filter_map(Result::err) {
        match failure {
            Failure::Template(errors, page) => {
                template_failures.extend(errors.into_iter().map(|e| (e, page)))
            }
            Failure::Write(f) => not_written.push(*f),
        }
    }
    let mut findings = grouped_page_findings(template_failures);
    findings.extend(not_written);
    if findings.is_empty() {
        Ok(published.len())
    } else {
        Err(findings)
    }
}

/// Why a page was not written.
enum Failure<'a> {
    /// Its template failed on it (the page's source file, to name in the finding).
    Template(Vec<TemplateError>, &'a str),
    Write(Box<Finding>),
}

/// Home page, then each enclosing section's index, up to (not including) the page itself.
fn breadcrumbs<'a>(site: &'a Site, page: &'a Page) -> Vec<LinkCtx<'a>> {
    let mut out = Vec::new();
    if page.source == "_index.md" {
        return out;
    }
    let mut dirs = vec![String::new()];
    let mut acc = String::new();
    let parent_dirs: Vec<&str> = match page.parent_section() {
        Some("") | None => vec![],
        Some(d) => d.split('/').collect(),
    };
    for seg in parent_dirs {
        if !acc.is_empty() {
            acc.push('/');
        }
        acc.push_str(seg);
        dirs.push(acc.clone());
    }
    for d in dirs {
        let src = if d.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{d}/_index.md")
        };
        if let Some(p) = site.page(&src) {
            out.push(link_ctx(p));
        }
    }
    out
}

/// Theme static files, then the project's `static/` over them, under `site/static/`;
/// content assets keep their place.
pub fn static_files(
    root: &std::path::Path,
    site: &Site,
    sources: &TemplateSources,
    findings: &mut Vec<Finding>,
) -> Vec<OutFile> {
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (name, bytes) in &sources.statics {
        files.insert(format!("{SITE_DIR}/static/{name}"), bytes.clone());
        // Print-ready reports link the same stylesheets, relative to their own folder.
        files.insert(format!("reports/static/{name}"), bytes.clone());
    }
    let project_static = root.join("static");
    if project_static.is_dir() {
        for e in walkdir::WalkDir::new(&project_static)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if e.path_is_symlink() {
                findings.push(Finding::error(
                    "theme.symlink",
                    crate::diag::Place::file(crate::diag::rel_path(root, e.path())),
                    "Символическая ссылка не поддерживается: vypusk читает только файлы внутри проекта. Скопируйте сюда сам файл.",
                ));
            } else if e.file_type().is_file() {
                let name = crate::diag::rel_path(&project_static, e.path());
                match std::fs::read(e.path()) {
                    Ok(b) => {
                        files.insert(format!("{SITE_DIR}/static/{name}"), b);
                    }
                    Err(err) => findings.push(Finding::error(
                        "content.unreadable",
                        crate::diag::Place::file(crate::diag::rel_path(root, e.path())),
                        format!(
                            "Не удалось прочитать файл: {}.",
                            crate::diag::io_error_ru(&err)
                        ),
                    )),
                }
            }
        }
    }
    for asset in &site.assets {
        let file = format!("{}/{asset}", crate::load::content::CONTENT_DIR);
        match std::fs::read(root.join(&file)) {
            Ok(b) => {
                files.insert(format!("{SITE_DIR}/{asset}"), b);
            }
            Err(err) => findings.push(Finding::error(
                "content.unreadable",
                crate::diag::Place::file(file),
                format!(
                    "Не удалось прочитать файл: {}.",
                    crate::diag::io_error_ru(&err)
                ),
            )),
        }
    }
    files
        .into_iter()
        .map(|(path, bytes)| OutFile { path, bytes })
        .collect()
}
