//! Rules 1–7 over individual career tracks.

use super::Ctx;
use crate::compute::status::{position_mismatch_at, status_on};
use crate::diag::{Finding, Messages, Place};
use crate::format::date_ru;
use crate::model::channel::{normalize, Channel};
use crate::model::track::{EntryKind, TrackEntry};

fn at(c: &Ctx, e: &TrackEntry) -> Place {
    Place::line(&c.cohort.tracks_file, e.line as usize)
}

/// Rule 1: «Призыв ВС РФ» не ставить категории «Лица с ОВЗ/инвалиды».
pub fn conscription_disability(c: &Ctx) -> Vec<Finding> {
    let mut msgs = Messages::default();
    let mut out = Vec::new();
    for (g, t) in c.cohort.iter().filter(|(g, _)| g.ovz || g.disability) {
        for e in t
            .entries()
            .iter()
            .filter(|e| e.channel == Channel::Conscription)
        {
            let who = if g.disability {
                "инвалид"
            } else {
                "лицо с ОВЗ"
            };
            out.push(
                Finding::warning(
                    "track.conscription-disability",
                    at(c, e),
                    msgs.share(format!(
                        "Канал «Призыв в ВС РФ» ({} от {}) указан выпускнику категории «{who}»: такое сочетание недопустимо. Проверьте категорию в списке выпускников или укажите другой канал.",
                        e.kind.label_ru(),
                        date_ru(e.date)
                    )),
                )
                .with_graduate(&g.id),
            );
        }
    }
    out
}

/// Rule 2: actual conscription dates fall in the call-up windows.
pub fn conscription_window(c: &Ctx) -> Vec<Finding> {
    let windows = &c.rules.conscription_windows;
    let list = windows
        .iter()
        .map(|w| format!("{}–{}", w.from, w.to))
        .collect::<Vec<_>>()
        .join(" и ");
    let mut out = Vec::new();
    for (g, t) in c.cohort.iter() {
        for e in t.actual().filter(|e| e.channel == Channel::Conscription) {
            if !windows.iter().any(|w| w.contains(e.date)) {
                out.push(
                    Finding::warning(
                        "track.conscription-window",
                        at(c, e),
                        format!(
                            "«Призыв в ВС РФ» с датой {} — вне периодов призыва ({list}). Укажите дату призыва по повестке или военному билету.",
                            date_ru(e.date)
                        ),
                    )
                    .with_graduate(&g.id),
                );
            }
        }
    }
    out
}

/// Rule 3: «Продолжили обучение» is entered August–December.
pub fn continued_education_window(c: &Ctx) -> Vec<Finding> {
    let w = &c.rules.continued_education_window;
    let mut out = Vec::new();
    for (g, t) in c.cohort.iter() {
        for e in t
            .actual()
            .filter(|e| e.channel == Channel::ContinuedEducation && !w.contains(e.date))
        {
            out.push(
                Finding::warning(
                    "track.continued-education-window",
                    at(c, e),
                    format!(
                        "«Продолжил обучение» с датой {} — вне периода {}–{}: фактические данные о продолжении обучения вносятся с августа по декабрь (после зачисления). До этого укажите прогноз.",
                        date_ru(e.date),
                        w.from,
                        w.to
                    ),
                )
                .with_graduate(&g.id),
            );
        }
    }
    out
}

