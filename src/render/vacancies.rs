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
