//! Private report pages of the ОПК weekly forms 2 and 3: the latest week's forms in the
//! layout's column order (A4 landscape, head repeated on every page, signature block), and the
//! needs closed over the weeks (a line chart per enterprise).

use super::charts::{self, ChartData, ChartOptions, Series as ChartSeries};
use super::data_value;
use super::reports::Report;
use crate::compute::opk::WeekPoint;
use crate::format::date_ru;
use crate::model::monitoring::Monitoring;
use crate::model::opk::{yes_no, ColumnType, FormKind, Opk, OpkForm};
use serde::Serialize;
use serde_json::Value;

/// A column of an ОПК form as the report's head prints it.
#[derive(Serialize)]
struct FormColumn<'a> {
    n: u16,
    heading: &'a str,
    /// A count (right-aligned).
    num: bool,
}

/// A row of an ОПК form: its number and the cells in the layout's order.
#[derive(Serialize)]
struct FormRow {
    n: usize,
    cells: Vec<String>,
}

/// `report.data` of one ОПК form.
#[derive(Serialize)]
pub struct OpkFormData<'a> {
    form: &'static str,
    title: &'a str,
    /// The week's Friday, «дд.мм.гггг».
    pub week: String,
    file: &'a str,
    columns: Vec<FormColumn<'a>>,
    rows: Vec<FormRow>,
}

/// The latest week's form `kind` (the newest report that has it).
fn latest(opk: &Opk, kind: FormKind) -> Option<(jiff::civil::Date, &OpkForm)> {
    opk.reports.iter().rev().find_map(|r| {
        let f = match kind {
            FormKind::Form2 => r.form2.as_ref(),
            FormKind::Form3 => r.form3.as_ref(),
        };
        f.map(|f| (r.week, f))
    })
}

/// `report.data` of one form: columns (number, heading, numeric) and rows of cells, in the
/// layout's order; «Да»/«Нет» cells normalised as the rule accepts them.
pub fn form_data(opk: &Opk, kind: FormKind) -> Option<OpkFormData<'_>> {
    let (week, form) = latest(opk, kind)?;
    let layout = opk.layout(kind);
    let columns: Vec<FormColumn> = layout
        .columns
        .iter()
        .map(|c| FormColumn {
            n: c.number,
            heading: &c.heading,
            num: c.kind == ColumnType::Count,
        })
        .collect();
    let rows: Vec<FormRow> = form
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let cells: Vec<String> = layout
                .columns
                .iter()
                .zip(&r.cells)
                .map(|(c, v)| match c.kind {
                    ColumnType::YesNo => yes_no(v).map_or_else(|| v.clone(), str::to_string),
                    _ => v.clone(),
                })
                .collect();
            FormRow { n: i + 1, cells }
        })
        .collect();
    Some(OpkFormData {
        form: kind.label_ru(),
        title: &layout.title,
        week: date_ru(week),
        file: &form.file,
        columns,
        rows,
    })
}

/// The private reports: forms 2 and 3 of the latest week and the needs closed over the weeks
/// (none without ОПК data).
pub fn reports(opk: &Opk, m: &Monitoring) -> Vec<Report> {
    let mut out: Vec<Report> = [
        (FormKind::Form2, "opk-form2"),
        (FormKind::Form3, "opk-form3"),
    ]
    .into_iter()
    .filter_map(|(kind, slug)| {
        let data = form_data(opk, kind)?;
        Some(Report {
            slug: slug.into(),
            title: format!("ОПК: {} на {}", kind.label_ru(), data.week),
            group: "Кадровая потребность предприятий ОПК".into(),
            template: "reports/opk-form.html".into(),
            landscape: true,
            signed: true,
            data: data_value(&data),
        })
    })
    .collect();
    out.extend(progress_report(opk, m));
    out
}

/// An enterprise in the «закрытие потребности» report: its chart (none when all is zero) and
/// the latest week's figures.
#[derive(Serialize)]
struct EnterpriseClosed<'a> {
    name: &'a str,
    inn: &'a str,
    figure: Option<String>,
    needed: u32,
    closed: u32,
}

/// `report.data` of the «закрытие потребности» report.
#[derive(Serialize)]
struct OpkClosedData<'a> {
    from: Option<String>,
    to: Option<String>,
    /// Fridays without a report.
    missing: Vec<String>,
    /// Weeks reported as «без изменений».
    no_news: Vec<String>,
    enterprises: Vec<EnterpriseClosed<'a>>,
}

