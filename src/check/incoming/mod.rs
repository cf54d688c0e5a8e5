//! Received Ministry workbooks in `data/incoming/`: each file is read (xlsx, xls or ods),
//! recognised by its sheets and checked by every workbook kind registered in [`KINDS`]; then
//! the sheets of one workbook and the files of the folder are checked against each other.
//!
//! Every count must be a whole non-negative number: text, a decimal or a negative is an error
//! at its sheet and cell, never a zero (the regional desktop tool reads them as zero). An empty
//! cell is zero, as in the official templates.

mod collection;
mod cross;
pub mod form;
pub mod sheet;
mod values;

use crate::check::rules::Rule;
use crate::diag::{rel_path, Finding, Place};
use crate::load::table::{cell_text, header_key, Grid};
use rayon::prelude::*;
use sheet::Sheet;
use std::path::Path;

pub use sheet::column_letters;

/// Sheet names of the Ministry's forms, for the exporter.
pub const FORM1_SHEET: &str = form::FORM1.sheet;
pub const FORM2_SHEET: &str = form::FORM2.sheet;
pub const FORM3_SHEET: &str = form::FORM3.sheet;

/// Form 2's arithmetic over one block (`values[row][column − 4]`), for the exporter's tests.
pub fn form2_violations(values: &[Vec<i64>]) -> Vec<form::Violation> {
    (form::FORM2.arithmetic)(values)
}

pub const INCOMING_DIR: &str = "data/incoming";

/// Extensions read as workbooks (calamine reads all of them).
const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods"];

/// A workbook kind: recognised by any of its sheets, checked as a whole.
pub struct Kind {
    pub id: &'static str,
    /// Russian name for messages and documentation.
    pub about: &'static str,
    /// Sheet names that identify the kind (matched ignoring case and extra spaces).
    pub sheets: &'static [&'static str],
    pub check: fn(&mut Book, &mut Learnt) -> Vec<Finding>,
}

/// Every workbook kind vypusk recognises.
#[rustfmt::skip]
pub const KINDS: &[Kind] = &[
    Kind { id: "form1", about: "Форма 1 «пятистрочная» (Минпросвещения)", sheets: &[form::FORM1.sheet], check: form::check_form1 },
    Kind { id: "form2", about: "Форма 2 «нозологии» (Минпросвещения)", sheets: &[form::FORM2.sheet], check: form::check_form2 },
    Kind { id: "collection-2025", about: "Книга мониторинга 2025 (май, сентябрь): «1. Форма сбора», «2. Нозологии», «3. Целевики»", sheets: &[collection::SHEET1, collection::SHEET2, collection::SHEET3], check: collection::check },
    Kind { id: "form3", about: "Форма 3 «ожидаемый выпуск» (Минпросвещения)", sheets: &[form::FORM3.sheet], check: form::check_form3 },
];

