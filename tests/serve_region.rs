//! `serve` over a region rebuilds only what changed, and its output is byte for byte what a
//! full `build` of the same sources makes: after a page edit, a data edit that makes a college
//! fail and one that makes it pass again, a change of the region's settings. A rebuild that
//! would publish a graduate's name fails and leaves the output as it was.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vypusk::region::build::RegionError;
use vypusk::region::incremental::{Incremental, Scope};

/// Every file under `dir` (relative path → bytes).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The output equals a full build of the same sources into a fresh folder.
fn assert_same_as_full(root: &Path, out: &Path, fresh: &Path, what: &str) {
    let _ = std::fs::remove_dir_all(fresh);
    if let Err(e) = vypusk::region::build::build(root, None, Some(fresh)) {
        panic!("full build after {what} failed: {e:?}");
    }
    let (a, b) = (tree(out), tree(fresh));
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "file lists differ after {what}");
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{path} differs from a full build after {what}"
        );
    }
}

/// The example region (`new --region`) in a temporary folder: (the folder, the region's root,
/// canonical as `serve` sees it).
fn scaffolded() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("region");
    vypusk::region::scaffold::scaffold_region(&root).unwrap();
    let root = std::fs::canonicalize(&root).unwrap();
    (d, root)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "no «{from}» in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn update(inc: &mut Incremental, paths: &[PathBuf]) -> vypusk::region::incremental::Updated {
    let scope = inc.scope_of(paths);
    inc.update(&scope)
        .unwrap_or_else(|e| panic!("update of {scope:?} failed: {e:?}"))
}

