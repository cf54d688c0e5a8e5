//! `vypusk diff REV [REV2]` over a region: each side's colleges loaded and checked as
//! `vypusk check` does it, then compared college by college with the college diff
//! ([`crate::compute::diff::diff`]): colleges added and removed, per college the changes in
//! figures by cohort and channel, who moved into or out of risk (IDs only), new and fixed
//! findings; and the regional totals (graduates, the risk group, the channels, the findings).

use super::Depth;
use crate::compute::diff::{
    channel_changes, diff, severity_counts, ChannelChange, FindingsDiff, ProjectDiff, Snapshot,
};
use crate::compute::series::ChannelCount;
use crate::compute::summary::MonitoringSummary;
use crate::diag::Finding;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One college in one version of the region.
#[derive(Debug, Clone, Default)]
pub struct CollegeSide {
    pub snapshot: Snapshot,
    /// Why it could not be read at all.
    pub fatal: Option<String>,
}

/// One version of a region, as far as the diff needs it.
#[derive(Debug, Clone, Default)]
pub struct RegionSnapshot {
    /// The region's name (empty when its settings failed).
    pub name: String,
    /// Findings about the region's own settings and list of colleges.
    pub own: Vec<Finding>,
    /// By college id.
    pub colleges: BTreeMap<String, CollegeSide>,
}

/// Load and check the region at `root` (nothing is written).
pub fn snapshot(root: &Path, as_of: Option<Date>) -> RegionSnapshot {
    let checked = super::check::check_region(root, as_of, Depth::WithRender);
    RegionSnapshot {
        name: checked
            .config
            .as_ref()
            .map(|c| c.region.name.clone())
            .unwrap_or_default(),
        own: checked.own,
        colleges: checked
            .colleges
            .into_iter()
            .map(|c| {
                let summary = c
                    .project
                    .as_ref()
                    .map(|p| crate::compute::summary(&p.monitoring, &p.config, p.as_of));
                (
                    c.college.id,
                    CollegeSide {
                        snapshot: Snapshot {
                            summary,
                            findings: c.findings,
                        },
                        fatal: c.fatal,
                    },
                )
            })
            .collect(),
    }
}

/// A college's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollegeChange {
    pub id: String,
    pub diff: ProjectDiff,
    /// Why a side could not be read: before, after.
    pub fatal: (Option<String>, Option<String>),
}

/// The region's totals in one cohort: every college of each version summed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortTotals {
    pub year: i16,
    pub graduates: (u32, u32),
    /// In the risk group on the report date.
    pub risk: (u32, u32),
    /// Channels whose regional count changed.
    pub channels: Vec<ChannelChange>,
}

/// What changed in a region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionDiff {
    pub name: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Colleges in both versions (and the added and removed ones, against nothing), by id.
    pub colleges: Vec<CollegeChange>,
    /// Colleges whose figures and findings did not change.
    pub unchanged: Vec<String>,
    pub colleges_count: (usize, usize),
    pub totals: Vec<CohortTotals>,
    /// Findings of every college (and the region's own) by severity: errors, warnings, notes.
    pub findings_before: [usize; 3],
    pub findings_after: [usize; 3],
    /// The region's own findings (its `vypusk.yaml`, its list of colleges).
    pub own: FindingsDiff,
}

