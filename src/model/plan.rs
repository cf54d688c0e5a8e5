//! The career centre's work plan for an academic year (`data/plan.yaml`): tasks («Задача N»)
//! with actions, each with a deadline of one of the kinds the regional algorithm uses.
//!
//! Deadlines are structured data, shown in Russian the way people write them
//! («до 01 числа каждого месяца», «еженедельно до 12.00 пятницы»), so that the plan can be
//! checked on a date and exported as a calendar.

use crate::format::{date_ru, RuDate};
use jiff::civil::{Date, Weekday};
use serde::{Deserialize, Deserializer};

/// План работы ЦСТВ.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// `2023-2024`.
    pub academic_year: String,
    pub title: String,
    /// The «УТВЕРЖДАЮ» block: who approved the plan and when.
    #[serde(default)]
    pub approved: Option<Approval>,
    /// When the plan was published in the section.
    #[serde(default)]
    pub published: Option<RuDate>,
    pub tasks: Vec<Task>,
    /// Project-relative path of the plan file.
    #[serde(skip)]
    pub file: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    #[serde(default)]
    pub date: Option<RuDate>,
    /// ФИО of the head who approved it (`Ковалёва Н. В.`).
    #[serde(default)]
    pub by: String,
    #[serde(default)]
    pub position: String,
}

/// «Задача N».
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub task: u32,
    pub title: String,
    pub actions: Vec<Action>,
    #[serde(skip)]
    pub line: usize,
}

/// One row of the plan: deadline, cohort, action, notes, who, status, evidence.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub deadline: Deadline,
    /// Выпуск the action is about (`2022`), when it is about one.
    #[serde(default)]
    pub cohort: Option<i16>,
    pub action: String,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub responsible: String,
    #[serde(default)]
    pub status: ActionStatus,
    /// A link or a document reference showing the action was done.
    #[serde(default)]
    pub evidence: String,
    /// Line of `action:` in the plan file.
    #[serde(skip)]
    pub line: usize,
}

/// Статус действия: `planned`, `cancelled` or `{ done: ДД.ММ.ГГГГ }`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ActionStatus {
    #[default]
    Planned,
    /// Done on a date; for a recurring action, the date of the latest time it was done.
    Done(RuDate),
    Cancelled,
}

