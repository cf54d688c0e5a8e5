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

use crate::check::rules::Rule;
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

crate::check::rules::checks!(Ctx; LOAD_RULES);

#[rustfmt::skip]
pub const RULES: &[Check] = &[
    Check { rule: Rule::warning("plan.missing", "План работы ЦСТВ на текущий учебный год есть в data/plan.yaml").seed("Задача 1: до 01.09.2023 — Формирование, утверждение и размещение плана работы центра содействия трудоустройству выпускников на 2023-2024 гг."), run: plan::missing },
    Check { rule: Rule::error("plan.other-year", "План работы — на текущий учебный год, а не на другой").seed("Задача 1: до 01.09.2023 — Формирование, утверждение и размещение плана работы центра содействия трудоустройству выпускников на 2023-2024 гг."), run: plan::other_year },
    Check { rule: Rule::error("plan.not-approved", "План утверждён: дата и кто утвердил").seed("Задача 1: до 01.09.2023 — Формирование, утверждение и размещение плана работы центра содействия трудоустройству выпускников на 2023-2024 гг."), run: plan::not_approved },
    Check { rule: Rule::warning("plan.published-late", "План утверждён и размещён до 01.09").seed("Задача 1: до 01.09.2023 — Формирование, утверждение и размещение плана работы центра содействия трудоустройству выпускников на 2023-2024 гг."), run: plan::published_late },
    Check { rule: Rule::warning("plan.overdue", "Срок действия плана прошёл, а оно не выполнено"), run: plan::overdue },
    Check { rule: Rule::info("plan.due-soon", "Срок действия плана наступает в ближайшие дни"), run: plan::due_soon },
    Check { rule: Rule::warning("vacancy.none-current", "Есть хотя бы одна актуальная вакансия").seed("Задача 4: весь период — Организация работы по закрытию кадровой потребности предприятий · Вакансии от прямых работодателей · Вакансии от предприятий ОПК · Банк вакансий АИС"), run: vacancies::none_current },
    Check { rule: Rule::warning("referral.no-feedback", "По каждому направлению на вакансию получена обратная связь в срок (задача 4)").seed("Задача 4: Организация работы по закрытию кадровой потребности предприятий · !!! Обратная связь"), run: vacancies::no_feedback },
    Check { rule: Rule::warning("referral.unknown-graduate", "ID выпускника в направлении есть в списках выпускников"), run: vacancies::unknown_graduate },
    Check { rule: Rule::warning("referral.unknown-vacancy", "Вакансия направления есть в списке вакансий"), run: vacancies::unknown_vacancy },
    Check { rule: Rule::warning("referral.bad-dates", "Даты направления и обратной связи согласованы"), run: vacancies::bad_dates },
    Check { rule: Rule::warning("risk.no-measure", "С каждым выпускником группы риска проводятся меры не реже раза в rules.risk_measure_days дней").seed("Задача 4: весь период — Организация работы с группой риска · Профориентация · Подбор вакансий · !!! Обратная связь"), run: risk::no_measure },
    Check { rule: Rule::warning("measure.unknown-graduate", "ID выпускника в журнале мер есть в списках выпускников"), run: risk::unknown_graduate },
    Check { rule: Rule::warning("ais-card.missing-field", "Карточка организации в АИС: заполнено каждое поле").seed("Задача 4: до 01.09.2023 — Формирование карточки организации в АИС"), run: card::missing_field },
    Check { rule: Rule::warning("compliance.part-missing", "Раздел соответствует рекомендациям БЦСТВ: каждая обязательная часть подтверждена данными").seed("Задача 1: Актуализация информации в разделе ЦСТВ на сайте ПОО · Соответствие рекомендациям БЦСТВ"), run: compliance::part_missing },
    Check { rule: Rule::info("compliance.score", "Итог соответствия рекомендациям БЦСТВ (частей выполнено из обязательных)").seed("Задача 1: Актуализация информации в разделе ЦСТВ на сайте ПОО · Соответствие рекомендациям БЦСТВ"), run: compliance::score },
];

/// Findings reported by the loaders of this family.
#[rustfmt::skip]
pub const LOAD_RULES: &[Rule] = &[
    Rule::error("plan.unreadable", "Файл плана не читается"),
    Rule::error("plan.bad-deadline", "Срок или действие плана записаны неверно"),
    Rule::error("vacancy.bad-value", "Значение в списке вакансий записано неверно"),
    Rule::warning("vacancy.unknown-specialty", "Специальности вакансии нет в справочнике"),
    Rule::error("vacancy.import-unreadable", "Выгрузка «Работа России» не читается"),
    Rule::warning("vacancy.no-region-code", "Не задан код региона для выгрузки «Работа России»"),
    Rule::error("referral.bad-value", "Дата в журнале направлений записана неверно"),
    Rule::error("measure.bad-value", "Строка журнала мер по группе риска записана неверно"),
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
