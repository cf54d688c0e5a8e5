//! Tera errors → Russian findings with the template's file, line and column; one finding for
//! the same error hit by many pages.
//!
//! Errors are told apart by their structure — tera's error kind and the template place it
//! reports — not by their message text: the text of one error differs from page to page (tera
//! lists the variables each page has), and grouping on it reported one broken template once per
//! kind of page.

use super::TemplateSources;
use crate::diag::{Finding, Place};
use std::collections::BTreeMap;
use tera::ErrorKind;

/// What went wrong, from tera's error kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The template does not parse.
    Syntax,
    /// The template parses but fails on the data (an unknown variable, a wrong type).
    Rendering,
    /// A filter, test, function, include or block the template names does not exist (tera
    /// checks these once all templates are loaded).
    Reference,
    /// The template asked for (a page's `template:`, an include) is not there.
    NotFound,
    /// `extends` names a template that is not there.
    MissingParent,
    /// Anything else tera reports (circular extends, output errors).
    Other,
}

/// One template error, located in its template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub kind: Kind,
    /// The template's project file (`templates/page.html`, `<встроенная тема>/templates/…`),
    /// with line and column where tera gives them.
    pub place: Place,
    /// What tera said, in Russian, without the place (names in backticks kept).
    pub what: String,
}

/// What identifies one error across the pages it breaks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupKey {
    place: Place,
    kind: Kind,
    /// Only errors tera gives no line for are told apart by what they name (two missing
    /// templates both sit at `templates`); a located error is one error wherever it is hit.
    unlocated: Option<String>,
}

const WHAT_TO_DO: &str =
    "Исправьте шаблон (или удалите свой файл из templates/, чтобы работал шаблон темы).";

impl TemplateError {
    pub fn key(&self) -> GroupKey {
        GroupKey {
            place: self.place.clone(),
            kind: self.kind,
            unlocated: self.place.line.is_none().then(|| self.what.clone()),
        }
    }

    /// The Russian finding: what is wrong, where, what to do.
    pub fn finding(&self) -> Finding {
        let message = match self.kind {
            Kind::Syntax => format!(
                "Синтаксическая ошибка в шаблоне: {}. {WHAT_TO_DO}",
                self.what
            ),
            Kind::Rendering => format!(
                "Ошибка при заполнении шаблона: {}. {WHAT_TO_DO}",
                self.what
            ),
            Kind::Reference | Kind::Other => {
                format!("Ошибка шаблона: {}. {WHAT_TO_DO}", self.what)
            }
            Kind::NotFound => format!(
                "Шаблон «{}» не найден. Проверьте имя в поле template страницы или в extends/include.",
                self.what
            ),
            Kind::MissingParent => format!(
                "Шаблон наследует «{}», которого нет. {WHAT_TO_DO}",
                self.what
            ),
        };
        Finding::error("template.error", self.place.clone(), message)
    }
}

/// Every error in a tera error: one, or several when tera checked all templates at once.
pub fn template_errors(e: &tera::Error, sources: &TemplateSources) -> Vec<TemplateError> {
    let file_of = |name: &str| {
        sources
            .files
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("templates/{name}"))
    };
    let one = |kind, place, what| vec![TemplateError { kind, place, what }];
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let kind = if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                Kind::Syntax
            } else {
                Kind::Rendering
            };
            let span = r.span();
            // Tera's columns are 0-based, the finding's 1-based.
            let place = Place::at(file_of(r.filename()), span.start_line, span.start_col + 1);
            one(kind, place, translate(r.message()))
        }
        ErrorKind::TemplateNotFound(name) => {
            one(Kind::NotFound, Place::file(file_of(name)), name.clone())
        }
        ErrorKind::MissingParent { current, parent } => one(
            Kind::MissingParent,
            Place::file(file_of(current)),
            parent.clone(),
        ),
        ErrorKind::Msg(msg) => {
            let located: Vec<TemplateError> = reports(msg)
                .into_iter()
                .map(|(message, name, line, col)| TemplateError {
                    kind: Kind::Reference,
                    place: Place::at(file_of(name), line, col),
                    what: translate(message),
                })
                .collect();
            if located.is_empty() {
                one(
                    Kind::Other,
                    unlocated_place(msg, sources),
                    with_sources(e, msg),
                )
            } else {
                located
            }
        }
        other => {
            let msg = other.to_string();
            one(
                Kind::Other,
                unlocated_place(&msg, sources),
                with_sources(e, &msg),
            )
        }
    }
}

