//! The effectiveness report (seed task 3, «до 01.07»): each regional criterion with its value,
//! the figures it came from, threshold, points and the total; charts of criteria against their
//! targets; the Ministry's checklist with evidence; the signature block. And the monitoring of
//! measures for students with disabilities and ОВЗ (task 3, «до 26.05») as its own report.
//!
//! Nothing of this is published on the site: the measures name graduates, and the criteria
//! are the centre's self-assessment for the base centre. See [`crate::compute::effectiveness`].

use super::charts::{self, ChartData, ChartOptions, Series};
use super::reports::Report;
use crate::compute::effectiveness::{evaluate, CriterionResult, Effectiveness, Inputs};
use crate::format::date_ru;
use crate::model::effectiveness::{value_ru, Unit};
use serde_json::{json, Value};

/// One chart per unit (shares, people, per graduate): values against targets never share an
/// axis with another unit. Criteria without data are left out of the drawing and named under
/// it as «нет данных» (a bar of 0 would read as a result).
fn charts(e: &Effectiveness) -> Vec<Value> {
    let groups = [
        (
            Unit::Percent,
            "Критерии-доли: значение и целевой порог",
            "%",
        ),
        (
            Unit::People,
            "Критерии в людях: значение и целевой порог",
            "чел.",
        ),
        (
            Unit::PerGraduate,
            "Мероприятия на 1 выпускника с ОВЗ: значение и целевой порог",
            "",
        ),
    ];
    let mut out = Vec::new();
    for (k, (unit, title, suffix)) in groups.into_iter().enumerate() {
        let of_unit: Vec<&CriterionResult> = e
            .criteria
            .iter()
            .filter(|c| c.unit_kind == Some(unit))
            .collect();
        if of_unit.is_empty() {
            continue;
        }
        let drawn: Vec<&&CriterionResult> = of_unit
            .iter()
            .filter(|c| c.value.is_some() && c.target.is_some())
            .collect();
        let missing: Vec<String> = of_unit
            .iter()
            .filter(|c| c.value.is_none())
            .map(|c| c.title.clone())
            .collect();
        let svg = if drawn.is_empty() {
            String::new()
        } else {
            let data = ChartData {
                title: title.to_string(),
                desc: format!(
                    "{} {}: значение показателя и целевой порог (ступень шкалы с наибольшими баллами).",
                    drawn.len(),
                    crate::format::plural(drawn.len() as i64, "критерий", "критерия", "критериев")
                ),
                categories: drawn.iter().map(|c| c.title.clone()).collect(),
                series: vec![
                    Series {
                        name: "Значение".into(),
                        values: drawn.iter().map(|c| c.value.unwrap_or(f64::NAN)).collect(),
                    },
                    Series {
                        name: "Целевой порог".into(),
                        values: drawn.iter().map(|c| c.target.unwrap_or(f64::NAN)).collect(),
                    },
                ],
                unit: suffix.to_string(),
            };
            let opts = ChartOptions {
                id: format!("criteria-{k}"),
                ..ChartOptions::default()
            };
            charts::figure(&charts::horizontal_bars(&data, &opts), &data)
        };
        out.push(json!({ "title": title, "svg": svg, "missing": missing.join("; ") }));
    }
    out
}

