//! Colleges compared on the regional effectiveness criteria ([`crate::compute::effectiveness`],
//! `data/reference/effectiveness.yaml` of each college).
//!
//! The private report (`reports/effectiveness.html`) has every criterion of every college: its
//! value, points and the total. The public overview shows only the criteria about the centre's
//! own work — the plan done on time, tracks updated monthly, referrals with feedback, job-fair
//! participants — with their points summed over those criteria only:
//! - criteria about graduates with ОВЗ or disabilities (their employment, measures, coverage,
//!   Абилимпикс) would publish counts about a handful of people's health (a special category
//!   of personal data), and a total over all criteria minus the shown ones would give their
//!   points away, so neither is published;
//! - employment, risk and ОПК shares are computed from full counts, and a share with the cohort
//!   size would give away a count the college's page hides; the overview compares employment
//!   and risk from the colleges' publications instead.
//!
//! A criterion without data is «нет данных», never 0.

use super::overview::PRINT_CSS;
use crate::compute::effectiveness::{CriterionResult, Effectiveness};
use crate::format::{date_ru, decimal_ru};
use crate::model::effectiveness::{value_ru, Indicator, Unit};
use crate::render::charts::escape;
use jiff::civil::Date;
use std::fmt::Write as _;

/// Indicators the public overview may show: about the centre's work, not about graduates.
pub const PUBLIC: [Indicator; 4] = [
    Indicator::PlanOnTime,
    Indicator::MonthlyUpdatesOnTime,
    Indicator::ReferralsWithFeedback,
    Indicator::FairParticipants,
];

fn is_public(c: &CriterionResult) -> bool {
    PUBLIC.iter().any(|i| i.key() == c.indicator)
}

/// One college's criteria.
pub struct CollegeCriteria<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub e: Effectiveness,
}

/// Points and maximum over the criteria `keep` selects; `None` when none of them has data.
fn points(e: &Effectiveness, keep: fn(&CriterionResult) -> bool) -> (Option<f64>, f64) {
    let kept = e.criteria.iter().filter(|c| keep(c));
    let max = kept.clone().map(|c| c.max_points).sum();
    let got: Vec<f64> = kept.filter_map(|c| c.points).collect();
    ((!got.is_empty()).then(|| got.iter().sum()), max)
}

/// Criteria by id in the order they first appear (colleges may edit their criteria files).
fn criteria<'a>(
    colleges: &'a [CollegeCriteria],
    keep: fn(&CriterionResult) -> bool,
) -> Vec<&'a CriterionResult> {
    let mut out: Vec<&CriterionResult> = Vec::new();
    for c in colleges {
        for r in c.e.criteria.iter().filter(|r| keep(r)) {
            if !out.iter().any(|o| o.id == r.id) {
                out.push(r);
            }
        }
    }
    out
}

/// Colleges by points share over the kept criteria, highest first; no data last; ties by id.
/// The share of the points a college scored on the kept criteria (what it is ranked by).
fn share(e: &Effectiveness, keep: fn(&CriterionResult) -> bool) -> Option<f64> {
    match points(e, keep) {
        (Some(p), max) if max > 0.0 => Some(p / max),
        _ => None,
    }
}

fn ranked<'a>(
    colleges: &'a [CollegeCriteria<'a>],
    keep: fn(&CriterionResult) -> bool,
) -> Vec<&'a CollegeCriteria<'a>> {
    let share = |c: &CollegeCriteria| share(&c.e, keep);
    let mut out: Vec<&CollegeCriteria> = colleges.iter().collect();
    out.sort_by(|a, b| match (share(a), share(b)) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.id.cmp(b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(b.id),
    });
    out
}

fn points_ru(p: (Option<f64>, f64)) -> String {
    match p {
        (Some(x), max) => format!(
            "{} из {}",
            value_ru(x, Unit::PerGraduate),
            value_ru(max, Unit::PerGraduate)
        ),
        (None, _) => "нет данных".into(),
    }
}

fn cell(r: Option<&CriterionResult>) -> String {
    match r {
        Some(r) if r.value.is_some() => {
            format!(
                "{} <span class=\"n\">{} балл.</span>",
                escape(&r.value_ru),
                escape(&r.points_ru)
            )
        }
        Some(_) => "нет данных".into(),
        None => "—".into(),
    }
}

