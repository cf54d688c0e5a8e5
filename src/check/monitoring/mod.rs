//! The regional algorithm's rules (domain.md 1–10) over the monitoring model.
//!
//! Each rule is one small function with a stable id, registered in [`RULES`]; it looks at one
//! cohort and returns findings with a Russian message saying what is wrong, where (file, line,
//! graduate ID) and what to do. Input-integrity problems found while reading files are listed
//! in [`LOAD_RULES`] (the loader reports them).
//!
//! Severity: an error means the figures cannot be trusted (unreadable input, signed contingent
//! that contradicts itself or the graduate list, unknown specialty); a questionable track entry
//! is a warning to correct in the AIS, and «goes to risk» is applied in every computed figure
//! anyway, so one wrong date does not stop the college's section from being published.

mod contingent;
mod dates;
mod integrity;
mod returns;
mod timeliness;
pub(crate) mod track;

use crate::check::rules::Rule;
use crate::config::rules::RuleSettings;
use crate::config::Config;
use crate::diag::Finding;
use crate::model::monitoring::{Cohort, Monitoring};
use jiff::civil::Date;
use rayon::prelude::*;

/// What a rule sees: one cohort, with the whole monitoring for reference data.
pub struct Ctx<'a> {
    pub m: &'a Monitoring,
    pub cohort: &'a Cohort,
    pub rules: &'a RuleSettings,
    pub as_of: Date,
}

crate::check::rules::checks!(Ctx; LOAD_RULES, REASONS);

