//! One private page per graduate of the computed risk group: why they are there (from the
//! rules), the measures taken, referrals with their feedback, and the current vacancies that
//! fit their specialty (seed task 4: профориентация, подбор вакансий, обратная связь).

use super::data_value;
use super::reports::Report;
use super::year::Inputs;
use crate::compute::RiskReason;
use crate::format::date_ru;
use serde::Serialize;

/// Why a graduate is in the risk group: the rule, since when, and what it found (also in the
/// risk group report of a cohort).
#[derive(Serialize)]
pub(super) struct ReasonRow<'a> {
    rule: &'static str,
    since: String,
    reason: &'a str,
}

impl<'a> ReasonRow<'a> {
    pub(super) fn new(r: &'a RiskReason) -> Self {
        ReasonRow {
            rule: r.rule,
            since: date_ru(r.since),
            reason: &r.reason,
        }
    }
}

/// A measure taken with the graduate.
#[derive(Serialize)]
struct MeasureRow<'a> {
    date: String,
    kind: &'static str,
    result: &'a str,
}

/// A referral of the graduate to a vacancy, with its feedback.
#[derive(Serialize)]
struct CaseReferral<'a> {
    date: String,
    vacancy: &'a str,
    /// «position, employer» of the vacancy, when it is known.
    what: String,
    outcome: &'a str,
    feedback: String,
}

/// A current vacancy that fits the graduate's specialty.
#[derive(Serialize)]
struct FittingVacancy<'a> {
    id: &'a str,
    position: &'a str,
    employer: &'a str,
    salary: String,
    source: &'static str,
    until: String,
    quoted: bool,
}

/// `report.data` of one graduate's risk case.
#[derive(Serialize)]
struct RiskCaseData<'a> {
    year: i16,
    id: &'a str,
    name: &'a str,
    group: &'a str,
    specialty: &'a str,
    /// ОВЗ or a disability.
    ovz: bool,
    reasons: Vec<ReasonRow<'a>>,
    measures: Vec<MeasureRow<'a>>,
    /// The date of the latest measure up to the data date; empty when none.
    last_measure: String,
    /// No measure within `measure_days` of the data date.
    measure_overdue: bool,
    measure_days: i64,
    referrals: Vec<CaseReferral<'a>>,
    vacancies: Vec<FittingVacancy<'a>>,
}

/// A file name from a graduate ID: letters, digits, `-` and `_` kept, anything else `_`.
fn slug(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

pub fn reports(i: &Inputs) -> Vec<Report> {
    let mut out = Vec::new();
    let valid = i.config.rules.vacancy_valid_days;
    let days = i64::from(i.config.rules.risk_measure_days);
    for c in &i.m.cohorts {
        let members = crate::compute::risk_group(c, i.as_of, &i.m.specialties, &i.config.rules);
        for m in members {
            let Some((g, _)) = c.graduate(&m.id) else {
                continue;
            };
            let mut measures: Vec<_> = i
                .year
                .measures
                .iter()
                .filter(|x| x.graduate == m.id)
                .collect();
            measures.sort_by_key(|x| (x.date, x.line));
            let last = measures
                .iter()
                .map(|x| x.date)
                .filter(|d| *d <= i.as_of)
                .max();
            let overdue = last
                .is_none_or(|d| d.until(i.as_of).map_or(i64::MAX, |s| s.get_days() as i64) > days);
            let referrals: Vec<CaseReferral> = i
                .year
                .vacancies
                .referrals
                .iter()
                .filter(|r| r.graduate == m.id)
                .map(|r| CaseReferral {
                    date: date_ru(r.date),
                    vacancy: &r.vacancy,
                    what: i
                        .year
                        .vacancies
                        .get(&r.vacancy)
                        .map(|v| format!("{}, {}", v.position, v.employer))
                        .unwrap_or_default(),
                    outcome: &r.outcome,
                    feedback: r.feedback.map(date_ru).unwrap_or_default(),
                })
                .collect();
            let mut vacancies: Vec<_> = i
                .year
                .vacancies
                .current(i.as_of, valid)
                .filter(|v| v.specialties.iter().any(|s| *s == g.specialty_code))
                .collect();
            vacancies.sort_by(|a, b| {
                (b.posted, &a.position, &a.id).cmp(&(a.posted, &b.position, &b.id))
            });
            let vacancies: Vec<FittingVacancy> = vacancies
                .iter()
                .map(|v| FittingVacancy {
                    id: &v.id,
                    position: &v.position,
                    employer: &v.employer,
                    salary: v.salary_ru(),
                    source: v.source.label_ru(),
                    until: v.valid_until.map(date_ru).unwrap_or_default(),
                    quoted: v.quoted,
                })
                .collect();
            out.push(Report {
                slug: format!("risk-case-{}", slug(&m.id)),
                title: format!("Работа с выпускником группы риска {}", m.id),
                group: format!("Группа риска: работа с выпускниками {} года", c.year),
                template: "reports/risk-case.html".into(),
                landscape: false,
                signed: false,
                data: data_value(&RiskCaseData {
                    year: c.year,
                    id: &m.id,
                    name: &g.name,
                    group: &m.group,
                    specialty: &m.specialty,
                    ovz: g.ovz || g.disability,
                    reasons: m.reasons.iter().map(ReasonRow::new).collect(),
                    measures: measures
                        .iter()
                        .map(|x| MeasureRow {
                            date: date_ru(x.date),
                            kind: x.kind.label_ru(),
                            result: &x.result,
                        })
                        .collect(),
                    last_measure: last.map(date_ru).unwrap_or_default(),
                    measure_overdue: overdue,
                    measure_days: days,
                    referrals,
                    vacancies,
                }),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("2023-003"), "2023-003");
        assert_eq!(slug("../a b"), "___a_b");
    }
}
