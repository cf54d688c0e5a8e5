//! The effective status of a graduate on a date.
//!
//! "Goes to risk" (rules 5 and 7) changes only the computed status: the entered track stays
//! as it is, and the reason is kept so reports can show it.

use crate::config::rules::RuleSettings;
use crate::format::date_ru;
use crate::model::channel::Channel;
use crate::model::graduate::Graduate;
use crate::model::monitoring::Cohort;
use crate::model::specialty::Specialties;
use crate::model::track::{CareerTrack, EntryKind, TrackEntry};
use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

/// Причина перевода в «Риск нетрудоустройства»: why a graduate counts there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskReason {
    /// The rule that moved the graduate, or `track.risk-entered` when the officer entered it.
    pub rule: &'static str,
    pub since: Date,
    pub reason: String,
}

/// Статус выпускника на дату: the effective status, after «goes to risk» is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status<'a> {
    /// The track entry in force (actual data win over forecasts); `None` when there is none.
    pub entry: Option<&'a TrackEntry>,
    /// Reasons for «Риск нетрудоустройства» (empty when not at risk).
    pub risk: Vec<RiskReason>,
}

/// Key index of «нет данных» after the form-1 columns 06–27 in counts and series.
pub const NO_DATA: usize = 22;
/// Number of status keys: columns 06–27 and «нет данных».
pub const KEYS: usize = 23;

impl<'a> Status<'a> {
    /// Whether the graduate counts in «Риск нетрудоустройства» (entered or moved there).
    pub fn at_risk(&self) -> bool {
        !self.risk.is_empty()
    }

    /// The status without its reasons: what counting needs.
    pub fn class(&self) -> StatusClass<'a> {
        StatusClass {
            entry: self.entry,
            at_risk: self.at_risk(),
        }
    }

    /// Form-1 column 06–27 the graduate counts in; see [`StatusClass::column`].
    pub fn column(&self) -> u8 {
        self.class().column()
    }

    /// Index into counts of [`KEYS`]; see [`StatusClass::key`].
    pub fn key(&self) -> usize {
        self.class().key()
    }
}

/// A status as counted: the entry in force and whether the graduate is at risk, without the
/// reasons' texts ([`status_class_on`]: the series and the publication count every graduate on
/// every month, and only need this).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusClass<'a> {
    pub entry: Option<&'a TrackEntry>,
    pub at_risk: bool,
}

impl StatusClass<'_> {
    /// Form-1 column 06–27 the graduate counts in. No data at all counts as гр.16 (иные
    /// причины риска), so that гр.05 always equals the sum of the columns.
    pub fn column(&self) -> u8 {
        if self.at_risk {
            return Channel::Risk.column();
        }
        match self.entry {
            None => Channel::Risk.column(),
            Some(e) => match e.kind {
                EntryKind::Actual => e.channel.column(),
                EntryKind::Forecast => e
                    .channel
                    .forecast_column()
                    .unwrap_or_else(|| e.channel.column()),
            },
        }
    }

    /// Index into counts of [`KEYS`]: column − 6, or [`NO_DATA`].
    pub fn key(&self) -> usize {
        if self.entry.is_none() && !self.at_risk {
            NO_DATA
        } else {
            (self.column() - 6) as usize
        }
    }
}

/// How an entry fails rule 5 (see [`position_mismatch`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mismatch {
    NoEnterprise,
    NoPosition,
    Unfit,
}

impl Mismatch {
    /// As remembered in an entry's [`crate::model::track::Memo`].
    fn encode(m: Option<Mismatch>) -> u8 {
        match m {
            None => 0,
            Some(Mismatch::NoEnterprise) => 1,
            Some(Mismatch::NoPosition) => 2,
            Some(Mismatch::Unfit) => 3,
        }
    }

    fn decode(v: u8) -> Option<Mismatch> {
        match v {
            1 => Some(Mismatch::NoEnterprise),
            2 => Some(Mismatch::NoPosition),
            3 => Some(Mismatch::Unfit),
            _ => None,
        }
    }
}

