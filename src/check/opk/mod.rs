//! The seed's rules for the weekly ОПК forms 2 and 3 (task 5), over the roles of
//! `data/reference/opk-layout.yaml`: each rule finds its column by role, so renumbering the
//! template's columns needs no code change. Registry as in `check::monitoring`.
//!
//! Severity: warnings. The forms go to the base centre and are not published; a wrong cell must
//! be fixed before sending, but it does not make the college's own figures untrustworthy, so it
//! does not stop the build (load errors — a bad ИНН, text in a count — do).

mod consistency;
mod rows;
mod timeliness;

use crate::diag::{Finding, Place, Severity};
use crate::model::monitoring::Monitoring;
use crate::model::opk::{FormKind, FormLayout, Opk, OpkForm, OpkReport, OpkRow};
use jiff::civil::Date;

/// What a rule sees.
pub struct Ctx<'a> {
    pub opk: &'a Opk,
    pub m: &'a Monitoring,
    pub as_of: Date,
}

impl Ctx<'_> {
    /// Every (report, form, row) of `kind`, in week and line order.
    pub fn rows(&self, kind: FormKind) -> impl Iterator<Item = (&OpkReport, &OpkForm, &OpkRow)> {
        self.opk.reports.iter().flat_map(move |r| {
            let form = match kind {
                FormKind::Form2 => r.form2.as_ref(),
                FormKind::Form3 => r.form3.as_ref(),
            };
            form.into_iter()
                .flat_map(move |f| f.rows.iter().map(move |row| (r, f, row)))
        })
    }

    pub fn layout(&self, kind: FormKind) -> &FormLayout {
        self.opk.layout(kind)
    }
}

/// «графа 8 «Направление подготовки…»» for messages.
pub fn col_ru(layout: &FormLayout, role: &str) -> String {
    match layout.column(role) {
        Some(c) => format!("графа {} «{}»", c.number, c.heading),
        None => format!("графа с ролью «{role}»"),
    }
}

/// The place of a row.
pub fn at(form: &OpkForm, row: &OpkRow) -> Place {
    Place::line(&form.file, row.line)
}

/// A registered rule.
pub struct Rule {
    pub id: &'static str,
    /// The severity of every finding of the rule (see the module's doc).
    pub severity: Severity,
    /// One line in Russian, for documentation and `--explain`.
    pub about: &'static str,
    pub run: fn(&Ctx) -> Vec<Finding>,
}

const W: Severity = Severity::Warning;

#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    Rule { id: "opk.specialty", severity: W, about: "Форма 2: направление подготовки (графа 8) указано и есть в справочнике специальностей", run: rows::specialty },
    Rule { id: "opk.practice-finished", severity: W, about: "Форма 2: студенты, завершившие производственную практику к отчётной дате, не учитываются (графа 10)", run: rows::practice_finished },
    Rule { id: "opk.social-support", severity: W, about: "Форма 2: социальная поддержка от предприятия — ровно «Да» или «Нет» (графы 15–17)", run: rows::social_support },
    Rule { id: "opk.inn-name", severity: W, about: "Один ИНН — одно написание наименования предприятия", run: rows::inn_name },
    Rule { id: "opk.target-training", severity: W, about: "Форма 2: целевое обучение согласовано с целевыми договорами выпускников", run: consistency::target_training },
    Rule { id: "opk.dual-training", severity: W, about: "Форма 2: дуальное обучение согласовано со списком выпускников", run: consistency::dual_training },
    Rule { id: "opk.form3-mismatch", severity: W, about: "Форма 3 соответствует данным по Форме 2 (по каждому предприятию и графе)", run: consistency::form3_mismatch },
    Rule { id: "opk.missing-week", severity: W, about: "Отчёт ОПК (или сообщение «нет новой информации») есть за каждую пятницу", run: timeliness::missing_week },
    Rule { id: "opk.late", severity: W, about: "Отчёт ОПК отправлен до 12:00 пятницы", run: timeliness::late },
];

/// Input findings reported while loading (`load::opk`).
pub const LOAD_RULES: &[(&str, &str)] = &[
    ("opk.layout", "Справочник граф форм ОПК неверен"),
    ("opk.bad-inn", "Неверный ИНН (контрольные цифры)"),
    ("opk.bad-count", "Не количество в графе-количестве"),
    ("opk.bad-date", "Неверная дата"),
    ("opk.bad-choice", "Значение не из списка графы"),
    ("opk.bad-week", "Дата в имени файла — не пятница"),
    ("opk.unknown-file", "Файл в data/opk не похож на отчёт"),
    ("opk.duplicate-file", "Два файла одной формы за неделю"),
    ("opk.log", "Ошибка в data/opk/log.yaml"),
];

/// Run every rule.
pub fn run(opk: &Opk, m: &Monitoring, as_of: Date) -> Vec<Finding> {
    if opk.is_empty() {
        return Vec::new();
    }
    let ctx = Ctx { opk, m, as_of };
    RULES
        .iter()
        .flat_map(|r| {
            // The registry is the one place a rule's severity is decided.
            (r.run)(&ctx).into_iter().map(|mut f| {
                f.severity = r.severity;
                f
            })
        })
        .collect()
}