/// The findings of a tera error.
pub fn template_findings(e: &tera::Error, sources: &TemplateSources) -> Vec<Finding> {
    template_errors(e, sources)
        .iter()
        .map(TemplateError::finding)
        .collect()
}

/// Template errors of many pages, one finding per error, naming the first page it broke and
/// how many more (in the order given).
pub fn grouped_page_findings<'a>(
    errors: impl IntoIterator<Item = (TemplateError, &'a str)>,
) -> Vec<Finding> {
    let mut groups: BTreeMap<GroupKey, (TemplateError, &str, usize)> = BTreeMap::new();
    for (e, page) in errors {
        groups
            .entry(e.key())
            .and_modify(|(_, _, n)| *n += 1)
            .or_insert((e, page, 1));
    }
    groups
        .into_values()
        .map(|(e, page, n)| {
            let mut f = e.finding();
            f.message = if n > 1 {
                format!(
                    "{} (страница {page} и ещё {})",
                    f.message,
                    crate::format::count_ru(n as i64 - 1, "страница", "страницы", "страниц")
                )
                .into()
            } else {
                format!("{} (страница {page})", f.message).into()
            };
            f
        })
        .collect()
}

/// Tera 2 hands the errors it finds when checking the loaded templates (an unknown filter,
/// test, function, include or block) over as one message holding its printed reports, each
/// `error: <message>` followed by ` --> <template>:<line>:<column>`: read them back as
/// (message, template, line, 1-based column).
fn reports(msg: &str) -> Vec<(&str, &str, usize, usize)> {
    let mut out = Vec::new();
    let mut message: Option<&str> = None;
    for line in msg.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some(at)) = (message, line.trim_start().strip_prefix("--> ")) {
            let mut parts = at.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse().ok());
            let row = parts.next().and_then(|l| l.parse().ok());
            if let (Some(col), Some(row), Some(name)) = (col, row, parts.next()) {
                out.push((m, name, row, col));
            }
            message = None;
        }
    }
    out
}

/// The message with the errors it came from (tera keeps, say, an I/O error as its source).
fn with_sources(e: &tera::Error, msg: &str) -> String {
    let mut s = translate(msg.trim_start_matches("error: "));
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        s.push_str(&format!(": {inner}"));
        source = inner.source();
    }
    s
}

/// Where an error tera gives no place for is: the first template line that mentions the
/// name it quotes in backticks, else the templates folder.
fn unlocated_place(msg: &str, sources: &TemplateSources) -> Place {
    msg.split('`')
        .nth(1)
        .filter(|s| !s.is_empty())
        .and_then(|name| locate(sources, name))
        .unwrap_or_else(|| Place::file("templates"))
}

/// The first template line that mentions `needle`.
fn locate(sources: &TemplateSources, needle: &str) -> Option<Place> {
    sources.texts.iter().find_map(|(name, text)| {
        text.lines().enumerate().find_map(|(i, line)| {
            line.find(needle).map(|col| {
                Place::at(
                    sources
                        .files
                        .get(name)
                        .cloned()
                        .unwrap_or_else(|| name.clone()),
                    i + 1,
                    line[..col].chars().count() + 1,
                )
            })
        })
    })
}

