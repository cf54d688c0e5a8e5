//! The work plan on the site (a table generated from `data/plan.yaml`), as a print-ready
//! document with the «УТВЕРЖДАЮ» block, and as a calendar (`plan.ics`).

use super::reports::Report;
use super::OutFile;
use crate::config::Config;
use crate::format::{date_ru, date_ru_long};
use crate::model::plan::{ActionStatus, Deadline, Due, Plan};
use icalendar::{Calendar, Component, Property};
use jiff::civil::Date;
use serde::Serialize;
use serde_json::Value;

/// Where the calendar goes inside `output/`.
pub const ICS_PATH: &str = "site/plan.ics";

/// A task of the plan with its actions.
#[derive(Serialize)]
struct TaskRow<'a> {
    task: u32,
    title: &'a str,
    actions: Vec<ActionRow<'a>>,
}

/// An action of the plan as the table shows it.
#[derive(Serialize)]
struct ActionRow<'a> {
    deadline: String,
    /// The cohort it is for, empty when it is for none.
    cohort: String,
    action: &'a str,
    notes: &'a [String],
    responsible: &'a str,
    status: String,
    done: bool,
    cancelled: bool,
    /// Private: only in the report, never on the public page (absent there).
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<&'a str>,
    /// Private: «просрочено: срок …» / «скоро срок: …» (absent on the public page).
    #[serde(skip_serializing_if = "Option::is_none")]
    mark: Option<String>,
}

fn rows<'a>(plan: &'a Plan, config: &Config, as_of: Date, private: bool) -> Vec<TaskRow<'a>> {
    let period = plan.period();
    plan.tasks
        .iter()
        .map(|t| {
            let actions: Vec<ActionRow> = t
                .actions
                .iter()
                .map(|a| {
                    let due = period.map_or(Due::Nothing, |p| {
                        a.due_on(as_of, p, i64::from(config.rules.plan_due_soon_days))
                    });
                    let mark = match due {
                        Due::Overdue { on } => format!("просрочено: срок {}", date_ru(on)),
                        Due::Soon { on } => format!("скоро срок: {}", date_ru(on)),
                        Due::Nothing => String::new(),
                    };
                    ActionRow {
                        deadline: a.deadline.label_ru(),
                        cohort: a.cohort.map(|c| c.to_string()).unwrap_or_default(),
                        action: a.action.trim(),
                        notes: &a.notes,
                        responsible: &a.responsible,
                        status: a.status_ru(),
                        done: matches!(a.status, ActionStatus::Done(_)),
                        cancelled: a.status == ActionStatus::Cancelled,
                        evidence: private.then_some(a.evidence.as_str()),
                        mark: private.then_some(mark),
                    }
                })
                .collect();
            TaskRow {
                task: t.task,
                title: &t.title,
                actions,
            }
        })
        .collect()
}

/// Who approved the plan and when (the «УТВЕРЖДАЮ» block).
#[derive(Serialize)]
struct ApprovalCtx<'a> {
    date: String,
    /// «1 сентября 2023 г.»
    date_long: String,
    by: &'a str,
    position: &'a str,
}

fn approval(plan: &Plan) -> Option<ApprovalCtx<'_>> {
    plan.approved.as_ref().map(|a| ApprovalCtx {
        date: a.date.map(|d| date_ru(d.0)).unwrap_or_default(),
        date_long: a.date.map(|d| date_ru_long(d.0)).unwrap_or_default(),
        by: &a.by,
        position: &a.position,
    })
}

/// `data.plan` without a plan: `exists: false` only.
#[derive(Serialize)]
struct NoPlan {
    exists: bool,
}

/// `data.plan` on public pages.
#[derive(Serialize)]
struct PlanData<'a> {
    /// Always `true`: pages test it.
    exists: bool,
    academic_year: &'a str,
    title: &'a str,
    approved: Option<ApprovalCtx<'a>>,
    published: String,
    tasks: Vec<TaskRow<'a>>,
    task_count: usize,
    action_count: usize,
    /// The calendar's file name beside the page.
    ics: &'static str,
}