/// Findings about received workbooks: the family's registry.
#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    Rule::error("incoming.unreadable", "Книга не открывается или лист не читается").example("broken.xlsx: Не удалось открыть книгу: Xlsx error: Zip error: invalid Zip archive: Could not find EOCD. Проверьте, что файл не повреждён и сохранён как .xlsx, .xls или .ods."),
    Rule::warning("incoming.other-file", "Файл в data/incoming — не книга Excel/ODS (не проверен)").example("data/incoming/pk2.csv: Файл «pk2.csv» не проверен: в data/incoming проверяются книги .xlsx, .xls и .ods. Сохраните форму как книгу Excel (.xlsx) или уберите файл из папки."),
    Rule::info("incoming.excel-lock-file", "Временный файл Excel «~$…»: книга открыта в Excel").example("data/incoming/~$pk3.xlsx: Временный файл Excel: книга открыта в Excel. Сохраните и закройте её; этот файл исчезнет сам."),
    Rule::error("incoming.header", "Нет строки с номерами граф (колонок) шаблона").example("x.xlsx: На листе «Форма 1 пятистрочная» нет строки с номерами граф 05…27: проверьте, что книга заполнена по официальному шаблону."),
    Rule::warning("incoming.header-row", "Номера граф не на строке шаблона (региональная программа не примет)").example("pk.xlsx:3: Лист «2. Нозологии»: строка с номерами граф (колонок) — 3-я, а в шаблоне — 2-я. Программа проверки регионального центра ищет номера граф только на строке шаблона и не примет книгу: не добавляйте и не удаляйте строки над таблицей."),
    Rule::error("incoming.bad-count", "Текст, дробь или отрицательное число вместо количества").example("incoming.xlsx:7:7: лист «Форма 1 пятистрочная», строка 7, столбец G, гр.07: «1.5» — дробное число. Укажите целое неотрицательное число (пустая ячейка — ноль)."),
    Rule::error("incoming.bad-code", "Код специальности не вида NN.NN.NN с наименованием").example("incoming.xlsx:6:2: лист «Форма 1 пятистрочная», строка 6, столбец B: у кода 15.02.08 нет наименования специальности: запишите «код наименование»."),
    Rule::error("incoming.code-two-names", "Один код специальности с двумя наименованиями").example("pk.xlsx:7:2: лист «1. Форма сбора», строка 7, столбец B: код 15.02.08 записан с наименованием «Технология металлообработки», а выше — «Технология машиностроения». У одного кода одно наименование."),
    Rule::error("incoming.extra-row", "Лишняя строка в блоке специальности").example("incoming.xlsx:11:4: лист «Форма 1 пятистрочная», строка 11, столбец D: лишняя, 6-я строка в блоке специальности «15.02.08 Технология машиностроения»; в блоке ровно 5 строк 01–05. Удалите её или укажите код специальности."),
    Rule::error("incoming.row-number", "Неверный № строки в блоке специальности").example("incoming.xlsx:7:4: лист «Форма 1 пятистрочная», строка 7, столбец D: № строки «07», а на этом месте блока «15.02.08 Технология машиностроения» должна быть стр.02."),
    Rule::error("incoming.missing-row", "Не хватает строк в блоке специальности").example("incoming.xlsx:6:4: лист «Форма 1 пятистрочная», строка 6, столбец D: в блоке специальности «15.02.08 Технология машиностроения» 1 строка вместо 5 (01–05): добавьте недостающие строки."),
    Rule::error("incoming.arithmetic", "Не выполняется контрольное соотношение формы").example("pk.xlsx:8:7: лист «1. Форма сбора», строка 8, столбец G: колонка 3.3 = 9 больше колонки 3 = 6; должно быть 3 ≥ 3.3."),
    Rule::error("incoming.missing-sheet", "В книге мониторинга нет обязательного листа").example("pk.xlsx: В книге мониторинга нет листа «1. Форма сбора». Листы книги: «2. Нозологии», «3. Целевики». Заполните книгу по шаблону с сайта сбора данных."),
    Rule::error("incoming.empty-sheet", "Лист формы сбора пустой").example("pk.xlsx: Лист «1. Форма сбора» пустой: заполните строки по специальностям."),
    Rule::error("incoming.no-code", "Строка с данными без кода и наименования специальности").example("pk.xlsx:7:2: лист «1. Форма сбора», строка 7, столбец B: в строке есть данные, но не указаны код и наименование профессии/специальности (колонка 1): заполните колонку 1 или удалите строку."),
    Rule::error("incoming.not-on-sheet1", "Специальности листа нет на листе «1. Форма сбора»").example("pk.xlsx:6:1: лист «2. Нозологии», строка 6, столбец A: специальности 43.02.15 Поварское и кондитерское дело нет на листе «1. Форма сбора»: добавьте её туда или исправьте код."),
    Rule::error("incoming.count-exceeds", "Выпускников на листе больше, чем на листе «1. Форма сбора»").example("pk.xlsx:3:1: Лист «2. Нозологии», специальность 15.02.08: строк (выпускников с ОВЗ и инвалидностью) — 3, а выпускников этой специальности на листе «1. Форма сбора» (колонка 2) — 2. Их не может быть больше."),
    Rule::error("incoming.id-blank", "Не заполнен уникальный номер выпускника").example("pk.xlsx:5:2: лист «2. Нозологии», строка 5, столбец B: не заполнен уникальный номер выпускника (колонка 2). Строка без номера не учитывается — заполните его."),
    Rule::error("incoming.id-duplicate", "Уникальный номер выпускника повторяется на листе").example("pk.xlsx:4:2: лист «2. Нозологии», строка 4, столбец B: уникальный номер выпускника «G-1» уже указан в строке 3: один выпускник — одна строка."),
    Rule::error("incoming.inn", "ИНН не из 10 или 12 цифр").example("may.xlsx:7:3: лист «3. Целевики», строка 7, столбец C, колонка 3: ИНН «63120» — должно быть 10 цифр (юридическое лицо) или 12 цифр (индивидуальный предприниматель)."),
    Rule::error("incoming.kpp", "КПП не из 9 цифр у юрлица или указан у ИП").example("may.xlsx:6:4: лист «3. Целевики», строка 6, столбец D, колонка 4: КПП «» при ИНН из 10 цифр — у юридического лица (ИНН 10 цифр) КПП из 9 цифр, у индивидуального предпринимателя (ИНН 12 цифр) КПП не указывается."),
    Rule::error("incoming.value-list", "Значение не из выпадающего списка шаблона").example("pk.xlsx:6:8: лист «3. Целевики», строка 6, столбец H, колонка 8: пусто — при «расторгнут» колонка 8 обязательна, нужно одно из значений выпадающего списка шаблона."),
    Rule::error("incoming.initiator", "Причина расторжения (гр.9) не соответствует инициатору (гр.8)").example("pk.xlsx:5:9: лист «3. Целевики», строка 5, столбец I: договор расторгнут по инициативе работодателя (колонка 8), а причина «отказ выпускника от трудоустройства в связи с низким уровнем заработной платы» (колонка 9) относится к другому случаю. Для расторжения по инициативе работодателя допустимы: «отказ работодателя от трудоустройства в связи с неудовлетворенностью знаниями, умениями, навыками и компетенциями выпускника»; «отказ работодателя от трудоустройства в связи с отсутствием вакансий/сокращением штата предприятия»; …"),
    Rule::error("incoming.college-twice", "Две книги одного ПОО (одно имя файла без расширения)").example("data/incoming/PK1.xls: Книга data/incoming/PK1.xls — того же ПОО, что и data/incoming/pk1.xlsx (имя файла без расширения — код ПОО): данные учтутся дважды. Оставьте одну книгу."),
    Rule::warning("incoming.code-two-names-files", "Один код специальности с разными наименованиями в разных книгах").example("data/incoming/pk2.xlsx: Код 15.02.08 записан с наименованием «Машиностроение», а в книге data/incoming/pk1.xlsx — «Технология машиностроения». У одного кода одно наименование: сверьте с перечнем специальностей."),
    Rule::warning("incoming.id-in-two-files", "Один уникальный номер выпускника в книгах разных ПОО").example("x: Уникальный номер выпускника «123» на листе «2. Нозологии» есть и в книге data/incoming/pk1.xlsx: один выпускник учтён двумя ПОО. Уточните, какой ПОО его выпустил."),
    Rule::error("incoming.form2-vs-form1", "Строки 01–05 формы нозологий не совпадают с формой 1").example("both.xlsx:6:2: Лист «Форма нозологии», специальность 09.02.07: стр.01 гр.04 = 23, а на листе «Форма 1 пятистрочная» стр.01 гр.05 = 22. Строки 01–05 формы нозологий должны совпадать с формой 1."),
];

