//! The monitoring summary printed by `check --format json`.

use super::contingent::{reconciliation, ReconRow};
use super::series::{counts_on, ChannelCount};
use super::status::{risk_group, RiskMember};
use crate::config::Config;
use crate::model::monitoring::Monitoring;
use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

/// Сводка по выпуску: one cohort in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CohortSummary {
    pub year: i16,
    pub graduates: u32,
    /// Rows 01–05: computed, signed, СПО-1 and differences.
    pub contingent: Vec<ReconRow>,
    /// IDs with reasons, in file order.
    pub risk_group: Vec<RiskMember>,
    /// Counts per status on `as_of`.
    pub channels: Vec<ChannelCount>,
}

/// Сводка мониторинга: every cohort on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonitoringSummary {
    pub as_of: Date,
    /// Sorted by year.
    pub cohorts: Vec<CohortSummary>,
}

/// Per cohort: contingent rows, the risk group and counts per channel on `as_of`.
pub fn summary(m: &Monitoring, config: &Config, as_of: Date) -> MonitoringSummary {
    let rules = &config.rules;
    MonitoringSummary {
        as_of,
        cohorts: m
            .cohorts
            .par_iter()
            .map(|c| CohortSummary {
                year: c.year,
                graduates: c.graduates.len() as u32,
                contingent: reconciliation(c),
                risk_group: risk_group(c, as_of, &m.specialties, rules),
                channels: counts_on(c, as_of, &m.specialties, rules),
            })
            .collect(),
    }
}
