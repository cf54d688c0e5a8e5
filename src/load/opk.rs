//! ОПК weekly forms: the layout (`data/reference/opk-layout.yaml` or the bundled default), the
//! reports `data/opk/ГГГГ-ММ-ДД-form2.csv|xlsx` and `…-form3.csv|xlsx` (the date is the
//! report's Friday, one pair of files per week) and `data/opk/log.yaml` (when each week was sent,
//! and the weeks with «нет новой информации»).
//!
//! Cells are checked for their column type here (ИНН check digits, counts, dates, choices);
//! the seed's rules over roles are in `check::opk`.

use crate::diag::{rel_path, Finding, Findings, Place};
use crate::load::table::{self, ColumnSpec};
use crate::load::yaml;
use crate::model::opk::{
    inn_valid, ColumnType, FormKind, FormLayout, LogEntry, Opk, OpkForm, OpkLayout, OpkReport,
    OpkRow,
};
use jiff::civil::{Date, DateTime, Weekday};
use serde::Deserialize;
use std::path::Path;

pub const LAYOUT_FILE: &str = "data/reference/opk-layout.yaml";
const LAYOUT_DEFAULT: &str = include_str!("../../data/reference/opk-layout.yaml");
const BUILTIN: &str = "<встроенный справочник ОПК>";
pub const OPK_DIR: &str = "data/opk";
pub const LOG_FILE: &str = "data/opk/log.yaml";

/// Roles every layout must have: the rows' key and the seed's mandatory column.
const REQUIRED: &[(FormKind, &str)] = &[
    (FormKind::Form2, "inn"),
    (FormKind::Form2, "enterprise"),
    (FormKind::Form2, "position"),
    (FormKind::Form2, "specialty"),
    (FormKind::Form3, "inn"),
    (FormKind::Form3, "enterprise"),
];

/// Load everything ОПК of the project at `root`. An absent `data/opk` is an empty `Opk`.
pub fn load(root: &Path, findings: &mut Findings) -> Opk {
    let mut fs = Vec::new();
    let (layout, layout_file) = layout(root, &mut fs);
    findings.extend(fs);
    let mut opk = Opk {
        layout,
        layout_file,
        reports: Vec::new(),
        log: Vec::new(),
        until: None,
    };
    let dir = root.join(OPK_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return opk;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if name == "log.yaml" {
            read_log(root, &path, &mut opk, findings);
            continue;
        }
        let file = rel_path(root, &path);
        let Some((week, kind)) = report_name(name) else {
            findings.push(Finding::warning(
                "opk.unknown-file",
                Place::file(&file),
                "Файл не похож на еженедельный отчёт ОПК: назовите его ГГГГ-ММ-ДД-form2.csv или ГГГГ-ММ-ДД-form3.csv (дата — пятница отчёта; можно .xlsx).",
            ));
            continue;
        };
        let Some(week) = week else {
            findings.push(Finding::error(
                "opk.bad-week",
                Place::file(&file),
                "Дата в имени файла не читается: ожидается ГГГГ-ММ-ДД (например, 2023-09-01-form2.csv).",
            ));
            continue;
        };
        if week.weekday() != Weekday::Friday {
            findings.push(Finding::error(
                "opk.bad-week",
                Place::file(&file),
                format!(
                    "{} — не пятница: отчёт ОПК датируется пятницей своей недели. Переименуйте файл.",
                    crate::format::date_ru(week)
                ),
            ));
            continue;
        }
        let form = read_form(root, &path, opk.layout(kind), findings);
        let idx = match opk.reports.iter().position(|r| r.week == week) {
            Some(i) => i,
            None => {
                opk.reports.push(OpkReport {
                    week,
                    form2: None,
                    form3: None,
                });
                opk.reports.len() - 1
            }
        };
        let slot = match kind {
            FormKind::Form2 => &mut opk.reports[idx].form2,
            FormKind::Form3 => &mut opk.reports[idx].form3,
        };
        if slot.is_some() {
            findings.push(Finding::error(
                "opk.duplicate-file",
                Place::file(&file),
                format!(
                    "За неделю {} уже есть файл {}: оставьте один (CSV или xlsx).",
                    crate::format::date_ru(week),
                    kind.label_ru()
                ),
            ));
            continue;
        }
        *slot = form;
    }
    opk.reports.sort_by_key(|r| r.week);
    opk
}

