//! The latest week's ОПК forms 2 and 3 as Excel workbooks (`opk-form2-ГГГГ-ММ-ДД.xlsx`,
//! `opk-form3-…`): one sheet, the layout's headings on row 1 in its column order, one row per
//! form row. Read back by `load::opk` (headings are the columns' headers), the workbook passes
//! the same checks as the CSV it came from. Bytes are reproducible (creation date = the week).

use super::workbook::{save, ExportedWorkbook};
use crate::model::opk::{yes_no, ColumnType, FormKind, FormLayout, Opk, OpkForm};
use jiff::civil::Date;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// One form as workbook bytes.
pub fn form_workbook(
    layout: &FormLayout,
    form: &OpkForm,
    week: Date,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let ws = wb.add_worksheet();
    // Sheet names are at most 31 characters.
    let name: String = layout.title.chars().take(31).collect();
    let name = name.replace(['[', ']', ':', '*', '?', '/', '\\'], " ");
    ws.set_name(if name.trim().is_empty() {
        "Форма"
    } else {
        name.trim()
    })?;
    for (j, c) in layout.columns.iter().enumerate() {
        let col = j as u16;
        ws.write_string_with_format(0, col, &c.heading, &head)?;
        ws.set_column_width(col, if c.kind == ColumnType::Count { 12 } else { 22 })?;
    }
    ws.set_row_height(0, 60)?;
    ws.set_freeze_panes(1, 0)?;
    for (i, r) in form.rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (j, (c, v)) in layout.columns.iter().zip(&r.cells).enumerate() {
            let col = j as u16;
            match c.kind {
                ColumnType::Count => match crate::load::table::parse_count(v) {
                    Ok(n) => ws.write_number_with_format(row, col, f64::from(n), &cell)?,
                    Err(_) => ws.write_string_with_format(row, col, v, &cell)?,
                },
                ColumnType::YesNo => {
                    ws.write_string_with_format(row, col, yes_no(v).unwrap_or(v), &cell)?
                }
                // ИНН, dates and text stay text: an ИНН keeps its leading zero.
                _ => ws.write_string_with_format(row, col, v, &cell)?,
            };
        }
    }
    save(wb, week, &layout.title)
}

/// Workbooks of the latest week's forms (the newest report that has each).
pub fn export(opk: &Opk) -> (Vec<ExportedWorkbook>, Vec<String>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (kind, stem) in [
        (FormKind::Form2, "opk-form2"),
        (FormKind::Form3, "opk-form3"),
    ] {
        let Some((week, form)) = opk.reports.iter().rev().find_map(|r| {
            match kind {
                FormKind::Form2 => r.form2.as_ref(),
                FormKind::Form3 => r.form3.as_ref(),
            }
            .map(|f| (r.week, f))
        }) else {
            continue;
        };
        let file = format!("{stem}-{week}.xlsx");
        match form_workbook(opk.layout(kind), form, week) {
            Ok(bytes) => out.push(ExportedWorkbook {
                file,
                title: format!(
                    "ОПК: {} на {} — книга Excel",
                    kind.label_ru(),
                    crate::format::date_ru(week)
                ),
                group: "Кадровая потребность предприятий ОПК".into(),
                bytes,
            }),
            Err(e) => errors.push(format!("{file}: {e}")),
        }
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Findings;

    /// The example's latest forms, exported and read back, give the same cells and no findings.
    #[test]
    fn round_trip_passes_the_check() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (p, _) = crate::pipeline::load(root, None).unwrap();
        let p = p.unwrap();
        let opk = &p.opk;
        let (books, errors) = export(opk);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(books.len(), 2);
        let dir = tempfile::tempdir().unwrap();
        let opk_dir = dir.path().join("data/opk");
        std::fs::create_dir_all(&opk_dir).unwrap();
        for b in &books {
            let name = b.file.trim_start_matches("opk-");
            // opk-form2-2023-10-20.xlsx → 2023-10-20-form2.xlsx
            let (form, date) = name.trim_end_matches(".xlsx").split_at(5);
            std::fs::write(
                opk_dir.join(format!("{}-{form}.xlsx", &date[1..])),
                &b.bytes,
            )
            .unwrap();
        }
        let mut fs2 = Findings::new();
        let back = crate::load::opk::load(dir.path(), &mut fs2);
        assert!(fs2.is_empty(), "{:?}", fs2.sorted());
        let orig = opk.reports.last().unwrap();
        let read = &back.reports[0];
        assert_eq!(read.week, orig.week);
        for (a, b) in [(&orig.form2, &read.form2), (&orig.form3, &read.form3)] {
            let a: Vec<_> = a.as_ref().unwrap().rows.iter().map(|r| &r.cells).collect();
            let b: Vec<_> = b.as_ref().unwrap().rows.iter().map(|r| &r.cells).collect();
            assert_eq!(a, b);
        }
        // And the rules find nothing in the exported week (the example's latest week is clean).
        let f = crate::check::opk::run(&back, &p.monitoring, jiff::civil::date(2023, 10, 20));
        assert!(f.is_empty(), "{f:#?}");
    }
}
