//! `vypusk diff` comparison benchmark (not a test): the core that compares two in-memory
//! snapshots, and the Markdown report, over a region of 100 colleges × 2 cohorts × 3,000
//! graduates with 10 % in the risk group and 2,000 findings per college, a month's update
//! changing a tenth of each. Loading and checking both sides (two `check`s) is measured by the
//! monitoring and build benches; this shows the comparison adds nothing next to them.
//! Target: under 0.5 s in release on 2 cores. Run: `cargo bench --bench diff`.

use jiff::civil::Date;
use std::time::Instant;
use vypusk::compute::diff::{diff, Snapshot};
use vypusk::compute::series::ChannelCount;
use vypusk::compute::status::RiskMember;
use vypusk::compute::summary::{CohortSummary, MonitoringSummary};
use vypusk::diag::{Finding, Place};
use vypusk::render::diff::{report, Part, Style};

const COLLEGES: usize = 100;
const GRADUATES: usize = 3_000;
const FINDINGS: usize = 2_000;

/// One college's snapshot; `month` 1 shifts a tenth of the risk group and the findings.
fn snapshot(college: usize, month: usize) -> Snapshot {
    let cohorts = [2022i16, 2023]
        .iter()
        .map(|&year| CohortSummary {
            year,
            graduates: GRADUATES as u32,
            contingent: Vec::new(),
            risk_group: (0..GRADUATES / 10)
                .map(|i| i * 10 + usize::from(month == 1 && i % 10 == 0))
                .map(|n| RiskMember {
                    id: format!("{year}-{n:04}"),
                    group: "ИС-231".into(),
                    specialty: "09.02.07".into(),
                    reasons: Vec::new(),
                })
                .collect(),
            channels: (6u8..=27)
                .map(|col| ChannelCount {
                    key: format!("{col:02}"),
                    column: Some(col),
                    label: format!("гр.{col}"),
                    count: 100 + u32::from(col) + (month as u32) * u32::from(col % 3 == 0),
                })
                .collect(),
        })
        .collect();
    let findings = (0..FINDINGS)
        .map(|i| {
            let n = if month == 1 && i % 10 == 0 {
                i + FINDINGS
            } else {
                i
            };
            Finding::warning(
                "track.no-actual-data",
                Place::line(format!("data/monitoring/tracks-{college}.csv"), 2 + n),
                format!("Нет фактических данных на 01.11 у выпускника {n}"),
            )
            .with_graduate(format!("2023-{n:04}"))
        })
        .collect();
    Snapshot {
        summary: Some(MonitoringSummary {
            as_of: Date::constant(2023, 11 + month as i8, 1),
            cohorts,
        }),
        findings,
    }
}

fn main() {
    let sides: Vec<(Snapshot, Snapshot)> = (0..COLLEGES)
        .map(|c| (snapshot(c, 0), snapshot(c, 1)))
        .collect();
    let start = Instant::now();
    let diffs: Vec<_> = sides.iter().map(|(a, b)| diff(a, b)).collect();
    let compared = start.elapsed();
    let names: Vec<String> = (0..COLLEGES).map(|c| format!("college-{c:03}")).collect();
    let parts: Vec<Part<'_>> = diffs
        .iter()
        .zip(&names)
        .map(|(d, n)| Part {
            title: Some(n),
            diff: d,
        })
        .collect();
    let start = Instant::now();
    let md = report("main", "HEAD", &parts, Style::Markdown);
    let rendered = start.elapsed();
    let new: usize = diffs.iter().map(|d| d.findings.new.len()).sum();
    let moved: usize = diffs
        .iter()
        .flat_map(|d| &d.cohorts)
        .map(|c| c.into_risk.len() + c.out_of_risk.len())
        .sum();
    println!(
        "diff of {COLLEGES} colleges ({} graduates, {} findings a side): compared in {:.3} s, Markdown ({} KB) in {:.3} s; {new} new findings, {moved} risk moves",
        COLLEGES * GRADUATES * 2,
        COLLEGES * FINDINGS,
        compared.as_secs_f64(),
        md.len() / 1024,
        rendered.as_secs_f64(),
    );
}
