//! `vypusk serve`: build, serve on 127.0.0.1, rebuild on change and reload the open page.
//!
//! A failed rebuild keeps the last good output on disk (the build is all-or-nothing) and
//! shows its error over the page in the browser. The server is axum on a current-thread tokio
//! runtime (one officer, one browser: no need for more); builds run on their own thread, fed
//! by `notify-debouncer-full`, and tell open pages over a WebSocket to reload.

mod http;
mod region;

use super::build::{build_kept, BuildError};
use super::{print_findings, ProjectArgs, EXIT_FATAL};
use crate::diag::{Finding, Severity};
use notify_debouncer_full::notify::RecursiveMode;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// Folders whose changes trigger a rebuild (besides `vypusk.yaml`).
pub(crate) const SOURCE_DIRS: [&str; 5] = ["content", "data", "themes", "templates", "static"];

/// How long a connection may make no progress (reading a request, or taking our answer)
/// before it is closed, so that a stuck client ties up nothing. `VYPUSK_SERVE_TIMEOUT_MS`
/// shortens it for tests.
fn idle_timeout() -> Duration {
    std::env::var("VYPUSK_SERVE_TIMEOUT_MS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map_or(Duration::from_secs(15), Duration::from_millis)
}

/// Build state shared between the builder thread and the HTTP server.
#[derive(Debug, Default)]
pub(crate) struct Status {
    /// Bumped on every rebuild, good or bad; the page reloads when it changes.
    pub version: u64,
    /// Text of the last failed build, shown over the page.
    pub error: Option<String>,
}

pub fn run(args: &ProjectArgs, port: u16, output: Option<&Path>) -> i32 {
    let out_dir = output.map_or_else(|| args.root.join("output"), Path::to_path_buf);
    // An output inside a watched folder would trigger its own rebuild forever.
    if let Err(e) = crate::write::folder::check_placement(&args.root, &out_dir) {
        eprintln!("vypusk: {e}");
        return EXIT_FATAL;
    }
    let status = Arc::new(Mutex::new(Status::default()));
    let (changed_tx, _) = tokio::sync::watch::channel(0u64);
    let mut log = Log::default();
    // A college's project after its last good build: a page edit renders from it.
    let mut kept: Option<crate::page_edit::College> = None;
    // A region is rebuilt piece by piece: the college that changed, then the overview.
    let mut region = crate::region::is_region(&args.root)
        .then(|| region::RegionServe::new(&args.root, args.as_of, &out_dir));
    match &mut region {
        Some(r) => r.rebuild(
            &crate::region::incremental::Scope::everything(),
            &status,
            &changed_tx,
            &mut log,
        ),
        None => kept = rebuild(args, output, &status, &changed_tx, &mut log),
    }

    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "vypusk: не удалось запустить сервер: {}",
                crate::diag::io_error_ru(&e)
            );
            return EXIT_FATAL;
        }
    };
    let listener = match runtime.block_on(tokio::net::TcpListener::bind(("127.0.0.1", port))) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "vypusk: не удалось открыть порт {port}: {}. Укажите другой: --port 8080.",
                crate::diag::io_error_ru(&e)
            );
            return EXIT_FATAL;
        }
    };

    let is_region = region.is_some();
    let (tx, rx) = mpsc::channel();
    let mut debouncer =
        match notify_debouncer_full::new_debouncer(Duration::from_millis(150), None, tx) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("vypusk: не удалось следить за файлами: {e}");
                return EXIT_FATAL;
            }
        };
    // The root is watched without recursion, so that vypusk.yaml is followed even when an
    // editor replaces the file, and folders created later are noticed; the source folders
    // are watched recursively, and watched again after every change (a folder may have been
    // replaced). Everything else in the root, output/ above all, is ignored.
    let root = std::fs::canonicalize(&args.root).unwrap_or_else(|_| args.root.clone());
    let _ = debouncer.watch(&root, RecursiveMode::NonRecursive);
    match &region {
        Some(r) => watch_dirs(&mut debouncer, &r.watch_dirs()),
        None => watch_sources(&mut debouncer, &root),
    }

    {
        let (args, output, status, changed_tx) = (
            args.clone(),
            output.map(Path::to_path_buf),
            Arc::clone(&status),
            changed_tx.clone(),
        );
        std::thread::spawn(move || {
            while let Ok(batch) = rx.recv() {
                let Ok(events) = batch else { continue };
                let paths: Vec<PathBuf> = events
                    .iter()
                    .filter(|e| !e.event.kind.is_access())
                    .flat_map(|e| e.event.paths.iter().cloned())
                    .collect();
                if let Some(r) = &mut region {
                    let scope = r.scope(&paths);
                    watch_dirs(&mut debouncer, &r.watch_dirs());
                    if !scope.is_empty() {
                        r.rebuild(&scope, &status, &changed_tx, &mut log);
                    }
                    continue;
                }
                let sources: Vec<PathBuf> = paths
                    .iter()
                    .filter(|p| is_source(&root, p))
                    .map(|p| p.strip_prefix(&root).unwrap_or(p).to_path_buf())
                    .collect();
                watch_sources(&mut debouncer, &root);
                if sources.is_empty() {
                    continue;
                }
                if crate::page_edit::pages_only(&sources) {
                    if let Some(college) = &mut kept {
                        if pages_rebuilt(college, &status, &changed_tx, &mut log) {
                            continue;
                        }
                    }
                }
                kept = rebuild(&args, output.as_deref(), &status, &changed_tx, &mut log);
            }
        });
    }

    if is_region {
        eprintln!(
            "Сайт региона: http://127.0.0.1:{port}/  (отчёты: http://127.0.0.1:{port}/_reports/)\nСлежу за изменениями в папках колледжей и региона; пересобираю только изменившийся колледж и обзор. Остановить: Ctrl+C."
        );
    } else {
        eprintln!(
            "Сайт: http://127.0.0.1:{port}/  (отчёты: http://127.0.0.1:{port}/_reports/)\nСлежу за изменениями в content/, data/, themes/, templates/, static/ и vypusk.yaml. Остановить: Ctrl+C."
        );
    }
    let app = Arc::new(http::App {
        out_dir,
        port,
        status,
        changed: changed_tx,
        timeout: idle_timeout(),
    });
    match runtime.block_on(http::serve(listener, app)) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!(
                "vypusk: сервер остановился: {}",
                crate::diag::io_error_ru(&e)
            );
            EXIT_FATAL
        }
    }
}

