//! The Ministry's 2025 collection workbooks («Система сбора и синхронизации ресурсов», May and
//! September 2025): sheets «1. Форма сбора», «2. Нозологии» (September) and «3. Целевики»
//! (May: columns 1–27 with ИНН/КПП and counts; September: columns 1–10, one graduate a row,
//! with the value lists of [`super::values`]). Layout, arithmetic and lists follow
//! `shared/reference/collection-workbooks-2025.md`. Unlike the regional tool, nothing is
//! silently read as zero or dropped: a row with figures but no specialty, a text count, a row
//! without the graduate's number are errors at their cell.

use super::sheet::{header_row_finding, Header, Sheet};
use super::values;
use super::{Book, Learnt};
use crate::diag::{Finding, Place};
use crate::model::specialty::split_code;
use std::collections::BTreeMap;

pub const SHEET1: &str = "1. Форма сбора";
pub const SHEET2: &str = "2. Нозологии";
pub const SHEET3: &str = "3. Целевики";

/// Column ids of sheet 1 both templates have (1.1–1.3 are optional text columns).
const SHEET1_IDS: &[&str] = &[
    "1", "2", "3", "3.1", "3.2", "3.3", "4", "4.1", "4.2", "4.3", "5", "6", "7", "8", "9", "10",
    "11", "12", "13", "14", "15", "16", "17", "18",
];
/// Rows this far down may hold the header (the templates put it on row 2, 3 or 4).
const HEADER_WITHIN: usize = 10;

/// What sheet 1 says per specialty code: the name and Σ column 2 (graduates).
struct Specialty {
    name: String,
    total: i64,
}

type Totals = BTreeMap<String, Specialty>;

pub fn check(book: &mut Book, learnt: &mut Learnt) -> Vec<Finding> {
    let mut out = Vec::new();
    if book.find(SHEET1).is_none() {
        missing(book, SHEET1, &mut out);
    }
    let totals = sheet1(book, learnt, &mut out);
    let may = match read(book, SHEET3, &mut out) {
        Some(s) => targets(&s, totals.as_ref(), learnt, &mut out),
        None => {
            missing(book, SHEET3, &mut out);
            false
        }
    };
    match read(book, SHEET2, &mut out) {
        Some(s) => nosology(&s, totals.as_ref(), learnt, &mut out),
        // The May workbook has no nosology sheet; the September one must.
        None if !may => missing(book, SHEET2, &mut out),
        None => {}
    }
    out
}

fn read<'b>(book: &'b mut Book, name: &str, out: &mut Vec<Finding>) -> Option<Sheet<'b>> {
    let file = book.file.clone();
    match book.sheet(name) {
        Ok(s) => s,
        Err(msg) => {
            out.push(Finding::error(
                "incoming.unreadable",
                Place::file(file),
                msg,
            ));
            None
        }
    }
}

fn missing(book: &Book, name: &str, out: &mut Vec<Finding>) {
    out.push(Finding::error(
        "incoming.missing-sheet",
        Place::file(&book.file),
        format!(
            "В книге мониторинга нет листа «{name}». Листы книги: {}. Заполните книгу по шаблону с сайта сбора данных.",
            book.sheet_list()
        ),
    ));
}

fn header(
    sheet: &Sheet,
    ids: &[&str],
    rows: &[usize],
    where_: &str,
    out: &mut Vec<Finding>,
) -> Option<Header> {
    let h = sheet.header(ids, HEADER_WITHIN);
    if let Some(f) = h.as_ref().and_then(|h| header_row_finding(sheet, h, rows)) {
        out.push(f);
    }
    if h.is_none() {
        out.push(Finding::error(
            "incoming.header",
            Place::file(sheet.file),
            format!(
                "На листе «{}» нет строки с номерами колонок {}…{} ({where_}): проверьте, что книга заполнена по шаблону.",
                sheet.name,
                ids[0],
                ids[ids.len() - 1]
            ),
        ));
    }
    h
}

