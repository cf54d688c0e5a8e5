//! The bundled example's ОПК reports: eight Fridays from 01.09.2023 with exactly the planted
//! mistakes (README: one late, one missing, one «Да/Нет», one finished-practice student counted,
//! one form 3 disagreeing with form 2) and nothing else.

mod common;
use common::*;
use std::path::Path;
use vypusk::diag::Finding;

fn opk_findings() -> Vec<Finding> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (p, load) = vypusk::pipeline::load(root, None).expect("load");
    let p = p.expect("project");
    let mut f: Vec<Finding> = load
        .sorted()
        .into_iter()
        .filter(|f| f.rule.starts_with("opk."))
        .collect();
    f.extend(vypusk::check::opk::run(&p.opk, &p.monitoring, p.as_of));
    assert_eq!(p.opk.reports.len(), 6);
    f
}

#[test]
fn example_has_exactly_the_planted_findings() {
    let f = opk_findings();
    let got: Vec<(&str, String, Option<usize>)> = f
        .iter()
        .map(|f| (f.rule, f.place.file.to_string(), f.place.line))
        .collect();
    let expected = [
        (
            "opk.practice-finished",
            "data/opk/2023-09-29-form2.csv",
            Some(2),
        ),
        (
            "opk.social-support",
            "data/opk/2023-09-15-form2.csv",
            Some(4),
        ),
        (
            "opk.form3-mismatch",
            "data/opk/2023-10-06-form3.csv",
            Some(2),
        ),
        ("opk.missing-week", "data/opk", None),
        ("opk.late", "data/opk/log.yaml", Some(8)),
    ];
    assert_eq!(got.len(), expected.len(), "{f:#?}");
    for (rule, file, line) in expected {
        assert!(
            got.iter()
                .any(|(r, fl, l)| *r == rule && fl == file && *l == line),
            "missing {rule} at {file}:{line:?}: {f:#?}"
        );
    }
    let missing = f.iter().find(|f| f.rule == "opk.missing-week").unwrap();
    assert!(
        missing.message.contains("22.09.2023"),
        "{}",
        missing.message
    );
    let mismatch = f.iter().find(|f| f.rule == "opk.form3-mismatch").unwrap();
    assert!(mismatch.message.contains("графа 4"), "{}", mismatch.message);
    // Nothing stops the build: every planted mistake is a warning.
    assert!(f
        .iter()
        .all(|f| f.severity != vypusk::diag::Severity::Error));
}

#[test]
fn latest_forms_print_landscape_with_heads_and_signature() {
    let d = built_example();
    let reports = d.path().join("output/reports");
    // Soft hyphens (U+00AD) in long words are invisible on the page: read the text without them.
    let f2 = read(reports.join("opk-form2.html")).replace('\u{AD}', "");
    assert!(f2.contains("class=\"report landscape\""), "{f2}");
    assert!(f2.contains("<thead>") && f2.contains("class=\"signature\""));
    assert!(f2.contains("Данные на 20.10.2023"));
    // Headings in the layout's order: 7, 8, 9.
    let p7 = f2.find("Количество рабочих мест").unwrap();
    let p8 = f2.find("Направление подготовки").unwrap();
    let p9 = f2.find("Трудоустроено выпускников").unwrap();
    assert!(p7 < p8 && p8 < p9);
    assert!(f2.contains("АО «Волжский машиностроительный завод»"));
    let f3 = read(reports.join("opk-form3.html")).replace('\u{AD}', "");
    assert!(f3.contains("Принимаемые меры") && f3.contains("class=\"report landscape\""));
    assert!(read(reports.join("index.html")).contains("opk-form2.html"));
    // ОПК enterprises' needs stay private.
    for (path, bytes) in tree(&d.path().join("output/site")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("6312001018"), "{path} shows an ОПК ИНН");
        assert!(
            !text.contains("Самарский агрегатный"),
            "{path} shows an ОПК enterprise"
        );
    }
}

