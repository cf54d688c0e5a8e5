//! The centre's effectiveness: each criterion's indicator computed from the project's data,
//! with the figures it came from, scored against its threshold or scale.
//!
//! An indicator whose data are absent (no measures file, no ОВЗ graduates, no plan, no ОПК
//! forms, …) is `None` — «нет данных» — never 0, and gives no points.

use crate::config::Config;
use crate::format::{count_ru, date_ru};
use crate::model::channel::Channel;
use crate::model::effectiveness::{value_ru, Answer, Criterion, Indicator, OnDate, Unit};
use crate::model::monitoring::{Cohort, Monitoring};
use crate::model::opk::{FormKind, Opk};
use crate::model::plan::{ActionStatus, Due};
use crate::model::track::EntryKind;
use crate::model::year::CentreYear;
use jiff::civil::Date;
use serde::Serialize;

/// What the computation reads, borrowed from the project.
pub struct Inputs<'a> {
    pub m: &'a Monitoring,
    pub year: &'a CentreYear,
    /// `None`: no ОПК data at hand (the indicator is then «нет данных»).
    pub opk: Option<&'a Opk>,
    pub config: &'a Config,
    pub as_of: Date,
}

/// An indicator's value and the figures it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: f64,
    /// «трудоустроено 98 из 146 выпускников 2023 года на 01.12.2023».
    pub source: String,
}

/// No value: why, for the report («нет файла data/ovz/measures-2023.csv»).
pub type Value = Result<Figure, String>;

/// One criterion with its value and points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionResult {
    pub id: String,
    pub title: String,
    pub indicator: &'static str,
    pub indicator_label: &'static str,
    pub unit: &'static str,
    /// `None`: no data (shown as «нет данных», never 0).
    pub value: Option<f64>,
    /// The value as printed, or «нет данных».
    pub value_ru: String,
    /// The figures the value came from, or why there is none.
    pub source: String,
    /// «≥ 75 %: 3 балла; ≥ 65 %: 2 балла …».
    pub threshold_ru: String,
    /// The target (the step with most points), for the chart.
    pub target: Option<f64>,
    /// `None` with no data.
    pub points: Option<f64>,
    pub max_points: f64,
    /// «2 из 3», or «—» with no data.
    pub points_ru: String,
    /// Whether the target is met; `None` with no data.
    pub met: Option<bool>,
    pub on: Option<Date>,
    /// Where the criterion comes from (regional order).
    pub basis: String,
    #[serde(skip)]
    pub unit_kind: Option<Unit>,
}

/// Counts of the checklist's answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChecklistSummary {
    pub total: usize,
    pub yes: usize,
    pub partly: usize,
    pub no: usize,
    pub unanswered: usize,
}

/// The effectiveness of one college on `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effectiveness {
    /// The cohort the monitoring indicators are for (the latest one), if any.
    pub cohort: Option<i16>,
    pub criteria: Vec<CriterionResult>,
    pub points: f64,
    pub max_points: f64,
    /// Criteria with data / all criteria.
    pub with_data: usize,
    pub checklist: ChecklistSummary,
}

/// The cohort the year's indicators are about: the latest one graduated by `as_of`.
pub fn current_cohort(m: &Monitoring, as_of: Date) -> Option<&Cohort> {
    m.cohorts.iter().rev().find(|c| c.year <= as_of.year())
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 * 100.0 / whole as f64
}

fn is_ovz(g: &crate::model::graduate::Graduate) -> bool {
    g.ovz || g.disability
}

/// Work that counts as employment: the seed's priority channels «Труд-во, ИП/Самозанятость».
fn employed(
    c: &Cohort,
    g: &crate::model::graduate::Graduate,
    t: &crate::model::track::CareerTrack,
    date: Date,
    i: &Inputs,
) -> bool {
    let s = crate::compute::status::status_class_on(
        c.year,
        g,
        t,
        date,
        &i.m.specialties,
        &i.config.rules,
    );
    !s.at_risk
        && s.entry.is_some_and(|e| {
            e.kind == EntryKind::Actual
                && matches!(
                    e.channel,
                    Channel::Employed | Channel::SoleTrader | Channel::SelfEmployed
                )
        })
}

