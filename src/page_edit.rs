//! One college's pages rebuilt after an edit of `content/*.md` only, for `serve`: its data,
//! their checks and everything computed from them (the monitoring figures, the reports, the
//! workbooks) are kept; the pages are read again, the rules that look at pages run again,
//! and what depends on the pages or on the findings is rendered again — every page of the
//! college (navigation and section lists follow titles), the compliance report (it looks at
//! pages), the findings report and `findings.json`.
//!
//! The result is what the college's full build makes from the same files; when that cannot
//! be sure (an error among the findings, the list of reports changed, a render problem),
//! [`rerender`] answers `None` and the caller rebuilds the college whole.

use crate::diag::{Finding, Findings, Severity};
use crate::model::site::Site;
use crate::pipeline::Project;
use crate::render::{self, context::SiteCtx, reports::Report, TemplateSources};
use crate::write::Stage;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tera::Tera;

/// What a page edit reuses from the college's last render.
pub struct PageCache {
    /// The templates with the site's globals (the public figures) set.
    tera: Tera,
    sources: TemplateSources,
    /// The college's findings that do not come from its pages.
    base: Vec<Finding>,
    /// How the reports remade on a page edit are listed on the reports' index (slug, title,
    /// group): while it stays the same, the index does.
    listed: Vec<(String, String, String)>,
    /// Each published page's view (what its template is given) as last rendered: a page
    /// whose view stays the same is not rendered again.
    views: BTreeMap<String, String>,
}

/// The findings that come from the pages: loading `content/`, the site's rules, the rules of
/// the centre's year that read pages (the compliance rules), the output paths' rules.
fn site_findings(project: &Project, sources: &TemplateSources) -> Findings {
    let mut out = Findings::new();
    out.extend(project.content_findings.iter().cloned());
    out.extend(crate::check::site::run(&project.site, project.as_of));
    out.extend(crate::check::year::run_pages(&crate::check::year::Ctx {
        year: &project.year,
        m: &project.monitoring,
        site: &project.site,
        config: &project.config,
        as_of: project.as_of,
    }));
    out.extend(crate::check::outputs::run(
        &project.root,
        &project.site,
        &project.config.theme,
        sources,
    ));
    out
}

fn year_inputs(project: &Project) -> render::year::Inputs<'_> {
    render::year::Inputs {
        year: &project.year,
        m: &project.monitoring,
        site: &project.site,
        config: &project.config,
        as_of: project.as_of,
    }
}

/// The reports a page edit remakes: those of the centre's year that read pages (not the
/// casework reports, one per risk graduate) and the findings report.
fn remade(project: &Project, findings: &[Finding]) -> Vec<Report> {
    let mut out = render::year::page_reports(&year_inputs(project));
    out.push(render::reports::findings_report(findings));
    out
}

fn listing(reports: &[Report]) -> Vec<(String, String, String)> {
    reports
        .iter()
        .map(|r| (r.slug.clone(), r.title.clone(), r.group.clone()))
        .collect()
}

/// A finding's identity without its column: the column is worked out from the file as it is
/// now, which after an edit may not be the file the finding was made from.
fn same(a: &Finding, b: &Finding) -> bool {
    a.rule == b.rule
        && a.severity == b.severity
        && a.message == b.message
        && a.graduate == b.graduate
        && a.place.file == b.place.file
        && a.place.line == b.place.line
}

impl PageCache {
    /// Prepare for page edits of `project`, whose check gave `findings` (sorted, with columns,
    /// as its build had them). `None` when its templates do not load.
    pub fn new(project: &Project, findings: &[Finding]) -> Option<PageCache> {
        let (mut tera, sources) =
            render::load_templates(&project.root, &project.config.theme).ok()?;
        // The globals exactly as `pipeline::render_published` sets them.
        let site_ctx = SiteCtx::new(&project.config, project.as_of);
        let monitoring = render::monitoring::build(
            &project.monitoring,
            &project.config,
            project.as_of,
            &project.form1_columns,
        );
        let year = render::year::build(&year_inputs(project));
        let data = crate::pipeline::public_data(project, monitoring.public, year.public);
        render::set_globals(&mut tera, &site_ctx, &data);
        // What is left of the findings once those of the pages are taken out.
        let mut base: Vec<Finding> = findings.to_vec();
        for f in site_findings(project, &sources)
            .with_columns(&project.root)
            .sorted()
        {
            if let Some(i) = base.iter().position(|x| same(x, &f)) {
                base.remove(i);
            }
        }
        let listed = listing(&remade(project, findings));
        Some(PageCache {
            tera,
            sources,
            base,
            listed,
            views: render::site::page_views(&project.site),
        })
    }
}