/// Rule 5's verdict on entry `e` of graduate `g`: judged once per entry and reference table
/// (statuses ask it for every graduate on every computed date), then read from the entry.
fn position_verdict(g: &Graduate, e: &TrackEntry, specialties: &Specialties) -> Option<Mismatch> {
    if e.channel != Channel::Employed {
        return None;
    }
    let spec = specialties.index_of(&g.specialty_code);
    position_verdict_at(spec, e, specialties)
}

/// [`position_verdict`] with the graduate's specialty already looked up (`spec`, see
/// [`Specialties::index_of`]).
fn position_verdict_at(
    spec: Option<usize>,
    e: &TrackEntry,
    specialties: &Specialties,
) -> Option<Mismatch> {
    if e.channel != Channel::Employed {
        return None;
    }
    // A specialty the reference does not know is not judged.
    let i = spec?;
    Mismatch::decode(e.rule5.get_or(specialties.verdict_key_at(i), || {
        Mismatch::encode(judge_position(i, e, specialties))
    }))
}

/// Rule 5 itself on an employment entry (see [`position_verdict`]).
fn judge_position(spec: usize, e: &TrackEntry, specialties: &Specialties) -> Option<Mismatch> {
    // A forecast often names neither enterprise nor position yet: nothing to compare.
    if e.kind == EntryKind::Forecast
        && e.enterprise.trim().is_empty()
        && e.position.trim().is_empty()
    {
        return None;
    }
    let fits = specialties.position_fits_at(spec, &e.position)?;
    if e.enterprise.trim().is_empty() {
        return Some(Mismatch::NoEnterprise);
    }
    if e.position.trim().is_empty() {
        return Some(Mismatch::NoPosition);
    }
    (!fits).then_some(Mismatch::Unfit)
}

/// Rule 5's verdict on an entry: `Some(reason)` when specialty, enterprise and position do not
/// agree. Only employment is checked; a specialty without listed positions is not judged.
pub fn position_mismatch(
    g: &Graduate,
    e: &TrackEntry,
    specialties: &Specialties,
) -> Option<String> {
    position_mismatch_at(specialties.index_of(&g.specialty_code), g, e, specialties)
}

/// [`position_mismatch`] with `g`'s specialty already looked up (`spec`, see
/// [`Specialties::index_of`]): for a rule that walks all of a graduate's entries.
pub fn position_mismatch_at(
    spec: Option<usize>,
    g: &Graduate,
    e: &TrackEntry,
    specialties: &Specialties,
) -> Option<String> {
    position_verdict_at(spec, e, specialties).map(|m| match m {
        Mismatch::NoEnterprise => "не указано предприятие".to_string(),
        Mismatch::NoPosition => "не указана должность".to_string(),
        Mismatch::Unfit => format!(
            "должность «{}» не соответствует специальности {} {}",
            e.position, g.specialty_code, g.specialty_name
        ),
    })
}

/// [`status_on`] without the reasons' texts: the same entry, at risk exactly when
/// [`status_on`] gives reasons (`status_class_is_status_on_without_texts` holds them together).
pub fn status_class_on<'a>(
    year: i16,
    g: &Graduate,
    t: &'a CareerTrack,
    date: Date,
    specialties: &Specialties,
    rules: &RuleSettings,
) -> StatusClass<'a> {
    let entry = t.current(date);
    let moved = entry.is_some_and(|e| {
        e.channel == Channel::Risk || (!e.opk && position_verdict(g, e, specialties).is_some())
    });
    // The track first: most graduates have actual data, and the deadline is worked out
    // from the settings' text on every call.
    let at_risk = moved || (!t.has_actual_by(date) && date >= rules.no_actual_data_date(year));
    StatusClass { entry, at_risk }
}

