//! `data/vacancies/`: the centre's own list of vacancies (CSV, xlsx or YAML), imports of
//! «Работа России» open data (`trudvsem/*.json` in the API or bulk-dump shape, or the bulk
//! `|`-separated CSV), and referrals of graduates (`referrals-YYYY.csv`).
//!
//! Imports are filtered by the college's region and by the specialties' positions
//! (`data/reference/specialties.yaml`) and de-duplicated against the own list and each other.
//! Contact persons, phones and e-mails in the imports are never read.

mod trudvsem;

pub use trudvsem::{import_csv, import_json, Filter, Imported};

use crate::config::Config;
use crate::diag::{rel_path, Finding, Findings, Place};
use crate::format::{parse_date, RuDate};
use crate::load::table::{read_rows, ColumnSpec};
use crate::model::specialty::{is_code, Specialties};
use crate::model::vacancy::{Referral, Source, Vacancies, Vacancy};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub const VACANCIES_DIR: &str = "data/vacancies";
pub const IMPORT_DIR: &str = "data/vacancies/trudvsem";
pub const IMPORT_SETTINGS: &str = "data/vacancies/import.yaml";

/// `import.yaml`: which region the imports are filtered by.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportSettings {
    /// Region name as «Работа России» writes it; the college's region by default.
    #[serde(default)]
    pub region: Option<String>,
    /// Leading digits of the 13-digit region code (`63` for Samara region, as in
    /// `6300000000000`).
    #[serde(default)]
    pub region_code: Option<String>,
}

const OWN_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        title: "ID",
        aliases: &["№", "Номер", "id"],
        required: true,
    },
    ColumnSpec {
        title: "Должность",
        aliases: &["Профессия", "Вакансия", "position"],
        required: true,
    },
    ColumnSpec {
        title: "Предприятие",
        aliases: &["Работодатель", "Организация", "employer"],
        required: true,
    },
    ColumnSpec {
        title: "ИНН",
        aliases: &["inn"],
        required: false,
    },
    ColumnSpec {
        title: "Источник",
        aliases: &["source"],
        required: true,
    },
    ColumnSpec {
        title: "Специальности",
        aliases: &["Специальность", "Коды специальностей", "specialties"],
        required: false,
    },
    ColumnSpec {
        title: "Зарплата от",
        aliases: &["salary_min"],
        required: false,
    },
    ColumnSpec {
        title: "Зарплата до",
        aliases: &["salary_max"],
        required: false,
    },
    ColumnSpec {
        title: "Адрес",
        aliases: &["Место работы", "address"],
        required: false,
    },
    ColumnSpec {
        title: "График",
        aliases: &["schedule"],
        required: false,
    },
    ColumnSpec {
        title: "Мест",
        aliases: &["Количество мест", "places"],
        required: false,
    },
    ColumnSpec {
        title: "Дата размещения",
        aliases: &["Размещена", "posted"],
        required: false,
    },
    ColumnSpec {
        title: "Действует до",
        aliases: &["Актуальна до", "valid_until"],
        required: false,
    },
    ColumnSpec {
        title: "Ссылка",
        aliases: &["url"],
        required: false,
    },
    ColumnSpec {
        title: "Квота",
        aliases: &["Квотируемое место", "quoted"],
        required: false,
    },
];

const REFERRAL_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        title: "ID выпускника",
        aliases: &["ID", "graduate"],
        required: true,
    },
    ColumnSpec {
        title: "Вакансия",
        aliases: &["ID вакансии", "vacancy"],
        required: true,
    },
    ColumnSpec {
        title: "Дата направления",
        aliases: &["Дата", "date"],
        required: true,
    },
    ColumnSpec {
        title: "Результат",
        aliases: &["Итог", "outcome"],
        required: false,
    },
    ColumnSpec {
        title: "Дата обратной связи",
        aliases: &["Обратная связь", "feedback"],
        required: false,
    },
];

