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
use crate::load::table::{parse_count, parse_yes_no, read_rows, ColumnSpec, FnvBuild, Row};
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

pub const MONITORING_DIR: &str = "data/monitoring";
pub const SPECIALTIES_FILE: &str = "data/reference/specialties.yaml";

/// Columns of `graduates-YYYY`: indices used by the parser below.
pub const GRADUATE_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        title: "ID",
        aliases: &["Идентификатор", "Код выпускника", "№ выпускника", "id"],
        required: true,
    },
    ColumnSpec {
        title: "ФИО",
        aliases: &[
            "Фамилия имя отчество",
            "Ф.И.О.",
            "Выпускник",
            "name",
            "full name",
        ],
        required: true,
    },
    ColumnSpec {
        title: "Специальность",
        aliases: &[
            "Направление подготовки",
            "Профессия/специальность",
            "Код и наименование",
            "Профессия",
            "specialty",
        ],
        required: true,
    },
    ColumnSpec {
        title: "Группа",
        aliases: &["group"],
        required: false,
    },
    ColumnSpec {
        title: "ОВЗ",
        aliases: &["Лицо с ОВЗ", "ovz", "limited health"],
        required: true,
    },
    ColumnSpec {
        title: "Инвалидность",
        aliases: &[
            "Инвалид",
            "Инвалиды и дети-инвалиды",
            "disability",
            "disabled",
        ],
        required: true,
    },
    ColumnSpec {
        title: "Целевой договор",
        aliases: &[
            "Целевое обучение",
            "Договор о целевом обучении",
            "target contract",
            "target",
        ],
        required: true,
    },
    ColumnSpec {
        title: "Дуальное обучение",
        aliases: &["Дуальное", "dual", "dual training"],
        required: false,
    },
    // Form 2's seven groups (rows 07–13); optional: without it form 2 is not produced.
    ColumnSpec {
        title: "Нозология",
        aliases: &["Нозологическая группа", "Нарушения", "nosology"],
        required: false,
    },
];

