//! Russian formatting and parsing: dates DD.MM.YYYY, numbers with thin spaces, plural forms.

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Parse a date as officers write it: `DD.MM.YYYY` (also `D.M.YYYY`) or ISO `YYYY-MM-DD`.
/// An impossible date such as 31.02.2023 is an error, never silently moved.
///
/// Excel and many exports append a midnight time (`01.08.2023 0:00`, `2023-08-01 00:00:00`,
/// `2023-08-01T00:00:00`): a zero time part is accepted and dropped. A non-zero time is an
/// error: a track entry is dated by day, and silently dropping 14:30 would hide a wrong column.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let full = s.trim();
    if let Some(d) = plain_dmy(full) {
        return Ok(d);
    }
    let (t, time) = match full.split_once([' ', 'T']) {
        Some((d, rest)) => (d.trim_end(), Some(rest.trim())),
        None => (full, None),
    };
    if let Some(time) = time {
        if !is_zero_time(time) {
            return Err(if looks_like_time(time) {
                format!(
                    "«{full}» — дата со временем {time}: укажите только дату (ДД.ММ.ГГГГ) или время 00:00"
                )
            } else {
                format!(
                    "«{full}» — не дата: ожидается ДД.ММ.ГГГГ (например, 01.09.2023) или ГГГГ-ММ-ДД"
                )
            });
        }
    }
    let bad =
        || format!("«{t}» — не дата: ожидается ДД.ММ.ГГГГ (например, 01.09.2023) или ГГГГ-ММ-ДД");
    let (y, m, d) = if let Some((d, rest)) = t.split_once('.') {
        let (m, y) = rest.split_once('.').ok_or_else(bad)?;
        (y, m, d)
    } else {
        let mut it = t.splitn(3, '-');
        let y = it.next().ok_or_else(bad)?;
        let m = it.next().ok_or_else(bad)?;
        let d = it.next().ok_or_else(bad)?;
        (y, m, d)
    };
    let num = |x: &str, max_len: usize| -> Result<i64, String> {
        if x.is_empty() || x.len() > max_len || !x.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        x.parse::<i64>().map_err(|_| bad())
    };
    let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
    if y.to_string().len() != 4 {
        return Err(bad());
    }
    Date::new(y as i16, m as i8, d as i8)
        .map_err(|_| format!("«{t}» — такой даты нет в календаре: проверьте день и месяц"))
}

/// The common case `DD.MM.YYYY` (a year from 1000), read without splitting or allocating: two
/// million track rows are dated this way. Anything else, including an impossible date, is
/// left to [`parse_date`]'s general path, which also words the error.
fn plain_dmy(t: &str) -> Option<Date> {
    let b: &[u8; 10] = t.as_bytes().try_into().ok()?;
    let digit = |i: usize| b[i].is_ascii_digit().then(|| i16::from(b[i] - b'0'));
    if b[2] != b'.' || b[5] != b'.' || b[6] == b'0' {
        return None;
    }
    let two = |i: usize| Some(digit(i)? * 10 + digit(i + 1)?);
    let year = two(6)? * 100 + two(8)?;
    Date::new(year, two(3)? as i8, two(0)? as i8).ok()
}

/// `H:MM`, `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff` (an optional trailing `Z`): its shape only.
fn looks_like_time(t: &str) -> bool {
    let t = t.strip_suffix('Z').unwrap_or(t);
    let (hms, frac) = match t.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (t, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    let digits =
        |x: &str, lo: usize| (lo..=2).contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit());
    (parts.len() == 2 || parts.len() == 3)
        && digits(parts[0], 1)
        && parts[1..].iter().all(|p| digits(p, 2))
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
        && (frac.is_none() || parts.len() == 3)
}

/// A time of day that is exactly midnight, in one of the shapes of [`looks_like_time`].
fn is_zero_time(t: &str) -> bool {
    looks_like_time(t) && t.bytes().all(|b| matches!(b, b'0' | b':' | b'.' | b'Z'))
}

