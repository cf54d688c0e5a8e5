//! The guard that refuses to publish personal data of graduates (152-ФЗ): every public file
//! is read, before it is written, for graduates' names and for anything shaped like a СНИЛС.
//!
//! A file is read by its content, whatever its name: HTML and other text in any encoding,
//! spreadsheets and Office documents through their cells and XML ([`files`]). Its words —
//! Cyrillic runs, lower-cased, «ё» as «е», read through soft hyphens, zero-width characters and
//! markup ([`text`]) — are looked up in an index of every grammatical form of every part of
//! every graduate's name ([`names`]). Two parts of one person side by side, in any order and
//! any case («Денис Кузнецов», «Кузнецову Денису Евгеньевичу», «Дениса Евгеньевича»), or a
//! surname beside an initial («Кузнецов Д. Е.», «Д.Е. Кузнецов»), is a hit. Staff named in
//! `vypusk.yaml` may be published under their own names. A file the guard cannot read (PDF,
//! images) is published only when `privacy.checked_files` says a person checked it.
//!
//! Each public byte is read once: one pass of the word splitter, one hash look-up per word.

pub mod files;
pub mod names;
pub mod text;

use crate::diag::{Finding, Place};
use crate::render::OutFile;
use names::{NameIndex, FIRST, PATRONYMIC, SURNAME};
use std::collections::BTreeSet;

/// A graduate as the guard knows them: the ID (safe to print) and the full name (never
/// printed whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Personal {
    pub id: String,
    pub name: String,
}

impl Personal {
    /// «К. Д. Е.»: what a message may show of the name.
    pub fn initials(&self) -> String {
        self.name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .map(|c| format!("{c}."))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A graduate found in a text: who, and where (byte offset of the first word of the pair).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub person: usize,
    pub offset: usize,
}

/// The compiled guard: the name index, and the public files a person has checked.
#[derive(Debug, Default)]
pub struct Guard {
    people: Vec<Personal>,
    index: NameIndex,
    /// Output paths (`site/…`) of files listed in `privacy.checked_files`.
    checked: BTreeSet<String>,
}

/// A word's look-up result, kept for the next word.
#[derive(Clone, Copy)]
enum Prev<'a> {
    None,
    Initial(char),
    Parts(&'a [(u32, u8)], usize),
}

impl Guard {
    /// `graduates` are looked for; `staff` (the people of `vypusk.yaml`) may be published;
    /// `checked` are output paths of files a person has checked.
    pub fn new(graduates: &[Personal], staff: &[String], checked: &[String]) -> Guard {
        let mut index = NameIndex::default();
        for (i, g) in graduates.iter().enumerate() {
            index.add(&g.name, i, false);
        }
        for s in staff {
            index.add(s, usize::MAX, true);
        }
        index.finish();
        Guard {
            people: graduates.to_vec(),
            index,
            checked: checked.iter().cloned().collect(),
        }
    }

    pub fn person(&self, i: usize) -> Option<&Personal> {
        self.people.get(i)
    }

    /// The first graduate named in `text` (UTF-8 bytes).
    ///
    /// A first name with a patronymic and no surname («Марина Сергеевна») is a hit unless a
    /// word shaped like another surname stands right before or after it («Гришина Марина
    /// Сергеевна» is someone else), so that decision waits for the next word.
    pub fn find(&self, text: &[u8]) -> Option<Hit> {
        if self.index.is_empty() {
            return None;
        }
        let mut prev = Prev::None;
        // The word before `prev` and `prev` itself, as (capital, start, end): their shape is
        // only looked at around a first name with a patronymic, so it is read again from the
        // text then rather than worked out for every capital word of a page.
        let mut spans = [(false, 0usize, 0usize); 2];
        let shaped = |(capital, start, end): (bool, usize, usize)| {
            capital && text.get(start..end).is_some_and(surname_shaped_text)
        };
        let mut pending: Option<Hit> = None;
        let mut found: Option<Hit> = None;
        text::words_wanted(
            text,
            |codes| self.index.wants(codes),
            |w| {
                if found.is_some() {
                    return;
                }
                if w.after_gap {
                    // Small words of no name were passed over: none is shaped like a surname,
                    // none pairs with a name.
                    if let Some(h) = pending.take() {
                        found = Some(h);
                        return;
                    }
                    prev = Prev::None;
                    spans[1] = (false, 0, 0);
                }
                let span = (w.capital, w.start, w.end);
                if let Some(h) = pending.take() {
                    if !shaped(span) {
                        found = Some(h);
                        return;
                    }
                }
                let cur = if w.initial {
                    std::str::from_utf8(w.bytes)
                        .ok()
                        .and_then(|s| s.chars().next())
                        .map_or(Prev::None, Prev::Initial)
                } else if w.bytes.len() >= 6 {
                    self.index
                        .get(w.bytes)
                        .map_or(Prev::None, |e| Prev::Parts(e, w.start))
                } else {
                    Prev::None
                };
                // Most words of a page are no name part: no pair to look at.
                let both = !matches!(prev, Prev::None) && !matches!(cur, Prev::None);
                if let Some((person, needs_surname)) = both.then(|| self.pair(prev, cur)).flatten()
                {
                    let offset = match prev {
                        Prev::Parts(_, at) => at,
                        _ => w.start,
                    };
                    let hit = Hit { person, offset };
                    if !needs_surname {
                        found = Some(hit);
                        return;
                    }
                    if !shaped(spans[0]) {
                        pending = Some(hit);
                    }
                }
                spans = [spans[1], span];
                prev = cur;
            },
        );
        found.or(pending)
    }

