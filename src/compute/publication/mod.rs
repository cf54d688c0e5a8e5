//! Публикация выпуска: every number the public section shows about one cohort, computed once.
//!
//! A [`Publication`] holds each public cell (channel group × date, specialty × measure, the
//! cohort total) with its true value, whether it is shown, and the linear relations between
//! cells that a reader of the page can use (table totals, "including" columns, one table's
//! cell equal to another's). Renderers — tables, charts, microdata, sentences — only read shown
//! cells from it; [`audit`] checks over the same object that no hidden cell can be narrowed to
//! fewer than `min_group` values (statistical disclosure control as τ-ARGUS does it: primary
//! suppression of small cells, secondary suppression, and an LP audit).

pub mod audit;
mod suppress;

pub use audit::{audit, Leak};

use super::series::month_starts;
use super::status::{status_class_on, Status, StatusClass};
use crate::config::Config;
use crate::model::channel::Channel;
use crate::model::monitoring::{Cohort, Monitoring};
use crate::model::track::EntryKind;
use jiff::civil::Date;

/// Группа каналов занятости: the groups public tables and charts use.
///
/// «Риск нетрудоустройства» is exactly the risk group of the private report (entered as risk,
/// or moved there by rules 5 and 7); graduates with only a forecast or no data yet (before the
/// risk date) are «Нет фактических данных»; ЦЗН (гр.14), no motivation (гр.15) and the rarer
/// reasons (гр.13, 17–21) are «Другое».
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChannelGroup {
    Employed,
    SelfEmployed,
    Education,
    Army,
    ParentalLeave,
    Risk,
    NoActualData,
    Other,
}

/// Every group, in the order tables list them.
pub const GROUPS: [ChannelGroup; 8] = [
    ChannelGroup::Employed,
    ChannelGroup::SelfEmployed,
    ChannelGroup::Education,
    ChannelGroup::Army,
    ChannelGroup::ParentalLeave,
    ChannelGroup::Risk,
    ChannelGroup::NoActualData,
    ChannelGroup::Other,
];

/// Groups a forecast can name (a forecast is never «нет фактических данных»).
pub const FORECAST_GROUPS: [ChannelGroup; 7] = [
    ChannelGroup::Employed,
    ChannelGroup::SelfEmployed,
    ChannelGroup::Education,
    ChannelGroup::Army,
    ChannelGroup::ParentalLeave,
    ChannelGroup::Risk,
    ChannelGroup::Other,
];

impl ChannelGroup {
    pub fn label(self) -> &'static str {
        match self {
            ChannelGroup::Employed => "Трудоустроены",
            ChannelGroup::SelfEmployed => "ИП и самозанятые",
            ChannelGroup::Education => "Продолжили обучение",
            ChannelGroup::Army => "Служба в армии",
            ChannelGroup::ParentalLeave => "Отпуск по уходу за ребёнком",
            ChannelGroup::Risk => "Риск нетрудоустройства",
            ChannelGroup::NoActualData => "Нет фактических данных",
            ChannelGroup::Other => "Другое",
        }
    }

    /// The group of a channel as entered (for forecasts and actual entries alike).
    pub fn of_channel(c: Channel) -> ChannelGroup {
        match c {
            Channel::Employed => ChannelGroup::Employed,
            Channel::SoleTrader | Channel::SelfEmployed => ChannelGroup::SelfEmployed,
            Channel::ContinuedEducation => ChannelGroup::Education,
            Channel::Conscription | Channel::ContractService => ChannelGroup::Army,
            Channel::ParentalLeave => ChannelGroup::ParentalLeave,
            Channel::Risk => ChannelGroup::Risk,
            _ => ChannelGroup::Other,
        }
    }

    /// The group of an effective status: risk wins, then actual data; a forecast alone or no
    /// entry at all is «нет фактических данных».
    pub fn of_status(s: &Status) -> ChannelGroup {
        ChannelGroup::of_class(&s.class())
    }

    pub fn of_class(s: &StatusClass) -> ChannelGroup {
        if s.at_risk {
            return ChannelGroup::Risk;
        }
        match s.entry {
            Some(e) if e.kind == EntryKind::Actual => ChannelGroup::of_channel(e.channel),
            _ => ChannelGroup::NoActualData,
        }
    }

    fn index(self) -> usize {
        GROUPS
            .iter()
            .position(|g| *g == self)
            .unwrap_or(GROUPS.len() - 1)
    }
}

/// Index of a cell in [`Publication::cells`].
pub type CellId = usize;

/// One public table (or chart) of the page, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub key: String,
    pub title: String,
}

/// One published number and whether it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub table: usize,
    pub row: String,
    pub col: String,
    pub value: u32,
    pub shown: bool,
    /// A total the page must show for the rest to make sense (the cohort size): never chosen
    /// for secondary suppression.
    pub total: bool,
}

/// `Σ coef·cell = 0` (`Eq`) or `Σ coef·cell ≤ 0` (`Le`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub terms: Vec<(CellId, i64)>,
    pub kind: RelKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelKind {
    Eq,
    Le,
}

