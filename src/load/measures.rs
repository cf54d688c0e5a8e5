//! `data/monitoring/measures-YYYY.csv` (or `.xlsx`): measures taken with the risk group.

use super::table::{read_rows, ColumnSpec};
use crate::diag::{Finding, Findings, Place};
use crate::format::parse_date;
use crate::model::measure::{Measure, MeasureKind};
use std::path::{Path, PathBuf};

const COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        title: "ID",
        aliases: &["ID выпускника", "graduate"],
        required: true,
    },
    ColumnSpec {
        title: "Дата",
        aliases: &["date"],
        required: true,
    },
    ColumnSpec {
        title: "Вид",
        aliases: &["Вид меры", "Мера", "kind"],
        required: true,
    },
    ColumnSpec {
        title: "Результат",
        aliases: &["result"],
        required: false,
    },
];

/// Every measures file of every cohort, in file order.
pub fn load(root: &Path, findings: &mut Vec<Finding>) -> Vec<Measure> {
    let dir = root.join(super::monitoring::MONITORING_DIR);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| {
        p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
            let n = n.to_lowercase();
            n.starts_with("measures-") && (n.ends_with(".csv") || n.ends_with(".xlsx"))
        })
    });
    paths.sort();
    let mut fs = Findings::new();
    let mut out = Vec::new();
    for p in paths {
        out.extend(read(root, &p, &mut fs));
    }
    findings.extend(fs.sorted());
    out
}

fn read(root: &Path, path: &Path, findings: &mut Findings) -> Vec<Measure> {
    read_rows(root, path, COLUMNS, None, findings, |row, file, fs| {
        let at = || Place::line(file, row.line);
        let id = row.get(0);
        if id.is_empty() {
            fs.push(Finding::error("measure.bad-value", at(), "Не указан ID выпускника: строка не учтена."));
            return None;
        }
        let date = match parse_date(row.get(1)) {
            Ok(d) => d,
            Err(e) => {
                fs.push(Finding::error("measure.bad-value", at(), format!("Дата меры: {e}.")).with_graduate(id));
                return None;
            }
        };
        let Some(kind) = MeasureKind::parse(row.get(2)) else {
            fs.push(
                Finding::error(
                    "measure.bad-value",
                    at(),
                    format!("Вид меры «{}» не распознан: укажите «профориентация», «подбор вакансий», «направление» или «консультация».", row.get(2)),
                )
                .with_graduate(id),
            );
            return None;
        };
        Some(Measure {
            graduate: id.to_string(),
            date,
            kind,
            result: row.get(3).to_string(),
            file: file.to_string(),
            line: row.line,
        })
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_measures_with_lines_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let m = dir.path().join("data/monitoring");
        std::fs::create_dir_all(&m).unwrap();
        std::fs::write(
            m.join("measures-2023.csv"),
            "ID;Дата;Вид;Результат\n2023-001;01.12.2023;Подбор вакансий;3 вакансии\n2023-002;31.11.2023;консультация;\n2023-003;01.12.2023;беседа;\n",
        )
        .unwrap();
        let mut fs = Vec::new();
        let list = load(dir.path(), &mut fs);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].kind, MeasureKind::VacancyMatching);
        assert_eq!(list[0].line, 2);
        assert_eq!(fs.len(), 2, "{fs:?}");
        assert!(fs.iter().all(|f| f.rule == "measure.bad-value"), "{fs:?}");
        assert_eq!(fs[0].place.line, Some(3));
        assert!(fs[1].message.contains("беседа"));
    }
}
