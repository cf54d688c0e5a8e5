//! Graduate monitoring on pages and in reports: public aggregates with charts for the site,
//! private print-ready documents (contingent, reconciliation, form 1, risk group).

use super::charts::{self, ChartData, ChartOptions, Series as ChartSeries};
use super::data_value;
use super::reports::Report;
use super::risk_cases::ReasonRow;
use crate::compute;
use crate::compute::publication::{self, CellId, Publication, Shown, FORECAST_GROUPS, GROUPS};
use crate::compute::{CohortReconciliation, Form1, Form1Block};
use crate::config::Config;
use crate::format;
use crate::model::form::Form1Columns;
use crate::model::monitoring::Monitoring;
use jiff::civil::Date;
use serde::Serialize;
use serde_json::Value;

/// `data.monitoring` on public pages.
#[derive(Serialize)]
struct MonitoringData<'a> {
    as_of: String,
    min_group: u32,
    any_hidden: bool,
    cohorts: Vec<CohortData<'a>>,
}

/// `data.monitoring` of a project without monitoring data: no cohorts, nothing else.
#[derive(Serialize)]
struct NoMonitoring {
    cohorts: [(); 0],
}

/// One cohort in `data.monitoring.cohorts`.
#[derive(Serialize)]
#[serde(untagged)]
enum CohortData<'a> {
    /// Too early or too small to publish: the year and `published: false` only.
    Unpublished {
        year: i16,
        published: bool,
    },
    Published(Box<PublishedCohort<'a>>),
}

#[derive(Serialize)]
struct PublishedCohort<'a> {
    year: i16,
    /// Always `true`: templates test it on every cohort.
    published: bool,
    graduates: u32,
    /// «N выпускников».
    graduates_shown: String,
    any_hidden: bool,
    channels_hidden: bool,
    /// The date after which a graduate without actual data counts as at risk.
    risk_date: String,
    groups: Vec<GroupShown>,
    by_specialty: Vec<SpecialtyShown<'a>>,
    charts: CohortCharts,
}

/// A group of channels with its count (or «скрыто»).
#[derive(Serialize)]
struct GroupShown {
    label: &'static str,
    shown: String,
}

/// A specialty's graduates and employed (or «скрыто»), and the share.
#[derive(Serialize)]
struct SpecialtyShown<'a> {
    code: &'a str,
    name: &'a str,
    graduates: String,
    employed: String,
    share: String,
}

/// The cohort's charts, each a `<figure>` with the wide and the narrow drawing.
#[derive(Serialize)]
struct CohortCharts {
    dynamics: String,
    channels: String,
    forecast: String,
    specialty: String,
}

/// Everything monitoring contributes to one build, computed once.
pub struct MonitoringOutput {
    /// `data.monitoring` on public pages: aggregates and chart figures only.
    pub public: Value,
    /// What the public figures were computed from, for the disclosure audit.
    pub publications: Vec<Publication>,
    pub reports: Vec<Report>,
    /// Forms 1–3 of every cohort, for the workbooks and a region's totals (computed once).
    pub forms: Vec<compute::CohortForms>,
}

pub fn build(
    m: &Monitoring,
    config: &Config,
    as_of: Date,
    columns: &Form1Columns,
) -> MonitoringOutput {
    if m.is_empty() {
        return MonitoringOutput {
            public: data_value(&NoMonitoring { cohorts: [] }),
            publications: Vec::new(),
            reports: Vec::new(),
            forms: Vec::new(),
        };
    }
    let publications = publication::publications(m, config, as_of);
    let forms = compute::all_forms(m, config, as_of);
    let form1: Vec<&Form1> = forms.iter().map(|f| &f.form1).collect();
    MonitoringOutput {
        public: public_data(&publications, config, as_of),
        publications,
        reports: reports_of(m, config, as_of, columns, &form1),
        forms,
    }
}

