//! Check: rules over the model → findings. Each rule is a small named unit with its own id.

pub mod outputs;
pub mod rules;
pub mod site;

pub mod effectiveness;
pub mod incoming;
pub mod monitoring;
pub mod opk;
pub mod year;

/// The Russian line about a registered rule id (see [`rules`]).
pub fn about(id: &str) -> Option<&'static str> {
    rules::find(id).map(|r| r.about)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_registered_id_is_explained() {
        for r in super::rules::all() {
            assert_eq!(super::about(r.id), Some(r.about));
        }
        assert!(super::about("track.conscription-window").is_some());
        assert!(super::about("opk.bad-inn").is_some());
        assert!(super::about("ovz.no-measure").is_some());
        assert_eq!(super::about("no.such-rule"), None);
    }
}