/// `data.plan` for the public page: the plan as it is, with no private marks.
pub fn public(plan: Option<&Plan>, config: &Config, as_of: Date) -> Value {
    let Some(p) = plan else {
        return super::data_value(&NoPlan { exists: false });
    };
    super::data_value(&PlanData {
        exists: true,
        academic_year: &p.academic_year,
        title: &p.title,
        approved: approval(p),
        published: p.published.map(|d| date_ru(d.0)).unwrap_or_default(),
        tasks: rows(p, config, as_of, false),
        task_count: p.tasks.len(),
        action_count: p.actions().count(),
        ics: "plan.ics",
    })
}

/// `report.data` of the plan report.
#[derive(Serialize)]
struct PlanReportData<'a> {
    academic_year: &'a str,
    approved: Option<ApprovalCtx<'a>>,
    tasks: Vec<TaskRow<'a>>,
}

/// The print-ready plan with the approval block and a status column.
pub fn report(plan: Option<&Plan>, config: &Config, as_of: Date) -> Option<Report> {
    let p = plan?;
    Some(Report {
        slug: format!("plan-{}", p.academic_year),
        title: p.title.clone(),
        group: "Работа центра".into(),
        template: "reports/plan.html".into(),
        landscape: false,
        signed: false,
        data: super::data_value(&PlanReportData {
            academic_year: &p.academic_year,
            approved: approval(p),
            tasks: rows(p, config, as_of, true),
        }),
    })
}

fn ical_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn date_prop(key: &str, d: Date) -> Property {
    let mut p = Property::new(key, ical_date(d));
    p.add_parameter("VALUE", "DATE");
    p
}

