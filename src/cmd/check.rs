//! `vypusk check`: load and check everything, print findings as text or JSON.

use super::{print_findings, OutputFormat, ProjectArgs, EXIT_FATAL, EXIT_FINDINGS, EXIT_OK};
use crate::diag::{Finding, Severity};
use crate::pipeline;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct JsonReport<'a> {
    findings: &'a [Finding],
    summary: serde_json::Value,
}

/// `vypusk check --explain [ID]`: one rule explained, or the list of every rule.
pub fn explain(id: &str) -> i32 {
    use crate::check::rules;
    let id = id.trim();
    if id.is_empty() {
        print!("{}", rules::list());
        return EXIT_OK;
    }
    match rules::find(id) {
        Some(r) => {
            print!("{}", rules::explain(r));
            EXIT_OK
        }
        None => {
            let all = rules::all();
            let hint = crate::diag::nearest(id, all.iter().map(|r| r.id))
                .map(|n| format!(" Может быть, {n}?"))
                .unwrap_or_default();
            eprintln!("vypusk: правила «{id}» нет.{hint} Список правил: vypusk check --explain");
            EXIT_FATAL
        }
    }
}

pub fn run(args: &ProjectArgs, format: OutputFormat) -> i32 {
    let (project, mut findings) = match pipeline::load(&args.root, args.as_of) {
        Ok(x) => x,
        Err(pipeline::Fatal(msg)) => {
            eprintln!("vypusk: {msg}");
            return EXIT_FATAL;
        }
    };
    if let Some(p) = &project {
        findings.extend(pipeline::check(p));
        // What `build` would stop on besides the rules: rendered in memory, nothing written.
        if !findings.has_errors() {
            let so_far = findings.clone().sorted();
            findings.extend(pipeline::check_render(p, &so_far));
        }
    }
    let findings = findings.with_columns(&args.root).sorted();
    let has_errors = findings.iter().any(|f| f.severity == Severity::Error);
    match format {
        OutputFormat::Json => {
            let report = JsonReport {
                findings: &findings,
                summary: summary(project.as_ref(), &findings),
            };
            // Streamed: a huge list is never held twice in memory.
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let written = serde_json::to_writer_pretty(&mut out, &report)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
                .and_then(|()| out.flush());
            if let Err(e) = written {
                eprintln!("vypusk: {}", crate::diag::io_error_ru(&e));
                return EXIT_FATAL;
            }
        }
        OutputFormat::Text => {
            print_findings(&findings);
            if let Some(p) = &project {
                let reports = pipeline::report_list(p, &findings);
                eprintln!("Печатные отчёты (создаются командой vypusk build, список — output/reports/index.html):");
                for (title, path) in &reports {
                    eprintln!("  {path} — {title}");
                }
                let e = crate::compute::effectiveness::evaluate(&pipeline::effectiveness_inputs(p));
                if !e.criteria.is_empty() {
                    let n = |x: f64| {
                        crate::model::effectiveness::value_ru(
                            x,
                            crate::model::effectiveness::Unit::PerGraduate,
                        )
                    };
                    eprintln!(
                        "Эффективность ЦСТВ по региональным критериям: {} из {} баллов (критериев с данными: {} из {}) — output/reports/effectiveness.html.",
                        n(e.points),
                        n(e.max_points),
                        e.with_data,
                        e.criteria.len()
                    );
                }
                let pages = p.site.pages.len() as i64;
                let graduates: i64 = p
                    .monitoring
                    .cohorts
                    .iter()
                    .map(|c| c.graduates.len() as i64)
                    .sum();
                eprintln!(
                    "Проверено: {}, {} на дату {}.{}",
                    crate::format::count_ru(pages, "страница", "страницы", "страниц"),
                    crate::format::count_ru(graduates, "выпускник", "выпускника", "выпускников"),
                    crate::format::date_ru(p.as_of),
                    if has_errors {
                        ""
                    } else {
                        " Ошибок нет."
                    }
                );
            }
        }
    }
    if has_errors {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// The `summary` object of `check --format json`.
pub fn summary(project: Option<&pipeline::Project>, findings: &[Finding]) -> serde_json::Value {
    /// A report `build` writes.
    #[derive(serde::Serialize)]
    struct ReportEntry {
        title: String,
        path: String,
    }
    /// What a loaded project adds to the counts.
    #[derive(serde::Serialize)]
    struct ProjectSummary {
        as_of: String,
        pages: usize,
        reports: Vec<ReportEntry>,
        monitoring: crate::compute::MonitoringSummary,
        effectiveness: serde_json::Value,
    }
    #[derive(serde::Serialize)]
    struct Summary {
        errors: usize,
        warnings: usize,
        info: usize,
        /// Absent when the project did not load.
        #[serde(flatten)]
        project: Option<ProjectSummary>,
    }
    // Counted in place: a huge list is not copied.
    let count = |sev| findings.iter().filter(|f| f.severity == sev).count();
    crate::render::data_value(&Summary {
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        info: count(Severity::Info),
        project: project.map(|p| ProjectSummary {
            as_of: p.as_of.to_string(),
            pages: p.site.pages.len(),
            reports: pipeline::report_list(p, findings)
                .into_iter()
                .map(|(title, path)| ReportEntry { title, path })
                .collect(),
            monitoring: crate::compute::summary(&p.monitoring, &p.config, p.as_of),
            effectiveness: crate::render::effectiveness::summary(
                &pipeline::effectiveness_inputs(p),
                &p.config.college.short_name,
            ),
        }),
    })
}
