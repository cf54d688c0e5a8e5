//! The public section never names a graduate and never shows a figure it hides: every phrasing
//! and file kind that was published before is planted in a copy of the example, and `check`
//! must exit 1 while `build` stops with `output/` untouched.

mod common;
use common::*;
use std::io::Write;
use std::path::Path;

/// A graduate of the example (graduates-2022.csv, 2022-086: Зайцев Денис Юрьевич) in the forms the issue lists.
const PHRASINGS: &[&str] = &[
    "Денис Зайцев",
    "Зайцев Денис",
    "Денис Юрьевич Зайцев",
    "Зайцеву Денису Юрьевичу",
    "Дениса Зайцева",
    "Зайцев Д. Ю.",
    "Д. Ю. Зайцев",
    "Зайцев Д.",
    "ЗАЙЦЕВ ДЕНИС",
    "Зай\u{00AD}цев Денис",
    "Зайцев Де\u{200B}нис",
    "**Зайцев** Денис",
    "Денису Юрьевичу",
];

fn example_has_the_graduate(d: &Path) {
    let bytes = std::fs::read(d.join("data/monitoring/graduates-2022.csv")).unwrap();
    let (text, _, _) = encoding_rs::WINDOWS_1251.decode(&bytes);
    assert!(
        text.contains("2022-086;Зайцев Денис Юрьевич"),
        "the fixture's graduate is in the example"
    );
}

/// A built copy of the example, and the bytes of its output.
fn built() -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let d = built_example();
    let before = tree(&d.path().join("output"));
    (d, before)
}

/// `check` exits 1 with `rule`, `build` exits 1 and leaves `output/` as it was.
fn refused(d: &Path, before: &std::collections::BTreeMap<String, Vec<u8>>, rule: &str) -> String {
    let check = run("check", d);
    let text = stderr(&check) + &String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "check: {text}");
    assert!(text.contains(rule), "check names {rule}: {text}");
    let build = run("build", d);
    assert_eq!(build.status.code(), Some(1), "build: {}", stderr(&build));
    assert_eq!(&tree(&d.join("output")), before, "output/ untouched");
    text
}

#[test]
fn every_phrasing_of_a_name_is_refused_with_its_source_line() {
    let (d, before) = built();
    example_has_the_graduate(d.path());
    let page = d.path().join("content/events.md");
    let original = read(&page);
    for phrase in PHRASINGS {
        std::fs::write(
            &page,
            format!("{original}\n\nПобедитель конкурса — {phrase}.\n"),
        )
        .unwrap();
        let text = refused(d.path(), &before, "privacy.personal-data");
        let line = original.lines().count() + 3;
        assert!(
            text.contains(&format!("content/events.md:{line}")),
            "{phrase}: the finding names the source line {line}: {text}"
        );
        // «Зайцев Д.» fits Зайцева Дарья (2023-002) as well.
        assert!(
            text.contains("2022-086") || text.contains("2023-002"),
            "{phrase}: the graduate's ID"
        );
        assert!(
            !text.contains("Зайцев Денис") && !text.contains("Денис Юрьевич"),
            "{phrase}: never the full name: {text}"
        );
    }
}

fn cp1251(s: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1251.encode(s).0.into_owned()
}

