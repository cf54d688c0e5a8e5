//! `vypusk diff` as text for the terminal or as Markdown for a merge-request comment.
//!
//! Graduates appear by ID only; findings by severity, rule id, place and graduate ID, without
//! their messages (a message may quote a cell of the graduate list).

use crate::compute::diff::{ChannelChange, CohortDiff, FindingsDiff, ProjectDiff};
use crate::diag::Finding;
use crate::format::{count_ru, date_ru};
use crate::region::diff::RegionDiff;
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Text,
    Markdown,
}

/// One project's diff in a report: a single college's (no title) or a region's college.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    /// The college (its folder id) when the report covers several.
    pub title: Option<&'a str>,
    pub diff: &'a ProjectDiff,
}

/// The whole report: what was compared with what, then each part.
pub fn report(from: &str, to: &str, parts: &[Part<'_>], style: Style) -> String {
    let mut w = Writer {
        out: String::new(),
        md: style == Style::Markdown,
    };
    if w.md {
        w.line(&format!(
            "## Изменения в данных: {} → {}",
            code(from),
            code(to)
        ));
    } else {
        w.line(&format!("Изменения в данных: {from} → {to}"));
    }
    for part in parts {
        w.blank();
        w.project(part);
    }
    w.out
}

/// A region's report: the colleges added and removed, the regional totals, then each
/// college that changed (as a college's own report), and those that did not in one line.
pub fn region_report(from: &str, to: &str, d: &RegionDiff, style: Style) -> String {
    let mut w = Writer {
        out: String::new(),
        md: style == Style::Markdown,
    };
    let title = format!("Изменения в данных региона «{}»", d.name);
    if w.md {
        w.line(&format!(
            "## {}: {} → {}",
            cell(&title),
            code(from),
            code(to)
        ));
    } else {
        w.line(&format!("{title}: {from} → {to}"));
    }
    w.blank();
    let (b, a) = d.colleges_count;
    w.line(&if a == b {
        format!("Колледжей: {}.", a)
    } else {
        format!("Колледжей: {b} → {a}.")
    });
    w.ids("Добавлены", &d.added);
    w.ids("Убраны", &d.removed);
    w.blank();
    w.heading(3, "Итого по региону");
    for t in &d.totals {
        let (gb, ga) = t.graduates;
        let (rb, ra) = t.risk;
        let graduates = if gb == ga {
            count_ru(ga.into(), "выпускник", "выпускника", "выпускников")
        } else {
            format!(
                "выпускников {gb} → {ga} ({})",
                signed(i64::from(ga) - i64::from(gb))
            )
        };
        let risk = if rb == ra {
            format!("в группе риска {ra}")
        } else {
            format!(
                "в группе риска {rb} → {ra} ({})",
                signed(i64::from(ra) - i64::from(rb))
            )
        };
        let line = format!("Выпуск {}: {graduates}; {risk}", t.year);
        if t.channels.is_empty() && gb == ga && rb == ra {
            w.line(&format!("{line}; без изменений."));
            continue;
        }
        if w.md {
            w.blank();
            w.line(&format!("**{line}.**"));
            w.blank();
        } else {
            w.line(&format!("{line}."));
        }
        w.channels(&t.channels);
    }
    let [eb, wb, ib] = d.findings_before;
    let [ea, wa, ia] = d.findings_after;
    w.blank();
    w.line(&format!(
        "Замечания проверки всех колледжей: ошибок {eb} → {ea}, предупреждений {wb} → {wa}, сведений {ib} → {ia}."
    ));
    if !(d.own.new.is_empty() && d.own.fixed.is_empty() && d.own.reworded.is_empty()) {
        w.blank();
        w.heading(3, "Настройки региона (vypusk.yaml)");
        w.findings(4, &d.own);
    }
    for c in &d.colleges {
        w.blank();
        let title = if d.added.contains(&c.id) {
            format!("{} (добавлен)", c.id)
        } else if d.removed.contains(&c.id) {
            format!("{} (убран)", c.id)
        } else {
            c.id.clone()
        };
        if c.fatal.0.is_some() || c.fatal.1.is_some() {
            w.heading(3, &format!("Колледж {title}"));
            for (when, m) in [("Прежняя версия", &c.fatal.0), ("Новая версия", &c.fatal.1)]
            {
                if let Some(m) = m {
                    w.line(&format!("{when} не прочитана: {m}"));
                }
            }
            w.blank();
            w.findings(4, &c.diff.findings);
            continue;
        }
        // A college added or removed: its findings are all new (or all gone); the totals
        // say enough, `vypusk check` lists them.
        let mut diff = c.diff.clone();
        if d.added.contains(&c.id) || d.removed.contains(&c.id) {
            diff.findings.new.clear();
            diff.findings.fixed.clear();
            diff.findings.reworded.clear();
        }
        w.project(&Part {
            title: Some(&title),
            diff: &diff,
        });
    }
    if !d.unchanged.is_empty() {
        w.blank();
        w.ids("Без изменений", &d.unchanged);
    }
    w.out
}

struct Writer {
    out: String,
    md: bool,
}

/// `+2`, `−1` (a true minus sign, as in the reports).
fn signed(n: i64) -> String {
    match n {
        0 => "0".to_string(),
        n if n > 0 => format!("+{n}"),
        n => format!("−{}", -n),
    }
}

/// Inline code in Markdown; a backtick inside would end it early.
fn code(s: &str) -> String {
    format!("`{}`", s.replace('`', "'"))
}

/// A Markdown table cell: a `|` would start a new cell, a newline would end the row.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn was(before: Option<u32>, after: Option<u32>) -> String {
    match (before, after) {
        (Some(b), Some(a)) if a == b => {
            count_ru(a.into(), "выпускник", "выпускника", "выпускников")
        }
        (Some(b), Some(a)) => format!(
            "{} (было {b})",
            count_ru(a.into(), "выпускник", "выпускника", "выпускников")
        ),
        (None, Some(a)) => format!(
            "{} (новый выпуск)",
            count_ru(a.into(), "выпускник", "выпускника", "выпускников")
        ),
        (Some(b), None) => format!("выпуск убран из данных (было выпускников: {b})"),
        (None, None) => String::new(),
    }
}

