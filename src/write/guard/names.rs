//! The people the guard looks for, as an index from every grammatical form of every part of
//! their names to (person, part).
//!
//! Russian declension by a small suffix table: each part's stems (the word, the word without a
//! final vowel, «й» or «ь», without an adjectival ending, without a fleeting «е») with every
//! case ending of nouns and adjectives. It generates more forms than the language has (never
//! fewer of the common ones), which is harmless: a hit needs two parts of one person side by
//! side.

use super::text::{letter_code, normalise};
use rustc_hash::FxHashMap;

/// Which part of a name a word is.
pub const SURNAME: u8 = 1;
pub const FIRST: u8 = 2;
pub const PATRONYMIC: u8 = 4;

/// Case endings of nouns and adjectives (masculine, feminine, plural).
const ENDINGS: &[&str] = &[
    "", "а", "я", "у", "ю", "ы", "и", "е", "ом", "ем", "ой", "ей", "ою", "ею", "ым", "им", "ого",
    "его", "ому", "ему", "ая", "яя", "ую", "юю", "ых", "их", "ыми", "ими", "ий", "ый", "ь", "й",
    "ам", "ям", "ах", "ях", "ами", "ями",
];

const VOWELS: &str = "аеиоуыэюяй";

/// One person: the first letters of first name and patronymic (for «Кузнецов Д. Е.»).
#[derive(Debug, Clone)]
pub struct Person {
    /// Index into the guard's list (a graduate, or a staff member when `allowed`).
    pub id: usize,
    pub initials: [Option<char>; 2],
    /// Staff named in `vypusk.yaml`: their names may be published.
    pub allowed: bool,
}

/// Form → (person, parts it can be) for every person.
#[derive(Debug, Default)]
pub struct NameIndex {
    pub forms: FxHashMap<Vec<u8>, Vec<(u32, u8)>>,
    pub people: Vec<Person>,
    /// Longest form in bytes: longer words are not looked up.
    pub longest: usize,
    /// Bit per first-three-letters key of every form: most words of a page are skipped with
    /// one bit test instead of a hash look-up.
    prefixes: Vec<u64>,
}

/// 16 bits hashed from the first three letters of a normalised word (each two bytes, lead
/// D0/D1): the prefix filter most words of a page stop at.
#[inline]
fn prefix_key(w: &[u8]) -> usize {
    key_of([
        letter_code(w[0], w[1]),
        letter_code(w[2], w[3]),
        letter_code(w[4], w[5]),
    ])
}