fn table(
    colleges: &[CollegeCriteria],
    keep: fn(&CriterionResult) -> bool,
    caption: &str,
) -> String {
    let cs = criteria(colleges, keep);
    let mut out = format!(
        "<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">Место</th><th scope=\"col\">Колледж</th>",
        escape(caption)
    );
    for c in &cs {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&c.title));
    }
    out.push_str("<th scope=\"col\">Баллы</th></tr></thead>\n<tbody>\n");
    let ranked = ranked(colleges, keep);
    let order: Vec<usize> = (0..ranked.len()).collect();
    let places = super::overview::places(&order, |i| share(&ranked[i].e, keep));
    for (c, place) in ranked.into_iter().zip(places) {
        let p = points(&c.e, keep);
        let _ = write!(
            out,
            "<tr><td>{}</td><th scope=\"row\">{} ({})</th>",
            place.map_or_else(|| "—".to_string(), |n| n.to_string()),
            escape(c.name),
            escape(c.id)
        );
        for k in &cs {
            let r = c.e.criteria.iter().find(|r| r.id == k.id);
            let _ = write!(out, "<td>{}</td>", cell(r));
        }
        let _ = writeln!(out, "<td>{}</td></tr>", points_ru(p));
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The overview's section: the public criteria only, or nothing when no college has one.
pub fn section(colleges: &[CollegeCriteria]) -> String {
    if criteria(colleges, is_public).is_empty() {
        return String::new();
    }
    format!(
        "<h2>Критерии эффективности центров</h2>\n<p>Региональные критерии о работе центров: план в срок, ежемесячная актуализация треков, обратная связь по направлениям, ярмарки; в ячейке — значение и баллы, «нет данных» — показатель не посчитан (это не 0). Баллы — сумма по этим критериям. Критерии о выпускниках с ОВЗ и инвалидностью и о долях выпускников на сайте не публикуются.</p>\n{}",
        table(
            colleges,
            is_public,
            "Колледжи по доле набранных баллов (по критериям этой таблицы)"
        )
    )
}

/// The private report `reports/effectiveness.html`: every criterion of every college.
pub fn report(region: &str, as_of: Date, colleges: &[CollegeCriteria]) -> String {
    let t = format!("Критерии эффективности ЦСТВ колледжей: {region}");
    let mut checklist = String::new();
    for c in colleges {
        let k = &c.e.checklist;
        let _ = writeln!(
            checklist,
            "<tr><th scope=\"row\">{} ({})</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(c.name),
            escape(c.id),
            c.e.with_data,
            c.e.criteria.len(),
            k.yes,
            k.partly,
            k.no,
            k.unanswered
        );
    }
    let avg = {
        let shares: Vec<f64> = colleges
            .iter()
            .filter_map(|c| match points(&c.e, |_| true) {
                (Some(p), max) if max > 0.0 => Some(p * 100.0 / max),
                _ => None,
            })
            .collect();
        if shares.is_empty() {
            "нет данных".to_string()
        } else {
            format!(
                "{} %",
                decimal_ru(shares.iter().sum::<f64>() / shares.len() as f64, 1)
            )
        }
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n<h1>{t}</h1>\n\
<p>Для служебного пользования: все критерии каждого колледжа (по его файлу data/reference/effectiveness.yaml), включая критерии о выпускниках с ОВЗ и инвалидностью. Данные на {d}. «Нет данных» — показатель не посчитан (нет файла или выпускников), баллов не даёт и не равен 0; «—» — критерия нет в файле колледжа. Средняя доля набранных баллов по колледжам с данными: {avg}.</p>\n\
{table}\
<h2>Данные и чек-лист</h2>\n<table>\n<thead><tr><th scope=\"col\">Колледж</th><th scope=\"col\">Критериев с данными</th><th scope=\"col\">Критериев всего</th><th scope=\"col\">Чек-лист: да</th><th scope=\"col\">частично</th><th scope=\"col\">нет</th><th scope=\"col\">без ответа</th></tr></thead>\n<tbody>\n{checklist}</tbody>\n</table>\n\
<p><a href=\"index.html\">Все отчёты региона</a></p>\n</body>\n</html>\n",
        t = escape(&t),
        d = date_ru(as_of),
        table = table(colleges, |_| true, "Колледжи по доле набранных баллов (все критерии)"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::effectiveness::ChecklistSummary;

    fn crit(
        id: &str,
        ind: Indicator,
        value: Option<f64>,
        points: f64,
        max: f64,
    ) -> CriterionResult {
        CriterionResult {
            id: id.into(),
            title: format!("Критерий {id}"),
            indicator: ind.key(),
            indicator_label: ind.label_ru(),
            unit: "%",
            value,
            value_ru: value.map_or_else(|| "нет данных".into(), |v| format!("{v} %")),
            source: String::new(),
            threshold_ru: String::new(),
            target: None,
            points: value.map(|_| points),
            max_points: max,
            points_ru: value.map_or_else(|| "—".into(), |_| format!("{points} из {max}")),
            met: None,
            on: None,
            basis: String::new(),
            unit_kind: None,
        }
    }

    fn eff(criteria: Vec<CriterionResult>) -> Effectiveness {
        Effectiveness {
            cohort: Some(2023),
            points: criteria.iter().filter_map(|c| c.points).sum(),
            max_points: criteria.iter().map(|c| c.max_points).sum(),
            with_data: criteria.iter().filter(|c| c.value.is_some()).count(),
            criteria,
            checklist: ChecklistSummary::default(),
        }
    }

    fn colleges() -> Vec<CollegeCriteria<'static>> {
        vec![
            CollegeCriteria {
                id: "a",
                name: "А",
                e: eff(vec![
                    crit("plan", Indicator::PlanOnTime, Some(80.0), 0.0, 1.0),
                    crit("ovz", Indicator::OvzEmployedShare, Some(33.3), 0.0, 2.0),
                    crit("empl", Indicator::EmployedShare, Some(71.0), 2.0, 3.0),
                ]),
            },
            CollegeCriteria {
                id: "b",
                name: "Б",
                e: eff(vec![
                    crit("plan", Indicator::PlanOnTime, Some(95.0), 1.0, 1.0),
                    crit("ovz", Indicator::OvzEmployedShare, Some(100.0), 2.0, 2.0),
                    crit("empl", Indicator::EmployedShare, None, 0.0, 3.0),
                ]),
            },
            CollegeCriteria {
                id: "c",
                name: "В",
                e: eff(vec![crit("plan", Indicator::PlanOnTime, None, 0.0, 1.0)]),
            },
        ]
    }

    #[test]
    fn the_public_section_shows_only_the_centres_work_criteria() {
        let cs = colleges();
        let html = section(&cs);
        assert!(html.contains("Критерий plan"));
        assert!(!html.contains("Критерий ovz"), "ОВЗ criteria stay private");
        assert!(!html.contains("Критерий empl"));
        assert!(!html.contains("33,3") && !html.contains("33.3"));
        // b (1 of 1) above a (0 of 1); c has no data: last, «нет данных», no place.
        let (b, a, c) = (
            html.find("Б (b)").unwrap(),
            html.find("А (a)").unwrap(),
            html.find("В (c)").unwrap(),
        );
        assert!(b < a && a < c, "{html}");
        assert!(html.contains("<tr><td>—</td><th scope=\"row\">В (c)</th><td>нет данных</td><td>нет данных</td></tr>"), "{html}");
        // Points over the public criteria only (b's 2 ОВЗ points are not in its total).
        assert!(
            html.contains(
                "Б (b)</th><td>95 % <span class=\"n\">1 из 1 балл.</span></td><td>1 из 1</td>"
            ),
            "{html}"
        );
    }

    #[test]
    fn the_private_report_has_every_criterion_and_no_data_is_not_zero() {
        let cs = colleges();
        let html = report("Область", Date::constant(2023, 12, 15), &cs);
        assert!(html.contains("Критерий ovz"));
        assert!(html.contains("33.3 %"));
        // a: 2 of 6; b: 3 of 6 (its employment has no data: no points, not 0 %).
        assert!(html.contains("<td>3 из 6</td>") && html.contains("<td>2 из 6</td>"));
        let b_row = &html[html.find("Б (b)").unwrap()..];
        assert!(b_row.contains("<td>нет данных</td>"));
        assert!(html.find("Б (b)").unwrap() < html.find("А (a)").unwrap());
    }

    #[test]
    fn no_public_criteria_no_section() {
        let cs = vec![CollegeCriteria {
            id: "a",
            name: "А",
            e: eff(vec![crit(
                "ovz",
                Indicator::OvzEmployedShare,
                Some(50.0),
                2.0,
                2.0,
            )]),
        }];
        assert_eq!(section(&cs), "");
    }
}
