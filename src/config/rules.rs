//! Settings of the regional algorithm's rules, with the seed's values as defaults.
//! A college or the region may change them in `vypusk.yaml` under `rules:`.

use crate::diag::Finding;
use serde::{Deserialize, Serialize};

/// A yearly window of days, `from`–`to` inclusive, written `ДД.ММ`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DayWindow {
    pub from: String,
    pub to: String,
}

impl DayWindow {
    fn new(from: &str, to: &str) -> Self {
        DayWindow {
            from: from.into(),
            to: to.into(),
        }
    }

    /// (month, day) of both ends, or `None` when written wrongly.
    pub fn bounds(&self) -> Option<((i8, i8), (i8, i8))> {
        Some((day_month(&self.from)?, day_month(&self.to)?))
    }

    /// Whether `date` falls in the window (same year).
    pub fn contains(&self, date: jiff::civil::Date) -> bool {
        match self.bounds() {
            Some((a, b)) => {
                let md = (date.month(), date.day());
                a <= md && md <= b
            }
            None => false,
        }
    }
}

/// `ДД.ММ` → (month, day).
fn day_month(s: &str) -> Option<(i8, i8)> {
    let (d, m) = s.trim().split_once('.')?;
    let (d, m): (i8, i8) = (d.parse().ok()?, m.parse().ok()?);
    jiff::civil::Date::new(2024, m, d).ok()?;
    Some((m, d))
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RuleSettings {
    /// «Призыв в ВС РФ» с 01.04 по 30.07 и с 01.10 по 31.12.
    pub conscription_windows: Vec<DayWindow>,
    /// «Продолжили обучение» с августа по декабрь.
    pub continued_education_window: DayWindow,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            conscription_windows: vec![
                DayWindow::new("01.04", "30.07"),
                DayWindow::new("01.10", "31.12"),
            ],
            continued_education_window: DayWindow::new("01.08", "31.12"),
        }
    }
}

impl RuleSettings {
    /// Findings about settings written wrongly.
    pub fn validate(&self, file: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        let windows = self
            .conscription_windows
            .iter()
            .chain(std::iter::once(&self.continued_education_window));
        for w in windows {
            if w.bounds().is_none() {
                out.push(Finding::error(
                    "config.rule-window",
                    crate::diag::Place::file(file),
                    format!(
                        "Период правила «{}–{}» записан неверно: ожидается ДД.ММ, например 01.04.",
                        w.from, w.to
                    ),
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
    fn default_windows_follow_the_seed() {
        let s = RuleSettings::default();
        let inside = |d| s.conscription_windows.iter().any(|w| w.contains(d));
        assert!(inside(Date::constant(2023, 4, 1)));
        assert!(inside(Date::constant(2023, 7, 30)));
        assert!(!inside(Date::constant(2023, 8, 15)));
        assert!(inside(Date::constant(2023, 12, 31)));
    }

    #[test]
    fn bad_window_is_reported() {
        let mut s = RuleSettings::default();
        s.continued_education_window.from = "32.08".into();
        assert_eq!(s.validate("vypusk.yaml").len(), 1);
    }
}
