//! Public aggregates of graduate monitoring: what the published section may show.
//!
//! Only counts, never people. Channel groups smaller than `privacy.min_group` are merged into
//! «Другое» and, if that is still small, shown as «менее N» rather than as a number.

use super::series::Series;
use super::status::status_on;
use crate::config::Config;
use crate::model::monitoring::{Cohort, Monitoring};
use crate::model::track::EntryKind;
use jiff::civil::Date;
use serde::Serialize;

/// Группа каналов занятости: the seven groups charts and public tables use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum ChannelGroup {
    Employed,
    SelfEmployed,
    Education,
    Army,
    ParentalLeave,
    Risk,
    Other,
}

pub const GROUPS: [ChannelGroup; 7] = [
    ChannelGroup::Employed,
    ChannelGroup::SelfEmployed,
    ChannelGroup::Education,
    ChannelGroup::Army,
    ChannelGroup::ParentalLeave,
    ChannelGroup::Risk,
    ChannelGroup::Other,
];

impl ChannelGroup {
    pub fn label(self) -> &'static str {
        match self {
            ChannelGroup::Employed => "Трудоустроены",
            ChannelGroup::SelfEmployed => "ИП и самозанятые",
            ChannelGroup::Education => "Продолжили обучение",
            ChannelGroup::Army => "Служба в армии",
            ChannelGroup::ParentalLeave => "Отпуск по уходу за ребёнком",
            ChannelGroup::Risk => "Риск нетрудоустройства",
            ChannelGroup::Other => "Другое",
        }
    }

    /// The group of a form-1 column 06–27; `None` (no data at all) counts as risk.
    pub fn of_column(column: Option<u8>) -> ChannelGroup {
        match column {
            Some(6 | 22) => ChannelGroup::Employed,
            Some(7 | 8 | 23 | 24) => ChannelGroup::SelfEmployed,
            Some(9 | 27) => ChannelGroup::Education,
            Some(10 | 11 | 25 | 26) => ChannelGroup::Army,
            Some(12) => ChannelGroup::ParentalLeave,
            Some(14..=16) | None => ChannelGroup::Risk,
            Some(_) => ChannelGroup::Other,
        }
    }

    fn index(self) -> usize {
        GROUPS.iter().position(|g| *g == self).unwrap_or(6)
    }
}

/// A public count: the number, or hidden because the group is too small to publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicCount {
    pub label: String,
    /// `None` when hidden.
    pub count: Option<u32>,
    /// What to print: `12` or `менее 3`.
    pub shown: String,
}

fn counts_by_group(values: &[u32], columns: &[Option<u8>]) -> [u32; 7] {
    let mut g = [0u32; 7];
    for (v, c) in values.iter().zip(columns) {
        g[ChannelGroup::of_column(*c).index()] += v;
    }
    g
}

/// Merge groups smaller than `min` into «Другое»; hide «Другое» if it is still small.
pub fn suppress(groups: [u32; 7], min: u32) -> Vec<PublicCount> {
    let mut g = groups;
    for i in 0..6 {
        if g[i] > 0 && g[i] < min {
            g[6] += g[i];
            g[i] = 0;
        }
    }
    GROUPS
        .iter()
        .zip(g)
        .map(|(grp, n)| {
            let hidden = n > 0 && n < min;
            PublicCount {
                label: grp.label().to_string(),
                count: (!hidden).then_some(n),
                shown: if hidden {
                    format!("менее {min}")
                } else {
                    crate::format::int_ru(n as i64)
                },
            }
        })
        .collect()
}

/// Employment of one specialty for the Rosobrnadzor table (`itemprop="graduateJob"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecialtyJob {
    pub code: String,
    pub name: String,
    pub graduates: u32,
    /// Employed (гр.06), sole traders and self-employed (гр.07–08) on the date.
    pub employed: u32,
}

/// One cohort's public figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicCohort {
    pub year: i16,
    pub graduates: u32,
    #[serde(serialize_with = "crate::model::date_serde::date")]
    pub as_of: Date,
    /// Channel groups on `as_of`, suppressed.
    pub groups: Vec<PublicCount>,
    /// Month labels `07.2023` … and group values per month (suppressed cells are 0 in charts).
    pub months: Vec<String>,
    pub monthly: Vec<(String, Vec<u32>)>,
    /// Forecast (latest forecast entry) vs actual status on `as_of`, per group.
    pub forecast: Vec<u32>,
    pub actual: Vec<u32>,
    pub by_specialty: Vec<SpecialtyJob>,
}