/// `2023-09-01-form2.csv` → (date, form). The date is `None` when unreadable.
fn report_name(name: &str) -> Option<(Option<Date>, FormKind)> {
    let lower = name.to_lowercase();
    let (stem, ext) = lower.rsplit_once('.')?;
    if !matches!(ext, "csv" | "xlsx") {
        return None;
    }
    let (date, kind) = if let Some(d) = stem.strip_suffix("-form2") {
        (d, FormKind::Form2)
    } else if let Some(d) = stem.strip_suffix("-form3") {
        (d, FormKind::Form3)
    } else {
        return None;
    };
    Some((date.parse::<Date>().ok(), kind))
}

/// The layout: the project's file or the bundled default. A broken project file is an error
/// (with file:line) and the default is used, so one typo does not hide every other finding.
pub fn layout(root: &Path, findings: &mut Vec<Finding>) -> (OpkLayout, String) {
    let path = root.join(LAYOUT_FILE);
    let (text, file) = match std::fs::read_to_string(&path) {
        Ok(t) => (t, LAYOUT_FILE),
        Err(_) if !path.exists() => (LAYOUT_DEFAULT.to_string(), BUILTIN),
        Err(e) => {
            findings.push(Finding::error(
                "opk.layout",
                Place::file(LAYOUT_FILE),
                format!(
                    "Не удалось прочитать файл (он должен быть в UTF-8): {}.",
                    crate::diag::io_error_ru(&e)
                ),
            ));
            return (default_layout(), BUILTIN.into());
        }
    };
    match parse_layout(&text, file) {
        Ok(l) => (l, file.to_string()),
        Err(fs) => {
            findings.extend(fs);
            (default_layout(), BUILTIN.into())
        }
    }
}

/// Parse and validate a layout text of project file `file`.
pub fn parse_layout(text: &str, file: &str) -> Result<OpkLayout, Vec<Finding>> {
    let mut layout: OpkLayout = yaml::parse(text, file, 0).map_err(|f| vec![*f])?;
    let mut problems = Vec::new();
    for kind in [FormKind::Form2, FormKind::Form3] {
        let key = match kind {
            FormKind::Form2 => "form2:",
            FormKind::Form3 => "form3:",
        };
        let form_line = line_of(text, 0, key).unwrap_or(1);
        let form = match kind {
            FormKind::Form2 => &mut layout.form2,
            FormKind::Form3 => &mut layout.form3,
        };
        let at =
            |needle: &str| Place::line(file, line_of(text, form_line, needle).unwrap_or(form_line));
        for (i, c) in form.columns.iter().enumerate() {
            let place = at(&format!("role: {}", c.role));
            if form.columns[..i].iter().any(|p| p.number == c.number) {
                problems.push(Finding::error(
                    "opk.layout",
                    place.clone(),
                    format!(
                        "{}: номер графы {} повторяется. У каждой графы свой номер.",
                        kind.label_ru(),
                        c.number
                    ),
                ));
            }
            if form.columns[..i].iter().any(|p| p.role == c.role) {
                problems.push(Finding::error(
                    "opk.layout",
                    place.clone(),
                    format!(
                        "{}: роль «{}» указана у двух граф. Роль у каждой графы своя.",
                        kind.label_ru(),
                        c.role
                    ),
                ));
            }
            if c.kind == ColumnType::Choice && c.options.is_empty() {
                problems.push(Finding::error(
                    "opk.layout",
                    place,
                    format!(
                        "{}: у графы {} тип choice, но нет списка options. Перечислите допустимые значения.",
                        kind.label_ru(),
                        c.number
                    ),
                ));
            }
        }
        for (k, role) in REQUIRED {
            if *k == kind && form.index_of(role).is_none() {
                problems.push(Finding::error(
                    "opk.layout",
                    Place::line(file, form_line),
                    format!(
                        "{}: нет графы с ролью «{role}» — без неё строки формы не проверить. Добавьте графу с role: {role}.",
                        kind.label_ru()
                    ),
                ));
            }
        }
        form.columns.sort_by_key(|c| c.number);
    }
    if problems.is_empty() {
        Ok(layout)
    } else {
        Err(problems)
    }
}