/// A template's example or helper row, not data: «Выпадающий список» / «Текстовое поле»
/// samples and the «Сумма» line.
fn template_row(sheet: &Sheet, r: usize, c1: usize, c2: usize) -> bool {
    let a = sheet.text(r, c1);
    let b = sheet.text(r, c2);
    a.contains("Выпадающий список") || b.contains("Текстовое поле") || b.contains("Сумма")
}

/// Column 1: «код и наименование». `None` (reported) when it is not.
fn specialty(
    sheet: &Sheet,
    r: usize,
    c: usize,
    out: &mut Vec<Finding>,
) -> Option<(String, String)> {
    let text = sheet.text(r, c);
    match split_code(text) {
        Ok((code, name)) if !name.is_empty() => Some((code.to_string(), name.to_string())),
        Ok((code, _)) => {
            out.push(Finding::error(
                "incoming.bad-code",
                sheet.place(r, c),
                format!("{}: у кода {code} нет наименования профессии/специальности: запишите «код наименование».", sheet.pos(r, c)),
            ));
            None
        }
        Err(why) => {
            out.push(Finding::error(
                "incoming.bad-code",
                sheet.place(r, c),
                format!(
                    "{}: «{text}» — {why}, затем наименование профессии/специальности (колонка 1).",
                    sheet.pos(r, c)
                ),
            ));
            None
        }
    }
}

/// A count at column id `id`; `None` (reported) when not a whole non-negative number.
fn count(sheet: &Sheet, h: &Header, r: usize, id: &str, out: &mut Vec<Finding>) -> Option<i64> {
    let c = h.col(id)?;
    match sheet.count(r, c) {
        Ok(n) => Some(n),
        Err(why) => {
            out.push(Finding::error(
                "incoming.bad-count",
                sheet.place(r, c),
                format!(
                    "{}, колонка {id}: {why}. Укажите целое неотрицательное число (пустая ячейка — ноль); текст не считается нулём.",
                    sheet.pos(r, c)
                ),
            ));
            None
        }
    }
}

/// Sheet «1. Форма сбора»: one row per specialty; 2 = 3 + 4 + 5 + … + 17 (not 3.x, 4.x, 18);
/// 3 ≥ each of 3.1–3.3; 4 ≥ each of 4.1–4.3. `None` when the sheet cannot be read.
fn sheet1(book: &mut Book, learnt: &mut Learnt, out: &mut Vec<Finding>) -> Option<Totals> {
    let sheet = read(book, SHEET1, out)?;
    let h = header(
        &sheet,
        SHEET1_IDS,
        &[3, 4],
        "в шаблоне с сайта — третья строка, в шаблоне из письма — четвёртая",
        out,
    )?;
    let c1 = h.col("1")?;
    let c2 = h.col("2")?;
    let mut totals = Totals::new();
    let mut rows = 0;
    for r in h.row + 1..sheet.rows() {
        if sheet.is_blank_row(r) || template_row(&sheet, r, c1, c2) {
            continue;
        }
        rows += 1;
        let spec = if sheet.text(r, c1).is_empty() {
            out.push(Finding::error(
                "incoming.no-code",
                sheet.place(r, c1),
                format!("{}: в строке есть данные, но не указаны код и наименование профессии/специальности (колонка 1): заполните колонку 1 или удалите строку.", sheet.pos(r, c1)),
            ));
            None
        } else {
            specialty(&sheet, r, c1, out)
        };
        let mut v: BTreeMap<&str, Option<i64>> = BTreeMap::new();
        for id in &SHEET1_IDS[1..] {
            v.insert(id, count(&sheet, &h, r, id, out));
        }
        let get = |id: &str| v.get(id).copied().flatten();
        // Arithmetic only when every count involved was read.
        let parts: Vec<&str> = ["3", "4"]
            .into_iter()
            .chain(
                SHEET1_IDS
                    .iter()
                    .copied()
                    .filter(|id| id.parse::<u32>().is_ok_and(|n| (5..=17).contains(&n))),
            )
            .collect();
        if let (Some(total), Some(sum)) = (
            get("2"),
            parts.iter().map(|id| get(id)).sum::<Option<i64>>(),
        ) {
            if total != sum {
                out.push(Finding::error(
                    "incoming.arithmetic",
                    sheet.place(r, c2),
                    format!(
                        "{}: колонка 2 = {total}, а сумма колонок 3, 4, 5 … 17 = {sum}; колонка 2 должна равняться сумме (3.x, 4.x и 18 в сумму не входят).",
                        sheet.pos(r, c2)
                    ),
                ));
            }
        }
        for whole in ["3", "4"] {
            for sub in 1..=3 {
                let id = format!("{whole}.{sub}");
                if let (Some(w), Some(p)) = (get(whole), get(&id)) {
                    if p > w {
                        let c = h.col(&id).unwrap_or(c2);
                        out.push(Finding::error(
                            "incoming.arithmetic",
                            sheet.place(r, c),
                            format!(
                                "{}: колонка {id} = {p} больше колонки {whole} = {w}; должно быть {whole} ≥ {id}.",
                                sheet.pos(r, c)
                            ),
                        ));
                    }
                }
            }
        }
        if let Some((code, name)) = spec {
            match totals.get_mut(&code) {
                Some(s) if s.name != name => out.push(Finding::error(
                    "incoming.code-two-names",
                    sheet.place(r, c1),
                    format!(
                        "{}: код {code} записан с наименованием «{name}», а выше — «{}». У одного кода одно наименование.",
                        sheet.pos(r, c1),
                        s.name
                    ),
                )),
                Some(s) => s.total += get("2").unwrap_or(0),
                None => {
                    learnt.names.push((code.clone(), name.clone(), sheet.place(r, c1)));
                    totals.insert(
                        code,
                        Specialty {
                            name,
                            total: get("2").unwrap_or(0),
                        },
                    );
                }
            }
        }
    }
    if rows == 0 {
        out.push(Finding::error(
            "incoming.empty-sheet",
            Place::file(sheet.file),
            format!(
                "Лист «{}» пустой: заполните строки по специальностям.",
                sheet.name
            ),
        ));
    }
    Some(totals)
}

