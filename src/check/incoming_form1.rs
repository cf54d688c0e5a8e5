//! Validation of a received Ministry form 1 workbook (`data/incoming/*.xlsx`, sheet
//! «Форма 1 пятистрочная»): header row with column numbers `01…28,30`, then five rows per
//! specialty (стр.01–05). Every count must be a whole non-negative number — text, a decimal or a
//! negative is an error, never a zero (the regional desktop tool reads them as zero). An empty
//! cell is taken as zero, as in the official template.

use crate::compute::form1::{arithmetic_violations, COLUMNS};
use crate::diag::{rel_path, Finding, Place};
use crate::format::count_ru;
use crate::load::table::{cell_text, parse_count, read_sheet};
use crate::model::specialty::split_code;
use calamine::Data;
use std::collections::BTreeMap;
use std::path::Path;

pub const SHEET: &str = "Форма 1 пятистрочная";
pub const INCOMING_DIR: &str = "data/incoming";

/// Check every `*.xlsx` in `data/incoming/` (sorted by name); none → no findings.
pub fn check_dir(root: &Path) -> Vec<Finding> {
    let Ok(rd) = std::fs::read_dir(root.join(INCOMING_DIR)) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("~$"))
        })
        .collect();
    paths.sort();
    paths.iter().flat_map(|p| check_workbook(root, p)).collect()
}

