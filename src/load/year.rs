//! Load the centre's year: the plan, vacancies, referrals, measures, recommendations.

use crate::config::Config;
use crate::diag::Finding;
use crate::model::monitoring::Monitoring;
use crate::model::year::CentreYear;
use std::path::Path;

pub fn load(
    root: &Path,
    _config: &Config,
    _m: &Monitoring,
    findings: &mut Vec<Finding>,
) -> CentreYear {
    CentreYear {
        plan: super::plan::load(root, findings),
    }
}
