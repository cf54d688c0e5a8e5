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
    Check { rule: Rule::warning("plan.missing", "План работы ЦСТВ на текущий учебный год есть в data/plan.yaml").example("data/plan.yaml: Нет плана работы ЦСТВ на 2023-2024 учебный год: создайте data/plan.yaml (задачи, действия, сроки, ответственные) — план утверждается и размещается в разделе до 01.09.").seed("Задача 1: до 01.09.2023 — Формирование, утверждение и размещение плана работы центра содействия трудоустройству выпускников на 2023-2024 гг."), run: plan::missing },
    Check { rule: Rule::error("plan.other-year", "План работы — на текущий учебный год, а не на другой").example("data/plan.yaml:1: План работы составлен на 2022-2023 учебный год, а на 15.12.2023 идёт 2023-2024 учебный год: составьте, утвердите и разместите план на текущий год (academic_year: 2023-2024).").seed("Задача 1: до 01.09.2023 — Формирование, утверждение и размещение плана работы центра содействия трудоустройству выпускников на 2023-2024 гг."), run: plan::other_year },
    Check { rule: Rule::error("plan.not-approved", "План утверждён: дата и кто утвердил").example("data/plan.yaml:1: План работы не утверждён: не указаны дата утверждения (approved.date). План утверждает руководитель колледжа.").seed("Задача 1: до 01.09.2023 — Формирование, утверждение и размещение плана работы центра содействия трудоустройству выпускников на 2023-2024 гг."), run: plan::not_approved },
    Check { rule: Rule::warning("plan.published-late", "План утверждён и размещён до 01.09").example("data/plan.yaml:1: План размещён 15.09.2023, позже срока 01.09.2023. План работы ЦСТВ утверждается и размещается в разделе до 01.09.2023.").seed("Задача 1: до 01.09.2023 — Формирование, утверждение и размещение плана работы центра содействия трудоустройству выпускников на 2023-2024 гг."), run: plan::published_late },
    Check { rule: Rule::warning("plan.overdue", "Срок действия плана прошёл, а оно не выполнено").example("data/plan.yaml:10: Задача 1: «Сверка» (срок: до 20.12.2023) — срок 20.12.2023 прошёл, а действие не отмечено выполненным. Выполните его и укажите status: { done: ДД.ММ.ГГГГ } и подтверждение (evidence), или отмените (status: cancelled)."), run: plan::overdue },
    Check { rule: Rule::info("plan.due-soon", "Срок действия плана наступает в ближайшие дни").example("data/plan.yaml:10: Задача 1: «Сверка» (срок: до 20.12.2023) — срок 20.12.2023 наступает через 5 дн."), run: plan::due_soon },
    Check { rule: Rule::warning("vacancy.none-current", "Есть хотя бы одна актуальная вакансия").example("data/vacancies: На 15.12.2023 нет ни одной актуальной вакансии (0 в списках, все просрочены или их нет): добавьте вакансии в data/vacancies/vacancies.csv или выгрузку «Работа России» в data/vacancies/trudvsem.").seed("Задача 4: весь период — Организация работы по закрытию кадровой потребности предприятий · Вакансии от прямых работодателей · Вакансии от предприятий ОПК · Банк вакансий АИС"), run: vacancies::none_current },
    Check { rule: Rule::warning("referral.no-feedback", "По каждому направлению на вакансию получена обратная связь в срок (задача 4)").example("data/vacancies/referrals-2023.csv:19: Направление на вакансию «В-003» от 22.11.2023: нет обратной связи уже 23 дн. (срок — 14 дн.). Узнайте у работодателя и выпускника, чем закончилось, и заполните «Результат» и «Дата обратной связи».").seed("Задача 4: Организация работы по закрытию кадровой потребности предприятий · !!! Обратная связь"), run: vacancies::no_feedback },
    Check { rule: Rule::warning("referral.unknown-graduate", "ID выпускника в направлении есть в списках выпускников").example("data/vacancies/referrals-2023.csv:10: Выпускника с ID «2023-113» нет в списках выпускников data/monitoring/: исправьте ID."), run: vacancies::unknown_graduate },
    Check { rule: Rule::warning("referral.unknown-vacancy", "Вакансия направления есть в списке вакансий").example("data/vacancies/referrals-2023.csv:3: Вакансии с ID «В-404» нет ни в своём списке, ни в импортированных: укажите ID вакансии из data/vacancies/vacancies.csv или номер вакансии «Работа России»."), run: vacancies::unknown_vacancy },
    Check { rule: Rule::warning("referral.bad-dates", "Даты направления и обратной связи согласованы").example("data/vacancies/referrals-2023.csv:3: Дата обратной связи 20.11.2023 раньше даты направления 01.12.2023: проверьте даты."), run: vacancies::bad_dates },
    Check { rule: Rule::warning("risk.no-measure", "С каждым выпускником группы риска проводятся меры не реже раза в rules.risk_measure_days дней").example("data/monitoring/graduates-2023.csv:125: Выпускник 2023 года в группе риска с 01.11.2023, а за последние 30 дн. с ним не проведено ни одной меры (мер не было). Проведите профориентацию, подберите вакансии или направьте на вакансию и внесите меру в журнал data/monitoring/measures-2023.csv.").seed("Задача 4: весь период — Организация работы с группой риска · Профориентация · Подбор вакансий · !!! Обратная связь"), run: risk::no_measure },
    Check { rule: Rule::warning("measure.unknown-graduate", "ID выпускника в журнале мер есть в списках выпускников").example("data/monitoring/measures-2023.csv:10: Выпускника с ID «2023-023» нет в списках выпускников: исправьте ID."), run: risk::unknown_graduate },
    Check { rule: Rule::warning("ais-card.missing-field", "Карточка организации в АИС: заполнено каждое поле").example("vypusk.yaml: Карточка организации в АИС: не заполнено поле «Телефон ЦСТВ». Укажите centre.phone в vypusk.yaml.").seed("Задача 4: до 01.09.2023 — Формирование карточки организации в АИС"), run: card::missing_field },
    Check { rule: Rule::warning("compliance.part-missing", "Раздел соответствует рекомендациям БЦСТВ: каждая обязательная часть подтверждена данными").example("data/reference/recommendations.yaml:18: Рекомендации БЦСТВ: часть «Контакты центра и график работы» не выполнена — нет опубликованной страницы с телефоном или эл. почтой центра.").seed("Задача 1: Актуализация информации в разделе ЦСТВ на сайте ПОО · Соответствие рекомендациям БЦСТВ"), run: compliance::part_missing },
    Check { rule: Rule::info("compliance.score", "Итог соответствия рекомендациям БЦСТВ (частей выполнено из обязательных)").example("data/reference/recommendations.yaml: Соответствие раздела рекомендациям БЦСТВ: выполнено 8 из 8 частей (100,0 %). Подробно — в отчёте «Соответствие раздела рекомендациям БЦСТВ».").seed("Задача 1: Актуализация информации в разделе ЦСТВ на сайте ПОО · Соответствие рекомендациям БЦСТВ"), run: compliance::score },
];