/// Compare two versions of a region.
pub fn compare(before: &RegionSnapshot, after: &RegionSnapshot) -> RegionDiff {
    let ids: BTreeSet<&String> = before
        .colleges
        .keys()
        .chain(after.colleges.keys())
        .collect();
    let none = CollegeSide::default();
    let mut d = RegionDiff {
        name: if after.name.is_empty() {
            before.name.clone()
        } else {
            after.name.clone()
        },
        added: Vec::new(),
        removed: Vec::new(),
        colleges: Vec::new(),
        unchanged: Vec::new(),
        colleges_count: (before.colleges.len(), after.colleges.len()),
        totals: totals(before, after),
        findings_before: [0; 3],
        findings_after: [0; 3],
        own: crate::compute::diff::diff(
            &Snapshot {
                summary: None,
                findings: before.own.clone(),
            },
            &Snapshot {
                summary: None,
                findings: after.own.clone(),
            },
        )
        .findings,
    };
    for (side, s) in [
        (&mut d.findings_before, before),
        (&mut d.findings_after, after),
    ] {
        let own = severity_counts(&s.own);
        for (i, n) in own.into_iter().enumerate() {
            side[i] += n;
        }
        for c in s.colleges.values() {
            for (i, n) in severity_counts(&c.snapshot.findings)
                .into_iter()
                .enumerate()
            {
                side[i] += n;
            }
            // An unreadable college counts as one error, as `check` counts it.
            if c.fatal.is_some() {
                side[0] += 1;
            }
        }
    }
    for id in ids {
        let (b, a) = (before.colleges.get(id), after.colleges.get(id));
        match (b, a) {
            (None, Some(_)) => d.added.push(id.clone()),
            (Some(_), None) => d.removed.push(id.clone()),
            _ => {}
        }
        // A college added (or removed) is compared with one that has no graduates yet, so
        // that all its figures show as new (or gone).
        let empty_like = |other: Option<&CollegeSide>| CollegeSide {
            snapshot: Snapshot {
                summary: other.and_then(|o| o.snapshot.summary.as_ref()).map(|s| {
                    MonitoringSummary {
                        as_of: s.as_of,
                        cohorts: Vec::new(),
                    }
                }),
                findings: Vec::new(),
            },
            fatal: None,
        };
        let (b, a) = match (b, a) {
            (Some(b), Some(a)) => (b.clone(), a.clone()),
            (None, Some(a)) => (empty_like(Some(a)), a.clone()),
            (Some(b), None) => (b.clone(), empty_like(Some(b))),
            (None, None) => (none.clone(), none.clone()),
        };
        let change = CollegeChange {
            id: id.clone(),
            diff: diff(&b.snapshot, &a.snapshot),
            fatal: (b.fatal.clone(), a.fatal.clone()),
        };
        let same_fatal = change.fatal.0 == change.fatal.1;
        if change.diff.is_empty()
            && same_fatal
            && before.colleges.contains_key(id) == after.colleges.contains_key(id)
        {
            d.unchanged.push(id.clone());
        } else {
            d.colleges.push(change);
        }
    }
    d
}

/// Every cohort of the region, summed over the colleges of each version.
fn totals(before: &RegionSnapshot, after: &RegionSnapshot) -> Vec<CohortTotals> {
    #[derive(Default)]
    struct Sum {
        graduates: u32,
        risk: u32,
        channels: BTreeMap<String, ChannelCount>,
    }
    let sum = |s: &RegionSnapshot| {
        let mut by_year: BTreeMap<i16, Sum> = BTreeMap::new();
        for c in s.colleges.values() {
            for cohort in c.snapshot.summary.iter().flat_map(|m| &m.cohorts) {
                let e = by_year.entry(cohort.year).or_default();
                e.graduates += cohort.graduates;
                e.risk += cohort.risk_group.len() as u32;
                for ch in &cohort.channels {
                    e.channels
                        .entry(ch.key.clone())
                        .or_insert_with(|| ChannelCount {
                            count: 0,
                            ..ch.clone()
                        })
                        .count += ch.count;
                }
            }
        }
        by_year
    };
    let (b, a) = (sum(before), sum(after));
    let years: BTreeSet<i16> = b.keys().chain(a.keys()).copied().collect();
    let empty = Sum::default();
    years
        .into_iter()
        .map(|year| {
            let (x, y) = (
                b.get(&year).unwrap_or(&empty),
                a.get(&year).unwrap_or(&empty),
            );
            let list = |s: &Sum| s.channels.values().cloned().collect::<Vec<_>>();
            CohortTotals {
                year,
                graduates: (x.graduates, y.graduates),
                risk: (x.risk, y.risk),
                channels: channel_changes(&list(x), &list(y)),
            }
        })
        .collect()
}

/// The region in `root` at revision `rev`, with its label; the temporary folder it was
/// written to never shows in messages.
pub fn snapshot_at(
    root: &Path,
    rev: &str,
    as_of: Option<Date>,
) -> Result<(RegionSnapshot, String), String> {
    let checkout = crate::load::git::checkout(root, rev)?;
    let label = checkout.revision.label();
    let mut s = snapshot(checkout.root(), as_of);
    let tmp = checkout.root().display().to_string();
    let clean = |fs: &mut Vec<Finding>| {
        for f in fs {
            if f.message.contains(&tmp) {
                f.message = f.message.replace(&tmp, ".").into();
            }
        }
    };
    clean(&mut s.own);
    for c in s.colleges.values_mut() {
        clean(&mut c.snapshot.findings);
        if let Some(m) = &mut c.fatal {
            *m = m.replace(&tmp, ".");
        }
    }
    Ok((s, label))
}

