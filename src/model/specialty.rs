//! Specialties (направления подготовки) and the positions that fit them (rule 5).

use super::channel::{normalize, normalize_into};
use serde::Serialize;

/// Направление подготовки (специальность, профессия): code `NN.NN.NN`, name and the positions
/// a graduate of it may hold, from `data/reference/specialties.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Specialty {
    pub code: String,
    pub name: String,
    /// Positions and professions that fit the specialty, as written in the reference.
    pub positions: Vec<String>,
    /// Line in the reference file.
    #[serde(skip)]
    pub line: usize,
}

/// Справочник направлений подготовки: the reference table of specialties, sorted by code.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Specialties {
    /// Project-relative path of the reference file (empty when there is none).
    pub file: String,
    pub items: Vec<Specialty>,
    /// Normalised positions per item, prepared once for rule 5.
    #[serde(skip)]
    norm_positions: Vec<Vec<String>>,
    /// Identity of this table (from [`Specialties::new`]) for per-thread caches of verdicts.
    #[serde(skip)]
    id: usize,
    /// Each item's code as a number (`15.02.08` → 150208), when every code has the form
    /// NN.NN.NN: statuses look up a graduate's specialty for every entry judged on every
    /// date, and comparing numbers is cheaper than comparing strings (same order).
    #[serde(skip)]
    numbers: Option<Vec<u32>>,
}

static NEXT_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);

impl Specialties {
    pub fn new(file: String, mut items: Vec<Specialty>) -> Self {
        items.sort_by(|a, b| a.code.cmp(&b.code));
        // Padded with spaces so that a whole-word match is a plain substring search.
        let norm_positions = items
            .iter()
            .map(|s| {
                s.positions
                    .iter()
                    .map(|p| normalize(p))
                    .filter(|p| !p.is_empty())
                    .map(|p| format!(" {p} "))
                    .collect()
            })
            .collect();
        let numbers = items.iter().map(|s| code_number(&s.code)).collect();
        Specialties {
            file,
            items,
            norm_positions,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            numbers,
        }
    }

    pub fn get(&self, code: &str) -> Option<&Specialty> {
        self.index(code).map(|i| &self.items[i])
    }

    /// The key under which a verdict on a graduate of specialty `code` may be remembered
    /// (see [`crate::model::track::Memo`]): this table's identity and the specialty's place
    /// in it, so that another table, or another specialty, never reads it. `None` for a
    /// specialty the table does not know.
    pub fn verdict_key(&self, code: &str) -> Option<u64> {
        self.index(code).map(|i| self.verdict_key_at(i))
    }

    /// [`Specialties::verdict_key`] of the specialty at `i` (see [`Specialties::index_of`]).
    pub fn verdict_key_at(&self, i: usize) -> u64 {
        // 24 bits of index (a table lists some hundreds of specialties) under 32 of identity.
        ((self.id as u64 & 0xFFFF_FFFF) << 24) | (i as u64 & 0xFF_FFFF)
    }

    /// The place of specialty `code` in this table, for the `…_at` functions: a rule that
    /// walks a graduate's entries looks the graduate's specialty up once, not per entry.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.index(code)
    }

    fn index(&self, code: &str) -> Option<usize> {
        // For NN.NN.NN codes the numbers compare as the strings do, so the search probes
        // the same items and finds the same one.
        if let (Some(numbers), Some(n)) = (&self.numbers, code_number(code)) {
            return numbers.binary_search(&n).ok();
        }
        self.items
            .binary_search_by(|s| s.code.as_str().cmp(code))
            .ok()
    }

    /// Whether `position` fits the specialty `code` (rule 5). A position fits when, normalised,
    /// it starts with or contains one of the listed positions as a whole word sequence
    /// («Токарь 4 разряда» fits «токарь»). `None` when the specialty is unknown or lists no
    /// positions, so that nothing is decided without data.
    pub fn position_fits(&self, code: &str, position: &str) -> Option<bool> {
        self.position_fits_at(self.index(code)?, position)
    }

    /// [`Specialties::position_fits`] for the specialty at `i` (see [`Specialties::index_of`]).
    pub fn position_fits_at(&self, i: usize, position: &str) -> Option<bool> {
        let listed = &self.norm_positions[i];
        if listed.is_empty() {
            return None;
        }
        // This runs for every employment entry on every computed date, with few distinct
        // positions: remember each verdict per thread instead of normalising again. Keyed by
        // the reference's identity too, so two reference tables never share answers.
        thread_local! {
            static SEEN: std::cell::RefCell<(usize, Vec<rustc_hash::FxHashMap<String, bool>>)> =
                const { std::cell::RefCell::new((0, Vec::new())) };
        }
        SEEN.with(|seen| {
            let mut seen = seen.borrow_mut();
            let (owner, maps) = &mut *seen;
            if *owner != self.id {
                *owner = self.id;
                maps.clear();
            }
            if maps.len() <= i {
                maps.resize_with(i + 1, Default::default);
            }
            if let Some(v) = maps[i].get(position) {
                return Some(*v);
            }
            let mut b = String::with_capacity(position.len() + 2);
            b.push(' ');
            normalize_into(&mut b, position);
            let fits = if b.len() == 1 {
                false
            } else {
                b.push(' ');
                listed.iter().any(|l| b.contains(l.as_str()))
            };
            maps[i].insert(position.to_string(), fits);
            Some(fits)
        })
    }
}

