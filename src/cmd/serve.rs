//! `vypusk serve`: build, serve on 127.0.0.1, rebuild on change and reload the open page.
//!
//! A failed rebuild keeps the last good output on disk (the build is all-or-nothing) and
//! shows its error over the page in the browser.

use super::build::{build, BuildError};
use super::{print_findings, ProjectArgs, EXIT_FATAL};
use notify::{RecursiveMode, Watcher};
use std::path::{Component, Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// Build state shared between the watcher and the HTTP server.
#[derive(Debug, Default)]
struct State {
    /// Bumped on every rebuild, good or bad; the page reloads when it changes.
    version: u64,
    /// Text of the last failed build, shown over the page.
    error: Option<String>,
}

const STATUS_PATH: &str = "/__vypusk/status";

/// Injected into served HTML only (never into `output/`): polls the status and reloads.
const RELOAD_SCRIPT: &str = r#"<script>(function(){var v=null;function show(t){var o=document.getElementById('__vypusk_error');if(!t){if(o)o.remove();return}if(!o){o=document.createElement('pre');o.id='__vypusk_error';o.setAttribute('role','alert');o.style.cssText='position:fixed;left:0;right:0;bottom:0;max-height:50%;overflow:auto;margin:0;padding:1rem;background:#fff4f4;color:#6b0000;border-top:4px solid #b00020;z-index:2147483647;white-space:pre-wrap;font:0.9rem/1.4 monospace';document.body.appendChild(o)}o.textContent='Сборка не удалась — показана последняя удачная версия.\n\n'+t}function poll(){fetch('/__vypusk/status',{cache:'no-store'}).then(function(r){return r.json()}).then(function(s){if(v!==null&&s.version!==v){location.reload();return}v=s.version;show(s.error)}).catch(function(){}).then(function(){setTimeout(poll,700)})}poll()})();</script>"#;

pub fn run(args: &ProjectArgs, port: u16, output: Option<&Path>) -> i32 {
    let out_dir = output.map_or_else(|| args.root.join("output"), Path::to_path_buf);
    let state = Arc::new(Mutex::new(State::default()));
    rebuild(args, output, &state);

    let server = match tiny_http::Server::http(("127.0.0.1", port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("vypusk: не удалось открыть порт {port}: {e}. Укажите другой: --port 8080.");
            return EXIT_FATAL;
        }
    };
    let (tx, rx) = mpsc::channel();
    let mut watcher =
        match notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
            if let Ok(ev) = res {
                let _ = tx.send(ev);
            }
        }) {
            Ok(w) => w,
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
    let _ = watcher.watch(&root, RecursiveMode::NonRecursive);
    watch_sources(&mut watcher, &root);

    {
        let (args, output, state) = (
            args.clone(),
            output.map(Path::to_path_buf),
            Arc::clone(&state),
        );
        std::thread::spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut changed = vec![first];
                // Editors write in bursts: wait until it is quiet, then rebuild once.
                while let Ok(ev) = rx.recv_timeout(Duration::from_millis(150)) {
                    changed.push(ev);
                }
                let relevant = changed
                    .iter()
                    .filter(|e| !e.kind.is_access())
                    .flat_map(|e| e.paths.iter())
                    .any(|p| is_source(&root, p));
                watch_sources(&mut watcher, &root);
                if !relevant {
                    continue;
                }
                eprintln!("Изменены файлы — пересборка…");
                rebuild(&args, output.as_deref(), &state);
            }
        });
    }

    eprintln!(
        "Сайт: http://127.0.0.1:{port}/  (отчёты: http://127.0.0.1:{port}/_reports/)\nСлежу за изменениями в content/, data/, themes/, templates/, static/ и vypusk.yaml. Остановить: Ctrl+C."
    );
    for request in server.incoming_requests() {
        let response = respond(request.url(), &out_dir, &state);
        let _ = request.respond(response);
    }
    0
}

/// Folders whose changes trigger a rebuild (besides `vypusk.yaml`).
const SOURCE_DIRS: [&str; 5] = ["content", "data", "themes", "templates", "static"];

