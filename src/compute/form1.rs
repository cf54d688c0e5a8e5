//! Ministry form 1 «пятистрочная»: per specialty, rows 01–05 × columns 05–27.
//!
//! Each graduate is counted once per row they belong to, in exactly one column 06–27 (their
//! status on the report date), so гр.05 = Σ гр.06…27 and the row inequalities hold by
//! construction.

use super::contingent::rows_of;
use super::status::status_class_on;
use crate::config::rules::RuleSettings;
use crate::model::contingent::{row_code, ROW_LABELS, ROW_RELATIONS};
use crate::model::graduate::Graduate;
use crate::model::monitoring::Cohort;
use crate::model::specialty::Specialties;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;

/// Number of value columns: гр.05…гр.27.
pub const COLUMNS: usize = 23;

/// Строка формы 1 (стр.01–05) of one specialty block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form1Row {
    /// `01`…`05`.
    pub row: String,
    pub label: String,
    /// гр.05…гр.27 (`values[0]` is гр.05 «Всего»).
    pub values: Vec<u32>,
}

/// Блок специальности: the five rows of one «код и наименование».
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form1Block {
    pub code: String,
    pub name: String,
    pub rows: Vec<Form1Row>,
}

/// Форма 1 «пятистрочная» of one cohort on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form1 {
    pub year: i16,
    pub as_of: Date,
    /// Column numbers 5..=27, for headers.
    pub columns: Vec<u8>,
    /// Sorted by specialty code.
    pub blocks: Vec<Form1Block>,
}

impl Form1 {
    /// The college-wide block «Итого по образовательной организации»: each row and column
    /// summed over the specialty blocks.
    pub fn total(&self) -> Form1Block {
        let mut rows: Vec<Form1Row> = (0..5)
            .map(|i| Form1Row {
                row: row_code(i as u8 + 1),
                label: ROW_LABELS[i].to_string(),
                values: vec![0; COLUMNS],
            })
            .collect();
        for b in &self.blocks {
            for (sum, row) in rows.iter_mut().zip(&b.rows) {
                for (s, v) in sum.values.iter_mut().zip(&row.values) {
                    *s += v;
                }
            }
        }
        Form1Block {
            code: String::new(),
            name: "Итого по образовательной организации".to_string(),
            rows,
        }
    }
}

/// The counts forms 1–3 fill, row × column, by specialty code; each block carries the
/// specialty's name as the graduate list writes it (or as the reference does).
pub(crate) struct BlockCounts<'a, const W: usize, const R: usize>(
    BTreeMap<&'a str, (String, [[u32; W]; R])>,
);

impl<'a, const W: usize, const R: usize> BlockCounts<'a, W, R> {
    pub fn new() -> Self {
        BlockCounts(BTreeMap::new())
    }

    /// The rows of the block of `g`'s specialty.
    pub fn of(&mut self, g: &'a Graduate, specialties: &Specialties) -> &mut [[u32; W]; R] {
        let name = || {
            if g.specialty_name.is_empty() {
                specialties
                    .get(&g.specialty_code)
                    .map(|s| s.name.clone())
                    .unwrap_or_default()
            } else {
                g.specialty_name.to_string()
            }
        };
        &mut self
            .0
            .entry(g.specialty_code.as_str())
            .or_insert_with(|| (name(), [[0; W]; R]))
            .1
    }

