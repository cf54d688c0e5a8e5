//! CSV files read into rows: the file whole, split at line ends into pieces parsed in
//! parallel (a piece cut inside a quoted cell is read again with the next), or a large
//! plain UTF-8 file block by block into one buffer used again.

use super::{detect_delimiter, map_columns, Chunk, ColumnSpec, Row, Source};
use crate::diag::{Finding, Place};
use rayon::prelude::*;
use std::path::Path;

/// A CSV file's pieces and findings: a large one read block by block where it can be, any
/// other whole.
pub(super) fn read_csv_file<T, F>(
    path: &Path,
    file: &str,
    spec: &[ColumnSpec],
    parse: &F,
) -> std::io::Result<Parsed<Vec<T>>>
where
    T: Send,
    F: Fn(&Row, &str, &mut Chunk) -> Option<T> + Sync,
{
    if std::fs::metadata(path)?.len() >= STREAM_MIN {
        if let Some(read) = read_csv_blocks(path, file, spec, parse, BLOCK)? {
            return Ok(read);
        }
    }
    let bytes = std::fs::read(path)?;
    Ok(read_csv_body_pieces(&bytes, file, spec, parse, MIN_CHUNK))
}

/// Files from this size on are read in blocks ([`read_csv_blocks`]).
const STREAM_MIN: u64 = 32 << 20;
/// The size of a block read at once.
const BLOCK: usize = 8 << 20;

/// A plain UTF-8 CSV file read in blocks of about `block` bytes into one buffer used again,
/// each block's whole lines parsed as [`read_csv_body_pieces`] parses a whole file: a file of
/// a region's tracks (hundreds of megabytes) read whole cost more in fresh memory pages,
/// which the kernel clears, than in parsing. `None` where the file must be read whole to be
/// read right: not UTF-8 from start to end (Windows-1251 is decided for the whole file), not
/// plain text, a quoted cell running from one block into the next, a line longer than a
/// block. The result is the one of reading the file whole (tested).
pub(super) fn read_csv_blocks<T, F>(
    path: &Path,
    file: &str,
    spec: &[ColumnSpec],
    parse: &F,
    block: usize,
) -> std::io::Result<Option<Parsed<Vec<T>>>>
where
    T: Send,
    F: Fn(&Row, &str, &mut Chunk) -> Option<T> + Sync,
{
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut buf: Vec<u8> = Vec::with_capacity(block);
    // Read until `buf` holds `block` bytes; `true` at the end of the file.
    let mut fill = |buf: &mut Vec<u8>| -> std::io::Result<bool> {
        let want = block.saturating_sub(buf.len()) as u64;
        let got = (&mut f).take(want).read_to_end(buf)? as u64;
        Ok(got < want)
    };
    let mut eof = fill(&mut buf)?;
    if crate::load::sniff::format_of(&buf) != crate::load::sniff::Format::Text {
        return Ok(None);
    }
    let bom = if buf.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let Some(header_len) = memchr::memchr(b'\n', &buf[bom..]).map(|i| i + 1) else {
        return Ok(None);
    };
    let Ok(header_line) = simdutf8::basic::from_utf8(&buf[bom..bom + header_len]) else {
        return Ok(None);
    };
    let (headers, delim) = read_header(header_line);
    let map = match map_columns(&headers, spec, file) {
        Ok(m) => m,
        Err(f) => return Ok(Some((None, vec![*f]))),
    };
    let ctx = CsvCtx {
        file,
        delim,
        headers: &headers,
        map: &map,
    };
    let mut pieces = Vec::new();
    let mut findings = Vec::new();
    let mut start = bom + header_len;
    let mut line = 2;
    loop {
        let rest = &buf[start..];
        let cut = if eof {
            rest.len()
        } else {
            match memchr::memrchr(b'\n', rest) {
                Some(i) => i + 1,
                None => return Ok(None),
            }
        };
        let Ok(body) = simdutf8::basic::from_utf8(&rest[..cut]) else {
            return Ok(None);
        };
        let read = parse_body(body, line, &ctx, parse, MIN_CHUNK, eof);
        if read.open_at_end && !eof {
            return Ok(None);
        }
        pieces.extend(read.pieces);
        findings.extend(read.findings);
        if eof {
            return Ok(Some((Some(pieces), findings)));
        }
        line += memchr::memchr_iter(b'\n', body.as_bytes()).count();
        // The unfinished line goes to the front, the next block after it.
        buf.drain(..start + cut);
        start = 0;
        eof = fill(&mut buf)?;
    }
}

pub(super) type Parsed<T> = (Option<Vec<T>>, Vec<Finding>);

/// The pieces' rows as one vector, in order.
pub(super) fn concat<T>(mut pieces: Vec<Vec<T>>) -> Vec<T> {
    if pieces.len() == 1 {
        return pieces.pop().unwrap_or_default();
    }
    let mut rows = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
    for p in pieces {
        rows.extend(p);
    }
    rows
}

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
pub(super) fn read_csv_pieces<T, F>(
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
    let (pieces, findings) = read_csv_body_pieces(bytes, file, spec, parse, min_chunk);
    (pieces.map(concat), findings)
}

