//! `vypusk build`: check, then render everything and swap it into `output/` at once.

use super::{print_findings, ProjectArgs, EXIT_FATAL, EXIT_FINDINGS, EXIT_OK};
use crate::diag::Finding;
use crate::pipeline::{self, Fatal};
use crate::write::Stage;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a successful build produced.
#[derive(Debug)]
pub struct Built {
    pub site_files: usize,
    pub report_files: usize,
    pub warnings: Vec<Finding>,
    pub output: PathBuf,
}

/// Why a build did not change the output.
#[derive(Debug)]
pub enum BuildError {
    Fatal(String),
    Findings(Vec<Finding>),
}

/// Load, check, render, guard and write. On any error `output` is left as it was.
pub fn build(
    args: &ProjectArgs,
    output: Option<&Path>,
    progress: &indicatif::ProgressBar,
) -> Result<Built, BuildError> {
    build_kept(args, output, progress).map(|(b, _)| b)
}

/// [`build`], also handing back the project it built (`serve` keeps it for page edits).
pub fn build_kept(
    args: &ProjectArgs,
    output: Option<&Path>,
    progress: &indicatif::ProgressBar,
) -> Result<(Built, pipeline::Project), BuildError> {
    progress.set_message("Загрузка проекта…");
    let (project, mut findings) =
        pipeline::load(&args.root, args.as_of).map_err(|Fatal(m)| BuildError::Fatal(m))?;
    let Some(project) = project else {
        return Err(BuildError::Findings(
            findings.with_columns(&args.root).sorted(),
        ));
    };
    progress.set_message("Проверка…");
    findings.extend(pipeline::check(&project));
    if findings.has_errors() {
        return Err(BuildError::Findings(
            findings.with_columns(&args.root).sorted(),
        ));
    }
    let out_dir = output.map_or_else(|| project.root.join("output"), Path::to_path_buf);
    crate::write::folder::check_placement(&project.root, &out_dir)
        .map_err(|e| BuildError::Fatal(e.to_string()))?;
    let stage = Stage::new(&out_dir, pipeline::guard(&project))
        .map_err(|e| BuildError::Fatal(e.to_string()))?;
    progress.set_message(format!(
        "Отрисовка и запись {} страниц…",
        project.site.pages.len()
    ));
    // On error the stage is dropped and removed: the old output stays untouched.
    let findings = findings.with_columns(&args.root).sorted();
    let rendered = pipeline::render(&project, &findings, &stage).map_err(BuildError::Findings)?;
    stage
        .commit()
        .map_err(|e| BuildError::Fatal(e.to_string()))?;
    Ok((
        Built {
            site_files: rendered.site_pages,
            report_files: rendered.reports,
            warnings: findings,
            output: out_dir,
        },
        project,
    ))
}

/// A spinner on stderr (hidden when stderr is not a terminal).
pub fn spinner() -> indicatif::ProgressBar {
    let pb = indicatif::ProgressBar::new_spinner();
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb
}

pub fn run(args: &ProjectArgs, output: Option<&Path>) -> i32 {
    let started = Instant::now();
    let pb = spinner();
    let result = build(args, output, &pb);
    pb.finish_and_clear();
    match result {
        Ok(b) => {
            print_findings(&b.warnings);
            eprintln!(
                "Готово: {} сайта — откройте {}; {} — {} ({:.2} с).",
                crate::format::count_ru(b.site_files as i64, "страница", "страницы", "страниц"),
                b.output.join("site").join("index.html").display(),
                crate::format::count_ru(b.report_files as i64, "отчёт", "отчёта", "отчётов"),
                b.output.join("reports").join("index.html").display(),
                started.elapsed().as_secs_f64()
            );
            EXIT_OK
        }
        Err(BuildError::Findings(f)) => {
            print_findings(&f);
            let shown = output.map_or_else(|| "output/".to_string(), |o| o.display().to_string());
            eprintln!("Сборка остановлена из-за ошибок; папка {shown} не изменена.");
            EXIT_FINDINGS
        }
        Err(BuildError::Fatal(m)) => {
            eprintln!("vypusk: {m}");
            EXIT_FATAL
        }
    }
}
