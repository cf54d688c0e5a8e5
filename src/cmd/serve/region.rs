//! `vypusk serve` over a region: the first build is the full one, then each change rebuilds
//! only the college it is in (or the regional files), see [`crate::region::incremental`].

use super::{Log, Status};
use crate::diag::{Finding, Severity};
use crate::format::count_ru;
use crate::region::build::RegionError;
use crate::region::incremental::{Incremental, Scope, Updated};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

pub(super) struct RegionServe {
    root: PathBuf,
    out_dir: PathBuf,
    inc: Incremental,
}

impl RegionServe {
    pub fn new(root: &Path, as_of: Option<jiff::civil::Date>, out_dir: &Path) -> RegionServe {
        RegionServe {
            root: root.to_path_buf(),
            out_dir: out_dir.to_path_buf(),
            inc: Incremental::new(root, as_of, out_dir),
        }
    }

    /// Folders to watch recursively: every folder of the region but its output and hidden
    /// ones (the colleges among them), and colleges listed from elsewhere.
    pub fn watch_dirs(&self) -> Vec<PathBuf> {
        let out = std::fs::canonicalize(&self.out_dir).unwrap_or_else(|_| self.out_dir.clone());
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&self.root)
            .map(|rd| {
                rd.flatten()
                    .filter(|e| e.path().is_dir())
                    .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                    .map(|e| e.path())
                    .filter(|p| std::fs::canonicalize(p).map_or(true, |c| c != out))
                    .collect()
            })
            .unwrap_or_default();
        for c in self.inc.colleges() {
            if !c.root.starts_with(&self.root) {
                dirs.push(c.root.clone());
            }
        }
        dirs.sort();
        dirs
    }

    pub fn scope(&self, paths: &[PathBuf]) -> Scope {
        self.inc.scope_of(paths)
    }

    /// Bring the output up to date with `scope`, report in the terminal and to the browser.
    pub fn rebuild(
        &mut self,
        scope: &Scope,
        status: &Mutex<Status>,
        changed: &tokio::sync::watch::Sender<u64>,
        log: &mut Log,
    ) {
        let first = log.shown.is_none() && log.fatal.is_none();
        let started = Instant::now();
        let result = self.inc.update(scope);
        let secs = started.elapsed().as_secs_f64();
        let error = match result {
            Ok(u) => {
                log.fatal = None;
                let findings = self.findings();
                let (new, gone) = log.update(&findings);
                super::print_new(&new, first);
                if let Some(checked) = self.inc.checked() {
                    for c in checked.failing() {
                        if first || u.rebuilt.contains(&c.college.id) {
                            eprintln!("{}", crate::region::check::college_line(c));
                        }
                    }
                }
                eprintln!(
                    "{} за {secs:.2} с{}: {}; {}{}.",
                    if first {
                        "Собрано"
                    } else {
                        "Пересобрано"
                    },
                    what(&u, scope),
                    count_ru(u.site_pages as i64, "страница", "страницы", "страниц"),
                    count_ru(
                        findings
                            .iter()
                            .filter(|f| f.severity == Severity::Warning)
                            .count() as i64,
                        "предупреждение",
                        "предупреждения",
                        "предупреждений"
                    ),
                    super::changes(first, new.len(), gone)
                );
                None
            }
            Err(RegionError::Findings(f)) => {
                log.fatal = None;
                super::print_new(&f.iter().collect::<Vec<_>>(), true);
                eprintln!(
                    "Сборка региона не удалась ({secs:.2} с): {}; в браузере — последняя удачная версия.",
                    count_ru(
                        f.iter().filter(|f| f.severity == Severity::Error).count() as i64,
                        "ошибка",
                        "ошибки",
                        "ошибок"
                    ),
                );
                Some(super::error_text(&f))
            }
            Err(RegionError::Fatal(m)) => Some(log.fatal_error(m, secs)),
        };
        super::publish(status, changed, error);
    }

    /// Every finding of the region, with paths from its folder.
    fn findings(&self) -> Vec<Finding> {
        let Some(checked) = self.inc.checked() else {
            return Vec::new();
        };
        let mut all = checked.own.clone();
        for c in &checked.colleges {
            all.extend(c.findings_from_region());
        }
        all
    }
}

/// ` (колледж ppk и обзор региона; записано 3 файла)`: what a partial rebuild redid.
fn what(u: &Updated, scope: &Scope) -> String {
    if u.full {
        return format!(
            " (весь регион: {})",
            count_ru(u.rebuilt.len() as i64, "колледж", "колледжа", "колледжей")
        );
    }
    let mut parts = Vec::new();
    if !u.pages.is_empty() {
        parts.push(format!("страницы колледжа {}", u.pages.join(", ")));
    }
    if !u.rebuilt.is_empty() {
        parts.push(format!("колледж {}", u.rebuilt.join(", ")));
    }
    parts.push(if scope.region {
        "настройки и обзор региона".to_string()
    } else {
        "обзор региона".to_string()
    });
    format!(
        " ({}; записано {}, удалено {})",
        parts.join(", "),
        count_ru(u.written as i64, "файл", "файла", "файлов"),
        u.removed
    )
}