fn public_data(cohorts: &[Publication], config: &Config, as_of: Date) -> Value {
    data_value(&MonitoringData {
        as_of: format::date_ru(as_of),
        min_group: config.privacy.min_group,
        any_hidden: cohorts.iter().any(Publication::any_hidden),
        cohorts: cohorts.iter().map(|c| public_cohort(c, config)).collect(),
    })
}

/// A chart value: hidden counts are NaN, which charts draw as a hatched «скрыто» mark and
/// tables print as «скрыто».
fn value(v: Shown) -> f64 {
    v.value().map_or(f64::NAN, f64::from)
}

/// A table value: the number in Russian format or «скрыто».
fn shown(v: Shown) -> String {
    match v {
        Shown::Value(n) => format::int_ru(n.into()),
        Shown::Hidden => "скрыто".to_string(),
    }
}

fn public_cohort<'a>(p: &'a Publication, config: &Config) -> CohortData<'a> {
    let y = p.year;
    if !p.published {
        return CohortData::Unpublished {
            year: y,
            published: false,
        };
    }
    let get = |id: CellId| p.get(id);
    let groups: Vec<String> = GROUPS.iter().map(|g| g.label().to_string()).collect();
    let fc_groups: Vec<String> = FORECAST_GROUPS
        .iter()
        .map(|g| g.label().to_string())
        .collect();
    let total = get(p.total).value().unwrap_or(0);
    let dynamics = ChartData {
        title: format!("Занятость выпускников {y} года на 1-е число месяца"),
        desc: format!(
            "Столбцы по месяцам с июля {y} года: сколько выпускников {y} года трудоустроены, работают как ИП или самозанятые, продолжили обучение, служат в армии, находятся в отпуске по уходу за ребёнком, в группе риска, ещё без фактических данных или в другом положении. Числа меньше {} не показываются.",
            config.privacy.min_group
        ),
        categories: p
            .months
            .iter()
            .map(|(d, _)| format::month_short(*d))
            .collect(),
        series: GROUPS
            .iter()
            .enumerate()
            .map(|(i, g)| ChartSeries {
                name: g.label().to_string(),
                values: p.months.iter().map(|(_, ids)| value(get(ids[i]))).collect(),
            })
            .collect(),
        unit: "чел.".into(),
    };
    let channels = ChartData {
        title: format!(
            "Выпускники {y} года по каналам занятости на {}",
            format::date_ru(p.as_of)
        ),
        desc: format!(
            "Число выпускников {y} года в каждой группе каналов занятости на дату данных."
        ),
        categories: groups.clone(),
        series: vec![ChartSeries {
            name: "Выпускники".into(),
            values: p.now.iter().map(|c| value(get(*c))).collect(),
        }],
        unit: "чел.".into(),
    };
    let forecast = ChartData {
        title: format!("Прогноз и факт: выпуск {y} года"),
        desc: format!(
            "Для каждой группы каналов: сколько выпускников {y} года было в прогнозе (последняя прогнозная запись) и сколько в ней по фактическим данным (с учётом перевода в риск)."
        ),
        categories: fc_groups,
        series: vec![
            ChartSeries {
                name: "Прогноз".into(),
                values: p.forecast.iter().map(|c| value(get(*c))).collect(),
            },
            ChartSeries {
                name: "Факт".into(),
                values: p.actual.iter().map(|c| value(get(*c))).collect(),
            },
        ],
        unit: "чел.".into(),
    };
    let specialty = ChartData {
        title: format!("Трудоустройство выпускников {y} года по специальностям"),
        desc: format!(
            "Для каждой специальности: число выпускников {y} года и число трудоустроенных (включая ИП и самозанятых) на дату данных."
        ),
        categories: p
            .specialties
            .iter()
            .map(|s| format!("{} {}", s.code, s.name))
            .collect(),
        series: vec![
            ChartSeries {
                name: "Выпускники".into(),
                values: p.specialties.iter().map(|s| value(get(s.graduates))).collect(),
            },
            ChartSeries {
                name: "Трудоустроены, включая ИП и самозанятых".into(),
                values: p.specialties.iter().map(|s| value(get(s.employed))).collect(),
            },
        ],
        unit: "чел.".into(),
    };
    let opts = |id: String| ChartOptions {
        id,
        ..ChartOptions::default()
    };
    let stacked = ChartOptions {
        totals: Some(vec![f64::from(total); p.months.len()]),
        ..opts(format!("dynamics-{y}"))
    };
    // Each chart twice: 720 units wide, and narrow for phones (ids kept unique on the page).
    let narrow = |o: &ChartOptions| ChartOptions {
        id: format!("{}-n", o.id),
        width: charts::NARROW_WIDTH,
        height: 440,
        ..o.clone()
    };
    let fig = |draw: &dyn Fn(&ChartOptions, bool) -> String, o: ChartOptions, data: &ChartData| {
        charts::figure_pair(&draw(&o, false), &draw(&narrow(&o), true), data)
    };
    let dynamics_axis = month_axis(&dynamics);
    let dynamics_narrow = month_axis_narrow(&dynamics);
    let risk_date = format::date_ru(config.rules.no_actual_data_date(y));
    CohortData::Published(Box::new(PublishedCohort {
        year: y,
        published: true,
        graduates: total,
        graduates_shown: format::count_ru(total.into(), "выпускник", "выпускника", "выпускников"),
        any_hidden: p.any_hidden(),
        channels_hidden: p.now.iter().any(|c| get(*c) == Shown::Hidden),
        risk_date,
        groups: GROUPS
            .iter()
            .zip(&p.now)
            .map(|(g, c)| GroupShown {
                label: g.label(),
                shown: shown(get(*c)),
            })
            .collect(),
        by_specialty: p
            .specialties
            .iter()
            .map(|s| SpecialtyShown {
                code: &s.code,
                name: &s.name,
                graduates: shown(get(s.graduates)),
                employed: shown(get(s.employed)),
                share: match (get(s.employed), get(s.graduates)) {
                    (Shown::Value(e), Shown::Value(g)) => format::percent_ru(e.into(), g.into()),
                    _ => "скрыто".to_string(),
                },
            })
            .collect(),
        charts: CohortCharts {
            dynamics: fig(
                &|o, n| charts::stacked_bars(if n { &dynamics_narrow } else { &dynamics_axis }, o),
                stacked,
                &dynamics,
            ),
            channels: fig(
                &|o, _| charts::horizontal_bars(&channels, o),
                opts(format!("channels-{y}")),
                &channels,
            ),
            forecast: fig(
                &|o, _| charts::grouped_bars(&forecast, o),
                opts(format!("forecast-{y}")),
                &forecast,
            ),
            specialty: fig(
                &|o, _| charts::grouped_bars(&specialty, o),
                opts(format!("specialty-{y}")),
                &specialty,
            ),
        },
    }))
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

