//! Settings of the regional algorithm's rules, with the seed's values as defaults.
//! A college or the region may change them in `vypusk.yaml` under `rules:`.

use crate::diag::Finding;
use serde::{Deserialize, Serialize};

/// A yearly window of days, `from`–`to` inclusive, written `ДД.ММ`. A window whose `from`
/// comes after its `to` crosses the new year: `01.12–31.01` is December and January.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DayWindow {
    pub from: String,
    pub to: String,
}

impl DayWindow {
    pub fn new(from: &str, to: &str) -> Self {
        DayWindow {
            from: from.into(),
            to: to.into(),
        }
    }

    /// (month, day) of both ends, or `None` when written wrongly.
    pub fn bounds(&self) -> Option<((i8, i8), (i8, i8))> {
        Some((day_month(&self.from)?, day_month(&self.to)?))
    }

    /// Whether the day of `date` falls in the window; a window crossing the new year
    /// (`from` after `to`) holds the days from `from` to 31.12 and from 01.01 to `to`.
    pub fn contains(&self, date: jiff::civil::Date) -> bool {
        match self.bounds() {
            Some((a, b)) => {
                let md = (date.month(), date.day());
                if a <= b {
                    a <= md && md <= b
                } else {
                    a <= md || md <= b
                }
            }
            None => false,
        }
    }
}

/// `ДД.ММ` → (month, day).
fn day_month(s: &str) -> Option<(i8, i8)> {
    // Read for every status computed (rule 7's date) and every entry checked against a
    // window: the usual two-digit form without parsing through `str::parse` and jiff.
    if let &[d1, d2, b'.', m1, m2] = s.as_bytes() {
        if [d1, d2, m1, m2].iter().all(u8::is_ascii_digit) {
            let (d, m) = ((d1 - b'0') * 10 + d2 - b'0', (m1 - b'0') * 10 + m2 - b'0');
            // Days per month in a leap year: 29.02 is a valid yearly day.
            const DAYS: [u8; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
            let valid = (1..=12).contains(&m) && d >= 1 && d <= DAYS[usize::from(m - 1)];
            return valid.then_some((m as i8, d as i8));
        }
    }
    let (d, m) = s.trim().split_once('.')?;
    let (d, m): (i8, i8) = (d.parse().ok()?, m.parse().ok()?);
    jiff::civil::Date::new(2024, m, d).ok()?;
    Some((m, d))
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RuleSettings {
    /// Rule 2: «Призыв в ВС РФ» с 01.04 по 30.07 и с 01.10 по 31.12.
    pub conscription_windows: Vec<DayWindow>,
    /// Rule 3: «Продолжили обучение» с августа по декабрь.
    pub continued_education_window: DayWindow,
    /// Rule 7: from this day of the graduation year (`ДД.ММ`), graduates without actual data
    /// go to «Риск нетрудоустройства».
    pub no_actual_data_from: String,
    /// Rule 8: this many returns from one channel («Призыв», «Декрет») on one date are a
    /// mass return.
    pub mass_return_min: u32,
    /// Rule 8: a return from conscription sooner than this many days is implausible
    /// (service by call-up lasts 12 months).
    pub conscription_min_days: u32,
    /// Rule 9 (seed, task 2: «в том числе вернувшихся из «Призыв ВС РФ»»): service by call-up
    /// lasts this many months; a conscription entry this old with nothing after it is a
    /// graduate expected back from the army whose track was not updated.
    pub conscription_service_months: u32,
    /// Rule 8: a return from parental leave sooner than this many days is implausible
    /// (the seed's «через неделю»).
    pub parental_leave_min_days: u32,
    /// Rule 9: forecast data are due by this day of the graduation year (`ДД.ММ`).
    pub forecast_due: String,
    /// Rule 9: actual data are entered from this day of the graduation year (`ДД.ММ`).
    pub actual_from: String,
    /// Rule 10: the contingent is formed and signed by this day of the graduation year.
    pub contingent_due: String,
    /// Rule 10: reconciliation with СПО-1 «Фактический выпуск» (ноябрь–декабрь).
    pub spo1_window: DayWindow,
    /// Seed task 3: the monitoring of measures for students with disabilities and ОВЗ
    /// (Абилимпикс, the All-Russian job fair) is due by this day of the graduation year.
    pub ovz_monitoring_due: String,
    /// Work plan: an action whose deadline comes within this many days is «скоро срок».
    pub plan_due_soon_days: u32,
    /// Work plan: approved and published in the section by this day of the academic year's
    /// first calendar year (`ДД.ММ`, seed task 1: до 01.09).
    pub plan_publish_by: String,
    /// A referral to a vacancy without feedback after this many days is a finding (seed
    /// task 4: «!!! Обратная связь»).
    pub referral_feedback_days: u32,
    /// A graduate of the risk group needs a measure (профориентация, подбор вакансий, …) at
    /// least this often, in days.
    pub risk_measure_days: u32,
    /// A vacancy with no end date counts as current this many days after it was posted or
    /// last changed.
    pub vacancy_valid_days: u32,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            conscription_windows: vec![
                DayWindow::new("01.04", "30.07"),
                DayWindow::new("01.10", "31.12"),
            ],
            continued_education_window: DayWindow::new("01.08", "31.12"),
            no_actual_data_from: "01.11".into(),
            mass_return_min: 5,
            conscription_min_days: 330,
            conscription_service_months: 12,
            parental_leave_min_days: 30,
            forecast_due: "01.07".into(),
            actual_from: "01.07".into(),
            contingent_due: "07.07".into(),
            ovz_monitoring_due: "26.05".into(),
            spo1_window: DayWindow::new("01.11", "31.12"),
            plan_due_soon_days: 14,
            plan_publish_by: "01.09".into(),
            referral_feedback_days: 14,
            risk_measure_days: 30,
            vacancy_valid_days: 30,
        }
    }
}

