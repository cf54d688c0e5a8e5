//! Ministry workbooks benchmark (not a test): writes a region's folder of form 1 workbooks
//! (100 colleges × 30 specialties, generated figures) with the exporter, then times the
//! incoming check of the whole folder, and the export of one region-size form 1.
//! Run: `cargo bench --bench workbooks`.

use std::time::Instant;
use vypusk::compute::{Form1, Form1Block, Form1Row};
use vypusk::model::form::Form1Columns;

const COLLEGES: usize = 100;
const SPECIALTIES: usize = 30;

/// A consistent block: гр.05 = Σ гр.06–27 in every row, rows 02–05 within row 01.
fn block(i: usize) -> Form1Block {
    let rows = (0..5)
        .map(|r| {
            let mut v = vec![0u32; 23];
            let n = if r == 0 {
                20 + (i % 7) as u32
            } else {
                (5 - r) as u32
            };
            v[1] = n / 2;
            v[4] = n - n / 2;
            v[0] = n;
            Form1Row {
                row: format!("{:02}", r + 1),
                label: format!("стр.{:02}", r + 1),
                values: v,
            }
        })
        .collect();
    Form1Block {
        code: format!("{:02}.02.{:02}", 10 + i / 90, i % 90 + 1),
        name: format!("Специальность {i}"),
        rows,
    }
}

fn form(specialties: usize) -> Form1 {
    Form1 {
        year: 2023,
        as_of: jiff::civil::Date::constant(2023, 12, 15),
        columns: (5..=27).collect(),
        blocks: (0..specialties).map(block).collect(),
    }
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inc = dir.path().join(vypusk::check::incoming::INCOMING_DIR);
    std::fs::create_dir_all(&inc).expect("incoming dir");
    let columns = Form1Columns::default();
    let f = form(SPECIALTIES);
    let t = Instant::now();
    let bytes = vypusk::render::workbook::form1_workbook(&f, &columns, "Самарская область")
        .expect("workbook");
    let one = t.elapsed();
    for c in 0..COLLEGES {
        // Each college's workbook differs (the same bytes twice would be one college twice).
        let region = format!("Самарская область, ПОО {c}");
        let own = vypusk::render::workbook::form1_workbook(&f, &columns, &region).expect("book");
        std::fs::write(inc.join(format!("pk{c:03}.xlsx")), own).expect("write");
    }
    let t = Instant::now();
    let findings = vypusk::check::incoming::check_dir(dir.path());
    let check = t.elapsed();
    assert!(findings.is_empty(), "{findings:#?}");
    let big = form(600);
    let t = Instant::now();
    let big_bytes =
        vypusk::render::workbook::form1_workbook(&big, &columns, "Самарская область").expect("big");
    let export = t.elapsed();
    println!(
        "export, {SPECIALTIES} specialties: {:.1} ms ({} KB)",
        one.as_secs_f64() * 1e3,
        bytes.len() / 1024
    );
    println!(
        "incoming check, {COLLEGES} workbooks × {SPECIALTIES} specialties: {:.0} ms ({:.1} ms per workbook)",
        check.as_secs_f64() * 1e3,
        check.as_secs_f64() * 1e3 / COLLEGES as f64
    );
    println!(
        "export, 600 specialties (3 000 rows): {:.0} ms ({} KB)",
        export.as_secs_f64() * 1e3,
        big_bytes.len() / 1024
    );
}
