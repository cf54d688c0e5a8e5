//! Received workbooks of a region: `data/incoming/<college>/…` of the region's folder, the
//! Ministry workbooks each college sent. Every college's folder is checked by the college's own
//! incoming-workbook checks ([`crate::check::incoming::check_folder`]), then the forms' blocks
//! are totalled per specialty — what the regional desktop tool's «Полная таблица» does — with
//! two differences: every error stands at its file, sheet and cell, and one bad cell leaves out
//! only its specialty block (named in the report), never the whole file.
//!
//! A block is totalled when every cell of it is a count and the form's arithmetic holds in it
//! (so the regional totals keep the arithmetic); the others are listed with why.

use super::forms::{rows_html, total};
use super::overview::PRINT_CSS;
use crate::check::incoming::form::{BlockForm, FORM1, FORM2, FORM3};
use crate::check::incoming::{check_folder, column_letters, Learnt, INCOMING_DIR};
use crate::compute::form1::{Form1Block, Form1Row};
use crate::diag::{Finding, Place, Severity};
use crate::format::count_ru;
use crate::model::contingent::{row_code, ROW_LABELS};
use crate::render::charts::escape;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// One college's folder of received workbooks.
#[derive(Debug)]
pub struct CollegeBooks {
    /// The folder's name.
    pub id: String,
    /// Workbook files read, relative to the region's folder.
    pub files: Vec<String>,
    /// Findings of the incoming checks, paths from the region's folder.
    pub findings: Vec<Finding>,
    learnt: Vec<(String, Learnt)>,
}

impl CollegeBooks {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }
}

/// Every college folder of `root/data/incoming/`, sorted, checked in parallel; and findings
/// about workbooks lying loose in `data/incoming/` (whose college is not known).
pub fn read(root: &Path) -> (Vec<CollegeBooks>, Vec<Finding>) {
    let Ok(rd) = std::fs::read_dir(root.join(INCOMING_DIR)) else {
        return (Vec::new(), Vec::new());
    };
    let mut paths: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut loose = Vec::new();
    let mut dirs = Vec::new();
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            dirs.push((name, p));
        } else {
            loose.push(Finding::warning(
                "region.incoming-loose",
                Place::file(crate::diag::rel_path(root, &p)),
                format!("Файл «{name}» лежит прямо в {INCOMING_DIR} региона и не сложен с остальными: неизвестно, от какого он колледжа. Положите книги каждого колледжа в его папку {INCOMING_DIR}/ИМЯ_КОЛЛЕДЖА/."),
            ));
        }
    }
    let colleges = dirs
        .par_iter()
        .map(|(id, dir)| {
            let (found, learnt) = check_folder(root, dir);
            let mut findings = crate::diag::Findings::new();
            findings.extend(found);
            CollegeBooks {
                id: id.clone(),
                files: learnt.iter().map(|(f, _)| f.clone()).collect(),
                findings: findings.sorted(),
                learnt,
            }
        })
        .collect();
    (colleges, loose)
}

/// One form's totals.
pub struct FormTotals {
    pub title: &'static str,
    /// The Ministry form's layout (sheet, rows, columns).
    pub form: &'static BlockForm,
    /// The region's blocks per specialty, sorted by code.
    pub blocks: Vec<Form1Block>,
    /// Each college's total block, by college id.
    pub colleges: Vec<(String, Form1Block)>,
    /// Blocks read but not totalled: (file, specialty code, why).
    pub left_out: Vec<(String, String, String)>,
}

fn labels(form: &BlockForm) -> Vec<String> {
    if form.rows == crate::compute::form2::ROWS {
        crate::compute::form2::row_labels().to_vec()
    } else {
        ROW_LABELS.iter().map(|s| s.to_string()).collect()
    }
}

fn to_block(code: &str, name: &str, values: &[Vec<i64>], labels: &[String]) -> Form1Block {
    Form1Block {
        code: code.to_string(),
        name: name.to_string(),
        rows: values
            .iter()
            .zip(labels)
            .enumerate()
            .map(|(i, (v, l))| Form1Row {
                row: row_code(i as u8 + 1),
                label: l.clone(),
                // Counts are whole and non-negative: the check reads nothing else.
                values: v.iter().map(|x| u32::try_from(*x).unwrap_or(0)).collect(),
            })
            .collect(),
    }
}

