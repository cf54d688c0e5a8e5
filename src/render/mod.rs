//! Render: templates (Tera) over borrowed context structs → HTML files in memory.
//!
//! Templates come from the theme (`themes/<name>/templates/`, or the bundled default theme
//! when the project has no such folder); a project's own `templates/` overrides any of them
//! by name, as in Zola.

pub mod ais_card;
pub mod charts;
pub mod compliance;
pub mod context;
pub mod diff;
pub mod effectiveness;
pub mod markdown;
pub mod monitoring;
pub mod opk;
pub mod opk_workbook;
pub mod plan;
pub mod reports;
pub mod risk_cases;
pub mod site;
pub mod template_error;
pub mod vacancies;
pub mod workbook;
pub mod year;

use crate::diag::{Finding, Place};
use std::collections::BTreeMap;
use std::path::Path;
pub use template_error::template_findings;
use tera::Tera;

/// A file to write, relative to the output folder (`site/index.html`, `reports/...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where each template came from, to turn template errors into file:line messages.
#[derive(Debug, Default, Clone)]
pub struct TemplateSources {
    /// Template name → project-relative file (or `<встроенная тема>/name`).
    pub files: BTreeMap<String, String>,
    /// Template name → its text, to locate errors Tera reports without a place.
    pub texts: BTreeMap<String, String>,
    /// Static files of the theme: name → bytes (`style.css`).
    pub statics: BTreeMap<String, Vec<u8>>,
}

/// The bundled default theme, used when a project has no `themes/default/` folder.
pub static DEFAULT_THEME: include_dir::Dir =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/default");

const EMBEDDED: &str = "<встроенная тема>";

/// Load the theme and overrides into a Tera instance. Errors name the template file.
pub fn load_templates(root: &Path, theme: &str) -> Result<(Tera, TemplateSources), Vec<Finding>> {
    let (tera, sources) = templates(root, theme, true)?;
    Ok((tera.unwrap_or_default(), sources))
}

/// [`load_templates`] for `check`: the templates compiled (their errors are findings) but no
/// copy of the compiled set made, as only where each came from is wanted.
pub fn template_sources(root: &Path, theme: &str) -> Result<TemplateSources, Vec<Finding>> {
    templates(root, theme, false).map(|(_, sources)| sources)
}

/// The templates of `root` compiled (a copy of the set when `copy`), and their sources.
fn templates(
    root: &Path,
    theme: &str,
    copy: bool,
) -> Result<(Option<Tera>, TemplateSources), Vec<Finding>> {
    let mut texts: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut sources = TemplateSources::default();
    let mut findings = Vec::new();
    let theme_dir = root.join("themes").join(theme);
    if theme_dir.is_dir() {
        read_dir_files(
            root,
            &theme_dir.join("templates"),
            &mut findings,
            |name, file, bytes| {
                texts.insert(name, (file, String::from_utf8_lossy(&bytes).into_owned()));
            },
        );
        read_dir_files(
            root,
            &theme_dir.join("static"),
            &mut findings,
            |name, _, bytes| {
                sources.statics.insert(name, bytes);
            },
        );
    } else if theme == "default" {
        for f in embedded_files(&DEFAULT_THEME) {
            let path = f.path().to_string_lossy().replace('\\', "/");
            if let Some(name) = path.strip_prefix("templates/") {
                let file = format!("{EMBEDDED}/{path}");
                texts.insert(
                    name.to_string(),
                    (file, String::from_utf8_lossy(f.contents()).into_owned()),
                );
            } else if let Some(name) = path.strip_prefix("static/") {
                sources
                    .statics
                    .insert(name.to_string(), f.contents().to_vec());
            }
        }
    } else {
        return Err(vec![Finding::error(
            "theme.missing",
            Place::file(crate::config::CONFIG_FILE),
            format!("Тема «{theme}» не найдена: нет папки themes/{theme}/. Укажите theme: default или создайте папку темы."),
        )]);
    }
    read_dir_files(
        root,
        &root.join("templates"),
        &mut findings,
        |name, file, bytes| {
            texts.insert(name, (file, String::from_utf8_lossy(&bytes).into_owned()));
        },
    );
    if !findings.is_empty() {
        return Err(findings);
    }
    for (name, (file, text)) in &texts {
        sources.files.insert(name.clone(), file.clone());
        sources.texts.insert(name.clone(), text.clone());
    }
    if let Some(tera) = compiled::get(&sources.texts, copy) {
        return Ok((tera, sources));
    }
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
    context::register_filters(&mut tera);
    if let Err(e) = tera.add_raw_templates(texts.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
    {
        return Err(template_findings(&e, &sources));
    }
    compiled::put(&sources.texts, &tera);
    Ok((Some(tera), sources))
}

/// Template sets already compiled, by their exact texts: the colleges of a region mostly
/// share one theme, and `check` and `build` load the same templates, so each set is parsed
/// once per process instead of once per college and step (parsing was ~4 % of a region's
/// build). A college with templates of its own has other texts, hence a Tera of its own. The
/// copy handed out is a clone: the caller puts its own globals into it.
mod compiled {
    use std::collections::BTreeMap;
    use std::sync::Mutex;
    use tera::Tera;

    /// Sets kept at most (`serve` compiles a new one at each template edit).
    const KEPT: usize = 8;

    type Texts = BTreeMap<String, String>;

    static SETS: Mutex<Vec<(Texts, Tera)>> = Mutex::new(Vec::new());

    /// `Some` when the set is compiled already: with a copy when `copy`.
    pub(super) fn get(texts: &Texts, copy: bool) -> Option<Option<Tera>> {
        let sets = SETS.lock().ok()?;
        sets.iter()
            .find(|(t, _)| t == texts)
            .map(|(_, tera)| copy.then(|| tera.clone()))
    }

    pub(super) fn put(texts: &Texts, tera: &Tera) {
        if let Ok(mut sets) = SETS.lock() {
            if sets.iter().any(|(t, _)| t == texts) {
                return;
            }
            if sets.len() >= KEPT {
                sets.remove(0);
            }
            sets.push((texts.clone(), tera.clone()));
        }
    }
}

fn embedded_files<'a>(dir: &'a include_dir::Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<&include_dir::File> = dir.files().collect();
    for d in dir.dirs() {
        out.extend(embedded_files(d));
    }
    out
}