/// The date of a `ДД.ММ` setting in `year`; falls back to `fallback` when written wrongly
/// (such settings are reported by [`RuleSettings::validate`]).
pub fn day_in_year(s: &str, year: i16, fallback: (i8, i8)) -> jiff::civil::Date {
    let (m, d) = day_month(s).unwrap_or(fallback);
    jiff::civil::Date::new(year, m, d).unwrap_or_else(|_| {
        jiff::civil::Date::new(year, fallback.0, fallback.1).unwrap_or_default()
    })
}

impl RuleSettings {
    /// Rule 7's date for a cohort.
    pub fn no_actual_data_date(&self, year: i16) -> jiff::civil::Date {
        day_in_year(&self.no_actual_data_from, year, (11, 1))
    }

    pub fn forecast_due_date(&self, year: i16) -> jiff::civil::Date {
        day_in_year(&self.forecast_due, year, (7, 1))
    }

    pub fn actual_from_date(&self, year: i16) -> jiff::civil::Date {
        day_in_year(&self.actual_from, year, (7, 1))
    }

    pub fn contingent_due_date(&self, year: i16) -> jiff::civil::Date {
        day_in_year(&self.contingent_due, year, (7, 7))
    }

    /// Seed task 3: «до 26.05» of the graduation year.
    pub fn ovz_monitoring_date(&self, year: i16) -> jiff::civil::Date {
        day_in_year(&self.ovz_monitoring_due, year, (5, 26))
    }

    /// The day the plan of the academic year starting in `year` is due in the section.
    pub fn plan_publish_date(&self, year: i16) -> jiff::civil::Date {
        day_in_year(&self.plan_publish_by, year, (9, 1))
    }

