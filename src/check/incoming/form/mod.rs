//! The Ministry's block forms (form 1 «пятистрочная»; forms 2 and 3 share the shape): a header
//! row of column numbers, then one block of rows per specialty («код и наименование» in the
//! first row of the block, № строки in every row). The check runs in phases: header detection,
//! parsing the rows, grouping them into blocks, codes, row numbers, arithmetic.

use super::sheet::{Header, Sheet};
use super::{Book, Learnt};
use crate::compute::form1::{arithmetic_violations, COLUMNS};
use crate::diag::{Finding, Place};
use crate::format::count_ru;
use crate::model::specialty::split_code;
use std::collections::BTreeMap;

/// A violation of a form's arithmetic: (row 1-based, column number, text).
pub type Violation = (usize, u8, String);

/// The layout of one block form.
pub struct BlockForm {
    pub sheet: &'static str,
    /// Sheet row (1-based) of the column numbers in the official template.
    pub header_row: usize,
    /// Rows per specialty block (стр.01…).
    pub rows: usize,
    /// Column number of «код и наименование».
    pub code_col: u8,
    /// Column number of «№ строки», when the form has one.
    pub row_no_col: Option<u8>,
    /// First and last value column numbers.
    pub first: u8,
    pub last: u8,
    /// The form's arithmetic over one block: `values[row][column − first]` → violations as
    /// (row 1-based, column number, text).
    pub arithmetic: fn(&[Vec<i64>]) -> Vec<Violation>,
}

impl BlockForm {
    fn width(&self) -> usize {
        (self.last - self.first + 1) as usize
    }

    /// Column numbers that must stand in the header row.
    fn header_ids(&self) -> Vec<String> {
        let mut ids: Vec<u8> = (self.first..=self.last).collect();
        ids.push(self.code_col);
        ids.extend(self.row_no_col);
        ids.iter().map(|n| n.to_string()).collect()
    }
}

pub const FORM1: BlockForm = BlockForm {
    sheet: "Форма 1 пятистрочная",
    header_row: 5,
    rows: 5,
    code_col: 2,
    row_no_col: Some(4),
    first: 5,
    last: 27,
    arithmetic: form1_arithmetic,
};

fn form1_arithmetic(v: &[Vec<i64>]) -> Vec<Violation> {
    let mut rows = [[0i64; COLUMNS]; 5];
    for (r, row) in rows.iter_mut().enumerate() {
        for (c, x) in row.iter_mut().enumerate() {
            *x = v.get(r).and_then(|row| row.get(c)).copied().unwrap_or(0);
        }
    }
    arithmetic_violations(&rows)
        .into_iter()
        .map(|(r, c, t)| (r, c as u8, t))
        .collect()
}

pub fn check_form1(book: &mut Book, learnt: &mut Learnt) -> Vec<Finding> {
    let (out, blocks) = check_block_form(book, &FORM1, learnt);
    learnt.form1 = blocks;
    out
}

/// Form 2 «нозологии»: 14 rows per specialty (01–05 as in form 1, 06 = 02 + 04, 07–13 the
/// seven nosology groups, 14 of 06 with a targeted-training contract), гр.04…29. The official
/// sheet has no «№ строки» column: rows are known by their place in the block.
pub const FORM2: BlockForm = BlockForm {
    sheet: "Форма нозологии",
    header_row: 5,
    rows: 14,
    code_col: 2,
    row_no_col: None,
    first: 4,
    last: 29,
    arithmetic: form2_arithmetic,
};

/// Form 3 «ожидаемый выпуск»: rows 01–05, гр.05…22 (the header skips гр.24, beyond the data).
pub const FORM3: BlockForm = BlockForm {
    sheet: "Форма 3 ожидаемый выпуск",
    header_row: 6,
    rows: 5,
    code_col: 2,
    row_no_col: Some(4),
    first: 5,
    last: 22,
    arithmetic: form3_arithmetic,
};

pub fn check_form2(book: &mut Book, learnt: &mut Learnt) -> Vec<Finding> {
    let (out, blocks) = check_block_form(book, &FORM2, learnt);
    learnt.form2 = blocks;
    out
}

