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

/// Rules the example cannot show without an error (they stop `build`), without dating its
/// signed contingent wrongly or without losing its form 2, shown by the fixture.
const ONLY_IN_BROKEN: &[&str] = &[
    "contingent.arithmetic",
    "contingent.signed-date",
    "contingent.spo1-date",
    "contingent.mismatch-signed",
    "contingent.signed-missing",
    "contingent.spo1-missing",
    "monitoring.nosology-missing",
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
        "monitoring.bad-nosology",
        "monitoring.empty-id",
        "monitoring.unknown-id",
        "monitoring.bad-date",
        "monitoring.unknown-channel",
        "monitoring.bad-kind",
        "monitoring.forecast-column-actual",
        "contingent.bad-count",
    ] {
        assert!(LOAD_RULES.iter().any(|r| r.id == id));
        assert!(
            seen.contains(id),
            "fixture does not exercise {id}: {seen:?}"
        );
    }
    // Places are project-relative with `/`.
    assert!(f.iter().all(|f| !f.place.file.starts_with('/')), "{f:#?}");
}

#[test]
fn summary_json_has_no_names() {
    // Determinism is checked by two separate builds in tests/site.rs.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (m, _) = check(root);
    let a = serde_json::to_string(&compute::summary(&m, &config(), as_of())).unwrap();
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

/// Append `time` to every date cell (`DD.MM.YYYY`) of a `;`-separated CSV, byte by byte so the
/// file's encoding (UTF-8 or Windows-1251) is kept; `iso` rewrites the date as `YYYY-MM-DD`.
fn with_time(bytes: &[u8], time: &str, iso: bool) -> Vec<u8> {
    let is_date = |f: &[u8]| {
        f.len() == 10
            && f[2] == b'.'
            && f[5] == b'.'
            && f.iter()
                .enumerate()
                .all(|(i, b)| i == 2 || i == 5 || b.is_ascii_digit())
    };
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        for (j, field) in line.split(|&b| b == b';').enumerate() {
            if j > 0 {
                out.push(b';');
            }
            if is_date(field) {
                if iso {
                    out.extend_from_slice(&field[6..10]);
                    out.push(b'-');
                    out.extend_from_slice(&field[3..5]);
                    out.push(b'-');
                    out.extend_from_slice(&field[0..2]);
                } else {
                    out.extend_from_slice(field);
                }
                out.extend_from_slice(time.as_bytes());
            } else {
                out.extend_from_slice(field);
            }
        }
    }
    out
}

#[test]
fn dates_with_a_zero_time_part_give_the_same_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_, plain) = check(root);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for sub in ["monitoring", "reference"] {
        std::fs::create_dir_all(data.join(sub)).unwrap();
        for e in std::fs::read_dir(root.join("data").join(sub)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, data.join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
    let mon = data.join("monitoring");
    let mut rewritten = 0;
    for (file, time, iso) in [
        ("tracks-2022.csv", " 0:00", false),
        ("tracks-2023.csv", "T00:00:00", true),
    ] {
        let before = std::fs::read(mon.join(file)).unwrap();
        let after = with_time(&before, time, iso);
        rewritten += after.len() - before.len();
        std::fs::write(mon.join(file), after).unwrap();
    }
    assert!(rewritten > 1000, "no dates were rewritten");
    for y in ["2022", "2023"] {
        let p = mon.join(format!("contingent-{y}.yaml"));
        let text = std::fs::read_to_string(&p).unwrap();
        let text: String = text
            .lines()
            .map(|l| match l.trim_start().strip_prefix("date: ") {
                Some(_) => format!("{l} 00:00:00\n"),
                None => format!("{l}\n"),
            })
            .collect();
        assert!(text.contains(" 00:00:00"));
        std::fs::write(&p, text).unwrap();
    }
    let (_, timed) = check(dir.path());
    let key = |f: &vypusk::diag::Finding| (f.rule, f.severity, f.message.clone(), f.place.clone());
    let a: Vec<_> = plain.iter().map(key).collect();
    let b: Vec<_> = timed.iter().map(key).collect();
    assert!(!a.is_empty());
    if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
        panic!("first difference: {:?} vs {:?}", a.get(i), b.get(i));
    }
}

/// A graduate whose every track row was rejected is told how many rows and where, not «нет ни
/// одной записи трека» (2023-013 has no track in the example).
#[test]
fn every_row_rejected_says_where() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for sub in ["monitoring", "reference"] {
        std::fs::create_dir_all(data.join(sub)).unwrap();
        for e in std::fs::read_dir(root.join("data").join(sub)).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, data.join(sub).join(p.file_name().unwrap())).unwrap();
        }
    }
    let tracks = data.join("monitoring/tracks-2023.csv");
    let mut bytes = std::fs::read(&tracks).unwrap();
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    bytes.extend_from_slice(
        "2023-013;31.02.2023;факт;Трудоустроен;;;;;\r\n2023-013;01.09.2023;факт;Работает где-то;;;;;\r\n"
            .as_bytes(),
    );
    std::fs::write(&tracks, bytes).unwrap();
    let (_, f) = check(dir.path());
    let mine: Vec<_> = f
        .iter()
        .filter(|f| f.graduate.as_deref() == Some("2023-013"))
        .collect();
    let no_track: Vec<_> = mine
        .iter()
        .filter(|f| f.rule == "monitoring.no-track")
        .collect();
    assert_eq!(no_track.len(), 1, "{mine:#?}");
    let msg = &no_track[0].message;
    assert!(!msg.contains("нет ни одной записи"), "{msg}");
    let where_ = format!(
        "строки {} и {} файла data/monitoring/tracks-2023.csv",
        lines + 1,
        lines + 2
    );
    assert!(
        msg.starts_with("2 записи карьерного трека выпускника отклонены"),
        "{msg}"
    );
    assert!(msg.contains(&where_), "{msg}");
    assert!(
        mine.iter()
            .all(|f| !f.message.contains("нет ни одной записи")),
        "{mine:#?}"
    );
}