/// Public figures of every cohort.
pub fn public(
    m: &Monitoring,
    config: &Config,
    as_of: Date,
    series: &[Series],
) -> Vec<PublicCohort> {
    let min = config.privacy.min_group;
    m.cohorts
        .iter()
        .map(|c| {
            let s = series.iter().find(|s| s.year == c.year);
            let columns: Vec<Option<u8>> = s
                .map(|s| s.keys.iter().map(|k| k.column).collect())
                .unwrap_or_default();
            let months = s
                .map(|s| {
                    s.points
                        .iter()
                        .map(|p| crate::format::month_short(p.date))
                        .collect()
                })
                .unwrap_or_default();
            let per_month: Vec<[u32; 7]> = s
                .map(|s| {
                    s.points
                        .iter()
                        .map(|p| {
                            let raw = counts_by_group(&p.values, &columns);
                            suppressed_values(raw, min)
                        })
                        .collect()
                })
                .unwrap_or_default();
            let monthly = GROUPS
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    (
                        g.label().to_string(),
                        per_month.iter().map(|m| m[i]).collect(),
                    )
                })
                .collect();
            let (forecast, actual, now) = forecast_vs_actual(c, m, config, as_of);
            PublicCohort {
                year: c.year,
                graduates: c.graduates.len() as u32,
                as_of,
                groups: suppress(now, min),
                months,
                monthly,
                forecast: suppressed_values(forecast, min).to_vec(),
                actual: suppressed_values(actual, min).to_vec(),
                by_specialty: by_specialty(c, m, config, as_of),
            }
        })
        .collect()
}

/// Values for charts: small groups merged into «Другое», a still-small «Другое» drawn as 0.
fn suppressed_values(raw: [u32; 7], min: u32) -> [u32; 7] {
    let mut out = [0u32; 7];
    for (i, p) in suppress(raw, min).iter().enumerate() {
        out[i] = p.count.unwrap_or(0);
    }
    out
}

/// (forecast groups, actual groups, status groups on `as_of`): forecast is each graduate's
/// latest forecast entry; actual is their latest actual entry up to `as_of`.
fn forecast_vs_actual(
    c: &Cohort,
    m: &Monitoring,
    config: &Config,
    as_of: Date,
) -> ([u32; 7], [u32; 7], [u32; 7]) {
    let (mut f, mut a, mut now) = ([0u32; 7], [0u32; 7], [0u32; 7]);
    for (g, t) in c.iter() {
        let latest = |kind| {
            t.entries
                .iter()
                .rfind(|e| e.kind == kind && e.date <= as_of)
        };
        if let Some(e) = latest(EntryKind::Forecast) {
            f[ChannelGroup::of_column(Some(e.channel.column())).index()] += 1;
        }
        if let Some(e) = latest(EntryKind::Actual) {
            a[ChannelGroup::of_column(Some(e.channel.column())).index()] += 1;
        }
        let st = status_on(c.year, g, t, as_of, &m.specialties, &config.rules);
        now[ChannelGroup::of_column(Some(st.column())).index()] += 1;
    }
    (f, a, now)
}

fn by_specialty(c: &Cohort, m: &Monitoring, config: &Config, as_of: Date) -> Vec<SpecialtyJob> {
    let mut out: Vec<SpecialtyJob> = Vec::new();
    for (g, t) in c.iter() {
        let col = status_on(c.year, g, t, as_of, &m.specialties, &config.rules).column();
        let employed = matches!(col, 6..=8) as u32;
        match out.iter_mut().find(|s| s.code == g.specialty_code) {
            Some(s) => {
                s.graduates += 1;
                s.employed += employed;
            }
            None => out.push(SpecialtyJob {
                code: g.specialty_code.clone(),
                name: m
                    .specialties
                    .get(&g.specialty_code)
                    .map(|s| s.name.clone())
                    .unwrap_or_else(|| g.specialty_name.clone()),
                graduates: 1,
                employed,
            }),
        }
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fall_into_the_seven_groups() {
        assert_eq!(ChannelGroup::of_column(Some(6)), ChannelGroup::Employed);
        assert_eq!(
            ChannelGroup::of_column(Some(24)),
            ChannelGroup::SelfEmployed
        );
        assert_eq!(ChannelGroup::of_column(Some(10)), ChannelGroup::Army);
        assert_eq!(ChannelGroup::of_column(Some(16)), ChannelGroup::Risk);
        assert_eq!(ChannelGroup::of_column(None), ChannelGroup::Risk);
        assert_eq!(ChannelGroup::of_column(Some(19)), ChannelGroup::Other);
    }

    #[test]
    fn small_groups_are_merged_then_hidden() {
        let p = suppress([50, 2, 10, 0, 1, 5, 0], 3);
        assert_eq!(p[0].count, Some(50));
        assert_eq!(p[1].count, Some(0), "2 merged away");
        assert_eq!(p[4].count, Some(0), "1 merged away");
        assert_eq!(p[6].count, Some(3), "merged into «Другое», now big enough");
        let p = suppress([50, 0, 0, 0, 1, 0, 0], 3);
        assert_eq!(p[6].count, None);
        assert_eq!(p[6].shown, "менее 3");
        assert!(p.iter().all(|c| c.count.is_none_or(|n| n == 0 || n >= 3)));
    }
}
