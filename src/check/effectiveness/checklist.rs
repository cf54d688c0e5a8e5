//! The Ministry's checklist and the criteria without data.

use super::Ctx;
use crate::diag::{Finding, Place};
use crate::model::effectiveness::Answer;

/// `checklist.no-evidence`
pub fn no_evidence(ctx: &Ctx) -> Vec<Finding> {
    let e = &ctx.year.effectiveness;
    e.checklist
        .iter()
        .filter(|it| matches!(it.answer, Some(Answer::Yes | Answer::Partly)) && it.evidence.trim().is_empty())
        .map(|it| {
            Finding::warning(
                "checklist.no-evidence",
                Place::line(&e.checklist_file, it.line),
                format!(
                    "Пункт чек-листа «{}»: ответ «{}» без подтверждения. Укажите в evidence документ, ссылку или страницу раздела.",
                    it.title,
                    it.answer.map_or("", Answer::label_ru)
                ),
            )
        })
        .collect()
}

/// `checklist.unanswered`
pub fn unanswered(ctx: &Ctx) -> Vec<Finding> {
    let e = &ctx.year.effectiveness;
    e.checklist
        .iter()
        .filter(|it| it.answer.is_none())
        .map(|it| {
            Finding::info(
                "checklist.unanswered",
                Place::line(&e.checklist_file, it.line),
                format!(
                    "Пункт чек-листа «{}» без ответа: укажите answer — да, частично или нет.",
                    it.title
                ),
            )
        })
        .collect()
}

/// `effectiveness.no-data`: a criterion whose indicator has no data is shown as «нет данных».
pub fn no_data(ctx: &Ctx) -> Vec<Finding> {
    let e = &ctx.year.effectiveness;
    let inputs = ctx.inputs();
    e.criteria
        .iter()
        .filter_map(|c| {
            let why = crate::compute::effectiveness::indicator(c.indicator, c.on, &inputs).err()?;
            let place = if e.criteria_file.starts_with('(') || c.line == 0 {
                Place::file(crate::model::effectiveness::CRITERIA_FILE)
            } else {
                Place::line(&e.criteria_file, c.line)
            };
            Some(Finding::info(
                "effectiveness.no-data",
                place,
                format!(
                    "Критерий «{}»: нет данных — {why}. В отчёте об эффективности он показан как «нет данных» и баллов не даёт.",
                    c.title
                ),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::run_rule;
    use crate::check::monitoring::testing::d;
    use crate::model::monitoring::Monitoring;
    use crate::model::year::CentreYear;

    #[test]
    fn checklist_evidence_and_answers() {
        let text = "items:\n  - id: a\n    title: А\n    answer: да\n    evidence: приказ\n  - id: b\n    title: Б\n    answer: частично\n  - id: c\n    title: В\n  - id: d\n    title: Г\n    answer: нет\n";
        let mut y = CentreYear::default();
        y.effectiveness.checklist =
            crate::load::effectiveness::parse_checklist(text, "data/reference/checklist.yaml")
                .unwrap();
        y.effectiveness.checklist_file = "data/reference/checklist.yaml".into();
        let m = Monitoring::default();
        let f = run_rule("checklist.no-evidence", &y, &m, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].place.line, Some(6));
        let f = run_rule("checklist.unanswered", &y, &m, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].place.line, Some(9));
    }

    #[test]
    fn criterion_without_data_is_a_note() {
        let mut y = CentreYear::default();
        let mut fs = Vec::new();
        y.effectiveness.criteria = crate::load::effectiveness::parse_criteria(
            "criteria:\n  - id: a\n    title: Абилимпикс\n    indicator: abilympics_participants\n    threshold: { at_least: 1 }\n    points: 1\n",
            "data/reference/effectiveness.yaml",
            &mut fs,
        );
        y.effectiveness.criteria_file = "data/reference/effectiveness.yaml".into();
        let f = run_rule(
            "effectiveness.no-data",
            &y,
            &Monitoring::default(),
            d(2023, 12, 15),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].place.line, Some(2));
        assert!(f[0].message.contains("нет данных"));
    }
}
