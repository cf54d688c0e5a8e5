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
    assert!(report.contains("УТВЕРЖДАЮ") && report.contains("Н. В. Ковалёва"));
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

#[test]
fn example_vacancies_page_shows_current_ones_without_contacts() {
    let d = built_example();
    let page = read(d.path().join("output/site/vacancies.html"));
    assert!(page.contains("Актуальные вакансии на 15.12.2023"));
    // Grouped by specialty, each group a <details> (works without JavaScript).
    assert_eq!(page.matches("<details class=\"vacancy-group\"").count(), 6);
    assert!(page.contains("15.02.08 Технология машиностроения"));
    // Current own vacancies are shown; expired ones are not: В-027 ended 30.11.2023, and В-017
    // has no end date and was posted 15.10.2023, more than 30 days ago.
    assert!(page.contains("Электросварщик ручной сварки"));
    assert!(!page.contains("Разработчик веб и мультимедийных приложений"));
    assert!(!page.contains("Пекарь"));
    // The ОПК plant's lathe vacancy is in the own list and in the import: shown once.
    assert_eq!(page.matches("Токарь 3–4 разряда").count(), 1);
    // No e-mail or phone of anybody at an enterprise (the footer has the centre's own).
    let list = page.split("<section class=\"vacancies\"").nth(1).unwrap();
    let list = list.split("</section>").next().unwrap();
    assert!(!list.contains("mailto:") && !list.contains("+7") && !list.contains('@'));
}

#[test]
fn example_risk_cases_card_and_compliance_reports() {
    let d = built_example();
    let reports = d.path().join("output/reports");
    let case = read(reports.join("risk-case-2023-023.html"));
    assert!(
        case.contains("Продавец-консультант"),
        "the reason from rule 5"
    );
    assert!(case.contains("Направлен на вакансию В-003"), "a measure");
    assert!(
        case.contains("Электросварщик ручной сварки"),
        "a current vacancy of the specialty"
    );
    let card = read(reports.join("ais-card.html"));
    assert!(card.contains("Заполнено полей: 13 из 13"));
    assert!(card.contains("Смирнова О. А., Руководитель ЦСТВ"));
    let compliance = read(reports.join("compliance.html"));
    assert!(
        compliance.contains("Итог: выполнено 8 из 8 (100,0"),
        "{compliance}"
    );
    let journal = read(reports.join("referrals.html"));
    assert!(
        journal.contains("Без обратной связи: 4, из них дольше 14 дн. — 1."),
        "{journal}"
    );
    assert!(journal.contains("нет, срок прошёл"));
    let index = read(reports.join("index.html"));
    assert!(index.contains("Карточка организации в АИС"));
    // Graduates' IDs and names stay private.
    let site = tree(&d.path().join("output/site"));
    for (path, bytes) in site {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("2023-023"), "{path} shows a graduate ID");
    }
}

#[test]
fn referral_without_feedback_and_risk_without_measure_are_reported() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let (_, out) = check_with(d.path(), "15.12.2023");
    assert!(
        out.contains("data/vacancies/referrals-2023.csv:19"),
        "{out}"
    );
    assert!(out.contains("[referral.no-feedback] (выпускник 2023-023)"));
    assert!(out.contains("[risk.no-measure] (выпускник 2022-106)"));
    assert!(out.contains("выполнено 8 из 8"));
    // Remove the ОВЗ page: compliance names exactly that part.
    // (Links to it become errors too; the compliance part is reported all the same.)
    std::fs::remove_file(d.path().join("content/disabled.md")).unwrap();
    let (_, out) = check_with(d.path(), "15.12.2023");
    assert!(
        out.contains("часть «Страница для выпускников с ОВЗ и инвалидностью» не выполнена"),
        "{out}"
    );
    assert!(out.contains("выполнено 7 из 8"));
}
