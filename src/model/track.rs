//! Career tracks: the sequence of a graduate's statuses over time.

use super::channel::Channel;
use arcstr::ArcStr;
use jiff::civil::Date;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
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

/// Запись карьерного трека: one row of `tracks-YYYY.csv`. Text fields are shared (`ArcStr`,
/// one pointer wide, half an `Arc<str>`): a region's two million entries repeat the same
/// enterprises and positions. Empty means "not given".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackEntry {
    pub date: Date,
    pub kind: EntryKind,
    pub channel: Channel,
    /// Предприятие.
    pub enterprise: ArcStr,
    /// ИНН предприятия.
    pub inn: ArcStr,
    /// Предприятие ОПК.
    pub opk: bool,
    /// Должность.
    pub position: ArcStr,
    /// Документ (e.g. the ЦЗН de-registration certificate).
    pub document: ArcStr,
    /// Line (CSV) or sheet row (xlsx) in the tracks file.
    pub line: u32,
    /// The graduate's place in the cohort's list (`Cohort::graduates`): the loader groups the
    /// file's entries into tracks by it (0 in entries built in code). Fits in the room the
    /// other fields leave, so an entry is no larger for it.
    #[serde(skip)]
    pub graduate: u32,
    /// Rule 5's verdict on this entry, once judged (see [`Memo`]): statuses on every
    /// computed date read it instead of judging the position again. Entries are never
    /// edited after loading (a reload makes new ones); one edited in place, or built with
    /// `..` from a judged one, would keep the old verdict.
    #[serde(skip)]
    pub rule5: Memo,
}

/// A small verdict (`0..=254`) remembered under the key it was reached with: a later
/// question under another key (another reference table, another specialty) is judged
/// afresh. Not part of the data: it compares equal always, and a copy starts empty (a copy
/// may be edited).
#[derive(Debug, Default)]
pub struct Memo(AtomicU64);

impl Memo {
    /// The verdict remembered under `key` (below 2^56), else `judge()`'s, then remembered.
    /// Two threads judging at once both get the same answer; the last one stays.
    pub fn get_or(&self, key: u64, judge: impl FnOnce() -> u8) -> u8 {
        debug_assert!(key < 1 << 56);
        // The low byte holds verdict + 1, so an empty memo (0) never matches.
        let seen = self.0.load(Ordering::Relaxed);
        if seen >> 8 == key && seen & 0xFF != 0 {
            return (seen & 0xFF) as u8 - 1;
        }
        let v = judge();
        debug_assert!(v < 0xFF);
        self.0
            .store((key << 8) | (u64::from(v.min(0xFE)) + 1), Ordering::Relaxed);
        v
    }
}

impl Clone for Memo {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

impl PartialEq for Memo {
    fn eq(&self, _: &Memo) -> bool {
        true
    }
}

impl Eq for Memo {}

/// Карьерный трек выпускника: entries sorted by date, then by line.
///
/// A loaded track is a run of the entries as read from the file, shared with the other
/// graduates of that part of the file: a region's two million entries are not copied a
/// second time into three hundred thousand small vectors (new memory is most of what loading
/// costs). A track built in code, or edited, owns its entries.
#[derive(Debug, Clone)]
pub struct CareerTrack {
    store: Store,
}

#[derive(Debug, Clone)]
enum Store {
    Owned(Vec<TrackEntry>),
    /// `all[start..end]` (a piece of a file holds fewer than 2^32 entries: lines are `u32`).
    Shared {
        all: Arc<Vec<TrackEntry>>,
        start: u32,
        end: u32,
    },
}

impl Default for CareerTrack {
    fn default() -> Self {
        CareerTrack::from(Vec::new())
    }
}

/// The entries as given (not sorted: see [`CareerTrack::sort`]).
impl From<Vec<TrackEntry>> for CareerTrack {
    fn from(entries: Vec<TrackEntry>) -> Self {
        CareerTrack {
            store: Store::Owned(entries),
        }
    }
}

impl PartialEq for CareerTrack {
    fn eq(&self, other: &CareerTrack) -> bool {
        self.entries() == other.entries()
    }
}

impl Eq for CareerTrack {}

impl Serialize for CareerTrack {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("CareerTrack", 1)?;
        st.serialize_field("entries", self.entries())?;
        st.end()
    }
}