fn no_cohort() -> String {
    "нет данных мониторинга выпускников (data/monitoring/graduates-ГГГГ.csv)".into()
}

/// The value of `ind` (dated `on` where it is dated).
pub fn indicator(ind: Indicator, on: Option<OnDate>, i: &Inputs) -> Value {
    let cohort = current_cohort(i.m, i.as_of);
    let date = match (on, cohort) {
        (Some(o), Some(c)) => o.resolve(c.year),
        _ => i.as_of,
    };
    let dated = |c: &Cohort| -> Result<(), String> {
        if date > i.as_of {
            return Err(format!(
                "дата {} ещё не наступила (отчёт на {})",
                date_ru(date),
                date_ru(i.as_of)
            ));
        }
        if c.graduates.is_empty() {
            return Err(format!("в списке выпускников {} года никого нет", c.year));
        }
        Ok(())
    };
    match ind {
        Indicator::EmployedShare => {
            let c = cohort.ok_or_else(no_cohort)?;
            dated(c)?;
            let n = c.iter().filter(|(g, t)| employed(c, g, t, date, i)).count();
            Ok(Figure {
                value: share(n, c.graduates.len()),
                source: format!(
                    "трудоустроено (в т. ч. ИП, самозанятые) {n} из {} выпуска {} года на {}",
                    count_ru(
                        c.graduates.len() as i64,
                        "выпускника",
                        "выпускников",
                        "выпускников"
                    ),
                    c.year,
                    date_ru(date)
                ),
            })
        }
        Indicator::RiskShare => {
            let c = cohort.ok_or_else(no_cohort)?;
            dated(c)?;
            let n = crate::compute::status::risk_count(c, date, &i.m.specialties, &i.config.rules);
            Ok(Figure {
                value: share(n, c.graduates.len()),
                source: format!(
                    "в «Риске нетрудоустройства» {n} из {} выпуска {} года на {}",
                    count_ru(
                        c.graduates.len() as i64,
                        "выпускника",
                        "выпускников",
                        "выпускников"
                    ),
                    c.year,
                    date_ru(date)
                ),
            })
        }
        Indicator::OvzEmployedShare => {
            let c = cohort.ok_or_else(no_cohort)?;
            dated(c)?;
            let ovz: Vec<_> = c.iter().filter(|(g, _)| is_ovz(g)).collect();
            if ovz.is_empty() {
                return Err(format!(
                    "в выпуске {} года нет выпускников с ОВЗ и инвалидностью",
                    c.year
                ));
            }
            let n = ovz
                .iter()
                .filter(|(g, t)| employed(c, g, t, date, i))
                .count();
            Ok(Figure {
                value: share(n, ovz.len()),
                source: format!(
                    "трудоустроено {n} из {} с ОВЗ и инвалидностью выпуска {} года на {}",
                    count_ru(ovz.len() as i64, "выпускника", "выпускников", "выпускников"),
                    c.year,
                    date_ru(date)
                ),
            })
        }
        Indicator::OpkNeedsClosed => {
            let Some(opk) = i.opk else {
                return Err("нет форм 2 мониторинга ОПК (data/opk/)".into());
            };
            let l = opk.layout(FormKind::Form2);
            let latest = opk
                .reports
                .iter()
                .rev()
                .filter(|r| r.week <= i.as_of)
                .find_map(|r| r.form2.as_ref().map(|f| (r.week, f)));
            let Some((week, form)) = latest else {
                return Err("нет форм 2 мониторинга ОПК (data/opk/)".into());
            };
            let (mut need, mut closed) = (0u64, 0u64);
            for r in &form.rows {
                need += u64::from(r.count(l, "workplaces").unwrap_or(0));
                closed += u64::from(r.count(l, "employed").unwrap_or(0));
            }
            // Form 2 is the need as updated every week: «количество рабочих мест» is what is
            // still open, «трудоустроено выпускников» what graduates already closed; the
            // whole need is their sum.
            let whole = need + closed;
            if whole == 0 {
                return Err(format!("в форме 2 за {} нет рабочих мест", date_ru(week)));
            }
            Ok(Figure {
                value: closed as f64 * 100.0 / whole as f64,
                source: format!(
                    "трудоустроено {}, открыто ещё {} предприятий ОПК (форма 2 за {}, {})",
                    count_ru(closed as i64, "выпускник", "выпускника", "выпускников"),
                    count_ru(
                        need as i64,
                        "рабочее место",
                        "рабочих места",
                        "рабочих мест"
                    ),
                    date_ru(week),
                    form.file
                ),
            })
        }
        Indicator::PlanOnTime => {
            let Some(plan) = i.year.plan.as_ref() else {
                return Err("нет плана работы (data/plan.yaml)".into());
            };
            let Some(period) = plan.period() else {
                return Err("у плана не указан учебный год".into());
            };
            let (mut due, mut on_time) = (0, 0);
            for (_, a) in plan.actions() {
                if a.status == ActionStatus::Cancelled {
                    continue;
                }
                if a.deadline.recurring() {
                    if a.deadline.occurrences(period).iter().any(|d| *d <= i.as_of) {
                        due += 1;
                        if !matches!(a.due_on(i.as_of, period, 0), Due::Overdue { .. }) {
                            on_time += 1;
                        }
                    }
                } else if let Some(d) = a.deadline.due_date().filter(|d| *d < i.as_of) {
                    due += 1;
                    if matches!(a.status, ActionStatus::Done(x) if x.0 <= d) {
                        on_time += 1;
                    }
                }
            }
            if due == 0 {
                return Err(format!(
                    "на {} срок ни одного действия плана не наступил",
                    date_ru(i.as_of)
                ));
            }
            Ok(Figure {
                value: share(on_time, due),
                source: format!(
                    "выполнено в срок {on_time} из {} плана, срок которых наступил к {}",
                    count_ru(due as i64, "действия", "действий", "действий"),
                    date_ru(i.as_of)
                ),
            })
        }
        Indicator::MonthlyUpdatesOnTime => {
            let c = cohort.ok_or_else(no_cohort)?;
            let from = i.config.rules.actual_from_date(c.year);
            let mut deadlines = Vec::new();
            let mut d = from.first_of_month();
            while d <= i.as_of {
                if d > from {
                    deadlines.push(d);
                }
                match d.checked_add(jiff::Span::new().months(1)) {
                    Ok(n) => d = n,
                    Err(_) => break,
                }
            }
            if deadlines.is_empty() {
                return Err(format!(
                    "к {} ежемесячных сроков ещё не было",
                    date_ru(i.as_of)
                ));
            }
            let dates: Vec<Date> = c
                .tracks
                .iter()
                .flat_map(|t| t.entries().iter().map(|e| e.date))
                .collect();
            let met = deadlines
                .iter()
                .filter(|d| {
                    let prev = d.checked_sub(jiff::Span::new().months(1)).unwrap_or(**d);
                    dates.iter().any(|x| *x > prev && *x <= **d)
                })
                .count();
            Ok(Figure {
                value: share(met, deadlines.len()),
                source: format!(
                    "треки выпуска {} года обновлены к {met} из {} (с {} по {})",
                    c.year,
                    count_ru(deadlines.len() as i64, "сроку", "сроков", "сроков"),
                    date_ru(deadlines[0]),
                    date_ru(deadlines[deadlines.len() - 1])
                ),
            })
        }
        Indicator::ReferralsWithFeedback => {
            let days = i64::from(i.config.rules.referral_feedback_days);
            let due: Vec<_> = i
                .year
                .vacancies
                .referrals
                .iter()
                .filter(|r| r.date <= i.as_of)
                .filter(|r| {
                    r.feedback.is_some()
                        || r.date.until(i.as_of).map_or(0, |s| s.get_days() as i64) > days
                })
                .collect();
            if due.is_empty() {
                return Err(
                    "нет направлений на вакансии, по которым наступил срок обратной связи".into(),
                );
            }
            let n = due.iter().filter(|r| r.feedback.is_some()).count();
            Ok(Figure {
                value: share(n, due.len()),
                source: format!(
                    "обратная связь получена по {n} из {} (срок — {days} дн.)",
                    count_ru(
                        due.len() as i64,
                        "направления",
                        "направлений",
                        "направлений"
                    )
                ),
            })
        }
        Indicator::AbilympicsParticipants => {
            let c = cohort.ok_or_else(no_cohort)?;
            if !i.year.ovz.has_abilympics(c.year) {
                return Err(format!("нет файла data/ovz/abilympics-{}.csv", c.year));
            }
            let mut ids: Vec<&str> = i
                .year
                .ovz
                .abilympics
                .iter()
                .filter(|a| a.year == c.year)
                .map(|a| a.participant.as_str())
                .collect();
            let entries = ids.len();
            ids.sort_unstable();
            ids.dedup();
            Ok(Figure {
                value: ids.len() as f64,
                source: format!(
                    "{} в {} (data/ovz/abilympics-{})",
                    count_ru(ids.len() as i64, "участник", "участника", "участников"),
                    count_ru(
                        entries as i64,
                        "компетенции",
                        "компетенциях",
                        "компетенциях"
                    ),
                    c.year
                ),
            })
        }
        Indicator::OvzMeasuresPerGraduate | Indicator::OvzCoveredShare => {
            let c = cohort.ok_or_else(no_cohort)?;
            if !i.year.ovz.has_measures(c.year) {
                return Err(format!("нет файла data/ovz/measures-{}.csv", c.year));
            }
            let ovz: Vec<_> = c.graduates.iter().filter(|g| is_ovz(g)).collect();
            if ovz.is_empty() {
                return Err(format!(
                    "в выпуске {} года нет выпускников с ОВЗ и инвалидностью",
                    c.year
                ));
            }
            let due = i.config.rules.ovz_monitoring_date(c.year);
            let measures: Vec<_> = i
                .year
                .ovz
                .measures
                .iter()
                .filter(|m| m.year == c.year && m.date <= due)
                .collect();
            if ind == Indicator::OvzMeasuresPerGraduate {
                let n: u32 = measures.iter().map(|m| m.participant_count()).sum();
                Ok(Figure {
                    value: f64::from(n) / ovz.len() as f64,
                    source: format!(
                        "{} в {} до {} на {} с ОВЗ и инвалидностью",
                        count_ru(i64::from(n), "участие", "участия", "участий"),
                        count_ru(
                            measures.len() as i64,
                            "мероприятии",
                            "мероприятиях",
                            "мероприятиях"
                        ),
                        date_ru(due),
                        count_ru(ovz.len() as i64, "выпускника", "выпускников", "выпускников")
                    ),
                })
            } else {
                let took_part: std::collections::HashSet<&str> = measures
                    .iter()
                    .flat_map(|m| m.participants.iter().map(String::as_str))
                    .collect();
                let covered = ovz
                    .iter()
                    .filter(|g| took_part.contains(g.id.as_str()))
                    .count();
                Ok(Figure {
                    value: share(covered, ovz.len()),
                    source: format!(
                        "охвачено мероприятиями до {} {covered} из {} с ОВЗ и инвалидностью выпуска {} года",
                        date_ru(due),
                        count_ru(ovz.len() as i64, "выпускника", "выпускников", "выпускников"),
                        c.year
                    ),
                })
            }
        }
        Indicator::FairParticipants => {
            let c = cohort.ok_or_else(no_cohort)?;
            if !i.year.ovz.has_fairs(c.year) {
                return Err(format!("нет файла data/events/fairs-{}.yaml", c.year));
            }
            let fairs: Vec<_> = i
                .year
                .ovz
                .fairs
                .iter()
                .filter(|f| f.year == c.year)
                .collect();
            let n: u32 = fairs.iter().map(|f| f.participants).sum();
            Ok(Figure {
                value: f64::from(n),
                source: format!(
                    "{} на {} (data/events/fairs-{}.yaml)",
                    count_ru(i64::from(n), "участник", "участника", "участников"),
                    count_ru(fairs.len() as i64, "ярмарке", "ярмарках", "ярмарках"),
                    c.year
                ),
            })
        }
    }
}