pub fn check_form3(book: &mut Book, learnt: &mut Learnt) -> Vec<Finding> {
    let (out, blocks) = check_block_form(book, &FORM3, learnt);
    learnt.form3 = blocks;
    out
}

/// Rows 01–05 of every block form, in every column: 03 ≤ 02, 02 ≤ 01, 04 ≤ 01, 05 ≤ 01, and
/// 03 + 04 ≤ 01 (03 and 04 are disjoint parts of 01). `first` is the first column number.
fn row_inequalities(v: &[Vec<i64>], first: u8, out: &mut Vec<Violation>) {
    let at = |r: usize, c: usize| {
        v.get(r - 1)
            .and_then(|row| row.get(c))
            .copied()
            .unwrap_or(0)
    };
    let width = v.first().map_or(0, Vec::len);
    for (a, b) in [(3, 2), (2, 1), (4, 1), (5, 1)] {
        for c in 0..width {
            if at(a, c) > at(b, c) {
                let gr = first + c as u8;
                out.push((
                    a,
                    gr,
                    format!(
                        "гр.{gr:02}: стр.{a:02} = {} больше стр.{b:02} = {}; должно быть стр.{a:02} ≤ стр.{b:02}",
                        at(a, c),
                        at(b, c)
                    ),
                ));
            }
        }
    }
    for c in 0..width {
        if at(3, c) + at(4, c) > at(1, c) {
            let gr = first + c as u8;
            out.push((
                4,
                gr,
                format!(
                    "гр.{gr:02}: стр.03 + стр.04 = {} больше стр.01 = {}",
                    at(3, c) + at(4, c),
                    at(1, c)
                ),
            ));
        }
    }
}

/// Sum of columns `cols` (numbers) of a row whose first column is `first`.
fn sum_cols(row: &[i64], first: u8, cols: impl IntoIterator<Item = u8>) -> i64 {
    cols.into_iter()
        .map(|c| row.get((c - first) as usize).copied().unwrap_or(0))
        .sum()
}

/// Form 2: стр.06 = стр.02 + стр.04 = Σ стр.07…13; стр.14 ≤ стр.06 and ≤ стр.05;
/// гр.04 = Σ гр.05…29 − (гр.06 + гр.07 + гр.23 + гр.24) («из них» columns are parts of others).
fn form2_arithmetic(v: &[Vec<i64>]) -> Vec<Violation> {
    let mut out = Vec::new();
    let first = FORM2.first;
    for (r, row) in v.iter().enumerate() {
        let sum = sum_cols(row, first, 5..=29) - sum_cols(row, first, [6, 7, 23, 24]);
        let total = sum_cols(row, first, [4]);
        if total != sum {
            out.push((
                r + 1,
                4,
                format!(
                    "стр.{:02}: гр.04 = {total}, а сумма гр.05–29 без граф «из них» (06, 07, 23, 24) = {sum}; они должны быть равны",
                    r + 1
                ),
            ));
        }
    }
    row_inequalities(v, first, &mut out);
    let at = |r: usize, c: usize| {
        v.get(r - 1)
            .and_then(|row| row.get(c))
            .copied()
            .unwrap_or(0)
    };
    let width = v.first().map_or(0, Vec::len);
    for c in 0..width {
        let gr = first + c as u8;
        if at(6, c) != at(2, c) + at(4, c) {
            out.push((
                6,
                gr,
                format!(
                    "гр.{gr:02}: стр.06 = {}, а стр.02 + стр.04 = {}; строка 06 — автосумма строк 02 и 04",
                    at(6, c),
                    at(2, c) + at(4, c)
                ),
            ));
        }
        let groups: i64 = (7..=13).map(|r| at(r, c)).sum();
        if at(6, c) != groups {
            out.push((
                6,
                gr,
                format!(
                    "гр.{gr:02}: стр.06 = {}, а сумма нозологий стр.07–13 = {groups}; они должны быть равны",
                    at(6, c)
                ),
            ));
        }
        for (b, what) in [(6, "стр.06"), (5, "стр.05")] {
            if at(14, c) > at(b, c) {
                out.push((
                    14,
                    gr,
                    format!(
                        "гр.{gr:02}: стр.14 = {} больше {what} = {}",
                        at(14, c),
                        at(b, c)
                    ),
                ));
            }
        }
    }
    out
}