/// Excel column letters of a 1-based column: 1 → A, 28 → AB.
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    while col > 0 {
        let r = (col - 1) % 26;
        out.push(b'A' + r as u8);
        col = (col - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A parsed data row of the sheet.
struct SheetRow {
    sheet_row: usize,
    code_text: String,
    code_col: usize,
    row_no: Option<u8>,
    row_no_text: String,
    row_no_col: usize,
    /// гр.05…27; `None` where the cell is not a count (already reported).
    values: [Option<i64>; COLUMNS],
}

/// Check one workbook.
pub fn check_workbook(root: &Path, path: &Path) -> Vec<Finding> {
    let file = rel_path(root, path);
    let mut out = Vec::new();
    let grid = match read_sheet(path, Some(SHEET)) {
        Ok(g) => g,
        Err(msg) => {
            out.push(Finding::error("form1.unreadable", Place::file(&file), msg));
            return out;
        }
    };
    let at =
        |r: usize, c: usize| Place::at(file.clone(), grid.first_row + r, grid.first_column + c);
    let sheet_pos = |r: usize, c: usize| {
        format!(
            "лист «{SHEET}», строка {}, столбец {}",
            grid.first_row + r,
            column_letters(grid.first_column + c)
        )
    };
    // The header row: the first row whose cells read as column numbers 01…27.
    let number_of = |s: &str| -> Option<u8> {
        let t = s.trim();
        (!t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let header = grid.rows.iter().position(|r| {
        let nums: Vec<u8> = r.iter().filter_map(|c| number_of(c)).collect();
        (2..=27).all(|n| nums.contains(&n))
    });
    let Some(h) = header else {
        out.push(Finding::error(
            "form1.header",
            Place::file(&file),
            format!("На листе «{SHEET}» нет строки с номерами граф 01…28, 30: проверьте, что книга заполнена по официальному шаблону."),
        ));
        return out;
    };
    let mut col_of: BTreeMap<u8, usize> = BTreeMap::new();
    for (i, c) in grid.rows[h].iter().enumerate() {
        if let Some(n) = number_of(c) {
            col_of.entry(n).or_insert(i);
        }
    }
    let (Some(&code_col), Some(&row_col)) = (col_of.get(&2), col_of.get(&4)) else {
        out.push(Finding::error(
            "form1.header",
            at(h, 0),
            "В строке заголовка нет граф 02 (код и наименование) и 04 (№ строки).".to_string(),
        ));
        return out;
    };
    let mut rows = Vec::new();
    for (r, cells) in grid.rows.iter().enumerate().skip(h + 1) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let raw = &grid.raw[r];
        let mut values = [None; COLUMNS];
        for (k, v) in values.iter_mut().enumerate() {
            let gr = (k + 5) as u8;
            let Some(&c) = col_of.get(&gr) else {
                continue;
            };
            match count_of(raw.get(c).unwrap_or(&Data::Empty)) {
                Ok(n) => *v = Some(n),
                Err(why) => out.push(Finding::error(
                    "form1.bad-count",
                    at(r, c),
                    format!("{}, гр.{gr:02}: {why}. Укажите целое неотрицательное число (пустая ячейка — ноль).", sheet_pos(r, c)),
                )),
            }
        }
        let row_no_text = cells.get(row_col).cloned().unwrap_or_default();
        rows.push(SheetRow {
            sheet_row: r,
            code_text: cells.get(code_col).cloned().unwrap_or_default(),
            code_col,
            row_no: number_of(&row_no_text).filter(|n| (1..=5).contains(n)),
            row_no_text,
            row_no_col: row_col,
            values,
        });
    }
    // Blocks: consecutive rows of one specialty; the code may be written only in the first row
    // of a block (merged cells), so an empty code continues the current block.
    let mut blocks: Vec<(String, Vec<&SheetRow>)> = Vec::new();
    for row in &rows {
        let code = row.code_text.trim();
        let starts = match blocks.last() {
            None => true,
            Some((cur, _)) => !code.is_empty() && code != cur,
        };
        if starts {
            blocks.push((code.to_string(), Vec::new()));
        }
        if let Some(b) = blocks.last_mut() {
            b.1.push(row);
        }
    }
    let mut names: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for (code_text, block) in &blocks {
        let first = block[0];
        let r0 = first.sheet_row;
        match split_code(code_text) {
            Err(why) => out.push(Finding::error(
                "form1.bad-code",
                at(r0, first.code_col),
                format!("{}: «{code_text}» — {why}, затем наименование специальности.", sheet_pos(r0, first.code_col)),
            )),
            Ok((_, "")) => out.push(Finding::error(
                "form1.bad-code",
                at(r0, first.code_col),
                format!("{}: у кода {code_text} нет наименования специальности: запишите «код наименование».", sheet_pos(r0, first.code_col)),
            )),
            Ok((code, name)) => match names.get(code) {
                Some((other, line)) if other != name => out.push(Finding::error(
                    "form1.code-two-names",
                    at(r0, first.code_col),
                    format!(
                        "{}: код {code} записан с наименованием «{name}», а в строке {line} — «{other}». У одного кода одно наименование.",
                        sheet_pos(r0, first.code_col)
                    ),
                )),
                Some(_) => {}
                None => {
                    names.insert(code.to_string(), (name.to_string(), grid.first_row + r0));
                }
            },
        }
        for (i, row) in block.iter().enumerate() {
            let r = row.sheet_row;
            if i >= 5 {
                out.push(Finding::error(
                    "form1.extra-row",
                    at(r, row.row_no_col),
                    format!(
                        "{}: лишняя, {}-я строка в блоке специальности «{code_text}»; в блоке ровно пять строк 01–05. Удалите её или укажите код специальности.",
                        sheet_pos(r, row.row_no_col),
                        i + 1
                    ),
                ));
            } else if row.row_no != Some(i as u8 + 1) {
                out.push(Finding::error(
                    "form1.row-number",
                    at(r, row.row_no_col),
                    format!(
                        "{}: № строки «{}», а на этом месте блока «{code_text}» должна быть стр.{:02}.",
                        sheet_pos(r, row.row_no_col),
                        row.row_no_text,
                        i + 1
                    ),
                ));
            }
        }
        if block.len() < 5 {
            out.push(Finding::error(
                "form1.missing-row",
                at(block[block.len() - 1].sheet_row, first.row_no_col),
                format!(
                    "{}: в блоке специальности «{code_text}» {} вместо пяти (01–05): добавьте недостающие строки.",
                    sheet_pos(block[block.len() - 1].sheet_row, first.row_no_col),
                    count_ru(block.len() as i64, "строка", "строки", "строк")
                ),
            ));
            continue;
        }
        // Arithmetic only over blocks whose every count was read.
        let mut vals = [[0i64; COLUMNS]; 5];
        let mut complete = true;
        for (i, row) in block.iter().take(5).enumerate() {
            for (k, v) in row.values.iter().enumerate() {
                match v {
                    Some(n) => vals[i][k] = *n,
                    None => complete = false,
                }
            }
        }
        if !complete {
            continue;
        }
        for (rno, gr, text) in arithmetic_violations(&vals) {
            let row = block[rno - 1];
            let c = col_of.get(&(gr as u8)).copied().unwrap_or(0);
            out.push(Finding::error(
                "form1.arithmetic",
                at(row.sheet_row, c),
                format!(
                    "{}, блок «{code_text}»: {text}.",
                    sheet_pos(row.sheet_row, c)
                ),
            ));
        }
    }
    out
}

/// A count cell: whole and non-negative; empty is zero.
fn count_of(d: &Data) -> Result<i64, String> {
    match d {
        Data::Empty => Ok(0),
        Data::Int(n) if *n >= 0 => Ok(*n),
        Data::Int(n) => Err(format!("«{n}» — отрицательное число")),
        Data::Float(f) if *f < 0.0 => Err(format!("«{}» — отрицательное число", cell_text(d))),
        Data::Float(f) if f.fract() != 0.0 => Err(format!("«{}» — дробное число", cell_text(d))),
        Data::Float(f) => Ok(*f as i64),
        Data::String(s) if s.trim().is_empty() => Ok(0),
        Data::String(s) => parse_count(s).map(i64::from),
        other => Err(format!("«{}» — не число", cell_text(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Workbook;

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
        let path = dir.join("form1.xlsx");
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
        let bad: Vec<&Finding> = f.iter().filter(|f| f.rule == "form1.bad-count").collect();
        assert_eq!(bad.len(), 3, "{f:?}");
        assert_eq!(bad[0].place, Place::at("form1.xlsx", 6, 6));
        assert!(
            bad[0].message.contains("строка 6, столбец F"),
            "{}",
            bad[0].message
        );
        assert!(bad[0].message.contains("гр.06"));
        assert!(bad[1].message.contains("дробное"));
        assert!(bad[2].message.contains("отрицательное"));
        // Text is not read as zero: the block's arithmetic is not judged on guessed values.
        assert!(!rules(&f).contains(&"form1.arithmetic"));
    }

    #[test]
    fn sixth_row_and_bad_code() {
        let dir = tempfile::tempdir().unwrap();
        let p = workbook(dir.path(), &[CODE], true, &[]);
        let f = check_workbook(dir.path(), &p);
        assert_eq!(rules(&f), ["form1.extra-row"], "{f:?}");
        assert_eq!(f[0].place.line, Some(11));
        let p = workbook(dir.path(), &["15.2.08 Технология"], false, &[]);
        assert_eq!(rules(&check_workbook(dir.path(), &p)), ["form1.bad-code"]);
        let p = workbook(dir.path(), &["15.02.08"], false, &[]);
        assert_eq!(rules(&check_workbook(dir.path(), &p)), ["form1.bad-code"]);
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
            assert_eq!(rules(&f), ["form1.missing-row"], "{f:?}");
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
        assert_eq!(rules(&f), ["form1.arithmetic"], "{f:?}");
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
        assert_eq!(rules(&f), ["form1.unreadable"]);
        assert!(f[0].message.contains("Лист1"));
    }

    #[test]
    fn garbage_file_is_a_finding_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("broken.xlsx");
        std::fs::write(&p, b"PK\x03\x04 not really a zip").unwrap();
        let f = check_workbook(dir.path(), &p);
        assert_eq!(rules(&f), ["form1.unreadable"]);
        assert_eq!(f[0].place.file, "broken.xlsx");
    }

    #[test]
    fn letters() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(28), "AB");
    }
}
