//! A region rebuilt piece by piece, for `serve`: the first build is the ordinary full one;
//! after it, a change in one college reloads, checks and renders that college only (in
//! memory, through its own personal-data guard), the regional files are made again from
//! every college's results kept in memory, and only the files whose bytes differ are written
//! into the output (each by write-then-rename), with the manifest. The output is always what
//! a full build of the same sources makes; anything that would fail a full build fails the
//! update and leaves the output as it was.
//!
//! A change in the region's own files (its `vypusk.yaml`, its other folders) redoes the
//! regional files only; one that changes the list of colleges or the report date is a full
//! build.

use super::build::{self, Done, RegionError};
use super::check::Checked;
use super::{CollegeRef, CollegeRun, Depth};
use crate::diag::Finding;
use crate::write::{folder, guard::Guard, Stage};
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What a change touches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Colleges (by id) whose sources changed.
    pub colleges: BTreeSet<String>,
    /// Colleges whose pages (`content/*.md`) only changed: their pages are rendered again,
    /// their data and figures are kept (see [`crate::page_edit`]).
    pub pages: BTreeSet<String>,
    /// The region's own files changed.
    pub region: bool,
    /// Something that needs the full build (the first build, a college added or removed).
    pub everything: bool,
}

impl Scope {
    pub fn everything() -> Scope {
        Scope {
            everything: true,
            ..Scope::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.colleges.is_empty() && self.pages.is_empty() && !self.region && !self.everything
    }

    fn add(&mut self, other: &Scope) {
        self.colleges.extend(other.colleges.iter().cloned());
        self.pages.extend(other.pages.iter().cloned());
        self.region |= other.region;
        self.everything |= other.everything;
    }
}

/// What an update did.
#[derive(Debug, Default)]
pub struct Updated {
    /// Colleges loaded, checked and rendered again (all of them after a full build).
    pub rebuilt: Vec<String>,
    /// Colleges whose pages only were rendered again.
    pub pages: Vec<String>,
    /// Whether it was a full build.
    pub full: bool,
    /// Files written because their bytes changed, and files removed.
    pub written: usize,
    pub removed: usize,
    /// Public pages of the whole region now.
    pub site_pages: usize,
}

/// A region kept in memory between rebuilds.
pub struct Incremental {
    root: PathBuf,
    /// `--as-of` of the command line (the region's own `as_of` applies when not given).
    as_of: Option<Date>,
    out_dir: PathBuf,
    /// Every college's load and check; `None` before the first good build.
    checked: Option<Checked>,
    /// The render of every college built, by id.
    done: BTreeMap<String, Done>,
    /// Files in the output as last written, by owner: a college's id, or "" for the region.
    owned: BTreeMap<String, BTreeSet<String>>,
    /// What the last failed update did not do (it is done with the next change).
    pending: Scope,
    /// What a page edit reuses, by college id (made at a college's first page edit).
    page_caches: BTreeMap<String, crate::page_edit::PageCache>,
    /// The folders as [`Incremental::scope_of`] compares them (resolved once per full build,
    /// not for every college at every change).
    places: Option<Places>,
}

/// The region's folder, the output folder and each college's folder (by id), resolved.
struct Places {
    root: PathBuf,
    out: PathBuf,
    colleges: Vec<(String, PathBuf)>,
}

impl Incremental {
    /// A region at `root` to build into `out_dir`; nothing is built yet.
    pub fn new(root: &Path, as_of: Option<Date>, out_dir: &Path) -> Incremental {
        Incremental {
            root: root.to_path_buf(),
            as_of,
            out_dir: out_dir.to_path_buf(),
            checked: None,
            done: BTreeMap::new(),
            owned: BTreeMap::new(),
            pending: Scope::everything(),
            page_caches: BTreeMap::new(),
            places: None,
        }
    }

    /// The region's load and check as of the last good build.
    pub fn checked(&self) -> Option<&Checked> {
        self.checked.as_ref()
    }