/// Rule 4: ЦЗН status and de-registration need a document.
pub fn czn_document(c: &Ctx) -> Vec<Finding> {
    let mut msgs = Messages::default();
    let mut out = Vec::new();
    for (g, t) in c.cohort.iter() {
        let mut previous: Option<&TrackEntry> = None;
        for e in t.actual() {
            if e.channel == Channel::RegisteredCzn && e.document.trim().is_empty() {
                out.push(
                    Finding::warning(
                        "track.czn-document",
                        at(c, e),
                        msgs.share(format!(
                            "Статус «ЦЗН» от {} без подтверждающего документа: укажите в столбце «Документ» справку центра занятости (номер и дату).",
                            date_ru(e.date)
                        )),
                    )
                    .with_graduate(&g.id),
                );
            }
            let left_czn = previous.is_some_and(|p| p.channel == Channel::RegisteredCzn)
                && e.channel != Channel::RegisteredCzn;
            if left_czn && e.document.trim().is_empty() {
                out.push(
                    Finding::warning(
                        "track.czn-document",
                        at(c, e),
                        msgs.share(format!(
                            "Выпускник снят с учёта в ЦЗН ({}), но документ о снятии с учёта не указан: внесите реквизиты справки ЦЗН в столбец «Документ».",
                            date_ru(e.date)
                        )),
                    )
                    .with_graduate(&g.id),
                );
            }
            previous = Some(e);
        }
    }
    out
}

/// Rule 5: specialty – enterprise – position agree; otherwise the graduate goes to «Риск».
/// Entries at ОПК enterprises have their own branch, [`opk_specialty_position`].
pub fn specialty_position(c: &Ctx) -> Vec<Finding> {
    let mut msgs = Messages::default();
    let mut out = Vec::new();
    for (g, t) in c.cohort.iter() {
        let spec = c.m.specialties.index_of(&g.specialty_code);
        for e in t.entries().iter().filter(|e| !e.opk) {
            if let Some(why) = position_mismatch_at(spec, g, e, &c.m.specialties) {
                out.push(
                    Finding::warning(
                        "track.specialty-position",
                        at(c, e),
                        msgs.share(format!(
                            "Трудоустройство ({} от {}): {why}. Пока запись в силе, выпускник учитывается в «Риск нетрудоустройства». Уточните данные у ответственного ЦСТВ или дополните перечень должностей в {}.",
                            e.kind.label_ru(),
                            date_ru(e.date),
                            c.m.specialties.file
                        )),
                    )
                    .with_graduate(&g.id),
                );
            }
        }
    }
    out
}

/// Rule 5, ОПК branch (seed, task 2: «Актуализация данных трудоустройства на предприятия ОПК —
/// Контроль соответствия данных: направление подготовки-предприятия-должность- при данной
/// ошибке- уточнение данных у ответственного ЦСТВ»): a mismatch at an ОПК enterprise is a
/// finding to clarify with the responsible officer; the graduate does not go to «Риск».
pub fn opk_specialty_position(c: &Ctx) -> Vec<Finding> {
    let mut msgs = Messages::default();
    let mut out = Vec::new();
    for (g, t) in c.cohort.iter() {
        let spec = c.m.specialties.index_of(&g.specialty_code);
        for e in t.entries().iter().filter(|e| e.opk) {
            if let Some(why) = position_mismatch_at(spec, g, e, &c.m.specialties) {
                out.push(
                    Finding::warning(
                        "track.opk-specialty-position",
                        at(c, e),
                        msgs.share(format!(
                            "Трудоустройство на предприятие ОПК «{}» ({} от {}): {why}. Требуется уточнение данных у ответственного ЦСТВ; в «Риск нетрудоустройства» выпускник не переводится. Исправьте запись или дополните перечень должностей в {}.",
                            e.enterprise,
                            e.kind.label_ru(),
                            date_ru(e.date),
                            c.m.specialties.file
                        )),
                    )
                    .with_graduate(&g.id),
                );
            }
        }
    }
    out
}

/// Legal forms that are written or omitted at will («АО «Завод»» = «Завод»), normalised.
const LEGAL_FORMS: &[&str] = &[
    "публичное акционерное общество",
    "открытое акционерное общество",
    "закрытое акционерное общество",
    "непубличное акционерное общество",
    "акционерное общество",
    "общество с ограниченной ответственностью",
    "государственное унитарное предприятие",
    "муниципальное унитарное предприятие",
    "индивидуальный предприниматель",
    "ооо",
    "ао",
    "пао",
    "оао",
    "зао",
    "нао",
    "гуп",
    "муп",
    "ип",
];

