//! Input integrity that needs the whole cohort: graduates without a track, unknown codes.

use super::Ctx;
use crate::diag::{Finding, Place};
use crate::format::{count_ru, date_ru, plural};
use crate::model::specialty::is_code;

/// A graduate with no track entry at all once forecasts are due. When the graduate's rows
/// were all rejected while loading, the finding says how many and where instead: the officer
/// did enter data, and the rows to fix are the news.
pub fn no_track(c: &Ctx) -> Vec<Finding> {
    let due = c.rules.forecast_due_date(c.cohort.year);
    if c.as_of < due {
        return Vec::new();
    }
    c.cohort
        .iter()
        .enumerate()
        .filter(|(_, (_, t))| t.entries().is_empty())
        .map(|(i, (g, _))| {
            let rejected = c.cohort.rejected_lines(i);
            if let Some(&first) = rejected.first() {
                let n = rejected.len() as i64;
                return Finding::warning(
                    "monitoring.no-track",
                    Place::line(&c.cohort.tracks_file, first as usize),
                    format!(
                        "{} карьерного трека выпускника {} из-за ошибок ({} {}), поэтому учтённых записей у него нет. Исправьте {} по сообщениям об ошибках выше.",
                        count_ru(n, "запись", "записи", "записей"),
                        plural(n, "отклонена", "отклонены", "отклонены"),
                        plural(n, "строка", "строки", "строки"),
                        lines_ru(rejected, &c.cohort.tracks_file),
                        plural(n, "эту строку", "эти строки", "эти строки"),
                    ),
                )
                .with_graduate(&g.id);
            }
            Finding::warning(
                "monitoring.no-track",
                Place::line(&c.cohort.graduates_file, g.line),
                format!(
                    "У выпускника нет ни одной записи карьерного трека (прогнозные данные — до {}): внесите прогноз или фактические данные в {}.",
                    date_ru(due),
                    if c.cohort.tracks_file.is_empty() { "файл треков" } else { &c.cohort.tracks_file }
                ),
            )
            .with_graduate(&g.id)
        })
        .collect()
}

/// `12, 15 и 20 файла data/monitoring/tracks-2023.csv`; long lists end with «и ещё N».
fn lines_ru(lines: &[u32], file: &str) -> String {
    const SHOWN: usize = 5;
    let mut parts: Vec<String> = lines.iter().take(SHOWN).map(u32::to_string).collect();
    let more = lines.len().saturating_sub(SHOWN);
    let list = if more > 0 {
        format!("{} и ещё {more}", parts.join(", "))
    } else if parts.len() > 1 {
        let last = parts.pop().unwrap_or_default();
        format!("{} и {last}", parts.join(", "))
    } else {
        parts.join("")
    };
    format!("{list} файла {file}")
}

/// Form 2 «нозологии» needs the group (rows 07–13) of every graduate with ОВЗ or a disability
/// (row 06). Once a cohort uses the optional column «Нозология», a graduate of row 06 without
/// it keeps form 2 from being produced: say who. A cohort without the column gets no finding
/// (form 2 is simply not produced, as the README says).
pub fn nosology_missing(c: &Ctx) -> Vec<Finding> {
    if c.cohort.graduates.iter().all(|g| g.nosology.is_none()) {
        return Vec::new();
    }
    c.cohort
        .graduates
        .iter()
        .filter(|g| (g.ovz || g.disability) && g.nosology.is_none())
        .map(|g| {
            Finding::warning(
                "monitoring.nosology-missing",
                Place::line(&c.cohort.graduates_file, g.line),
                "У выпускника с ОВЗ или инвалидностью не указана нозология: без неё форма 2 «нозологии» не составляется. Заполните столбец «Нозология» (зрения, слуха, опорно-двигательного аппарата, речи, ЗПР, РАС, другие причины).".to_string(),
            )
            .with_graduate(&g.id)
        })
        .collect()
}

/// A well-formed specialty code missing from the reference.
pub fn unknown_specialty(c: &Ctx) -> Vec<Finding> {
    let sp = &c.m.specialties;
    if sp.items.is_empty() {
        return Vec::new();
    }
    c.cohort
        .graduates
        .iter()
        .filter(|g| is_code(&g.specialty_code) && sp.get(&g.specialty_code).is_none())
        .map(|g| {
            Finding::error(
                "monitoring.unknown-specialty",
                Place::line(&c.cohort.graduates_file, g.line),
                format!(
                    "Специальности с кодом {} нет в справочнике {}: проверьте код или добавьте специальность в справочник с перечнем должностей.",
                    g.specialty_code, sp.file
                ),
            )
            .with_graduate(&g.id)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn graduate_without_track() {
        let m = cohort(vec![(grad("1"), vec![])]);
        assert!(run_rule("monitoring.no-track", &m, d(2023, 6, 30)).is_empty());
        assert_eq!(run_rule("monitoring.no-track", &m, d(2023, 7, 1)).len(), 1);
        let m = cohort(vec![(
            grad("1"),
            vec![job(d(2023, 7, 1), "АО «Завод»", "Сварщик")],
        )]);
        assert!(run_rule("monitoring.no-track", &m, d(2023, 7, 1)).is_empty());
    }

    /// A graduate whose every row was rejected is told how many and where, not «нет ни одной
    /// записи трека».
    #[test]
    fn every_row_rejected_is_said_so() {
        let mut m = cohort(vec![(grad("1"), vec![])]);
        m.cohorts[0].rejected.insert(0, vec![12, 15]);
        let f = run_rule("monitoring.no-track", &m, d(2023, 7, 1));
        assert_eq!(f.len(), 1);
        assert!(
            !f[0].message.contains("нет ни одной записи"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message
                .starts_with("2 записи карьерного трека выпускника отклонены"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message
                .contains("строки 12 и 15 файла data/monitoring/tracks-2023.csv"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].place.line, Some(12));
        m.cohorts[0].rejected.insert(0, vec![3]);
        let f = run_rule("monitoring.no-track", &m, d(2023, 7, 1));
        assert!(f[0]
            .message
            .starts_with("1 запись карьерного трека выпускника отклонена"));
        assert!(f[0].message.contains("(строка 3 файла"), "{}", f[0].message);
        m.cohorts[0].rejected.insert(0, (1..=7).collect());
        let f = run_rule("monitoring.no-track", &m, d(2023, 7, 1));
        assert!(
            f[0].message.contains("1, 2, 3, 4, 5 и ещё 2 файла"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn nosology_needed_once_the_column_is_used() {
        let mut a = grad("1");
        a.ovz = true;
        let mut b = grad("2");
        b.disability = true;
        // Nobody has one: the column is not used, no finding.
        let m = cohort(vec![(a.clone(), vec![]), (b.clone(), vec![])]);
        assert!(run_rule("monitoring.nosology-missing", &m, d(2023, 7, 1)).is_empty());
        b.nosology = Some(crate::model::graduate::Nosology::Hearing);
        let m = cohort(vec![(a, vec![]), (b, vec![]), (grad("3"), vec![])]);
        let f = run_rule("monitoring.nosology-missing", &m, d(2023, 7, 1));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].graduate.as_deref(), Some("1"));
    }

    #[test]
    fn unknown_code() {
        let mut g = grad("1");
        g.specialty_code = "09.02.07".into();
        let m = cohort(vec![(g, vec![])]);
        assert_eq!(
            run_rule("monitoring.unknown-specialty", &m, d(2023, 7, 1)).len(),
            1
        );
        let m = cohort(vec![(grad("1"), vec![])]);
        assert!(run_rule("monitoring.unknown-specialty", &m, d(2023, 7, 1)).is_empty());
    }
}
