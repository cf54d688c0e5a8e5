//! Current vacancies on the public page, grouped by specialty (expired ones hidden, no
//! contacts: a link to the vacancy card instead).

use crate::config::Config;
use crate::format::date_ru;
use crate::model::specialty::Specialties;
use crate::model::vacancy::{Source, Vacancies, Vacancy};
use jiff::civil::Date;
use serde_json::{json, Value};

fn card(v: &Vacancy) -> Value {
    json!({
        "position": v.position,
        "employer": v.employer,
        "source": v.source.label_ru(),
        "opk": v.source == Source::Opk,
        "salary": v.salary_ru(),
        "schedule": v.schedule,
        "places": v.places,
        "address": v.address,
        "posted": v.posted.map(date_ru).unwrap_or_default(),
        "until": v.valid_until.map(date_ru).unwrap_or_default(),
        "url": if v.url.starts_with("https://") || v.url.starts_with("http://") { v.url.as_str() } else { "" },
        "quoted": v.quoted,
    })
}

/// `data.vacancies`.
pub fn public(v: &Vacancies, specialties: &Specialties, config: &Config, as_of: Date) -> Value {
    let mut current: Vec<&Vacancy> = v.current(as_of, config.rules.vacancy_valid_days).collect();
    // Newest first, then by position: a stable order whatever the files' order.
    current.sort_by(|a, b| {
        (b.posted, &a.position, &a.employer, &a.id).cmp(&(
            a.posted,
            &b.position,
            &b.employer,
            &b.id,
        ))
    });
    let groups: Vec<Value> = specialties
        .items
        .iter()
        .map(|s| {
            let list: Vec<Value> = current
                .iter()
                .filter(|x| x.specialties.contains(&s.code))
                .map(|x| card(x))
                .collect();
            json!({
                "code": s.code,
                "name": s.name,
                "anchor": format!("s-{}", s.code.replace('.', "-")),
                "count": list.len(),
                "vacancies": list,
            })
        })
        .collect();
    let count = |src: Source| current.iter().filter(|x| x.source == src).count();
    json!({
        "as_of": date_ru(as_of),
        "count": current.len(),
        "groups": groups,
        "by_source": {
            "employer": count(Source::Employer),
            "opk": count(Source::Opk),
            "ais": count(Source::AisBank),
            "trudvsem": count(Source::Trudvsem),
        },
        "valid_days": config.rules.vacancy_valid_days,
    })
}

/// The private journal of referrals with their feedback (seed task 4: «!!! Обратная связь»).
pub fn referrals_report(i: &super::year::Inputs) -> Option<super::reports::Report> {
    let v = &i.year.vacancies;
    if v.referrals.is_empty() {
        return None;
    }
    let days = i64::from(i.config.rules.referral_feedback_days);
    let mut list: Vec<_> = v.referrals.iter().collect();
    list.sort_by(|a, b| (a.date, &a.file, a.line).cmp(&(b.date, &b.file, b.line)));
    let rows: Vec<Value> = list
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let name = i
                .m
                .cohorts
                .iter()
                .find_map(|c| c.graduate(&r.graduate))
                .map(|(g, _)| g.name.clone())
                .unwrap_or_default();
            let waited = r.date.until(i.as_of).map_or(0, |s| s.get_days() as i64);
            let vacancy = v.get(&r.vacancy);
            json!({
                "n": n + 1,
                "id": r.graduate,
                "name": name,
                "date": date_ru(r.date),
                "vacancy": r.vacancy,
                "what": vacancy.map(|x| format!("{}, {}", x.position, x.employer)).unwrap_or_default(),
                "outcome": r.outcome,
                "feedback": r.feedback.map(date_ru).unwrap_or_default(),
                "late": r.feedback.is_none() && waited > days,
            })
        })
        .collect();
    let waiting = rows.iter().filter(|r| r["feedback"] == "").count();
    let late = rows.iter().filter(|r| r["late"] == true).count();
    Some(super::reports::Report {
        slug: "referrals".into(),
        title: "Направления выпускников на вакансии и обратная связь".into(),
        group: "Работа центра".into(),
        template: "reports/referrals.html".into(),
        landscape: false,
        signed: false,
        data: json!({ "rows": rows, "waiting": waiting, "late": late, "days": days }),
    })
}