/// Срок: every kind of deadline the regional algorithm uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deadline {
    /// «до 01.07.2023»
    By(RuDate),
    /// «01.07.2023»: on that day.
    On(RuDate),
    /// «с 01.11.2023»: from that day on, with no end.
    From(RuDate),
    /// «до 01 числа каждого месяца», optionally «с 01.07.2023 далее …».
    Monthly(Monthly),
    /// «еженедельно до 12.00 пятницы».
    Weekly(Weekly),
    /// «ноябрь–декабрь 2023».
    Months(MonthRange),
    /// «весь период».
    WholePeriod,
    /// «по запросу Минпросвещения».
    OnRequest(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Monthly {
    /// Day of the month the update is due by.
    pub day: i8,
    #[serde(default)]
    pub from: Option<RuDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weekly {
    pub weekday: RuWeekday,
    /// `12:00` or `12.00`.
    #[serde(default)]
    pub time: Option<Clock>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MonthRange {
    pub from: MonthYear,
    pub to: MonthYear,
}

/// The one `key: value` of a YAML map such as `{ by: 01.07.2023 }`, or the plain string.
enum OneKey {
    Word(String),
    Pair(String, serde_yaml::Value),
}

fn one_key<E: serde::de::Error>(v: serde_yaml::Value, what: &str) -> Result<OneKey, E> {
    match v {
        serde_yaml::Value::String(s) => Ok(OneKey::Word(s.trim().to_string())),
        serde_yaml::Value::Mapping(m) if m.len() == 1 => {
            let (k, v) = m.into_iter().next().ok_or_else(|| E::custom(what))?;
            match k {
                serde_yaml::Value::String(k) => Ok(OneKey::Pair(k, v)),
                _ => Err(E::custom(what)),
            }
        }
        _ => Err(E::custom(what)),
    }
}

fn date_of<E: serde::de::Error>(v: serde_yaml::Value) -> Result<RuDate, E> {
    match v {
        serde_yaml::Value::String(s) => {
            crate::format::parse_date(&s).map(RuDate).map_err(E::custom)
        }
        other => Err(E::custom(format!(
            "«{}» — не дата: ожидается ДД.ММ.ГГГГ",
            serde_yaml::to_string(&other).unwrap_or_default().trim()
        ))),
    }
}

fn nested<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    v: serde_yaml::Value,
) -> Result<T, E> {
    serde_yaml::from_value(v).map_err(|e| {
        let msg = e.to_string();
        // Our own messages quote the bad value; keep them as they are.
        E::custom(msg.split(" at line ").next().unwrap_or(&msg).to_string())
    })
}

const DEADLINE_KINDS: &str = "by, on, from, monthly, weekly, months, whole_period, on_request";

impl<'de> Deserialize<'de> for Deadline {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = serde_yaml::Value::deserialize(de)?;
        let what = format!("срок записывается одним ключом: {DEADLINE_KINDS} (например, {{ by: 01.07.2023 }} или whole_period)");
        Ok(match one_key::<D::Error>(v, &what)? {
            OneKey::Word(w) if w == "whole_period" || w == "весь период" => {
                Deadline::WholePeriod
            }
            OneKey::Word(w) => {
                return Err(D::Error::custom(format!(
                    "«{w}» — неизвестный вид срока: {what}"
                )))
            }
            OneKey::Pair(k, v) => match k.as_str() {
                "by" => Deadline::By(date_of(v)?),
                "on" => Deadline::On(date_of(v)?),
                "from" => Deadline::From(date_of(v)?),
                "monthly" => Deadline::Monthly(nested(v)?),
                "weekly" => Deadline::Weekly(nested(v)?),
                "months" => Deadline::Months(nested(v)?),
                "on_request" => match v {
                    serde_yaml::Value::String(s) => Deadline::OnRequest(s),
                    _ => {
                        return Err(D::Error::custom(
                            "on_request: укажите, чей запрос (например, Минпросвещения)",
                        ))
                    }
                },
                _ => {
                    return Err(D::Error::custom(format!(
                        "«{k}» — неизвестный вид срока: {what}"
                    )))
                }
            },
        })
    }
}

impl<'de> Deserialize<'de> for ActionStatus {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = serde_yaml::Value::deserialize(de)?;
        let what = "статус: planned, cancelled или { done: ДД.ММ.ГГГГ }";
        match one_key::<D::Error>(v, what)? {
            OneKey::Word(w) if w == "planned" || w == "запланировано" => {
                Ok(ActionStatus::Planned)
            }
            OneKey::Word(w) if w == "cancelled" || w == "отменено" => {
                Ok(ActionStatus::Cancelled)
            }
            OneKey::Pair(k, v) if k == "done" => Ok(ActionStatus::Done(date_of(v)?)),
            OneKey::Word(w) | OneKey::Pair(w, _) => Err(D::Error::custom(format!(
                "«{w}» — неизвестный статус: {what}"
            ))),
        }
    }
}

/// A weekday written in Russian (`пятница`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuWeekday(pub Weekday);

const WEEKDAYS: [(&str, &str, Weekday); 7] = [
    ("понедельник", "понедельника", Weekday::Monday),
    ("вторник", "вторника", Weekday::Tuesday),
    ("среда", "среды", Weekday::Wednesday),
    ("четверг", "четверга", Weekday::Thursday),
    ("пятница", "пятницы", Weekday::Friday),
    ("суббота", "субботы", Weekday::Saturday),
    ("воскресенье", "воскресенья", Weekday::Sunday),
];

