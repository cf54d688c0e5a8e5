//! `vypusk new` writes example CI files for GitLab and GitHub: valid YAML that checks every
//! merge request and publishes `output/site` from the main branch.

mod common;

use common::{stderr, vypusk};
use serde_yaml::Value;
use std::path::Path;

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The shell lines of a GitLab job's `script`.
fn script(job: &Value) -> Vec<String> {
    job["script"]
        .as_sequence()
        .unwrap_or_else(|| panic!("no script in {job:?}"))
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect()
}

/// The `run` lines and `uses` of a GitHub job's steps.
fn steps(job: &Value) -> (Vec<String>, Vec<String>) {
    let steps = job["steps"].as_sequence().unwrap();
    let pick = |key: &str| {
        steps
            .iter()
            .filter_map(|s| s[key].as_str().map(str::to_string))
            .collect::<Vec<_>>()
    };
    (pick("run"), pick("uses"))
}

fn assert_ci(project: &Path) {
    let gl = yaml(&project.join(".gitlab-ci.yml"));
    let check = &gl["check"];
    let rule = check["rules"][0]["if"].as_str().unwrap();
    assert!(rule.contains("merge_request_event"), "{rule}");
    let lines = script(check);
    assert!(lines.iter().any(|l| l == "vypusk check"), "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("vypusk diff \"$CI_MERGE_REQUEST_DIFF_BASE_SHA\"")),
        "{lines:?}"
    );
    let pages = &gl["pages"];
    assert!(pages["rules"][0]["if"]
        .as_str()
        .unwrap()
        .contains("$CI_DEFAULT_BRANCH"));
    let lines = script(pages);
    assert!(lines.iter().any(|l| l == "vypusk build"), "{lines:?}");
    assert!(
        lines.iter().any(|l| l == "cp -r output/site public"),
        "{lines:?}"
    );
    assert_eq!(pages["artifacts"]["paths"][0].as_str(), Some("public"));
    // Both jobs install vypusk the same way.
    let install = gl[".vypusk"]["before_script"][1].as_str().unwrap();
    assert!(
        install.contains("cargo install --locked --git"),
        "{install}"
    );

    let gh = yaml(&project.join(".github/workflows/vypusk.yml"));
    assert!(gh["on"]["pull_request"].is_null(), "{:?}", gh["on"]);
    assert_eq!(gh["on"]["push"]["branches"][0].as_str(), Some("main"));
    // Checks get a read-only token: they can post nothing.
    assert_eq!(gh["permissions"]["contents"].as_str(), Some("read"));
    let check = &gh["jobs"]["check"];
    assert!(check["if"].as_str().unwrap().contains("pull_request"));
    assert!(check["permissions"].is_null());
    let (runs, _) = steps(check);
    assert!(runs.iter().any(|r| r == "vypusk check"), "{runs:?}");
    assert!(
        runs.iter().any(|r| r.starts_with("vypusk diff")),
        "{runs:?}"
    );
    let pages = &gh["jobs"]["pages"];
    assert!(pages["if"].as_str().unwrap().contains("push"));
    let (runs, uses) = steps(pages);
    assert!(runs.iter().any(|r| r == "vypusk build"), "{runs:?}");
    assert!(
        uses.iter().any(|u| u.starts_with("actions/deploy-pages@")),
        "{uses:?}"
    );
    let upload = pages["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact@"))
        })
        .unwrap();
    assert_eq!(upload["with"]["path"].as_str(), Some("output/site"));
}

#[test]
fn example_and_empty_projects_get_ci_files() {
    let d = tempfile::tempdir().unwrap();
    for (name, args) in [("example", vec![]), ("empty", vec!["--empty"])] {
        let p = d.path().join(name);
        let out = vypusk().arg("new").args(&args).arg(&p).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert_ci(&p);
    }
}

#[test]
fn a_region_gets_the_same_ci_files_at_its_root_with_the_placeholder_explained() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("region");
    let out = vypusk().args(["new", "--region"]).arg(&p).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_ci(&p);
    for file in [".gitlab-ci.yml", ".github/workflows/vypusk.yml"] {
        let text = std::fs::read_to_string(p.join(file)).unwrap();
        // The officer is told, in Russian, what to put there; the job stops until it is done.
        assert!(
            text.contains("ОДИН РАЗ, ДО ПЕРВОГО ЗАПУСКА: укажите в VYPUSK_GIT"),
            "{file}"
        );
        assert!(text.contains("не указан VYPUSK_GIT"), "{file}");
        // A region's colleges kept as submodules come along.
        assert!(text.contains("recursive"), "{file}");
    }
}
