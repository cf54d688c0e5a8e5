//! `data/reference/effectiveness.yaml` (regional criteria; the bundled edition when absent)
//! and `data/reference/checklist.yaml` (the Ministry's checklist), with every error at
//! file:line:column.

use crate::diag::{Finding, Place};
use crate::model::effectiveness::*;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriteriaFile {
    #[serde(default)]
    #[allow(dead_code)]
    title: String,
    criteria: Vec<RawCriterion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecklistFile {
    #[serde(default)]
    #[allow(dead_code)]
    title: String,
    items: Vec<ChecklistItem>,
}

pub fn load(root: &Path, findings: &mut Vec<Finding>) -> Effectiveness {
    let mut out = Effectiveness::default();
    let (text, file) = match std::fs::read(root.join(CRITERIA_FILE)) {
        Ok(b) => (String::from_utf8_lossy(&b).into_owned(), CRITERIA_FILE),
        Err(_) => (
            BUNDLED_CRITERIA.to_string(),
            "(встроенный data/reference/effectiveness.yaml)",
        ),
    };
    out.criteria_file = file.to_string();
    out.criteria = parse_criteria(&text, file, findings);
    if let Ok(b) = std::fs::read(root.join(CHECKLIST_FILE)) {
        out.checklist_file = CHECKLIST_FILE.to_string();
        match parse_checklist(&String::from_utf8_lossy(&b), CHECKLIST_FILE) {
            Ok(items) => out.checklist = items,
            Err(f) => findings.push(*f),
        }
    }
    out
}

/// 1-based lines where the list items starting with `- id:` begin, with their column.
fn item_lines(text: &str) -> Vec<(usize, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let body = l.trim_start();
            body.starts_with("- id:")
                .then(|| (i + 1, l.len() - body.len() + 1))
        })
        .collect()
}

/// The place of `key:` within lines `from..to` (1-based, `to` exclusive), else `fallback`.
fn key_place(
    text: &str,
    file: &str,
    from: usize,
    to: usize,
    keys: &[&str],
    fallback: Place,
) -> Place {
    for (i, l) in text
        .lines()
        .enumerate()
        .take(to.saturating_sub(1))
        .skip(from.saturating_sub(1))
    {
        let body = l.trim_start().trim_start_matches("- ");
        for k in keys {
            if body.strip_prefix(k).is_some_and(|r| r.starts_with(':')) {
                let col = l.find(k).map_or(1, |b| l[..b].chars().count() + 1);
                return Place::at(file, i + 1, col);
            }
        }
    }
    fallback
}

