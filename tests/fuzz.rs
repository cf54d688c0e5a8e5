//! Property tests over hostile input: whatever the bytes, loading and checking give findings,
//! never a panic. Each property runs a few thousand cases (a few hundred where one case loads
//! a whole project), so the whole file stays within CI's time; `fuzz/` holds `cargo fuzz`
//! targets for longer runs.
//!
//! Inputs are the example's own files with random edits (cut, insert, overwrite), which
//! reach much deeper into the parsers than random bytes alone, plus random bytes.

mod common;
use common::*;
use proptest::prelude::*;
use std::path::Path;
use vypusk::pipeline;

/// One random edit: at a fraction of the length, remove `cut` bytes and insert `text`.
fn edits() -> impl Strategy<Value = Vec<(f64, usize, Vec<u8>)>> {
    let token = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..8),
        prop::sample::select(vec![
            b"\"".to_vec(),
            b"'".to_vec(),
            b";".to_vec(),
            b"\n".to_vec(),
            b"\r\n".to_vec(),
            b":".to_vec(),
            b"- ".to_vec(),
            b"  ".to_vec(),
            b"\t".to_vec(),
            b"---\n".to_vec(),
            b"{".to_vec(),
            b"[".to_vec(),
            b"*a".to_vec(),
            b"&a ".to_vec(),
            b"31.02.2023".to_vec(),
            b"01.01.1900".to_vec(),
            b"99999999999999999999".to_vec(),
            b"-1".to_vec(),
            b"\xEF\xBB\xBF".to_vec(),
            b"\xFF\xFE".to_vec(),
            b"\xD0".to_vec(),
            "Призыв в ВС РФ".as_bytes().to_vec(),
            "факт".as_bytes().to_vec(),
            "ЦЗН".as_bytes().to_vec(),
        ]),
    ];
    proptest::collection::vec((0.0..1.0f64, 0usize..40, token), 0..6)
}

fn apply(base: &[u8], edits: &[(f64, usize, Vec<u8>)]) -> Vec<u8> {
    let mut out = base.to_vec();
    for (at, cut, text) in edits {
        let i = ((out.len() as f64) * at) as usize;
        let end = (i + cut).min(out.len());
        out.splice(i..end, text.iter().copied());
    }
    out
}

/// A project with the example's data and settings, no pages (pages have their own tests).
fn data_project() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let src = example_root();
    for sub in ["data/monitoring", "data/reference"] {
        std::fs::create_dir_all(d.path().join(sub)).unwrap();
        for e in std::fs::read_dir(src.join(sub)).unwrap().flatten() {
            std::fs::copy(e.path(), d.path().join(sub).join(e.file_name())).unwrap();
        }
    }
    std::fs::copy(src.join("vypusk.yaml"), d.path().join("vypusk.yaml")).unwrap();
    d
}

/// Load the project and run the monitoring rules: findings or nothing, never a panic.
fn load_and_check(root: &Path) {
    if let Ok((Some(p), _)) = pipeline::load(root, None) {
        let _ = vypusk::check::monitoring::run(&p.monitoring, &p.config, p.as_of);
        let _ = vypusk::compute::summary(&p.monitoring, &p.config, p.as_of);
    }
}

