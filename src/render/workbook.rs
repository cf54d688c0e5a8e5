//! The Ministry's block forms as Excel workbooks for `output/reports/`: form 1 «пятистрочная»
//! (`form1-YYYY.xlsx`), form 3 «ожидаемый выпуск» (`form3-YYYY.xlsx`) and, when every graduate
//! with ОВЗ or a disability has a nosology group, form 2 «нозологии» (`form2-YYYY.xlsx`).
//!
//! Layout as the official templates (`shared/reference/ministry-forms.md`): the sheet's name,
//! title rows, a row of column labels, the row of column numbers (form 1: row 5, 01–27), then
//! one block of rows per specialty with the region (гр.01), «код и наименование» (гр.02), the
//! row's label (гр.03) and, where the form has it, № строки (гр.04). Each workbook passes
//! vypusk's own incoming check. Bytes are reproducible: the workbook's creation date is the
//! report date and the zip entries carry a fixed time.

use crate::compute::form1::{Form1, Form1Block};
use crate::compute::form2::Form2;
use crate::compute::form3::Form3;
use crate::model::form::Form1Columns;
use jiff::civil::Date;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

/// An exported workbook: file name under `output/reports/`, its title for the index, bytes.
#[derive(Debug, Clone)]
pub struct ExportedWorkbook {
    pub file: String,
    pub title: String,
    /// The reports index group it is listed under (`Выпуск 2023 года`).
    pub group: String,
    pub bytes: Vec<u8>,
}

impl ExportedWorkbook {
    /// Its entry on the reports index.
    pub fn download(&self) -> super::reports::Download {
        super::reports::Download {
            file: self.file.clone(),
            title: self.title.clone(),
            group: self.group.clone(),
        }
    }

    /// The file to write into the stage.
    pub fn out_file(self) -> super::OutFile {
        super::OutFile {
            path: format!("{}/{}", super::reports::REPORTS_DIR, self.file),
            bytes: self.bytes,
        }
    }
}

/// The layout of one exported sheet.
struct Layout<'a> {
    sheet: &'a str,
    title: Vec<String>,
    /// 0-based row of the column numbers; labels stand on the row above.
    numbers_row: u32,
    /// (column number, label) of the value columns.
    columns: Vec<(u8, String)>,
    /// Column number of № строки (form 1, 3: 04; form 2 has none).
    row_no: Option<u8>,
    region: &'a str,
    blocks: &'a [Form1Block],
}

/// Labels of гр.01–04.
const LEAD: [&str; 4] = [
    "Субъект Российской Федерации",
    "Код и наименование профессии, специальности",
    "Наименование показателя",
    "№ строки",
];

fn write_sheet(wb: &mut Workbook, l: &Layout) -> Result<(), XlsxError> {
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin);
    let num_head = Format::new()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let text = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let number = Format::new().set_border(FormatBorder::Thin);
    let title = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name(l.sheet)?;
    for (i, t) in l.title.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, t, &title)?;
    }
    let lead = if l.row_no.is_some() { 4 } else { 3 };
    let labels_row = l.numbers_row - 1;
    ws.set_row_height(labels_row, 150)?;
    for (i, label) in LEAD.iter().take(lead).enumerate() {
        ws.write_string_with_format(labels_row, i as u16, *label, &head)?;
        ws.write_string_with_format(l.numbers_row, i as u16, format!("{:02}", i + 1), &num_head)?;
    }
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 32)?;
    ws.set_column_width(2, 40)?;
    if lead == 4 {
        ws.set_column_width(3, 7)?;
    }
    for (k, (n, label)) in l.columns.iter().enumerate() {
        let c = (lead + k) as u16;
        ws.set_column_width(c, 12)?;
        ws.write_string_with_format(labels_row, c, label, &head)?;
        ws.write_string_with_format(l.numbers_row, c, format!("{n:02}"), &num_head)?;
    }
    let mut r = l.numbers_row + 1;
    for b in l.blocks {
        let code_name = format!("{} {}", b.code, b.name).trim().to_string();
        for row in &b.rows {
            ws.write_string_with_format(r, 0, l.region, &text)?;
            ws.write_string_with_format(r, 1, &code_name, &text)?;
            ws.write_string_with_format(r, 2, &row.label, &text)?;
            if lead == 4 {
                ws.write_string_with_format(r, 3, &row.row, &num_head)?;
            }
            for (k, v) in row.values.iter().enumerate() {
                ws.write_number_with_format(r, (lead + k) as u16, f64::from(*v), &number)?;
            }
            r += 1;
        }
    }
    ws.set_freeze_panes(l.numbers_row + 1, lead as u16)?;
    Ok(())
}

