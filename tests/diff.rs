//! `vypusk diff`: a month's update of the example college, committed in a temporary git
//! repository (the project in a subfolder, as a region keeps its colleges), compared.

mod common;

use common::{copy_example, stderr, vypusk};
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=Тест", "-c", "user.email=test@example.org"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

/// Replace `from` by `to` in a project file (exactly once).
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from} in {}",
        file.display()
    );
    std::fs::write(file, text.replace(from, to)).unwrap();
}

/// The update: 2023-003 (in the risk group for want of actual data) continued education;
/// 2023-002's de-registration at the employment centre got its document.
fn update(college: &Path) {
    let tracks = college.join("data/monitoring/tracks-2023.csv");
    edit(
        &tracks,
        "2023-003;19.06.2023;прогноз;Трудоустроен;;;;;",
        "2023-003;19.06.2023;прогноз;Трудоустроен;;;;;\r\n2023-003;01.12.2023;факт;Продолжил обучение;ФГБОУ ВО «Самарский университет»;;нет;;",
    );
    edit(
        &tracks,
        "2023-002;07.08.2023;факт;ЦЗН;;;;;",
        "2023-002;07.08.2023;факт;ЦЗН;;;;;Справка о снятии с учёта № 40 от 01.12.2023",
    );
}

/// A repository with three commits: no project yet; the example college in `college/`;
/// the update. Returns the temporary folder (the repository) — the project is `college/`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    std::fs::write(root.join("README.md"), "Регион\n").unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "start"]);
    let college = root.join("college");
    std::fs::create_dir(&college).unwrap();
    copy_example(&college);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "ноябрь"]);
    update(&college);
    git(root, &["commit", "-q", "-a", "-m", "декабрь"]);
    dir
}

fn diff(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = vypusk()
        .arg("diff")
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr(&out),
    )
}