    /// The colleges' folders, for the file watcher and [`Incremental::scope_of`].
    pub fn colleges(&self) -> Vec<&CollegeRef> {
        self.checked
            .iter()
            .flat_map(|c| c.colleges.iter().map(|r| &r.college))
            .collect()
    }

    /// Which part of the region a changed file belongs to; `None` when it is no source
    /// (an output folder, an editor's swap file). `paths` are as the watcher gives them.
    pub fn scope_of(&self, paths: &[PathBuf]) -> Scope {
        let resolved;
        let places = match &self.places {
            Some(p) => p,
            None => {
                resolved = self.places();
                &resolved
            }
        };
        let (root, out, colleges) = (&places.root, &places.out, &places.colleges);
        let mut scope = Scope::default();
        for p in paths {
            // The output (and the files written into it) is no source.
            if p.starts_with(out) || p.starts_with(&self.out_dir) {
                continue;
            }
            if let Some((id, rel)) = colleges
                .iter()
                .find_map(|(id, r)| p.strip_prefix(r).ok().map(|rel| (id, rel)))
            {
                if ignored(rel) {
                    // Hidden files in content/ (an editor's swap file) are not read.
                } else if is_page(rel) {
                    scope.pages.insert(id.clone());
                } else if is_college_source(rel) {
                    scope.colleges.insert(id.clone());
                }
                continue;
            }
            let Ok(rel) = p.strip_prefix(root) else {
                continue;
            };
            let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
            match parts.next().as_deref() {
                Some(crate::config::CONFIG_FILE) if parts.next().is_none() => scope.region = true,
                // A college folder (or its settings) appeared or went: the list changed.
                Some(super::COLLEGES_DIR) => scope.everything = true,
                Some("output") | None => {}
                Some(first) if first.starts_with('.') => {}
                Some(_) => scope.region = true,
            }
        }
        // A college rebuilt whole has its pages rendered too.
        let whole = scope.colleges.clone();
        scope.pages.retain(|id| !whole.contains(id));
        scope
    }

    fn places(&self) -> Places {
        let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        Places {
            root: canon(&self.root),
            out: canon(&self.out_dir),
            colleges: self
                .colleges()
                .into_iter()
                .map(|c| (c.id.clone(), canon(&c.root)))
                .collect(),
        }
    }

    /// Bring the output up to date with a change of `scope` (and whatever the last failed
    /// update left undone). On error the output is as it was.
    pub fn update(&mut self, scope: &Scope) -> Result<Updated, RegionError> {
        let mut scope = scope.clone();
        scope.add(&self.pending);
        // Until it succeeds, this work stays to do.
        self.pending = scope.clone();
        let result = if scope.everything || self.checked.is_none() {
            self.full()
        } else {
            self.partial(&scope)
        };
        if result.is_ok() {
            self.pending = Scope::default();
        }
        result
    }

    fn full(&mut self) -> Result<Updated, RegionError> {
        let checked = super::check::check_region(&self.root, self.as_of, Depth::Rules);
        let (built, kept) = build::build_kept(&self.root, &checked, Some(&self.out_dir))?;
        let ids: BTreeSet<String> = checked
            .colleges
            .iter()
            .map(|c| c.college.id.clone())
            .collect();
        let manifest =
            std::fs::read_to_string(self.out_dir.join(folder::MANIFEST)).unwrap_or_default();
        self.owned.clear();
        for path in manifest.lines().filter(|l| !l.is_empty()) {
            self.owned
                .entry(owner(path, &ids))
                .or_default()
                .insert(path.to_string());
        }
        self.done = kept.into_iter().collect();
        self.checked = Some(checked);
        self.page_caches.clear();
        self.places = Some(self.places());
        Ok(Updated {
            rebuilt: built.built.clone(),
            pages: Vec::new(),
            full: true,
            written: self.owned.values().map(BTreeSet::len).sum(),
            removed: 0,
            site_pages: built.site_pages,
        })
    }

