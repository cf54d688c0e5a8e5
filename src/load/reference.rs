//! Reference tables that shape printed forms: the project's own file, or the bundled default.

use crate::diag::{Finding, Place};
use crate::load::yaml;
use crate::model::form::{Form1Columns, FormColumn};
use std::path::Path;

pub const FORM1_COLUMNS_FILE: &str = "data/reference/form1-columns.yaml";
const FORM1_COLUMNS_DEFAULT: &str = include_str!("../../data/reference/form1-columns.yaml");

/// Form 1 columns 05–27: `data/reference/form1-columns.yaml`, or the bundled default when the
/// project has none. Every column must be there exactly once.
pub fn form1_columns(root: &Path, findings: &mut Vec<Finding>) -> Form1Columns {
    let path = root.join(FORM1_COLUMNS_FILE);
    let (text, file) = match std::fs::read_to_string(&path) {
        Ok(t) => (t, FORM1_COLUMNS_FILE),
        Err(_) if !path.exists() => (FORM1_COLUMNS_DEFAULT.to_string(), "<встроенный справочник>"),
        Err(e) => {
            findings.push(Finding::error(
                "reference.unreadable",
                Place::file(FORM1_COLUMNS_FILE),
                format!(
                    "Не удалось прочитать файл (он должен быть в UTF-8): {}.",
                    crate::diag::io_error_ru(&e)
                ),
            ));
            return default_columns();
        }
    };
    let columns: Vec<FormColumn> = match yaml::parse(&text, file, 0) {
        Ok(c) => c,
        Err(f) => {
            findings.push(*f);
            return default_columns();
        }
    };
    let mut problems = Vec::new();
    for n in 5..=27u8 {
        let count = columns.iter().filter(|c| c.column == n).count();
        if count != 1 {
            problems.push(format!(
                "графа {n:02} указана {} раз(а), а должна ровно один",
                count
            ));
        }
    }
    if let Some(c) = columns.iter().find(|c| !(5..=27).contains(&c.column)) {
        problems.push(format!("графы {:02} в форме 1 нет (графы 05–27)", c.column));
    }
    if !problems.is_empty() {
        findings.push(Finding::error(
            "reference.form1-columns",
            Place::file(file),
            format!(
                "Справочник граф формы 1 неполон: {}. Исправьте файл или удалите его, чтобы использовался встроенный.",
                problems.join("; ")
            ),
        ));
        return default_columns();
    }
    let mut columns = columns;
    columns.sort_by_key(|c| c.column);
    Form1Columns(columns)
}

fn default_columns() -> Form1Columns {
    let mut v: Vec<FormColumn> = serde_yaml::from_str(FORM1_COLUMNS_DEFAULT).unwrap_or_default();
    v.sort_by_key(|c| c.column);
    Form1Columns(v)
}

/// Rules of the reference files under `data/reference/`.
#[rustfmt::skip]
pub const RULES: &[crate::check::rules::Rule] = &[
    crate::check::rules::Rule::error("reference.unreadable", "Справочник в data/reference читается (UTF-8)").example("data/reference/form1-columns.yaml: Не удалось прочитать файл (он должен быть в UTF-8): файл не в ожидаемом формате (например, не в кодировке UTF-8) или повреждён (stream did not contain valid UTF-8)."),
    crate::check::rules::Rule::error("reference.form1-columns", "Справочник граф формы 1 полон: каждая графа 06–27 описана один раз").example("data/reference/form1-columns.yaml: Справочник граф формы 1 неполон: графа 12 указана 0 раз(а), а должна ровно один; графа 13 указана 2 раз(а), а должна ровно один. Исправьте файл или удалите его, чтобы использовался встроенный."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_default_has_every_column() {
        let d = tempfile::tempdir().unwrap();
        let mut f = Vec::new();
        let cols = form1_columns(d.path(), &mut f);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(cols.0.len(), 23);
        assert_eq!(
            cols.get(10).unwrap().short,
            "Проходят службу в армии по призыву"
        );
    }

    #[test]
    fn a_missing_column_is_reported_and_the_default_used() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("data/reference")).unwrap();
        let text = FORM1_COLUMNS_DEFAULT.replace("- column: 12\n", "- column: 13\n");
        std::fs::write(d.path().join(FORM1_COLUMNS_FILE), text).unwrap();
        let mut f = Vec::new();
        let cols = form1_columns(d.path(), &mut f);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "reference.form1-columns");
        assert!(f[0].message.contains("графа 12"), "{}", f[0].message);
        assert_eq!(cols.0.len(), 23);
    }

    #[test]
    fn a_file_not_in_utf8_is_reported_and_the_default_used() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("data/reference")).unwrap();
        std::fs::write(d.path().join(FORM1_COLUMNS_FILE), b"- column: \xff\n").unwrap();
        let mut f = Vec::new();
        assert_eq!(form1_columns(d.path(), &mut f).0.len(), 23);
        assert_eq!(f[0].rule, "reference.unreadable");
    }

    #[test]
    fn a_college_may_reword_a_column() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("data/reference")).unwrap();
        let text = FORM1_COLUMNS_DEFAULT.replace("short: \"Всего\"", "short: \"Итого\"");
        std::fs::write(d.path().join(FORM1_COLUMNS_FILE), text).unwrap();
        let mut f = Vec::new();
        assert_eq!(
            form1_columns(d.path(), &mut f).get(5).unwrap().short,
            "Итого"
        );
        assert!(f.is_empty());
    }
}
