//! Graduate monitoring on pages and in reports: public aggregates with charts for the site,
//! private print-ready documents (contingent, reconciliation, form 1, risk group).

use super::charts::{self, ChartData, ChartOptions, Series as ChartSeries};
use super::reports::Report;
use crate::compute::{self, public::PublicCohort};
use crate::config::Config;
use crate::format;
use crate::model::form::Form1Columns;
use crate::model::monitoring::Monitoring;
use jiff::civil::Date;
use serde_json::{json, Value};

/// Everything monitoring contributes to one build, computed once.
pub struct MonitoringOutput {
    /// `data.monitoring` on public pages: aggregates and chart figures only.
    pub public: Value,
    pub reports: Vec<Report>,
}

pub fn build(
    m: &Monitoring,
    config: &Config,
    as_of: Date,
    columns: &Form1Columns,
) -> MonitoringOutput {
    if m.is_empty() {
        return MonitoringOutput {
            public: json!({ "cohorts": [] }),
            reports: Vec::new(),
        };
    }
    let series = compute::all_series(m, config, as_of);
    let public = compute::public::public(m, config, as_of, &series);
    MonitoringOutput {
        public: public_data(&public, config, as_of),
        reports: reports(m, config, as_of, columns),
    }
}

fn public_data(cohorts: &[PublicCohort], config: &Config, as_of: Date) -> Value {
    let list: Vec<Value> = cohorts.iter().map(|c| public_cohort(c, config)).collect();
    json!({
        "as_of": format::date_ru(as_of),
        "min_group": config.privacy.min_group,
        "cohorts": list,
    })
}

/// A chart value; hidden counts are NaN, which charts draw as nothing and tables print as «—».
fn value(v: Option<u32>) -> f64 {
    v.map_or(f64::NAN, f64::from)
}

fn public_cohort(c: &PublicCohort, config: &Config) -> Value {
    let y = c.year;
    let groups: Vec<String> = c.groups.iter().map(|g| g.label.clone()).collect();
    let dynamics = ChartData {
        title: format!("Занятость выпускников {y} года на 1-е число месяца"),
        desc: format!(
            "Столбцы по месяцам с июля {y} года: сколько выпускников {y} года трудоустроены, работают как ИП или самозанятые, продолжили обучение, служат в армии, находятся в отпуске по уходу за ребёнком, в группе риска или в другом положении. Группы меньше {} человек объединены в «Другое».",
            config.privacy.min_group
        ),
        categories: c.months.clone(),
        series: c
            .monthly
            .iter()
            .map(|(name, values)| ChartSeries {
                name: name.clone(),
                values: values.iter().map(|v| value(*v)).collect(),
            })
            .collect(),
        unit: "чел.".into(),
    };
    let channels = ChartData {
        title: format!(
            "Выпускники {y} года по каналам занятости на {}",
            format::date_ru(c.as_of)
        ),
        desc: format!(
            "Число выпускников {y} года в каждой группе каналов занятости на дату данных."
        ),
        categories: groups.clone(),
        series: vec![ChartSeries {
            name: "Выпускники".into(),
            values: c.groups.iter().map(|g| value(g.count)).collect(),
        }],
        unit: "чел.".into(),
    };
    let forecast = ChartData {
        title: format!("Прогноз и факт: выпуск {y} года"),
        desc: format!(
            "Для каждой группы каналов: сколько выпускников {y} года было в прогнозе (последняя прогнозная запись) и сколько подтверждено фактическими данными."
        ),
        categories: groups,
        series: vec![
            ChartSeries {
                name: "Прогноз".into(),
                values: c.forecast.iter().map(|v| value(*v)).collect(),
            },
            ChartSeries {
                name: "Факт".into(),
                values: c.actual.iter().map(|v| value(*v)).collect(),
            },
        ],
        unit: "чел.".into(),
    };
    let specialty = ChartData {
        title: format!("Трудоустройство выпускников {y} года по специальностям"),
        desc: format!(
            "Для каждой специальности: число выпускников {y} года и число трудоустроенных (включая ИП и самозанятых) на дату данных."
        ),
        categories: c.by_specialty.iter().map(|s| format!("{} {}", s.code, s.name)).collect(),
        series: vec![
            ChartSeries {
                name: "Выпускники".into(),
                values: c.by_specialty.iter().map(|s| value(s.graduates)).collect(),
            },
            ChartSeries {
                name: "Трудоустроены, включая ИП и самозанятых".into(),
                values: c.by_specialty.iter().map(|s| value(s.employed)).collect(),
            },
        ],
        unit: "чел.".into(),
    };
    let opts = |id: String| ChartOptions {
        id,
        ..ChartOptions::default()
    };
    let fig = |svg: String, data: &ChartData| charts::figure(&svg, data);
    json!({
        "year": y,
        "graduates": c.graduates,
        "graduates_shown": format::count_ru(c.graduates as i64, "выпускник", "выпускника", "выпускников"),
        "groups": c.groups,
        "by_specialty": c.by_specialty.iter().map(|s| json!({
            "code": s.code,
            "name": s.name,
            "graduates": s.graduates.map_or_else(|| format!("менее {}", config.privacy.min_group), |n| format::int_ru(n.into())),
            "employed": s.employed.map_or_else(|| "—".to_string(), |n| format::int_ru(n.into())),
            "share": match (s.employed, s.graduates) {
                (Some(e), Some(g)) => format::percent_ru(e.into(), g.into()),
                _ => "—".to_string(),
            },
        })).collect::<Vec<_>>(),
        "charts": {
            "dynamics": fig(charts::stacked_bars(&month_axis(&dynamics), &opts(format!("dynamics-{y}"))), &dynamics),
            "channels": fig(charts::horizontal_bars(&channels, &opts(format!("channels-{y}"))), &channels),
            "forecast": fig(charts::grouped_bars(&forecast, &opts(format!("forecast-{y}"))), &forecast),
            "specialty": fig(charts::grouped_bars(&specialty, &opts(format!("specialty-{y}"))), &specialty),
        },
    })
}

