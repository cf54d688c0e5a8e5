//! Seed task 3 — the effectiveness of the centre: the monitoring of measures for students with
//! disabilities and ОВЗ by 26.05 (Абилимпикс with competences, the All-Russian job fair), the
//! regional criteria and the Ministry's checklist.
//!
//! Same pattern as [`crate::check::monitoring`]: each rule is one function with a stable id and
//! a Russian message, registered in [`RULES`], with tests that plant its violation. Rules see
//! the same project view as [`crate::check::year`].

mod checklist;
mod fairs;
mod ovz;

use crate::check::rules::Rule;
use crate::config::Config;
use crate::diag::Finding;
use crate::model::monitoring::Monitoring;
use crate::model::opk::Opk;
use crate::model::year::CentreYear;
use jiff::civil::Date;

/// What a rule sees: the centre's year, the monitoring and the ОПК forms, read-only.
pub struct Ctx<'a> {
    pub year: &'a CentreYear,
    pub m: &'a Monitoring,
    /// `None` where a caller has no ОПК data at hand (the indicator is then «нет данных»).
    pub opk: Option<&'a Opk>,
    pub config: &'a Config,
    pub as_of: Date,
}

impl<'a> Ctx<'a> {
    /// The same view for [`crate::compute::effectiveness`].
    pub fn inputs(&self) -> crate::compute::effectiveness::Inputs<'a> {
        crate::compute::effectiveness::Inputs {
            m: self.m,
            year: self.year,
            opk: self.opk,
            config: self.config,
            as_of: self.as_of,
        }
    }
}

crate::check::rules::checks!(Ctx; LOAD_RULES);

#[rustfmt::skip]
pub const RULES: &[Check] = &[
    Check { rule: Rule::warning("ovz.monitoring-missing", "Мониторинг мероприятий для обучающихся с ОВЗ и инвалидностью выпуска проведён до 26.05 (задача 3): есть data/ovz/measures-ГГГГ").seed("Задача 3: до 26.05.2023 — Осуществление мониторинга мероприятий, в рамках подготовки к трудоустройству обучающихся с инвалидностью и ОВЗ"), run: ovz::monitoring_missing },
    Check { rule: Rule::warning("ovz.no-measure", "Каждый выпускник с ОВЗ или инвалидностью участвовал хотя бы в одном мероприятии до 26.05 (задача 3)").seed("Задача 3: до 26.05.2023 — Осуществление мониторинга мероприятий, в рамках подготовки к трудоустройству обучающихся с инвалидностью и ОВЗ"), run: ovz::no_measure },
    Check { rule: Rule::info("ovz.after-deadline", "Мероприятие после 26.05 не входит в мониторинг этого года (задача 3)").seed("Задача 3: до 26.05.2023 — Осуществление мониторинга мероприятий, в рамках подготовки к трудоустройству обучающихся с инвалидностью и ОВЗ"), run: ovz::after_deadline },
    Check { rule: Rule::warning("ovz.future-date", "Дата мероприятия не позже даты отчёта"), run: ovz::future_date },
    Check { rule: Rule::warning("ovz.unknown-participant", "ID участника мероприятия есть в списке выпускников этого выпуска"), run: ovz::unknown_participant },
    Check { rule: Rule::warning("ovz.participant-not-ovz", "Участник мероприятия для лиц с ОВЗ отмечен в списке выпускников как лицо с ОВЗ или инвалидностью"), run: ovz::participant_not_ovz },
    Check { rule: Rule::warning("ovz.count-mismatch", "Число участников по нозологиям согласовано со списком выпускников"), run: ovz::count_mismatch },
    Check { rule: Rule::warning("abilympics.unknown-participant", "ID участника «Абилимпикс» есть в списках выпускников"), run: ovz::abilympics_unknown },
    Check { rule: Rule::warning("abilympics.no-competence", "У участника «Абилимпикс» указана компетенция (задача 3: «с указанием компетенции»)").seed("Задача 3: до 26.05.2023 — · Участники Абилимпикс с указанием компетенции"), run: ovz::abilympics_no_competence },
    Check { rule: Rule::warning("abilympics.participant-not-ovz", "Участник «Абилимпикс» отмечен в списке выпускников как лицо с ОВЗ или инвалидностью"), run: ovz::abilympics_not_ovz },
    Check { rule: Rule::warning("fair.all-russian-missing", "Участие во Всероссийской ярмарке трудоустройства отражено к 26.05 (задача 3)").seed("Задача 3: до 26.05.2023 — · Всероссийская ярмарка трудоустройства"), run: fairs::all_russian_missing },
    Check { rule: Rule::warning("fair.counts", "Числа ярмарки согласованы: участники с ОВЗ и приглашения не больше участников"), run: fairs::counts },
    Check { rule: Rule::warning("checklist.no-evidence", "Пункт чек-листа Минпросвещения с ответом «да» или «частично» подтверждён (evidence)").seed("Задача 3: до 01.07.2023 — Анализ результативности деятельности ЦСТВ на основе региональных критериев эффективности деятельности ЦСТВ и чек –листа мероприятий по содействию занятости выпускников Минпросвещения РФ"), run: checklist::no_evidence },
    Check { rule: Rule::info("checklist.unanswered", "На каждый пункт чек-листа Минпросвещения дан ответ").seed("Задача 3: до 01.07.2023 — Анализ результативности деятельности ЦСТВ на основе региональных критериев эффективности деятельности ЦСТВ и чек –листа мероприятий по содействию занятости выпускников Минпросвещения РФ"), run: checklist::unanswered },
    Check { rule: Rule::info("effectiveness.no-data", "Для каждого критерия эффективности есть данные (иначе в отчёте «нет данных»)").seed("Задача 3: до 01.07.2023 — Анализ результативности деятельности ЦСТВ на основе региональных критериев эффективности деятельности ЦСТВ"), run: checklist::no_data },
];

