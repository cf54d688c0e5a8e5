//! `vypusk.yaml`: the college, its career centre, the academic year and rule settings.
//!
//! Unknown keys are errors with the nearest valid key suggested, so a typo never silently
//! turns a setting off.

pub mod rules;

use crate::diag::{Finding, Place};
use crate::format::RuDate;
use crate::load::yaml;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const CONFIG_FILE: &str = "vypusk.yaml";

/// The whole project configuration.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The college (ПОО).
    pub college: College,
    /// The college's career centre (ЦСТВ).
    pub centre: Centre,
    /// Academic year, `2023-2024`.
    pub academic_year: String,
    /// Theme folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Public address of the section, used for canonical links only (pages link relatively).
    #[serde(default)]
    pub base_url: String,
    /// The default "today" of reports; `--as-of` overrides it.
    #[serde(default)]
    pub as_of: Option<RuDate>,
    /// The college's time zone (IANA name, `Europe/Moscow` when not given): "today", when no
    /// date is given, is the date there, not in UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Windows and thresholds of the regional algorithm's rules.
    #[serde(default)]
    pub rules: rules::RuleSettings,
    /// Public-output protection.
    #[serde(default)]
    pub privacy: Privacy,
    /// How monitoring workbooks are read.
    #[serde(default)]
    pub monitoring: MonitoringFiles,
    /// What of the ОПК staffing needs public pages may show.
    #[serde(default)]
    pub opk: OpkPublication,
}

/// `opk:` in `vypusk.yaml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OpkPublication {
    /// Name the enterprises (and their positions) on public pages; by default only the
    /// workplaces needed by specialty are published, since ОПК data can be sensitive.
    #[serde(default)]
    pub public_enterprises: bool,
}

/// Which sheet of an `.xlsx` monitoring file holds the table (the first one when not given):
/// AIS exports often put a title sheet first.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MonitoringFiles {
    #[serde(default)]
    pub graduates_sheet: Option<String>,
    #[serde(default)]
    pub tracks_sheet: Option<String>,
}