/// Everything under `data/vacancies/`; an empty set when the folder is absent.
pub fn load(
    root: &Path,
    config: &Config,
    specialties: &Specialties,
    findings: &mut Vec<Finding>,
) -> Vacancies {
    let dir = root.join(VACANCIES_DIR);
    let mut out = Vacancies::default();
    if !dir.is_dir() {
        return out;
    }
    let mut fs = Findings::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    names.sort();
    for path in &names {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let lower = name.to_lowercase();
        let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
        if lower.starts_with("vacancies.") {
            match ext {
                "csv" | "xlsx" => {
                    out.items
                        .extend(read_own_table(root, path, specialties, &mut fs))
                }
                "yaml" | "yml" => out
                    .items
                    .extend(read_own_yaml(root, path, specialties, &mut fs)),
                _ => {}
            }
        } else if lower.starts_with("referrals-") && matches!(ext, "csv" | "xlsx") {
            out.referrals.extend(read_referrals(root, path, &mut fs));
        }
    }
    findings.extend(fs.sorted());
    let settings = read_settings(root, findings);
    let region = settings
        .region
        .clone()
        .unwrap_or_else(|| config.college.region.clone());
    let filter = Filter {
        region: crate::model::channel::normalize(&region),
        region_code: settings.region_code.clone().unwrap_or_default(),
        specialties,
    };
    let mut seen: HashSet<(String, String)> = out.items.iter().map(Vacancy::dedup_key).collect();
    let mut imports: Vec<PathBuf> = std::fs::read_dir(root.join(IMPORT_DIR))
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    imports.sort();
    for path in imports {
        let file = rel_path(root, &path);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                findings.push(Finding::error(
                    "vacancy.import-unreadable",
                    Place::file(&file),
                    format!("Не удалось прочитать файл: {e}."),
                ));
                continue;
            }
        };
        let lower = file.to_lowercase();
        let read = if lower.ends_with(".json") {
            import_json(&bytes, &file, &filter)
        } else if lower.ends_with(".csv") {
            import_csv(&bytes, &file, &filter)
        } else {
            continue;
        };
        match read {
            Ok(imp) => {
                if imp.needs_code && filter.region_code.is_empty() {
                    findings.push(Finding::warning(
                        "vacancy.no-region-code",
                        Place::file(IMPORT_SETTINGS),
                        format!("В выгрузке {file} регион указан только кодом, а код региона не задан: вакансии из неё не импортированы. Укажите region_code в {IMPORT_SETTINGS} (например, \"63\" для Самарской области)."),
                    ));
                }
                out.imported_read += imp.read;
                out.dropped_region += imp.out_of_region;
                out.dropped_specialty += imp.no_specialty;
                for v in imp.kept {
                    if seen.insert(v.dedup_key()) {
                        out.items.push(v);
                    } else {
                        out.dropped_duplicate += 1;
                    }
                }
            }
            Err(msg) => findings.push(Finding::error(
                "vacancy.import-unreadable",
                Place::file(&file),
                msg,
            )),
        }
    }
    out
}

fn read_settings(root: &Path, findings: &mut Vec<Finding>) -> ImportSettings {
    let Ok(text) = std::fs::read_to_string(root.join(IMPORT_SETTINGS)) else {
        return ImportSettings::default();
    };
    match crate::load::yaml::parse(&text, IMPORT_SETTINGS, 0) {
        Ok(s) => s,
        Err(f) => {
            findings.push(*f);
            ImportSettings::default()
        }
    }
}

/// Codes of the specialties whose positions the vacancy's title fits.
pub(crate) fn fitting(specialties: &Specialties, position: &str) -> Vec<String> {
    specialties
        .items
        .iter()
        .filter(|s| specialties.position_fits(&s.code, position) == Some(true))
        .map(|s| s.code.clone())
        .collect()
}

