//! `data/ovz/measures-YYYY.*`, `data/ovz/abilympics-YYYY.*` (CSV or xlsx, read by
//! [`super::table`]) and `data/events/fairs-YYYY.yaml`: seed task 3's monitoring.

use super::table::{read_rows, ColumnSpec};
use crate::diag::{Finding, Findings, Place};
use crate::format::parse_date;
use crate::model::graduate::Nosology;
use crate::model::ovz::{AbilympicsEntry, AbilympicsLevel, Fair, Ovz, OvzMeasure, OvzMeasureKind};
use std::path::{Path, PathBuf};

pub const OVZ_DIR: &str = "data/ovz";
pub const EVENTS_DIR: &str = "data/events";

const fn col(
    title: &'static str,
    aliases: &'static [&'static str],
    required: bool,
) -> ColumnSpec<'static> {
    ColumnSpec {
        title,
        aliases,
        required,
    }
}

/// Columns of a measures file; 4…10 are the seven nosology groups in form 2's order.
const MEASURE_COLUMNS: &[ColumnSpec] = &[
    col("Дата", &["date"], true),
    col("Вид", &["Вид мероприятия", "kind"], true),
    col("Мероприятие", &["Наименование", "Название", "title"], false),
    col("Участники", &["ID участников", "ID", "participants"], false),
    col("Зрения", &["Нарушения зрения", "зрение"], false),
    col("Слуха", &["Нарушения слуха", "слух"], false),
    col("ОДА", &["Опорно-двигательного аппарата", "НОДА"], false),
    col("ТНР", &["Тяжелые нарушения речи", "Речи"], false),
    col("ЗПР", &["Задержка психического развития"], false),
    col("РАС", &["Расстройства аутистического спектра"], false),
    col(
        "Другие причины",
        &["Другие", "Инвалидность вследствие других причин"],
        false,
    ),
    col(
        "Предприятие",
        &["Партнёр", "Партнер", "Предприятие-партнёр", "partner"],
        false,
    ),
    col("Результат", &["result"], false),
    col("Подтверждение", &["Документ", "Ссылка", "evidence"], false),
];

const ABILYMPICS_COLUMNS: &[ColumnSpec] = &[
    col("ID", &["ID участника", "Участник", "participant"], true),
    col("Компетенция", &["competence"], true),
    col("Уровень", &["Этап", "level"], false),
    col("Результат", &["Место", "result"], false),
    col("Дата", &["date"], false),
];

