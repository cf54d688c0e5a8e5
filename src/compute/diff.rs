//! What changed between two versions of one project (`vypusk diff`): per cohort, the counts per
//! channel (form-1 column) on each version's report date, who moved into or out of the risk
//! group (graduate IDs only), and the findings that appeared or were fixed.
//!
//! The core, [`diff`], takes two in-memory [`Snapshot`]s and knows nothing of git or folders,
//! so that a region compares its colleges one by one with the same function.

use super::series::ChannelCount;
use super::summary::MonitoringSummary;
use crate::diag::{Finding, Severity};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One version of a project, as far as the diff needs it: computed figures and findings.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// `None` when the project could not be loaded (its `vypusk.yaml` failed): only findings.
    pub summary: Option<MonitoringSummary>,
    /// Every finding of `check`, sorted.
    pub findings: Vec<Finding>,
}

/// What changed in one project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectDiff {
    pub as_of_before: Option<Date>,
    pub as_of_after: Option<Date>,
    /// By year; every cohort present in either version.
    pub cohorts: Vec<CohortDiff>,
    pub findings: FindingsDiff,
}

/// What changed in one cohort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortDiff {
    pub year: i16,
    /// Graduates listed; `None` where the version has no such cohort.
    pub graduates_before: Option<u32>,
    pub graduates_after: Option<u32>,
    /// Only the channels whose count changed, in form-1 column order.
    pub channels: Vec<ChannelChange>,
    /// IDs in the risk group after but not before, in the list's order.
    pub into_risk: Vec<String>,
    /// IDs in the risk group before but not after (including graduates no longer listed).
    pub out_of_risk: Vec<String>,
}

impl CohortDiff {
    pub fn is_empty(&self) -> bool {
        self.graduates_before == self.graduates_after
            && self.channels.is_empty()
            && self.into_risk.is_empty()
            && self.out_of_risk.is_empty()
    }
}

/// One channel's count on each version's report date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChannelChange {
    /// `06`…`27` or `no-data`, as in the summary.
    pub key: String,
    pub column: Option<u8>,
    pub label: String,
    pub before: u32,
    pub after: u32,
}

impl ChannelChange {
    pub fn delta(&self) -> i64 {
        i64::from(self.after) - i64::from(self.before)
    }
}

/// Findings that appeared and that disappeared, with the totals by severity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FindingsDiff {
    /// Errors, warnings, notes.
    pub before: [usize; 3],
    pub after: [usize; 3],
    /// In the new version only, sorted by place (with the new version's line numbers).
    pub new: Vec<Finding>,
    /// In the old version only (with the old version's line numbers).
    pub fixed: Vec<Finding>,
    /// Still there with another text (a count or date in it changed), as in the new version:
    /// the same rule about the same graduate, or about the same file as a whole.
    pub reworded: Vec<Finding>,
}

impl ProjectDiff {
    /// Nothing changed in the figures or the findings (the report date aside).
    pub fn is_empty(&self) -> bool {
        self.cohorts.iter().all(CohortDiff::is_empty)
            && self.findings.new.is_empty()
            && self.findings.fixed.is_empty()
            && self.findings.reworded.is_empty()
    }
}

