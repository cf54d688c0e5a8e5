//! Counts per channel on a date and the monthly series (the 1st of every month from July of
//! the graduation year).

use super::status::{status_class_on, KEYS, NO_DATA};
use crate::config::rules::RuleSettings;
use crate::model::channel::column_label;
use crate::model::monitoring::Cohort;
use crate::model::specialty::Specialties;
use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

/// Численность по каналу занятости: how many graduates count in one status on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelCount {
    /// `06`…`27`, or `no-data`.
    pub key: String,
    /// Form-1 column, `None` for «нет данных».
    pub column: Option<u8>,
    pub label: String,
    pub count: u32,
}

/// Key, column and label of each of the [`KEYS`] status keys.
pub fn keys() -> Vec<(String, Option<u8>, String)> {
    (0..KEYS)
        .map(|k| {
            if k == NO_DATA {
                ("no-data".to_string(), None, "Нет данных".to_string())
            } else {
                let col = k as u8 + 6;
                (
                    format!("{col:02}"),
                    Some(col),
                    column_label(col).to_string(),
                )
            }
        })
        .collect()
}

/// Raw counts per key on each date.
fn tally(
    c: &Cohort,
    dates: &[Date],
    specialties: &Specialties,
    rules: &RuleSettings,
) -> Vec<[u32; KEYS]> {
    c.graduates
        .par_iter()
        .zip(c.tracks.par_iter())
        .fold(
            || vec![[0u32; KEYS]; dates.len()],
            |mut acc, (g, t)| {
                for (i, d) in dates.iter().enumerate() {
                    acc[i][status_class_on(c.year, g, t, *d, specialties, rules).key()] += 1;
                }
                acc
            },
        )
        .reduce(
            || vec![[0u32; KEYS]; dates.len()],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    for (p, q) in x.iter_mut().zip(y) {
                        *p += q;
                    }
                }
                a
            },
        )
}

/// Counts per status on `date`, every key listed (zeros included) in column order.
pub fn counts_on(
    c: &Cohort,
    date: Date,
    specialties: &Specialties,
    rules: &RuleSettings,
) -> Vec<ChannelCount> {
    let t = tally(c, &[date], specialties, rules);
    let counts = t.first().copied().unwrap_or([0; KEYS]);
    keys()
        .into_iter()
        .zip(counts)
        .map(|((key, column, label), count)| ChannelCount {
            key,
            column,
            label,
            count,
        })
        .collect()
}

/// Срез на 1-е число месяца: one month of the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeriesPoint {
    pub date: Date,
    /// Aligned with [`Series::keys`].
    pub values: Vec<u32>,
}

/// Ежемесячная динамика занятости: a cohort's statuses on the 1st of every month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Series {
    pub year: i16,
    pub keys: Vec<ChannelCount>,
    pub points: Vec<SeriesPoint>,
}

/// The 1st of every month from July of `year` up to `as_of` inclusive.
pub fn month_starts(year: i16, as_of: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = Date::new(year, 7, 1).unwrap_or_default();
    while d <= as_of {
        out.push(d);
        match d.checked_add(jiff::Span::new().months(1)) {
            Ok(n) => d = n,
            Err(_) => break,
        }
    }
    out
}

/// The series of cohort `c` up to `as_of`. `keys` carry the label and a zero count.
pub fn series(c: &Cohort, as_of: Date, specialties: &Specialties, rules: &RuleSettings) -> Series {
    let dates = month_starts(c.year, as_of);
    let t = tally(c, &dates, specialties, rules);
    Series {
        year: c.year,
        keys: keys()
            .into_iter()
            .map(|(key, column, label)| ChannelCount {
                key,
                column,
                label,
                count: 0,
            })
            .collect(),
        points: dates
            .into_iter()
            .zip(t)
            .map(|(date, v)| SeriesPoint {
                date,
                values: v.to_vec(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::status::tests::{entry, grad, specialties};
    use crate::model::channel::Channel;
    use crate::model::track::{CareerTrack, EntryKind};

    #[test]
    fn series_counts_each_graduate_once_per_month() {
        let c = Cohort {
            year: 2023,
            graduates: vec![grad("1"), grad("2")],
            tracks: vec![
                CareerTrack::from(vec![entry(
                    Date::constant(2023, 8, 15),
                    EntryKind::Actual,
                    Channel::ContinuedEducation,
                )]),
                CareerTrack::default(),
            ],
            ..Cohort::default()
        };
        let s = series(
            &c,
            Date::constant(2023, 11, 5),
            &specialties(),
            &RuleSettings::default(),
        );
        let dates: Vec<String> = s.points.iter().map(|p| p.date.to_string()).collect();
        assert_eq!(
            dates,
            [
                "2023-07-01",
                "2023-08-01",
                "2023-09-01",
                "2023-10-01",
                "2023-11-01"
            ]
        );
        for p in &s.points {
            assert_eq!(p.values.iter().sum::<u32>(), 2);
        }
        // September: one in гр.09, one without data; November: no data → risk (гр.16).
        assert_eq!(s.points[2].values[9 - 6], 1);
        assert_eq!(s.points[2].values[NO_DATA], 1);
        assert_eq!(s.points[4].values[16 - 6], 1);
        assert_eq!(s.points[4].values[NO_DATA], 0);
    }
}