impl Writer {
    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn heading(&mut self, level: usize, s: &str) {
        if self.md {
            self.line(&format!("{} {s}", "#".repeat(level)));
            self.blank();
        } else {
            self.line(s);
        }
    }

    fn project(&mut self, part: &Part<'_>) {
        let d = part.diff;
        let level = if part.title.is_some() { 4 } else { 3 };
        if let Some(t) = part.title {
            self.heading(3, &format!("Колледж {t}"));
        }
        let dates = match (d.as_of_before, d.as_of_after) {
            (Some(b), Some(a)) if a == b => format!("Дата отчёта: {}.", date_ru(a)),
            (Some(b), Some(a)) => format!("Дата отчёта: {} → {}.", date_ru(b), date_ru(a)),
            (None, Some(a)) => format!(
                "Дата отчёта: {} (прежняя версия не загрузилась).",
                date_ru(a)
            ),
            (Some(b), None) => format!(
                "Дата отчёта была {} (новая версия не загрузилась).",
                date_ru(b)
            ),
            (None, None) => "Ни одна из версий не загрузилась: см. замечания.".to_string(),
        };
        self.line(&dates);
        if d.is_empty() {
            self.line("Изменений в цифрах и в замечаниях проверки нет.");
            return;
        }
        for c in &d.cohorts {
            self.blank();
            self.cohort(level, c);
        }
        self.blank();
        self.findings(level, &d.findings);
    }

