//! `data/plan.yaml` → [`Plan`], with every task and action remembering its line.

use crate::diag::{Finding, Place};
use crate::model::plan::{Deadline, Plan};
use std::path::Path;

pub const PLAN_FILE: &str = "data/plan.yaml";

/// The plan, or `None` when there is no plan file (the check reports that) or it does not
/// read (with a finding at file:line:column).
pub fn load(root: &Path, findings: &mut Vec<Finding>) -> Option<Plan> {
    let text = match std::fs::read(root.join(PLAN_FILE)) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            findings.push(Finding::error(
                "plan.unreadable",
                Place::file(PLAN_FILE),
                format!("Не удалось прочитать план работы: {e}."),
            ));
            return None;
        }
    };
    parse(&text, PLAN_FILE, findings)
}

/// Parse the text of a plan file.
pub fn parse(text: &str, file: &str, findings: &mut Vec<Finding>) -> Option<Plan> {
    let mut plan: Plan = match crate::load::yaml::parse(text, file, 0) {
        Ok(p) => p,
        Err(f) => {
            findings.push(*f);
            return None;
        }
    };
    plan.file = file.to_string();
    // serde keeps no positions: the n-th `- task:` and `action:` keys are the n-th task and
    // action in document order, which is the order serde reads them in.
    let mut task_lines = Vec::new();
    let mut action_lines = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let t = l.trim_start();
        if t.starts_with("- task:") {
            task_lines.push(i + 1);
        }
        let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
        if t.starts_with("action:") {
            action_lines.push(i + 1);
        }
    }
    let mut actions = action_lines.into_iter();
    for (t, line) in plan
        .tasks
        .iter_mut()
        .zip(task_lines.into_iter().chain(std::iter::repeat(0)))
    {
        t.line = line;
        for a in &mut t.actions {
            a.line = actions.next().unwrap_or(line);
        }
    }
    for (_, a) in plan.actions() {
        if let Deadline::Monthly(m) = &a.deadline {
            if !(1..=31).contains(&m.day) {
                findings.push(Finding::error(
                    "plan.bad-deadline",
                    Place::line(file, a.line),
                    format!(
                        "Срок «до {} числа каждого месяца»: число должно быть от 1 до 31.",
                        m.day
                    ),
                ));
            }
        }
        if a.action.trim().is_empty() {
            findings.push(Finding::error(
                "plan.bad-deadline",
                Place::line(file, a.line),
                "Не указано, что нужно сделать: заполните action.",
            ));
        }
    }
    Some(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "academic_year: 2023-2024\ntitle: План\ntasks:\n  - task: 1\n    title: Задача\n    actions:\n      - deadline: { by: 01.07.2023 }\n        action: Первое\n      - deadline: whole_period\n        action: Второе\n  - task: 2\n    title: Ещё\n    actions:\n      - action: Третье\n        deadline: { monthly: { day: 1 } }\n";

    #[test]
    fn lines_of_tasks_and_actions() {
        let mut fs = Vec::new();
        let p = parse(PLAN, PLAN_FILE, &mut fs).unwrap();
        assert!(fs.is_empty(), "{fs:?}");
        assert_eq!(p.tasks[0].line, 4);
        assert_eq!(p.tasks[0].actions[1].line, 10);
        assert_eq!(p.tasks[1].line, 11);
        assert_eq!(p.tasks[1].actions[0].line, 14);
    }

    #[test]
    fn no_plan_is_none_and_an_unreadable_one_is_explained() {
        let d = tempfile::tempdir().unwrap();
        let mut fs = Vec::new();
        assert!(load(d.path(), &mut fs).is_none());
        assert!(fs.is_empty());
        // A folder where the plan should be.
        std::fs::create_dir_all(d.path().join(PLAN_FILE)).unwrap();
        assert!(load(d.path(), &mut fs).is_none());
        assert_eq!(fs[0].rule, "plan.unreadable");
        assert_eq!(fs[0].place.file, PLAN_FILE);
    }

    #[test]
    fn errors_have_file_and_line() {
        let mut fs = Vec::new();
        let bad = PLAN.replace("by: 01.07.2023", "by: 31.06.2023");
        assert!(parse(&bad, PLAN_FILE, &mut fs).is_none());
        assert_eq!(fs[0].place.file, PLAN_FILE);
        assert_eq!(fs[0].place.line, Some(7), "{:?}", fs[0]);
        assert!(fs[0].message.contains("31.06.2023"));
        let mut fs = Vec::new();
        let bad = PLAN.replace("day: 1", "day: 40");
        parse(&bad, PLAN_FILE, &mut fs).unwrap();
        assert_eq!(fs[0].rule, "plan.bad-deadline");
        assert_eq!(fs[0].place.line, Some(14));
        let mut fs = Vec::new();
        let bad = PLAN.replace("whole_period", "весь год");
        assert!(parse(&bad, PLAN_FILE, &mut fs).is_none());
        assert_eq!(fs[0].place.line, Some(9), "{:?}", fs[0]);
    }
}