/// An enterprise name for comparison: case, `ё`, quotes («»"'“”), punctuation and extra spaces
/// ignored, and the legal form (ООО, АО, ПАО, …, written in full or abbreviated) dropped.
pub(crate) fn enterprise_key(s: &str) -> String {
    let mut n = format!(" {} ", normalize(s).replace('.', " "));
    for form in LEGAL_FORMS {
        let pat = format!(" {form} ");
        while let Some(i) = n.find(&pat) {
            n.replace_range(i..i + pat.len(), " ");
        }
    }
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The INN (10 or 12 digits) written in `s`, alone or among other text («АО «Завод», ИНН
/// 6312000011»); `None` when there is none or more than one.
pub(crate) fn inn_in(s: &str) -> Option<&str> {
    let mut found = None;
    for run in s.split(|c: char| !c.is_ascii_digit()) {
        if run.len() == 10 || run.len() == 12 {
            if found.is_some() {
                return None;
            }
            found = Some(run);
        }
    }
    found
}

/// Whether a contract (an enterprise name, an INN, or both) is written as an INN alone.
fn is_inn_only(contract: &str) -> bool {
    let t = contract.trim();
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b' ')
}

/// Whether an employment entry is at the contract enterprise. When the contract is an INN, or
/// both the contract and the entry give one, the INN decides; otherwise the full names must be
/// equal (not one contained in the other: «АО «Волжский»» is not «АО «Волжский
/// машиностроительный завод»»), ignoring case, quotes, spaces and the legal form.
fn at_contract_enterprise(contract: &str, e: &TrackEntry, keys: &mut EnterpriseKeys) -> bool {
    let entry_inn = inn_in(&e.inn).or_else(|| {
        let t = e.inn.trim();
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())).then_some(t)
    });
    if is_inn_only(contract) {
        let k: String = contract.chars().filter(char::is_ascii_digit).collect();
        return entry_inn == Some(k.as_str());
    }
    if let (Some(k), Some(inn)) = (inn_in(contract), entry_inn) {
        return k == inn;
    }
    // A contract «Name, ИНН 123…» compared by name: drop the INN part.
    let name_part = match inn_in(contract) {
        Some(inn) => contract
            .replace(inn, " ")
            .replace("ИНН", " ")
            .replace("инн", " "),
        None => contract.to_string(),
    };
    let k = keys.key(&name_part);
    k.is_some() && k == keys.key(&e.enterprise)
}

/// [`enterprise_key`]s compared as numbers, each written name keyed once: a cohort has a few
/// contract enterprises over thousands of graduates, and a key costs a dozen string passes.
#[derive(Default)]
struct EnterpriseKeys {
    by_name: rustc_hash::FxHashMap<String, Option<usize>>,
    by_key: rustc_hash::FxHashMap<String, usize>,
}

impl EnterpriseKeys {
    /// The number of `name`'s key; `None` for an empty key (no name at all).
    fn key(&mut self, name: &str) -> Option<usize> {
        if let Some(&k) = self.by_name.get(name) {
            return k;
        }
        let key = enterprise_key(name);
        let next = self.by_key.len();
        let k = (!key.is_empty()).then(|| *self.by_key.entry(key).or_insert(next));
        self.by_name.insert(name.to_string(), k);
        k
    }
}