#[test]
fn incremental_output_equals_a_full_build_after_each_edit() {
    let (d, root) = scaffolded();
    let out = d.path().join("out");
    let fresh = d.path().join("fresh");
    let mut inc = Incremental::new(&root, None, &out);
    let first = inc.update(&Scope::everything()).unwrap();
    assert!(first.full);
    assert_eq!(first.rebuilt, ["ppk", "sks"], "ttt has errors in its data");
    assert_same_as_full(&root, &out, &fresh, "the first build");

    // A page's text and title: only ppk's pages are redone, a few files change.
    let page = root.join("colleges/ppk/content/partners.md");
    edit(&page, "title: \"Партнёры\"", "title: \"Наши партнёры\"");
    edit(&page, "Колледж заключил", "Колледж давно заключил");
    let u = update(&mut inc, std::slice::from_ref(&page));
    assert!(!u.full);
    assert_eq!(u.pages, ["ppk"], "{u:?}");
    assert!(u.rebuilt.is_empty(), "{u:?}");
    assert!(u.written >= 1 && u.written < 20, "{u:?}");
    assert!(std::fs::read_to_string(out.join("site/ppk/partners.html"))
        .unwrap()
        .contains("Колледж давно заключил"));
    assert_same_as_full(&root, &out, &fresh, "a page edit");

    // A page in a section retitled (the section's list shows titles) and a page added, then
    // removed: still pages only, and still what a full build makes.
    let section_page = root.join("colleges/ppk/content/graduates/rezyume.md");
    let text = std::fs::read_to_string(&section_page).unwrap();
    let title = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    edit(
        &section_page,
        &title,
        "title: \"Как написать хорошее резюме\"",
    );
    let added = root.join("colleges/ppk/content/graduates/novaya.md");
    std::fs::write(
        &added,
        "---\ntitle: \"Новая страница\"\npart: graduates\nupdated: \"01.12.2023\"\n---\n\nТекст новой страницы.\n",
    )
    .unwrap();
    let u = update(&mut inc, &[section_page.clone(), added.clone()]);
    assert_eq!(u.pages, ["ppk"], "{u:?}");
    assert!(out.join("site/ppk/graduates/novaya.html").is_file());
    assert_same_as_full(&root, &out, &fresh, "a page retitled and one added");
    std::fs::remove_file(&added).unwrap();
    let u = update(&mut inc, &[added]);
    assert_eq!(u.pages, ["ppk"], "{u:?}");
    assert!(u.removed >= 1, "{u:?}");
    assert!(!out.join("site/ppk/graduates/novaya.html").exists());
    assert_same_as_full(&root, &out, &fresh, "a page removed");

    // A page moved first in its section (the section's list and the navigation follow the
    // weights): only the pages whose view changed are rendered again, and the output is
    // still what a full build makes.
    edit(&section_page, "weight: 10", "weight: -5");
    let u = update(&mut inc, std::slice::from_ref(&section_page));
    assert_eq!(u.pages, ["ppk"], "{u:?}");
    assert_same_as_full(&root, &out, &fresh, "a page's weight changed");
    // The body alone: that page is written, nothing else of the site.
    edit(&section_page, "\n---\n", "\n---\n\nНовый первый абзац.\n");
    let u = update(&mut inc, std::slice::from_ref(&section_page));
    assert_eq!(u.written, 1, "{u:?}");
    assert_same_as_full(&root, &out, &fresh, "a page's text changed");

    // A page edit that adds a warning (an old update date): still pages only; the region's
    // findings.json, spliced from each college's kept part and ppk's made again, is what a
    // full build makes. Then the warning goes again.
    let findings = out.join("reports/findings.json");
    let before = std::fs::read(&findings).unwrap();
    edit(&page, "updated: \"01.09.2023\"", "updated: \"01.09.2021\"");
    let u = update(&mut inc, std::slice::from_ref(&page));
    assert_eq!(u.pages, ["ppk"], "{u:?}");
    let with_warning = std::fs::read_to_string(&findings).unwrap();
    assert!(
        with_warning.contains("\"file\": \"colleges/ppk/content/partners.md\""),
        "the new warning is not in findings.json"
    );
    assert_same_as_full(&root, &out, &fresh, "a page edit adding a warning");
    edit(&page, "updated: \"01.09.2021\"", "updated: \"01.09.2023\"");
    update(&mut inc, std::slice::from_ref(&page));
    assert_eq!(std::fs::read(&findings).unwrap(), before);
    assert_same_as_full(&root, &out, &fresh, "the warning gone");

    // A page that breaks a link (an error): the college is rebuilt whole and left out.
    let links = root.join("colleges/ppk/content/graduates/_index.md");
    edit(&links, "(czn.md)", "(net-takoy.md)");
    let u = update(&mut inc, std::slice::from_ref(&links));
    assert_eq!(u.rebuilt, ["ppk"], "{u:?}");
    assert!(!out.join("site/ppk").exists());
    assert_same_as_full(&root, &out, &fresh, "a broken link");
    edit(&links, "(net-takoy.md)", "(czn.md)");
    update(&mut inc, std::slice::from_ref(&links));
    assert_same_as_full(&root, &out, &fresh, "the link fixed");

    // sks's contingent stops matching: sks leaves the site, the overview lists it.
    let contingent = root.join("colleges/sks/data/monitoring/contingent-2023.yaml");
    edit(&contingent, "\"01\": 146", "\"01\": 246");
    let u = update(&mut inc, std::slice::from_ref(&contingent));
    assert_eq!(u.rebuilt, ["sks"]);
    assert!(u.removed > 0, "{u:?}");
    assert!(!out.join("site/sks").exists());
    assert_same_as_full(&root, &out, &fresh, "sks failing");

    // And back.
    edit(&contingent, "\"01\": 246", "\"01\": 146");
    update(&mut inc, std::slice::from_ref(&contingent));
    assert!(out.join("site/sks/index.html").is_file());
    assert_same_as_full(&root, &out, &fresh, "sks fixed");

    // The region's own settings: only the regional files.
    let config = root.join("vypusk.yaml");
    edit(&config, "Руководитель РБЦ", "Иванова Мария Петровна");
    let u = update(&mut inc, std::slice::from_ref(&config));
    assert!(!u.full && u.rebuilt.is_empty(), "{u:?}");
    assert_same_as_full(&root, &out, &fresh, "a change of the region's settings");

    // A graduate's name on a page: the update fails, nothing in the output changes.
    let before = tree(&out);
    let grads =
        std::fs::read_to_string(root.join("colleges/ppk/data/monitoring/graduates-2023.csv"))
            .unwrap();
    let name = grads.lines().nth(1).unwrap().split(';').nth(1).unwrap();
    edit(&page, "Колледж давно заключил", &format!("{name} заключил"));
    let scope = inc.scope_of(std::slice::from_ref(&page));
    match inc.update(&scope) {
        Err(RegionError::Findings(fs)) => assert!(
            fs.iter().any(|f| f.rule == "privacy.personal-data"),
            "{fs:?}"
        ),
        other => panic!("a graduate's name was published: {other:?}"),
    }
    assert!(tree(&out) == before, "a failed update changed the output");
    // Fixed, the next change of anything else brings the page back as well.
    edit(&page, &format!("{name} заключил"), "Колледж снова заключил");
    update(&mut inc, std::slice::from_ref(&config));
    assert_same_as_full(&root, &out, &fresh, "the name removed");
}

