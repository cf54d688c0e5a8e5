//! ОПК staffing-needs weekly forms 2 and 3 (seed task 5): the layout as data
//! (`data/reference/opk-layout.yaml`), the weekly reports and the submission log.
//!
//! The seed's rules bind to a column's *role*, never to its number, so a base centre can
//! renumber and rename columns when the template changes without touching code.

use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

/// What a column holds; decides how a cell is validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    Text,
    Inn,
    Count,
    YesNo,
    Specialty,
    Date,
    Choice,
}

/// One column of a form.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    pub number: u16,
    pub heading: String,
    #[serde(rename = "type")]
    pub kind: ColumnType,
    pub role: String,
    /// Allowed values of a `choice` column.
    #[serde(default)]
    pub options: Vec<String>,
}

/// One form's layout: columns in printing order (ascending numbers).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FormLayout {
    pub title: String,
    pub columns: Vec<ColumnDef>,
}

impl FormLayout {
    /// Index (into [`OpkRow::cells`]) of the column with `role`.
    pub fn index_of(&self, role: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.role == role)
    }

    pub fn column(&self, role: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.role == role)
    }
}

/// Both forms' layouts.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OpkLayout {
    pub form2: FormLayout,
    pub form3: FormLayout,
}

/// Which of the two weekly forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FormKind {
    Form2,
    Form3,
}

impl FormKind {
    pub fn label_ru(self) -> &'static str {
        match self {
            FormKind::Form2 => "Форма 2",
            FormKind::Form3 => "Форма 3",
        }
    }
}

/// One row of a form: the raw cells (trimmed) in layout column order, and where it came from.
/// Rows are keyed by enterprise ИНН (× position on form 2).
#[derive(Debug, Clone, Serialize)]
pub struct OpkRow {
    pub line: usize,
    pub cells: Vec<String>,
}

impl OpkRow {
    /// The cell of the column with `role` in `layout`; empty when the layout has no such role.
    pub fn get<'a>(&'a self, layout: &FormLayout, role: &str) -> &'a str {
        layout
            .index_of(role)
            .and_then(|i| self.cells.get(i))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// A count cell; `None` when empty or not a whole number (the loader reported that).
    pub fn count(&self, layout: &FormLayout, role: &str) -> Option<u32> {
        crate::load::table::parse_count(self.get(layout, role)).ok()
    }
}

/// One form of one week as read from its file.
#[derive(Debug, Clone, Serialize)]
pub struct OpkForm {
    pub file: String,
    pub rows: Vec<OpkRow>,
}

/// One weekly report: the Friday it is for, and its forms (either may be missing).
#[derive(Debug, Clone, Serialize)]
pub struct OpkReport {
    pub week: Date,
    pub form2: Option<OpkForm>,
    pub form3: Option<OpkForm>,
}

/// One line of `data/opk/log.yaml`: when a week's report (or the «нет новой информации»
/// notice) was sent.
#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub week: Date,
    #[serde(skip)]
    pub submitted: Option<DateTime>,
    /// The week had nothing new and the base centre was told so by e-mail «Мониторинг ОПК».
    pub no_news: bool,
    pub line: usize,
}

/// Everything about ОПК staffing needs in a project.
#[derive(Debug, Clone, Serialize)]
pub struct Opk {
    pub layout: OpkLayout,
    /// Where the layout came from (the project file or the bundled default).
    pub layout_file: String,
    /// Reports sorted by week.
    pub reports: Vec<OpkReport>,
    pub log: Vec<LogEntry>,
    /// The reporting period's last Friday (`until:` in log.yaml), if the series ended.
    #[serde(skip)]
    pub until: Option<Date>,
}

impl Opk {
    pub fn is_empty(&self) -> bool {
        self.reports.is_empty() && self.log.is_empty()
    }

    pub fn layout(&self, kind: FormKind) -> &FormLayout {
        match kind {
            FormKind::Form2 => &self.layout.form2,
            FormKind::Form3 => &self.layout.form3,
        }
    }
}

/// Whether `s` is a valid ИНН: 10 digits (organisation) or 12 (individual) with the check
/// digits of the Federal Tax Service algorithm.
pub fn inn_valid(s: &str) -> bool {
    let d: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != s.chars().count() {
        return false;
    }
    let check = |w: &[u32], n: usize| -> bool {
        let sum: u32 = w.iter().zip(&d).map(|(a, b)| a * b).sum();
        (sum % 11) % 10 == d[n]
    };
    match d.len() {
        10 => check(&[2, 4, 10, 3, 5, 9, 4, 6, 8], 9),
        12 => {
            check(&[7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 10)
                && check(&[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 11)
        }
        _ => false,
    }
}

/// «Да»/«Нет» in any case and with any spaces, normalised; `None` for anything else.
pub fn yes_no(s: &str) -> Option<&'static str> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    match t.as_str() {
        "да" => Some("Да"),
        "нет" => Some("Нет"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inn_check_digits() {
        // Sberbank and a well-known individual INN pattern; one digit changed fails.
        assert!(inn_valid("7707083893"));
        assert!(!inn_valid("7707083894"));
        assert!(inn_valid("500100732259"));
        assert!(!inn_valid("500100732258"));
        assert!(!inn_valid("77070838"));
        assert!(!inn_valid("77070838a3"));
    }

    #[test]
    fn yes_no_normalised() {
        assert_eq!(yes_no(" ДА "), Some("Да"));
        assert_eq!(yes_no("н е т"), Some("Нет"));
        assert_eq!(yes_no("нет."), None);
        assert_eq!(yes_no(""), None);
    }
}
