//! The centre's own year of work (seed tasks 1 and 4): the work plan, vacancies and referrals,
//! measures taken with the risk group, and the base centre's recommendations for the section.

use super::compliance::Requirement;
use super::measure::Measure;
use super::plan::Plan;
use super::vacancy::Vacancies;

/// Everything of the centre's year loaded from `data/`.
#[derive(Debug, Clone, Default)]
pub struct CentreYear {
    /// `data/plan.yaml`; `None` when there is none (a finding says so).
    pub plan: Option<Plan>,
    /// `data/vacancies/`: own list, imports, referrals.
    pub vacancies: Vacancies,
    /// `data/monitoring/measures-YYYY.csv`: measures with the risk group, in file order.
    pub measures: Vec<Measure>,
    /// The base centre's required parts (the project's file, else the bundled edition).
    pub recommendations: Vec<Requirement>,
    /// Seed task 3: measures for students with ОВЗ, Абилимпикс, job fairs.
    pub ovz: super::ovz::Ovz,
    /// Regional effectiveness criteria and the Ministry's checklist.
    pub effectiveness: super::effectiveness::Effectiveness,
}
