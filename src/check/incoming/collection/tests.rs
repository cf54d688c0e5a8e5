//! Tests of the parent module.
use super::super::check_workbook;
use super::*;
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};

#[derive(Clone)]
enum C {
    S(&'static str),
    N(f64),
}
use C::{N, S};

const CODE: &str = "15.02.08 Технология машиностроения";

/// Sheet 1 in the September letter template: title rows, ids on row 4.
fn sheet1_rows(total: f64) -> Vec<Vec<C>> {
    let mut ids: Vec<C> = vec![S("ПОО")];
    ids.extend(SHEET1_IDS.iter().map(|s| S(s)));
    // 2 = total; 3 = employed = total − 1; 3.1 = 1; 5 = 1 (ИП); the rest 0.
    let mut row: Vec<C> = vec![
        S("Колледж"),
        S(CODE),
        N(total),
        N(total - 1.0),
        N(1.0),
        N(0.0),
        N(0.0),
        N(0.0),
        N(0.0),
        N(0.0),
        N(0.0),
        N(1.0),
    ];
    row.extend((6..=18).map(|_| N(0.0)));
    vec![
        vec![S("Мониторинг занятости выпускников")],
        vec![],
        vec![S("ПОО"), S("Код и наименование профессии/специальности")],
        ids,
        vec![S("Пример"), S("Выпадающий список"), S("Сумма")],
        row,
    ]
}

fn nosology_rows(ids: &[&'static str]) -> Vec<Vec<C>> {
    let mut rows = vec![
        vec![S("Нозологии")],
        (1..=7)
            .map(|n| S(["1", "2", "3", "4", "5", "6", "7"][n - 1]))
            .collect(),
    ];
    for id in ids {
        rows.push(vec![S(CODE), S(id), S("слух")]);
    }
    rows
}

fn target_row(
    id: &'static str,
    state: &'static str,
    c7: &'static str,
    c8: &'static str,
    c9: &'static str,
    c10: &'static str,
) -> Vec<C> {
    vec![
        S(CODE),
        S(id),
        S(""),
        S(""),
        S("6312000011"),
        S(state),
        S(c7),
        S(c8),
        S(c9),
        S(c10),
    ]
}

fn targets_rows(rows: Vec<Vec<C>>) -> Vec<Vec<C>> {
    let mut out = vec![
        vec![S("Целевики")],
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
            .iter()
            .map(|s| S(s))
            .collect(),
    ];
    out.extend(rows);
    out
}

fn save(dir: &Path, name: &str, sheets: &[(&str, Vec<Vec<C>>)]) -> PathBuf {
    let mut wb = Workbook::new();
    for (sheet, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*sheet).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    S("") => {}
                    S(s) => {
                        ws.write_string(r as u32, c as u16, *s).unwrap();
                    }
                    N(x) => {
                        ws.write_number(r as u32, c as u16, *x).unwrap();
                    }
                }
            }
        }
    }
    let p = dir.join(name);
    wb.save(&p).unwrap();
    p
}

fn active(id: &'static str) -> Vec<C> {
    target_row(id, "действует", values::ACTIVE_STATUS[0], "", "", "")
}

fn september(dir: &Path, s1: Vec<Vec<C>>, nos: Vec<Vec<C>>, tg: Vec<Vec<C>>) -> Vec<Finding> {
    let p = save(dir, "pk.xlsx", &[(SHEET1, s1), (SHEET2, nos), (SHEET3, tg)]);
    check_workbook(dir, &p)
}

fn rules(f: &[Finding]) -> Vec<&str> {
    f.iter().map(|f| f.rule).collect()
}

#[test]
fn valid_september_workbook_has_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    let terminated = target_row(
        "G-3",
        "расторгнут",
        "",
        values::TERMINATION[2],
        values::REASON[2],
        values::AFTER[0],
    );
    let f = september(
        dir.path(),
        sheet1_rows(10.0),
        nosology_rows(&["G-1", "G-2"]),
        targets_rows(vec![active("G-1"), terminated]),
    );
    assert!(f.is_empty(), "{f:#?}");
}

