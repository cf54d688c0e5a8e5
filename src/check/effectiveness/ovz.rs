//! Seed task 3: «до 26.05 — мониторинг мероприятий в рамках подготовки к трудоустройству
//! обучающихся с инвалидностью и ОВЗ … Участники Абилимпикс с указанием компетенции».
//!
//! A measures file `measures-YYYY` is about the graduating cohort YYYY (the seed's column
//! «Выпуск 2023»): its participants are that cohort's graduates, and its deadline is 26.05.YYYY
//! (`rules.ovz_monitoring_due`). The check waits until the deadline has passed.

use super::Ctx;
use crate::diag::{Finding, Place};
use crate::format::date_ru;
use crate::model::graduate::{Graduate, Nosology};
use crate::model::monitoring::Cohort;
use std::collections::{HashMap, HashSet};

fn is_ovz(g: &Graduate) -> bool {
    g.ovz || g.disability
}

/// The cohort the work of this season is for: the latest one graduated by `as_of`.
fn current<'a>(ctx: &'a Ctx) -> Option<&'a Cohort> {
    crate::compute::effectiveness::current_cohort(ctx.m, ctx.as_of)
}

/// Graduates of a cohort by ID: participants are looked up once each, not by a scan.
fn by_id(c: &Cohort) -> HashMap<&str, &Graduate> {
    c.graduates.iter().map(|g| (g.id.as_str(), g)).collect()
}

fn graduate_place(c: &Cohort, g: &Graduate) -> Place {
    if g.line > 0 {
        Place::line(&c.graduates_file, g.line)
    } else {
        Place::file(&c.graduates_file)
    }
}

/// `ovz.monitoring-missing`
pub fn monitoring_missing(ctx: &Ctx) -> Vec<Finding> {
    let Some(c) = current(ctx) else {
        return vec![];
    };
    let due = ctx.config.rules.ovz_monitoring_date(c.year);
    let n = c.graduates.iter().filter(|g| is_ovz(g)).count();
    if ctx.as_of <= due || n == 0 || ctx.year.ovz.has_measures(c.year) {
        return vec![];
    }
    vec![Finding::warning(
        "ovz.monitoring-missing",
        Place::file(&c.graduates_file),
        format!(
            "В выпуске {} года {} с ОВЗ или инвалидностью, а мониторинг мероприятий по подготовке их к трудоустройству (срок — до {}) не представлен. Внесите мероприятия в data/ovz/measures-{}.csv: дата, вид, участники (ID), предприятие, результат.",
            c.year,
            crate::format::count_ru(n as i64, "выпускник", "выпускника", "выпускников"),
            date_ru(due),
            c.year
        ),
    )]
}

/// `ovz.no-measure`
pub fn no_measure(ctx: &Ctx) -> Vec<Finding> {
    let Some(c) = current(ctx) else {
        return vec![];
    };
    let due = ctx.config.rules.ovz_monitoring_date(c.year);
    if ctx.as_of <= due || !ctx.year.ovz.has_measures(c.year) {
        return vec![];
    }
    let listed: HashSet<&str> = ctx
        .year
        .ovz
        .measures
        .iter()
        .filter(|m| m.year == c.year && m.date <= due)
        .flat_map(|m| m.participants.iter().map(String::as_str))
        .collect();
    c.graduates
        .iter()
        .filter(|g| is_ovz(g) && !listed.contains(g.id.as_str()))
        .map(|g| {
            Finding::warning(
                "ovz.no-measure",
                graduate_place(c, g),
                format!(
                    "Выпускник с {} не участвовал ни в одном мероприятии по подготовке к трудоустройству до {}. Проведите с ним мероприятие (консультация, профпроба, стажировка) или укажите его ID в столбце «Участники» data/ovz/measures-{}.csv.",
                    if g.disability { "инвалидностью" } else { "ОВЗ" },
                    date_ru(due),
                    c.year
                ),
            )
            .with_graduate(&g.id)
        })
        .collect()
}

/// `ovz.after-deadline`
pub fn after_deadline(ctx: &Ctx) -> Vec<Finding> {
    ctx.year
        .ovz
        .measures
        .iter()
        .filter(|m| m.date > ctx.config.rules.ovz_monitoring_date(m.year) && m.date <= ctx.as_of)
        .map(|m| {
            Finding::info(
                "ovz.after-deadline",
                Place::line(&m.file, m.line),
                format!(
                    "Мероприятие от {} проведено после срока мониторинга {}: в мониторинг выпуска {} года и показатели эффективности оно не входит. Если дата ошибочна, исправьте её.",
                    date_ru(m.date),
                    date_ru(ctx.config.rules.ovz_monitoring_date(m.year)),
                    m.year
                ),
            )
        })
        .collect()
}