/// Findings reported by the loaders of this family.
#[rustfmt::skip]
pub const LOAD_RULES: &[Rule] = &[
    Rule::error("plan.unreadable", "Файл плана не читается").example("data/plan.yaml: Не удалось прочитать план работы: Is a directory (os error 21)."),
    Rule::error("plan.bad-deadline", "Срок или действие плана записаны неверно").example("data/plan.yaml:14: Срок «до 40 числа каждого месяца»: число должно быть от 1 до 31."),
    Rule::error("vacancy.bad-value", "Значение в списке вакансий записано неверно").example("data/vacancies/vacancies.csv:4: В столбце «Зарплата от» значение «пятьдесят», а ожидается целое число без знаков."),
    Rule::warning("vacancy.unknown-specialty", "Специальности вакансии нет в справочнике").example("data/vacancies/vacancies.csv:4: Специальности «99.99.99» нет в справочнике data/reference/specialties.yaml: вакансия под ней не показывается. Укажите код вида 15.02.08 из справочника."),
    Rule::error("vacancy.import-unreadable", "Выгрузка «Работа России» не читается").example("data/vacancies/trudvsem/b.json: Файл не читается как выгрузка «Работа России» (JSON): EOF while parsing a list at line 1 column 15. Скачайте файл заново с портала открытых данных."),
    Rule::warning("vacancy.no-region-code", "Не задан код региона для выгрузки «Работа России»").example("data/vacancies/import.yaml: В выгрузке data/vacancies/trudvsem/a.json регион указан только кодом, а код региона не задан: вакансии из неё не импортированы. Укажите region_code в data/vacancies/import.yaml (например, \"63\" для Самарской области)."),
    Rule::error("referral.bad-value", "Дата в журнале направлений записана неверно").example("data/vacancies/referrals-2023.csv:3: Дата направления: «1 декабря» — не дата: ожидается ДД.ММ.ГГГГ (например, 01.09.2023) или ГГГГ-ММ-ДД."),
    Rule::error("measure.bad-value", "Строка журнала мер по группе риска записана неверно").example("data/monitoring/measures-2023.csv:3: Дата меры: «31.11.2023» — такой даты нет в календаре: проверьте день и месяц."),
];

/// Run every rule.
pub fn run(ctx: &Ctx) -> Vec<Finding> {
    RULES.iter().flat_map(|r| (r.run)(ctx)).collect()
}

/// The rules that read the site's pages (`ctx.site`): after an edit of pages only, `serve`
/// runs these again and keeps the findings of the others (the risk-group rules over every
/// graduate among them).
pub const PAGE_RULES: &[&str] = &["compliance.part-missing", "compliance.score"];

/// Run the rules of [`PAGE_RULES`] only.
pub fn run_pages(ctx: &Ctx) -> Vec<Finding> {
    RULES
        .iter()
        .filter(|r| PAGE_RULES.contains(&r.id))
        .flat_map(|r| (r.run)(ctx))
        .collect()
}

#[cfg(test)]
mod page_rules_tests {
    use super::*;

    #[test]
    fn page_rules_are_registered() {
        for id in PAGE_RULES {
            assert!(RULES.iter().any(|r| r.id == *id), "{id} is a rule");
        }
    }

    /// The rules not listed in `PAGE_RULES` give the same findings whatever the pages are:
    /// the example project with its site and with none.
    #[test]
    fn other_rules_do_not_read_pages() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (p, _) = crate::pipeline::load(root, None).unwrap();
        let p = p.unwrap();
        let empty = Site::default();
        let run_with = |site: &Site, pages: bool| -> Vec<String> {
            let ctx = Ctx {
                year: &p.year,
                m: &p.monitoring,
                site,
                config: &p.config,
                as_of: p.as_of,
            };
            RULES
                .iter()
                .filter(|r| PAGE_RULES.contains(&r.id) == pages)
                .flat_map(|r| (r.run)(&ctx))
                .map(|f| format!("{f:?}"))
                .collect()
        };
        let kept = run_with(&p.site, false);
        assert!(!kept.is_empty(), "the example has findings of other rules");
        assert_eq!(kept, run_with(&empty, false));
        // And the page rules do read them: without pages their findings differ.
        assert_ne!(run_with(&p.site, true), run_with(&empty, true));
    }
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
