//! The Ministry's forms exported as Excel workbooks: each passes vypusk's own incoming check,
//! reads back (calamine) equal to the computed figures cell by cell, is linked from the reports
//! index, and two builds write the same bytes.

mod common;

use calamine::{Data, Reader};
use common::*;
use std::path::Path;
use vypusk::check::incoming::{check_dir, check_workbook, INCOMING_DIR};

/// Cells of sheet `name` of the workbook at `path`, as a grid from A1.
fn cells(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("not text: {other:?}"),
    }
}

fn number(d: &Data) -> u32 {
    match d {
        Data::Float(f) if f.fract() == 0.0 && *f >= 0.0 => *f as u32,
        other => panic!("not a count: {other:?}"),
    }
}

#[test]
fn exported_workbooks_round_trip() {
    let d = built_example();
    let reports = d.path().join("output/reports");
    let (project, _) = vypusk::pipeline::load(d.path(), None).unwrap();
    let project = project.unwrap();
    let m = &project.monitoring;
    for c in &m.cohorts {
        let y = c.year;
        // Form 1: sheet, header row 5 with 01–27, one 5-row block per specialty.
        let path = reports.join(format!("form1-{y}.xlsx"));
        assert!(check_workbook(d.path(), &path).is_empty(), "form1-{y}");
        let f = vypusk::compute::form1(c, project.as_of, &m.specialties, &project.config.rules);
        let g = cells(&path, "Форма 1 пятистрочная");
        let numbers: Vec<String> = g[4].iter().map(text).collect();
        let expected: Vec<String> = (1..=27).map(|n| format!("{n:02}")).collect();
        assert_eq!(numbers, expected);
        let mut r = 5;
        for b in &f.blocks {
            for row in &b.rows {
                let line = &g[r];
                assert_eq!(text(&line[0]), project.config.college.region);
                assert_eq!(text(&line[1]), format!("{} {}", b.code, b.name));
                assert_eq!(text(&line[2]), row.label);
                assert_eq!(text(&line[3]), row.row);
                let got: Vec<u32> = line[4..27].iter().map(number).collect();
                assert_eq!(got, row.values, "form1-{y} {} стр.{}", b.code, row.row);
                r += 1;
            }
        }
        assert_eq!(r, g.len(), "no rows after the last block");
        assert_eq!(f.blocks.len() * 5, g.len() - 5);
        // Form 3: header row 6 with 01–22.
        let path = reports.join(format!("form3-{y}.xlsx"));
        assert!(check_workbook(d.path(), &path).is_empty(), "form3-{y}");
        let f3 = vypusk::compute::form3::form3(c, &m.specialties, &project.config.rules);
        let g = cells(&path, "Форма 3 ожидаемый выпуск");
        assert_eq!(text(&g[5][4]), "05");
        assert_eq!(text(&g[5][21]), "22");
        let mut r = 6;
        for b in &f3.blocks {
            for row in &b.rows {
                assert_eq!(text(&g[r][3]), row.row);
                let got: Vec<u32> = g[r][4..22].iter().map(number).collect();
                assert_eq!(got, row.values, "form3-{y} {} стр.{}", b.code, row.row);
                r += 1;
            }
        }
        assert_eq!(r, g.len());
    }
    // Form 2 where every graduate with ОВЗ or a disability has a nosology group (2023), not
    // where the column is absent (2022).
    assert!(!reports.join("form2-2022.xlsx").exists());
    let c = m.cohort(2023).unwrap();
    let path = reports.join("form2-2023.xlsx");
    assert!(check_workbook(d.path(), &path).is_empty(), "form2-2023");
    let f2 = vypusk::compute::form2::form2(c, project.as_of, &m.specialties, &project.config.rules)
        .unwrap();
    let g = cells(&path, "Форма нозологии");
    assert_eq!(text(&g[4][3]), "04");
    assert_eq!(text(&g[4][28]), "29");
    let mut r = 5;
    for b in &f2.blocks {
        for row in &b.rows {
            assert_eq!(text(&g[r][2]), row.label);
            let got: Vec<u32> = g[r][3..29].iter().map(number).collect();
            assert_eq!(got, row.values, "form2-2023 {} стр.{}", b.code, row.row);
            r += 1;
        }
    }
    assert_eq!(r, g.len());
    let ovz: u32 = f2.blocks.iter().map(|b| b.rows[5].values[0]).sum();
    assert_eq!(
        ovz, 5,
        "the example's five graduates with ОВЗ or a disability"
    );
    // All of them together in data/incoming: no findings across files either.
    let inc = d.path().join(INCOMING_DIR);
    std::fs::create_dir_all(&inc).unwrap();
    for e in std::fs::read_dir(&reports).unwrap() {
        let p = e.unwrap().path();
        // The ОПК forms are read back from data/opk, not data/incoming (render::opk_workbook).
        let opk = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("opk-"));
        if p.extension().is_some_and(|x| x == "xlsx") && !opk {
            std::fs::copy(&p, inc.join(p.file_name().unwrap())).unwrap();
        }
    }
    let f = check_dir(d.path());
    assert!(f.is_empty(), "{f:#?}");
    // Linked from the reports index.
    let index = read(reports.join("index.html"));
    for y in [2022, 2023] {
        assert!(
            index.contains(&format!("href=\"form1-{y}.xlsx\"")),
            "{index}"
        );
        assert!(
            index.contains(&format!("href=\"form3-{y}.xlsx\"")),
            "{index}"
        );
    }
    assert!(index.contains("href=\"form2-2023.xlsx\""));
}