/// Tera's most common messages in Russian; the names in backticks are kept.
fn translate(msg: &str) -> String {
    let table = [
        (
            "Unexpected end of input",
            "шаблон обрывается: не закрыт тег {% … %} или {{ … }}",
        ),
        ("Unknown filter", "неизвестный фильтр"),
        ("Unknown template", "неизвестный шаблон"),
        ("Unknown test", "неизвестная проверка"),
        (
            "Unknown tag",
            "неизвестный тег (или выше не закрыт {% if %}/{% for %}/{% block %})",
        ),
        ("Unknown function", "неизвестная функция"),
        (
            "is not defined in any parent template",
            "не определён ни в одном родительском шаблоне",
        ),
        (
            "is not defined. Available fields:",
            "не определено. Доступные поля:",
        ),
        (
            "is not defined. Available variables:",
            "не определена. Доступные переменные:",
        ),
        ("is not defined", "не определена"),
        ("Variable", "переменная"),
        ("Field", "поле"),
        ("Block", "блок"),
        ("but expected one of:", "а ожидалось одно из:"),
        ("Found", "встретилось"),
        ("Unexpected", "неожиданно"),
    ];
    let mut s = msg.trim_end_matches('.').to_string();
    for (en, ru) in table {
        s = s.replace(en, ru);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::{Context, Tera};

    /// Templates as `load_templates` would give them: each from `templates/<name>`.
    fn load(templates: &[(&str, &str)]) -> (Result<Tera, tera::Error>, TemplateSources) {
        let mut sources = TemplateSources::default();
        for (name, text) in templates {
            sources
                .files
                .insert(name.to_string(), format!("templates/{name}"));
            sources.texts.insert(name.to_string(), text.to_string());
        }
        let mut tera = Tera::new();
        let r = tera.add_raw_templates(templates.iter().copied());
        (r.map(|()| tera), sources)
    }

    fn load_errors(templates: &[(&str, &str)]) -> Vec<Finding> {
        let (r, sources) = load(templates);
        match r {
            Ok(_) => panic!("the templates loaded"),
            Err(e) => template_findings(&e, &sources),
        }
    }

    #[test]
    fn syntax_error_is_one_finding_at_its_line_and_column() {
        let fs = load_errors(&[("page.html", "<p>\n  {% if x %}\n  <b>{{ x }</b>\n")]);
        assert_eq!(fs.len(), 1, "{fs:?}");
        assert_eq!(fs[0].place.file, "templates/page.html");
        assert_eq!(fs[0].place.line, Some(3));
        assert!(
            fs[0].place.column.is_some_and(|c| c > 1),
            "{:?}",
            fs[0].place
        );
        assert!(
            fs[0].message.starts_with("Синтаксическая ошибка в шаблоне"),
            "{}",
            fs[0].message
        );
        assert!(fs[0].message.contains("Исправьте шаблон"));
    }

    #[test]
    fn unknown_filters_are_one_finding_each_where_they_are_used() {
        // `nofilter` also stands in a comment above: the place is the use tera reports, not
        // the first line that mentions the name.
        let fs = load_errors(&[
            ("a.html", "{# nofilter #}\n<p>{{ x | nofilter }}</p>\n"),
            ("b.html", "<p>\n\n   {{ y | other }}</p>\n"),
        ]);
        let places: Vec<String> = fs.iter().map(|f| f.place.to_string()).collect();
        assert_eq!(places, ["templates/a.html:2:11", "templates/b.html:3:11"]);
        assert!(
            fs[0].message.contains("неизвестный фильтр `nofilter`"),
            "{}",
            fs[0].message
        );
        assert!(!fs[0].message.contains("-->"), "{}", fs[0].message);
        assert!(fs[1].message.contains("`other`"), "{}", fs[1].message);
    }

    #[test]
    fn unknown_variable_is_found_at_its_line_and_column() {
        let (tera, sources) = load(&[("page.html", "<h1>{{ title }}</h1>\n<p>{{ nmae }}</p>\n")]);
        let tera = tera.expect("the template parses");
        let mut ctx = Context::new();
        ctx.insert("title", "T");
        ctx.insert("name", "N");
        let e = tera.render("page.html", &ctx).expect_err("nmae is unknown");
        let fs = template_findings(&e, &sources);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].place.to_string(), "templates/page.html:2:7");
        assert!(
            fs[0]
                .message
                .starts_with("Ошибка при заполнении шаблона: переменная `nmae` не определена"),
            "{}",
            fs[0].message
        );
    }

    #[test]
    fn one_error_on_many_pages_is_one_finding_whatever_each_page_offers() {
        let (tera, sources) = load(&[("page.html", "{{ page.title }}{{ nmae }}\n")]);
        let tera = tera.expect("the template parses");
        // The pages differ in what they have, so tera's messages differ ("Available
        // variables: …"); the error is the same.
        let errors: Vec<(TemplateError, &str)> = ["a.md", "b.md", "c.md"]
            .iter()
            .enumerate()
            .map(|(i, page)| {
                let mut ctx = Context::new();
                ctx.insert("page", &serde_json::json!({ "title": "T" }));
                if i > 0 {
                    ctx.insert("section", &1);
                }
                let e = tera.render("page.html", &ctx).expect_err("nmae is unknown");
                let mut es = template_errors(&e, &sources);
                assert_eq!(es.len(), 1);
                (es.remove(0), *page)
            })
            .collect();
        assert_ne!(errors[0].0.what, errors[1].0.what, "the texts differ");
        let fs = grouped_page_findings(errors);
        assert_eq!(fs.len(), 1, "{fs:?}");
        assert_eq!(fs[0].place.to_string(), "templates/page.html:1:20");
        assert!(
            fs[0].message.ends_with("(страница a.md и ещё 2 страницы)"),
            "{}",
            fs[0].message
        );
    }

    #[test]
    fn different_errors_stay_apart() {
        let at = |line, what: &str| TemplateError {
            kind: Kind::Rendering,
            place: Place::at("templates/page.html", line, 1),
            what: what.into(),
        };
        let missing = |name: &str| TemplateError {
            kind: Kind::NotFound,
            place: Place::file("templates"),
            what: name.into(),
        };
        let fs = grouped_page_findings([
            (at(1, "x"), "a.md"),
            (at(2, "x"), "a.md"),
            (missing("one.html"), "b.md"),
            (missing("two.html"), "c.md"),
            (missing("one.html"), "d.md"),
        ]);
        assert_eq!(fs.len(), 4, "{fs:?}");
        assert!(fs.iter().any(|f| f.message.contains("«one.html»")
            && f.message.ends_with("(страница b.md и ещё 1 страница)")));
        assert!(fs
            .iter()
            .any(|f| f.message.contains("«two.html»") && f.message.ends_with("(страница c.md)")));
    }

    #[test]
    fn missing_template_and_parent_name_the_template() {
        let fs = load_errors(&[("page.html", "{% extends \"nobase.html\" %}\n")]);
        assert_eq!(fs.len(), 1, "{fs:?}");
        assert_eq!(fs[0].place.to_string(), "templates/page.html");
        assert!(fs[0].message.contains("«nobase.html»"), "{}", fs[0].message);
        let (tera, sources) = load(&[("page.html", "x")]);
        let e = tera
            .expect("loads")
            .render("nope.html", &Context::new())
            .expect_err("no such template");
        let fs = template_findings(&e, &sources);
        assert_eq!(fs[0].place.to_string(), "templates/nope.html");
        assert!(fs[0].message.starts_with("Шаблон «nope.html» не найден"));
    }

    #[test]
    fn reports_are_read_back_from_teras_text() {
        let msg = "error: Unknown filter `a`\n  --> dir/x:y.html:12:5\n   |\n12 | {{ v | a }}\n   |     ^\n\nerror: Unknown test `b`\n --> p.html:1:1\n  |";
        assert_eq!(
            reports(msg),
            [
                ("Unknown filter `a`", "dir/x:y.html", 12, 5),
                ("Unknown test `b`", "p.html", 1, 1)
            ]
        );
        assert!(reports("Component `c` is defined in both `a` and `b`").is_empty());
    }
}
