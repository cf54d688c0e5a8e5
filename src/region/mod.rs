//! A region: the base centre's project over many colleges. Its `vypusk.yaml` has `region:`
//! (name, base centre, contacts) instead of `college:`; the colleges are folders
//! `colleges/<id>/` (each a complete college project: a git submodule, a checkout or a copy)
//! or a list of paths. Each college goes through the college pipeline unchanged
//! ([`crate::pipeline`]); this module only discovers them, runs them in parallel, and adds
//! what is regional: findings by college, the overview and the regional forms.

pub mod build;
pub mod check;
pub mod diff;
pub mod dynamics;
pub mod effectiveness;
pub mod form1;
pub mod forms;
pub mod gen;
pub mod incoming;
pub mod incremental;
pub mod overview;
pub mod scaffold;

use crate::config::CONFIG_FILE;
use crate::diag::{Finding, Place, Severity};
use crate::format::RuDate;
use crate::pipeline::{self, Project};
use jiff::civil::Date;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The folder the colleges are found in when `colleges:` does not list them.
pub const COLLEGES_DIR: &str = "colleges";

/// `vypusk.yaml` of a region.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegionConfig {
    pub region: Region,
    /// The report date of every college (`--as-of` overrides it); each college's own `as_of`
    /// when not given.
    #[serde(default)]
    pub as_of: Option<RuDate>,
    /// A college whose latest actual entry is older than this many days before the report
    /// date is listed as stale on the overview.
    #[serde(default = "default_stale_days")]
    pub stale_after_days: u32,
    /// Paths of the college projects, relative to the region's folder; by default every
    /// folder of `colleges/` that has a `vypusk.yaml`.
    #[serde(default)]
    pub colleges: Option<Vec<String>>,
}

fn default_stale_days() -> u32 {
    45
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Субъект РФ: `Самарская область`.
    pub name: String,
    /// The regional base centre (РБЦ) that compiles the region's figures.
    pub base_centre: String,
    #[serde(default)]
    pub contacts: Contacts,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    #[serde(default)]
    pub head: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub address: String,
}

/// Whether the project at `root` is a region: its `vypusk.yaml` has a top-level `region:`
/// mapping (a college's has `college:`, whose `region` is a plain name).
pub fn is_region(root: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(root.join(CONFIG_FILE)) else {
        return false;
    };
    serde_yaml::from_str::<serde_yaml::Value>(&text)
        .ok()
        .and_then(|v| v.get("region").map(serde_yaml::Value::is_mapping))
        .unwrap_or(false)
}

/// Read the region's `vypusk.yaml`; `Err` holds the findings that explain why not.
pub fn load_config(root: &Path) -> Result<RegionConfig, Vec<Finding>> {
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).map_err(|e| {
        vec![Finding::error(
            "config.unreadable",
            Place::file(CONFIG_FILE),
            format!(
                "Не удалось прочитать файл настроек: {}.",
                crate::diag::io_error_ru(&e)
            ),
        )]
    })?;
    let config: RegionConfig =
        crate::load::yaml::parse(&text, CONFIG_FILE, 0).map_err(|f| vec![*f])?;
    if config.region.name.trim().is_empty() {
        return Err(vec![Finding::error(
            "region.name",
            Place::line(CONFIG_FILE, crate::config::line_of_key(&text, "name")),
            "Не указано название региона: region: name: «Самарская область».",
        )]);
    }
    Ok(config)
}

/// The rules of a region's own settings and folders (each college's data have their own).
#[rustfmt::skip]
pub const RULES: &[crate::check::rules::Rule] = &[
    crate::check::rules::Rule::error("region.name", "В vypusk.yaml региона указано название региона (region: name:)").example("vypusk.yaml:2: Не указано название региона: region: name: «Самарская область»."),
    crate::check::rules::Rule::error("region.college-id", "Имя папки колледжа пригодно для адреса раздела: буквы, цифры, «-» и «_»").example("vypusk.yaml: Папка колледжа «z/bad name»: её имя становится адресом раздела колледжа (site/ИМЯ/), поэтому в нём допустимы только буквы, цифры, «-» и «_». Переименуйте папку."),
    crate::check::rules::Rule::error("region.college-duplicate", "Имена папок колледжей региона не повторяются").example("vypusk.yaml: Две папки колледжей называются «ppk» (y/ppk): разделы на сайте совпали бы. Переименуйте одну из них."),
    crate::check::rules::Rule::error("region.college-outside", "Путь колледжа в colleges: ведёт внутрь папки региона (не «../…», не абсолютный, не ссылка наружу)").example("vypusk.yaml:6: Путь колледжа «../checkouts/ttt» выходит из папки региона через «..»: vypusk читает только файлы внутри папки региона. Положите проект колледжа (копию, checkout или git submodule) в папку colleges/ИМЯ/ внутри папки региона и укажите путь от неё, например «colleges/ИМЯ»."),
    crate::check::rules::Rule::warning("region.incoming-loose", "Полученная книга лежит в папке колледжа data/incoming/ИМЯ/, а не прямо в data/incoming региона").example("data/incoming/form1.xlsx: Файл «form1.xlsx» лежит прямо в data/incoming региона и не сложен с остальными: неизвестно, от какого он колледжа. Положите книги каждого колледжа в его папку data/incoming/ИМЯ_КОЛЛЕДЖА/."),
    crate::check::rules::Rule::error("region.no-colleges", "В регионе есть хотя бы один колледж (папки colleges/ИМЯ/ или список colleges:)").example("vypusk.yaml: В регионе нет ни одного колледжа: положите проекты колледжей в папки colleges/ИМЯ/ (в каждой — свой vypusk.yaml) или перечислите пути в colleges: в vypusk.yaml."),
];