fn default_theme() -> String {
    "default".to_string()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct College {
    pub full_name: String,
    pub short_name: String,
    pub region: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub site_url: String,
    /// The head of the college, who signs reports («Руководитель»).
    pub director: Person,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name as printed under a signature: `Иванова И. И.`
    pub name: String,
    #[serde(default)]
    pub position: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Centre {
    #[serde(default = "default_centre_name")]
    pub name: String,
    pub head: Person,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub address: String,
    /// Office hours, one line each: `Пн–Чт 9:00–17:00`.
    #[serde(default)]
    pub office_hours: Vec<String>,
}

fn default_centre_name() -> String {
    "Центр содействия трудоустройству выпускников".to_string()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Counts from 1 to `min_group − 1` are not shown on public pages (at least 3).
    #[serde(default = "default_min_group")]
    pub min_group: u32,
    /// Project paths of public files the guard cannot read (PDF, images) that a person has
    /// checked for personal data: only these are published.
    #[serde(default)]
    pub checked_files: Vec<String>,
}

impl Default for Privacy {
    fn default() -> Self {
        Privacy {
            min_group: default_min_group(),
            checked_files: Vec::new(),
        }
    }
}

fn default_min_group() -> u32 {
    3
}

/// The time zone of a college when `vypusk.yaml` names none.
pub const DEFAULT_TIMEZONE: &str = "Europe/Moscow";

impl Config {
    /// The college's time zone (validated by [`load`]; the default one otherwise).
    pub fn time_zone(&self) -> jiff::tz::TimeZone {
        time_zone(self.timezone.as_deref().unwrap_or(DEFAULT_TIMEZONE))
            .unwrap_or(jiff::tz::TimeZone::UTC)
    }
}

/// The zone named `name` from the bundled tz database; `Err` holds a Russian explanation.
pub fn time_zone(name: &str) -> Result<jiff::tz::TimeZone, String> {
    let name = name.trim();
    jiff::tz::TimeZone::get(name).map_err(|_| {
        let names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
        let hint = crate::diag::nearest(name, names.iter().map(String::as_str))
            .map(|n| format!(" Возможно, имелось в виду {n}."))
            .unwrap_or_default();
        format!(
            "Часовой пояс «{name}» неизвестен.{hint} Укажите имя пояса из базы IANA: Europe/Moscow, Europe/Samara, Asia/Yekaterinburg, Asia/Novosibirsk, Asia/Vladivostok…"
        )
    })
}

fn parse_academic_year(s: &str) -> Option<(i16, i16)> {
    let (a, b) = s.trim().split_once('-')?;
    let (a, b): (i16, i16) = (a.parse().ok()?, b.parse().ok()?);
    (b == a + 1 && (2000..2100).contains(&a)).then_some((a, b))
}

/// Read and validate `vypusk.yaml` in `root`. `Err` holds the findings that explain why not.
pub fn load(root: &Path) -> Result<Config, Vec<Finding>> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        vec![Finding::error(
            "config.unreadable",
            Place::file(CONFIG_FILE),
            format!(
                "Не удалось прочитать файл настроек: {}. Файл должен быть в кодировке UTF-8.",
                crate::diag::io_error_ru(&e)
            ),
        )]
    })?;
    let config: Config = yaml::parse(&text, CONFIG_FILE, 0).map_err(|f| vec![*f])?;
    let mut problems = Vec::new();
    if parse_academic_year(&config.academic_year).is_none() {
        problems.push(Finding::error(
            "config.academic-year",
            Place::line(CONFIG_FILE, line_of_key(&text, "academic_year")),
            format!(
                "Учебный год «{}» записан неверно: ожидается ГГГГ-ГГГГ, например 2023-2024.",
                config.academic_year
            ),
        ));
    }
    // The theme is a folder name under themes/: nothing that could point elsewhere.
    let theme_ok = !config.theme.is_empty()
        && config
            .theme
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if !theme_ok {
        problems.push(Finding::error(
            "config.theme",
            Place::line(CONFIG_FILE, line_of_key(&text, "theme")),
            format!(
                "Тема «{}» указана неверно: это имя папки в themes/ (буквы, цифры, «-», «_»), например default.",
                config.theme
            ),
        ));
    }
    if let Some(tz) = &config.timezone {
        if let Err(why) = time_zone(tz) {
            problems.push(Finding::error(
                "config.timezone",
                Place::line(CONFIG_FILE, line_of_key(&text, "timezone")),
                format!("Поле timezone: {why}"),
            ));
        }
    }
    if config.privacy.min_group < 3 {
        problems.push(Finding::error(
            "config.min-group",
            Place::line(CONFIG_FILE, line_of_key(&text, "min_group")),
            format!(
                "privacy.min_group: {} — слишком мало: группа из одного-двух человек позволяет узнать выпускника. Укажите 3 или больше (по умолчанию 3).",
                config.privacy.min_group
            ),
        ));
    }
    // Addresses from settings become links on every page: only http(s).
    for (key, value) in [
        ("site_url", &config.college.site_url),
        ("base_url", &config.base_url),
    ] {
        if let Err(why) = crate::link::check_setting(value, true) {
            problems.push(Finding::error(
                "config.unsafe-url",
                Place::line(CONFIG_FILE, line_of_key(&text, key)),
                format!("Поле {key}: {why}."),
            ));
        }
    }
    // Rule settings are reported at the `rules:` section (their own keys may be nested).
    let rules_line = line_of_key(&text, "rules");
    problems.extend(config.rules.validate(CONFIG_FILE).into_iter().map(|mut f| {
        if f.place.line.is_none() {
            f.place = Place::line(CONFIG_FILE, rules_line);
        }
        f
    }));
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// 1-based line of the first top-level `key:` in YAML text (for messages after parsing).
pub fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 1)
}

