//! Rules about the web section: links, parts, page addresses.

use crate::check::rules::Rule;
use crate::diag::{nearest, Finding, Place};
use crate::model::site::Site;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// A rule of the web section and the function that applies it on the report date.
pub struct Check {
    pub rule: Rule,
    pub run: fn(&Site, Date) -> Vec<Finding>,
}

/// Every rule of the web section, in one list.
#[rustfmt::skip]
pub const CHECKS: &[Check] = &[
    Check { rule: Rule::error("site.broken-link", "Ссылки между страницами ведут на существующие страницы, файлы и разделы «#…» (не на черновики)").example("content/events.md:33:1: Ссылка «plann.md» ведёт на несуществующий файл content/plann.md. Возможно, имелась в виду страница «plan.md». Исправьте ссылку или создайте страницу."), run: |s, _| broken_links(s) },
    Check { rule: Rule::error("site.unknown-part", "Поле part страницы — часть раздела из data/reference/section-parts.yaml").example("content/_index.md: Неизвестная часть раздела «abuot». Возможно, имелось в виду «about». Допустимые значения part перечислены в data/reference/section-parts.yaml: about."), run: |s, _| unknown_parts(s) },
    Check {
        rule: Rule::warning("site.required-part-missing", "Каждая обязательная часть раздела по рекомендациям БЦСТВ есть на сайте").example("data/reference/section-parts.yaml: В разделе нет обязательной части «Мероприятия и ярмарки вакансий» (events): по рекомендациям БЦСТВ она должна быть. Создайте страницу с «part: events» в заголовочном блоке.")
            .seed("Задача 1: Актуализация информации в разделе ЦСТВ на сайте ПОО · Соответствие рекомендациям БЦСТВ"),
        run: |s, _| required_parts(s),
    },
    Check { rule: Rule::error("site.duplicate-url", "Два файла не дают одну и ту же страницу").example("content/index.md: Файлы content/_index.md и content/index.md дают одну и ту же страницу index.html: переименуйте один из них."), run: |s, _| duplicate_urls(s) },
    Check { rule: Rule::error("site.no-home", "Есть главная страница раздела content/_index.md").example("content/_index.md: Нет главной страницы раздела: создайте файл content/_index.md с заголовочным блоком (title)."), run: |s, _| no_home(s) },
    Check {
        rule: Rule::warning("site.outdated-page", "Страница обновлялась не раньше прошлого срока ежегодной актуализации (01.07) и не позже даты данных").example("content/b.md: Дата обновления 01.01.2024 позже даты данных 15.12.2023: проверьте поле updated.")
            .seed("Задача 1: до 01.07.2023 — Актуализация информации в разделе ЦСТВ на сайте ПОО"),
        run: outdated_pages,
    },
];

pub fn run(site: &Site, as_of: Date) -> Vec<Finding> {
    CHECKS.iter().flat_map(|c| (c.run)(site, as_of)).collect()
}

/// `site.outdated-page` (rule 15: the section is brought up to date by 01.07 every year):
/// a page last updated before the previous year's 01.07 missed the last actualisation, and a
/// date after `as_of` is a typo.
pub fn outdated_pages(site: &Site, as_of: Date) -> Vec<Finding> {
    let year = if (as_of.month(), as_of.day()) >= (7, 1) {
        as_of.year()
    } else {
        as_of.year() - 1
    };
    let deadline = jiff::civil::Date::new(year, 7, 1).unwrap_or(as_of);
    let previous = jiff::civil::Date::new(year - 1, 7, 1).unwrap_or(as_of);
    let ru = crate::format::date_ru;
    site.pages
        .iter()
        .filter(|p| !p.front.draft)
        .filter_map(|p| {
            let updated = p.front.updated?.0;
            let place = Place::file(&p.file);
            if updated > as_of {
                Some(Finding::warning(
                    "site.outdated-page",
                    place,
                    format!("Дата обновления {} позже даты данных {}: проверьте поле updated.", ru(updated), ru(as_of)),
                ))
            } else if updated < previous {
                Some(Finding::warning(
                    "site.outdated-page",
                    place,
                    format!(
                        "Страница обновлялась {}, а раздел ЦСТВ актуализируется ежегодно до 01.07 (последний срок — {}). Проверьте сведения и поставьте новую дату в поле updated.",
                        ru(updated),
                        ru(deadline)
                    ),
                ))
            } else {
                None
            }
        })
        .collect()
}

