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
    /// ОПК staffing-needs weekly forms 2 and 3 (private).
    pub opk: crate::model::opk::Opk,
    /// The findings of loading `content/` (also among `load`'s): `serve` replaces them when
    /// only pages changed (see [`crate::page_edit`]).
    pub content_findings: Vec<Finding>,
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
            let tz = config.time_zone();
            let today = today(&tz);
            findings.push(Finding::warning(
                "config.as-of",
                Place::file(config::CONFIG_FILE),
                format!(
                    "Дата, на которую составляются отчёты, не задана: взята сегодняшняя ({}, часовой пояс {}). Укажите as_of в vypusk.yaml или --as-of ДД.ММ.ГГГГ, чтобы результат не зависел от дня сборки.",
                    crate::format::date_ru(today),
                    tz.iana_name().unwrap_or("UTC")
                ),
            ));
            today
        }
    };
    let monitoring = crate::load::monitoring::load(root, &config, &mut findings);
    let mut content_findings = Vec::new();
    let (sources, assets) = content::walk(root, &mut content_findings);
    let (pages, failed) = content::load_pages(root, &sources, &mut content_findings);
    let parts = content::load_parts(root, &mut content_findings);
    let mut fs = content_findings.clone();
    let form1_columns = crate::load::reference::form1_columns(root, &mut fs);
    let year = crate::load::year::load(root, &config, &monitoring, &mut fs);
    findings.extend(fs);
    let opk = crate::load::opk::load(root, &mut findings);
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
        opk,
        content_findings,
    };
    Ok((Some(project), findings))
}

/// Run every rule over the loaded project.
pub fn check(project: &Project) -> Vec<Finding> {
    let mut out = crate::check::site::run(&project.site, project.as_of);
    out.extend(crate::check::monitoring::run(
        &project.monitoring,
        &project.config,
        project.as_of,
    ));
    out.extend(crate::check::opk::run(
        &project.opk,
        &project.monitoring,
        project.as_of,
    ));
    out.extend(crate::check::incoming::check_dir(&project.root));
    out.extend(crate::check::year::run(&crate::check::year::Ctx {
        year: &project.year,
        m: &project.monitoring,
        site: &project.site,
        config: &project.config,
        as_of: project.as_of,
    }));
    out.extend(crate::check::effectiveness::run(
        &crate::check::effectiveness::Ctx {
            year: &project.year,
            m: &project.monitoring,
            opk: Some(&project.opk),
            config: &project.config,
            as_of: project.as_of,
        },
    ));
    // Templates are parsed too, so that `check` finds what `build` would stop on.
    match render::template_sources(&project.root, &project.config.theme) {
        Err(fs) => out.extend(fs),
        Ok(sources) => out.extend(crate::check::outputs::run(
            &project.root,
            &project.site,
            &project.config.theme,
            &sources,
        )),
    }
    out
}

/// What rendering wrote into the stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct Rendered {
    pub site_pages: usize,
    pub reports: usize,
}

/// Render everything into a stage that writes nothing: what `build` would stop on (the
/// disclosure audit, the personal-data guard, template errors), for `check`.
pub fn check_render(project: &Project, findings: &[Finding]) -> Vec<Finding> {
    let stage = Stage::dry(guard(project));
    match render(project, findings, &stage) {
        Ok(_) => Vec::new(),
        Err(fs) => fs,
    }
}

/// The audit's verdict as findings: a hidden figure of the monitoring page that can be worked
/// out from what the page shows (a bug in suppression or a template publishing more).
fn disclosure_findings(
    project: &Project,
    publications: &[crate::compute::publication::Publication],
) -> Vec<Finding> {
    let page = project
        .site
        .pages
        .iter()
        .find(|p| p.front.template.as_deref() == Some("monitoring.html"))
        .map_or_else(|| "content/monitoring.md".to_string(), |p| p.file.clone());
    publications
        .iter()
        .flat_map(|p| {
            crate::compute::publication::audit(p)
                .into_iter()
                .map(move |leak| (p.year, leak))
        })
        .map(|(year, leak)| {
            Finding::error(
                "privacy.disclosure",
                Place::file(page.clone()),
                format!(
                    "Скрытое число выпуска {year} года можно вычислить по опубликованным: {}. Публикация остановлена — сообщите разработчикам vypusk.",
                    leak.describe()
                ),
            )
        })
        .collect()
}

/// Render everything — public site and private reports — into `stage`. `findings` are those
/// of `check` (warnings and notes: a build with errors never gets here), for the findings report.
pub fn render(
    project: &Project,
    findings: &[Finding],
    stage: &Stage,
) -> Result<Rendered, Vec<Finding>> {
    render_published(project, findings, stage).map(|(r, _)| r)
}

