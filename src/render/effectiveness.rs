//! The effectiveness report (seed task 3, «до 01.07»): each regional criterion with its value,
//! the figures it came from, threshold, points and the total; charts of criteria against their
//! targets; the Ministry's checklist with evidence; the signature block. And the monitoring of
//! measures for students with disabilities and ОВЗ (task 3, «до 26.05») as its own report.
//!
//! Nothing of this is published on the site: the measures name graduates, and the criteria
//! are the centre's self-assessment for the base centre. See [`crate::compute::effectiveness`].

use super::charts::{self, ChartData, ChartOptions, Series};
use super::data_value;
use super::reports::Report;
use crate::compute::effectiveness::{
    evaluate, ChecklistSummary, CriterionResult, Effectiveness, Inputs,
};
use crate::format::date_ru;
use crate::model::effectiveness::{value_ru, Unit};
use serde::Serialize;
use serde_json::Value;

/// A chart of the criteria of one unit.
#[derive(Serialize)]
struct CriteriaChart {
    title: &'static str,
    /// The `<figure>`; empty when no criterion of the unit has data.
    svg: String,
    /// The criteria without data, «; »-separated.
    missing: String,
}

/// An item of the Ministry's checklist with its answer.
#[derive(Serialize)]
struct ChecklistRow<'a> {
    id: &'a str,
    title: &'a str,
    answer: &'static str,
    evidence: &'a str,
}

/// `report.data` of the effectiveness report.
#[derive(Serialize)]
struct EffectivenessData<'a> {
    college: &'a str,
    criteria_file: &'a str,
    checklist_file: &'a str,
    cohort: Option<i16>,
    points: String,
    max_points: String,
    with_data: usize,
    total: usize,
    criteria: &'a [CriterionResult],
    charts: Vec<CriteriaChart>,
    checklist: Vec<ChecklistRow<'a>>,
    checklist_summary: &'a ChecklistSummary,
    /// The report's deadline, 01.07 of the cohort's year.
    due: Option<String>,
}

/// One chart per unit (shares, people, per graduate): values against targets never share an
/// axis with another unit. Criteria without data are left out of the drawing and named under
/// it as «нет данных» (a bar of 0 would read as a result).
fn charts(e: &Effectiveness) -> Vec<CriteriaChart> {
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
        out.push(CriteriaChart {
            title,
            svg,
            missing: missing.join("; "),
        });
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
    let checklist: Vec<ChecklistRow> = e
        .checklist
        .iter()
        .map(|it| ChecklistRow {
            id: &it.id,
            title: &it.title,
            answer: it.answer.map_or("нет ответа", |a| a.label_ru()),
            evidence: &it.evidence,
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
        data: data_value(&EffectivenessData {
            college,
            criteria_file: &e.criteria_file,
            checklist_file: &e.checklist_file,
            cohort: result.cohort,
            points,
            max_points: max,
            with_data: result.with_data,
            total: result.criteria.len(),
            criteria: &result.criteria,
            charts: charts(&result),
            checklist,
            checklist_summary: &result.checklist,
            due: result
                .cohort
                .map(|y| date_ru(crate::config::rules::day_in_year("01.07", y, (7, 1)))),
        }),
    })
}

/// A graduate with ОВЗ or a disability and how many measures they took part in by the date.
#[derive(Serialize)]
struct OvzGraduate<'a> {
    id: &'a str,
    name: &'a str,
    group: &'a str,
    category: &'static str,
    nosology: &'static str,
    measures: usize,
}

/// A measure for students with ОВЗ.
#[derive(Serialize)]
struct OvzMeasureRow<'a> {
    date: String,
    /// After the monitoring date.
    late: bool,
    kind: &'static str,
    title: &'a str,
    participants: String,
    count: u32,
    by_nosology: String,
    partner: &'a str,
    result: &'a str,
    evidence: &'a str,
}

/// A participant of Абилимпикс.
#[derive(Serialize)]
struct AbilympicsRow<'a> {
    id: &'a str,
    name: String,
    competence: &'a str,
    level: &'static str,
    result: &'a str,
    date: Option<String>,
}

/// A job fair.
#[derive(Serialize)]
struct FairRow<'a> {
    name: &'a str,
    date: String,
    all_russian: bool,
    format: &'static str,
    employers: u32,
    vacancies: u32,
    participants: u32,
    participants_ovz: Option<u32>,
    invitations: u32,
    evidence: &'a str,
}

