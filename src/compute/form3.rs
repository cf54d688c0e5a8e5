//! Ministry form 3 «ожидаемый выпуск»: per specialty, rows 01–05 × columns 05–22, the plans of
//! a cohort on the day forecasts are due (`rules.forecast_due`, 01.07 of the graduation year).
//!
//! Each graduate counts in гр.05 and in exactly one of гр.06, 10, 11, 12, 15–20, so that
//! гр.05 = гр.06 + гр.10 + гр.11 + гр.12 + Σ гр.15…20 holds by construction. The entry in force
//! on that day decides (actual data win over forecasts, as everywhere):
//! - actual employment, ИП, self-employment → гр.06, 10, 11 (already working);
//! - a forecast of employment, ИП, self-employment → гр.12, 15, 16 (planned);
//! - conscription, contract service, continued education (either kind) → гр.17, 18, 19;
//! - everything else, and no entry at all → гр.20 «под риском нетрудоустройства» (form 3 has no
//!   column for parental leave or ЦЗН); moving abroad and foreigners without СНИЛС also count
//!   in its parts гр.21 and гр.22.
//!
//! The parts гр.07–09 of гр.06 and гр.13–14 of гр.12 (practice, partner enterprises) are not in
//! the career-track data and stay 0.

use super::contingent::rows_of;
use super::form1::{BlockCounts, Form1Block};
use crate::config::rules::RuleSettings;
use crate::model::channel::Channel;
use crate::model::contingent::ROW_LABELS;
use crate::model::monitoring::Cohort;
use crate::model::specialty::Specialties;
use crate::model::track::{EntryKind, TrackEntry};
use jiff::civil::Date;
use serde::Serialize;

/// First and last column of form 3's figures.
pub const FIRST: u8 = 5;
pub const LAST: u8 = 22;
const WIDTH: usize = (LAST - FIRST + 1) as usize;

/// Форма 3 «ожидаемый выпуск» of one cohort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form3 {
    pub year: i16,
    /// The day of the plans (forecasts due).
    pub date: Date,
    /// Sorted by specialty code; `values[0]` is гр.05.
    pub blocks: Vec<Form1Block>,
}

/// The columns a graduate with `entry` counts in (besides гр.05).
pub fn columns_of(entry: Option<&TrackEntry>) -> &'static [u8] {
    let Some(e) = entry else { return &[20] };
    use Channel::*;
    use EntryKind::*;
    match (e.kind, e.channel) {
        (Actual, Employed) => &[6],
        (Actual, SoleTrader) => &[10],
        (Actual, SelfEmployed) => &[11],
        (Forecast, Employed) => &[12],
        (Forecast, SoleTrader) => &[15],
        (Forecast, SelfEmployed) => &[16],
        (_, Conscription) => &[17],
        (_, ContractService) => &[18],
        (_, ContinuedEducation) => &[19],
        (_, MovedAbroad) => &[20, 21],
        (_, ForeignNoSnils) => &[20, 22],
        _ => &[20],
    }
}

pub fn form3(c: &Cohort, specialties: &Specialties, rules: &RuleSettings) -> Form3 {
    let date = rules.forecast_due_date(c.year);
    let mut counts = BlockCounts::<WIDTH, 5>::new();
    for (g, t) in c.iter() {
        let cols = columns_of(t.current(date));
        let block = counts.of(g, specialties);
        for (r, member) in rows_of(g).into_iter().enumerate() {
            if member {
                block[r][0] += 1;
                for col in cols {
                    block[r][(col - FIRST) as usize] += 1;
                }
            }
        }
    }
    Form3 {
        year: c.year,
        date,
        blocks: counts.blocks(&ROW_LABELS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::status::tests::{entry, grad, job, specialties};
    use crate::model::track::CareerTrack;

    #[test]
    fn plans_on_the_first_of_july() {
        let d = |m, day| Date::constant(2023, m, day);
        let people = vec![
            (
                grad("1"),
                vec![entry(d(6, 10), EntryKind::Forecast, Channel::Employed)],
            ),
            (grad("2"), vec![job(d(6, 20), "АО «Завод»", "Сварщик")]),
            (
                grad("3"),
                vec![entry(d(6, 1), EntryKind::Forecast, Channel::MovedAbroad)],
            ),
            (grad("4"), vec![]),
            // After the day: not yet a plan.
            (
                grad("5"),
                vec![entry(d(7, 10), EntryKind::Forecast, Channel::Conscription)],
            ),
        ];
        let (graduates, tracks): (Vec<_>, Vec<_>) = people
            .into_iter()
            .map(|(g, e)| (g, CareerTrack::from(e)))
            .unzip();
        let c = Cohort {
            year: 2023,
            graduates,
            tracks,
            ..Cohort::default()
        };
        let f = form3(&c, &specialties(), &RuleSettings::default());
        let v = &f.blocks[0].rows[0].values;
        let at = |col: u8| v[(col - FIRST) as usize];
        assert_eq!((at(5), at(12), at(6), at(20), at(21)), (5, 1, 1, 3, 1));
        let sum: u32 = [6, 10, 11, 12, 15, 16, 17, 18, 19, 20]
            .iter()
            .map(|c| at(*c))
            .sum();
        assert_eq!(sum, at(5));
    }
}
