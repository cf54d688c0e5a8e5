//! Rule 8: returns from «Призыв ВС РФ» and «Декретный отпуск» — «массово и через неделю».

use super::Ctx;
use crate::diag::{Finding, Messages, Place};
use crate::format::{count_ru, date_ru, plural};
use crate::model::channel::Channel;
use crate::model::track::{EntryKind, TrackEntry};
use std::collections::BTreeMap;

/// A return: an actual entry that follows an actual conscription or parental-leave entry and
/// leaves that channel.
struct Return<'a> {
    graduate: usize,
    from: &'a TrackEntry,
    to: &'a TrackEntry,
}

fn returns<'a>(c: &'a Ctx) -> Vec<Return<'a>> {
    let mut out = Vec::new();
    for (i, t) in c.cohort.tracks.iter().enumerate() {
        let mut previous: Option<&TrackEntry> = None;
        for b in t.actual() {
            if let Some(a) = previous.filter(|a| {
                matches!(a.channel, Channel::Conscription | Channel::ParentalLeave)
                    && b.channel != a.channel
            }) {
                out.push(Return {
                    graduate: i,
                    from: a,
                    to: b,
                });
            }
            previous = Some(b);
        }
    }
    out
}

/// Many returns from one channel on one date.
pub fn mass_return(c: &Ctx) -> Vec<Finding> {
    let rs = returns(c);
    let mut groups: BTreeMap<(Channel, jiff::civil::Date), Vec<&Return>> = BTreeMap::new();
    for r in &rs {
        groups
            .entry((r.from.channel, r.to.date))
            .or_default()
            .push(r);
    }
    let min = c.rules.mass_return_min as usize;
    let mut out = Vec::new();
    for ((channel, date), group) in groups.into_iter().filter(|(_, g)| g.len() >= min) {
        // One text for the whole group.
        let message = arcstr::ArcStr::from(format!(
            "{} «{}» из канала «{}» одной датой {}: так бывает при массовой правке, а не по факту. Проверьте дату возвращения каждого по документам.",
            count_ru(group.len() as i64, "выпускник", "выпускника", "выпускников"),
            plural(group.len() as i64, "вернулся", "вернулись", "вернулись"),
            channel.label_ru(),
            date_ru(date)
        ));
        for r in &group {
            let g = &c.cohort.graduates[r.graduate];
            out.push(
                Finding::warning(
                    "track.mass-return",
                    Place::line(&c.cohort.tracks_file, r.to.line as usize),
                    message.clone(),
                )
                .with_graduate(&g.id),
            );
        }
    }
    out
}

/// A return sooner than the configured minimum.
pub fn short_return(c: &Ctx) -> Vec<Finding> {
    let mut msgs = Messages::default();
    let mut out = Vec::new();
    for r in returns(c) {
        let min = match r.from.channel {
            Channel::Conscription => c.rules.conscription_min_days,
            _ => c.rules.parental_leave_min_days,
        } as i64;
        // Subtracting civil dates gives a span in days (jiff's default for dates).
        let days = i64::from((r.to.date - r.from.date).get_days());
        if days < min {
            let g = &c.cohort.graduates[r.graduate];
            out.push(
                Finding::warning(
                    "track.short-return",
                    Place::line(&c.cohort.tracks_file, r.to.line as usize),
                    msgs.share(format!(
                        "Возвращение из канала «{}» через {} ({} → {}) — неправдоподобно быстро (ожидается не раньше чем через {}). Проверьте даты и документы.",
                        r.from.channel.label_ru(),
                        count_ru(days, "день", "дня", "дней"),
                        date_ru(r.from.date),
                        date_ru(r.to.date),
                        count_ru(min, "день", "дня", "дней")
                    )),
                )
                .with_graduate(&g.id),
            );
        }
    }
    out
}