/// `ovz.future-date`
pub fn future_date(ctx: &Ctx) -> Vec<Finding> {
    ctx.year
        .ovz
        .measures
        .iter()
        .filter(|m| m.date > ctx.as_of)
        .map(|m| {
            Finding::warning(
                "ovz.future-date",
                Place::line(&m.file, m.line),
                format!(
                    "Дата мероприятия {} позже даты отчёта {}: мониторинг отражает проведённые мероприятия. Исправьте дату или внесите мероприятие после его проведения.",
                    date_ru(m.date),
                    date_ru(ctx.as_of)
                ),
            )
        })
        .collect()
}

/// A cohort with its graduates by ID and its graduates with ОВЗ per nosology group, built
/// once per rule so that participants are looked up, not scanned for.
struct Indexed<'a> {
    cohort: &'a Cohort,
    ids: HashMap<&'a str, &'a Graduate>,
    per_group: HashMap<Nosology, u32>,
}

fn indexed<'a>(ctx: &Ctx<'a>) -> Vec<Indexed<'a>> {
    ctx.m
        .cohorts
        .iter()
        .map(|c| {
            let mut per_group = HashMap::new();
            for g in c.graduates.iter().filter(|g| is_ovz(g)) {
                if let Some(n) = g.nosology {
                    *per_group.entry(n).or_insert(0) += 1;
                }
            }
            Indexed {
                cohort: c,
                ids: by_id(c),
                per_group,
            }
        })
        .collect()
}

fn of_year<'i, 'a>(index: &'i [Indexed<'a>], year: i16) -> Option<&'i Indexed<'a>> {
    index.iter().find(|x| x.cohort.year == year)
}

/// `ovz.unknown-participant`
pub fn unknown_participant(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    let index = indexed(ctx);
    for m in &ctx.year.ovz.measures {
        let Some(x) = of_year(&index, m.year) else {
            continue;
        };
        for id in &m.participants {
            if x.ids.contains_key(id.as_str()) {
                continue;
            }
            let hint = match index.iter().find(|o| o.ids.contains_key(id.as_str())) {
                Some(o) => format!(" (такой ID есть в выпуске {} года)", o.cohort.year),
                None => String::new(),
            };
            out.push(
                Finding::warning(
                    "ovz.unknown-participant",
                    Place::line(&m.file, m.line),
                    format!(
                        "Участника с ID «{id}» нет в списке выпускников {} года ({}){hint}: исправьте ID.",
                        m.year, x.cohort.graduates_file
                    ),
                )
                .with_graduate(id),
            );
        }
    }
    out
}

/// `ovz.participant-not-ovz`
pub fn participant_not_ovz(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    let index = indexed(ctx);
    for m in &ctx.year.ovz.measures {
        let Some(x) = of_year(&index, m.year) else {
            continue;
        };
        for id in &m.participants {
            let Some(g) = x.ids.get(id.as_str()).filter(|g| !is_ovz(g)) else {
                continue;
            };
            out.push(
                Finding::warning(
                    "ovz.participant-not-ovz",
                    Place::line(&m.file, m.line),
                    format!(
                        "Участник «{id}» в списке выпускников ({}, строка {}) не отмечен как лицо с ОВЗ или инвалидностью: исправьте столбцы «ОВЗ»/«Инвалидность» списка или уберите его из участников.",
                        x.cohort.graduates_file, g.line
                    ),
                )
                .with_graduate(id),
            );
        }
    }
    out
}

/// `ovz.count-mismatch`: counts by nosology against the IDs listed, and against the cohort.
pub fn count_mismatch(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    let index = indexed(ctx);
    for m in &ctx.year.ovz.measures {
        if m.by_nosology.is_empty() {
            continue;
        }
        let Some(x) = of_year(&index, m.year) else {
            continue;
        };
        let place = || Place::line(&m.file, m.line);
        let listed: Vec<&Graduate> = m
            .participants
            .iter()
            .filter_map(|id| x.ids.get(id.as_str()).copied())
            .collect();
        // The IDs decide only when every one is known and has its group.
        let known = !listed.is_empty()
            && listed.len() == m.participants.len()
            && listed.iter().all(|g| g.nosology.is_some());
        for &(n, count) in &m.by_nosology {
            let in_cohort = x.per_group.get(&n).copied().unwrap_or(0);
            if known {
                let from_ids = listed.iter().filter(|g| g.nosology == Some(n)).count() as u32;
                if from_ids != count {
                    out.push(Finding::warning(
                        "ovz.count-mismatch",
                        place(),
                        format!(
                            "С нарушениями {} указано {count} участн., а среди перечисленных ID по списку выпускников — {from_ids}. Исправьте число или список участников.",
                            n.label_ru()
                        ),
                    ));
                }
            } else if count > in_cohort {
                out.push(Finding::warning(
                    "ovz.count-mismatch",
                    place(),
                    format!(
                        "С нарушениями {} указано {count} участн., а в выпуске {} года таких выпускников {in_cohort} (столбец «Нозология» в {}). Исправьте число или список выпускников.",
                        n.label_ru(),
                        m.year,
                        x.cohort.graduates_file
                    ),
                ));
            }
        }
    }
    out
}

