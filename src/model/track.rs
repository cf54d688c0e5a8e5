//! Career tracks: the sequence of a graduate's statuses over time.

use super::channel::Channel;
use jiff::civil::Date;
use serde::Serialize;
use std::sync::Arc;

/// Вид записи карьерного трека: прогнозные или фактические данные.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Actual,
    Forecast,
}

impl EntryKind {
    pub fn parse(s: &str) -> Option<EntryKind> {
        // The two spellings almost every file uses, without normalising.
        match s {
            "факт" | "Факт" => return Some(EntryKind::Actual),
            "прогноз" | "Прогноз" => return Some(EntryKind::Forecast),
            _ => {}
        }
        let n = super::channel::normalize(s);
        match n.as_str() {
            "факт" | "фактические" | "фактический" | "фактическое" | "ф" | "actual" => {
                Some(EntryKind::Actual)
            }
            "прогноз" | "прогнозные" | "прогнозный" | "прогнозное" | "п" | "forecast" => {
                Some(EntryKind::Forecast)
            }
            _ => None,
        }
    }

    pub fn label_ru(self) -> &'static str {
        match self {
            EntryKind::Actual => "факт",
            EntryKind::Forecast => "прогноз",
        }
    }
}

/// Запись карьерного трека: one row of `tracks-YYYY.csv`. Text fields are shared (`Arc<str>`):
/// a region's two million entries repeat the same enterprises and positions. Empty means
/// "not given".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackEntry {
    pub date: Date,
    pub kind: EntryKind,
    pub channel: Channel,
    /// Предприятие.
    #[serde(serialize_with = "super::arc_str")]
    pub enterprise: Arc<str>,
    /// ИНН предприятия.
    #[serde(serialize_with = "super::arc_str")]
    pub inn: Arc<str>,
    /// Предприятие ОПК.
    pub opk: bool,
    /// Должность.
    #[serde(serialize_with = "super::arc_str")]
    pub position: Arc<str>,
    /// Документ (e.g. the ЦЗН de-registration certificate).
    #[serde(serialize_with = "super::arc_str")]
    pub document: Arc<str>,
    /// Line (CSV) or sheet row (xlsx) in the tracks file.
    pub line: u32,
}

/// Карьерный трек выпускника: entries sorted by date, then by line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CareerTrack {
    pub entries: Vec<TrackEntry>,
}

impl CareerTrack {
    pub fn sort(&mut self) {
        self.entries.sort_by_key(|e| (e.date, e.line));
    }

    /// The entry in force on `date`: the latest actual entry dated on or before it, else the
    /// latest forecast entry on or before it. Actual data always win over forecasts.
    pub fn current(&self, date: Date) -> Option<&TrackEntry> {
        let upto = self.entries.partition_point(|e| e.date <= date);
        let past = &self.entries[..upto];
        past.iter()
            .rev()
            .find(|e| e.kind == EntryKind::Actual)
            .or_else(|| past.last())
    }

    /// Whether any actual entry is dated on or before `date`.
    pub fn has_actual_by(&self, date: Date) -> bool {
        self.entries
            .iter()
            .take_while(|e| e.date <= date)
            .any(|e| e.kind == EntryKind::Actual)
    }

    pub fn actual(&self) -> impl Iterator<Item = &TrackEntry> {
        self.entries.iter().filter(|e| e.kind == EntryKind::Actual)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn entry(date: Date, kind: EntryKind, channel: Channel) -> TrackEntry {
        TrackEntry {
            date,
            kind,
            channel,
            enterprise: "".into(),
            inn: "".into(),
            opk: false,
            position: "".into(),
            document: "".into(),
            line: 2,
        }
    }

    #[test]
    fn actual_wins_over_later_forecast() {
        let mut t = CareerTrack {
            entries: vec![
                entry(
                    Date::constant(2023, 8, 1),
                    EntryKind::Forecast,
                    Channel::Conscription,
                ),
                entry(
                    Date::constant(2023, 7, 1),
                    EntryKind::Actual,
                    Channel::Employed,
                ),
            ],
        };
        t.sort();
        assert_eq!(t.current(Date::constant(2023, 6, 1)), None);
        assert_eq!(
            t.current(Date::constant(2023, 9, 1)).map(|e| e.channel),
            Some(Channel::Employed)
        );
        assert!(t.has_actual_by(Date::constant(2023, 7, 1)));
        assert!(!t.has_actual_by(Date::constant(2023, 6, 30)));
    }

    #[test]
    fn kinds_parse() {
        assert_eq!(EntryKind::parse("Факт"), Some(EntryKind::Actual));
        assert_eq!(EntryKind::parse("прогноз"), Some(EntryKind::Forecast));
        assert_eq!(EntryKind::parse("план"), None);
    }
}