/// Form 3: гр.05 = гр.06 + гр.10 + гр.11 + гр.12 + Σ гр.15…20; гр.07 + гр.08 + гр.09 ≤ гр.06;
/// гр.13 + гр.14 ≤ гр.12; гр.21 + гр.22 ≤ гр.20.
fn form3_arithmetic(v: &[Vec<i64>]) -> Vec<Violation> {
    let mut out = Vec::new();
    let first = FORM3.first;
    for (r, row) in v.iter().enumerate() {
        let n = r + 1;
        let s = |cols: &[u8]| sum_cols(row, first, cols.iter().copied());
        let total = s(&[5]);
        let sum = s(&[6, 10, 11, 12, 15, 16, 17, 18, 19, 20]);
        if total != sum {
            out.push((
                n,
                5,
                format!("стр.{n:02}: гр.05 = {total}, а гр.06 + гр.10 + гр.11 + гр.12 + гр.15…20 = {sum}; они должны быть равны"),
            ));
        }
        for (parts, whole, text) in [
            (&[7u8, 8, 9][..], 6u8, "гр.07 + гр.08 + гр.09"),
            (&[13, 14][..], 12, "гр.13 + гр.14"),
            (&[21, 22][..], 20, "гр.21 + гр.22"),
        ] {
            let (p, w) = (s(parts), s(&[whole]));
            if p > w {
                out.push((
                    n,
                    parts[0],
                    format!("стр.{n:02}: {text} = {p} больше гр.{whole:02} = {w}"),
                ));
            }
        }
    }
    row_inequalities(v, first, &mut out);
    out
}

/// Form 2's rows 01–05 «Суммарный выпуск» (гр.04) against form 1's rows 01–05 «Всего» (гр.05)
/// of the same specialty, when one workbook holds both sheets.
pub fn form2_against_form1(learnt: &Learnt) -> Vec<Finding> {
    let mut out = Vec::new();
    for (code, (v2, place)) in &learnt.form2 {
        let Some((v1, _)) = learnt.form1.get(code) else {
            continue;
        };
        for r in 0..5 {
            let a = v2.get(r).and_then(|row| row.first()).copied().unwrap_or(0);
            let b = v1.get(r).and_then(|row| row.first()).copied().unwrap_or(0);
            if a != b {
                out.push(Finding::error(
                    "incoming.form2-vs-form1",
                    place.clone(),
                    format!(
                        "Лист «{}», специальность {code}: стр.{:02} гр.04 = {a}, а на листе «{}» стр.{:02} гр.05 = {b}. Строки 01–05 формы нозологий должны совпадать с формой 1.",
                        FORM2.sheet,
                        r + 1,
                        FORM1.sheet,
                        r + 1
                    ),
                ));
            }
        }
    }
    out
}

/// A parsed data row of the sheet.
pub struct SheetRow {
    pub r: usize,
    pub code_text: String,
    pub row_no: Option<usize>,
    pub row_no_text: String,
    /// Value columns; `None` where the cell is not a count (already reported).
    pub values: Vec<Option<i64>>,
}

/// A specialty block: consecutive rows of one «код и наименование».
pub struct Block<'r> {
    pub code_text: String,
    pub rows: Vec<&'r SheetRow>,
}

/// Per specialty code, the complete blocks' values, for checks across sheets.
pub type Blocks = BTreeMap<String, (Vec<Vec<i64>>, Place)>;

/// Check the sheet of `form` in `book`. Returns the findings and the values of the blocks
/// that were read completely, by specialty code.
pub fn check_block_form(
    book: &mut Book,
    form: &BlockForm,
    learnt: &mut Learnt,
) -> (Vec<Finding>, Blocks) {
    let mut out = Vec::new();
    let file = book.file.clone();
    let sheet = match book.sheet(form.sheet) {
        Ok(Some(s)) => s,
        Ok(None) => return (out, Blocks::new()),
        Err(msg) => {
            out.push(Finding::error(
                "incoming.unreadable",
                Place::file(&file),
                msg,
            ));
            return (out, Blocks::new());
        }
    };
    let Some(header) = find_header(&sheet, form, &mut out) else {
        return (out, Blocks::new());
    };
    let rows = parse_rows(&sheet, &header, form, &mut out);
    let blocks = group_blocks(&rows);
    check_codes(&sheet, &header, form, &blocks, learnt, &mut out);
    let mut complete = Blocks::new();
    for b in &blocks {
        if !check_row_numbers(&sheet, &header, form, b, &mut out) {
            continue;
        }
        if let Some(values) = check_arithmetic(&sheet, &header, form, b, &mut out) {
            if let Ok((code, _)) = split_code(&b.code_text) {
                let c = header.num(form.code_col).unwrap_or(0);
                complete
                    .entry(code.to_string())
                    .or_insert((values, sheet.place(b.rows[0].r, c)));
            }
        }
    }
    (out, complete)
}