/// What the checks of one workbook learnt, for the checks across sheets and files.
#[derive(Debug, Default)]
pub struct Learnt {
    /// Specialty code → name as written, with the place, in sheet order.
    pub names: Vec<(String, String, Place)>,
    /// Graduate IDs («Уникальный номер выпускника») with their sheet and place.
    pub ids: Vec<(String, String, Place)>,
    /// Complete blocks of form 1 and form 2 by specialty code, for form 2 against form 1.
    pub form1: form::Blocks,
    pub form2: form::Blocks,
    /// Complete blocks of form 3, for a region's totals.
    pub form3: form::Blocks,
    /// A hash of the file's bytes: the same workbook saved under two names is one college
    /// twice. `None` when the file could not be read.
    pub content: Option<u64>,
}

/// An open workbook.
pub struct Book {
    pub file: String,
    pub sheet_names: Vec<String>,
    wb: calamine::Sheets<std::io::BufReader<std::fs::File>>,
}

impl Book {
    pub fn open(root: &Path, path: &Path) -> Result<Book, String> {
        use calamine::Reader;
        let wb = calamine::open_workbook_auto(path)
            .map_err(|e| format!("Не удалось открыть книгу: {e}. Проверьте, что файл не повреждён и сохранён как .xlsx, .xls или .ods."))?;
        Ok(Book {
            file: rel_path(root, path),
            sheet_names: wb.sheet_names(),
            wb,
        })
    }

