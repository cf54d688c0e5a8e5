//! Compliance with the base centre's recommendations (domain rule 15): each required part
//! met by data, with what to add when it is not.

use super::Ctx;
use crate::compute::compliance::{evaluate, Inputs, PartResult};
use crate::diag::{Finding, Place};
use crate::model::compliance::RECOMMENDATIONS_FILE;

pub fn results(ctx: &Ctx) -> Vec<PartResult> {
    evaluate(
        &ctx.year.recommendations,
        &Inputs {
            site: ctx.site,
            config: ctx.config,
            m: ctx.m,
            year: ctx.year,
            as_of: ctx.as_of,
        },
    )
}

/// `compliance.part-missing`: one finding per part not met, naming what is missing.
pub fn part_missing(ctx: &Ctx) -> Vec<Finding> {
    results(ctx)
        .into_iter()
        .filter(|r| !r.met)
        .map(|r| {
            Finding::warning(
                "compliance.part-missing",
                Place::line(RECOMMENDATIONS_FILE, r.line),
                format!(
                    "Рекомендации БЦСТВ: часть «{}» не выполнена — {}.",
                    r.title, r.detail
                ),
            )
        })
        .collect()
}

/// `compliance.score`: parts met out of required, as a note.
pub fn score(ctx: &Ctx) -> Vec<Finding> {
    let r = results(ctx);
    if r.is_empty() {
        return vec![];
    }
    let met = r.iter().filter(|x| x.met).count();
    vec![Finding::info(
        "compliance.score",
        Place::file(RECOMMENDATIONS_FILE),
        format!(
            "Соответствие раздела рекомендациям БЦСТВ: выполнено {met} из {} частей ({}). Подробно — в отчёте «Соответствие раздела рекомендациям БЦСТВ».",
            r.len(),
            crate::format::percent_ru(met as i64, r.len() as i64)
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::super::{Ctx, RULES};
    use crate::diag::Finding;
    use crate::pipeline::Project;

    fn example(as_of: &str) -> Project {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let date = crate::format::parse_date(as_of).unwrap();
        let (p, _) = crate::pipeline::load(root, Some(date)).unwrap();
        p.unwrap()
    }

    fn run(p: &Project, id: &str) -> Vec<Finding> {
        let rule = RULES.iter().find(|r| r.id == id).unwrap();
        (rule.run)(&Ctx {
            year: &p.year,
            m: &p.monitoring,
            site: &p.site,
            config: &p.config,
            as_of: p.as_of,
        })
    }

    #[test]
    fn example_is_fully_compliant() {
        let p = example("15.12.2023");
        let f = run(&p, "compliance.part-missing");
        assert!(f.is_empty(), "{f:#?}");
        let s = run(&p, "compliance.score");
        assert!(
            s[0].message.contains("выполнено 8 из 8 частей (100"),
            "{}",
            s[0].message
        );
    }

    #[test]
    fn removed_part_is_named() {
        let mut p = example("15.12.2023");
        p.site.pages.retain(|x| x.source != "disabled.md");
        p.site
            .pages
            .retain(|x| x.source != "feedback.md" && !x.html.contains("mailto:"));
        let f = run(&p, "compliance.part-missing");
        let text: Vec<&str> = f.iter().map(|f| f.message.as_str()).collect();
        // Removing every page with an e-mail link also removes the contacts page.
        assert_eq!(f.len(), 3, "{text:#?}");
        assert!(
            text[0].contains("«Контакты центра и график работы»")
                && text[0].contains("нет опубликованной страницы с телефоном")
        );
        assert!(
            text[1].contains("«Страница для выпускников с ОВЗ и инвалидностью»")
                && text[1].contains("заголовке которой есть «ОВЗ»"),
            "{}",
            text[1]
        );
        assert!(text[2].contains("mailto:"), "{}", text[2]);
        assert_eq!(f[1].place.line, Some(42));
        // An empty page does not count either.
        let mut p = example("15.12.2023");
        for page in p
            .site
            .pages
            .iter_mut()
            .filter(|x| x.source == "about/polozhenie.md")
        {
            page.html = "<p>Положение утверждено.</p>".into();
        }
        let f = run(&p, "compliance.part-missing");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("почти пуста: 2 слов"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn aged_section_names_the_stale_parts() {
        // A year later, with nothing updated: the plan is last year's, no 2024 cohort, stale.
        let p = example("15.12.2024");
        let f = run(&p, "compliance.part-missing");
        let ids: Vec<String> = f
            .iter()
            .map(|f| f.message.split('«').nth(1).unwrap_or("").to_string())
            .collect();
        assert_eq!(f.len(), 4, "{ids:#?}");
        assert!(f[0]
            .message
            .contains("план работы составлен на 2023-2024 учебный год, а нужен план на 2024-2025"));
        assert!(f[1]
            .message
            .contains("актуальных вакансий на 15.12.2024 — 0"));
        assert!(f[2].message.contains("нет данных мониторинга выпуска 2024"));
        assert!(f[3].message.contains("раздел не обновлялся с 01.07.2024"));
        let s = run(&p, "compliance.score");
        assert!(s[0].message.contains("выполнено 4 из 8"));
    }
}