/// The status of graduate `g` with track `t` of cohort `year` on `date`.
pub fn status_on<'a>(
    year: i16,
    g: &Graduate,
    t: &'a CareerTrack,
    date: Date,
    specialties: &Specialties,
    rules: &RuleSettings,
) -> Status<'a> {
    let entry = t.current(date);
    let mut risk = Vec::new();
    if let Some(e) = entry {
        if e.channel == Channel::Risk {
            risk.push(RiskReason {
                rule: "track.risk-entered",
                since: e.date,
                reason: format!(
                    "в треке указан канал «{}» ({} от {})",
                    e.channel.label_ru(),
                    e.kind.label_ru(),
                    date_ru(e.date)
                ),
            });
        }
        // Seed, task 2, ОПК: «при данной ошибке — уточнение данных у ответственного ЦСТВ»,
        // not the transfer to «Риск» of the general branch: an ОПК graduate keeps the status.
        let checked = (!e.opk)
            .then(|| position_mismatch(g, e, specialties))
            .flatten();
        if let Some(why) = checked {
            risk.push(RiskReason {
                rule: "track.specialty-position",
                since: e.date,
                reason: format!("{why} (запись от {})", date_ru(e.date)),
            });
        }
    }
    let deadline = rules.no_actual_data_date(year);
    if date >= deadline && !t.has_actual_by(date) {
        risk.push(RiskReason {
            rule: "track.no-actual-data",
            since: deadline,
            reason: format!("нет фактических данных с {}", date_ru(deadline)),
        });
    }
    Status { entry, risk }
}

/// Выпускник группы риска on a date: ID, group, specialty and the reasons (no ФИО, so the
/// list can be printed in JSON summaries; reports may add names from the cohort).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RiskMember {
    pub id: String,
    pub group: String,
    pub specialty: String,
    pub reasons: Vec<RiskReason>,
}

/// How many graduates of a cohort are in the risk group on `date`: [`risk_group`]'s length,
/// counted without the reasons' texts.
pub fn risk_count(
    c: &Cohort,
    date: Date,
    specialties: &Specialties,
    rules: &RuleSettings,
) -> usize {
    c.graduates
        .par_iter()
        .zip(c.tracks.par_iter())
        .filter(|(g, t)| status_class_on(c.year, g, t, date, specialties, rules).at_risk)
        .count()
}

