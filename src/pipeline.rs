//! The explicit pipeline: `load()` then `check()` then `render()` then `write()`, each a
//! function over the previous one's result (as in Zola), shared by `check`, `build` and `serve`.

use crate::config::{self, Config};
use crate::diag::{Finding, Findings, Place};
use crate::load::content;
use crate::model::form::Form1Columns;
use crate::model::monitoring::Monitoring;
use crate::model::site::Site;
use crate::render::{self, context::SiteCtx, OutFile};
use crate::write::Stage;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// Everything loaded from a project.
#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    /// The reports' "today": `--as-of`, else `as_of` in `vypusk.yaml`, else the clock (with a warning).
    pub as_of: Date,
    pub site: Site,
    /// Graduates, career tracks and contingents of every cohort (private).
    pub monitoring: Monitoring,
    /// How form 1 is printed: headings and official wording of columns 05–27.
    pub form1_columns: Form1Columns,
    /// The centre's year: work plan, vacancies, referrals, measures, recommendations.
    pub year: crate::model::year::CentreYear,
}

/// Why the pipeline could not run at all (exit code 2), as opposed to findings (exit code 1).
#[derive(Debug)]
pub struct Fatal(pub String);

/// Load the project at `root`. Config errors are findings (the project is then `None`).
pub fn load(root: &Path, as_of: Option<Date>) -> Result<(Option<Project>, Findings), Fatal> {
    if !root.is_dir() {
        return Err(Fatal(format!(
            "Папка проекта «{}» не найдена.",
            root.display()
        )));
    }
    if !root.join(config::CONFIG_FILE).is_file() {
        return Err(Fatal(format!(
            "В папке «{}» нет файла vypusk.yaml: это не проект vypusk. Создайте проект командой «vypusk new ПАПКА» или укажите --root.",
            root.display()
        )));
    }
    let mut findings = Findings::new();
    let config = match config::load(root) {
        Ok(c) => c,
        Err(fs) => {
            findings.extend(fs);
            return Ok((None, findings));
        }
    };
    let as_of = match as_of.or(config.as_of.map(|d| d.0)) {
        Some(d) => d,
        None => {
            let today = today_utc();
            findings.push(Finding::warning(
                "config.as-of",
                Place::file(config::CONFIG_FILE),
                format!(
                    "Дата, на которую составляются отчёты, не задана: взята сегодняшняя ({}). Укажите as_of в vypusk.yaml или --as-of ДД.ММ.ГГГГ, чтобы результат не зависел от дня сборки.",
                    crate::format::date_ru(today)
                ),
            ));
            today
        }
    };
    let monitoring = crate::load::monitoring::load(root, &config, &mut findings);
    let mut fs = Vec::new();
    let (sources, assets) = content::walk(root, &mut fs);
    let (pages, failed) = content::load_pages(root, &sources, &mut fs);
    let parts = content::load_parts(root, &mut fs);
    let form1_columns = crate::load::reference::form1_columns(root, &mut fs);
    let year = crate::load::year::load(root, &config, &monitoring, &mut fs);
    findings.extend(fs);
    let project = Project {
        root: root.to_path_buf(),
        config,
        as_of,
        site: Site {
            pages,
            assets,
            parts,
            failed,
        },
        monitoring,
        form1_columns,
        year,
    };
    Ok((Some(project), findings))
}

/// Run every rule over the loaded project.
pub fn check(project: &Project) -> Vec<Finding> {
    let mut out = crate::check::site::run(&project.site, project.as_of);
    // A home page that exists but failed to load is already explained by its own finding.
    if project.root.join("content/_index.md").is_file() {
        out.retain(|f| f.rule != "site.no-home");
    }
    out.extend(crate::check::monitoring::run(
        &project.monitoring,
        &project.config,
        project.as_of,
    ));
    out.extend(crate::check::incoming_form1::check_dir(&project.root));
    out.extend(crate::check::year::run(&crate::check::year::Ctx {
        year: &project.year,
        m: &project.monitoring,
        site: &project.site,
        config: &project.config,
        as_of: project.as_of,
    }));
    // Templates are parsed too, so that `check` finds what `build` would stop on.
    if let Err(fs) = render::load_templates(&project.root, &project.config.theme) {
        out.extend(fs);
    }
    out
}

/// What rendering wrote into the stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct Rendered {
    pub site_pages: usize,
    pub reports: usize,
}

/// Render everything — public site and private reports — into `stage`. `findings` are those
/// of `check` (warnings and notes: a build with errors never gets here), for the findings report.
pub fn render(
    project: &Project,
    findings: &[Finding],
    stage: &Stage,
) -> Result<Rendered, Vec<Finding>> {
    let (mut tera, sources) = render::load_templates(&project.root, &project.config.theme)?;
    let site_ctx = SiteCtx::new(&project.config, project.as_of);
    let monitoring = render::monitoring::build(
        &project.monitoring,
        &project.config,
        project.as_of,
        &project.form1_columns,
    );
    let year = render::year::build(&year_inputs(project));
    let mut data = serde_json::json!({ "monitoring": monitoring.public });
    for (key, value) in year.public {
        data[key] = value;
    }
    render::set_globals(&mut tera, &site_ctx, &data);
    let site_pages = render::site::render_pages(&project.site, &tera, &sources, stage)?;
    let mut reports = monitoring.reports;
    reports.extend(year.reports);
    reports.push(render::reports::findings_report(findings));
    let reports = render::reports::render_reports(&reports, &tera, &sources, stage)?;
    let mut problems = Vec::new();
    let statics = render::site::static_files(&project.root, &project.site, &sources, &mut problems);
    problems.extend(write_all(stage, &statics));
    problems.extend(write_all(stage, &year.files));
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Rendered {
        site_pages,
        reports,
    })
}

/// Titles and paths (relative to the project) of the reports `build` writes, for `check`.
pub fn report_list(project: &Project, findings: &[Finding]) -> Vec<(String, String)> {
    let mut reports = render::monitoring::reports(
        &project.monitoring,
        &project.config,
        project.as_of,
        &project.form1_columns,
    );
    reports.extend(render::year::reports(&year_inputs(project)));
    reports.push(render::reports::findings_report(findings));
    reports
        .iter()
        .map(|r| (r.title.clone(), format!("output/{}", r.path())))
        .collect()
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

/// Write files into the stage; the findings of those that failed.
pub fn write_all(stage: &Stage, files: &[OutFile]) -> Vec<Finding> {
    files
        .iter()
        .filter_map(|f| stage.write(&f.path, &f.bytes).err().map(|e| *e))
        .collect()
}

/// Strings that must never appear on a public page.
pub fn personal_strings(project: &Project) -> Vec<String> {
    project.monitoring.personal_strings()
}

/// Today's date (UTC) from the clock: used only when no `as_of` is given, with a warning.
fn today_utc() -> Date {
    let days = jiff::Timestamp::now().as_second().div_euclid(86_400);
    Date::constant(1970, 1, 1)
        .checked_add(jiff::Span::new().days(days))
        .unwrap_or(Date::constant(1970, 1, 1))
}
