//! ОПК needs closed over the weeks: per enterprise (ИНН), the workplaces needed on each weekly
//! form 2 against the graduates employed there since the series began.
//!
//! «Closed» is read from the career tracks, not from the forms: a graduate closes a workplace of
//! enterprise X on week W when the graduate has an actual («факт») «Трудоустроен» entry with the
//! ОПК flag and X's ИНН dated from the start of the first reported week (its Friday − 6 days)
//! up to W's Friday. Each graduate counts once per enterprise. Hires before the series began
//! closed no need that the forms report, so they are not counted.
//!
//! An enterprise absent from a week's form 2 reported no need that week: its need is 0 there
//! (the form lists every enterprise with a need), not a gap.
//!
//! Weeks on the axis: those with a form 2, and those the log marks «нет новой информации»
//! (the needs are then the previous week's). A missing week is left off the axis and named
//! in [`OpkProgress::missing`], so no value is invented for it.

use crate::model::channel::Channel;
use crate::model::monitoring::Monitoring;
use crate::model::opk::{FormKind, Opk};
use crate::model::track::EntryKind;
use jiff::civil::Date;
use jiff::ToSpan;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One week of one enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekPoint {
    pub week: Date,
    /// Workplaces needed on that week's form 2 (sum over the enterprise's rows).
    pub needed: u32,
    /// Graduates employed there since the series began, up to that Friday.
    pub closed: u32,
    /// The week's needs are the previous week's («нет новой информации»).
    pub no_news: bool,
}

/// One enterprise over the weeks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnterpriseProgress {
    pub inn: String,
    /// The name on the latest form 2 that lists the enterprise.
    pub name: String,
    pub weeks: Vec<WeekPoint>,
}

/// Every enterprise of the forms (by ИНН), and the Fridays with no report at all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OpkProgress {
    pub enterprises: Vec<EnterpriseProgress>,
    #[serde(serialize_with = "dates")]
    pub missing: Vec<Date>,
}

fn dates<S: serde::Serializer>(d: &[Date], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(d.iter().map(|d| crate::format::date_ru(*d)))
}

/// Needs and closures of every enterprise over the weeks of `opk`, with graduates from `m`.
pub fn progress(opk: &Opk, m: &Monitoring) -> OpkProgress {
    let l = opk.layout(FormKind::Form2);
    // Week → ИНН → workplaces, from the weeks that have a form 2.
    let mut needs: BTreeMap<Date, BTreeMap<&str, u32>> = BTreeMap::new();
    let mut names: BTreeMap<&str, &str> = BTreeMap::new();
    for r in &opk.reports {
        let Some(f) = &r.form2 else { continue };
        let week = needs.entry(r.week).or_default();
        for row in &f.rows {
            let inn = row.get(l, "inn");
            if inn.is_empty() {
                continue;
            }
            *week.entry(inn).or_default() += row.count(l, "workplaces").unwrap_or(0);
            names.insert(inn, row.get(l, "enterprise"));
        }
    }
    let Some(&first) = needs.keys().next() else {
        return OpkProgress::default();
    };
    // «нет новой информации» weeks without files repeat the previous week's needs.
    let no_news: BTreeSet<Date> = opk
        .log
        .iter()
        .filter(|e| e.no_news && !needs.contains_key(&e.week) && e.week > first)
        .map(|e| e.week)
        .collect();
    let mut axis: Vec<(Date, bool)> = needs
        .keys()
        .map(|d| (*d, false))
        .chain(no_news.iter().map(|d| (*d, true)))
        .collect();
    axis.sort();
    let last = axis.last().map_or(first, |a| a.0);
    let missing: Vec<Date> = fridays(first, last)
        .filter(|d| !axis.iter().any(|a| a.0 == *d))
        .collect();

    let start = first.checked_sub(6.days()).unwrap_or(first);
    // ИНН → the date each graduate was first employed there (within the series).
    let mut hires: BTreeMap<&str, Vec<Date>> = BTreeMap::new();
    for c in &m.cohorts {
        for t in &c.tracks {
            let mut seen: BTreeMap<&str, Date> = BTreeMap::new();
            for e in t.entries() {
                if e.kind == EntryKind::Actual
                    && e.opk
                    && e.channel == Channel::Employed
                    && e.date >= start
                    && e.date <= last
                    && names.contains_key(e.inn.as_str())
                {
                    let d = seen.entry(e.inn.as_ref()).or_insert(e.date);
                    *d = (*d).min(e.date);
                }
            }
            for (inn, d) in seen {
                hires.entry(inn).or_default().push(d);
            }
        }
    }

    let enterprises = names
        .iter()
        .map(|(inn, name)| {
            let mut prev = 0;
            let weeks = axis
                .iter()
                .map(|&(week, carried)| {
                    let needed = if carried {
                        prev
                    } else {
                        needs
                            .get(&week)
                            .and_then(|w| w.get(inn))
                            .copied()
                            .unwrap_or(0)
                    };
                    prev = needed;
                    let closed = hires
                        .get(inn)
                        .map_or(0, |h| h.iter().filter(|d| **d <= week).count());
                    WeekPoint {
                        week,
                        needed,
                        closed: u32::try_from(closed).unwrap_or(u32::MAX),
                        no_news: carried,
                    }
                })
                .collect();
            EnterpriseProgress {
                inn: inn.to_string(),
                name: name.to_string(),
                weeks,
            }
        })
        .collect();
    OpkProgress {
        enterprises,
        missing,
    }
}

