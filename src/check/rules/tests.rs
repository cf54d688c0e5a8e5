//! The registries against the source: what is emitted is registered, what is registered is
//! tested. The source is read as text, so an id that reaches a finding in any way — a
//! constructor `Finding::error("id", …)` or an id literal handed along in a tuple or a field —
//! is seen.

use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Registered rules that no test plants yet. The test below fails when one of them gets a test
/// (so the list only shrinks) and when a rule outside the list has none.
///
/// These are safety nets a test cannot reach without faking the machine: a theme file the
/// operating system refuses to read (tests run as root here, who reads everything), a form
/// workbook the xlsx writer fails to write, and a hidden small number the publication's own
/// audit would let through (the audit has its tests in `compute::publication`).
const NOT_YET_PLANTED: &[&str] = &["theme.unreadable", "render.workbook", "privacy.disclosure"];

/// A file's code outside tests and its test code.
struct Source {
    path: String,
    code: String,
    test: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["src", "tests"] {
        for e in walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let p = e.path();
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = crate::diag::rel_path(root, p);
            // This module and these tests quote ids of their own; they neither emit nor plant them.
            if rel == "src/check/rules.rs" || rel == "src/check/rules/tests.rs" {
                continue;
            }
            let text = std::fs::read_to_string(p).expect("source is UTF-8");
            let all_test = dir == "tests"
                || rel.ends_with("/tests.rs")
                || rel.contains("/tests/")
                || rel.starts_with("src/check/rules/");
            let (code, test) = if all_test {
                (String::new(), text)
            } else {
                match text.find("#[cfg(test)]") {
                    Some(i) => (text[..i].to_string(), text[i..].to_string()),
                    None => (text, String::new()),
                }
            };
            out.push(Source {
                path: rel,
                code,
                test,
            });
        }
    }
    assert!(out.len() > 100, "the sources were not found");
    out
}

/// `(id, severity)` of every `Finding::error/warning/info("id", …)` in `code`.
fn constructed(code: &str) -> Vec<(&str, Severity)> {
    let mut out = Vec::new();
    for (name, sev) in [
        ("Finding::error(", Severity::Error),
        ("Finding::warning(", Severity::Warning),
        ("Finding::info(", Severity::Info),
    ] {
        for (i, _) in code.match_indices(name) {
            let rest = code[i + name.len()..].trim_start();
            if let Some(lit) = rest.strip_prefix('"') {
                if let Some(end) = lit.find('"') {
                    out.push((&lit[..end], sev));
                }
            }
        }
    }
    out
}

/// Every string literal in `code` shaped like a rule id of a registered family
/// (`family.name`), file names aside.
fn id_literals<'a>(code: &'a str, families: &BTreeSet<&str>) -> Vec<&'a str> {
    const FILE_EXTENSIONS: &[&str] = &[
        "yaml", "yml", "csv", "ics", "html", "xlsx", "xls", "ods", "md", "json", "svg", "css",
        "js", "txt", "pdf", "xml", "toml", "png", "jpg", "zip", "rs", "ttf", "woff2",
    ];
    let mut out = Vec::new();
    for (i, _) in code.match_indices('"') {
        let rest = &code[i + 1..];
        let len = rest
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'))
            .unwrap_or(rest.len());
        if !rest[len..].starts_with('"') {
            continue;
        }
        let lit = &rest[..len];
        let Some((family, name)) = lit.split_once('.') else {
            continue;
        };
        if name.is_empty() || name.contains('.') || FILE_EXTENSIONS.contains(&name) {
            continue;
        }
        if families.contains(family) {
            out.push(lit);
        }
    }
    out
}

fn registered() -> BTreeMap<&'static str, &'static Rule> {
    all().into_iter().map(|r| (r.id, r)).collect()
}

#[test]
fn ids_are_unique_well_formed_and_explained() {
    let rules = all();
    let ids: BTreeSet<&str> = rules.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), rules.len(), "an id is registered twice");
    assert!(rules.len() > 140, "{}", rules.len());
    for r in &rules {
        let (family, name) = r.id.split_once('.').expect("family.name");
        let kebab = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        };
        assert!(kebab(family) && kebab(name), "{}", r.id);
        assert!(
            r.about.chars().next().is_some_and(|c| !c.is_lowercase()),
            "{}: «{}» starts with a capital",
            r.id,
            r.about
        );
        let text = explain(r);
        assert!(text.contains(r.about) && text.contains(r.id), "{text}");
        assert!(text.contains(r.severity.label_ru()), "{text}");
        // Every rule shows what it reports, like `rustc --explain`.
        assert!(!r.example.trim().is_empty(), "{}: no example", r.id);
        assert!(
            text.contains(&format!("Пример:\n  {}", r.example)),
            "{text}"
        );
        if !r.seed.is_empty() {
            assert!(
                r.seed.starts_with("Задача "),
                "{}: seed names its task",
                r.id
            );
            assert!(text.contains(r.seed), "{text}");
        }
    }
    let listed = list();
    for r in &rules {
        assert!(listed.contains(r.id), "{} missing from the list", r.id);
    }
    assert_eq!(
        find("track.conscription-window").map(|r| r.id),
        Some("track.conscription-window")
    );
    assert!(find("track.no-such-rule").is_none());
}

#[test]
fn every_emitted_id_is_registered_at_its_severity() {
    let reg = registered();
    let families: BTreeSet<&str> = reg
        .keys()
        .filter_map(|id| id.split_once('.'))
        .map(|(f, _)| f)
        .collect();
    let mut problems = Vec::new();
    let mut seen = 0;
    for s in sources() {
        for (id, sev) in constructed(&s.code) {
            seen += 1;
            match reg.get(id) {
                None => problems.push(format!("{}: «{id}» is emitted but not registered", s.path)),
                Some(r) if r.severity != sev => problems.push(format!(
                    "{}: «{id}» is emitted as {sev:?}, registered as {:?}",
                    s.path, r.severity
                )),
                Some(_) => {}
            }
        }
        for id in id_literals(&s.code, &families) {
            if !reg.contains_key(id) {
                problems.push(format!(
                    "{}: «{id}» looks like a rule id but is not registered",
                    s.path
                ));
            }
        }
    }
    assert!(seen > 200, "the constructors were not found: {seen}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_registered_id_is_planted_by_a_test() {
    let tests: String = sources().into_iter().map(|s| s.test).collect();
    let mut untested = Vec::new();
    let mut now_tested = Vec::new();
    for id in registered().keys() {
        // As a literal, or as printed: `ошибка [id]`.
        let planted = tests.contains(&format!("\"{id}\"")) || tests.contains(&format!("[{id}]"));
        match (planted, NOT_YET_PLANTED.contains(id)) {
            (false, false) => untested.push(*id),
            (true, true) => now_tested.push(*id),
            _ => {}
        }
    }
    assert!(
        untested.is_empty(),
        "no test plants these rules (assert the id where the test plants it):\n{}",
        untested.join("\n")
    );
    assert!(
        now_tested.is_empty(),
        "these rules have a test now: remove them from NOT_YET_PLANTED:\n{}",
        now_tested.join("\n")
    );
}

#[test]
fn the_scanners_see_what_they_should() {
    let code = r#"Finding::warning(
            "track.x",
            place) Finding::error(rule, p) ("opk.bad-inn", msg) "plan.yaml" "data.opk" "a.b.c""#;
    assert_eq!(constructed(code), [("track.x", Severity::Warning)]);
    let families = BTreeSet::from(["track", "opk", "plan"]);
    assert_eq!(id_literals(code, &families), ["track.x", "opk.bad-inn"]);
}
