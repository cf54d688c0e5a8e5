//! Hostile and unusual input: unsafe links from settings, messages that name the problem.

mod common;
use common::*;

#[test]
fn a_javascript_site_url_is_refused_like_in_markdown() {
    let d = built_example();
    let output = tree(&d.path().join("output"));
    let cfg = d.path().join("vypusk.yaml");
    let text = read(&cfg).replace(
        "site_url: \"https://ppk-samara.example\"",
        "site_url: \"javascript:alert(document.cookie)\"",
    );
    std::fs::write(&cfg, text).unwrap();
    let out = run("build", d.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("vypusk.yaml:8"), "{err}");
    assert!(
        err.contains("[config.unsafe-url]") && err.contains("«javascript:»"),
        "{err}"
    );
    assert_eq!(tree(&d.path().join("output")), output);
}

#[test]
fn a_utf16_csv_is_read_like_utf8() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let before = stderr(&run("check", d.path()));
    let f = d.path().join("data/monitoring/graduates-2023.csv");
    let text = read(&f);
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        text.trim_start_matches('\u{feff}')
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    std::fs::write(&f, bytes).unwrap();
    let out = run("check", d.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), before);
}

#[test]
fn a_workbook_named_csv_is_named_as_a_workbook() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "ID").unwrap();
    let f = d.path().join("data/monitoring/graduates-2023.csv");
    std::fs::write(&f, wb.save_to_buffer().unwrap()).unwrap();
    let out = run("check", d.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("это книга Excel (.xlsx)") && err.contains("переименуйте файл"),
        "{err}"
    );
    assert!(!err.contains("PK"), "{err}");
    assert!(
        err.matches("[table.").count() <= 2,
        "no follow-on warnings\n{err}"
    );
}

#[test]
fn a_missing_nested_key_is_named_with_its_path() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let cfg = d.path().join("vypusk.yaml");
    std::fs::write(
        &cfg,
        read(&cfg).replacen("  short_name:", "  #short_name:", 1),
    )
    .unwrap();
    let out = run("check", d.path());
    let err = stderr(&out);
    assert!(
        err.contains("[yaml.missing-key]") && err.contains("«college.short_name»"),
        "{err}"
    );
    assert!(!err.contains("missing field"), "{err}");
}

#[test]
fn track_dates_of_1900_or_2030_are_warnings() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let tracks = d.path().join("data/monitoring/tracks-2023.csv");
    let mut text = read(&tracks);
    text.push_str(
        "2023-002;01.01.1900;факт;Трудоустроен;;;;;\n2023-002;01.01.2030;факт;Трудоустроен;;;;;\n",
    );
    std::fs::write(&tracks, text).unwrap();
    let out = run("check", d.path());
    let err = stderr(&out);
    let flagged = err
        .lines()
        .filter(|l| {
            l.starts_with("data/monitoring/tracks-2023.csv")
                && l.contains("[track.date-out-of-range]")
        })
        .count();
    assert_eq!(flagged, 2, "{err}");
    assert!(
        err.contains("01.01.1900") && err.contains("01.01.2030"),
        "{err}"
    );
}

#[test]
fn a_damaged_workbook_is_explained_in_russian() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let dir = d.path().join("data/monitoring");
    std::fs::remove_file(dir.join("graduates-2023.csv")).unwrap();
    // A zip that ends midway: calamine says «Zip error … EOCD» in English.
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "ID").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    std::fs::write(dir.join("graduates-2023.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
    let out = run("check", d.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("data/monitoring/graduates-2023.xlsx"), "{err}");
    assert!(
        err.contains("Не удалось открыть книгу Excel") && err.contains("сохраните заново"),
        "{err}"
    );
}
