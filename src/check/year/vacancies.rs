//! Vacancies and referrals (seed task 4: «Организация работы по закрытию кадровой потребности
//! предприятий … !!! Обратная связь»): every referral needs feedback.

use super::Ctx;
use crate::diag::{Finding, Place};
use crate::format::date_ru;
use crate::load::vacancies::VACANCIES_DIR;

/// `vacancy.none-current`
pub fn none_current(ctx: &Ctx) -> Vec<Finding> {
    let v = &ctx.year.vacancies;
    if v.current(ctx.as_of, ctx.config.rules.vacancy_valid_days)
        .next()
        .is_some()
    {
        return vec![];
    }
    vec![Finding::warning(
        "vacancy.none-current",
        Place::file(VACANCIES_DIR),
        format!(
            "На {} нет ни одной актуальной вакансии ({} в списках, все просрочены или их нет): добавьте вакансии в {VACANCIES_DIR}/vacancies.csv или выгрузку «Работа России» в {}.",
            date_ru(ctx.as_of),
            v.items.len(),
            crate::load::vacancies::IMPORT_DIR
        ),
    )]
}

/// `referral.no-feedback`: «!!! Обратная связь».
pub fn no_feedback(ctx: &Ctx) -> Vec<Finding> {
    let days = i64::from(ctx.config.rules.referral_feedback_days);
    ctx.year
        .vacancies
        .referrals
        .iter()
        .filter(|r| r.feedback.is_none())
        .filter_map(|r| {
            let waited = r.date.until(ctx.as_of).ok()?.get_days() as i64;
            (waited > days).then(|| {
                Finding::warning(
                    "referral.no-feedback",
                    Place::line(&r.file, r.line),
                    format!(
                        "Направление на вакансию «{}» от {}: нет обратной связи уже {waited} дн. (срок — {days} дн.). Узнайте у работодателя и выпускника, чем закончилось, и заполните «Результат» и «Дата обратной связи».",
                        r.vacancy,
                        date_ru(r.date)
                    ),
                )
                .with_graduate(&r.graduate)
            })
        })
        .collect()
}

/// `referral.unknown-graduate`
pub fn unknown_graduate(ctx: &Ctx) -> Vec<Finding> {
    if ctx.m.is_empty() {
        return vec![];
    }
    ctx.year
        .vacancies
        .referrals
        .iter()
        .filter(|r| ctx.m.cohorts.iter().all(|c| c.graduate(&r.graduate).is_none()))
        .map(|r| {
            Finding::warning(
                "referral.unknown-graduate",
                Place::line(&r.file, r.line),
                format!(
                    "Выпускника с ID «{}» нет в списках выпускников data/monitoring/: исправьте ID.",
                    r.graduate
                ),
            )
            .with_graduate(&r.graduate)
        })
        .collect()
}

/// `referral.unknown-vacancy`
pub fn unknown_vacancy(ctx: &Ctx) -> Vec<Finding> {
    let v = &ctx.year.vacancies;
    v.referrals
        .iter()
        .filter(|r| v.get(&r.vacancy).is_none())
        .map(|r| {
            Finding::warning(
                "referral.unknown-vacancy",
                Place::line(&r.file, r.line),
                format!(
                    "Вакансии с ID «{}» нет ни в своём списке, ни в импортированных: укажите ID вакансии из {VACANCIES_DIR}/vacancies.csv или номер вакансии «Работа России».",
                    r.vacancy
                ),
            )
            .with_graduate(&r.graduate)
        })
        .collect()
}

/// `referral.bad-dates`: feedback before the referral, or a referral dated after `as_of`.
pub fn bad_dates(ctx: &Ctx) -> Vec<Finding> {
    ctx.year
        .vacancies
        .referrals
        .iter()
        .filter_map(|r| {
            let msg = if r.feedback.is_some_and(|f| f < r.date) {
                format!(
                    "Дата обратной связи {} раньше даты направления {}: проверьте даты.",
                    r.feedback.map(date_ru).unwrap_or_default(),
                    date_ru(r.date)
                )
            } else if r.date > ctx.as_of {
                format!(
                    "Дата направления {} позже даты данных {}: проверьте дату.",
                    date_ru(r.date),
                    date_ru(ctx.as_of)
                )
            } else {
                return None;
            };
            Some(
                Finding::warning("referral.bad-dates", Place::line(&r.file, r.line), msg)
                    .with_graduate(&r.graduate),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{d, run_rule, run_rule_with};
    use crate::model::vacancy::{Referral, Source, Vacancy};
    use crate::model::year::CentreYear;

    fn vacancy(id: &str, posted: jiff::civil::Date) -> Vacancy {
        Vacancy {
            id: id.into(),
            source: Source::Opk,
            position: "Токарь".into(),
            employer: "АО «Завод»".into(),
            inn: String::new(),
            specialties: vec!["15.02.08".into()],
            salary_min: None,
            salary_max: None,
            address: String::new(),
            schedule: String::new(),
            places: None,
            posted: Some(posted),
            valid_until: None,
            url: String::new(),
            quoted: false,
            file: "data/vacancies/vacancies.csv".into(),
            line: 2,
        }
    }

    fn referral(
        graduate: &str,
        date: jiff::civil::Date,
        feedback: Option<jiff::civil::Date>,
    ) -> Referral {
        Referral {
            graduate: graduate.into(),
            vacancy: "В-1".into(),
            date,
            outcome: String::new(),
            feedback,
            file: "data/vacancies/referrals-2023.csv".into(),
            line: 3,
        }
    }

    fn year(refs: Vec<Referral>) -> CentreYear {
        let mut y = CentreYear::default();
        y.vacancies.items.push(vacancy("В-1", d(2023, 12, 1)));
        y.vacancies.referrals = refs;
        y
    }

    #[test]
    fn referral_without_feedback_after_14_days() {
        let y = year(vec![
            referral("1", d(2023, 11, 30), None),
            referral("2", d(2023, 12, 1), None),
            referral("3", d(2023, 11, 1), Some(d(2023, 11, 10))),
        ]);
        let f = run_rule("referral.no-feedback", &y, d(2023, 12, 15));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].graduate.as_deref(), Some("1"));
        assert!(f[0].message.contains("15 дн."));
        assert_eq!(f[0].place.line, Some(3));
    }

    #[test]
    fn no_current_vacancy() {
        let y = year(vec![]);
        assert!(run_rule("vacancy.none-current", &y, d(2023, 12, 15)).is_empty());
        assert_eq!(run_rule("vacancy.none-current", &y, d(2024, 3, 1)).len(), 1);
    }

    #[test]
    fn unknown_graduate_and_vacancy_and_dates() {
        use crate::check::monitoring::testing::{cohort, grad};
        let m = cohort(vec![(grad("1"), vec![])]);
        let mut r = referral("9", d(2023, 12, 1), Some(d(2023, 11, 20)));
        r.vacancy = "В-404".into();
        let y = year(vec![referral("1", d(2023, 12, 1), None), r]);
        let site = crate::model::site::Site::default();
        let f = run_rule_with("referral.unknown-graduate", &y, &m, &site, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].graduate.as_deref(), Some("9"));
        let f = run_rule("referral.unknown-vacancy", &y, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("В-404"));
        let f = run_rule("referral.bad-dates", &y, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("раньше даты направления"));
    }
}