/// 1-based line of the first line after `after` (1-based, 0 = from the start) containing `needle`.
fn line_of(text: &str, after: usize, needle: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(after)
        .find(|(_, l)| l.contains(needle) && !l.trim_start().starts_with('#'))
        .map(|(i, _)| i + 1)
}

fn default_layout() -> OpkLayout {
    // The bundled file is tested to parse (see tests); a broken build would show here.
    parse_layout(LAYOUT_DEFAULT, BUILTIN).unwrap_or_else(|_| OpkLayout {
        form2: FormLayout {
            title: String::new(),
            columns: Vec::new(),
        },
        form3: FormLayout {
            title: String::new(),
            columns: Vec::new(),
        },
    })
}

/// Header aliases of each layout column: «гр.N», «графа N» and the bare number N. The heading
/// itself is the spec's title, borrowed from the layout.
fn aliases(layout: &FormLayout) -> Vec<[String; 3]> {
    layout
        .columns
        .iter()
        .map(|c| {
            [
                format!("гр.{}", c.number),
                format!("графа {}", c.number),
                c.number.to_string(),
            ]
        })
        .collect()
}

/// Column specs for the table reader: header = heading or one of `aliases` (same order).
fn specs<'a>(layout: &'a FormLayout, aliases: &'a [Vec<&'a str>]) -> Vec<ColumnSpec<'a>> {
    layout
        .columns
        .iter()
        .zip(aliases)
        .map(|(c, a)| ColumnSpec {
            title: &c.heading,
            aliases: a,
            required: true,
        })
        .collect()
}

