//! The regional Ministry forms 2 «нозологии» and 3 «ожидаемый выпуск»: per specialty, the sum
//! of the colleges' blocks of that specialty, row by row and column by column (as form 1 in
//! [`super::form1`]). Each college's block satisfies its form's arithmetic (equalities and «из
//! них» inequalities, all linear), so the sums satisfy it too; the tests check the workbooks
//! with the incoming-workbook check itself.
//!
//! Form 2 exists for a college only when every graduate with ОВЗ or a disability has a
//! nosology group ([`crate::compute::form2::form2`]); the regional form 2 sums the colleges
//! that have it and names the others.

use super::overview::PRINT_CSS;
use crate::compute::form1::{Form1Block, Form1Row};
use crate::compute::form2::Form2;
use crate::compute::form3::Form3;
use crate::diag::{Finding, Place};
use crate::format::{date_ru, int_ru};
use crate::render::charts::escape;
use crate::render::workbook::{form2_workbook, form3_workbook, FORM2_LABELS, FORM3_LABELS};
use crate::write::Stage;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Sum blocks of one form by specialty code, sorted by code; the first college's name and row
/// labels of a specialty are kept.
pub fn sum_blocks<'a>(forms: impl IntoIterator<Item = &'a [Form1Block]>) -> Vec<Form1Block> {
    let mut by_code: BTreeMap<&str, Form1Block> = BTreeMap::new();
    for blocks in forms {
        for b in blocks {
            match by_code.get_mut(b.code.as_str()) {
                None => {
                    by_code.insert(&b.code, b.clone());
                }
                Some(sum) => add(sum, b),
            }
        }
    }
    by_code.into_values().collect()
}

fn add(sum: &mut Form1Block, b: &Form1Block) {
    for (s, r) in sum.rows.iter_mut().zip(&b.rows) {
        for (x, v) in s.values.iter_mut().zip(&r.values) {
            *x += v;
        }
    }
}

/// Every row and column summed over `blocks` (the template of the first gives the shape).
pub fn total(blocks: &[Form1Block], name: &str) -> Option<Form1Block> {
    let mut t = blocks.first()?.clone();
    t.code = String::new();
    t.name = name.to_string();
    for r in &mut t.rows {
        r.values.iter_mut().for_each(|v| *v = 0);
    }
    for b in blocks {
        add(&mut t, b);
    }
    Some(t)
}

/// One college's form for the region.
pub struct CollegeBlocks<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub blocks: &'a [Form1Block],
}

/// What a regional form's print page shows.
pub struct FormPage<'a> {
    pub title: String,
    /// `form2-2023`: the page links `<stem>.xlsx`.
    pub stem: String,
    pub base_centre: &'a str,
    /// Column numbers and headings.
    pub columns: Vec<(u8, String)>,
    pub blocks: &'a [Form1Block],
    pub colleges: &'a [CollegeBlocks<'a>],
    /// Colleges not summed, with why.
    pub left_out: Vec<String>,
}

pub(crate) fn rows_html(out: &mut String, b: &Form1Block, class: &str) {
    for (i, r) in b.rows.iter().enumerate() {
        let _ = write!(out, "<tr class=\"{class}\">");
        if i == 0 {
            let _ = write!(
                out,
                "<th scope=\"rowgroup\" rowspan=\"{}\">{} {}</th>",
                b.rows.len(),
                escape(&b.code),
                escape(&b.name)
            );
        }
        let _ = write!(
            out,
            "<th scope=\"row\">{}</th><td>{}</td>",
            escape(&r.label),
            escape(&r.row)
        );
        for v in &r.values {
            let _ = write!(out, "<td>{}</td>", int_ru((*v).into()));
        }
        out.push_str("</tr>\n");
    }
}

