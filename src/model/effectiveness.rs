//! Regional criteria of the centre's effectiveness and the Ministry's checklist (seed task 3:
//! «до 01.07 — анализ результативности деятельности ЦСТВ на основе региональных критериев
//! эффективности … и чек-листа мероприятий … Минпросвещения РФ»).
//!
//! A criteria file only *chooses* among the named indicators vypusk computes
//! ([`Indicator`]) and sets numbers; nothing from the file is executed.

use serde::{Deserialize, Deserializer, Serialize};

/// The project's criteria file; the bundled edition is used when it is absent.
pub const CRITERIA_FILE: &str = "data/reference/effectiveness.yaml";
pub const CHECKLIST_FILE: &str = "data/reference/checklist.yaml";
pub const BUNDLED_CRITERIA: &str = include_str!("../../data/reference/effectiveness.yaml");

/// What an indicator's value is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share, 0…100 %.
    Percent,
    /// A number of people.
    People,
    /// Participations in measures per graduate with ОВЗ or a disability.
    PerGraduate,
}

impl Unit {
    pub fn label_ru(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::People => "чел.",
            Unit::PerGraduate => "на 1 выпускника",
        }
    }
}

macro_rules! indicators {
    ($($variant:ident = $key:literal, $unit:ident, $label:literal;)*) => {
        /// A named indicator vypusk computes from the project's data.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Indicator { $($variant,)* }

        impl Indicator {
            pub const ALL: &'static [Indicator] = &[$(Indicator::$variant,)*];

            /// The name used in the criteria file.
            pub fn key(self) -> &'static str {
                match self { $(Indicator::$variant => $key,)* }
            }

            pub fn unit(self) -> Unit {
                match self { $(Indicator::$variant => Unit::$unit,)* }
            }

            /// What it is, in Russian, for the report.
            pub fn label_ru(self) -> &'static str {
                match self { $(Indicator::$variant => $label,)* }
            }
        }
    };
}

indicators! {
    EmployedShare = "employed_share", Percent, "доля выпускников, трудоустроенных (в т. ч. ИП и самозанятые) по фактическим данным на дату";
    RiskShare = "risk_share", Percent, "доля выпускников в «Риске нетрудоустройства» на дату";
    OvzEmployedShare = "ovz_employed_share", Percent, "доля трудоустроенных среди выпускников с ОВЗ и инвалидностью на дату";
    OpkNeedsClosed = "opk_needs_closed", Percent, "доля закрытой кадровой потребности предприятий ОПК (последняя форма 2: трудоустроено / (трудоустроено + открытые рабочие места))";
    PlanOnTime = "plan_on_time", Percent, "доля действий плана работы, выполненных в срок (из тех, чей срок наступил)";
    MonthlyUpdatesOnTime = "monthly_updates_on_time", Percent, "доля ежемесячных сроков актуализации треков (до 01 числа), к которым треки обновлены";
    ReferralsWithFeedback = "referrals_with_feedback", Percent, "доля направлений на вакансии с обратной связью (из тех, по которым срок обратной связи наступил)";
    AbilympicsParticipants = "abilympics_participants", People, "участники «Абилимпикс» (человек)";
    OvzMeasuresPerGraduate = "ovz_measures_per_graduate", PerGraduate, "участий в мероприятиях до срока мониторинга на 1 выпускника с ОВЗ и инвалидностью";
    OvzCoveredShare = "ovz_covered_share", Percent, "доля выпускников с ОВЗ и инвалидностью, охваченных мероприятиями до срока мониторинга";
    FairParticipants = "fair_participants", People, "участники ярмарок трудоустройства (человек)";
}

impl Indicator {
    /// Whether the indicator is taken on a date (`on:` in the criteria file).
    pub fn dated(self) -> bool {
        matches!(
            self,
            Indicator::EmployedShare | Indicator::RiskShare | Indicator::OvzEmployedShare
        )
    }

    pub fn parse(s: &str) -> Option<Indicator> {
        Indicator::ALL.iter().copied().find(|i| i.key() == s.trim())
    }
}

