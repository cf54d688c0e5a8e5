//! Load the centre's year: the plan, vacancies, referrals, measures, recommendations.

use crate::config::Config;
use crate::diag::Finding;
use crate::model::monitoring::Monitoring;
use crate::model::year::CentreYear;
use std::path::Path;

pub fn load(
    root: &Path,
    config: &Config,
    m: &Monitoring,
    findings: &mut Vec<Finding>,
) -> CentreYear {
    CentreYear {
        plan: super::plan::load(root, findings),
        vacancies: super::vacancies::load(root, config, &m.specialties, findings),
        measures: super::measures::load(root, findings),
        recommendations: recommendations(root, findings),
        ovz: super::ovz::load(root, findings),
        effectiveness: super::effectiveness::load(root, findings),
    }
}

/// The project's recommendations file, else the bundled edition.
fn recommendations(
    root: &Path,
    findings: &mut Vec<Finding>,
) -> Vec<crate::model::compliance::Requirement> {
    use crate::model::compliance::{BUNDLED, RECOMMENDATIONS_FILE};
    let parse = parse_recommendations;
    let text = match std::fs::read(root.join(RECOMMENDATIONS_FILE)) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(_) => return parse(BUNDLED, RECOMMENDATIONS_FILE).unwrap_or_default(),
    };
    match parse(&text, RECOMMENDATIONS_FILE) {
        Ok(r) => r,
        Err(f) => {
            findings.push(*f);
            Vec::new()
        }
    }
}

/// Parse a recommendations file; `Err` is a finding at file:line:column.
pub fn parse_recommendations(
    text: &str,
    file: &str,
) -> Result<Vec<crate::model::compliance::Requirement>, Box<crate::diag::Finding>> {
    let mut reqs: Vec<crate::model::compliance::Requirement> =
        crate::load::yaml::parse(text, file, 0)?;
    let lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("- id:"))
        .map(|(i, _)| i + 1)
        .collect();
    for (r, l) in reqs.iter_mut().zip(lines) {
        r.line = l;
    }
    Ok(reqs)
}