/// `abilympics.unknown-participant`
pub fn abilympics_unknown(ctx: &Ctx) -> Vec<Finding> {
    if ctx.m.is_empty() {
        return vec![];
    }
    let index = indexed(ctx);
    ctx.year
        .ovz
        .abilympics
        .iter()
        .filter(|a| index.iter().all(|x| !x.ids.contains_key(a.participant.as_str())))
        .map(|a| {
            Finding::warning(
                "abilympics.unknown-participant",
                Place::line(&a.file, a.line),
                format!(
                    "Участника «Абилимпикс» с ID «{}» нет в списках выпускников: укажите ID из списка выпускников (data/monitoring/graduates-ГГГГ.csv).",
                    a.participant
                ),
            )
            .with_graduate(&a.participant)
        })
        .collect()
}

/// `abilympics.no-competence`
pub fn abilympics_no_competence(ctx: &Ctx) -> Vec<Finding> {
    ctx.year
        .ovz
        .abilympics
        .iter()
        .filter(|a| a.competence.trim().is_empty())
        .map(|a| {
            Finding::warning(
                "abilympics.no-competence",
                Place::line(&a.file, a.line),
                "Не указана компетенция участника «Абилимпикс»: алгоритм требует «участники Абилимпикс с указанием компетенции». Заполните столбец «Компетенция».",
            )
            .with_graduate(&a.participant)
        })
        .collect()
}