/// Findings reported by the loaders of this family (all errors: the line cannot be used).
#[rustfmt::skip]
pub const LOAD_RULES: &[Rule] = &[
    Rule::error("ovz.bad-value", "Строка журнала мероприятий для лиц с ОВЗ записана неверно"),
    Rule::error("abilympics.bad-value", "Строка списка участников «Абилимпикс» записана неверно"),
    Rule::error("fair.bad-value", "Файл ярмарок не читается"),
    Rule::error("effectiveness.unknown-indicator", "В критерии эффективности показатель не из списка vypusk"),
    Rule::error("effectiveness.bad-threshold", "Порог или шкала критерия эффективности записаны неверно"),
    Rule::error("effectiveness.duplicate-id", "Идентификатор (id) критерия эффективности повторяется"),
    Rule::error("effectiveness.bad-date", "Дата критерия эффективности записана неверно или не нужна его показателю"),
    Rule::error("checklist.bad-answer", "Ответ пункта чек-листа не «да», «частично» или «нет»"),
];

/// Run every rule.
pub fn run(ctx: &Ctx) -> Vec<Finding> {
    RULES.iter().flat_map(|r| (r.run)(ctx)).collect()
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// Findings of rule `id`; each must carry that id.
    pub fn run_rule(id: &str, year: &CentreYear, m: &Monitoring, as_of: Date) -> Vec<Finding> {
        let rule = RULES.iter().find(|r| r.id == id).expect("rule registered");
        let config = crate::check::year::testing::config();
        let ctx = Ctx {
            year,
            m,
            opk: None,
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
    fn rule_ids_are_unique_and_every_rule_has_a_planted_test() {
        let mut ids: Vec<&str> = RULES
            .iter()
            .map(|r| r.id)
            .chain(LOAD_RULES.iter().map(|r| r.id))
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
        // Each rule's id is named in a test of this family (a test that plants it).
        let sources = [
            include_str!("ovz.rs"),
            include_str!("fairs.rs"),
            include_str!("checklist.rs"),
            include_str!("../../load/ovz.rs"),
            include_str!("../../load/effectiveness.rs"),
        ];
        for id in ids {
            let tested = sources.iter().any(|s| {
                s.split("#[cfg(test)]")
                    .nth(1)
                    .is_some_and(|t| t.contains(&format!("\"{id}\"")))
            });
            assert!(tested, "no test plants {id}");
        }
    }
}