    /// The graduate two adjacent words name together, unless a staff member has that name;
    /// `true` when the two are first name and patronymic only.
    fn pair(&self, a: Prev, b: Prev) -> Option<(usize, bool)> {
        let people = &self.index.people;
        let mut hit: Option<(usize, bool)> = None;
        let mut staff = false;
        let mut note = |p: u32, weak: bool| {
            let person = &people[p as usize];
            if person.allowed {
                staff = true;
            } else if hit.is_none_or(|(_, w)| w && !weak) {
                hit = Some((person.id, weak));
            }
        };
        match (a, b) {
            (Prev::Parts(x, _), Prev::Parts(y, _)) => {
                for (p, r1) in x {
                    if let Some((_, r2)) = y.iter().find(|(q, _)| q == p) {
                        if let Some(weak) = parts_pair(*r1, *r2) {
                            note(*p, weak);
                        }
                    }
                }
            }
            (Prev::Parts(x, _), Prev::Initial(c)) | (Prev::Initial(c), Prev::Parts(x, _)) => {
                for (p, r) in x {
                    if r & SURNAME != 0 && people[*p as usize].initials.contains(&Some(c)) {
                        note(*p, false);
                    }
                }
            }
            _ => {}
        }
        if staff {
            None
        } else {
            hit
        }
    }

    /// A finding if `bytes` (the public file `path`) contains personal data or cannot be read.
    pub fn check(&self, path: &str, bytes: &[u8]) -> Option<Finding> {
        let place = || Place::file(format!("output/{path}"));
        let text = match files::content(bytes) {
            files::Content::Text(t) => t,
            files::Content::Opaque(kind) => {
                if self.checked.contains(path) {
                    return None;
                }
                return Some(Finding::error(
                    "privacy.unchecked-file",
                    place(),
                    format!(
                        "Файл для публикации — {kind}: vypusk не может проверить, нет ли в нём персональных данных выпускников. Проверьте его сами и перечислите в vypusk.yaml в privacy: checked_files: (путь в проекте), или уберите его из публикуемых папок."
                    ),
                ));
            }
        };
        if let Some(snils) = find_snils(&text) {
            return Some(Finding::error(
                "privacy.personal-data",
                place(),
                format!("Публичная страница содержит номер, похожий на СНИЛС («{}…»): публикация остановлена. Уберите его — СНИЛС выпускников на сайте недопустим.", &snils[..3]),
            ));
        }
        let hit = self.find(&text)?;
        Some(self.finding(hit, place()))
    }

