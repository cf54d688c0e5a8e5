//! Compute: indicators derived from the model — each graduate's status on a date, monthly
//! series, counts per channel, contingent rows 01–05 with reconciliation, Ministry form 1.
//!
//! Every output is a plain `Serialize` struct with `Vec`s in a fixed order, so JSON and pages
//! are byte-for-byte reproducible.

pub mod ais_card;
pub mod compliance;
pub mod contingent;
pub mod diff;
pub mod effectiveness;
pub mod form1;
pub mod form2;
pub mod form3;
pub mod opk;
pub mod publication;
pub mod series;
pub mod status;
pub mod summary;

pub use contingent::{computed_contingent, reconciliation, ReconRow};
pub use form1::{form1, Form1, Form1Block, Form1Row};
pub use series::{counts_on, series, ChannelCount, Series, SeriesPoint};
pub use status::{risk_group, status_on, RiskMember, RiskReason, Status};
pub use summary::{summary, CohortSummary, MonitoringSummary};

use crate::config::Config;
use crate::model::monitoring::Monitoring;
use jiff::civil::Date;
use serde::Serialize;

/// Monthly series of every cohort (sorted by year).
pub fn all_series(m: &Monitoring, config: &Config, as_of: Date) -> Vec<Series> {
    m.cohorts
        .iter()
        .map(|c| series(c, as_of, &m.specialties, &config.rules))
        .collect()
}

/// Form 1 of every cohort on `as_of` (sorted by year; blocks by specialty code).
pub fn all_form1(m: &Monitoring, config: &Config, as_of: Date) -> Vec<Form1> {
    m.cohorts
        .iter()
        .map(|c| form1(c, as_of, &m.specialties, &config.rules))
        .collect()
}

/// The Ministry's forms 1–3 of one cohort on the reports' date. A build computes them once
/// ([`all_forms`]) for the printable form 1, the workbooks and the region's totals: each
/// counts every graduate of the cohort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortForms {
    pub year: i16,
    pub form1: Form1,
    /// `None` when a graduate of row 06 has no nosology group (see [`form2::form2`]).
    pub form2: Option<form2::Form2>,
    pub form3: form3::Form3,
}

/// Forms 1–3 of every cohort on `as_of` (sorted by year).
pub fn all_forms(m: &Monitoring, config: &Config, as_of: Date) -> Vec<CohortForms> {
    let (sp, rules) = (&m.specialties, &config.rules);
    m.cohorts
        .iter()
        .map(|c| CohortForms {
            year: c.year,
            form1: form1(c, as_of, sp, rules),
            form2: form2::form2(c, as_of, sp, rules),
            form3: form3::form3(c, sp, rules),
        })
        .collect()
}

/// The reconciliation table of one cohort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortReconciliation {
    pub year: i16,
    /// Project-relative path of `contingent-YYYY.yaml`, empty when there is none.
    pub file: String,
    pub signed_date: Option<Date>,
    pub spo1_date: Option<Date>,
    pub rows: Vec<ReconRow>,
}

/// Computed / signed / СПО-1 rows 01–05 of every cohort.
pub fn all_reconciliations(m: &Monitoring) -> Vec<CohortReconciliation> {
    m.cohorts
        .iter()
        .map(|c| {
            let k = c.contingent.as_ref();
            CohortReconciliation {
                year: c.year,
                file: k.map(|k| k.file.clone()).unwrap_or_default(),
                signed_date: k.and_then(|k| k.signed.as_ref()).and_then(|s| s.date),
                spo1_date: k.and_then(|k| k.spo1.as_ref()).and_then(|s| s.date),
                rows: reconciliation(c),
            }
        })
        .collect()
}

/// The risk group of one cohort on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortRisk {
    pub year: i16,
    pub members: Vec<RiskMember>,
}

/// The risk group of every cohort on `as_of`.
pub fn all_risk_groups(m: &Monitoring, config: &Config, as_of: Date) -> Vec<CohortRisk> {
    m.cohorts
        .iter()
        .map(|c| CohortRisk {
            year: c.year,
            members: risk_group(c, as_of, &m.specialties, &config.rules),
        })
        .collect()
}
