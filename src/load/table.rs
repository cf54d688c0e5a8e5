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
//!
//! A stray quote (`;"прогноз;…` with no closing quote) would make the rest of the file one
//! cell. A quoted cell whose line breaks swallow lines that look like records (at least
//! columns − 1 delimiters), more than [`MAX_CELL_LINES`] lines, or that is still open at the
//! end of the file is reported as `table.malformed` on its first line, and reading goes on
//! from the next line.

use crate::diag::{rel_path, Finding, Findings, Place};
use crate::model::channel::normalize;
use rayon::prelude::*;
use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

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
    strings: std::collections::HashSet<Arc<str>, FastHash>,
    empty: Option<Arc<str>>,
}

impl Chunk {
    /// A shared copy of `s`.
    pub fn intern(&mut self, s: &str) -> Arc<str> {
        if s.is_empty() {
            return self.empty.get_or_insert_with(|| Arc::from("")).clone();
        }
        if let Some(a) = self.strings.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
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
        self.cell(*i).trim()
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
        (0..n).all(|i| self.cell(i).trim().is_empty())
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
    let file = rel_path(root, path);
    let is_xlsx = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "xlsx" | "xlsm" | "xls" | "ods"
        )
    });
    let (out, fs) = if is_xlsx {
        read_xlsx(path, &file, spec, sheet, &parse)
    } else {
        match std::fs::read(path) {
            Ok(bytes) => read_csv_bytes(&bytes, &file, spec, &parse),
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

/// UTF-8 (BOM removed) when the bytes are valid UTF-8, Windows-1251 otherwise.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(b) {
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

type Parsed<T> = (Option<Vec<T>>, Vec<Finding>);

/// CSV bytes of project file `file` → rows.
pub fn read_csv_bytes<T, F>(bytes: &[u8], file: &str, spec: &[ColumnSpec], parse: &F) -> Parsed<T>
where
    T: Send,
    F: Fn(&Row, &str, &mut Chunk) -> Option<T> + Sync,
{
    read_csv_pieces(bytes, file, spec, parse, MIN_CHUNK)
}

/// Bodies larger than this are read in parallel pieces.
const MIN_CHUNK: usize = 1 << 20;
/// At most this many pieces, whatever the number of threads (so that the result never depends
/// on the machine).
const MAX_PIECES: usize = 64;
/// A quoted cell spanning more lines than this is taken for a stray quote.
const MAX_CELL_LINES: usize = 100;

/// What the body parser needs to know about the file.
struct CsvCtx<'a> {
    file: &'a str,
    delim: u8,
    headers: &'a [String],
    map: &'a [Option<usize>],
}

/// [`read_csv_bytes`] with pieces of about `min_chunk` bytes (tests use small pieces).
fn read_csv_pieces<T, F>(
    bytes: &[u8],
    file: &str,
    spec: &[ColumnSpec],
    parse: &F,
    min_chunk: usize,
) -> Parsed<T>
where
    T: Send,
    F: Fn(&Row, &str, &mut Chunk) -> Option<T> + Sync,
{
    let text = match super::sniff::csv_text(bytes, file) {
        Ok(t) => t,
        Err(f) => return (None, vec![*f]),
    };
    let text: &str = &text;
    let header_end = header_end(text);
    let header_line = &text[..header_end];
    let delim = detect_delimiter(header_line);
    let mut hr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        // `\n` alone ends a record so the reader's line count stays right with CRLF; the
        // left-over `\r` is trimmed with the cell.
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(header_line.as_bytes());
    let headers: Vec<String> = match hr.records().next() {
        Some(Ok(r)) => r.iter().map(|h| h.trim().to_string()).collect(),
        _ => Vec::new(),
    };
    let map = match map_columns(&headers, spec, file) {
        Ok(m) => m,
        Err(f) => return (None, vec![*f]),
    };
    let ctx = CsvCtx {
        file,
        delim,
        headers: &headers,
        map: &map,
    };
    let body = &text[header_end..];
    // Line 1 is the header (a quoted header spanning lines is not supported: Excel never writes one).
    let ranges = split_chunks(body, min_chunk);
    let mut first_lines = Vec::with_capacity(ranges.len());
    let mut line = 2usize;
    let newline_counts: Vec<usize> = ranges
        .par_iter()
        .map(|&(a, b)| {
            body.as_bytes()[a..b]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
        })
        .collect();
    for n in &newline_counts {
        first_lines.push(line);
        line += n;
    }
    let last = ranges.len() - 1;
    let mut parts: Vec<Option<ChunkOut<T>>> = ranges
        .par_iter()
        .zip(first_lines.par_iter())
        .enumerate()
        .map(|(i, (&(a, b), first))| Some(parse_chunk(&body[a..b], *first, &ctx, i == last, parse)))
        .collect();
    // A piece that ends inside a quoted cell was cut in the middle of a record: read it again
    // together with the next piece(s), so that the result is the one of reading the file
    // from start to end.
    let mut rows = Vec::new();
    let mut findings = Vec::new();
    let mut i = 0;
    while i <= last {
        let mut part = parts[i].take().unwrap_or_default();
        let mut j = i;
        while part.open_at_end && j < last {
            j += 1;
            let (a, b) = (ranges[i].0, ranges[j].1);
            part = parse_chunk(&body[a..b], first_lines[i], &ctx, j == last, parse);
        }
        if rows.is_empty() {
            rows.reserve_exact(
                part.rows.len() + parts.iter().flatten().map(|p| p.rows.len()).sum::<usize>(),
            );
        }
        rows.extend(part.rows);
        findings.extend(part.findings);
        i = j + 1;
    }
    (Some(rows), findings)
}

/// Byte offset just after the header line (after its `\n`), or the end of the text.
fn header_end(text: &str) -> usize {
    text.find('\n').map_or(text.len(), |i| i + 1)
}

/// Cut `body` at line ends into pieces of about `min_chunk` bytes, at most [`MAX_PIECES`], as
/// byte ranges. The cuts depend on the text only. A cut may fall inside a quoted cell that
/// spans lines: [`read_csv_pieces`] then reads the pieces around it together.
fn split_chunks(body: &str, min_chunk: usize) -> Vec<(usize, usize)> {
    let pieces = (body.len() / min_chunk.max(1)).clamp(1, MAX_PIECES);
    let bytes = body.as_bytes();
    let target = body.len() / pieces;
    let mut out = Vec::with_capacity(pieces);
    let mut start = 0usize;
    while out.len() + 1 < pieces {
        let want = start + target.max(1);
        if want >= bytes.len() {
            break;
        }
        match bytes[want..].iter().position(|b| *b == b'\n') {
            Some(k) if want + k + 1 < bytes.len() => {
                out.push((start, want + k + 1));
                start = want + k + 1;
            }
            _ => break,
        }
    }
    out.push((start, bytes.len()));
    out
}

/// Rows and findings of one piece; `open_at_end`: the piece ended inside a quoted cell.
struct ChunkOut<T> {
    rows: Vec<T>,
    findings: Vec<Finding>,
    open_at_end: bool,
}

impl<T> Default for ChunkOut<T> {
    fn default() -> Self {
        ChunkOut {
            rows: Vec::new(),
            findings: Vec::new(),
            open_at_end: false,
        }
    }
}

fn csv_reader(delim: u8, bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        // `\n` alone ends a record so the reader's line count stays right with CRLF; the
        // left-over `\r` is trimmed with the cell.
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(bytes)
}

/// Whether a record whose raw text `raw` spans lines is a stray quote rather than a cell with
/// line breaks: the lines it swallowed look like records (at least columns − 1 delimiters), or
/// there are implausibly many of them.
fn swallowed_records(raw: &str, delim: u8, columns: usize) -> bool {
    let need = columns.saturating_sub(1).max(2);
    let raw = raw.strip_suffix('\n').unwrap_or(raw);
    let mut lines = raw.split('\n').skip(1).peekable();
    let mut n = 0;
    while let Some(l) = lines.next() {
        n += 1;
        // In the last line only the part before the closing quote belonged to the cell.
        let l = if lines.peek().is_none() {
            l.split('"').next().unwrap_or("")
        } else {
            l
        };
        if l.bytes().filter(|b| *b == delim).count() >= need {
            return true;
        }
    }
    n > MAX_CELL_LINES
}

fn parse_chunk<T, F>(
    chunk: &str,
    first_line: usize,
    ctx: &CsvCtx,
    is_last: bool,
    parse: &F,
) -> ChunkOut<T>
where
    F: Fn(&Row, &str, &mut Chunk) -> Option<T>,
{
    let bytes = chunk.as_bytes();
    let mut rec = csv::ByteRecord::new();
    let mut rows = Vec::new();
    let mut findings = Chunk::default();
    let mut open_at_end = false;
    // Where the current reader started (byte, line): after a stray quote, reading starts
    // again on the next line.
    let (mut offset, mut offset_line) = (0usize, first_line);
    'pieces: loop {
        let mut rdr = csv_reader(ctx.delim, &bytes[offset..]);
        loop {
            let pos = rdr.position();
            let mut start = offset + pos.byte() as usize;
            let mut line = offset_line + pos.line() as usize - 1;
            // The reader skips empty lines before a record.
            while bytes.get(start) == Some(&b'\n') {
                start += 1;
                line += 1;
            }
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break 'pieces,
                Err(e) => {
                    findings.push(Finding::error(
                        "table.malformed",
                        Place::line(ctx.file, line),
                        format!(
                            "Строка не читается как CSV ({e}); проверьте кавычки в этой строке."
                        ),
                    ));
                    break 'pieces;
                }
            }
            let end = offset + rdr.position().byte() as usize;
            let last_cell = rec.get(rec.len().saturating_sub(1)).unwrap_or(b"");
            let at_end = end >= bytes.len();
            open_at_end = at_end && last_cell.contains(&b'\n');
            let raw = chunk.get(start..end).unwrap_or("");
            if rec.as_slice().contains(&b'\n') {
                // At the very end of the file, a cell with line breaks that is still open.
                let unclosed = is_last && open_at_end && !raw.trim_end().ends_with('"');
                // A piece cut inside a quoted cell is read again with the next one: decide then.
                let cut_inside = open_at_end && !is_last;
                if !cut_inside && (unclosed || swallowed_records(raw, ctx.delim, ctx.headers.len()))
                {
                    findings.push(stray_quote(ctx, &rec, line));
                    let first_end = raw.find('\n').map_or(end, |k| start + k + 1);
                    offset = first_end;
                    offset_line = line + 1;
                    open_at_end = false;
                    continue 'pieces;
                }
            }
            // The record's text without its line end: its cells are slices of it when nothing
            // was unquoted (checked by length: cells plus delimiters make up the whole line).
            let text = raw.strip_suffix('\n').unwrap_or(raw);
            let plain = !text.contains('"')
                && rec.as_slice().len() + rec.len().saturating_sub(1) == text.len();
            let row = Row {
                line,
                src: Source::Csv {
                    rec: &rec,
                    raw: plain.then_some(text),
                },
                map: ctx.map,
            };
            if row.is_blank() {
                continue;
            }
            if let Some(t) = parse(&row, ctx.file, &mut findings) {
                rows.push(t);
            }
        }
    }
    ChunkOut {
        rows,
        findings: findings.findings,
        open_at_end,
    }
}

