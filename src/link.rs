//! Which links may be published: one checker for Markdown links, settings (`site_url`,
//! `base_url` in `vypusk.yaml`) and links from data files.
//!
//! Only `http`, `https`, `mailto` and `tel` are allowed; `javascript:` and friends run code
//! in the reader's browser, and anything else is at best a broken link.

/// Schemes a published link may have.
pub const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// What a link is, as a browser would read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// No scheme: a path, `#anchor`, `?query` or `//host` (protocol-relative).
    Relative,
    /// An allowed scheme (lower case).
    Allowed(String),
    /// Any other scheme (lower case), `javascript` included.
    Refused(String),
}

/// Classify `dest` the way the URL standard finds a scheme: leading and trailing spaces and
/// control characters are dropped and tabs and line breaks removed anywhere (so
/// `java\tscript:` is `javascript:`), then an ASCII letter followed by letters, digits,
/// `+`, `-`, `.` up to the first `:`.
pub fn classify(dest: &str) -> Link {
    let cleaned: String = dest
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some((scheme, _)) = cleaned.split_once(':') else {
        return Link::Relative;
    };
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid {
        return Link::Relative;
    }
    let scheme = scheme.to_ascii_lowercase();
    if ALLOWED_SCHEMES.contains(&scheme.as_str()) {
        Link::Allowed(scheme)
    } else {
        Link::Refused(scheme)
    }
}

/// Check a link from settings or data. `absolute_only`: the value must be an `http(s)` address
/// (a site's address), not a relative path. `Err` is the Russian reason, to follow the field's
/// name in a message.
pub fn check_setting(value: &str, absolute_only: bool) -> Result<(), String> {
    if value.trim().is_empty() {
        return Ok(());
    }
    match classify(value) {
        Link::Refused(s) => Err(format!(
            "адрес «{value}» начинается с «{s}:», а допустимы только ссылки http://, https://, mailto: и tel:"
        )),
        Link::Allowed(s) if absolute_only && s != "http" && s != "https" => Err(format!(
            "«{value}» — не адрес сайта: ожидается адрес вида https://example.ru/"
        )),
        Link::Relative if absolute_only => Err(format!(
            "«{value}» — не полный адрес сайта: ожидается адрес вида https://example.ru/"
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_like_a_browser() {
        assert_eq!(classify("https://x.ru"), Link::Allowed("https".into()));
        assert_eq!(classify("MAILTO:a@b.ru"), Link::Allowed("mailto".into()));
        assert_eq!(
            classify(" javascript:alert(1)"),
            Link::Refused("javascript".into())
        );
        assert_eq!(
            classify("java\tscript:x"),
            Link::Refused("javascript".into())
        );
        assert_eq!(
            classify("\u{1}data:text/html,x"),
            Link::Refused("data".into())
        );
        assert_eq!(classify("ftp://x"), Link::Refused("ftp".into()));
        assert_eq!(classify("about/a.md"), Link::Relative);
        assert_eq!(classify("a/b:c"), Link::Relative);
        assert_eq!(classify("#x:y"), Link::Relative);
        assert_eq!(classify("//cdn.ru/x"), Link::Relative);
        assert_eq!(classify("файл:1"), Link::Relative);
    }

    #[test]
    fn settings_need_a_site_address() {
        assert!(check_setting("", true).is_ok());
        assert!(check_setting("https://college.ru/", true).is_ok());
        assert!(check_setting("javascript:alert(document.cookie)", true)
            .unwrap_err()
            .contains("«javascript:»"));
        assert!(check_setting("mailto:a@b.ru", true).is_err());
        assert!(check_setting("college.ru", true).is_err());
        assert!(check_setting("mailto:a@b.ru", false).is_ok());
        assert!(check_setting("vbscript:x", false).is_err());
    }
}
