//! Helpers shared by the integration tests.
#![allow(dead_code)]

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The repository root: it is the bundled example college.
pub fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copy the bundled example project into `dir`.
pub fn copy_example(dir: &Path) {
    let src = example_root();
    for sub in ["content", "data", "themes"] {
        for e in walkdir::WalkDir::new(src.join(sub)).into_iter().flatten() {
            let rel = e.path().strip_prefix(&src).unwrap();
            let to = dir.join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
    }
    std::fs::copy(src.join("vypusk.yaml"), dir.join("vypusk.yaml")).unwrap();
}

pub fn vypusk() -> Command {
    Command::cargo_bin("vypusk").unwrap()
}

/// `vypusk CMD --root ROOT`, finished.
pub fn run(cmd: &str, root: &Path) -> std::process::Output {
    vypusk().arg(cmd).arg("--root").arg(root).output().unwrap()
}

/// Every file under `dir` with its bytes, by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// stderr of a finished command as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// A copy of the example, built once with `vypusk build`.
pub fn built_example() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let out = run("build", d.path());
    assert!(out.status.success(), "{}", stderr(&out));
    d
}

/// Chromium installed on this machine, if any (CI installs Debian's `chromium`).
pub fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let out = std::process::Command::new("which")
                .arg(name)
                .output()
                .ok()?;
            out.status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        })
}

/// Headless Chromium as this workplace runs it: no sandbox (root), no GPU, no network
/// chatter, a fresh profile in `profile`.
pub fn headless(chrome: &Path, profile: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(chrome);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// Whether this run is CI (`CI=true`, as CI services and `.ci/run` set it): there a check
/// whose tool is missing fails instead of skipping, since CI installs every tool.
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false" | "no"))
}

/// A check that cannot run because `missing` is not installed: under CI a failure; elsewhere a
/// `SKIPPED` line written straight to the terminal — past the test harness's capture, so it
/// shows in a plain `cargo test` without `--nocapture`, next to the test's own `ok`.
pub fn skip_or_fail(ci: bool, test: &str, missing: &str) {
    if ci {
        panic!(
            "{test}: {missing} is not installed, and CI=true: CI must install it (bash .ci/run)."
        );
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "\nSKIPPED {test}: {missing} is not installed (bash .ci/run installs it; with CI=true this fails)."
    );
}