/// The plan's deadlines as an iCalendar file: one-off deadlines as all-day events, monthly
/// and weekly ones as recurring events until the end of the plan's period. «Весь период» and
/// «по запросу» have no date and are left out. UIDs and DTSTAMP come from the data and
/// `as_of`, so the file is the same on every build.
pub fn ics(plan: Option<&Plan>, config: &Config, as_of: Date) -> Option<OutFile> {
    let p = plan?;
    let period = p.period()?;
    let host = config
        .base_url
        .split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .filter(|h| !h.is_empty())
        .unwrap_or("vypusk.local");
    let stamp = format!("{}T000000Z", ical_date(as_of));
    let mut cal = Calendar::new();
    cal.name(&p.title);
    for (ti, t) in p.tasks.iter().enumerate() {
        for (ai, a) in t.actions.iter().enumerate() {
            if a.status == ActionStatus::Cancelled {
                continue;
            }
            let mut e = icalendar::Event::new();
            e.uid(&format!(
                "plan-{}-t{}-a{}@{host}",
                p.academic_year,
                ti + 1,
                ai + 1
            ));
            e.add_property("DTSTAMP", &stamp);
            e.summary(&format!(
                "{} ({})",
                a.action.lines().next().unwrap_or("").trim(),
                a.deadline.label_ru()
            ));
            let mut desc = format!("Задача {}. {}", t.task, t.title);
            if !a.responsible.is_empty() {
                desc.push_str(&format!("\nОтветственный: {}", a.responsible));
            }
            for n in &a.notes {
                desc.push_str(&format!("\n• {n}"));
            }
            e.description(&desc);
            let until = format!("{}T235959", ical_date(period.1));
            match &a.deadline {
                Deadline::By(d) | Deadline::On(d) | Deadline::From(d) => {
                    e.append_property(date_prop("DTSTART", d.0));
                    e.append_property(date_prop("DTEND", d.0.tomorrow().ok()?));
                }
                Deadline::Months(r) => {
                    e.append_property(date_prop("DTSTART", r.from.first_day()));
                    e.append_property(date_prop("DTEND", r.to.last_day().tomorrow().ok()?));
                }
                Deadline::Monthly(m) => {
                    let first = *a.deadline.occurrences(period).first()?;
                    e.append_property(date_prop("DTSTART", first));
                    e.append_property(date_prop("DTEND", first.tomorrow().ok()?));
                    e.add_property(
                        "RRULE",
                        format!("FREQ=MONTHLY;BYMONTHDAY={};UNTIL={until}", m.day),
                    );
                }
                Deadline::Weekly(w) => {
                    let first = *a.deadline.occurrences(period).first()?;
                    let (h, min) = w.time.map_or((18, 0), |c| (c.hour, c.minute));
                    // Floating local time: the deadline is «12.00» wherever the college is.
                    e.add_property("DTSTART", format!("{}T{h:02}{min:02}00", ical_date(first)));
                    e.add_property("DURATION", "PT30M");
                    e.add_property(
                        "RRULE",
                        format!("FREQ=WEEKLY;BYDAY={};UNTIL={until}", w.weekday.ical()),
                    );
                }
                Deadline::WholePeriod | Deadline::OnRequest(_) => continue,
            }
            cal.push(e.done());
        }
    }
    Some(OutFile {
        path: ICS_PATH.into(),
        bytes: cal.done().to_string().into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use icalendar::CalendarComponent;

    fn example() -> (Plan, Config) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut fs = Vec::new();
        let plan = crate::load::plan::load(root, &mut fs).expect("example plan");
        assert!(fs.is_empty(), "{fs:?}");
        let config = crate::config::load(root).expect("example config");
        (plan, config)
    }

    #[test]
    fn example_calendar_reads_back() {
        let (plan, config) = example();
        let as_of = Date::constant(2023, 12, 15);
        let f = ics(Some(&plan), &config, as_of).unwrap();
        let text = String::from_utf8(f.bytes.clone()).unwrap();
        // Deterministic: same bytes twice, no clock, no random UID.
        assert_eq!(ics(Some(&plan), &config, as_of).unwrap().bytes, f.bytes);
        assert!(text.contains("DTSTAMP:20231215T000000Z"));
        let cal: Calendar = text.parse().expect("plan.ics parses");
        let events: Vec<_> = cal
            .components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .collect();
        let dated = plan
            .actions()
            .filter(|(_, a)| !matches!(a.deadline, Deadline::WholePeriod | Deadline::OnRequest(_)))
            .count();
        assert_eq!(events.len(), dated);
        let rrules: Vec<&str> = events
            .iter()
            .filter_map(|e| e.property_value("RRULE"))
            .collect();
        assert!(
            rrules.contains(&"FREQ=WEEKLY;BYDAY=FR;UNTIL=20240831T235959"),
            "{rrules:?}"
        );
        assert!(rrules
            .iter()
            .any(|r| r.starts_with("FREQ=MONTHLY;BYMONTHDAY=1;")));
        let weekly = events
            .iter()
            .find(|e| {
                e.property_value("RRULE")
                    .is_some_and(|r| r.contains("WEEKLY"))
            })
            .unwrap();
        assert_eq!(weekly.property_value("DTSTART"), Some("20230908T120000"));
        let first = events[0];
        assert_eq!(
            first.get_summary(),
            Some("Актуализация информации в разделе ЦСТВ на сайте ПОО (до 01.07.2023)")
        );
        assert!(first
            .get_description()
            .unwrap()
            .contains("Соответствие рекомендациям БЦСТВ"));
        assert_eq!(first.property_value("DTSTART"), Some("20230701"));
    }

    #[test]
    fn public_rows_have_no_private_marks() {
        let (plan, config) = example();
        let v = public(Some(&plan), &config, Date::constant(2023, 12, 15));
        assert_eq!(v["task_count"], 5);
        assert_eq!(v["action_count"], 17);
        assert!(v["tasks"][0]["actions"][0].get("evidence").is_none());
        let r = report(Some(&plan), &config, Date::constant(2024, 1, 5)).unwrap();
        // On 05.01.2024 the monthly updates last done 29.11.2023 miss 01.01.2024.
        let marks: Vec<String> = r.data["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["actions"].as_array().unwrap().clone())
            .map(|a| a["mark"].as_str().unwrap().to_string())
            .filter(|m| !m.is_empty())
            .collect();
        assert!(
            marks.iter().any(|m| m == "просрочено: срок 01.01.2024"),
            "{marks:?}"
        );
    }
}