/// The chart's own copy of the monthly data: beyond a year of months «07.2022» no longer fits
/// under its bar, so the axis shows «07.» over «2022» (the data table keeps «07.2022»).
fn month_axis(data: &ChartData) -> ChartData {
    let mut out = data.clone();
    if out.categories.len() > 12 {
        for c in &mut out.categories {
            if let Some((m, y)) = c.split_once('.') {
                *c = format!("{m}. {y}");
            }
        }
    }
    out
}

/// The private documents of every cohort, in the order the index lists them.
pub fn reports(
    m: &Monitoring,
    config: &Config,
    as_of: Date,
    columns: &Form1Columns,
) -> Vec<Report> {
    let recon = compute::all_reconciliations(m);
    let forms = compute::all_form1(m, config, as_of);
    let risks = compute::all_risk_groups(m, config, as_of);
    let mut out = Vec::new();
    for c in &m.cohorts {
        let y = c.year;
        let group = format!("Выпуск {y} года");
        if let Some(r) = recon.iter().find(|r| r.year == y) {
            out.push(Report {
                slug: format!("contingent-{y}"),
                title: format!("Контингент выпускников {y} года"),
                group: group.clone(),
                template: "reports/contingent.html".into(),
                landscape: false,
                signed: true,
                data: json!({ "year": y, "recon": r }),
            });
            out.push(Report {
                slug: format!("reconciliation-{y}"),
                title: format!(
                    "Сверка контингента выпускников {y} года с отчётом СПО-1 «Фактический выпуск»"
                ),
                group: group.clone(),
                template: "reports/reconciliation.html".into(),
                landscape: false,
                signed: true,
                data: json!({
                    "year": y,
                    "recon": r,
                    "signed_date": r.signed_date.map(format::date_ru),
                    "spo1_date": r.spo1_date.map(format::date_ru),
                }),
            });
        }
        if let Some(f) = forms.iter().find(|f| f.year == y) {
            let columns: Vec<Value> = f
                .columns
                .iter()
                .map(|c| {
                    let col = columns.get(*c);
                    json!({
                        "n": format!("{c:02}"),
                        "label": col.map_or("", |x| x.short.as_str()),
                        "official": col.map_or("", |x| x.label.as_str()),
                    })
                })
                .collect();
            out.push(Report {
                slug: format!("form1-{y}"),
                title: format!("Мониторинг занятости выпускников {y} года: форма 1 (пятистрочная)"),
                group: group.clone(),
                template: "reports/form1.html".into(),
                landscape: true,
                signed: true,
                data: json!({ "year": y, "form": f, "columns": columns, "region": config.college.region }),
            });
        }
        if let Some(r) = risks.iter().find(|r| r.year == y) {
            let rows: Vec<Value> = r
                .members
                .iter()
                .enumerate()
                .map(|(i, mbr)| {
                    let name = c
                        .graduate(&mbr.id)
                        .map(|(g, _)| g.name.clone())
                        .unwrap_or_default();
                    json!({
                        "n": i + 1,
                        "id": mbr.id,
                        "name": name,
                        "group": mbr.group,
                        "specialty": mbr.specialty,
                        "reasons": mbr.reasons.iter().map(|x| json!({
                            "rule": x.rule,
                            "since": format::date_ru(x.since),
                            "reason": x.reason,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            out.push(Report {
                slug: format!("risk-{y}"),
                title: format!("Группа риска нетрудоустройства: выпуск {y} года"),
                group,
                template: "reports/risk.html".into(),
                landscape: false,
                signed: false,
                data: json!({ "year": y, "rows": rows, "count": rows.len() }),
            });
        }
    }
    out
}