#[test]
fn a_months_update_between_two_commits() {
    let repo = repo();
    let college = repo.path().join("college");
    let (code, out, err) = diff(&college, &["HEAD~1", "HEAD"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Изменения в данных: HEAD~1 ("), "{out}");
    assert!(
        out.contains("Выпуск 2022: 146 выпускников; без изменений."),
        "{out}"
    );
    assert!(
        out.contains("гр.09 Продолжили обучение: 21 → 22 (+1)"),
        "{out}"
    );
    assert!(
        out.contains("гр.16 Иные причины нахождения под риском нетрудоустройства: 7 → 6 (−1)"),
        "{out}"
    );
    assert!(
        out.contains("Вышли из группы риска (1): 2023-003\n"),
        "{out}"
    );
    assert!(!out.contains("Вошли в группу риска"), "{out}");
    assert!(out.contains("Исправленные (2):"), "{out}");
    assert!(
        out.contains(
            "data/monitoring/tracks-2023.csv:37:1 предупреждение [track.no-actual-data] выпускник 2023-003"
        ),
        "{out}"
    );
    assert!(
        out.contains("[track.czn-document] выпускник 2023-002"),
        "{out}"
    );
    assert!(!out.contains("Новые ("), "{out}");
    // IDs only: no graduate's name, no temporary folder.
    assert!(
        !out.contains("Зайцева") && !out.contains("Петрова"),
        "{out}"
    );
    assert!(!out.contains("vypusk-diff-"), "{out}");

    let (code, md, err) = diff(&college, &["HEAD~1", "HEAD", "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.starts_with("## Изменения в данных: `HEAD~1 ("), "{md}");
    assert!(
        md.contains("| гр.09 Продолжили обучение | 21 | 22 | +1 |"),
        "{md}"
    );
    assert!(
        md.contains("**Вышли из группы риска (1):** `2023-003`"),
        "{md}"
    );
    assert!(
        md.contains("| предупреждение | `track.czn-document` | `data/monitoring/tracks-2023.csv:"),
        "{md}"
    );

    // The same inputs give the same report, and the repository is left as it was.
    let (_, again, _) = diff(&college, &["HEAD~1", "HEAD"]);
    assert_eq!(again, out);
    let status = Command::new("git")
        .arg("-C")
        .arg(repo.path())
        .args(["status", "--porcelain", "--ignored"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&status.stdout), "");

    // Swapped, the fixed findings are new and 2023-003 goes back into the risk group.
    let (_, back, _) = diff(&college, &["HEAD", "HEAD~1"]);
    assert!(
        back.contains("Вошли в группу риска (1): 2023-003"),
        "{back}"
    );
    assert!(back.contains("Новые (2):"), "{back}");
}

#[test]
fn the_work_tree_is_the_default_newer_side() {
    let repo = repo();
    let college = repo.path().join("college");
    // Nothing uncommitted: no change against HEAD.
    let (code, out, err) = diff(&college, &["HEAD"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("→ рабочая копия"), "{out}");
    assert!(
        out.contains("Изменений в цифрах и в замечаниях проверки нет."),
        "{out}"
    );
    // An uncommitted edit shows: 2023-005 gets actual data too.
    edit(
        &college.join("data/monitoring/tracks-2023.csv"),
        "2023-002;07.08.2023;",
        "2023-005;01.12.2023;факт;Продолжил обучение;ФГБОУ ВО «Самарский университет»;;нет;;\r\n2023-002;07.08.2023;",
    );
    let (_, out, _) = diff(&college, &["HEAD"]);
    assert!(out.contains("Вышли из группы риска (1): 2023-005"), "{out}");
}

#[test]
fn clear_errors() {
    let repo = repo();
    let college = repo.path().join("college");
    let (code, _, err) = diff(&college, &["nope"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("версия «nope» не найдена в репозитории"),
        "{err}"
    );
    let (code, _, err) = diff(&college, &["HEAD~2"]);
    assert_eq!(code, 2);
    assert!(err.contains("нет папки проекта (папка «college»)"), "{err}");
    let plain = tempfile::tempdir().unwrap();
    copy_example(plain.path());
    let (code, _, err) = diff(plain.path(), &["HEAD"]);
    assert_eq!(code, 2);
    assert!(err.contains("не находится в репозитории git"), "{err}");
    let (code, _, err) = diff(&repo.path().join("missing"), &["HEAD"]);
    assert_eq!(code, 2);
    assert!(err.contains("не найдена"), "{err}");
}

/// A region (`vypusk new --region`) in `region/` of a repository: the scaffold, then a
/// month's update of ppk (as the college's above), ttt renamed to tk (one college removed,
/// one added).
fn region_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    let region = root.join("region");
    let out = vypusk()
        .arg("new")
        .arg("--region")
        .arg(&region)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "ноябрь"]);
    update(&region.join("colleges/ppk"));
    git(root, &["mv", "region/colleges/ttt", "region/colleges/tk"]);
    git(root, &["commit", "-q", "-a", "-m", "декабрь"]);
    dir
}

#[test]
fn a_regions_update_by_college_with_the_regional_totals() {
    let repo = region_repo();
    let region = repo.path().join("region");
    let (code, out, err) = diff(&region, &["HEAD~1", "HEAD"]);
    assert_eq!(code, 0, "{err}");
    for line in [
        "Изменения в данных региона «Самарская область»: HEAD~1 (",
        "Колледжей: 3.",
        "Добавлены (1): tk.",
        "Убраны (1): ttt.",
        "Колледж ppk",
        "гр.09 Продолжили обучение: 21 → 22 (+1)",
        "Вышли из группы риска (1): 2023-003\n",
        "[track.czn-document] выпускник 2023-002",
        "Колледж tk (добавлен)",
        "Колледж ttt (убран)",
        "Без изменений (1): sks.",
    ] {
        assert!(out.contains(line), "no «{line}» in:\n{out}");
    }
    // The totals: ttt's graduates left and came back as tk's; ppk's one graduate out of risk.
    let totals = &out[out.find("Итого по региону").unwrap()..out.find("Колледж ppk").unwrap()];
    assert!(totals.contains("Выпуск 2023: "), "{totals}");
    assert!(totals.contains("в группе риска"), "{totals}");
    assert!(totals.contains("гр.09 Продолжили обучение:"), "{totals}");
    assert!(
        !out.contains("Зайцева") && !out.contains("vypusk-diff-"),
        "{out}"
    );

    let (code, md, err) = diff(&region, &["HEAD~1", "HEAD", "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        md.starts_with("## Изменения в данных региона «Самарская область»: `HEAD~1 ("),
        "{md}"
    );
    assert!(md.contains("### Итого по региону"), "{md}");
    assert!(md.contains("### Колледж ppk"), "{md}");
    assert!(
        md.contains("**Вышли из группы риска (1):** `2023-003`"),
        "{md}"
    );
    assert!(md.contains("Без изменений (1): `sks`."), "{md}");

    // The work tree against HEAD: nothing changed anywhere.
    let (code, out, err) = diff(&region, &["HEAD"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("→ рабочая копия"), "{out}");
    assert!(out.contains("Без изменений (3): ppk, sks, tk."), "{out}");
}

/// A region whose college ppk is a git submodule (its own repository), updated in the
/// submodule and recorded in the region's repository; then removed from the region.
fn region_with_submodule() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("region-repo");
    let out = vypusk()
        .arg("new")
        .arg("--region")
        .arg(root.join("region"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // ppk becomes a repository of its own beside the region's.
    let source = dir.path().join("ppk");
    std::fs::rename(root.join("region/colleges/ppk"), &source).unwrap();
    git(&source, &["init", "-q"]);
    git(&source, &["add", "-A"]);
    git(&source, &["commit", "-q", "-m", "ноябрь"]);
    git(&root, &["init", "-q"]);
    let url = source.display().to_string();
    git(
        &root,
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            &url,
            "region/colleges/ppk",
        ],
    );
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "ноябрь"]);
    let college = root.join("region/colleges/ppk");
    update(&college);
    git(&college, &["commit", "-q", "-a", "-m", "декабрь"]);
    git(&root, &["commit", "-q", "-a", "-m", "декабрь"]);
    git(&root, &["rm", "-q", "region/colleges/ppk"]);
    git(&root, &["commit", "-q", "-m", "ppk убран"]);
    dir
}

#[test]
fn a_college_kept_as_a_submodule_is_read_at_each_revision() {
    let dir = region_with_submodule();
    let region = dir.path().join("region-repo/region");
    // ppk's folder is gone from the work tree now: both older revisions are read from the
    // submodule's repository under .git/modules.
    assert!(!region.join("colleges/ppk/vypusk.yaml").exists());
    let (code, out, err) = diff(&region, &["HEAD~2", "HEAD~1"]);
    assert_eq!(code, 0, "{err}");
    for line in [
        "Колледж ppk",
        "гр.09 Продолжили обучение: 21 → 22 (+1)",
        "Вышли из группы риска (1): 2023-003\n",
        "Без изменений (2): sks, ttt.",
    ] {
        assert!(out.contains(line), "no «{line}» in:\n{out}");
    }
    assert!(
        !out.contains("Убраны") && !out.contains("Добавлены"),
        "{out}"
    );
    // The removal itself: ppk removed, not an error.
    let (code, out, err) = diff(&region, &["HEAD~1", "HEAD"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Убраны (1): ppk."), "{out}");

    // A clone without its submodules: a clear message, what to run.
    let clone = dir.path().join("clone");
    let out = Command::new("git")
        .args(["clone", "-q"])
        .arg(dir.path().join("region-repo"))
        .arg(&clone)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let (code, out, err) = diff(&clone.join("region"), &["HEAD~2", "HEAD~1"]);
    assert_ne!(code, 0, "{out}");
    assert!(
        err.contains("«colleges/ppk» в версии HEAD~2")
            && err.contains("git submodule")
            && err.contains("git submodule update --init --recursive"),
        "{err}"
    );
}
