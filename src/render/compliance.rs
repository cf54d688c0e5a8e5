//! The compliance report: each required part of the base centre's recommendations, met or
//! not, with the score.

use super::reports::Report;
use super::year::Inputs;
use crate::compute::compliance::{evaluate, Inputs as Eval};
use crate::model::compliance::RECOMMENDATIONS_FILE;
use serde_json::json;

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
        data: json!({
            "file": RECOMMENDATIONS_FILE,
            "met": met,
            "total": rows.len(),
            "percent": crate::format::percent_ru(met as i64, rows.len() as i64),
            "rows": rows,
        }),
    })
}