    fn partial(&mut self, scope: &Scope) -> Result<Updated, RegionError> {
        let Some(checked) = self.checked.as_mut() else {
            return self.full();
        };
        // The region's settings, read again when they changed, and the list of colleges,
        // looked for again when they or a college's own files changed (a college's
        // `vypusk.yaml` removed takes it out of the list); a page edit changes neither.
        let (config, own, found) = if scope.region {
            match super::load_config(&self.root) {
                Ok(c) => {
                    if checked.config.as_ref().map(|x| x.as_of) != Some(c.as_of) {
                        // Every college's report date changed.
                        return self.full();
                    }
                    let (found, own) = super::discover(&self.root, &c);
                    (Some(c), own, Some(found))
                }
                Err(own) => (None, own, None),
            }
        } else {
            let found = match &checked.config {
                Some(c) if !scope.colleges.is_empty() => Some(super::discover(&self.root, c).0),
                _ => None,
            };
            (checked.config.clone(), checked.own.clone(), found)
        };
        // A college folder that appeared or went (or a changed list) is a full build.
        if let Some(found) = found {
            let before: Vec<&CollegeRef> = checked.colleges.iter().map(|r| &r.college).collect();
            if !found.iter().eq(before.iter().copied()) {
                return self.full();
            }
        }
        let as_of = self
            .as_of
            .or(config.as_ref().and_then(|c| c.as_of.map(|d| d.0)));
        // Pages only: rendered again from the college kept in memory; when that cannot be
        // done exactly, the college is rebuilt whole with the others.
        let mut colleges = scope.colleges.clone();
        let mut page_files = Vec::new();
        let mut paged = Vec::new();
        // Whether the findings of a college whose pages were edited changed.
        let mut findings_changed = false;
        for id in &scope.pages {
            let Some(run) = checked.colleges.iter_mut().find(|r| &r.college.id == id) else {
                continue;
            };
            let ready = run.ok() && self.done.contains_key(id);
            let Some(project) = run.project.as_mut().filter(|_| ready) else {
                colleges.insert(id.clone());
                continue;
            };
            if !self.page_caches.contains_key(id) {
                match crate::page_edit::PageCache::new(project, &run.findings) {
                    Some(c) => {
                        self.page_caches.insert(id.clone(), c);
                    }
                    None => {
                        colleges.insert(id.clone());
                        continue;
                    }
                }
            }
            let Some(cache) = self.page_caches.get(id) else {
                continue;
            };
            let memory = Stage::memory(Guard::default());
            // The guard reads the graduates and the settings, which a page edit leaves as
            // they were: the one kept from the college's last build serves.
            let Some(guard) = self.done.get(id).map(|d| d.2.clone()) else {
                colleges.insert(id.clone());
                continue;
            };
            let view = memory.scoped(id, guard);
            let Some(r) = crate::page_edit::rerender(project, cache, &view, Some(id)) else {
                colleges.insert(id.clone());
                continue;
            };
            // If this update fails from here on, the next one is full and drops the cache.
            if let Some(c) = self.page_caches.get_mut(id) {
                c.rendered(r.views);
            }
            // The college's findings changed in memory: until this update is through, the
            // next one is a full build.
            self.pending.everything = true;
            findings_changed |= run.set_findings(r.findings);
            if let Some(d) = self.done.get_mut(id) {
                d.0.site_pages = r.pages_after.len();
            }
            let place = |p: &String| format!("site/{id}/{}", p.strip_prefix("site/").unwrap_or(p));
            let after: BTreeSet<String> = r.pages_after.iter().map(place).collect();
            let gone: BTreeSet<String> = r
                .pages_before
                .iter()
                .map(place)
                .filter(|p| !after.contains(p))
                .collect();
            page_files.push((id.clone(), r.files, Some(gone)));
            paged.push(id.clone());
        }
        let targets: Vec<CollegeRef> = checked
            .colleges
            .iter()
            .filter(|r| colleges.contains(&r.college.id))
            .map(|r| r.college.clone())
            .collect();
        let runs: Vec<CollegeRun> = targets
            .par_iter()
            .map(|c| super::run_college(c, as_of, Depth::Rules))
            .collect();
        // Each changed college as the full build renders it, kept in memory.
        let memory = Stage::memory(Guard::default());
        let renders: Vec<Option<Result<Done, Vec<Finding>>>> = runs
            .par_iter()
            .map(|r| r.ok().then(|| build::render_college(r, &memory)))
            .collect();
        let mut errors = Vec::new();
        let mut fresh: BTreeMap<String, Done> = BTreeMap::new();
        for (r, d) in runs.iter().zip(renders) {
            match d {
                Some(Ok(d)) => {
                    fresh.insert(r.college.id.clone(), d);
                }
                Some(Err(fs)) => errors.extend(fs),
                None => {}
            }
        }
        if !errors.is_empty() {
            return Err(RegionError::Findings(errors));
        }
        let college_files = memory.take_files();
        // Swap the new runs in; swapped back if the regional files fail.
        let mut old_runs = Vec::new();
        for run in runs {
            if let Some(slot) = checked
                .colleges
                .iter_mut()
                .find(|r| r.college.id == run.college.id)
            {
                old_runs.push(std::mem::replace(slot, run));
            }
        }
        let old_config = std::mem::replace(&mut checked.config, config);
        let old_own = std::mem::replace(&mut checked.own, own);
        // Pages only, of colleges that build before and after: of the regional files only the
        // findings of every college change (the overview, the forms and the reports' index
        // come from the colleges' data and from which colleges fail, which stay the same),
        // and only when the edited colleges' findings did.
        let pages_only = colleges.is_empty() && !scope.region;
        let regional = if pages_only && !findings_changed {
            Ok(BTreeMap::new())
        } else if pages_only {
            findings_json(checked)
        } else {
            regional_files(&self.root, checked, &self.done, &fresh)
        };
        let regional = match regional {
            Ok(files) => files,
            Err(e) => {
                for run in old_runs {
                    if let Some(slot) = checked
                        .colleges
                        .iter_mut()
                        .find(|r| r.college.id == run.college.id)
                    {
                        *slot = run;
                    }
                }
                checked.config = old_config;
                checked.own = old_own;
                return Err(e);
            }
        };
        // From here the sources are taken: the output follows them.
        let ids: BTreeSet<String> = checked
            .colleges
            .iter()
            .map(|c| c.college.id.clone())
            .collect();
        let mut whole: BTreeMap<String, BTreeMap<String, Vec<u8>>> = BTreeMap::new();
        for id in &colleges {
            whole.insert(id.clone(), BTreeMap::new());
        }
        whole.insert(String::new(), regional);
        for (path, bytes) in college_files {
            whole
                .entry(owner(&path, &ids))
                .or_default()
                .insert(path, bytes);
        }
        let mut wanted: Vec<Wanted> = whole
            .into_iter()
            .map(|(k, v)| {
                let some = pages_only && k.is_empty();
                (k, v, some.then(BTreeSet::new))
            })
            .collect();
        wanted.extend(page_files);
        for id in &colleges {
            self.done.remove(id);
            self.page_caches.remove(id);
        }
        self.done.extend(fresh);
        let (written, removed) = self.apply(wanted).map_err(RegionError::Fatal)?;
        let site_pages = self.done.values().fold(1, |n, (r, _, _)| n + r.site_pages);
        Ok(Updated {
            rebuilt: colleges.iter().cloned().collect(),
            pages: paged,
            full: false,
            written,
            removed,
            site_pages,
        })
    }