/// The specialty of a row of sheet 2 or 3 is on sheet 1 under the same name.
fn on_sheet1(
    sheet: &Sheet,
    r: usize,
    c: usize,
    code: &str,
    name: &str,
    totals: &Totals,
    out: &mut Vec<Finding>,
) -> bool {
    match totals.get(code) {
        None => {
            out.push(Finding::error(
                "incoming.not-on-sheet1",
                sheet.place(r, c),
                format!("{}: специальности {code} {name} нет на листе «{SHEET1}»: добавьте её туда или исправьте код.", sheet.pos(r, c)),
            ));
            false
        }
        Some(s) if s.name != name => {
            out.push(Finding::error(
                "incoming.code-two-names",
                sheet.place(r, c),
                format!(
                    "{}: код {code} записан с наименованием «{name}», а на листе «{SHEET1}» — «{}». Наименование должно совпадать.",
                    sheet.pos(r, c),
                    s.name
                ),
            ));
            true
        }
        Some(_) => true,
    }
}

/// Per specialty, more graduates on this sheet than on sheet 1.
fn not_more_than_sheet1(
    sheet: &Sheet,
    counted: &BTreeMap<String, (i64, Place)>,
    totals: &Totals,
    what: &str,
    out: &mut Vec<Finding>,
) {
    for (code, (n, place)) in counted {
        if let Some(s) = totals.get(code) {
            if *n > s.total {
                out.push(Finding::error(
                    "incoming.count-exceeds",
                    place.clone(),
                    format!(
                        "Лист «{}», специальность {code}: {what} — {n}, а выпускников этой специальности на листе «{SHEET1}» (колонка 2) — {}. Их не может быть больше.",
                        sheet.name, s.total
                    ),
                ));
            }
        }
    }
}

