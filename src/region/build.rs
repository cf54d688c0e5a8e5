//! `vypusk build` over a region: every college that passes its check is built into
//! `site/<id>/` and `reports/<id>/` exactly as its own build would make it (in parallel, each
//! through its own personal-data guard), then the regional overview (`site/index.html`) and
//! the regional reports (`reports/`: form 1 as a print page and `.xlsx`, all findings by
//! college). One stage for all: the region's output is swapped in whole or not at all.
//!
//! A college whose data have errors (or cannot be read) is left out and listed on the
//! overview; the rest is built. Anything that stops a college's render (the guard found
//! personal data, a template error) stops the region's build, as it would the college's.

use super::check::{check_region, college_line, Checked};
use super::form1::CollegeForm;
use super::overview::{Note, Overview, Row};
use super::{CollegeRun, Depth};
use crate::cmd::{print_findings, EXIT_FATAL, EXIT_FINDINGS, EXIT_OK};
use crate::compute::publication::Publication;
use crate::diag::{Finding, Place, Severity};
use crate::format::{count_ru, date_ru};
use crate::pipeline;
use crate::render::charts::escape;
use crate::write::Stage;
use jiff::civil::Date;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a region's build produced.
#[derive(Debug)]
pub struct BuiltRegion {
    pub output: PathBuf,
    /// Ids of the colleges built.
    pub built: Vec<String>,
    /// Ids of the colleges left out (errors or unreadable).
    pub failing: Vec<String>,
    pub site_pages: usize,
    pub reports: usize,
}

/// A college rendered: what it wrote, the publications and forms its pages were made from,
/// and its guard (the overview must pass every college's; built once, shared with the college's view
/// of the stage, and kept by `serve` for the next page edit).
pub type Done = (
    pipeline::Rendered,
    pipeline::Published,
    std::sync::Arc<crate::write::guard::Guard>,
);

/// Why the region's output was not changed.
#[derive(Debug)]
pub enum RegionError {
    Fatal(String),
    /// Findings (errors) with paths from the region's folder.
    Findings(Vec<Finding>),
}

/// Load, check and build the region at `root` into `output` (default `root/output`).
pub fn build(
    root: &Path,
    as_of: Option<Date>,
    output: Option<&Path>,
) -> Result<(BuiltRegion, Checked), RegionError> {
    let checked = check_region(root, as_of, Depth::Rules);
    let built = build_checked(root, &checked, output)?;
    Ok((built, checked))
}

/// Build a region already checked.
pub fn build_checked(
    root: &Path,
    checked: &Checked,
    output: Option<&Path>,
) -> Result<BuiltRegion, RegionError> {
    build_kept(root, checked, output).map(|(b, kept)| {
        release(kept);
        b
    })
}

/// Drop `items` (colleges' data, renders) in parallel: one after another they kept one core
/// busy and the other idle at the end of a region's build.
pub fn release<T: Send>(items: Vec<T>) {
    items.into_par_iter().for_each(drop);
}

/// [`build_checked`], also handing back each built college's render by id (`serve` keeps
/// them to redo the overview when one college changes; `vypusk build` leaves them to the OS).
pub fn build_kept(
    root: &Path,
    checked: &Checked,
    output: Option<&Path>,
) -> Result<(BuiltRegion, Vec<(String, Done)>), RegionError> {
    let config = ready(checked)?;
    let out_dir = output.map_or_else(|| root.join("output"), Path::to_path_buf);
    crate::write::folder::check_placement(root, &out_dir)
        .map_err(|e| RegionError::Fatal(e.to_string()))?;
    let stage = Stage::new(&out_dir, crate::write::guard::Guard::default())
        .map_err(|e| RegionError::Fatal(e.to_string()))?;
    let ok: Vec<&CollegeRun> = checked.colleges.iter().filter(|c| c.ok()).collect();
    // Each college as its own build makes it, into its own corner of the one stage.
    let (rendered, json): (Vec<Result<Done, Vec<Finding>>>, _) = rayon::join(
        || ok.par_iter().map(|c| render_college(c, &stage)).collect(),
        || findings_json(checked),
    );
    let mut errors = Vec::new();
    let mut done = Vec::new();
    for (c, r) in ok.iter().zip(rendered) {
        match r {
            Ok(x) => done.push((*c, x)),
            Err(fs) => errors.extend(fs),
        }
    }
    if !errors.is_empty() {
        return Err(RegionError::Findings(errors));
    }
    let refs: Vec<(&CollegeRun, &Done)> = done.iter().map(|(c, d)| (*c, d)).collect();
    let problems = write_regional_with(root, config, checked, &refs, &stage, json);
    if !problems.is_empty() {
        return Err(RegionError::Findings(problems));
    }
    stage
        .commit()
        .map_err(|e| RegionError::Fatal(e.to_string()))?;
    let (site_pages, reports) = done.iter().fold((1, 2), |(s, r), (_, (x, _, _))| {
        (s + x.site_pages, r + x.reports)
    });
    let built = BuiltRegion {
        output: out_dir,
        built: done.iter().map(|(c, _)| c.college.id.clone()).collect(),
        failing: checked
            .failing()
            .iter()
            .map(|c| c.college.id.clone())
            .collect(),
        site_pages,
        reports,
    };
    let kept = done
        .into_iter()
        .map(|(c, d)| (c.college.id.clone(), d))
        .collect();
    Ok((built, kept))
}

