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
    Check { rule: Rule::warning("track.conscription-disability", "«Призыв в ВС РФ» не ставится лицам с ОВЗ и инвалидам (правило 1)").example("data/monitoring/tracks-2023.csv:49: Канал «Призыв в ВС РФ» (прогноз от 20.06.2023) указан выпускнику категории «лицо с ОВЗ»: такое сочетание недопустимо. Проверьте категорию в списке выпускников или укажите другой канал.").seed("Задача 5: · «Призыв ВС РФ» не ставить категории «Лица с ОВЗ\\инвалиды»"), run: track::conscription_disability },
    Check { rule: Rule::warning("track.conscription-window", "«Призыв в ВС РФ» — только в периоды призыва 01.04–30.07 и 01.10–31.12 (правило 2)").example("data/monitoring/tracks-2023.csv:202: «Призыв в ВС РФ» с датой 15.08.2023 — вне периодов призыва (01.04–30.07 и 01.10–31.12). Укажите дату призыва по повестке или военному билету.").seed("Задача 2: · «Призыв в ВС РФ» с 01.04.по 30.07. и с 01.10. по 31.12.2023"), run: track::conscription_window },
    Check { rule: Rule::warning("track.continued-education-window", "«Продолжили обучение» вносится с августа по декабрь (правило 3)").example("data/monitoring/tracks-2023.csv:164: «Продолжил обучение» с датой 20.07.2023 — вне периода 01.08–31.12: фактические данные о продолжении обучения вносятся с августа по декабрь (после зачисления). До этого укажите прогноз.").seed("Задача 2: · «Продолжили обучение» с августа по декабрь"), run: track::continued_education_window },
    Check { rule: Rule::warning("track.czn-document", "ЦЗН: нужен документ, подтверждающий статус и снятие с учёта (правило 4)").example("data/monitoring/tracks-2023.csv:193: Статус «ЦЗН» от 07.08.2023 без подтверждающего документа: укажите в столбце «Документ» справку центра занятости (номер и дату).").seed("Задача 2: · ЦЗН-документальное подтверждение статуса о снятии с учета"), run: track::czn_document },
    Check { rule: Rule::warning("track.specialty-position", "Специальность — предприятие — должность должны соответствовать; иначе «Риск» (правило 5)").example("data/monitoring/tracks-2023.csv:161: Трудоустройство (факт от 17.07.2023): не указана должность. Пока запись в силе, выпускник учитывается в «Риск нетрудоустройства». Уточните данные у ответственного ЦСТВ или дополните перечень должностей в data/reference/specialties.yaml.").seed("Задача 2: · Контроль соответствия данных: направление подготовки-предприятия-должность-при данной ошибке перевод администратором выпускника в «Риск нетрудоустройства»"), run: track::specialty_position },
    Check { rule: Rule::warning("track.opk-specialty-position", "ОПК: несоответствие специальности и должности — уточнение данных у ответственного ЦСТВ, не «Риск» (правило 5, задача 2)").example("data/monitoring/tracks-2023.csv:85: Трудоустройство на предприятие ОПК «АО «Волжский машиностроительный завод»» (прогноз от 23.06.2023): не указана должность. Требуется уточнение данных у ответственного ЦСТВ; в «Риск нетрудоустройства» выпускник не переводится. Исправьте запись или дополните перечень должностей в data/reference/specialties.yaml.").seed("Задача 2: Актуализация данных трудоустройства на предприятия ОПК · Контроль соответствия данных: направление подготовки-предприятия-должность- при данной ошибке- уточнение данных у ответственного ЦСТВ"), run: track::opk_specialty_position },
    Check { rule: Rule::warning("track.target-contract", "Выпускник с целевым договором трудоустраивается на предприятие по договору (правило 6)").example("data/monitoring/tracks-2023.csv:173: У выпускника договор о целевом обучении с «АО «Волжский машиностроительный завод»», а на 15.12.2023 трудоустроен в «ПАО «Приволжская энергия»» (факт от 24.07.2023). Приоритет — трудоустройство на предприятие по договору: уточните данные или причину.").seed("Задача 5: · Целевое обучение-приоритетно трудоустройство на предприятие по договору целевого обучения"), run: track::target_contract },
    Check { rule: Rule::warning("track.no-actual-data", "С 01.11 года выпуска выпускник без фактических данных — в «Риск» (правило 7)").example("data/monitoring/graduates-2023.csv:14: На 15.12.2023 нет фактических данных (нет ни одной записи): с 01.11.2023 выпускник учитывается в «Риск нетрудоустройства». Внесите подтверждённые фактические данные.").seed("Задача 5: с 01.11.2023 · Перевод оставшихся выпускников без фактических данных в «Риск нетрудоустройства»"), run: track::no_actual_data },
    Check { rule: Rule::warning("track.mass-return", "Массовое возвращение из «Призыв»/«Декретный отпуск» одной датой (правило 8)").example("data/monitoring/tracks-2022.csv:309: 5 выпускников «вернулись» из канала «Призыв в ВС РФ» одной датой 01.11.2023: так бывает при массовой правке, а не по факту. Проверьте дату возвращения каждого по документам.").seed("Задача 5: · Контроль данных в каналах «Декретный отпуск», «Призыв ВС РФ» -возвращение массово и «через неделю»"), run: returns::mass_return },
    Check { rule: Rule::warning("track.short-return", "Возвращение из «Призыв»/«Декретный отпуск» через неправдоподобно короткий срок (правило 8)").example("data/monitoring/tracks-2023.csv:195: Возвращение из канала «Декретный отпуск» через 7 дней (01.08.2023 → 08.08.2023) — неправдоподобно быстро (ожидается не раньше чем через 30 дней). Проверьте даты и документы.").seed("Задача 5: · Контроль данных в каналах «Декретный отпуск», «Призыв ВС РФ» -возвращение массово и «через неделю»"), run: returns::short_return },
    Check { rule: Rule::warning("track.conscription-return-due", "Вернувшиеся из «Призыв ВС РФ»: через срок службы (12 месяцев) после призыва трек актуализирован (правило 9, задача 2)").example("data/monitoring/tracks-2022.csv:277: Выпускник призван в ВС РФ 13.10.2022; служба по призыву длится 12 месяцев, возвращение ожидалось к 13.10.2023, но после этого срока нет ни одной записи. Актуализируйте карьерный трек вернувшегося из «Призыв ВС РФ» (или подтвердите статус новой записью с новой датой).").seed("Задача 2: Актуализация карьерных треков в АИС, в том числе вернувшихся из «Призыв ВС РФ» · Вернувшиеся из призыва ВС РФ"), run: returns::return_due },
    Check { rule: Rule::warning("monitoring.stale", "Данные мониторинга обновляются к 1-му числу каждого месяца (правило 9)").example("data/monitoring/tracks-2022.csv: Мониторинг выпуска 2022 не актуализирован: последняя запись — 01.11.2023, а карьерные треки актуализируются до 01 числа каждого месяца (к сроку 01.12.2023 ожидается запись после 01.11.2023). Актуализируйте карьерные треки.").seed("Задача 2: до 01 числа каждого месяца — Актуализация карьерных треков в АИС"), run: timeliness::stale },
    Check { rule: Rule::warning("monitoring.forecast-missing", "Прогнозные данные вносятся до 01.07 года выпуска (правило 9)").example("data/monitoring/tracks-2023.csv:161: Первая запись трека — 17.07.2023, а прогнозные данные вносятся до 01.07.2023: внесите прогноз с датой не позже срока.").seed("Задача 5: до 01.07.2023 — Внесение/актуализация прогнозных данных карьерных треков в АИС"), run: timeliness::forecast_missing },
    Check { rule: Rule::info("track.actual-before-july", "Фактические данные вносятся с 01.07 года выпуска (правило 9)").example("data/monitoring/tracks-2023.csv:117: Фактические данные датированы 26.06.2023, а вносятся с 01.07.2023: если это прогноз, укажите «прогноз»; если выпускник работал до выпуска, проверьте дату.").seed("Задача 5: 01.07.2023 — Внесение фактических данных карьерных треков в АИС"), run: timeliness::actual_before_july },
    Check { rule: Rule::error("contingent.arithmetic", "Строки контингента: 02 ≤ 01, 03 ≤ 02, 03 + 04 ≤ 01, 05 ≤ 01 (правило 10)").example("data/monitoring/contingent-2023.yaml:5: Контингент, подписанные данные (signed): строки 03 + 04 (3) больше строки 01 (2). Исправьте цифры.").seed("Задача 5: до 07.07.2023 — Формирование контингента выпускников: 01 Всего … 05 Имеют договор о целевом обучении"), run: contingent::arithmetic },
    Check { rule: Rule::error("contingent.mismatch-signed", "Контингент по списку выпускников равен подписанному (правило 10)").example("data/monitoring/contingent-2023.yaml:10: Строка 02: по списку выпускников data/monitoring/graduates-2023.csv — 3, а в подписанных руководителем данных — 4 (разница +1). Исправьте список выпускников или подписанные цифры: они должны совпадать.").seed("Задача 5: Скан-копия количественных данных выпускников по всем категориям, за подписью руководителя"), run: contingent::mismatch_signed },
    Check { rule: Rule::warning("contingent.mismatch-spo1", "Сверка контингента с СПО-1 «Фактический выпуск» (правило 10)").example("data/monitoring/contingent-2023.yaml:17: Строка 01: по списку выпускников data/monitoring/graduates-2023.csv — 146, а в СПО-1 «Фактический выпуск» — 147 (разница +1). Сверьте контингент с отчётом СПО-1 и объясните или устраните расхождение.").seed("Задача 5: ноябрь- декабрь 2023 — Сверка контингента выпускников в АИС с данными отчета СПО-1 «Фактический выпуск»"), run: contingent::mismatch_spo1 },
    Check { rule: Rule::warning("contingent.signed-missing", "Подписанный контингент сформирован к 07.07 года выпуска (правило 10)").example("data/monitoring/graduates-2023.csv: Контингент выпуска 2023 должен быть сформирован и подписан до 07.07.2023: добавьте раздел signed в data/monitoring/contingent-2023.yaml.").seed("Задача 5: до 07.07.2023 — Формирование контингента выпускников"), run: contingent::signed_missing },
    Check { rule: Rule::info("contingent.spo1-missing", "Сверка с СПО-1 проводится в ноябре–декабре (правило 10)").example("data/monitoring/graduates-2023.csv: С 01.11.2023 проводится сверка контингента выпуска 2023 с СПО-1 «Фактический выпуск»: внесите цифры СПО-1 в раздел spo1 файла data/monitoring/contingent-2023.yaml.").seed("Задача 5: ноябрь- декабрь 2023 — Сверка контингента выпускников в АИС с данными отчета СПО-1 «Фактический выпуск»"), run: contingent::spo1_missing },
    Check { rule: Rule::warning("track.date-out-of-range", "Дата записи трека не раньше чем за год до выпуска и не позже даты отчёта").example("data/monitoring/tracks-2022.csv:318: Дата записи 15.06.2020 — раньше чем за год до выпуска 2022 года (до 30.06.2021): вероятно, опечатка. Исправьте дату; пока она не исправлена, запись учитывается как есть."), run: dates::out_of_range },
    Check { rule: Rule::warning("contingent.signed-date", "Скан-копия контингента за подписью руководителя датирована не позже 07.07 (правило 10)").example("data/monitoring/contingent-2023.yaml:1: Подписанный контингент выпуска 2023 датирован 05.07.2023, позже даты проверки 01.07.2023. Проверьте дату скан-копии за подписью руководителя.").seed("Задача 5: до 07.07.2023 — Скан-копия количественных данных выпускников по всем категориям, за подписью руководителя"), run: contingent::signed_date },
    Check { rule: Rule::warning("contingent.spo1-date", "Данные СПО-1 датированы ноябрём–декабрём года выпуска и не позже даты проверки (правило 10)").example("data/monitoring/contingent-2023.yaml:1: Данные СПО-1 «Фактический выпуск» выпуска 2023 датированы 20.11.2023, позже даты проверки 10.11.2023: сверка с СПО-1 проводится в ноябре–декабре года выпуска. Проверьте дату отчёта.").seed("Задача 5: ноябрь- декабрь 2023 — Сверка контингента выпускников в АИС с данными отчета СПО-1 «Фактический выпуск»"), run: contingent::spo1_date },
    Check { rule: Rule::warning("monitoring.no-track", "У каждого выпускника есть карьерный трек").example("data/monitoring/graduates-2023.csv:14: У выпускника нет ни одной записи карьерного трека (прогнозные данные — до 01.07.2023): внесите прогноз или фактические данные в data/monitoring/tracks-2023.csv."), run: integrity::no_track },
    Check { rule: Rule::warning("monitoring.nosology-missing", "У выпускника с ОВЗ или инвалидностью указана нозология (форма 2, строки 07–13)").example("data/monitoring/graduates-2023.csv:10: У выпускника с ОВЗ или инвалидностью не указана нозология: без неё форма 2 «нозологии» не составляется. Заполните столбец «Нозология» (зрения, слуха, опорно-двигательного аппарата, речи, ЗПР, РАС, другие причины)."), run: integrity::nosology_missing },
    Check { rule: Rule::error("monitoring.unknown-specialty", "Код специальности есть в справочнике specialties.yaml").example("data/monitoring/graduates-2023.csv:148: Специальности с кодом 99.99.99 нет в справочнике data/reference/specialties.yaml: проверьте код или добавьте специальность в справочник с перечнем должностей."), run: integrity::unknown_specialty },
];

