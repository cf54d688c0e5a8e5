//! Seed task 3 on the bundled example: the monitoring of measures for students with ОВЗ by
//! 26.05 (Абилимпикс, the All-Russian job fair) and the effectiveness report by 01.07.

mod common;
use common::*;
use std::path::Path;

fn check_json(root: &Path) -> (bool, serde_json::Value) {
    let out = vypusk()
        .args(["check", "--format", "json", "--root"])
        .arg(root)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_default();
    (out.status.success(), v)
}

#[test]
fn report_shows_every_criterion_with_its_figures_and_the_checklist() {
    let d = built_example();
    let report = read(d.path().join("output/reports/effectiveness.html"));
    let criteria = read(example_root().join("data/reference/effectiveness.yaml"));
    let titles: Vec<&str> = criteria
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("title: "))
        .skip(1)
        .collect();
    assert_eq!(titles.len(), 11);
    for t in titles {
        let t = t.replace('«', "&laquo;").replace('»', "&raquo;");
        let plain = t.replace("&laquo;", "«").replace("&raquo;", "»");
        assert!(
            report.contains(&plain) || report.contains(&t),
            "no criterion «{plain}»"
        );
    }
    for text in [
        "трудоустроено (в т. ч. ИП, самозанятые) 99 из 146",
        "14 участий в 6 мероприятиях до 26.05.2023",
        "Итого",
        "class=\"signature\"",
        "<svg",
        "Приказ № 112-од",
        "частично",
    ] {
        assert!(report.contains(text), "effectiveness.html lacks «{text}»");
    }
    assert!(
        !report.contains("нет данных</strong>"),
        "every example criterion has data"
    );
    let ovz = read(d.path().join("output/reports/ovz-2023.html"));
    for text in [
        "Веб-дизайн",
        "Всероссийская",
        "Пекарь",
        "после срока",
        "2023-143",
    ] {
        assert!(ovz.contains(text), "ovz-2023.html lacks «{text}»");
    }
    // Neither goes to the public site.
    let site = tree(&d.path().join("output/site"));
    assert!(site
        .keys()
        .all(|k| !k.contains("effectiveness") && !k.contains("ovz")));
}

#[test]
fn check_json_has_criteria_values_and_planted_findings() {
    let (ok, v) = check_json(&example_root());
    assert!(ok);
    let e = &v["summary"]["effectiveness"];
    assert_eq!(e["college"], "ГБПОУ «ППК»");
    assert_eq!(e["cohort"], 2023);
    let criteria = e["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 11);
    let risk = criteria
        .iter()
        .find(|c| c["indicator"] == "risk_share")
        .unwrap();
    assert!(risk["value"].as_f64().unwrap() > 0.0);
    assert_eq!(risk["unit"], "%");
    // The text output names the total and where the report is.
    let out = vypusk()
        .arg("check")
        .arg("--root")
        .arg(example_root())
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("Эффективность ЦСТВ по региональным критериям: 11 из 16 баллов"),
        "{}",
        stderr(&out)
    );
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for r in [
        "ovz.no-measure",
        "ovz.after-deadline",
        "abilympics.no-competence",
        "checklist.no-evidence",
    ] {
        assert!(rules.contains(&r), "the example plants {r}");
    }
}

#[test]
fn missing_data_is_no_data_and_a_bad_criteria_file_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    std::fs::remove_file(d.path().join("data/ovz/abilympics-2023.csv")).unwrap();
    let (ok, v) = check_json(d.path());
    assert!(ok);
    let criteria = v["summary"]["effectiveness"]["criteria"]
        .as_array()
        .unwrap()
        .clone();
    let abil = criteria
        .iter()
        .find(|c| c["indicator"] == "abilympics_participants")
        .unwrap();
    assert!(
        abil["value"].is_null() && abil["points"].is_null(),
        "{abil}"
    );
    let out = run("build", d.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let report = read(d.path().join("output/reports/effectiveness.html"));
    assert!(report.contains("нет данных</strong>"));
    assert!(report.contains("нет файла data/ovz/abilympics-2023.csv"));

    let file = d.path().join("data/reference/effectiveness.yaml");
    let text = read(&file);
    std::fs::write(
        &file,
        text.replacen("indicator: risk_share", "indicator: risk_rate", 1),
    )
    .unwrap();
    let out = vypusk()
        .args(["check", "--root"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let line = text
        .lines()
        .position(|l| l.contains("indicator: risk_share"))
        .unwrap()
        + 1;
    let all = String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out);
    assert!(
        all.contains(&format!(
            "data/reference/effectiveness.yaml:{line}:16: ошибка [effectiveness.unknown-indicator]"
        )),
        "{all}"
    );
    std::fs::write(
        &file,
        text.replacen("{ at_least: 50 }", "{ at_least: полсотни }", 1),
    )
    .unwrap();
    let out = vypusk()
        .args(["check", "--root"])
        .arg(d.path())
        .output()
        .unwrap();
    let all = String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("[effectiveness.bad-threshold]") && all.contains("«полсотни»"),
        "{all}"
    );
}
