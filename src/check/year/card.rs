//! «Карточка организации в АИС»: every field the AIS asks for is filled.

use super::Ctx;
use crate::compute::ais_card::card;
use crate::diag::{Finding, Place};

/// `ais-card.missing-field`
pub fn missing_field(ctx: &Ctx) -> Vec<Finding> {
    let c = card(ctx.config, ctx.m);
    let mut out: Vec<Finding> = c
        .fields
        .iter()
        .filter(|f| !f.filled())
        .map(|f| {
            Finding::warning(
                "ais-card.missing-field",
                Place::file(crate::config::CONFIG_FILE),
                format!(
                    "Карточка организации в АИС: не заполнено поле «{}». Укажите {} в vypusk.yaml.",
                    f.label, f.source
                ),
            )
        })
        .collect();
    if c.specialties.is_empty() {
        out.push(Finding::warning(
            "ais-card.missing-field",
            Place::file(crate::load::monitoring::SPECIALTIES_FILE),
            "Карточка организации в АИС: нет направлений подготовки. Перечислите специальности колледжа в data/reference/specialties.yaml.",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::d;
    use super::super::{Ctx, RULES};
    use crate::model::monitoring::Monitoring;
    use crate::model::site::Site;
    use crate::model::year::CentreYear;

    fn run(config: &crate::config::Config, m: &Monitoring) -> Vec<crate::diag::Finding> {
        let rule = RULES
            .iter()
            .find(|r| r.id == "ais-card.missing-field")
            .unwrap();
        let year = CentreYear::default();
        let site = Site::default();
        (rule.run)(&Ctx {
            year: &year,
            m,
            site: &site,
            config,
            as_of: d(2023, 12, 15),
        })
    }

    #[test]
    fn each_empty_field_is_named() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut config = crate::config::load(root).unwrap();
        let m = crate::check::monitoring::testing::cohort(vec![]);
        assert!(
            run(&config, &m).is_empty(),
            "the example's card is complete"
        );
        config.centre.phone.clear();
        config.centre.office_hours.clear();
        let f = run(&config, &m);
        assert_eq!(f.len(), 2);
        assert!(f[0].message.contains("«Телефон ЦСТВ»") && f[0].message.contains("centre.phone"));
        assert!(f[1].message.contains("centre.office_hours"));
        assert_eq!(
            run(&config, &Monitoring::default()).len(),
            3,
            "no specialties"
        );
    }
}