impl RuWeekday {
    /// `пятницы`, as in «до 12.00 пятницы».
    pub fn genitive(self) -> &'static str {
        WEEKDAYS.iter().find(|w| w.2 == self.0).map_or("", |w| w.1)
    }

    /// iCalendar's two-letter day (`FR`).
    pub fn ical(self) -> &'static str {
        match self.0 {
            Weekday::Monday => "MO",
            Weekday::Tuesday => "TU",
            Weekday::Wednesday => "WE",
            Weekday::Thursday => "TH",
            Weekday::Friday => "FR",
            Weekday::Saturday => "SA",
            Weekday::Sunday => "SU",
        }
    }
}

impl<'de> Deserialize<'de> for RuWeekday {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let s = String::deserialize(de)?;
        let low = s.trim().to_lowercase();
        WEEKDAYS
            .iter()
            .find(|w| w.0 == low || w.1 == low)
            .map(|w| RuWeekday(w.2))
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "«{s}» — не день недели: напишите, например, «пятница»"
                ))
            })
    }
}

/// A time of day, `12:00` or `12.00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub hour: i8,
    pub minute: i8,
}

impl<'de> Deserialize<'de> for Clock {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let s = String::deserialize(de)?;
        let bad = || {
            serde::de::Error::custom(format!("«{s}» — не время: ожидается ЧЧ:ММ, например 12:00"))
        };
        let (h, m) = s.trim().split_once([':', '.']).ok_or_else(bad)?;
        let hour: i8 = h.parse().map_err(|_| bad())?;
        let minute: i8 = m.parse().map_err(|_| bad())?;
        if !(0..24).contains(&hour) || !(0..60).contains(&minute) || m.len() != 2 {
            return Err(bad());
        }
        Ok(Clock { hour, minute })
    }
}

/// A month of a year, written `11.2023`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonthYear {
    pub year: i16,
    pub month: i8,
}

impl MonthYear {
    pub fn first_day(self) -> Date {
        Date::new(self.year, self.month, 1).unwrap_or_default()
    }

    pub fn last_day(self) -> Date {
        self.first_day().last_of_month()
    }
}

impl<'de> Deserialize<'de> for MonthYear {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let s = String::deserialize(de)?;
        let bad = || {
            serde::de::Error::custom(format!(
                "«{s}» — не месяц: ожидается ММ.ГГГГ, например 11.2023"
            ))
        };
        let (m, y) = s.trim().split_once('.').ok_or_else(bad)?;
        let month: i8 = m.parse().map_err(|_| bad())?;
        let year: i16 = y.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || !(2000..2100).contains(&year) {
            return Err(bad());
        }
        Ok(MonthYear { year, month })
    }
}

/// Where an action stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Nothing is due (done, cancelled, no fixed date, or far off).
    Nothing,
    /// The deadline `on` passed and the action was not done for it.
    Overdue { on: Date },
    /// The deadline `on` comes within the configured number of days.
    Soon { on: Date },
}

impl Deadline {
    /// The deadline as people write it in the plan.
    pub fn label_ru(&self) -> String {
        match self {
            Deadline::By(d) => format!("до {}", date_ru(d.0)),
            Deadline::On(d) => date_ru(d.0),
            Deadline::From(d) => format!("с {}", date_ru(d.0)),
            Deadline::Monthly(m) => {
                let each = format!("до {:02} числа каждого месяца", m.day);
                match m.from {
                    Some(f) => format!("с {} далее {each}", date_ru(f.0)),
                    None => each,
                }
            }
            Deadline::Weekly(w) => match w.time {
                Some(t) => format!(
                    "еженедельно до {:02}.{:02} {}",
                    t.hour,
                    t.minute,
                    w.weekday.genitive()
                ),
                None => format!("еженедельно до {}", w.weekday.genitive()),
            },
            Deadline::Months(r) => {
                let name = |m: MonthYear| crate::format::MONTHS_NOMINATIVE[(m.month - 1) as usize];
                if r.from.year == r.to.year {
                    format!("{}–{} {}", name(r.from), name(r.to), r.to.year)
                } else {
                    format!(
                        "{} {}–{} {}",
                        name(r.from),
                        r.from.year,
                        name(r.to),
                        r.to.year
                    )
                }
            }
            Deadline::WholePeriod => "весь период".into(),
            Deadline::OnRequest(who) => format!("по запросу {}", who.trim()),
        }
    }