/// `abilympics.participant-not-ovz`
pub fn abilympics_not_ovz(ctx: &Ctx) -> Vec<Finding> {
    let index = indexed(ctx);
    ctx.year
        .ovz
        .abilympics
        .iter()
        .filter_map(|a| {
            let (c, g) = index
                .iter()
                .find_map(|x| x.ids.get(a.participant.as_str()).map(|g| (x.cohort, *g)))?;
            (!is_ovz(g)).then(|| {
                Finding::warning(
                    "abilympics.participant-not-ovz",
                    Place::line(&a.file, a.line),
                    format!(
                        "Участник «Абилимпикс» «{}» в списке выпускников ({}, строка {}) не отмечен как лицо с ОВЗ или инвалидностью: «Абилимпикс» — чемпионат для людей с инвалидностью. Исправьте список выпускников или ID.",
                        a.participant, c.graduates_file, g.line
                    ),
                )
                .with_graduate(&a.participant)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::run_rule;
    use crate::check::monitoring::testing::{cohort, d, grad};
    use crate::model::graduate::{Graduate, Nosology};
    use crate::model::ovz::*;
    use crate::model::year::CentreYear;

    fn ovz_grad(id: &str, n: Nosology) -> Graduate {
        Graduate {
            ovz: true,
            nosology: Some(n),
            ..grad(id)
        }
    }

    pub fn measure(date: jiff::civil::Date, ids: &[&str]) -> OvzMeasure {
        OvzMeasure {
            year: 2023,
            date,
            kind: OvzMeasureKind::Consultation,
            title: String::new(),
            participants: ids.iter().map(|s| s.to_string()).collect(),
            by_nosology: vec![],
            partner: String::new(),
            result: String::new(),
            evidence: String::new(),
            file: "data/ovz/measures-2023.csv".into(),
            line: 2,
        }
    }

    fn year(measures: Vec<OvzMeasure>) -> CentreYear {
        let mut y = CentreYear::default();
        if !measures.is_empty() {
            y.ovz
                .measure_files
                .push((2023, "data/ovz/measures-2023.csv".into()));
        }
        y.ovz.measures = measures;
        y
    }

    fn people() -> crate::model::monitoring::Monitoring {
        cohort(vec![
            (ovz_grad("1", Nosology::Hearing), vec![]),
            (ovz_grad("2", Nosology::Vision), vec![]),
            (grad("3"), vec![]),
        ])
    }

    #[test]
    fn monitoring_missing_after_26_05_only() {
        let m = people();
        let f = run_rule("ovz.monitoring-missing", &year(vec![]), &m, d(2023, 5, 27));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("26.05.2023"), "{}", f[0].message);
        // The deadline day itself is still in time; a file read is the monitoring.
        assert!(run_rule("ovz.monitoring-missing", &year(vec![]), &m, d(2023, 5, 26)).is_empty());
        let y = year(vec![measure(d(2023, 3, 1), &["1"])]);
        assert!(run_rule("ovz.monitoring-missing", &y, &m, d(2023, 12, 15)).is_empty());
        // A cohort without ОВЗ graduates needs none.
        let plain = cohort(vec![(grad("3"), vec![])]);
        assert!(run_rule(
            "ovz.monitoring-missing",
            &year(vec![]),
            &plain,
            d(2023, 12, 15)
        )
        .is_empty());
    }

    #[test]
    fn graduate_without_measure_by_the_deadline() {
        let m = people();
        // «2» took part only on 29.05, after the deadline; «3» has no ОВЗ.
        let y = year(vec![
            measure(d(2023, 5, 26), &["1"]),
            measure(d(2023, 5, 29), &["2"]),
        ]);
        let f = run_rule("ovz.no-measure", &y, &m, d(2023, 6, 1));
        let ids: Vec<_> = f.iter().map(|f| f.graduate.as_deref().unwrap()).collect();
        assert_eq!(ids, ["2"]);
        assert!(f[0].message.contains("до 26.05.2023"));
        assert!(run_rule("ovz.no-measure", &y, &m, d(2023, 5, 20)).is_empty());
        let late = run_rule("ovz.after-deadline", &y, &m, d(2023, 6, 1));
        assert_eq!(late.len(), 1);
        assert!(late[0].message.contains("29.05.2023"));
        let future = run_rule("ovz.future-date", &y, &m, d(2023, 5, 27));
        assert_eq!(future.len(), 1);
    }

    #[test]
    fn unknown_and_non_ovz_participants() {
        let m = people();
        let y = year(vec![measure(d(2023, 3, 1), &["1", "3", "9"])]);
        let f = run_rule("ovz.unknown-participant", &y, &m, d(2023, 6, 1));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].graduate.as_deref(), Some("9"));
        let f = run_rule("ovz.participant-not-ovz", &y, &m, d(2023, 6, 1));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].graduate.as_deref(), Some("3"));
    }

    #[test]
    fn counts_by_nosology_agree_with_the_lists() {
        let m = people();
        let counts = |hearing, vision| {
            Nosology::ALL
                .iter()
                .map(|n| {
                    (
                        *n,
                        match n {
                            Nosology::Hearing => hearing,
                            Nosology::Vision => vision,
                            _ => 0,
                        },
                    )
                })
                .collect::<Vec<_>>()
        };
        // IDs «1» (hearing) and «2» (vision) listed: counts must say 1 and 1.
        let mut a = measure(d(2023, 3, 1), &["1", "2"]);
        a.by_nosology = counts(1, 1);
        assert!(run_rule(
            "ovz.count-mismatch",
            &year(vec![a.clone()]),
            &m,
            d(2023, 6, 1)
        )
        .is_empty());
        a.by_nosology = counts(2, 1);
        let f = run_rule("ovz.count-mismatch", &year(vec![a]), &m, d(2023, 6, 1));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("слуха указано 2"), "{}", f[0].message);
        // Counts only: no more than the cohort has in the group.
        let mut b = measure(d(2023, 3, 1), &[]);
        b.by_nosology = counts(1, 3);
        let f = run_rule("ovz.count-mismatch", &year(vec![b]), &m, d(2023, 6, 1));
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("таких выпускников 1"),
            "{}",
            f[0].message
        );
    }

    fn entry(id: &str, competence: &str) -> AbilympicsEntry {
        AbilympicsEntry {
            year: 2023,
            participant: id.into(),
            competence: competence.into(),
            level: Some(AbilympicsLevel::Regional),
            result: String::new(),
            date: None,
            file: "data/ovz/abilympics-2023.csv".into(),
            line: 2,
        }
    }

    #[test]
    fn abilympics_participants() {
        let m = people();
        let mut y = CentreYear::default();
        y.ovz.abilympics = vec![
            entry("1", "Веб-дизайн"),
            entry("2", " "),
            entry("3", "Сварка"),
            entry("9", "Сварка"),
        ];
        let ids = |id: &str| -> Vec<String> {
            run_rule(id, &y, &m, d(2023, 6, 1))
                .into_iter()
                .map(|f| f.graduate.unwrap().to_string())
                .collect()
        };
        assert_eq!(ids("abilympics.no-competence"), ["2"]);
        assert_eq!(ids("abilympics.unknown-participant"), ["9"]);
        assert_eq!(ids("abilympics.participant-not-ovz"), ["3"]);
    }
}
