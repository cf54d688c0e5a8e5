//! `track.date-out-of-range`: a track entry dated implausibly early or in the future.
//!
//! A date of 1900 or 2030 is a typo, not a status, and would silently shift every monthly
//! figure; the entry is still read, and the officer is told to fix the date.

use super::Ctx;
use crate::diag::{Finding, Messages, Place};
use crate::format::date_ru;
use jiff::civil::Date;

/// Entries earlier than a year before graduation (taken as 30.06 of the cohort's year) or
/// later than `as_of`.
pub fn out_of_range(c: &Ctx) -> Vec<Finding> {
    let mut msgs = Messages::default();
    let year = c.cohort.year;
    let Ok(earliest) = Date::new(year - 1, 6, 30) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (g, t) in c.cohort.iter() {
        for e in t.entries() {
            let why = if e.date < earliest {
                format!(
                    "раньше чем за год до выпуска {year} года (до {})",
                    date_ru(earliest)
                )
            } else if e.date > c.as_of {
                format!("позже даты отчёта {}", date_ru(c.as_of))
            } else {
                continue;
            };
            out.push(
                Finding::warning(
                    "track.date-out-of-range",
                    Place::line(&c.cohort.tracks_file, e.line as usize),
                    msgs.share(format!(
                        "Дата записи {} — {why}: вероятно, опечатка. Исправьте дату; пока она не исправлена, запись учитывается как есть.",
                        date_ru(e.date)
                    )),
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

    #[test]
    fn far_past_and_future_dates_are_flagged() {
        let m = cohort(vec![
            (grad("1"), vec![job(d(1900, 1, 1), "АО «Завод»", "Сварщик")]),
            (grad("2"), vec![job(d(2030, 1, 1), "АО «Завод»", "Сварщик")]),
        ]);
        let f = run_rule("track.date-out-of-range", &m, d(2023, 12, 15));
        assert_eq!(f.len(), 2);
        assert!(f[0].message.contains("01.01.1900"));
        assert!(f[1].message.contains("позже даты отчёта 15.12.2023"));
    }

    #[test]
    fn dates_around_graduation_are_fine() {
        let m = cohort(vec![(
            grad("1"),
            vec![
                job(d(2022, 6, 30), "АО «Завод»", "Сварщик"),
                job(d(2023, 12, 15), "АО «Завод»", "Сварщик"),
            ],
        )]);
        assert!(run_rule("track.date-out-of-range", &m, d(2023, 12, 15)).is_empty());
    }
}
