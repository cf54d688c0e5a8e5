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
        if f.rule == "yaml.duplicate-key" {
            let key = f.message.split('«').nth(1).and_then(|r| r.split('»').next());
            let key = key.map(|k| k.rsplit('.').next().unwrap_or(k));
            if let (Some(key), Some(loc)) = (key, e.location()) {
                if let Some(line) = second_key_line(text, key, loc.line(), loc.column()) {
                    f.place = Place::at(file, line + line_offset, loc.column());
                }
            }
        }
        if f.rule == "yaml.syntax" {
            if let Some(loc) = e.location() {
                if let Some(open) = unclosed_quote_line(text, loc.line()) {
                    f.place = Place::line(file, open + line_offset);
                    f.message = format!(
                        "Файл не читается как YAML: кавычка, открытая в этой строке, не закрыта до конца строки. Добавьте закрывающую кавычку. (Разбор файла остановился в строке {}.)",
                        loc.line() + line_offset
                    ).into();
                }
            }
        }
        Box::new(f)
    })
}

/// The line of the second `key:` of the block mapping whose first key is at `line`, `column`
/// (1-based): serde places a duplicate at the mapping's start.
fn second_key_line(text: &str, key: &str, line: usize, column: usize) -> Option<usize> {
    let indent = column.checked_sub(1)?;
    let mut seen = 0;
    for (i, l) in text.lines().enumerate().skip(line.saturating_sub(1)) {
        let body = l.trim_start();
        let this_indent = l.len() - body.len();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if this_indent < indent {
            break;
        }
        if this_indent == indent
            && body
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            seen += 1;
            if seen == 2 {
                return Some(i + 1);
            }
        }
    }
    None
}