    /// Whether the deadline repeats (monthly, weekly).
    pub fn recurring(&self) -> bool {
        matches!(self, Deadline::Monthly(_) | Deadline::Weekly(_))
    }

    /// The days the deadline falls on within `period` (inclusive), for recurring deadlines:
    /// the dates strictly after the start, so that «с 01.07 далее до 01 числа» is first due
    /// on 01.08.
    pub fn occurrences(&self, period: (Date, Date)) -> Vec<Date> {
        let mut out = Vec::new();
        match self {
            Deadline::Monthly(m) => {
                let start = m.from.map_or(period.0, |f| f.0.max(period.0));
                let mut month = start.first_of_month();
                while month <= period.1 {
                    let day = m.day.clamp(1, month.days_in_month());
                    if let Ok(d) = Date::new(month.year(), month.month(), day) {
                        if d > start && d <= period.1 {
                            out.push(d);
                        }
                    }
                    match month.checked_add(jiff::Span::new().months(1)) {
                        Ok(n) => month = n,
                        Err(_) => break,
                    }
                }
            }
            Deadline::Weekly(w) => {
                let mut d = period.0;
                while d.weekday() != w.weekday.0 || d <= period.0 {
                    match d.tomorrow() {
                        Ok(n) => d = n,
                        Err(_) => return out,
                    }
                }
                while d <= period.1 {
                    out.push(d);
                    match d.checked_add(jiff::Span::new().days(7)) {
                        Ok(n) => d = n,
                        Err(_) => break,
                    }
                }
            }
            _ => {}
        }
        out
    }

    /// The single day a one-off deadline falls on (the last day of a month range).
    pub fn due_date(&self) -> Option<Date> {
        match self {
            Deadline::By(d) | Deadline::On(d) => Some(d.0),
            Deadline::Months(r) => Some(r.to.last_day()),
            _ => None,
        }
    }
}

impl Action {
    /// Where the action stands on `as_of`: overdue, due within `soon_days`, or nothing.
    /// A recurring action is due on each occurrence; it is met by being done after the
    /// previous occurrence (an update on 29.11 meets «до 01 числа» for 01.12).
    pub fn due_on(&self, as_of: Date, period: (Date, Date), soon_days: i64) -> Due {
        let done = match self.status {
            ActionStatus::Cancelled => return Due::Nothing,
            ActionStatus::Done(d) => Some(d.0),
            ActionStatus::Planned => None,
        };
        let within =
            |d: Date| (as_of.until(d).map_or(i64::MAX, |s| s.get_days() as i64)) <= soon_days;
        if self.deadline.recurring() {
            let occ = self.deadline.occurrences(period);
            let past: Vec<Date> = occ.iter().copied().filter(|d| *d <= as_of).collect();
            if let Some(&last) = past.last() {
                let prev = past.len().checked_sub(2).map(|i| past[i]);
                let met = match (done, prev) {
                    (Some(d), Some(p)) => d > p,
                    (Some(_), None) => true,
                    (None, _) => false,
                };
                if !met {
                    return Due::Overdue { on: last };
                }
            }
            if let Some(&next) = occ.iter().find(|d| **d > as_of) {
                let cycle_done = match (done, past.last()) {
                    (Some(d), Some(l)) => d > *l,
                    _ => false,
                };
                // A routine repeating more often than the warning horizon (weekly, with 14
                // days) is always «due soon»: saying so every time adds nothing.
                let gap = occ.windows(2).next().map_or(i64::MAX, |w| {
                    w[0].until(w[1]).map_or(i64::MAX, |s| s.get_days() as i64)
                });
                if !cycle_done && within(next) && gap > soon_days {
                    return Due::Soon { on: next };
                }
            }
            return Due::Nothing;
        }
        if done.is_some() {
            return Due::Nothing;
        }
        match self.deadline.due_date() {
            Some(d) if d < as_of => Due::Overdue { on: d },
            Some(d) if within(d) => Due::Soon { on: d },
            _ => Due::Nothing,
        }
    }

