//! Contingent rows 01–05 computed from the graduate list, and their reconciliation with the
//! signed figures and СПО-1 «Фактический выпуск».

use crate::model::contingent::{row_code, ContingentFigures, ContingentRow, ROW_LABELS};
use crate::model::graduate::Graduate;
use crate::model::monitoring::Cohort;
use serde::Serialize;

/// Which contingent rows (01–05) a graduate belongs to.
pub fn rows_of(g: &Graduate) -> [bool; 5] {
    [
        true,
        g.ovz,
        g.ovz && g.disability,
        g.disability && !g.ovz,
        g.target_contract.is_some(),
    ]
}

/// Rows 01–05 counted from the graduate list, as [`ContingentRow`]s.
pub fn computed_rows(graduates: &[Graduate]) -> Vec<ContingentRow> {
    computed_contingent(graduates)
        .iter()
        .enumerate()
        .map(|(i, n)| ContingentRow {
            row: i as u8 + 1,
            count: *n,
        })
        .collect()
}

/// Rows 01–05 counted from the graduate list.
pub fn computed_contingent(graduates: &[Graduate]) -> ContingentFigures {
    let mut out = [0u32; 5];
    for g in graduates {
        for (o, r) in out.iter_mut().zip(rows_of(g)) {
            *o += r as u32;
        }
    }
    out
}

/// Строка сверки контингента: computed, signed and СПО-1 figures of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReconRow {
    /// `01`…`05`.
    pub row: String,
    pub label: String,
    /// Counted from the graduate list.
    pub computed: u32,
    /// Signed by the head (скан-копия за подписью руководителя); `None` when not given.
    pub signed: Option<u32>,
    /// СПО-1 «Фактический выпуск»; `None` when not given.
    pub spo1: Option<u32>,
    /// signed − computed.
    pub diff_signed: Option<i64>,
    /// СПО-1 − computed.
    pub diff_spo1: Option<i64>,
}

/// Reconciliation of computed, signed and СПО-1 rows for a cohort.
pub fn reconciliation(c: &Cohort) -> Vec<ReconRow> {
    let computed = computed_contingent(&c.graduates);
    let stated = |pick: fn(
        &crate::model::contingent::Contingent,
    ) -> Option<&crate::model::contingent::StatedContingent>,
                  i: usize| {
        c.contingent
            .as_ref()
            .and_then(pick)
            .and_then(|s| s.rows[i])
            .map(|f| f.count)
    };
    (0..5)
        .map(|i| {
            let signed = stated(|k| k.signed.as_ref(), i);
            let spo1 = stated(|k| k.spo1.as_ref(), i);
            ReconRow {
                row: row_code(i as u8 + 1),
                label: ROW_LABELS[i].to_string(),
                computed: computed[i],
                signed,
                spo1,
                diff_signed: signed.map(|s| s as i64 - computed[i] as i64),
                diff_spo1: spo1.map(|s| s as i64 - computed[i] as i64),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::status::tests::grad;

    #[test]
    fn rows_follow_the_official_definitions() {
        let mut a = grad("1");
        a.ovz = true;
        a.disability = true;
        let mut b = grad("2");
        b.disability = true;
        b.target_contract = Some("АО «Завод»".into());
        let c = grad("3");
        assert_eq!(
            computed_contingent(&[a.clone(), b.clone(), c.clone()]),
            [3, 1, 1, 1, 1]
        );
        assert_eq!(
            computed_rows(&[a, b, c])[3],
            ContingentRow { row: 4, count: 1 }
        );
    }
}