/// Specialty codes written in a cell (`15.02.08, 15.01.05`), checked against the reference;
/// none written means «by position».
fn codes(
    cell: &str,
    position: &str,
    specialties: &Specialties,
    at: &Place,
    fs: &mut Vec<Finding>,
) -> Vec<String> {
    let written: Vec<&str> = cell
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    if written.is_empty() {
        return fitting(specialties, position);
    }
    let mut out = Vec::new();
    for c in written {
        if !is_code(c) || (!specialties.items.is_empty() && specialties.get(c).is_none()) {
            fs.push(Finding::warning(
                "vacancy.unknown-specialty",
                at.clone(),
                format!("Специальности «{c}» нет в справочнике data/reference/specialties.yaml: вакансия под ней не показывается. Укажите код вида 15.02.08 из справочника."),
            ));
        } else {
            out.push(c.to_string());
        }
    }
    out
}

fn number(s: &str, title: &str, at: &Place, fs: &mut Vec<Finding>) -> Option<u32> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    if t.is_empty() {
        return None;
    }
    match t.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            fs.push(Finding::error(
                "vacancy.bad-value",
                at.clone(),
                format!("В столбце «{title}» значение «{s}», а ожидается целое число без знаков."),
            ));
            None
        }
    }
}

fn date_cell(s: &str, title: &str, at: &Place, fs: &mut Vec<Finding>) -> Option<jiff::civil::Date> {
    if s.trim().is_empty() {
        return None;
    }
    match parse_date(s) {
        Ok(d) => Some(d),
        Err(e) => {
            fs.push(Finding::error(
                "vacancy.bad-value",
                at.clone(),
                format!("«{title}»: {e}."),
            ));
            None
        }
    }
}

fn source_of(s: &str, at: &Place, fs: &mut Vec<Finding>) -> Option<Source> {
    let src = Source::parse(s);
    if src.is_none() {
        fs.push(Finding::error(
            "vacancy.bad-value",
            at.clone(),
            format!("Источник вакансии «{s}» не распознан: укажите «прямой работодатель», «предприятие ОПК» или «банк вакансий АИС»."),
        ));
    }
    src
}

