//! Tests of the parent module.
use super::super::check_workbook;
use super::*;
use rust_xlsxwriter::Workbook;
use std::path::Path;

const SHEET: &str = FORM1.sheet;

/// A valid block: 10 graduates, 2 with ОВЗ (1 disabled), 1 other disabled, 3 targeted.
fn block() -> [[f64; COLUMNS]; 5] {
    let mut b = [[0.0; COLUMNS]; 5];
    // гр.05 total, гр.06 employed, гр.10 conscription, гр.09 education.
    b[0][0] = 10.0;
    b[0][1] = 6.0;
    b[0][5] = 2.0;
    b[0][4] = 2.0;
    b[1][0] = 2.0;
    b[1][1] = 2.0;
    b[2][0] = 1.0;
    b[2][1] = 1.0;
    b[3][0] = 1.0;
    b[3][4] = 1.0;
    b[4][0] = 3.0;
    b[4][1] = 3.0;
    b
}

enum Cell {
    N(f64),
    S(&'static str),
}

/// Write a workbook; `edit` may change cells (row index in block rows from 0, column гр.).
fn workbook(
    dir: &Path,
    codes: &[&str],
    extra_row: bool,
    edit: &[(usize, u8, Cell)],
) -> std::path::PathBuf {
    workbook_rows(dir, codes, if extra_row { 6 } else { 5 }, edit)
}

/// [`workbook`] with `rows` rows in every block.
fn workbook_rows(
    dir: &Path,
    codes: &[&str],
    rows: usize,
    edit: &[(usize, u8, Cell)],
) -> std::path::PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET).unwrap();
    ws.write_string(0, 0, "Мониторинг трудоустройства выпускников")
        .unwrap();
    let mut headers: Vec<String> = (1..=28).map(|n| format!("{n:02}")).collect();
    headers.push("30".into());
    for (i, h) in headers.iter().enumerate() {
        ws.write_string(4, i as u16, h).unwrap();
    }
    let mut r = 5u32;
    let mut data_row = 0usize;
    for code in codes {
        for i in 0..rows {
            ws.write_string(r, 0, "Самарская область").unwrap();
            ws.write_string(r, 1, *code).unwrap();
            ws.write_string(r, 3, format!("{:02}", i + 1)).unwrap();
            let vals = block()[i.min(4)];
            for (k, v) in vals.iter().enumerate() {
                ws.write_number(r, (k + 4) as u16, *v).unwrap();
            }
            for (dr, gr, cell) in edit {
                if *dr == data_row {
                    let c = (*gr - 1) as u16;
                    match cell {
                        Cell::N(x) => ws.write_number(r, c, *x).unwrap(),
                        Cell::S(s) => ws.write_string(r, c, *s).unwrap(),
                    };
                }
            }
            r += 1;
            data_row += 1;
        }
    }
    let path = dir.join("incoming.xlsx");
    wb.save(&path).unwrap();
    path
}

fn rules(f: &[Finding]) -> Vec<&str> {
    f.iter().map(|f| f.rule).collect()
}

const CODE: &str = "15.02.08 Технология машиностроения";

#[test]
fn valid_workbook_has_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    let p = workbook(
        dir.path(),
        &[CODE, "09.02.07 Информационные системы и программирование"],
        false,
        &[],
    );
    let f = check_workbook(dir.path(), &p);
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn text_decimal_negative_are_errors_with_place() {
    let dir = tempfile::tempdir().unwrap();
    let p = workbook(
        dir.path(),
        &[CODE],
        false,
        &[
            (0, 6, Cell::S("шесть")),
            (1, 7, Cell::N(1.5)),
            (2, 8, Cell::N(-1.0)),
        ],
    );
    let f = check_workbook(dir.path(), &p);
    let bad: Vec<&Finding> = f
        .iter()
        .filter(|f| f.rule == "incoming.bad-count")
        .collect();
    assert_eq!(bad.len(), 3, "{f:?}");
    assert_eq!(bad[0].place, Place::at("incoming.xlsx", 6, 6));
    assert!(
        bad[0].message.contains("строка 6, столбец F"),
        "{}",
        bad[0].message
    );
    assert!(bad[0].message.contains("гр.06"));
    assert!(bad[1].message.contains("дробное"));
    assert!(bad[2].message.contains("отрицательное"));
    // Text is not read as zero: the block's arithmetic is not judged on guessed values.
    assert!(!rules(&f).contains(&"incoming.arithmetic"));
}

