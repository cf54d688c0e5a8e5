//! Monitoring data: `data/monitoring/graduates-YYYY.{csv,xlsx}`, `tracks-YYYY.{csv,xlsx}`,
//! `contingent-YYYY.yaml` and `data/reference/specialties.yaml`.
//!
//! Loading reports input-integrity problems (bad dates, unknown channels, malformed codes,
//! yes/no fields with other values, unknown IDs, duplicates) as findings and keeps going; a
//! value that cannot be read is never taken as zero or "нет" silently.
//!
//! Formats (headers in any order, case, spaces and `ё` ignored; CSV or xlsx, first sheet):
//! - `graduates-YYYY`: `ID`, `ФИО`, `Специальность` (`15.02.08 Технология машиностроения`),
//!   `Группа`, `ОВЗ`, `Инвалидность` (да/нет), `Целевой договор` (enterprise or INN; empty or
//!   «нет» = none), `Дуальное обучение` (да/нет). English aliases: id, name, specialty, group,
//!   ovz, disability, target, dual.
//! - `tracks-YYYY`: `ID`, `Дата` (DD.MM.YYYY or ISO), `Вид` (факт/прогноз), `Канал` (a name or
//!   the form-1 column number), `Предприятие`, `ИНН`, `ОПК` (да/нет), `Должность`, `Документ`.
//! - `contingent-YYYY.yaml`:
//!   ```yaml
//!   signed:            # за подписью руководителя
//!     date: 05.07.2023
//!     rows: {"01": 146, "02": 4, "03": 1, "04": 1, "05": 13}
//!   spo1:              # СПО-1 «Фактический выпуск»
//!     date: 20.11.2023
//!     rows: {"01": 147, "02": 4, "03": 1, "04": 1, "05": 13}
//!   ```
//! - `data/reference/specialties.yaml`: a list of `{code, name, positions: [..]}`.

use crate::config::{Config, MonitoringFiles};
use crate::diag::{nearest, rel_path, Finding, Findings, Place};
use crate::format::parse_date;
use crate::load::table::{
    parse_count, parse_yes_no, read_rows, read_rows_in_pieces, ColumnSpec, FastHash, Row,
};
use crate::model::channel::{normalize, Channel};
use crate::model::contingent::{Contingent, StatedContingent, StatedFigure};
use crate::model::graduate::{Graduate, Nosology};
use crate::model::monitoring::{Cohort, Monitoring};
use crate::model::specialty::{split_code, Specialties, Specialty};
use crate::model::track::{CareerTrack, EntryKind, TrackEntry};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

mod graduates;
mod reference;
mod tracks;

pub use graduates::{read_graduates, GRADUATE_COLUMNS};
pub use reference::{load_contingent, load_specialties};
pub use tracks::{read_tracks, TRACK_COLUMNS};

pub const MONITORING_DIR: &str = "data/monitoring";
pub const SPECIALTIES_FILE: &str = "data/reference/specialties.yaml";

/// Read all monitoring data of the project at `root`. A project without `data/monitoring/`
/// gets an empty [`Monitoring`] and no findings.
pub fn load(root: &Path, config: &Config, findings: &mut Findings) -> Monitoring {
    let specialties = load_specialties(root, findings);
    let dir = root.join(MONITORING_DIR);
    let Ok(read_dir) = std::fs::read_dir(&dir) else {
        return Monitoring {
            cohorts: Vec::new(),
            specialties,
        };
    };
    // year → (graduates files, tracks files, contingent files), sorted for determinism.
    let mut files: BTreeMap<i16, [Vec<PathBuf>; 3]> = BTreeMap::new();
    let mut names: Vec<PathBuf> = read_dir.flatten().map(|e| e.path()).collect();
    names.sort();
    for path in names {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some((kind, year)) = classify(name) else {
            continue;
        };
        files.entry(year).or_default()[kind].push(path);
    }
    let results: Vec<(Option<Cohort>, Vec<Finding>)> = files
        .into_par_iter()
        .map(|(year, [g, t, c])| {
            load_cohort(root, year, [&g, &t, &c], &specialties, &config.monitoring)
        })
        .collect();
    let mut cohorts = Vec::new();
    for (c, fs) in results {
        findings.extend(fs);
        cohorts.extend(c);
    }
    Monitoring {
        cohorts,
        specialties,
    }
}