/// Every rule over the model, in the order of domain.md.
#[rustfmt::skip]
pub const RULES: &[Check] = &[
    Check { rule: Rule::warning("track.conscription-disability", "«Призыв в ВС РФ» не ставится лицам с ОВЗ и инвалидам (правило 1)").seed("Задача 5: · «Призыв ВС РФ» не ставить категории «Лица с ОВЗ\\инвалиды»"), run: track::conscription_disability },
    Check { rule: Rule::warning("track.conscription-window", "«Призыв в ВС РФ» — только в периоды призыва 01.04–30.07 и 01.10–31.12 (правило 2)").seed("Задача 2: · «Призыв в ВС РФ» с 01.04.по 30.07. и с 01.10. по 31.12.2023"), run: track::conscription_window },
    Check { rule: Rule::warning("track.continued-education-window", "«Продолжили обучение» вносится с августа по декабрь (правило 3)").seed("Задача 2: · «Продолжили обучение» с августа по декабрь"), run: track::continued_education_window },
    Check { rule: Rule::warning("track.czn-document", "ЦЗН: нужен документ, подтверждающий статус и снятие с учёта (правило 4)").seed("Задача 2: · ЦЗН-документальное подтверждение статуса о снятии с учета"), run: track::czn_document },
    Check { rule: Rule::warning("track.specialty-position", "Специальность — предприятие — должность должны соответствовать; иначе «Риск» (правило 5)").seed("Задача 2: · Контроль соответствия данных: направление подготовки-предприятия-должность-при данной ошибке перевод администратором выпускника в «Риск нетрудоустройства»"), run: track::specialty_position },
    Check { rule: Rule::warning("track.opk-specialty-position", "ОПК: несоответствие специальности и должности — уточнение данных у ответственного ЦСТВ, не «Риск» (правило 5, задача 2)").seed("Задача 2: Актуализация данных трудоустройства на предприятия ОПК · Контроль соответствия данных: направление подготовки-предприятия-должность- при данной ошибке- уточнение данных у ответственного ЦСТВ"), run: track::opk_specialty_position },
    Check { rule: Rule::warning("track.target-contract", "Выпускник с целевым договором трудоустраивается на предприятие по договору (правило 6)").seed("Задача 5: · Целевое обучение-приоритетно трудоустройство на предприятие по договору целевого обучения"), run: track::target_contract },
    Check { rule: Rule::warning("track.no-actual-data", "С 01.11 года выпуска выпускник без фактических данных — в «Риск» (правило 7)").seed("Задача 5: с 01.11.2023 · Перевод оставшихся выпускников без фактических данных в «Риск нетрудоустройства»"), run: track::no_actual_data },
    Check { rule: Rule::warning("track.mass-return", "Массовое возвращение из «Призыв»/«Декретный отпуск» одной датой (правило 8)").seed("Задача 5: · Контроль данных в каналах «Декретный отпуск», «Призыв ВС РФ» -возвращение массово и «через неделю»"), run: returns::mass_return },
    Check { rule: Rule::warning("track.short-return", "Возвращение из «Призыв»/«Декретный отпуск» через неправдоподобно короткий срок (правило 8)").seed("Задача 5: · Контроль данных в каналах «Декретный отпуск», «Призыв ВС РФ» -возвращение массово и «через неделю»"), run: returns::short_return },
    Check { rule: Rule::warning("track.conscription-return-due", "Вернувшиеся из «Призыв ВС РФ»: через срок службы (12 месяцев) после призыва трек актуализирован (правило 9, задача 2)").seed("Задача 2: Актуализация карьерных треков в АИС, в том числе вернувшихся из «Призыв ВС РФ» · Вернувшиеся из призыва ВС РФ"), run: returns::return_due },
    Check { rule: Rule::warning("monitoring.stale", "Данные мониторинга обновляются к 1-му числу каждого месяца (правило 9)").seed("Задача 2: до 01 числа каждого месяца — Актуализация карьерных треков в АИС"), run: timeliness::stale },
    Check { rule: Rule::warning("monitoring.forecast-missing", "Прогнозные данные вносятся до 01.07 года выпуска (правило 9)").seed("Задача 5: до 01.07.2023 — Внесение/актуализация прогнозных данных карьерных треков в АИС"), run: timeliness::forecast_missing },
    Check { rule: Rule::info("track.actual-before-july", "Фактические данные вносятся с 01.07 года выпуска (правило 9)").seed("Задача 5: 01.07.2023 — Внесение фактических данных карьерных треков в АИС"), run: timeliness::actual_before_july },
    Check { rule: Rule::error("contingent.arithmetic", "Строки контингента: 02 ≤ 01, 03 ≤ 02, 03 + 04 ≤ 01, 05 ≤ 01 (правило 10)").seed("Задача 5: до 07.07.2023 — Формирование контингента выпускников: 01 Всего … 05 Имеют договор о целевом обучении"), run: contingent::arithmetic },
    Check { rule: Rule::error("contingent.mismatch-signed", "Контингент по списку выпускников равен подписанному (правило 10)").seed("Задача 5: Скан-копия количественных данных выпускников по всем категориям, за подписью руководителя"), run: contingent::mismatch_signed },
    Check { rule: Rule::warning("contingent.mismatch-spo1", "Сверка контингента с СПО-1 «Фактический выпуск» (правило 10)").seed("Задача 5: ноябрь- декабрь 2023 — Сверка контингента выпускников в АИС с данными отчета СПО-1 «Фактический выпуск»"), run: contingent::mismatch_spo1 },
    Check { rule: Rule::warning("contingent.signed-missing", "Подписанный контингент сформирован к 07.07 года выпуска (правило 10)").seed("Задача 5: до 07.07.2023 — Формирование контингента выпускников"), run: contingent::signed_missing },
    Check { rule: Rule::info("contingent.spo1-missing", "Сверка с СПО-1 проводится в ноябре–декабре (правило 10)").seed("Задача 5: ноябрь- декабрь 2023 — Сверка контингента выпускников в АИС с данными отчета СПО-1 «Фактический выпуск»"), run: contingent::spo1_missing },
    Check { rule: Rule::warning("track.date-out-of-range", "Дата записи трека не раньше чем за год до выпуска и не позже даты отчёта"), run: dates::out_of_range },
    Check { rule: Rule::warning("contingent.signed-date", "Скан-копия контингента за подписью руководителя датирована не позже 07.07 (правило 10)").seed("Задача 5: до 07.07.2023 — Скан-копия количественных данных выпускников по всем категориям, за подписью руководителя"), run: contingent::signed_date },
    Check { rule: Rule::warning("contingent.spo1-date", "Данные СПО-1 датированы ноябрём–декабрём года выпуска и не позже даты проверки (правило 10)").seed("Задача 5: ноябрь- декабрь 2023 — Сверка контингента выпускников в АИС с данными отчета СПО-1 «Фактический выпуск»"), run: contingent::spo1_date },
    Check { rule: Rule::warning("monitoring.no-track", "У каждого выпускника есть карьерный трек"), run: integrity::no_track },
    Check { rule: Rule::warning("monitoring.nosology-missing", "У выпускника с ОВЗ или инвалидностью указана нозология (форма 2, строки 07–13)"), run: integrity::nosology_missing },
    Check { rule: Rule::error("monitoring.unknown-specialty", "Код специальности есть в справочнике specialties.yaml"), run: integrity::unknown_specialty },
];