fn docx(text: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("[Content_Types].xml", opts).unwrap();
        z.write_all(b"<Types/>").unwrap();
        z.start_file("word/document.xml", opts).unwrap();
        // Word splits words across runs.
        let (a, b) = text.split_at(text.char_indices().nth(4).unwrap().0);
        write!(
            z,
            "<w:document><w:body><w:p><w:r><w:t>{a}</w:t></w:r><w:r><w:t>{b}</w:t></w:r></w:p></w:body></w:document>"
        )
        .unwrap();
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn xlsx(cells: &[&str]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, c) in cells.iter().enumerate() {
        ws.write_string(1, i as u16, *c).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn every_file_kind_in_content_is_read() {
    let (d, before) = built();
    let graduates = std::fs::read(d.path().join("data/monitoring/graduates-2022.csv")).unwrap();
    let name = "Зайцев Денис Юрьевич";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(name.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let kinds: Vec<(&str, Vec<u8>)> = vec![
        ("docs/graduates.CSV", graduates),
        (
            "docs/list.csv",
            cp1251(&format!("ID;ФИО\n2022-086;{name}\n")),
        ),
        ("docs/note.txt", utf16),
        ("docs/page.HTML", format!("<p>{name}</p>").into_bytes()),
        (
            "docs/data.json",
            format!("{{\"who\": \"{name}\"}}").into_bytes(),
        ),
        ("docs/list.xlsx", xlsx(&["Зайцев", "Денис", "Юрьевич"])),
        ("docs/letter.docx", docx(name)),
    ];
    for (file, bytes) in kinds {
        let path = d.path().join("content").join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        let text = refused(d.path(), &before, "privacy.personal-data");
        assert!(text.contains(&format!("content/{file}")), "{file}: {text}");
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn an_unreadable_file_is_published_only_when_checked() {
    let (d, before) = built();
    let pdf = d.path().join("content/docs/polozhenie.pdf");
    std::fs::create_dir_all(pdf.parent().unwrap()).unwrap();
    std::fs::write(&pdf, b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n").unwrap();
    let text = refused(d.path(), &before, "privacy.unchecked-file");
    assert!(text.contains("checked_files"), "says what to do: {text}");
    let config = d.path().join("vypusk.yaml");
    let yaml = read(&config).replace(
        "privacy:",
        "privacy:\n  checked_files: [content/docs/polozhenie.pdf]",
    );
    assert!(
        yaml.contains("checked_files"),
        "the example has a privacy: section"
    );
    std::fs::write(&config, yaml).unwrap();
    let build = run("build", d.path());
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(d.path().join("output/site/docs/polozhenie.pdf").is_file());
}

#[test]
fn min_group_below_three_is_refused() {
    let (d, before) = built();
    let config = d.path().join("vypusk.yaml");
    let yaml = read(&config);
    let changed = yaml.replace("min_group: 3", "min_group: 0");
    assert_ne!(yaml, changed, "the example sets min_group");
    std::fs::write(&config, changed).unwrap();
    refused(d.path(), &before, "config.min-group");
}

/// On the example's monitoring page, no figure the channel table hides is printed anywhere
/// else: every chart's data table says «скрыто» there too, and the risk figure is the risk
/// report's count.
#[test]
fn the_example_page_keeps_hidden_figures_hidden() {
    let d = built_example();
    let page = read(d.path().join("output/site/monitoring.html"));
    assert!(page.contains(">скрыто<"), "the example hides something");
    assert!(page.contains("class=\"hidden-value\""), "charts mark it");
    for year in [2022, 2023] {
        let section = page
            .split(&format!("id=\"cohort-{year}\""))
            .nth(1)
            .unwrap()
            .split("<section")
            .next()
            .unwrap();
        let risk_row = section
            .split("<th scope=\"row\">Риск нетрудоустройства</th><td class=\"num\">")
            .nth(1)
            .unwrap();
        let shown = &risk_row[..risk_row.find('<').unwrap()];
        let report = read(d.path().join(format!("output/reports/risk-{year}.html")));
        let members = report.matches("<tr data-id=").count();
        if shown != "скрыто" && members > 0 {
            assert_eq!(shown, members.to_string(), "{year}: one definition of risk");
        }
    }
}

/// A name that reaches a page through data (here a vacancy's address, shown on the vacancies
/// page) is reported at the data file and line.
#[test]
fn a_name_from_data_is_reported_at_its_data_line() {
    let (d, before) = built();
    let file = d.path().join("data/vacancies/vacancies.csv");
    let csv = read(&file);
    let changed = csv.replacen(
        "443004, г. Самара, ул. Грозненская, д. 25",
        "443004, г. Самара, ул. Грозненская, д. 25, наставник Зайцев Денис",
        1,
    );
    assert_ne!(csv, changed, "the example's first vacancy has that address");
    std::fs::write(&file, changed).unwrap();
    let text = refused(d.path(), &before, "privacy.personal-data");
    assert!(
        text.contains("data/vacancies/vacancies.csv:2"),
        "names the data line: {text}"
    );
}
