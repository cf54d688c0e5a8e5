//! The regional Ministry form 1 «пятистрочная»: per specialty, the sum of the colleges'
//! blocks of that specialty, row by row and column by column. Each college's block already
//! satisfies the form's arithmetic (гр.05 = Σ гр.06…27, row inequalities), and sums of
//! blocks that satisfy linear equalities and inequalities satisfy them too; the tests check it
//! with the incoming-workbook rule itself.

use super::forms::rows_html;
use crate::compute::form1::{Form1, Form1Block, Form1Row, COLUMNS};
use crate::format::date_ru;
use crate::model::contingent::{row_code, ROW_LABELS};
use crate::model::form::Form1Columns;
use crate::render::charts::escape;
use jiff::civil::Date;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One college's form 1 for the region: its id, short name and form.
#[derive(Debug, Clone)]
pub struct CollegeForm<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub form: Form1,
}

/// Sum the colleges' forms of cohort `year` into the region's: blocks by specialty code
/// (the first college's name of a specialty is kept), sorted by code.
pub fn sum(year: i16, as_of: Date, forms: &[CollegeForm]) -> Form1 {
    let mut by_code: BTreeMap<&str, (&str, [[u32; COLUMNS]; 5])> = BTreeMap::new();
    for f in forms {
        for b in &f.form.blocks {
            let entry = by_code
                .entry(b.code.as_str())
                .or_insert_with(|| (b.name.as_str(), [[0; COLUMNS]; 5]));
            for (sum, row) in entry.1.iter_mut().zip(&b.rows) {
                for (s, v) in sum.iter_mut().zip(&row.values) {
                    *s += v;
                }
            }
        }
    }
    Form1 {
        year,
        as_of,
        columns: (5..=27).collect(),
        blocks: by_code
            .into_iter()
            .map(|(code, (name, rows))| block(code, name, &rows))
            .collect(),
    }
}

fn block(code: &str, name: &str, rows: &[[u32; COLUMNS]; 5]) -> Form1Block {
    Form1Block {
        code: code.to_string(),
        name: name.to_string(),
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, v)| Form1Row {
                row: row_code(i as u8 + 1),
                label: ROW_LABELS[i].to_string(),
                values: v.to_vec(),
            })
            .collect(),
    }
}

/// The regional total block, named for the region.
pub fn total(f: &Form1) -> Form1Block {
    let mut t = f.total();
    t.name = "Итого по региону".to_string();
    t
}