#[test]
fn sixth_row_and_bad_code() {
    let dir = tempfile::tempdir().unwrap();
    let p = workbook(dir.path(), &[CODE], true, &[]);
    let f = check_workbook(dir.path(), &p);
    assert_eq!(rules(&f), ["incoming.extra-row"], "{f:?}");
    assert_eq!(f[0].place.line, Some(11));
    let p = workbook(dir.path(), &["15.2.08 Технология"], false, &[]);
    assert_eq!(
        rules(&check_workbook(dir.path(), &p)),
        ["incoming.bad-code"]
    );
    let p = workbook(dir.path(), &["15.02.08"], false, &[]);
    assert_eq!(
        rules(&check_workbook(dir.path(), &p)),
        ["incoming.bad-code"]
    );
}

#[test]
fn short_block_counts_rows_in_russian() {
    let dir = tempfile::tempdir().unwrap();
    for (n, words) in [
        (1, "1 строка вместо"),
        (2, "2 строки вместо"),
        (4, "4 строки вместо"),
    ] {
        let p = workbook_rows(dir.path(), &[CODE], n, &[]);
        let f = check_workbook(dir.path(), &p);
        assert_eq!(rules(&f), ["incoming.missing-row"], "{f:?}");
        assert!(f[0].message.contains(words), "{}", f[0].message);
        let last_row = format!("строка {}", 5 + n);
        assert!(f[0].message.contains(&last_row), "{}", f[0].message);
        assert!(!f[0].message.contains("(и)"), "{}", f[0].message);
    }
    let p = workbook_rows(dir.path(), &[CODE], 5, &[]);
    assert!(check_workbook(dir.path(), &p).is_empty());
}

#[test]
fn arithmetic_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    // стр.01 гр.06 = 7 → гр.05 (10) ≠ Σ (11).
    let p = workbook(dir.path(), &[CODE], false, &[(0, 6, Cell::N(7.0))]);
    let f = check_workbook(dir.path(), &p);
    assert_eq!(rules(&f), ["incoming.arithmetic"], "{f:?}");
    assert!(f[0].message.contains("стр.01"));
    // стр.02 гр.06 = 7 > стр.01 гр.06 = 6 (and its own sum breaks).
    let p = workbook(
        dir.path(),
        &[CODE],
        false,
        &[(1, 6, Cell::N(7.0)), (1, 5, Cell::N(7.0))],
    );
    let f = check_workbook(dir.path(), &p);
    assert!(
        f.iter()
            .any(|f| f.message.contains("стр.02 = 7 больше стр.01 = 6")),
        "{f:?}"
    );
}

#[test]
fn missing_sheet_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("Лист1").unwrap();
    let p = dir.path().join("x.xlsx");
    wb.save(&p).unwrap();
    let f = check_workbook(dir.path(), &p);
    assert_eq!(rules(&f), ["incoming.unreadable"]);
    assert!(f[0].message.contains("Лист1"));
}

#[test]
fn garbage_file_is_a_finding_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("broken.xlsx");
    std::fs::write(&p, b"PK\x03\x04 not really a zip").unwrap();
    let f = check_workbook(dir.path(), &p);
    assert_eq!(rules(&f), ["incoming.unreadable"]);
    assert_eq!(f[0].place.file, "broken.xlsx");
}

/// A valid form-2 block: 2 with ОВЗ (1 of them disabled), 1 other disabled; nosologies
/// 2 hearing + 1 vision; 1 of them targeted. Everybody employed (гр.05) by the specialty
/// (гр.07, an «из них» column).
fn form2_block() -> Vec<Vec<i64>> {
    let w = (FORM2.last - FORM2.first + 1) as usize;
    let mut v = vec![vec![0i64; w]; 14];
    let set = |v: &mut Vec<Vec<i64>>, r: usize, n: i64| {
        v[r - 1][0] = n; // гр.04
        v[r - 1][1] = n; // гр.05
        v[r - 1][3] = n; // гр.07 из них
    };
    for (r, n) in [
        (1, 10),
        (2, 2),
        (3, 1),
        (4, 1),
        (5, 1),
        (6, 3),
        (7, 1),
        (8, 2),
        (14, 1),
    ] {
        set(&mut v, r, n);
    }
    v
}

