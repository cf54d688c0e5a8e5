//! `data/vacancies/`: the centre's own list of vacancies (CSV, xlsx or YAML), imports of
//! «Работа России» open data (`trudvsem/*.json` in the API or bulk-dump shape, or the bulk
//! `|`-separated CSV), and referrals of graduates (`referrals-YYYY.csv`).
//!
//! Imports are filtered by the college's region and by the specialties' positions
//! (`data/reference/specialties.yaml`) and de-duplicated against the own list and each other.
//! Contact persons, phones and e-mails in the imports are never read.

use super::table::{read_rows, ColumnSpec};
use crate::config::Config;
use crate::diag::{rel_path, Finding, Findings, Place};
use crate::format::{parse_date, RuDate};
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
    match super::yaml::parse(&text, IMPORT_SETTINGS, 0) {
        Ok(s) => s,
        Err(f) => {
            findings.push(*f);
            ImportSettings::default()
        }
    }
}

/// Codes of the specialties whose positions the vacancy's title fits.
fn fitting(specialties: &Specialties, position: &str) -> Vec<String> {
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
            quoted: super::table::parse_yes_no(row.get(14)).unwrap_or(false),
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
    let list: Vec<OwnYaml> = match super::yaml::parse(&text, &file, 0) {
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

// ---------- «Работа России» open data ----------

/// What an import is filtered by.
pub struct Filter<'a> {
    /// Normalised region name.
    pub region: String,
    /// Leading digits of the region code, or empty.
    pub region_code: String,
    pub specialties: &'a Specialties,
}

/// What one import file gave.
#[derive(Debug, Default)]
pub struct Imported {
    pub read: usize,
    pub out_of_region: usize,
    pub no_specialty: usize,
    /// Records that carried only a region code.
    pub needs_code: bool,
    pub kept: Vec<Vacancy>,
}

/// A string or a number in JSON, as a string (the portal writes ids and salaries both ways).
/// A visitor rather than an untagged enum: untagged buffers every value first, which made the
/// import of a 50,000-vacancy dump twice as slow.
fn lenient<'de, D: serde::Deserializer<'de>>(de: D) -> Result<String, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("строка или число")
        }
        fn visit_str<E>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_string<E>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_i64<E>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_bool<E>(self, v: bool) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_unit<E>(self) -> Result<String, E> {
            Ok(String::new())
        }
        fn visit_none<E>(self) -> Result<String, E> {
            Ok(String::new())
        }
    }
    de.deserialize_any(V)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Company {
    #[serde(deserialize_with = "lenient")]
    name: String,
    #[serde(deserialize_with = "lenient")]
    inn: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Region {
    #[serde(deserialize_with = "lenient")]
    region_code: String,
    #[serde(deserialize_with = "lenient")]
    name: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Location {
    #[serde(deserialize_with = "lenient")]
    location: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Addresses {
    address: Vec<Location>,
}

/// A vacancy of the API response (`results.vacancies[].vacancy`).
#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiVacancy {
    #[serde(deserialize_with = "lenient")]
    id: String,
    region: Region,
    company: Company,
    #[serde(rename = "creation-date", deserialize_with = "lenient")]
    creation_date: String,
    #[serde(rename = "modify-date", deserialize_with = "lenient")]
    modify_date: String,
    #[serde(deserialize_with = "lenient")]
    salary_min: String,
    #[serde(deserialize_with = "lenient")]
    salary_max: String,
    #[serde(rename = "job-name", deserialize_with = "lenient")]
    job_name: String,
    #[serde(deserialize_with = "lenient")]
    vac_url: String,
    #[serde(deserialize_with = "lenient")]
    schedule: String,
    addresses: Addresses,
    #[serde(deserialize_with = "lenient")]
    social_protected: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiItem {
    vacancy: ApiVacancy,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ApiResults {
    vacancies: Vec<ApiItem>,
}

/// A vacancy of the bulk JSON dump (`vacancies[]`).
#[derive(Deserialize, Default)]
#[serde(default)]
struct BulkVacancy {
    #[serde(deserialize_with = "lenient")]
    id: String,
    #[serde(deserialize_with = "lenient")]
    vacancy_name: String,
    #[serde(deserialize_with = "lenient")]
    state_region_code: String,
    company: Company,
    #[serde(deserialize_with = "lenient")]
    schedule_type: String,
    #[serde(deserialize_with = "lenient")]
    salary_min: String,
    #[serde(deserialize_with = "lenient")]
    salary_max: String,
    #[serde(deserialize_with = "lenient")]
    vac_url: String,
    #[serde(deserialize_with = "lenient")]
    date_create: String,
    #[serde(deserialize_with = "lenient")]
    date_modify: String,
    #[serde(deserialize_with = "lenient")]
    vacancy_address: String,
    #[serde(deserialize_with = "lenient")]
    work_places: String,
    #[serde(deserialize_with = "lenient")]
    is_quoted: String,
}

/// The API response shape.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AnyJson {
    results: Option<ApiResults>,
}

/// `2023-12-01`, `2023-12-01T10:00:00+03:00` or `01.12.2023`.
fn portal_date(s: &str) -> Option<jiff::civil::Date> {
    let head = s.trim().split(['T', ' ']).next().unwrap_or("");
    parse_date(head).ok()
}

fn portal_number(s: &str) -> Option<u32> {
    let x: f64 = s.trim().replace(',', ".").parse().ok()?;
    (x.is_finite() && x > 0.0 && x < 1e9).then_some(x.round() as u32)
}

fn truthy(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "true" | "1" | "да" | "yes"
    )
}

/// One record with its region as name or code.
struct Record {
    id: String,
    position: String,
    region_name: String,
    region_code: String,
    company: Company,
    salary_min: String,
    salary_max: String,
    url: String,
    schedule: String,
    created: String,
    modified: String,
    address: String,
    places: String,
    quoted: bool,
}

/// What became of one imported record.
enum Outcome {
    OutOfRegion,
    /// Only a region code was given, and no code is configured.
    NeedsCode,
    NoSpecialty,
    Kept(Box<Vacancy>),
}

impl Filter<'_> {
    fn judge(&self, r: Record, file: &str) -> Outcome {
        let in_region = if !r.region_name.is_empty() {
            crate::model::channel::normalize(&r.region_name) == self.region
        } else if !r.region_code.is_empty() {
            if self.region_code.is_empty() {
                return Outcome::NeedsCode;
            }
            r.region_code.starts_with(&self.region_code)
        } else {
            false
        };
        if !in_region {
            return Outcome::OutOfRegion;
        }
        let specialties = fitting(self.specialties, &r.position);
        if specialties.is_empty() {
            return Outcome::NoSpecialty;
        }
        let posted = portal_date(&r.modified).or_else(|| portal_date(&r.created));
        Outcome::Kept(Box::new(Vacancy {
            id: r.id,
            source: Source::Trudvsem,
            position: r.position.trim().to_string(),
            employer: r.company.name.trim().to_string(),
            inn: r.company.inn.trim().to_string(),
            specialties,
            salary_min: portal_number(&r.salary_min),
            salary_max: portal_number(&r.salary_max),
            address: r.address.trim().to_string(),
            schedule: r.schedule.trim().to_string(),
            places: portal_number(&r.places),
            posted,
            valid_until: None,
            url: r.url,
            quoted: r.quoted,
            file: file.to_string(),
            line: 0,
        }))
    }

    fn keep(&self, r: Record, file: &str, out: &mut Imported) {
        out.add(self.judge(r, file));
    }
}

impl Imported {
    fn add(&mut self, o: Outcome) {
        self.read += 1;
        match o {
            Outcome::OutOfRegion => self.out_of_region += 1,
            Outcome::NeedsCode => {
                self.out_of_region += 1;
                self.needs_code = true;
            }
            Outcome::NoSpecialty => self.no_specialty += 1,
            Outcome::Kept(v) => self.kept.push(*v),
        }
    }
}

fn bulk_record(v: BulkVacancy) -> Record {
    Record {
        id: v.id,
        position: v.vacancy_name,
        region_name: String::new(),
        region_code: v.state_region_code,
        company: v.company,
        salary_min: v.salary_min,
        salary_max: v.salary_max,
        url: v.vac_url,
        schedule: v.schedule_type,
        created: v.date_create,
        modified: v.date_modify,
        address: v.vacancy_address,
        places: v.work_places,
        quoted: truthy(&v.is_quoted),
    }
}

/// The bulk dump's records kept raw at first, so that they are parsed in parallel.
#[derive(Deserialize)]
struct RawBulk<'a> {
    #[serde(borrow)]
    vacancies: Vec<&'a serde_json::value::RawValue>,
}