pub(crate) fn save(mut wb: Workbook, date: Date, title: &str) -> Result<Vec<u8>, XlsxError> {
    let created =
        ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)?;
    let props = DocProperties::new()
        .set_title(title)
        .set_author("vypusk")
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    wb.save_to_buffer()
}

/// Form 1 «пятистрочная» of a cohort.
pub fn form1_workbook(
    f: &Form1,
    columns: &Form1Columns,
    region: &str,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let cols = f
        .columns
        .iter()
        .map(|n| {
            let label = columns
                .get(*n)
                .map_or_else(|| format!("гр.{n:02}"), |c| c.label.clone());
            (*n, label)
        })
        .collect();
    let title = format!(
        "Мониторинг занятости выпускников {} года: форма 1 (пятистрочная)",
        f.year
    );
    write_sheet(
        &mut wb,
        &Layout {
            sheet: crate::check::incoming::FORM1_SHEET,
            title: vec![
                title.clone(),
                format!("по состоянию на {}", crate::format::date_ru(f.as_of)),
            ],
            numbers_row: 4,
            columns: cols,
            row_no: Some(4),
            region,
            blocks: &f.blocks,
        },
    )?;
    save(wb, f.as_of, &title)
}

/// Form 3 labels, гр.05–22 (official wording).
pub const FORM3_LABELS: [&str; 18] = [
    "Ожидаемый выпуск Всего",
    "Трудоустроены (по трудовому договору, договору ГПХ в соответствии с трудовым законодательством, законодательством  об обязательном пенсионном страховании)",
    "совмещают обучение с трудоустройством по специальности, в том числе с переводом на индивидуальный учебный план",
    "проходят оплачиваемую практику по специальности с заключением срочного трудового договора",
    "трудоустроены в учебно-производственных комплексах, созданных на базе образовательных организаций, по специальности",
    "Индивидуальные предприниматели",
    "Самозанятые (перешедшие на специальный налоговый режим - налог на профессиональный доход)",
    "Планируют трудоустройство",
    "трудоустроятся на предприятиях, в которых была пройдена практика",
    "трудоустроятся на других предприятиях, являющихся партнерами образовательной организации",
    "Планируют осуществлять предпринимательскую деятельность в форме индивидуального предпринимателя",
    "Планируют зарегистрироваться в качестве самозанятых",
    "Подлежат призыву в армию",
    "Планируют поступить в армию на контрактной основе, в органах внутренних дел, Государственной противопожарной службе, органах по контролю за оборотом наркотических средств и психотропных веществ, учреждениях и органах уголовно-исполнительной системы, войсках национальной гвардии Российской Федерации, органах принудительного исполнения Российской Федерации*",
    "Планируют продолжать обучение",
    "Находятся под риском нетрудоустройства",
    "Планируют переезд за пределы Российской Федерации(кроме переезда в иные регионы - по ним регион должен располагать сведениями)",
    "Выпускники из числа иностранных граждан, которые не имеют СНИЛС",
];

/// Form 3 «ожидаемый выпуск» of a cohort (header on row 6, as the template).
pub fn form3_workbook(f: &Form3, region: &str) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let cols = FORM3_LABELS
        .iter()
        .enumerate()
        .map(|(i, l)| (crate::compute::form3::FIRST + i as u8, l.to_string()))
        .collect();
    let title = format!("Ожидаемый выпуск {} года: форма 3", f.year);
    write_sheet(
        &mut wb,
        &Layout {
            sheet: crate::check::incoming::FORM3_SHEET,
            title: vec![
                title.clone(),
                format!("планы выпускников на {}", crate::format::date_ru(f.date)),
            ],
            numbers_row: 5,
            columns: cols,
            row_no: Some(4),
            region,
            blocks: &f.blocks,
        },
    )?;
    save(wb, f.date, &title)
}

