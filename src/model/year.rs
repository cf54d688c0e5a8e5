//! The centre's own year of work (seed tasks 1 and 4): the work plan, vacancies and referrals,
//! measures taken with the risk group, and the base centre's recommendations for the section.

use super::plan::Plan;

/// Everything of the centre's year loaded from `data/`.
#[derive(Debug, Clone, Default)]
pub struct CentreYear {
    /// `data/plan.yaml`; `None` when there is none (a finding says so).
    pub plan: Option<Plan>,
}
