//! Accessibility and HTML validity of the built example, checked as the reference asks:
//! axe-core (WCAG 2.1 A/AA rules) in headless Chromium on every public page, and the Nu HTML
//! checker on every page and report. The tools come from npm (`.ci/run` installs them into
//! `target/tools`); where one is missing the test names it and skips (a `SKIPPED` line in
//! plain `cargo test` output), and fails under `CI=true`.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tool(rel: &str) -> Option<PathBuf> {
    let p = example_root().join("target/tools/node_modules").join(rel);
    p.is_file().then_some(p)
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    v.sort();
    v
}

#[test]
fn public_pages_pass_axe_wcag_aa() {
    let (axe, chrome) = (tool("axe-core/axe.min.js"), chromium());
    let missing: Vec<&str> = [
        (axe.is_none(), "axe-core (target/tools/node_modules)"),
        (chrome.is_none(), "Chromium"),
    ]
    .into_iter()
    .filter_map(|(m, name)| m.then_some(name))
    .collect();
    let (Some(axe), Some(chrome)) = (axe, chrome) else {
        skip_or_fail(
            under_ci(),
            "public_pages_pass_axe_wcag_aa",
            &missing.join(" and "),
        );
        return;
    };
    let axe = std::fs::read_to_string(axe).unwrap();
    let d = built_example();
    let profile = d.path().join("chrome-profile");
    let pages = html_files(&d.path().join("output/site"));
    assert!(pages.len() > 10);
    // Every page as published, and two in the large-print, high-contrast version.
    let mut runs: Vec<(&PathBuf, bool)> = pages.iter().map(|p| (p, false)).collect();
    for p in &pages {
        let name = p.file_name().unwrap().to_string_lossy();
        if (name == "index.html" && p.parent() == Some(&d.path().join("output/site")))
            || name == "monitoring.html"
        {
            runs.push((p, true));
        }
    }
    assert_eq!(runs.len(), pages.len() + 2);
    let mut problems = Vec::new();
    for (page, large_print) in runs {
        let mut html = read(page);
        if large_print {
            let plain = "<html lang=\"ru\">";
            assert!(
                html.contains(plain),
                "{}: no {plain} to switch to large print",
                page.display()
            );
            html = html.replacen(plain, "<html lang=\"ru\" class=\"a11y\">", 1);
        }
        // The check runs inside a copy of the page, next to it so styles load as usual.
        let runner = format!(
            "<script>{axe}</script><script>axe.run(document,{{runOnly:{{type:'tag',values:['wcag2a','wcag2aa','wcag21a','wcag21aa']}}}}).then(function(r){{var p=document.createElement('pre');p.id='axe';p.textContent='AXE-RESULT'+JSON.stringify(r.violations.map(function(v){{return v.id+': '+v.help+' — '+v.nodes.map(function(n){{return n.target.join(' ')}}).slice(0,3).join(' | ')}}))+'END';document.body.appendChild(p)}});</script></body>"
        );
        let copy = page.with_file_name("__axe.html");
        std::fs::write(&copy, html.replacen("</body>", &runner, 1)).unwrap();
        let out = headless(&chrome, &profile)
            .args(["--virtual-time-budget=15000", "--dump-dom"])
            .arg(format!("file://{}", copy.display()))
            .output()
            .unwrap();
        let dom = String::from_utf8_lossy(&out.stdout);
        let result = dom
            .rsplit("AXE-RESULT")
            .next()
            .and_then(|r| r.split("END").next())
            .filter(|_| dom.contains("AXE-RESULT["))
            .unwrap_or_else(|| panic!("axe did not run on {}", page.display()));
        let violations: Vec<String> = serde_json::from_str(result).unwrap();
        for v in violations {
            problems.push(format!(
                "{}: {v}",
                page.strip_prefix(d.path()).unwrap().display()
            ));
        }
        std::fs::remove_file(copy).unwrap();
    }
    assert!(
        problems.is_empty(),
        "accessibility problems:\n{}",
        problems.join("\n")
    );
}

#[test]
fn pages_and_reports_are_valid_html() {
    let Some(vnu) = tool("vnu-jar/build/dist/vnu.jar") else {
        skip_or_fail(
            under_ci(),
            "pages_and_reports_are_valid_html",
            "the Nu HTML checker (vnu-jar in target/tools/node_modules)",
        );
        return;
    };
    let d = built_example();
    let out = Command::new("java")
        .arg("-jar")
        .arg(vnu)
        .args(["--errors-only", "--format", "gnu", "--skip-non-html"])
        .arg(d.path().join("output/site"))
        .arg(d.path().join("output/reports"))
        .output();
    let Ok(out) = out else {
        skip_or_fail(under_ci(), "pages_and_reports_are_valid_html", "java");
        return;
    };
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(
        out.status.success() && text.trim().is_empty(),
        "invalid HTML:\n{text}"
    );
}

#[test]
#[should_panic(expected = "CI=true")]
fn a_missing_tool_fails_under_ci() {
    skip_or_fail(true, "example", "a tool");
}
