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
    Check { rule: Rule::warning("opk.specialty", "Форма 2: направление подготовки (графа 8) указано и есть в справочнике специальностей").example("data/opk/2023-09-01-form2.csv:2: графа 8 «Направление подготовки (код и наименование специальности)»: «1» — код должен иметь вид NN.NN.NN, например 15.02.08.").seed("Задача 5: Форма 2. · обязательное указание направления подготовки -столбец 8"), run: rows::specialty },
    Check { rule: Rule::warning("opk.practice-finished", "Форма 2: студенты, завершившие производственную практику к отчётной дате, не учитываются (графа 10)").example("data/opk/2023-09-29-form2.csv:2: графа 10 «Студенты на производственной практике (без завершивших)»: 3 чел., но практика окончена 15.09.2023 — раньше отчётной даты 29.09.2023. Завершившие производственную практику не учитываются: поставьте 0 или уберите их.").seed("Задача 5: Форма 2. · не учитываются студенты, завершившие производственную практику по состоянию на отчетную дату-столбец 10"), run: rows::practice_finished },
    Check { rule: Rule::warning("opk.social-support", "Форма 2: социальная поддержка от предприятия — ровно «Да» или «Нет» (графы 15–17)").example("data/opk/2023-09-15-form2.csv:4: Графа 16 «Социальная поддержка: выплаты и компенсации»: «есть». Социальная поддержка от предприятия заполняется обязательно, только «Да» или «Нет».").seed("Задача 5: Форма 2. · обязательное заполнение данных (Да или НЕТ) информации по «социальной поддержке от предприятия» - столбцы 15, 16, 17"), run: rows::social_support },
    Check { rule: Rule::warning("opk.inn-name", "Один ИНН — одно написание наименования предприятия").example("data/opk/2023-09-01-form2.csv:4: Существует другое написание названия организации для ИНН 7707083893: здесь «АО \"Завод\"», а в data/opk/2023-09-01-form2.csv:2 — «АО «Завод»». Пишите наименование одинаково во всех строках и неделях."), run: rows::inn_name },
    Check { rule: Rule::warning("opk.target-training", "Форма 2: целевое обучение согласовано с целевыми договорами выпускников").example("data/opk/2023-09-01-form2.csv:2: графа 13 «Целевое обучение, человек»: 0 у «АО «Завод»», а в data/monitoring/graduates-2023.csv 1 выпускник(ов) с целевым договором с этим предприятием. Отразите целевое обучение в форме.").seed("Задача 5: Форма 2. · отражение и соответствие данных по целевому и дуальному обучению"), run: consistency::target_training },
    Check { rule: Rule::warning("opk.dual-training", "Форма 2: дуальное обучение согласовано со списком выпускников").example("data/opk/2023-09-01-form2.csv:2: графа 14 «Дуальное обучение, человек»: всего 2 чел. на дуальном обучении, но в data/monitoring/graduates-2023.csv ни у одного выпускника не отмечено «Дуальное обучение». Проверьте графу или список выпускников.").seed("Задача 5: Форма 2. · отражение и соответствие данных по целевому и дуальному обучению"), run: consistency::dual_training },
    Check { rule: Rule::warning("opk.form3-mismatch", "Форма 3 соответствует данным по Форме 2 (по каждому предприятию и графе)").example("data/opk/2023-10-06-form3.csv:2: Форма 3 не соответствует Форме 2 за 06.10.2023 по ИНН 6312001018: графа 4 «Количество рабочих мест, всего» = 7, а по Форме 2 (графа 7 «Количество рабочих мест», строки 2, 3) — 5. Исправьте Форму 3 (или Форму 2, если ошибка в ней).").seed("Задача 5: Форма 3. · соответствие  данных по Форме 2"), run: consistency::form3_mismatch },
    Check { rule: Rule::warning("opk.missing-week", "Отчёт ОПК (или сообщение «нет новой информации») есть за каждую пятницу").example("data/opk: Нет отчёта ОПК за пятницу 22.09.2023: ни файлов 2023-09-22-form2/-form3, ни отметки «нет новой информации» в data/opk/log.yaml. Если изменений не было, запишите в журнал no_news: true и время письма «Мониторинг ОПК».").seed("Задача 5: еженедельно до 12.00 пятницы — Актуализация данных по закрытию кадровой потребности предприятий ОПК по формам 2.3; при отсутствии новой информации проинформировать по эл. почте"), run: timeliness::missing_week },
    Check { rule: Rule::warning("opk.late", "Отчёт ОПК отправлен до 12:00 пятницы").example("data/opk/log.yaml:8: Отчёт ОПК за 08.09.2023 отправлен(о) 08.09.2023 в 13:45 — позже срока (12:00 пятницы).").seed("Задача 5: еженедельно до 12.00 пятницы — Актуализация данных по закрытию кадровой потребности предприятий ОПК по формам 2.3"), run: timeliness::late },
];

/// Input findings reported while loading (`load::opk`).
#[rustfmt::skip]
pub const LOAD_RULES: &[Rule] = &[
    Rule::error("opk.layout", "Справочник граф форм ОПК неверен").example("data/reference/opk-layout.yaml:5: Форма 2: номер графы 1 повторяется. У каждой графы свой номер."),
    Rule::error("opk.bad-inn", "Неверный ИНН (контрольные цифры)").example("data/opk/2023-09-01-form2.csv:2: Графа 2 «ИНН предприятия»: «7707083894» — неверный ИНН (10 или 12 цифр, контрольные цифры не сходятся). Сверьте ИНН с выпиской ЕГРЮЛ."),
    Rule::error("opk.bad-count", "Не количество в графе-количестве").example("data/opk/2023-09-01-form2.csv:2: Графа 7 «Количество рабочих мест»: «три» — не число; ожидается целое неотрицательное число."),
    Rule::error("opk.bad-date", "Неверная дата").example("data/opk/2023-09-01-form2.csv:2: Графа 11 «Дата окончания практики»: «31.02.2024» — такой даты нет в календаре: проверьте день и месяц."),
    Rule::error("opk.bad-choice", "Значение не из списка графы").example("data/opk/2023-09-01-form2.csv:2: Графа 4 «Наличие потребности»: «Может быть» — не из списка: «Потребность имеется», «Потребность отсутствует»."),
    Rule::error("opk.bad-week", "Дата в имени файла — не пятница").example("data/opk/2023-13-01-form2.csv: Дата в имени файла не читается: ожидается ГГГГ-ММ-ДД (например, 2023-09-01-form2.csv)."),
    Rule::warning("opk.unknown-file", "Файл в data/opk не похож на отчёт").example("data/opk/notes.txt: Файл не похож на еженедельный отчёт ОПК: назовите его ГГГГ-ММ-ДД-form2.csv или ГГГГ-ММ-ДД-form3.csv (дата — пятница отчёта; можно .xlsx)."),
    Rule::error("opk.duplicate-file", "Два файла одной формы за неделю").example("data/opk/2023-09-08-form2.csv: За неделю 08.09.2023 уже есть файл Форма 2: оставьте один (CSV или xlsx)."),
    Rule::error("opk.log", "Ошибка в data/opk/log.yaml").example("data/opk/log.yaml:1: until: «31.02.2023» — такой даты нет в календаре: проверьте день и месяц."),
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