/// A number as a page may print it: the value, or «скрыто».
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Value(u32),
    Hidden,
}

impl Shown {
    pub fn value(self) -> Option<u32> {
        match self {
            Shown::Value(v) => Some(v),
            Shown::Hidden => None,
        }
    }
}

/// Employment of one specialty (the Rosobrnadzor `graduateJob` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialtyCells {
    pub code: String,
    pub name: String,
    pub graduates: CellId,
    /// Employed, sole traders and self-employed on the date (actual data, not at risk).
    pub employed: CellId,
}

/// Every public number of one cohort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub year: i16,
    pub as_of: Date,
    pub min_group: u32,
    /// `false` when the cohort is too small to publish any figure but the notice.
    pub published: bool,
    pub tables: Vec<Table>,
    pub cells: Vec<Cell>,
    pub relations: Vec<Relation>,
    pub total: CellId,
    /// Groups on `as_of`, in [`GROUPS`] order.
    pub now: Vec<CellId>,
    /// The 1st of every month from July of the graduation year, groups in [`GROUPS`] order.
    pub months: Vec<(Date, Vec<CellId>)>,
    /// Latest forecast per group, in [`FORECAST_GROUPS`] order.
    pub forecast: Vec<CellId>,
    /// Actual (effective) status per group, in [`FORECAST_GROUPS`] order: the same cells as
    /// `now`, since «нет фактических данных» is the only group without actual data.
    pub actual: Vec<CellId>,
    pub specialties: Vec<SpecialtyCells>,
    /// Graduates with ОВЗ and how many of them are employed: a table only the regional
    /// overview prints (the college's own page does not), audited with the rest.
    pub ovz: Option<OvzCells>,
}

/// The key of the table of [`OvzCells`].
pub const OVZ_TABLE: &str = "ovz";

/// Employment of graduates with ОВЗ (the regional comparison's «ОВЗ трудоустроены»).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OvzCells {
    pub graduates: CellId,
    /// Employed, sole traders and self-employed on the date (actual data, not at risk).
    pub employed: CellId,
}

impl Publication {
    /// What the page may print for `id`.
    pub fn get(&self, id: CellId) -> Shown {
        match self.cells.get(id) {
            Some(c) if c.shown && self.published => Shown::Value(c.value),
            _ => Shown::Hidden,
        }
    }

    fn table(&mut self, key: &str, title: String) -> usize {
        self.tables.push(Table {
            key: key.to_string(),
            title,
        });
        self.tables.len() - 1
    }

    fn cell(&mut self, table: usize, row: &str, col: &str, value: u32) -> CellId {
        self.cells.push(Cell {
            table,
            row: row.to_string(),
            col: col.to_string(),
            value,
            shown: true,
            total: false,
        });
        self.cells.len() - 1
    }

    fn sum_is(&mut self, parts: &[CellId], total: &[CellId], kind: RelKind) {
        let mut terms: Vec<(CellId, i64)> = parts.iter().map(|c| (*c, 1)).collect();
        terms.extend(total.iter().map(|c| (*c, -1)));
        self.relations.push(Relation { terms, kind });
    }

    /// Whether any cell the college's page prints is hidden (for the page's note).
    pub fn any_hidden(&self) -> bool {
        !self.published
            || self
                .cells
                .iter()
                .any(|c| !c.shown && self.tables[c.table].key != OVZ_TABLE)
    }
}

/// The publication of every cohort.
pub fn publications(m: &Monitoring, config: &Config, as_of: Date) -> Vec<Publication> {
    m.cohorts
        .iter()
        .map(|c| publication(c, m, config, as_of))
        .collect()
}

