//! `vypusk new DIR`: scaffold a college project from the bundled example.

use std::path::Path;

pub fn run(_dir: &Path) -> i32 {
    eprintln!("vypusk: команда new пока не готова");
    super::EXIT_FATAL
}
