//! The base centre's recommendations for the section (`data/reference/recommendations.yaml`):
//! each required part and what in the data satisfies it.

use serde::{Deserialize, Serialize};

pub const RECOMMENDATIONS_FILE: &str = "data/reference/recommendations.yaml";
/// The bundled edition, used when a project has no recommendations file of its own.
pub const BUNDLED: &str = include_str!("../../data/reference/recommendations.yaml");

/// What satisfies a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Centre's phone, e-mail, address and office hours in `vypusk.yaml`, shown on a page.
    Contacts,
    /// A published page whose title contains `title_contains`, with at least `min_words`.
    Page,
    /// The current academic year's plan, approved and published on time, on a page.
    ApprovedPlan,
    /// At least `min_current` current vacancies on a page, and a link containing `link`.
    Vacancies,
    /// Monitoring figures of the last cohort on a page.
    Monitoring,
    /// A feedback form or e-mail address on a published page.
    Feedback,
    /// The section brought up to date since `since` (`ДД.ММ`) of the current year.
    Freshness,
}

/// One required part of the section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub id: String,
    pub title: String,
    pub check: Kind,
    #[serde(default)]
    pub title_contains: Option<String>,
    #[serde(default)]
    pub min_words: Option<usize>,
    #[serde(default)]
    pub min_current: Option<usize>,
    #[serde(default)]
    pub link: Option<String>,
    #[serde(default)]
    pub since: Option<String>,
    /// Line in the recommendations file.
    #[serde(skip)]
    pub line: usize,
}