/// The graduate's unique number (column 2): given and not repeated on the sheet.
fn graduate_id(
    sheet: &Sheet,
    r: usize,
    c: usize,
    seen: &mut BTreeMap<String, usize>,
    learnt: &mut Learnt,
    out: &mut Vec<Finding>,
) {
    let id = sheet.text(r, c);
    if id.is_empty() {
        out.push(Finding::error(
            "incoming.id-blank",
            sheet.place(r, c),
            format!("{}: не заполнен уникальный номер выпускника (колонка 2). Строка без номера не учитывается — заполните его.", sheet.pos(r, c)),
        ));
        return;
    }
    match seen.get(id) {
        Some(first) => out.push(Finding::error(
            "incoming.id-duplicate",
            sheet.place(r, c),
            format!(
                "{}: уникальный номер выпускника «{id}» уже указан в строке {first}: один выпускник — одна строка.",
                sheet.pos(r, c)
            ),
        )),
        None => {
            seen.insert(id.to_string(), sheet.row_no(r));
            learnt
                .ids
                .push((id.to_string(), sheet.name.clone(), sheet.place(r, c)));
        }
    }
}

/// Sheet «2. Нозологии» (September): one graduate a row, columns 1–7.
fn nosology(sheet: &Sheet, totals: Option<&Totals>, learnt: &mut Learnt, out: &mut Vec<Finding>) {
    let ids = ["1", "2", "3", "4", "5", "6", "7"];
    let Some(h) = header(sheet, &ids, &[2], "в шаблоне — вторая строка", out)
    else {
        return;
    };
    if let Some(rows) = GraduateRows::new(sheet, &h, "строк (выпускников с ОВЗ и инвалидностью)")
    {
        rows.check(totals, learnt, out, |_, _| {});
    }
}

/// A sheet with one graduate a row: specialty in one column, the graduate's ID in another.
struct GraduateRows<'a, 's> {
    sheet: &'a Sheet<'s>,
    /// The first row after the header.
    first: usize,
    specialty: usize,
    id: usize,
    /// What the rows are, for the message when they outnumber sheet 1.
    what: &'static str,
}

impl<'a, 's> GraduateRows<'a, 's> {
    /// The rows under `h`, specialty in column 1 and ID in column 2 (both sheets' layout).
    fn new(sheet: &'a Sheet<'s>, h: &Header, what: &'static str) -> Option<Self> {
        Some(GraduateRows {
            sheet,
            first: h.row + 1,
            specialty: h.col("1")?,
            id: h.col("2")?,
            what,
        })
    }

    /// Each row's specialty is counted against sheet 1 and its ID checked for repeats, then
    /// `row` checks the sheet's own columns; finally the rows of a specialty must not
    /// outnumber sheet 1's graduates.
    fn check(
        &self,
        totals: Option<&Totals>,
        learnt: &mut Learnt,
        out: &mut Vec<Finding>,
        mut row: impl FnMut(usize, &mut Vec<Finding>),
    ) {
        let (sheet, c1, c2) = (self.sheet, self.specialty, self.id);
        let mut seen = BTreeMap::new();
        let mut counted: BTreeMap<String, (i64, Place)> = BTreeMap::new();
        for r in self.first..sheet.rows() {
            if sheet.is_blank_row(r) || template_row(sheet, r, c1, c2) {
                continue;
            }
            if let Some((code, name)) = specialty(sheet, r, c1, out) {
                if totals.is_none_or(|t| on_sheet1(sheet, r, c1, &code, &name, t, out)) {
                    counted.entry(code).or_insert((0, sheet.place(r, c1))).0 += 1;
                }
            }
            graduate_id(sheet, r, c2, &mut seen, learnt, out);
            row(r, out);
        }
        if let Some(t) = totals {
            not_more_than_sheet1(sheet, &counted, t, self.what, out);
        }
    }
}