/// Fridays from `a` to `b` (both Fridays), inclusive.
fn fridays(a: Date, b: Date) -> impl Iterator<Item = Date> {
    std::iter::successors(Some(a), |d| d.checked_add(7.days()).ok()).take_while(move |d| *d <= b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::opk::testkit::{load_opk, F2_HEAD, F2_ROW};
    use crate::model::monitoring::Cohort;
    use crate::model::track::{CareerTrack, TrackEntry};
    use jiff::civil::date;

    fn entry(d: Date, kind: EntryKind, inn: &str, opk: bool) -> TrackEntry {
        TrackEntry {
            date: d,
            kind,
            channel: Channel::Employed,
            enterprise: "АО «Завод»".into(),
            inn: inn.into(),
            opk,
            position: "Токарь".into(),
            document: "".into(),
            line: 2,
            graduate: 0,
            rule5: Default::default(),
        }
    }

    fn monitoring(tracks: Vec<Vec<TrackEntry>>) -> Monitoring {
        Monitoring {
            cohorts: vec![Cohort {
                year: 2023,
                tracks: tracks.into_iter().map(CareerTrack::from).collect(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn needs_and_closures_by_week() {
        // Three workplaces (гр.7 = 3) on 01.09 and 08.09; 15.09 missing; 22.09 no news.
        let text = format!("{F2_HEAD}{F2_ROW}");
        let (mut opk, fs) = load_opk(
            &[
                ("2023-09-01-form2.csv", &text),
                (
                    "2023-09-08-form2.csv",
                    &text.replace(";3;15.01.05", ";2;15.01.05"),
                ),
            ],
            None,
        );
        assert!(fs.is_empty(), "{fs:?}");
        opk.log.push(crate::model::opk::LogEntry {
            week: date(2023, 9, 22),
            submitted: None,
            no_news: true,
            line: 3,
        });
        let inn = "7707083893";
        let m = monitoring(vec![
            // Hired before the first reported week: not a closure of these needs.
            vec![entry(date(2023, 8, 20), EntryKind::Actual, inn, true)],
            // Hired in the first week (26.08–01.09) and again later: counted once.
            vec![
                entry(date(2023, 8, 28), EntryKind::Actual, inn, true),
                entry(date(2023, 9, 5), EntryKind::Actual, inn, true),
            ],
            // Hired on 20.09: closes from the 22.09 week.
            vec![entry(date(2023, 9, 20), EntryKind::Actual, inn, true)],
            // A forecast, a non-ОПК entry and another ИНН close nothing.
            vec![entry(date(2023, 9, 4), EntryKind::Forecast, inn, true)],
            vec![entry(date(2023, 9, 4), EntryKind::Actual, inn, false)],
            vec![entry(
                date(2023, 9, 4),
                EntryKind::Actual,
                "7707083894",
                true,
            )],
        ]);
        let p = progress(&opk, &m);
        assert_eq!(p.missing, vec![date(2023, 9, 15)]);
        assert_eq!(p.enterprises.len(), 1);
        let e = &p.enterprises[0];
        assert_eq!(e.inn, inn);
        assert_eq!(e.name, "АО «Завод»");
        let got: Vec<(Date, u32, u32, bool)> = e
            .weeks
            .iter()
            .map(|w| (w.week, w.needed, w.closed, w.no_news))
            .collect();
        assert_eq!(
            got,
            vec![
                (date(2023, 9, 1), 3, 1, false),
                (date(2023, 9, 8), 2, 1, false),
                (date(2023, 9, 22), 2, 2, true),
            ]
        );
    }

    #[test]
    fn no_forms_no_progress() {
        let (opk, _) = load_opk(&[], None);
        assert_eq!(progress(&opk, &monitoring(vec![])), OpkProgress::default());
    }
}