/// `site.broken-link`: a relative link points to no page, asset or heading.
pub fn broken_links(site: &Site) -> Vec<Finding> {
    let mut out = Vec::new();
    for page in &site.pages {
        for link in &page.links {
            let place = Place::at(&page.file, link.line, link.column);
            let target_page = if link.target.is_empty() {
                Some(page)
            } else {
                site.page(&link.target)
            };
            match target_page {
                Some(t) => {
                    if t.front.draft && !page.front.draft {
                        out.push(Finding::error(
                            "site.broken-link",
                            place.clone(),
                            format!("Ссылка «{}» ведёт на черновик (draft: true), который не публикуется. Опубликуйте страницу или уберите ссылку.", link.written),
                        ));
                    }
                    if let Some(frag) = &link.fragment {
                        if !frag.is_empty() && !t.anchors.iter().any(|a| a == frag) {
                            let hint = nearest(frag, t.anchors.iter().map(String::as_str))
                                .map(|s| format!(" Возможно, имелось в виду «#{s}»."))
                                .unwrap_or_default();
                            out.push(Finding::error(
                                "site.broken-link",
                                place,
                                format!("В ссылке «{}» нет такого раздела «#{frag}» на странице {}.{hint}", link.written, t.file),
                            ));
                        }
                    }
                }
                None if site.assets.binary_search(&link.target).is_ok() => {}
                // The page exists but did not load: its own finding says why.
                None if site.failed.binary_search(&link.target).is_ok() => {}
                None => {
                    let hint = nearest(&link.target, site.pages.iter().map(|p| p.source.as_str()))
                        .map(|s| format!(" Возможно, имелась в виду страница «{s}»."))
                        .unwrap_or_default();
                    out.push(Finding::error(
                        "site.broken-link",
                        place,
                        format!("Ссылка «{}» ведёт на несуществующий файл content/{}.{hint} Исправьте ссылку или создайте страницу.", link.written, link.target),
                    ));
                }
            }
        }
    }
    out
}

/// `site.unknown-part`: front matter names a part that `section-parts.yaml` does not have.
pub fn unknown_parts(site: &Site) -> Vec<Finding> {
    if site.parts.is_empty() {
        return Vec::new();
    }
    site.pages
        .iter()
        .filter_map(|p| {
            let part = p.front.part.as_deref()?;
            if site.parts.iter().any(|x| x.id == part) {
                return None;
            }
            let hint = nearest(part, site.parts.iter().map(|x| x.id.as_str()))
                .map(|s| format!(" Возможно, имелось в виду «{s}»."))
                .unwrap_or_default();
            Some(Finding::error(
                "site.unknown-part",
                Place::file(&p.file),
                format!(
                    "Неизвестная часть раздела «{part}».{hint} Допустимые значения part перечислены в data/reference/section-parts.yaml: {}.",
                    site.parts.iter().map(|x| x.id.as_str()).collect::<Vec<_>>().join(", ")
                ),
            ))
        })
        .collect()
}

/// `site.required-part-missing`: a part the base centre requires has no published page.
pub fn required_parts(site: &Site) -> Vec<Finding> {
    site.parts
        .iter()
        .filter(|part| part.required)
        .filter(|part| {
            !site
                .pages
                .iter()
                .any(|p| !p.front.draft && p.front.part.as_deref() == Some(&part.id))
        })
        .map(|part| {
            Finding::warning(
                "site.required-part-missing",
                Place::file(crate::load::content::PARTS_FILE),
                format!(
                    "В разделе нет обязательной части «{}» ({}): по рекомендациям БЦСТВ она должна быть. Создайте страницу с «part: {}» в заголовочном блоке.",
                    part.title, part.id, part.id
                ),
            )
        })
        .collect()
}

/// `site.duplicate-url`: two sources would become the same page (`a.md` and `a/_index.md`
/// are different, but `index.md` and `_index.md` are not).
pub fn duplicate_urls(site: &Site) -> Vec<Finding> {
    let mut by_url: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for p in &site.pages {
        by_url.entry(&p.url).or_default().push(&p.file);
    }
    by_url
        .into_iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(url, files)| {
            Finding::error(
                "site.duplicate-url",
                Place::file(files[1]),
                format!(
                    "Файлы {} дают одну и ту же страницу {url}: переименуйте один из них.",
                    files.join(" и ")
                ),
            )
        })
        .collect()
}

