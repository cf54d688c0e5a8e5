//! Rules about the centre's own year of work: the plan, referrals' feedback, the risk group's
//! casework, the AIS organisation card and the base centre's recommendations.
//!
//! Same pattern as [`crate::check::monitoring`]: each rule is one function with a stable id and
//! a Russian message, registered in [`RULES`], with tests that plant its violation.

mod card;
pub mod compliance;
mod plan;
mod risk;
mod vacancies;

use crate::config::Config;
use crate::diag::Finding;
use crate::model::monitoring::Monitoring;
use crate::model::site::Site;
use crate::model::year::CentreYear;
use jiff::civil::Date;

/// What a rule sees: the whole project, read-only.
pub struct Ctx<'a> {
    pub year: &'a CentreYear,
    pub m: &'a Monitoring,
    pub site: &'a Site,
    pub config: &'a Config,
    pub as_of: Date,
}

/// A registered rule.
pub struct Rule {
    pub id: &'static str,
    /// One line in Russian, for documentation.
    pub about: &'static str,
    pub run: fn(&Ctx) -> Vec<Finding>,
}

pub const RULES: &[Rule] = &[
    Rule {
        id: "plan.missing",
        about: "План работы ЦСТВ на текущий учебный год есть в data/plan.yaml",
        run: plan::missing,
    },
    Rule {
        id: "plan.other-year",
        about: "План работы — на текущий учебный год, а не на другой",
        run: plan::other_year,
    },
    Rule {
        id: "plan.not-approved",
        about: "План утверждён: дата и кто утвердил",
        run: plan::not_approved,
    },
    Rule {
        id: "plan.published-late",
        about: "План утверждён и размещён до 01.09",
        run: plan::published_late,
    },
    Rule {
        id: "plan.overdue",
        about: "Срок действия плана прошёл, а оно не выполнено",
        run: plan::overdue,
    },
    Rule {
        id: "plan.due-soon",
        about: "Срок действия плана наступает в ближайшие дни",
        run: plan::due_soon,
    },
    Rule { id: "vacancy.none-current", about: "Есть хотя бы одна актуальная вакансия", run: vacancies::none_current },
    Rule { id: "referral.no-feedback", about: "По каждому направлению на вакансию получена обратная связь в срок (задача 4)", run: vacancies::no_feedback },
    Rule { id: "referral.unknown-graduate", about: "ID выпускника в направлении есть в списках выпускников", run: vacancies::unknown_graduate },
    Rule { id: "referral.unknown-vacancy", about: "Вакансия направления есть в списке вакансий", run: vacancies::unknown_vacancy },
    Rule { id: "referral.bad-dates", about: "Даты направления и обратной связи согласованы", run: vacancies::bad_dates },
    Rule { id: "risk.no-measure", about: "С каждым выпускником группы риска проводятся меры не реже раза в rules.risk_measure_days дней", run: risk::no_measure },
    Rule { id: "measure.unknown-graduate", about: "ID выпускника в журнале мер есть в списках выпускников", run: risk::unknown_graduate },
    Rule { id: "ais-card.missing-field", about: "Карточка организации в АИС: заполнено каждое поле", run: card::missing_field },
    Rule { id: "compliance.part-missing", about: "Раздел соответствует рекомендациям БЦСТВ: каждая обязательная часть подтверждена данными", run: compliance::part_missing },
    Rule { id: "compliance.score", about: "Итог соответствия рекомендациям БЦСТВ (частей выполнено из обязательных)", run: compliance::score },
];

/// Findings reported by the loaders of this family.
pub const LOAD_RULES: &[(&str, &str)] = &[
    ("plan.unreadable", "Файл плана не читается"),
    (
        "plan.bad-deadline",
        "Срок или действие плана записаны неверно",
    ),
    (
        "vacancy.bad-value",
        "Значение в списке вакансий записано неверно",
    ),
    (
        "vacancy.unknown-specialty",
        "Специальности вакансии нет в справочнике",
    ),
    (
        "vacancy.import-unreadable",
        "Выгрузка «Работа России» не читается",
    ),
    (
        "vacancy.no-region-code",
        "Не задан код региона для выгрузки «Работа России»",
    ),
    (
        "referral.bad-value",
        "Дата в журнале направлений записана неверно",
    ),
    (
        "measure.bad-value",
        "Строка журнала мер по группе риска записана неверно",
    ),
];

/// Run every rule.
pub fn run(ctx: &Ctx) -> Vec<Finding> {
    RULES.iter().flat_map(|r| (r.run)(ctx)).collect()
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    pub fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    /// The example project's configuration.
    pub fn config() -> Config {
        crate::load::monitoring::tests::config()
    }

    /// Findings of rule `id` over `year` on `as_of`, with empty monitoring and site.
    pub fn run_rule(id: &str, year: &CentreYear, as_of: Date) -> Vec<Finding> {
        run_rule_with(id, year, &Monitoring::default(), &Site::default(), as_of)
    }

    pub fn run_rule_with(
        id: &str,
        year: &CentreYear,
        m: &Monitoring,
        site: &Site,
        as_of: Date,
    ) -> Vec<Finding> {
        let rule = RULES.iter().find(|r| r.id == id).expect("rule registered");
        let config = config();
        let ctx = Ctx {
            year,
            m,
            site,
            config: &config,
            as_of,
        };
        let out = (rule.run)(&ctx);
        for f in &out {
            assert_eq!(f.rule, id, "a rule reports under its own id");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique() {
        let mut ids: Vec<&str> = RULES
            .iter()
            .map(|r| r.id)
            .chain(LOAD_RULES.iter().map(|(id, _)| *id))
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