/// Columns of `tracks-YYYY`.
pub const TRACK_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        title: "ID",
        aliases: &["Идентификатор", "Код выпускника", "№ выпускника", "id"],
        required: true,
    },
    ColumnSpec {
        title: "Дата",
        aliases: &["date", "Дата записи", "Дата статуса"],
        required: true,
    },
    ColumnSpec {
        title: "Вид",
        aliases: &["Вид данных", "Тип", "kind"],
        required: true,
    },
    ColumnSpec {
        title: "Канал",
        aliases: &["Канал занятости", "Статус", "channel", "status"],
        required: true,
    },
    ColumnSpec {
        title: "Предприятие",
        aliases: &["Организация", "Работодатель", "enterprise", "employer"],
        required: false,
    },
    ColumnSpec {
        title: "ИНН",
        aliases: &["ИНН предприятия", "inn"],
        required: false,
    },
    ColumnSpec {
        title: "ОПК",
        aliases: &["Предприятие ОПК", "opk"],
        required: false,
    },
    ColumnSpec {
        title: "Должность",
        aliases: &["Профессия (должность)", "position", "job"],
        required: false,
    },
    ColumnSpec {
        title: "Документ",
        aliases: &["Подтверждающий документ", "document"],
        required: false,
    },
];

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
                f.message.push_str(&format!(
                    " Пока список выпускников не читается, треки и контингент выпуска {year} не проверяются."
                ));
            }
            f
        }));
        return (None, fs);
    };
    let mut cohort = Cohort {
        year,
        graduates_file: gfile.clone(),
        tracks_file: String::new(),
        tracks: vec![CareerTrack::default(); graduates.len()],
        graduates,
        contingent: None,
        rejected: Default::default(),
    };
    match pick(root, tracks, &mut fs) {
        Some(tpath) => {
            cohort.tracks_file = rel_path(root, tpath);
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

fn yes_no(row: &Row, col: usize, file: &str, id: &str, fs: &mut Vec<Finding>) -> bool {
    let v = row.get(col);
    match parse_yes_no(v) {
        Some(b) => b,
        None => {
            let title = GRADUATE_COLUMNS.get(col).map_or("", |c| c.title);
            fs.push(
                Finding::error(
                    "monitoring.bad-yes-no",
                    Place::line(file, row.line),
                    format!("В столбце «{title}» значение «{v}», а допустимо только «да» или «нет»: исправьте значение."),
                )
                .with_graduate(id),
            );
            false
        }
    }
}

/// Read the graduates file; integrity findings go to `findings`.
pub fn read_graduates(
    root: &Path,
    path: &Path,
    sheet: Option<&str>,
    specialties: &Specialties,
    findings: &mut Findings,
) -> Option<Vec<Graduate>> {
    let rows = read_rows(
        root,
        path,
        GRADUATE_COLUMNS,
        sheet,
        findings,
        |row, file, fs| {
            let id = row.get(0);
            if id.is_empty() {
                fs.push(Finding::error(
                "monitoring.empty-id",
                Place::line(file, row.line),
                "У выпускника не указан ID: строка не учтена ни в одном показателе. Заполните столбец «ID».",
            ));
                return None;
            }
            let spec = row.get(2);
            let (code, name) = match split_code(spec) {
                Ok((c, n)) => (c.to_string(), n.to_string()),
                Err(why) => {
                    fs.push(
                    Finding::error(
                        "monitoring.bad-specialty-code",
                        Place::line(file, row.line),
                        format!("Специальность «{spec}» записана неверно: {why}, затем наименование («15.02.08 Технология машиностроения»)."),
                    )
                    .with_graduate(id),
                );
                    (spec.to_string(), String::new())
                }
            };
            let target = row.get(6);
            // 5 = «Инвалидность» uses GRADUATE_COLUMNS titles in messages via yes_no.
            Some(Graduate {
                id: id.to_string(),
                name: row.get(1).to_string(),
                specialty_code: code,
                specialty_name: name,
                group: row.get(3).to_string(),
                ovz: yes_no(row, 4, file, id, fs),
                disability: yes_no(row, 5, file, id, fs),
                target_contract: (!target.is_empty()
                    && !matches!(normalize(target).as_str(), "нет" | "-" | "0"))
                .then(|| target.to_string()),
                dual: yes_no(row, 7, file, id, fs),
                nosology: {
                    let t = row.get(8);
                    let n = Nosology::parse(t);
                    if n.is_none() && !t.trim().is_empty() {
                        fs.push(
                            Finding::error(
                                "monitoring.bad-nosology",
                                Place::line(file, row.line),
                                format!("В столбце «Нозология» значение «{t}»: укажите одну из групп формы 2 — зрения, слуха, опорно-двигательного аппарата, тяжелые нарушения речи, задержка психического развития, расстройства аутистического спектра, другие причины (или номер строки 07–13)."),
                            )
                            .with_graduate(id),
                        );
                    }
                    n
                },
                line: row.line,
            })
        },
    )?;
    let file = rel_path(root, path);
    let mut graduates = rows;
    // Duplicate IDs: keep the first, report the others (they would be counted twice).
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut dup = vec![false; graduates.len()];
    for (i, g) in graduates.iter().enumerate() {
        if let Some(first) = seen.get(g.id.as_str()) {
            dup[i] = true;
            findings.push(
                Finding::error(
                    "monitoring.duplicate-id",
                    Place::line(&file, g.line),
                    format!(
                        "ID «{}» уже встречался в строке {}: выпускник учтён бы дважды. Строка не учтена; дайте выпускникам разные ID.",
                        g.id, graduates[*first].line
                    ),
                )
                .with_graduate(&g.id),
            );
        } else {
            seen.insert(&g.id, i);
        }
    }
    let mut keep = dup.iter().map(|d| !d);
    graduates.retain(|_| keep.next().unwrap_or(true));
    specialty_names(&file, &mut graduates, specialties, findings);
    Some(graduates)
}

/// A code without a name, and the same code with two names (in the file or against the
/// reference). A missing name is taken from the reference.
fn specialty_names(
    file: &str,
    graduates: &mut [Graduate],
    specialties: &Specialties,
    findings: &mut Findings,
) {
    let mut first_name: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for g in graduates.iter_mut() {
        if !crate::model::specialty::is_code(&g.specialty_code) {
            continue;
        }
        let reference = specialties.get(&g.specialty_code);
        if g.specialty_name.is_empty() {
            findings.push(
                Finding::warning(
                    "monitoring.specialty-without-name",
                    Place::line(file, g.line),
                    format!(
                        "У специальности {} не указано наименование: запишите «код наименование», как в отчётах.",
                        g.specialty_code
                    ),
                )
                .with_graduate(&g.id),
            );
            if let Some(r) = reference {
                g.specialty_name = r.name.clone();
            }
            continue;
        }
        let key = normalize(&g.specialty_name);
        if let Some(r) = reference {
            if normalize(&r.name) != key {
                findings.push(
                    Finding::error(
                        "monitoring.specialty-two-names",
                        Place::line(file, g.line),
                        format!(
                            "Код {} записан с наименованием «{}», а в справочнике {} — «{}». У одного кода одно наименование: исправьте.",
                            g.specialty_code, g.specialty_name, specialties.file, r.name
                        ),
                    )
                    .with_graduate(&g.id),
                );
                continue;
            }
        }
        match first_name.get(&g.specialty_code) {
            Some((name, line)) if normalize(name) != key => findings.push(
                Finding::error(
                    "monitoring.specialty-two-names",
                    Place::line(file, g.line),
                    format!(
                        "Код {} записан с наименованием «{}», а в строке {line} — «{name}». У одного кода одно наименование: исправьте.",
                        g.specialty_code, g.specialty_name
                    ),
                )
                .with_graduate(&g.id),
            ),
            Some(_) => {}
            None => {
                first_name.insert(g.specialty_code.clone(), (g.specialty_name.clone(), g.line));
            }
        }
    }
}

/// Read the tracks file into `cohort.tracks`.
pub fn read_tracks(
    root: &Path,
    path: &Path,
    sheet: Option<&str>,
    cohort: &mut Cohort,
    findings: &mut Findings,
) {
    let index: HashMap<&str, u32, FnvBuild> = cohort
        .graduates
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i as u32))
        .collect();
    let gfile = cohort.graduates_file.as_str();
    // "Did you mean" hints cost a Levenshtein pass over every variant: compute each once, so a
    // file with many copies of one wrong channel stays fast.
    let hints: std::sync::Mutex<HashMap<String, String>> = Default::default();
    // (graduate index, line) of rows rejected for a graduate that exists.
    let rejected: std::sync::Mutex<Vec<(u32, u32)>> = Default::default();
    let rows = read_rows(
        root,
        path,
        TRACK_COLUMNS,
        sheet,
        findings,
        |row, file, fs| {
            let id = row.get(0);
            let at = || Place::line(file, row.line);
            if id.is_empty() {
                fs.push(Finding::error(
                "monitoring.empty-id",
                at(),
                "В записи трека не указан ID выпускника: запись не учтена. Заполните столбец «ID».",
            ));
                return None;
            }
            let Some(&idx) = index.get(id) else {
                fs.push(
                Finding::error(
                    "monitoring.unknown-id",
                    at(),
                    format!("Выпускника с ID «{id}» нет в списке {gfile}: запись не учтена. Исправьте ID или добавьте выпускника в список."),
                )
                .with_graduate(id),
            );
                return None;
            };
            let mut ok = true;
            let date = match parse_date(row.get(1)) {
                Ok(d) => Some(d),
                Err(e) => {
                    fs.push(
                        Finding::error("monitoring.bad-date", at(), format!("Дата записи: {e}."))
                            .with_graduate(id),
                    );
                    ok = false;
                    None
                }
            };
            let kind_text = row.get(2);
            let kind = EntryKind::parse(kind_text);
            if kind.is_none() {
                fs.push(
                Finding::error(
                    "monitoring.bad-kind",
                    at(),
                    format!("В столбце «Вид» значение «{kind_text}», а допустимо «факт» или «прогноз»."),
                )
                .with_graduate(id),
            );
                ok = false;
            }
            let ch_text = row.get(3);
            let channel = Channel::parse_memo(ch_text);
            if channel.is_none() {
                let n = normalize(ch_text);
                let hint = {
                    let mut cache = hints.lock().unwrap_or_else(|e| e.into_inner());
                    cache
                        .entry(n.clone())
                        .or_insert_with(|| match nearest(&n, Channel::variants()) {
                            Some(s) => format!(" Возможно, имелось в виду «{s}»."),
                            None => String::new(),
                        })
                        .clone()
                };
                fs.push(
                Finding::error(
                    "monitoring.unknown-channel",
                    at(),
                    format!(
                        "Неизвестный канал занятости «{ch_text}».{hint} Допустимы наименования граф 06–21 формы 1 (например, «Трудоустроен», «ИП», «Самозанятый», «Продолжил обучение», «Призыв в ВС РФ», «Декретный отпуск», «ЦЗН», «Риск нетрудоустройства») или номер графы."
                    ),
                )
                .with_graduate(id),
            );
                ok = false;
            }
            if let (Some(EntryKind::Actual), Some(ch), Some(col)) =
                (kind, channel, forecast_column_written(ch_text))
            {
                fs.push(
                    Finding::warning(
                        "monitoring.forecast-column-actual",
                        at(),
                        format!(
                            "Графа {col} («{}») — прогноз, а запись фактическая («Вид» = «{kind_text}»): запись учтена как фактический статус «{}». Укажите графу фактического статуса ({:02}) или название канала, либо «прогноз» в столбце «Вид».",
                            crate::model::channel::column_label(col),
                            ch.label_ru(),
                            ch.column()
                        ),
                    )
                    .with_graduate(id),
                );
            }
            let opk_text = row.get(6);
            let opk = match parse_yes_no(opk_text) {
                Some(b) => b,
                None => {
                    fs.push(
                    Finding::error(
                        "monitoring.bad-yes-no",
                        at(),
                        format!("В столбце «ОПК» значение «{opk_text}», а допустимо только «да» или «нет»."),
                    )
                    .with_graduate(id),
                );
                    ok = false;
                    false
                }
            };
            let line = u32::try_from(row.line).unwrap_or(u32::MAX);
            let (Some(date), Some(kind), Some(channel), true) = (date, kind, channel, ok) else {
                rejected
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((idx, line));
                return None;
            };

            Some((
                idx,
                TrackEntry {
                    date,
                    kind,
                    channel,
                    enterprise: fs.intern(row.get(4)),
                    inn: fs.intern(row.get(5)),
                    opk,
                    position: fs.intern(row.get(7)),
                    // Documents are mostly unique: not worth interning.
                    document: row.get(8).into(),
                    line,
                },
            ))
        },
    );
    let mut rejected = rejected.into_inner().unwrap_or_else(|e| e.into_inner());
    rejected.sort_unstable();
    for (i, line) in rejected {
        cohort.rejected.entry(i as usize).or_default().push(line);
    }
    let Some(rows) = rows else {
        return;
    };
    // Distribute in file order, then sort each (short) track: cheaper than sorting two million
    // entries as one slice.
    let mut counts = vec![0usize; cohort.graduates.len()];
    for (i, _) in &rows {
        counts[*i as usize] += 1;
    }
    for (t, n) in cohort.tracks.iter_mut().zip(&counts) {
        t.entries = Vec::with_capacity(*n);
    }
    for (i, e) in rows {
        cohort.tracks[i as usize].entries.push(e);
    }
    cohort.tracks.par_iter_mut().for_each(CareerTrack::sort);
}