/// Parse a criteria file; invalid criteria are reported and left out.
pub fn parse_criteria(text: &str, file: &str, findings: &mut Vec<Finding>) -> Vec<Criterion> {
    let raw: CriteriaFile = match crate::load::yaml::parse(text, file, 0) {
        Ok(r) => r,
        Err(mut f) => {
            if f.message.contains("дата критерия") {
                f.rule = "effectiveness.bad-date";
            } else if f.message.contains("неизвестный показатель") {
                f.rule = "effectiveness.unknown-indicator";
            } else if f.message.contains("порог") {
                f.rule = "effectiveness.bad-threshold";
            }
            findings.push(*f);
            return Vec::new();
        }
    };
    let starts = item_lines(text);
    let mut out: Vec<Criterion> = Vec::new();
    for (i, c) in raw.criteria.into_iter().enumerate() {
        let (line, col) = starts.get(i).copied().unwrap_or((0, 1));
        let end = starts.get(i + 1).map_or(usize::MAX, |s| s.0);
        let here = || {
            if line > 0 {
                Place::at(file, line, col)
            } else {
                Place::file(file)
            }
        };
        let at = |keys: &[&str]| key_place(text, file, line, end, keys, here());
        let bad = |place: Place, what: String| {
            Finding::error(
                "effectiveness.bad-threshold",
                place,
                format!("Критерий «{}»: {what}", c.id),
            )
        };
        if out.iter().any(|o| o.id == c.id) {
            findings.push(Finding::error(
                "effectiveness.duplicate-id",
                here(),
                format!(
                    "Критерий «{}» указан дважды: у каждого критерия свой id.",
                    c.id
                ),
            ));
            continue;
        }
        let unit = c.indicator.unit();
        let step = |b: &RawBound, points: Option<Number>| -> Result<Step, String> {
            let (direction, bound) = match (b.at_least, b.at_most) {
                (Some(v), None) => (Direction::AtLeast, v.0),
                (None, Some(v)) => (Direction::AtMost, v.0),
                (Some(_), Some(_)) => {
                    return Err("в пороге указаны и at_least, и at_most: оставьте одно.".into())
                }
                (None, None) => {
                    return Err("порог без значения: укажите at_least (не меньше) или at_most (не больше), например { at_least: 75 }.".into())
                }
            };
            if unit == Unit::Percent && bound > 100.0 {
                return Err(format!(
                    "порог {} больше 100, а показатель «{}» — доля в процентах.",
                    crate::model::effectiveness::value_ru(bound, Unit::PerGraduate),
                    c.indicator.key()
                ));
            }
            let Some(points) = points else {
                return Err("не указаны баллы (points) за выполнение порога.".into());
            };
            Ok(Step {
                direction,
                bound,
                points: points.0,
            })
        };
        let steps: Result<Vec<Step>, (Place, String)> = match (&c.threshold, &c.scale) {
            (Some(_), Some(_)) => Err((at(&["scale"]), "указаны и threshold, и scale: оставьте одно — один порог или шкалу.".into())),
            (None, None) => Err((here(), "нет порога: добавьте threshold: { at_least: … } и points: … или шкалу scale: [{ at_least: …, points: … }, …].".into())),
            (Some(t), None) => {
                if t.points.is_some() {
                    Err((at(&["threshold"]), "баллы указываются рядом с threshold (points: …), а не внутри него.".into()))
                } else {
                    step(t, c.points)
                        .map(|s| vec![s])
                        .map_err(|e| (at(&["threshold", "points"]), e))
                }
            }
            (None, Some(scale)) => {
                if c.points.is_some() {
                    Err((at(&["points"]), "при шкале (scale) баллы указываются у каждой ступени, а не у критерия.".into()))
                } else if scale.is_empty() {
                    Err((at(&["scale"]), "шкала пуста: добавьте ступени { at_least: …, points: … }.".into()))
                } else {
                    let mut steps = Vec::new();
                    let mut err = None;
                    for b in scale {
                        match step(b, b.points) {
                            Ok(s) => steps.push(s),
                            Err(e) => {
                                err = Some(e);
                                break;
                            }
                        }
                    }
                    match err {
                        Some(e) => Err((at(&["scale"]), format!("ступень шкалы: {e}"))),
                        None if steps.windows(2).any(|w| w[0].direction != w[1].direction) => Err((
                            at(&["scale"]),
                            "в одной шкале смешаны at_least и at_most: все ступени — в одну сторону.".into(),
                        )),
                        None => {
                            steps.sort_by(|a, b| b.points.total_cmp(&a.points));
                            Ok(steps)
                        }
                    }
                }
            }
        };
        if c.on.is_some() && !c.indicator.dated() {
            findings.push(Finding::error(
                "effectiveness.bad-date",
                at(&["on"]),
                format!(
                    "Критерий «{}»: показатель «{}» берётся не на дату — уберите on (дата задаётся только для employed_share, risk_share, ovz_employed_share).",
                    c.id,
                    c.indicator.key()
                ),
            ));
            continue;
        }
        match steps {
            Ok(steps) => out.push(Criterion {
                id: c.id,
                title: c.title,
                indicator: c.indicator,
                on: c.on,
                steps,
                source: c.source,
                line,
            }),
            Err((place, what)) => findings.push(bad(place, what)),
        }
    }
    out
}