/// `report.data` of the monitoring of measures for students with ОВЗ of one cohort.
#[derive(Serialize)]
struct OvzData<'a> {
    year: i16,
    due: String,
    graduates: Vec<OvzGraduate<'a>>,
    /// Graduates without any measure by the date.
    without: usize,
    has_measures: bool,
    measures: Vec<OvzMeasureRow<'a>>,
    has_abilympics: bool,
    abilympics: Vec<AbilympicsRow<'a>>,
    has_fairs: bool,
    fairs: Vec<FairRow<'a>>,
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
            let graduates: Vec<OvzGraduate> = cohort
                .map(|c| {
                    c.graduates
                        .iter()
                        .filter(|g| g.ovz || g.disability)
                        .map(|g| {
                            let n = measures
                                .iter()
                                .filter(|m| {
                                    m.date <= due && m.participants.iter().any(|p| *p == g.id)
                                })
                                .count();
                            OvzGraduate {
                                id: &g.id,
                                name: &g.name,
                                group: &g.group,
                                category: match (g.ovz, g.disability) {
                                    (true, true) => "ОВЗ, инвалидность",
                                    (false, true) => "инвалидность",
                                    _ => "ОВЗ",
                                },
                                nosology: g
                                    .nosology
                                    .map_or("не указана", |n| n.label_ru()),
                                measures: n,
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            let without = graduates.iter().filter(|g| g.measures == 0).count();
            let measure_rows: Vec<OvzMeasureRow> = measures
                .iter()
                .map(|m| {
                    let by: Vec<String> = m
                        .by_nosology
                        .iter()
                        .filter(|(_, n)| *n > 0)
                        .map(|(k, n)| format!("{} — {n}", k.label_ru()))
                        .collect();
                    OvzMeasureRow {
                        date: date_ru(m.date),
                        late: m.date > due,
                        kind: m.kind.label_ru(),
                        title: &m.title,
                        participants: m.participants.join(", "),
                        count: m.participant_count(),
                        by_nosology: by.join("; "),
                        partner: &m.partner,
                        result: &m.result,
                        evidence: &m.evidence,
                    }
                })
                .collect();
            let abilympics: Vec<AbilympicsRow> = o
                .abilympics
                .iter()
                .filter(|a| a.year == year)
                .map(|a| AbilympicsRow {
                    id: &a.participant,
                    name: name_of(&a.participant),
                    competence: &a.competence,
                    level: a.level.map_or("", |l| l.label_ru()),
                    result: &a.result,
                    date: a.date.map(date_ru),
                })
                .collect();
            let fairs: Vec<FairRow> = o
                .fairs
                .iter()
                .filter(|f| f.year == year)
                .map(|f| FairRow {
                    name: &f.name,
                    date: date_ru(f.date.0),
                    all_russian: f.all_russian,
                    format: f.format.map_or("", |x| x.label_ru()),
                    employers: f.employers,
                    vacancies: f.vacancies,
                    participants: f.participants,
                    participants_ovz: f.participants_ovz,
                    invitations: f.invitations,
                    evidence: &f.evidence,
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
                data: data_value(&OvzData {
                    year,
                    due: date_ru(due),
                    graduates,
                    without,
                    has_measures: o.has_measures(year),
                    measures: measure_rows,
                    has_abilympics: o.has_abilympics(year),
                    abilympics,
                    has_fairs: o.has_fairs(year),
                    fairs,
                }),
            }
        })
        .collect()
}

/// The criteria values of `check --format json` (`summary.effectiveness`), for the region
/// build and other tools comparing colleges: one college per project, values `null` when
/// there are no data.
pub fn summary(i: &Inputs, college: &str) -> Value {
    /// One criterion in the summary.
    #[derive(Serialize)]
    struct CriterionSummary<'a> {
        id: &'a str,
        title: &'a str,
        indicator: &'static str,
        unit: &'static str,
        value: Option<f64>,
        target: Option<f64>,
        points: Option<f64>,
        max_points: f64,
        met: Option<bool>,
        source: &'a str,
    }
    /// `summary.effectiveness` of `check --format json`.
    #[derive(Serialize)]
    struct EffectivenessSummary<'a> {
        college: &'a str,
        cohort: Option<i16>,
        as_of: String,
        criteria_file: &'a str,
        points: f64,
        max_points: f64,
        with_data: usize,
        criteria: Vec<CriterionSummary<'a>>,
        checklist: &'a ChecklistSummary,
    }
    let r = evaluate(i);
    data_value(&EffectivenessSummary {
        college,
        cohort: r.cohort,
        as_of: i.as_of.to_string(),
        criteria_file: &i.year.effectiveness.criteria_file,
        points: r.points,
        max_points: r.max_points,
        with_data: r.with_data,
        criteria: r
            .criteria
            .iter()
            .map(|c| CriterionSummary {
                id: &c.id,
                title: &c.title,
                indicator: c.indicator,
                unit: c.unit,
                value: c.value,
                target: c.target,
                points: c.points,
                max_points: c.max_points,
                met: c.met,
                source: &c.source,
            })
            .collect(),
        checklist: &r.checklist,
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
