//! Cross-checks: form 3 against form 2, and target training against the graduates' contracts.

use super::{col_ru, Ctx};
use crate::check::monitoring::track::{enterprise_key, inn_in};
use crate::diag::{Finding, Place};
use crate::model::monitoring::Cohort;
use crate::model::opk::{ColumnType, FormKind, FormLayout, OpkForm, OpkRow};
use std::collections::BTreeMap;

/// Form 3 agrees with form 2 («соответствие данных по Форме 2»): for each enterprise of the
/// week, every count column of form 3 whose role form 2 also has equals the sum of form 2's
/// rows of that ИНН; enterprises appear on both forms. The differing cells are named.
pub fn form3_mismatch(ctx: &Ctx) -> Vec<Finding> {
    let l2 = ctx.layout(FormKind::Form2);
    let l3 = ctx.layout(FormKind::Form3);
    let shared: Vec<&str> = l3
        .columns
        .iter()
        .filter(|c| c.kind == ColumnType::Count)
        .filter(|c| {
            l2.column(&c.role)
                .is_some_and(|c2| c2.kind == ColumnType::Count)
        })
        .map(|c| c.role.as_str())
        .collect();
    let mut out = Vec::new();
    for r in &ctx.opk.reports {
        let week = crate::format::date_ru(r.week);
        let (f2, f3) = match (&r.form2, &r.form3) {
            (Some(a), Some(b)) => (a, b),
            (Some(a), None) => {
                out.push(Finding::warning(
                    "opk.form3-mismatch",
                    Place::file(&a.file),
                    format!("За неделю {week} есть Форма 2, но нет Формы 3: добавьте файл {}-form3.csv.", r.week),
                ));
                continue;
            }
            (None, Some(b)) => {
                out.push(Finding::warning(
                    "opk.form3-mismatch",
                    Place::file(&b.file),
                    format!("За неделю {week} есть Форма 3, но нет Формы 2: добавьте файл {}-form2.csv.", r.week),
                ));
                continue;
            }
            (None, None) => continue,
        };
        let rows2 = by_inn(f2, l2);
        let rows3 = by_inn(f3, l3);
        for (inn, rs) in &rows3 {
            let row3 = rs[0];
            let Some(rs2) = rows2.get(inn) else {
                out.push(Finding::warning(
                    "opk.form3-mismatch",
                    Place::line(&f3.file, row3.line),
                    format!("Предприятия с ИНН {inn} нет в Форме 2 за {week} ({}). Форма 3 заполняется по предприятиям Формы 2.", f2.file),
                ));
                continue;
            };
            let mut diffs = Vec::new();
            for role in &shared {
                let v3 = row3.count(l3, role).unwrap_or(0);
                let v2: u32 = rs2.iter().map(|r| r.count(l2, role).unwrap_or(0)).sum();
                if v3 != v2 {
                    let lines: Vec<String> = rs2.iter().map(|r| r.line.to_string()).collect();
                    diffs.push(format!(
                        "{} = {v3}, а по Форме 2 ({}, строки {}) — {v2}",
                        col_ru(l3, role),
                        col_ru(l2, role),
                        lines.join(", ")
                    ));
                }
            }
            if !diffs.is_empty() {
                out.push(Finding::warning(
                    "opk.form3-mismatch",
                    Place::line(&f3.file, row3.line),
                    format!(
                        "Форма 3 не соответствует Форме 2 за {week} по ИНН {inn}: {}. Исправьте Форму 3 (или Форму 2, если ошибка в ней).",
                        diffs.join("; ")
                    ),
                ));
            }
        }
        for (inn, rs2) in &rows2 {
            if !rows3.contains_key(inn) {
                out.push(Finding::warning(
                    "opk.form3-mismatch",
                    Place::line(&f2.file, rs2[0].line),
                    format!("Предприятия с ИНН {inn} из Формы 2 нет в Форме 3 за {week} ({}). Добавьте его строку в Форму 3.", f3.file),
                ));
            }
        }
    }
    out
}

/// Rows of `f` grouped by ИНН.
fn by_inn<'a>(f: &'a OpkForm, l: &FormLayout) -> BTreeMap<String, Vec<&'a OpkRow>> {
    let mut m: BTreeMap<String, Vec<&OpkRow>> = BTreeMap::new();
    for row in &f.rows {
        m.entry(row.get(l, "inn").to_string())
            .or_default()
            .push(row);
    }
    m
}