impl CareerTrack {
    /// The track of `all[range]`, entries already in order (sorted by date, then line).
    pub fn shared(all: Arc<Vec<TrackEntry>>, range: std::ops::Range<usize>) -> Self {
        debug_assert!(all[range.clone()].is_sorted_by_key(|e| (e.date, e.line)));
        let (start, end) = (range.start as u32, range.end as u32);
        debug_assert_eq!((start as usize, end as usize), (range.start, range.end));
        CareerTrack {
            store: Store::Shared { all, start, end },
        }
    }

    pub fn entries(&self) -> &[TrackEntry] {
        match &self.store {
            Store::Owned(v) => v,
            Store::Shared { all, start, end } => &all[*start as usize..*end as usize],
        }
    }

    /// The entries to edit: a shared track takes its own copy first.
    pub fn entries_mut(&mut self) -> &mut Vec<TrackEntry> {
        if let Store::Shared { .. } = self.store {
            self.store = Store::Owned(self.entries().to_vec());
        }
        match &mut self.store {
            Store::Owned(v) => v,
            // A shared track was made owned just above.
            Store::Shared { .. } => unreachable!(),
        }
    }

    pub fn sort(&mut self) {
        if !self.entries().is_sorted_by_key(|e| (e.date, e.line)) {
            self.entries_mut().sort_by_key(|e| (e.date, e.line));
        }
    }

    /// The entry in force on `date`: the latest actual entry dated on or before it, else the
    /// latest forecast entry on or before it. Actual data always win over forecasts.
    pub fn current(&self, date: Date) -> Option<&TrackEntry> {
        let entries = self.entries();
        let upto = entries.partition_point(|e| e.date <= date);
        let past = &entries[..upto];
        past.iter()
            .rev()
            .find(|e| e.kind == EntryKind::Actual)
            .or_else(|| past.last())
    }

    /// Whether any actual entry is dated on or before `date`.
    pub fn has_actual_by(&self, date: Date) -> bool {
        self.entries()
            .iter()
            .take_while(|e| e.date <= date)
            .any(|e| e.kind == EntryKind::Actual)
    }

    pub fn actual(&self) -> impl Iterator<Item = &TrackEntry> {
        self.entries()
            .iter()
            .filter(|e| e.kind == EntryKind::Actual)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A region holds two million entries: each byte here is two megabytes of memory that the
    /// load must fault in and the rules must walk (88 → 56 bytes made load + check ~20 %
    /// faster in the monitoring bench). Text fields are one pointer wide (`ArcStr`).
    #[test]
    fn an_entry_stays_small() {
        assert!(std::mem::size_of::<TrackEntry>() <= 56);
        assert_eq!(std::mem::size_of::<ArcStr>(), std::mem::size_of::<usize>());
    }

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
            graduate: 0,
            rule5: Memo::default(),
        }
    }

    #[test]
    fn actual_wins_over_later_forecast() {
        let mut t = CareerTrack::from(vec![
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
        ]);
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
    fn memo_keeps_one_verdict_per_key() {
        let m = Memo::default();
        let mut judged = 0;
        let mut ask = |key, v| {
            m.get_or(key, || {
                judged += 1;
                v
            })
        };
        assert_eq!(ask(7, 0), 0);
        assert_eq!(ask(7, 3), 0, "remembered under key 7");
        assert_eq!(ask(8, 3), 3, "another key is judged afresh");
        assert_eq!(ask(8, 0), 3);
        assert_eq!(judged, 2);
        // A copy starts empty: it is judged again.
        let copy = m.clone();
        assert_eq!(copy.get_or(8, || 1), 1);
    }

    #[test]
    fn kinds_parse() {
        assert_eq!(EntryKind::parse("Факт"), Some(EntryKind::Actual));
        assert_eq!(EntryKind::parse("прогноз"), Some(EntryKind::Forecast));
        assert_eq!(EntryKind::parse("план"), None);
    }
}