/// Split `15.02.08 Технология машиностроения` into code and name. `Err` says what is wrong.
pub fn split_code(s: &str) -> Result<(&str, &str), &'static str> {
    let t = s.trim();
    let (code, name) = match t.split_once(char::is_whitespace) {
        Some((c, n)) => (c, n.trim()),
        None => (t, ""),
    };
    if !is_code(code) {
        return Err("код должен иметь вид NN.NN.NN, например 15.02.08");
    }
    Ok((code, name))
}

/// `NN.NN.NN` as the number `NNNNNN`; `None` for anything else.
fn code_number(code: &str) -> Option<u32> {
    if !is_code(code) {
        return None;
    }
    Some(
        code.bytes()
            .filter(u8::is_ascii_digit)
            .fold(0, |n, d| n * 10 + u32::from(d - b'0')),
    )
}

/// `NN.NN.NN`.
pub fn is_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 8
        && b.iter().enumerate().all(|(i, c)| {
            if i == 2 || i == 5 {
                *c == b'.'
            } else {
                c.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Specialties {
        Specialties::new(
            "data/reference/specialties.yaml".into(),
            vec![Specialty {
                code: "15.01.05".into(),
                name: "Сварщик".into(),
                positions: vec!["Электрогазосварщик".into(), "Сварщик".into()],
                line: 1,
            }],
        )
    }

    #[test]
    fn position_fits_by_words() {
        let t = table();
        assert_eq!(t.position_fits("15.01.05", "Сварщик 4 разряда"), Some(true));
        assert_eq!(
            t.position_fits("15.01.05", "электрогазосварщик"),
            Some(true)
        );
        assert_eq!(t.position_fits("15.01.05", "Продавец-кассир"), Some(false));
        assert_eq!(t.position_fits("15.01.05", ""), Some(false));
        assert_eq!(t.position_fits("99.99.99", "Сварщик"), None);
    }

    #[test]
    fn codes_are_found_as_numbers_and_as_text() {
        let item = |code: &str| Specialty {
            code: code.into(),
            name: String::new(),
            positions: Vec::new(),
            line: 1,
        };
        let codes = ["09.02.07", "15.01.05", "15.02.08", "38.02.01", "43.01.09"];
        let t = Specialties::new(String::new(), codes.iter().map(|c| item(c)).collect());
        assert!(t.numbers.is_some());
        for c in codes {
            assert_eq!(t.get(c).map(|s| s.code.as_str()), Some(c));
        }
        for c in ["15.01.06", "15.1.05", "", "99.99.99 "] {
            assert!(t.get(c).is_none(), "{c}");
        }
        // A table with a code of another form is searched as text.
        let odd = Specialties::new(String::new(), vec![item("15.01.05"), item("ТЕСТ")]);
        assert!(odd.numbers.is_none());
        assert!(odd.get("ТЕСТ").is_some() && odd.get("15.01.05").is_some());
        assert_eq!(code_number("15.02.08"), Some(150208));
    }

    #[test]
    fn codes_are_checked() {
        assert_eq!(
            split_code("15.02.08 Технология машиностроения"),
            Ok(("15.02.08", "Технология машиностроения"))
        );
        assert_eq!(split_code("15.02.08"), Ok(("15.02.08", "")));
        assert!(split_code("15.2.08 Технология").is_err());
        assert!(split_code("Технология машиностроения").is_err());
    }
}
