//! What templates see: small borrowed structs (a stable template API, independent of the
//! internal model) and the Russian formatting filters.

use crate::config::{Centre, College, Config};
use crate::format;
use crate::model::site::TocEntry;
use jiff::civil::Date;
use serde::Serialize;
use tera::{Kwargs, State, Tera, TeraResult, Value};

/// `site`: the same for every page.
#[derive(Debug, Serialize)]
pub struct SiteCtx<'a> {
    pub college: &'a College,
    pub centre: &'a Centre,
    pub academic_year: &'a str,
    pub base_url: &'a str,
    /// `15.12.2023`
    pub as_of: String,
    /// `15 декабря 2023 г.`
    pub as_of_long: String,
    pub as_of_iso: String,
}

impl<'a> SiteCtx<'a> {
    pub fn new(config: &'a Config, as_of: Date) -> Self {
        SiteCtx {
            college: &config.college,
            centre: &config.centre,
            academic_year: &config.academic_year,
            base_url: &config.base_url,
            as_of: format::date_ru(as_of),
            as_of_long: format::date_ru_long(as_of),
            as_of_iso: as_of.to_string(),
        }
    }
}

/// One entry of the section's navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Relative to the site root.
    pub url: &'a str,
    pub current: bool,
}

/// `page`.
#[derive(Debug, Serialize)]
pub struct PageCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub part: &'a str,
    pub part_title: &'a str,
    pub updated: String,
    pub updated_iso: String,
    pub content: &'a str,
    pub url: &'a str,
    pub toc: &'a [TocEntry],
}

/// A link in breadcrumbs or a section listing.
#[derive(Debug, Serialize)]
pub struct LinkCtx<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub description: &'a str,
    pub updated: String,
}

/// `section`: the pages listed on an index page.
#[derive(Debug, Serialize)]
pub struct SectionCtx<'a> {
    pub pages: Vec<LinkCtx<'a>>,
}

/// The prefix from a page at `url` to the site root: `""`, `"../"`, …
pub fn root_prefix(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// «Ковалёва Н. В.» → «Н. В. Ковалёва»: the расшифровка подписи of ГОСТ Р 7.0.97-2016 puts the
/// initials before the surname. A name without initials is kept as written.
pub fn initials_first(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_first() {
        Some((surname, initials))
            if !initials.is_empty() && initials.iter().all(|w| w.ends_with('.')) =>
        {
            format!("{} {surname}", initials.join(" "))
        }
        _ => name.trim().to_string(),
    }
}

/// The filters templates use: `date_ru`, `int_ru`, `plural`, `initials_first`.
pub fn register_filters(tera: &mut Tera) {
    tera.register_filter("initials_first", |v: &str, _: Kwargs, _: &State| {
        initials_first(v)
    });
    tera.register_filter("date_ru", |v: &str, _: Kwargs, _: &State| -> String {
        match format::parse_date(v) {
            Ok(d) => format::date_ru(d),
            Err(_) => v.to_string(),
        }
    });
    tera.register_filter("int_ru", |v: &Value, _: Kwargs, _: &State| -> String {
        match v.as_i128() {
            Some(n) => format::int_ru(n as i64),
            None => v.to_string(),
        }
    });
    tera.register_filter(
        "plural",
        |v: &Value, kw: Kwargs, _: &State| -> TeraResult<String> {
            let n = v.as_i128().unwrap_or(0) as i64;
            let one: String = kw.must_get("one")?;
            let few: String = kw.must_get("few")?;
            let many: String = kw.must_get("many")?;
            Ok(format::plural(n, &one, &few, &many).to_string())
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_puts_initials_first() {
        assert_eq!(initials_first("Ковалёва Н. В."), "Н. В. Ковалёва");
        assert_eq!(initials_first("Смирнова О.А."), "О.А. Смирнова");
        assert_eq!(
            initials_first("Ковалёва Наталья Викторовна"),
            "Ковалёва Наталья Викторовна"
        );
        assert_eq!(initials_first(" Ковалёва "), "Ковалёва");
    }

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("a/b/c.html"), "../../");
    }

    #[test]
    fn filters_format_in_russian() {
        let mut tera = Tera::new();
        register_filters(&mut tera);
        tera.add_raw_template(
            "t",
            "{{ d | date_ru }} {{ n | int_ru }} {{ n | plural(one='выпускник', few='выпускника', many='выпускников') }}",
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("d", "2023-09-01");
        ctx.insert("n", &12345);
        let out = tera.render("t", &ctx).unwrap();
        assert_eq!(out, "01.09.2023 12\u{202F}345 выпускников");
    }
}
