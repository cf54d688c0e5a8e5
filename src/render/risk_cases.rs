//! One private page per graduate of the computed risk group: why they are there (from the
//! rules), the measures taken, referrals with their feedback, and the current vacancies that
//! fit their specialty (seed task 4: профориентация, подбор вакансий, обратная связь).

use super::reports::Report;
use super::year::Inputs;
use crate::format::date_ru;
use serde_json::{json, Value};

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
            let referrals: Vec<Value> = i
                .year
                .vacancies
                .referrals
                .iter()
                .filter(|r| r.graduate == m.id)
                .map(|r| {
                    let v = i.year.vacancies.get(&r.vacancy);
                    json!({
                        "date": date_ru(r.date),
                        "vacancy": r.vacancy,
                        "what": v.map(|v| format!("{}, {}", v.position, v.employer)).unwrap_or_default(),
                        "outcome": r.outcome,
                        "feedback": r.feedback.map(date_ru).unwrap_or_default(),
                    })
                })
                .collect();
            let mut vacancies: Vec<_> = i
                .year
                .vacancies
                .current(i.as_of, valid)
                .filter(|v| v.specialties.contains(&g.specialty_code))
                .collect();
            vacancies.sort_by(|a, b| {
                (b.posted, &a.position, &a.id).cmp(&(a.posted, &b.position, &b.id))
            });
            let vacancies: Vec<Value> = vacancies
                .iter()
                .map(|v| {
                    json!({
                        "id": v.id,
                        "position": v.position,
                        "employer": v.employer,
                        "salary": v.salary_ru(),
                        "source": v.source.label_ru(),
                        "until": v.valid_until.map(date_ru).unwrap_or_default(),
                        "quoted": v.quoted,
                    })
                })
                .collect();
            out.push(Report {
                slug: format!("risk-case-{}", slug(&m.id)),
                title: format!("Работа с выпускником группы риска {}", m.id),
                group: format!("Группа риска: работа с выпускниками {} года", c.year),
                template: "reports/risk-case.html".into(),
                landscape: false,
                signed: false,
                data: json!({
                    "year": c.year,
                    "id": m.id,
                    "name": g.name,
                    "group": m.group,
                    "specialty": m.specialty,
                    "ovz": g.ovz || g.disability,
                    "reasons": m.reasons.iter().map(|r| json!({
                        "rule": r.rule,
                        "since": date_ru(r.since),
                        "reason": r.reason,
                    })).collect::<Vec<_>>(),
                    "measures": measures.iter().map(|x| json!({
                        "date": date_ru(x.date),
                        "kind": x.kind.label_ru(),
                        "result": x.result,
                    })).collect::<Vec<_>>(),
                    "last_measure": last.map(date_ru).unwrap_or_default(),
                    "measure_overdue": overdue,
                    "measure_days": days,
                    "referrals": referrals,
                    "vacancies": vacancies,
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