/// `table.malformed` for a quote opened in the last cell of `rec` (which starts on `line`)
/// and not closed where the cell should end.
fn stray_quote(ctx: &CsvCtx, rec: &csv::ByteRecord, line: usize) -> Finding {
    let i = rec.len().saturating_sub(1);
    let column = match ctx.headers.get(i).filter(|h| !h.is_empty()) {
        Some(h) => format!("в столбце «{h}»"),
        None => format!("в столбце {}", i + 1),
    };
    let cell = String::from_utf8_lossy(rec.get(i).unwrap_or(b""));
    let first = cell.lines().next().unwrap_or("").trim();
    let mut value: String = first.chars().take(40).collect();
    if first.chars().count() > 40 {
        value.push('…');
    }
    Finding::error(
        "table.malformed",
        Place::line(ctx.file, line),
        format!(
            "Незакрытая кавычка {column} (значение «\"{value}»): следующие строки читались бы как продолжение этой ячейки. Строка не учтена, следующие строки прочитаны; закройте кавычку или уберите её."
        ),
    )
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

fn read_xlsx<T, F>(
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
    if let Some(msg) = super::sniff::workbook_mismatch(path, &file) {
        return Err(msg);
    }
    let mut wb = calamine::open_workbook_auto(path)
        .map_err(|e| super::sniff::workbook_error_ru(&file, &e))?;
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
            super::sniff::workbook_error_ru(&file, &e)
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

/// `да`/`нет` as officers write it; empty is `нет`. `Err` for anything else.
pub fn parse_yes_no(s: &str) -> Option<bool> {
    match s {
        "да" | "Да" | "ДА" => return Some(true),
        "" | "нет" | "Нет" | "НЕТ" => return Some(false),
        _ => {}
    }
    match normalize(s).as_str() {
        "да" | "д" | "yes" | "y" | "1" | "true" | "истина" | "+" | "есть" => {
            Some(true)
        }
        "" | "нет" | "н" | "no" | "n" | "0" | "false" | "ложь" | "-" => Some(false),
        _ => None,
    }
}

/// A count: a whole non-negative number. Text, decimals and negatives are errors, never zero.
pub fn parse_count(s: &str) -> Result<u32, String> {
    let t = s.trim().replace(['\u{a0}', '\u{202f}', ' '], "");
    if t.is_empty() {
        return Err("пустое значение".into());
    }
    if t.starts_with('-') || t.starts_with('−') {
        return Err(format!(
            "«{s}» — отрицательное число; количество не может быть меньше нуля"
        ));
    }
    if let Some((int, frac)) = t.split_once([',', '.']) {
        // `12,0` is twelve (Excel writes it so); `12,5` or `1,0,0` is not a count.
        let whole = !frac.is_empty() && frac.bytes().all(|b| b == b'0');
        if whole && !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) {
            return int
                .parse()
                .map_err(|_| format!("«{s}» — слишком большое число"));
        }
        return Err(format!(
            "«{s}» — дробное число; количество людей бывает только целым"
        ));
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "«{s}» — не число; ожидается целое неотрицательное число"
        ));
    }
    t.parse()
        .map_err(|_| format!("«{s}» — слишком большое число"))
}