/// The risk group of a cohort on `date`, in file order.
pub fn risk_group(
    c: &Cohort,
    date: Date,
    specialties: &Specialties,
    rules: &RuleSettings,
) -> Vec<RiskMember> {
    c.graduates
        .par_iter()
        .zip(c.tracks.par_iter())
        .filter_map(|(g, t)| {
            let s = status_on(c.year, g, t, date, specialties, rules);
            s.at_risk().then(|| RiskMember {
                id: g.id.to_string(),
                group: g.group.to_string(),
                specialty: format!("{} {}", g.specialty_code, g.specialty_name)
                    .trim()
                    .to_string(),
                reasons: s.risk,
            })
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::specialty::Specialty;

    pub fn grad(id: &str) -> Graduate {
        Graduate {
            id: id.into(),
            name: format!("Выпускник {id}"),
            specialty_code: "15.01.05".into(),
            specialty_name: "Сварщик".into(),
            group: "С-31".into(),
            line: 2,
            ..Graduate::default()
        }
    }

    pub fn entry(d: Date, kind: EntryKind, channel: Channel) -> TrackEntry {
        TrackEntry {
            date: d,
            kind,
            channel,
            enterprise: "".into(),
            inn: "".into(),
            opk: false,
            position: "".into(),
            document: "".into(),
            line: 2,
            graduate: 0,
            rule5: Default::default(),
        }
    }

    pub fn job(d: Date, enterprise: &str, position: &str) -> TrackEntry {
        TrackEntry {
            enterprise: enterprise.into(),
            position: position.into(),
            ..entry(d, EntryKind::Actual, Channel::Employed)
        }
    }

    pub fn specialties() -> Specialties {
        Specialties::new(
            "data/reference/specialties.yaml".into(),
            vec![Specialty {
                code: "15.01.05".into(),
                name: "Сварщик".into(),
                positions: vec!["Сварщик".into(), "Электрогазосварщик".into()],
                line: 1,
            }],
        )
    }

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn position_mismatch_goes_to_risk_but_data_stay() {
        let g = grad("1");
        let t = CareerTrack::from(vec![job(d(2023, 7, 10), "ООО «Ромашка»", "Продавец")]);
        let s = status_on(
            2023,
            &g,
            &t,
            d(2023, 8, 1),
            &specialties(),
            &RuleSettings::default(),
        );
        assert_eq!(s.column(), 16);
        assert_eq!(s.risk[0].rule, "track.specialty-position");
        assert_eq!(s.entry.map(|e| e.channel), Some(Channel::Employed));
        let t = CareerTrack::from(vec![job(
            d(2023, 7, 10),
            "АО «Завод»",
            "Электрогазосварщик 3 разряда",
        )]);
        let s = status_on(
            2023,
            &g,
            &t,
            d(2023, 8, 1),
            &specialties(),
            &RuleSettings::default(),
        );
        assert_eq!(s.column(), 6);
    }

    /// Seed, task 2: «Актуализация данных трудоустройства на предприятия ОПК — Контроль
    /// соответствия данных: направление подготовки-предприятия-должность- при данной ошибке-
    /// уточнение данных у ответственного ЦСТВ»: no transfer to «Риск».
    #[test]
    fn position_mismatch_at_an_opk_enterprise_is_not_risk() {
        let g = grad("1");
        let mut e = job(d(2023, 7, 10), "АО «Оборонный завод»", "Продавец");
        e.opk = true;
        let t = CareerTrack::from(vec![e]);
        let sp = specialties();
        let s = status_on(2023, &g, &t, d(2023, 8, 1), &sp, &RuleSettings::default());
        assert!(!s.at_risk(), "{:?}", s.risk);
        assert_eq!(s.column(), 6);
        let c = Cohort {
            year: 2023,
            graduates: vec![g],
            tracks: vec![t],
            ..Cohort::default()
        };
        assert!(risk_group(&c, d(2023, 8, 1), &sp, &RuleSettings::default()).is_empty());
        assert_eq!(
            risk_count(&c, d(2023, 8, 1), &sp, &RuleSettings::default()),
            0
        );
    }

    #[test]
    fn no_actual_data_from_november_goes_to_risk() {
        let g = grad("1");
        let t = CareerTrack::from(vec![entry(
            d(2023, 6, 1),
            EntryKind::Forecast,
            Channel::Employed,
        )]);
        let sp = specialties();
        let r = RuleSettings::default();
        let before = status_on(2023, &g, &t, d(2023, 10, 31), &sp, &r);
        assert_eq!(before.column(), 22, "forecast «будут трудоустроены»");
        let after = status_on(2023, &g, &t, d(2023, 11, 1), &sp, &r);
        assert_eq!(after.column(), 16);
        assert_eq!(after.risk[0].rule, "track.no-actual-data");
    }

    #[test]
    fn risk_entered_in_the_track_is_its_own_reason() {
        let g = grad("1");
        let t = CareerTrack::from(vec![entry(d(2023, 7, 3), EntryKind::Actual, Channel::Risk)]);
        let s = status_on(
            2023,
            &g,
            &t,
            d(2023, 8, 1),
            &specialties(),
            &RuleSettings::default(),
        );
        assert!(s.at_risk());
        assert_eq!(s.risk.len(), 1, "{:?}", s.risk);
        assert_eq!(s.risk[0].rule, "track.risk-entered");
        assert_eq!(s.risk[0].since, d(2023, 7, 3));
    }

    #[test]
    fn no_data_before_november_is_its_own_key() {
        let g = grad("1");
        let t = CareerTrack::default();
        let s = status_on(
            2023,
            &g,
            &t,
            d(2023, 9, 1),
            &specialties(),
            &RuleSettings::default(),
        );
        assert_eq!(s.key(), NO_DATA);
        assert_eq!(s.column(), 16);
        assert!(!s.at_risk());
    }

    /// The verdict remembered in an entry answers only the table and specialty it was
    /// reached with: `serve` reloads the reference, and unit tests judge one entry twice.
    #[test]
    fn remembered_verdict_follows_the_reference_and_the_specialty() {
        let welder = grad("1");
        let t = CareerTrack::from(vec![job(d(2023, 7, 10), "ООО «Ромашка»", "Продавец")]);
        let (date, rules) = (d(2023, 8, 1), RuleSettings::default());
        let old = specialties();
        assert!(status_on(2023, &welder, &t, date, &old, &rules).at_risk());
        // The reloaded reference lists the position: the same entry fits now.
        let mut items = old.items.clone();
        items[0].positions.push("Продавец".into());
        let new = Specialties::new(old.file.clone(), items);
        assert!(!status_on(2023, &welder, &t, date, &new, &rules).at_risk());
        assert!(!status_class_on(2023, &welder, &t, date, &new, &rules).at_risk);
        assert!(status_class_on(2023, &welder, &t, date, &old, &rules).at_risk);
        // Another specialty of the same table: judged on its own positions.
        let both = Specialties::new(
            old.file.clone(),
            vec![
                old.items[0].clone(),
                Specialty {
                    code: "38.02.04".into(),
                    name: "Коммерция".into(),
                    positions: vec!["Продавец".into()],
                    line: 2,
                },
            ],
        );
        let seller = Graduate {
            specialty_code: "38.02.04".into(),
            ..grad("2")
        };
        assert!(status_on(2023, &welder, &t, date, &both, &rules).at_risk());
        assert!(!status_on(2023, &seller, &t, date, &both, &rules).at_risk());
        // Counted without texts, the risk group is as long as with them.
        let c = Cohort {
            year: 2023,
            graduates: vec![welder, seller],
            tracks: vec![t.clone(), t],
            ..Cohort::default()
        };
        assert_eq!(risk_group(&c, date, &both, &rules).len(), 1);
        assert_eq!(risk_count(&c, date, &both, &rules), 1);
    }

    #[test]
    fn status_class_is_status_on_without_texts() {
        // Every way into and out of risk, on dates before and after rule 7's deadline, for a
        // known specialty and one without positions in the reference.
        let opk = TrackEntry {
            opk: true,
            ..job(d(2023, 7, 10), "АО «Оборонный завод»", "Продавец")
        };
        let forecast_blank = entry(d(2023, 6, 20), EntryKind::Forecast, Channel::Employed);
        let forecast_named = TrackEntry {
            kind: EntryKind::Forecast,
            ..job(d(2023, 6, 20), "АО «Завод»", "Продавец")
        };
        let tracks: Vec<Vec<TrackEntry>> = vec![
            vec![],
            vec![forecast_blank.clone()],
            vec![forecast_named],
            vec![forecast_blank, job(d(2023, 9, 1), "АО «Завод»", "Сварщик")],
            vec![job(d(2023, 7, 10), "ООО «Ромашка»", "Продавец")],
            vec![job(d(2023, 7, 10), "", "Сварщик")],
            vec![job(d(2023, 7, 10), "АО «Завод»", "")],
            vec![opk],
            vec![entry(d(2023, 8, 1), EntryKind::Actual, Channel::Risk)],
            vec![entry(
                d(2023, 8, 1),
                EntryKind::Actual,
                Channel::Conscription,
            )],
        ];
        let sp = specialties();
        let rules = RuleSettings::default();
        let mut at_risk = 0;
        for code in ["15.01.05", "99.99.99"] {
            let g = Graduate {
                specialty_code: code.into(),
                ..grad("1")
            };
            for entries in &tracks {
                let t = CareerTrack::from(entries.clone());
                for date in [d(2023, 6, 1), d(2023, 8, 15), d(2023, 11, 1), d(2024, 2, 1)] {
                    let full = status_on(2023, &g, &t, date, &sp, &rules);
                    let class = status_class_on(2023, &g, &t, date, &sp, &rules);
                    assert_eq!(full.class(), class, "{code} {entries:?} {date}");
                    at_risk += usize::from(class.at_risk);
                }
            }
        }
        // Both answers occur: the comparison above is not of all-false statuses.
        assert!(at_risk > 10 && at_risk < 70, "{at_risk}");
    }
}
