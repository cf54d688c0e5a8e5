//! Checks across the files of `data/incoming/`: one specialty code with two names, one
//! graduate ID in two files, one college twice (the file name without extension is the
//! college, as in the regional tool).

use super::Learnt;
use crate::diag::{Finding, Place};
use std::collections::BTreeMap;

/// The college of a file: its name without the extension, case and spaces ignored.
fn college_key(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    stem.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub fn across_files(books: &[(String, Learnt)]) -> Vec<Finding> {
    let mut out = Vec::new();
    // One college twice: `college.xlsx` and `College.xls` are the same college's data twice.
    let mut colleges: BTreeMap<String, &str> = BTreeMap::new();
    for (file, _) in books {
        match colleges.get(&college_key(file)) {
            Some(first) => out.push(Finding::error(
                "incoming.college-twice",
                Place::file(file),
                format!(
                    "Книга {file} — того же ПОО, что и {first} (имя файла без расширения — код ПОО): данные учтутся дважды. Оставьте одну книгу."
                ),
            )),
            None => {
                colleges.insert(college_key(file), file);
            }
        }
    }
    // The same workbook under two names: also one college twice.
    let mut contents: BTreeMap<u64, &str> = BTreeMap::new();
    for (file, l) in books {
        let Some(h) = l.content else { continue };
        match contents.get(&h) {
            Some(first) => out.push(Finding::error(
                "incoming.college-twice",
                Place::file(file),
                format!(
                    "Книга {file} совпадает байт в байт с {first}: это одни и те же данные под двумя именами, они учтутся дважды. Оставьте одну книгу."
                ),
            )),
            None => {
                contents.insert(h, file);
            }
        }
    }
    // One code, two names across files.
    let mut names: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    for (file, l) in books {
        for (code, name, place) in &l.names {
            match names.get(code.as_str()) {
                Some((other, other_file))
                    if *other_file != file.as_str() && *other != name.as_str() =>
                {
                    out.push(Finding::warning(
                        "incoming.code-two-names-files",
                        place.clone(),
                        format!(
                            "Код {code} записан с наименованием «{name}», а в книге {other_file} — «{other}». У одного кода одно наименование: сверьте с перечнем специальностей."
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    names.insert(code, (name, file));
                }
            }
        }
    }
    // One graduate ID in two files (of the same sheet kind: a graduate may be on both
    // «2. Нозологии» and «3. Целевики» of one college).
    let mut ids: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for (file, l) in books {
        for (id, sheet, place) in &l.ids {
            match ids.get(&(id.as_str(), sheet.as_str())) {
                Some(other) if *other != file.as_str() => out.push(Finding::warning(
                    "incoming.id-in-two-files",
                    place.clone(),
                    format!(
                        "Уникальный номер выпускника «{id}» на листе «{sheet}» есть и в книге {other}: один выпускник учтён двумя ПОО. Уточните, какой ПОО его выпустил."
                    ),
                )),
                Some(_) => {}
                None => {
                    ids.insert((id, sheet), file);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learnt(names: &[(&str, &str)], ids: &[&str]) -> Learnt {
        Learnt {
            names: names
                .iter()
                .map(|(c, n)| (c.to_string(), n.to_string(), Place::file("x")))
                .collect(),
            ids: ids
                .iter()
                .map(|i| (i.to_string(), "2. Нозологии".to_string(), Place::file("x")))
                .collect(),
            ..Learnt::default()
        }
    }

    fn rules(f: &[Finding]) -> Vec<&str> {
        f.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn across_files_finds_each_case() {
        let a = (
            "data/incoming/pk1.xlsx".to_string(),
            learnt(&[("15.02.08", "Технология машиностроения")], &["123"]),
        );
        let b = (
            "data/incoming/pk2.xlsx".to_string(),
            learnt(&[("15.02.08", "Технология машиностроения")], &["456"]),
        );
        assert!(across_files(&[a, b]).is_empty());
        let a = (
            "data/incoming/pk1.xlsx".to_string(),
            learnt(&[("15.02.08", "Технология машиностроения")], &["123"]),
        );
        let b = (
            "data/incoming/pk2.xlsx".to_string(),
            learnt(&[("15.02.08", "Машиностроение")], &["123"]),
        );
        let c = ("data/incoming/PK1.xls".to_string(), Learnt::default());
        let same = |name: &str| {
            let l = Learnt {
                content: Some(7),
                ..Learnt::default()
            };
            (name.to_string(), l)
        };
        let f = across_files(&[
            a,
            b,
            c,
            same("data/incoming/pk3.xlsx"),
            same("data/incoming/pk4.xlsx"),
        ]);
        assert_eq!(
            rules(&f),
            [
                "incoming.college-twice",
                "incoming.college-twice",
                "incoming.code-two-names-files",
                "incoming.id-in-two-files"
            ],
            "{f:#?}"
        );
        assert!(
            f[1].message
                .contains("pk4.xlsx совпадает байт в байт с data/incoming/pk3.xlsx"),
            "{}",
            f[1].message
        );
    }
}