/// A small valid workbook, made once (writing one is the slow part of a case).
fn workbook() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (c, h) in ["ID", "Дата", "Вид", "Канал"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_string(1, 0, "2023-001").unwrap();
        ws.write_number(1, 1, 45000.0).unwrap();
        wb.save_to_buffer().unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn markdown_never_panics(
        body in "[#*_`\\[\\]()!<>|:{}=.\\-\\\\ \na-zа-я0-9]{0,300}",
        raw_html in any::<bool>(),
    ) {
        let r = vypusk::render::markdown::render(
            &body,
            &vypusk::render::markdown::MarkdownOptions { dir: "a/b", line_offset: 3, raw_html },
        );
        // Ids are unique on the page, whatever the headings.
        let mut ids = r.anchors.clone();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), r.anchors.len());
    }

    #[test]
    fn csv_tables_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300), e in edits()) {
        let spec = vypusk::load::monitoring::TRACK_COLUMNS;
        let base = std::fs::read(example_root().join("data/monitoring/tracks-2023.csv")).unwrap();
        for input in [bytes.clone(), apply(&base[..base.len().min(2000)], &e)] {
            let _ = vypusk::load::table::read_csv_bytes(
                &input,
                "data/monitoring/tracks-2023.csv",
                spec,
                &|r: &vypusk::load::table::Row, _: &str, _: &mut vypusk::load::table::Chunk| {
                    Some((0..spec.len()).map(|c| r.get(c).len()).sum::<usize>())
                },
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_never_panics(
        fm in "(title: [^\n]{0,20}\n|updated: [0-9.]{0,12}\n|part: [a-z]{0,6}\n|draft: [a-z]{0,5}\n|raw_html: [a-z]{0,5}\n|template: [a-z./]{0,12}\n|[^\n]{0,15}\n){0,6}",
        close in prop::sample::select(vec!["---\n", "---\r\n", "--\n", "", "---"]),
        body in "[^\u{0}]{0,80}",
    ) {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("content")).unwrap();
        std::fs::write(d.path().join("content/a.md"), format!("---\n{fm}{close}{body}")).unwrap();
        let _ = vypusk::load::content::load_page(d.path(), "a.md");
    }

    #[test]
    fn effectiveness_files_never_panic(e in edits(), which in 0usize..5) {
        let files = [
            "data/reference/effectiveness.yaml",
            "data/reference/checklist.yaml",
            "data/events/fairs-2023.yaml",
            "data/ovz/measures-2023.csv",
            "data/ovz/abilympics-2023.csv",
        ];
        let base = std::fs::read(example_root().join(files[which])).unwrap();
        let bytes = apply(&base, &e);
        let text = String::from_utf8_lossy(&bytes);
        match which {
            0 => {
                let mut fs = Vec::new();
                let _ = vypusk::load::effectiveness::parse_criteria(&text, files[0], &mut fs);
            }
            1 => {
                let _ = vypusk::load::effectiveness::parse_checklist(&text, files[1]);
            }
            2 => {
                let _ = vypusk::load::ovz::parse_fairs(&text, files[2], 2023);
            }
            _ => {
                let d = tempfile::tempdir().unwrap();
                let p = d.path().join(files[which]);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, &bytes).unwrap();
                let mut fs = Vec::new();
                let _ = vypusk::load::ovz::load(d.path(), &mut fs);
            }
        }
    }

    #[test]
    fn xlsx_bytes_never_panic(
        flips in proptest::collection::vec((0.0..1.0f64, any::<u8>()), 0..6),
        cut in 0.0..1.0f64,
        truncate in any::<bool>(),
    ) {
        let mut bytes = workbook().to_vec();
        for (at, b) in flips {
            let i = ((bytes.len() as f64) * at) as usize;
            if i < bytes.len() {
                bytes[i] = b;
            }
        }
        if truncate {
            bytes.truncate(((bytes.len() as f64) * cut) as usize);
        }
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("t.xlsx");
        std::fs::write(&p, &bytes).unwrap();
        let _ = vypusk::load::table::read_sheet(&p, None);
        let _ = vypusk::load::table::read_sheet(&p, Some("Лист1"));
    }
}

proptest! {
    // Each case loads a whole project: fewer cases, still well over a few hundred.
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn vypusk_yaml_never_panics(e in edits()) {
        let d = data_project();
        let base = std::fs::read(example_root().join("vypusk.yaml")).unwrap();
        std::fs::write(d.path().join("vypusk.yaml"), apply(&base, &e)).unwrap();
        load_and_check(d.path());
    }

    #[test]
    fn monitoring_files_never_panic(e in edits(), which in 0usize..3) {
        let d = data_project();
        let file = ["data/monitoring/tracks-2023.csv", "data/monitoring/graduates-2023.csv", "data/monitoring/contingent-2023.yaml"][which];
        let base = std::fs::read(d.path().join(file)).unwrap();
        std::fs::write(d.path().join(file), apply(&base, &e)).unwrap();
        load_and_check(d.path());
    }
}