/// Rule 6: a targeted-training graduate should be employed at the contract enterprise.
pub fn target_contract(c: &Ctx) -> Vec<Finding> {
    let mut msgs = Messages::default();
    let mut out = Vec::new();
    let mut keys = EnterpriseKeys::default();
    for (g, t) in c.cohort.iter() {
        let Some(contract) = &g.target_contract else {
            continue;
        };
        let s = status_on(c.cohort.year, g, t, c.as_of, &c.m.specialties, c.rules);
        let Some(e) = s.entry else { continue };
        if e.channel == Channel::Employed && at_contract_enterprise(contract, e, &mut keys) {
            continue;
        }
        let now = if e.channel == Channel::Employed {
            format!("трудоустроен в «{}»", e.enterprise)
        } else {
            format!("канал «{}»", e.channel.label_ru())
        };
        out.push(
            Finding::warning(
                "track.target-contract",
                at(c, e),
                msgs.share(format!(
                    "У выпускника договор о целевом обучении с «{contract}», а на {} {now} ({} от {}). Приоритет — трудоустройство на предприятие по договору: уточните данные или причину.",
                    date_ru(c.as_of),
                    e.kind.label_ru(),
                    date_ru(e.date)
                )),
            )
            .with_graduate(&g.id),
        );
    }
    out
}