/// The files `DIR/prefix-YYYY.ext` with their year, sorted by name.
fn files(root: &Path, dir: &str, prefix: &str, exts: &[&str]) -> Vec<(i16, PathBuf)> {
    let mut out: Vec<(i16, PathBuf)> = std::fs::read_dir(root.join(dir))
        .map(|rd| rd.flatten().map(|e| e.path()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_lowercase();
            let (stem, ext) = name.rsplit_once('.')?;
            if !exts.contains(&ext) {
                return None;
            }
            let year: i16 = stem.strip_prefix(prefix)?.parse().ok()?;
            (1990..=2100).contains(&year).then_some((year, p))
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

pub fn load(root: &Path, findings: &mut Vec<Finding>) -> Ovz {
    let mut fs = Findings::new();
    let mut ovz = Ovz::default();
    for (year, p) in files(root, OVZ_DIR, "measures-", &["csv", "xlsx"]) {
        ovz.measure_files
            .push((year, crate::diag::rel_path(root, &p)));
        let rows = read_rows(root, &p, MEASURE_COLUMNS, None, &mut fs, |row, file, fs| {
            measure(row, file, year, fs)
        });
        ovz.measures.extend(rows.unwrap_or_default());
    }
    for (year, p) in files(root, OVZ_DIR, "abilympics-", &["csv", "xlsx"]) {
        ovz.abilympics_files
            .push((year, crate::diag::rel_path(root, &p)));
        let rows = read_rows(
            root,
            &p,
            ABILYMPICS_COLUMNS,
            None,
            &mut fs,
            |row, file, fs| abilympics(row, file, year, fs),
        );
        ovz.abilympics.extend(rows.unwrap_or_default());
    }
    for (year, p) in files(root, EVENTS_DIR, "fairs-", &["yaml", "yml"]) {
        let file = crate::diag::rel_path(root, &p);
        ovz.fair_files.push((year, file.clone()));
        match std::fs::read(&p) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                match parse_fairs(&text, &file, year) {
                    Ok(list) => ovz.fairs.extend(list),
                    Err(f) => fs.push(*f),
                }
            }
            Err(e) => fs.push(Finding::error(
                "fair.bad-value",
                Place::file(&file),
                format!(
                    "Не удалось прочитать файл: {}.",
                    crate::diag::io_error_ru(&e)
                ),
            )),
        }
    }
    findings.extend(fs.sorted());
    ovz
}

fn measure(
    row: &super::table::Row,
    file: &str,
    year: i16,
    fs: &mut super::table::Chunk,
) -> Option<OvzMeasure> {
    let at = || Place::line(file, row.line);
    let date = match parse_date(row.get(0)) {
        Ok(d) => d,
        Err(e) => {
            fs.push(Finding::error(
                "ovz.bad-value",
                at(),
                format!("Дата мероприятия: {e}. Строка не учтена."),
            ));
            return None;
        }
    };
    let Some(kind) = OvzMeasureKind::parse(row.get(1)) else {
        fs.push(Finding::error(
            "ovz.bad-value",
            at(),
            format!(
                "Вид мероприятия «{}» не распознан: укажите консультация, профпроба, стажировка, ярмарка, адаптация рабочего места, сопровождение, экскурсия, тренинг или другое. Строка не учтена.",
                row.get(1)
            ),
        ));
        return None;
    };
    let participants: Vec<String> = row
        .get(3)
        .split([',', ' ', '\n', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let mut by_nosology = Vec::new();
    if (4..=10).any(|c| row.has(c)) {
        for (i, n) in Nosology::ALL.iter().enumerate() {
            let cell = row.get(4 + i);
            if cell.is_empty() {
                by_nosology.push((*n, 0));
                continue;
            }
            match crate::load::table::parse_count(cell) {
                Ok(v) => by_nosology.push((*n, v)),
                Err(e) => {
                    fs.push(Finding::error(
                        "ovz.bad-value",
                        at(),
                        format!(
                            "Число участников с нарушениями {}: {e}. Строка не учтена.",
                            n.label_ru()
                        ),
                    ));
                    return None;
                }
            }
        }
    }
    Some(OvzMeasure {
        year,
        date,
        kind,
        title: row.get(2).to_string(),
        participants,
        by_nosology,
        partner: row.get(11).to_string(),
        result: row.get(12).to_string(),
        evidence: row.get(13).to_string(),
        file: file.to_string(),
        line: row.line,
    })
}

fn abilympics(
    row: &super::table::Row,
    file: &str,
    year: i16,
    fs: &mut super::table::Chunk,
) -> Option<AbilympicsEntry> {
    let at = || Place::line(file, row.line);
    let id = row.get(0);
    if id.is_empty() {
        fs.push(Finding::error(
            "abilympics.bad-value",
            at(),
            "Не указан ID участника (из списка выпускников): строка не учтена.",
        ));
        return None;
    }
    let level = match row.get(2) {
        "" => None,
        s => match AbilympicsLevel::parse(s) {
            Some(l) => Some(l),
            None => {
                fs.push(
                    Finding::error(
                        "abilympics.bad-value",
                        at(),
                        format!("Уровень «{s}» не распознан: укажите «региональный» или «национальный»."),
                    )
                    .with_graduate(id),
                );
                None
            }
        },
    };
    let date = match row.get(4) {
        "" => None,
        s => match parse_date(s) {
            Ok(d) => Some(d),
            Err(e) => {
                fs.push(
                    Finding::error("abilympics.bad-value", at(), format!("Дата: {e}."))
                        .with_graduate(id),
                );
                None
            }
        },
    };
    Some(AbilympicsEntry {
        year,
        participant: id.to_string(),
        competence: row.get(1).to_string(),
        level,
        result: row.get(3).to_string(),
        date,
        file: file.to_string(),
        line: row.line,
    })
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FairsFile {
    #[serde(default)]
    fairs: Vec<Fair>,
}

/// Parse a fairs file; each fair remembers the line of its `- name:`.
pub fn parse_fairs(text: &str, file: &str, year: i16) -> Result<Vec<Fair>, Box<Finding>> {
    let parsed: FairsFile = crate::load::yaml::parse(text, file, 0)?;
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("- name:"))
        .map(|(i, _)| i + 1);
    let mut fairs = parsed.fairs;
    for (f, l) in fairs.iter_mut().zip(lines.chain(std::iter::repeat(0))) {
        f.year = year;
        f.file = file.to_string();
        f.line = l;
    }
    Ok(fairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (p, text) in files {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn reads_measures_with_ids_counts_and_errors() {
        let dir = project(&[(
            "data/ovz/measures-2023.csv",
            "Дата;Вид;Мероприятие;Участники;Зрения;Слуха;ОДА;ТНР;ЗПР;РАС;Другие причины;Предприятие;Результат;Подтверждение\n\
             14.03.2023;Профпроба;Проба «Оператор ЭВМ»;\"2023-001, 2023-004\";;1;1;;;;;ООО «Альфа»;прошли;приказ № 5\n\
             31.02.2023;консультация;;;;;;;;;;;;\n\
             15.03.2023;беседа;;;;;;;;;;;;\n\
             16.03.2023;стажировка;;;два;;;;;;;;;\n",
        )]);
        let mut fs = Vec::new();
        let o = load(dir.path(), &mut fs);
        assert_eq!(o.measures.len(), 1, "{fs:?}");
        let m = &o.measures[0];
        assert_eq!(m.year, 2023);
        assert_eq!(m.participants, ["2023-001", "2023-004"]);
        assert_eq!(m.participant_count(), 2);
        assert_eq!(m.partner, "ООО «Альфа»");
        assert_eq!(m.evidence, "приказ № 5");
        let lines: Vec<_> = fs.iter().map(|f| f.place.line.unwrap()).collect();
        assert_eq!(lines, [3, 4, 5], "{fs:?}");
        assert!(fs.iter().all(|f| f.rule == "ovz.bad-value"));
        assert!(fs[2].message.contains("«два»"), "{}", fs[2].message);
    }

    #[test]
    fn reads_abilympics_in_cp1251_with_commas() {
        let text = "ID,Компетенция,Уровень,Результат\n2023-001,Веб-дизайн,региональный,2 место\n2023-004,,национальный,участие\n,Сварка,,\n2023-020,Электромонтаж,школьный,\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data/ovz")).unwrap();
        std::fs::write(dir.path().join("data/ovz/abilympics-2023.csv"), &bytes).unwrap();
        let mut fs = Vec::new();
        let o = load(dir.path(), &mut fs);
        assert_eq!(o.abilympics.len(), 3);
        assert_eq!(o.abilympics[0].competence, "Веб-дизайн");
        assert_eq!(o.abilympics[1].competence, "", "kept: the check reports it");
        assert_eq!(o.abilympics[1].level, Some(AbilympicsLevel::National));
        assert_eq!(fs.len(), 2, "{fs:?}");
        assert!(fs.iter().all(|f| f.rule == "abilympics.bad-value"));
        assert_eq!(fs[0].place.line, Some(4));
        assert!(fs[1].message.contains("школьный"));
        assert!(o.has_abilympics(2023) && !o.has_abilympics(2022));
    }

    #[test]
    fn unreadable_fairs_file_is_reported() {
        // A folder where the file should be cannot be read as a file.
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data/events/fairs-2023.yaml")).unwrap();
        let mut fs = Vec::new();
        let o = load(dir.path(), &mut fs);
        assert!(o.fairs.is_empty());
        assert_eq!(fs.len(), 1, "{fs:?}");
        assert_eq!(fs[0].rule, "fair.bad-value");
        assert_eq!(fs[0].place.file, "data/events/fairs-2023.yaml");
    }

    #[test]
    fn fairs_with_lines_and_yaml_errors() {
        let text = "fairs:\n  - name: Всероссийская ярмарка трудоустройства\n    date: 31.05.2023\n    all_russian: true\n    format: очный\n    employers: 12\n  - name: День карьеры\n    date: 2023-11-20\n";
        let f = parse_fairs(text, "data/events/fairs-2023.yaml", 2023).unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].line, f[1].line), (2, 7));
        assert!(f[0].all_russian && !f[1].all_russian);
        let e = parse_fairs(&text.replace("31.05.2023", "31.06.2023"), "x.yaml", 2023).unwrap_err();
        assert_eq!(e.place.line, Some(3), "{e:?}");
        let e = parse_fairs(
            &text.replace("format: очный", "format: заочный"),
            "x.yaml",
            2023,
        )
        .unwrap_err();
        assert_eq!(e.place.line, Some(5), "{e:?}");
    }
}