/// The region's settings when its own files have no errors.
pub(crate) fn ready(checked: &Checked) -> Result<&super::RegionConfig, RegionError> {
    let Some(config) = &checked.config else {
        return Err(RegionError::Findings(checked.own.clone()));
    };
    if checked.own.iter().any(|f| f.severity == Severity::Error) {
        return Err(RegionError::Findings(checked.own.clone()));
    }
    Ok(config)
}

/// Render one college (it passed its check) as its own build makes it, into its corner
/// (`site/<id>/`, `reports/<id>/`) of `stage`; errors name files from the region's folder.
pub(crate) fn render_college(c: &CollegeRun, stage: &Stage) -> Result<Done, Vec<Finding>> {
    let Some(p) = &c.project else {
        return Err(Vec::new());
    };
    // The guard is built once (from every graduate's name forms) and shared with the view.
    let guard = std::sync::Arc::new(pipeline::guard(p));
    let view = stage.scoped(&c.college.id, guard.clone());
    pipeline::render_published(p, &c.findings, &view)
        .map(|(r, published)| (r, published, guard))
        .map_err(|fs| super::from_region(fs, &c.college.rel))
}

/// The region's own files — the overview, the regional forms, the findings of every
/// college, the reports' index — from the colleges built (`done`, in id order); the findings
/// of what could not be written.
pub(crate) fn write_regional(
    root: &Path,
    config: &super::RegionConfig,
    checked: &Checked,
    done: &[(&CollegeRun, &Done)],
    stage: &Stage,
) -> Vec<Finding> {
    write_regional_with(root, config, checked, done, stage, findings_json(checked))
}

/// The region's `reports/findings.json` in its pieces, or why it cannot be made.
fn findings_json(checked: &Checked) -> Result<super::check::ReportJson<'_>, Box<Finding>> {
    super::check::findings_report(checked).map_err(|e| {
        Box::new(Finding::error(
            "write.io",
            Place::file("output/reports/findings.json"),
            crate::diag::io_error_ru(&e),
        ))
    })
}

/// [`write_regional`] with the findings JSON already made (`build` makes it while the
/// colleges render: it needs only the checks, and alone it kept one core busy and the other
/// idle).
fn write_regional_with(
    root: &Path,
    config: &super::RegionConfig,
    checked: &Checked,
    done: &[(&CollegeRun, &Done)],
    stage: &Stage,
    json: Result<super::check::ReportJson<'_>, Box<Finding>>,
) -> Vec<Finding> {
    // The findings report (67 MB for 100 colleges) is written while the rest is made:
    // written last, it left a core idle.
    let (json_problem, (mut problems, year, regional_items)) = rayon::join(
        || match json {
            Ok(report) => stage
                .write_streamed("reports/findings.json", |w| report.write_to(w))
                .err()
                .map(|f| *f),
            Err(f) => Some(*f),
        },
        || regional_files(root, config, checked, done, stage),
    );
    problems.extend(json_problem);
    let index = reports_index(config, checked, year, &regional_items);
    problems.extend(
        stage
            .write("reports/index.html", index.as_bytes())
            .err()
            .map(|f| *f),
    );
    problems
}

