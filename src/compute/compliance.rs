//! Compliance of the section with the base centre's recommendations
//! (`data/reference/recommendations.yaml`): each required part is met by what is in the data —
//! a page with real content, the current year's approved plan, current vacancies, the last
//! cohort's figures — never by a `part:` tag alone.

use crate::config::Config;
use crate::format::date_ru;
use crate::model::compliance::{Kind, Requirement};
use crate::model::monitoring::Monitoring;
use crate::model::plan::{academic_year_of, first_year};
use crate::model::site::{Page, Site};
use crate::model::year::CentreYear;
use jiff::civil::Date;
use serde::Serialize;

/// The verdict on one part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartResult {
    pub id: String,
    pub title: String,
    pub met: bool,
    /// What satisfies it, or exactly what is missing and what to add.
    pub detail: String,
    #[serde(skip)]
    pub line: usize,
}

/// What the evaluation looks at.
pub struct Inputs<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub m: &'a Monitoring,
    pub year: &'a CentreYear,
    pub as_of: Date,
}

fn published(site: &Site) -> impl Iterator<Item = &Page> {
    site.pages.iter().filter(|p| !p.front.draft)
}

/// Words of a rendered page's text (tags removed).
fn words(html: &str) -> usize {
    let mut text = String::with_capacity(html.len());
    let mut tag = false;
    for c in html.chars() {
        match c {
            '<' => tag = true,
            '>' => {
                tag = false;
                text.push(' ');
            }
            c if !tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn page_with_template<'a>(site: &'a Site, template: &str) -> Option<&'a Page> {
    published(site).find(|p| p.front.template.as_deref() == Some(template))
}

/// The latest `ДД.ММ` on or before `as_of`.
fn last_day_month(as_of: Date, ddmm: &str) -> Date {
    let this = crate::config::rules::day_in_year(ddmm, as_of.year(), (7, 1));
    if this <= as_of {
        this
    } else {
        crate::config::rules::day_in_year(ddmm, as_of.year() - 1, (7, 1))
    }
}

fn verdict(r: &Requirement, i: &Inputs) -> Result<String, Vec<String>> {
    let mut missing = Vec::new();
    let ok = match r.check {
        Kind::Contacts => {
            let c = &i.config.centre;
            for (v, what) in [
                (
                    c.phone.as_str(),
                    "телефон центра (centre.phone в vypusk.yaml)",
                ),
                (c.email.as_str(), "эл. почта центра (centre.email)"),
                (
                    c.address.as_str(),
                    "адрес центра с кабинетом (centre.address)",
                ),
            ] {
                if v.trim().is_empty() {
                    missing.push(format!("не указан {what}"));
                }
            }
            if c.office_hours.iter().all(|h| h.trim().is_empty()) {
                missing.push("не указан график работы (centre.office_hours)".into());
            }
            let shown = published(i.site).find(|p| {
                (!c.phone.trim().is_empty() && p.html.contains(c.phone.trim()))
                    || (!c.email.trim().is_empty() && p.html.contains(c.email.trim()))
            });
            match shown {
                Some(p) if missing.is_empty() => {
                    format!("телефон, почта, адрес и график работы; страница {}", p.file)
                }
                Some(_) => String::new(),
                None => {
                    missing.push(
                        "нет опубликованной страницы с телефоном или эл. почтой центра".into(),
                    );
                    String::new()
                }
            }
        }
        Kind::Page => {
            let needle = r.title_contains.clone().unwrap_or_default().to_lowercase();
            let min = r.min_words.unwrap_or(0);
            let pages: Vec<&Page> = published(i.site)
                .filter(|p| p.front.title.to_lowercase().contains(&needle))
                .collect();
            match pages.iter().find(|p| words(&p.html) >= min) {
                Some(p) => format!(
                    "страница «{}» ({}, {} слов)",
                    p.front.title,
                    p.file,
                    words(&p.html)
                ),
                None => {
                    missing.push(match pages.first() {
                        Some(p) => format!(
                            "страница «{}» ({}) почти пуста: {} слов, нужно не меньше {min} — добавьте содержание",
                            p.front.title,
                            p.file,
                            words(&p.html)
                        ),
                        None => format!(
                            "нет опубликованной страницы, в заголовке которой есть «{}»: создайте её в content/ (не меньше {min} слов)",
                            r.title_contains.as_deref().unwrap_or("")
                        ),
                    });
                    String::new()
                }
            }
        }
        Kind::ApprovedPlan => {
            let current = academic_year_of(i.as_of);
            match &i.year.plan {
                None => missing.push(format!(
                    "нет плана работы на {current} учебный год (data/plan.yaml)"
                )),
                Some(p) if first_year(&p.academic_year) != first_year(&current) => {
                    missing.push(format!(
                        "план работы составлен на {} учебный год, а нужен план на {current}",
                        p.academic_year
                    ))
                }
                Some(p) => {
                    let approved = p
                        .approved
                        .as_ref()
                        .filter(|a| a.date.is_some() && !a.by.trim().is_empty());
                    if approved.is_none() {
                        missing
                            .push("план не утверждён: укажите approved.date и approved.by".into());
                    }
                    let due = i
                        .config
                        .rules
                        .plan_publish_date(first_year(&current).unwrap_or(i.as_of.year()));
                    match p.published {
                        None => missing.push(format!(
                            "не указана дата размещения плана (published), срок — до {}",
                            date_ru(due)
                        )),
                        Some(d) if d.0 > due => missing.push(format!(
                            "план размещён {}, позже срока {}",
                            date_ru(d.0),
                            date_ru(due)
                        )),
                        _ => {}
                    }
                }
            }
            match page_with_template(i.site, "plan.html") {
                Some(page) if missing.is_empty() => {
                    let p = i.year.plan.as_ref();
                    format!(
                        "план на {} утверждён {}, опубликован на странице {}",
                        current,
                        p.and_then(|p| p.approved.as_ref())
                            .and_then(|a| a.date)
                            .map(|d| date_ru(d.0))
                            .unwrap_or_default(),
                        page.file
                    )
                }
                Some(_) => String::new(),
                None => {
                    missing.push("план не показан ни на одной странице: укажите template: plan.html в content/plan.md".into());
                    String::new()
                }
            }
        }
        Kind::Vacancies => {
            let min = r.min_current.unwrap_or(1);
            let n = i
                .year
                .vacancies
                .current(i.as_of, i.config.rules.vacancy_valid_days)
                .count();
            if n < min {
                missing.push(format!(
                    "актуальных вакансий на {} — {n}, нужно не меньше {min}: добавьте вакансии в data/vacancies/",
                    date_ru(i.as_of)
                ));
            }
            let page = page_with_template(i.site, "vacancies.html");
            if page.is_none() {
                missing.push("вакансии не показаны ни на одной странице: укажите template: vacancies.html в content/vacancies.md".into());
            }
            let link = r.link.clone().unwrap_or_else(|| "trudvsem.ru".into());
            let linked = published(i.site).find(|p| p.html.contains(&link));
            if linked.is_none() {
                missing.push(format!(
                    "нет ссылки на «Работа России» ({link}) ни на одной странице"
                ));
            }
            match (page, linked) {
                (Some(p), Some(l)) if missing.is_empty() => {
                    format!(
                        "{n} актуальных вакансий на странице {}, ссылка на {link} — {}",
                        p.file, l.file
                    )
                }
                _ => String::new(),
            }
        }
        Kind::Monitoring => {
            let from = last_day_month(i.as_of, &i.config.rules.actual_from);
            let year = from.year();
            let cohort = i.m.cohort(year).filter(|c| !c.graduates.is_empty());
            if cohort.is_none() {
                missing.push(format!(
                    "нет данных мониторинга выпуска {year}: добавьте data/monitoring/graduates-{year}.csv и tracks-{year}.csv"
                ));
            }
            match page_with_template(i.site, "monitoring.html") {
                Some(p) if missing.is_empty() => format!(
                    "сводные данные выпуска {year} ({} выпускников) на странице {}",
                    cohort.map_or(0, |c| c.graduates.len()),
                    p.file
                ),
                Some(_) => String::new(),
                None => {
                    missing.push("данные мониторинга не показаны ни на одной странице: укажите template: monitoring.html".into());
                    String::new()
                }
            }
        }
        Kind::Feedback => match published(i.site)
            .find(|p| p.html.contains("mailto:") || p.html.contains("<form"))
        {
            Some(p) => format!("адрес для писем или форма на странице {}", p.file),
            None => {
                missing.push("нет ни формы обратной связи, ни ссылки на эл. почту (mailto:) на опубликованных страницах".into());
                String::new()
            }
        },
        Kind::Freshness => {
            let since = r.since.clone().unwrap_or_else(|| "01.07".into());
            let cutoff = last_day_month(i.as_of, &since);
            let previous = crate::config::rules::day_in_year(&since, cutoff.year() - 1, (7, 1));
            let dated: Vec<(&Page, Date)> = published(i.site)
                .filter_map(|p| p.front.updated.map(|d| (p, d.0)))
                .collect();
            let newest = dated
                .iter()
                .map(|(_, d)| *d)
                .filter(|d| *d <= i.as_of)
                .max();
            if newest.is_none_or(|d| d < cutoff) {
                missing.push(format!(
                    "раздел не обновлялся с {} (последнее обновление {}): актуализируйте страницы и поставьте новую дату в поле updated",
                    date_ru(cutoff),
                    newest.map(date_ru).unwrap_or_else(|| "не указано".into())
                ));
            }
            let stale: Vec<&str> = dated
                .iter()
                .filter(|(_, d)| *d < previous)
                .map(|(p, _)| p.file.as_str())
                .collect();
            if !stale.is_empty() {
                missing.push(format!(
                    "страницы не обновлялись больше года (до {}): {}",
                    date_ru(previous),
                    stale.join(", ")
                ));
            }
            if missing.is_empty() {
                format!(
                    "раздел обновлён {}, позже {}",
                    newest.map(date_ru).unwrap_or_default(),
                    date_ru(cutoff)
                )
            } else {
                String::new()
            }
        }
    };
    if missing.is_empty() {
        Ok(ok)
    } else {
        Err(missing)
    }
}

/// Every requirement's verdict, in the file's order.
pub fn evaluate(reqs: &[Requirement], i: &Inputs) -> Vec<PartResult> {
    reqs.iter()
        .map(|r| {
            let (met, detail) = match verdict(r, i) {
                Ok(d) => (true, d),
                Err(m) => (false, m.join("; ")),
            };
            PartResult {
                id: r.id.clone(),
                title: r.title.clone(),
                met,
                detail,
                line: r.line,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::year::parse_recommendations as parse;
    use crate::model::compliance::{BUNDLED, RECOMMENDATIONS_FILE};

    #[test]
    fn words_skip_tags() {
        assert_eq!(words("<p>Раз <b>два</b></p><ul><li>три</li></ul> — "), 3);
    }

    #[test]
    fn bundled_edition_parses() {
        let r = parse(BUNDLED, RECOMMENDATIONS_FILE).unwrap();
        assert_eq!(r.len(), 8);
        assert!(r.iter().all(|r| r.line > 0));
        let e = parse("- id: x\n  title: y\n  check: tag\n", RECOMMENDATIONS_FILE).unwrap_err();
        assert_eq!(e.place.line, Some(3), "{e:?}");
    }
}
