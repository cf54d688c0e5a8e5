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

/// A registered rule.
pub struct Rule {
    pub id: &'static str,
    /// One line in Russian, for documentation and `--explain`.
    pub about: &'static str,
    pub run: fn(&Ctx) -> Vec<Finding>,
}

/// Every rule over the model, in the order of domain.md.
pub const RULES: &[Rule] = &[
    Rule { id: "track.conscription-disability", about: "«Призыв в ВС РФ» не ставится лицам с ОВЗ и инвалидам (правило 1)", run: track::conscription_disability },
    Rule { id: "track.conscription-window", about: "«Призыв в ВС РФ» — только в периоды призыва 01.04–30.07 и 01.10–31.12 (правило 2)", run: track::conscription_window },
    Rule { id: "track.continued-education-window", about: "«Продолжили обучение» вносится с августа по декабрь (правило 3)", run: track::continued_education_window },
    Rule { id: "track.czn-document", about: "ЦЗН: нужен документ, подтверждающий статус и снятие с учёта (правило 4)", run: track::czn_document },
    Rule { id: "track.specialty-position", about: "Специальность — предприятие — должность должны соответствовать; иначе «Риск» (правило 5)", run: track::specialty_position },
    Rule { id: "track.opk-specialty-position", about: "ОПК: несоответствие специальности и должности — уточнение данных у ответственного ЦСТВ, не «Риск» (правило 5, задача 2)", run: track::opk_specialty_position },
    Rule { id: "track.target-contract", about: "Выпускник с целевым договором трудоустраивается на предприятие по договору (правило 6)", run: track::target_contract },
    Rule { id: "track.no-actual-data", about: "С 01.11 года выпуска выпускник без фактических данных — в «Риск» (правило 7)", run: track::no_actual_data },
    Rule { id: "track.mass-return", about: "Массовое возвращение из «Призыв»/«Декретный отпуск» одной датой (правило 8)", run: returns::mass_return },
    Rule { id: "track.short-return", about: "Возвращение из «Призыв»/«Декретный отпуск» через неправдоподобно короткий срок (правило 8)", run: returns::short_return },
    Rule { id: "track.conscription-return-due", about: "Вернувшиеся из «Призыв ВС РФ»: через срок службы (12 месяцев) после призыва трек актуализирован (правило 9, задача 2)", run: returns::return_due },
    Rule { id: "monitoring.stale", about: "Данные мониторинга обновляются к 1-му числу каждого месяца (правило 9)", run: timeliness::stale },
    Rule { id: "monitoring.forecast-missing", about: "Прогнозные данные вносятся до 01.07 года выпуска (правило 9)", run: timeliness::forecast_missing },
    Rule { id: "track.actual-before-july", about: "Фактические данные вносятся с 01.07 года выпуска (правило 9)", run: timeliness::actual_before_july },
    Rule { id: "contingent.arithmetic", about: "Строки контингента: 02 ≤ 01, 03 ≤ 02, 03 + 04 ≤ 01, 05 ≤ 01 (правило 10)", run: contingent::arithmetic },
    Rule { id: "contingent.mismatch-signed", about: "Контингент по списку выпускников равен подписанному (правило 10)", run: contingent::mismatch_signed },
    Rule { id: "contingent.mismatch-spo1", about: "Сверка контингента с СПО-1 «Фактический выпуск» (правило 10)", run: contingent::mismatch_spo1 },
    Rule { id: "contingent.signed-missing", about: "Подписанный контингент сформирован к 07.07 года выпуска (правило 10)", run: contingent::signed_missing },
    Rule { id: "contingent.spo1-missing", about: "Сверка с СПО-1 проводится в ноябре–декабре (правило 10)", run: contingent::spo1_missing },
    Rule { id: "track.date-out-of-range", about: "Дата записи трека не раньше чем за год до выпуска и не позже даты отчёта", run: dates::out_of_range },
    Rule { id: "contingent.signed-date", about: "Скан-копия контингента за подписью руководителя датирована не позже 07.07 (правило 10)", run: contingent::signed_date },
    Rule { id: "contingent.spo1-date", about: "Данные СПО-1 датированы ноябрём–декабрём года выпуска и не позже даты проверки (правило 10)", run: contingent::spo1_date },
    Rule { id: "monitoring.no-track", about: "У каждого выпускника есть карьерный трек", run: integrity::no_track },
    Rule { id: "monitoring.nosology-missing", about: "У выпускника с ОВЗ или инвалидностью указана нозология (форма 2, строки 07–13)", run: integrity::nosology_missing },
    Rule { id: "monitoring.unknown-specialty", about: "Код специальности есть в справочнике specialties.yaml", run: integrity::unknown_specialty },
];

/// Input-integrity findings reported while loading (`load::monitoring`, `load::table`).
pub const LOAD_RULES: &[(&str, &str)] = &[
    ("table.unreadable", "Файл не читается"),
    ("table.missing-column", "Нет обязательного столбца"),
    ("table.malformed", "Строка CSV не читается (кавычки)"),
    ("monitoring.empty-id", "Не указан ID выпускника"),
    ("monitoring.duplicate-id", "ID выпускника повторяется"),
    (
        "monitoring.unknown-id",
        "ID в треках нет в списке выпускников",
    ),
    ("monitoring.unknown-channel", "Неизвестный канал занятости"),
    ("monitoring.bad-date", "Неверная дата (например, 31.02)"),
    ("monitoring.bad-kind", "«Вид» не «факт» и не «прогноз»"),
    ("monitoring.bad-yes-no", "В поле да/нет другое значение"),
    (
        "monitoring.bad-nosology",
        "Нозология не из семи групп формы 2",
    ),
    (
        "monitoring.forecast-column-actual",
        "Графа прогноза (22–27) в фактической записи",
    ),
    (
        "monitoring.bad-specialty-code",
        "Код специальности не вида NN.NN.NN",
    ),
    (
        "monitoring.specialty-without-name",
        "Код специальности без наименования",
    ),
    (
        "monitoring.specialty-two-names",
        "Один код с двумя наименованиями",
    ),
    (
        "monitoring.duplicate-file",
        "Несколько файлов одного выпуска",
    ),
    ("monitoring.no-graduates-file", "Нет списка выпускников"),
    ("monitoring.no-tracks-file", "Нет файла треков"),
    (
        "contingent.bad-count",
        "Текст, дробь или отрицательное число вместо количества",
    ),
    ("contingent.bad-row", "Неизвестная строка контингента"),
];

/// Run every rule over every cohort on `as_of`. Findings come in registry order per cohort;
/// callers sort them with [`crate::diag::Findings::sorted`].
pub fn run(m: &Monitoring, config: &Config, as_of: Date) -> Vec<Finding> {
    let mut out = Vec::new();
    if !m.is_empty() && m.specialties.items.is_empty() {
        out.push(Finding::warning(
            "monitoring.unknown-specialty",
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
