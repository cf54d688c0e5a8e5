//! `data/reference/specialties.yaml` and `contingent-YYYY.yaml`.

use super::*;

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
                "monitoring.reference-without-name",
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
pub(super) fn line_containing(text: &str, needle: &str, from: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(from)
        .find(|(_, l)| l.contains(needle))
        .map_or(from + 1, |(i, _)| i + 1)
}

/// 1-based line of the first mapping key `key` (quoted or not) at or after line `from` (0-based).
pub(super) fn key_line(text: &str, key: &str, from: usize) -> usize {
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
                format!(
                    "Не удалось прочитать файл: {}. Файл должен быть в кодировке UTF-8.",
                    crate::diag::io_error_ru(&e)
                ),
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
