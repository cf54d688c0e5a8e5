//! The centre's year on pages and in reports: what [`crate::render::plan`] and its siblings
//! contribute to one build, gathered so the pipeline calls one function.

use super::reports::Report;
use super::OutFile;
use crate::config::Config;
use crate::model::monitoring::Monitoring;
use crate::model::site::Site;
use crate::model::year::CentreYear;
use jiff::civil::Date;
use serde_json::Value;

/// What the inputs of the centre's year are, borrowed from the project.
pub struct Inputs<'a> {
    pub year: &'a CentreYear,
    pub m: &'a Monitoring,
    pub site: &'a Site,
    pub config: &'a Config,
    pub as_of: Date,
}

/// What the centre's year adds to `data` on public pages: never personal data.
pub struct YearPublic {
    /// `data.plan`.
    pub plan: Value,
    /// `data.vacancies`.
    pub vacancies: Value,
}

pub struct YearOutput {
    pub public: YearPublic,
    pub reports: Vec<Report>,
    /// Other files (the calendar), paths relative to `output/`.
    pub files: Vec<OutFile>,
}

/// The private documents, also listed by `check`.
pub fn reports(i: &Inputs) -> Vec<Report> {
    let mut out = Vec::new();
    out.extend(super::plan::report(i.year.plan.as_ref(), i.config, i.as_of));
    out.push(super::ais_card::report(i.config, i.m));
    out.extend(super::vacancies::referrals_report(i));
    out.extend(super::compliance::report(i));
    out.extend(super::risk_cases::reports(i));
    out
}

/// The reports of [`reports`] that read the site's pages (made again after a page edit).
pub fn page_reports(i: &Inputs) -> Vec<Report> {
    super::compliance::report(i).into_iter().collect()
}

pub fn build(i: &Inputs) -> YearOutput {
    let plan = i.year.plan.as_ref();
    YearOutput {
        public: YearPublic {
            plan: super::plan::public(plan, i.config, i.as_of),
            vacancies: super::vacancies::public(
                &i.year.vacancies,
                &i.m.specialties,
                i.config,
                i.as_of,
            ),
        },
        reports: reports(i),
        files: super::plan::ics(plan, i.config, i.as_of)
            .into_iter()
            .collect(),
    }
}