/// «Закрытие потребности по неделям»: per enterprise, workplaces needed on each week's form 2
/// and graduates employed there since the series began (see `compute::opk`), as a line chart
/// with its data table. Private: it names enterprises.
pub fn progress_report(opk: &Opk, m: &Monitoring) -> Option<Report> {
    let p = crate::compute::opk::progress(opk, m);
    if p.enterprises.is_empty() {
        return None;
    }
    let enterprises: Vec<EnterpriseClosed> = p
        .enterprises
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let categories: Vec<String> = e
                .weeks
                .iter()
                .map(|w| format!("{:02}.{:02}", w.week.day(), w.week.month()))
                .collect();
            let series = |name: &str, f: &dyn Fn(&WeekPoint) -> u32| ChartSeries {
                name: name.into(),
                values: e.weeks.iter().map(|w| f64::from(f(w))).collect(),
            };
            let data = ChartData {
                title: format!("{} (ИНН {})", e.name, e.inn),
                desc: format!(
                    "Рабочие места в потребности по форме 2 и трудоустроенные на предприятие выпускники нарастающим итогом по пятницам с {} по {}.",
                    e.weeks.first().map(|w| date_ru(w.week)).unwrap_or_default(),
                    e.weeks.last().map(|w| date_ru(w.week)).unwrap_or_default()
                ),
                categories,
                series: vec![
                    series("Потребность, рабочих мест", &|w| w.needed),
                    series("Закрыто: трудоустроено выпускников", &|w| w.closed),
                ],
                unit: String::new(),
            };
            // All zeros: nothing to draw, and «Нет данных» would be untrue — the template says so.
            let empty = e.weeks.iter().all(|w| w.needed == 0 && w.closed == 0);
            let svg = charts::line_chart(
                &data,
                &ChartOptions {
                    id: format!("opk-closed-{i}"),
                    height: 300,
                    ..ChartOptions::default()
                },
            );
            let last = e.weeks.last();
            EnterpriseClosed {
                name: &e.name,
                inn: &e.inn,
                figure: (!empty).then(|| charts::figure(&svg, &data)),
                needed: last.map_or(0, |w| w.needed),
                closed: last.map_or(0, |w| w.closed),
            }
        })
        .collect();
    let weeks = &p.enterprises[0].weeks;
    let no_news: Vec<String> = weeks
        .iter()
        .filter(|w| w.no_news)
        .map(|w| date_ru(w.week))
        .collect();
    Some(Report {
        slug: "opk-closed".into(),
        title: "ОПК: закрытие кадровой потребности по неделям".into(),
        group: "Кадровая потребность предприятий ОПК".into(),
        template: "reports/opk-closed.html".into(),
        landscape: false,
        signed: false,
        data: data_value(&OpkClosedData {
            from: weeks.first().map(|w| date_ru(w.week)),
            to: weeks.last().map(|w| date_ru(w.week)),
            missing: p.missing.iter().map(|d| date_ru(*d)).collect(),
            no_news,
            enterprises,
        }),
    })
}

/// `data.opk` on public pages: the latest week's workplaces needed, summed by specialty; with
/// `opk.public_enterprises: true` in `vypusk.yaml` also by enterprise (name, position,
/// specialty, workplaces). Never ИНН, and no enterprise names without the flag: ОПК data can
/// be sensitive, and the default keeps them off the site.
///
/// Only workplace counts are published. A workplace is an enterprise's opening, not a person,
/// so a small count tells nothing about any graduate and the small-group rule (`privacy.
/// min_group`) has nothing to hide here. The form's counts of people (graduates employed,
/// students on practice, target and dual training) are never put into `data.opk`.
pub fn public(
    opk: &Opk,
    specialties: &crate::model::specialty::Specialties,
    public_enterprises: bool,
) -> Value {
    let Some((week, form)) = latest(opk, FormKind::Form2) else {
        return data_value(&NoOpk {
            needs: [],
            total: 0,
            enterprises_shown: false,
        });
    };
    let l = opk.layout(FormKind::Form2);
    let name_of = |code: &str| {
        specialties
            .get(code)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let mut by: std::collections::BTreeMap<String, u32> = std::collections::BTreeMap::new();
    // Enterprise name → rows (position, code, workplaces), in file order within a name.
    let mut by_enterprise: std::collections::BTreeMap<&str, Vec<EnterpriseNeed>> =
        std::collections::BTreeMap::new();
    for r in &form.rows {
        let Ok((code, _)) = crate::model::specialty::split_code(r.get(l, "specialty")) else {
            continue;
        };
        let n = r.count(l, "workplaces").unwrap_or(0);
        if n == 0 {
            continue;
        }
        *by.entry(code.to_string()).or_default() += n;
        if public_enterprises {
            by_enterprise
                .entry(r.get(l, "enterprise"))
                .or_default()
                .push(EnterpriseNeed {
                    position: r.get(l, "position"),
                    code,
                    name: name_of(code),
                    workplaces: n,
                });
        }
    }
    let total: u32 = by.values().sum();
    let needs: Vec<SpecialtyNeed> = by
        .into_iter()
        .map(|(code, workplaces)| SpecialtyNeed {
            name: name_of(&code),
            code,
            workplaces,
        })
        .collect();
    data_value(&OpkData {
        week: date_ru(week),
        needs,
        total,
        enterprises_shown: public_enterprises,
        enterprises: public_enterprises.then(|| {
            by_enterprise
                .into_iter()
                .map(|(name, rows)| EnterpriseNeeds { name, rows })
                .collect()
        }),
    })
}

/// `data.opk` without ОПК data.
#[derive(Serialize)]
struct NoOpk {
    needs: [(); 0],
    total: u32,
    enterprises_shown: bool,
}

/// `data.opk` on public pages: workplace counts only (see [`public`]).
#[derive(Serialize)]
struct OpkData<'a> {
    /// The latest week's Friday.
    week: String,
    needs: Vec<SpecialtyNeed>,
    total: u32,
    enterprises_shown: bool,
    /// Only with `opk.public_enterprises: true` (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    enterprises: Option<Vec<EnterpriseNeeds<'a>>>,
}