    fn cohort(&mut self, level: usize, c: &CohortDiff) {
        let title = format!(
            "Выпуск {}: {}",
            c.year,
            was(c.graduates_before, c.graduates_after)
        );
        if c.is_empty() {
            self.line(&format!("{title}; без изменений."));
            return;
        }
        self.heading(level, &title);
        self.channels(&c.channels);
        for (what, ids) in [
            ("Вошли в группу риска", &c.into_risk),
            ("Вышли из группы риска", &c.out_of_risk),
        ] {
            if ids.is_empty() {
                continue;
            }
            if self.md {
                self.blank();
                let list: Vec<String> = ids.iter().map(|id| code(id)).collect();
                self.line(&format!("**{what} ({}):** {}", ids.len(), list.join(", ")));
            } else {
                self.line(&format!("  {what} ({}): {}", ids.len(), ids.join(", ")));
            }
        }
    }

    /// The channels whose counts changed, as a table (Markdown) or indented lines.
    fn channels(&mut self, channels: &[ChannelChange]) {
        if channels.is_empty() {
            return;
        }
        if self.md {
            self.line("| Статус на дату отчёта | Было | Стало | Изменение |");
            self.line("|---|---:|---:|---:|");
        } else {
            self.line("  Статусы на дату отчёта (было → стало):");
        }
        for ch in channels {
            let name = match ch.column {
                Some(col) => format!("гр.{col:02} {}", ch.label),
                None => ch.label.clone(),
            };
            if self.md {
                self.line(&format!(
                    "| {} | {} | {} | {} |",
                    cell(&name),
                    ch.before,
                    ch.after,
                    signed(ch.delta())
                ));
            } else {
                self.line(&format!(
                    "    {name}: {} → {} ({})",
                    ch.before,
                    ch.after,
                    signed(ch.delta())
                ));
            }
        }
    }

    /// A list of college ids after a label, or nothing when it is empty.
    fn ids(&mut self, what: &str, ids: &[String]) {
        if ids.is_empty() {
            return;
        }
        let list: Vec<String> = if self.md {
            ids.iter().map(|id| code(id)).collect()
        } else {
            ids.to_vec()
        };
        self.line(&format!("{what} ({}): {}.", ids.len(), list.join(", ")));
    }

    fn findings(&mut self, level: usize, f: &FindingsDiff) {
        let totals = |c: [usize; 3]| (c[0], c[1], c[2]);
        let (eb, wb, ib) = totals(f.before);
        let (ea, wa, ia) = totals(f.after);
        let summary =
            format!("ошибок {eb} → {ea}, предупреждений {wb} → {wa}, сведений {ib} → {ia}.");
        if self.md {
            self.heading(level, "Замечания проверки");
            self.line(&format!("Всего: {summary}"));
        } else {
            self.line(&format!("Замечания проверки: {summary}"));
        }
        for (what, list) in [
            ("Новые", &f.new),
            ("Исправленные", &f.fixed),
            ("Остались, но изменился текст", &f.reworded),
        ] {
            if list.is_empty() {
                continue;
            }
            if self.md {
                self.blank();
                self.line(&format!("**{what} ({}):**", list.len()));
                self.blank();
                self.line("| Важность | Правило | Место | Выпускник |");
                self.line("|---|---|---|---|");
                for x in list.iter() {
                    self.line(&format!(
                        "| {} | {} | {} | {} |",
                        x.severity.label_ru(),
                        code(x.rule),
                        cell(&code(&x.place.to_string())),
                        x.graduate.as_deref().map(code).unwrap_or_default()
                    ));
                }
            } else {
                self.line(&format!("  {what} ({}):", list.len()));
                for x in list.iter() {
                    self.line(&format!("    {}", finding_line(x)));
                }
            }
        }
    }
}