/// The print page of the regional form 1: blocks per specialty, the regional total, and each
/// college's total (so that a reader sees what the region's figures are made of).
pub fn page(
    region: &str,
    base_centre: &str,
    f: &Form1,
    columns: &Form1Columns,
    colleges: &[CollegeForm],
) -> String {
    let mut head = String::from("<tr><th scope=\"col\">Код и наименование</th><th scope=\"col\">Показатель</th><th scope=\"col\">№ стр.</th>");
    for n in &f.columns {
        let short = columns
            .get(*n)
            .map_or_else(|| format!("гр.{n:02}"), |c| c.short.clone());
        let _ = write!(
            head,
            "<th scope=\"col\"><span class=\"n\">{n:02}</span> {}</th>",
            escape(&short)
        );
    }
    head.push_str("</tr>");
    let mut body = String::new();
    for b in &f.blocks {
        rows_html(&mut body, b, "");
    }
    rows_html(&mut body, &total(f), "total");
    let mut by_college = String::new();
    for c in colleges {
        let mut t = c.form.total();
        t.code = String::new();
        t.name = format!("{} ({})", c.name, c.id);
        rows_html(&mut by_college, &t, "");
    }
    let title = format!(
        "Форма 1 (пятистрочная): {region}, выпуск {} года на {}",
        f.year,
        date_ru(f.as_of)
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n\
<style>{css}</style>\n</head>\n<body>\n<h1>{t}</h1>\n<p>Сумма блоков колледжей по каждой специальности. Составил: {bc}.</p>\n\
<table class=\"form\">\n<thead>{head}</thead>\n<tbody>\n{body}</tbody>\n</table>\n\
<h2>Итого по колледжам</h2>\n<table class=\"form\">\n<thead>{head}</thead>\n<tbody>\n{by_college}</tbody>\n</table>\n\
<p><a href=\"form1-{y}.xlsx\">Книга Excel</a> · <a href=\"index.html\">Все отчёты региона</a></p>\n</body>\n</html>\n",
        t = escape(&title),
        css = super::overview::PRINT_CSS,
        bc = escape(base_centre),
        y = f.year,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(blocks: Vec<(&str, [[u32; COLUMNS]; 5])>) -> Form1 {
        Form1 {
            year: 2023,
            as_of: Date::constant(2023, 12, 15),
            columns: (5..=27).collect(),
            blocks: blocks
                .into_iter()
                .map(|(code, rows)| block(code, &format!("Специальность {code}"), &rows))
                .collect(),
        }
    }

    /// A block that keeps the form's arithmetic: `n` graduates, `ovz` of them with ОВЗ,
    /// spread over columns 06 and 07.
    fn rows(n: u32, ovz: u32) -> [[u32; COLUMNS]; 5] {
        let mut r = [[0; COLUMNS]; 5];
        r[0][0] = n;
        r[0][1] = n - n / 3;
        r[0][2] = n / 3;
        r[1][0] = ovz;
        r[1][1] = ovz;
        r
    }

    #[test]
    fn blocks_of_a_specialty_are_summed_and_the_arithmetic_holds() {
        let a = form(vec![("09.02.07", rows(20, 2)), ("15.01.05", rows(9, 0))]);
        let b = form(vec![("09.02.07", rows(31, 4)), ("43.02.15", rows(12, 1))]);
        let forms = [
            CollegeForm {
                id: "a",
                name: "А",
                form: a.clone(),
            },
            CollegeForm {
                id: "b",
                name: "Б",
                form: b.clone(),
            },
        ];
        let r = sum(2023, a.as_of, &forms);
        let codes: Vec<_> = r.blocks.iter().map(|b| b.code.as_str()).collect();
        assert_eq!(codes, ["09.02.07", "15.01.05", "43.02.15"]);
        assert_eq!(r.blocks[0].rows[0].values[0], 51);
        assert_eq!(r.blocks[0].rows[1].values[0], 6);
        // The regional total is the sum of the colleges' totals, cell by cell.
        let (ta, tb, tr) = (a.total(), b.total(), total(&r));
        for i in 0..5 {
            for k in 0..COLUMNS {
                assert_eq!(
                    tr.rows[i].values[k],
                    ta.rows[i].values[k] + tb.rows[i].values[k]
                );
            }
        }
        // Every block passes the same arithmetic rule as a received workbook.
        for b in r.blocks.iter().chain([&tr]) {
            let mut v = [[0i64; COLUMNS]; 5];
            for (i, row) in b.rows.iter().enumerate() {
                for (k, x) in row.values.iter().enumerate() {
                    v[i][k] = i64::from(*x);
                }
            }
            assert_eq!(
                crate::compute::form1::arithmetic_violations(&v),
                Vec::new(),
                "{}",
                b.code
            );
        }
    }

    #[test]
    fn the_page_lists_every_block_and_each_college() {
        let a = form(vec![("09.02.07", rows(20, 2))]);
        let forms = [CollegeForm {
            id: "ppk",
            name: "ГБПОУ «ППК»",
            form: a.clone(),
        }];
        let r = sum(2023, a.as_of, &forms);
        let html = page(
            "Самарская область",
            "РБЦ",
            &r,
            &Form1Columns::default(),
            &forms,
        );
        assert!(html.contains("09.02.07 Специальность 09.02.07"));
        assert!(html.contains("Итого по региону"));
        assert!(html.contains("ГБПОУ «ППК» (ppk)"));
        assert!(html.contains("form1-2023.xlsx"));
    }
}
