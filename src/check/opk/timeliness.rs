//! Timeliness: a report (or the «нет новой информации» notice) every Friday by 12:00.
//!
//! The series runs from the first week known (a report file or a log entry) to `until:` in
//! `data/opk/log.yaml` or the last Friday before `as_of`. Submission times come from the log.

use super::Ctx;
use crate::diag::{Finding, Place};
use crate::format::date_ru;
use crate::load::opk::{LOG_FILE, OPK_DIR};
use jiff::civil::{Date, Time, Weekday};
use jiff::ToSpan;

/// The deadline of a week: 12:00 on its Friday.
const DEADLINE: Time = Time::constant(12, 0, 0, 0);

/// Fridays of the reporting series that are due on `as_of`.
fn due_fridays(ctx: &Ctx) -> Vec<Date> {
    let first = ctx
        .opk
        .reports
        .iter()
        .map(|r| r.week)
        .chain(ctx.opk.log.iter().map(|e| e.week))
        .min();
    let Some(mut d) = first else {
        return Vec::new();
    };
    // A log week written as another weekday counts for the Friday of its week.
    while d.weekday() != Weekday::Friday {
        match d.tomorrow() {
            Ok(n) => d = n,
            Err(_) => return Vec::new(),
        }
    }
    let mut out = Vec::new();
    // A Friday equal to `as_of` is not yet overdue (the time of day is unknown).
    while d < ctx.as_of && ctx.opk.until.is_none_or(|u| d <= u) {
        out.push(d);
        match d.checked_add(7.days()) {
            Ok(n) => d = n,
            Err(_) => break,
        }
    }
    out
}

/// A Friday with neither a report nor a recorded «нет новой информации» notice.
pub fn missing_week(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for friday in due_fridays(ctx) {
        let has_report = ctx.opk.reports.iter().any(|r| r.week == friday);
        let no_news = ctx.opk.log.iter().any(|e| e.week == friday && e.no_news);
        if !has_report && !no_news {
            out.push(Finding::warning(
                "opk.missing-week",
                Place::file(OPK_DIR),
                format!(
                    "Нет отчёта ОПК за пятницу {}: ни файлов {friday}-form2/-form3, ни отметки «нет новой информации» в {LOG_FILE}. Если изменений не было, запишите в журнал no_news: true и время письма «Мониторинг ОПК».",
                    date_ru(friday)
                ),
            ));
        }
    }
    out
}

/// A report or notice sent after 12:00 on its Friday.
pub fn late(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for e in &ctx.opk.log {
        let Some(sent) = e.submitted else { continue };
        let deadline = e.week.to_datetime(DEADLINE);
        if sent > deadline {
            let what = if e.no_news {
                "Сообщение «нет новой информации»"
            } else {
                "Отчёт ОПК"
            };
            out.push(Finding::warning(
                "opk.late",
                Place::line(LOG_FILE, e.line),
                format!(
                    "{what} за {} отправлен(о) {} в {:02}:{:02} — позже срока (12:00 пятницы).",
                    date_ru(e.week),
                    date_ru(sent.date()),
                    sent.hour(),
                    sent.minute()
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use jiff::civil::date;

    fn files(weeks: &[&str], log: &str) -> crate::model::opk::Opk {
        let f2 = format!("{F2_HEAD}{F2_ROW}");
        let names: Vec<String> = weeks.iter().map(|w| format!("{w}-form2.csv")).collect();
        let mut fs: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), f2.as_str())).collect();
        fs.push(("log.yaml", log));
        let (opk, load) = load_opk(&fs, None);
        assert!(load.is_empty(), "{load:?}");
        opk
    }

    #[test]
    fn missing_week_unless_no_news() {
        let log =
            "weeks:\n  - {week: 15.09.2023, no_news: true, submitted: \"15.09.2023 09:00\"}\n";
        // 01.09 and 22.09 have files, 08.09 nothing, 15.09 a no-news notice.
        let opk = files(&["2023-09-01", "2023-09-22"], log);
        let f = run_rule("opk.missing-week", &opk, &monitoring(), date(2023, 9, 25));
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("08.09.2023"));
        // On as_of 29.09 (a Friday) the 29th is not yet overdue; on 30.09 it is.
        assert_eq!(
            run_rule("opk.missing-week", &opk, &monitoring(), date(2023, 9, 29)).len(),
            1
        );
        assert_eq!(
            run_rule("opk.missing-week", &opk, &monitoring(), date(2023, 9, 30)).len(),
            2
        );
    }

    #[test]
    fn until_ends_the_series() {
        let opk = files(&["2023-09-01"], "until: 01.09.2023\n");
        assert!(run_rule("opk.missing-week", &opk, &monitoring(), date(2023, 12, 15)).is_empty());
    }

    #[test]
    fn late_after_noon_friday() {
        let log = "weeks:\n  - {week: 01.09.2023, submitted: \"01.09.2023 12:00\"}\n  - {week: 08.09.2023, submitted: \"08.09.2023 12:01\"}\n  - {week: 15.09.2023, no_news: true, submitted: \"18.09.2023 10:00\"}\n";
        let opk = files(&["2023-09-01", "2023-09-08"], log);
        let f = run_rule("opk.late", &opk, &monitoring(), date(2023, 9, 30));
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].place.line, Some(3));
        assert!(f[0].message.contains("12:01"));
        assert!(f[1].message.starts_with("Сообщение «нет новой информации»"));
    }
}