/// What a college's pages and forms were made from: a region's overview compares colleges on
/// exactly these publications and totals these forms (computed once, by the college's render).
#[derive(Debug)]
pub struct Published {
    pub publications: Vec<crate::compute::publication::Publication>,
    /// Forms 1–3 of every cohort on the project's date.
    pub forms: Vec<crate::compute::CohortForms>,
}

/// [`render`], also handing back what the pages and forms were made from ([`Published`]).
pub fn render_published(
    project: &Project,
    findings: &[Finding],
    stage: &Stage,
) -> Result<(Rendered, Published), Vec<Finding>> {
    let (mut tera, sources) = render::load_templates(&project.root, &project.config.theme)?;
    let site_ctx = SiteCtx::new(&project.config, project.as_of);
    let monitoring = render::monitoring::build(
        &project.monitoring,
        &project.config,
        project.as_of,
        &project.form1_columns,
    );
    let leaks = disclosure_findings(project, &monitoring.publications);
    if !leaks.is_empty() {
        return Err(leaks);
    }
    let year = render::year::build(&year_inputs(project));
    let data = public_data(project, monitoring.public, year.public);
    render::set_globals(&mut tera, &site_ctx, &data);
    let site_pages = render::site::render_pages(&project.site, &tera, &sources, stage)
        .map_err(|fs| locate_personal_data(project, fs))?;
    let mut reports = monitoring.reports;
    reports.extend(year.reports);
    reports.extend(render::opk::reports(&project.opk, &project.monitoring));
    reports.extend(effectiveness_reports(project));
    reports.push(render::reports::findings_report(findings));
    // The Ministry's forms as Excel workbooks, next to their printable pages.
    let (mut books, mut book_errors) =
        render::workbook::export(&monitoring.forms, &project.config, &project.form1_columns);
    let (opk_books, opk_errors) = render::opk_workbook::export(&project.opk);
    books.extend(opk_books);
    book_errors.extend(opk_errors);
    let downloads: Vec<_> = books.iter().map(|b| b.download()).collect();
    let reports = render::reports::render_reports(&reports, &downloads, &tera, &sources, stage)?;
    render::reports::write_findings_json(findings, stage).map_err(|f| vec![*f])?;
    let mut problems: Vec<Finding> = book_errors
        .into_iter()
        .map(|e| {
            Finding::error(
                "render.workbook",
                Place::file("output/reports"),
                format!("Не удалось записать книгу Excel {e}."),
            )
        })
        .collect();
    let book_files: Vec<OutFile> = books.into_iter().map(|b| b.out_file()).collect();
    problems.extend(write_all(stage, &book_files));
    let statics = render::site::static_files(&project.root, &project.site, &sources, &mut problems);
    problems.extend(write_all(stage, &statics));
    problems.extend(write_all(stage, &year.files));
    if !problems.is_empty() {
        return Err(locate_personal_data(project, problems));
    }
    Ok((
        Rendered {
            site_pages,
            reports,
        },
        Published {
            publications: monitoring.publications,
            forms: monitoring.forms,
        },
    ))
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
    reports.extend(render::opk::reports(&project.opk, &project.monitoring));
    reports.extend(effectiveness_reports(project));
    reports.push(render::reports::findings_report(findings));
    reports
        .iter()
        .map(|r| (r.title.clone(), format!("output/{}", r.path())))
        .collect()
}

/// Point personal-data findings at the source file and line the name came from (a page's
/// Markdown, a copied file), when it came from one; else they keep the public file.
fn locate_personal_data(project: &Project, findings: Vec<Finding>) -> Vec<Finding> {
    let g = guard(project);
    findings
        .into_iter()
        .map(|mut f| {
            if f.rule != "privacy.personal-data" {
                return f;
            }
            let Some(out) = f
                .place
                .file
                .strip_prefix("output/site/")
                .map(str::to_string)
            else {
                return f;
            };
            let source = project
                .site
                .pages
                .iter()
                .find(|p| p.url == out)
                .map(|p| p.file.clone())
                .unwrap_or_else(|| format!("{}/{out}", content::CONTENT_DIR));
            match name_line(&g, &project.root.join(&source)) {
                Some(line) => {
                    f.message = format!("{} (в публикуемом файле output/site/{out})", f.message).into();
                    f.place = Place::line(source, line);
                }
                None => match find_in_data(project, &g) {
                    Some((file, line)) => {
                        f.message =
                            format!("{} (в публикуемом файле output/site/{out})", f.message)
                                .into();
                        f.place = Place::line(file, line);
                    }
                    None => {
                        f.message = format!(
                            "{} Имя не найдено ни в тексте страницы, ни в data/: оно пришло из шаблона.",
                            f.message
                        ).into();
                    }
                },
            }
            f
        })
        .collect()
}