/// The first line up to `upto` (1-based) where a quoted value opens and is not closed on the
/// same line: the parser only notices the unclosed quote lines later.
fn unclosed_quote_line(text: &str, upto: usize) -> Option<usize> {
    for (i, l) in text.lines().take(upto).enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        let mut chars = l.chars().peekable();
        while let Some(c) = chars.next() {
            match quote {
                None if c == '#' && (prev == ' ' || prev == '\t') => break,
                // A quote starts a value only after `:`, `-`, `[`, `{`, `,` or at the start.
                None if (c == '"' || c == '\'')
                    && l[..l.len() - chars.clone().map(char::len_utf8).sum::<usize>() - 1]
                        .trim_end()
                        .chars()
                        .last()
                        .is_none_or(|p| matches!(p, ':' | '-' | '[' | '{' | ',')) =>
                {
                    quote = Some(c);
                }
                Some('"') if c == '\\' => {
                    chars.next();
                }
                Some(q) if c == q => {
                    if q == '\'' && chars.peek() == Some(&'\'') {
                        chars.next(); // '' is an escaped quote
                    } else {
                        quote = None;
                    }
                }
                _ => {}
            }
            prev = c;
        }
        if quote.is_some() {
            return Some(i + 1);
        }
    }
    None
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
    // Nested errors start with the path of the mapping: `college.director: missing field …`.
    let (path, bare) = match raw.split_once(": ") {
        Some((p, rest))
            if !p.contains(' ')
                && (rest.starts_with("missing field") || rest.starts_with("duplicate field")) =>
        {
            (format!("{p}."), rest)
        }
        _ => (String::new(), raw.as_str()),
    };
    if let Some(field) = bare
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        let within = if path.is_empty() {
            String::new()
        } else {
            format!(" в разделе {}", path.trim_end_matches('.'))
        };
        return Finding::error(
            "yaml.missing-key",
            place,
            format!("Не указан обязательный ключ «{path}{field}»{within}: добавьте его."),
        );
    }
    if let Some(field) = bare
        .strip_prefix("duplicate field `")
        .and_then(|r| r.split('`').next())
    {
        return Finding::error(
            "yaml.duplicate-key",
            place,
            format!("Ключ «{path}{field}» указан дважды: оставьте один (второй — в этой строке)."),
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

/// Rules of every YAML file (settings, front matter, references).
#[rustfmt::skip]
pub const RULES: &[crate::check::rules::Rule] = &[
    crate::check::rules::Rule::error("yaml.syntax", "Файл читается как YAML: отступы пробелами, двоеточия, закрытые кавычки").example("content/a.md:2:1: Файл не читается как YAML: control characters are not allowed at position 7. Проверьте отступы (пробелы, не табуляция), двоеточия и кавычки в этом месте."),
    crate::check::rules::Rule::error("yaml.unknown-key", "Каждый ключ известен программе (опечатки подсказываются)").example("data/events/fairs-2023.yaml:6:5: Неизвестный ключ «date». Допустимые ключи здесь: fairs."),
    crate::check::rules::Rule::error("yaml.missing-key", "Обязательные ключи указаны").example("content/a.md:2:1: Не указан обязательный ключ «title»: добавьте его."),
    crate::check::rules::Rule::error("yaml.duplicate-key", "Ключ не указан дважды в одном блоке").example("content/a.md:2:1: Ключ «template» указан дважды: оставьте один (второй — в этой строке)."),
    crate::check::rules::Rule::error("yaml.value", "Значение ключа допустимо (дата, число, да/нет, значение из списка)").example("content/a.md:2:10: Неверное значение: raw_html: неверный тип значения: пустое значение, ожидалось true или false."),
];

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
        // Front matter: the YAML starts on the file's line 2.
        let e = parse::<Conf>("academic_year: 'x\ntheme: y\n", "a.md", 1).unwrap_err();
        assert_eq!(e.rule, "yaml.syntax");
        assert_eq!(
            e.place,
            Place::line("a.md", 2),
            "the line the quote opens on"
        );
        assert!(e.message.contains("кавычка"), "{}", e.message);
        // Elsewhere serde's own line and column, shifted by the offset.
        let e = parse::<Conf>("academic_year: x\ntheme: y: z\n", "a.md", 1).unwrap_err();
        assert_eq!(e.rule, "yaml.syntax");
        assert!(e.place.line.is_some_and(|l| l >= 3), "{:?}", e.place);
        assert!(e.place.column.is_some(), "{:?}", e.place);
    }

    #[test]
    fn wrong_values_point_at_the_value() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Typed {
            weight: i64,
            updated: Option<crate::format::RuDate>,
        }
        let e = parse::<Typed>("weight: много\n", "a.yaml", 0).unwrap_err();
        assert_eq!((e.rule, e.place.line), ("yaml.value", Some(1)), "{e:?}");
        let e = parse::<Typed>("weight: 1\nupdated: 31.02.2023\n", "a.yaml", 0).unwrap_err();
        assert_eq!(e.rule, "yaml.value", "{e:?}");
        assert_eq!((e.place.line, e.place.column), (Some(2), Some(10)), "{e:?}");
    }

    #[test]
    fn missing_key_is_named() {
        let e = parse::<Conf>("theme: y\n", "vypusk.yaml", 0).unwrap_err();
        assert_eq!(e.rule, "yaml.missing-key");
        assert!(e.message.contains("academic_year"));
    }

    #[test]
    fn nested_missing_key_has_its_path() {
        let base = std::fs::read_to_string("vypusk.yaml").unwrap();
        let text = base.replacen("  short_name:", "  #short_name:", 1);
        let e = parse::<crate::config::Config>(&text, "vypusk.yaml", 0).unwrap_err();
        assert_eq!(e.rule, "yaml.missing-key");
        assert!(e.message.contains("«college.short_name»"), "{}", e.message);
        assert!(!e.message.contains("missing field"));
    }

    #[test]
    fn duplicate_key_points_at_the_second() {
        let base = std::fs::read_to_string("vypusk.yaml").unwrap();
        let text = base.replacen("  region:", "  full_name: y\n  region:", 1);
        let line = text.lines().position(|l| l == "  full_name: y").unwrap() + 1;
        let e = parse::<crate::config::Config>(&text, "vypusk.yaml", 0).unwrap_err();
        assert_eq!(e.rule, "yaml.duplicate-key");
        assert_eq!(e.place.line, Some(line), "{}", e.message);
        assert!(e.message.contains("«college.full_name»"));
        let text = base.replacen("theme:", "theme: a\ntheme:", 1);
        let line = text.lines().position(|l| l == "theme: default").unwrap() + 1;
        let e = parse::<crate::config::Config>(&text, "vypusk.yaml", 0).unwrap_err();
        assert_eq!(e.place.line, Some(line));
    }

    #[test]
    fn unclosed_quote_points_at_its_line() {
        let base = std::fs::read_to_string("vypusk.yaml").unwrap();
        let text = base.replacen("колледж\u{bb}\"\n", "колледж\u{bb}\n", 1);
        assert_ne!(text, base);
        let line = text
            .lines()
            .position(|l| l.starts_with("  full_name:"))
            .unwrap()
            + 1;
        let e = parse::<crate::config::Config>(&text, "vypusk.yaml", 0).unwrap_err();
        assert_eq!(e.rule, "yaml.syntax");
        assert_eq!(e.place.line, Some(line), "{}", e.message);
        assert!(e.message.contains("кавычка, открытая"));
        // Apostrophes inside words and quotes inside quoted values are not openings.
        assert_eq!(
            unclosed_quote_line("a: д'Артаньян\nb: \"x \\\" y\"\nc: 'it''s'\n", 3),
            None
        );
    }
}