/// Seed, task 2: «Актуализация карьерных треков в АИС, в том числе вернувшихся из «Призыв ВС
/// РФ»». Service by call-up lasts `rules.conscription_service_months` (12): a graduate whose
/// latest entry (on `as_of`) is an actual conscription at least that old, with no entry after
/// it, is expected back and the track was not updated.
pub fn return_due(c: &Ctx) -> Vec<Finding> {
    let mut msgs = Messages::default();
    let months = i64::from(c.rules.conscription_service_months);
    let mut out = Vec::new();
    for (g, t) in c.cohort.iter() {
        // The entries known on `as_of`, latest first.
        let known = || t.entries().iter().rev().filter(|e| e.date <= c.as_of);
        let in_army =
            |e: &&TrackEntry| e.channel == Channel::Conscription && e.kind == EntryKind::Actual;
        let Some(last) = known().next().filter(in_army) else {
            continue;
        };
        // Service began with the first entry of the last run of conscription entries; later
        // ones are confirmations of the same status.
        let start = known().take_while(in_army).last().unwrap_or(last);
        let Ok(due) = start.date.checked_add(jiff::Span::new().months(months)) else {
            continue;
        };
        if due > c.as_of || last.date >= due {
            continue;
        }
        out.push(
            Finding::warning(
                "track.conscription-return-due",
                Place::line(&c.cohort.tracks_file, last.line as usize),
                msgs.share(format!(
                    "Выпускник призван в ВС РФ {}; служба по призыву длится {}, возвращение ожидалось к {}, но после этого срока нет ни одной записи. Актуализируйте карьерный трек вернувшегося из «Призыв ВС РФ» (или подтвердите статус новой записью с новой датой).",
                    date_ru(start.date),
                    count_ru(months, "месяц", "месяца", "месяцев"),
                    date_ru(due)
                )),
            )
            .with_graduate(&g.id),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::model::channel::Channel;
    use crate::model::track::EntryKind;

    const ACT: EntryKind = EntryKind::Actual;

    #[test]
    fn mass_return_on_one_date() {
        let people = |n: usize, same: bool| {
            (0..n)
                .map(|i| {
                    (
                        grad(&i.to_string()),
                        vec![
                            entry(d(2022, 10, 20), ACT, Channel::Conscription),
                            job(
                                d(2023, 11, if same { 1 } else { 1 + i as i8 }),
                                "АО «Завод»",
                                "Сварщик",
                            ),
                        ],
                    )
                })
                .collect()
        };
        let m = cohort(people(5, true));
        assert_eq!(run_rule("track.mass-return", &m, d(2023, 12, 15)).len(), 5);
        let m = cohort(people(4, true));
        assert!(run_rule("track.mass-return", &m, d(2023, 12, 15)).is_empty());
        let m = cohort(people(5, false));
        assert!(run_rule("track.mass-return", &m, d(2023, 12, 15)).is_empty());
    }

    #[test]
    fn mass_return_message_agrees_with_the_number() {
        let people = |n: usize| {
            (0..n)
                .map(|i| {
                    (
                        grad(&i.to_string()),
                        vec![
                            entry(d(2022, 10, 20), ACT, Channel::Conscription),
                            job(d(2023, 11, 1), "АО «Завод»", "Сварщик"),
                        ],
                    )
                })
                .collect()
        };
        let run = |n: usize, min: u32| {
            let m = cohort(people(n));
            let rules = crate::config::rules::RuleSettings {
                mass_return_min: min,
                ..Default::default()
            };
            let ctx = super::super::Ctx {
                m: &m,
                cohort: &m.cohorts[0],
                rules: &rules,
                as_of: d(2023, 12, 15),
            };
            super::mass_return(&ctx)
        };
        let f = run(2, 2);
        assert!(
            f[0].message.starts_with("2 выпускника «вернулись»"),
            "{}",
            f[0].message
        );
        let f = run(21, 2);
        assert!(
            f[0].message.starts_with("21 выпускник «вернулся»"),
            "{}",
            f[0].message
        );
        let f = run(5, 5);
        assert!(
            f[0].message.starts_with("5 выпускников «вернулись»"),
            "{}",
            f[0].message
        );
        assert!(run(1, 2).is_empty());
    }

    /// Seed, task 2: «в том числе вернувшихся из «Призыв ВС РФ»»; service is 12 months.
    #[test]
    fn expected_back_from_the_army() {
        let conscripted = |day| entry(day, ACT, Channel::Conscription);
        let m = cohort(vec![(grad("1"), vec![conscripted(d(2022, 11, 15))])]);
        let f = run_rule("track.conscription-return-due", &m, d(2023, 11, 15));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("12 месяцев"), "{}", f[0].message);
        assert!(f[0].message.contains("к 15.11.2023"), "{}", f[0].message);
        // A day short of a year: not yet.
        assert!(run_rule("track.conscription-return-due", &m, d(2023, 11, 14)).is_empty());
        // Any later entry is the update.
        let m = cohort(vec![(
            grad("1"),
            vec![
                conscripted(d(2022, 11, 15)),
                job(d(2023, 11, 20), "АО «Завод»", "Сварщик"),
            ],
        )]);
        assert!(run_rule("track.conscription-return-due", &m, d(2023, 12, 15)).is_empty());
        // A confirmation inside the year does not restart the service; one after it updates.
        let m = cohort(vec![(
            grad("1"),
            vec![conscripted(d(2022, 11, 15)), conscripted(d(2023, 6, 1))],
        )]);
        let f = run_rule("track.conscription-return-due", &m, d(2023, 12, 15));
        assert!(
            f[0].message.contains("призван в ВС РФ 15.11.2022"),
            "{}",
            f[0].message
        );
        let m = cohort(vec![(
            grad("1"),
            vec![conscripted(d(2022, 11, 15)), conscripted(d(2023, 12, 1))],
        )]);
        assert!(run_rule("track.conscription-return-due", &m, d(2023, 12, 15)).is_empty());
        // A forecast of conscription is not service.
        let m = cohort(vec![(
            grad("1"),
            vec![entry(
                d(2022, 6, 15),
                EntryKind::Forecast,
                Channel::Conscription,
            )],
        )]);
        assert!(run_rule("track.conscription-return-due", &m, d(2023, 12, 15)).is_empty());
    }

    #[test]
    fn service_length_is_a_setting() {
        let m = cohort(vec![(
            grad("1"),
            vec![entry(d(2022, 11, 15), ACT, Channel::Conscription)],
        )]);
        let rules = crate::config::rules::RuleSettings {
            conscription_service_months: 24,
            ..Default::default()
        };
        let ctx = super::super::Ctx {
            m: &m,
            cohort: &m.cohorts[0],
            rules: &rules,
            as_of: d(2023, 12, 15),
        };
        assert!(super::return_due(&ctx).is_empty());
    }

    #[test]
    fn return_after_a_week() {
        let m = cohort(vec![(
            grad("1"),
            vec![
                entry(d(2023, 8, 1), ACT, Channel::ParentalLeave),
                job(d(2023, 8, 8), "АО «Завод»", "Сварщик"),
            ],
        )]);
        let f = run_rule("track.short-return", &m, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("через 7 дней ("), "{}", f[0].message);
        assert!(
            f[0].message.contains("не раньше чем через 30 дней"),
            "{}",
            f[0].message
        );
        let m = cohort(vec![(
            grad("1"),
            vec![
                entry(d(2022, 10, 3), ACT, Channel::Conscription),
                job(d(2023, 10, 20), "АО «Завод»", "Сварщик"),
            ],
        )]);
        assert!(run_rule("track.short-return", &m, d(2023, 12, 15)).is_empty());
    }
}
