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
    Check { rule: Rule::warning("ovz.monitoring-missing", "Мониторинг мероприятий для обучающихся с ОВЗ и инвалидностью выпуска проведён до 26.05 (задача 3): есть data/ovz/measures-ГГГГ").example("data/monitoring/graduates-2022.csv: В выпуске 2022 года 6 выпускников с ОВЗ или инвалидностью, а мониторинг мероприятий по подготовке их к трудоустройству (срок — до 26.05.2022) не представлен. Внесите мероприятия в data/ovz/measures-2022.csv: дата, вид, участники (ID), предприятие, результат.").seed("Задача 3: до 26.05.2023 — Осуществление мониторинга мероприятий, в рамках подготовки к трудоустройству обучающихся с инвалидностью и ОВЗ"), run: ovz::monitoring_missing },
    Check { rule: Rule::warning("ovz.no-measure", "Каждый выпускник с ОВЗ или инвалидностью участвовал хотя бы в одном мероприятии до 26.05 (задача 3)").example("data/monitoring/graduates-2023.csv:144: Выпускник с ОВЗ не участвовал ни в одном мероприятии по подготовке к трудоустройству до 26.05.2023. Проведите с ним мероприятие (консультация, профпроба, стажировка) или укажите его ID в столбце «Участники» data/ovz/measures-2023.csv.").seed("Задача 3: до 26.05.2023 — Осуществление мониторинга мероприятий, в рамках подготовки к трудоустройству обучающихся с инвалидностью и ОВЗ"), run: ovz::no_measure },
    Check { rule: Rule::info("ovz.after-deadline", "Мероприятие после 26.05 не входит в мониторинг этого года (задача 3)").example("data/ovz/measures-2023.csv:8: Мероприятие от 30.05.2023 проведено после срока мониторинга 26.05.2023: в мониторинг выпуска 2023 года и показатели эффективности оно не входит. Если дата ошибочна, исправьте её.").seed("Задача 3: до 26.05.2023 — Осуществление мониторинга мероприятий, в рамках подготовки к трудоустройству обучающихся с инвалидностью и ОВЗ"), run: ovz::after_deadline },
    Check { rule: Rule::warning("ovz.future-date", "Дата мероприятия не позже даты отчёта").example("data/ovz/measures-2023.csv:2: Дата мероприятия 29.05.2023 позже даты отчёта 27.05.2023: мониторинг отражает проведённые мероприятия. Исправьте дату или внесите мероприятие после его проведения."), run: ovz::future_date },
    Check { rule: Rule::warning("ovz.unknown-participant", "ID участника мероприятия есть в списке выпускников этого выпуска").example("data/ovz/measures-2023.csv:8: Участника с ID «2023-143» нет в списке выпускников 2023 года (data/monitoring/graduates-2023.csv): исправьте ID."), run: ovz::unknown_participant },
    Check { rule: Rule::warning("ovz.participant-not-ovz", "Участник мероприятия для лиц с ОВЗ отмечен в списке выпускников как лицо с ОВЗ или инвалидностью").example("data/ovz/measures-2023.csv:2: Участник «3» в списке выпускников (data/monitoring/graduates-2023.csv, строка 2) не отмечен как лицо с ОВЗ или инвалидностью: исправьте столбцы «ОВЗ»/«Инвалидность» списка или уберите его из участников."), run: ovz::participant_not_ovz },
    Check { rule: Rule::warning("ovz.count-mismatch", "Число участников по нозологиям согласовано со списком выпускников").example("data/ovz/measures-2023.csv:8: С нарушениями задержкой психического развития указано 1 участн., а в выпуске 2023 года таких выпускников 0 (столбец «Нозология» в data/monitoring/graduates-2023.csv). Исправьте число или список выпускников."), run: ovz::count_mismatch },
    Check { rule: Rule::warning("abilympics.unknown-participant", "ID участника «Абилимпикс» есть в списках выпускников").example("data/ovz/abilympics-2023.csv:2: Участника «Абилимпикс» с ID «2023-001» нет в списках выпускников: укажите ID из списка выпускников (data/monitoring/graduates-ГГГГ.csv)."), run: ovz::abilympics_unknown },
    Check { rule: Rule::warning("abilympics.no-competence", "У участника «Абилимпикс» указана компетенция (задача 3: «с указанием компетенции»)").example("data/ovz/abilympics-2023.csv:4: Не указана компетенция участника «Абилимпикс»: алгоритм требует «участники Абилимпикс с указанием компетенции». Заполните столбец «Компетенция».").seed("Задача 3: до 26.05.2023 — · Участники Абилимпикс с указанием компетенции"), run: ovz::abilympics_no_competence },
    Check { rule: Rule::warning("abilympics.participant-not-ovz", "Участник «Абилимпикс» отмечен в списке выпускников как лицо с ОВЗ или инвалидностью").example("data/ovz/abilympics-2023.csv:2: Участник «Абилимпикс» «3» в списке выпускников (data/monitoring/graduates-2023.csv, строка 2) не отмечен как лицо с ОВЗ или инвалидностью: «Абилимпикс» — чемпионат для людей с инвалидностью. Исправьте список выпускников или ID."), run: ovz::abilympics_not_ovz },
    Check { rule: Rule::warning("fair.all-russian-missing", "Участие во Всероссийской ярмарке трудоустройства отражено к 26.05 (задача 3)").example("data/events/fairs-2022.yaml: Участие во Всероссийской ярмарке трудоустройства в 2022 году не отражено (мониторинг — до 26.05.2022). Добавьте ярмарку в data/events/fairs-2022.yaml с all_russian: true: дата, формат, работодатели, вакансии, участники, приглашения.").seed("Задача 3: до 26.05.2023 — · Всероссийская ярмарка трудоустройства"), run: fairs::all_russian_missing },
    Check { rule: Rule::warning("fair.counts", "Числа ярмарки согласованы: участники с ОВЗ и приглашения не больше участников").example("data/events/fairs-2023.yaml:2: Ярмарка «Всероссийская ярмарка трудоустройства»: 40 вакансий без работодателей. Укажите employers — число работодателей."), run: fairs::counts },
    Check { rule: Rule::warning("checklist.no-evidence", "Пункт чек-листа Минпросвещения с ответом «да» или «частично» подтверждён (evidence)").example("data/reference/checklist.yaml:43: Пункт чек-листа «Выпускникам выдаются приглашения к трудоустройству по рекомендациям о порядке их выдачи»: ответ «частично» без подтверждения. Укажите в evidence документ, ссылку или страницу раздела.").seed("Задача 3: до 01.07.2023 — Анализ результативности деятельности ЦСТВ на основе региональных критериев эффективности деятельности ЦСТВ и чек –листа мероприятий по содействию занятости выпускников Минпросвещения РФ"), run: checklist::no_evidence },
    Check { rule: Rule::info("checklist.unanswered", "На каждый пункт чек-листа Минпросвещения дан ответ").example("data/reference/checklist.yaml:47: Пункт чек-листа «Карточка организации в АИС сформирована до 01.09» без ответа: укажите answer — да, частично или нет.").seed("Задача 3: до 01.07.2023 — Анализ результативности деятельности ЦСТВ на основе региональных критериев эффективности деятельности ЦСТВ и чек –листа мероприятий по содействию занятости выпускников Минпросвещения РФ"), run: checklist::unanswered },
    Check { rule: Rule::info("effectiveness.no-data", "Для каждого критерия эффективности есть данные (иначе в отчёте «нет данных»)").example("data/reference/effectiveness.yaml:64: Критерий «Участники ярмарок трудоустройства»: нет данных — нет файла data/events/fairs-2022.yaml. В отчёте об эффективности он показан как «нет данных» и баллов не даёт.").seed("Задача 3: до 01.07.2023 — Анализ результативности деятельности ЦСТВ на основе региональных критериев эффективности деятельности ЦСТВ"), run: checklist::no_data },
];