    /// Findings about settings written wrongly.
    pub fn validate(&self, file: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        let place = || crate::diag::Place::file(file);
        let windows = self
            .conscription_windows
            .iter()
            .chain([&self.continued_education_window, &self.spo1_window]);
        for w in windows {
            if w.bounds().is_none() {
                out.push(Finding::error(
                    "config.rule-window",
                    place(),
                    format!(
                        "Период правила «{}–{}» записан неверно: ожидается ДД.ММ, например 01.04.",
                        w.from, w.to
                    ),
                ));
            }
        }
        let days = [
            ("no_actual_data_from", &self.no_actual_data_from),
            ("forecast_due", &self.forecast_due),
            ("actual_from", &self.actual_from),
            ("contingent_due", &self.contingent_due),
            ("ovz_monitoring_due", &self.ovz_monitoring_due),
            ("plan_publish_by", &self.plan_publish_by),
        ];
        for (key, v) in days {
            if day_month(v).is_none() {
                out.push(Finding::error(
                    "config.rule-window",
                    place(),
                    format!("Настройка rules.{key} = «{v}» записана неверно: ожидается ДД.ММ, например 01.11."),
                ));
            }
        }
        let numbers = [
            ("mass_return_min", self.mass_return_min),
            ("conscription_min_days", self.conscription_min_days),
            (
                "conscription_service_months",
                self.conscription_service_months,
            ),
            ("parental_leave_min_days", self.parental_leave_min_days),
            ("referral_feedback_days", self.referral_feedback_days),
            ("risk_measure_days", self.risk_measure_days),
            ("vacancy_valid_days", self.vacancy_valid_days),
        ];
        for (key, v) in numbers {
            if v == 0 {
                out.push(Finding::error(
                    "config.rule-threshold",
                    place(),
                    format!("Настройка rules.{key} должна быть больше нуля."),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::Date;

    #[test]
    fn day_month_reads_every_form_alike() {
        // The two-digit fast path agrees with the general reading on every day of a leap
        // year and on the days that do not exist.
        let general = |s: &str| -> Option<(i8, i8)> {
            let (d, m) = s.trim().split_once('.')?;
            let (d, m): (i8, i8) = (d.parse().ok()?, m.parse().ok()?);
            Date::new(2024, m, d).ok()?;
            Some((m, d))
        };
        for m in 0..=13 {
            for d in 0..=32 {
                let s = format!("{d:02}.{m:02}");
                assert_eq!(day_month(&s), general(&s), "{s}");
            }
        }
        assert_eq!(day_month("29.02"), Some((2, 29)));
        assert_eq!(day_month("30.02"), None);
        assert_eq!(day_month("1.7"), Some((7, 1)));
        assert_eq!(day_month(" 01.11 "), Some((11, 1)));
        assert_eq!(day_month("ab.cd"), None);
    }

    #[test]
    fn default_windows_follow_the_seed() {
        let s = RuleSettings::default();
        let inside = |d| s.conscription_windows.iter().any(|w| w.contains(d));
        assert!(inside(Date::constant(2023, 4, 1)));
        assert!(inside(Date::constant(2023, 7, 30)));
        assert!(!inside(Date::constant(2023, 8, 15)));
        assert!(inside(Date::constant(2023, 12, 31)));
    }

    #[test]
    fn window_across_the_new_year() {
        let w = DayWindow::new("01.12", "31.01");
        assert!(w.contains(Date::constant(2023, 12, 1)));
        assert!(w.contains(Date::constant(2023, 12, 31)));
        assert!(w.contains(Date::constant(2024, 1, 1)));
        assert!(w.contains(Date::constant(2024, 1, 31)));
        assert!(!w.contains(Date::constant(2024, 2, 1)));
        assert!(!w.contains(Date::constant(2023, 11, 30)));
        assert!(!w.contains(Date::constant(2023, 6, 15)));
        // An ordinary window is unchanged, and a one-day window holds its day.
        let w = DayWindow::new("01.04", "30.07");
        assert!(w.contains(Date::constant(2023, 5, 1)));
        assert!(!w.contains(Date::constant(2023, 1, 15)));
        assert!(!w.contains(Date::constant(2023, 12, 15)));
        let w = DayWindow::new("01.09", "01.09");
        assert!(w.contains(Date::constant(2023, 9, 1)));
        assert!(!w.contains(Date::constant(2023, 9, 2)));
        // Such a window is a valid setting.
        let s = RuleSettings {
            conscription_windows: vec![DayWindow::new("01.10", "31.01")],
            ..Default::default()
        };
        assert!(s.validate("vypusk.yaml").is_empty());
    }

    #[test]
    fn bad_window_is_reported() {
        let mut s = RuleSettings::default();
        s.continued_education_window.from = "32.08".into();
        let f = s.validate("vypusk.yaml");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "config.rule-window");
    }

    #[test]
    fn defaults_are_valid_and_thresholds_checked() {
        let mut s = RuleSettings::default();
        assert!(s.validate("vypusk.yaml").is_empty());
        assert_eq!(s.no_actual_data_date(2023), Date::constant(2023, 11, 1));
        // Seed, task 3: «до 26.05.2023».
        assert_eq!(s.ovz_monitoring_date(2023), Date::constant(2023, 5, 26));
        s.mass_return_min = 0;
        s.forecast_due = "1 июля".into();
        let mut rules: Vec<_> = s.validate("vypusk.yaml").iter().map(|f| f.rule).collect();
        rules.sort();
        assert_eq!(rules, ["config.rule-threshold", "config.rule-window"]);
    }
}
