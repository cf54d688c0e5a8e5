//! The work plan (seed task 1: «Формирование, утверждение и размещение плана работы … до
//! 01.09»), and its actions on `as_of`: overdue ones and those due soon.

use super::Ctx;
use crate::diag::{Finding, Place};
use crate::format::date_ru;
use crate::load::plan::PLAN_FILE;
use crate::model::plan::{academic_year_of, first_year, Due, Plan};

fn current(ctx: &Ctx) -> String {
    academic_year_of(ctx.as_of)
}

/// The plan, when it is the current year's (the year rule reports the others).
fn current_plan<'a>(ctx: &'a Ctx) -> Option<&'a Plan> {
    ctx.year
        .plan
        .as_ref()
        .filter(|p| first_year(&p.academic_year) == first_year(&current(ctx)))
}

fn top(plan: &Plan) -> Place {
    Place::line(&plan.file, 1)
}

/// `plan.missing`
pub fn missing(ctx: &Ctx) -> Vec<Finding> {
    if ctx.year.plan.is_some() {
        return vec![];
    }
    vec![Finding::warning(
        "plan.missing",
        Place::file(PLAN_FILE),
        format!(
            "Нет плана работы ЦСТВ на {} учебный год: создайте {PLAN_FILE} (задачи, действия, сроки, ответственные) — план утверждается и размещается в разделе до {}.",
            current(ctx),
            ctx.config.rules.plan_publish_by
        ),
    )]
}

/// `plan.other-year`: a plan of last year passes no check.
pub fn other_year(ctx: &Ctx) -> Vec<Finding> {
    let Some(p) = &ctx.year.plan else {
        return vec![];
    };
    if current_plan(ctx).is_some() {
        return vec![];
    }
    vec![Finding::error(
        "plan.other-year",
        top(p),
        format!(
            "План работы составлен на {} учебный год, а на {} идёт {} учебный год: составьте, утвердите и разместите план на текущий год (academic_year: {}).",
            p.academic_year,
            date_ru(ctx.as_of),
            current(ctx),
            current(ctx)
        ),
    )]
}

/// `plan.not-approved`: the «УТВЕРЖДАЮ» block needs a date and who approved.
pub fn not_approved(ctx: &Ctx) -> Vec<Finding> {
    let Some(p) = &ctx.year.plan else {
        return vec![];
    };
    let mut missing = Vec::new();
    match &p.approved {
        None => missing.push("дата и кто утвердил (approved: {date, by, position})"),
        Some(a) => {
            if a.date.is_none() {
                missing.push("дата утверждения (approved.date)");
            }
            if a.by.trim().is_empty() {
                missing.push("кто утвердил (approved.by)");
            }
            if a.position.trim().is_empty() {
                missing.push("должность утвердившего (approved.position)");
            }
        }
    }
    if missing.is_empty() {
        return vec![];
    }
    vec![Finding::error(
        "plan.not-approved",
        top(p),
        format!(
            "План работы не утверждён: не указаны {}. План утверждает руководитель колледжа.",
            missing.join(", ")
        ),
    )]
}

/// `plan.published-late`: approved and published by 01.09 of the plan's year.
pub fn published_late(ctx: &Ctx) -> Vec<Finding> {
    let Some(p) = current_plan(ctx) else {
        return vec![];
    };
    let Some(y) = first_year(&p.academic_year) else {
        return vec![];
    };
    let due = ctx.config.rules.plan_publish_date(y);
    let approved = p.approved.as_ref().and_then(|a| a.date).map(|d| d.0);
    let mut out = Vec::new();
    match p.published.map(|d| d.0) {
        None if ctx.as_of >= due => out.push(format!(
            "Не указана дата размещения плана в разделе (published), а срок — до {}",
            date_ru(due)
        )),
        Some(d) if d > due => out.push(format!(
            "План размещён {}, позже срока {}",
            date_ru(d),
            date_ru(due)
        )),
        Some(d) if approved.is_some_and(|a| d < a) => out.push(format!(
            "План размещён {} — раньше, чем утверждён",
            date_ru(d)
        )),
        _ => {}
    }
    if let Some(a) = approved.filter(|a| *a > due) {
        out.push(format!(
            "План утверждён {}, позже срока {}",
            date_ru(a),
            date_ru(due)
        ));
    }
    out.into_iter()
        .map(|m| {
            Finding::warning(
                "plan.published-late",
                top(p),
                format!(
                    "{m}. План работы ЦСТВ утверждается и размещается в разделе до {}.",
                    date_ru(due)
                ),
            )
        })
        .collect()
}