impl<'de> Deserialize<'de> for Indicator {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let s = String::deserialize(de)?;
        Indicator::parse(&s).ok_or_else(|| {
            let near = crate::diag::nearest(s.trim(), Indicator::ALL.iter().map(|i| i.key()))
                .map(|n| format!(" Возможно, имелось в виду «{n}»."))
                .unwrap_or_default();
            serde::de::Error::custom(format!(
                "«{s}» — неизвестный показатель.{near} Показатель выбирается из списка: {}",
                Indicator::ALL
                    .iter()
                    .map(|i| i.key())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    }
}

/// The date of a dated indicator: a day of the cohort's graduation year (`01.12`), so the
/// criteria file serves every year, or a fixed date (`01.12.2023`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDate {
    DayOfYear { month: i8, day: i8 },
    Fixed(jiff::civil::Date),
}

impl OnDate {
    /// The date for the cohort graduating in `year`.
    pub fn resolve(self, year: i16) -> jiff::civil::Date {
        match self {
            OnDate::Fixed(d) => d,
            OnDate::DayOfYear { month, day } => crate::config::rules::day_in_year(
                &format!("{day:02}.{month:02}"),
                year,
                (month, day),
            ),
        }
    }
}

impl<'de> Deserialize<'de> for OnDate {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let s = String::deserialize(de)?;
        let t = s.trim();
        if t.matches('.').count() == 1 {
            let parsed = t.split_once('.').and_then(|(d, m)| {
                let (d, m): (i8, i8) = (d.parse().ok()?, m.parse().ok()?);
                // A leap year, so that 29.02 is a day some years have.
                jiff::civil::Date::new(2024, m, d).ok()?;
                Some(OnDate::DayOfYear { month: m, day: d })
            });
            return parsed.ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "«{s}» — дата критерия: ожидается ДД.ММ (день года выпуска, например 01.12) или ДД.ММ.ГГГГ"
                ))
            });
        }
        crate::format::parse_date(t)
            .map(OnDate::Fixed)
            .map_err(|e| serde::de::Error::custom(format!("{e} (дата критерия)")))
    }
}

/// A number in the criteria file: whole or decimal, not negative.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
pub struct Number(pub f64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            F(f64),
            S(String),
        }
        let bad = |s: &str| {
            serde::de::Error::custom(format!(
                "«{s}» — не число: порог записывается числом, например 75 или 0,5 (без знака %)"
            ))
        };
        let v = match Raw::deserialize(de)? {
            Raw::F(v) => v,
            Raw::S(s) => s
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .map_err(|_| bad(&s))?,
        };
        if !v.is_finite() || v < 0.0 {
            return Err(serde::de::Error::custom(format!(
                "«{v}» — порог не может быть отрицательным"
            )));
        }
        Ok(Number(v))
    }
}

/// Which way a criterion is met: the value at least (employment) or at most (risk).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    AtLeast,
    AtMost,
}

/// One step: a bound and the points it gives when met.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Step {
    pub direction: Direction,
    pub bound: f64,
    pub points: f64,
}

impl Step {
    pub fn met(&self, value: f64) -> bool {
        // A tolerance for shares computed from counts (2/3 = 66,666… meets 66,67).
        const EPS: f64 = 1e-9;
        match self.direction {
            Direction::AtLeast => value + EPS >= self.bound,
            Direction::AtMost => value <= self.bound + EPS,
        }
    }

    pub fn label_ru(&self, unit: Unit) -> String {
        // Words, not «≥»: read aloud the same, and in every font of the theme.
        let sign = match self.direction {
            Direction::AtLeast => "не менее",
            Direction::AtMost => "не более",
        };
        format!("{sign} {}", value_ru(self.bound, unit))
    }
}

/// A value as people read it: `75 %`, `1,5`, `4 чел.` (two digits only where one would
/// hide the difference, as 66,67 against 66,7).
pub fn value_ru(v: f64, unit: Unit) -> String {
    let num = if (v - v.round()).abs() < 1e-9 {
        crate::format::int_ru(v.round() as i64)
    } else if ((v * 10.0) - (v * 10.0).round()).abs() < 1e-9 {
        crate::format::decimal_ru(v, 1)
    } else {
        crate::format::decimal_ru(v, 2)
    };
    match unit {
        Unit::Percent => format!("{num}\u{00A0}%"),
        Unit::People => format!("{num}\u{00A0}чел."),
        Unit::PerGraduate => num,
    }
}

/// `threshold: { at_least: 75 }` or `{ at_most: 10 }` (with `points:`), as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBound {
    pub at_least: Option<Number>,
    pub at_most: Option<Number>,
    /// Only inside `scale:`.
    pub points: Option<Number>,
}