/// `DD.MM.YYYY`.
pub fn date_ru(d: Date) -> String {
    // Written digit by digit: findings and tables format hundreds of thousands of dates, and
    // the formatting machinery costs several times more than the ten bytes it writes.
    let year = d.year();
    if !(1000..=9999).contains(&year) {
        return format!("{:02}.{:02}.{:04}", d.day(), d.month(), year);
    }
    let digit = |n: i16| char::from(b'0' + (n % 10) as u8);
    let (day, month) = (i16::from(d.day()), i16::from(d.month()));
    let mut s = String::with_capacity(10);
    s.extend([
        digit(day / 10),
        digit(day),
        '.',
        digit(month / 10),
        digit(month),
        '.',
    ]);
    s.extend([
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
    ]);
    s
}

const MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
/// Month names as a heading or a range writes them («ноябрь–декабрь 2023»).
pub(crate) const MONTHS_NOMINATIVE: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// `1 сентября 2023 г.`
pub fn date_ru_long(d: Date) -> String {
    format!(
        "{} {} {} г.",
        d.day(),
        MONTHS_GENITIVE[(d.month() - 1) as usize],
        d.year()
    )
}

/// `сентябрь 2023`
pub fn month_ru(d: Date) -> String {
    format!(
        "{} {}",
        MONTHS_NOMINATIVE[(d.month() - 1) as usize],
        d.year()
    )
}

/// Short month label for chart axes: `09.2023`.
pub fn month_short(d: Date) -> String {
    format!("{:02}.{}", d.month(), d.year())
}

/// Integer with a non-breaking thin space between thousands: `12 345`.
pub fn int_ru(n: i64) -> String {
    let s = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(s.len() + 4);
    if n < 0 {
        out.push('−');
    }
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push('\u{202F}');
        }
        out.push(ch);
    }
    out
}

/// Decimal with a comma: `87,5`. `digits` after the comma.
pub fn decimal_ru(x: f64, digits: usize) -> String {
    let s = format!("{:.*}", digits, x);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let n: i64 = int.trim_start_matches('-').parse().unwrap_or(0);
    let mut out = if x < 0.0 && s.starts_with('-') {
        format!("−{}", int_ru(n))
    } else {
        int_ru(n)
    };
    if let Some(f) = frac {
        out.push(',');
        out.push_str(f);
    }
    out
}

/// Percentage of `part` in `whole`, one digit: `87,5 %`; `—` when `whole` is zero.
pub fn percent_ru(part: i64, whole: i64) -> String {
    if whole == 0 {
        return "—".to_string();
    }
    format!(
        "{}\u{00A0}%",
        decimal_ru(part as f64 * 100.0 / whole as f64, 1)
    )
}

/// Russian plural form: `plural(n, "выпускник", "выпускника", "выпускников")`.
pub fn plural<'a>(n: i64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let n = n.unsigned_abs();
    let (m10, m100) = (n % 10, n % 100);
    if m10 == 1 && m100 != 11 {
        one
    } else if (2..=4).contains(&m10) && !(12..=14).contains(&m100) {
        few
    } else {
        many
    }
}

/// `5 выпускников`
pub fn count_ru(n: i64, one: &str, few: &str, many: &str) -> String {
    format!("{} {}", int_ru(n), plural(n, one, few, many))
}

/// A date in YAML: accepts `DD.MM.YYYY` and ISO, prints as `DD.MM.YYYY` in messages and ISO
/// when serialised for machines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RuDate(pub Date);