#[inline]
fn key_of(codes: [u32; 3]) -> usize {
    let key = (codes[0] << 14) | (codes[1] << 7) | codes[2];
    (key.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

impl NameIndex {
    /// Whether some form starts with these three letters (lower-case letter codes, see
    /// [`letter_code`]).
    #[inline]
    pub fn wants(&self, codes: [u32; 3]) -> bool {
        let k = key_of(codes);
        self.prefixes
            .get(k / 64)
            .is_some_and(|b| b & (1 << (k % 64)) != 0)
    }

    /// The parts a word can be, for words of at least two letters.
    #[inline]
    pub fn get(&self, word: &[u8]) -> Option<&[(u32, u8)]> {
        if word.len() < 6 || word.len() > self.longest {
            return None;
        }
        let k = prefix_key(word);
        if self
            .prefixes
            .get(k / 64)
            .is_none_or(|b| b & (1 << (k % 64)) == 0)
        {
            return None;
        }
        self.forms.get(word).map(Vec::as_slice)
    }

    /// Add a person «Фамилия Имя Отчество» (two or three parts; other counts are ignored:
    /// there is no pair to look for).
    pub fn add(&mut self, full_name: &str, id: usize, allowed: bool) {
        let norm = normalise(full_name);
        let parts: Vec<&str> = norm.split(' ').filter(|p| !p.is_empty()).collect();
        if parts.len() < 2 || parts.len() > 4 {
            return;
        }
        let p = self.people.len() as u32;
        let roles = [SURNAME, FIRST, PATRONYMIC, PATRONYMIC];
        self.people.push(Person {
            id,
            initials: [
                parts.get(1).and_then(|w| w.chars().next()),
                parts.get(2).and_then(|w| w.chars().next()),
            ],
            allowed,
        });
        let mut key: Vec<u8> = Vec::with_capacity(64);
        for (part, role) in parts.iter().zip(roles) {
            // A one- or two-letter part («Ли») would match ordinary words.
            if part.chars().count() < 3 {
                continue;
            }
            for stem in stems(part) {
                for e in ENDINGS {
                    key.clear();
                    key.extend_from_slice(stem.as_bytes());
                    key.extend_from_slice(e.as_bytes());
                    self.insert(&key, p, role);
                }
            }
        }
    }

    fn insert(&mut self, form: &[u8], p: u32, role: u8) {
        self.longest = self.longest.max(form.len());
        if self.prefixes.is_empty() {
            self.prefixes = vec![0; (1 << 16) / 64];
        }
        let k = prefix_key(form);
        self.prefixes[k / 64] |= 1 << (k % 64);
        // Look up before inserting: most forms repeat (common first names and patronymics),
        // and a key is allocated only for a new one.
        let list = match self.forms.get_mut(form) {
            Some(list) => list,
            None => self.forms.entry(form.to_vec()).or_default(),
        };
        // People are added in order and each one's forms all at once, so `p` can only be the
        // last entry: a scan of the list made this quadratic in the graduates sharing a
        // common first name or patronymic (69% of a region's build).
        match list.last_mut() {
            Some((q, r)) if *q == p => *r |= role,
            _ => list.push((p, role)),
        }
    }
}

/// The stems a part declines from (at least three letters each).
fn stems(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let mut stems: Vec<String> = vec![word.to_string()];
    let cut = |k: usize| chars[..n - k].iter().collect::<String>();
    if n > 3
        && chars
            .last()
            .is_some_and(|c| VOWELS.contains(*c) || *c == 'ь')
    {
        stems.push(cut(1));
    }
    if n > 4 {
        let tail: String = chars[n - 2..].iter().collect();
        if ["ий", "ый", "ой", "ая", "яя", "ое", "ие"].contains(&tail.as_str()) {
            stems.push(cut(2));
        }
    }
    // Fleeting «е»/«о»: Павел → Павла, Лев → Льва, Орёл → Орла.
    if (3..=5).contains(&n) && matches!(chars[n - 2], 'е' | 'о') && !VOWELS.contains(chars[n - 1])
    {
        let head: String = chars[..n - 2].iter().collect();
        let last = chars[n - 1];
        stems.push(format!("{head}{last}"));
        stems.push(format!("{head}ь{last}"));
    }
    stems.retain(|s| s.chars().count() >= 3);
    stems.sort();
    stems.dedup();
    stems
}

/// Every form of one lower-case name part.
pub fn forms(word: &str) -> Vec<String> {
    let mut out: Vec<String> = stems(word)
        .iter()
        .flat_map(|s| ENDINGS.iter().map(move |e| format!("{s}{e}")))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, form: &str) -> bool {
        forms(word).iter().any(|f| f == form)
    }

    #[test]
    fn surnames_decline() {
        for f in [
            "кузнецов",
            "кузнецова",
            "кузнецову",
            "кузнецовым",
            "кузнецове",
            "кузнецовой",
        ] {
            assert!(has("кузнецов", f), "{f}");
        }
        for f in ["кузнецовой", "кузнецову", "кузнецов"] {
            assert!(has("кузнецова", f), "{f}");
        }
        for f in ["вишневского", "вишневскому", "вишневским", "вишневская"]
        {
            assert!(has("вишневский", f), "{f}");
        }
        assert!(has("шевчук", "шевчуком"));
        assert!(has("шевченко", "шевченко"));
    }

    #[test]
    fn first_names_and_patronymics_decline() {
        for (w, f) in [
            ("денис", "дениса"),
            ("денис", "денису"),
            ("денис", "денисом"),
            ("евгений", "евгения"),
            ("евгений", "евгением"),
            ("игорь", "игоря"),
            ("анна", "анной"),
            ("мария", "марии"),
            ("мария", "марией"),
            ("илья", "ильей"),
            ("павел", "павла"),
            ("лев", "льва"),
            ("евгеньевич", "евгеньевичу"),
            ("евгеньевич", "евгеньевичем"),
            ("евгеньевна", "евгеньевны"),
            ("евгеньевна", "евгеньевной"),
        ] {
            assert!(has(w, f), "{w} → {f}");
        }
    }
}