/// The Russian line about an ОПК rule id (a rule over the forms or a load finding).
pub fn about(id: &str) -> Option<&'static str> {
    RULES
        .iter()
        .find(|r| r.id == id)
        .map(|r| r.about)
        .or_else(|| LOAD_RULES.iter().find(|(i, _)| *i == id).map(|(_, a)| *a))
}

#[cfg(test)]
pub(crate) mod testkit {
    //! Build an `Opk` from CSV text as officers write it, through the real loader.
    use super::*;
    use crate::diag::Findings;

    pub const F2_HEAD: &str = "гр.1;гр.2;гр.3;гр.4;гр.5;гр.6;гр.7;гр.8;гр.9;гр.10;гр.11;гр.12;гр.13;гр.14;гр.15;гр.16;гр.17\n";
    pub const F3_HEAD: &str = "гр.1;гр.2;гр.3;гр.4;гр.5;гр.6;гр.7;гр.8;гр.9;гр.10\n";
    /// A clean form-2 row of enterprise 7707083893.
    pub const F2_ROW: &str = "Самарская область;7707083893;АО «Завод»;Потребность имеется;Профессии рабочих;Токарь;3;15.01.05 Сварщик;1;2;30.06.2024;0;1;0;Да;Нет;Да\n";
    pub const F3_ROW: &str = "Самарская область;7707083893;АО «Завод»;3;1;2;1;0;;\n";

    /// An `Opk` with `files` (name, text) under data/opk and an optional layout file.
    pub fn load_opk(files: &[(&str, &str)], layout: Option<&str>) -> (Opk, Vec<Finding>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("data/opk")).expect("mkdir");
        if let Some(l) = layout {
            std::fs::create_dir_all(root.join("data/reference")).expect("mkdir");
            std::fs::write(root.join(crate::load::opk::LAYOUT_FILE), l).expect("write");
        }
        for (name, text) in files {
            std::fs::write(root.join("data/opk").join(name), text).expect("write");
        }
        let mut fs = Findings::new();
        let opk = crate::load::opk::load(root, &mut fs);
        (opk, fs.sorted())
    }

    pub fn monitoring() -> Monitoring {
        Monitoring {
            specialties: crate::model::specialty::Specialties::new(
                "data/reference/specialties.yaml".into(),
                vec![crate::model::specialty::Specialty {
                    code: "15.01.05".into(),
                    name: "Сварщик".into(),
                    positions: vec![],
                    line: 1,
                }],
            ),
            ..Default::default()
        }
    }

    pub fn run_rule(id: &str, opk: &Opk, m: &Monitoring, as_of: Date) -> Vec<Finding> {
        let r = RULES.iter().find(|r| r.id == id).expect("rule");
        (r.run)(&Ctx { opk, m, as_of })
    }
}

#[cfg(test)]
mod registry_tests {
    use super::testkit::*;
    use super::*;

    /// Every finding of `run` over forms with planted mistakes carries a registered id and the
    /// registry's severity, and each rule's `about` is a Russian line.
    #[test]
    fn findings_follow_the_registry() {
        let bad = F2_ROW
            .replace(";Да;Нет;Да", ";Ага;Нет;Да")
            .replace(";15.01.05 Сварщик;", ";;");
        let f2 = format!("{F2_HEAD}{F2_ROW}{bad}");
        let f3 = format!("{F3_HEAD}{}", F3_ROW.replace(";3;1;2;", ";9;1;2;"));
        let (opk, load) = load_opk(
            &[
                ("2023-09-01-form2.csv", &f2),
                ("2023-09-01-form3.csv", &f3),
                ("2023-09-15-form2.csv", &f2),
            ],
            None,
        );
        assert!(load.is_empty(), "{load:?}");
        let fs = run(&opk, &monitoring(), jiff::civil::date(2023, 9, 20));
        let ids: std::collections::BTreeSet<&str> = fs.iter().map(|f| f.rule).collect();
        for id in [
            "opk.specialty",
            "opk.social-support",
            "opk.form3-mismatch",
            "opk.missing-week",
        ] {
            assert!(ids.contains(id), "{id} not planted: {fs:#?}");
        }
        for f in &fs {
            let r = RULES.iter().find(|r| r.id == f.rule).expect("registered");
            assert_eq!(f.severity, r.severity, "{}", f.rule);
        }
        for r in RULES {
            assert!(
                r.about.chars().any(|c| ('а'..='я').contains(&c)),
                "{}",
                r.id
            );
            assert_eq!(about(r.id), Some(r.about));
        }
        assert_eq!(
            about("opk.bad-inn"),
            Some("Неверный ИНН (контрольные цифры)")
        );
        assert_eq!(about("track.late"), None);
    }

    #[test]
    fn rule_ids_are_unique_and_prefixed() {
        let mut ids: Vec<&str> = RULES
            .iter()
            .map(|r| r.id)
            .chain(LOAD_RULES.iter().map(|(id, _)| *id))
            .collect();
        assert!(ids.iter().all(|id| id.starts_with("opk.")));
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