#[test]
fn sheet1_counts_and_arithmetic_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let mut s1 = sheet1_rows(10.0);
    s1[5][3] = S("девять"); // колонка 3 as text: an error, not a zero
    s1[5][4] = N(2.0); // 3.1 = 2 (3 unreadable: not judged)
    let mut extra = vec![S("Колледж"), S(""), N(5.0), N(5.0)];
    extra.extend((0..20).map(|_| N(0.0)));
    s1.push(extra); // figures without a specialty
    let mut sum_off = sheet1_rows(7.0)[5].clone();
    sum_off[1] = S("09.02.07 Информационные системы и программирование");
    sum_off[6] = N(9.0); // 3.3 = 9 > 3 = 6; and 2 = 7 ≠ 6 + 1
    sum_off[11] = N(0.0);
    s1.push(sum_off);
    let f = september(dir.path(), s1, nosology_rows(&[]), targets_rows(vec![]));
    assert_eq!(
        rules(&f),
        [
            "incoming.bad-count",
            "incoming.no-code",
            "incoming.arithmetic",
            "incoming.arithmetic"
        ],
        "{f:#?}"
    );
    assert_eq!(f[0].place, Place::at("pk.xlsx", 6, 4));
    assert!(
        f[0].message
            .contains("лист «1. Форма сбора», строка 6, столбец D"),
        "{}",
        f[0].message
    );
    assert!(f[1].message.contains("колонка 1"), "{}", f[1].message);
    assert!(
        f[2].message.contains("сумма колонок 3, 4, 5 … 17 = 6"),
        "{}",
        f[2].message
    );
    assert!(
        f[3].message
            .contains("колонка 3.3 = 9 больше колонки 3 = 6"),
        "{}",
        f[3].message
    );
}

#[test]
fn nosology_ids_specialties_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut nos = nosology_rows(&["G-1", "G-1", ""]);
    nos.push(vec![S("43.02.15 Поварское и кондитерское дело"), S("G-9")]);
    let f = september(dir.path(), sheet1_rows(2.0), nos, targets_rows(vec![]));
    assert_eq!(
        rules(&f),
        [
            "incoming.id-duplicate",
            "incoming.id-blank",
            "incoming.not-on-sheet1",
            "incoming.count-exceeds"
        ],
        "{f:#?}"
    );
    assert!(
        f[0].message.contains("уже указан в строке 3"),
        "{}",
        f[0].message
    );
    assert!(
        f[3].message.contains("— 3, а выпускников"),
        "{}",
        f[3].message
    );
}

#[test]
fn targets_value_lists_and_initiator() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        target_row("G-1", "Действует", values::ACTIVE_STATUS[0], "", "", ""),
        target_row(
            "G-2",
            "действует",
            values::ACTIVE_STATUS[1],
            values::TERMINATION[0],
            "",
            "",
        ),
        // Employer-initiated termination with a graduate's reason.
        target_row(
            "G-3",
            "расторгнут",
            "",
            values::TERMINATION[2],
            values::REASON[0],
            values::AFTER[1],
        ),
        target_row(
            "G-4",
            "расторгнут",
            "",
            "",
            values::REASON[0],
            values::AFTER[1],
        ),
    ];
    let mut tg = targets_rows(rows);
    tg[3][4] = S("631200001"); // 9 digits
    let f = september(dir.path(), sheet1_rows(10.0), nosology_rows(&[]), tg);
    assert_eq!(
        rules(&f),
        [
            "incoming.value-list",
            "incoming.inn",
            "incoming.value-list",
            "incoming.initiator",
            "incoming.value-list"
        ],
        "{f:#?}"
    );
    assert!(
        f[0].message.contains("пишется так: «действует»"),
        "{}",
        f[0].message
    );
    assert!(f[2].message.contains("колонка 8"), "{}", f[2].message);
    assert!(
        f[3].message.contains("по инициативе работодателя"),
        "{}",
        f[3].message
    );
    assert!(
        f[4].message.contains("колонка 8: пусто"),
        "{}",
        f[4].message
    );
}

