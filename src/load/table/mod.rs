//! Tabular files as officers keep them: CSV exported by Excel (UTF-8 with or without BOM, or
//! Windows-1251; `;` or `,`; quoted fields; CRLF) and xlsx workbooks.
//!
//! Columns are found by header, not by position: headers are compared case-insensitively with
//! `ё`=`е`, spaces and punctuation ignored, against Russian and English aliases. Every row keeps
//! the 1-based line (CSV) or sheet row (xlsx) it came from, so findings can point at it.
//!
//! Large CSV files are parsed in parallel: the text is cut at line ends (the cuts depend on the
//! text only, not on the number of threads); a piece that ends inside a quoted cell is read
//! again together with the next one, so the result is always that of reading from start to end.
//! A large plain UTF-8 file is read in blocks into one buffer used again, each block parsed
//! so (`csv_file.rs`).
//!
//! A stray quote (`;"прогноз;…` with no closing quote) would make the rest of the file one
//! cell. A quoted cell whose line breaks swallow lines that look like records (at least
//! columns − 1 delimiters), more than 100 lines, or that is still open at the
//! end of the file is reported as `table.malformed` on its first line, and reading goes on
//! from the next line.

use crate::diag::{rel_path, Finding, Findings, Place};
use crate::model::channel::normalize;
use arcstr::ArcStr;
use std::borrow::Cow;
use std::path::Path;

/// One expected column: a stable key, the title shown in messages, and accepted header aliases.
///
/// The fixed files' specs are `'static` constants; a spec built at run time (the ОПК layout
/// file) borrows its strings from the layout, so nothing is leaked when `serve` rebuilds.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec<'a> {
    pub title: &'a str,
    /// Other accepted headers (Russian and English); the title is always accepted.
    pub aliases: &'a [&'a str],
    pub required: bool,
}

impl ColumnSpec<'_> {
    fn matches(&self, header_norm: &str) -> bool {
        std::iter::once(self.title)
            .chain(self.aliases.iter().copied())
            .any(|a| header_key(a) == header_norm)
    }
}

/// Header comparison key: normalised, without spaces.
pub fn header_key(s: &str) -> String {
    normalize(s).replace([' ', '.'], "")
}

/// Per-piece state handed to the row parser: the findings of the piece and a string interner,
/// so that enterprise names and positions repeated over millions of rows are stored once.
#[derive(Default)]
pub struct Chunk {
    pub findings: Vec<Finding>,
    strings: std::collections::HashSet<ArcStr, FastHash>,
    /// The previous row's cell of each column interned with [`Chunk::intern_cell`].
    last_cells: Vec<Option<ArcStr>>,
    /// The key last passed to [`Chunk::find_like_last`] and what was found for it.
    last_key: String,
    last_found: Option<Option<u32>>,
}

impl Chunk {
    /// `find(key)`, or the previous call's answer when `key` is the same. The rows of one
    /// graduate usually stand together, and looking an ID up among a hundred thousand misses
    /// the cache (most of the tracks parser's own time in the monitoring bench).
    pub fn find_like_last(
        &mut self,
        key: &str,
        find: impl FnOnce(&str) -> Option<u32>,
    ) -> Option<u32> {
        match self.last_found {
            Some(found) if self.last_key == key => found,
            _ => {
                let found = find(key);
                self.last_key.clear();
                self.last_key.push_str(key);
                self.last_found = Some(found);
                found
            }
        }
    }

    /// [`Chunk::intern`] for the cell of column `col`: compared first with the previous row's
    /// cell of that column, which it often equals, to spare hashing it.
    pub fn intern_cell(&mut self, col: usize, s: &str) -> ArcStr {
        if let Some(Some(last)) = self.last_cells.get(col) {
            if **last == *s {
                return last.clone();
            }
        }
        let a = self.intern(s);
        if self.last_cells.len() <= col {
            self.last_cells.resize(col + 1, None);
        }
        self.last_cells[col] = Some(a.clone());
        a
    }

    /// A shared copy of `s`.
    pub fn intern(&mut self, s: &str) -> ArcStr {
        if s.is_empty() {
            // Static: no allocation, and its copies count no references.
            return ArcStr::new();
        }
        if let Some(a) = self.strings.get(s) {
            return a.clone();
        }
        let a = ArcStr::from(s);
        self.strings.insert(a.clone());
        a
    }
}

impl std::ops::Deref for Chunk {
    type Target = Vec<Finding>;
    fn deref(&self) -> &Vec<Finding> {
        &self.findings
    }
}

impl std::ops::DerefMut for Chunk {
    fn deref_mut(&mut self) -> &mut Vec<Finding> {
        &mut self.findings
    }
}