/// Compare two versions of a project.
pub fn diff(before: &Snapshot, after: &Snapshot) -> ProjectDiff {
    // A version whose settings failed has no figures: comparing with it would show every
    // cohort removed (or added) and everybody out of risk. Its findings say what failed.
    let comparable = before.summary.is_some() && after.summary.is_some();
    let (old, new) = if comparable {
        (cohorts_of(before), cohorts_of(after))
    } else {
        (BTreeMap::new(), BTreeMap::new())
    };
    let years: BTreeSet<i16> = old.keys().chain(new.keys()).copied().collect();
    let cohorts = years
        .into_iter()
        .map(|year| {
            let (b, a) = (old.get(&year), new.get(&year));
            let none: &[ChannelCount] = &[];
            let risk = |c: Option<&&super::summary::CohortSummary>| -> Vec<String> {
                c.map(|c| c.risk_group.iter().map(|m| m.id.clone()).collect())
                    .unwrap_or_default()
            };
            let (risk_b, risk_a) = (risk(b), risk(a));
            let set_b: BTreeSet<&str> = risk_b.iter().map(String::as_str).collect();
            let set_a: BTreeSet<&str> = risk_a.iter().map(String::as_str).collect();
            CohortDiff {
                year,
                graduates_before: b.map(|c| c.graduates),
                graduates_after: a.map(|c| c.graduates),
                channels: channel_changes(
                    b.map_or(none, |c| &c.channels),
                    a.map_or(none, |c| &c.channels),
                ),
                into_risk: risk_a
                    .iter()
                    .filter(|id| !set_b.contains(id.as_str()))
                    .cloned()
                    .collect(),
                out_of_risk: risk_b
                    .iter()
                    .filter(|id| !set_a.contains(id.as_str()))
                    .cloned()
                    .collect(),
            }
        })
        .collect();
    ProjectDiff {
        as_of_before: before.summary.as_ref().map(|s| s.as_of),
        as_of_after: after.summary.as_ref().map(|s| s.as_of),
        cohorts,
        findings: findings_diff(&before.findings, &after.findings),
    }
}

fn cohorts_of(s: &Snapshot) -> BTreeMap<i16, &super::summary::CohortSummary> {
    s.summary
        .iter()
        .flat_map(|m| &m.cohorts)
        .map(|c| (c.year, c))
        .collect()
}

/// Channels whose counts differ; a channel missing on one side counts 0 there.
pub(crate) fn channel_changes(
    before: &[ChannelCount],
    after: &[ChannelCount],
) -> Vec<ChannelChange> {
    let mut by_key: BTreeMap<&str, ChannelChange> = BTreeMap::new();
    for (side, counts) in [(0, before), (1, after)] {
        for c in counts {
            let e = by_key.entry(&c.key).or_insert_with(|| ChannelChange {
                key: c.key.clone(),
                column: c.column,
                label: c.label.clone(),
                before: 0,
                after: 0,
            });
            if side == 0 {
                e.before = c.count;
            } else {
                e.after = c.count;
            }
        }
    }
    // Keys sort as the form's columns: "06" < … < "27" < "no-data".
    by_key
        .into_values()
        .filter(|c| c.before != c.after)
        .collect()
}

/// A finding's identity across versions: everything but the line and column, which move
/// whenever a row is added above. A finding whose text changed (a count in it) is reported
/// as fixed and new.
type Key<'a> = (&'a str, Severity, &'a str, Option<&'a str>, &'a str);

fn key(f: &Finding) -> Key<'_> {
    (
        f.rule,
        f.severity,
        &f.place.file,
        f.graduate.as_deref(),
        &f.message,
    )
}