fn read_own_table(
    root: &Path,
    path: &Path,
    specialties: &Specialties,
    findings: &mut Findings,
) -> Vec<Vacancy> {
    read_rows(root, path, OWN_COLUMNS, None, findings, |row, file, fs| {
        let at = Place::line(file, row.line);
        let id = row.get(0);
        if id.is_empty() {
            fs.push(Finding::error(
                "vacancy.bad-value",
                at,
                "Не указан ID вакансии: строка не учтена. Заполните столбец «ID».",
            ));
            return None;
        }
        let source = source_of(row.get(4), &at, fs)?;
        let position = row.get(1).to_string();
        Some(Vacancy {
            id: id.to_string(),
            source,
            specialties: codes(row.get(5), &position, specialties, &at, fs),
            employer: row.get(2).to_string(),
            inn: row.get(3).to_string(),
            salary_min: number(row.get(6), "Зарплата от", &at, fs),
            salary_max: number(row.get(7), "Зарплата до", &at, fs),
            address: row.get(8).to_string(),
            schedule: row.get(9).to_string(),
            places: number(row.get(10), "Мест", &at, fs),
            posted: date_cell(row.get(11), "Дата размещения", &at, fs),
            valid_until: date_cell(row.get(12), "Действует до", &at, fs),
            url: row.get(13).to_string(),
            quoted: crate::load::table::parse_yes_no(row.get(14)).unwrap_or(false),
            position,
            file: file.to_string(),
            line: row.line,
        })
    })
    .unwrap_or_default()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnYaml {
    id: String,
    position: String,
    employer: String,
    #[serde(default)]
    inn: String,
    source: String,
    #[serde(default)]
    specialties: Vec<String>,
    #[serde(default)]
    salary_min: Option<u32>,
    #[serde(default)]
    salary_max: Option<u32>,
    #[serde(default)]
    address: String,
    #[serde(default)]
    schedule: String,
    #[serde(default)]
    places: Option<u32>,
    #[serde(default)]
    posted: Option<RuDate>,
    #[serde(default)]
    valid_until: Option<RuDate>,
    #[serde(default)]
    url: String,
    #[serde(default)]
    quoted: bool,
}

fn read_own_yaml(
    root: &Path,
    path: &Path,
    specialties: &Specialties,
    findings: &mut Findings,
) -> Vec<Vacancy> {
    let file = rel_path(root, path);
    let text = match std::fs::read(path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            findings.push(Finding::error(
                "vacancy.import-unreadable",
                Place::file(&file),
                format!("Не удалось прочитать файл: {e}."),
            ));
            return vec![];
        }
    };
    let list: Vec<OwnYaml> = match crate::load::yaml::parse(&text, &file, 0) {
        Ok(l) => l,
        Err(f) => {
            findings.push(*f);
            return vec![];
        }
    };
    let lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("- id:"))
        .map(|(i, _)| i + 1)
        .collect();
    let mut fs = Vec::new();
    let out = list
        .into_iter()
        .enumerate()
        .filter_map(|(i, y)| {
            let at = Place::line(&file, lines.get(i).copied().unwrap_or(1));
            let source = source_of(&y.source, &at, &mut fs)?;
            Some(Vacancy {
                specialties: codes(
                    &y.specialties.join(","),
                    &y.position,
                    specialties,
                    &at,
                    &mut fs,
                ),
                id: y.id,
                source,
                position: y.position,
                employer: y.employer,
                inn: y.inn,
                salary_min: y.salary_min,
                salary_max: y.salary_max,
                address: y.address,
                schedule: y.schedule,
                places: y.places,
                posted: y.posted.map(|d| d.0),
                valid_until: y.valid_until.map(|d| d.0),
                url: y.url,
                quoted: y.quoted,
                file: file.clone(),
                line: at.line.unwrap_or(1),
            })
        })
        .collect();
    findings.extend(fs);
    out
}