/// The phone chart's months: «07» over «22» (month over year), which fits a 16-px slot where
/// «07.» over «2022» does not (the data table keeps «07.2022»).
fn month_axis_narrow(data: &ChartData) -> ChartData {
    let mut out = data.clone();
    if out.categories.len() > 6 {
        for c in &mut out.categories {
            if let Some((m, y)) = c.split_once('.') {
                let yy = y.get(y.len().saturating_sub(2)..).unwrap_or(y);
                *c = format!("{m} {yy}");
            }
        }
    }
    out
}

/// `report.data` of the contingent of a cohort.
#[derive(Serialize)]
struct ContingentData<'a> {
    year: i16,
    recon: &'a CohortReconciliation,
}

/// `report.data` of the reconciliation with СПО-1.
#[derive(Serialize)]
struct ReconciliationData<'a> {
    year: i16,
    recon: &'a CohortReconciliation,
    signed_date: Option<String>,
    spo1_date: Option<String>,
}

/// A column of form 1 as its head prints it.
#[derive(Serialize)]
struct Form1Column<'a> {
    /// «01», «02», …
    n: String,
    label: &'a str,
    /// The Ministry's name of the column.
    official: &'a str,
}

/// `report.data` of form 1.
#[derive(Serialize)]
struct Form1Data<'a> {
    year: i16,
    form: &'a Form1,
    total: Form1Block,
    /// The numbers of the starred columns, «11 и 26».
    starred: String,
    columns: Vec<Form1Column<'a>>,
    region: &'a str,
}