/// Findings compared as multisets: three equal findings before and two after is one fixed.
fn findings_diff(before: &[Finding], after: &[Finding]) -> FindingsDiff {
    // Hashed: most findings match exactly, and the output is sorted at the end anyway.
    let mut groups: rustc_hash::FxHashMap<Key<'_>, (Vec<&Finding>, Vec<&Finding>)> =
        rustc_hash::FxHashMap::default();
    for f in before {
        groups.entry(key(f)).or_default().0.push(f);
    }
    for f in after {
        groups.entry(key(f)).or_default().1.push(f);
    }
    // What is left unmatched, grouped by the finding's subject for the second pass.
    type Subject<'a> = (&'a str, Severity, &'a str, Option<&'a str>);
    let mut left: BTreeMap<Subject<'_>, (Vec<&Finding>, Vec<&Finding>)> = BTreeMap::new();
    for ((rule, severity, file, graduate, _), (b, a)) in groups {
        if b.len() == a.len() {
            continue;
        }
        let e = left.entry((rule, severity, file, graduate)).or_default();
        e.0.extend(b.iter().skip(a.len()));
        e.1.extend(a.iter().skip(b.len()));
    }
    let mut new = Vec::new();
    let mut fixed = Vec::new();
    let mut reworded = Vec::new();
    for ((_, _, _, graduate), (mut b, mut a)) in left {
        // In file order, whatever order the hashed groups came in.
        let by_place =
            |x: &&Finding, y: &&Finding| (&x.place, &x.message).cmp(&(&y.place, &y.message));
        b.sort_by(by_place);
        a.sort_by(by_place);
        // A line-level finding about no graduate has no identity beyond its text: a row
        // fixed and another broken by the same rule in one file are both reported.
        let same_subject = |f: &Finding| graduate.is_some() || f.place.line.is_none();
        let paired = b
            .iter()
            .zip(&a)
            .take_while(|(x, y)| same_subject(x) && same_subject(y))
            .count();
        reworded.extend(a.iter().take(paired).map(|f| (*f).clone()));
        new.extend(a.iter().skip(paired).map(|f| (*f).clone()));
        fixed.extend(b.iter().skip(paired).map(|f| (*f).clone()));
    }
    // The message breaks ties, so the hashed grouping never shows in the output's order.
    let order = |x: &Finding, y: &Finding| {
        (&x.place, x.rule, &x.graduate, &x.message).cmp(&(
            &y.place,
            y.rule,
            &y.graduate,
            &y.message,
        ))
    };
    new.sort_by(order);
    fixed.sort_by(order);
    reworded.sort_by(order);
    FindingsDiff {
        before: severity_counts(before),
        after: severity_counts(after),
        new,
        fixed,
        reworded,
    }
}