/// Rules of every CSV/Excel table the loaders read.
#[rustfmt::skip]
pub const RULES: &[crate::check::rules::Rule] = &[
    crate::check::rules::Rule::error("table.unreadable", "Файл таблицы читается").example("data/monitoring/contingent-2023.yaml: Не удалось прочитать файл: файл не в ожидаемом формате (например, не в кодировке UTF-8) или повреждён (stream did not contain valid UTF-8). Файл должен быть в кодировке UTF-8."),
    crate::check::rules::Rule::error("table.format", "Файл таблицы — CSV (UTF-8 или Windows-1251) или книга Excel, а не другой формат").example("data/t.csv: Файл data/t.csv — это книга Excel (.xlsx), а не текстовый CSV: переименуйте файл, заменив расширение на .xlsx (или сохраните книгу в Excel как «CSV UTF-8»)."),
    crate::check::rules::Rule::error("table.missing-column", "Обязательные столбцы есть в строке заголовков").example("data/ovz/abilympics-2023.csv:1: Нет обязательного столбца «Компетенция». Найдены столбцы: «ID», «Уровень», «Результат», «Дата». Ожидаются: «ID», «Компетенция». Первая строка файла должна содержать заголовки столбцов (порядок любой)."),
    crate::check::rules::Rule::error("table.malformed", "Строка CSV читается: кавычки закрыты").example("data/x.csv:20023: Незакрытая кавычка в столбце «ФИО» (значение «\"конец без кавычки»): следующие строки читались бы как продолжение этой ячейки. Строка не учтена, следующие строки прочитаны; закройте кавычку или уберите её."),
];

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &[ColumnSpec] = &[
        ColumnSpec {
            title: "ID",
            aliases: &["Идентификатор", "ИД"],
            required: true,
        },
        ColumnSpec {
            title: "ФИО",
            aliases: &["Фамилия Имя Отчество", "name"],
            required: true,
        },
        ColumnSpec {
            title: "ОВЗ",
            aliases: &["ovz"],
            required: false,
        },
    ];

    fn rows(bytes: &[u8]) -> Parsed<(usize, String, String, String)> {
        read_csv_bytes(
            bytes,
            "data/x.csv",
            SPEC,
            &|r: &Row, _: &str, _: &mut Chunk| {
                Some((
                    r.line,
                    r.get(0).to_string(),
                    r.get(1).to_string(),
                    r.get(2).to_string(),
                ))
            },
        )
    }

    #[test]
    fn reads_cp1251_semicolon_crlf() {
        let text = "фио;ид;Овз\r\n\"Иванов; Иван\";1;да\r\n;;\r\nПетрова Анна;2;нет\r\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let (r, f) = rows(&bytes);
        assert!(f.is_empty(), "{f:?}");
        let r = r.unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0], (2, "1".into(), "Иванов; Иван".into(), "да".into()));
        assert_eq!(r[1].0, 4, "blank row skipped, line numbers kept");
    }

    #[test]
    fn reads_utf8_bom_comma_and_multiline_quotes() {
        let text = "\u{feff}Фамилия  имя отчество,ID\n\"Сидоров\nСидор\",7\nКозлов,8\n";
        let (r, f) = rows(text.as_bytes());
        assert!(f.is_empty());
        let r = r.unwrap();
        assert_eq!(r[0].2, "Сидоров\nСидор");
        assert_eq!(r[1], (4, "8".into(), "Козлов".into(), "".into()));
    }

    /// Unquoted records are read as slices of the text, quoted ones cell by cell: both give
    /// the cells as written, in any mix, with CRLF and non-breaking spaces.
    #[test]
    fn plain_and_quoted_records_read_alike() {
        let text = "ID;ФИО;ОВЗ\r\n1;Ёлкин Иван;да\r\n\u{a0};\u{a0} ;\r\n\"2\";\"Петров \"\"П\"\"\";нет\r\n3;Щукин;\u{a0}нет\u{a0}\r\n4;Орлов\r\n";
        let (r, f) = rows(text.as_bytes());
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(
            r.unwrap(),
            [
                (2, "1".into(), "Ёлкин Иван".into(), "да".into()),
                (4, "2".into(), "Петров \"П\"".into(), "нет".into()),
                (5, "3".into(), "Щукин".into(), "нет".into()),
                (6, "4".into(), "Орлов".into(), "".into()),
            ]
        );
    }

    #[test]
    fn missing_column_lists_found_and_expected() {
        let (r, f) = rows("ID;Группа\n1;А-1\n".as_bytes());
        assert!(r.is_none());
        assert_eq!(f[0].rule, "table.missing-column");
        assert!(f[0].message.contains("«ФИО»"), "{}", f[0].message);
        assert!(f[0].message.contains("«Группа»"));
        assert_eq!(f[0].place.file, "data/x.csv");
    }

    #[test]
    fn parallel_chunks_keep_order_and_lines() {
        let mut text = String::from("ID;ФИО\n");
        for i in 0..200_000 {
            if i % 1000 == 0 {
                text.push_str(&format!("{i};\"Имя\nс переводом\"\n"));
            } else {
                text.push_str(&format!("{i};Имя {i}\n"));
            }
        }
        let (r, f) = rows(text.as_bytes());
        assert!(f.is_empty());
        let r = r.unwrap();
        assert_eq!(r.len(), 200_000);
        // Each quoted row takes two lines: row i starts at 2 + i + (number of quoted rows before i).
        for (i, row) in r.iter().enumerate().step_by(997) {
            assert_eq!(row.1, i.to_string());
            assert_eq!(row.0, 2 + i + i.div_ceil(1000));
        }
    }

    #[test]
    fn stray_quote_is_one_error_and_the_rest_is_read() {
        let text = "ID;ФИО;ОВЗ;Группа\n1;Иванов;да;А\n2;\"Петров;нет;Б\n3;Сидоров;нет;В\n4;Козлов;да;Г\n5;Орлов;нет;Д\n";
        let (r, f) = rows(text.as_bytes());
        let r = r.unwrap();
        let ids: Vec<(usize, &str)> = r.iter().map(|r| (r.0, r.1.as_str())).collect();
        assert_eq!(ids, [(2, "1"), (4, "3"), (5, "4"), (6, "5")]);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].rule, "table.malformed");
        assert_eq!(f[0].place, Place::line("data/x.csv", 3));
        assert!(
            f[0].message
                .starts_with("Незакрытая кавычка в столбце «ФИО» (значение «\"Петров;нет;Б»)"),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("закройте кавычку или уберите её"));
        // Closed by another stray quote further down: the same.
        let text = "ID;ФИО;ОВЗ;Группа\n1;\"Иванов;да;А\n2;Петров;нет;Б\n3;Сидоров\";нет;В\n4;Козлов;да;Г\n";
        let (r, f) = rows(text.as_bytes());
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].place.line, Some(2));
        let r = r.unwrap();
        assert_eq!(r[0], (3, "2".into(), "Петров".into(), "нет".into()));
        assert_eq!(r.len(), 3);
        // A quote still open at the end of the file, even without record-like lines.
        let (r, f) = rows("ID;ФИО\n1;\"Иванов\nИван\n".as_bytes());
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].place.line, Some(2));
        assert_eq!(r.unwrap(), [(3, "Иван".into(), "".into(), "".into())]);
        // A cell with line breaks, even with a delimiter inside, is not a stray quote.
        let text = "ID;ФИО;ОВЗ;Группа\n1;\"Иванов\nИван; Иванович\";да;А\n2;Петров;нет;Б\n";
        let (r, f) = rows(text.as_bytes());
        assert!(f.is_empty(), "{f:#?}");
        let r = r.unwrap();
        assert_eq!(r[0].2, "Иванов\nИван; Иванович");
        assert_eq!(r[1].0, 4);
        // An empty line does not shift the line numbers of the rows after it.
        let (r, _) = rows("ID;ФИО\n1;А\n\n2;Б\n".as_bytes());
        assert_eq!(r.unwrap()[1].0, 4);
    }

    #[test]
    fn pieces_and_threads_do_not_change_the_result() {
        let mut text = String::from("ID;ФИО;ОВЗ\n");
        for i in 0..20_000 {
            match i % 997 {
                0 => text.push_str(&format!("{i};\"Имя\nс переводом; строки\";да\n")),
                500 => text.push_str(&format!("{i};\"Имя без кавычки;нет\n")),
                700 => text.push('\n'),
                _ => text.push_str(&format!("{i};Имя {i};нет\r\n")),
            }
        }
        text.push_str("20000;\"конец без кавычки\nи ещё строка\n");
        let read = |min_chunk: usize, threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| {
                read_csv_pieces(
                    text.as_bytes(),
                    "data/x.csv",
                    SPEC,
                    &|r: &Row, _: &str, _: &mut Chunk| {
                        Some((r.line, r.get(0).to_string(), r.get(1).to_string()))
                    },
                    min_chunk,
                )
            })
        };
        let (whole, whole_f) = read(usize::MAX, 1);
        let whole = whole.unwrap();
        assert_eq!(whole_f.len(), 21, "20 stray quotes and the one at the end");
        assert!(whole_f.iter().all(|f| f.rule == "table.malformed"));
        assert!(whole.len() > 19_900);
        for (min_chunk, threads) in [(1 << 20, 1), (1 << 20, 8), (4096, 1), (4096, 3), (700, 8)] {
            let (r, f) = read(min_chunk, threads);
            assert_eq!(
                r.unwrap(),
                whole,
                "pieces of {min_chunk} on {threads} threads"
            );
            assert_eq!(f, whole_f, "pieces of {min_chunk} on {threads} threads");
        }
    }

    #[test]
    fn counts_reject_text_decimals_negatives() {
        assert_eq!(parse_count("12"), Ok(12));
        assert_eq!(parse_count("12,0"), Ok(12));
        assert!(parse_count("12,5").unwrap_err().contains("дробное"));
        assert!(parse_count("-1").unwrap_err().contains("отрицательное"));
        assert!(parse_count("двенадцать").unwrap_err().contains("не число"));
        assert!(parse_count("").is_err());
        assert!(parse_count("1,0,0").is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let mut text = b"ID;\xd4\xc8\xce\n".to_vec(); // «ФИО» in cp1251
            text.extend(bytes);
            let _ = rows(&text);
        }

        /// The same table saved as UTF-8 with `,` and LF, and as Windows-1251 with `;`, CRLF and
        /// the columns in another order under their other headings, reads back as the same rows:
        /// the cells as written (trimmed), on the lines they were written on.
        #[test]
        fn encoding_delimiter_and_column_order_do_not_change_rows(
            table in proptest::collection::vec(
                ("[0-9]{1,5}", "[а-яА-ЯёЁa-z ;,\"]{0,12}", "[а-яa-z ;\"]{0,6}"),
                1..20,
            ),
        ) {
            let quote = |c: &str| {
                if c.contains(['"', ',', ';']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.to_string()
                }
            };
            let mut utf8 = String::from("ID,ФИО,ОВЗ\n");
            let mut cp = String::from("ovz;Фамилия Имя Отчество;Идентификатор\r\n");
            for (id, name, ovz) in &table {
                utf8 += &format!("{},{},{}\n", quote(id), quote(name), quote(ovz));
                cp += &format!("{};{};{}\r\n", quote(ovz), quote(name), quote(id));
            }
            let (cp_bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&cp);
            proptest::prop_assert!(!unmappable);
            let want: Vec<_> = table
                .iter()
                .enumerate()
                .map(|(i, (id, name, ovz))| (i + 2, id.clone(), name.trim().to_string(), ovz.trim().to_string()))
                .collect();
            for (what, bytes) in [("utf-8 ,", utf8.as_bytes()), ("cp1251 ;", &cp_bytes[..])] {
                let (r, f) = rows(bytes);
                proptest::prop_assert!(f.is_empty(), "{what}: {f:?}");
                proptest::prop_assert_eq!(r.as_ref(), Some(&want), "{}", what);
            }
        }
    }

    #[test]
    fn yes_no_values() {
        assert_eq!(parse_yes_no("Да"), Some(true));
        assert_eq!(parse_yes_no(""), Some(false));
        assert_eq!(parse_yes_no("НЕТ"), Some(false));
        assert!(parse_yes_no("возможно").is_none());
    }

    #[test]
    fn excel_serials_become_dates() {
        assert_eq!(
            excel_serial_date(45108.0),
            Some(jiff::civil::Date::constant(2023, 7, 1))
        );
        assert_eq!(excel_serial_date(-5.0), None);
    }

    #[test]
    fn delimiter_detection() {
        assert_eq!(detect_delimiter("a;b;c"), b';');
        assert_eq!(detect_delimiter("a,b,\"c;d\""), b',');
    }
}
