//! Cell values officers write in tables: yes/no answers and counts of people.

use crate::model::channel::normalize;

/// `да`/`нет` as officers write it; empty is `нет`. `Err` for anything else.
pub fn parse_yes_no(s: &str) -> Option<bool> {
    match s {
        "да" | "Да" | "ДА" => return Some(true),
        "" | "нет" | "Нет" | "НЕТ" => return Some(false),
        _ => {}
    }
    match normalize(s).as_str() {
        "да" | "д" | "yes" | "y" | "1" | "true" | "истина" | "+" | "есть" => {
            Some(true)
        }
        "" | "нет" | "н" | "no" | "n" | "0" | "false" | "ложь" | "-" => Some(false),
        _ => None,
    }
}

/// A count: a whole non-negative number. Text, decimals and negatives are errors, never zero.
pub fn parse_count(s: &str) -> Result<u32, String> {
    let t = s.trim().replace(['\u{a0}', '\u{202f}', ' '], "");
    if t.is_empty() {
        return Err("пустое значение".into());
    }
    if t.starts_with('-') || t.starts_with('−') {
        return Err(format!(
            "«{s}» — отрицательное число; количество не может быть меньше нуля"
        ));
    }
    if let Some((int, frac)) = t.split_once([',', '.']) {
        // `12,0` is twelve (Excel writes it so); `12,5` or `1,0,0` is not a count.
        let whole = !frac.is_empty() && frac.bytes().all(|b| b == b'0');
        if whole && !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) {
            return int
                .parse()
                .map_err(|_| format!("«{s}» — слишком большое число"));
        }
        return Err(format!(
            "«{s}» — дробное число; количество людей бывает только целым"
        ));
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "«{s}» — не число; ожидается целое неотрицательное число"
        ));
    }
    t.parse()
        .map_err(|_| format!("«{s}» — слишком большое число"))
}