fn watch_sources(watcher: &mut notify::RecommendedWatcher, root: &Path) {
    for name in SOURCE_DIRS {
        let p = root.join(name);
        if p.is_dir() {
            let _ = watcher.watch(&p, RecursiveMode::Recursive);
        }
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

fn rebuild(args: &ProjectArgs, output: Option<&Path>, state: &Mutex<State>) {
    let pb = indicatif::ProgressBar::hidden();
    let result = build(args, output, &pb);
    let error = match result {
        Ok(b) => {
            print_findings(&b.warnings);
            eprintln!(
                "Собрано: {}.",
                crate::format::count_ru(b.site_files as i64, "страница", "страницы", "страниц")
            );
            None
        }
        Err(BuildError::Findings(f)) => {
            print_findings(&f);
            Some(
                f.iter()
                    .map(|f| f.to_string())
                    .collect::<Vec<_>>()
                    .join("\n\n"),
            )
        }
        Err(BuildError::Fatal(m)) => {
            eprintln!("vypusk: {m}");
            Some(m)
        }
    };
    if let Ok(mut s) = state.lock() {
        s.version += 1;
        s.error = error;
    }
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn respond(url: &str, out_dir: &Path, state: &Mutex<State>) -> Response {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == STATUS_PATH {
        let (version, error) = state
            .lock()
            .map(|s| (s.version, s.error.clone()))
            .unwrap_or((0, None));
        let body = serde_json::json!({ "version": version, "error": error }).to_string();
        return with_type(
            tiny_http::Response::from_data(body.into_bytes()),
            "application/json",
        );
    }
    let (base, rest) = match path.strip_prefix("/_reports") {
        Some(r) => (out_dir.join("reports"), r),
        None => (out_dir.join("site"), path),
    };
    match resolve(&base, rest) {
        Some(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let ctype = content_type(&file);
                let bytes = if ctype.starts_with("text/html") {
                    inject(bytes)
                } else {
                    bytes
                };
                with_type(tiny_http::Response::from_data(bytes), ctype)
            }
            Err(_) => not_found(),
        },
        None => not_found(),
    }
}

fn not_found() -> Response {
    let body = format!("<!doctype html><html lang=\"ru\"><meta charset=\"utf-8\"><title>Страница не найдена</title><body><h1>Страница не найдена</h1><p><a href=\"/\">На главную</a></p>{RELOAD_SCRIPT}</body></html>");
    with_type(
        tiny_http::Response::from_data(body.into_bytes()),
        "text/html; charset=utf-8",
    )
    .with_status_code(404)
}

fn with_type(r: Response, ctype: &str) -> Response {
    match tiny_http::Header::from_bytes(&b"Content-Type"[..], ctype.as_bytes()) {
        Ok(h) => r.with_header(h),
        Err(()) => r,
    }
}

/// URL path → file under `base`; `None` for anything that would leave it.
fn resolve(base: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = crate::render::markdown::percent_decode(url_path)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut p = base.join(rel);
    if p.is_dir() {
        p = p.join("index.html");
    }
    p.is_file().then_some(p)
}

fn inject(bytes: Vec<u8>) -> Vec<u8> {
    let html = String::from_utf8_lossy(&bytes);
    match html.rfind("</body>") {
        Some(i) => format!("{}{RELOAD_SCRIPT}{}", &html[..i], &html[i..]).into_bytes(),
        None => format!("{html}{RELOAD_SCRIPT}").into_bytes(),
    }
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "ics" => "text/calendar; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_refuses_traversal() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("index.html"), "x").unwrap();
        assert!(resolve(d.path(), "/").is_some());
        assert!(resolve(d.path(), "/../etc/passwd").is_none());
        assert!(resolve(d.path(), "/%2e%2e/x").is_none());
    }

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
    fn script_goes_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body>x</body></html>".to_vec())).unwrap();
        assert!(out.contains("x<script>"));
        assert!(out.ends_with("</script></body></html>"));
    }
}
