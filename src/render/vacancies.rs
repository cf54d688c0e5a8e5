//! Current vacancies on the public page, grouped by specialty (expired ones hidden, no
//! contacts: a link to the vacancy card instead).

use super::data_value;
use crate::config::Config;
use crate::format::date_ru;
use crate::model::specialty::Specialties;
use crate::model::vacancy::{Source, Vacancies, Vacancy};
use jiff::civil::Date;
use serde::Serialize;
use serde_json::Value;

/// One vacancy card on the public page.
#[derive(Serialize)]
struct VacancyCard<'a> {
    position: &'a str,
    employer: &'a str,
    source: &'static str,
    opk: bool,
    salary: String,
    schedule: &'a str,
    places: Option<u32>,
    address: &'a str,
    posted: String,
    until: String,
    /// Only an http(s) link; empty otherwise.
    url: &'a str,
    quoted: bool,
}

fn card(v: &Vacancy) -> VacancyCard<'_> {
    VacancyCard {
        position: &v.position,
        employer: &v.employer,
        source: v.source.label_ru(),
        opk: v.source == Source::Opk,
        salary: v.salary_ru(),
        schedule: &v.schedule,
        places: v.places,
        address: &v.address,
        posted: v.posted.map(date_ru).unwrap_or_default(),
        until: v.valid_until.map(date_ru).unwrap_or_default(),
        url: if v.url.starts_with("https://") || v.url.starts_with("http://") {
            &v.url
        } else {
            ""
        },
        quoted: v.quoted,
    }
}

/// The current vacancies of one specialty.
#[derive(Serialize)]
struct SpecialtyVacancies<'a> {
    code: &'a str,
    name: &'a str,
    anchor: String,
    count: usize,
    vacancies: Vec<VacancyCard<'a>>,
}

/// How many current vacancies came from each source.
#[derive(Serialize)]
struct BySource {
    employer: usize,
    opk: usize,
    ais: usize,
    trudvsem: usize,
}

/// `data.vacancies` on public pages.
#[derive(Serialize)]
struct VacanciesData<'a> {
    as_of: String,
    count: usize,
    groups: Vec<SpecialtyVacancies<'a>>,
    by_source: BySource,
    valid_days: u32,
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
    let groups: Vec<SpecialtyVacancies> = specialties
        .items
        .iter()
        .map(|s| {
            let list: Vec<VacancyCard> = current
                .iter()
                .filter(|x| x.specialties.contains(&s.code))
                .map(|x| card(x))
                .collect();
            SpecialtyVacancies {
                code: &s.code,
                name: &s.name,
                anchor: format!("s-{}", s.code.replace('.', "-")),
                count: list.len(),
                vacancies: list,
            }
        })
        .collect();
    let count = |src: Source| current.iter().filter(|x| x.source == src).count();
    data_value(&VacanciesData {
        as_of: date_ru(as_of),
        count: current.len(),
        groups,
        by_source: BySource {
            employer: count(Source::Employer),
            opk: count(Source::Opk),
            ais: count(Source::AisBank),
            trudvsem: count(Source::Trudvsem),
        },
        valid_days: config.rules.vacancy_valid_days,
    })
}

/// One referral in the journal.
#[derive(Serialize)]
struct ReferralRow<'a> {
    n: usize,
    /// The graduate's ID and name.
    id: &'a str,
    name: String,
    date: String,
    vacancy: &'a str,
    /// «position, employer» of the vacancy, when it is known.
    what: String,
    outcome: &'a str,
    /// The feedback date; empty while there is none.
    feedback: String,
    /// No feedback after the set number of days.
    late: bool,
}

/// `report.data` of the referrals journal.
#[derive(Serialize)]
struct ReferralsData<'a> {
    rows: Vec<ReferralRow<'a>>,
    /// Rows without feedback, and of them those past the deadline.
    waiting: usize,
    late: usize,
    days: i64,
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
    let rows: Vec<ReferralRow> = list
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let name =
                i.m.cohorts
                    .iter()
                    .find_map(|c| c.graduate(&r.graduate))
                    .map(|(g, _)| g.name.clone())
                    .unwrap_or_default();
            let waited = r.date.until(i.as_of).map_or(0, |s| s.get_days() as i64);
            let vacancy = v.get(&r.vacancy);
            ReferralRow {
                n: n + 1,
                id: &r.graduate,
                name,
                date: date_ru(r.date),
                vacancy: &r.vacancy,
                what: vacancy
                    .map(|x| format!("{}, {}", x.position, x.employer))
                    .unwrap_or_default(),
                outcome: &r.outcome,
                feedback: r.feedback.map(date_ru).unwrap_or_default(),
                late: r.feedback.is_none() && waited > days,
            }
        })
        .collect();
    let waiting = rows.iter().filter(|r| r.feedback.is_empty()).count();
    let late = rows.iter().filter(|r| r.late).count();
    Some(super::reports::Report {
        slug: "referrals".into(),
        title: "Направления выпускников на вакансии и обратная связь".into(),
        group: "Работа центра".into(),
        template: "reports/referrals.html".into(),
        landscape: false,
        signed: false,
        data: data_value(&ReferralsData {
            rows,
            waiting,
            late,
            days,
        }),
    })
}