    /// Make the output hold `wanted` for each owner listed: write what differs, remove what
    /// is gone, rewrite the manifest. An I/O error leaves a mix, so the next update is full.
    fn apply(&mut self, wanted: Vec<Wanted>) -> Result<(usize, usize), String> {
        let mut written = 0;
        let mut removed = 0;
        // Whether any owner's list of files changed (else the manifest stays as it is).
        let mut listed = false;
        for (who, files, gone) in wanted {
            for (path, bytes) in &files {
                let target = self.out_dir.join(path);
                if same_bytes(&target, bytes) {
                    continue;
                }
                write_atomically(&target, bytes).map_err(|e| self.io_failed(path, &e))?;
                written += 1;
            }
            let now: BTreeSet<String> = match gone {
                None => files.into_keys().collect(),
                // Some of the owner's files: the rest stay, the gone ones go.
                Some(gone) => {
                    let mut now = self.owned.get(&who).cloned().unwrap_or_default();
                    now.extend(files.into_keys());
                    now.retain(|p| !gone.contains(p));
                    now
                }
            };
            let before = self.owned.insert(who, now.clone()).unwrap_or_default();
            listed |= before != now;
            for gone in before.difference(&now) {
                let target = self.out_dir.join(gone);
                match std::fs::remove_file(&target) {
                    Ok(()) => removed += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(self.io_failed(gone, &e)),
                }
                remove_empty_parents(&self.out_dir, &target);
            }
        }
        if !listed {
            return Ok((written, removed));
        }
        let mut manifest: Vec<&String> = self.owned.values().flatten().collect();
        manifest.sort();
        let mut text = manifest
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        text.push('\n');
        let target = self.out_dir.join(folder::MANIFEST);
        if std::fs::read(&target).ok().as_deref() != Some(text.as_bytes()) {
            write_atomically(&target, text.as_bytes())
                .map_err(|e| self.io_failed(folder::MANIFEST, &e))?;
        }
        Ok((written, removed))
    }

