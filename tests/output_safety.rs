//! vypusk deletes only what it wrote: the output folder's manifest, refused placements, and
//! the leftovers of killed builds.

mod common;
use common::*;
use std::path::Path;

fn build_into(root: &Path, out: &Path) -> std::process::Output {
    vypusk()
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap()
}

#[test]
fn a_folder_with_foreign_files_is_refused_and_kept() {
    let d = built_example();
    // A web root that once received a copy of vypusk's output, marker included.
    let web = d.path().join("www");
    std::fs::create_dir_all(web.join("news")).unwrap();
    std::fs::write(web.join(".vypusk-output"), "vypusk\n").unwrap();
    std::fs::write(web.join("news/index.html"), "новости").unwrap();
    let before = tree(&web);
    let out = build_into(d.path(), &web);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("news/"), "{err}");
    assert!(err.contains("vypusk не создавал"), "{err}");
    assert_eq!(tree(&web), before);

    // The project's own output: a second build is fine, a file added by hand stops the third.
    let output = d.path().join("output");
    assert!(output.join(".vypusk-manifest").is_file());
    let out = run("build", d.path());
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(output.join("site/my-page.html"), "моя").unwrap();
    let before = tree(&output);
    let out = run("build", d.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("site/my-page.html"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(&output), before);
}

#[test]
fn output_inside_sources_or_around_the_project_is_refused() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("college");
    std::fs::create_dir_all(&root).unwrap();
    copy_example(&root);
    let sources = tree(&root);
    for bad in [
        "content/pub",
        "data/out",
        "themes/x",
        ".git/o",
        "static",
        ".",
    ] {
        let out = build_into(&root, &root.join(bad));
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("нельзя сделать папкой результата"),
            "{bad}: {}",
            stderr(&out)
        );
    }
    let out = build_into(&root, d.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("содержит сам проект"));
    assert_eq!(tree(&root), sources, "nothing written into the project");
}

#[test]
fn leftovers_of_killed_builds_are_removed_by_name_and_marker() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    // A pid far above any pid_max: that process is certainly not running.
    let ours = d.path().join(".vypusk-tmp-output-4000000000");
    let old = d.path().join(".vypusk-old-output-4000000001");
    let foreign = d.path().join(".vypusk-tmp-output-4000000002");
    for dir in [&ours, &old, &foreign] {
        std::fs::create_dir_all(dir.join("site")).unwrap();
        std::fs::write(dir.join("site/index.html"), "x").unwrap();
    }
    std::fs::write(ours.join(".vypusk-output"), "vypusk\n").unwrap();
    std::fs::write(old.join(".vypusk-output"), "vypusk\n").unwrap();
    let out = run("build", d.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!ours.exists());
    assert!(!old.exists());
    assert!(foreign.exists(), "a folder without the marker is not ours");
}

#[test]
fn no_file_silently_replaces_another() {
    let d = built_example();
    let output = tree(&d.path().join("output"));
    let page = std::fs::read_dir(d.path().join("content"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".md") && !n.starts_with('_'))
        .unwrap();
    let stem = page.strip_suffix(".md").unwrap();
    let c = d.path().join("content");
    std::fs::write(c.join(format!("{stem}.html")), "<script>alert(1)</script>").unwrap();
    std::fs::create_dir_all(c.join("static")).unwrap();
    std::fs::write(c.join("static/style.css"), "body{}").unwrap();
    let upper = format!("{}{}", stem[..1].to_uppercase(), &stem[1..]);
    std::fs::copy(c.join(&page), c.join(format!("{upper}.md"))).unwrap();
    let out = run("build", d.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("content/{stem}.html")) && err.contains(&format!("content/{page}")),
        "{err}"
    );
    assert!(
        err.contains("content/static/style.css") && err.contains("static/style.css, что и"),
        "{err}"
    );
    assert!(
        err.contains("[site.output-case]") && err.contains(&format!("content/{upper}.md")),
        "{err}"
    );
    assert_eq!(tree(&d.path().join("output")), output, "output untouched");
}

#[test]
fn many_findings_are_counted_per_rule_and_listed_in_full_in_json() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let tracks = d.path().join("data/monitoring/tracks-2023.csv");
    let mut text = read(&tracks);
    for _ in 0..260 {
        text.push_str("2023-002;07.08.2023;факт;ЦЗН;;;;;\n");
    }
    std::fs::write(&tracks, text).unwrap();
    let out = run("build", d.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let shown = err.matches("[track.czn-document]").count();
    assert!((20..=22).contains(&shown), "{shown} shown\n{err}");
    assert!(
        err.contains("[track.czn-document]: показаны первые 20 из 26"),
        "{err}"
    );
    assert!(err.contains("findings.json"), "{err}");

    let reports = d.path().join("output/reports");
    let html = read(reports.join("findings.html"));
    assert_eq!(html.matches(">track.czn-document</span>").count(), 200);
    assert!(html.contains("href=\"findings.json\""));
    let json: serde_json::Value =
        serde_json::from_str(&read(reports.join("findings.json"))).unwrap();
    let all = json["findings"].as_array().unwrap();
    assert!(
        all.iter()
            .filter(|f| f["rule"] == "track.czn-document")
            .count()
            >= 260
    );
}