/// Sheet «3. Целевики»: the May layout (ids 1–27: ИНН, КПП, counts) or the September one
/// (ids 1–10: one graduate a row with the contract's state). `true` for the May layout.
fn targets(
    sheet: &Sheet,
    totals: Option<&Totals>,
    learnt: &mut Learnt,
    out: &mut Vec<Finding>,
) -> bool {
    let may_ids: Vec<String> = (1..=27).map(|n| n.to_string()).collect();
    let may_ids: Vec<&str> = may_ids.iter().map(String::as_str).collect();
    if let Some(h) = sheet.header(&may_ids, HEADER_WITHIN) {
        out.extend(header_row_finding(sheet, &h, &[3]));
        targets_may(sheet, &h, totals, out);
        return true;
    }
    let ids = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];
    if let Some(h) = header(
        sheet,
        &ids,
        &[2],
        "в сентябрьском шаблоне — вторая строка, 1–10; в майском — третья, 1–27",
        out,
    ) {
        targets_september(sheet, &h, totals, learnt, out);
    }
    false
}

/// Digits of an ИНН/КПП cell, spaces ignored; `None` when anything else is in it.
fn digits(s: &str) -> Option<String> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    t.bytes().all(|b| b.is_ascii_digit()).then_some(t)
}

fn inn_ok(s: &str) -> bool {
    digits(s).is_some_and(|d| d.len() == 10 || d.len() == 12)
}

fn inn_finding(sheet: &Sheet, r: usize, c: usize, id: &str) -> Finding {
    Finding::error(
        "incoming.inn",
        sheet.place(r, c),
        format!(
            "{}, колонка {id}: ИНН «{}» — должно быть 10 цифр (юридическое лицо) или 12 цифр (индивидуальный предприниматель).",
            sheet.pos(r, c),
            sheet.text(r, c)
        ),
    )
}

fn targets_may(sheet: &Sheet, h: &Header, totals: Option<&Totals>, out: &mut Vec<Finding>) {
    let (Some(c1), Some(c3), Some(c4), Some(c5)) = (h.col("1"), h.col("3"), h.col("4"), h.col("5"))
    else {
        return;
    };
    let mut counted: BTreeMap<String, (i64, Place)> = BTreeMap::new();
    for r in h.row + 1..sheet.rows() {
        if sheet.is_blank_row(r) || template_row(sheet, r, c1, c1) {
            continue;
        }
        let spec = specialty(sheet, r, c1, out);
        let inn = sheet.text(r, c3);
        let kpp = sheet.text(r, c4);
        if !inn_ok(inn) {
            out.push(inn_finding(sheet, r, c3, "3"));
        } else {
            let inn_len = digits(inn).map_or(0, |d| d.len());
            let kpp_digits = digits(kpp);
            let bad = match (inn_len, kpp_digits.as_deref()) {
                (10, Some(k)) => k.len() != 9,
                (12, Some(k)) => !k.is_empty(),
                _ => true,
            };
            if bad {
                out.push(Finding::error(
                    "incoming.kpp",
                    sheet.place(r, c4),
                    format!(
                        "{}, колонка 4: КПП «{kpp}» при ИНН из {inn_len} цифр — у юридического лица (ИНН 10 цифр) КПП из 9 цифр, у индивидуального предпринимателя (ИНН 12 цифр) КПП не указывается.",
                        sheet.pos(r, c4)
                    ),
                ));
            }
        }
        let n = count(sheet, h, r, "5", out);
        let parts: Option<i64> = (6..=27)
            .map(|k| count(sheet, h, r, &k.to_string(), out))
            .collect::<Vec<_>>()
            .into_iter()
            .sum();
        if let (Some(n), Some(p)) = (n, parts) {
            if n != p {
                out.push(Finding::error(
                    "incoming.arithmetic",
                    sheet.place(r, c5),
                    format!(
                        "{}: колонка 5 = {n}, а сумма колонок 6–27 = {p}; колонка 5 должна равняться сумме.",
                        sheet.pos(r, c5)
                    ),
                ));
            }
        }
        if let (Some((code, name)), Some(t)) = (spec, totals) {
            if on_sheet1(sheet, r, c1, &code, &name, t, out) {
                counted.entry(code).or_insert((0, sheet.place(r, c1))).0 += n.unwrap_or(0);
            }
        }
    }
    if let Some(t) = totals {
        not_more_than_sheet1(
            sheet,
            &counted,
            t,
            "выпускников с целевым договором (колонка 5)",
            out,
        );
    }
}

