//! The bundled example's monitoring data exercise every rule of domain.md 1–10, without errors;
//! the broken fixture exercises the error-level rules and every input-integrity check.

use std::collections::BTreeSet;
use std::path::Path;
use vypusk::check::monitoring::{run, LOAD_RULES, RULES};
use vypusk::compute;
use vypusk::config::Config;
use vypusk::diag::{Findings, Severity};

fn config() -> Config {
    serde_yaml::from_str(
        "college: {full_name: Колледж, short_name: К, region: Самарская область, director: {name: Иванова И. И.}}\n\
         centre: {head: {name: Петров П. П.}}\nacademic_year: 2023-2024\n",
    )
    .unwrap()
}

fn as_of() -> jiff::civil::Date {
    jiff::civil::Date::constant(2023, 12, 15)
}

/// Rules the example cannot show without an error (they stop `build`), shown by the fixture.
const ONLY_IN_BROKEN: &[&str] = &[
    "contingent.arithmetic",
    "contingent.mismatch-signed",
    "contingent.signed-missing",
    "contingent.spo1-missing",
    "monitoring.unknown-specialty",
];

fn check(
    root: &Path,
) -> (
    vypusk::model::monitoring::Monitoring,
    Vec<vypusk::diag::Finding>,
) {
    let mut fs = Findings::new();
    let m = vypusk::load::monitoring::load(root, &config(), &mut fs);
    fs.extend(run(&m, &config(), as_of()));
    (m, fs.sorted())
}

#[test]
fn example_exercises_every_rule_without_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (m, f) = check(root);
    assert_eq!(m.cohorts.len(), 2);
    assert!(m
        .cohorts
        .iter()
        .all(|c| (140..=160).contains(&c.graduates.len())));
    let errors: Vec<_> = f.iter().filter(|f| f.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let seen: BTreeSet<&str> = f.iter().map(|f| f.rule).collect();
    for r in RULES {
        if !ONLY_IN_BROKEN.contains(&r.id) {
            assert!(
                seen.contains(r.id),
                "the example does not exercise {}",
                r.id
            );
        }
    }
    let s = compute::summary(&m, &config(), as_of());
    let c2023 = &s.cohorts[1];
    assert!(c2023.risk_group.iter().any(|r| r
        .reasons
        .iter()
        .any(|x| x.rule == "track.specialty-position")));
    assert!(c2023.contingent[0].diff_spo1 == Some(1));
    for c in &m.cohorts {
        let f1 = compute::form1(c, as_of(), &m.specialties, &config().rules);
        assert_eq!(f1.blocks.len(), 6);
        let total: u32 = f1.blocks.iter().map(|b| b.rows[0].values[0]).sum();
        assert_eq!(total as usize, c.graduates.len());
    }
}

#[test]
fn broken_fixture_exercises_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/monitoring-broken");
    let (_m, f) = check(&root);
    let seen: BTreeSet<&str> = f.iter().map(|f| f.rule).collect();
    for id in ONLY_IN_BROKEN {
        assert!(
            seen.contains(id),
            "fixture does not exercise {id}: {seen:?}"
        );
    }
    for id in [
        "monitoring.duplicate-id",
        "monitoring.bad-specialty-code",
        "monitoring.specialty-two-names",
        "monitoring.specialty-without-name",
        "monitoring.bad-yes-no",
        "monitoring.empty-id",
        "monitoring.unknown-id",
        "monitoring.bad-date",
        "monitoring.unknown-channel",
        "monitoring.bad-kind",
        "monitoring.forecast-column-actual",
        "contingent.bad-count",
    ] {
        assert!(LOAD_RULES.iter().any(|(r, _)| *r == id));
        assert!(
            seen.contains(id),
            "fixture does not exercise {id}: {seen:?}"
        );
    }
    // Places are project-relative with `/`.
    assert!(f.iter().all(|f| !f.place.file.starts_with('/')), "{f:#?}");
}

#[test]
fn summary_json_is_deterministic_and_has_no_names() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (m, _) = check(root);
    let a = serde_json::to_string(&compute::summary(&m, &config(), as_of())).unwrap();
    let b = serde_json::to_string(&compute::summary(&m, &config(), as_of())).unwrap();
    assert_eq!(a, b);
    let names = m.personal_strings();
    assert!(names.len() > 250);
    for n in &names {
        assert!(!a.contains(n.as_str()), "summary leaks {n}");
    }
    let series = serde_json::to_string(&compute::all_series(&m, &config(), as_of())).unwrap();
    assert!(series.contains("\"2023-12-01\""));
    let recon = compute::all_reconciliations(&m);
    assert_eq!(recon[1].rows[0].diff_spo1, Some(1));
}