impl<'de> Deserialize<'de> for RuDate {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let s = String::deserialize(de)?;
        parse_date(&s).map(RuDate).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for RuDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&date_ru(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_russian_and_iso_dates() {
        assert_eq!(
            parse_date("01.09.2023").unwrap(),
            Date::constant(2023, 9, 1)
        );
        assert_eq!(parse_date("1.9.2023").unwrap(), Date::constant(2023, 9, 1));
        assert_eq!(
            parse_date(" 2023-09-01 ").unwrap(),
            Date::constant(2023, 9, 1)
        );
    }

    /// The `DD.MM.YYYY` fast path takes only what the general path would accept the same way.
    #[test]
    fn plain_dates_fast_path_agrees() {
        assert_eq!(plain_dmy("29.02.2024"), Some(Date::constant(2024, 2, 29)));
        for s in [
            "31.02.2023",
            "01.13.2023",
            "00.01.2023",
            "01.09.0999",
            "1.09.2023",
            "01-09-2023",
        ] {
            assert_eq!(plain_dmy(s), None, "{s}");
        }
        assert!(parse_date("31.02.2023")
            .unwrap_err()
            .contains("нет в календаре"));
        assert!(parse_date("01.09.0999").unwrap_err().contains("не дата"));
    }

    #[test]
    fn dates_are_written_dd_mm_yyyy() {
        assert_eq!(date_ru(Date::constant(2023, 9, 1)), "01.09.2023");
        assert_eq!(date_ru(Date::constant(1999, 12, 31)), "31.12.1999");
        assert_eq!(date_ru(Date::constant(987, 1, 2)), "02.01.0987");
    }

    #[test]
    fn zero_time_part_is_accepted() {
        let d = Date::constant(2023, 8, 1);
        for s in [
            "01.08.2023 0:00",
            "01.08.2023 00:00",
            "01.08.2023 00:00:00",
            "2023-08-01 00:00:00",
            "2023-08-01T00:00:00",
            "2023-08-01T00:00:00.000",
            "2023-08-01T00:00:00Z",
            " 1.8.2023  0:00 ",
        ] {
            assert_eq!(parse_date(s), Ok(d), "{s}");
        }
    }

    #[test]
    fn non_zero_time_is_a_clear_error() {
        let e = parse_date("01.08.2023 14:30").unwrap_err();
        assert!(e.contains("дата со временем 14:30"), "{e}");
        assert!(parse_date("2023-08-01T00:00:01")
            .unwrap_err()
            .contains("со временем"));
        assert!(parse_date("01.08.2023 утром")
            .unwrap_err()
            .contains("не дата"));
        assert!(parse_date("01.08.2023 0").is_err());
        assert!(parse_date("01.08.2023 00:0").is_err());
        assert!(parse_date("31.02.2023 00:00")
            .unwrap_err()
            .contains("такой даты нет"));
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        assert!(parse_date("31.02.2023")
            .unwrap_err()
            .contains("такой даты нет"));
        assert!(parse_date("2023.09").is_err());
        assert!(parse_date("01.09.23").is_err());
        assert!(parse_date("вчера").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn formats_dates() {
        let d = Date::constant(2023, 9, 1);
        assert_eq!(date_ru(d), "01.09.2023");
        assert_eq!(date_ru_long(d), "1 сентября 2023 г.");
        assert_eq!(month_ru(d), "сентябрь 2023");
    }

    #[test]
    fn numbers_have_russian_grouping() {
        assert_eq!(int_ru(1234567), "1\u{202F}234\u{202F}567");
        assert_eq!(int_ru(999), "999");
        assert_eq!(decimal_ru(87.54, 1), "87,5");
        assert_eq!(percent_ru(1, 3), "33,3\u{00A0}%");
        assert_eq!(percent_ru(1, 0), "—");
    }

    #[test]
    fn plural_forms() {
        let f = |n| plural(n, "выпускник", "выпускника", "выпускников");
        assert_eq!(f(1), "выпускник");
        assert_eq!(f(21), "выпускник");
        assert_eq!(f(2), "выпускника");
        assert_eq!(f(24), "выпускника");
        assert_eq!(f(5), "выпускников");
        assert_eq!(f(11), "выпускников");
        assert_eq!(f(12), "выпускников");
        assert_eq!(f(111), "выпускников");
        assert_eq!(f(0), "выпускников");
    }
}