#[test]
fn only_sources_are_a_change() {
    // The folder lives to the test's end (dropping it removes the region).
    let (_dir, root) = scaffolded();
    let mut inc = Incremental::new(&root, None, &root.join("output"));
    inc.update(&Scope::everything()).unwrap();
    let scope = |p: &str| inc.scope_of(&[root.join(p)]);
    assert_eq!(
        scope("colleges/sks/data/monitoring/tracks-2023.csv")
            .colleges
            .into_iter()
            .collect::<Vec<_>>(),
        ["sks"]
    );
    assert!(scope("colleges/sks/output/site/index.html").is_empty());
    assert!(scope("output/site/index.html").is_empty());
    assert!(scope("vypusk.yaml").region);
    assert!(scope("colleges/new-college").everything);
}

/// A single college's `serve` takes the same page path: the edited page, the pages that
/// list it and the findings are rendered again from the project kept in memory, and the
/// output is what `vypusk build` makes.
#[test]
fn a_colleges_page_edit_equals_a_full_build() {
    use vypusk::cmd::{build::build_kept, ProjectArgs};
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("college");
    std::fs::create_dir(&root).unwrap();
    common::copy_example(&root);
    let out = d.path().join("out");
    let fresh = d.path().join("fresh");
    let args = ProjectArgs {
        root: root.clone(),
        as_of: None,
    };
    let pb = indicatif::ProgressBar::hidden();
    let (built, project) = build_kept(&args, Some(&out), &pb).unwrap();
    let mut college = vypusk::page_edit::College::new(project, built.warnings, &out);
    let page = root.join("content/graduates/rezyume.md");
    edit(
        &page,
        "title: \"Как составить резюме\"",
        "title: \"Резюме\"",
    );
    let w = college
        .pages_changed()
        .expect("a page edit takes the page path")
        .unwrap();
    assert!(w.written >= 1, "{w:?}");
    let _ = std::fs::remove_dir_all(&fresh);
    vypusk::cmd::build::build(&args, Some(&fresh), &pb).unwrap();
    assert!(
        tree(&out) == tree(&fresh),
        "the page edit's output differs from a full build"
    );
    // A broken link is an error: the page path declines, the caller builds fully.
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\n[Куда-то](net-takoy.md)\n")).unwrap();
    assert!(college.pages_changed().is_none());
}

/// A page edit does not look for the colleges again; a change in a college's own files does:
/// its settings file removed takes it out of the region, as a full build would.
#[test]
fn a_college_without_its_settings_leaves_the_region() {
    let (d, root) = scaffolded();
    let out = d.path().join("out");
    let fresh = d.path().join("fresh");
    let mut inc = Incremental::new(&root, None, &out);
    inc.update(&Scope::everything()).unwrap();
    let settings = root.join("colleges/sks/vypusk.yaml");
    std::fs::rename(&settings, root.join("colleges/sks/vypusk.yaml.bak")).unwrap();
    let u = update(&mut inc, std::slice::from_ref(&settings));
    assert!(u.full, "{u:?}");
    assert!(!out.join("site/sks").exists());
    assert_same_as_full(&root, &out, &fresh, "a college's settings removed");
}