/// The region's files but the findings report and the reports' index: what could not be
/// written, the year compared and the index's items.
fn regional_files(
    root: &Path,
    config: &super::RegionConfig,
    checked: &Checked,
    done: &[(&CollegeRun, &Done)],
    stage: &Stage,
) -> (Vec<Finding>, Option<i16>, Vec<String>) {
    let as_of = regional_date(checked);
    let year = done
        .iter()
        .filter_map(|(c, _)| c.project.as_ref())
        .flat_map(|p| p.monitoring.cohorts.iter().map(|c| c.year))
        .max();
    let mut failing: Vec<Note> = checked
        .colleges
        .iter()
        .filter(|c| !c.ok())
        .map(|c| Note {
            id: c.college.id.clone(),
            name: c.name(),
            why: match &c.fatal {
                Some(m) => format!("проект не удалось прочитать: {m}"),
                None => format!(
                    "{} в данных (список — в отчётах региона, findings.json)",
                    count_ru(
                        c.count(Severity::Error) as i64,
                        "ошибка",
                        "ошибки",
                        "ошибок"
                    )
                ),
            },
        })
        .collect();
    let mut rows = Vec::new();
    let mut stale = Vec::new();
    let mut forms = Vec::new();
    let mut forms23 = Vec::new();
    let mut criteria = Vec::new();
    let mut regional_items = Vec::new();
    // The publications compared, for the monthly dynamics.
    let mut compared: Vec<(&CollegeRun, &Publication)> = Vec::new();
    // What each college adds, worked out in parallel (forms and criteria cost as much as a
    // tenth of the build; done one college after another they left a core idle), then put
    // together in id order.
    let parts: Vec<Option<CollegePart>> = done
        .par_iter()
        .map(|(c, (_, published, _))| college_part(c, published, year))
        .collect();
    for ((c, _), part) in done.iter().zip(parts) {
        let (Some(p), Some(part)) = (&c.project, part) else {
            continue;
        };
        let name = c.name();
        match part.row {
            Some((pb, row)) => {
                compared.push((*c, pb));
                rows.push(row);
            }
            None => failing.push(Note {
                id: c.college.id.clone(),
                name: name.clone(),
                why: format!("нет данных о выпуске {} года", year.unwrap_or_default()),
            }),
        }
        if let Some((form1, e, form2, form3)) = part.forms {
            forms.push((*c, form1));
            criteria.push(super::effectiveness::CollegeCriteria {
                id: &c.college.id,
                name: &p.config.college.short_name,
                e,
            });
            forms23.push(super::forms::CollegeForms23 {
                id: &c.college.id,
                name: &p.config.college.short_name,
                form2,
                form3,
            });
        }
        let limit = i64::from(config.stale_after_days);
        let age = |d: Date| d.until(p.as_of).map_or(0, |s| i64::from(s.get_days()));
        match part.latest {
            Some(d) if age(d) <= limit => {}
            Some(d) => stale.push(Note {
                id: c.college.id.clone(),
                name,
                why: format!(
                    "последняя фактическая запись о выпускниках — {}, раньше чем за {} до {}",
                    date_ru(d),
                    count_ru(limit, "день", "дня", "дней"),
                    date_ru(p.as_of)
                ),
            }),
            None => stale.push(Note {
                id: c.college.id.clone(),
                name,
                why: "нет ни одной фактической записи о выпускниках".into(),
            }),
        }
    }
    let mut problems = Vec::new();
    if let Some(y) = year {
        let names: Vec<String> = compared.iter().map(|(c, _)| c.name()).collect();
        let by_month: Vec<super::dynamics::CollegeMonths> = compared
            .iter()
            .zip(&names)
            .map(|((c, pb), name)| super::dynamics::CollegeMonths {
                id: &c.college.id,
                name,
                publication: pb,
            })
            .collect();
        problems.extend(
            stage
                .write(
                    &format!("reports/dynamics-{y}.html"),
                    super::dynamics::report(&config.region.name, y, as_of, &by_month).as_bytes(),
                )
                .err()
                .map(|f| *f),
        );
        let overview = Overview {
            region: &config.region.name,
            base_centre: &config.region.base_centre,
            contacts: &config.region.contacts,
            as_of,
            year: y,
            rows,
            failing,
            stale,
            months: super::dynamics::months(&by_month),
            criteria: &criteria,
        };
        problems.extend(
            stage
                .write(
                    "reports/effectiveness.html",
                    super::effectiveness::report(&config.region.name, as_of, &criteria).as_bytes(),
                )
                .err()
                .map(|f| *f),
        );
        let html = super::overview::page(&overview);
        // The overview names no one; it passes every college's guard all the same.
        let caught: Vec<Finding> = done
            .par_iter()
            .filter_map(|(_, (_, _, guard))| guard.check("site/index.html", html.as_bytes()))
            .collect();
        problems.extend(caught);
        if problems.is_empty() {
            problems.extend(
                stage
                    .write("site/index.html", html.as_bytes())
                    .err()
                    .map(|f| *f),
            );
        }
        let college_forms: Vec<CollegeForm> = forms
            .iter()
            .map(|(c, f)| CollegeForm {
                id: &c.college.id,
                name: c.project.as_ref().map_or(c.college.id.as_str(), |p| {
                    p.config.college.short_name.as_str()
                }),
                form: f.clone(),
            })
            .collect();
        let region_form = super::form1::sum(y, as_of, &college_forms);
        let columns = done
            .first()
            .and_then(|(c, _)| c.project.as_ref())
            .map(|p| p.form1_columns.clone())
            .unwrap_or_default();
        let page = super::form1::page(
            &config.region.name,
            &config.region.base_centre,
            &region_form,
            &columns,
            &college_forms,
        );
        problems.extend(
            stage
                .write(&format!("reports/form1-{y}.html"), page.as_bytes())
                .err()
                .map(|f| *f),
        );
        match crate::render::workbook::form1_workbook(&region_form, &columns, &config.region.name) {
            Ok(bytes) => problems.extend(
                stage
                    .write(&format!("reports/form1-{y}.xlsx"), &bytes)
                    .err()
                    .map(|f| *f),
            ),
            Err(e) => problems.push(Finding::error(
                "render.workbook",
                Place::file("output/reports"),
                format!("Не удалось записать книгу Excel формы 1 региона: {e}."),
            )),
        }
        let (items, ps) = super::forms::write(stage, &config.region, y, &forms23);
        problems.extend(ps);
        regional_items.extend(items.into_iter().map(|(stem, title)| {
            format!(
                "<li><a href=\"{stem}.html\">{}</a> — <a href=\"{stem}.xlsx\">книга Excel</a></li>\n",
                escape(&title),
                stem = escape(&stem)
            )
        }));
    }
    // Received workbooks of data/incoming/<college>/: checked and totalled, never stopping
    // the build (their errors are the report's content).
    let form1_columns = done
        .first()
        .and_then(|(c, _)| c.project.as_ref())
        .map(|p| p.form1_columns.clone())
        .unwrap_or_default();
    let (items, ps) = super::incoming::write(
        stage,
        root,
        &config.region,
        year.unwrap_or(as_of.year()),
        as_of,
        &form1_columns,
    );
    problems.extend(ps);
    regional_items.extend(items);
    (problems, year, regional_items)
}

