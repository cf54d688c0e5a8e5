//! The guard that refuses to publish personal data of graduates (152-ФЗ): before the swap,
//! every public file is scanned for the names and other personal strings of graduates.

use crate::diag::{Finding, Place};
use crate::render::OutFile;
use aho_corasick::AhoCorasick;

/// Findings for every public file (under `site/`) that contains one of `personal`.
pub fn scan(files: &[OutFile], personal: &[String]) -> Vec<Finding> {
    let needles: Vec<&str> = personal
        .iter()
        .map(|s| s.trim())
        .filter(|s| s.chars().count() >= 5)
        .collect();
    if needles.is_empty() {
        return Vec::new();
    }
    let Ok(ac) = AhoCorasick::new(&needles) else {
        return Vec::new();
    };
    files
        .iter()
        .filter(|f| f.path.starts_with("site/"))
        .filter_map(|f| {
            let m = ac.find(&f.bytes)?;
            Some(Finding::error(
                "privacy.personal-data",
                Place::file(format!("output/{}", f.path)),
                format!(
                    "Публичная страница содержит персональные данные выпускника («{}»): публикация остановлена. Уберите эти сведения из содержимого или шаблона — на сайте допустимы только обобщённые данные.",
                    needles[m.pattern().as_usize()]
                ),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_only_in_public_files() {
        let files = vec![
            OutFile {
                path: "site/a.html".into(),
                bytes: "<p>Петров Пётр Петрович</p>".as_bytes().to_vec(),
            },
            OutFile {
                path: "reports/r.html".into(),
                bytes: "Петров Пётр Петрович".as_bytes().to_vec(),
            },
            OutFile {
                path: "site/b.html".into(),
                bytes: b"ok".to_vec(),
            },
        ];
        let f = scan(&files, &["Петров Пётр Петрович".to_string()]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].place.file, "output/site/a.html");
    }
}