/// A graduate in the risk group report.
#[derive(Serialize)]
struct RiskRow<'a> {
    n: usize,
    id: &'a str,
    name: String,
    group: &'a str,
    specialty: &'a str,
    reasons: Vec<ReasonRow<'a>>,
}

/// `report.data` of the risk group of a cohort.
#[derive(Serialize)]
struct RiskData<'a> {
    year: i16,
    rows: Vec<RiskRow<'a>>,
    count: usize,
}

/// The private documents of every cohort, in the order the index lists them.
pub fn reports(
    m: &Monitoring,
    config: &Config,
    as_of: Date,
    columns: &Form1Columns,
) -> Vec<Report> {
    let forms = compute::all_form1(m, config, as_of);
    let forms: Vec<&Form1> = forms.iter().collect();
    reports_of(m, config, as_of, columns, &forms)
}

/// [`reports`] with form 1 of every cohort already computed (a build shares it with the
/// workbooks).
fn reports_of(
    m: &Monitoring,
    config: &Config,
    as_of: Date,
    columns: &Form1Columns,
    forms: &[&Form1],
) -> Vec<Report> {
    let recon = compute::all_reconciliations(m);
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
                data: data_value(&ContingentData { year: y, recon: r }),
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
                data: data_value(&ReconciliationData {
                    year: y,
                    recon: r,
                    signed_date: r.signed_date.map(format::date_ru),
                    spo1_date: r.spo1_date.map(format::date_ru),
                }),
            });
        }
        if let Some(f) = forms.iter().copied().find(|f| f.year == y) {
            let columns: Vec<Form1Column> = f
                .columns
                .iter()
                .map(|c| {
                    let col = columns.get(*c);
                    Form1Column {
                        n: format!("{c:02}"),
                        label: col.map_or("", |x| x.short.as_str()),
                        official: col.map_or("", |x| x.label.as_str()),
                    }
                })
                .collect();
            // Columns whose official name ends in «*» (11 and 26) get the footnote under the form.
            let starred: Vec<&str> = columns
                .iter()
                .filter(|c| c.official.ends_with('*'))
                .map(|c| c.n.as_str())
                .collect();
            out.push(Report {
                slug: format!("form1-{y}"),
                title: format!("Мониторинг занятости выпускников {y} года: форма 1 (пятистрочная)"),
                group: group.clone(),
                template: "reports/form1.html".into(),
                landscape: true,
                signed: true,
                data: data_value(&Form1Data {
                    year: y,
                    form: f,
                    total: f.total(),
                    starred: starred.join(" и "),
                    columns,
                    region: &config.college.region,
                }),
            });
        }
        if let Some(r) = risks.iter().find(|r| r.year == y) {
            let rows: Vec<RiskRow> = r
                .members
                .iter()
                .enumerate()
                .map(|(i, mbr)| RiskRow {
                    n: i + 1,
                    id: &mbr.id,
                    name: c
                        .graduate(&mbr.id)
                        .map(|(g, _)| g.name.clone())
                        .unwrap_or_default(),
                    group: &mbr.group,
                    specialty: &mbr.specialty,
                    reasons: mbr.reasons.iter().map(ReasonRow::new).collect(),
                })
                .collect();
            out.push(Report {
                slug: format!("risk-{y}"),
                title: format!("Группа риска нетрудоустройства: выпуск {y} года"),
                group,
                template: "reports/risk.html".into(),
                landscape: false,
                signed: false,
                data: data_value(&RiskData {
                    year: y,
                    count: rows.len(),
                    rows,
                }),
            });
        }
    }
    out
}