/// Parse a checklist file.
pub fn parse_checklist(text: &str, file: &str) -> Result<Vec<ChecklistItem>, Box<Finding>> {
    let raw: ChecklistFile = crate::load::yaml::parse(text, file, 0).map_err(|mut f| {
        if f.message.contains("чек-листа") {
            f.rule = "checklist.bad-answer";
        }
        f
    })?;
    let mut items = raw.items;
    for (it, (l, _)) in items.iter_mut().zip(item_lines(text)) {
        it.line = l;
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "criteria:\n  - id: employment\n    title: Трудоустройство\n    indicator: employed_share\n    threshold: { at_least: 60 }\n    points: 2\n  - id: risk\n    title: Риск\n    indicator: risk_share\n    scale:\n      - { at_most: 10, points: 2 }\n      - { at_most: 20, points: 1 }\n";

    fn parse(text: &str) -> (Vec<Criterion>, Vec<Finding>) {
        let mut fs = Vec::new();
        let c = parse_criteria(text, CRITERIA_FILE, &mut fs);
        (c, fs)
    }

    #[test]
    fn good_file_reads_with_lines() {
        let (c, fs) = parse(GOOD);
        assert!(fs.is_empty(), "{fs:?}");
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].line, c[1].line), (2, 7));
        assert_eq!(c[1].steps[0].points, 2.0);
        assert_eq!(c[1].steps[1].bound, 20.0);
    }

    #[test]
    fn unknown_indicator_is_an_error_at_its_value() {
        let (c, fs) = parse(&GOOD.replace("indicator: risk_share", "indicator: risk_shar"));
        assert!(c.is_empty());
        assert_eq!(fs.len(), 1);
        let f = &fs[0];
        assert_eq!(f.rule, "effectiveness.unknown-indicator");
        assert_eq!((f.place.line, f.place.column), (Some(9), Some(16)), "{f:?}");
        assert!(f.message.contains("«risk_share»"), "{}", f.message);
        let (_, fs) = parse(&GOOD.replace("indicator: employed_share", "indicator: \"a+b*2\""));
        assert_eq!(fs[0].rule, "effectiveness.unknown-indicator");
        assert_eq!(fs[0].place.line, Some(4), "{:?}", fs[0]);
    }

    #[test]
    fn malformed_thresholds_are_errors_with_place() {
        let cases = [
            ("{ at_least: 60 }", "{ at_least: много }", 5, "не число"),
            ("{ at_least: 60 }", "{ at_least: -5 }", 5, "отрицательным"),
            ("{ at_least: 60 }", "{ at_least: 160 }", 5, "больше 100"),
            (
                "{ at_least: 60 }",
                "{ at_least: 60, at_most: 70 }",
                5,
                "и at_least, и at_most",
            ),
            ("{ at_least: 60 }", "{ }", 5, "без значения"),
            ("    points: 2\n", "", 5, "не указаны баллы"),
            (
                "{ at_most: 20, points: 1 }",
                "{ at_least: 20, points: 1 }",
                10,
                "смешаны",
            ),
            (
                "{ at_most: 20, points: 1 }",
                "{ at_most: 20 }",
                10,
                "не указаны баллы",
            ),
        ];
        for (from, to, line, says) in cases {
            let text = GOOD.replacen(from, to, 1);
            assert_ne!(text, GOOD);
            let (_, fs) = parse(&text);
            assert_eq!(fs.len(), 1, "{to}: {fs:?}");
            let f = &fs[0];
            assert_eq!(f.rule, "effectiveness.bad-threshold", "{to}: {f:?}");
            assert_eq!(f.place.line, Some(line), "{to}: {f:?}");
            assert!(f.place.column.is_some(), "{to}: {f:?}");
            assert!(f.message.contains(says), "{to}: {}", f.message);
        }
        let (c, fs) = parse(&GOOD.replace("    threshold: { at_least: 60 }\n    points: 2\n", ""));
        assert_eq!(c.len(), 1, "the good one stays");
        assert_eq!(fs[0].place.line, Some(2));
        assert!(fs[0].message.contains("нет порога"));
        let (_, fs) = parse(&GOOD.replace("id: risk", "id: employment"));
        assert_eq!(fs[0].rule, "effectiveness.duplicate-id");
    }

    #[test]
    fn dates_of_the_cohort_year_or_fixed() {
        let (c, fs) = parse(&GOOD.replace(
            "indicator: employed_share\n",
            "indicator: employed_share\n    on: 01.12\n",
        ));
        assert!(fs.is_empty(), "{fs:?}");
        let d = |y, m, day| jiff::civil::Date::new(y, m, day).unwrap();
        assert_eq!(c[0].on.unwrap().resolve(2024), d(2024, 12, 1));
        let (c, _) = parse(&GOOD.replace(
            "indicator: employed_share\n",
            "indicator: employed_share\n    on: 01.12.2023\n",
        ));
        assert_eq!(c[0].on.unwrap().resolve(2024), d(2023, 12, 1));
        let (_, fs) = parse(&GOOD.replace(
            "indicator: employed_share\n",
            "indicator: employed_share\n    on: 31.11\n",
        ));
        assert_eq!(fs[0].rule, "effectiveness.bad-date");
        assert_eq!(fs[0].place.line, Some(5), "{:?}", fs[0]);
        let (_, fs) = parse(&GOOD.replace(
            "indicator: employed_share\n",
            "indicator: employed_share\n    on: 31.11.2023\n",
        ));
        assert_eq!(fs[0].rule, "effectiveness.bad-date", "{:?}", fs[0]);
        // An indicator not taken on a date takes no date.
        let (c, fs) = parse(&GOOD.replace(
            "indicator: risk_share\n",
            "indicator: plan_on_time\n    on: 01.12\n",
        ));
        assert_eq!(c.len(), 1);
        assert_eq!(fs[0].rule, "effectiveness.bad-date");
        assert_eq!(fs[0].place.line, Some(10), "{:?}", fs[0]);
    }

    #[test]
    fn bundled_criteria_read_without_findings() {
        let (c, fs) = parse(BUNDLED_CRITERIA);
        assert!(fs.is_empty(), "{fs:?}");
        let mut used: Vec<Indicator> = c.iter().map(|c| c.indicator).collect();
        used.sort();
        used.dedup();
        assert_eq!(
            used.len(),
            Indicator::ALL.len(),
            "the default set uses every indicator"
        );
    }

    #[test]
    fn checklist_answers() {
        let text = "items:\n  - id: a\n    title: Есть ЦСТВ\n    answer: да\n    evidence: приказ\n  - id: b\n    title: Б\n    answer: частично\n  - id: c\n    title: В\n";
        let items = parse_checklist(text, CHECKLIST_FILE).unwrap();
        assert_eq!(items[0].answer, Some(Answer::Yes));
        assert_eq!(items[1].answer, Some(Answer::Partly));
        assert_eq!(items[2].answer, None);
        assert_eq!(items[1].line, 6);
        let e =
            parse_checklist(&text.replace("частично", "может быть"), CHECKLIST_FILE).unwrap_err();
        assert_eq!(e.rule, "checklist.bad-answer");
        assert_eq!(e.place.line, Some(8), "{e:?}");
    }
}