/// Total one form over every college's complete blocks.
fn totals(
    colleges: &[CollegeBooks],
    title: &'static str,
    form: &'static BlockForm,
    pick: fn(&Learnt) -> &crate::check::incoming::form::Blocks,
) -> FormTotals {
    let labels = labels(form);
    let mut region: BTreeMap<String, (String, Vec<Vec<i64>>)> = BTreeMap::new();
    let mut per = Vec::new();
    let mut left_out = Vec::new();
    for c in colleges {
        let mut mine: Vec<Form1Block> = Vec::new();
        for (file, l) in &c.learnt {
            for (code, (values, _)) in pick(l) {
                if !(form.arithmetic)(values).is_empty() {
                    left_out.push((
                        file.clone(),
                        code.clone(),
                        "не выполняется контрольное соотношение формы (ячейки — в списке замечаний)"
                            .to_string(),
                    ));
                    continue;
                }
                let name = l
                    .names
                    .iter()
                    .find(|(k, _, _)| k == code)
                    .map(|(_, n, _)| n.clone())
                    .unwrap_or_default();
                let e = region.entry(code.clone()).or_insert_with(|| {
                    (name.clone(), vec![vec![0; values[0].len()]; values.len()])
                });
                for (s, r) in e.1.iter_mut().zip(values) {
                    for (x, v) in s.iter_mut().zip(r) {
                        *x += v;
                    }
                }
                mine.push(to_block(code, &name, values, &labels));
            }
        }
        if let Some(t) = total(&mine, &c.id) {
            per.push((c.id.clone(), t));
        }
    }
    FormTotals {
        title,
        form,
        blocks: region
            .iter()
            .map(|(code, (name, v))| to_block(code, name, v, &labels))
            .collect(),
        colleges: per,
        left_out,
    }
}

/// Totals of forms 1, 2 and 3 (a form no college sent has no blocks).
pub fn all_totals(colleges: &[CollegeBooks]) -> Vec<FormTotals> {
    vec![
        totals(colleges, "Форма 1 (пятистрочная)", &FORM1, |l| &l.form1),
        totals(colleges, "Форма 2 (нозологии)", &FORM2, |l| {
            &l.form2
        }),
        totals(colleges, "Форма 3 (ожидаемый выпуск)", &FORM3, |l| &l.form3),
    ]
}

/// `data/incoming/ppk/форма1.xlsx`, лист …, ячейка F7 — the place of a finding as a person
/// finds it in Excel.
fn place_ru(f: &Finding) -> String {
    match (f.place.line, f.place.column) {
        (Some(r), Some(c)) => format!("{}, ячейка {}{r}", f.place.file, column_letters(c)),
        (Some(r), None) => format!("{}, строка {r}", f.place.file),
        _ => f.place.file.to_string(),
    }
}

