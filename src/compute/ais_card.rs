//! «Карточка организации в АИС» (seed task 4, due 01.09): the fields the AIS asks for about
//! the college and its career centre, filled from `vypusk.yaml` and the data.

use crate::config::Config;
use crate::model::monitoring::Monitoring;
use serde::Serialize;

/// One field of the card: its label, the value, and where to fill it in when empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardField {
    pub label: &'static str,
    pub value: String,
    /// The key in `vypusk.yaml` (or the data file) that fills it.
    pub source: &'static str,
}

impl CardField {
    pub fn filled(&self) -> bool {
        !self.value.trim().is_empty()
    }
}

/// A specialty on the card with the number of its graduates in the latest cohort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardSpecialty {
    pub code: String,
    pub name: String,
    pub graduates: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct AisCard {
    pub fields: Vec<CardField>,
    /// The latest cohort's year, when there is monitoring data.
    pub cohort: Option<i16>,
    pub specialties: Vec<CardSpecialty>,
}

fn person(name: &str, position: &str) -> String {
    match (name.trim(), position.trim()) {
        ("", _) => String::new(),
        (n, "") => n.to_string(),
        (n, p) => format!("{n}, {p}"),
    }
}

pub fn card(config: &Config, m: &Monitoring) -> AisCard {
    let c = &config.college;
    let z = &config.centre;
    let f = |label, value: String, source| CardField {
        label,
        value,
        source,
    };
    let fields = vec![
        f(
            "Полное наименование организации",
            c.full_name.clone(),
            "college.full_name",
        ),
        f(
            "Краткое наименование",
            c.short_name.clone(),
            "college.short_name",
        ),
        f(
            "Субъект Российской Федерации",
            c.region.clone(),
            "college.region",
        ),
        f("Адрес организации", c.address.clone(), "college.address"),
        f("Официальный сайт", c.site_url.clone(), "college.site_url"),
        f(
            "Руководитель организации",
            person(&c.director.name, &c.director.position),
            "college.director",
        ),
        f(
            "Наименование центра содействия трудоустройству",
            z.name.clone(),
            "centre.name",
        ),
        f(
            "Руководитель ЦСТВ",
            person(&z.head.name, &z.head.position),
            "centre.head",
        ),
        f("Телефон ЦСТВ", z.phone.clone(), "centre.phone"),
        f(
            "Адрес электронной почты ЦСТВ",
            z.email.clone(),
            "centre.email",
        ),
        f(
            "Адрес ЦСТВ (корпус, кабинет)",
            z.address.clone(),
            "centre.address",
        ),
        f(
            "График работы ЦСТВ",
            z.office_hours.join("; "),
            "centre.office_hours",
        ),
        f(
            "Страница ЦСТВ на сайте организации",
            config.base_url.clone(),
            "base_url",
        ),
    ];
    let latest = m.cohorts.iter().max_by_key(|c| c.year);
    let specialties = m
        .specialties
        .items
        .iter()
        .map(|s| CardSpecialty {
            code: s.code.clone(),
            name: s.name.clone(),
            graduates: latest.map_or(0, |c| {
                c.graduates
                    .iter()
                    .filter(|g| g.specialty_code == s.code)
                    .count()
            }),
        })
        .collect();
    AisCard {
        fields,
        cohort: latest.map(|c| c.year),
        specialties,
    }
}