    /// The status as shown in the plan: «выполнено 28.06.2023», «выполняется …».
    pub fn status_ru(&self) -> String {
        match self.status {
            ActionStatus::Planned => "запланировано".into(),
            ActionStatus::Cancelled => "отменено".into(),
            ActionStatus::Done(d) if self.deadline.recurring() => {
                format!("выполняется, последний раз {}", date_ru(d.0))
            }
            ActionStatus::Done(d) => match self.deadline {
                Deadline::WholePeriod | Deadline::OnRequest(_) | Deadline::From(_) => {
                    format!("выполняется, последний раз {}", date_ru(d.0))
                }
                _ => format!("выполнено {}", date_ru(d.0)),
            },
        }
    }
}

/// The academic year a date falls in: from 01.09 to 31.08, written `2023-2024`.
pub fn academic_year_of(d: Date) -> String {
    let y = if d.month() >= 9 {
        d.year()
    } else {
        d.year() - 1
    };
    format!("{y}-{}", y + 1)
}

/// The first calendar year of `2023-2024`, when written so.
pub fn first_year(academic_year: &str) -> Option<i16> {
    let (a, b) = academic_year.trim().split_once(['-', '–'])?;
    let (a, b): (i16, i16) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (b == a + 1).then_some(a)
}

impl Plan {
    /// The plan's period: 01.09 of the first year to 31.08 of the next.
    pub fn period(&self) -> Option<(Date, Date)> {
        let y = first_year(&self.academic_year)?;
        Some((Date::new(y, 9, 1).ok()?, Date::new(y + 1, 8, 31).ok()?))
    }

