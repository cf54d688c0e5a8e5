//! Rule 9: forecast by 01.07, actual data from 01.07, updated by the 1st of every month.

use super::Ctx;
use crate::diag::{Finding, Place};
use crate::format::date_ru;
use crate::model::track::EntryKind;

/// Seed, task 2: «до 01 числа каждого месяца — Актуализация карьерных треков в АИС».
///
/// «До 01 числа» is a deadline, not a moment: the deadline in force on `as_of` is the latest
/// 1st of a month not after it, and an update made during the month before that deadline is on
/// time (an update on 29.11 meets the deadline 01.12, also when checked on 01.12 itself or on
/// 15.12). The cohort is stale when its latest entry is not after the previous deadline.
pub fn stale(c: &Ctx) -> Vec<Finding> {
    let year = c.cohort.year;
    if c.as_of < c.rules.actual_from_date(year) || c.cohort.graduates.is_empty() {
        return Vec::new();
    }
    let deadline = c.as_of.first_of_month();
    let Ok(previous) = deadline.checked_sub(jiff::Span::new().months(1)) else {
        return Vec::new();
    };
    let latest = c
        .cohort
        .tracks
        .iter()
        .filter_map(|t| {
            t.entries()
                .iter()
                .map(|e| e.date)
                .filter(|d| *d <= c.as_of)
                .max()
        })
        .max();
    let file = if c.cohort.tracks_file.is_empty() {
        &c.cohort.graduates_file
    } else {
        &c.cohort.tracks_file
    };
    match latest {
        Some(d) if d > previous => Vec::new(),
        _ => vec![Finding::warning(
            "monitoring.stale",
            Place::file(file),
            format!(
                "Мониторинг выпуска {year} не актуализирован: последняя запись — {}, а карьерные треки актуализируются до 01 числа каждого месяца (к сроку {} ожидается запись после {}). Актуализируйте карьерные треки.",
                latest.map_or("нет".to_string(), date_ru),
                date_ru(deadline),
                date_ru(previous)
            ),
        )],
    }
}

/// A graduate whose track starts after the forecast deadline (seed, task 5: «до 01.07.2023 —
/// Внесение/актуализация прогнозных данных карьерных треков в АИС»).
///
/// Decision: the forecast columns of form 1 are гр.22–27 only («будут трудоустроены», «…
/// предпринимательскую деятельность», «… самозанятыми», «… призваны в армию», «… в армии на
/// контрактной основе», «… продолжать обучение»). A graduate whose first entry is in a channel
/// without such a column (parental leave, ЦЗН, informal employment, risk, «другое» — гр.12–21)
/// had nothing to forecast into: the status is known only as a fact, so a late first entry is
/// not a missing forecast. Such a graduate is still in «Риск» from 01.11 without actual data
/// (rule 7), and one without any entry is `monitoring.no-track`.
pub fn forecast_missing(c: &Ctx) -> Vec<Finding> {
    let due = c.rules.forecast_due_date(c.cohort.year);
    if c.as_of < due {
        return Vec::new();
    }
    c.cohort
        .iter()
        .filter_map(|(g, t)| {
            let first = t.entries().first()?;
            let forecastable = first.channel.forecast_column().is_some();
            (first.date > due && forecastable).then(|| {
                Finding::warning(
                    "monitoring.forecast-missing",
                    Place::line(&c.cohort.tracks_file, first.line as usize),
                    format!(
                        "Первая запись трека — {}, а прогнозные данные вносятся до {}: внесите прогноз с датой не позже срока.",
                        date_ru(first.date),
                        date_ru(due)
                    ),
                )
                .with_graduate(&g.id)
            })
        })
        .collect()
}

