//! Job fairs (seed task 3: «Всероссийская ярмарка трудоустройства»), `data/events/fairs-YYYY.yaml`.

use super::Ctx;
use crate::diag::{Finding, Place};
use crate::format::date_ru;

/// `fair.all-russian-missing`: by the monitoring's deadline the year's fairs list the
/// All-Russian job fair (`all_russian: true`).
pub fn all_russian_missing(ctx: &Ctx) -> Vec<Finding> {
    let Some(c) = crate::compute::effectiveness::current_cohort(ctx.m, ctx.as_of) else {
        return vec![];
    };
    let due = ctx.config.rules.ovz_monitoring_date(c.year);
    if ctx.as_of <= due {
        return vec![];
    }
    let fairs = &ctx.year.ovz.fairs;
    if fairs.iter().any(|f| f.year == c.year && f.all_russian) {
        return vec![];
    }
    let file = format!("{}/fairs-{}.yaml", crate::load::ovz::EVENTS_DIR, c.year);
    let place = match fairs.iter().find(|f| f.year == c.year) {
        Some(f) => Place::file(&f.file),
        None => Place::file(&file),
    };
    vec![Finding::warning(
        "fair.all-russian-missing",
        place,
        format!(
            "Участие во Всероссийской ярмарке трудоустройства в {} году не отражено (мониторинг — до {}). Добавьте ярмарку в {file} с all_russian: true: дата, формат, работодатели, вакансии, участники, приглашения.",
            c.year,
            date_ru(due)
        ),
    )]
}

/// `fair.counts`
pub fn counts(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for f in &ctx.year.ovz.fairs {
        let place = || Place::line(&f.file, f.line);
        if let Some(ovz) = f.participants_ovz.filter(|n| *n > f.participants) {
            out.push(Finding::warning(
                "fair.counts",
                place(),
                format!(
                    "Ярмарка «{}»: участников с ОВЗ и инвалидностью ({ovz}) больше, чем участников всего ({}). Исправьте participants или participants_ovz.",
                    f.name, f.participants
                ),
            ));
        }
        if f.invitations > f.participants {
            out.push(Finding::warning(
                "fair.counts",
                place(),
                format!(
                    "Ярмарка «{}»: приглашений к трудоустройству ({}) больше, чем участников ({}). Исправьте invitations или participants.",
                    f.name, f.invitations, f.participants
                ),
            ));
        }
        if f.vacancies > 0 && f.employers == 0 {
            out.push(Finding::warning(
                "fair.counts",
                place(),
                format!(
                    "Ярмарка «{}»: {} вакансий без работодателей. Укажите employers — число работодателей.",
                    f.name, f.vacancies
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::run_rule;
    use crate::check::monitoring::testing::{cohort, d, grad};
    use crate::model::year::CentreYear;

    fn year(text: &str) -> CentreYear {
        let mut y = CentreYear::default();
        y.ovz.fairs =
            crate::load::ovz::parse_fairs(text, "data/events/fairs-2023.yaml", 2023).unwrap();
        y.ovz
            .fair_files
            .push((2023, "data/events/fairs-2023.yaml".into()));
        y
    }

    const FAIRS: &str = "fairs:\n  - name: Всероссийская ярмарка трудоустройства\n    date: 31.05.2023\n    all_russian: true\n    employers: 10\n    vacancies: 40\n    participants: 60\n    participants_ovz: 4\n    invitations: 12\n";

    #[test]
    fn all_russian_fair_is_required_after_the_deadline() {
        let m = cohort(vec![(grad("1"), vec![])]);
        assert!(run_rule(
            "fair.all-russian-missing",
            &year(FAIRS),
            &m,
            d(2023, 12, 15)
        )
        .is_empty());
        let other = FAIRS.replace("all_russian: true", "all_russian: false");
        let f = run_rule(
            "fair.all-russian-missing",
            &year(&other),
            &m,
            d(2023, 12, 15),
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("26.05.2023"));
        assert!(run_rule("fair.all-russian-missing", &year(&other), &m, d(2023, 5, 1)).is_empty());
        let f = run_rule(
            "fair.all-russian-missing",
            &CentreYear::default(),
            &m,
            d(2023, 12, 15),
        );
        assert_eq!(f[0].place.file, "data/events/fairs-2023.yaml");
    }

    #[test]
    fn counts_that_cannot_be() {
        let m = cohort(vec![(grad("1"), vec![])]);
        assert!(run_rule("fair.counts", &year(FAIRS), &m, d(2023, 12, 15)).is_empty());
        let bad = FAIRS
            .replace("participants_ovz: 4", "participants_ovz: 70")
            .replace("invitations: 12", "invitations: 61")
            .replace("employers: 10", "employers: 0");
        let f = run_rule("fair.counts", &year(&bad), &m, d(2023, 12, 15));
        assert_eq!(f.len(), 3, "{f:?}");
        assert_eq!(f[0].place.line, Some(2));
    }
}