/// The forecast column («будут …», 22–27) when `Канал` is written as one (`22`, `гр.22`).
fn forecast_column_written(s: &str) -> Option<u8> {
    let t = s.trim();
    let t = ["гр", "Гр", "ГР"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .map_or(t, |r| r.trim_start_matches(['.', ' ']));
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<u8>().ok().filter(|c| (22..=27).contains(c))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecialtyYaml {
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    positions: Vec<String>,
}

/// Read `data/reference/specialties.yaml`; a project without it gets an empty table.
pub fn load_specialties(root: &Path, findings: &mut Findings) -> Specialties {
    let path = root.join(SPECIALTIES_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Specialties::default();
    };
    let file = SPECIALTIES_FILE;
    let raw: Vec<SpecialtyYaml> = match crate::load::yaml::parse(&text, file, 0) {
        Ok(v) => v,
        Err(f) => {
            findings.push(*f);
            return Specialties::default();
        }
    };
    let mut items: Vec<Specialty> = Vec::new();
    for s in raw {
        let line = line_containing(&text, &s.code, 0);
        let code = s.code.trim().to_string();
        if !crate::model::specialty::is_code(&code) {
            findings.push(Finding::error(
                "monitoring.bad-specialty-code",
                Place::line(file, line),
                format!("Код специальности «{code}» записан неверно: ожидается NN.NN.NN, например 15.02.08."),
            ));
            continue;
        }
        if s.name.trim().is_empty() {
            findings.push(Finding::error(
                "monitoring.specialty-without-name",
                Place::line(file, line),
                format!("У специальности {code} нет наименования: добавьте name."),
            ));
        }
        if let Some(prev) = items.iter().find(|i| i.code == code) {
            if normalize(&prev.name) != normalize(&s.name) {
                findings.push(Finding::error(
                    "monitoring.specialty-two-names",
                    Place::line(file, line),
                    format!(
                        "Код {code} указан дважды с разными наименованиями: «{}» (строка {}) и «{}». Оставьте одно.",
                        prev.name, prev.line, s.name
                    ),
                ));
            }
            continue;
        }
        items.push(Specialty {
            code,
            name: s.name.trim().to_string(),
            positions: s.positions,
            line,
        });
    }
    Specialties::new(file.to_string(), items)
}

/// 1-based line of the first line at or after `from` (0-based) containing `needle`.
fn line_containing(text: &str, needle: &str, from: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(from)
        .find(|(_, l)| l.contains(needle))
        .map_or(from + 1, |(i, _)| i + 1)
}

/// 1-based line of the first mapping key `key` (quoted or not) at or after line `from` (0-based).
fn key_line(text: &str, key: &str, from: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(from)
        .find(|(_, l)| {
            let t = l.trim_start().trim_start_matches(['"', '\'']);
            t.strip_prefix(key).is_some_and(|r| {
                r.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
            })
        })
        .map_or(from + 1, |(i, _)| i + 1)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContingentYaml {
    #[serde(default)]
    signed: Option<StatedYaml>,
    #[serde(default)]
    spo1: Option<StatedYaml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatedYaml {
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    rows: serde_yaml::Mapping,
}

/// Read `contingent-YYYY.yaml`: figures that are text, decimals or negatives are errors.
pub fn load_contingent(root: &Path, path: &Path, findings: &mut Findings) -> Option<Contingent> {
    let file = rel_path(root, path);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            findings.push(Finding::error(
                "table.unreadable",
                Place::file(&file),
                format!("Не удалось прочитать файл: {e}. Файл должен быть в кодировке UTF-8."),
            ));
            return None;
        }
    };
    let raw: ContingentYaml = match crate::load::yaml::parse(&text, &file, 0) {
        Ok(v) => v,
        Err(f) => {
            findings.push(*f);
            return None;
        }
    };
    let section = |name: &str, s: Option<StatedYaml>, findings: &mut Findings| {
        let s = s?;
        let start = crate::config::line_of_key(&text, name);
        let date = s.date.as_deref().and_then(|d| match parse_date(d) {
            Ok(d) => Some(d),
            Err(e) => {
                findings.push(Finding::error(
                    "monitoring.bad-date",
                    Place::line(&file, line_containing(&text, "date", start - 1)),
                    format!("Дата в разделе {name}: {e}."),
                ));
                None
            }
        });
        let mut rows: [Option<StatedFigure>; 5] = Default::default();
        for (k, v) in &s.rows {
            let key = match k {
                serde_yaml::Value::String(s) => s.trim().to_string(),
                serde_yaml::Value::Number(n) => format!("{n}"),
                _ => String::new(),
            };
            let line = key_line(&text, &key, start - 1);
            let Some(row) = key.parse::<usize>().ok().filter(|r| (1..=5).contains(r)) else {
                findings.push(Finding::error(
                    "contingent.bad-row",
                    Place::line(&file, line),
                    format!("Строки «{key}» в контингенте нет: допустимы 01–05."),
                ));
                continue;
            };
            let raw_value = match v {
                serde_yaml::Value::Number(n) => n.to_string(),
                serde_yaml::Value::String(s) => s.clone(),
                serde_yaml::Value::Null => String::new(),
                other => format!("{other:?}"),
            };
            match parse_count(&raw_value) {
                Ok(n) => rows[row - 1] = Some(StatedFigure { count: n, line }),
                Err(e) => findings.push(Finding::error(
                    "contingent.bad-count",
                    Place::line(&file, line),
                    format!(
                        "Строка {row:02} раздела {name}: {e}. Укажите целое неотрицательное число."
                    ),
                )),
            }
        }
        Some(StatedContingent {
            date,
            rows,
            line: start,
        })
    };
    let signed = section("signed", raw.signed, findings);
    let spo1 = section("spo1", raw.spo1, findings);
    Some(Contingent { file, signed, spo1 })
}

#[cfg(test)]
pub(crate) mod tests {
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
        assert_eq!(c.tracks[0].entries.len(), 2);
        assert_eq!(c.tracks[0].entries[1].channel, Channel::Conscription);
        assert_eq!(c.tracks[0].entries[1].line, 3);
        assert!(c.tracks[1].entries[0].opk);
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
            m.cohorts[0].tracks[0].entries[0].date,
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
            c.tracks[0].entries[0].date,
            jiff::civil::Date::constant(2023, 7, 1)
        );
        assert_eq!(c.tracks[0].entries[0].channel, Channel::SoleTrader);
        assert_eq!(c.tracks[0].entries[0].line, 2);
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
        assert_eq!(m.cohorts[0].tracks[0].entries.len(), 2);
        assert_eq!(m.cohorts[0].tracks[1].entries.len(), 2);
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
        assert_eq!(m.cohorts[0].tracks[0].entries.len(), 2);
    }
}