fn watch_sources<T, C>(debouncer: &mut notify_debouncer_full::Debouncer<T, C>, root: &Path)
where
    T: notify_debouncer_full::notify::Watcher,
    C: notify_debouncer_full::FileIdCache,
{
    for name in SOURCE_DIRS {
        let p = root.join(name);
        if p.is_dir() {
            let _ = debouncer.watch(&p, RecursiveMode::Recursive);
        }
    }
}

fn watch_dirs<T, C>(debouncer: &mut notify_debouncer_full::Debouncer<T, C>, dirs: &[PathBuf])
where
    T: notify_debouncer_full::notify::Watcher,
    C: notify_debouncer_full::FileIdCache,
{
    for d in dirs {
        let _ = debouncer.watch(d, RecursiveMode::Recursive);
    }
}

/// Whether a changed path is one of the project's sources.
fn is_source(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut parts = rel.components();
    match parts.next().and_then(|c| c.as_os_str().to_str()) {
        Some(crate::config::CONFIG_FILE) => parts.next().is_none(),
        Some(first) => SOURCE_DIRS.contains(&first),
        None => false,
    }
}

/// What the terminal has shown: after the first build, a rebuild prints one summary line
/// and only the findings that appeared (three edits must not reprint every warning).
#[derive(Debug, Default)]
struct Log {
    shown: Option<BTreeSet<String>>,
    fatal: Option<String>,
}

impl Log {
    /// Remember `findings`; those not shown before (all of them the first time), and how
    /// many shown before are gone.
    fn update<'a>(&mut self, findings: &'a [Finding]) -> (Vec<&'a Finding>, usize) {
        let now: BTreeSet<String> = findings.iter().map(Finding::to_string).collect();
        let (new, gone) = match &self.shown {
            None => (findings.iter().collect(), 0),
            Some(before) => (
                findings
                    .iter()
                    .filter(|f| !before.contains(&f.to_string()))
                    .collect(),
                before.difference(&now).count(),
            ),
        };
        self.shown = Some(now);
        (new, gone)
    }
}

/// A page edit of a college: its pages rendered again from the project kept in memory.
/// `false` when the edit needs the full build.
fn pages_rebuilt(
    college: &mut crate::page_edit::College,
    status: &Mutex<Status>,
    changed: &tokio::sync::watch::Sender<u64>,
    log: &mut Log,
) -> bool {
    let started = Instant::now();
    match college.pages_changed() {
        Some(Ok(w)) => {
            let secs = started.elapsed().as_secs_f64();
            let findings = college.findings();
            let (new, gone) = log.update(findings);
            print_new(&new, false);
            eprintln!(
                "Пересобраны страницы за {secs:.2} с: {}; записано {}, удалено {}{}.",
                crate::format::count_ru(w.site_pages as i64, "страница", "страницы", "страниц"),
                crate::format::count_ru(w.written as i64, "файл", "файла", "файлов"),
                w.removed,
                changes(false, new.len(), gone)
            );
            publish(status, changed, None);
            true
        }
        Some(Err(m)) => {
            eprintln!("vypusk: {m} Собираю заново целиком.");
            false
        }
        None => false,
    }
}