/// A JSON file of the portal (API response or bulk dump).
pub fn import_json(bytes: &[u8], file: &str, filter: &Filter) -> Result<Imported, String> {
    use rayon::prelude::*;
    let bad = |e: serde_json::Error| {
        format!(
            "Файл не читается как выгрузка «Работа России» (JSON): {e}. Скачайте файл заново с портала открытых данных."
        )
    };
    let mut out = Imported::default();
    // A bulk dump (top-level `vacancies`) can hold hundreds of thousands of records: split it
    // into raw records first and parse those on every core; anything else is an API response.
    if let Ok(raw) = serde_json::from_slice::<RawBulk>(bytes) {
        let outcomes: Vec<Result<Outcome, String>> = raw
            .vacancies
            .par_iter()
            .map(|r| {
                serde_json::from_str::<BulkVacancy>(r.get())
                    .map(|v| filter.judge(bulk_record(v), file))
                    .map_err(bad)
            })
            .collect();
        for o in outcomes {
            out.add(o?);
        }
        return Ok(out);
    }
    let any: AnyJson = serde_json::from_slice(bytes).map_err(bad)?;
    for item in any.results.map(|r| r.vacancies).unwrap_or_default() {
        let v = item.vacancy;
        filter.keep(
            Record {
                id: v.id,
                position: v.job_name,
                region_name: v.region.name,
                region_code: v.region.region_code,
                company: v.company,
                salary_min: v.salary_min,
                salary_max: v.salary_max,
                url: v.vac_url,
                schedule: v.schedule,
                created: v.creation_date,
                modified: v.modify_date,
                address: v
                    .addresses
                    .address
                    .into_iter()
                    .next()
                    .map(|a| a.location)
                    .unwrap_or_default(),
                places: String::new(),
                quoted: truthy(&v.social_protected),
            },
            file,
            &mut out,
        );
    }
    Ok(out)
}