/// One college of the region as found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollegeRef {
    /// The folder's name: its section is `site/<id>/`, its reports `reports/<id>/`.
    pub id: String,
    /// Path relative to the region's folder, with `/`, for messages.
    pub rel: String,
    pub root: PathBuf,
}

/// An id is one path segment of the published site: letters, digits, `-`, `_`.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// Why `rel` (a listed college path) is not inside the region's folder, or `None` when it is.
/// Nothing outside the project folder may be read through paths in its content: not by `..`,
/// an absolute path, nor a symbolic link that leads out.
fn outside(root: &Path, rel: &str) -> Option<&'static str> {
    use std::path::Component;
    let p = Path::new(rel);
    if p.components()
        .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
    {
        return Some("абсолютный");
    }
    if p.components().any(|c| c == Component::ParentDir) {
        return Some("выходит из папки региона через «..»");
    }
    // A link inside the region that points out of it (only when both exist; a missing folder
    // is reported by the college's load).
    match (root.canonicalize(), root.join(p).canonicalize()) {
        (Ok(r), Ok(c)) if !c.starts_with(&r) => {
            Some("— символическая ссылка за пределы папки региона")
        }
        _ => None,
    }
}

/// The line of `vypusk.yaml` that lists `rel`, for the message.
fn config_line(root: &Path, rel: &str) -> Option<usize> {
    std::fs::read_to_string(root.join(CONFIG_FILE))
        .ok()
        .and_then(|t| t.lines().position(|l| l.contains(rel)).map(|i| i + 1))
}

