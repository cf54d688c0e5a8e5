//! `graduates-YYYY`: the graduate list and its specialty names.

use super::*;

/// Columns of `graduates-YYYY`: indices used by the parser below.
pub const GRADUATE_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        title: "ID",
        aliases: &["Идентификатор", "Код выпускника", "№ выпускника", "id"],
        required: true,
    },
    ColumnSpec {
        title: "ФИО",
        aliases: &[
            "Фамилия имя отчество",
            "Ф.И.О.",
            "Выпускник",
            "name",
            "full name",
        ],
        required: true,
    },
    ColumnSpec {
        title: "Специальность",
        aliases: &[
            "Направление подготовки",
            "Профессия/специальность",
            "Код и наименование",
            "Профессия",
            "specialty",
        ],
        required: true,
    },
    ColumnSpec {
        title: "Группа",
        aliases: &["group"],
        required: false,
    },
    ColumnSpec {
        title: "ОВЗ",
        aliases: &["Лицо с ОВЗ", "ovz", "limited health"],
        required: true,
    },
    ColumnSpec {
        title: "Инвалидность",
        aliases: &[
            "Инвалид",
            "Инвалиды и дети-инвалиды",
            "disability",
            "disabled",
        ],
        required: true,
    },
    ColumnSpec {
        title: "Целевой договор",
        aliases: &[
            "Целевое обучение",
            "Договор о целевом обучении",
            "target contract",
            "target",
        ],
        required: true,
    },
    ColumnSpec {
        title: "Дуальное обучение",
        aliases: &["Дуальное", "dual", "dual training"],
        required: false,
    },
    // Form 2's seven groups (rows 07–13); optional: without it form 2 is not produced.
    ColumnSpec {
        title: "Нозология",
        aliases: &["Нозологическая группа", "Нарушения", "nosology"],
        required: false,
    },
];

pub(super) fn yes_no(row: &Row, col: usize, file: &str, id: &str, fs: &mut Vec<Finding>) -> bool {
    let v = row.get(col);
    match parse_yes_no(v) {
        Some(b) => b,
        None => {
            let title = GRADUATE_COLUMNS.get(col).map_or("", |c| c.title);
            fs.push(
                Finding::error(
                    "monitoring.bad-yes-no",
                    Place::line(file, row.line),
                    format!("В столбце «{title}» значение «{v}», а допустимо только «да» или «нет»: исправьте значение."),
                )
                .with_graduate(id),
            );
            false
        }
    }
}

/// Read the graduates file; integrity findings go to `findings`.
pub fn read_graduates(
    root: &Path,
    path: &Path,
    sheet: Option<&str>,
    specialties: &Specialties,
    findings: &mut Findings,
) -> Option<Vec<Graduate>> {
    let rows = read_rows(
        root,
        path,
        GRADUATE_COLUMNS,
        sheet,
        findings,
        |row, file, fs| {
            let id = row.get(0);
            if id.is_empty() {
                fs.push(Finding::error(
                "monitoring.empty-id",
                Place::line(file, row.line),
                "У выпускника не указан ID: строка не учтена ни в одном показателе. Заполните столбец «ID».",
            ));
                return None;
            }
            let spec = row.get(2);
            let (code, name) = match split_code(spec) {
                // Shared: a region's graduates have some dozens of specialties.
                Ok((c, n)) => (fs.intern(c), fs.intern(n)),
                Err(why) => {
                    fs.push(
                    Finding::error(
                        "monitoring.bad-specialty-code",
                        Place::line(file, row.line),
                        format!("Специальность «{spec}» записана неверно: {why}, затем наименование («15.02.08 Технология машиностроения»)."),
                    )
                    .with_graduate(id),
                );
                    (fs.intern(spec), arcstr::ArcStr::new())
                }
            };
            let target = row.get(6);
            // 5 = «Инвалидность» uses GRADUATE_COLUMNS titles in messages via yes_no.
            Some(Graduate {
                id: id.into(),
                name: row.get(1).to_string(),
                specialty_code: code,
                specialty_name: name,
                group: fs.intern_cell(3, row.get(3)),
                ovz: yes_no(row, 4, file, id, fs),
                disability: yes_no(row, 5, file, id, fs),
                target_contract: (!target.is_empty()
                    && !matches!(normalize(target).as_str(), "нет" | "-" | "0"))
                .then(|| target.to_string()),
                dual: yes_no(row, 7, file, id, fs),
                nosology: {
                    let t = row.get(8);
                    // Most graduates have no nosology (or the file has no such column): an
                    // empty cell is none without normalising it.
                    let n = if t.is_empty() {
                        None
                    } else {
                        Nosology::parse(t)
                    };
                    if n.is_none() && !t.trim().is_empty() {
                        fs.push(
                            Finding::error(
                                "monitoring.bad-nosology",
                                Place::line(file, row.line),
                                format!("В столбце «Нозология» значение «{t}»: укажите одну из групп формы 2 — зрения, слуха, опорно-двигательного аппарата, тяжелые нарушения речи, задержка психического развития, расстройства аутистического спектра, другие причины (или номер строки 07–13)."),
                            )
                            .with_graduate(id),
                        );
                    }
                    n
                },
                line: row.line,
            })
        },
    )?;
    let file = rel_path(root, path);
    let mut graduates = rows;
    // Duplicate IDs: keep the first, report the others (they would be counted twice).
    let mut seen: HashMap<&str, usize, FastHash> =
        HashMap::with_capacity_and_hasher(graduates.len(), FastHash::default());
    let mut dup = vec![false; graduates.len()];
    for (i, g) in graduates.iter().enumerate() {
        if let Some(first) = seen.get(g.id.as_str()) {
            dup[i] = true;
            findings.push(
                Finding::error(
                    "monitoring.duplicate-id",
                    Place::line(&file, g.line),
                    format!(
                        "ID «{}» уже встречался в строке {}: выпускник учтён бы дважды. Строка не учтена; дайте выпускникам разные ID.",
                        g.id, graduates[*first].line
                    ),
                )
                .with_graduate(&g.id),
            );
        } else {
            seen.insert(&g.id, i);
        }
    }
    let mut keep = dup.iter().map(|d| !d);
    graduates.retain(|_| keep.next().unwrap_or(true));
    specialty_names(&file, &mut graduates, specialties, findings);
    Some(graduates)
}