/// Findings reported by the loaders of this family (all errors: the line cannot be used).
#[rustfmt::skip]
pub const LOAD_RULES: &[Rule] = &[
    Rule::error("ovz.bad-value", "Строка журнала мероприятий для лиц с ОВЗ записана неверно").example("data/ovz/measures-2023.csv:3: Дата мероприятия: «31.02.2023» — такой даты нет в календаре: проверьте день и месяц. Строка не учтена."),
    Rule::error("abilympics.bad-value", "Строка списка участников «Абилимпикс» записана неверно").example("data/ovz/abilympics-2023.csv:3: Уровень «участие» не распознан: укажите «региональный» или «национальный»."),
    Rule::error("fair.bad-value", "Файл ярмарок не читается").example("data/events/fairs-2023.yaml: Не удалось прочитать файл: это папка, а не файл (Is a directory (os error 21))."),
    Rule::error("effectiveness.unknown-indicator", "В критерии эффективности показатель не из списка vypusk").example("data/reference/effectiveness.yaml:7:5: criteria[1]: «risk_shar» — неизвестный показатель. Возможно, имелось в виду «risk_share». Показатель выбирается из списка: employed_share, risk_share, ovz_employed_share, …"),
    Rule::error("effectiveness.bad-threshold", "Порог или шкала критерия эффективности записаны неверно").example("data/reference/effectiveness.yaml:5:5: Критерий «employment»: не указаны баллы (points) за выполнение порога."),
    Rule::error("effectiveness.duplicate-id", "Идентификатор (id) критерия эффективности повторяется").example("data/reference/effectiveness.yaml:7:3: Критерий «employment» указан дважды: у каждого критерия свой id."),
    Rule::error("effectiveness.bad-date", "Дата критерия эффективности записана неверно или не нужна его показателю").example("data/reference/effectiveness.yaml:10:5: Критерий «risk»: показатель «plan_on_time» берётся не на дату — уберите on (дата задаётся только для employed_share, risk_share, ovz_employed_share)."),
    Rule::error("checklist.bad-answer", "Ответ пункта чек-листа не «да», «частично» или «нет»").example("data/reference/checklist.yaml:6:5: items[1]: «может быть» — ответ пункта чек-листа: укажите «да», «частично» или «нет»."),
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