/// The portal's bulk CSV: `|`-separated, camelCase headers, `company` as a JSON string.
pub fn import_csv(bytes: &[u8], file: &str, filter: &Filter) -> Result<Imported, String> {
    let text = super::table::decode(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'|')
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| format!("Заголовок выгрузки не читается: {e}."))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(id), Some(name)) = (col("id"), col("vacancyName")) else {
        return Err("В выгрузке «Работа России» (CSV, разделитель «|») нет столбцов id и vacancyName: скачайте файл заново.".into());
    };
    let region = col("regionName");
    let company = col("company");
    let full_company = col("fullCompanyName");
    let (created, modified) = (col("creationDate"), col("dateModify"));
    let (salary, salary_min, salary_max) = (col("salary"), col("salaryMin"), col("salaryMax"));
    let (schedule, places, url, address, quoted) = (
        col("scheduleType"),
        col("workPlaces"),
        col("vacancyUrl"),
        col("vacancyAddress"),
        col("isQuoted"),
    );
    let mut out = Imported::default();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| format!("Строка {} выгрузки не читается: {e}.", i + 2))?;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").to_string();
        let mut comp: Company = serde_json::from_str(&get(company)).unwrap_or_default();
        if comp.name.is_empty() {
            comp.name = get(full_company);
        }
        let sal = get(salary);
        let (lo, hi) = match sal.split_once(['-', '–']) {
            Some((a, b)) => (a.trim().to_string(), b.trim().to_string()),
            None => (sal.clone(), String::new()),
        };
        filter.keep(
            Record {
                id: get(Some(id)),
                position: get(Some(name)),
                region_name: get(region),
                region_code: String::new(),
                company: comp,
                salary_min: if salary_min.is_some() {
                    get(salary_min)
                } else {
                    lo
                },
                salary_max: if salary_max.is_some() {
                    get(salary_max)
                } else {
                    hi
                },
                url: get(url),
                schedule: get(schedule),
                created: get(created),
                modified: get(modified),
                address: get(address),
                places: get(places),
                quoted: truthy(&get(quoted)),
            },
            file,
            &mut out,
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::specialty::Specialty;

    fn specialties() -> Specialties {
        Specialties::new(
            "data/reference/specialties.yaml".into(),
            vec![Specialty {
                code: "15.02.08".into(),
                name: "Технология машиностроения".into(),
                positions: vec!["Токарь".into(), "Фрезеровщик".into()],
                line: 1,
            }],
        )
    }

    fn filter(sp: &Specialties) -> Filter<'_> {
        Filter {
            region: crate::model::channel::normalize("Самарская область"),
            region_code: "63".into(),
            specialties: sp,
        }
    }

    #[test]
    fn api_response_shape() {
        let json = r#"{"status":"200","meta":{"total":2,"limit":100},"results":{"vacancies":[
          {"vacancy":{"id":"a1","source":"Работа России","region":{"region_code":"6300000000000","name":"Самарская область"},
           "company":{"companycode":"1","inn":"6312000001","name":"АО «Волгастанок»","email":"hr@x.example","phone":"+79990000000"},
           "creation-date":"2023-12-01","modify-date":"2023-12-05T10:00:00+04:00","salary":"от 50000","salary_min":50000,"salary_max":70000,
           "job-name":"Токарь 4 разряда","vac_url":"https://trudvsem.ru/vacancy/card/1/a1","schedule":"Полный рабочий день",
           "addresses":{"address":[{"location":"г. Самара, ул. Ново-Садовая, 106"}]},"social_protected":"",
           "contact_list":[{"contact_type":"Телефон","contact_value":"+79990000000"}]}},
          {"vacancy":{"id":"a2","region":{"region_code":"1600000000000","name":"Республика Татарстан"},"job-name":"Токарь"}}
        ]}}"#;
        let sp = specialties();
        let imp = import_json(json.as_bytes(), "x.json", &filter(&sp)).unwrap();
        assert_eq!((imp.read, imp.out_of_region, imp.kept.len()), (2, 1, 1));
        let v = &imp.kept[0];
        assert_eq!(v.specialties, vec!["15.02.08"]);
        assert_eq!(v.salary_min, Some(50000));
        assert_eq!(v.posted, Some(jiff::civil::Date::constant(2023, 12, 5)));
        assert_eq!(v.address, "г. Самара, ул. Ново-Садовая, 106");
    }

    #[test]
    fn bulk_json_shape_filters_region_and_specialty() {
        let json = r#"{"vacancies":[
          {"id":"b1","vacancy_name":"Фрезеровщик","state_region_code":"6300000000000","company":{"inn":"1","name":"ООО «А»"},"salary_min":"45000","date_modify":"2023-12-10","work_places":2,"is_quoted":true},
          {"id":"b2","vacancy_name":"Фрезеровщик","state_region_code":"6300000000000","company":{"inn":"1","name":"ООО «А»"}},
          {"id":"b3","vacancy_name":"Продавец","state_region_code":"6300000000000","company":{"inn":"2","name":"ООО «Б»"}},
          {"id":"b4","vacancy_name":"Токарь","state_region_code":"7700000000000","company":{"inn":"3","name":"ООО «В»"}}
        ]}"#;
        let sp = specialties();
        let imp = import_json(json.as_bytes(), "x.json", &filter(&sp)).unwrap();
        assert_eq!(
            (
                imp.read,
                imp.out_of_region,
                imp.no_specialty,
                imp.kept.len()
            ),
            (4, 1, 1, 2)
        );
        assert!(imp.kept[0].quoted);
        assert_eq!(imp.kept[0].places, Some(2));
        // Without a region code the dump cannot be filtered, and says so.
        let f = Filter {
            region_code: String::new(),
            ..filter(&sp)
        };
        let imp = import_json(json.as_bytes(), "x.json", &f).unwrap();
        assert!(imp.needs_code && imp.kept.is_empty());
    }

    #[test]
    fn bulk_csv_shape() {
        let csv = "id|vacancyName|regionName|company|fullCompanyName|creationDate|dateModify|salary|scheduleType|workPlaces|vacancyUrl|vacancyAddress|contactList|isQuoted\n\
                   c1|Токарь-универсал|Самарская область|\"{\"\"inn\"\":\"\"6316000000\"\",\"\"name\"\":\"\"ПАО «Завод»\"\"}\"|ПАО «Завод»|2023-12-01|2023-12-02|40000-55000|Сменный график|3|https://trudvsem.ru/vacancy/card/c1|г. Тольятти|\"[{\"\"contact_value\"\":\"\"+79990001122\"\"}]\"|false\n";
        let sp = specialties();
        let imp = import_csv(csv.as_bytes(), "x.csv", &filter(&sp)).unwrap();
        assert_eq!(imp.kept.len(), 1, "{imp:?}");
        let v = &imp.kept[0];
        assert_eq!((v.salary_min, v.salary_max), (Some(40000), Some(55000)));
        assert_eq!(v.inn, "6316000000");
        assert!(
            !format!("{v:?}").contains("79990001122"),
            "contacts are never read"
        );
    }

    #[test]
    fn broken_json_is_explained() {
        let sp = specialties();
        let e = import_json(b"{\"vacancies\": [", "x.json", &filter(&sp)).unwrap_err();
        assert!(e.contains("JSON"));
    }
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