/// The rows of each piece of about `min_chunk` bytes, in order, and the findings.
pub(super) fn read_csv_body_pieces<T, F>(
    bytes: &[u8],
    file: &str,
    spec: &[ColumnSpec],
    parse: &F,
    min_chunk: usize,
) -> (Option<Vec<Vec<T>>>, Vec<Finding>)
where
    T: Send,
    F: Fn(&Row, &str, &mut Chunk) -> Option<T> + Sync,
{
    let text = match crate::load::sniff::csv_text(bytes, file) {
        Ok(t) => t,
        Err(f) => return (None, vec![*f]),
    };
    let text: &str = &text;
    let header_end = header_end(text);
    let (headers, delim) = read_header(&text[..header_end]);
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
    // Line 1 is the header (a quoted header spanning lines is not supported: Excel never writes one).
    let body = parse_body(&text[header_end..], 2, &ctx, parse, min_chunk, true);
    (Some(body.pieces), body.findings)
}

/// The header line's cells (trimmed) and the delimiter it uses.
fn read_header(header_line: &str) -> (Vec<String>, u8) {
    let delim = detect_delimiter(header_line);
    let mut hr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        // `\n` alone ends a record so the reader's line count stays right with CRLF; the
        // left-over `\r` is trimmed with the cell.
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(header_line.as_bytes());
    let headers = match hr.records().next() {
        Some(Ok(r)) => r.iter().map(|h| h.trim().to_string()).collect(),
        _ => Vec::new(),
    };
    (headers, delim)
}

/// What [`parse_body`] read: the rows of each piece in order, the findings, and whether the
/// body ended inside a quoted cell (possible only when it is not the end of the file).
struct Body<T> {
    pieces: Vec<Vec<T>>,
    findings: Vec<Finding>,
    open_at_end: bool,
}

/// The records of `body` (whole lines of the file, starting on line `first_line`), read in
/// parallel pieces of about `min_chunk` bytes; `at_eof`: the body ends the file.
fn parse_body<T, F>(
    body: &str,
    first_line: usize,
    ctx: &CsvCtx,
    parse: &F,
    min_chunk: usize,
    at_eof: bool,
) -> Body<T>
where
    T: Send,
    F: Fn(&Row, &str, &mut Chunk) -> Option<T> + Sync,
{
    let ranges = split_chunks(body, min_chunk);
    let mut first_lines = Vec::with_capacity(ranges.len());
    let mut line = first_line;
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
        .map(|(i, (&(a, b), first))| {
            let lines = newline_counts[i];
            Some(parse_chunk(
                &body[a..b],
                (*first, lines),
                ctx,
                at_eof && i == last,
                parse,
            ))
        })
        .collect();
    // A piece that ends inside a quoted cell was cut in the middle of a record: read it again
    // together with the next piece(s), so that the result is the one of reading the file
    // from start to end.
    let mut pieces = Vec::with_capacity(parts.len());
    let mut findings = Vec::new();
    let mut open_at_end = false;
    let mut i = 0;
    while i <= last {
        let mut part = parts[i].take().unwrap_or_default();
        let mut j = i;
        while part.open_at_end && j < last {
            j += 1;
            let (a, b) = (ranges[i].0, ranges[j].1);
            let lines = newline_counts[i..=j].iter().sum();
            part = parse_chunk(
                &body[a..b],
                (first_lines[i], lines),
                ctx,
                at_eof && j == last,
                parse,
            );
        }
        open_at_end = part.open_at_end;
        pieces.push(part.rows);
        findings.extend(part.findings);
        i = j + 1;
    }
    Body {
        pieces,
        findings,
        open_at_end,
    }
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

/// Rows of one piece of the body, which starts on line `first_line` and holds `lines` line
/// ends (the rows' room is taken at once: growing a vector of a million rows by doubling
/// copies it and touches fresh pages again and again).
fn parse_chunk<T, F>(
    chunk: &str,
    (first_line, lines): (usize, usize),
    ctx: &CsvCtx,
    is_last: bool,
    parse: &F,
) -> ChunkOut<T>
where
    F: Fn(&Row, &str, &mut Chunk) -> Option<T>,
{
    let bytes = chunk.as_bytes();
    let mut rec = csv::ByteRecord::new();
    let mut rows = Vec::with_capacity(lines + 1);
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
            let raw = chunk.get(start..end).unwrap_or("");
            // Only a quoted cell can hold a line break (an unquoted one ends the record), so
            // most records need this one scan and none of the multi-line checks below.
            let quoted = memchr::memchr(b'"', raw.as_bytes()).is_some();
            let last_cell = rec.get(rec.len().saturating_sub(1)).unwrap_or(b"");
            let at_end = end >= bytes.len();
            open_at_end = quoted && at_end && last_cell.contains(&b'\n');
            if quoted && rec.as_slice().contains(&b'\n') {
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
            let plain = !quoted && rec.as_slice().len() + rec.len().saturating_sub(1) == text.len();
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