fn points_ru(p: f64) -> String {
    let n = value_ru(p, Unit::PerGraduate);
    if (p - p.round()).abs() < 1e-9 {
        format!(
            "{n} {}",
            crate::format::plural(p.round() as i64, "балл", "балла", "баллов")
        )
    } else {
        format!("{n} балла")
    }
}

/// One criterion scored.
pub fn score(c: &Criterion, i: &Inputs) -> CriterionResult {
    let unit = c.indicator.unit();
    let v = indicator(c.indicator, c.on, i);
    let (value, source) = match &v {
        Ok(f) => (Some(f.value), f.source.clone()),
        Err(why) => (None, why.clone()),
    };
    let target = c.target().copied();
    CriterionResult {
        id: c.id.clone(),
        title: c.title.clone(),
        indicator: c.indicator.key(),
        indicator_label: c.indicator.label_ru(),
        unit: unit.label_ru(),
        value,
        value_ru: value.map_or_else(|| "нет данных".to_string(), |x| value_ru(x, unit)),
        source,
        threshold_ru: c
            .steps
            .iter()
            .map(|s| format!("{}: {}", s.label_ru(unit), points_ru(s.points)))
            .collect::<Vec<_>>()
            .join("; "),
        target: target.map(|t| t.bound),
        points: value.map(|x| c.points(x)),
        max_points: c.max_points(),
        points_ru: value.map_or_else(
            || "—".to_string(),
            |x| {
                format!(
                    "{} из {}",
                    value_ru(c.points(x), Unit::PerGraduate),
                    value_ru(c.max_points(), Unit::PerGraduate)
                )
            },
        ),
        met: value.and_then(|x| target.map(|t| t.met(x))),
        on: c
            .on
            .map(|o| current_cohort(i.m, i.as_of).map_or(i.as_of, |k| o.resolve(k.year))),
        basis: String::new(),
        unit_kind: Some(unit),
    }
}

/// Every criterion of the project scored, and the checklist counted.
pub fn evaluate(i: &Inputs) -> Effectiveness {
    let criteria: Vec<CriterionResult> = i
        .year
        .effectiveness
        .criteria
        .iter()
        .map(|c| CriterionResult {
            basis: c.source.clone(),
            ..score(c, i)
        })
        .collect();
    let mut checklist = ChecklistSummary::default();
    for it in &i.year.effectiveness.checklist {
        checklist.total += 1;
        match it.answer {
            Some(Answer::Yes) => checklist.yes += 1,
            Some(Answer::Partly) => checklist.partly += 1,
            Some(Answer::No) => checklist.no += 1,
            None => checklist.unanswered += 1,
        }
    }
    Effectiveness {
        cohort: current_cohort(i.m, i.as_of).map(|c| c.year),
        points: criteria.iter().filter_map(|c| c.points).sum(),
        max_points: criteria.iter().map(|c| c.max_points).sum(),
        with_data: criteria.iter().filter(|c| c.value.is_some()).count(),
        criteria,
        checklist,
    }
}

#[cfg(test)]
mod tests;