/// The effectiveness report; `None` when the project has no criteria at all.
pub fn report(i: &Inputs, college: &str) -> Option<Report> {
    let e = &i.year.effectiveness;
    if e.criteria.is_empty() && e.checklist.is_empty() {
        return None;
    }
    let result = evaluate(i);
    let checklist: Vec<Value> = e
        .checklist
        .iter()
        .map(|it| {
            json!({
                "id": it.id,
                "title": it.title,
                "answer": it.answer.map_or("нет ответа", |a| a.label_ru()),
                "evidence": it.evidence,
            })
        })
        .collect();
    let points = value_ru(result.points, Unit::PerGraduate);
    let max = value_ru(result.max_points, Unit::PerGraduate);
    Some(Report {
        slug: "effectiveness".into(),
        title: "Результативность деятельности ЦСТВ: региональные критерии и чек-лист".into(),
        group: "Работа центра".into(),
        template: "reports/effectiveness.html".into(),
        landscape: false,
        signed: true,
        data: json!({
            "college": college,
            "criteria_file": e.criteria_file,
            "checklist_file": e.checklist_file,
            "cohort": result.cohort,
            "points": points,
            "max_points": max,
            "with_data": result.with_data,
            "total": result.criteria.len(),
            "criteria": result.criteria,
            "charts": charts(&result),
            "checklist": checklist,
            "checklist_summary": result.checklist,
            "due": result.cohort.map(|y| date_ru(crate::config::rules::day_in_year("01.07", y, (7, 1)))),
        }),
    })
}

