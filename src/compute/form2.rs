//! Ministry form 2 «нозологии»: per specialty, 14 rows × columns 04–29 on the report date.
//!
//! Rows: 01–05 as in form 1; 06 = graduates with ОВЗ or a disability (= стр.02 + стр.04);
//! 07–13 = their nosology groups (column «Нозология» of `graduates-YYYY`); 14 = those of 06
//! with a targeted-training contract. Each graduate counts in гр.04 and in the one column of
//! their status on the report date (the same status as form 1), mapped from form 1:
//! 06→05, 07→08, 08→09, 09→12, 10→10, 11→11, 12→13, 13→14, 14→15, 15→16, 16→17, 17→18,
//! 18→19, 19→20, 20→21, 22→22, 23→25, 24→26, 25→27, 26→28, 27→29. Form 2 has no column for
//! form 1's гр.21 (foreigners without СНИЛС): they count in гр.17 with the other graduates
//! looking for work. The «из них» columns: гр.07 counts employed graduates whose position fits
//! their specialty (rule 5's reference); гр.06, 23 and 24 are not in the career-track data
//! and stay 0 — so гр.04 = Σ гр.05…29 − (гр.06 + гр.07 + гр.23 + гр.24) holds.
//!
//! Form 2 is produced only when every graduate of row 06 has a nosology group: otherwise
//! rows 06 and 07–13 could not agree ([`form2`] returns `None`).

use super::contingent::rows_of;
use super::form1::{BlockCounts, Form1Block};
use super::status::status_class_on;
use crate::config::rules::RuleSettings;
use crate::model::channel::Channel;
use crate::model::contingent::ROW_LABELS;
use crate::model::graduate::Nosology;
use crate::model::monitoring::Cohort;
use crate::model::specialty::Specialties;
use crate::model::track::EntryKind;
use jiff::civil::Date;
use serde::Serialize;

pub const FIRST: u8 = 4;
pub const LAST: u8 = 29;
const WIDTH: usize = (LAST - FIRST + 1) as usize;
pub const ROWS: usize = 14;

/// Labels of rows 01–14 (official wording).
pub fn row_labels() -> [String; ROWS] {
    let mut out: [String; ROWS] = Default::default();
    for (i, l) in ROW_LABELS.iter().enumerate() {
        out[i] = l.to_string();
    }
    out[5] = "Автосумма строк 02 и 04 - Всего (общая численность выпускников из числа лиц с ОВЗ, инвалидов и детей-инвалидов)".into();
    for n in Nosology::ALL {
        let i = (n.row() - 1) as usize;
        out[i] = if n == Nosology::Vision {
            "из общей численности выпускников из числа лиц с ОВЗ, инвалидов и детей-инвалидов (из строки 06): с нарушениями: зрения".into()
        } else {
            n.label_ru().into()
        };
    }
    out[13] = "из общей численности выпускников из числа лиц с ОВЗ, инвалидов и детей-инвалидов (из строки 06): имеют договор о целевом обучении".into();
    out
}

/// Form 2 column of a form-1 column 06–27.
pub fn column_of(form1_column: u8) -> u8 {
    match form1_column {
        6 => 5,
        7 => 8,
        8 => 9,
        9 => 12,
        10 => 10,
        11 => 11,
        12 => 13,
        13 => 14,
        14 => 15,
        15 => 16,
        16 | 21 => 17,
        17 => 18,
        18 => 19,
        19 => 20,
        20 => 21,
        22 => 22,
        23 => 25,
        24 => 26,
        25 => 27,
        26 => 28,
        _ => 29,
    }
}

/// Форма 2 «нозологии» of one cohort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form2 {
    pub year: i16,
    pub as_of: Date,
    /// Sorted by specialty code; `values[0]` is гр.04; rows 01–14.
    pub blocks: Vec<Form1Block>,
}