/// Phase 1: the header row holds every column number of the form.
fn find_header(sheet: &Sheet, form: &BlockForm, out: &mut Vec<Finding>) -> Option<Header> {
    let ids = form.header_ids();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let h = sheet.header(&ids, 30);
    if h.is_none() {
        out.push(Finding::error(
            "incoming.header",
            Place::file(sheet.file),
            format!(
                "На листе «{}» нет строки с номерами граф {:02}…{:02}: проверьте, что книга заполнена по официальному шаблону.",
                sheet.name, form.first, form.last
            ),
        ));
    }
    if let Some(f) = h
        .as_ref()
        .and_then(|h| super::sheet::header_row_finding(sheet, h, &[form.header_row]))
    {
        out.push(f);
    }
    h
}

/// Phase 2: every non-blank row below the header; counts read, bad ones reported.
fn parse_rows(
    sheet: &Sheet,
    header: &Header,
    form: &BlockForm,
    out: &mut Vec<Finding>,
) -> Vec<SheetRow> {
    let code_col = header.num(form.code_col).unwrap_or(0);
    let row_col = form.row_no_col.and_then(|n| header.num(n));
    let mut rows = Vec::new();
    for r in header.row + 1..sheet.rows() {
        if sheet.is_blank_row(r) {
            continue;
        }
        let mut values = vec![None; form.width()];
        for (k, v) in values.iter_mut().enumerate() {
            let gr = form.first + k as u8;
            let Some(c) = header.num(gr) else { continue };
            match sheet.count(r, c) {
                Ok(n) => *v = Some(n),
                Err(why) => out.push(Finding::error(
                    "incoming.bad-count",
                    sheet.place(r, c),
                    format!(
                        "{}, гр.{gr:02}: {why}. Укажите целое неотрицательное число (пустая ячейка — ноль).",
                        sheet.pos(r, c)
                    ),
                )),
            }
        }
        let row_no_text = row_col
            .map(|c| sheet.text(r, c).to_string())
            .unwrap_or_default();
        rows.push(SheetRow {
            r,
            code_text: sheet.text(r, code_col).to_string(),
            row_no: super::sheet::id_key(&row_no_text)
                .and_then(|k| k.parse::<usize>().ok())
                .filter(|n| (1..=form.rows).contains(n)),
            row_no_text,
            values,
        });
    }
    rows
}

/// Phase 3: consecutive rows of one specialty. The code may be written only in the first row
/// of a block (merged cells), so an empty code continues the current block.
fn group_blocks(rows: &[SheetRow]) -> Vec<Block<'_>> {
    let mut blocks: Vec<Block> = Vec::new();
    for row in rows {
        let code = row.code_text.trim();
        let starts = match blocks.last() {
            None => true,
            Some(b) => !code.is_empty() && code != b.code_text,
        };
        if starts {
            blocks.push(Block {
                code_text: code.to_string(),
                rows: Vec::new(),
            });
        }
        if let Some(b) = blocks.last_mut() {
            b.rows.push(row);
        }
    }
    blocks
}