/// Workplaces needed for one specialty.
#[derive(Serialize)]
struct SpecialtyNeed {
    code: String,
    name: String,
    workplaces: u32,
}

/// An enterprise's needs, by position and specialty.
#[derive(Serialize)]
struct EnterpriseNeeds<'a> {
    name: &'a str,
    rows: Vec<EnterpriseNeed<'a>>,
}

#[derive(Serialize)]
struct EnterpriseNeed<'a> {
    position: &'a str,
    code: &'a str,
    name: String,
    workplaces: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::opk::{OpkReport, OpkRow};

    fn opk() -> Opk {
        let mut layout: crate::model::opk::OpkLayout =
            serde_yaml::from_str(include_str!("../../data/reference/opk-layout.yaml")).unwrap();
        // Renumber: the specialty moves to the front; the report follows the layout's order.
        layout.form2.columns.iter_mut().for_each(|c| {
            if c.role == "specialty" {
                c.number = 0;
            }
        });
        layout.form2.columns.sort_by_key(|c| c.number);
        let mut cells = vec![String::new(); layout.form2.columns.len()];
        cells[0] = "15.01.05 Сварщик".into();
        cells[15] = " да ".into();
        let row = OpkRow { line: 2, cells };
        let form = |rows| {
            Some(OpkForm {
                file: "data/opk/x.csv".into(),
                rows,
            })
        };
        Opk {
            layout,
            layout_file: String::new(),
            reports: vec![
                OpkReport {
                    week: jiff::civil::date(2023, 9, 1),
                    form2: form(vec![]),
                    form3: None,
                },
                OpkReport {
                    week: jiff::civil::date(2023, 9, 8),
                    form2: form(vec![row]),
                    form3: None,
                },
            ],
            log: vec![],
            until: None,
        }
    }

    #[test]
    fn latest_week_in_layout_order() {
        let o = opk();
        let d = form_data(&o, FormKind::Form2).unwrap();
        assert_eq!(d.week, "08.09.2023");
        assert_eq!(d.columns[0].n, 0);
        assert!(d.columns[0].heading.starts_with("Направление"));
        assert_eq!(d.rows[0].cells[0], "15.01.05 Сварщик");
        assert_eq!(d.rows[0].cells[15], "Да");
        let r = reports(&o, &Monitoring::default());
        assert_eq!(r.len(), 1, "no form 3, no form 3 page");
        assert!(r[0].landscape && r[0].signed);
    }

    #[test]
    fn public_needs_by_specialty_without_enterprises() {
        let mut o = opk();
        let l = o.layout.form2.clone();
        let w = l.index_of("workplaces").unwrap();
        let e = l.index_of("enterprise").unwrap();
        let rows = &mut o.reports[1].form2.as_mut().unwrap().rows;
        rows[0].cells[w] = "3".into();
        rows[0].cells[e] = "АО «Секретный завод»".into();
        let mut second = rows[0].clone();
        second.cells[w] = "2".into();
        rows.push(second);
        let v = public(&o, &Default::default(), false);
        assert_eq!(v["needs"][0]["code"], "15.01.05");
        assert_eq!(v["needs"][0]["workplaces"], 5);
        assert_eq!(v["total"], 5);
        assert_eq!(v["enterprises_shown"], false);
        assert!(!v.to_string().contains("Секретный"));
        assert!(v.get("enterprises").is_none());
        // With the flag: names and their rows, still no ИНН.
        let i = l.index_of("inn").unwrap();
        o.reports[1].form2.as_mut().unwrap().rows[0].cells[i] = "7707083893".into();
        let v = public(&o, &Default::default(), true);
        assert_eq!(v["enterprises"][0]["name"], "АО «Секретный завод»");
        assert_eq!(v["enterprises"][0]["rows"].as_array().unwrap().len(), 2);
        assert_eq!(v["enterprises"][0]["rows"][1]["workplaces"], 2);
        assert!(!v.to_string().contains("7707083893"));
    }
}