/// The monitoring of measures for students with disabilities and ОВЗ (seed task 3, «до
/// 26.05»): one report per cohort with any of its files — the graduates with ОВЗ and how many
/// measures each took part in by the deadline, the measures, Абилимпикс and the job fairs.
pub fn ovz_reports(i: &Inputs) -> Vec<Report> {
    let o = &i.year.ovz;
    let mut years: Vec<i16> = o
        .measure_files
        .iter()
        .chain(&o.abilympics_files)
        .chain(&o.fair_files)
        .map(|(y, _)| *y)
        .collect();
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .map(|year| {
            let due = i.config.rules.ovz_monitoring_date(year);
            let cohort = i.m.cohorts.iter().find(|c| c.year == year);
            let name_of = |id: &str| {
                cohort
                    .and_then(|c| c.graduate(id))
                    .map_or(String::new(), |(g, _)| g.name.clone())
            };
            let measures: Vec<_> = o.measures.iter().filter(|m| m.year == year).collect();
            let graduates: Vec<Value> = cohort
                .map(|c| {
                    c.graduates
                        .iter()
                        .filter(|g| g.ovz || g.disability)
                        .map(|g| {
                            let n = measures
                                .iter()
                                .filter(|m| m.date <= due && m.participants.contains(&g.id))
                                .count();
                            json!({
                                "id": g.id,
                                "name": g.name,
                                "group": g.group,
                                "category": match (g.ovz, g.disability) {
                                    (true, true) => "ОВЗ, инвалидность",
                                    (false, true) => "инвалидность",
                                    _ => "ОВЗ",
                                },
                                "nosology": g.nosology.map_or("не указана", |n| n.label_ru()),
                                "measures": n,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            let without = graduates.iter().filter(|g| g["measures"] == 0).count();
            let measure_rows: Vec<Value> = measures
                .iter()
                .map(|m| {
                    let by: Vec<String> = m
                        .by_nosology
                        .iter()
                        .filter(|(_, n)| *n > 0)
                        .map(|(k, n)| format!("{} — {n}", k.label_ru()))
                        .collect();
                    json!({
                        "date": date_ru(m.date),
                        "late": m.date > due,
                        "kind": m.kind.label_ru(),
                        "title": m.title,
                        "participants": m.participants.join(", "),
                        "count": m.participant_count(),
                        "by_nosology": by.join("; "),
                        "partner": m.partner,
                        "result": m.result,
                        "evidence": m.evidence,
                    })
                })
                .collect();
            let abilympics: Vec<Value> = o
                .abilympics
                .iter()
                .filter(|a| a.year == year)
                .map(|a| {
                    json!({
                        "id": a.participant,
                        "name": name_of(&a.participant),
                        "competence": a.competence,
                        "level": a.level.map_or("", |l| l.label_ru()),
                        "result": a.result,
                        "date": a.date.map(date_ru),
                    })
                })
                .collect();
            let fairs: Vec<Value> = o
                .fairs
                .iter()
                .filter(|f| f.year == year)
                .map(|f| {
                    json!({
                        "name": f.name,
                        "date": date_ru(f.date.0),
                        "all_russian": f.all_russian,
                        "format": f.format.map_or("", |x| x.label_ru()),
                        "employers": f.employers,
                        "vacancies": f.vacancies,
                        "participants": f.participants,
                        "participants_ovz": f.participants_ovz,
                        "invitations": f.invitations,
                        "evidence": f.evidence,
                    })
                })
                .collect();
            Report {
                slug: format!("ovz-{year}"),
                title: format!(
                    "Мониторинг мероприятий для обучающихся с инвалидностью и ОВЗ, выпуск {year}"
                ),
                group: format!("Выпуск {year}"),
                template: "reports/ovz.html".into(),
                landscape: true,
                signed: true,
                data: json!({
                    "year": year,
                    "due": date_ru(due),
                    "graduates": graduates,
                    "without": without,
                    "has_measures": o.has_measures(year),
                    "measures": measure_rows,
                    "has_abilympics": o.has_abilympics(year),
                    "abilympics": abilympics,
                    "has_fairs": o.has_fairs(year),
                    "fairs": fairs,
                }),
            }
        })
        .collect()
}

/// The criteria values of `check --format json` (`summary.effectiveness`), for the region
/// build and other tools comparing colleges: one college per project, values `null` when
/// there are no data.
pub fn summary(i: &Inputs, college: &str) -> Value {
    let r = evaluate(i);
    json!({
        "college": college,
        "cohort": r.cohort,
        "as_of": i.as_of.to_string(),
        "criteria_file": i.year.effectiveness.criteria_file,
        "points": r.points,
        "max_points": r.max_points,
        "with_data": r.with_data,
        "criteria": r.criteria.iter().map(|c| json!({
            "id": c.id,
            "title": c.title,
            "indicator": c.indicator,
            "unit": c.unit,
            "value": c.value,
            "target": c.target,
            "points": c.points,
            "max_points": c.max_points,
            "met": c.met,
            "source": c.source,
        })).collect::<Vec<_>>(),
        "checklist": r.checklist,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::monitoring::testing::{cohort, d, grad};
    use crate::model::year::CentreYear;

    #[test]
    fn every_criterion_is_in_the_report_and_missing_ones_say_so() {
        let m = cohort(vec![(grad("1"), vec![])]);
        let mut y = CentreYear::default();
        let mut fs = Vec::new();
        y.effectiveness.criteria = crate::load::effectiveness::parse_criteria(
            crate::model::effectiveness::BUNDLED_CRITERIA,
            "x",
            &mut fs,
        );
        let config = crate::check::year::testing::config();
        let i = Inputs {
            m: &m,
            year: &y,
            opk: None,
            config: &config,
            as_of: d(2023, 12, 15),
        };
        let r = report(&i, "К").unwrap();
        let rows = r.data["criteria"].as_array().unwrap();
        assert_eq!(rows.len(), y.effectiveness.criteria.len());
        let abil = rows
            .iter()
            .find(|c| c["indicator"] == "abilympics_participants")
            .unwrap();
        assert_eq!(abil["value_ru"], "нет данных");
        assert!(abil["value"].is_null() && abil["points"].is_null());
        // The people chart has nothing to draw and names what is missing.
        let people = r.data["charts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["title"].as_str().unwrap().contains("в людях"))
            .unwrap();
        assert_eq!(people["svg"], "");
        assert_eq!(
            people["missing"].as_str().unwrap().matches("; ").count(),
            1,
            "two criteria"
        );
        // The share chart draws only the criteria with data, never a 0 for a missing one.
        let shares = &r.data["charts"][0]["svg"];
        assert!(shares.as_str().unwrap().contains("<svg"));
        assert!(!shares.as_str().unwrap().contains("Охват выпускников с ОВЗ"));
        let s = summary(&i, "К");
        assert_eq!(s["criteria"].as_array().unwrap().len(), rows.len());
        assert!(s["criteria"][5]["value"].is_null());
    }
}
