//! Tests that plant rules whose own modules are being reshaped elsewhere (the ОПК loader, the
//! pipeline), through the real code.

use crate::check::opk::testkit::{load_opk, F2_HEAD, F2_ROW};

#[test]
fn opk_files_and_cells_are_reported_under_their_ids() {
    let f2 = |row: String| format!("{F2_HEAD}{row}");
    let layout = "form2:\n  title: x\n  columns:\n    - {number: 1, heading: ИНН, type: inn, role: inn}\n    - {number: 1, heading: Имя, type: text, role: enterprise}\nform3:\n  title: y\n  columns:\n    - {number: 1, heading: ИНН, type: inn, role: inn}\n    - {number: 2, heading: Имя, type: text, role: enterprise}\n";
    let (_, f) = load_opk(&[("notes.txt", "заметки")], Some(layout));
    assert!(
        f.iter()
            .any(|f| f.rule == "opk.layout" && f.place.file == crate::load::opk::LAYOUT_FILE),
        "{f:#?}"
    );
    assert!(
        f.iter()
            .any(|f| f.rule == "opk.unknown-file" && f.place.file == "data/opk/notes.txt"),
        "{f:#?}"
    );
    let (_, f) = load_opk(
        &[
            (
                "2023-09-01-form2.csv",
                &f2(F2_ROW.replacen(";3;", ";три;", 1)),
            ),
            (
                "2023-09-08-form2.csv",
                &f2(F2_ROW.replace("30.06.2024", "31.06.2024")),
            ),
            (
                "2023-09-15-form2.csv",
                &f2(F2_ROW.replace("Потребность имеется", "Может быть")),
            ),
            ("2023-09-22-form2.csv", &f2(F2_ROW.to_string())),
            ("2023-09-22-FORM2.csv", &f2(F2_ROW.to_string())),
            ("2023-09-23-form2.csv", &f2(F2_ROW.to_string())),
            ("2023-13-01-form2.csv", &f2(F2_ROW.to_string())),
            ("log.yaml", "until: 31.02.2023\nweeks: []\n"),
        ],
        None,
    );
    let got: Vec<(&str, &str, Option<usize>)> = f
        .iter()
        .map(|f| (f.rule, f.place.file.as_str(), f.place.line))
        .collect();
    for want in [
        ("opk.bad-count", "data/opk/2023-09-01-form2.csv", Some(2)),
        ("opk.bad-date", "data/opk/2023-09-08-form2.csv", Some(2)),
        ("opk.bad-choice", "data/opk/2023-09-15-form2.csv", Some(2)),
        ("opk.bad-week", "data/opk/2023-09-23-form2.csv", None),
        ("opk.bad-week", "data/opk/2023-13-01-form2.csv", None),
        ("opk.log", "data/opk/log.yaml", Some(1)),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:#?}");
    }
    // Of two files of one form and week, the second in name order is the extra one.
    let dup: Vec<_> = f
        .iter()
        .filter(|f| f.rule == "opk.duplicate-file")
        .collect();
    assert_eq!(dup.len(), 1, "{f:#?}");
}

#[test]
fn monitoring_without_the_specialty_reference_says_so_once() {
    use crate::check::monitoring::testing::{cohort, d, grad};
    let mut m = cohort(vec![(grad("1"), vec![])]);
    m.specialties = Default::default();
    let config = crate::load::monitoring::tests::config();
    let f = crate::check::monitoring::run(&m, &config, d(2023, 7, 1));
    let none: Vec<_> = f
        .iter()
        .filter(|f| f.rule == "monitoring.no-specialties")
        .collect();
    assert_eq!(none.len(), 1, "{f:#?}");
    assert_eq!(none[0].severity, crate::diag::Severity::Warning);
    assert_eq!(
        none[0].place.file,
        crate::load::monitoring::SPECIALTIES_FILE
    );
}

#[test]
fn a_report_date_taken_from_the_clock_is_a_warning() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("vypusk.yaml"),
        "college: {full_name: a, short_name: b, region: c, director: {name: d}}\ncentre: {head: {name: e}}\nacademic_year: 2023-2024\n",
    )
    .unwrap();
    let Ok((_, f)) = crate::pipeline::load(d.path(), None) else {
        panic!("the project loads");
    };
    assert!(
        f.iter().any(|f| f.rule == "config.as-of"
            && f.place.file == "vypusk.yaml"
            && f.message.contains("часовой пояс Europe/Moscow")),
        "{f:#?}"
    );
    // The college's own zone, when set, is the one "today" is taken in.
    std::fs::write(
        d.path().join("vypusk.yaml"),
        "college: {full_name: a, short_name: b, region: c, director: {name: d}}\ncentre: {head: {name: e}}\nacademic_year: 2023-2024\ntimezone: Asia/Vladivostok\n",
    )
    .unwrap();
    let Ok((_, f)) = crate::pipeline::load(d.path(), None) else {
        panic!("the project loads");
    };
    assert!(
        f.iter().any(
            |f| f.rule == "config.as-of" && f.message.contains("часовой пояс Asia/Vladivostok")
        ),
        "{f:#?}"
    );
    let Ok((_, f)) =
        crate::pipeline::load(d.path(), Some(jiff::civil::Date::constant(2023, 12, 15)))
    else {
        panic!("the project loads");
    };
    assert!(f.iter().all(|f| f.rule != "config.as-of"));
}
