//! «Карточка организации в АИС» as a print-ready page.

use super::data_value;
use super::reports::Report;
use crate::compute::ais_card::{card, CardField, CardSpecialty};
use crate::config::Config;
use crate::model::monitoring::Monitoring;
use serde::Serialize;

/// `report.data` of the card.
#[derive(Serialize)]
struct AisCardData<'a> {
    /// How many fields are filled.
    filled: usize,
    fields: &'a [CardField],
    cohort: Option<i16>,
    specialties: &'a [CardSpecialty],
    /// Graduates of all specialties.
    total: usize,
}

pub fn report(config: &Config, m: &Monitoring) -> Report {
    let c = card(config, m);
    let total: usize = c.specialties.iter().map(|s| s.graduates).sum();
    Report {
        slug: "ais-card".into(),
        title: "Карточка организации в АИС".into(),
        group: "Работа центра".into(),
        template: "reports/ais-card.html".into(),
        landscape: false,
        signed: true,
        data: data_value(&AisCardData {
            filled: c.fields.iter().filter(|f| f.filled()).count(),
            fields: &c.fields,
            cohort: c.cohort,
            specialties: &c.specialties,
            total,
        }),
    }
}