/// What a page edit made.
pub struct Rerendered {
    /// The college's findings now (sorted, with columns).
    pub findings: Vec<Finding>,
    /// Its files remade, by their place in `stage`'s output (`site/…` and `reports/…` under
    /// the stage's scope), with their bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Output paths of its pages before and after (a page added or removed).
    pub pages_before: Vec<String>,
    pub pages_after: Vec<String>,
    /// The pages' views now, for [`PageCache::rendered`] once the files are written.
    pub views: BTreeMap<String, String>,
}

impl PageCache {
    /// The files of a page edit are in the output: the next edit renders again only the
    /// pages whose view differs from these.
    pub fn rendered(&mut self, views: BTreeMap<String, String>) {
        self.views = views;
    }
}

/// The output paths of a site's published pages.
fn page_paths(site: &Site) -> Vec<String> {
    site.pages
        .iter()
        .filter(|p| !p.front.draft)
        .map(|p| format!("{}/{}", render::site::SITE_DIR, p.url))
        .collect()
}

/// Read `project`'s pages again and render what depends on them into `stage` (a memory
/// stage, scoped to the college in a region; it guards the pages with the college's
/// graduates). On success `project` holds the new pages. `None`: rebuild the college whole
/// (its findings now have an error, its list of reports changed, or a render failed).
pub fn rerender(
    project: &mut Project,
    cache: &PageCache,
    stage: &Stage,
    scope: Option<&str>,
) -> Option<Rerendered> {
    let root = project.root.clone();
    let mut content_findings = Vec::new();
    let (sources, assets) = crate::load::content::walk(&root, &mut content_findings);
    if assets != project.site.assets {
        // A file other than a page changed: it is copied as it is, by the whole build.
        return None;
    }
    let (pages, failed) = crate::load::content::load_pages(&root, &sources, &mut content_findings);
    let parts = crate::load::content::load_parts(&root, &mut content_findings);
    let site = Site {
        pages,
        assets,
        parts,
        failed,
    };
    let old_site = std::mem::replace(&mut project.site, site);
    let old_findings = std::mem::replace(&mut project.content_findings, content_findings);
    let restore = |project: &mut Project, old_site: Site, old_findings: Vec<Finding>| {
        project.site = old_site;
        project.content_findings = old_findings;
    };
    let mut all = Findings::new();
    all.extend(cache.base.iter().cloned());
    all.extend(site_findings(project, &cache.sources).sorted());
    let findings = all.with_columns(&root).sorted();
    let reports = remade(project, &findings);
    if findings.iter().any(|f| f.severity == Severity::Error) || listing(&reports) != cache.listed {
        restore(project, old_site, old_findings);
        return None;
    }
    let pages_before = page_paths(&old_site);
    let pages_after = page_paths(&project.site);
    // Only the pages whose view changed: the edited one, and those listing it (navigation,
    // breadcrumbs, section lists) when its title, order or place changed.
    let views = render::site::page_views(&project.site);
    let changed: BTreeSet<String> = views
        .iter()
        .filter(|(path, view)| cache.views.get(*path) != Some(*view))
        .map(|(path, _)| path.clone())
        .collect();
    let rendered = render::site::render_pages_of(
        &project.site,
        &cache.tera,
        &cache.sources,
        stage,
        Some(&changed),
    )
    .is_ok()
        && render::reports::write_findings_json(&findings, stage).is_ok();
    // The reports through their own stage: its index (made from these few) is not the index.
    let reports_base = Stage::memory(crate::write::guard::Guard::default());
    let reports_stage = match scope {
        Some(id) => reports_base.scoped(id, crate::write::guard::Guard::default()),
        None => Stage::memory(crate::write::guard::Guard::default()),
    };
    let reports_ok =
        render::reports::render_reports(&reports, &[], &cache.tera, &cache.sources, &reports_stage)
            .is_ok();
    if !rendered || !reports_ok {
        restore(project, old_site, old_findings);
        return None;
    }
    let mut files = stage.take_files();
    let index = match scope {
        Some(id) => format!("{}/{id}/index.html", render::reports::REPORTS_DIR),
        None => format!("{}/index.html", render::reports::REPORTS_DIR),
    };
    for (path, bytes) in reports_stage.take_files() {
        if path != index {
            files.insert(path, bytes);
        }
    }
    Some(Rerendered {
        findings,
        files,
        pages_before,
        pages_after,
        views,
    })
}