/// `data/x.csv:3:1 предупреждение [rule] выпускник 2023-001`
fn finding_line(f: &Finding) -> String {
    let mut s = String::new();
    let _ = write!(s, "{} {} [{}]", f.place, f.severity.label_ru(), f.rule);
    if let Some(g) = &f.graduate {
        let _ = write!(s, " выпускник {g}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::diff::{ChannelChange, CohortDiff, FindingsDiff, ProjectDiff};
    use crate::diag::Place;
    use jiff::civil::Date;

    fn sample() -> ProjectDiff {
        ProjectDiff {
            as_of_before: Some(Date::constant(2023, 11, 1)),
            as_of_after: Some(Date::constant(2023, 12, 1)),
            cohorts: vec![
                CohortDiff {
                    year: 2022,
                    graduates_before: Some(5),
                    graduates_after: Some(5),
                    channels: Vec::new(),
                    into_risk: Vec::new(),
                    out_of_risk: Vec::new(),
                },
                CohortDiff {
                    year: 2023,
                    graduates_before: Some(10),
                    graduates_after: Some(11),
                    channels: vec![ChannelChange {
                        key: "06".into(),
                        column: Some(6),
                        label: "Трудоустроены".into(),
                        before: 4,
                        after: 6,
                    }],
                    into_risk: vec!["2023-009".into()],
                    out_of_risk: vec!["2023-00|2".into()],
                },
            ],
            findings: FindingsDiff {
                before: [1, 2, 0],
                after: [0, 2, 0],
                new: Vec::new(),
                reworded: Vec::new(),
                fixed: vec![Finding::error(
                    "track.rule",
                    Place::line("data/monitoring/tracks-2023.csv", 7),
                    "Иванов: message not shown",
                )
                .with_graduate("2023-004")],
            },
        }
    }

    #[test]
    fn text_lists_changes_without_messages() {
        let d = sample();
        let t = report(
            "HEAD~1 (abc1234)",
            "рабочая копия",
            &[Part {
                title: None,
                diff: &d,
            }],
            Style::Text,
        );
        assert!(
            t.starts_with("Изменения в данных: HEAD~1 (abc1234) → рабочая копия\n"),
            "{t}"
        );
        assert!(t.contains("Дата отчёта: 01.11.2023 → 01.12.2023."), "{t}");
        assert!(
            t.contains("Выпуск 2022: 5 выпускников; без изменений."),
            "{t}"
        );
        assert!(t.contains("гр.06 Трудоустроены: 4 → 6 (+2)"), "{t}");
        assert!(t.contains("Вошли в группу риска (1): 2023-009"), "{t}");
        assert!(t.contains("ошибок 1 → 0, предупреждений 2 → 2"), "{t}");
        assert!(
            t.contains("data/monitoring/tracks-2023.csv:7 ошибка [track.rule] выпускник 2023-004"),
            "{t}"
        );
        assert!(!t.contains("Иванов"), "{t}");
    }

    #[test]
    fn markdown_tables_escape_cells() {
        let d = sample();
        let m = report(
            "a",
            "b",
            &[Part {
                title: Some("ppk"),
                diff: &d,
            }],
            Style::Markdown,
        );
        assert!(m.starts_with("## Изменения в данных: `a` → `b`\n"), "{m}");
        assert!(m.contains("### Колледж ppk"), "{m}");
        assert!(
            m.contains("#### Выпуск 2023: 11 выпускников (было 10)"),
            "{m}"
        );
        assert!(m.contains("| гр.06 Трудоустроены | 4 | 6 | +2 |"), "{m}");
        assert!(
            m.contains("**Вышли из группы риска (1):** `2023-00|2`"),
            "{m}"
        );
        assert!(
            m.contains(
                "| ошибка | `track.rule` | `data/monitoring/tracks-2023.csv:7` | `2023-004` |"
            ),
            "{m}"
        );
        assert!(!m.contains("Иванов"), "{m}");
    }

    #[test]
    fn nothing_changed() {
        let mut d = sample();
        d.cohorts.truncate(1);
        d.findings.fixed.clear();
        let t = report(
            "a",
            "b",
            &[Part {
                title: None,
                diff: &d,
            }],
            Style::Text,
        );
        assert!(
            t.contains("Изменений в цифрах и в замечаниях проверки нет."),
            "{t}"
        );
    }
}