/// A value of column `id` must be one of `list` (exactly, after trimming).
fn in_list(
    sheet: &Sheet,
    r: usize,
    c: usize,
    id: &str,
    list: &[&str],
    why: &str,
    out: &mut Vec<Finding>,
) -> bool {
    let v = sheet.text(r, c);
    if list.contains(&v) {
        return true;
    }
    let hint = list
        .iter()
        .find(|x| x.to_lowercase() == v.to_lowercase())
        .map(|x| format!(" В шаблоне это значение пишется так: «{x}»."))
        .unwrap_or_default();
    let shown = if v.is_empty() {
        "пусто".to_string()
    } else {
        format!("«{v}»")
    };
    out.push(Finding::error(
        "incoming.value-list",
        sheet.place(r, c),
        format!(
            "{}, колонка {id}: {shown} — {why}, нужно одно из значений выпадающего списка шаблона.{hint}",
            sheet.pos(r, c)
        ),
    ));
    false
}

fn must_be_empty(sheet: &Sheet, r: usize, c: usize, id: &str, state: &str, out: &mut Vec<Finding>) {
    let v = sheet.text(r, c);
    if !v.is_empty() {
        out.push(Finding::error(
            "incoming.value-list",
            sheet.place(r, c),
            format!(
                "{}, колонка {id}: «{v}», а при «{state}» в колонке 6 эта колонка остаётся пустой.",
                sheet.pos(r, c)
            ),
        ));
    }
}

fn targets_september(
    sheet: &Sheet,
    h: &Header,
    totals: Option<&Totals>,
    learnt: &mut Learnt,
    out: &mut Vec<Finding>,
) {
    let col = |id: &str| h.col(id).unwrap_or(0);
    let (c5, c6, c7, c8, c9, c10) = (col("5"), col("6"), col("7"), col("8"), col("9"), col("10"));
    let Some(rows) = GraduateRows::new(sheet, h, "строк (выпускников с целевым договором)")
    else {
        return;
    };
    rows.check(totals, learnt, out, |r, out| {
        if !inn_ok(sheet.text(r, c5)) {
            out.push(inn_finding(sheet, r, c5, "5"));
        }
        if !in_list(sheet, r, c6, "6", values::STATE, "состояние договора", out) {
            return;
        }
        if sheet.text(r, c6) == values::ACTIVE {
            in_list(
                sheet,
                r,
                c7,
                "7",
                values::ACTIVE_STATUS,
                "при «действует» колонка 7 обязательна",
                out,
            );
            for (c, id) in [(c8, "8"), (c9, "9"), (c10, "10")] {
                must_be_empty(sheet, r, c, id, values::ACTIVE, out);
            }
            return;
        }
        must_be_empty(sheet, r, c7, "7", values::TERMINATED, out);
        let how = in_list(
            sheet,
            r,
            c8,
            "8",
            values::TERMINATION,
            "при «расторгнут» колонка 8 обязательна",
            out,
        );
        let why = in_list(
            sheet,
            r,
            c9,
            "9",
            values::REASON,
            "при «расторгнут» колонка 9 обязательна",
            out,
        );
        in_list(
            sheet,
            r,
            c10,
            "10",
            values::AFTER,
            "при «расторгнут» колонка 10 обязательна",
            out,
        );
        if how && why {
            let termination = sheet.text(r, c8);
            let reason = sheet.text(r, c9);
            if let Some((group, allowed)) = values::reasons_for(termination) {
                if !allowed.contains(&reason) {
                    out.push(Finding::error(
                        "incoming.initiator",
                        sheet.place(r, c9),
                        format!(
                            "{}: договор расторгнут {group} (колонка 8), а причина «{reason}» (колонка 9) относится к другому случаю. Для расторжения {group} допустимы: {}.",
                            sheet.pos(r, c9),
                            allowed.iter().map(|a| format!("«{a}»")).collect::<Vec<_>>().join("; ")
                        ),
                    ));
                }
            }
        }
    });
}

#[cfg(test)]
mod tests;