    /// The finding for a hit: the graduate's ID and initials, never the full name (messages
    /// end up in CI logs).
    pub fn finding(&self, hit: Hit, place: Place) -> Finding {
        let who = self
            .people
            .get(hit.person)
            .map(|p| format!("выпускник {} ({})", p.id, p.initials()))
            .unwrap_or_else(|| "выпускник".to_string());
        Finding::error(
            "privacy.personal-data",
            place,
            format!(
                "Публичный файл называет по имени выпускника — {who}: публикация остановлена. Уберите имя из содержимого, данных или шаблона — на сайте допустимы только обобщённые данные."
            ),
        )
    }
}

/// Whether two words can be two different parts of a name: `Some(true)` when only as first
/// name and patronymic (no surname), `Some(false)` when a surname is one of them.
fn parts_pair(a: u8, b: u8) -> Option<bool> {
    let with_surname =
        (a & SURNAME != 0 && b & !SURNAME != 0) || (b & SURNAME != 0 && a & !SURNAME != 0);
    if with_surname {
        return Some(false);
    }
    let first_patronymic =
        (a & FIRST != 0 && b & PATRONYMIC != 0) || (a & PATRONYMIC != 0 && b & FIRST != 0);
    first_patronymic.then_some(true)
}

/// Common endings of Russian surnames in any case («Гришина», «Петровой», «Вишневского»).
const SURNAME_ENDINGS: &[&str] = &[
    "ов",
    "ев",
    "ин",
    "ын",
    "ова",
    "ева",
    "ина",
    "ына",
    "ову",
    "еву",
    "ину",
    "ыну",
    "овым",
    "евым",
    "иным",
    "ыным",
    "овой",
    "евой",
    "иной",
    "ыной",
    "ове",
    "еве",
    "ине",
    "ский",
    "ская",
    "цкий",
    "цкая",
    "ского",
    "ской",
    "цкого",
    "цкой",
    "скому",
    "цкому",
    "енко",
    "ук",
    "юк",
    "ых",
    "их",
];

/// [`surname_shaped`] for a word as it stands in the text (any case, soft hyphens…).
fn surname_shaped_text(word: &[u8]) -> bool {
    let mut shaped = false;
    text::words(word, |w| shaped = surname_shaped(w.bytes));
    shaped
}

fn surname_shaped(word: &[u8]) -> bool {
    SURNAME_ENDINGS.iter().any(|e| word.ends_with(e.as_bytes()))
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
pub fn scan(files: &[OutFile], guard: &Guard) -> Vec<Finding> {
    files
        .iter()
        .filter(|f| f.path.starts_with("site/"))
        .filter_map(|f| guard.check(&f.path, &f.bytes))
        .collect()
}

/// Rules of the guard over public output.
#[rustfmt::skip]
pub const RULES: &[crate::check::rules::Rule] = &[
    crate::check::rules::Rule::error("privacy.personal-data", "Публичные страницы не содержат ФИО, СНИЛС и других персональных данных выпускников").example("output/site/a.html: Публичный файл называет по имени выпускника — выпускник 2022-017 (К. Д. Е.): публикация остановлена. Уберите имя из содержимого, данных или шаблона — на сайте допустимы только обобщённые данные."),
    crate::check::rules::Rule::error("privacy.unchecked-file", "Каждый публичный файл проверяется на персональные данные (неизвестный формат не публикуется)").example("output/site/docs/polozhenie.pdf: Файл для публикации — PDF: vypusk не может проверить, нет ли в нём персональных данных выпускников. Проверьте его сами и перечислите в vypusk.yaml в privacy: checked_files: (путь в проекте), или уберите его из публикуемых папок."),
    crate::check::rules::Rule::error("privacy.disclosure", "Скрытое малое число выпускников нельзя вычислить по опубликованным итогам и слагаемым").example("site/monitoring/index.html: Скрытое число выпуска 2023 года можно вычислить по опубликованным: «Трудоустройство по специальностям», строка «15.02.08», столбец «Трудоустроены»: из опубликованных чисел следует, что значение от 2 до 2. Публикация остановлена — сообщите разработчикам vypusk."),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn grad(id: &str, name: &str) -> Personal {
        Personal {
            id: id.into(),
            name: name.into(),
        }
    }

    fn guard() -> Guard {
        Guard::new(
            &[grad("2022-017", "Кузнецов Денис Евгеньевич")],
            &["Иванова Ирина Петровна".to_string()],
            &["site/docs/checked.pdf".to_string()],
        )
    }

    fn caught(page: &str) -> bool {
        guard().check("site/a.html", page.as_bytes()).is_some()
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
        let g = Guard::new(&[grad("1", "Петров Пётр Петрович")], &[], &[]);
        let f = scan(&files, &g);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].place.file, "output/site/a.html");
    }