/// Input-integrity findings reported while loading (`load::monitoring`; the rules of any table
/// are `load::table::RULES`).
#[rustfmt::skip]
pub const LOAD_RULES: &[Rule] = &[
    Rule::error("monitoring.empty-id", "Не указан ID выпускника").example("data/monitoring/graduates-2023.csv:8: У выпускника не указан ID: строка не учтена ни в одном показателе. Заполните столбец «ID»."),
    Rule::error("monitoring.duplicate-id", "ID выпускника повторяется").example("data/monitoring/graduates-2023.csv:3: ID «1» уже встречался в строке 2: выпускник учтён бы дважды. Строка не учтена; дайте выпускникам разные ID."),
    Rule::error("monitoring.unknown-id", "ID в треках нет в списке выпускников").example("data/monitoring/tracks-2023.csv:2: Выпускника с ID «9» нет в списке data/monitoring/graduates-2023.csv: запись не учтена. Исправьте ID или добавьте выпускника в список."),
    Rule::error("monitoring.unknown-channel", "Неизвестный канал занятости").example("data/monitoring/tracks-2023.csv:347: Неизвестный канал занятости «Работает где-то». Допустимы наименования граф 06–21 формы 1 (например, «Трудоустроен», «ИП», «Самозанятый», «Продолжил обучение», «Призыв в ВС РФ», «Декретный отпуск», «ЦЗН», «Риск нетрудоустройства») или номер графы."),
    Rule::error("monitoring.bad-date", "Неверная дата (например, 31.02)").example("data/monitoring/tracks-2023.csv:346: Дата записи: «31.02.2023» — такой даты нет в календаре: проверьте день и месяц."),
    Rule::error("monitoring.bad-kind", "«Вид» не «факт» и не «прогноз»").example("data/monitoring/tracks-2023.csv:5: В столбце «Вид» значение «план», а допустимо «факт» или «прогноз»."),
    Rule::error("monitoring.bad-yes-no", "В поле да/нет другое значение").example("data/monitoring/tracks-2023.csv:6: В столбце «ОПК» значение «наверное», а допустимо только «да» или «нет»."),
    Rule::error("monitoring.bad-nosology", "Нозология не из семи групп формы 2").example("data/monitoring/graduates-2023.csv:7: В столбце «Нозология» значение «грипп»: укажите одну из групп формы 2 — зрения, слуха, опорно-двигательного аппарата, тяжелые нарушения речи, задержка психического развития, расстройства аутистического спектра, другие причины (или номер строки 07–13)."),
    Rule::warning("monitoring.forecast-column-actual", "Графа прогноза (22–27) в фактической записи").example("data/monitoring/tracks-2023.csv:2: Графа 22 («будут трудоустроены») — прогноз, а запись фактическая («Вид» = «факт»): запись учтена как фактический статус «Трудоустроен». Укажите графу фактического статуса (06) или название канала, либо «прогноз» в столбце «Вид»."),
    Rule::error("monitoring.bad-specialty-code", "Код специальности не вида NN.NN.NN").example("data/monitoring/graduates-2023.csv:4: Специальность «15.1.05 Сварщик» записана неверно: код должен иметь вид NN.NN.NN, например 15.02.08, затем наименование («15.02.08 Технология машиностроения»)."),
    Rule::warning("monitoring.specialty-without-name", "Код специальности без наименования").example("data/monitoring/graduates-2023.csv:6: У специальности 38.02.01 не указано наименование: запишите «код наименование», как в отчётах."),
    Rule::error("monitoring.specialty-two-names", "Один код с двумя наименованиями").example("data/monitoring/graduates-2023.csv:59: Код 15.02.08 записан с наименованием «Технология машиностро*a», а в справочнике data/reference/specialties.yaml — «Технология машиностроения». У одного кода одно наименование: исправьте."),
    Rule::error("monitoring.reference-without-name", "Специальность в справочнике specialties.yaml без наименования").example("data/reference/specialties.yaml:7: У специальности 09.02.07 нет наименования: добавьте name."),
    Rule::warning("monitoring.no-specialties", "Есть справочник специальностей data/reference/specialties.yaml").example("data/reference/specialties.yaml: Нет справочника специальностей: соответствие специальности и должности (правило 5) и коды специальностей не проверяются. Создайте data/reference/specialties.yaml."),
    Rule::warning("monitoring.duplicate-file", "Несколько файлов одного выпуска").example("data/monitoring/graduates-2023.csv: Для одного выпуска найдено несколько файлов: data/monitoring/graduates-2023.csv, data/monitoring/graduates-2023.xlsx. Используется первый; удалите лишние."),
    Rule::error("monitoring.no-graduates-file", "Нет списка выпускников").example("data/monitoring/tracks-2022.csv: Есть данные мониторинга выпуска 2022, но нет списка выпускников: добавьте файл data/monitoring/graduates-2022.csv (или .xlsx)."),
    Rule::warning("monitoring.no-tracks-file", "Нет файла треков").example("data/monitoring/graduates-2024.csv: Нет файла карьерных треков выпуска 2024: добавьте data/monitoring/tracks-2024.csv (или .xlsx)."),
    Rule::error("contingent.bad-count", "Текст, дробь или отрицательное число вместо количества").example("data/monitoring/contingent-2023.yaml:14: Строка 01 раздела spo1: «семь» — не число; ожидается целое неотрицательное число. Укажите целое неотрицательное число."),
    Rule::error("contingent.bad-row", "Неизвестная строка контингента").example("data/monitoring/contingent-2023.yaml:5: Строки «06» в контингенте нет: допустимы 01–05."),
];

/// Reasons for the risk group that are no finding: the lists of the risk group name them by
/// id (`compute::status`); the others are rules above.
pub const REASONS: &[Rule] = &[Rule::info(
    "track.risk-entered",
    "Выпускник в группе риска: в треке указан канал «Риск нетрудоустройства»",
)
.example("Список группы риска, выпуск 2023 года, причина: в треке указан канал «Риск нетрудоустройства» (факт от 01.11.2023)")];

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
    // Room for all at once: a region's hundreds of thousands of findings, grown by doubling,
    // were copied again and again into fresh memory.
    out.reserve(per.iter().map(Vec::len).sum());
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
                let mut t = CareerTrack::from(e);
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