#[test]
fn form2_arithmetic_holds_and_breaks() {
    let v = form2_block();
    assert!(
        form2_arithmetic(&v).is_empty(),
        "{:?}",
        form2_arithmetic(&v)
    );
    let mut bad = v.clone();
    bad[5][0] = 4; // стр.06 гр.04 ≠ 02 + 04 and ≠ Σ 07…13 and ≠ Σ columns
    let f = form2_arithmetic(&bad);
    assert!(
        f.iter().any(|(r, _, t)| *r == 6 && t.contains("автосумма")),
        "{f:?}"
    );
    assert!(f.iter().any(|(_, _, t)| t.contains("нозологий")), "{f:?}");
    assert!(
        f.iter().any(|(_, c, t)| *c == 4 && t.contains("«из них»")),
        "{f:?}"
    );
    let mut bad = v.clone();
    bad[13][0] = 2; // стр.14 = 2 > стр.05 = 1
    bad[13][1] = 2;
    let f = form2_arithmetic(&bad);
    assert!(
        f.iter()
            .any(|(r, _, t)| *r == 14 && t.contains("больше стр.05")),
        "{f:?}"
    );
}

#[test]
fn form3_arithmetic_holds_and_breaks() {
    let w = (FORM3.last - FORM3.first + 1) as usize;
    let col = |n: u8| (n - FORM3.first) as usize;
    let mut v = vec![vec![0i64; w]; 5];
    v[0][col(5)] = 10;
    v[0][col(6)] = 4;
    v[0][col(7)] = 2;
    v[0][col(12)] = 6;
    v[0][col(13)] = 3;
    assert!(
        form3_arithmetic(&v).is_empty(),
        "{:?}",
        form3_arithmetic(&v)
    );
    v[0][col(8)] = 3; // 07 + 08 = 5 > 06 = 4
    v[0][col(14)] = 4; // 13 + 14 = 7 > 12 = 6
    v[0][col(17)] = 1; // гр.05 ≠ sum
    let f = form3_arithmetic(&v);
    let texts: Vec<&str> = f.iter().map(|(_, _, t)| t.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("гр.07 + гр.08 + гр.09 = 5 больше гр.06 = 4")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("гр.13 + гр.14 = 7 больше гр.12 = 6")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("гр.05 = 10")), "{texts:?}");
}

/// The header on row 6 instead of the template's 5: read, and a warning.
#[test]
fn header_off_the_template_row_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET).unwrap();
    ws.write_string(0, 0, "Мониторинг").unwrap();
    let mut r = 5u32;
    for (i, h) in (1..=27).map(|n| format!("{n:02}")).enumerate() {
        ws.write_string(r, i as u16, h).unwrap();
    }
    for (i, vals) in block().iter().enumerate() {
        r += 1;
        ws.write_string(r, 1, CODE).unwrap();
        ws.write_string(r, 3, format!("{:02}", i + 1)).unwrap();
        for (k, v) in vals.iter().enumerate() {
            ws.write_number(r, (k + 4) as u16, *v).unwrap();
        }
    }
    let p = dir.path().join("f.xlsx");
    wb.save(&p).unwrap();
    let f = check_workbook(dir.path(), &p);
    assert_eq!(rules(&f), ["incoming.header-row"], "{f:#?}");
    assert!(
        f[0].message.contains("— 6-я, а в шаблоне — 5-я"),
        "{}",
        f[0].message
    );
}

#[test]
fn no_header_row_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET).unwrap();
    ws.write_string(0, 0, "Мониторинг трудоустройства выпускников")
        .unwrap();
    let p = dir.path().join("x.xlsx");
    wb.save(&p).unwrap();
    let f = check_workbook(dir.path(), &p);
    assert_eq!(rules(&f), ["incoming.header"], "{f:?}");
}

#[test]
fn row_numbers_and_names_of_a_code() {
    let dir = tempfile::tempdir().unwrap();
    // The second row of the first block numbered «07».
    let p = workbook(dir.path(), &[CODE], false, &[(1, 4, Cell::S("07"))]);
    let f = check_workbook(dir.path(), &p);
    assert_eq!(rules(&f), ["incoming.row-number"], "{f:?}");
    assert_eq!(f[0].place.line, Some(7));
    let p = workbook(
        dir.path(),
        &[CODE, "15.02.08 Технология металлообработки"],
        false,
        &[],
    );
    let f = check_workbook(dir.path(), &p);
    assert!(rules(&f).contains(&"incoming.code-two-names"), "{f:?}");
}
