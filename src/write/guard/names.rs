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
///
/// People are added part by part ([`NameIndex::add`]); [`NameIndex::finish`] then declines
/// each distinct part once. A form points at one list of (person, roles): the people of the
/// one part it comes from, or, for a form two parts decline to («ивана» of «Иван» and
/// «Ивана»), the merge of their lists. A region's colleges have thousands of graduates and a
/// few dozen common first names and patronymics: declining per person built and held every
/// form's list of thousands once per form.
#[derive(Debug, Default)]
pub struct NameIndex {
    forms: FxHashMap<Vec<u8>, u32>,
    /// Lists of (person, roles), sorted by person, each person once.
    lists: Vec<Vec<(u32, u8)>>,
    pub people: Vec<Person>,
    /// Longest form in bytes: longer words are not looked up.
    pub longest: usize,
    /// Bit per first-three-letters key of every form: most words of a page are skipped with
    /// one bit test instead of a hash look-up.
    prefixes: Vec<u64>,
    /// Parts added since the last [`NameIndex::finish`]: normalised part → (person, roles).
    parts: FxHashMap<String, Vec<(u32, u8)>>,
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
        self.forms
            .get(word)
            .map(|&i| self.lists[i as usize].as_slice())
    }

    /// Whether no form is indexed (no person, or none with a name of two parts).
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
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
        for (part, role) in parts.iter().zip(roles) {
            // A one- or two-letter part («Ли») would match ordinary words.
            if part.chars().count() < 3 {
                continue;
            }
            let list = match self.parts.get_mut(*part) {
                Some(list) => list,
                None => self.parts.entry((*part).to_string()).or_default(),
            };
            // People are added in order, so `p` can only be the last entry.
            match list.last_mut() {
                Some((q, r)) if *q == p => *r |= role,
                _ => list.push((p, role)),
            }
        }
    }

    /// Decline the parts added since the last call into the index. The guard calls it once,
    /// after adding everyone; a word is looked up only after it.
    pub fn finish(&mut self) {
        if self.parts.is_empty() {
            return;
        }
        if self.prefixes.is_empty() {
            self.prefixes = vec![0; (1 << 16) / 64];
        }
        // Form → the lists it comes from (usually one).
        let mut sources: FxHashMap<Vec<u8>, Vec<u32>> = std::mem::take(&mut self.forms)
            .into_iter()
            .map(|(form, i)| (form, vec![i]))
            .collect();
        for (part, people) in std::mem::take(&mut self.parts) {
            let i = self.lists.len() as u32;
            self.lists.push(people);
            for form in forms(&part) {
                let form = form.into_bytes();
                self.longest = self.longest.max(form.len());
                let k = prefix_key(&form);
                self.prefixes[k / 64] |= 1 << (k % 64);
                match sources.get_mut(&form) {
                    Some(from) => from.push(i),
                    None => {
                        sources.insert(form, vec![i]);
                    }
                }
            }
        }
        self.forms.reserve(sources.len());
        for (form, from) in sources {
            let i = match from.as_slice() {
                [one] => *one,
                _ => {
                    let mut merged: Vec<(u32, u8)> = from
                        .iter()
                        .flat_map(|&i| self.lists[i as usize].iter().copied())
                        .collect();
                    merged.sort_by_key(|(p, _)| *p);
                    merged.dedup_by(|cur, prev| {
                        let same = cur.0 == prev.0;
                        if same {
                            prev.1 |= cur.1;
                        }
                        same
                    });
                    self.lists.push(merged);
                    (self.lists.len() - 1) as u32
                }
            };
            self.forms.insert(form, i);
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

    /// The index as it was built before parts were declined once: every form of every part
    /// of every person, in order.
    fn naive(names: &[&str]) -> std::collections::BTreeMap<String, Vec<(u32, u8)>> {
        let mut out: std::collections::BTreeMap<String, Vec<(u32, u8)>> = Default::default();
        for (p, name) in names.iter().enumerate() {
            let norm = normalise(name);
            let parts: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
            for (part, role) in parts.iter().zip([SURNAME, FIRST, PATRONYMIC, PATRONYMIC]) {
                if part.chars().count() < 3 {
                    continue;
                }
                for f in forms(part) {
                    let list = out.entry(f).or_default();
                    match list.iter_mut().find(|(q, _)| *q == p as u32) {
                        Some((_, r)) => *r |= role,
                        None => list.push((p as u32, role)),
                    }
                }
            }
        }
        out
    }

    #[test]
    fn parts_declined_once_give_the_lists_of_declining_each_person() {
        // «Ивана» is a first name and a form of «Иван»; «Иванов» a surname sharing its stem;
        // the fourth person's first name and patronymic share the form «ивана».
        let names = [
            "Иванов Иван Петрович",
            "Петрова Ивана Ивановна",
            "Сидоров Иван Иванович",
            "Иванова Ивана Иван",
            "Петров Пётр Петрович",
        ];
        let mut index = NameIndex::default();
        for (i, n) in names.iter().enumerate() {
            index.add(n, i, false);
        }
        index.finish();
        let want = naive(&names);
        assert_eq!(index.forms.len(), want.len());
        for (form, list) in &want {
            assert_eq!(index.get(form.as_bytes()), Some(list.as_slice()), "{form}");
        }
        let ivana = index.get("ивана".as_bytes()).unwrap();
        assert_eq!(
            ivana.iter().map(|(p, _)| *p).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        assert_eq!(ivana[3].1, FIRST | PATRONYMIC);
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
