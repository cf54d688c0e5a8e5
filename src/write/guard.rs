//! The guard that refuses to publish personal data of graduates (152-ФЗ): every public file
//! is scanned, before it is written, for graduates' names and for anything shaped like a СНИЛС.
//!
//! Names are matched on the page's *text* — tags removed, case, «ё» and runs of white space
//! folded — so `**Кузнецов** Денис`, a name broken over two lines or written in capitals is
//! caught as well, and so is the short form «Кузнецов Д. Е.».

use crate::diag::{Finding, Place};
use crate::render::OutFile;
use aho_corasick::AhoCorasick;

/// A compiled set of personal strings (graduates' full names).
pub struct Guard {
    /// Normalised needle → the name as written in the graduates file, for the message.
    needles: Vec<(String, String)>,
    matcher: Option<AhoCorasick>,
}

/// Lowercase, «ё» → «е», tags removed, entities for spaces decoded, white space folded to one
/// space, and no space after a full stop (so «Д. Е.» and «Д.Е.» are the same).
pub fn normalize_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    let mut space = true;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if in_tag {
            if c == '>' {
                in_tag = false;
                if !space {
                    out.push(' ');
                    space = true;
                }
            }
            continue;
        }
        let c = match c {
            '<' => {
                in_tag = true;
                continue;
            }
            '&' => {
                let ent: String = chars.clone().take_while(|c| *c != ';').take(8).collect();
                if matches!(ent.as_str(), "nbsp" | "#160" | "#xa0" | "#8239" | "#x202f") {
                    for _ in 0..=ent.len() {
                        chars.next();
                    }
                    ' '
                } else {
                    '&'
                }
            }
            'ё' | 'Ё' => 'е',
            '\u{a0}' | '\u{202f}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            if !space && !out.ends_with('.') {
                out.push(' ');
            }
            space = true;
        } else {
            out.extend(c.to_lowercase());
            space = false;
        }
    }
    out.trim_end().to_string()
}

/// The forms a name may take on a page: «Фамилия Имя Отчество», «Фамилия И. О.», «И. О. Фамилия».
fn variants(name: &str) -> Vec<String> {
    let words: Vec<String> = normalize_text(name)
        .split(' ')
        .map(str::to_string)
        .collect();
    let mut out = vec![words.join(" ")];
    let initial = |w: &String| w.chars().next().map(|c| format!("{c}."));
    if words.len() >= 2 {
        let initials: String = words[1..].iter().filter_map(initial).collect();
        out.push(format!("{} {initials}", words[0]));
        out.push(format!("{initials}{}", words[0]));
    }
    out
}

impl Guard {
    /// Names shorter than 5 characters are ignored: they would match ordinary words.
    pub fn new(personal: &[String]) -> Guard {
        let mut needles: Vec<(String, String)> = personal
            .iter()
            .map(|s| s.trim())
            .filter(|s| s.chars().count() >= 5)
            .flat_map(|name| {
                variants(name)
                    .into_iter()
                    .map(move |v| (v, name.to_string()))
            })
            .filter(|(v, _)| v.chars().count() >= 5)
            .collect();
        needles.sort();
        needles.dedup_by(|a, b| a.0 == b.0);
        let matcher = if needles.is_empty() {
            None
        } else {
            AhoCorasick::new(needles.iter().map(|(n, _)| n)).ok()
        };
        Guard { needles, matcher }
    }

    /// A finding if `bytes` (the public file `path`) contains personal data.
    pub fn check(&self, path: &str, bytes: &[u8]) -> Option<Finding> {
        let texty = [
            ".html", ".htm", ".svg", ".xml", ".txt", ".json", ".csv", ".md", ".ics",
        ]
        .iter()
        .any(|e| path.ends_with(e));
        if !texty {
            return None;
        }
        let place = || Place::file(format!("output/{path}"));
        if let Some(snils) = find_snils(bytes) {
            return Some(Finding::error(
                "privacy.personal-data",
                place(),
                format!("Публичная страница содержит номер, похожий на СНИЛС («{snils}»): публикация остановлена. Уберите его — СНИЛС выпускников на сайте недопустим."),
            ));
        }
        let matcher = self.matcher.as_ref()?;
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => std::borrow::Cow::Borrowed(t),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        let norm = normalize_text(&text);
        let m = matcher.find(&norm)?;
        let name = &self.needles[m.pattern().as_usize()].1;
        Some(Finding::error(
            "privacy.personal-data",
            place(),
            format!(
                "Публичная страница содержит персональные данные выпускника («{name}»): публикация остановлена. Уберите эти сведения из содержимого или шаблона — на сайте допустимы только обобщённые данные."
            ),
        ))
    }
}

/// `123-456-789 01` or `123-456-789-01` (СНИЛС) not inside a longer run of digits. Runs on
/// every public file, so it only looks around each `-` (found with memchr).
fn find_snils(b: &[u8]) -> Option<String> {
    let d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    memchr::memchr_iter(b'-', b).find_map(|dash| {
        let i = dash.checked_sub(3)?;
        let ok = (i == 0 || !d(i - 1))
            && (0..3).all(|k| d(i + k))
            && (4..7).all(|k| d(i + k))
            && at(i + 7, b'-')
            && (8..11).all(|k| d(i + k))
            && (at(i + 11, b' ') || at(i + 11, b'-'))
            && (12..14).all(|k| d(i + k))
            && !d(i + 14);
        ok.then(|| String::from_utf8_lossy(&b[i..i + 14]).into_owned())
    })
}

/// Findings for every public file (under `site/`) that contains personal data.
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

    fn caught(page: &str) -> bool {
        Guard::new(&["Кузнецов Денис Евгеньевич".to_string()])
            .check("site/a.html", page.as_bytes())
            .is_some()
    }

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

    #[test]
    fn names_are_caught_in_any_spelling() {
        assert!(caught("<p>Кузнецов Денис Евгеньевич</p>"));
        assert!(caught("<p>КУЗНЕЦОВ ДЕНИС ЕВГЕНЬЕВИЧ</p>"));
        assert!(caught("<p>Кузнецов  Денис\n   Евгеньевич</p>"));
        assert!(caught("<p><strong>Кузнецов</strong> Денис Евгеньевич</p>"));
        assert!(caught("<p>Кузнецов&nbsp;Денис Евгеньевич</p>"));
        assert!(caught("<p>Победитель — Кузнецов Д. Е.</p>"));
        assert!(caught("<p>Д.Е. Кузнецов</p>"));
        assert!(caught("<p>Кузнецов Д.Е.</p>"));
    }

    #[test]
    fn other_people_and_words_pass() {
        assert!(!caught("<p>Кузнецова Дарья Евгеньевна</p>"));
        assert!(!caught("<p>Кузнецов — распространённая фамилия</p>"));
        assert!(!caught("<p>Денис Евгеньевич</p>"));
    }

    #[test]
    fn snils_like_numbers_are_caught() {
        let g = Guard::new(&[]);
        assert!(g
            .check("site/a.html", "СНИЛС 123-456-789 01".as_bytes())
            .is_some());
        assert!(g
            .check("site/a.html", "тел. +7 (846) 555-01-05".as_bytes())
            .is_none());
        assert!(g.check("site/a.css", "123-456-789 01".as_bytes()).is_none());
    }
}