fn due_findings(ctx: &Ctx, overdue: bool) -> Vec<Finding> {
    let Some(p) = current_plan(ctx) else {
        return vec![];
    };
    let Some(period) = p.period() else {
        return vec![];
    };
    let soon = i64::from(ctx.config.rules.plan_due_soon_days);
    p.actions()
        .filter_map(|(t, a)| {
            let place = Place::line(&p.file, a.line);
            let what = format!("Задача {}: «{}» (срок: {})", t.task, a.action.trim(), a.deadline.label_ru());
            match a.due_on(ctx.as_of, period, soon) {
                Due::Overdue { on } if overdue => Some(Finding::warning(
                    "plan.overdue",
                    place,
                    format!(
                        "{what} — срок {} прошёл, а действие не отмечено выполненным. Выполните его и укажите status: {{ done: ДД.ММ.ГГГГ }} и подтверждение (evidence), или отмените (status: cancelled).",
                        date_ru(on)
                    ),
                )),
                Due::Soon { on } if !overdue => Some(Finding::info(
                    "plan.due-soon",
                    place,
                    format!("{what} — срок {} наступает через {} дн.", date_ru(on), ctx.as_of.until(on).map_or(0, |s| s.get_days())),
                )),
                _ => None,
            }
        })
        .collect()
}

/// `plan.overdue`
pub fn overdue(ctx: &Ctx) -> Vec<Finding> {
    due_findings(ctx, true)
}

/// `plan.due-soon`
pub fn due_soon(ctx: &Ctx) -> Vec<Finding> {
    due_findings(ctx, false)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{d, run_rule};
    use crate::model::year::CentreYear;

    const PLAN: &str = "academic_year: 2023-2024\ntitle: План\napproved: { date: 31.08.2023, by: Ковалёва Н. В., position: Директор }\npublished: 31.08.2023\ntasks:\n  - task: 1\n    title: Задача\n    actions:\n      - deadline: { by: 20.12.2023 }\n        action: Сверка\n      - deadline: { monthly: { day: 1 } }\n        action: Мониторинг\n        status: { done: 29.11.2023 }\n      - deadline: { by: 01.12.2023 }\n        action: Отчёт\n        status: { done: 30.11.2023 }\n";

    fn year(text: &str) -> CentreYear {
        let mut fs = Vec::new();
        let plan = crate::load::plan::parse(text, "data/plan.yaml", &mut fs);
        assert!(fs.is_empty(), "{fs:?}");
        CentreYear {
            plan,
            ..Default::default()
        }
    }

    #[test]
    fn good_plan_passes() {
        let y = year(PLAN);
        for id in [
            "plan.missing",
            "plan.other-year",
            "plan.not-approved",
            "plan.published-late",
            "plan.overdue",
        ] {
            assert!(run_rule(id, &y, d(2023, 12, 15)).is_empty(), "{id}");
        }
    }

    #[test]
    fn missing_plan() {
        let f = run_rule("plan.missing", &CentreYear::default(), d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("2023-2024"));
    }

    #[test]
    fn last_years_plan_is_an_error() {
        let y = year(
            &PLAN
                .replace("2023-2024", "2022-2023")
                .replace("31.08.2023", "31.08.2022"),
        );
        let f = run_rule("plan.other-year", &y, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, crate::diag::Severity::Error);
        assert!(f[0].message.contains("2022-2023") && f[0].message.contains("2023-2024"));
        // Its actions are not judged as this year's.
        assert!(run_rule("plan.overdue", &y, d(2023, 12, 15)).is_empty());
    }

    #[test]
    fn unapproved_plan() {
        let y = year(&PLAN.replace(
            "approved: { date: 31.08.2023, by: Ковалёва Н. В., position: Директор }\n",
            "",
        ));
        let f = run_rule("plan.not-approved", &y, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        let y = year(&PLAN.replace("date: 31.08.2023, ", ""));
        let f = run_rule("plan.not-approved", &y, d(2023, 12, 15));
        assert!(f[0].message.contains("approved.date"), "{}", f[0].message);
    }

    #[test]
    fn late_publication() {
        let y = year(&PLAN.replace("published: 31.08.2023", "published: 15.09.2023"));
        let f = run_rule("plan.published-late", &y, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.starts_with("План размещён 15.09.2023"),
            "{}",
            f[0].message
        );
        let y = year(&PLAN.replace("published: 31.08.2023\n", ""));
        assert_eq!(
            run_rule("plan.published-late", &y, d(2023, 12, 15)).len(),
            1
        );
    }

    #[test]
    fn overdue_and_due_soon() {
        let y = year(PLAN);
        let f = run_rule("plan.due-soon", &y, d(2023, 12, 15));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("Сверка") && f[0].message.contains("через 5 дн."));
        let f = run_rule("plan.overdue", &y, d(2023, 12, 21));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("20.12.2023"));
        assert_eq!(f[0].place.line, Some(10));
        // The monthly update last done 29.11 misses 01.01.
        let f = run_rule("plan.overdue", &y, d(2024, 1, 5));
        assert_eq!(f.len(), 2, "{f:?}");
    }
}
