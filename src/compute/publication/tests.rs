use super::*;
use crate::compute::status::tests::{entry, grad};
use crate::model::graduate::Graduate;
use crate::model::specialty::Specialties;
use crate::model::track::CareerTrack;

fn d(y: i16, m: i8, day: i8) -> Date {
    Date::new(y, m, day).unwrap()
}

fn graduate(id: &str, code: &str) -> Graduate {
    Graduate {
        specialty_code: code.into(),
        specialty_name: format!("Специальность {code}").into(),
        ..grad(id)
    }
}

/// A cohort of 2023 with `spec` = [(specialty code, [(channel, how many)])], all actual
/// entries of 01.08.2023.
fn cohort(spec: &[(&str, &[(Channel, usize)])]) -> Monitoring {
    let mut c = Cohort {
        year: 2023,
        ..Cohort::default()
    };
    let mut n = 0;
    for (code, channels) in spec {
        for (ch, k) in channels.iter() {
            for _ in 0..*k {
                n += 1;
                c.graduates.push(graduate(&format!("{n}"), code));
                c.tracks.push(CareerTrack::from(vec![entry(
                    d(2023, 8, 1),
                    EntryKind::Actual,
                    *ch,
                )]));
            }
        }
    }
    Monitoring {
        cohorts: vec![c],
        specialties: Specialties::default(),
    }
}

fn publish(m: &Monitoring, as_of: Date) -> Publication {
    publication(
        &m.cohorts[0],
        m,
        &crate::load::monitoring::tests::config(),
        as_of,
    )
}

/// Every shown non-zero count is at least `min_group`, and the audit finds nothing.
fn assert_safe(p: &Publication) {
    for c in p.cells.iter().filter(|c| c.shown && p.published) {
        assert!(
            c.value == 0 || c.value >= p.min_group,
            "{} / {} = {} is shown",
            c.row,
            c.col,
            c.value
        );
    }
    assert_eq!(audit(p), Vec::new());
}

#[test]
fn the_audit_catches_a_leaky_table() {
    // Total 10 = 7 + 2 + 1 with only the 1 hidden: 10 − 7 − 2 gives it away.
    let mut p = Publication {
        year: 2023,
        as_of: d(2023, 12, 1),
        min_group: 3,
        published: true,
        tables: vec![Table {
            key: "t".into(),
            title: "Таблица".into(),
        }],
        cells: Vec::new(),
        relations: Vec::new(),
        total: 0,
        now: Vec::new(),
        months: Vec::new(),
        forecast: Vec::new(),
        actual: Vec::new(),
        specialties: Vec::new(),
        ovz: None,
    };
    p.total = p.cell(0, "Всего", "", 10);
    let a = p.cell(0, "А", "", 7);
    let b = p.cell(0, "Б", "", 2);
    let c = p.cell(0, "В", "", 1);
    p.sum_is(&[a, b, c], &[p.total], RelKind::Eq);
    p.cells[c].shown = false;
    let leaks = audit(&p);
    assert_eq!(leaks.len(), 1);
    assert_eq!(leaks[0].row, "В");
    assert_eq!((leaks[0].lo.round(), leaks[0].hi.round()), (1.0, 1.0));
    // Hiding 2 as well leaves 1 + 2 = 3: each of them is 0…3, four values.
    p.cells[b].shown = false;
    assert_eq!(audit(&p), Vec::new());
    assert_eq!(audit::interval(&p, c), (0.0, 3.0));
    // An inequality counts too: «of them» (В ≤ Б) with Б shown as 2 bounds В by 2.
    p.cells[b].shown = true;
    p.relations.push(Relation {
        terms: vec![(c, 1), (b, -1)],
        kind: RelKind::Le,
    });
    p.relations.remove(0);
    let (lo, hi) = audit::interval(&p, c);
    assert_eq!((lo, hi), (0.0, 2.0));
    assert!(audit(&p).is_empty(), "0…2 admits three values");
}

#[test]
fn a_single_graduate_in_a_channel_is_hidden_with_a_partner() {
    // One on parental leave: hidden, and so is enough else that 146 − shown says nothing.
    let m = cohort(&[(
        "15.02.08",
        &[
            (Channel::Employed, 95),
            (Channel::SelfEmployed, 6),
            (Channel::ContinuedEducation, 24),
            (Channel::Conscription, 11),
            (Channel::ParentalLeave, 1),
            (Channel::Risk, 9),
        ],
    )]);
    let p = publish(&m, d(2023, 12, 1));
    assert!(p.published);
    let leave = p.now[ChannelGroup::ParentalLeave.index()];
    assert_eq!(p.get(leave), Shown::Hidden);
    assert!(
        p.now.iter().filter(|c| p.get(**c) == Shown::Hidden).count() >= 2,
        "a partner cell is hidden too"
    );
    assert_safe(&p);
}

#[test]
fn a_specialty_of_two_is_hidden_across_both_columns_and_the_channel_table() {
    // The case: a specialty of 2 could be read as 146 − 144, and its employed count
    // as employed − Σ shown.
    let m = cohort(&[
        (
            "09.02.07",
            &[(Channel::Employed, 40), (Channel::SelfEmployed, 6)],
        ),
        (
            "15.02.08",
            &[(Channel::Employed, 50), (Channel::Conscription, 10)],
        ),
        ("23.02.07", &[(Channel::Employed, 2)]),
    ]);
    let p = publish(&m, d(2023, 12, 1));
    let small = p.specialties.iter().find(|s| s.code == "23.02.07").unwrap();
    assert_eq!(p.get(small.graduates), Shown::Hidden);
    assert_eq!(p.get(small.employed), Shown::Hidden);
    assert_safe(&p);
    // Not derivable from the other specialties.
    let (lo, hi) = audit::interval(&p, small.graduates);
    assert!(hi - lo >= 2.0, "{lo}..{hi}");
}