/// Read every file below `dir` (sorted, no symlinks) as (name relative to dir, project file, bytes).
fn read_dir_files(
    root: &Path,
    dir: &Path,
    findings: &mut Vec<Finding>,
    mut f: impl FnMut(String, String, Vec<u8>),
) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let name = crate::diag::rel_path(dir, entry.path());
        let file = crate::diag::rel_path(root, entry.path());
        if entry.path_is_symlink() {
            // Not followed (it could point outside the project), and not silently dropped
            // either: a template override that vanished would be a mystery.
            findings.push(Finding::error(
                "theme.symlink",
                Place::file(file),
                "Символическая ссылка не поддерживается: vypusk читает только файлы внутри проекта. Скопируйте сюда сам файл.",
            ));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => f(name, file, bytes),
            Err(e) => findings.push(Finding::error(
                "theme.unreadable",
                Place::file(file),
                format!(
                    "Не удалось прочитать файл темы: {}.",
                    crate::diag::io_error_ru(&e)
                ),
            )),
        }
    }
}

/// `data` on every page and report: the public aggregates of each part (never personal data).
#[derive(serde::Serialize)]
pub struct PublicData {
    /// See [`monitoring::MonitoringOutput::public`].
    pub monitoring: serde_json::Value,
    /// See [`opk::public`].
    pub opk: serde_json::Value,
    /// See [`plan::public`].
    pub plan: serde_json::Value,
    /// See [`vacancies::public`].
    pub vacancies: serde_json::Value,
}

/// Put what every page and report shares into Tera's global context: `site`, and `data`,
/// the public aggregates (never personal data).
pub fn set_globals(tera: &mut Tera, site: &context::SiteCtx, data: &PublicData) {
    tera.global_context().insert("site", site);
    tera.global_context().insert("data", data);
}

/// A typed context — a report's `report.data`, a part of `data` on public pages — as the
/// JSON value the report list and `data` hold. The context types are plain structs of
/// strings, numbers, dates and lists, which always serialize (`json!` unwraps the same
/// conversion): a failure here is a bug in a context type, never bad input.
pub fn data_value(ctx: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(ctx).expect("a context type serializes to JSON")
}

/// Rules of the theme and its templates.
#[rustfmt::skip]
pub const RULES: &[crate::check::rules::Rule] = &[
    crate::check::rules::Rule::error("theme.missing", "Тема, указанная в vypusk.yaml, есть в themes/").example("vypusk.yaml: Тема «nova» не найдена: нет папки themes/nova/. Укажите theme: default или создайте папку темы."),
    crate::check::rules::Rule::error("theme.symlink", "В теме и в content/ нет символических ссылок").example("templates/page.html: Символическая ссылка не поддерживается: vypusk читает только файлы внутри проекта. Скопируйте сюда сам файл."),
    crate::check::rules::Rule::error("theme.unreadable", "Файлы темы читаются").example("themes/default/templates/page.html: Не удалось прочитать файл темы: нет прав доступа: проверьте права на папку или закройте программу, которая держит файл."),
    crate::check::rules::Rule::error("template.error", "Шаблоны темы разбираются и отрисовываются без ошибок").example("templates/page.html:4:1: Синтаксическая ошибка в шаблоне: встретилось `{` but expected }}. Исправьте шаблон (или удалите свой файл из templates/, чтобы работал шаблон темы)."),
    crate::check::rules::Rule::error("render.workbook", "Книги форм 1–3 (.xlsx) для министерства создаются").example("output/reports: Не удалось записать книгу Excel form1-2023.xlsx: Error creating temp file."),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn project(page: Option<&str>) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        if let Some(text) = page {
            std::fs::create_dir_all(d.path().join("templates")).unwrap();
            std::fs::write(d.path().join("templates/page.html"), text).unwrap();
        }
        d
    }

    fn render_page(root: &Path) -> String {
        let (tera, _) = load_templates(root, "default").unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("who", "ППК");
        tera.render("page.html", &ctx).unwrap()
    }

    #[test]
    fn a_college_with_templates_of_its_own_never_gets_another_ones_compiled_set() {
        let (a, b) = (project(Some("A {{ who }}")), project(Some("B {{ who }}")));
        let plain = project(None);
        // Each twice: the second load comes from the compiled sets and must be the same.
        for _ in 0..2 {
            assert_eq!(render_page(a.path()), "A ППК");
            assert_eq!(render_page(b.path()), "B ППК");
            assert!(template_sources(plain.path(), "default").is_ok());
        }
        let (_, sources) = load_templates(b.path(), "default").unwrap();
        assert_eq!(sources.files["page.html"], "templates/page.html");
        // A set with an error is never kept: it is reported at every load.
        let bad = project(Some("{% if %}"));
        for _ in 0..2 {
            assert!(template_sources(bad.path(), "default").is_err());
        }
    }
}