/// The settings file's rules (`vypusk.yaml`).
#[rustfmt::skip]
pub const RULES: &[crate::check::rules::Rule] = &[
    crate::check::rules::Rule::error("config.unreadable", "Файл настроек vypusk.yaml читается (UTF-8)").example("vypusk.yaml: Не удалось прочитать файл настроек: файл не в ожидаемом формате (например, не в кодировке UTF-8) или повреждён (stream did not contain valid UTF-8). Файл должен быть в кодировке UTF-8."),
    crate::check::rules::Rule::error("config.academic-year", "Учебный год записан как ГГГГ-ГГГГ из двух соседних лет, например 2023-2024").example("vypusk.yaml:3: Учебный год «2023-2025» записан неверно: ожидается ГГГГ-ГГГГ, например 2023-2024."),
    crate::check::rules::Rule::error("config.theme", "Тема — имя папки в themes/: буквы, цифры, «-», «_»").example("vypusk.yaml:4: Тема «../../etc» указана неверно: это имя папки в themes/ (буквы, цифры, «-», «_»), например default."),
    crate::check::rules::Rule::error("config.min-group", "Настройка privacy.min_group не меньше 3: малые группы позволяют узнать выпускника").example("vypusk.yaml:24: privacy.min_group: 0 — слишком мало: группа из одного-двух человек позволяет узнать выпускника. Укажите 3 или больше (по умолчанию 3)."),
    crate::check::rules::Rule::error("config.unsafe-url", "Адреса в настройках — только http(s), без кода в ссылке").example("vypusk.yaml:5: Поле base_url: адрес «JaVaScRiPt:x» начинается с «javascript:», а допустимы только ссылки http://, https://, mailto: и tel:."),
    crate::check::rules::Rule::error("config.rule-window", "Периоды и даты правил в rules записаны как ДД.ММ").example("vypusk.yaml: Период правила «32.08–31.12» записан неверно: ожидается ДД.ММ, например 01.04."),
    crate::check::rules::Rule::error("config.rule-threshold", "Пороги правил в rules больше нуля").example("vypusk.yaml: Настройка rules.mass_return_min должна быть больше нуля."),
    crate::check::rules::Rule::error("config.timezone", "Часовой пояс колледжа (timezone) — имя из базы IANA, например Europe/Moscow").example("vypusk.yaml:5: Поле timezone: Часовой пояс «Europe/Moskow» неизвестен. Возможно, имелось в виду Europe/Moscow. Укажите имя пояса из базы IANA: Europe/Moscow, Europe/Samara, Asia/Yekaterinburg, Asia/Novosibirsk, Asia/Vladivostok…"),
    crate::check::rules::Rule::warning("config.as-of", "Дата, на которую составляются отчёты (as_of), задана: иначе берётся сегодняшняя и результат зависит от дня сборки").example("vypusk.yaml: Дата, на которую составляются отчёты, не задана: взята сегодняшняя (01.12.2023, часовой пояс Europe/Moscow). Укажите as_of в vypusk.yaml или --as-of ДД.ММ.ГГГГ, чтобы результат не зависел от дня сборки."),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opk_public_enterprises_defaults_to_false() {
        let d = tempfile::tempdir().unwrap();
        let base = "college: {full_name: a, short_name: b, region: c, director: {name: d}}\ncentre: {head: {name: e}}\nacademic_year: 2023-2024\n";
        std::fs::write(d.path().join(CONFIG_FILE), base).unwrap();
        assert!(!load(d.path()).unwrap().opk.public_enterprises);
        std::fs::write(
            d.path().join(CONFIG_FILE),
            format!("{base}opk:\n  public_enterprises: true\n"),
        )
        .unwrap();
        assert!(load(d.path()).unwrap().opk.public_enterprises);
        // A typo is an error, never a silent «false».
        std::fs::write(
            d.path().join(CONFIG_FILE),
            format!("{base}opk:\n  public_enterprise: true\n"),
        )
        .unwrap();
        let fs = load(d.path()).unwrap_err();
        assert!(
            fs[0].message.contains("public_enterprises"),
            "{}",
            fs[0].message
        );
    }

    #[test]
    fn min_group_below_three_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let base = "college: {full_name: a, short_name: b, region: c, director: {name: d}}\ncentre: {head: {name: e}}\nacademic_year: 2023-2024\n";
        for (min, ok) in [(0, false), (2, false), (3, true), (5, true)] {
            std::fs::write(
                d.path().join(CONFIG_FILE),
                format!("{base}privacy:\n  min_group: {min}\n"),
            )
            .unwrap();
            match load(d.path()) {
                Ok(_) => assert!(ok, "{min} accepted"),
                Err(fs) => {
                    assert!(!ok, "{min} refused");
                    assert_eq!(fs[0].rule, "config.min-group");
                    assert_eq!(fs[0].place.line, Some(5));
                }
            }
        }
    }

    #[test]
    fn academic_year_must_be_consecutive() {
        assert_eq!(parse_academic_year("2023-2024"), Some((2023, 2024)));
        assert_eq!(parse_academic_year("2023-2025"), None);
        assert_eq!(parse_academic_year("2023/2024"), None);
        let d = tempfile::tempdir().unwrap();
        let base = "college: {full_name: a, short_name: b, region: c, director: {name: d}}\ncentre: {head: {name: e}}\n";
        std::fs::write(
            d.path().join(CONFIG_FILE),
            format!("{base}academic_year: 2023-2025\n"),
        )
        .unwrap();
        let e = load(d.path()).unwrap_err();
        assert_eq!(
            (e[0].rule, e[0].place.line),
            ("config.academic-year", Some(3))
        );
    }

    #[test]
    fn missing_or_unreadable_settings_are_explained() {
        let d = tempfile::tempdir().unwrap();
        let e = load(d.path()).unwrap_err();
        assert_eq!(e[0].rule, "config.unreadable");
        assert_eq!(e[0].place.file, CONFIG_FILE);
        std::fs::write(d.path().join(CONFIG_FILE), b"academic_year: \xff\n").unwrap();
        assert_eq!(load(d.path()).unwrap_err()[0].rule, "config.unreadable");
    }

    #[test]
    fn theme_must_be_a_plain_folder_name() {
        let d = tempfile::tempdir().unwrap();
        let base = "college: {full_name: a, short_name: b, region: c, director: {name: d}}\ncentre: {head: {name: e}}\nacademic_year: 2023-2024\n";
        std::fs::write(
            d.path().join(CONFIG_FILE),
            format!("{base}theme: ../../etc\n"),
        )
        .unwrap();
        let e = load(d.path()).unwrap_err();
        assert_eq!(e[0].rule, "config.theme");
        assert_eq!(e[0].place.line, Some(4));
        std::fs::write(
            d.path().join(CONFIG_FILE),
            format!("{base}theme: my-theme_2\n"),
        )
        .unwrap();
        assert!(load(d.path()).is_ok());
    }

    #[test]
    fn addresses_in_settings_must_be_http() {
        let d = tempfile::tempdir().unwrap();
        let cfg = "college: {full_name: a, short_name: b, region: c, director: {name: d},\n  site_url: \"javascript:alert(document.cookie)\"}\ncentre: {head: {name: e}}\nacademic_year: 2023-2024\nbase_url: JaVaScRiPt:x\n";
        std::fs::write(d.path().join(CONFIG_FILE), cfg).unwrap();
        let e = load(d.path()).unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e.iter().all(|f| f.rule == "config.unsafe-url"));
        assert_eq!(e[0].place.line, Some(2));
        assert!(e[0].message.contains("site_url"));
        assert_eq!(e[1].place.line, Some(5));
    }

    const BASE: &str = "college: {full_name: a, short_name: b, region: c, director: {name: d}}\ncentre: {head: {name: e}}\nacademic_year: 2023-2024\n";

    #[test]
    fn today_is_the_date_in_the_college_time_zone() {
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        let d = |y, m, day| jiff::civil::Date::constant(y, m, day);
        let moscow = time_zone(DEFAULT_TIMEZONE).unwrap();
        // Moscow is UTC+3: its day starts at 21:00 UTC, when UTC still has the day before.
        assert_eq!(
            crate::pipeline::date_at(at("2024-03-10T20:59:59Z"), &moscow),
            d(2024, 3, 10)
        );
        assert_eq!(
            crate::pipeline::date_at(at("2024-03-10T21:00:00Z"), &moscow),
            d(2024, 3, 11)
        );
        assert_eq!(
            crate::pipeline::date_at(at("2024-03-10T23:30:00Z"), &moscow),
            d(2024, 3, 11)
        );
        // Vladivostok (UTC+10) is a day ahead of UTC from 14:00 UTC; the year turns there first.
        let vl = time_zone("Asia/Vladivostok").unwrap();
        assert_eq!(
            crate::pipeline::date_at(at("2023-12-31T14:00:00Z"), &vl),
            d(2024, 1, 1)
        );
        assert_eq!(
            crate::pipeline::date_at(at("2023-12-31T13:59:59Z"), &vl),
            d(2023, 12, 31)
        );
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(
            crate::pipeline::date_at(at("2024-03-10T23:30:00Z"), &utc),
            d(2024, 3, 10)
        );
    }

    /// `load` over the minimal settings followed by `extra`.
    fn load_with(extra: &str) -> Result<Config, Vec<Finding>> {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join(CONFIG_FILE), format!("{BASE}{extra}")).unwrap();
        load(d.path())
    }

    #[test]
    fn timezone_defaults_to_moscow_and_a_wrong_one_is_named_with_its_line() {
        let zone = |extra| load_with(extra).unwrap().time_zone();
        assert_eq!(zone("").iana_name(), Some("Europe/Moscow"));
        let c = zone("timezone: Asia/Yekaterinburg\n");
        assert_eq!(c.iana_name(), Some("Asia/Yekaterinburg"));
        let e = load_with("theme: default\ntimezone: Europe/Moskow\n").unwrap_err();
        assert_eq!((e[0].rule, e[0].place.line), ("config.timezone", Some(5)));
        assert!(
            e[0].message.contains("«Europe/Moskow» неизвестен"),
            "{}",
            e[0].message
        );
        assert!(
            e[0].message.contains("имелось в виду Europe/Moscow"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn dates_read_russian_and_write_iso_and_a_bad_one_keeps_its_place() {
        let c = load_with("as_of: 01.09.2023\n").unwrap();
        // jiff's serde writes the date for machines (JSON, templates) as ISO.
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["as_of"], "2023-09-01");
        let e = load_with("as_of: 31.02.2023\n").unwrap_err();
        assert_eq!(e[0].rule, "yaml.value");
        assert_eq!((e[0].place.line, e[0].place.column), (Some(4), Some(8)));
        assert!(e[0].message.contains("31.02.2023"), "{}", e[0].message);
        assert!(e[0].message.contains("такой даты нет"), "{}", e[0].message);
    }

    #[test]
    fn line_of_key_finds_nested_keys() {
        assert_eq!(
            line_of_key("a: 1\n  academic_year: x\n", "academic_year"),
            2
        );
    }
}
