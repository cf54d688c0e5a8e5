use super::*;
use crate::check::monitoring::testing::{cohort, d, entry, grad};
use crate::model::graduate::{Graduate, Nosology};
use crate::model::ovz::{OvzMeasure, OvzMeasureKind};

fn config() -> Config {
    crate::check::year::testing::config()
}

fn measure(date: Date, ids: &[&str]) -> OvzMeasure {
    OvzMeasure {
        year: 2023,
        date,
        kind: OvzMeasureKind::ProfessionalTrial,
        title: String::new(),
        participants: ids.iter().map(|s| s.to_string()).collect(),
        by_nosology: vec![],
        partner: String::new(),
        result: String::new(),
        evidence: String::new(),
        file: "data/ovz/measures-2023.csv".into(),
        line: 2,
    }
}

fn ovz(id: &str) -> Graduate {
    Graduate {
        disability: true,
        nosology: Some(Nosology::Vision),
        ..grad(id)
    }
}

/// Four graduates: «1» employed (ОВЗ), «2» self-employed, «3» at risk (ОВЗ), «4» no data.
fn monitoring() -> Monitoring {
    let work = |id| {
        vec![entry(
            d(2023, 8, 1),
            EntryKind::Actual,
            Channel::SelfEmployed,
        )]
        .into_iter()
        .map(|mut e| {
            e.channel = if id == "1" {
                Channel::SoleTrader
            } else {
                Channel::SelfEmployed
            };
            e
        })
        .collect::<Vec<_>>()
    };
    cohort(vec![
        (ovz("1"), work("1")),
        (grad("2"), work("2")),
        (
            ovz("3"),
            vec![entry(d(2023, 9, 1), EntryKind::Actual, Channel::Risk)],
        ),
        (grad("4"), vec![]),
    ])
}

fn value(ind: Indicator, on: Option<Date>, year: &CentreYear, as_of: Date) -> Value {
    let on = on.map(crate::model::effectiveness::OnDate::Fixed);
    let m = monitoring();
    let config = config();
    indicator(
        ind,
        on,
        &Inputs {
            m: &m,
            year,
            opk: None,
            config: &config,
            as_of,
        },
    )
}

#[test]
fn shares_of_the_cohort_on_a_date() {
    let y = CentreYear::default();
    let v = value(Indicator::EmployedShare, None, &y, d(2023, 10, 1)).unwrap();
    assert_eq!(v.value, 50.0);
    assert!(v.source.contains("2 из 4"), "{}", v.source);
    // Before any actual entry nobody was employed; a date after the report has no data.
    let v = value(
        Indicator::EmployedShare,
        Some(d(2023, 7, 15)),
        &y,
        d(2023, 10, 1),
    )
    .unwrap();
    assert_eq!(v.value, 0.0);
    assert!(value(
        Indicator::EmployedShare,
        Some(d(2023, 12, 1)),
        &y,
        d(2023, 10, 1)
    )
    .is_err());
    // «3» entered risk; from 01.11 «4» (no actual data) is there too.
    assert_eq!(
        value(Indicator::RiskShare, None, &y, d(2023, 10, 1))
            .unwrap()
            .value,
        25.0
    );
    assert_eq!(
        value(Indicator::RiskShare, None, &y, d(2023, 11, 2))
            .unwrap()
            .value,
        50.0
    );
    assert_eq!(
        value(Indicator::OvzEmployedShare, None, &y, d(2023, 10, 1))
            .unwrap()
            .value,
        50.0
    );
}

#[test]
fn ovz_measures_count_until_26_05_and_absent_files_are_no_data() {
    let mut y = CentreYear::default();
    let none = value(Indicator::OvzCoveredShare, None, &y, d(2023, 12, 15)).unwrap_err();
    assert!(none.contains("measures-2023"), "{none}");
    assert!(value(Indicator::AbilympicsParticipants, None, &y, d(2023, 12, 15)).is_err());
    assert!(value(Indicator::FairParticipants, None, &y, d(2023, 12, 15)).is_err());
    assert!(value(Indicator::OpkNeedsClosed, None, &y, d(2023, 12, 15)).is_err());
    assert!(value(Indicator::PlanOnTime, None, &y, d(2023, 12, 15)).is_err());
    assert!(value(Indicator::ReferralsWithFeedback, None, &y, d(2023, 12, 15)).is_err());
    y.ovz
        .measure_files
        .push((2023, "data/ovz/measures-2023.csv".into()));
    y.ovz.measures = vec![
        measure(d(2023, 3, 1), &["1", "2"]),
        measure(d(2023, 5, 26), &["1"]),
        measure(d(2023, 5, 27), &["3"]),
    ];
    let v = value(Indicator::OvzCoveredShare, None, &y, d(2023, 12, 15)).unwrap();
    assert_eq!(v.value, 50.0, "«3» only after 26.05");
    let v = value(Indicator::OvzMeasuresPerGraduate, None, &y, d(2023, 12, 15)).unwrap();
    assert_eq!(
        v.value, 1.5,
        "3 participations before 26.05 / 2 graduates with ОВЗ"
    );
    // An empty abilympics file is a zero, not «нет данных».
    y.ovz
        .abilympics_files
        .push((2023, "data/ovz/abilympics-2023.csv".into()));
    assert_eq!(
        value(Indicator::AbilympicsParticipants, None, &y, d(2023, 12, 15))
            .unwrap()
            .value,
        0.0
    );
}

#[test]
fn monthly_updates_count_deadlines_met() {
    // Entries on 01.08 and 01.09: deadlines 01.08 (met), 01.09 (met), 01.10, 01.11, 01.12 (not).
    let v = value(
        Indicator::MonthlyUpdatesOnTime,
        None,
        &CentreYear::default(),
        d(2023, 12, 15),
    )
    .unwrap();
    assert_eq!(v.value, 40.0, "{}", v.source);
}

#[test]
fn scored_criterion_shows_no_data_never_zero() {
    let m = monitoring();
    let config = config();
    let mut y = CentreYear::default();
    let mut fs = Vec::new();
    y.effectiveness.criteria = crate::load::effectiveness::parse_criteria(
        "criteria:\n  - id: a\n    title: А\n    indicator: employed_share\n    scale:\n      - { at_least: 40, points: 1 }\n      - { at_least: 75, points: 3 }\n  - id: b\n    title: Б\n    indicator: abilympics_participants\n    threshold: { at_least: 1 }\n    points: 1\n",
        "data/reference/effectiveness.yaml",
        &mut fs,
    );
    assert!(fs.is_empty(), "{fs:?}");
    let e = evaluate(&Inputs {
        m: &m,
        year: &y,
        opk: None,
        config: &config,
        as_of: d(2023, 10, 1),
    });
    assert_eq!(e.criteria[0].points, Some(1.0));
    assert_eq!(e.criteria[0].met, Some(false));
    assert_eq!(e.criteria[0].value_ru, "50\u{a0}%");
    assert_eq!(e.criteria[1].value, None);
    assert_eq!(e.criteria[1].value_ru, "нет данных");
    assert_eq!(e.criteria[1].points, None);
    assert_eq!((e.points, e.max_points, e.with_data), (1.0, 4.0, 1));
}
