//! Input integrity that needs the whole cohort: graduates without a track, unknown codes.

use super::Ctx;
use crate::diag::{Finding, Place};
use crate::format::date_ru;
use crate::model::specialty::is_code;

/// A graduate with no track entry at all once forecasts are due.
pub fn no_track(c: &Ctx) -> Vec<Finding> {
    let due = c.rules.forecast_due_date(c.cohort.year);
    if c.as_of < due {
        return Vec::new();
    }
    c.cohort
        .iter()
        .filter(|(_, t)| t.entries.is_empty())
        .map(|(g, _)| {
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