/// Form 2 of cohort `c` on `as_of`; `None` when a graduate of row 06 has no nosology group.
pub fn form2(
    c: &Cohort,
    as_of: Date,
    specialties: &Specialties,
    rules: &RuleSettings,
) -> Option<Form2> {
    if c.graduates
        .iter()
        .any(|g| (g.ovz || g.disability) && g.nosology.is_none())
    {
        return None;
    }
    let mut counts = BlockCounts::<WIDTH, ROWS>::new();
    for (g, t) in c.iter() {
        let s = status_class_on(c.year, g, t, as_of, specialties, rules);
        let col = column_of(s.column());
        // гр.07: employed (actual, not moved to risk) at a position that fits the specialty.
        let by_specialty = !s.at_risk
            && s.entry.is_some_and(|e| {
                e.kind == EntryKind::Actual
                    && e.channel == Channel::Employed
                    && specialties.position_fits(&g.specialty_code, &e.position) == Some(true)
            });
        let block = counts.of(g, specialties);
        let five = rows_of(g);
        let special = g.ovz || g.disability;
        let mut rows = [false; ROWS];
        rows[..5].copy_from_slice(&five);
        rows[5] = special;
        if let (true, Some(n)) = (special, g.nosology) {
            rows[(n.row() - 1) as usize] = true;
        }
        rows[13] = special && g.target_contract.is_some();
        for (r, member) in rows.into_iter().enumerate() {
            if member {
                let v = &mut block[r];
                v[0] += 1;
                v[(col - FIRST) as usize] += 1;
                if by_specialty {
                    v[(7 - FIRST) as usize] += 1;
                }
            }
        }
    }
    let labels = row_labels();
    Some(Form2 {
        year: c.year,
        as_of,
        blocks: counts.blocks(&labels[..]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::status::tests::{grad, job, specialties};
    use crate::model::track::CareerTrack;

    fn cohort(people: Vec<(crate::model::graduate::Graduate, CareerTrack)>) -> Cohort {
        let (graduates, tracks) = people.into_iter().unzip();
        Cohort {
            year: 2023,
            graduates,
            tracks,
            ..Cohort::default()
        }
    }

    #[test]
    fn rows_and_columns_follow_the_form() {
        let d = Date::constant(2023, 8, 1);
        let mut a = grad("1");
        a.ovz = true;
        a.nosology = Some(Nosology::Hearing);
        a.target_contract = Some("АО «Завод»".into());
        let mut b = grad("2");
        b.disability = true;
        b.nosology = Some(Nosology::Other);
        let works = CareerTrack::from(vec![job(d, "АО «Завод»", "Сварщик")]);
        let c = cohort(vec![
            (a, works.clone()),
            (b, CareerTrack::default()),
            (grad("3"), works),
        ]);
        let f = form2(
            &c,
            Date::constant(2023, 9, 1),
            &specialties(),
            &RuleSettings::default(),
        )
        .unwrap();
        let rows = &f.blocks[0].rows;
        let at = |r: usize, col: u8| rows[r - 1].values[(col - FIRST) as usize];
        assert_eq!((at(1, 4), at(2, 4), at(4, 4), at(6, 4)), (3, 1, 1, 2));
        assert_eq!((at(8, 4), at(13, 4), at(14, 4)), (1, 1, 1));
        // Employed by the specialty: гр.05 and its part гр.07; no data → гр.17.
        assert_eq!((at(1, 5), at(1, 7), at(1, 17)), (2, 2, 1));
        let v = crate::check::incoming::form2_violations(
            &rows
                .iter()
                .map(|r| r.values.iter().map(|x| i64::from(*x)).collect())
                .collect::<Vec<Vec<i64>>>(),
        );
        assert!(v.is_empty(), "{v:?}");
    }

    #[test]
    fn no_form_without_every_nosology() {
        let mut a = grad("1");
        a.ovz = true;
        let c = cohort(vec![(a, CareerTrack::default())]);
        assert!(form2(
            &c,
            Date::constant(2023, 9, 1),
            &specialties(),
            &RuleSettings::default()
        )
        .is_none());
    }
}
