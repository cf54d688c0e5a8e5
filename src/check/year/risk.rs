//! The risk group's casework (seed task 4: «Организация работы с группой риска»): every
//! graduate of the computed risk group gets a measure at least every `risk_measure_days`.

use super::Ctx;
use crate::diag::{Finding, Place};
use crate::format::date_ru;

/// `risk.no-measure`
pub fn no_measure(ctx: &Ctx) -> Vec<Finding> {
    let days = i64::from(ctx.config.rules.risk_measure_days);
    let mut out = Vec::new();
    for c in &ctx.m.cohorts {
        for member in
            crate::compute::risk_group(c, ctx.as_of, &ctx.m.specialties, &ctx.config.rules)
        {
            let Some(since) = member.reasons.iter().map(|r| r.since).min() else {
                continue;
            };
            let in_risk = since.until(ctx.as_of).map_or(0, |s| s.get_days() as i64);
            if in_risk <= days {
                continue;
            }
            let last = ctx
                .year
                .measures
                .iter()
                .filter(|m| m.graduate == member.id && m.date <= ctx.as_of)
                .map(|m| m.date)
                .max();
            let recent = last.is_some_and(|d| {
                d.until(ctx.as_of).map_or(i64::MAX, |s| s.get_days() as i64) <= days
            });
            if recent {
                continue;
            }
            let line = c.graduate(&member.id).map_or(0, |(g, _)| g.line);
            let place = if line > 0 {
                Place::line(&c.graduates_file, line)
            } else {
                Place::file(&c.graduates_file)
            };
            let last = match last {
                Some(d) => format!("последняя мера — {}", date_ru(d)),
                None => "мер не было".to_string(),
            };
            out.push(
                Finding::warning(
                    "risk.no-measure",
                    place,
                    format!(
                        "Выпускник {} года в группе риска с {}, а за последние {days} дн. с ним не проведено ни одной меры ({last}). Проведите профориентацию, подберите вакансии или направьте на вакансию и внесите меру в журнал data/monitoring/measures-{}.csv.",
                        c.year,
                        date_ru(since),
                        c.year
                    ),
                )
                .with_graduate(&member.id),
            );
        }
    }
    out
}

/// `measure.unknown-graduate`
pub fn unknown_graduate(ctx: &Ctx) -> Vec<Finding> {
    if ctx.m.is_empty() {
        return vec![];
    }
    ctx.year
        .measures
        .iter()
        .filter(|m| {
            ctx.m
                .cohorts
                .iter()
                .all(|c| c.graduate(&m.graduate).is_none())
        })
        .map(|m| {
            Finding::warning(
                "measure.unknown-graduate",
                Place::line(&m.file, m.line),
                format!(
                    "Выпускника с ID «{}» нет в списках выпускников: исправьте ID.",
                    m.graduate
                ),
            )
            .with_graduate(&m.graduate)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{d, run_rule_with};
    use crate::check::monitoring::testing::{cohort, entry, grad};
    use crate::model::channel::Channel;
    use crate::model::measure::{Measure, MeasureKind};
    use crate::model::site::Site;
    use crate::model::track::EntryKind;
    use crate::model::year::CentreYear;

    fn measure(id: &str, date: jiff::civil::Date) -> Measure {
        Measure {
            graduate: id.into(),
            date,
            kind: MeasureKind::Consultation,
            result: String::new(),
            file: "data/monitoring/measures-2023.csv".into(),
            line: 2,
        }
    }

    #[test]
    fn risk_graduate_without_recent_measure() {
        // Both entered «Риск» on 01.09.2023; only the first had a measure within 30 days.
        let risk = |id| {
            (
                grad(id),
                vec![entry(d(2023, 9, 1), EntryKind::Actual, Channel::Risk)],
            )
        };
        let m = cohort(vec![risk("1"), risk("2"), risk("3")]);
        let y = CentreYear {
            measures: vec![
                measure("1", d(2023, 12, 1)),
                measure("2", d(2023, 10, 1)),
                measure("9", d(2023, 10, 1)),
            ],
            ..Default::default()
        };
        let f = run_rule_with("risk.no-measure", &y, &m, &Site::default(), d(2023, 12, 15));
        let ids: Vec<_> = f.iter().map(|f| f.graduate.as_deref().unwrap()).collect();
        assert_eq!(ids, ["2", "3"]);
        assert!(f[0].message.contains("последняя мера — 01.10.2023"));
        assert!(f[1].message.contains("мер не было"));
        // Newly in risk (less than 30 days): not yet a finding.
        assert!(
            run_rule_with("risk.no-measure", &y, &m, &Site::default(), d(2023, 9, 20)).is_empty()
        );
        let f = run_rule_with(
            "measure.unknown-graduate",
            &y,
            &m,
            &Site::default(),
            d(2023, 12, 15),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].graduate.as_deref(), Some("9"));
    }
}