/// One college's share of the regional files.
struct CollegePart<'a> {
    /// Its publication of the year compared and its overview row; `None` when it has no
    /// data of that year.
    row: Option<(&'a Publication, Row)>,
    /// Its forms 1–3 and effectiveness criteria of that year, when it has that cohort.
    forms: Option<(
        crate::compute::Form1,
        crate::compute::effectiveness::Effectiveness,
        Option<crate::compute::form2::Form2>,
        crate::compute::form3::Form3,
    )>,
    latest: Option<Date>,
}

/// What college `c` (built, with its publications and forms) adds to the regional files of
/// `year`; `None` when there is no year (no college has a cohort) or no project.
fn college_part<'a>(
    c: &CollegeRun,
    published: &'a pipeline::Published,
    year: Option<i16>,
) -> Option<CollegePart<'a>> {
    let p = c.project.as_ref()?;
    let y = year?;
    let name = c.name();
    let row = published
        .publications
        .iter()
        .find(|x| x.year == y)
        .map(|pb| {
            let row = Row::from_publication(&c.college.id, &name, pb).with_opk(
                &crate::render::opk::public(&p.opk, &p.monitoring.specialties, false),
            );
            (pb, row)
        });
    // The college's own forms (its render computed them on its date), not computed again.
    let forms = published.forms.iter().find(|f| f.year == y).map(|f| {
        (
            f.form1.clone(),
            crate::compute::effectiveness::evaluate(&pipeline::effectiveness_inputs(p)),
            f.form2.clone(),
            f.form3.clone(),
        )
    });
    Some(CollegePart {
        row,
        forms,
        latest: super::latest_entry(p),
    })
}