/// Compare the region in `root` at `from` with `to` (the work tree when `None`).
pub fn compare_revisions(
    root: &Path,
    from: &str,
    to: Option<&str>,
    as_of: Option<Date>,
) -> Result<(RegionDiff, String, String), String> {
    crate::load::git::prefix(root)?;
    crate::load::git::resolve(root, from)?;
    let (old, new) = rayon::join(
        || snapshot_at(root, from, as_of),
        || match to {
            Some(rev) => snapshot_at(root, rev, as_of),
            None => Ok((
                snapshot(root, as_of),
                crate::cmd::diff::WORK_TREE.to_string(),
            )),
        },
    );
    let ((old, from_label), (new, to_label)) = (old?, new?);
    Ok((compare(&old, &new), from_label, to_label))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::summary::CohortSummary;
    use crate::diag::Place;

    fn college(graduates: u32, employed: u32, risk: &[&str], findings: usize) -> CollegeSide {
        CollegeSide {
            snapshot: Snapshot {
                summary: Some(MonitoringSummary {
                    as_of: Date::constant(2023, 12, 15),
                    cohorts: vec![CohortSummary {
                        year: 2023,
                        graduates,
                        contingent: Vec::new(),
                        risk_group: risk
                            .iter()
                            .map(|id| crate::compute::status::RiskMember {
                                id: id.to_string(),
                                group: String::new(),
                                specialty: String::new(),
                                reasons: Vec::new(),
                            })
                            .collect(),
                        channels: vec![ChannelCount {
                            key: "06".into(),
                            column: Some(6),
                            label: "Трудоустроены".into(),
                            count: employed,
                        }],
                    }],
                }),
                findings: (0..findings)
                    .map(|i| Finding::warning("r", Place::line("data/x.csv", i + 1), "w"))
                    .collect(),
            },
            fatal: None,
        }
    }

    fn region(colleges: Vec<(&str, CollegeSide)>) -> RegionSnapshot {
        RegionSnapshot {
            name: "Самарская область".into(),
            own: Vec::new(),
            colleges: colleges
                .into_iter()
                .map(|(id, c)| (id.to_string(), c))
                .collect(),
        }
    }

    #[test]
    fn colleges_added_removed_changed_and_the_totals() {
        let before = region(vec![
            ("a", college(100, 60, &["1", "2"], 1)),
            ("b", college(50, 30, &[], 0)),
            ("old", college(10, 5, &["x"], 0)),
        ]);
        let after = region(vec![
            ("a", college(100, 61, &["2", "3"], 0)),
            ("b", college(50, 30, &[], 0)),
            ("new", college(20, 10, &[], 2)),
        ]);
        let d = compare(&before, &after);
        assert_eq!(d.added, ["new"]);
        assert_eq!(d.removed, ["old"]);
        assert_eq!(d.unchanged, ["b"]);
        let ids: Vec<&str> = d.colleges.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a", "new", "old"]);
        let a = &d.colleges[0].diff.cohorts[0];
        assert_eq!(a.into_risk, ["3"]);
        assert_eq!(a.out_of_risk, ["1"]);
        assert_eq!(d.colleges[0].diff.findings.fixed.len(), 1);
        assert_eq!(d.colleges_count, (3, 3));
        let t = &d.totals[0];
        assert_eq!(t.graduates, (160, 170));
        assert_eq!(t.risk, (3, 2));
        assert_eq!(t.channels.len(), 1);
        assert_eq!((t.channels[0].before, t.channels[0].after), (95, 101));
        assert_eq!(d.findings_before[1], 1);
        assert_eq!(d.findings_after[1], 2);
        assert_eq!(d.findings_after[0], 0);
    }

    #[test]
    fn the_same_region_has_no_changes() {
        let r = region(vec![("a", college(100, 60, &["1"], 1))]);
        let d = compare(&r, &r);
        assert!(d.colleges.is_empty() && d.added.is_empty() && d.removed.is_empty());
        assert_eq!(d.unchanged, ["a"]);
        assert!(d.totals[0].channels.is_empty());
    }
}
