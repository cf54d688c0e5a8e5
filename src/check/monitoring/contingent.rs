//! Rule 10: contingent rows 01–05 — arithmetic, and computed vs signed vs СПО-1.

use super::Ctx;
use crate::compute::contingent::computed_contingent;
use crate::diag::{Finding, Place};
use crate::format::date_ru;
use crate::model::contingent::{StatedContingent, ROW_RELATIONS};

fn sections<'a>(c: &'a Ctx) -> Vec<(&'static str, &'a StatedContingent, &'a str)> {
    let Some(k) = &c.cohort.contingent else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(s) = &k.signed {
        out.push(("подписанные данные (signed)", s, k.file.as_str()));
    }
    if let Some(s) = &k.spo1 {
        out.push(("СПО-1 (spo1)", s, k.file.as_str()));
    }
    out
}

/// [`ROW_RELATIONS`] in stated figures (computed ones hold by construction).
pub fn arithmetic(c: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for (name, s, file) in sections(c) {
        let v = |r: usize| s.rows[r - 1].map(|f| f.count);
        let line = |r: usize| s.rows[r - 1].map_or(s.line, |f| f.line);
        let mut bad = |r: usize, text: String| {
            out.push(Finding::error(
                "contingent.arithmetic",
                Place::line(file, line(r)),
                format!("Контингент, {name}: {text}. Исправьте цифры."),
            ))
        };
        for rel in ROW_RELATIONS {
            // 04 ≤ 01 follows from 03 + 04 ≤ 01, which says more.
            if rel.parts == [4] {
                continue;
            }
            if let Some((sum, whole)) = rel.broken(|r| v(r).map(i64::from)) {
                let what = if rel.parts.len() > 1 {
                    "строки"
                } else {
                    "строка"
                };
                let why = if rel.why.is_empty() {
                    String::new()
                } else {
                    format!(": {}", rel.why)
                };
                bad(
                    rel.row(),
                    format!(
                        "{what} {} ({sum}) больше строки {:02} ({whole}){why}",
                        rel.parts_ru(),
                        rel.whole
                    ),
                );
            }
        }
    }
    out
}

fn mismatch(c: &Ctx, spo1: bool) -> Vec<Finding> {
    let Some(k) = &c.cohort.contingent else {
        return Vec::new();
    };
    let Some(s) = (if spo1 { &k.spo1 } else { &k.signed }) else {
        return Vec::new();
    };
    let computed = computed_contingent(&c.cohort.graduates);
    let mut out = Vec::new();
    for (i, stated) in s.rows.iter().enumerate() {
        let Some(f) = stated else { continue };
        if f.count == computed[i] {
            continue;
        }
        let place = Place::line(&k.file, f.line);
        let text = format!(
            "Строка {:02}: по списку выпускников {} — {}, а {} — {} (разница {:+}).",
            i + 1,
            c.cohort.graduates_file,
            computed[i],
            if spo1 {
                "в СПО-1 «Фактический выпуск»"
            } else {
                "в подписанных руководителем данных"
            },
            f.count,
            f.count as i64 - computed[i] as i64
        );
        out.push(if spo1 {
            Finding::warning(
                "contingent.mismatch-spo1",
                place,
                format!("{text} Сверьте контингент с отчётом СПО-1 и объясните или устраните расхождение."),
            )
        } else {
            Finding::error(
                "contingent.mismatch-signed",
                place,
                format!("{text} Исправьте список выпускников или подписанные цифры: они должны совпадать."),
            )
        });
    }
    out
}

pub fn mismatch_signed(c: &Ctx) -> Vec<Finding> {
    mismatch(c, false)
}

pub fn mismatch_spo1(c: &Ctx) -> Vec<Finding> {
    mismatch(c, true)
}

/// No signed contingent after the due date.
pub fn signed_missing(c: &Ctx) -> Vec<Finding> {
    let due = c.rules.contingent_due_date(c.cohort.year);
    let has = c
        .cohort
        .contingent
        .as_ref()
        .is_some_and(|k| k.signed.is_some());
    if has || c.as_of <= due {
        return Vec::new();
    }
    vec![Finding::warning(
        "contingent.signed-missing",
        Place::file(&c.cohort.graduates_file),
        format!(
            "Контингент выпуска {} должен быть сформирован и подписан до {}: добавьте раздел signed в data/monitoring/contingent-{}.yaml.",
            c.cohort.year,
            date_ru(due),
            c.cohort.year
        ),
    )]
}

