//! Rules over single form-2 rows, and the ИНН ↔ name check over both forms.

use super::{at, col_ru, Ctx};
use crate::diag::Finding;
use crate::model::opk::{yes_no, FormKind};
use crate::model::specialty::split_code;
use std::collections::BTreeMap;

/// A row saying the enterprise has no need leaves the need columns empty (the regional form).
fn no_need(ctx: &Ctx, row: &crate::model::opk::OpkRow) -> bool {
    let l = ctx.layout(FormKind::Form2);
    crate::model::channel::normalize(row.get(l, "need_status")).contains("отсутствует")
}

/// Col. 8: the specialty is mandatory and is a code of the specialty table.
pub fn specialty(ctx: &Ctx) -> Vec<Finding> {
    let l = ctx.layout(FormKind::Form2);
    let col = col_ru(l, "specialty");
    let mut out = Vec::new();
    for (_, form, row) in ctx.rows(FormKind::Form2) {
        if no_need(ctx, row) {
            continue;
        }
        let cell = row.get(l, "specialty");
        let msg = if cell.is_empty() {
            format!("{col} не заполнена: направление подготовки указывается обязательно. Впишите код и наименование специальности (например, «15.01.05 Сварщик»).")
        } else {
            match split_code(cell) {
                Err(e) => format!("{col}: «{cell}» — {e}."),
                Ok((code, _))
                    if !ctx.m.specialties.items.is_empty()
                        && ctx.m.specialties.get(code).is_none() =>
                {
                    format!("{col}: специальности {code} нет в справочнике специальностей ({}). Проверьте код или добавьте специальность в справочник.", ctx.m.specialties.file)
                }
                Ok(_) => continue,
            }
        };
        out.push(Finding::warning("opk.specialty", at(form, row), msg));
    }
    out
}

/// Col. 10: students who finished production practice by the report date are not counted.
pub fn practice_finished(ctx: &Ctx) -> Vec<Finding> {
    let l = ctx.layout(FormKind::Form2);
    let mut out = Vec::new();
    for (report, form, row) in ctx.rows(FormKind::Form2) {
        let n = row.count(l, "practice_students").unwrap_or(0);
        if n == 0 {
            continue;
        }
        let Ok(end) = crate::format::parse_date(row.get(l, "practice_end")) else {
            continue;
        };
        if end < report.week {
            out.push(Finding::warning(
                "opk.practice-finished",
                at(form, row),
                format!(
                    "{}: {n} чел., но практика окончена {} — раньше отчётной даты {}. Завершившие производственную практику не учитываются: поставьте 0 или уберите их.",
                    col_ru(l, "practice_students"),
                    crate::format::date_ru(end),
                    crate::format::date_ru(report.week)
                ),
            ));
        }
    }
    out
}

/// Cols 15–17: social support exactly «Да» or «Нет» (any case and spaces).
pub fn social_support(ctx: &Ctx) -> Vec<Finding> {
    let l = ctx.layout(FormKind::Form2);
    let cols: Vec<usize> = l
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.role.starts_with("social_support"))
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    for (_, form, row) in ctx.rows(FormKind::Form2) {
        for &i in &cols {
            let cell = row.cells.get(i).map(String::as_str).unwrap_or("");
            if yes_no(cell).is_none() {
                let c = &l.columns[i];
                let what = if cell.is_empty() {
                    "не заполнена".to_string()
                } else {
                    format!("«{cell}»")
                };
                out.push(Finding::warning(
                    "opk.social-support",
                    at(form, row),
                    format!(
                        "Графа {} «{}»: {what}. Социальная поддержка от предприятия заполняется обязательно, только «Да» или «Нет».",
                        c.number, c.heading
                    ),
                ));
            }
        }
    }
    out
}

