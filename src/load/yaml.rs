//! YAML reading with errors that name the file, line and column in Russian.

use crate::diag::{nearest, Finding, Place};
use serde::de::DeserializeOwned;

/// Parse `text` (the contents of `file`, a project-relative path) as `T`.
/// `line_offset` is added to reported lines, for YAML embedded in another file (front matter).
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &str,
    line_offset: usize,
) -> Result<T, Box<Finding>> {
    serde_yaml::from_str::<T>(text).map_err(|e| {
        let mut f = to_finding(&e, file, line_offset);
        // Our own value errors quote the bad value «…»; serde places them at the start of the
        // enclosing mapping, so point at the value itself instead.
        if f.rule == "yaml.value" {
            if let Some(v) = f
                .message
                .split('«')
                .nth(1)
                .and_then(|r| r.split('»').next())
            {
                if let Some((line, col)) = find_value(text, v) {
                    f.place = Place::at(file, line + line_offset, col);
                }
            }
        }
        Box::new(f)
    })
}

/// 1-based line and column of the first occurrence of `value` after a `:` or `-`.
fn find_value(text: &str, value: &str) -> Option<(usize, usize)> {
    if value.is_empty() {
        return None;
    }
    text.lines().enumerate().find_map(|(i, l)| {
        let at = l.find(value)?;
        let before = l[..at].trim_end_matches(['"', '\'', ' ']);
        (before.ends_with(':') || before.ends_with('-'))
            .then(|| (i + 1, l[..at].chars().count() + 1))
    })
}

/// Turn a serde_yaml error into a finding with a Russian explanation.
pub fn to_finding(e: &serde_yaml::Error, file: &str, line_offset: usize) -> Finding {
    let place = match e.location() {
        Some(loc) => Place::at(file, loc.line() + line_offset, loc.column()),
        None => Place::file(file),
    };
    let raw = e.to_string();
    // serde's own text ends with " at line N column M"; the place already says that.
    let raw = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw,
    };
    if let Some((key, expected)) = unknown_field(&raw) {
        let hint = match nearest(&key, expected.iter().map(String::as_str)) {
            Some(s) => format!(" Возможно, имелось в виду «{s}»."),
            None => String::new(),
        };
        return Finding::error(
            "yaml.unknown-key",
            place,
            format!(
                "Неизвестный ключ «{key}».{hint} Допустимые ключи здесь: {}.",
                expected.join(", ")
            ),
        );
    }
    if let Some(field) = raw
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        return Finding::error(
            "yaml.missing-key",
            place,
            format!("Не указан обязательный ключ «{field}»: добавьте его."),
        );
    }
    if raw.contains('«') {
        // A value our own types rejected (a date, a window): the message says it all.
        return Finding::error("yaml.value", place, format!("{raw}."));
    }
    if raw.contains("invalid type: ") || raw.contains("invalid value: ") {
        // The YAML itself is fine; a value has the wrong kind.
        return Finding::error(
            "yaml.value",
            place,
            format!("Неверное значение: {}.", translate(&raw)),
        );
    }
    Finding::error(
        "yaml.syntax",
        place,
        format!(
            "Файл не читается как YAML: {}. Проверьте отступы (пробелы, не табуляция), двоеточия и кавычки в этом месте.",
            translate(&raw)
        ),
    )
}

/// `unknown field `x`, expected one of `a`, `b`` → (x, [a, b]).
fn unknown_field(raw: &str) -> Option<(String, Vec<String>)> {
    let rest = raw.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((key.to_string(), expected))
}

/// Common serde/YAML phrases in Russian; anything else is kept as it is, in quotes.
fn translate(raw: &str) -> String {
    let table = [
        ("invalid type: ", "неверный тип значения: "),
        ("expected a sequence", "ожидался список"),
        ("expected a string", "ожидалась строка"),
        ("expected a map", "ожидался набор «ключ: значение»"),
        ("expected struct", "ожидался набор «ключ: значение»"),
        ("expected u32", "ожидалось целое неотрицательное число"),
        ("expected i64", "ожидалось целое число"),
        ("expected a boolean", "ожидалось true или false"),
        ("integer", "целое число"),
        ("floating point", "дробное число"),
        ("boolean", "логическое значение"),
        ("unit value", "пустое значение"),
        ("did not find expected key", "не найден ожидаемый ключ"),
        (
            "did not find expected '-' indicator",
            "не найден ожидаемый дефис «-» элемента списка",
        ),
        (
            "did not find expected node content",
            "не найдено ожидаемое значение",
        ),
        (
            "found unexpected end of stream",
            "файл неожиданно закончился",
        ),
        ("found undefined alias", "неизвестная ссылка на якорь (*)"),
        ("duplicate field", "ключ указан дважды:"),
        (
            "could not find expected ':'",
            "не найдено ожидаемое двоеточие «:»",
        ),
        ("while parsing a block mapping", "в наборе «ключ: значение»"),
        (
            "while parsing a flow sequence",
            "в списке в квадратных скобках",
        ),
        ("while scanning a quoted scalar", "в строке в кавычках"),
        (
            "mapping values are not allowed in this context",
            "здесь нельзя ставить двоеточие со значением",
        ),
        (
            "found character that cannot start any token",
            "символ, с которого не может начинаться значение",
        ),
        ("duplicate entry with key", "ключ повторяется"),
        ("string", "строка"),
        ("sequence", "список"),
        ("map", "набор «ключ: значение»"),
    ];
    let mut s = raw.to_string();
    // "expected struct College": the Rust type name means nothing to the user.
    if let Some(i) = s.find("expected struct ") {
        let rest = &s[i + "expected struct ".len()..];
        let end = rest
            .find(|c: char| !c.is_alphanumeric() && c != '_')
            .unwrap_or(rest.len());
        s = format!("{}expected a map{}", &s[..i], &rest[end..]);
    }
    for (en, ru) in table {
        s = s.replace(en, ru);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Conf {
        academic_year: String,
        theme: Option<String>,
    }

    #[test]
    fn unknown_key_suggests_nearest() {
        let e = parse::<Conf>("academic_year: x\nthemee: y\n", "vypusk.yaml", 0).unwrap_err();
        assert_eq!(e.rule, "yaml.unknown-key");
        assert_eq!(e.place.line, Some(2));
        assert!(e.message.contains("«theme»"), "{}", e.message);
    }

    #[test]
    fn syntax_error_has_line_and_offset() {
        let e = parse::<Conf>("academic_year: 'x\ntheme: y\n", "a.md", 1).unwrap_err();
        assert_eq!(e.rule, "yaml.syntax");
        assert!(e.place.line.unwrap() >= 2);
    }

    #[test]
    fn missing_key_is_named() {
        let e = parse::<Conf>("theme: y\n", "vypusk.yaml", 0).unwrap_err();
        assert_eq!(e.rule, "yaml.missing-key");
        assert!(e.message.contains("academic_year"));
    }
}