/// The latest form 2 and the cohort of its year (or the latest cohort), when the form's layout
/// has the column `field` at all.
fn latest_form2_and_cohort<'a>(
    ctx: &'a Ctx,
    l: &FormLayout,
    field: &str,
) -> Option<(&'a OpkForm, &'a Cohort)> {
    l.index_of(field)?;
    let (report, form) = ctx
        .opk
        .reports
        .iter()
        .rev()
        .find_map(|r| r.form2.as_ref().map(|f| (r, f)))?;
    let year = report.week.year();
    let cohort = ctx
        .m
        .cohorts
        .iter()
        .find(|c| c.year == year)
        .or_else(|| ctx.m.cohorts.iter().max_by_key(|c| c.year))?;
    Some((form, cohort))
}

/// Target training shown on form 2 agrees with the graduates' target contracts: an enterprise
/// counting target-training students has such contracts in `graduates-YYYY`, and an enterprise
/// with contracts does not show zero. Checked on the latest report against the cohort of its
/// year (or the latest cohort).
pub fn target_training(ctx: &Ctx) -> Vec<Finding> {
    let l = ctx.layout(FormKind::Form2);
    let Some((form, cohort)) = latest_form2_and_cohort(ctx, l, "target_training") else {
        return Vec::new();
    };
    // ИНН → (name, first line, target total).
    let mut ents: BTreeMap<&str, (&str, usize, u32)> = BTreeMap::new();
    for row in &form.rows {
        let e = ents
            .entry(row.get(l, "inn"))
            .or_insert((row.get(l, "enterprise"), row.line, 0));
        e.2 += row.count(l, "target_training").unwrap_or(0);
    }
    let mut out = Vec::new();
    let col = col_ru(l, "target_training");
    for (inn, (name, line, shown)) in ents {
        let key = enterprise_key(name);
        let contracts = cohort
            .graduates
            .iter()
            .filter_map(|g| g.target_contract.as_deref())
            .filter(|c| match inn_in(c) {
                Some(i) => i == inn,
                None => !key.is_empty() && enterprise_key(c) == key,
            })
            .count();
        let msg = if shown > 0 && contracts == 0 {
            format!("{col}: {shown} чел. у «{name}», но в {} нет ни одного целевого договора с этим предприятием. Проверьте графу или внесите договоры в список выпускников.", cohort.graduates_file)
        } else if shown == 0 && contracts > 0 {
            format!("{col}: 0 у «{name}», а в {} {contracts} выпускник(ов) с целевым договором с этим предприятием. Отразите целевое обучение в форме.", cohort.graduates_file)
        } else {
            continue;
        };
        out.push(Finding::warning(
            "opk.target-training",
            Place::line(&form.file, line),
            msg,
        ));
    }
    out
}

