//! The compliance report: each required part of the base centre's recommendations, met or
//! not, with the score.

use super::data_value;
use super::reports::Report;
use super::year::Inputs;
use crate::compute::compliance::{evaluate, Inputs as Eval, PartResult};
use crate::model::compliance::RECOMMENDATIONS_FILE;
use serde::Serialize;

/// `report.data` of the compliance report.
#[derive(Serialize)]
struct ComplianceData<'a> {
    /// The recommendations file the parts come from.
    file: &'static str,
    met: usize,
    total: usize,
    /// `met` of `total` in Russian format.
    percent: String,
    rows: &'a [PartResult],
}

pub fn report(i: &Inputs) -> Option<Report> {
    if i.year.recommendations.is_empty() {
        return None;
    }
    let rows = evaluate(
        &i.year.recommendations,
        &Eval {
            site: i.site,
            config: i.config,
            m: i.m,
            year: i.year,
            as_of: i.as_of,
        },
    );
    let met = rows.iter().filter(|r| r.met).count();
    Some(Report {
        slug: "compliance".into(),
        title: "Соответствие раздела рекомендациям БЦСТВ".into(),
        group: "Работа центра".into(),
        template: "reports/compliance.html".into(),
        landscape: false,
        signed: false,
        data: data_value(&ComplianceData {
            file: RECOMMENDATIONS_FILE,
            met,
            total: rows.len(),
            percent: crate::format::percent_ru(met as i64, rows.len() as i64),
            rows: &rows,
        }),
    })
}