#[test]
fn needs_closed_over_the_weeks_chart() {
    let d = built_example();
    let reports = d.path().join("output/reports");
    let html = read(reports.join("opk-closed.html"));
    assert!(read(reports.join("index.html")).contains("opk-closed.html"));
    // The findings report lists the ОПК rules that found something, with their registry line.
    let findings = read(reports.join("findings.html"));
    for r in vypusk::check::opk::RULES
        .iter()
        .filter(|r| ["opk.late", "opk.missing-week", "opk.form3-mismatch"].contains(&r.id))
    {
        assert!(
            findings.contains(&format!(
                "<td class=\"path\">{}</td><td>{}</td>",
                r.id, r.about
            )),
            "{} not listed with its line",
            r.id
        );
    }
    // One line chart with its data table per enterprise that has needs or hires; the one with
    // neither gets a sentence, not a chart claiming «Нет данных».
    assert_eq!(
        html.matches("<figure class=\"chart\">").count(),
        2,
        "{html}"
    );
    assert!(!html.contains("Нет данных"));
    assert!(html.contains("ООО «Самарский агрегатный завод» (ИНН 6316003030)"));
    // Totals on the last Friday: needs from form 2 of 20.10.2023, graduates employed per the
    // tracks (ОПК flag and the enterprise's ИНН) since the week of 01.09.2023.
    let row = |inn: &str| {
        let i = html.find(&format!("<td>{inn}</td>")).unwrap();
        let end = html[i..].find("</tr>").unwrap() + i;
        html[i..end]
            .split("<td class=\"num\">")
            .skip(1)
            .map(|c| c.split('<').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(row("6312001018"), ["4", "11"]);
    assert_eq!(row("6320002022"), ["3", "4"]);
    // The missing week is named and left off the axis; the «no news» week carries the needs.
    assert!(html.contains("Отчёта нет за 22.09.2023"));
    assert!(html.contains("13.10.2023"));
    assert!(!html.contains(">22.09<"));
    // Workplaces at ОПК enterprises never reach the public site by enterprise.
    for (path, bytes) in tree(&d.path().join("output/site")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("закрытие кадровой потребности"),
            "{path}"
        );
    }
}

/// The ОПК section of the public vacancies page (`partials/opk-needs.html`).
fn opk_section(html: &str) -> &str {
    let start = html
        .find("<section class=\"opk-needs\"")
        .expect("ОПК section");
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}

#[test]
fn public_needs_by_specialty_and_enterprises_only_when_allowed() {
    let d = built_example();
    let page = read(d.path().join("output/site/vacancies.html"));
    let s = opk_section(&page);
    // Form 2 of 20.10.2023: 2 + 2 + 3 workplaces; the enterprise without needs is not counted.
    assert!(s.contains("на 20.10.2023"), "{s}");
    assert!(s.contains("— 7 рабочих мест"), "{s}");
    assert!(
        s.contains("15.02.08 Технология машиностроения</th><td class=\"num\">3<"),
        "{s}"
    );
    assert!(s.contains("в этой сводке не указываются"), "{s}");
    for name in [
        "Волжский",
        "Приволжское",
        "Самарский агрегатный",
        "6312001018",
    ] {
        assert!(
            !s.contains(name),
            "{name} in the public ОПК section by default"
        );
    }

    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let cfg = d.path().join("vypusk.yaml");
    let mut text = read(&cfg);
    text.push_str("opk:\n  public_enterprises: true\n");
    std::fs::write(&cfg, text).unwrap();
    let out = run("build", d.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(d.path().join("output/site/vacancies.html"));
    let s = opk_section(&page);
    assert!(
        s.contains("<caption>АО «Приволжское приборостроительное объединение»</caption>"),
        "{s}"
    );
    assert!(
        s.contains("Оператор станков с программным управлением"),
        "{s}"
    );
    assert!(!s.contains("не указываются"), "{s}");
    // Still no ИНН, and no enterprise without needs.
    assert!(
        !s.contains("6312001018") && !s.contains("Самарский агрегатный"),
        "{s}"
    );
}
