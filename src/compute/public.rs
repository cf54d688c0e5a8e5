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

/// Merge groups smaller than `min` into «Другое». If «Другое» is still small, hide it and,
/// so that it cannot be worked out from the total, the smallest shown group too.
pub fn suppress(groups: [u32; 7], min: u32) -> Vec<PublicCount> {
    let mut g = groups;
    let mut merged = [false; 7];
    for i in 0..6 {
        if g[i] > 0 && g[i] < min {
            g[6] += g[i];
            g[i] = 0;
            merged[i] = true;
        }
    }
    let mut hidden = [false; 7];
    if g[6] > 0 && g[6] < min {
        hidden[6] = true;
        if let Some(j) = (0..6).filter(|&j| g[j] > 0).min_by_key(|&j| (g[j], j)) {
            hidden[j] = true;
        }
    }
    GROUPS
        .iter()
        .enumerate()
        .map(|(i, grp)| {
            let (count, shown) = if merged[i] {
                (None, "в «Другое»".to_string())
            } else if hidden[i] && i == 6 {
                (None, format!("менее {min}"))
            } else if hidden[i] {
                (None, "скрыто".to_string())
            } else {
                (Some(g[i]), crate::format::int_ru(g[i] as i64))
            };
            PublicCount {
                label: grp.label().to_string(),
                count,
                shown,
            }
        })
        .collect()
}

/// Employment of one specialty for the Rosobrnadzor table (`itemprop="graduateJob"`).
/// Specialties with fewer graduates than `privacy.min_group` have their numbers hidden.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecialtyJob {
    pub code: String,
    pub name: String,
    /// `None` when hidden.
    pub graduates: Option<u32>,
    /// Employed (гр.06), sole traders and self-employed (гр.07–08) on the date; `None` when hidden.
    pub employed: Option<u32>,
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
    /// Month labels `07.2023` … and group values per month (`None`: hidden).
    pub months: Vec<String>,
    pub monthly: Vec<(String, Vec<Option<u32>>)>,
    /// Forecast (latest forecast entry) vs the effective status of graduates with actual data
    /// on `as_of` (after «goes to risk»), per group (`None`: hidden).
    pub forecast: Vec<Option<u32>>,
    pub actual: Vec<Option<u32>>,
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
            let per_month: Vec<[Option<u32>; 7]> = s
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
                by_specialty: by_specialty(c, m, config, as_of, min),
            }
        })
        .collect()
}

/// Values for charts and their tables: `None` where [`suppress`] hides or merges a group.
fn suppressed_values(raw: [u32; 7], min: u32) -> [Option<u32>; 7] {
    let mut out = [None; 7];
    for (i, p) in suppress(raw, min).iter().enumerate() {
        out[i] = p.count;
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
        let forecast = t
            .entries
            .iter()
            .rfind(|e| e.kind == EntryKind::Forecast && e.date <= as_of);
        if let Some(e) = forecast {
            f[ChannelGroup::of_column(Some(e.channel.column())).index()] += 1;
        }
        // "Goes to risk" holds in every figure: the actual side is the effective status.
        let st = status_on(c.year, g, t, as_of, &m.specialties, &config.rules);
        let group = ChannelGroup::of_column(Some(st.column())).index();
        now[group] += 1;
        if st.at_risk() || st.entry.is_some_and(|e| e.kind == EntryKind::Actual) {
            a[group] += 1;
        }
    }
    (f, a, now)
}

fn by_specialty(
    c: &Cohort,
    m: &Monitoring,
    config: &Config,
    as_of: Date,
    min: u32,
) -> Vec<SpecialtyJob> {
    let mut out: Vec<SpecialtyJob> = Vec::new();
    for (g, t) in c.iter() {
        let col = status_on(c.year, g, t, as_of, &m.specialties, &config.rules).column();
        let employed = matches!(col, 6..=8) as u32;
        match out.iter_mut().find(|s| s.code == g.specialty_code) {
            Some(s) => {
                s.graduates = s.graduates.map(|n| n + 1);
                s.employed = s.employed.map(|n| n + employed);
            }
            None => out.push(SpecialtyJob {
                code: g.specialty_code.clone(),
                name: m
                    .specialties
                    .get(&g.specialty_code)
                    .map(|s| s.name.clone())
                    .unwrap_or_else(|| g.specialty_name.clone()),
                graduates: Some(1),
                employed: Some(employed),
            }),
        }
    }
    for s in &mut out {
        if s.graduates.is_some_and(|n| n < min) {
            s.graduates = None;
            s.employed = None;
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
        assert_eq!(p[1].count, None, "2 merged away, not shown as 0");
        assert_eq!(p[1].shown, "в «Другое»");
        assert_eq!(p[4].count, None, "1 merged away");
        assert_eq!(p[3].count, Some(0), "a real zero stays a zero");
        assert_eq!(p[6].count, Some(3), "merged into «Другое», now big enough");
        assert!(p.iter().all(|c| c.count.is_none_or(|n| n == 0 || n >= 3)));
    }

    #[test]
    fn a_hidden_cell_cannot_be_worked_out_from_the_total() {
        // 1 on parental leave: «Другое» = 1 is hidden, and so is the smallest shown group,
        // so total − visible gives only their sum.
        let p = suppress([95, 6, 24, 11, 1, 9, 0], 3);
        assert_eq!(p[6].count, None);
        assert_eq!(p[6].shown, "менее 3");
        assert_eq!(p[1].count, None, "ИП (6) is the smallest shown group");
        assert_eq!(p[1].shown, "скрыто");
        let visible: u32 = p.iter().filter_map(|c| c.count).sum();
        assert!(146 - visible >= 3);
    }
}
