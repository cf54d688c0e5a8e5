//! Excel and OpenDocument workbooks: rows of a table (by header, as the CSV reader does) and
//! whole sheets as text cells, with dates and numbers as an officer reads them on screen.

use super::{header_key, map_columns, Chunk, ColumnSpec, Parsed, Row, Source};
use crate::diag::{Finding, Place};
use crate::load::sniff;
use std::path::Path;

pub(super) fn read_xlsx<T, F>(
    path: &Path,
    file: &str,
    spec: &[ColumnSpec],
    sheet: Option<&str>,
    parse: &F,
) -> Parsed<T>
where
    F: Fn(&Row, &str, &mut Chunk) -> Option<T>,
{
    let grid = match read_sheet(path, sheet) {
        Ok(g) => g,
        Err(msg) => {
            return (
                None,
                vec![Finding::error("table.unreadable", Place::file(file), msg)],
            )
        }
    };
    let Some(h) = grid
        .rows
        .iter()
        .position(|r| r.iter().any(|c| !c.trim().is_empty()))
    else {
        return (
            None,
            vec![Finding::error(
                "table.missing-column",
                Place::file(file),
                "Лист пуст: нет строки заголовков.".to_string(),
            )],
        );
    };
    let headers: Vec<String> = grid.rows[h].iter().map(|c| c.trim().to_string()).collect();
    let map = match map_columns(&headers, spec, file) {
        Ok(m) => m,
        Err(mut f) => {
            f.place = Place::line(file, grid.first_row + h);
            return (None, vec![*f]);
        }
    };
    let mut rows = Vec::new();
    let mut findings = Chunk::default();
    for (i, cells) in grid.rows.iter().enumerate().skip(h + 1) {
        let row = Row {
            line: grid.first_row + i,
            src: Source::Cells(cells),
            map: &map,
        };
        if row.is_blank() {
            continue;
        }
        if let Some(t) = parse(&row, file, &mut findings) {
            rows.push(t);
        }
    }
    (Some(rows), findings.findings)
}

/// A worksheet as text cells.
pub struct Grid {
    /// 1-based sheet row of `rows[0]`.
    pub first_row: usize,
    /// 1-based sheet column of each `rows[_][0]`.
    pub first_column: usize,
    pub rows: Vec<Vec<String>>,
    /// The same cells, raw, for callers that need to tell numbers from text.
    pub raw: Vec<Vec<calamine::Data>>,
}

/// Read sheet `sheet` (or the first) of a workbook. Dates become `DD.MM.YYYY`, whole floats
/// become integers, other floats keep their fraction (so that a decimal is never read as a count).
pub fn read_sheet(path: &Path, sheet: Option<&str>) -> Result<Grid, String> {
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    // calamine can panic on a damaged workbook (an arithmetic overflow on a cell reference
    // like `AAAAAAAAAAAA1` was found by tests/fuzz.rs): a bad file is a finding, not a crash.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_sheet_of(path, sheet, &file)
    }))
    .unwrap_or_else(|_| {
        Err(format!(
            "Не удалось прочитать книгу Excel {file}: книга повреждена. Откройте её в Excel и сохраните заново как «Книга Excel (.xlsx)»."
        ))
    })
}

fn read_sheet_of(path: &Path, sheet: Option<&str>, file: &str) -> Result<Grid, String> {
    use calamine::Reader;
    let file = file.to_string();
    if let Some(msg) = sniff::workbook_mismatch(path, &file) {
        return Err(msg);
    }
    let mut wb =
        calamine::open_workbook_auto(path).map_err(|e| sniff::workbook_error_ru(&file, &e))?;
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| header_key(n) == header_key(s))
            .cloned()
            .ok_or_else(|| {
                format!(
                    "В книге нет листа «{s}». Листы книги: {}.",
                    names
                        .iter()
                        .map(|n| format!("«{n}»"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| "В книге нет ни одного листа.".to_string())?,
    };
    let range = wb.worksheet_range(&name).map_err(|e| {
        format!(
            "Не удалось прочитать лист «{name}»: {}",
            sniff::workbook_error_ru(&file, &e)
        )
    })?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let raw: Vec<Vec<calamine::Data>> = range.rows().map(|r| r.to_vec()).collect();
    let rows = raw
        .iter()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    Ok(Grid {
        first_row: r0 as usize + 1,
        first_column: c0 as usize + 1,
        rows,
        raw,
    })
}

/// Text of a cell as an officer would read it on screen.
pub fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "да" } else { "нет" }.to_string(),
        Data::DateTime(dt) => excel_serial_date(dt.as_f64())
            .map(crate::format::date_ru)
            .unwrap_or_else(|| float_text(dt.as_f64())),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// Excel's serial day number (1900 system) → date.
pub fn excel_serial_date(serial: f64) -> Option<jiff::civil::Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    jiff::civil::Date::constant(1899, 12, 30)
        .checked_add(jiff::Span::new().days(serial.floor() as i64))
        .ok()
}