/// `site.no-home`: there is no `content/_index.md`, the section's front page. A home page that
/// exists but failed to load is already explained by its own finding.
pub fn no_home(site: &Site) -> Vec<Finding> {
    if site.page("_index.md").is_some() || site.failed.iter().any(|f| f == "_index.md") {
        return Vec::new();
    }
    vec![Finding::error(
        "site.no-home",
        Place::file("content/_index.md"),
        "Нет главной страницы раздела: создайте файл content/_index.md с заголовочным блоком (title).",
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::site::{FrontMatter, InternalLink, Page, Part};

    fn page(source: &str) -> Page {
        Page {
            source: source.into(),
            file: format!("content/{source}"),
            url: crate::load::content::url_of(source),
            is_index: source.ends_with("_index.md"),
            front: FrontMatter {
                title: "T".into(),
                part: None,
                updated: None,
                weight: 0,
                draft: false,
                template: None,
                description: String::new(),
                raw_html: false,
            },
            front_line: 2,
            html: String::new(),
            toc: vec![],
            anchors: vec!["kontakty".into()],
            links: vec![],
        }
    }

    fn link(target: &str, frag: Option<&str>) -> InternalLink {
        InternalLink {
            target: target.into(),
            fragment: frag.map(Into::into),
            written: target.into(),
            line: 7,
            column: 3,
        }
    }

    fn site(pages: Vec<Page>) -> Site {
        let mut pages = pages;
        pages.sort_by(|a, b| a.source.cmp(&b.source));
        Site {
            pages,
            assets: vec!["files/doc.pdf".into()],
            failed: vec!["broken.md".into()],
            parts: vec![Part {
                id: "about".into(),
                title: "О центре".into(),
                required: true,
                description: String::new(),
            }],
        }
    }

    #[test]
    fn broken_link_is_found_with_place() {
        let mut a = page("_index.md");
        a.links = vec![link("nope.md", None)];
        let f = broken_links(&site(vec![a]));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].place, Place::at("content/_index.md", 7, 3));
    }

    #[test]
    fn links_to_a_page_that_failed_to_load_are_not_reported_twice() {
        let mut a = page("_index.md");
        a.links = vec![link("broken.md", None)];
        assert!(broken_links(&site(vec![a])).is_empty());
    }

    #[test]
    fn good_links_pass() {
        let mut a = page("_index.md");
        a.links = vec![
            link("b.md", Some("kontakty")),
            link("files/doc.pdf", None),
            link("", Some("kontakty")),
        ];
        assert!(broken_links(&site(vec![a, page("b.md")])).is_empty());
    }

    #[test]
    fn missing_anchor_is_an_error() {
        let mut a = page("_index.md");
        a.links = vec![link("b.md", Some("kontakti"))];
        let f = broken_links(&site(vec![a, page("b.md")]));
        assert!(f[0].message.contains("#kontakty"), "{}", f[0].message);
    }

    #[test]
    fn unknown_part_suggests() {
        let mut a = page("_index.md");
        a.front.part = Some("abuot".into());
        let f = unknown_parts(&site(vec![a]));
        assert_eq!(f[0].rule, "site.unknown-part");
        assert!(f[0].message.contains("«about»"));
        let mut a = page("_index.md");
        a.front.part = Some("about".into());
        assert!(unknown_parts(&site(vec![a])).is_empty());
    }

    #[test]
    fn required_part_missing_warns() {
        assert_eq!(required_parts(&site(vec![page("_index.md")])).len(), 1);
        let mut a = page("_index.md");
        a.front.part = Some("about".into());
        assert!(required_parts(&site(vec![a])).is_empty());
    }

    #[test]
    fn outdated_and_future_pages_warn() {
        use crate::format::RuDate;
        use jiff::civil::Date;
        let as_of = Date::constant(2023, 12, 15);
        let mut old = page("_index.md");
        old.front.updated = Some(RuDate(Date::constant(2022, 6, 1)));
        let mut fresh = page("a.md");
        fresh.front.updated = Some(RuDate(Date::constant(2022, 7, 1)));
        let mut future = page("b.md");
        future.front.updated = Some(RuDate(Date::constant(2024, 1, 1)));
        let f = outdated_pages(&site(vec![old, fresh, future]), as_of);
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|x| x.rule == "site.outdated-page"));
        assert!(f.iter().any(|x| x.message.contains("01.07.2023")));
        assert!(f.iter().any(|x| x.message.contains("позже")));
    }

    #[test]
    fn home_and_duplicates() {
        let f = no_home(&site(vec![page("a.md")]));
        assert_eq!((f.len(), f[0].rule), (1, "site.no-home"));
        assert!(no_home(&site(vec![page("_index.md")])).is_empty());
        let mut failed = site(vec![page("a.md")]);
        failed.failed.push("_index.md".into());
        assert!(
            no_home(&failed).is_empty(),
            "a home page that failed to load"
        );
        let mut b = page("index.md");
        b.url = "index.html".into();
        let f = duplicate_urls(&site(vec![page("_index.md"), b]));
        assert_eq!((f.len(), f[0].rule), (1, "site.duplicate-url"));
    }
}
