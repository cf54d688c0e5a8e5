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

use crate::check::rules::Rule;
use crate::diag::{Finding, Place};
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

crate::check::rules::checks!(Ctx; LOAD_RULES);

#[rustfmt::skip]
pub const RULES: &[Check] = &[
    Check { rule: Rule::warning("opk.specialty", "Форма 2: направление подготовки (графа 8) указано и есть в справочнике специальностей").seed("Задача 5: Форма 2. · обязательное указание направления подготовки -столбец 8"), run: rows::specialty },
    Check { rule: Rule::warning("opk.practice-finished", "Форма 2: студенты, завершившие производственную практику к отчётной дате, не учитываются (графа 10)").seed("Задача 5: Форма 2. · не учитываются студенты, завершившие производственную практику по состоянию на отчетную дату-столбец 10"), run: rows::practice_finished },
    Check { rule: Rule::warning("opk.social-support", "Форма 2: социальная поддержка от предприятия — ровно «Да» или «Нет» (графы 15–17)").seed("Задача 5: Форма 2. · обязательное заполнение данных (Да или НЕТ) информации по «социальной поддержке от предприятия» - столбцы 15, 16, 17"), run: rows::social_support },
    Check { rule: Rule::warning("opk.inn-name", "Один ИНН — одно написание наименования предприятия"), run: rows::inn_name },
    Check { rule: Rule::warning("opk.target-training", "Форма 2: целевое обучение согласовано с целевыми договорами выпускников").seed("Задача 5: Форма 2. · отражение и соответствие данных по целевому и дуальному обучению"), run: consistency::target_training },
    Check { rule: Rule::warning("opk.dual-training", "Форма 2: дуальное обучение согласовано со списком выпускников").seed("Задача 5: Форма 2. · отражение и соответствие данных по целевому и дуальному обучению"), run: consistency::dual_training },
    Check { rule: Rule::warning("opk.form3-mismatch", "Форма 3 соответствует данным по Форме 2 (по каждому предприятию и графе)").seed("Задача 5: Форма 3. · соответствие  данных по Форме 2"), run: consistency::form3_mismatch },
    Check { rule: Rule::warning("opk.missing-week", "Отчёт ОПК (или сообщение «нет новой информации») есть за каждую пятницу").seed("Задача 5: еженедельно до 12.00 пятницы — Актуализация данных по закрытию кадровой потребности предприятий ОПК по формам 2.3; при отсутствии новой информации проинформировать по эл. почте"), run: timeliness::missing_week },
    Check { rule: Rule::warning("opk.late", "Отчёт ОПК отправлен до 12:00 пятницы").seed("Задача 5: еженедельно до 12.00 пятницы — Актуализация данных по закрытию кадровой потребности предприятий ОПК по формам 2.3"), run: timeliness::late },
];

/// Input findings reported while loading (`load::opk`).
#[rustfmt::skip]
pub const LOAD_RULES: &[Rule] = &[
    Rule::error("opk.layout", "Справочник граф форм ОПК неверен"),
    Rule::error("opk.bad-inn", "Неверный ИНН (контрольные цифры)"),
    Rule::error("opk.bad-count", "Не количество в графе-количестве"),
    Rule::error("opk.bad-date", "Неверная дата"),
    Rule::error("opk.bad-choice", "Значение не из списка графы"),
    Rule::error("opk.bad-week", "Дата в имени файла — не пятница"),
    Rule::warning("opk.unknown-file", "Файл в data/opk не похож на отчёт"),
    Rule::error("opk.duplicate-file", "Два файла одной формы за неделю"),
    Rule::error("opk.log", "Ошибка в data/opk/log.yaml"),
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
    rules().into_iter().find(|r| r.id == id).map(|r| r.about)
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
