//! `vypusk diff REV [REV2]`: what a month's update changed in the figures and the findings.
//!
//! Each side is loaded and checked in memory by the ordinary pipeline — REV from the files of
//! that commit (see [`crate::load::git`]), the newer side from REV2 or, by default, from the
//! work tree (the files as they are now, committed or not, as `git diff REV` does) — and the
//! two [`Snapshot`]s are compared by [`crate::compute::diff::diff`]. Nothing is written.

use super::{ProjectArgs, EXIT_FATAL, EXIT_OK};
use crate::compute::diff::{diff, ProjectDiff, Snapshot};
use crate::load::git;
use crate::pipeline;
use crate::render::diff::{report, Part, Style};
use clap::ValueEnum;
use jiff::civil::Date;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Текст для терминала
    Text,
    /// Markdown для комментария к запросу на слияние (merge request)
    Markdown,
}

/// What the newer side is called when it is the work tree.
pub const WORK_TREE: &str = "рабочая копия";

/// Load and check the project in `root` (nothing is written) and keep what a diff needs.
pub fn snapshot(root: &Path, as_of: Option<Date>) -> Result<Snapshot, String> {
    let (project, mut findings) = pipeline::load(root, as_of).map_err(|f| f.0)?;
    if let Some(p) = &project {
        findings.extend(pipeline::check(p));
        // As `check` does: what `build` would stop on, rendered in memory.
        if !findings.has_errors() {
            let so_far = findings.clone().sorted();
            findings.extend(pipeline::check_render(p, &so_far));
        }
    }
    let findings = findings.with_columns(root).sorted();
    let summary = project
        .as_ref()
        .map(|p| crate::compute::summary(&p.monitoring, &p.config, p.as_of));
    Ok(Snapshot { summary, findings })
}

/// The project in `root` as it was at revision `rev`, with its label (`HEAD~1 (a1b2c3d)`).
pub fn snapshot_at(
    root: &Path,
    rev: &str,
    as_of: Option<Date>,
) -> Result<(Snapshot, String), String> {
    let checkout = git::checkout(root, rev)?;
    let label = checkout.revision.label();
    let mut s = snapshot(checkout.root(), as_of)
        .map_err(|m| format!("версию {label} не удалось проверить: {m}"))?;
    // Messages name the project's own files; the temporary folder never shows.
    let tmp = checkout.root().display().to_string();
    for f in &mut s.findings {
        if f.message.contains(&tmp) {
            f.message = f.message.replace(&tmp, ".").into();
        }
    }
    Ok((s, label))
}

/// Compare the project in `root` at `from` with `to` (the work tree when `None`).
pub fn compare(
    root: &Path,
    from: &str,
    to: Option<&str>,
    as_of: Option<Date>,
) -> Result<(ProjectDiff, String, String), String> {
    if !root.is_dir() {
        return Err(format!("папка проекта «{}» не найдена.", root.display()));
    }
    // The older side first fails fast on a wrong revision or a folder outside git.
    git::prefix(root)?;
    git::resolve(root, from)?;
    let (old, new) = rayon::join(
        || snapshot_at(root, from, as_of),
        || match to {
            Some(rev) => snapshot_at(root, rev, as_of),
            None => snapshot(root, as_of).map(|s| (s, WORK_TREE.to_string())),
        },
    );
    let ((old, from_label), (new, to_label)) = (old?, new?);
    Ok((diff(&old, &new), from_label, to_label))
}

pub fn run(args: &ProjectArgs, from: &str, to: Option<&str>, format: DiffFormat) -> i32 {
    let style = match format {
        DiffFormat::Text => Style::Text,
        DiffFormat::Markdown => Style::Markdown,
    };
    if crate::region::is_region(&args.root) {
        return match crate::region::diff::compare_revisions(&args.root, from, to, args.as_of) {
            Ok((d, from_label, to_label)) => print(&crate::render::diff::region_report(
                &from_label,
                &to_label,
                &d,
                style,
            )),
            Err(m) => {
                eprintln!("vypusk: {m}");
                EXIT_FATAL
            }
        };
    }
    let (d, from_label, to_label) = match compare(&args.root, from, to, args.as_of) {
        Ok(x) => x,
        Err(m) => {
            eprintln!("vypusk: {m}");
            return EXIT_FATAL;
        }
    };
    let text = report(
        &from_label,
        &to_label,
        &[Part {
            title: None,
            diff: &d,
        }],
        style,
    );
    print(&text)
}

fn print(text: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        eprintln!("vypusk: {}", crate::diag::io_error_ru(&e));
        return EXIT_FATAL;
    }
    EXIT_OK
}