/// Dual training shown on the latest form 2 needs graduates in dual training in the cohort of
/// its year (the graduate list does not name the dual enterprise, so only the total is checked).
pub fn dual_training(ctx: &Ctx) -> Vec<Finding> {
    let l = ctx.layout(FormKind::Form2);
    let Some((form, cohort)) = latest_form2_and_cohort(ctx, l, "dual_training") else {
        return Vec::new();
    };
    let shown: Vec<(&OpkRow, u32)> = form
        .rows
        .iter()
        .map(|r| (r, r.count(l, "dual_training").unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .collect();
    let total: u32 = shown.iter().map(|(_, n)| n).sum();
    if total == 0 || cohort.graduates.iter().any(|g| g.dual) {
        return Vec::new();
    }
    vec![Finding::warning(
        "opk.dual-training",
        Place::line(&form.file, shown[0].0.line),
        format!(
            "{}: всего {total} чел. на дуальном обучении, но в {} ни у одного выпускника не отмечено «Дуальное обучение». Проверьте графу или список выпускников.",
            col_ru(l, "dual_training"),
            cohort.graduates_file
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use jiff::civil::date;

    #[test]
    fn form3_disagrees_with_form2_names_the_cells() {
        // Form 2: two rows of the enterprise, 3 + 4 workplaces; form 3 says 5.
        let row2 = F2_ROW.replace(";Токарь;3;", ";Фрезеровщик;4;");
        let f2 = format!("{F2_HEAD}{F2_ROW}{row2}");
        let f3 = format!("{F3_HEAD}Самарская область;7707083893;АО «Завод»;5;2;4;2;0;;\n");
        let (opk, _) = load_opk(
            &[("2023-09-01-form2.csv", &f2), ("2023-09-01-form3.csv", &f3)],
            None,
        );
        let f = run_rule("opk.form3-mismatch", &opk, &monitoring(), date(2023, 9, 1));
        assert_eq!(f.len(), 1, "{f:?}");
        let m = &f[0].message;
        assert!(
            m.contains("графа 4 «Количество рабочих мест, всего» = 5"),
            "{m}"
        );
        assert!(
            m.contains("(графа 7 «Количество рабочих мест», строки 2, 3) — 7"),
            "{m}"
        );
        // Employed (1+1=2), practice (2+2=4), target (1+1=2) agree: not named.
        assert!(
            !m.contains("графа 5") && !m.contains("графа 6") && !m.contains("графа 7 «Целевое"),
            "{m}"
        );
        assert_eq!(f[0].place.file, "data/opk/2023-09-01-form3.csv");
    }

    #[test]
    fn enterprise_on_one_form_only() {
        let f3 = format!("{F3_HEAD}Самарская область;500100732259;ИП Иванов;0;0;0;0;0;;\n");
        let (opk, _) = load_opk(
            &[
                ("2023-09-01-form2.csv", &format!("{F2_HEAD}{F2_ROW}")),
                ("2023-09-01-form3.csv", &f3),
            ],
            None,
        );
        let f = run_rule("opk.form3-mismatch", &opk, &monitoring(), date(2023, 9, 1));
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f
            .iter()
            .any(|f| f.message.contains("500100732259") && f.message.contains("нет в Форме 2")));
        assert!(f
            .iter()
            .any(|f| f.message.contains("7707083893") && f.message.contains("нет в Форме 3")));
    }

    #[test]
    fn form3_missing_for_a_week() {
        let (opk, _) = load_opk(
            &[("2023-09-01-form2.csv", &format!("{F2_HEAD}{F2_ROW}"))],
            None,
        );
        let f = run_rule("opk.form3-mismatch", &opk, &monitoring(), date(2023, 9, 1));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("нет Формы 3"));
    }

    fn with_contract(contract: Option<&str>) -> crate::model::monitoring::Monitoring {
        let mut m = monitoring();
        let g = crate::model::graduate::Graduate {
            id: "2023-001".into(),
            target_contract: contract.map(str::to_string),
            ..Default::default()
        };
        m.cohorts.push(crate::model::monitoring::Cohort {
            year: 2023,
            graduates_file: "data/monitoring/graduates-2023.csv".into(),
            graduates: vec![g],
            tracks: vec![Default::default()],
            ..Default::default()
        });
        m
    }

    #[test]
    fn dual_training_needs_dual_graduates() {
        let row = F2_ROW.replace(";0;1;0;Да", ";0;1;2;Да");
        let (opk, _) = load_opk(
            &[("2023-09-01-form2.csv", &format!("{F2_HEAD}{row}"))],
            None,
        );
        let f = run_rule(
            "opk.dual-training",
            &opk,
            &with_contract(None),
            date(2023, 9, 1),
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("графа 14") && f[0].message.contains("всего 2"));
        let mut m = with_contract(None);
        m.cohorts[0].graduates[0].dual = true;
        assert!(run_rule("opk.dual-training", &opk, &m, date(2023, 9, 1)).is_empty());
    }

    #[test]
    fn target_training_both_ways() {
        let (opk1, _) = load_opk(
            &[("2023-09-01-form2.csv", &format!("{F2_HEAD}{F2_ROW}"))],
            None,
        );
        // Shown 1, no contract.
        let f = run_rule(
            "opk.target-training",
            &opk1,
            &with_contract(None),
            date(2023, 9, 1),
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("графа 13") && f[0].message.contains("нет ни одного"));
        // Shown 1, a contract by name (quotes and legal form ignored): fine.
        let f = run_rule(
            "opk.target-training",
            &opk1,
            &with_contract(Some("Акционерное общество \"Завод\"")),
            date(2023, 9, 1),
        );
        assert!(f.is_empty(), "{f:?}");
        // Shown 0, a contract by ИНН.
        let row = F2_ROW.replace(";0;1;0;Да", ";0;0;0;Да");
        let (opk0, _) = load_opk(
            &[("2023-09-01-form2.csv", &format!("{F2_HEAD}{row}"))],
            None,
        );
        let f = run_rule(
            "opk.target-training",
            &opk0,
            &with_contract(Some("ИНН 7707083893")),
            date(2023, 9, 1),
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("1 выпускник"));
    }
}