    /// Every action with its task, in plan order.
    pub fn actions(&self) -> impl Iterator<Item = (&Task, &Action)> {
        self.tasks
            .iter()
            .flat_map(|t| t.actions.iter().map(move |a| (t, a)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn action(deadline: Deadline, status: ActionStatus) -> Action {
        Action {
            deadline,
            cohort: None,
            action: "Действие".into(),
            notes: vec![],
            responsible: String::new(),
            status,
            evidence: String::new(),
            line: 1,
        }
    }

    const PERIOD: (Date, Date) = (Date::constant(2023, 9, 1), Date::constant(2024, 8, 31));

    #[test]
    fn deadlines_read_and_print_as_people_write_them() {
        let cases = [
            ("by: 01.07.2023", "до 01.07.2023"),
            ("on: 01.07.2023", "01.07.2023"),
            ("from: 01.11.2023", "с 01.11.2023"),
            ("monthly: { day: 1 }", "до 01 числа каждого месяца"),
            (
                "monthly: { day: 1, from: 01.07.2023 }",
                "с 01.07.2023 далее до 01 числа каждого месяца",
            ),
            (
                "weekly: { weekday: пятница, time: '12:00' }",
                "еженедельно до 12.00 пятницы",
            ),
            (
                "months: { from: '11.2023', to: '12.2023' }",
                "ноябрь–декабрь 2023",
            ),
            ("whole_period", "весь период"),
            ("on_request: Минпросвещения", "по запросу Минпросвещения"),
        ];
        for (yaml, label) in cases {
            let dl: Deadline = serde_yaml::from_str(yaml).unwrap();
            assert_eq!(dl.label_ru(), label);
        }
        assert!(serde_yaml::from_str::<Deadline>("weekly: { weekday: пятн }").is_err());
        assert!(serde_yaml::from_str::<Deadline>("by: 31.02.2023").is_err());
        assert!(
            serde_yaml::from_str::<Deadline>("months: { from: '13.2023', to: '12.2023' }").is_err()
        );
    }

    #[test]
    fn one_off_deadline_overdue_and_soon() {
        let a = action(Deadline::By(RuDate(d(2023, 12, 20))), ActionStatus::Planned);
        assert_eq!(
            a.due_on(d(2023, 12, 15), PERIOD, 14),
            Due::Soon {
                on: d(2023, 12, 20)
            }
        );
        assert_eq!(a.due_on(d(2023, 11, 15), PERIOD, 14), Due::Nothing);
        assert_eq!(
            a.due_on(d(2023, 12, 21), PERIOD, 14),
            Due::Overdue {
                on: d(2023, 12, 20)
            }
        );
        let done = action(
            Deadline::By(RuDate(d(2023, 12, 20))),
            ActionStatus::Done(RuDate(d(2023, 12, 1))),
        );
        assert_eq!(done.due_on(d(2023, 12, 21), PERIOD, 14), Due::Nothing);
        let range: Deadline =
            serde_yaml::from_str("months: { from: '11.2023', to: '12.2023' }").unwrap();
        let a = action(range, ActionStatus::Planned);
        assert_eq!(
            a.due_on(d(2024, 1, 1), PERIOD, 14),
            Due::Overdue {
                on: d(2023, 12, 31)
            }
        );
    }

    #[test]
    fn monthly_update_before_the_first_is_on_time() {
        let m = Deadline::Monthly(Monthly { day: 1, from: None });
        // Updated 29.11 for 01.12: on time on 15.12.
        let a = action(m.clone(), ActionStatus::Done(RuDate(d(2023, 11, 29))));
        assert_eq!(a.due_on(d(2023, 12, 15), PERIOD, 14), Due::Nothing);
        // Last updated 30.10: the 01.12 update is missing.
        let a = action(m.clone(), ActionStatus::Done(RuDate(d(2023, 10, 30))));
        assert_eq!(
            a.due_on(d(2023, 12, 15), PERIOD, 14),
            Due::Overdue { on: d(2023, 12, 1) }
        );
        // On 20.12, the 01.01 update is due soon unless done already this cycle.
        let a = action(m.clone(), ActionStatus::Done(RuDate(d(2023, 11, 29))));
        assert_eq!(
            a.due_on(d(2023, 12, 20), PERIOD, 14),
            Due::Soon { on: d(2024, 1, 1) }
        );
        let a = action(m, ActionStatus::Done(RuDate(d(2023, 12, 18))));
        assert_eq!(a.due_on(d(2023, 12, 20), PERIOD, 14), Due::Nothing);
    }

    #[test]
    fn weekly_friday_deadline() {
        let w: Deadline =
            serde_yaml::from_str("weekly: { weekday: пятница, time: '12.00' }").unwrap();
        let occ = w.occurrences(PERIOD);
        assert_eq!(occ[0], d(2023, 9, 8));
        assert!(occ.iter().all(|x| x.weekday() == Weekday::Friday));
        // 15.12.2023 is a Friday: done on it meets it; done on 07.12 meets 08.12 only.
        let a = action(w.clone(), ActionStatus::Done(RuDate(d(2023, 12, 15))));
        assert_eq!(a.due_on(d(2023, 12, 15), PERIOD, 14), Due::Nothing);
        // Weekly is never «due soon» with a 14-day horizon, but is with a 3-day one.
        assert_eq!(
            a.due_on(d(2023, 12, 19), PERIOD, 3),
            Due::Soon {
                on: d(2023, 12, 22)
            }
        );
        let a = action(w, ActionStatus::Done(RuDate(d(2023, 12, 7))));
        assert_eq!(
            a.due_on(d(2023, 12, 15), PERIOD, 14),
            Due::Overdue {
                on: d(2023, 12, 15)
            }
        );
    }

    #[test]
    fn academic_years() {
        assert_eq!(academic_year_of(d(2023, 12, 15)), "2023-2024");
        assert_eq!(academic_year_of(d(2023, 8, 31)), "2022-2023");
        assert_eq!(first_year("2023-2024"), Some(2023));
        assert_eq!(first_year("2023-2025"), None);
    }
}