/// No СПО-1 figures once the reconciliation period has begun.
pub fn spo1_missing(c: &Ctx) -> Vec<Finding> {
    let Some(((m, d), _)) = c.rules.spo1_window.bounds() else {
        return Vec::new();
    };
    let Ok(start) = jiff::civil::Date::new(c.cohort.year, m, d) else {
        return Vec::new();
    };
    let has = c
        .cohort
        .contingent
        .as_ref()
        .is_some_and(|k| k.spo1.is_some());
    if has || c.as_of < start {
        return Vec::new();
    }
    vec![Finding::info(
        "contingent.spo1-missing",
        Place::file(&c.cohort.graduates_file),
        format!(
            "С {} проводится сверка контингента выпуска {} с СПО-1 «Фактический выпуск»: внесите цифры СПО-1 в раздел spo1 файла data/monitoring/contingent-{}.yaml.",
            date_ru(start),
            c.cohort.year,
            c.cohort.year
        ),
    )]
}

/// Seed, task 5: «до 07.07.2023 — Формирование контингента выпускников … Скан-копия
/// количественных данных выпускников по всем категориям, за подписью руководителя»: the
/// signature is dated by the due day and not after the day of the check.
pub fn signed_date(c: &Ctx) -> Vec<Finding> {
    let Some(k) = &c.cohort.contingent else {
        return Vec::new();
    };
    let Some(s) = &k.signed else {
        return Vec::new();
    };
    let Some(date) = s.date else {
        return Vec::new();
    };
    let due = c.rules.contingent_due_date(c.cohort.year);
    let why = if date > c.as_of {
        format!("позже даты проверки {}", date_ru(c.as_of))
    } else if date > due {
        format!(
            "а контингент формируется и подписывается до {}",
            date_ru(due)
        )
    } else {
        return Vec::new();
    };
    vec![Finding::warning(
        "contingent.signed-date",
        Place::line(&k.file, s.line),
        format!(
            "Подписанный контингент выпуска {} датирован {}, {why}. Проверьте дату скан-копии за подписью руководителя.",
            c.cohort.year,
            date_ru(date)
        ),
    )]
}