/// Actual data dated before the day actual data are entered from.
pub fn actual_before_july(c: &Ctx) -> Vec<Finding> {
    let from = c.rules.actual_from_date(c.cohort.year);
    let mut out = Vec::new();
    for (g, t) in c.cohort.iter() {
        for e in t
            .entries()
            .iter()
            .filter(|e| e.kind == EntryKind::Actual && e.date < from)
        {
            out.push(
                Finding::info(
                    "track.actual-before-july",
                    Place::line(&c.cohort.tracks_file, e.line as usize),
                    format!(
                        "Фактические данные датированы {}, а вносятся с {}: если это прогноз, укажите «прогноз»; если выпускник работал до выпуска, проверьте дату.",
                        date_ru(e.date),
                        date_ru(from)
                    ),
                )
                .with_graduate(&g.id),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::model::channel::Channel;
    use crate::model::track::EntryKind;

    /// Seed: «до 01 числа каждого месяца» — a deadline; the month before it is on time.
    #[test]
    fn stale_is_judged_against_the_deadline_of_the_1st() {
        let on = |day| cohort(vec![(grad("1"), vec![job(day, "АО «Завод»", "Сварщик")])]);
        // 29.11 meets the deadline 01.12: on the deadline day and after it.
        assert!(run_rule("monitoring.stale", &on(d(2023, 11, 29)), d(2023, 12, 1)).is_empty());
        assert!(run_rule("monitoring.stale", &on(d(2023, 11, 29)), d(2023, 12, 15)).is_empty());
        assert!(run_rule("monitoring.stale", &on(d(2023, 11, 2)), d(2023, 12, 1)).is_empty());
        // 01.11 was the update for the deadline 01.11; 01.12 needs a newer one.
        let f = run_rule("monitoring.stale", &on(d(2023, 11, 1)), d(2023, 12, 1));
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("к сроку 01.12.2023"),
            "{}",
            f[0].message
        );
        assert!(
            f[0].message.contains("после 01.11.2023"),
            "{}",
            f[0].message
        );
        // The next deadline, 01.01, is missed by an update of 29.11.
        assert_eq!(
            run_rule("monitoring.stale", &on(d(2023, 11, 29)), d(2024, 1, 1)).len(),
            1
        );
        assert_eq!(
            run_rule("monitoring.stale", &on(d(2023, 10, 20)), d(2023, 12, 15)).len(),
            1
        );
    }

    #[test]
    fn forecast_after_deadline() {
        let m = cohort(vec![(
            grad("1"),
            vec![job(d(2023, 8, 1), "АО «Завод»", "Сварщик")],
        )]);
        assert_eq!(
            run_rule("monitoring.forecast-missing", &m, d(2023, 12, 15)).len(),
            1
        );
        let m = cohort(vec![(
            grad("1"),
            vec![entry(
                d(2023, 6, 20),
                EntryKind::Forecast,
                Channel::Employed,
            )],
        )]);
        assert!(run_rule("monitoring.forecast-missing", &m, d(2023, 12, 15)).is_empty());
    }

    /// Seed: «до 01.07.2023 — Внесение/актуализация прогнозных данных карьерных треков»; form 1
    /// has forecast columns (22–27) only for employment, ИП, самозанятость, army and study.
    #[test]
    fn no_forecast_column_no_missing_forecast() {
        for ch in [
            Channel::ParentalLeave,
            Channel::RegisteredCzn,
            Channel::FamilyCare,
            Channel::Risk,
        ] {
            let m = cohort(vec![(
                grad("1"),
                vec![entry(d(2023, 9, 1), EntryKind::Actual, ch)],
            )]);
            assert!(
                run_rule("monitoring.forecast-missing", &m, d(2023, 12, 15)).is_empty(),
                "{ch:?}"
            );
        }
        for ch in [
            Channel::SelfEmployed,
            Channel::Conscription,
            Channel::ContinuedEducation,
        ] {
            let m = cohort(vec![(
                grad("1"),
                vec![entry(d(2023, 10, 2), EntryKind::Actual, ch)],
            )]);
            assert_eq!(
                run_rule("monitoring.forecast-missing", &m, d(2023, 12, 15)).len(),
                1,
                "{ch:?}"
            );
        }
    }

    #[test]
    fn actual_before_july() {
        let m = cohort(vec![(
            grad("1"),
            vec![job(d(2023, 6, 20), "АО «Завод»", "Сварщик")],
        )]);
        assert_eq!(
            run_rule("track.actual-before-july", &m, d(2023, 12, 15)).len(),
            1
        );
        let m = cohort(vec![(
            grad("1"),
            vec![job(d(2023, 7, 1), "АО «Завод»", "Сварщик")],
        )]);
        assert!(run_rule("track.actual-before-july", &m, d(2023, 12, 15)).is_empty());
    }
}