/// Build fully; the project when the build succeeded.
fn rebuild(
    args: &ProjectArgs,
    output: Option<&Path>,
    status: &Mutex<Status>,
    changed: &tokio::sync::watch::Sender<u64>,
    log: &mut Log,
) -> Option<crate::page_edit::College> {
    let first = log.shown.is_none() && log.fatal.is_none();
    let started = Instant::now();
    let pb = indicatif::ProgressBar::hidden();
    let result = build_kept(args, output, &pb);
    let secs = started.elapsed().as_secs_f64();
    let count = |fs: &[Finding], s| fs.iter().filter(|f| f.severity == s).count() as i64;
    let mut kept = None;
    let error = match result {
        Ok((b, project)) => {
            log.fatal = None;
            let (new, gone) = log.update(&b.warnings);
            print_new(&new, first);
            eprintln!(
                "{} за {secs:.2} с: {}; {}{}.",
                if first {
                    "Собрано"
                } else {
                    "Пересобрано"
                },
                crate::format::count_ru(b.site_files as i64, "страница", "страницы", "страниц"),
                crate::format::count_ru(
                    count(&b.warnings, Severity::Warning),
                    "предупреждение",
                    "предупреждения",
                    "предупреждений"
                ),
                changes(first, new.len(), gone)
            );
            kept = Some(crate::page_edit::College::new(
                project,
                b.warnings.clone(),
                &b.output,
            ));
            None
        }
        Err(BuildError::Findings(f)) => {
            log.fatal = None;
            let (new, gone) = log.update(&f);
            print_new(&new, first);
            eprintln!(
                "Сборка не удалась ({secs:.2} с): {}{}; в браузере — последняя удачная версия.",
                crate::format::count_ru(count(&f, Severity::Error), "ошибка", "ошибки", "ошибок"),
                changes(first, new.len(), gone)
            );
            Some(error_text(&f))
        }
        Err(BuildError::Fatal(m)) => Some(log.fatal_error(m, secs)),
    };
    publish(status, changed, error);
    kept
}

/// What the browser shows over the page after a failed build: its first 50 errors.
fn error_text(findings: &[Finding]) -> String {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .take(50)
        .map(|f| f.to_string())
        .collect::<Vec<_>>()
        .join("\n\n")
}

impl Log {
    /// A build that could not start (settings unreadable…): printed once, «та же ошибка»
    /// when it repeats; the text for the browser.
    fn fatal_error(&mut self, m: String, secs: f64) -> String {
        if self.fatal.as_deref() != Some(m.as_str()) {
            eprintln!("vypusk: {m}");
        } else {
            eprintln!("Сборка не удалась ({secs:.2} с): та же ошибка.");
        }
        self.fatal = Some(m.clone());
        m
    }
}

/// Tell open pages that a rebuild happened (and its error, if it failed).
fn publish(
    status: &Mutex<Status>,
    changed: &tokio::sync::watch::Sender<u64>,
    error: Option<String>,
) {
    let version = match status.lock() {
        Ok(mut s) => {
            s.version += 1;
            s.error = error;
            s.version
        }
        Err(_) => return,
    };
    changed.send_replace(version);
}

/// The findings to print after a build: all on the first (capped per rule), new ones after.
fn print_new(new: &[&Finding], first: bool) {
    let owned: Vec<Finding> = new.iter().map(|f| (*f).clone()).collect();
    if first {
        print_findings(&owned);
    } else {
        for f in owned.iter().take(super::TERMINAL_PER_RULE) {
            eprintln!("{f}\n");
        }
        if owned.len() > super::TERMINAL_PER_RULE {
            eprintln!(
                "…и ещё {} новых замечаний (полный список: vypusk check).",
                owned.len() - super::TERMINAL_PER_RULE
            );
        }
    }
}

fn changes(first: bool, new: usize, gone: usize) -> String {
    if first {
        String::new()
    } else {
        format!("; новых замечаний {new}, исчезло {gone}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Place;

    #[test]
    fn only_sources_trigger_a_rebuild() {
        let root = Path::new("/p");
        assert!(is_source(root, Path::new("/p/vypusk.yaml")));
        assert!(is_source(root, Path::new("/p/content/a.md")));
        assert!(is_source(root, Path::new("/p/templates")));
        assert!(!is_source(root, Path::new("/p/output/site/index.html")));
        assert!(!is_source(root, Path::new("/p/.vypusk-tmp-output-1")));
        assert!(!is_source(root, Path::new("/p/vypusk.yaml.swp")));
    }

    #[test]
    fn a_rebuild_reports_only_changed_findings() {
        let a = Finding::warning("r", Place::line("x.csv", 1), "a");
        let b = Finding::warning("r", Place::line("x.csv", 2), "b");
        let c = Finding::warning("r", Place::line("x.csv", 3), "c");
        let mut log = Log::default();
        let first = [a.clone(), b.clone()];
        assert_eq!(log.update(&first).0.len(), 2);
        let second = [a.clone(), b.clone()];
        assert_eq!(log.update(&second), (vec![], 0));
        let third = [a.clone(), c.clone()];
        let (new, gone) = log.update(&third);
        assert_eq!(new, vec![&c]);
        assert_eq!(gone, 1);
    }
}
