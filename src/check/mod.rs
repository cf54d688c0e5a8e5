//! Check: rules over the model → findings. Each rule is a small named unit with its own id.

pub mod outputs;
pub mod site;

pub mod effectiveness;
pub mod incoming;
pub mod monitoring;
pub mod opk;
pub mod year;

/// The Russian line about a rule id, from the registry that owns it (`None` for ids with no
/// line yet: the web section's, configuration and output checks).
pub fn about(id: &str) -> Option<&'static str> {
    let pairs = |list: &'static [(&'static str, &'static str)]| {
        list.iter().find(|(i, _)| *i == id).map(|(_, a)| *a)
    };
    if id.starts_with("opk.") {
        return opk::about(id);
    }
    monitoring::RULES
        .iter()
        .find(|r| r.id == id)
        .map(|r| r.about)
        .or_else(|| pairs(monitoring::LOAD_RULES))
        .or_else(|| year::RULES.iter().find(|r| r.id == id).map(|r| r.about))
        .or_else(|| pairs(year::LOAD_RULES))
        .or_else(|| pairs(incoming::INCOMING_RULES))
        .or_else(|| {
            effectiveness::RULES
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.about)
        })
        .or_else(|| pairs(effectiveness::LOAD_RULES))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_opk_and_effectiveness_id_is_explained() {
        for r in super::opk::RULES {
            assert_eq!(super::about(r.id), Some(r.about));
        }
        for (id, a) in super::opk::LOAD_RULES {
            assert_eq!(super::about(id), Some(*a));
        }
        for r in super::effectiveness::RULES {
            assert_eq!(super::about(r.id), Some(r.about));
        }
        for (id, a) in super::effectiveness::LOAD_RULES {
            assert_eq!(super::about(id), Some(*a));
        }
        assert!(super::about("track.conscription-window").is_some());
        assert_eq!(super::about("no.such-rule"), None);
    }
}
