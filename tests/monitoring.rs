//! Graduate monitoring through the command line: the JSON summary, reports and public pages,
//! personal data kept private, and bad monitoring input explained with file and line.

mod common;
use common::*;
use std::path::Path;

/// ФИО of every graduate of the example's 2023 cohort (UTF-8 file).
fn names_2023(root: &Path) -> Vec<String> {
    read(root.join("data/monitoring/graduates-2023.csv"))
        .lines()
        .skip(1)
        .filter_map(|l| l.split(';').nth(1).map(str::to_string))
        .filter(|n| !n.is_empty())
        .collect()
}

#[test]
fn check_json_summarises_every_cohort_without_names() {
    let root = example_root();
    let out = vypusk()
        .args(["check", "--format", "json", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Where a finding knows its line, it knows its column too (the entry's first character).
    for f in v["findings"].as_array().unwrap() {
        assert_eq!(
            f["line"].is_null(),
            f["column"].is_null(),
            "line and column go together: {f}"
        );
    }
    let cohorts = v["summary"]["monitoring"]["cohorts"].as_array().unwrap();
    let years: Vec<i64> = cohorts
        .iter()
        .map(|c| c["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, vec![2022, 2023]);
    for c in cohorts {
        assert_eq!(c["contingent"].as_array().unwrap().len(), 5, "rows 01–05");
        let graduates = c["graduates"].as_u64().unwrap();
        let on_channels: u64 = c["channels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["count"].as_u64().unwrap())
            .sum();
        assert_eq!(
            on_channels, graduates,
            "every graduate counted once on as_of"
        );
        let risk = c["risk_group"].as_array().unwrap();
        assert!(!risk.is_empty());
        assert!(
            risk.iter()
                .all(|m| !m["reasons"].as_array().unwrap().is_empty()),
            "each risk member has a reason"
        );
    }
    // every report is reachable from the check output
    let reports = v["summary"]["reports"].as_array().unwrap();
    assert!(reports
        .iter()
        .any(|r| r["path"] == "output/reports/form1-2023.html"));
    assert!(reports
        .iter()
        .any(|r| r["path"] == "output/reports/findings.html"));
    // findings about one graduate carry the ID
    let f = v["findings"].as_array().unwrap();
    assert!(f.iter().any(|x| x["graduate"].is_string()));
    for name in names_2023(&root) {
        assert!(
            !text.contains(&name),
            "the summary must not contain ФИО ({name})"
        );
    }
}

#[test]
fn public_site_has_aggregates_and_charts_but_no_names() {
    let d = built_example();
    let names = names_2023(d.path());
    assert!(names.len() > 100);
    for (file, bytes) in tree(&d.path().join("output/site")) {
        let s = String::from_utf8_lossy(&bytes);
        for n in &names {
            assert!(!s.contains(n.as_str()), "{file} contains {n}");
        }
    }
    // the risk group report is private and does name people
    let risk = read(d.path().join("output/reports/risk-2023.html"));
    assert!(names.iter().any(|n| risk.contains(n.as_str())));

    let page = read(d.path().join("output/site/monitoring.html"));
    assert!(page.contains("itemprop=\"graduateJob\""));
    assert!(page.contains("Выпуск 2022 года") && page.contains("Выпуск 2023 года"));
    // every inline chart is well-formed XML with Cyrillic labels, a title and its data table
    let mut charts = 0;
    let mut rest = page.as_str();
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").unwrap() + start + "</svg>".len();
        let svg = &rest[start..end];
        let doc = roxmltree::Document::parse(svg)
            .unwrap_or_else(|e| panic!("chart {charts} is not XML: {e}"));
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"));
        assert!(root.children().any(|n| n.has_tag_name("title")));
        assert!(
            svg.contains("Трудоустроены"),
            "chart {charts} lacks its Cyrillic labels"
        );
        charts += 1;
        rest = &rest[end..];
    }
    // Each chart is drawn twice (wide, and narrow for phones) over one data table.
    assert!(
        charts >= 16,
        "4 charts per cohort, two drawings each, got {charts}"
    );
    assert!(page.matches("Данные диаграммы").count() * 2 >= charts);
}

#[test]
fn a_graduate_name_on_a_public_page_stops_the_build() {
    let d = built_example();
    let before = tree(&d.path().join("output"));
    let name = names_2023(d.path())[0].clone();
    let events = d.path().join("content/events.md");
    let mut s = read(&events);
    s.push_str(&format!("\nПобедитель конкурса — {name}.\n"));
    std::fs::write(&events, s).unwrap();
    let out = run("build", d.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("privacy.personal-data") && err.contains("events.html"),
        "{err}"
    );
    assert_eq!(tree(&d.path().join("output")), before, "output/ changed");
}

fn check_text(root: &Path) -> (Option<i32>, String) {
    let out = run("check", root);
    (out.status.code(), stderr(&out))
}

#[test]
fn impossible_track_date_names_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let tracks = d.path().join("data/monitoring/tracks-2023.csv");
    let mut s = read(&tracks);
    let line = s.lines().count() + 1;
    s.push_str("2023-001;31.02.2023;факт;Трудоустроен;ООО «Ромашка»;;нет;Техник;\n");
    std::fs::write(&tracks, s).unwrap();
    let (code, err) = check_text(d.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!("data/monitoring/tracks-2023.csv:{line}")),
        "{err}"
    );
    assert!(err.contains("31.02.2023"), "{err}");
}

#[test]
fn missing_column_lists_what_was_found() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let tracks = d.path().join("data/monitoring/tracks-2023.csv");
    let s = read(&tracks).replacen(";Канал;", ";Канл;", 1);
    std::fs::write(&tracks, s).unwrap();
    let (code, err) = check_text(d.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("tracks-2023.csv") && err.contains("Канал"),
        "{err}"
    );
}

#[test]
fn unknown_specialty_and_channel_are_explained() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let grads = d.path().join("data/monitoring/graduates-2023.csv");
    let mut s = read(&grads);
    s.push_str(
        "2023-999;Тестов Тест Тестович;99.99.99 Несуществующая специальность;Т-1;нет;нет;;нет\n",
    );
    std::fs::write(&grads, s).unwrap();
    let tracks = d.path().join("data/monitoring/tracks-2023.csv");
    let mut s = read(&tracks);
    s.push_str("2023-999;01.09.2023;факт;Трудоустроенн;ООО «Ромашка»;;нет;Техник;\n");
    std::fs::write(&tracks, s).unwrap();
    let (code, err) = check_text(d.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("99.99.99"), "{err}");
    assert!(err.contains("Трудоустроенн"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn xlsx_graduates_read_like_the_csv() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let before = vypusk()
        .args(["check", "--format", "json", "--root"])
        .arg(d.path())
        .output()
        .unwrap();
    // The same graduates as an Excel workbook instead of the CSV.
    let csv_path = d.path().join("data/monitoring/graduates-2023.csv");
    let text = read(&csv_path);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        for (c, cell) in line.split(';').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    wb.save(d.path().join("data/monitoring/graduates-2023.xlsx"))
        .unwrap();
    std::fs::remove_file(&csv_path).unwrap();
    let after = vypusk()
        .args(["check", "--format", "json", "--root"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(after.status.code(), Some(0), "{}", stderr(&after));
    let summary = |o: &std::process::Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["summary"]["monitoring"].clone()
    };
    assert_eq!(summary(&before), summary(&after));
}

#[test]
fn a_named_xlsx_sheet_is_read_when_configured() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let csv_path = d.path().join("data/monitoring/graduates-2023.csv");
    let text = read(&csv_path);
    let mut wb = rust_xlsxwriter::Workbook::new();
    // AIS exports often start with a title sheet.
    wb.add_worksheet()
        .set_name("Титул")
        .unwrap()
        .write_string(0, 0, "Выгрузка из АИС")
        .unwrap();
    let ws = wb.add_worksheet().set_name("Выпускники").unwrap();
    for (r, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        for (c, cell) in line.split(';').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    wb.save(d.path().join("data/monitoring/graduates-2023.xlsx"))
        .unwrap();
    std::fs::remove_file(&csv_path).unwrap();
    // Without the setting the title sheet is read, and its missing columns are explained.
    let (code, err) = check_text(d.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("graduates-2023.xlsx"), "{err}");
    // With it, the data sheet is read.
    let cfg = d.path().join("vypusk.yaml");
    let mut s = read(&cfg);
    s.push_str("monitoring:\n  graduates_sheet: Выпускники\n");
    std::fs::write(&cfg, s).unwrap();
    let (code, err) = check_text(d.path());
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_specialty_with_one_graduate_is_not_shown_as_a_number() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let spec = d.path().join("data/reference/specialties.yaml");
    let mut s = read(&spec);
    s.push_str("\n- code: 13.01.10\n  name: Электромонтер по ремонту и обслуживанию электрооборудования\n  positions:\n    - Электромонтер\n");
    std::fs::write(&spec, s).unwrap();
    let grads = d.path().join("data/monitoring/graduates-2023.csv");
    let s = read(&grads).replacen(
        "2023-002;Зайцева Дарья Евгеньевна;09.02.07 Информационные системы и программирование",
        "2023-002;Зайцева Дарья Евгеньевна;13.01.10 Электромонтер по ремонту и обслуживанию электрооборудования",
        1,
    );
    std::fs::write(&grads, s).unwrap();
    let out = run("build", d.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(d.path().join("output/site/monitoring.html"));
    let row = page
        .split("<tr itemprop=\"graduateJob\"")
        .skip(1)
        .map(|r| &r[..r.find("</tr>").unwrap()])
        .find(|r| r.contains("13.01.10"))
        .expect("the specialty is listed");
    assert!(row.contains(">скрыто<"), "{row}");
    assert!(!row.contains(">1<") && !row.contains(">0<"), "{row}");
}

/// The example's people have patronymics a Russian has: none glued from a name and a suffix
/// («Дмитрийовна», «Михаиловна», «Игорьович», «Павелович»).
#[test]
fn example_patronymics_are_real_ones() {
    let dir = example_root().join("data/monitoring");
    let mut seen = 0;
    for year in [2022, 2023] {
        let bytes = std::fs::read(dir.join(format!("graduates-{year}.csv"))).unwrap();
        let (text, _, _) = match std::str::from_utf8(&bytes) {
            Ok(_) => encoding_rs::UTF_8.decode(&bytes),
            Err(_) => encoding_rs::WINDOWS_1251.decode(&bytes),
        };
        for line in text.lines().skip(1) {
            let fio = line.split(';').nth(1).unwrap_or_default();
            let Some(patronymic) = fio.split_whitespace().nth(2) else {
                continue;
            };
            seen += 1;
            assert!(
                ["вич", "вна", "ична", "ьич"]
                    .iter()
                    .any(|e| patronymic.ends_with(e)),
                "{year}: {fio}"
            );
            for glued in [
                "йович",
                "йовна",
                "ьович",
                "ьовна",
                "елович",
                "еловна",
                "аилов",
            ] {
                assert!(!patronymic.contains(glued), "{year}: {fio}");
            }
        }
    }
    assert!(seen > 200, "only {seen} patronymics read");
}