/// The hasher for lookups done once per row (IDs, interned strings): keys are short, and
/// SipHash's protection against crafted keys buys nothing for a local file.
pub type FastHash = rustc_hash::FxBuildHasher;

enum Source<'a> {
    /// A CSV record as bytes, and its raw text when the record has no quotes: its cells are
    /// then slices of that text (no copy, no second UTF-8 check); otherwise each cell read is
    /// checked on its own.
    Csv {
        rec: &'a csv::ByteRecord,
        raw: Option<&'a str>,
    },
    Cells(&'a [String]),
}

/// One data row, with cells looked up by the index of the column in the spec.
pub struct Row<'a> {
    /// 1-based line (CSV) or sheet row (xlsx).
    pub line: usize,
    src: Source<'a>,
    map: &'a [Option<usize>],
}

impl<'a> Row<'a> {
    /// The trimmed cell of spec column `col`; empty when the column is absent.
    pub fn get(&self, col: usize) -> &'a str {
        let Some(Some(i)) = self.map.get(col) else {
            return "";
        };
        trim_cell(self.cell(*i))
    }

    /// Cell `i` of the record as written (untrimmed); empty when the record is shorter.
    fn cell(&self, i: usize) -> &'a str {
        let cell = match self.src {
            // Without quotes, cell `i` starts `i` delimiters further into the raw text than
            // in the record's buffer (delimiters are single ASCII bytes).
            Source::Csv {
                rec,
                raw: Some(raw),
            } => rec.range(i).and_then(|r| raw.get(r.start + i..r.end + i)),
            Source::Csv { rec, raw: None } => rec.get(i).and_then(|b| std::str::from_utf8(b).ok()),
            Source::Cells(c) => c.get(i).map(String::as_str),
        };
        cell.unwrap_or("")
    }

    /// Whether column `col` of the spec is present in the file.
    pub fn has(&self, col: usize) -> bool {
        matches!(self.map.get(col), Some(Some(_)))
    }

    fn is_blank(&self) -> bool {
        let n = match self.src {
            Source::Csv { rec, .. } => rec.len(),
            Source::Cells(c) => c.len(),
        };
        (0..n).all(|i| trim_cell(self.cell(i)).is_empty())
    }
}

/// `s` without surrounding white space. Most cells plainly have none — they start and end
/// with a visible ASCII character or a Cyrillic letter (UTF-8 lead byte 0xD0/0xD1, which no
/// white space character has) — and skip `str::trim`'s general scan, which was 3 % of the
/// monitoring bench for nine cells of two million rows.
fn trim_cell(s: &str) -> &str {
    let b = s.as_bytes();
    let visible = |c: u8| c.is_ascii_graphic() || c == 0xD0 || c == 0xD1;
    let starts_visible = b.first().is_some_and(|&c| visible(c));
    let ends_visible = match b {
        [.., z] if z.is_ascii_graphic() => true,
        // A Cyrillic letter is two bytes, the first 0xD0 or 0xD1 (never a continuation byte).
        [.., y, _] => *y == 0xD0 || *y == 0xD1,
        _ => false,
    };
    if b.is_empty() || (starts_visible && ends_visible) {
        s
    } else {
        s.trim()
    }
}

/// Read `path` (CSV or xlsx by extension) and turn each non-blank data row into a `T` with
/// `parse`, which may add findings. `None` (with findings) when the file cannot be read or
/// lacks a required column. `sheet` names the xlsx sheet; the first sheet otherwise.
pub fn read_rows<T, F>(
    root: &Path,
    path: &Path,
    spec: &[ColumnSpec],
    sheet: Option<&str>,
    findings: &mut Findings,
    parse: F,
) -> Option<Vec<T>>
where
    T: Send,
    F: Fn(&Row, &str, &mut Chunk) -> Option<T> + Sync,
{
    read_rows_in_pieces(root, path, spec, sheet, findings, parse).map(concat)
}

/// [`read_rows`] as the pieces read in parallel, in file order: a caller that spreads the
/// rows elsewhere anyway (tracks over graduates) spares the copy into one vector.
pub fn read_rows_in_pieces<T, F>(
    root: &Path,
    path: &Path,
    spec: &[ColumnSpec],
    sheet: Option<&str>,
    findings: &mut Findings,
    parse: F,
) -> Option<Vec<Vec<T>>>
where
    T: Send,
    F: Fn(&Row, &str, &mut Chunk) -> Option<T> + Sync,
{
    let file = rel_path(root, path);
    let is_xlsx = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "xlsx" | "xlsm" | "xls" | "ods"
        )
    });
    let (out, fs) = if is_xlsx {
        let (rows, fs) = read_xlsx(path, &file, spec, sheet, &parse);
        (rows.map(|r| vec![r]), fs)
    } else {
        match read_csv_file(path, &file, spec, &parse) {
            Ok(read) => read,
            Err(e) => (
                None,
                vec![Finding::error(
                    "table.unreadable",
                    Place::file(&file),
                    format!(
                        "Не удалось прочитать файл: {}.",
                        crate::diag::io_error_ru(&e)
                    ),
                )],
            ),
        }
    };
    findings.extend(fs);
    out
}