    /// Every phrasing of the issue that was published before.
    #[test]
    fn names_are_caught_in_any_order_case_and_form() {
        for page in [
            "<p>Кузнецов Денис Евгеньевич</p>",
            "<p>КУЗНЕЦОВ ДЕНИС ЕВГЕНЬЕВИЧ</p>",
            "<p>Кузнецов  Денис\n   Евгеньевич</p>",
            "<p><strong>Кузнецов</strong> Денис Евгеньевич</p>",
            "<p>Кузнецов&nbsp;Денис</p>",
            "<p>Победитель — Кузнецов Д. Е.</p>",
            "<p>Д.Е. Кузнецов</p>",
            "<p>Кузнецов Д.Е.</p>",
            "<p>Кузнецов Д.</p>",
            "<p>Денис Кузнецов занял первое место</p>",
            "<p>Кузнецов Денис</p>",
            "<p>Денис Евгеньевич Кузнецов</p>",
            "<p>Поздравляем Кузнецову Денису Евгеньевичу</p>",
            "<p>Грамота Дениса Кузнецова</p>",
            "<p>с Денисом Кузнецовым</p>",
            "<p>Куз\u{00AD}нецов Денис</p>",
            "<p>Кузнецов Де\u{200B}нис</p>",
            "<p>Куз&shy;нецов Денис</p>",
            "<p>Кузнёцов Денис</p>",
            "<td>Кузнецов</td><td>Денис</td>",
            "<img alt=\"Денис Кузнецов на ярмарке\">",
            "<p>Поздравляем Дениса Евгеньевича с победой</p>",
            "<p>Денис Евгеньевич</p>",
        ] {
            assert!(caught(page), "{page}");
        }
    }

    #[test]
    fn other_people_and_words_pass() {
        for page in [
            "<p>Кузнецова Дарья Андреевна</p>",
            "<p>Кузнецов — распространённая фамилия</p>",
            "<p>Денис, Евгений и другие</p>",
            "<p>Директор Иванова Ирина Петровна</p>",
            "<p>Кузнецов А. В.</p>",
            "<td>Педагог-психолог</td><td>Гришина Денис Евгеньевич</td>",
            "<p>Денис Евгеньевич Петров</p>",
        ] {
            assert!(!caught(page), "{page}");
        }
    }

    #[test]
    fn staff_with_a_graduates_name_may_be_published() {
        let g = Guard::new(
            &[grad("1", "Иванова Ирина Петровна")],
            &["Иванова Ирина Петровна".to_string()],
            &[],
        );
        assert!(g
            .check("site/a.html", "Директор Иванова И. П.".as_bytes())
            .is_none());
    }

    #[test]
    fn the_message_shows_initials_and_id_only() {
        let f = guard()
            .check("site/a.html", "Кузнецов Денис".as_bytes())
            .unwrap();
        assert!(f.message.contains("2022-017"));
        assert!(f.message.contains("К. Д. Е."));
        assert!(!f.message.contains("Кузнецов"));
        assert!(!f.message.contains("Денис"));
    }

    #[test]
    fn every_file_kind_is_read() {
        let g = guard();
        let name = "Кузнецов;Денис;Евгеньевич\r\n";
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode(name);
        assert!(g.check("site/list.CSV", &cp).is_some(), "cp1251 .CSV");
        let mut u16 = vec![0xFF, 0xFE];
        u16.extend(name.encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert!(g.check("site/a.txt", &u16).is_some(), "UTF-16 .txt");
        assert!(g.check("site/a.HTML", name.as_bytes()).is_some(), ".HTML");
        assert!(g.check("site/a.dat", name.as_bytes()).is_some(), "any name");
        let pdf = b"%PDF-1.4 binary";
        let f = g.check("site/docs/a.pdf", pdf).unwrap();
        assert_eq!(f.rule, "privacy.unchecked-file");
        assert!(g.check("site/docs/checked.pdf", pdf).is_none());
    }

    #[test]
    fn snils_like_numbers_are_caught() {
        let g = Guard::default();
        assert!(g
            .check("site/a.html", "СНИЛС 123-456-789 01".as_bytes())
            .is_some());
        assert!(g
            .check("site/a.html", "тел. +7 (846) 555-01-05".as_bytes())
            .is_none());
        assert!(g.check("site/a.css", "123-456-789 01".as_bytes()).is_some());
    }
}