fn read_referrals(root: &Path, path: &Path, findings: &mut Findings) -> Vec<Referral> {
    read_rows(
        root,
        path,
        REFERRAL_COLUMNS,
        None,
        findings,
        |row, file, fs| {
            let at = Place::line(file, row.line);
            let graduate = row.get(0);
            let date = match parse_date(row.get(2)) {
                Ok(d) => d,
                Err(e) => {
                    fs.push(
                        Finding::error("referral.bad-value", at, format!("Дата направления: {e}."))
                            .with_graduate(graduate),
                    );
                    return None;
                }
            };
            let feedback = match row.get(4) {
                "" => None,
                s => match parse_date(s) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        fs.push(
                            Finding::error(
                                "referral.bad-value",
                                at,
                                format!("Дата обратной связи: {e}."),
                            )
                            .with_graduate(graduate),
                        );
                        return None;
                    }
                },
            };
            Some(Referral {
                graduate: graduate.to_string(),
                vacancy: row.get(1).to_string(),
                date,
                outcome: row.get(3).to_string(),
                feedback,
                file: file.to_string(),
                line: row.line,
            })
        },
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod own_list_tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> (Vacancies, Vec<Finding>) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let config = crate::load::monitoring::tests::config();
        let sp = Specialties::new(
            "data/reference/specialties.yaml".into(),
            vec![crate::model::specialty::Specialty {
                code: "15.02.08".into(),
                name: "Технология машиностроения".into(),
                positions: vec!["Токарь".into()],
                line: 1,
            }],
        );
        let mut fs = Vec::new();
        let v = load(dir.path(), &config, &sp, &mut fs);
        (v, fs)
    }

    #[test]
    fn own_csv_with_errors_at_file_and_line() {
        let csv = "ID;Должность;Предприятие;Источник;Специальности;Зарплата от;Дата размещения\n\
                   В-1;Токарь;АО «Завод»;предприятие ОПК;;50 000;01.12.2023\n\
                   В-2;Токарь;АО «Завод»;газета;;;\n\
                   В-3;Токарь;АО «Завод»;работодатель;99.99.99;пятьдесят;31.02.2023\n";
        let (v, fs) = project(&[("data/vacancies/vacancies.csv", csv)]);
        assert_eq!(v.items.len(), 2);
        assert_eq!(v.items[0].source, Source::Opk);
        assert_eq!(v.items[0].specialties, vec!["15.02.08"], "by position");
        assert_eq!(v.items[0].salary_min, Some(50000));
        let at: Vec<(Option<usize>, &str)> = fs.iter().map(|f| (f.place.line, f.rule)).collect();
        assert_eq!(
            at,
            [
                (Some(3), "vacancy.bad-value"),
                (Some(4), "vacancy.bad-value"),
                (Some(4), "vacancy.bad-value"),
                (Some(4), "vacancy.unknown-specialty"),
            ],
            "{fs:#?}"
        );
        assert!(fs
            .iter()
            .all(|f| f.place.file == "data/vacancies/vacancies.csv"));
    }

    #[test]
    fn imports_broken_or_without_the_region_code() {
        let json = r#"{"vacancies":[{"id":"x","vacancy_name":"Токарь","state_region_code":"6300000000000","company":{"inn":"6312000011","name":"АО «Завод»"}}]}"#;
        let (v, fs) = project(&[
            ("data/vacancies/trudvsem/a.json", json),
            ("data/vacancies/trudvsem/b.json", "{\"vacancies\": ["),
        ]);
        assert!(v.items.is_empty());
        let got: Vec<(&str, &str)> = fs.iter().map(|f| (f.rule, f.place.file.as_str())).collect();
        assert_eq!(
            got,
            [
                ("vacancy.no-region-code", IMPORT_SETTINGS),
                (
                    "vacancy.import-unreadable",
                    "data/vacancies/trudvsem/b.json"
                ),
            ],
            "{fs:#?}"
        );
    }

    #[test]
    fn own_yaml_and_import_deduplicated() {
        let yaml = "- id: В-1\n  position: Токарь\n  employer: АО «Завод»\n  inn: \"6312000011\"\n  source: ОПК\n  posted: 01.12.2023\n- id: В-2\n  position: Токарь\n  employer: ООО «Б»\n  source: почта\n";
        let json = r#"{"vacancies":[{"id":"x","vacancy_name":"Токарь","state_region_code":"6300000000000","company":{"inn":"6312000011","name":"АО «Завод»"}}]}"#;
        let (v, fs) = project(&[
            ("data/vacancies/vacancies.yaml", yaml),
            ("data/vacancies/import.yaml", "region_code: \"63\"\n"),
            ("data/vacancies/trudvsem/dump.json", json),
        ]);
        assert_eq!(v.items.len(), 1);
        assert_eq!(v.dropped_duplicate, 1);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].place.line, Some(7), "{fs:?}");
        assert!(fs[0].message.contains("почта"));
    }

    #[test]
    fn referrals_read_with_bad_dates_reported() {
        let csv = "ID выпускника;Вакансия;Дата направления;Результат;Дата обратной связи\n2023-001;В-1;01.12.2023;трудоустроен;05.12.2023\n2023-002;В-1;1 декабря;;\n";
        let (v, fs) = project(&[("data/vacancies/referrals-2023.csv", csv)]);
        assert_eq!(v.referrals.len(), 1);
        assert_eq!(
            v.referrals[0].feedback,
            Some(jiff::civil::Date::constant(2023, 12, 5))
        );
        assert_eq!(
            (fs[0].rule, fs[0].place.line),
            ("referral.bad-value", Some(3))
        );
    }
}