/// A college's project kept in memory by `serve` after a good build, for page edits.
pub struct College {
    project: Project,
    findings: Vec<Finding>,
    cache: Option<PageCache>,
    /// The personal-data guard, built from the graduates once: a page edit leaves them as
    /// they were.
    guard: Option<std::sync::Arc<crate::write::guard::Guard>>,
    out_dir: PathBuf,
    /// The output's files (its manifest).
    files: BTreeSet<String>,
}

/// What a page edit wrote.
#[derive(Debug)]
pub struct Written {
    pub written: usize,
    pub removed: usize,
    pub site_pages: usize,
}

/// Whether every changed path (relative to the project) is a page or a hidden file in
/// `content/`, and at least one is a page: a page edit.
pub fn pages_only(rels: &[PathBuf]) -> bool {
    use crate::region::incremental::{ignored, is_page};
    rels.iter().all(|r| ignored(r) || is_page(r)) && rels.iter().any(|r| is_page(r))
}

impl College {
    /// After `project` was built into `out_dir` with `findings` (as its build sorted them).
    pub fn new(project: Project, findings: Vec<Finding>, out_dir: &Path) -> College {
        let manifest = std::fs::read_to_string(out_dir.join(crate::write::folder::MANIFEST))
            .unwrap_or_default();
        College {
            project,
            findings,
            cache: None,
            guard: None,
            out_dir: out_dir.to_path_buf(),
            files: manifest
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Pages changed: render what depends on them and write what differs. `None`: this edit
    /// needs the full build (which the caller does). `Some(Err)`: writing failed midway, the
    /// output is a mix — build fully.
    pub fn pages_changed(&mut self) -> Option<Result<Written, String>> {
        if self.cache.is_none() {
            self.cache = Some(PageCache::new(&self.project, &self.findings)?);
        }
        let cache = self.cache.as_mut()?;
        let guard = self
            .guard
            .get_or_insert_with(|| std::sync::Arc::new(crate::pipeline::guard(&self.project)))
            .clone();
        let stage = Stage::memory(guard);
        let r = rerender(&mut self.project, cache, &stage, None)?;
        // A failed write below makes the caller build fully, which starts a new `College`.
        cache.rendered(r.views);
        self.findings = r.findings;
        let after: BTreeSet<&String> = r.pages_after.iter().collect();
        let gone: Vec<&String> = r
            .pages_before
            .iter()
            .filter(|p| !after.contains(p))
            .collect();
        Some(
            self.write(&r.files, &gone)
                .map(|(written, removed)| Written {
                    written,
                    removed,
                    site_pages: r.pages_after.len(),
                }),
        )
    }

    fn write(
        &mut self,
        files: &BTreeMap<String, Vec<u8>>,
        gone: &[&String],
    ) -> Result<(usize, usize), String> {
        use crate::region::incremental::{remove_empty_parents, write_atomically};
        let failed = |path: &str, e: &std::io::Error| {
            format!(
                "Не удалось записать {}: {}.",
                self.out_dir.join(path).display(),
                crate::diag::io_error_ru(e)
            )
        };
        let mut written = 0;
        for (path, bytes) in files {
            let target = self.out_dir.join(path);
            if std::fs::read(&target).ok().as_deref() != Some(bytes.as_slice()) {
                write_atomically(&target, bytes).map_err(|e| failed(path, &e))?;
                written += 1;
            }
        }
        let mut removed = 0;
        for path in gone {
            let target = self.out_dir.join(path);
            match std::fs::remove_file(&target) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(failed(path, &e)),
            }
            remove_empty_parents(&self.out_dir, &target);
        }
        let mut now = self.files.clone();
        now.extend(files.keys().cloned());
        for g in gone {
            now.remove(*g);
        }
        if now != self.files {
            let mut text = now
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join("\n");
            text.push('\n');
            write_atomically(
                &self.out_dir.join(crate::write::folder::MANIFEST),
                text.as_bytes(),
            )
            .map_err(|e| failed(crate::write::folder::MANIFEST, &e))?;
            self.files = now;
        }
        Ok((written, removed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled example copied into `dir` (it is the repository's root).
    fn copy_example(dir: &Path) {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"));
        for sub in ["content", "data", "themes"] {
            for e in walkdir::WalkDir::new(src.join(sub)).into_iter().flatten() {
                let to = dir.join(e.path().strip_prefix(src).unwrap());
                if e.file_type().is_dir() {
                    std::fs::create_dir_all(&to).unwrap();
                } else {
                    std::fs::copy(e.path(), &to).unwrap();
                }
            }
        }
        std::fs::copy(src.join("vypusk.yaml"), dir.join("vypusk.yaml")).unwrap();
    }

    fn edit(path: &Path, from: &str, to: &str) {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "no «{from}» in {}", path.display());
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    fn site_files(r: &Rerendered) -> Vec<&str> {
        r.files
            .keys()
            .map(String::as_str)
            .filter(|k| k.starts_with("site/"))
            .collect()
    }

    /// A body edit renders that page alone; a new title also the section's index that lists
    /// it; of the reports only those that read pages (and the findings) are made again.
    /// (That the result equals a full build: `tests/serve_region.rs`.)
    #[test]
    fn only_the_pages_whose_view_changed_are_rendered() {
        let d = tempfile::tempdir().unwrap();
        copy_example(d.path());
        let args = crate::cmd::ProjectArgs {
            root: d.path().to_path_buf(),
            as_of: None,
        };
        let out = d.path().join("output");
        let pb = indicatif::ProgressBar::hidden();
        let (built, mut project) = crate::cmd::build::build_kept(&args, Some(&out), &pb).unwrap();
        let mut cache = PageCache::new(&project, &built.warnings).unwrap();
        let all = cache.views.len();
        assert!(all > 5, "{all}");
        let guard = std::sync::Arc::new(crate::pipeline::guard(&project));

        let page = d.path().join("content/graduates/rezyume.md");
        edit(&page, "\n---\n", "\n---\n\nНовый абзац.\n");
        let stage = Stage::memory(guard.clone());
        let r = rerender(&mut project, &cache, &stage, None).expect("a page edit");
        assert_eq!(site_files(&r), ["site/graduates/rezyume.html"]);
        let reports: Vec<&String> = r
            .files
            .keys()
            .filter(|k| k.starts_with("reports/"))
            .collect();
        assert!(
            reports.iter().any(|k| k.contains("compliance")),
            "{reports:?}"
        );
        assert!(
            !reports
                .iter()
                .any(|k| k.contains("casework") || k.contains("risk")),
            "{reports:?}"
        );
        cache.rendered(r.views);

        edit(
            &page,
            "title: \"Как составить резюме\"",
            "title: \"Резюме за вечер\"",
        );
        let stage = Stage::memory(guard.clone());
        let r = rerender(&mut project, &cache, &stage, None).expect("a page edit");
        let site = site_files(&r);
        assert!(site.contains(&"site/graduates/rezyume.html"), "{site:?}");
        assert!(site.contains(&"site/graduates/index.html"), "{site:?}");
        assert!(site.len() < all, "{site:?}");
        cache.rendered(r.views);

        // Nothing changed: nothing rendered.
        let stage = Stage::memory(guard);
        let r = rerender(&mut project, &cache, &stage, None).expect("a page edit");
        assert!(site_files(&r).is_empty(), "{:?}", site_files(&r));
    }
}