/// The print page of a regional form: blocks per specialty, the regional total, each
/// college's total, and the colleges left out.
pub fn page(p: &FormPage) -> String {
    let mut head = String::from("<tr><th scope=\"col\">Код и наименование</th><th scope=\"col\">Показатель</th><th scope=\"col\">№ стр.</th>");
    for (n, label) in &p.columns {
        let _ = write!(
            head,
            "<th scope=\"col\"><span class=\"n\">{n:02}</span> {}</th>",
            escape(label)
        );
    }
    head.push_str("</tr>");
    let mut body = String::new();
    for b in p.blocks {
        rows_html(&mut body, b, "");
    }
    if let Some(t) = total(p.blocks, "Итого по региону") {
        rows_html(&mut body, &t, "total");
    }
    let mut by_college = String::new();
    for c in p.colleges {
        if let Some(t) = total(c.blocks, &format!("{} ({})", c.name, c.id)) {
            rows_html(&mut by_college, &t, "");
        }
    }
    let left_out = if p.left_out.is_empty() {
        String::new()
    } else {
        format!(
            "<h2>Не вошли в форму</h2>\n<ul>\n{}</ul>\n",
            p.left_out
                .iter()
                .map(|l| format!("<li>{}</li>\n", escape(l)))
                .collect::<String>()
        )
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n\
<style>{PRINT_CSS}</style>\n</head>\n<body>\n<h1>{t}</h1>\n<p>Сумма блоков колледжей по каждой специальности. Составил: {bc}.</p>\n\
<table class=\"form\">\n<thead>{head}</thead>\n<tbody>\n{body}</tbody>\n</table>\n\
<h2>Итого по колледжам</h2>\n<table class=\"form\">\n<thead>{head}</thead>\n<tbody>\n{by_college}</tbody>\n</table>\n{left_out}\
<p><a href=\"{stem}.xlsx\">Книга Excel</a> · <a href=\"index.html\">Все отчёты региона</a></p>\n</body>\n</html>\n",
        t = escape(&p.title),
        bc = escape(p.base_centre),
        stem = escape(&p.stem),
    )
}

/// One college's forms 2 (when it has one) and 3 of the compared cohort.
pub struct CollegeForms23<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub form2: Option<Form2>,
    pub form3: Form3,
}

fn labelled(first: u8, labels: &[&str]) -> Vec<(u8, String)> {
    labels
        .iter()
        .enumerate()
        .map(|(i, l)| (first + i as u8, l.to_string()))
        .collect()
}

/// Write the regional forms 2 and 3 of cohort `year` (page and workbook each) into the stage;
/// returns the index lines (file stem, title) of what was written and the problems.
pub fn write(
    stage: &Stage,
    region: &super::Region,
    year: i16,
    colleges: &[CollegeForms23],
) -> (Vec<(String, String)>, Vec<Finding>) {
    let mut index = Vec::new();
    let mut problems = Vec::new();
    let Some(first) = colleges.first() else {
        return (index, problems);
    };
    let mut emit = |stem: String, title: String, html: String, book: Result<Vec<u8>, String>| {
        problems.extend(
            stage
                .write(&format!("reports/{stem}.html"), html.as_bytes())
                .err()
                .map(|f| *f),
        );
        match book {
            Ok(bytes) => problems.extend(
                stage
                    .write(&format!("reports/{stem}.xlsx"), &bytes)
                    .err()
                    .map(|f| *f),
            ),
            Err(e) => problems.push(Finding::error(
                "render.workbook",
                Place::file("output/reports"),
                format!("Не удалось записать книгу Excel «{stem}.xlsx» региона: {e}."),
            )),
        }
        index.push((stem, title));
    };

    // Form 2: the colleges that have it.
    let with2: Vec<(&CollegeForms23, &Form2)> = colleges
        .iter()
        .filter_map(|c| c.form2.as_ref().map(|f| (c, f)))
        .collect();
    if let Some((_, f2)) = with2.first() {
        let blocks = sum_blocks(with2.iter().map(|(_, f)| f.blocks.as_slice()));
        let region_form = Form2 {
            year,
            as_of: f2.as_of,
            blocks,
        };
        let per: Vec<CollegeBlocks> = with2
            .iter()
            .map(|(c, f)| CollegeBlocks {
                id: c.id,
                name: c.name,
                blocks: &f.blocks,
            })
            .collect();
        let title = format!(
            "Форма 2 (нозологии): {}, выпуск {year} года на {}",
            region.name,
            date_ru(f2.as_of)
        );
        let html = page(&FormPage {
            title: title.clone(),
            stem: format!("form2-{year}"),
            base_centre: &region.base_centre,
            columns: labelled(crate::compute::form2::FIRST, &FORM2_LABELS),
            blocks: &region_form.blocks,
            colleges: &per,
            left_out: colleges
                .iter()
                .filter(|c| c.form2.is_none())
                .map(|c| format!("{} ({}): не у всех выпускников с ОВЗ или инвалидностью указана нозология, форма 2 колледжа не составлена", c.name, c.id))
                .collect(),
        });
        let book = form2_workbook(&region_form, &region.name).map_err(|e| e.to_string());
        emit(format!("form2-{year}"), title, html, book);
    }

    // Form 3: every college has it.
    let blocks = sum_blocks(colleges.iter().map(|c| c.form3.blocks.as_slice()));
    let region_form = Form3 {
        year,
        date: first.form3.date,
        blocks,
    };
    let per: Vec<CollegeBlocks> = colleges
        .iter()
        .map(|c| CollegeBlocks {
            id: c.id,
            name: c.name,
            blocks: &c.form3.blocks,
        })
        .collect();
    let title = format!(
        "Форма 3 (ожидаемый выпуск): {}, выпуск {year} года, планы на {}",
        region.name,
        date_ru(region_form.date)
    );
    let html = page(&FormPage {
        title: title.clone(),
        stem: format!("form3-{year}"),
        base_centre: &region.base_centre,
        columns: labelled(crate::compute::form3::FIRST, &FORM3_LABELS),
        blocks: &region_form.blocks,
        colleges: &per,
        left_out: Vec::new(),
    });
    let book = form3_workbook(&region_form, &region.name).map_err(|e| e.to_string());
    emit(format!("form3-{year}"), title, html, book);
    (index, problems)
}

