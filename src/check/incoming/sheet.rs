//! One worksheet of a received workbook and the phases every workbook kind shares: reading the
//! cells, finding the header row of column ids, reading counts, and saying where a cell is.

use crate::diag::{Finding, Place};
use crate::load::table::{cell_text, parse_count, Grid};
use calamine::Data;
use std::collections::BTreeMap;

/// A worksheet read as text (and raw) cells, with the workbook's project-relative path.
pub struct Sheet<'a> {
    pub file: &'a str,
    pub name: String,
    pub grid: Grid,
}

/// The header row: where each column id («01», «5», «3.1») stands.
#[derive(Debug, Clone)]
pub struct Header {
    /// Grid row index of the header.
    pub row: usize,
    cols: BTreeMap<String, usize>,
}

impl Header {
    /// Grid column of id `id` (written `01`, `1` or `1.1`).
    pub fn col(&self, id: &str) -> Option<usize> {
        self.cols.get(&id_key(id)?).copied()
    }

    /// Grid column of a form column number (гр.05 → `5`).
    pub fn num(&self, n: u8) -> Option<usize> {
        self.cols.get(&n.to_string()).copied()
    }
}

/// A header cell as a column id: `01` and `1` are the same id; `1.1` is kept; anything else
/// (labels, empty) is not an id.
pub fn id_key(s: &str) -> Option<String> {
    let t = s.trim().trim_start_matches("гр.").trim();
    if t.is_empty() || t.len() > 6 {
        return None;
    }
    let mut parts = t.split('.');
    let head = parts.next()?;
    if head.is_empty() || !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let head = head.trim_start_matches('0');
    let head = if head.is_empty() { "0" } else { head };
    match parts.next() {
        None => Some(head.to_string()),
        Some(sub) if !sub.is_empty() && sub.bytes().all(|b| b.is_ascii_digit()) => {
            parts.next().is_none().then(|| format!("{head}.{sub}"))
        }
        _ => None,
    }
}

impl<'a> Sheet<'a> {
    pub fn new(file: &'a str, name: String, grid: Grid) -> Self {
        Sheet { file, name, grid }
    }

    /// Number of rows read.
    pub fn rows(&self) -> usize {
        self.grid.rows.len()
    }

    /// 1-based sheet row of grid row `r`.
    pub fn row_no(&self, r: usize) -> usize {
        self.grid.first_row + r
    }

    /// The place of grid cell (`r`, `c`) for a finding.
    pub fn place(&self, r: usize, c: usize) -> Place {
        Place::at(
            self.file,
            self.grid.first_row + r,
            self.grid.first_column + c,
        )
    }

    /// «лист «…», строка N, столбец L» for a message.
    pub fn pos(&self, r: usize, c: usize) -> String {
        format!(
            "лист «{}», строка {}, столбец {}",
            self.name,
            self.grid.first_row + r,
            column_letters(self.grid.first_column + c)
        )
    }

    /// «лист «…», строка N».
    pub fn pos_row(&self, r: usize) -> String {
        format!("лист «{}», строка {}", self.name, self.grid.first_row + r)
    }

    /// Text of a cell as shown on screen, trimmed; `""` outside the sheet.
    pub fn text(&self, r: usize, c: usize) -> &str {
        self.grid
            .rows
            .get(r)
            .and_then(|row| row.get(c))
            .map_or("", |s| s.trim())
    }

    pub fn raw(&self, r: usize, c: usize) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.grid
            .raw
            .get(r)
            .and_then(|row| row.get(c))
            .unwrap_or(&EMPTY)
    }

    /// A count cell: whole and non-negative; empty is zero.
    pub fn count(&self, r: usize, c: usize) -> Result<i64, String> {
        count_of(self.raw(r, c))
    }

    pub fn is_blank_row(&self, r: usize) -> bool {
        self.grid
            .rows
            .get(r)
            .is_none_or(|row| row.iter().all(|c| c.trim().is_empty()))
    }

    /// The header: the first of the first `within` rows holding every id of `required`.
    pub fn header(&self, required: &[&str], within: usize) -> Option<Header> {
        let keys: Vec<String> = required.iter().filter_map(|s| id_key(s)).collect();
        (0..self.rows().min(within)).find_map(|r| {
            let mut cols = BTreeMap::new();
            for (c, cell) in self.grid.rows[r].iter().enumerate() {
                if let Some(k) = id_key(cell) {
                    cols.entry(k).or_insert(c);
                }
            }
            keys.iter()
                .all(|k| cols.contains_key(k))
                .then_some(Header { row: r, cols })
        })
    }
}

/// The header found on another row than the template's: vypusk reads it anyway, but the
/// regional centre's tool reads the column numbers from the template's row only and rejects
/// the workbook, so it is a warning. `expected` lists the rows the templates use.
pub fn header_row_finding(sheet: &Sheet, h: &Header, expected: &[usize]) -> Option<Finding> {
    let at = sheet.row_no(h.row);
    if expected.contains(&at) {
        return None;
    }
    let rows = expected
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(" или ");
    Some(Finding::warning(
        "incoming.header-row",
        Place::line(sheet.file, at),
        format!(
            "Лист «{}»: строка с номерами граф (колонок) — {at}-я, а в шаблоне — {rows}-я. Программа проверки регионального центра ищет номера граф только на строке шаблона и не примет книгу: не добавляйте и не удаляйте строки над таблицей.",
            sheet.name
        ),
    ))
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

/// A count cell: whole and non-negative; empty is zero (as in the official templates). Text,
/// a decimal or a negative is an error, never a zero.
pub fn count_of(d: &Data) -> Result<i64, String> {
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

    #[test]
    fn letters() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(28), "AB");
    }

    #[test]
    fn ids() {
        assert_eq!(id_key("01").as_deref(), Some("1"));
        assert_eq!(id_key(" 5 ").as_deref(), Some("5"));
        assert_eq!(id_key("3.1").as_deref(), Some("3.1"));
        assert_eq!(id_key("гр.05").as_deref(), Some("5"));
        assert_eq!(id_key("Всего"), None);
        assert_eq!(id_key("1.2.3"), None);
        assert_eq!(id_key(""), None);
    }

    #[test]
    fn counts() {
        assert_eq!(count_of(&Data::Empty), Ok(0));
        assert_eq!(count_of(&Data::Float(3.0)), Ok(3));
        assert!(count_of(&Data::Float(1.5)).unwrap_err().contains("дробное"));
        assert!(count_of(&Data::Int(-1))
            .unwrap_err()
            .contains("отрицательное"));
        assert!(count_of(&Data::String("шесть".into())).is_err());
        assert_eq!(count_of(&Data::String(" 7 ".into())), Ok(7));
    }
}
