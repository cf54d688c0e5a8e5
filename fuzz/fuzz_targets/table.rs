//! The table reader over any bytes: as CSV (UTF-8, cp1251, UTF-16, a workbook under a wrong
//! name) and as an xlsx workbook. Findings are fine; a panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vypusk::load::monitoring::{GRADUATE_COLUMNS, TRACK_COLUMNS};
use vypusk::load::table::{read_csv_bytes, read_sheet, Chunk, Row};

fuzz_target!(|data: &[u8]| {
    for spec in [TRACK_COLUMNS, GRADUATE_COLUMNS] {
        let _ = read_csv_bytes(data, "data/monitoring/x.csv", spec, &|r: &Row, _: &str, _: &mut Chunk| {
            Some((0..spec.len()).map(|c| r.get(c).len()).sum::<usize>())
        });
    }
    // Workbooks are read from a file; a RAM-backed folder keeps this fast.
    let dir = if std::path::Path::new("/dev/shm").is_dir() { "/dev/shm" } else { "/tmp" };
    let path = std::path::Path::new(dir).join(format!("vypusk-fuzz-{}.xlsx", std::process::id()));
    if std::fs::write(&path, data).is_ok() {
        let _ = read_sheet(&path, None);
    }
});