/// Rule 7: from 01.11 of the graduation year, no actual data → «Риск нетрудоустройства».
pub fn no_actual_data(c: &Ctx) -> Vec<Finding> {
    let deadline = c.rules.no_actual_data_date(c.cohort.year);
    if c.as_of < deadline {
        return Vec::new();
    }
    c.cohort
        .iter()
        .enumerate()
        .filter(|(_, (_, t))| !t.has_actual_by(c.as_of))
        .map(|(i, (g, t))| {
            let place = match t.entries().last() {
                Some(e) => at(c, e),
                None => Place::line(&c.cohort.graduates_file, g.line),
            };
            let rejected = c.cohort.rejected_lines(i).len();
            let had = if t.entries().iter().any(|e| e.kind == EntryKind::Forecast) {
                "есть только прогноз".to_string()
            } else if rejected > 0 {
                let n = rejected as i64;
                format!(
                    "нет учтённых записей: {} {} из-за ошибок",
                    crate::format::count_ru(n, "запись", "записи", "записей"),
                    crate::format::plural(n, "отклонена", "отклонены", "отклонены")
                )
            } else {
                "нет ни одной записи".to_string()
            };
            Finding::warning(
                "track.no-actual-data",
                place,
                format!(
                    "На {} нет фактических данных ({had}): с {} выпускник учитывается в «Риск нетрудоустройства». Внесите подтверждённые фактические данные.",
                    date_ru(c.as_of),
                    date_ru(deadline)
                ),
            )
            .with_graduate(&g.id)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::model::channel::Channel;
    use crate::model::track::{EntryKind, TrackEntry};

    const ACT: EntryKind = EntryKind::Actual;

    #[test]
    fn conscription_with_disability() {
        let mut g = grad("1");
        g.ovz = true;
        let m = cohort(vec![(
            g,
            vec![entry(d(2023, 10, 5), ACT, Channel::Conscription)],
        )]);
        let f = run_rule("track.conscription-disability", &m, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].graduate.as_deref(), Some("1"));
        assert_eq!(f[0].place.file, "data/monitoring/tracks-2023.csv");
        let m = cohort(vec![(
            grad("1"),
            vec![entry(d(2023, 10, 5), ACT, Channel::Conscription)],
        )]);
        assert!(run_rule("track.conscription-disability", &m, d(2023, 12, 15)).is_empty());
    }

    #[test]
    fn conscription_outside_window() {
        let m = cohort(vec![(
            grad("1"),
            vec![entry(d(2023, 8, 15), ACT, Channel::Conscription)],
        )]);
        let f = run_rule("track.conscription-window", &m, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("15.08.2023"));
        let m = cohort(vec![(
            grad("1"),
            vec![entry(d(2023, 7, 30), ACT, Channel::Conscription)],
        )]);
        assert!(run_rule("track.conscription-window", &m, d(2023, 12, 15)).is_empty());
    }

    #[test]
    fn continued_education_outside_window() {
        let m = cohort(vec![(
            grad("1"),
            vec![entry(d(2023, 7, 20), ACT, Channel::ContinuedEducation)],
        )]);
        assert_eq!(
            run_rule("track.continued-education-window", &m, d(2023, 12, 15)).len(),
            1
        );
        let m = cohort(vec![(
            grad("1"),
            vec![entry(d(2023, 8, 20), ACT, Channel::ContinuedEducation)],
        )]);
        assert!(run_rule("track.continued-education-window", &m, d(2023, 12, 15)).is_empty());
    }

    #[test]
    fn czn_without_document() {
        let czn = |doc: &str| TrackEntry {
            document: doc.into(),
            ..entry(d(2023, 8, 1), ACT, Channel::RegisteredCzn)
        };
        let m = cohort(vec![(grad("1"), vec![czn("")])]);
        assert_eq!(run_rule("track.czn-document", &m, d(2023, 12, 15)).len(), 1);
        // Leaving ЦЗН without the de-registration certificate.
        let m = cohort(vec![(
            grad("1"),
            vec![
                czn("Справка ЦЗН № 12 от 01.08.2023"),
                job(d(2023, 10, 2), "АО «Завод»", "Сварщик"),
            ],
        )]);
        let f = run_rule("track.czn-document", &m, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("снят с учёта"));
        let mut ok = job(d(2023, 10, 2), "АО «Завод»", "Сварщик");
        ok.document = "Справка о снятии с учёта № 40".into();
        let m = cohort(vec![(grad("1"), vec![czn("Справка ЦЗН № 12"), ok])]);
        assert!(run_rule("track.czn-document", &m, d(2023, 12, 15)).is_empty());
    }

    #[test]
    fn specialty_position_mismatch() {
        let m = cohort(vec![(
            grad("1"),
            vec![job(d(2023, 7, 3), "ООО «Магнит»", "Продавец")],
        )]);
        let f = run_rule("track.specialty-position", &m, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("Риск нетрудоустройства"));
        let m = cohort(vec![(
            grad("1"),
            vec![job(d(2023, 7, 3), "АО «Завод»", "Сварщик")],
        )]);
        assert!(run_rule("track.specialty-position", &m, d(2023, 12, 15)).is_empty());
    }

    /// Seed, task 2: «...предприятия ОПК — ... при данной ошибке- уточнение данных у
    /// ответственного ЦСТВ».
    #[test]
    fn opk_mismatch_is_a_clarification_not_risk() {
        let mut e = job(d(2023, 7, 3), "АО «Оборонный завод»", "Продавец");
        e.opk = true;
        let m = cohort(vec![(grad("1"), vec![e])]);
        assert!(run_rule("track.specialty-position", &m, d(2023, 12, 15)).is_empty());
        let f = run_rule("track.opk-specialty-position", &m, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert!(f[0]
            .message
            .contains("уточнение данных у ответственного ЦСТВ"));
        assert!(f[0].message.contains("не переводится"));
        let mut ok = job(d(2023, 7, 3), "АО «Оборонный завод»", "Сварщик");
        ok.opk = true;
        let m = cohort(vec![(grad("1"), vec![ok])]);
        assert!(run_rule("track.opk-specialty-position", &m, d(2023, 12, 15)).is_empty());
        // The same mismatch outside ОПК is the general branch only.
        let m = cohort(vec![(
            grad("1"),
            vec![job(d(2023, 7, 3), "ООО «Магнит»", "Продавец")],
        )]);
        assert!(run_rule("track.opk-specialty-position", &m, d(2023, 12, 15)).is_empty());
    }

    #[test]
    fn target_contract_elsewhere() {
        let mut g = grad("1");
        g.target_contract = Some("АО «Самарский завод»".into());
        let m = cohort(vec![(
            g.clone(),
            vec![job(d(2023, 7, 3), "ООО «Другое»", "Сварщик")],
        )]);
        assert_eq!(
            run_rule("track.target-contract", &m, d(2023, 12, 15)).len(),
            1
        );
        let m = cohort(vec![(
            g.clone(),
            vec![job(d(2023, 7, 3), "АО \"Самарский завод\"", "Сварщик")],
        )]);
        assert!(run_rule("track.target-contract", &m, d(2023, 12, 15)).is_empty());
        let mut by_inn = job(d(2023, 7, 3), "Самарский завод, филиал", "Сварщик");
        by_inn.inn = "6312000001".into();
        g.target_contract = Some("6312000001".into());
        let m = cohort(vec![(g, vec![by_inn])]);
        assert!(run_rule("track.target-contract", &m, d(2023, 12, 15)).is_empty());
    }

    #[test]
    fn target_contract_needs_the_same_enterprise_not_a_part_of_its_name() {
        let mut g = grad("1");
        g.target_contract = Some("АО «Волжский машиностроительный завод»".into());
        let at = |enterprise: &str, inn: &str| {
            let mut e = job(d(2023, 7, 3), enterprise, "Сварщик");
            e.inn = inn.into();
            e
        };
        let flagged = |g: &crate::model::graduate::Graduate, e: TrackEntry| {
            let m = cohort(vec![(g.clone(), vec![e])]);
            run_rule("track.target-contract", &m, d(2023, 12, 15)).len()
        };
        // A shorter name contained in the contract's, and a longer one containing it: elsewhere.
        assert_eq!(flagged(&g, at("АО «Волжский»", "6319000077")), 1);
        g.target_contract = Some("ООО «Волга»".into());
        assert_eq!(flagged(&g, at("ООО «Волга-Авто»", "")), 1);
        // The same name written differently: case, ё, quotes, spaces, legal form omitted.
        assert_eq!(flagged(&g, at("ооо \"ВОЛГА\"", "")), 0);
        assert_eq!(flagged(&g, at("  «Волга» ", "")), 0);
        assert_eq!(
            flagged(
                &g,
                at("Общество с ограниченной ответственностью “Волга”", "")
            ),
            0
        );
        g.target_contract = Some("ПАО «Самарский Нефтехимзавод»".into());
        assert_eq!(flagged(&g, at("Самарский нефтехимзавод", "")), 0);
        g.target_contract = Some("АО «Вёшки»".into());
        assert_eq!(flagged(&g, at("АО 'Вешки'", "")), 0);
        // An INN contract: the INN decides, whatever the name.
        g.target_contract = Some("6312000011".into());
        assert_eq!(
            flagged(
                &g,
                at("АО «Волжский машиностроительный завод»", "6312000099")
            ),
            1
        );
        assert_eq!(
            flagged(&g, at("АО «Волжский машиностроительный завод»", "")),
            1
        );
        assert_eq!(flagged(&g, at("Завод, филиал", "6312000011")), 0);
        // Name and INN in the contract, INN in the entry: the INN decides.
        g.target_contract = Some("АО «Волжский машиностроительный завод», ИНН 6312000011".into());
        assert_eq!(flagged(&g, at("АО «Волжский»", "6312000011")), 0);
        assert_eq!(
            flagged(
                &g,
                at("АО «Волжский машиностроительный завод»", "6319000077")
            ),
            1
        );
        // No INN in the entry: the name decides.
        assert_eq!(
            flagged(&g, at("АО «Волжский машиностроительный завод»", "")),
            0
        );
        assert_eq!(flagged(&g, at("АО «Волжский»", "")), 1);
    }

    #[test]
    fn no_actual_data_from_november() {
        let m = cohort(vec![(
            grad("1"),
            vec![entry(d(2023, 6, 1), EntryKind::Forecast, Channel::Employed)],
        )]);
        assert!(run_rule("track.no-actual-data", &m, d(2023, 10, 31)).is_empty());
        let f = run_rule("track.no-actual-data", &m, d(2023, 11, 1));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("есть только прогноз"));
        let m = cohort(vec![(
            grad("1"),
            vec![job(d(2023, 7, 3), "АО «Завод»", "Сварщик")],
        )]);
        assert!(run_rule("track.no-actual-data", &m, d(2023, 11, 1)).is_empty());
    }
}
