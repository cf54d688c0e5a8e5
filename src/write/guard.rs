//! The guard that refuses to publish personal data of graduates (152-ФЗ): before the swap,
//! every public file is scanned for the names and other personal strings of graduates.

use crate::diag::{Finding, Place};
use crate::render::OutFile;
use aho_corasick::AhoCorasick;

/// A compiled set of personal strings (graduates' full names and the like).
pub struct Guard {
    needles: Vec<String>,
    matcher: Option<AhoCorasick>,
}

impl Guard {
    /// Strings shorter than 5 characters are ignored: they would match ordinary words.
    pub fn new(personal: &[String]) -> Guard {
        let mut needles: Vec<String> = personal
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| s.chars().count() >= 5)
            .collect();
        needles.sort();
        needles.dedup();
        let matcher = if needles.is_empty() {
            None
        } else {
            AhoCorasick::new(&needles).ok()
        };
        Guard { needles, matcher }
    }

    /// A finding if `bytes` (the public file `path`) contains a personal string.
    pub fn check(&self, path: &str, bytes: &[u8]) -> Option<Finding> {
        let m = self.matcher.as_ref()?.find(bytes)?;
        Some(Finding::error(
            "privacy.personal-data",
            Place::file(format!("output/{path}")),
            format!(
                "Публичная страница содержит персональные данные выпускника («{}»): публикация остановлена. Уберите эти сведения из содержимого или шаблона — на сайте допустимы только обобщённые данные.",
                self.needles[m.pattern().as_usize()]
            ),
        ))
    }
}

/// Findings for every public file (under `site/`) that contains one of `personal`.
pub fn scan(files: &[OutFile], personal: &[String]) -> Vec<Finding> {
    let guard = Guard::new(personal);
    files
        .iter()
        .filter(|f| f.path.starts_with("site/"))
        .filter_map(|f| guard.check(&f.path, &f.bytes))
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