#[test]
fn including_column_next_to_the_channel_table_is_a_difference() {
    // «Трудоустроены, включая ИП» per specialty sums to employed + ИП: hiding ИП (2) alone in
    // the channel table would not do.
    let m = cohort(&[
        (
            "09.02.07",
            &[(Channel::Employed, 40), (Channel::SelfEmployed, 2)],
        ),
        (
            "15.02.08",
            &[(Channel::Employed, 50), (Channel::Conscription, 10)],
        ),
    ]);
    let p = publish(&m, d(2023, 12, 1));
    let ip = p.now[ChannelGroup::SelfEmployed.index()];
    assert_eq!(p.get(ip), Shown::Hidden);
    assert_safe(&p);
}

#[test]
fn one_graduate_changing_status_in_a_month_stays_hidden() {
    // 30 employed from August; one of them moves to the army on 15.10: in the series the army
    // is 0 then 1 — the 1 must not be shown nor recoverable from that month's total.
    let mut m = cohort(&[("15.02.08", &[(Channel::Employed, 30)])]);
    m.cohorts[0].tracks[0].entries_mut().push(entry(
        d(2023, 10, 15),
        EntryKind::Actual,
        Channel::Conscription,
    ));
    let p = publish(&m, d(2023, 12, 1));
    let army = ChannelGroup::Army.index();
    let (_, nov) = p
        .months
        .iter()
        .find(|(d0, _)| *d0 == d(2023, 11, 1))
        .unwrap();
    assert_eq!(p.get(nov[army]), Shown::Hidden);
    let (_, oct) = p
        .months
        .iter()
        .find(|(d0, _)| *d0 == d(2023, 10, 1))
        .unwrap();
    assert_eq!(
        p.get(oct[army]),
        Shown::Value(0),
        "a real zero stays a zero"
    );
    assert_safe(&p);
}

#[test]
fn a_cohort_smaller_than_the_threshold_is_not_published() {
    let m = cohort(&[("15.02.08", &[(Channel::Employed, 2)])]);
    let p = publish(&m, d(2023, 12, 1));
    assert!(!p.published);
    assert!(p
        .cells
        .iter()
        .enumerate()
        .all(|(i, _)| p.get(i) == Shown::Hidden));
    assert!(audit(&p).is_empty());
}

#[test]
fn risk_is_the_risk_group_and_forecasts_are_not_facts() {
    // 5 with a forecast only (before 01.11: no actual data, not at risk), 4 entered as risk,
    // 10 employed.
    let mut m = cohort(&[("15.02.08", &[(Channel::Employed, 10), (Channel::Risk, 4)])]);
    for i in 0..5 {
        let c = &mut m.cohorts[0];
        c.graduates.push(graduate(&format!("f{i}"), "15.02.08"));
        c.tracks.push(CareerTrack::from(vec![entry(
            d(2023, 6, 1),
            EntryKind::Forecast,
            Channel::Employed,
        )]));
    }
    let as_of = d(2023, 10, 1);
    let p = publish(&m, as_of);
    let at = |g: ChannelGroup| p.get(p.now[g.index()]);
    assert_eq!(at(ChannelGroup::Risk), Shown::Value(4));
    assert_eq!(at(ChannelGroup::NoActualData), Shown::Value(5));
    assert_eq!(at(ChannelGroup::Employed), Shown::Value(10));
    let risk = crate::compute::risk_group(
        &m.cohorts[0],
        as_of,
        &m.specialties,
        &crate::load::monitoring::tests::config().rules,
    );
    assert_eq!(
        risk.len(),
        4,
        "the public figure is the risk report's count"
    );
    assert_eq!(
        p.get(p.forecast[0]),
        Shown::Value(5),
        "forecast «будут трудоустроены»"
    );
}

#[test]
fn the_example_cohorts_pass_the_audit() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (project, _) = crate::pipeline::load(root, None).unwrap();
    let project = project.unwrap();
    let ps = publications(&project.monitoring, &project.config, project.as_of);
    assert!(!ps.is_empty());
    for p in &ps {
        assert!(p.published);
        assert_safe(p);
    }
}

#[test]
fn ovz_cells_count_graduates_with_ovz_and_never_hide_more_of_the_page() {
    let mut m = cohort(&[(
        "09.02.07",
        &[(Channel::Employed, 12), (Channel::ContinuedEducation, 6)],
    )]);
    // One employed and three in education have ОВЗ: 4 shown, the 1 employed hidden.
    for i in [0, 12, 13, 14] {
        m.cohorts[0].graduates[i].ovz = true;
    }
    let before = {
        let mut plain = m.clone();
        plain.cohorts[0]
            .graduates
            .iter_mut()
            .for_each(|g| g.ovz = false);
        publish(&plain, d(2023, 12, 1))
    };
    let p = publish(&m, d(2023, 12, 1));
    let o = p.ovz.unwrap();
    assert_eq!(p.get(o.graduates), Shown::Value(4));
    assert_eq!(p.get(o.employed), Shown::Hidden);
    assert_eq!(p.cells[o.employed].value, 1);
    assert_safe(&p);
    // The page's own cells are shown exactly as without anyone with ОВЗ, and the page's
    // «some numbers are hidden» note does not count the regional table.
    let page = |p: &Publication| -> Vec<Shown> {
        (0..p.cells.len())
            .filter(|&c| p.tables[p.cells[c].table].key != OVZ_TABLE)
            .map(|c| p.get(c))
            .collect()
    };
    assert_eq!(page(&p), page(&before));
    assert_eq!(p.any_hidden(), before.any_hidden());
    assert!(!p.any_hidden());
}