/// Seed, task 5: «ноябрь- декабрь 2023 — Сверка контингента выпускников в АИС с данными отчета
/// СПО-1 «Фактический выпуск»»: the СПО-1 figures are dated within the window of the
/// graduation year (`rules.spo1_window`) and not after the day of the check.
pub fn spo1_date(c: &Ctx) -> Vec<Finding> {
    let Some(k) = &c.cohort.contingent else {
        return Vec::new();
    };
    let Some(s) = &k.spo1 else {
        return Vec::new();
    };
    let Some(date) = s.date else {
        return Vec::new();
    };
    let w = &c.rules.spo1_window;
    let why = if date > c.as_of {
        format!("позже даты проверки {}", date_ru(c.as_of))
    } else if !(w.contains(date) && date.year() == c.cohort.year) {
        format!("вне периода сверки {}–{}.{}", w.from, w.to, c.cohort.year)
    } else {
        return Vec::new();
    };
    vec![Finding::warning(
        "contingent.spo1-date",
        Place::line(&k.file, s.line),
        format!(
            "Данные СПО-1 «Фактический выпуск» выпуска {} датированы {}, {why}: сверка с СПО-1 проводится в ноябре–декабре года выпуска. Проверьте дату отчёта.",
            c.cohort.year,
            date_ru(date)
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::model::contingent::{Contingent, StatedContingent, StatedFigure};

    fn stated(v: [u32; 5]) -> StatedContingent {
        let mut s = StatedContingent {
            line: 1,
            ..Default::default()
        };
        for (i, n) in v.into_iter().enumerate() {
            s.rows[i] = Some(StatedFigure {
                count: n,
                line: i + 2,
            });
        }
        s
    }

    fn with(
        signed: Option<[u32; 5]>,
        spo1: Option<[u32; 5]>,
    ) -> crate::model::monitoring::Monitoring {
        let mut a = grad("1");
        a.ovz = true;
        let mut m = cohort(vec![(a, vec![]), (grad("2"), vec![])]);
        m.cohorts[0].contingent = Some(Contingent {
            file: "data/monitoring/contingent-2023.yaml".into(),
            signed: signed.map(stated),
            spo1: spo1.map(stated),
        });
        m
    }

    #[test]
    fn arithmetic_of_stated_rows() {
        let m = with(Some([2, 1, 2, 1, 0]), None);
        let f = run_rule("contingent.arithmetic", &m, d(2023, 12, 15));
        assert_eq!(f.len(), 2, "{f:?}"); // 03 > 02 and 03 + 04 > 01
        assert_eq!(f[0].place.line, Some(4));
        let m = with(Some([2, 1, 0, 0, 0]), None);
        assert!(run_rule("contingent.arithmetic", &m, d(2023, 12, 15)).is_empty());
    }

    #[test]
    fn signed_and_spo1_mismatches() {
        let m = with(Some([3, 1, 0, 0, 0]), Some([2, 0, 0, 0, 0]));
        let f = run_rule("contingent.mismatch-signed", &m, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("(разница +1)"), "{}", f[0].message);
        assert_eq!(
            run_rule("contingent.mismatch-spo1", &m, d(2023, 12, 15)).len(),
            1
        );
        let m = with(Some([2, 1, 0, 0, 0]), Some([2, 1, 0, 0, 0]));
        assert!(run_rule("contingent.mismatch-signed", &m, d(2023, 12, 15)).is_empty());
        assert!(run_rule("contingent.mismatch-spo1", &m, d(2023, 12, 15)).is_empty());
    }

    #[test]
    fn missing_sections_after_their_dates() {
        let m = with(None, None);
        assert!(run_rule("contingent.signed-missing", &m, d(2023, 7, 7)).is_empty());
        assert_eq!(
            run_rule("contingent.signed-missing", &m, d(2023, 7, 8)).len(),
            1
        );
        assert!(run_rule("contingent.spo1-missing", &m, d(2023, 10, 31)).is_empty());
        assert_eq!(
            run_rule("contingent.spo1-missing", &m, d(2023, 11, 1)).len(),
            1
        );
        let m = with(Some([2, 1, 0, 0, 0]), Some([2, 1, 0, 0, 0]));
        assert!(run_rule("contingent.signed-missing", &m, d(2023, 12, 1)).is_empty());
        assert!(run_rule("contingent.spo1-missing", &m, d(2023, 12, 1)).is_empty());
    }

    fn dated(
        signed: Option<(i16, i8, i8)>,
        spo1: Option<(i16, i8, i8)>,
    ) -> crate::model::monitoring::Monitoring {
        let mut m = with(Some([2, 1, 0, 0, 0]), Some([2, 1, 0, 0, 0]));
        let k = m.cohorts[0].contingent.as_mut().unwrap();
        k.signed.as_mut().unwrap().date = signed.map(|(y, mo, da)| d(y, mo, da));
        k.spo1.as_mut().unwrap().date = spo1.map(|(y, mo, da)| d(y, mo, da));
        m
    }

    /// Seed: «до 07.07.2023 … Скан-копия количественных данных выпускников … за подписью
    /// руководителя».
    #[test]
    fn signed_after_the_seventh_of_july() {
        let m = dated(Some((2023, 8, 20)), None);
        let f = run_rule("contingent.signed-date", &m, d(2023, 12, 15));
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("20.08.2023"), "{}", f[0].message);
        assert!(f[0].message.contains("до 07.07.2023"), "{}", f[0].message);
        let m = dated(Some((2023, 7, 7)), None);
        assert!(run_rule("contingent.signed-date", &m, d(2023, 12, 15)).is_empty());
        let m = dated(Some((2023, 7, 5)), None);
        let f = run_rule("contingent.signed-date", &m, d(2023, 7, 1));
        assert!(
            f[0].message.contains("позже даты проверки"),
            "{}",
            f[0].message
        );
    }

    /// Seed: «ноябрь- декабрь 2023 — Сверка контингента … с данными отчета СПО-1».
    #[test]
    fn spo1_outside_november_december_or_in_the_future() {
        for bad in [(2023, 10, 31), (2024, 1, 10), (2022, 11, 20)] {
            let m = dated(None, Some(bad));
            let f = run_rule("contingent.spo1-date", &m, d(2024, 2, 1));
            assert_eq!(f.len(), 1, "{bad:?}");
            assert!(
                f[0].message.contains("вне периода сверки"),
                "{}",
                f[0].message
            );
        }
        let m = dated(None, Some((2023, 11, 20)));
        assert!(run_rule("contingent.spo1-date", &m, d(2023, 12, 15)).is_empty());
        let f = run_rule("contingent.spo1-date", &m, d(2023, 11, 10));
        assert!(
            f[0].message.contains("позже даты проверки"),
            "{}",
            f[0].message
        );
    }
}