/// UTF-8 (BOM removed) when the bytes are valid UTF-8, Windows-1251 otherwise. The check
/// runs over the whole file before any parsing; `simdutf8` does it many times faster than
/// `std::str::from_utf8` on Cyrillic text (every letter two bytes, no ASCII fast path).
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match simdutf8::basic::from_utf8(b) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => encoding_rs::WINDOWS_1251.decode_without_bom_handling(b).0,
    }
}

/// The delimiter used in a header line: `;`, `,` or tab, whichever occurs most outside quotes.
pub fn detect_delimiter(header: &str) -> u8 {
    let (mut semi, mut comma, mut tab, mut quoted) = (0, 0, 0, false);
    for b in header.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => semi += 1,
            b',' if !quoted => comma += 1,
            b'\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if tab > semi && tab > comma {
        b'\t'
    } else if comma > semi {
        b','
    } else {
        b';'
    }
}

/// Map spec columns to header positions, or a finding listing what was found and expected.
fn map_columns(
    headers: &[String],
    spec: &[ColumnSpec],
    file: &str,
) -> Result<Vec<Option<usize>>, Box<Finding>> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let map: Vec<Option<usize>> = spec
        .iter()
        .map(|c| keys.iter().position(|k| c.matches(k)))
        .collect();
    let missing: Vec<&ColumnSpec> = spec
        .iter()
        .zip(&map)
        .filter(|(c, m)| c.required && m.is_none())
        .map(|(c, _)| c)
        .collect();
    if missing.is_empty() {
        return Ok(map);
    }
    let names = |cs: &mut dyn Iterator<Item = &ColumnSpec>| {
        cs.map(|c| format!("«{}»", c.title))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let found = if headers.iter().all(|h| h.is_empty()) {
        "никаких (первая строка пуста)".to_string()
    } else {
        headers
            .iter()
            .filter(|h| !h.is_empty())
            .map(|h| format!("«{h}»"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(Box::new(Finding::error(
        "table.missing-column",
        Place::line(file, 1),
        format!(
            "Нет обязательного столбца {}. Найдены столбцы: {found}. Ожидаются: {}. \
             Первая строка файла должна содержать заголовки столбцов (порядок любой).",
            names(&mut missing.into_iter()),
            names(&mut spec.iter().filter(|c| c.required)),
        ),
    )))
}

mod csv_file;
mod values;
mod xlsx;

pub use csv_file::read_csv_bytes;
use csv_file::{concat, read_csv_file, Parsed};
#[cfg(test)]
use csv_file::{read_csv_blocks, read_csv_body_pieces, read_csv_pieces};

pub use values::{parse_count, parse_yes_no};
use xlsx::read_xlsx;
pub use xlsx::{cell_text, excel_serial_date, read_sheet, Grid};

/// Rules of every CSV/Excel table the loaders read.
#[rustfmt::skip]
pub const RULES: &[crate::check::rules::Rule] = &[
    crate::check::rules::Rule::error("table.unreadable", "Файл таблицы читается").example("data/monitoring/contingent-2023.yaml: Не удалось прочитать файл: файл не в ожидаемом формате (например, не в кодировке UTF-8) или повреждён (stream did not contain valid UTF-8). Файл должен быть в кодировке UTF-8."),
    crate::check::rules::Rule::error("table.format", "Файл таблицы — CSV (UTF-8 или Windows-1251) или книга Excel, а не другой формат").example("data/t.csv: Файл data/t.csv — это книга Excel (.xlsx), а не текстовый CSV: переименуйте файл, заменив расширение на .xlsx (или сохраните книгу в Excel как «CSV UTF-8»)."),
    crate::check::rules::Rule::error("table.missing-column", "Обязательные столбцы есть в строке заголовков").example("data/ovz/abilympics-2023.csv:1: Нет обязательного столбца «Компетенция». Найдены столбцы: «ID», «Уровень», «Результат», «Дата». Ожидаются: «ID», «Компетенция». Первая строка файла должна содержать заголовки столбцов (порядок любой)."),
    crate::check::rules::Rule::error("table.malformed", "Строка CSV читается: кавычки закрыты").example("data/x.csv:20023: Незакрытая кавычка в столбце «ФИО» (значение «\"конец без кавычки»): следующие строки читались бы как продолжение этой ячейки. Строка не учтена, следующие строки прочитаны; закройте кавычку или уберите её."),
];

#[cfg(test)]
mod tests;