    /// The actual name of sheet `name` (case and extra spaces ignored).
    pub fn find(&self, name: &str) -> Option<&str> {
        let key = header_key(name);
        self.sheet_names
            .iter()
            .find(|n| header_key(n) == key)
            .map(String::as_str)
    }

    /// Read sheet `name`; `Ok(None)` when the workbook has no such sheet.
    pub fn sheet(&mut self, name: &str) -> Result<Option<Sheet<'_>>, String> {
        use calamine::Reader;
        let Some(actual) = self.find(name).map(str::to_string) else {
            return Ok(None);
        };
        let range = self
            .wb
            .worksheet_range(&actual)
            .map_err(|e| format!("Не удалось прочитать лист «{actual}»: {e}. Снимите фильтры и защиту листа, сохраните книгу заново."))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let raw: Vec<Vec<calamine::Data>> = range.rows().map(|r| r.to_vec()).collect();
        let rows = raw
            .iter()
            .map(|r| r.iter().map(cell_text).collect())
            .collect();
        let grid = Grid {
            first_row: r0 as usize + 1,
            first_column: c0 as usize + 1,
            rows,
            raw,
        };
        Ok(Some(Sheet::new(&self.file, actual, grid)))
    }

    /// `«Лист1», «Лист2»` for messages.
    pub fn sheet_list(&self) -> String {
        self.sheet_names
            .iter()
            .map(|n| format!("«{n}»"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Check every file in `data/incoming/` (sorted by name); no folder → no findings. Workbooks
/// (.xlsx, .xlsm, .xls, .ods) are checked; every other file is reported, so that a workbook
/// saved in another format is never skipped without a word. Excel's lock files (`~$…`) are
/// reported as a note (the workbook is open); hidden files (`.gitkeep`) are left alone.
pub fn check_dir(root: &Path) -> Vec<Finding> {
    check_folder(root, &root.join(INCOMING_DIR)).0
}

/// [`check_dir`] over any folder of workbooks (a region's `data/incoming/<college>/`), paths
/// in findings relative to `root`; also what each workbook learnt (its complete blocks), by
/// file, for totals.
pub fn check_folder(root: &Path, dir: &Path) -> (Vec<Finding>, Vec<(String, Learnt)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return (Vec::new(), Vec::new());
    };
    let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    // Each file on its own (in parallel: a region's folder holds a hundred workbooks), then
    // the checks across files, in name order.
    let per: Vec<Entry> = paths.par_iter().map(|p| check_entry(root, p)).collect();
    let mut out = Vec::new();
    let mut learnt = Vec::new();
    for (fs, l) in per {
        out.extend(fs);
        learnt.extend(l);
    }
    out.extend(cross::across_files(&learnt));
    (out, learnt)
}

/// What one entry of the folder gave: its findings and, for a workbook, what it learnt.
type Entry = (Vec<Finding>, Option<(String, Learnt)>);

/// One entry of the folder: a workbook checked, anything else reported.
fn check_entry(root: &Path, p: &Path) -> Entry {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let file = rel_path(root, p);
    if name.starts_with('.') {
        return (Vec::new(), None);
    }
    if p.is_dir() {
        let f = Finding::warning(
            "incoming.other-file",
            Place::file(&file),
            format!("Папка «{name}» внутри {INCOMING_DIR} не проверяется: положите книги прямо в {INCOMING_DIR}."),
        );
        return (vec![f], None);
    }
    if name.starts_with("~$") {
        let f = Finding::info(
            "incoming.excel-lock-file",
            Place::file(&file),
            "Временный файл Excel: книга открыта в Excel. Сохраните и закройте её; этот файл исчезнет сам.".to_string(),
        );
        return (vec![f], None);
    }
    let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if !WORKBOOK_EXTENSIONS
        .iter()
        .any(|w| ext.eq_ignore_ascii_case(w))
    {
        let f = Finding::warning(
            "incoming.other-file",
            Place::file(&file),
            format!(
                "Файл «{name}» не проверен: в {INCOMING_DIR} проверяются книги .xlsx, .xls и .ods. Сохраните форму как книгу Excel (.xlsx) или уберите файл из папки."
            ),
        );
        return (vec![f], None);
    }
    let (fs, l) = check_book(root, p);
    (fs, Some((file, l)))
}

/// Check one workbook.
pub fn check_workbook(root: &Path, path: &Path) -> Vec<Finding> {
    check_book(root, path).0
}

/// Check one workbook; what it learnt, for the checks across files.
fn check_book(root: &Path, path: &Path) -> (Vec<Finding>, Learnt) {
    use std::hash::{Hash, Hasher};
    let mut learnt = Learnt {
        // SipHash with fixed keys: the same bytes give the same value on every run.
        content: std::fs::read(path).ok().map(|bytes| {
            let mut h = std::hash::DefaultHasher::new();
            bytes.hash(&mut h);
            h.finish()
        }),
        ..Learnt::default()
    };
    let mut book = match Book::open(root, path) {
        Ok(b) => b,
        Err(msg) => {
            let f = Finding::error(
                "incoming.unreadable",
                Place::file(rel_path(root, path)),
                msg,
            );
            return (vec![f], learnt);
        }
    };
    let kinds: Vec<&Kind> = KINDS
        .iter()
        .filter(|k| k.sheets.iter().any(|s| book.find(s).is_some()))
        .collect();
    if kinds.is_empty() {
        let expected = KINDS
            .iter()
            .flat_map(|k| k.sheets.iter())
            .map(|s| format!("«{s}»"))
            .collect::<Vec<_>>()
            .join(", ");
        let f = Finding::error(
            "incoming.unreadable",
            Place::file(&book.file),
            format!(
                "В книге нет листа известной формы (ожидается один из: {expected}). Листы книги: {}.",
                book.sheet_list()
            ),
        );
        return (vec![f], learnt);
    }
    let mut out = Vec::new();
    for k in kinds {
        out.extend((k.check)(&mut book, &mut learnt));
    }
    out.extend(form::form2_against_form1(&learnt));
    (out, learnt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_the_folder_is_reported_or_checked() {
        let dir = tempfile::tempdir().unwrap();
        let inc = dir.path().join(INCOMING_DIR);
        std::fs::create_dir_all(&inc).unwrap();
        // An .xls is read, not skipped: a broken one is an error, never «Ошибок нет».
        std::fs::write(inc.join("pk1.xls"), b"not a workbook").unwrap();
        std::fs::write(inc.join("pk2.csv"), b"a;b").unwrap();
        std::fs::write(inc.join("~$pk3.xlsx"), b"lock").unwrap();
        std::fs::write(inc.join(".gitkeep"), b"").unwrap();
        let f = check_dir(dir.path());
        let got: Vec<(&str, &str)> = f.iter().map(|f| (f.rule, f.place.file.as_str())).collect();
        assert_eq!(
            got,
            [
                ("incoming.unreadable", "data/incoming/pk1.xls"),
                ("incoming.other-file", "data/incoming/pk2.csv"),
                ("incoming.excel-lock-file", "data/incoming/~$pk3.xlsx"),
            ],
            "{f:#?}"
        );
        assert!(f[1].message.contains(".xlsx, .xls и .ods"));
    }

    /// A minimal OpenDocument spreadsheet: one sheet of strings and numbers.
    fn ods(path: &Path, sheet: &str, rows: &[Vec<Result<&str, f64>>]) {
        use std::io::Write;
        let mut xml = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>"#,
        );
        xml.push_str(&format!(r#"<table:table table:name="{sheet}">"#));
        for row in rows {
            xml.push_str("<table:table-row>");
            for cell in row {
                match cell {
                    Ok("") => xml.push_str("<table:table-cell/>"),
                    Ok(s) => xml.push_str(&format!(
                        r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#
                    )),
                    Err(x) => xml.push_str(&format!(
                        r#"<table:table-cell office:value-type="float" office:value="{x}"><text:p>{x}</text:p></table:table-cell>"#
                    )),
                }
            }
            xml.push_str("</table:table-row>");
        }
        xml.push_str("</table:table></office:spreadsheet></office:body></office:document-content>");
        let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        z.start_file("mimetype", stored).unwrap();
        z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        z.start_file("META-INF/manifest.xml", stored).unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        z.start_file("content.xml", stored).unwrap();
        z.write_all(xml.as_bytes()).unwrap();
        z.finish().unwrap();
    }

    /// Form 3 in an .ods: read and checked like an .xlsx, errors at their cell.
    #[test]
    fn ods_workbooks_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let inc = dir.path().join(INCOMING_DIR);
        std::fs::create_dir_all(&inc).unwrap();
        let mut header: Vec<Result<&str, f64>> = Vec::new();
        let numbers: Vec<String> = (1..=22).map(|n| format!("{n:02}")).collect();
        header.extend(numbers.iter().map(|s| Ok(s.as_str())));
        let block = |bad: bool| -> Vec<Vec<Result<&'static str, f64>>> {
            (1..=5)
                .map(|r| {
                    let mut row: Vec<Result<&str, f64>> = vec![
                        Ok("Самарская область"),
                        Ok("15.02.08 Технология машиностроения"),
                        Ok("показатель"),
                        Ok(["01", "02", "03", "04", "05"][r - 1]),
                    ];
                    // стр.01: 3 expected graduates, all planning employment (гр.12).
                    let n = if r == 1 { 3.0 } else { 0.0 };
                    for col in 5..=22 {
                        row.push(match col {
                            5 | 12 => Err(n),
                            6 if bad && r == 1 => Ok("три"),
                            _ => Err(0.0),
                        });
                    }
                    row
                })
                .collect()
        };
        for (name, bad) in [("ok.ods", false), ("bad.ods", true)] {
            let mut rows = vec![
                vec![Ok("Форма 3")],
                vec![],
                vec![],
                vec![],
                vec![],
                header.clone(),
            ];
            rows.extend(block(bad));
            ods(&inc.join(name), form::FORM3.sheet, &rows);
        }
        let f = check_dir(dir.path());
        let got: Vec<(&str, &str)> = f.iter().map(|f| (f.rule, f.place.file.as_str())).collect();
        assert_eq!(
            got,
            [("incoming.bad-count", "data/incoming/bad.ods")],
            "{f:#?}"
        );
        assert_eq!(f[0].place, Place::at("data/incoming/bad.ods", 7, 6));
    }
}