/// `graduates-2023.csv` → (0, 2023); tracks → 1; `contingent-2023.yaml` → 2.
fn classify(name: &str) -> Option<(usize, i16)> {
    let (stem, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    let (prefix, year) = stem.rsplit_once('-')?;
    let year: i16 = year.parse().ok().filter(|y| (2000..2100).contains(y))?;
    let table = matches!(ext.as_str(), "csv" | "xlsx");
    match prefix.to_ascii_lowercase().as_str() {
        "graduates" if table => Some((0, year)),
        "tracks" if table => Some((1, year)),
        "contingent" if matches!(ext.as_str(), "yaml" | "yml") => Some((2, year)),
        _ => None,
    }
}

fn pick<'a>(root: &Path, paths: &'a [PathBuf], fs: &mut Vec<Finding>) -> Option<&'a PathBuf> {
    if paths.len() > 1 {
        fs.push(Finding::warning(
            "monitoring.duplicate-file",
            Place::file(rel_path(root, &paths[0])),
            format!(
                "Для одного выпуска найдено несколько файлов: {}. Используется первый; удалите лишние.",
                paths.iter().map(|p| rel_path(root, p)).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    paths.first()
}

fn load_cohort(
    root: &Path,
    year: i16,
    [graduates, tracks, contingent]: [&[PathBuf]; 3],
    specialties: &Specialties,
    sheets: &MonitoringFiles,
) -> (Option<Cohort>, Vec<Finding>) {
    let mut fs = Vec::new();
    let Some(gpath) = pick(root, graduates, &mut fs) else {
        let p = tracks.first().or(contingent.first());
        fs.push(Finding::error(
            "monitoring.no-graduates-file",
            Place::file(p.map(|p| rel_path(root, p)).unwrap_or_default()),
            format!(
                "Есть данные мониторинга выпуска {year}, но нет списка выпускников: \
                 добавьте файл {MONITORING_DIR}/graduates-{year}.csv (или .xlsx)."
            ),
        ));
        return (None, fs);
    };
    let mut findings = Findings::new();
    let gfile = rel_path(root, gpath);
    let Some(graduates) = read_graduates(
        root,
        gpath,
        sheets.graduates_sheet.as_deref(),
        specialties,
        &mut findings,
    ) else {
        // Without the graduate list every track row would be an «unknown ID» and every
        // contingent row a mismatch: report the one real problem and skip the cohort.
        fs.extend(findings.iter().cloned().map(|mut f| {
            if f.place.file == gfile && f.severity == crate::diag::Severity::Error {
                f.message = format!(
                    "{} Пока список выпускников не читается, треки и контингент выпуска {year} не проверяются.",
                    f.message
                )
                .into();
            }
            f
        }));
        return (None, fs);
    };
    let mut cohort = Cohort {
        year,
        graduates_file: gfile.as_str().into(),
        tracks_file: arcstr::ArcStr::new(),
        tracks: vec![CareerTrack::default(); graduates.len()],
        graduates,
        contingent: None,
        rejected: Default::default(),
    };
    match pick(root, tracks, &mut fs) {
        Some(tpath) => {
            cohort.tracks_file = rel_path(root, tpath).into();
            read_tracks(
                root,
                tpath,
                sheets.tracks_sheet.as_deref(),
                &mut cohort,
                &mut findings,
            );
        }
        None => fs.push(Finding::warning(
            "monitoring.no-tracks-file",
            Place::file(&gfile),
            format!(
                "Нет файла карьерных треков выпуска {year}: добавьте {MONITORING_DIR}/tracks-{year}.csv (или .xlsx)."
            ),
        )),
    }
    if let Some(cpath) = pick(root, contingent, &mut fs) {
        cohort.contingent = load_contingent(root, cpath, &mut findings);
    }
    fs.extend(findings.iter().cloned());
    (Some(cohort), fs)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::tracks::forecast_column_written;
    use super::*;
    use crate::model::channel::Channel;

    pub fn config() -> Config {
        serde_yaml::from_str(
            "college: {full_name: Колледж, short_name: К, region: Самарская область, director: {name: Иванова И. И.}}\n\
             centre: {head: {name: Петров П. П.}}\nacademic_year: 2023-2024\n",
        )
        .unwrap()
    }

    const SPECIALTIES: &str = "- code: 15.01.05\n  name: Сварщик (ручной и частично механизированной сварки (наплавки))\n  positions: [Сварщик, Электрогазосварщик]\n- code: 38.02.01\n  name: Экономика и бухгалтерский учет (по отраслям)\n  positions: [Бухгалтер]\n";

    fn project(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Monitoring, Vec<Finding>) {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
        let mut fs = Findings::new();
        let m = load(dir.path(), &config(), &mut fs);
        (dir, m, fs.sorted())
    }

    fn cp1251(s: &str) -> Vec<u8> {
        encoding_rs::WINDOWS_1251.encode(s).0.into_owned()
    }

    const GRADS: &str = "ID;ФИО;Специальность;Группа;ОВЗ;Инвалидность;Целевой договор;Дуальное обучение\r\n\
        1;Иванов Иван Иванович;15.01.05 Сварщик (ручной и частично механизированной сварки (наплавки));С-31;нет;нет;;да\r\n\
        2;Петрова Анна Сергеевна;38.02.01 Экономика и бухгалтерский учет (по отраслям);Б-31;да;да;АО «Завод»;нет\r\n";

    const TRACKS: &str = "ID;Дата;Вид;Канал;Предприятие;ИНН;ОПК;Должность;Документ\r\n\
        1;20.06.2023;прогноз;Призыв ВС РФ;;;;;\r\n\
        1;15.10.2023;факт;10;;;;;\r\n\
        2;03.07.2023;факт;Трудоустроена;АО «Завод»;6312000001;да;Бухгалтер;\r\n";

    #[test]
    fn missing_monitoring_dir_is_empty_and_silent() {
        let (_d, m, f) = project(&[]);
        assert!(m.is_empty());
        assert!(f.is_empty());
    }

    #[test]
    fn reads_cp1251_semicolon_csv() {
        let (_d, m, f) = project(&[
            (SPECIALTIES_FILE, SPECIALTIES.as_bytes()),
            ("data/monitoring/graduates-2023.csv", &cp1251(GRADS)),
            ("data/monitoring/tracks-2023.csv", &cp1251(TRACKS)),
        ]);
        assert!(f.is_empty(), "{f:#?}");
        let c = &m.cohorts[0];
        assert_eq!(c.year, 2023);
        assert_eq!(c.graduates[1].name, "Петрова Анна Сергеевна");
        assert!(c.graduates[1].ovz && c.graduates[1].disability);
        assert_eq!(
            c.graduates[1].target_contract.as_deref(),
            Some("АО «Завод»")
        );
        assert_eq!(c.tracks[0].entries().len(), 2);
        assert_eq!(c.tracks[0].entries()[1].channel, Channel::Conscription);
        assert_eq!(c.tracks[0].entries()[1].line, 3);
        assert!(c.tracks[1].entries()[0].opk);
        assert_eq!(
            m.personal_strings(),
            ["Иванов Иван Иванович", "Петрова Анна Сергеевна"]
        );
    }

    #[test]
    fn reads_utf8_bom_comma_csv_with_english_headers() {
        let g = "\u{feff}id,name,specialty,group,ovz,disability,target,dual\n\
                 7,\"Сидоров, Сидор\",15.01.05 Сварщик (ручной и частично механизированной сварки (наплавки)),С-31,no,no,,no\n";
        let t = "\u{feff}id,date,kind,channel\n7,2023-07-03,факт,Трудоустроен\n";
        let (_d, m, f) = project(&[
            ("data/monitoring/graduates-2022.csv", g.as_bytes()),
            ("data/monitoring/tracks-2022.csv", t.as_bytes()),
        ]);
        assert!(f.is_empty(), "{f:#?}");
        assert_eq!(m.cohorts[0].graduates[0].name, "Сидоров, Сидор");
        assert_eq!(
            m.cohorts[0].tracks[0].entries()[0].date,
            jiff::civil::Date::constant(2023, 7, 3)
        );
    }

    #[test]
    fn reads_xlsx_with_date_cells() {
        let dir = tempfile::tempdir().unwrap();
        let mdir = dir.path().join(MONITORING_DIR);
        std::fs::create_dir_all(&mdir).unwrap();
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (i, h) in [
            "ID",
            "ФИО",
            "Специальность",
            "ОВЗ",
            "Инвалидность",
            "Целевой договор",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(0, i as u16, *h).unwrap();
        }
        ws.write_number(1, 0, 101.0).unwrap();
        ws.write_string(1, 1, "Козлов Пётр").unwrap();
        ws.write_string(1, 2, "15.01.05 Сварщик").unwrap();
        ws.write_string(1, 3, "нет").unwrap();
        ws.write_string(1, 4, "нет").unwrap();
        wb.save(mdir.join("graduates-2023.xlsx")).unwrap();
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (i, h) in ["ID", "Дата", "Вид", "Канал"].iter().enumerate() {
            ws.write_string(0, i as u16, *h).unwrap();
        }
        let fmt = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
        ws.write_number(1, 0, 101.0).unwrap();
        ws.write_number_with_format(1, 1, 45108.0, &fmt).unwrap();
        ws.write_string(1, 2, "факт").unwrap();
        ws.write_string(1, 3, "ИП").unwrap();
        wb.save(mdir.join("tracks-2023.xlsx")).unwrap();
        let mut fs = Findings::new();
        let m = load(dir.path(), &config(), &mut fs);
        assert!(fs.is_empty(), "{:#?}", fs.sorted());
        let c = &m.cohorts[0];
        assert_eq!(c.graduates[0].id, "101");
        assert_eq!(
            c.tracks[0].entries()[0].date,
            jiff::civil::Date::constant(2023, 7, 1)
        );
        assert_eq!(c.tracks[0].entries()[0].channel, Channel::SoleTrader);
        assert_eq!(c.tracks[0].entries()[0].line, 2);
    }

    #[test]
    fn each_bad_input_is_a_finding() {
        let g = "ID;ФИО;Специальность;ОВЗ;Инвалидность;Целевой договор\n\
                 1;А;15.01.05 Сварщик (ручной и частично механизированной сварки (наплавки));нет;нет;\n\
                 1;Б;15.01.05 Сварщик (ручной и частично механизированной сварки (наплавки));нет;нет;\n\
                 2;В;15.1.05 Сварщик;нет;нет;\n\
                 3;Г;38.02.01 Бухучёт;нет;нет;\n\
                 4;Д;38.02.01;нет;нет;\n\
                 5;Е;38.02.01 Экономика и бухгалтерский учет (по отраслям);может быть;нет;\n\
                 ;Ж;38.02.01 Экономика и бухгалтерский учет (по отраслям);нет;нет;\n";
        let t = "ID;Дата;Вид;Канал;ОПК\n\
                 9;01.07.2023;факт;Трудоустроен;\n\
                 1;31.02.2023;факт;Трудоустроен;\n\
                 1;01.08.2023;факт;Трудоустроин;\n\
                 1;01.08.2023;план;ИП;\n\
                 1;01.08.2023;факт;ИП;наверное\n";
        let k = "signed:\n  date: 05.07.2023\n  rows:\n    \"01\": семь\n    \"02\": 1.5\n    \"03\": -1\n    \"04\": 0\n    \"05\": 0\n";
        let (_d, _m, f) = project(&[
            (SPECIALTIES_FILE, SPECIALTIES.as_bytes()),
            ("data/monitoring/graduates-2023.csv", g.as_bytes()),
            ("data/monitoring/tracks-2023.csv", t.as_bytes()),
            ("data/monitoring/contingent-2023.yaml", k.as_bytes()),
        ]);
        let got: Vec<(&str, Option<usize>)> = f.iter().map(|f| (f.rule, f.place.line)).collect();
        for want in [
            ("monitoring.duplicate-id", Some(3)),
            ("monitoring.bad-specialty-code", Some(4)),
            ("monitoring.specialty-two-names", Some(5)),
            ("monitoring.specialty-without-name", Some(6)),
            ("monitoring.bad-yes-no", Some(7)),
            ("monitoring.empty-id", Some(8)),
            ("monitoring.unknown-id", Some(2)),
            ("monitoring.bad-date", Some(3)),
            ("monitoring.unknown-channel", Some(4)),
            ("monitoring.bad-kind", Some(5)),
            ("monitoring.bad-yes-no", Some(6)),
            ("contingent.bad-count", Some(4)),
            ("contingent.bad-count", Some(5)),
            ("contingent.bad-count", Some(6)),
        ] {
            assert!(got.contains(&want), "{want:?} not in {got:#?}");
        }
        let ch = f
            .iter()
            .find(|f| f.rule == "monitoring.unknown-channel")
            .unwrap();
        assert!(
            ch.message
                .contains("Возможно, имелось в виду «трудоустроен»"),
            "{}",
            ch.message
        );
        let bad = f
            .iter()
            .filter(|f| f.rule == "contingent.bad-count")
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>();
        assert!(
            bad[0].contains("не число")
                && bad[1].contains("дробное")
                && bad[2].contains("отрицательное"),
            "{bad:?}"
        );
    }

    /// Files missing, doubled, unreadable or in another format, and the reference's and the
    /// contingent's own mistakes: each under its id, at its file.
    #[test]
    fn each_file_problem_is_a_finding() {
        let k = "signed:\n  date: 05.07.2023\n  rows:\n    \"01\": 2\n    \"06\": 1\n";
        let spec = format!("{SPECIALTIES}- code: 09.02.07\n  name: \"\"\n");
        let (_d, m, f) = project(&[
            (SPECIALTIES_FILE, spec.as_bytes()),
            ("data/monitoring/graduates-2023.csv", GRADS.as_bytes()),
            (
                "data/monitoring/graduates-2023.xlsx",
                b"PK\x03\x04 not a workbook",
            ),
            ("data/monitoring/tracks-2023.csv", TRACKS.as_bytes()),
            ("data/monitoring/contingent-2023.yaml", k.as_bytes()),
            ("data/monitoring/tracks-2022.csv", TRACKS.as_bytes()),
            ("data/monitoring/graduates-2024.csv", GRADS.as_bytes()),
            (
                "data/monitoring/graduates-2025.csv",
                b"PK\x03\x04 an xlsx saved as .csv",
            ),
            ("data/monitoring/graduates-2026.csv", GRADS.as_bytes()),
            ("data/monitoring/contingent-2026.yaml", b"signed: \xff\n"),
        ]);
        let got: Vec<(&str, &str, Option<usize>)> = f
            .iter()
            .map(|f| (f.rule, f.place.file.as_str(), f.place.line))
            .collect();
        for want in [
            (
                "monitoring.duplicate-file",
                "data/monitoring/graduates-2023.csv",
                None,
            ),
            (
                "contingent.bad-row",
                "data/monitoring/contingent-2023.yaml",
                Some(5),
            ),
            (
                "monitoring.no-graduates-file",
                "data/monitoring/tracks-2022.csv",
                None,
            ),
            (
                "monitoring.no-tracks-file",
                "data/monitoring/graduates-2024.csv",
                None,
            ),
            ("table.format", "data/monitoring/graduates-2025.csv", None),
            (
                "table.unreadable",
                "data/monitoring/contingent-2026.yaml",
                None,
            ),
            (
                "monitoring.reference-without-name",
                SPECIALTIES_FILE,
                Some(7),
            ),
        ] {
            assert!(got.contains(&want), "{want:?} not in {got:#?}");
        }
        let years: Vec<i16> = m.cohorts.iter().map(|c| c.year).collect();
        assert_eq!(
            years,
            [2023, 2024, 2026],
            "a cohort without its graduate list is left out"
        );
    }

    #[test]
    fn missing_column_names_file_and_columns() {
        let (_d, m, f) = project(&[(
            "data/monitoring/graduates-2023.csv",
            "ID;Группа\n1;А\n".as_bytes(),
        )]);
        assert!(m.cohorts.is_empty());
        let mc = f.iter().find(|f| f.rule == "table.missing-column").unwrap();
        assert_eq!(mc.place.file, "data/monitoring/graduates-2023.csv");
        assert!(mc.message.contains("«Специальность»"));
    }

    #[test]
    fn forecast_column_on_an_actual_row_is_a_warning() {
        let t = "ID;Дата;Вид;Канал\n\
                 1;03.07.2023;факт;22\n\
                 1;20.06.2023;прогноз;22\n\
                 2;03.07.2023;факт;06\n\
                 2;04.07.2023;Факт;гр. 27\n";
        let (_d, m, f) = project(&[
            (SPECIALTIES_FILE, SPECIALTIES.as_bytes()),
            ("data/monitoring/graduates-2023.csv", GRADS.as_bytes()),
            ("data/monitoring/tracks-2023.csv", t.as_bytes()),
        ]);
        let w: Vec<&Finding> = f
            .iter()
            .filter(|f| f.rule == "monitoring.forecast-column-actual")
            .collect();
        assert_eq!(w.len(), 2, "{f:#?}");
        assert_eq!(w[0].place.line, Some(2));
        assert_eq!(w[0].severity, crate::diag::Severity::Warning);
        assert!(
            w[0].message
                .starts_with("Графа 22 («будут трудоустроены») — прогноз, а запись фактическая"),
            "{}",
            w[0].message
        );
        assert!(w[0].message.contains("(06)"), "{}", w[0].message);
        assert_eq!(w[1].place.line, Some(5));
        assert!(w[1].message.starts_with("Графа 27"), "{}", w[1].message);
        // The entries are still read (as before), so nothing else is lost.
        assert_eq!(m.cohorts[0].tracks[0].entries().len(), 2);
        assert_eq!(m.cohorts[0].tracks[1].entries().len(), 2);
        assert_eq!(forecast_column_written("21"), None);
        assert_eq!(forecast_column_written("28"), None);
        assert_eq!(forecast_column_written("Трудоустроен"), None);
        assert_eq!(forecast_column_written("гр.25"), Some(25));
    }

    #[test]
    fn unreadable_graduates_file_is_one_error_without_cascades() {
        let k = "signed:\n  date: 05.07.2023\n  rows: {\"01\": 2, \"02\": 1, \"03\": 1, \"04\": 0, \"05\": 1}\n";
        let broken = GRADS.replace("Специальность", "Направление");
        let (_d, m, f) = project(&[
            (SPECIALTIES_FILE, SPECIALTIES.as_bytes()),
            ("data/monitoring/graduates-2023.csv", broken.as_bytes()),
            ("data/monitoring/tracks-2023.csv", TRACKS.as_bytes()),
            ("data/monitoring/contingent-2023.yaml", k.as_bytes()),
        ]);
        let all: Vec<Finding> = f
            .into_iter()
            .chain(crate::check::monitoring::run(
                &m,
                &config(),
                jiff::civil::Date::constant(2023, 12, 15),
            ))
            .collect();
        assert_eq!(all.len(), 1, "{all:#?}");
        assert_eq!(all[0].rule, "table.missing-column");
        assert!(all[0]
            .message
            .contains("треки и контингент выпуска 2023 не проверяются"));
        // The same files with a readable list: tracks are read and checked.
        let (_d, m, f) = project(&[
            (SPECIALTIES_FILE, SPECIALTIES.as_bytes()),
            ("data/monitoring/graduates-2023.csv", GRADS.as_bytes()),
            ("data/monitoring/tracks-2023.csv", TRACKS.as_bytes()),
            ("data/monitoring/contingent-2023.yaml", k.as_bytes()),
        ]);
        assert!(f.is_empty(), "{f:#?}");
        assert_eq!(m.cohorts[0].tracks[0].entries().len(), 2);
    }
}