#[test]
fn may_workbook_inn_kpp_and_sum() {
    let dir = tempfile::tempdir().unwrap();
    let mut s1 = sheet1_rows(10.0);
    s1.remove(0); // the site template: ids on row 3
    let mut tg = vec![
        vec![S("Целевики")],
        vec![],
        (1..=27)
            .map(|n| S(Box::leak(n.to_string().into_boxed_str())))
            .collect(),
    ];
    let row = |inn: &'static str, kpp: &'static str, n: f64, first: f64| {
        let mut r = vec![S(CODE), S(""), S(inn), S(kpp), N(n), N(first)];
        r.extend((7..=27).map(|_| N(0.0)));
        r
    };
    tg.push(row("6312000011", "631201001", 2.0, 2.0));
    tg.push(row("631200001112", "", 1.0, 1.0));
    tg.push(row("6312000011", "", 1.0, 1.0)); // a legal entity without КПП
    tg.push(row("63120", "631201001", 3.0, 2.0)); // bad ИНН; 5 ≠ Σ
    let p = save(dir.path(), "may.xlsx", &[(SHEET1, s1), (SHEET3, tg)]);
    let f = check_workbook(dir.path(), &p);
    assert_eq!(
        rules(&f),
        ["incoming.kpp", "incoming.inn", "incoming.arithmetic"],
        "{f:#?}"
    );
    assert!(f[0].message.contains("КПП из 9 цифр"), "{}", f[0].message);
}

#[test]
fn september_needs_the_nosology_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let p = save(
        dir.path(),
        "pk.xlsx",
        &[(SHEET1, sheet1_rows(10.0)), (SHEET3, targets_rows(vec![]))],
    );
    let f = check_workbook(dir.path(), &p);
    assert_eq!(rules(&f), ["incoming.missing-sheet"], "{f:#?}");
    assert!(f[0].message.contains("«2. Нозологии»"));
}

#[test]
fn a_collection_workbook_without_sheet1_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = save(
        dir.path(),
        "pk.xlsx",
        &[
            (SHEET2, nosology_rows(&["G-1"])),
            (SHEET3, targets_rows(vec![active("G-1")])),
        ],
    );
    let f = check_workbook(dir.path(), &p);
    assert_eq!(rules(&f), ["incoming.missing-sheet"], "{f:#?}");
    assert!(f[0].message.contains("«1. Форма сбора»"));
}

#[test]
fn nosology_header_off_the_template_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut nos = nosology_rows(&["G-1"]);
    nos.insert(0, vec![S("Лишняя строка")]);
    let f = september(dir.path(), sheet1_rows(10.0), nos, targets_rows(vec![]));
    assert_eq!(rules(&f), ["incoming.header-row"], "{f:#?}");
    assert!(f[0].message.contains("«2. Нозологии»"), "{}", f[0].message);
}

#[test]
fn sheet1_without_rows_or_with_a_code_under_two_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut empty = sheet1_rows(10.0);
    empty.pop();
    let f = september(dir.path(), empty, nosology_rows(&[]), targets_rows(vec![]));
    assert!(rules(&f).contains(&"incoming.empty-sheet"), "{f:#?}");
    let mut twice = sheet1_rows(10.0);
    let mut other = twice[5].clone();
    other[1] = S("15.02.08 Технология металлообработки");
    twice.push(other);
    let f = september(
        dir.path(),
        twice,
        nosology_rows(&["G-1"]),
        targets_rows(vec![active("G-1")]),
    );
    let two: Vec<_> = f
        .iter()
        .filter(|f| f.rule == "incoming.code-two-names")
        .collect();
    assert_eq!(two.len(), 1, "{f:#?}");
    assert_eq!(two[0].place.line, Some(7), "the second row of the code");
}