/// Read one form file with `layout`, checking each cell against its column's type.
pub fn read_form(
    root: &Path,
    path: &Path,
    layout: &FormLayout,
    findings: &mut Findings,
) -> Option<OpkForm> {
    let owned = aliases(layout);
    let alias_refs: Vec<Vec<&str>> = owned
        .iter()
        .map(|a| a.iter().map(String::as_str).collect())
        .collect();
    let spec = specs(layout, &alias_refs);
    let file = rel_path(root, path);
    let rows = table::read_rows(root, path, &spec, None, findings, |row, file, chunk| {
        let cells: Vec<String> = (0..layout.columns.len())
            .map(|i| row.get(i).to_string())
            .collect();
        for (c, cell) in layout.columns.iter().zip(&cells) {
            if cell.is_empty() {
                continue;
            }
            let problem = match c.kind {
                ColumnType::Inn if !inn_valid(cell) => Some((
                    "opk.bad-inn",
                    format!("«{cell}» — неверный ИНН (10 или 12 цифр, контрольные цифры не сходятся). Сверьте ИНН с выпиской ЕГРЮЛ."),
                )),
                ColumnType::Count => table::parse_count(cell)
                    .err()
                    .map(|e| ("opk.bad-count", format!("{e}."))),
                ColumnType::Date => crate::format::parse_date(cell)
                    .err()
                    .map(|e| ("opk.bad-date", format!("{e}."))),
                ColumnType::Choice
                    if !c
                        .options
                        .iter()
                        .any(|o| table::header_key(o) == table::header_key(cell)) =>
                {
                    Some((
                        "opk.bad-choice",
                        format!(
                            "«{cell}» — не из списка: {}.",
                            c.options
                                .iter()
                                .map(|o| format!("«{o}»"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ))
                }
                _ => None,
            };
            if let Some((rule, msg)) = problem {
                chunk.push(Finding::error(
                    rule,
                    Place::line(file, row.line),
                    format!("Графа {} «{}»: {msg}", c.number, c.heading),
                ));
            }
        }
        Some(OpkRow {
            line: row.line,
            cells,
        })
    })?;
    Some(OpkForm { file, rows })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLog {
    #[serde(default)]
    until: Option<String>,
    #[serde(default)]
    weeks: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    week: String,
    #[serde(default)]
    submitted: Option<String>,
    #[serde(default)]
    no_news: bool,
}

/// `data/opk/log.yaml`:
/// ```yaml
/// until: 20.10.2023          # last Friday of the series (optional)
/// weeks:
///   - {week: 01.09.2023, submitted: "01.09.2023 11:40"}
///   - {week: 06.10.2023, submitted: "06.10.2023 09:15", no_news: true}
/// ```
fn read_log(root: &Path, path: &Path, opk: &mut Opk, findings: &mut Findings) {
    let file = rel_path(root, path);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            findings.push(Finding::error(
                "opk.log",
                Place::file(&file),
                format!(
                    "Не удалось прочитать файл (он должен быть в UTF-8): {}.",
                    crate::diag::io_error_ru(&e)
                ),
            ));
            return;
        }
    };
    let raw: RawLog = match yaml::parse(&text, &file, 0) {
        Ok(r) => r,
        Err(f) => {
            findings.push(*f);
            return;
        }
    };
    if let Some(u) = &raw.until {
        match crate::format::parse_date(u) {
            Ok(d) => opk.until = Some(d),
            Err(e) => findings.push(Finding::error(
                "opk.log",
                Place::line(&file, line_of(&text, 0, "until:").unwrap_or(1)),
                format!("until: {e}."),
            )),
        }
    }
    let mut after = 0;
    for e in raw.weeks {
        let line = line_of(&text, after, &e.week).unwrap_or(1);
        after = line;
        let week = match crate::format::parse_date(&e.week) {
            Ok(d) => d,
            Err(err) => {
                findings.push(Finding::error(
                    "opk.log",
                    Place::line(&file, line),
                    format!("week: {err}."),
                ));
                continue;
            }
        };
        let submitted = match e.submitted.as_deref().map(parse_datetime) {
            None => None,
            Some(Ok(t)) => Some(t),
            Some(Err(err)) => {
                findings.push(Finding::error(
                    "opk.log",
                    Place::line(&file, line),
                    format!("submitted: {err}"),
                ));
                None
            }
        };
        opk.log.push(LogEntry {
            week,
            submitted,
            no_news: e.no_news,
            line,
        });
    }
    opk.log.sort_by_key(|e| e.week);
}

/// `ДД.ММ.ГГГГ ЧЧ:ММ` (or ISO date and time).
pub fn parse_datetime(s: &str) -> Result<DateTime, String> {
    let bad = || {
        format!("«{s}» — ожидаются дата и время отправки: ДД.ММ.ГГГГ ЧЧ:ММ (например, 01.09.2023 11:40).")
    };
    let (d, t) = s.trim().split_once([' ', 'T']).ok_or_else(bad)?;
    let date = crate::format::parse_date(d).map_err(|_| bad())?;
    let (h, m) = t.trim().split_once(':').ok_or_else(bad)?;
    let h: i8 = h.parse().map_err(|_| bad())?;
    let m: i8 = m.get(..2).unwrap_or(m).parse().map_err(|_| bad())?;
    jiff::civil::Time::new(h, m, 0, 0)
        .map(|t| date.to_datetime(t))
        .map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_layout_parses() {
        let l = parse_layout(LAYOUT_DEFAULT, BUILTIN).expect("bundled layout");
        assert_eq!(l.form2.column("specialty").map(|c| c.number), Some(8));
        assert_eq!(
            l.form2.column("practice_students").map(|c| c.number),
            Some(10)
        );
        assert_eq!(
            l.form2
                .column("summer_employment_non_graduates")
                .map(|c| c.number),
            Some(12)
        );
        for (role, n) in [
            ("social_support_housing", 15),
            ("social_support_payments", 16),
            ("social_support_mentoring", 17),
        ] {
            assert_eq!(l.form2.column(role).map(|c| c.number), Some(n));
        }
    }

    #[test]
    fn layout_errors_name_the_line() {
        let text = "form2:\n  title: x\n  columns:\n    - {number: 1, heading: ИНН, type: inn, role: inn}\n    - {number: 1, heading: Имя, type: text, role: enterprise}\nform3:\n  title: y\n  columns:\n    - {number: 1, heading: ИНН, type: inn, role: inn}\n    - {number: 2, heading: Имя, type: text, role: enterprise}\n";
        let errs = parse_layout(text, "data/reference/opk-layout.yaml").unwrap_err();
        let dup = errs
            .iter()
            .find(|f| f.message.contains("номер графы 1 повторяется"))
            .expect("duplicate number");
        assert_eq!(dup.place.line, Some(5));
        // form 2 lacks position and specialty.
        assert!(errs.iter().any(|f| f.message.contains("«specialty»")));
        assert!(errs.iter().any(|f| f.message.contains("«position»")));
        assert!(!errs.iter().any(|f| f.message.contains("Форма 3")));
    }

    #[test]
    fn layout_syntax_error_has_line() {
        let errs = parse_layout("form2:\n  title: [\n", "x.yaml").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].place.line.is_some());
    }

    #[test]
    fn report_names() {
        let (d, k) = report_name("2023-09-01-form2.csv").unwrap();
        assert_eq!(d, Some(jiff::civil::date(2023, 9, 1)));
        assert_eq!(k, FormKind::Form2);
        assert_eq!(
            report_name("2023-09-01-FORM3.xlsx").unwrap().1,
            FormKind::Form3
        );
        assert!(report_name("2023-09-01.csv").is_none());
        assert_eq!(report_name("2023-13-01-form2.csv").unwrap().0, None);
    }

    /// Each load finding planted once: a count, a date and a choice cell of the wrong kind, a
    /// file dated on a Saturday, two files of one form and week, a file that is no report.
    #[test]
    fn load_findings_planted() {
        use crate::check::opk::testkit::{load_opk, F2_HEAD, F2_ROW};
        let bad = F2_ROW
            .replace(";Потребность имеется;", ";Может быть;")
            .replace(";Токарь;3;", ";Токарь;три;")
            .replace(";30.06.2024;", ";31.02.2024;");
        let ok = format!("{F2_HEAD}{F2_ROW}");
        let (opk, fs) = load_opk(
            &[
                ("2023-09-01-form2.csv", &format!("{F2_HEAD}{bad}")),
                ("2023-09-02-form2.csv", &ok),
                ("2023-09-08-form2.csv", &ok),
                ("2023-09-08-Form2.csv", &ok),
                ("notes.txt", "заметки"),
            ],
            None,
        );
        let got: Vec<(&str, &str, Option<usize>)> = fs
            .iter()
            .map(|f| (f.rule, f.place.file.as_str(), f.place.line))
            .collect();
        let f1 = "data/opk/2023-09-01-form2.csv";
        for want in [
            ("opk.bad-choice", f1, Some(2)),
            ("opk.bad-count", f1, Some(2)),
            ("opk.bad-date", f1, Some(2)),
            ("opk.bad-week", "data/opk/2023-09-02-form2.csv", None),
            ("opk.duplicate-file", "data/opk/2023-09-08-form2.csv", None),
            ("opk.unknown-file", "data/opk/notes.txt", None),
        ] {
            assert!(got.contains(&want), "{want:?} not in {got:#?}");
        }
        assert_eq!(got.len(), 6, "{fs:#?}");
        let count = fs.iter().find(|f| f.rule == "opk.bad-count").unwrap();
        assert!(
            count
                .message
                .starts_with("Графа 7 «Количество рабочих мест»"),
            "{}",
            count.message
        );
        // The Saturday file is left out; the week of 08.09 has one form 2.
        assert_eq!(
            opk.reports.iter().map(|r| r.week.day()).collect::<Vec<_>>(),
            vec![1, 8]
        );
    }

    #[test]
    fn datetime() {
        let t = parse_datetime("01.09.2023 12:05").unwrap();
        assert_eq!(t.hour(), 12);
        assert_eq!(t.minute(), 5);
        assert!(parse_datetime("01.09.2023").is_err());
        assert!(parse_datetime("01.09.2023 25:00").is_err());
    }
}