/// Form 2 labels, гр.04–29 (official wording).
pub const FORM2_LABELS: [&str; 26] = [
    "Суммарный выпуск",
    "Трудоустроены (по трудовому договору, договору ГПХ в соответствии с трудовым законодательством, законодательством  об обязательном пенсионном страховании)",
    "из них (из графы 05): продолжили обучение",
    "из них (из графы 05): трудоустроены по полученной профессии, специальности",
    "Индиви-дуальные предприни-матели",
    "Самозанятые (перешедшие на специальный налоговый режим - налог на профессио-нальный доход)",
    "Проходят службу в армии по призыву",
    "Проходят службу в армии по контракту, в органах внутренних дел, Государственной противопожарной службе, органах по контролю за оборотом наркотических средств и психотропных веществ, учреждениях и органах уголовно-исполнительной системы, войсках национальной гвардии РФ, органах принудительного исполнения РФ",
    "Продолжили обучение",
    "Находятся в отпуске по уходу за ребенком",
    "Неформальная занятость (теневой сектор экономики)",
    "Зарегистрированы в центрах занятости в качестве безработных (получают пособие по безработице)",
    "Не имеют мотивации к трудоустройству и не планируют трудоустраиваться, в том числе по причинам получения иных социальных льгот",
    "Отсутствует спрос на специалистов в регионе, находятся в поиске работы",
    "Смерть, тяжелое состояние здоровья",
    "Находятся под следствием, отбывают наказание",
    "Переезд за пределы Российской Федерации (кроме переезда в иные регионы)",
    "Ухаживают за больными родственниками (иные семейные обстоятельства)",
    "будут трудоустроены (в соответствии с трудовым законодательством, законодательством об обязательном пенсионном страховании)",
    "из них (из графы 22): продолжат обучение",
    "из них (из графы 22): будут трудоустроены по полученной профессии, специальности",
    "будут осуществлять предприни-мательскую деятельность",
    "будут самозанятыми",
    "будут призваны в армию",
    "будут в армии по контракту, в органах внутренних дел, Государственной противопожарной службе, органах по контролю за оборотом наркотических средств и психотропных веществ, учреждениях и органах уголовно-исполнительной системы, войсках национальной гвардии РФ, органах принудительного исполнения РФ",
    "будут продолжать обучение",
];

/// Form 2 «нозологии» of a cohort (no «№ строки» column, as the template).
pub fn form2_workbook(f: &Form2, region: &str) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let cols = FORM2_LABELS
        .iter()
        .enumerate()
        .map(|(i, l)| (crate::compute::form2::FIRST + i as u8, l.to_string()))
        .collect();
    let title = format!(
        "Мониторинг занятости выпускников {} года из числа лиц с ОВЗ, инвалидов и детей-инвалидов: форма 2 (нозологии)",
        f.year
    );
    write_sheet(
        &mut wb,
        &Layout {
            sheet: crate::check::incoming::FORM2_SHEET,
            title: vec![
                title.clone(),
                format!("по состоянию на {}", crate::format::date_ru(f.as_of)),
            ],
            numbers_row: 4,
            columns: cols,
            row_no: None,
            region,
            blocks: &f.blocks,
        },
    )?;
    save(wb, f.as_of, &title)
}

/// Every workbook of every cohort, from its forms (computed once per build, see
/// [`crate::compute::all_forms`]). A workbook that cannot be written (it never happens with
/// valid figures) is left out with its error text, for a finding.
pub fn export(
    forms: &[crate::compute::CohortForms],
    config: &crate::config::Config,
    columns: &Form1Columns,
) -> (Vec<ExportedWorkbook>, Vec<String>) {
    let region = config.college.region.as_str();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for f in forms {
        let y = f.year;
        let group = format!("Выпуск {y} года");
        let (f1, f2, f3) = (&f.form1, f.form2.as_ref(), &f.form3);
        let mut books = vec![(
            format!("form1-{y}.xlsx"),
            format!("Форма 1 (пятистрочная), выпуск {y} года — книга Excel"),
            form1_workbook(f1, columns, region),
        )];
        if let Some(f2) = f2 {
            books.push((
                format!("form2-{y}.xlsx"),
                format!("Форма 2 (нозологии), выпуск {y} года — книга Excel"),
                form2_workbook(f2, region),
            ));
        }
        books.extend([(
            format!("form3-{y}.xlsx"),
            format!("Форма 3 (ожидаемый выпуск), выпуск {y} года — книга Excel"),
            form3_workbook(f3, region),
        )]);
        for (file, title, bytes) in books {
            match bytes {
                Ok(bytes) => out.push(ExportedWorkbook {
                    file,
                    title,
                    group: group.clone(),
                    bytes,
                }),
                Err(e) => errors.push(format!("{file}: {e}")),
            }
        }
    }
    (out, errors)
}