pub(crate) fn severity_counts(findings: &[Finding]) -> [usize; 3] {
    let n = |s| findings.iter().filter(|f| f.severity == s).count();
    [n(Severity::Error), n(Severity::Warning), n(Severity::Info)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::status::RiskMember;
    use crate::compute::summary::CohortSummary;
    use crate::diag::Place;

    fn count(key: &str, n: u32) -> ChannelCount {
        ChannelCount {
            key: key.to_string(),
            column: key.parse().ok(),
            label: format!("label {key}"),
            count: n,
        }
    }

    fn member(id: &str) -> RiskMember {
        RiskMember {
            id: id.to_string(),
            group: String::new(),
            specialty: String::new(),
            reasons: Vec::new(),
        }
    }

    fn snapshot(
        as_of: Date,
        channels: Vec<ChannelCount>,
        risk: &[&str],
        findings: Vec<Finding>,
    ) -> Snapshot {
        Snapshot {
            summary: Some(MonitoringSummary {
                as_of,
                cohorts: vec![CohortSummary {
                    year: 2023,
                    graduates: 10,
                    contingent: Vec::new(),
                    risk_group: risk.iter().map(|id| member(id)).collect(),
                    channels,
                }],
            }),
            findings,
        }
    }

    #[test]
    fn counts_risk_moves_and_findings() {
        let f1 = Finding::warning("a.rule", Place::line("data/x.csv", 3), "one")
            .with_graduate("2023-001");
        let f2 = Finding::error("b.rule", Place::line("data/x.csv", 7), "two");
        let mut f1_moved = f1.clone();
        f1_moved.place.line = Some(4);
        let f3 = Finding::info("c.rule", Place::file("vypusk.yaml"), "three");
        let before = snapshot(
            Date::constant(2023, 11, 1),
            vec![count("06", 5), count("16", 2), count("no-data", 3)],
            &["2023-002", "2023-003"],
            vec![f1, f2.clone()],
        );
        let after = snapshot(
            Date::constant(2023, 12, 1),
            vec![count("06", 6), count("16", 2), count("no-data", 2)],
            &["2023-003", "2023-009"],
            vec![f1_moved, f3.clone()],
        );
        let d = diff(&before, &after);
        assert_eq!(d.as_of_before, Some(Date::constant(2023, 11, 1)));
        let c = &d.cohorts[0];
        let changed: Vec<(&str, u32, u32)> = c
            .channels
            .iter()
            .map(|c| (c.key.as_str(), c.before, c.after))
            .collect();
        assert_eq!(changed, vec![("06", 5, 6), ("no-data", 3, 2)]);
        assert_eq!(c.into_risk, vec!["2023-009"]);
        assert_eq!(c.out_of_risk, vec!["2023-002"]);
        // The warning only moved a line down: neither new nor fixed.
        assert_eq!(d.findings.new, vec![f3]);
        assert_eq!(d.findings.fixed, vec![f2]);
        assert_eq!(d.findings.before, [1, 1, 0]);
        assert_eq!(d.findings.after, [0, 1, 1]);
        assert!(!d.is_empty());
    }

    #[test]
    fn reworded_findings_are_neither_new_nor_fixed() {
        let about = |msg: &str| {
            Finding::warning("a.rule", Place::line("data/x.csv", 3), msg).with_graduate("2023-001")
        };
        let row =
            |line, msg: &str| Finding::warning("b.rule", Place::line("data/y.csv", line), msg);
        let whole = |msg: &str| Finding::info("c.rule", Place::file("data/z.yaml"), msg);
        let before = snapshot(
            Date::constant(2023, 11, 1),
            Vec::new(),
            &[],
            vec![about("23 days"), row(2, "row 2"), whole("score 5")],
        );
        let after = snapshot(
            Date::constant(2023, 11, 1),
            Vec::new(),
            &[],
            vec![about("30 days"), row(9, "row 9"), whole("score 6")],
        );
        let d = diff(&before, &after);
        let rules = |v: &[Finding]| v.iter().map(|f| f.message.clone()).collect::<Vec<_>>();
        assert_eq!(rules(&d.findings.reworded), vec!["30 days", "score 6"]);
        assert_eq!(rules(&d.findings.new), vec!["row 9"]);
        assert_eq!(rules(&d.findings.fixed), vec!["row 2"]);
    }

    #[test]
    fn same_snapshot_is_empty_and_repeats_count() {
        let f = Finding::warning("a.rule", Place::line("data/x.csv", 3), "same");
        let s = snapshot(
            Date::constant(2023, 11, 1),
            vec![count("06", 5)],
            &["2023-002"],
            vec![f.clone(), f.clone()],
        );
        assert!(diff(&s, &s).is_empty());
        let mut fewer = s.clone();
        fewer.findings.pop();
        let d = diff(&s, &fewer);
        assert_eq!(d.findings.fixed.len(), 1);
        assert!(d.findings.new.is_empty());
    }

    #[test]
    fn a_version_that_failed_to_load_compares_findings_only() {
        let s = snapshot(
            Date::constant(2023, 11, 1),
            vec![count("06", 5)],
            &["2023-002"],
            Vec::new(),
        );
        let broken = Snapshot {
            summary: None,
            findings: vec![Finding::error(
                "config.yaml",
                Place::line("vypusk.yaml", 2),
                "bad",
            )],
        };
        let d = diff(&s, &broken);
        assert!(d.cohorts.is_empty());
        assert_eq!(d.as_of_after, None);
        assert_eq!(d.findings.new.len(), 1);
    }

    #[test]
    fn cohort_on_one_side_only() {
        let s = snapshot(
            Date::constant(2023, 11, 1),
            vec![count("06", 5)],
            &["2023-002"],
            Vec::new(),
        );
        let none = Snapshot {
            summary: Some(MonitoringSummary {
                as_of: Date::constant(2023, 11, 1),
                cohorts: Vec::new(),
            }),
            findings: Vec::new(),
        };
        let d = diff(&none, &s);
        assert_eq!(d.cohorts.len(), 1);
        assert_eq!(d.cohorts[0].graduates_before, None);
        assert_eq!(d.cohorts[0].graduates_after, Some(10));
        assert_eq!(d.cohorts[0].into_risk, vec!["2023-002"]);
        assert_eq!(d.cohorts[0].channels[0].before, 0);
    }
}