/// One criterion as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCriterion {
    pub id: String,
    pub title: String,
    pub indicator: Indicator,
    /// The date of a dated indicator (employment, risk); `as_of` when absent.
    pub on: Option<OnDate>,
    pub threshold: Option<RawBound>,
    pub points: Option<Number>,
    pub scale: Option<Vec<RawBound>>,
    #[serde(default)]
    pub source: String,
}

/// A validated criterion: steps ordered from the most points down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    pub id: String,
    pub title: String,
    #[serde(serialize_with = "indicator_key")]
    pub indicator: Indicator,
    #[serde(skip)]
    pub on: Option<OnDate>,
    pub steps: Vec<Step>,
    /// Where the criterion comes from (the regional order), for the report.
    pub source: String,
    pub line: usize,
}

fn indicator_key<S: serde::Serializer>(i: &Indicator, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(i.key())
}

impl Criterion {
    /// The most points the criterion can give.
    pub fn max_points(&self) -> f64 {
        self.steps.iter().map(|s| s.points).fold(0.0, f64::max)
    }

    /// Points for `value`: those of the best step met, 0 when none is.
    pub fn points(&self, value: f64) -> f64 {
        self.steps
            .iter()
            .filter(|s| s.met(value))
            .map(|s| s.points)
            .fold(0.0, f64::max)
    }

    /// The step that gives the most points: the target drawn on the chart.
    pub fn target(&self) -> Option<&Step> {
        self.steps
            .iter()
            .max_by(|a, b| a.points.total_cmp(&b.points))
    }
}

/// Ответ на пункт чек-листа.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    Partly,
    No,
}

impl Answer {
    pub fn label_ru(self) -> &'static str {
        match self {
            Answer::Yes => "да",
            Answer::Partly => "частично",
            Answer::No => "нет",
        }
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            B(bool),
            S(String),
        }
        match Raw::deserialize(de)? {
            Raw::B(true) => Ok(Answer::Yes),
            Raw::B(false) => Ok(Answer::No),
            Raw::S(s) => match crate::model::channel::normalize(&s).trim() {
                "да" | "yes" => Ok(Answer::Yes),
                "нет" | "no" => Ok(Answer::No),
                "частично" | "partly" => Ok(Answer::Partly),
                _ => Err(serde::de::Error::custom(format!(
                    "«{s}» — ответ пункта чек-листа: укажите «да», «частично» или «нет»"
                ))),
            },
        }
    }
}

/// One item of the Ministry's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub id: String,
    pub title: String,
    /// `None` until the centre answers it.
    pub answer: Option<Answer>,
    #[serde(default)]
    pub evidence: String,
    #[serde(skip_deserializing)]
    pub line: usize,
}

/// The criteria and the checklist of a project.
#[derive(Debug, Clone, Default)]
pub struct Effectiveness {
    pub criteria: Vec<Criterion>,
    /// Where the criteria came from: the project's file or the bundled edition.
    pub criteria_file: String,
    pub checklist: Vec<ChecklistItem>,
    /// Empty when the project has no checklist file.
    pub checklist_file: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crit(steps: Vec<Step>) -> Criterion {
        Criterion {
            id: "x".into(),
            title: "x".into(),
            indicator: Indicator::RiskShare,
            on: None,
            steps,
            source: String::new(),
            line: 1,
        }
    }

    #[test]
    fn points_of_the_best_step_met() {
        let s = |d, bound, points| Step {
            direction: d,
            bound,
            points,
        };
        let c = crit(vec![
            s(Direction::AtMost, 10.0, 2.0),
            s(Direction::AtMost, 20.0, 1.0),
        ]);
        assert_eq!(c.points(5.0), 2.0);
        assert_eq!(c.points(10.0), 2.0);
        assert_eq!(c.points(15.0), 1.0);
        assert_eq!(c.points(25.0), 0.0);
        assert_eq!(c.max_points(), 2.0);
        assert_eq!(c.target().unwrap().bound, 10.0);
        let c = crit(vec![s(Direction::AtLeast, 200.0 / 3.0, 1.0)]);
        assert_eq!(c.points(2.0 / 3.0 * 100.0), 1.0);
        assert_eq!(c.points(66.0), 0.0);
    }

    #[test]
    fn indicator_keys_are_unique_and_parse_back() {
        for i in Indicator::ALL {
            assert_eq!(Indicator::parse(i.key()), Some(*i));
        }
        assert_eq!(Indicator::parse("employment"), None);
    }
}