/// A code without a name, and the same code with two names (in the file or against the
/// reference). A missing name is taken from the reference.
pub(super) fn specialty_names(
    file: &str,
    graduates: &mut [Graduate],
    specialties: &Specialties,
    findings: &mut Findings,
) {
    let mut first_name: BTreeMap<arcstr::ArcStr, (arcstr::ArcStr, usize)> = BTreeMap::new();
    let mut names = NameKeys::default();
    for g in graduates.iter_mut() {
        if !crate::model::specialty::is_code(&g.specialty_code) {
            continue;
        }
        let reference = specialties.get(&g.specialty_code);
        if g.specialty_name.is_empty() {
            findings.push(
                Finding::warning(
                    "monitoring.specialty-without-name",
                    Place::line(file, g.line),
                    format!(
                        "У специальности {} не указано наименование: запишите «код наименование», как в отчётах.",
                        g.specialty_code
                    ),
                )
                .with_graduate(&g.id),
            );
            if let Some(r) = reference {
                g.specialty_name = r.name.as_str().into();
            }
            continue;
        }
        let key = names.key(&g.specialty_name);
        if let Some(r) = reference {
            if names.key(&r.name) != key {
                findings.push(
                    Finding::error(
                        "monitoring.specialty-two-names",
                        Place::line(file, g.line),
                        format!(
                            "Код {} записан с наименованием «{}», а в справочнике {} — «{}». У одного кода одно наименование: исправьте.",
                            g.specialty_code, g.specialty_name, specialties.file, r.name
                        ),
                    )
                    .with_graduate(&g.id),
                );
                continue;
            }
        }
        match first_name.get(&g.specialty_code) {
            Some((name, line)) if names.key(name) != key => findings.push(
                Finding::error(
                    "monitoring.specialty-two-names",
                    Place::line(file, g.line),
                    format!(
                        "Код {} записан с наименованием «{}», а в строке {line} — «{name}». У одного кода одно наименование: исправьте.",
                        g.specialty_code, g.specialty_name
                    ),
                )
                .with_graduate(&g.id),
            ),
            Some(_) => {}
            None => {
                first_name.insert(g.specialty_code.clone(), (g.specialty_name.clone(), g.line));
            }
        }
    }
}

/// Specialty names compared normalised (see [`normalize`]): a college has a few dozen
/// spellings over thousands of graduates, so each spelling is normalised once and stands for
/// a number, equal for equal normal forms.
#[derive(Default)]
struct NameKeys {
    by_spelling: HashMap<String, usize, FastHash>,
    by_normal: HashMap<String, usize, FastHash>,
}

impl NameKeys {
    fn key(&mut self, spelling: &str) -> usize {
        if let Some(&k) = self.by_spelling.get(spelling) {
            return k;
        }
        let next = self.by_normal.len();
        let k = *self.by_normal.entry(normalize(spelling)).or_insert(next);
        self.by_spelling.insert(spelling.to_string(), k);
        k
    }
}