/// The private report `reports/incoming.html`: colleges and files, the totals of every form
/// sent, the blocks left out, and every finding at its cell.
pub fn report(
    region: &str,
    colleges: &[CollegeBooks],
    loose: &[Finding],
    forms: &[FormTotals],
) -> String {
    let mut out = String::new();
    let t = format!("Полученные книги колледжей: {region}");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n<h1>{t}</h1>\n\
<p>Книги из папок {INCOMING_DIR}/КОЛЛЕДЖ/ региона, проверенные так же, как книги колледжа, и сложенные по специальностям («полная таблица»). Ошибка в ячейке исключает из суммы только блок своей специальности, а не всю книгу; такие блоки перечислены ниже, каждая ошибка — с файлом, листом и ячейкой.</p>\n\
<h2>Колледжи и книги</h2>\n<table>\n<thead><tr><th scope=\"col\">Колледж (папка)</th><th scope=\"col\">Книг</th><th scope=\"col\">Ошибок</th><th scope=\"col\">Предупреждений</th></tr></thead>\n<tbody>\n",
        t = escape(&t)
    );
    for c in colleges {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&c.id),
            c.files.len(),
            c.count(Severity::Error),
            c.count(Severity::Warning)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    for f in forms
        .iter()
        .filter(|f| !f.blocks.is_empty() || !f.left_out.is_empty())
    {
        let _ = writeln!(out, "<h2>{}: итог по региону</h2>", escape(f.title));
        let mut head = String::from("<tr><th scope=\"col\">Код и наименование</th><th scope=\"col\">Показатель</th><th scope=\"col\">№ стр.</th>");
        for n in f.form.first..=f.form.last {
            let _ = write!(head, "<th scope=\"col\">гр.{n:02}</th>");
        }
        head.push_str("</tr>");
        let mut body = String::new();
        for b in &f.blocks {
            rows_html(&mut body, b, "");
        }
        if let Some(t) = total(&f.blocks, "Итого по региону") {
            rows_html(&mut body, &t, "total");
        }
        let mut by = String::new();
        for (_, b) in &f.colleges {
            rows_html(&mut by, b, "");
        }
        let _ = write!(
            out,
            "<table class=\"form\">\n<thead>{head}</thead>\n<tbody>\n{body}</tbody>\n</table>\n<h3>Итого по колледжам</h3>\n<table class=\"form\">\n<thead>{head}</thead>\n<tbody>\n{by}</tbody>\n</table>\n"
        );
        if !f.left_out.is_empty() {
            out.push_str("<h3>Блоки, не вошедшие в сумму</h3>\n<ul>\n");
            for (file, code, why) in &f.left_out {
                let _ = writeln!(
                    out,
                    "<li>{}: {} — {}</li>",
                    escape(file),
                    escape(code),
                    escape(why)
                );
            }
            out.push_str("</ul>\n");
        }
    }
    let all: Vec<&Finding> = loose
        .iter()
        .chain(colleges.iter().flat_map(|c| &c.findings))
        .collect();
    let _ = writeln!(
        out,
        "<h2>Замечания ({})</h2>",
        count_ru(all.len() as i64, "замечание", "замечания", "замечаний")
    );
    if all.is_empty() {
        out.push_str("<p>Замечаний нет.</p>\n");
    } else {
        out.push_str("<table>\n<thead><tr><th scope=\"col\">Где</th><th scope=\"col\">Вид</th><th scope=\"col\">Правило</th><th scope=\"col\">Что не так и что сделать</th></tr></thead>\n<tbody>\n");
        for f in all {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td style=\"text-align:left\">{}</td></tr>",
                escape(&place_ru(f)),
                match f.severity {
                    Severity::Error => "ошибка",
                    Severity::Warning => "предупреждение",
                    Severity::Info => "сведение",
                },
                escape(f.rule),
                escape(&f.message)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("<p><a href=\"index.html\">Все отчёты региона</a></p>\n</body>\n</html>\n");
    out
}

/// Sum of the region's totals of a form, for the summary line: graduates (стр.01, first column).
pub fn graduates(f: &FormTotals) -> i64 {
    f.blocks
        .iter()
        .filter_map(|b| b.rows.first().and_then(|r| r.values.first()))
        .map(|v| i64::from(*v))
        .sum()
}

/// Check and total the region's received workbooks and write `reports/incoming.html` and a
/// workbook per form sent (`incoming-form1-YYYY.xlsx`, …, passing the incoming check as the
/// colleges' did). Returns the index lines (`<li>…</li>`) and the problems; nothing when the
/// region has no `data/incoming/`.
pub fn write(
    stage: &crate::write::Stage,
    root: &Path,
    region: &super::Region,
    year: i16,
    as_of: jiff::civil::Date,
    columns: &crate::model::form::Form1Columns,
) -> (Vec<String>, Vec<Finding>) {
    use crate::render::workbook::{form1_workbook, form2_workbook, form3_workbook};
    let (colleges, loose) = read(root);
    let mut index = Vec::new();
    let mut problems = Vec::new();
    if colleges.is_empty() && loose.is_empty() {
        return (index, problems);
    }
    let forms = all_totals(&colleges);
    let errors: usize = colleges.iter().map(|c| c.count(Severity::Error)).sum();
    problems.extend(
        stage
            .write(
                "reports/incoming.html",
                report(&region.name, &colleges, &loose, &forms).as_bytes(),
            )
            .err()
            .map(|f| *f),
    );
    index.push(format!(
        "<li><a href=\"incoming.html\">Полученные книги колледжей: итоги по формам и замечания</a> ({}, {})</li>\n",
        count_ru(colleges.len() as i64, "колледж", "колледжа", "колледжей"),
        count_ru(errors as i64, "ошибка", "ошибки", "ошибок"),
    ));
    for (n, f) in forms.iter().enumerate() {
        if f.blocks.is_empty() {
            continue;
        }
        let blocks = f.blocks.clone();
        let book = match n {
            0 => form1_workbook(
                &crate::compute::form1::Form1 {
                    year,
                    as_of,
                    columns: (5..=27).collect(),
                    blocks,
                },
                columns,
                &region.name,
            ),
            1 => form2_workbook(
                &crate::compute::form2::Form2 {
                    year,
                    as_of,
                    blocks,
                },
                &region.name,
            ),
            _ => form3_workbook(
                &crate::compute::form3::Form3 {
                    year,
                    date: as_of,
                    blocks,
                },
                &region.name,
            ),
        };
        let file = format!("incoming-form{}-{year}.xlsx", n + 1);
        match book {
            Ok(bytes) => {
                problems.extend(
                    stage
                        .write(&format!("reports/{file}"), &bytes)
                        .err()
                        .map(|f| *f),
                );
                index.push(format!(
                    "<li><a href=\"{file}\">{}: сумма полученных книг (книга Excel)</a></li>\n",
                    escape(f.title)
                ));
            }
            Err(e) => problems.push(Finding::error(
                "render.workbook",
                Place::file("output/reports"),
                format!("Не удалось записать книгу Excel «{file}»: {e}."),
            )),
        }
    }
    (index, problems)
}