/// Forms 1 and 2 as two sheets of one workbook: rows 01–05 of form 2 (гр.04) must equal
/// form 1's (гр.05) for each specialty.
#[test]
fn form2_is_checked_against_form1_in_one_workbook() {
    let d = built_example();
    let reports = d.path().join("output/reports");
    const F2: &str = "Форма нозологии";
    let copy = |edit: Option<(usize, usize, f64)>| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        for (file, sheet) in [
            ("form1-2023.xlsx", "Форма 1 пятистрочная"),
            ("form2-2023.xlsx", F2),
        ] {
            let g = cells(&reports.join(file), sheet);
            let ws = wb.add_worksheet();
            ws.set_name(sheet).unwrap();
            for (r, row) in g.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    match cell {
                        Data::String(s) => {
                            ws.write_string(r as u32, c as u16, s).unwrap();
                        }
                        Data::Float(x) => {
                            let x = match edit {
                                Some((er, ec, v)) if sheet == F2 && (er, ec) == (r, c) => v,
                                _ => *x,
                            };
                            ws.write_number(r as u32, c as u16, x).unwrap();
                        }
                        _ => {}
                    }
                }
            }
        }
        let p = d.path().join("both.xlsx");
        wb.save(&p).unwrap();
        check_workbook(d.path(), &p)
    };
    assert!(copy(None).is_empty());
    // стр.01 гр.04 of the first block one more: form 2 no longer agrees with form 1 (its own
    // sum breaks too, reported as arithmetic).
    let g = cells(&reports.join("form2-2023.xlsx"), F2);
    let total = number(&g[5][3]) as f64;
    let mut f = copy(Some((5, 3, total + 1.0)));
    f.retain(|f| f.rule != "incoming.arithmetic");
    let rules: Vec<&str> = f.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["incoming.form2-vs-form1"], "{f:#?}");
    assert!(f[0].message.contains("стр.01"), "{}", f[0].message);
}

#[test]
fn workbooks_are_byte_identical_across_builds() {
    let a = built_example();
    let b = built_example();
    let books = |d: &Path| -> Vec<(String, Vec<u8>)> {
        tree(&d.join("output/reports"))
            .into_iter()
            .filter(|(p, _)| p.ends_with(".xlsx"))
            .collect()
    };
    let (x, y) = (books(a.path()), books(b.path()));
    assert!(
        x.len() >= 4,
        "{:?}",
        x.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    assert_eq!(x, y);
}

/// `vypusk check` on a folder with an unreadable .xls and a stray .csv: the .xls is an error
/// (non-zero exit), never «Ошибок нет», and the .csv is named.
#[test]
fn check_reports_every_file_in_incoming() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let inc = d.path().join(INCOMING_DIR);
    std::fs::create_dir_all(&inc).unwrap();
    std::fs::write(inc.join("pk7.xls"), b"not a workbook").unwrap();
    std::fs::write(inc.join("pk7-list.csv"), b"a;b").unwrap();
    let out = run("check", d.path());
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("data/incoming/pk7.xls"), "{text}");
    assert!(text.contains("incoming.unreadable"), "{text}");
    assert!(text.contains("data/incoming/pk7-list.csv"), "{text}");
    assert!(!text.contains("Ошибок нет"), "{text}");
}