/// Input-integrity findings reported while loading (`load::monitoring`; the rules of any table
/// are `load::table::RULES`).
#[rustfmt::skip]
pub const LOAD_RULES: &[Rule] = &[
    Rule::error("monitoring.empty-id", "Не указан ID выпускника"),
    Rule::error("monitoring.duplicate-id", "ID выпускника повторяется"),
    Rule::error("monitoring.unknown-id", "ID в треках нет в списке выпускников"),
    Rule::error("monitoring.unknown-channel", "Неизвестный канал занятости"),
    Rule::error("monitoring.bad-date", "Неверная дата (например, 31.02)"),
    Rule::error("monitoring.bad-kind", "«Вид» не «факт» и не «прогноз»"),
    Rule::error("monitoring.bad-yes-no", "В поле да/нет другое значение"),
    Rule::error("monitoring.bad-nosology", "Нозология не из семи групп формы 2"),
    Rule::warning("monitoring.forecast-column-actual", "Графа прогноза (22–27) в фактической записи"),
    Rule::error("monitoring.bad-specialty-code", "Код специальности не вида NN.NN.NN"),
    Rule::warning("monitoring.specialty-without-name", "Код специальности без наименования"),
    Rule::error("monitoring.specialty-two-names", "Один код с двумя наименованиями"),
    Rule::error("monitoring.reference-without-name", "Специальность в справочнике specialties.yaml без наименования"),
    Rule::warning("monitoring.no-specialties", "Есть справочник специальностей data/reference/specialties.yaml"),
    Rule::warning("monitoring.duplicate-file", "Несколько файлов одного выпуска"),
    Rule::error("monitoring.no-graduates-file", "Нет списка выпускников"),
    Rule::warning("monitoring.no-tracks-file", "Нет файла треков"),
    Rule::error("contingent.bad-count", "Текст, дробь или отрицательное число вместо количества"),
    Rule::error("contingent.bad-row", "Неизвестная строка контингента"),
];

/// Reasons for the risk group that are no finding: the lists of the risk group name them by
/// id (`compute::status`); the others are rules above.
pub const REASONS: &[Rule] = &[Rule::info(
    "track.risk-entered",
    "Выпускник в группе риска: в треке указан канал «Риск нетрудоустройства»",
)];

/// Run every rule over every cohort on `as_of`. Findings come in registry order per cohort;
/// callers sort them with [`crate::diag::Findings::sorted`].
pub fn run(m: &Monitoring, config: &Config, as_of: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    if !m.is_empty() && m.specialties.items.is_empty() {
        out.push(Finding::warning(
            "monitoring.no-specialties",
            crate::diag::Place::file(crate::load::monitoring::SPECIALTIES_FILE),
            "Нет справочника специальностей: соответствие специальности и должности (правило 5) и коды специальностей не проверяются. Создайте data/reference/specialties.yaml.",
        ));
    }
    let per: Vec<Vec<Finding>> = m
        .cohorts
        .par_iter()
        .flat_map(|cohort| {
            RULES.par_iter().map(move |r| {
                let ctx = Ctx {
                    m,
                    cohort,
                    rules: &config.rules,
                    as_of,
                };
                (r.run)(&ctx)
            })
        })
        .collect();
    out.extend(per.into_iter().flatten());
    out
}

#[cfg(test)]
pub(crate) mod testing {
    //! Smallest-data helpers for rule tests.
    use super::*;
    pub use crate::compute::status::tests::{entry, grad, job, specialties};
    use crate::model::graduate::Graduate;
    use crate::model::track::CareerTrack;

    pub fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    pub fn cohort(people: Vec<(Graduate, Vec<crate::model::track::TrackEntry>)>) -> Monitoring {
        let (graduates, tracks) = people
            .into_iter()
            .map(|(g, e)| {
                let mut t = CareerTrack { entries: e };
                t.sort();
                (g, t)
            })
            .unzip();
        Monitoring {
            cohorts: vec![Cohort {
                year: 2023,
                graduates_file: "data/monitoring/graduates-2023.csv".into(),
                tracks_file: "data/monitoring/tracks-2023.csv".into(),
                graduates,
                tracks,
                contingent: None,
                rejected: Default::default(),
            }],
            specialties: specialties(),
        }
    }

    /// Findings of rule `id` on the first cohort.
    pub fn run_rule(id: &str, m: &Monitoring, as_of: Date) -> Vec<Finding> {
        let rule = RULES.iter().find(|r| r.id == id).expect("rule registered");
        let ctx = Ctx {
            m,
            cohort: &m.cohorts[0],
            rules: &RuleSettings::default(),
            as_of,
        };
        let out = (rule.run)(&ctx);
        for f in &out {
            assert_eq!(f.rule, id, "a rule reports under its own id");
        }
        out
    }
}