/// The date of the regional figures: the region's `as_of` when set (every college was loaded
/// on it), else the latest of the colleges' own.
fn regional_date(checked: &Checked) -> Date {
    checked
        .colleges
        .iter()
        .filter_map(|c| c.project.as_ref().map(|p| p.as_of))
        .max()
        .unwrap_or_else(pipeline::today_default)
}

/// `reports/index.html` of the region: the regional forms, then each college's reports.
fn reports_index(
    config: &super::RegionConfig,
    checked: &Checked,
    year: Option<i16>,
    regional: &[String],
) -> String {
    let mut items = String::new();
    if let Some(y) = year {
        items.push_str(&format!(
            "<li><a href=\"form1-{y}.html\">Форма 1 (пятистрочная) региона, выпуск {y} года</a> — <a href=\"form1-{y}.xlsx\">книга Excel</a></li>\n\
<li><a href=\"effectiveness.html\">Критерии эффективности ЦСТВ: все критерии колледжей</a></li>\n\
<li><a href=\"dynamics-{y}.html\">Динамика занятости выпуска {y} года по месяцам: полные числа колледжей и региона</a></li>\n"
        ));
    }
    for item in regional {
        items.push_str(item);
    }
    items.push_str(
        "<li><a href=\"findings.json\">Все замечания проверки по колледжам (JSON)</a></li>\n",
    );
    let mut colleges = String::new();
    for c in &checked.colleges {
        if c.ok() {
            colleges.push_str(&format!(
                "<li><a href=\"{id}/index.html\">{name}</a> ({id})</li>\n",
                id = escape(&c.college.id),
                name = escape(&c.name())
            ));
        } else {
            colleges.push_str(&format!(
                "<li>{} — не собран: {}</li>\n",
                escape(&c.name()),
                escape(&college_line(c))
            ));
        }
    }
    let t = format!("Отчёты региона: {}", config.region.name);
    format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>{css}</style>\n</head>\n<body>\n<h1>{t}</h1>\n\
<h2>Региональные формы</h2>\n<ul>\n{items}</ul>\n<h2>Отчёты колледжей</h2>\n<ul>\n{colleges}</ul>\n</body>\n</html>\n",
        t = escape(&t),
        css = super::overview::PRINT_CSS,
    )
}

pub fn run(root: &Path, as_of: Option<Date>, output: Option<&Path>) -> i32 {
    let started = Instant::now();
    let checked = check_region(root, as_of, Depth::Rules);
    match build_kept(root, &checked, output) {
        Ok((b, kept)) => {
            for c in checked.failing() {
                eprintln!("{}", college_line(c));
            }
            eprintln!(
                "Готово: {} собрано{}; {} сайта — откройте {}; отчёты региона — {} ({:.2} с).",
                count_ru(b.built.len() as i64, "колледж", "колледжа", "колледжей"),
                if b.failing.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", не вошли из-за ошибок в данных: {} (подробно: vypusk check --root {})",
                        b.failing.join(", "),
                        root.display()
                    )
                },
                count_ru(b.site_pages as i64, "страница", "страницы", "страниц"),
                b.output.join("site").join("index.html").display(),
                b.output.join("reports").join("index.html").display(),
                started.elapsed().as_secs_f64()
            );
            // The process ends with this command: the OS takes the memory back at once,
            // where freeing the colleges' data piece by piece cost a tenth of a second.
            std::mem::forget(kept);
            std::mem::forget(checked);
            EXIT_OK
        }
        Err(RegionError::Findings(fs)) => {
            print_findings(&fs);
            let shown = output.map_or_else(|| "output/".to_string(), |o| o.display().to_string());
            eprintln!("Сборка региона остановлена из-за ошибок; папка {shown} не изменена.");
            EXIT_FINDINGS
        }
        Err(RegionError::Fatal(m)) => {
            eprintln!("vypusk: {m}");
            EXIT_FATAL
        }
    }
}