/// Tally one cohort into cells and relations, then suppress what must not be shown.
pub fn publication(c: &Cohort, m: &Monitoring, config: &Config, as_of: Date) -> Publication {
    let rules = &config.rules;
    let months = month_starts(c.year, as_of);
    let mut now = [0u32; 8];
    let mut forecast = [0u32; 8];
    let mut monthly = vec![[0u32; 8]; months.len()];
    // (code, name, graduates, employed) in order of first appearance, sorted below.
    let mut spec: Vec<(String, String, u32, u32)> = Vec::new();
    let (mut ovz_graduates, mut ovz_employed) = (0u32, 0u32);
    for (g, t) in c.iter() {
        let st = status_class_on(c.year, g, t, as_of, &m.specialties, rules);
        let group = ChannelGroup::of_class(&st);
        now[group.index()] += 1;
        if g.ovz {
            ovz_graduates += 1;
            ovz_employed +=
                matches!(group, ChannelGroup::Employed | ChannelGroup::SelfEmployed) as u32;
        }
        if let Some(e) = t
            .entries()
            .iter()
            .rfind(|e| e.kind == EntryKind::Forecast && e.date <= as_of)
        {
            forecast[ChannelGroup::of_channel(e.channel).index()] += 1;
        }
        for (i, d) in months.iter().enumerate() {
            let st = status_class_on(c.year, g, t, *d, &m.specialties, rules);
            monthly[i][ChannelGroup::of_class(&st).index()] += 1;
        }
        let employed = matches!(group, ChannelGroup::Employed | ChannelGroup::SelfEmployed) as u32;
        match spec.iter_mut().find(|s| s.0 == g.specialty_code) {
            Some(s) => {
                s.2 += 1;
                s.3 += employed;
            }
            None => spec.push((
                g.specialty_code.to_string(),
                m.specialties
                    .get(&g.specialty_code)
                    .map(|s| s.name.clone())
                    .unwrap_or_else(|| g.specialty_name.to_string()),
                1,
                employed,
            )),
        }
    }
    spec.sort_by(|a, b| a.0.cmp(&b.0));

    let y = c.year;
    let date = crate::format::date_ru(as_of);
    let mut p = Publication {
        year: y,
        as_of,
        min_group: config.privacy.min_group,
        published: true,
        tables: Vec::new(),
        cells: Vec::new(),
        relations: Vec::new(),
        total: 0,
        now: Vec::new(),
        months: Vec::new(),
        forecast: Vec::new(),
        actual: Vec::new(),
        specialties: Vec::new(),
        ovz: None,
    };
    let t_total = p.table("total", format!("Всего выпускников {y} года"));
    p.total = p.cell(t_total, "Всего", "Выпускники", c.graduates.len() as u32);
    p.cells[p.total].total = true;

    let t_now = p.table(
        "channels",
        format!("Выпускники {y} года по каналам занятости на {date}"),
    );
    p.now = GROUPS
        .iter()
        .map(|g| p.cell(t_now, g.label(), "Выпускники", now[g.index()]))
        .collect();
    let (now_ids, total) = (p.now.clone(), p.total);
    p.sum_is(&now_ids, &[total], RelKind::Eq);

    let t_months = p.table(
        "dynamics",
        format!("Занятость выпускников {y} года на 1-е число месяца"),
    );
    for (i, d) in months.iter().enumerate() {
        let label = crate::format::month_short(*d);
        if *d == as_of {
            // The same counts on the same date: one set of cells printed twice.
            p.months.push((*d, now_ids.clone()));
            continue;
        }
        let ids: Vec<CellId> = GROUPS
            .iter()
            .map(|g| p.cell(t_months, g.label(), &label, monthly[i][g.index()]))
            .collect();
        p.sum_is(&ids, &[total], RelKind::Eq);
        p.months.push((*d, ids));
    }

    let t_fc = p.table("forecast", format!("Прогноз и факт: выпуск {y} года"));
    p.forecast = FORECAST_GROUPS
        .iter()
        .map(|g| p.cell(t_fc, g.label(), "Прогноз", forecast[g.index()]))
        .collect();
    let fc = p.forecast.clone();
    p.sum_is(&fc, &[total], RelKind::Le);
    p.actual = FORECAST_GROUPS.iter().map(|g| now_ids[g.index()]).collect();

    let t_spec = p.table(
        "specialty",
        format!("Трудоустройство выпускников {y} года по специальностям"),
    );
    for (code, name, grads, employed) in spec {
        let row = format!("{code} {name}");
        let gid = p.cell(t_spec, &row, "Выпускники", grads);
        let eid = p.cell(
            t_spec,
            &row,
            "Трудоустроены, включая ИП и самозанятых",
            employed,
        );
        p.sum_is(&[eid], &[gid], RelKind::Le);
        p.specialties.push(SpecialtyCells {
            code,
            name,
            graduates: gid,
            employed: eid,
        });
    }
    let grads: Vec<CellId> = p.specialties.iter().map(|s| s.graduates).collect();
    let emps: Vec<CellId> = p.specialties.iter().map(|s| s.employed).collect();
    p.sum_is(&grads, &[total], RelKind::Eq);
    // «Включая ИП и самозанятых» summed over specialties is two groups of the channel table.
    let both = [
        now_ids[ChannelGroup::Employed.index()],
        now_ids[ChannelGroup::SelfEmployed.index()],
    ];
    p.sum_is(&emps, &both, RelKind::Eq);

    // Linked to the rest only by «of them» bounds, so its small cells never make the page's
    // own tables hide more.
    let t_ovz = p.table(OVZ_TABLE, format!("Выпускники {y} года с ОВЗ"));
    let og = p.cell(t_ovz, "С ОВЗ", "Выпускники", ovz_graduates);
    let oe = p.cell(
        t_ovz,
        "С ОВЗ",
        "Трудоустроены, включая ИП и самозанятых",
        ovz_employed,
    );
    p.sum_is(&[oe], &[og], RelKind::Le);
    p.sum_is(&[og], &[total], RelKind::Le);
    p.ovz = Some(OvzCells {
        graduates: og,
        employed: oe,
    });

    suppress::suppress(&mut p);
    p
}

#[cfg(test)]
mod tests;