    /// The blocks in code order, rows numbered 01… and labelled with `labels`.
    pub fn blocks(self, labels: &[impl AsRef<str>]) -> Vec<Form1Block> {
        self.0
            .into_iter()
            .map(|(code, (name, rows))| Form1Block {
                code: code.to_string(),
                name,
                rows: rows
                    .iter()
                    .zip(labels)
                    .enumerate()
                    .map(|(i, (v, label))| Form1Row {
                        row: row_code(i as u8 + 1),
                        label: label.as_ref().to_string(),
                        values: v.to_vec(),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// Form 1 of cohort `c` on `as_of`.
pub fn form1(c: &Cohort, as_of: Date, specialties: &Specialties, rules: &RuleSettings) -> Form1 {
    let mut counts = BlockCounts::<COLUMNS, 5>::new();
    for (g, t) in c.iter() {
        let col = status_class_on(c.year, g, t, as_of, specialties, rules).column() as usize;
        let block = counts.of(g, specialties);
        for (r, member) in rows_of(g).into_iter().enumerate() {
            if member {
                block[r][0] += 1;
                block[r][col - 5] += 1;
            }
        }
    }
    Form1 {
        year: c.year,
        as_of,
        columns: (5..=27).collect(),
        blocks: counts.blocks(&ROW_LABELS),
    }
}

/// Form-1 arithmetic of one block (rows × гр.05…27): the violations as (row, column, text).
/// Shared with the check of received workbooks.
#[allow(clippy::needless_range_loop)] // compares the same column across rows
pub fn arithmetic_violations(rows: &[[i64; COLUMNS]; 5]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (r, v) in rows.iter().enumerate() {
        let sum: i64 = v[1..].iter().sum();
        if v[0] != sum {
            out.push((
                r + 1,
                5,
                format!(
                    "стр.{:02}: гр.05 = {}, а сумма гр.06–27 = {sum}; гр.05 должна равняться сумме",
                    r + 1,
                    v[0]
                ),
            ));
        }
    }
    for rel in ROW_RELATIONS {
        for c in 0..COLUMNS {
            let Some((sum, whole)) = rel.broken(|r| Some(rows[r - 1][c])) else {
                continue;
            };
            let text = if let [a] = rel.parts {
                let b = rel.whole;
                format!("гр.{:02}: стр.{a:02} = {sum} больше стр.{b:02} = {whole}; должно быть стр.{a:02} ≤ стр.{b:02}", c + 5)
            } else {
                let parts = rel
                    .parts
                    .iter()
                    .map(|p| format!("стр.{p:02}"))
                    .collect::<Vec<_>>()
                    .join(" + ");
                format!(
                    "гр.{:02}: {parts} = {sum} больше стр.{:02} = {whole}",
                    c + 5,
                    rel.whole
                )
            };
            out.push((rel.row(), c + 5, text));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::status::tests::{entry, grad, specialties};
    use crate::model::channel::{Channel, ALL};
    use crate::model::graduate::Graduate;
    use crate::model::track::{CareerTrack, EntryKind};
    use proptest::prelude::*;

    fn arb_graduate() -> impl Strategy<Value = (Graduate, CareerTrack)> {
        (
            any::<(bool, bool, bool)>(),
            0usize..3,
            prop::collection::vec((0i8..12, 1i8..28, any::<bool>(), 0usize..ALL.len()), 0..4),
        )
            .prop_map(|((ovz, dis, target), spec, entries)| {
                let mut g = grad("x");
                g.ovz = ovz;
                g.disability = dis;
                g.target_contract = target.then(|| "АО «Завод»".to_string());
                g.specialty_code = ["15.01.05", "09.02.07", "38.02.01"][spec].into();
                let mut t = CareerTrack::from(
                    entries
                        .into_iter()
                        .map(|(m, d, actual, ch)| {
                            entry(
                                Date::new(2023, m + 1, d).unwrap(),
                                if actual {
                                    EntryKind::Actual
                                } else {
                                    EntryKind::Forecast
                                },
                                ALL[ch],
                            )
                        })
                        .collect::<Vec<_>>(),
                );
                t.sort();
                (g, t)
            })
    }

    proptest! {
        #[test]
        fn computed_form_satisfies_its_arithmetic(
            people in prop::collection::vec(arb_graduate(), 0..40),
            month in 6i8..13,
        ) {
            let (graduates, tracks): (Vec<_>, Vec<_>) = people.into_iter().unzip();
            let n = graduates.len() as u32;
            let c = Cohort { year: 2023, graduates, tracks, ..Cohort::default() };
            let f = form1(&c, Date::new(2023, month, 1).unwrap(), &specialties(), &RuleSettings::default());
            let mut total = 0;
            for b in &f.blocks {
                let mut rows = [[0i64; COLUMNS]; 5];
                for (r, row) in b.rows.iter().enumerate() {
                    for (i, v) in row.values.iter().enumerate() {
                        rows[r][i] = *v as i64;
                    }
                }
                prop_assert!(arithmetic_violations(&rows).is_empty(), "{:?}", b);
                total += b.rows[0].values[0];
            }
            prop_assert_eq!(total, n);
            // The college-wide block sums the specialty blocks and keeps their arithmetic.
            let t = f.total();
            prop_assert_eq!(t.rows[0].values[0], n);
            let mut rows = [[0i64; COLUMNS]; 5];
            for (r, row) in t.rows.iter().enumerate() {
                for (i, v) in row.values.iter().enumerate() {
                    rows[r][i] = *v as i64;
                }
            }
            prop_assert!(arithmetic_violations(&rows).is_empty(), "{:?}", t);
        }
    }

    /// Each of the six relations, planted alone in a block that otherwise holds, is found at
    /// its row and columns with its own text (04 > 01 also breaks 03 + 04 ≤ 01).
    #[test]
    fn each_relation_is_found() {
        // Rows 01–05 as (гр.05, гр.06); a valid block.
        let block = |v: [(i64, i64); 5]| {
            let mut rows = [[0i64; COLUMNS]; 5];
            for (r, (total, c06)) in v.into_iter().enumerate() {
                rows[r][0] = total;
                rows[r][1] = c06;
            }
            rows
        };
        let valid = [(4, 4), (2, 2), (1, 1), (1, 1), (1, 1)];
        assert!(arithmetic_violations(&block(valid)).is_empty());
        let with = |r: usize, v: (i64, i64)| {
            let mut b = valid;
            b[r - 1] = v;
            b
        };
        let mut both = valid;
        both[2] = (2, 2);
        both[3] = (3, 3);
        // (relation, rows, expected (row, column, text)).
        type Case = (
            &'static str,
            [(i64, i64); 5],
            &'static [(usize, usize, &'static str)],
        );
        let cases: [Case; 6] = [
            (
                "sum",
                with(5, (1, 0)),
                &[(5, 5, "стр.05: гр.05 = 1, а сумма гр.06–27 = 0")],
            ),
            (
                "03 ≤ 02",
                with(3, (3, 3)),
                &[
                    (3, 5, "стр.03 = 3 больше стр.02 = 2"),
                    (3, 6, "стр.03 = 3 больше стр.02 = 2"),
                ],
            ),
            (
                "02 ≤ 01",
                with(2, (5, 5)),
                &[
                    (2, 5, "стр.02 = 5 больше стр.01 = 4"),
                    (2, 6, "стр.02 = 5 больше стр.01 = 4"),
                ],
            ),
            (
                "04 ≤ 01",
                with(4, (5, 5)),
                &[
                    (4, 5, "стр.04 = 5 больше стр.01 = 4"),
                    (4, 6, "стр.04 = 5 больше стр.01 = 4"),
                    (4, 5, "стр.03 + стр.04 = 6 больше стр.01 = 4"),
                    (4, 6, "стр.03 + стр.04 = 6 больше стр.01 = 4"),
                ],
            ),
            (
                "05 ≤ 01",
                with(5, (5, 5)),
                &[
                    (5, 5, "стр.05 = 5 больше стр.01 = 4"),
                    (5, 6, "стр.05 = 5 больше стр.01 = 4"),
                ],
            ),
            (
                "03 + 04 ≤ 01",
                both,
                &[
                    (4, 5, "стр.03 + стр.04 = 5 больше стр.01 = 4"),
                    (4, 6, "стр.03 + стр.04 = 5 больше стр.01 = 4"),
                ],
            ),
        ];
        for (name, rows, want) in cases {
            let got = arithmetic_violations(&block(rows));
            assert_eq!(got.len(), want.len(), "{name}: {got:?}");
            for (r, c, text) in want {
                assert!(
                    got.iter()
                        .any(|(gr, gc, m)| gr == r && gc == c && m.contains(text)),
                    "{name}: no ({r}, {c}, {text}) in {got:?}"
                );
            }
        }
    }

    #[test]
    fn conscription_forecast_goes_to_column_25() {
        let c = Cohort {
            year: 2023,
            graduates: vec![grad("1")],
            tracks: vec![CareerTrack::from(vec![entry(
                Date::constant(2023, 6, 1),
                EntryKind::Forecast,
                Channel::Conscription,
            )])],
            ..Cohort::default()
        };
        let f = form1(
            &c,
            Date::constant(2023, 7, 1),
            &specialties(),
            &RuleSettings::default(),
        );
        assert_eq!(f.blocks[0].rows[0].values[25 - 5], 1);
        assert_eq!(f.blocks[0].rows[0].values[0], 1);
    }
}
