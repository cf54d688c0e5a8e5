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

/// HTML-escaped text in which every file path («data/monitoring/contingent-2023.yaml:17:5»)
/// may break only after a «/»: each piece is an unbreakable box, so a narrow print column
/// never splits a file name at its hyphen («contingent- / 2023.yaml»). A path is a word with a
/// «/» whose last piece has a «.»; punctuation after it stays outside.
pub fn paths_whole(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while !rest.is_empty() {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, tail) = rest.split_at(word_end);
        let space_end = tail
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(tail.len());
        let (space, next) = tail.split_at(space_end);
        push_word(&mut out, word);
        out.push_str(space);
        rest = next;
    }
    out
}

fn push_word(out: &mut String, word: &str) {
    let lead = word.len() - word.trim_start_matches(['(', '«', '"']).len();
    let body_end = word.trim_end_matches(['.', ',', ';', ')', '»', '"']).len();
    let body = if lead < body_end {
        &word[lead..body_end]
    } else {
        ""
    };
    let is_path = body.contains('/')
        && body
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.') && !last.starts_with('.'));
    if !is_path {
        escape_into(out, word);
        return;
    }
    // The brackets and punctuation around a path belong to its first and last pieces, so that
    // a line never ends with «(» nor starts with «).».
    let pieces: Vec<&str> = body.split('/').collect();
    out.push_str("<span class=\"path\">");
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            out.push_str("<wbr>");
        }
        out.push_str("<span class=\"path__piece\">");
        if i == 0 {
            escape_into(out, &word[..lead]);
        }
        escape_into(out, piece);
        if i + 1 < pieces.len() {
            out.push('/');
        } else {
            escape_into(out, &word[body_end..]);
        }
        out.push_str("</span>");
    }
    out.push_str("</span>");
}

/// `s` escaped as Tera escapes (`& < > " ' /`), pushed onto `out`; a word without those
/// characters (nearly every word of a message) is pushed as it is, with no buffer made.
fn escape_into(out: &mut String, s: &str) {
    if !s.contains(['&', '<', '>', '"', '\'', '/']) {
        out.push_str(s);
        return;
    }
    let mut buf = Vec::with_capacity(s.len() + 16);
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(s, &mut buf);
    out.push_str(&String::from_utf8_lossy(&buf));
}

/// Russian words of `min_len` letters or more get soft hyphens (U+00AD) between their
/// syllables (three letters at least before the first break and after the last): a narrow column of a wide print form then
/// breaks «машино-|строительный» instead of widening the table past the sheet. Other text is
/// kept.
pub fn soft_hyphens(text: &str, min_len: usize) -> String {
    const SHY: char = '\u{AD}';
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.chars().count() >= min_len.max(6) {
            for (i, syllable) in
                hypher::hyphenate_bounded(word, hypher::Lang::Russian, 3, 3).enumerate()
            {
                if i > 0 {
                    out.push(SHY);
                }
                out.push_str(syllable);
            }
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for ch in text.chars() {
        if matches!(ch, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё') {
            word.push(ch);
        } else {
            flush(&mut word, &mut out);
            out.push(ch);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The filters templates use: `date_ru`, `int_ru`, `plural`, `initials_first`, `paths_whole`,
/// `soft_hyphens`.
pub fn register_filters(tera: &mut Tera) {
    tera.register_filter("initials_first", |v: &str, _: Kwargs, _: &State| {
        initials_first(v)
    });
    // `soft_hyphens` or `soft_hyphens(min=12)`: words from eight (or `min`) letters.
    tera.register_filter(
        "soft_hyphens",
        |v: &str, kw: Kwargs, _: &State| -> TeraResult<String> {
            let min: Option<usize> = kw.get("min")?;
            Ok(soft_hyphens(v, min.unwrap_or(8)))
        },
    );
    tera.register_filter("paths_whole", |v: &str, _: Kwargs, _: &State| {
        Value::safe_string(&paths_whole(v))
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
    fn paths_break_only_after_slashes() {
        assert_eq!(
            paths_whole("(data/a-b/contingent-2023.yaml:17:5)."),
            "<span class=\"path\"><span class=\"path__piece\">(data/</span><wbr>\
             <span class=\"path__piece\">a-b/</span><wbr>\
             <span class=\"path__piece\">contingent-2023.yaml:17:5).</span></span>"
        );
        // Words without a file name, and the rest of the text, are only escaped.
        assert_eq!(
            paths_whole("1/2 и <b>  данные/ отчёт"),
            "1/2 и &lt;b&gt;  данные/ отчёт"
        );
        assert_eq!(
            paths_whole("см. a/<x>.csv"),
            "см. <span class=\"path\"><span class=\"path__piece\">a/</span><wbr>\
             <span class=\"path__piece\">&lt;x&gt;.csv</span></span>"
        );
    }

    #[test]
    fn words_are_escaped_as_tera_escapes_them() {
        let text = "ООО «Рога & копыта» \"кавычки\" 'апостроф' <i> 1/2 простое";
        let mut tera = Vec::new();
        tera::escape_html(text, &mut tera).unwrap();
        assert_eq!(paths_whole(text), String::from_utf8(tera).unwrap());
    }

    #[test]
    fn long_russian_words_get_soft_hyphens() {
        let out = soft_hyphens("АО «Волжский машиностроительный завод», ИНН 6312001018", 8);
        // Only the long word is split, the rest is as it was.
        assert_eq!(
            out.replace('\u{AD}', ""),
            "АО «Волжский машиностроительный завод», ИНН 6312001018"
        );
        let word = out.split(' ').nth(2).unwrap();
        assert!(word.matches('\u{AD}').count() >= 2, "{word}");
        let parts: Vec<&str> = word.split('\u{AD}').collect();
        assert_eq!(parts.concat(), "машиностроительный");
        // Never fewer than three letters before the first break or after the last.
        assert!(parts[0].chars().count() >= 3, "{word}");
        assert!(parts[parts.len() - 1].chars().count() >= 3, "{word}");
        // Short words (under eight letters) stay whole.
        assert_eq!(soft_hyphens("Дата выпуска, ИНН", 8), "Дата выпуска, ИНН");
        assert_eq!(
            soft_hyphens("Дата окончания", 8),
            format!("Дата {}", soft_hyphens("окончания", 8))
        );
        assert_eq!(soft_hyphens("Нет; да", 8), "Нет; да");
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