/// One ИНН, one name: a second spelling of the enterprise name is a finding (on both forms).
pub fn inn_name(ctx: &Ctx) -> Vec<Finding> {
    let mut first: BTreeMap<String, (String, String, usize)> = BTreeMap::new();
    let mut out = Vec::new();
    for kind in [FormKind::Form2, FormKind::Form3] {
        let l = ctx.layout(kind);
        for (_, form, row) in ctx.rows(kind) {
            let inn = row.get(l, "inn");
            let name = row.get(l, "enterprise");
            if inn.is_empty() || name.is_empty() {
                continue;
            }
            let spelled = name.split_whitespace().collect::<Vec<_>>().join(" ");
            match first.get(inn) {
                None => {
                    first.insert(inn.to_string(), (spelled, form.file.clone(), row.line));
                }
                Some((n, file, line)) if *n != spelled => out.push(Finding::warning(
                    "opk.inn-name",
                    at(form, row),
                    format!(
                        "Существует другое написание названия организации для ИНН {inn}: здесь «{spelled}», а в {file}:{line} — «{n}». Пишите наименование одинаково во всех строках и неделях."
                    ),
                )),
                Some(_) => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use jiff::civil::date;

    fn f2(rows: &str) -> String {
        format!("{F2_HEAD}{rows}")
    }

    #[test]
    fn clean_row_passes_every_rule() {
        let (opk, load) = load_opk(
            &[
                ("2023-09-01-form2.csv", &f2(F2_ROW)),
                ("2023-09-01-form3.csv", &format!("{F3_HEAD}{F3_ROW}")),
            ],
            None,
        );
        assert!(load.is_empty(), "{load:?}");
        let m = monitoring();
        for r in super::super::RULES {
            if r.id.starts_with("opk.missing") || r.id == "opk.late" {
                continue;
            }
            let f = run_rule(r.id, &opk, &m, date(2023, 9, 1));
            assert!(f.is_empty(), "{}: {f:?}", r.id);
        }
    }

    #[test]
    fn specialty_missing_and_unknown() {
        let rows = F2_ROW.replace("15.01.05 Сварщик", "")
            + &F2_ROW.replace("15.01.05 Сварщик", "99.99.99 Нет такой");
        let (opk, _) = load_opk(&[("2023-09-01-form2.csv", &f2(&rows))], None);
        let f = run_rule("opk.specialty", &opk, &monitoring(), date(2023, 9, 1));
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].message.starts_with("Графа 8") || f[0].message.starts_with("графа 8"));
        assert_eq!(f[0].place.line, Some(2));
        assert!(f[1].message.contains("99.99.99"));
    }

    #[test]
    fn specialty_rule_follows_a_moved_column() {
        // The template swaps columns 8 and 9: the rule reads the new column 9 by role.
        let layout = include_str!("../../../data/reference/opk-layout.yaml")
            .replace(
                "{number: 8, heading: \"Направление",
                "{number: 99, heading: \"Направление",
            )
            .replace(
                "{number: 9, heading: \"Трудоустроено",
                "{number: 8, heading: \"Трудоустроено",
            )
            .replace(
                "{number: 99, heading: \"Направление",
                "{number: 9, heading: \"Направление",
            );
        // Data in the new order: col 8 employed (1), col 9 specialty (empty).
        let row = F2_ROW.replace("15.01.05 Сварщик;1", "1;");
        let (opk, load) = load_opk(&[("2023-09-01-form2.csv", &f2(&row))], Some(&layout));
        assert!(load.is_empty(), "{load:?}");
        assert_eq!(opk.layout.form2.columns[7].role, "employed");
        let f = run_rule("opk.specialty", &opk, &monitoring(), date(2023, 9, 1));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].message.starts_with("графа 9 «Направление"),
            "{}",
            f[0].message
        );
        // And the same file read with the bundled layout has a specialty «1»: a bad code.
        let (opk, _) = load_opk(&[("2023-09-01-form2.csv", &f2(&row))], None);
        let f = run_rule("opk.specialty", &opk, &monitoring(), date(2023, 9, 1));
        assert!(
            f[0].message.contains("графа 8") && f[0].message.contains("«1»"),
            "{f:?}"
        );
    }

    #[test]
    fn renamed_heading_is_the_header() {
        // Headers may be the headings themselves; a renamed heading is found under its new name.
        let layout = include_str!("../../../data/reference/opk-layout.yaml").replace(
            "Направление подготовки (код и наименование специальности)",
            "Специальность (код)",
        );
        let l = crate::load::opk::parse_layout(&layout, "x").unwrap();
        let head: Vec<&str> = l.form2.columns.iter().map(|c| c.heading.as_str()).collect();
        let row = F2_ROW.replace("15.01.05 Сварщик", "");
        let text = format!("{}\n{row}", head.join(";"));
        let (opk, load) = load_opk(&[("2023-09-01-form2.csv", &text)], Some(&layout));
        assert!(load.is_empty(), "{load:?}");
        let f = run_rule("opk.specialty", &opk, &monitoring(), date(2023, 9, 1));
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.starts_with("графа 8 «Специальность (код)»"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn finished_practice_counted() {
        let row = F2_ROW.replace("30.06.2024", "25.08.2023");
        let (opk, _) = load_opk(&[("2023-09-01-form2.csv", &f2(&row))], None);
        let f = run_rule(
            "opk.practice-finished",
            &opk,
            &monitoring(),
            date(2023, 9, 1),
        );
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("графа 10") && f[0].message.contains("2 чел."),
            "{}",
            f[0].message
        );
        // Ends on the report date itself: still on practice.
        let row = F2_ROW.replace("30.06.2024", "01.09.2023");
        let (opk, _) = load_opk(&[("2023-09-01-form2.csv", &f2(&row))], None);
        assert!(run_rule(
            "opk.practice-finished",
            &opk,
            &monitoring(),
            date(2023, 9, 1)
        )
        .is_empty());
    }

    #[test]
    fn social_support_yes_no_normalised() {
        let ok = F2_ROW.replace("Да;Нет;Да", " ДА ;нет; да");
        let bad = F2_ROW.replace("Да;Нет;Да", "Да;есть;");
        let (opk, _) = load_opk(&[("2023-09-01-form2.csv", &f2(&(ok + &bad)))], None);
        let f = run_rule("opk.social-support", &opk, &monitoring(), date(2023, 9, 1));
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|f| f.place.line == Some(3)));
        assert!(f[0].message.starts_with("Графа 16") && f[0].message.contains("«есть»"));
        assert!(f[1].message.starts_with("Графа 17") && f[1].message.contains("не заполнена"));
    }

    #[test]
    fn one_inn_two_names() {
        let other = F2_ROW.replace("АО «Завод»", "АО \"Завод\"");
        let (opk, _) = load_opk(
            &[(
                "2023-09-01-form2.csv",
                &f2(&(F2_ROW.to_string() + F2_ROW + &other)),
            )],
            None,
        );
        let f = run_rule("opk.inn-name", &opk, &monitoring(), date(2023, 9, 1));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].place.line, Some(4));
        assert!(f[0].message.contains("7707083893"));
    }

    #[test]
    fn bad_inn_is_a_load_error() {
        let row = F2_ROW.replace("7707083893", "7707083894");
        let (_, load) = load_opk(&[("2023-09-01-form2.csv", &f2(&row))], None);
        assert!(
            load.iter()
                .any(|f| f.rule == "opk.bad-inn" && f.place.line == Some(2)),
            "{load:?}"
        );
    }
}