/// The colleges of the region, sorted by id, and findings about entries that cannot be one.
pub fn discover(root: &Path, config: &RegionConfig) -> (Vec<CollegeRef>, Vec<Finding>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let listed: Vec<String> = match &config.colleges {
        Some(list) => list.clone(),
        None => {
            let dir = root.join(COLLEGES_DIR);
            let mut names: Vec<String> = std::fs::read_dir(&dir)
                .map(|rd| {
                    rd.flatten()
                        .filter(|e| e.path().join(CONFIG_FILE).is_file())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names
                .into_iter()
                .map(|n| format!("{COLLEGES_DIR}/{n}"))
                .collect()
        }
    };
    for rel in listed {
        let rel = rel.trim().trim_end_matches('/').replace('\\', "/");
        if let Some(why) = outside(root, &rel) {
            problems.push(Finding::error(
                "region.college-outside",
                config_line(root, &rel).map_or_else(
                    || Place::file(CONFIG_FILE),
                    |n| Place::line(CONFIG_FILE, n),
                ),
                format!("Путь колледжа «{rel}» {why}: vypusk читает только файлы внутри папки региона. Положите проект колледжа (копию, checkout или git submodule) в папку {COLLEGES_DIR}/ИМЯ/ внутри папки региона и укажите путь от неё, например «{COLLEGES_DIR}/ИМЯ»."),
            ));
            continue;
        }
        let path = root.join(&rel);
        let id = Path::new(&rel)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !valid_id(&id) {
            problems.push(Finding::error(
                "region.college-id",
                Place::file(CONFIG_FILE),
                format!("Папка колледжа «{rel}»: её имя становится адресом раздела колледжа (site/ИМЯ/), поэтому в нём допустимы только буквы, цифры, «-» и «_». Переименуйте папку."),
            ));
            continue;
        }
        if found.iter().any(|c: &CollegeRef| c.id == id) {
            problems.push(Finding::error(
                "region.college-duplicate",
                Place::file(CONFIG_FILE),
                format!("Две папки колледжей называются «{id}» ({rel}): разделы на сайте совпали бы. Переименуйте одну из них."),
            ));
            continue;
        }
        found.push(CollegeRef {
            id,
            rel,
            root: path,
        });
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    if found.is_empty() && problems.is_empty() {
        problems.push(Finding::error(
            "region.no-colleges",
            Place::file(CONFIG_FILE),
            format!("В регионе нет ни одного колледжа: положите проекты колледжей в папки {COLLEGES_DIR}/ИМЯ/ (в каждой — свой vypusk.yaml) или перечислите пути в colleges: в vypusk.yaml."),
        ));
    }
    (found, problems)
}

/// One college after load and check.
#[derive(Debug)]
pub struct CollegeRun {
    pub college: CollegeRef,
    /// `None` when it could not be loaded (see `fatal` or the findings).
    pub project: Option<Project>,
    /// Its findings, sorted, with paths relative to the college's folder.
    pub findings: Vec<Finding>,
    /// Why it could not be read at all.
    pub fatal: Option<String>,
    /// Its part of the region's `findings.json`, made once from `findings` (a page edit
    /// in `serve` writes that file again and re-serializes only the college edited): whoever
    /// replaces `findings` goes through [`CollegeRun::set_findings`].
    json: std::sync::OnceLock<Result<Vec<u8>, String>>,
}

impl CollegeRun {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// Whether it can be built: loaded, and no errors.
    pub fn ok(&self) -> bool {
        self.project.is_some() && self.fatal.is_none() && self.count(Severity::Error) == 0
    }

    /// The college's short name, else its id.
    pub fn name(&self) -> String {
        self.project.as_ref().map_or_else(
            || self.college.id.clone(),
            |p| p.config.college.short_name.clone(),
        )
    }

    pub fn graduates(&self) -> usize {
        self.project.as_ref().map_or(0, |p| {
            p.monitoring.cohorts.iter().map(|c| c.graduates.len()).sum()
        })
    }

    /// Replace the findings (and forget the part of `findings.json` made from the old ones);
    /// whether they changed.
    pub(crate) fn set_findings(&mut self, findings: Vec<Finding>) -> bool {
        if self.findings == findings {
            return false;
        }
        self.findings = findings;
        self.json = std::sync::OnceLock::new();
        true
    }

    /// The college's findings as the region's `findings.json` lists them (see
    /// [`check::findings_part`]), serialized at the first call.
    pub(crate) fn findings_json(&self) -> Result<&[u8], String> {
        match self.json.get_or_init(|| check::findings_part(self)) {
            Ok(bytes) => Ok(bytes),
            Err(e) => Err(e.clone()),
        }
    }

    /// Findings with paths from the region's folder (`colleges/ppk/data/…`), for a person
    /// or program that works from there.
    pub fn findings_from_region(&self) -> Vec<Finding> {
        from_region(self.findings.iter().cloned(), &self.college.rel)
    }
}

/// How deep `check` goes in each college.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Rules only (what `build` checks before rendering).
    Rules,
    /// Rules, then a dry render when there are no errors, as `vypusk check` of a college.
    WithRender,
}

/// Load and check every college in parallel. A college that cannot be read is reported in
/// its run; the others go on.
pub fn run_colleges(colleges: &[CollegeRef], as_of: Option<Date>, depth: Depth) -> Vec<CollegeRun> {
    colleges
        .par_iter()
        .map(|c| run_college(c, as_of, depth))
        .collect()
}

pub(crate) fn run_college(c: &CollegeRef, as_of: Option<Date>, depth: Depth) -> CollegeRun {
    let (project, mut findings) = match pipeline::load(&c.root, as_of) {
        Ok(x) => x,
        Err(pipeline::Fatal(msg)) => {
            return CollegeRun {
                college: c.clone(),
                project: None,
                findings: Vec::new(),
                fatal: Some(msg),
                json: std::sync::OnceLock::new(),
            }
        }
    };
    if let Some(p) = &project {
        findings.extend(pipeline::check(p));
        if depth == Depth::WithRender && !findings.has_errors() {
            let so_far = findings.clone().sorted();
            findings.extend(pipeline::check_render(p, &so_far));
        }
    }
    CollegeRun {
        college: c.clone(),
        project,
        findings: findings.with_columns(&c.root).sorted(),
        fatal: None,
        json: std::sync::OnceLock::new(),
    }
}

/// The date of the latest actual entry of any graduate of the college: how fresh its data are.
pub fn latest_entry(p: &Project) -> Option<Date> {
    p.monitoring
        .cohorts
        .iter()
        .flat_map(|c| &c.tracks)
        .flat_map(|t| t.entries())
        .filter(|e| e.kind == crate::model::track::EntryKind::Actual)
        .map(|e| e.date)
        .max()
}

/// `findings` with paths from the region's folder: `rel/` before each file. The findings of
/// one file share one new path (a college has hundreds of thousands of findings, in a few files).
fn from_region(findings: impl IntoIterator<Item = Finding>, rel: &str) -> Vec<Finding> {
    let mut paths: std::collections::BTreeMap<arcstr::ArcStr, arcstr::ArcStr> = Default::default();
    findings
        .into_iter()
        .map(|mut f| {
            f.place.file = paths
                .entry(f.place.file.clone())
                .or_insert_with_key(|file| format!("{rel}/{file}").into())
                .clone();
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    const REGION: &str = "region:\n  name: Самарская область\n  base_centre: РБЦ\n";

    #[test]
    fn a_region_is_told_from_a_college_by_its_region_mapping() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), CONFIG_FILE, REGION);
        assert!(is_region(d.path()));
        write(
            d.path(),
            CONFIG_FILE,
            "college: {full_name: a, short_name: b, region: Самарская область, director: {name: d}}\n",
        );
        assert!(!is_region(d.path()));
    }

    #[test]
    fn colleges_are_folders_with_a_config_sorted_by_id() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), CONFIG_FILE, REGION);
        write(d.path(), "colleges/b/vypusk.yaml", "");
        write(d.path(), "colleges/a/vypusk.yaml", "");
        write(d.path(), "colleges/notes/readme.txt", "");
        let config = load_config(d.path()).unwrap();
        let (found, problems) = discover(d.path(), &config);
        assert!(problems.is_empty(), "{problems:?}");
        let ids: Vec<_> = found.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(found[0].rel, "colleges/a");
    }

    #[test]
    fn listed_paths_need_distinct_safe_names() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            CONFIG_FILE,
            &format!("{REGION}colleges: [\"x/ppk\", \"y/ppk\", \"z/bad name\", \"w/ok\"]\n"),
        );
        let config = load_config(d.path()).unwrap();
        let (found, problems) = discover(d.path(), &config);
        let ids: Vec<_> = found.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["ok", "ppk"]);
        let rules: Vec<_> = problems.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["region.college-duplicate", "region.college-id"]);
    }

    #[test]
    fn a_college_path_may_not_lead_out_of_the_region() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("region");
        write(d.path(), "beside/vypusk.yaml", "");
        write(&root, "colleges/in/vypusk.yaml", "");
        write(
            &root,
            CONFIG_FILE,
            &format!(
                "{REGION}colleges:\n  - colleges/in\n  - ../beside\n  - colleges/../../beside\n  - {}\n",
                d.path().join("beside").display()
            ),
        );
        let config = load_config(&root).unwrap();
        let (found, problems) = discover(&root, &config);
        let ids: Vec<_> = found.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["in"]);
        assert_eq!(problems.len(), 3, "{problems:?}");
        for f in &problems {
            assert_eq!(f.rule, "region.college-outside");
            assert_eq!(f.severity, Severity::Error);
            assert!(
                f.message.contains("только файлы внутри папки региона"),
                "{}",
                f.message
            );
        }
        assert_eq!(problems[0].place.line, Some(6), "the line that lists it");
        assert!(problems[0]
            .message
            .contains("«../beside» выходит из папки региона"));
        assert!(problems[2].message.contains("абсолютный"));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_region_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("region");
        write(d.path(), "beside/vypusk.yaml", "");
        write(&root, CONFIG_FILE, REGION);
        std::fs::create_dir_all(root.join(COLLEGES_DIR)).unwrap();
        std::os::unix::fs::symlink(d.path().join("beside"), root.join("colleges/link")).unwrap();
        let config = load_config(&root).unwrap();
        let (found, problems) = discover(&root, &config);
        assert!(found.is_empty());
        assert_eq!(problems[0].rule, "region.college-outside");
        assert!(problems[0].message.contains("символическая ссылка"));
    }

    #[test]
    fn an_empty_region_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), CONFIG_FILE, REGION);
        let config = load_config(d.path()).unwrap();
        let (found, problems) = discover(d.path(), &config);
        assert!(found.is_empty());
        assert_eq!(problems[0].rule, "region.no-colleges");
    }

    #[test]
    fn a_region_needs_its_name() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            CONFIG_FILE,
            "region:\n  name: \" \"\n  base_centre: РБЦ\n",
        );
        let e = load_config(d.path()).unwrap_err();
        assert_eq!(e[0].rule, "region.name");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), CONFIG_FILE, &format!("{REGION}colledges: []\n"));
        let e = load_config(d.path()).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].severity, Severity::Error);
    }
}