    fn io_failed(&mut self, path: &str, e: &std::io::Error) -> String {
        self.pending = Scope::everything();
        format!(
            "Не удалось записать {}: {}. Следующая сборка будет полной.",
            self.out_dir.join(path).display(),
            crate::diag::io_error_ru(e)
        )
    }
}

/// Files for one owner of the output (a college's id, or "" for the region): all its files,
/// or (`Some(gone)`) some of them and those that are gone, the others staying as they are.
type Wanted = (String, BTreeMap<String, Vec<u8>>, Option<BTreeSet<String>>);

/// The regional files, made from every built college: the fresh renders where given, the
/// kept ones for the rest.
fn regional_files(
    root: &Path,
    checked: &Checked,
    kept: &BTreeMap<String, Done>,
    fresh: &BTreeMap<String, Done>,
) -> Result<BTreeMap<String, Vec<u8>>, RegionError> {
    let config = build::ready(checked)?;
    let mut done = Vec::new();
    for c in checked.colleges.iter().filter(|c| c.ok()) {
        let id = &c.college.id;
        match fresh.get(id).or_else(|| kept.get(id)) {
            Some(d) => done.push((c, d)),
            // A college that passed its check but was never rendered: only after a failed
            // update, which is redone whole.
            None => {
                return Err(RegionError::Fatal(format!(
                    "колледж {id} не собран; пересоберите регион (перезапустите vypusk serve)"
                )))
            }
        }
    }
    let stage = Stage::memory(Guard::default());
    let problems = build::write_regional(root, config, checked, &done, &stage);
    if !problems.is_empty() {
        return Err(RegionError::Findings(problems));
    }
    Ok(stage.take_files())
}

/// The region's `reports/findings.json` alone.
fn findings_json(checked: &Checked) -> Result<BTreeMap<String, Vec<u8>>, RegionError> {
    build::ready(checked)?;
    let json = super::check::findings_json(checked).map_err(|e| {
        RegionError::Fatal(format!(
            "Не удалось составить findings.json региона: {}",
            crate::diag::io_error_ru(&e)
        ))
    })?;
    Ok(BTreeMap::from([(
        "reports/findings.json".to_string(),
        json,
    )]))
}

/// Whom a file of the output belongs to: the college whose section or reports it is in,
/// else the region ("").
fn owner(path: &str, ids: &BTreeSet<String>) -> String {
    let mut parts = path.splitn(3, '/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("site" | "reports"), Some(id), Some(_)) if ids.contains(id) => id.to_string(),
        _ => String::new(),
    }
}

/// Whether a path inside a college's folder is one of its pages (`content/**.md`).
pub(crate) fn is_page(rel: &Path) -> bool {
    rel.starts_with(crate::load::content::CONTENT_DIR) && rel.extension().is_some_and(|e| e == "md")
}

/// Whether a path inside a college's folder is a hidden file or folder in `content/` (an
/// editor's swap file): the build does not read them.
pub(crate) fn ignored(rel: &Path) -> bool {
    rel.starts_with(crate::load::content::CONTENT_DIR)
        && rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// Whether a path inside a college's folder is one of its sources (as `serve` of the college
/// watches them), not its own `output/` or an editor's file.
fn is_college_source(rel: &Path) -> bool {
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    match parts.next().as_deref() {
        Some(crate::config::CONFIG_FILE) => parts.next().is_none(),
        Some(first) => crate::cmd::serve::SOURCE_DIRS.contains(&first),
        None => false,
    }
}

/// Whether the file at `target` holds `bytes`; read only when its size is theirs (the
/// region's findings.json is 20 MB for 30 colleges: a change of its size is seen without
/// reading it).
fn same_bytes(target: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(target) {
        Ok(m) if m.len() == bytes.len() as u64 => std::fs::read(target).is_ok_and(|b| b == bytes),
        _ => false,
    }
}

/// Replace one file so that a reader sees the old bytes or the new ones, never half.
pub(crate) fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let tmp = target.with_file_name(format!(".vypusk-part-{name}"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, target).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Remove the folders a removed file leaves empty, up to the output folder.
pub(crate) fn remove_empty_parents(out_dir: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out_dir || !d.starts_with(out_dir) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_belong_to_their_college_or_the_region() {
        let ids: BTreeSet<String> = ["ppk".to_string(), "tk".to_string()].into();
        assert_eq!(owner("site/ppk/index.html", &ids), "ppk");
        assert_eq!(owner("reports/tk/form1-2023.xlsx", &ids), "tk");
        assert_eq!(owner("site/index.html", &ids), "");
        assert_eq!(owner("reports/form1-2023.html", &ids), "");
        assert_eq!(owner("site/other/index.html", &ids), "");
    }

    #[test]
    fn only_a_college_s_sources_count() {
        assert!(is_college_source(Path::new("content/about.md")));
        assert!(is_page(Path::new("content/about/_index.md")));
        assert!(!is_page(Path::new("content/photo.jpg")));
        assert!(!is_page(Path::new("data/monitoring/a.csv")));
        assert!(ignored(Path::new("content/.about.md.swp")));
        assert!(!ignored(Path::new("content/about.md")));
        assert!(is_college_source(Path::new("data/monitoring/a.csv")));
        assert!(is_college_source(Path::new("vypusk.yaml")));
        assert!(!is_college_source(Path::new("output/site/index.html")));
        assert!(!is_college_source(Path::new("vypusk.yaml.swp")));
    }

    #[test]
    fn scopes_add_up() {
        let mut a = Scope::default();
        assert!(a.is_empty());
        a.add(&Scope {
            colleges: ["ppk".to_string()].into(),
            ..Scope::default()
        });
        a.add(&Scope {
            region: true,
            ..Scope::default()
        });
        assert!(a.colleges.contains("ppk") && a.region && !a.everything);
    }
}