/// The first file under `data/` (the graduate lists aside) that names a graduate, with the
/// line: where a name on a generated page (vacancies, plan, events) came from.
fn find_in_data(project: &Project, g: &crate::write::guard::Guard) -> Option<(String, usize)> {
    let data = project.root.join("data");
    walkdir::WalkDir::new(&data)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.path().starts_with(data.join("monitoring")))
        .find_map(|e| {
            let line = name_line(g, e.path())?;
            Some((crate::diag::rel_path(&project.root, e.path()), line))
        })
}

/// The line of the first graduate's name in the file at `path`, read as the guard reads it.
fn name_line(g: &crate::write::guard::Guard, path: &Path) -> Option<usize> {
    let bytes = std::fs::read(path).ok()?;
    let crate::write::guard::files::Content::Text(text) =
        crate::write::guard::files::content(&bytes)
    else {
        return None;
    };
    let hit = g.find(&text)?;
    Some(1 + memchr::memchr_iter(b'\n', &text[..hit.offset.min(text.len())]).count())
}

/// What the effectiveness of the centre is computed from.
pub fn effectiveness_inputs(project: &Project) -> crate::compute::effectiveness::Inputs<'_> {
    crate::compute::effectiveness::Inputs {
        m: &project.monitoring,
        year: &project.year,
        opk: Some(&project.opk),
        config: &project.config,
        as_of: project.as_of,
    }
}

/// The ОВЗ monitoring (seed task 3, by 26.05) and the effectiveness report (by 01.07).
fn effectiveness_reports(project: &Project) -> Vec<render::reports::Report> {
    let i = effectiveness_inputs(project);
    let college = &project.config.college.short_name;
    let mut out = render::effectiveness::ovz_reports(&i);
    out.extend(render::effectiveness::report(&i, college));
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

/// Write files into the stage; the findings of those that failed.
pub fn write_all(stage: &Stage, files: &[OutFile]) -> Vec<Finding> {
    files
        .iter()
        .filter_map(|f| stage.write(&f.path, &f.bytes).err().map(|e| *e))
        .collect()
}

/// The guard for this project's public files: its graduates, the staff named in
/// `vypusk.yaml` (who may be published), the files a person has checked.
pub fn guard(project: &Project) -> crate::write::guard::Guard {
    let c = &project.config;
    let staff = vec![c.college.director.name.clone(), c.centre.head.name.clone()];
    let checked: Vec<String> = c
        .privacy
        .checked_files
        .iter()
        .filter_map(|f| {
            let f = f.trim().trim_start_matches("./").replace('\\', "/");
            if let Some(rest) = f.strip_prefix("content/") {
                Some(format!("site/{rest}"))
            } else {
                f.strip_prefix("static/")
                    .map(|rest| format!("site/static/{rest}"))
            }
        })
        .collect();
    crate::write::guard::Guard::new(&project.monitoring.people(), &staff, &checked)
}

/// Today's date in the time zone `tz` from the clock: used only when no `as_of` is given, with
/// a warning (or written into a new project's settings, where the officer sees it).
pub fn today(tz: &jiff::tz::TimeZone) -> Date {
    date_at(jiff::Timestamp::now(), tz)
}

/// The date in `tz` at the instant `now` (a college in Moscow starts its day at 21:00 UTC).
pub fn date_at(now: jiff::Timestamp, tz: &jiff::tz::TimeZone) -> Date {
    tz.to_datetime(now).date()
}

/// Today in the default zone of colleges ([`config::DEFAULT_TIMEZONE`]), where no settings
/// name one yet.
pub fn today_default() -> Date {
    today(&config::time_zone(config::DEFAULT_TIMEZONE).unwrap_or(jiff::tz::TimeZone::UTC))
}

/// `data` of the public pages: the monitoring's and the year's public parts, and the ОПК
/// workplaces (one place, so that `serve`'s page edits set exactly what a build sets).
pub(crate) fn public_data(
    project: &Project,
    monitoring: serde_json::Value,
    year: render::year::YearPublic,
) -> render::PublicData {
    render::PublicData {
        monitoring,
        opk: render::opk::public(
            &project.opk,
            &project.monitoring.specialties,
            project.config.opk.public_enterprises,
        ),
        plan: year.plan,
        vacancies: year.vacancies,
    }
}
