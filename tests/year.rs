//! The centre's year on the bundled example: the work plan, vacancies and referrals, the risk
//! group's casework, the AIS card and compliance with the base centre's recommendations.

mod common;
use common::*;
use std::path::Path;

fn check_with(root: &Path, as_of: &str) -> (bool, String) {
    let out = vypusk()
        .args(["check", "--root"])
        .arg(root)
        .args(["--as-of", as_of])
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out),
    )
}

#[test]
fn example_plan_is_published_as_table_report_and_calendar() {
    let d = built_example();
    let site = read(d.path().join("output/site/plan.html"));
    for text in [
        "Задача 5. Организовать ежемесячный мониторинг",
        "до 01 числа каждого месяца",
        "еженедельно до 12.00 пятницы",
        "ноябрь–декабрь 2023",
        "по запросу Минпросвещения",
        "весь период",
        "с 01.11.2023",
        "Утверждён 31.08.2023",
        "href=\"plan.ics\"",
    ] {
        assert!(site.contains(text), "plan.html lacks «{text}»");
    }
    // The public page carries no evidence column (file paths, orders).
    assert!(!site.contains("tracks-2022.csv"));
    let report = read(d.path().join("output/reports/plan-2023-2024.html"));
    assert!(report.contains("УТВЕРЖДАЮ") && report.contains("/Ковалёва Н. В./"));
    assert!(report.contains("31 августа 2023 г."));
    let ics = read(d.path().join("output/site/plan.ics"));
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    assert!(ics.contains("RRULE:FREQ=WEEKLY;BYDAY=FR"));
}

#[test]
fn last_years_plan_fails_the_check() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let (ok, _) = check_with(d.path(), "15.12.2023");
    assert!(ok);
    // The same plan a year later is the wrong year's plan, and the section is stale.
    let (ok, out) = check_with(d.path(), "15.12.2024");
    assert!(!ok);
    assert!(out.contains("[plan.other-year]"), "{out}");
    assert!(out.contains("data/plan.yaml:1"), "{out}");
}