/// A block whose rows are `values` (for tests and callers that build blocks by hand).
pub fn block(code: &str, name: &str, values: &[Vec<u32>]) -> Form1Block {
    Form1Block {
        code: code.to_string(),
        name: name.to_string(),
        rows: values
            .iter()
            .enumerate()
            .map(|(i, v)| Form1Row {
                row: crate::model::contingent::row_code(i as u8 + 1),
                label: format!("стр.{:02}", i + 1),
                values: v.clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_summed_by_code_row_by_row_whatever_their_shape() {
        let a = vec![
            block("09.02.07", "ИС", &[vec![3, 1, 2], vec![1, 1, 0]]),
            block("15.01.05", "Сварщик", &[vec![2, 2, 0], vec![0, 0, 0]]),
        ];
        let b = vec![block("09.02.07", "ИС", &[vec![5, 4, 1], vec![2, 0, 2]])];
        let s = sum_blocks([a.as_slice(), b.as_slice()]);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].rows[0].values, [8, 5, 3]);
        assert_eq!(s[0].rows[1].values, [3, 1, 2]);
        assert_eq!(s[1].rows[0].values, [2, 2, 0]);
        let t = total(&s, "Итого").unwrap();
        assert_eq!(t.rows[0].values, [10, 7, 3]);
        assert_eq!(total(&[], "Итого"), None);
        // Inputs are untouched (the first college's block was copied, not moved).
        assert_eq!(a[0].rows[0].values, [3, 1, 2]);
    }

    #[test]
    fn the_page_names_colleges_left_out() {
        let a = vec![block("09.02.07", "ИС", &[vec![3, 1, 2]])];
        let colleges = [CollegeBlocks {
            id: "ppk",
            name: "ППК",
            blocks: &a,
        }];
        let html = page(&FormPage {
            title: "Форма 2".into(),
            stem: "form2-2023".into(),
            base_centre: "РБЦ",
            columns: vec![(4, "Всего".into()), (5, "Труд.".into()), (6, "Иное".into())],
            blocks: &a,
            colleges: &colleges,
            left_out: vec!["СКС (sks): нет нозологии".into()],
        });
        assert!(html.contains("<li>СКС (sks): нет нозологии</li>"));
        assert!(html.contains("Итого по региону"));
        assert!(html.contains("ППК (ppk)"));
        assert!(html.contains("href=\"form2-2023.xlsx\""));
    }
}