/// Phase 4: each block's «код и наименование»; one code, one name.
fn check_codes(
    sheet: &Sheet,
    header: &Header,
    form: &BlockForm,
    blocks: &[Block],
    learnt: &mut Learnt,
    out: &mut Vec<Finding>,
) {
    let c = header.num(form.code_col).unwrap_or(0);
    let mut names: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for b in blocks {
        let r0 = b.rows[0].r;
        let code_text = &b.code_text;
        match split_code(code_text) {
            Err(why) => out.push(Finding::error(
                "incoming.bad-code",
                sheet.place(r0, c),
                format!("{}: «{code_text}» — {why}, затем наименование специальности.", sheet.pos(r0, c)),
            )),
            Ok((_, "")) => out.push(Finding::error(
                "incoming.bad-code",
                sheet.place(r0, c),
                format!("{}: у кода {code_text} нет наименования специальности: запишите «код наименование».", sheet.pos(r0, c)),
            )),
            Ok((code, name)) => {
                match names.get(code) {
                    Some((other, line)) if other != name => out.push(Finding::error(
                        "incoming.code-two-names",
                        sheet.place(r0, c),
                        format!(
                            "{}: код {code} записан с наименованием «{name}», а в строке {line} — «{other}». У одного кода одно наименование.",
                            sheet.pos(r0, c)
                        ),
                    )),
                    Some(_) => {}
                    None => {
                        names.insert(code.to_string(), (name.to_string(), sheet.row_no(r0)));
                        learnt
                            .names
                            .push((code.to_string(), name.to_string(), sheet.place(r0, c)));
                    }
                }
            }
        }
    }
}

/// Phase 5: the rows of a block are numbered 01… in order, no more and no fewer than the
/// form has. `false` when the block is short (its arithmetic cannot be judged).
fn check_row_numbers(
    sheet: &Sheet,
    header: &Header,
    form: &BlockForm,
    b: &Block,
    out: &mut Vec<Finding>,
) -> bool {
    let c = form
        .row_no_col
        .and_then(|n| header.num(n))
        .or_else(|| header.num(form.code_col))
        .unwrap_or(0);
    let code_text = &b.code_text;
    for (i, row) in b.rows.iter().enumerate() {
        let r = row.r;
        if i >= form.rows {
            out.push(Finding::error(
                "incoming.extra-row",
                sheet.place(r, c),
                format!(
                    "{}: лишняя, {}-я строка в блоке специальности «{code_text}»; в блоке ровно {} строк 01–{:02}. Удалите её или укажите код специальности.",
                    sheet.pos(r, c),
                    i + 1,
                    form.rows,
                    form.rows
                ),
            ));
        } else if form.row_no_col.is_some() && row.row_no != Some(i + 1) {
            out.push(Finding::error(
                "incoming.row-number",
                sheet.place(r, c),
                format!(
                    "{}: № строки «{}», а на этом месте блока «{code_text}» должна быть стр.{:02}.",
                    sheet.pos(r, c),
                    row.row_no_text,
                    i + 1
                ),
            ));
        }
    }
    if b.rows.len() < form.rows {
        let last = b.rows[b.rows.len() - 1].r;
        out.push(Finding::error(
            "incoming.missing-row",
            sheet.place(last, c),
            format!(
                "{}: в блоке специальности «{code_text}» {} вместо {} (01–{:02}): добавьте недостающие строки.",
                sheet.pos(last, c),
                count_ru(b.rows.len() as i64, "строка", "строки", "строк"),
                form.rows,
                form.rows
            ),
        ));
        return false;
    }
    true
}

/// Phase 6: the form's arithmetic, only over blocks whose every count was read (a guessed
/// zero would invent violations or hide them). The values when complete.
fn check_arithmetic(
    sheet: &Sheet,
    header: &Header,
    form: &BlockForm,
    b: &Block,
    out: &mut Vec<Finding>,
) -> Option<Vec<Vec<i64>>> {
    let mut vals = vec![vec![0i64; form.width()]; form.rows];
    for (i, row) in b.rows.iter().take(form.rows).enumerate() {
        for (k, v) in row.values.iter().enumerate() {
            vals[i][k] = (*v)?;
        }
    }
    for (rno, gr, text) in (form.arithmetic)(&vals) {
        let row = b.rows[rno - 1];
        let c = header.num(gr).unwrap_or(0);
        out.push(Finding::error(
            "incoming.arithmetic",
            sheet.place(row.r, c),
            format!("{}, блок «{}»: {text}.", sheet.pos(row.r, c), b.code_text),
        ));
    }
    Some(vals)
}

#[cfg(test)]
mod tests;
