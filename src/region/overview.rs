//! The region's public overview page: colleges compared on the share of graduates employed,
//! in risk and, among graduates with ОВЗ, employed — tables and charts, ranked — and the ОПК
//! workplaces needed where a college has ОПК forms.
//!
//! Every figure comes from the college's own [`Publication`] (the one its section was built
//! from), so each college's small-group rules hold here as on its page: a share is printed only
//! when both of its numbers are shown there. No regional sum of possibly hidden cells is
//! published (the sum minus the shown ones would give a hidden cell away); regional totals are
//! in the private regional form 1.

use crate::compute::publication::{ChannelGroup, Publication, Shown, GROUPS};
use crate::format::{date_ru, decimal_ru, int_ru};
use crate::render::charts::{self, escape, ChartData, ChartOptions, Series};
use jiff::civil::Date;
use std::fmt::Write as _;

/// Print styles shared by the regional pages: A4 landscape, repeated table heads.
pub const PRINT_CSS: &str = "body{font-family:'PT Sans',Arial,sans-serif;margin:1.5rem;color:#111;max-width:80rem}\
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #999;padding:.2rem .4rem;vertical-align:top}\
td{text-align:right}th{text-align:left}thead th{background:#eee}tr.total th,tr.total td{font-weight:bold}\
.n{display:block;font-weight:normal;color:#555}table.form{font-size:7pt}table.form th{font-weight:normal}table.form tbody th[scope=rowgroup]{font-weight:bold}.note{color:#444}figure{margin:1.5rem 0}\
.chart__narrow{display:none}@media (max-width:600px){.chart__wide{display:none}.chart__narrow{display:block}}\
@page{size:A4 landscape;margin:12mm}@media print{thead{display:table-header-group}tr{break-inside:avoid}a{color:inherit}}";

/// One college's line in the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub graduates: Shown,
    /// Employed, sole traders and self-employed (the page's «трудоустроены, включая ИП и
    /// самозанятых»): shown only when both groups are.
    pub employed: Shown,
    pub risk: Shown,
    pub ovz_graduates: Shown,
    pub ovz_employed: Shown,
    /// ОПК: workplaces the enterprises need, summed over the specialties the college's page
    /// lists (`data.opk`), with the week of the form; `None` without ОПК forms.
    pub opk: Option<(u32, String)>,
}

impl Row {
    /// The ОПК figure from the college's public `data.opk` (already on its own page).
    pub fn with_opk(mut self, public: &serde_json::Value) -> Row {
        let needs = public["needs"].as_array();
        let week = public["week"].as_str();
        if let (Some(needs), Some(week)) = (needs, week) {
            let sum = needs
                .iter()
                .filter_map(|n| n["workplaces"].as_u64())
                .sum::<u64>();
            self.opk = Some((u32::try_from(sum).unwrap_or(u32::MAX), week.to_string()));
        }
        self
    }
}

fn both(a: Shown, b: Shown) -> Shown {
    match (a, b) {
        (Shown::Value(x), Shown::Value(y)) => Shown::Value(x + y),
        _ => Shown::Hidden,
    }
}

fn group(p: &Publication, g: ChannelGroup) -> Shown {
    GROUPS
        .iter()
        .position(|x| *x == g)
        .and_then(|i| p.now.get(i))
        .map_or(Shown::Hidden, |id| p.get(*id))
}

impl Row {
    /// The college's line from its publication of the compared cohort.
    pub fn from_publication(id: &str, name: &str, p: &Publication) -> Row {
        let (og, oe) = p.ovz.map_or((Shown::Hidden, Shown::Hidden), |o| {
            (p.get(o.graduates), p.get(o.employed))
        });
        Row {
            id: id.to_string(),
            name: name.to_string(),
            graduates: p.get(p.total),
            employed: both(
                group(p, ChannelGroup::Employed),
                group(p, ChannelGroup::SelfEmployed),
            ),
            risk: group(p, ChannelGroup::Risk),
            ovz_graduates: og,
            ovz_employed: oe,
            opk: None,
        }
    }

    pub fn employed_share(&self) -> Option<f64> {
        share(self.employed, self.graduates)
    }
    pub fn risk_share(&self) -> Option<f64> {
        share(self.risk, self.graduates)
    }
    pub fn ovz_share(&self) -> Option<f64> {
        share(self.ovz_employed, self.ovz_graduates)
    }
}

/// `part / whole` in per cent, when both are shown and `whole` is not zero.
fn share(part: Shown, whole: Shown) -> Option<f64> {
    match (part.value(), whole.value()) {
        (Some(p), Some(w)) if w > 0 => Some(f64::from(p) * 100.0 / f64::from(w)),
        _ => None,
    }
}

/// The place of each ranked row (`order` from [`rank`]): equal shares share a place, the
/// next one counts the rows above it («1, 1, 3»); a college without the share has none.
pub fn places(order: &[usize], key: impl Fn(usize) -> Option<f64>) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(order.len());
    let mut last: Option<(f64, usize)> = None;
    for (n, &i) in order.iter().enumerate() {
        let place = key(i).map(|v| match last {
            Some((prev, p)) if prev == v => p,
            _ => {
                last = Some((v, n + 1));
                n + 1
            }
        });
        out.push(place);
    }
    out
}

/// Rows ranked by `key`: highest first (lowest first when `ascending`), colleges without the
/// figure last, ties by id. Returns the order as indices.
pub fn rank(rows: &[Row], key: impl Fn(&Row) -> Option<f64>, ascending: bool) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..rows.len()).collect();
    idx.sort_by(|&a, &b| {
        let (x, y) = (key(&rows[a]), key(&rows[b]));
        match (x, y) {
            (Some(x), Some(y)) => {
                let o = if ascending {
                    x.total_cmp(&y)
                } else {
                    y.total_cmp(&x)
                };
                o.then_with(|| rows[a].id.cmp(&rows[b].id))
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => rows[a].id.cmp(&rows[b].id),
        }
    });
    idx
}

/// A college left out of the comparison or flagged: id, name and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: String,
    pub name: String,
    pub why: String,
}

/// What the overview shows.
pub struct Overview<'a> {
    pub region: &'a str,
    pub base_centre: &'a str,
    pub contacts: &'a super::Contacts,
    pub as_of: Date,
    pub year: i16,
    pub rows: Vec<Row>,
    /// Colleges whose data failed the check or could not be read: not compared.
    pub failing: Vec<Note>,
    /// Colleges compared whose latest entry is old.
    pub stale: Vec<Note>,
    /// The region by month, from the published figures ([`super::dynamics`]).
    pub months: Vec<super::dynamics::Month>,
    /// Every compared college's effectiveness criteria; the page shows the public ones.
    pub criteria: &'a [super::effectiveness::CollegeCriteria<'a>],
}

fn cell(v: Shown) -> String {
    match v {
        Shown::Value(n) => int_ru(n.into()),
        Shown::Hidden => "скрыто".to_string(),
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |x| format!("{} %", decimal_ru(x, 1)))
}

fn chart(
    o: &Overview,
    key: &str,
    title: &str,
    desc: &str,
    f: fn(&Row) -> Option<f64>,
    asc: bool,
) -> String {
    let order = rank(&o.rows, f, asc);
    // A chart of nothing but hidden marks on a 0…0 axis says nothing: one sentence instead.
    if o.rows.iter().all(|r| f(r).is_none()) {
        return format!(
            "<p class=\"chart-none\"><strong>{}</strong>: ни один колледж не публикует эту долю (числа меньше порога публикации скрыты или равны нулю), поэтому диаграммы нет.</p>\n",
            escape(title)
        );
    }
    let data = ChartData {
        title: title.to_string(),
        desc: desc.to_string(),
        categories: order.iter().map(|&i| o.rows[i].name.clone()).collect(),
        series: vec![Series {
            name: "Доля".into(),
            values: order
                .iter()
                .map(|&i| f(&o.rows[i]).unwrap_or(f64::NAN))
                .collect(),
        }],
        unit: "%".into(),
    };
    let height = 90 + 30 * o.rows.len() as u32;
    let wide = charts::horizontal_bars(
        &data,
        &ChartOptions {
            id: format!("{key}-w"),
            width: 760,
            height,
            ..ChartOptions::default()
        },
    );
    let narrow = charts::horizontal_bars(
        &data,
        &ChartOptions {
            id: format!("{key}-n"),
            width: charts::NARROW_WIDTH,
            height,
            ..ChartOptions::default()
        },
    );
    charts::figure_pair(&wide, &narrow, &data)
}

/// The overview page (`site/index.html`).
pub fn page(o: &Overview) -> String {
    let title = format!("Трудоустройство выпускников колледжей: {}", o.region);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{t}</title>\n<style>{css}</style>\n</head>\n<body>\n\
<header><h1>{t}</h1>\n<p>Выпуск {y} года, данные на {d}. Сравнение по данным, которые каждый колледж публикует в своём разделе; числа меньше порога колледжа скрыты, доля показывается, только когда видны оба её числа.</p></header>\n<main>\n",
        t = escape(&title),
        css = PRINT_CSS,
        y = o.year,
        d = date_ru(o.as_of),
    );
    let order = rank(&o.rows, Row::employed_share, false);
    let _ = write!(
        out,
        "<h2>Колледжи по доле трудоустроенных</h2>\n<table>\n<caption>Выпускники {y} года на {d}, по убыванию доли трудоустроенных (включая ИП и самозанятых)</caption>\n\
<thead><tr><th scope=\"col\">Место</th><th scope=\"col\">Колледж</th><th scope=\"col\">Выпускников</th><th scope=\"col\">Трудоустроены, чел.</th><th scope=\"col\">Трудоустроены, %</th>\
<th scope=\"col\">Риск нетрудоустройства, чел.</th><th scope=\"col\">Риск, %</th><th scope=\"col\">С ОВЗ, чел.</th><th scope=\"col\">С ОВЗ трудоустроены, чел.</th><th scope=\"col\">С ОВЗ трудоустроены, %</th><th scope=\"col\">ОПК: требуется рабочих мест</th></tr></thead>\n<tbody>\n",
        y = o.year,
        d = date_ru(o.as_of),
    );
    let places = places(&order, |i| o.rows[i].employed_share());
    for (&i, place) in order.iter().zip(&places) {
        let r = &o.rows[i];
        let _ = writeln!(
            out,
            "<tr><td>{}</td><th scope=\"row\"><a href=\"{}/index.html\">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            place.map_or_else(|| "—".to_string(), |p| p.to_string()),
            escape(&r.id),
            escape(&r.name),
            cell(r.graduates),
            cell(r.employed),
            pct(r.employed_share()),
            cell(r.risk),
            pct(r.risk_share()),
            cell(r.ovz_graduates),
            cell(r.ovz_employed),
            pct(r.ovz_share()),
            r.opk.as_ref().map_or_else(
                || "—".to_string(),
                |(n, week)| format!("{} (на {})", int_ru((*n).into()), escape(week))
            ),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(&chart(
        o,
        "employed",
        &format!("Доля трудоустроенных выпускников {} года, включая ИП и самозанятых", o.year),
        "Для каждого колледжа: процент выпускников, которые трудоустроены, работают как ИП или самозанятые, по убыванию.",
        Row::employed_share,
        false,
    ));
    out.push_str(&chart(
        o,
        "risk",
        &format!(
            "Доля выпускников {} года в группе риска нетрудоустройства",
            o.year
        ),
        "Для каждого колледжа: процент выпускников в группе риска, по возрастанию.",
        Row::risk_share,
        true,
    ));
    out.push_str(&chart(
        o,
        "ovz",
        &format!("Доля трудоустроенных среди выпускников {} года с ОВЗ", o.year),
        "Для каждого колледжа: процент трудоустроенных (включая ИП и самозанятых) среди выпускников с ОВЗ, по убыванию.",
        Row::ovz_share,
        false,
    ));
    out.push_str(&super::dynamics::section(&o.months, o.rows.len(), o.year));
    out.push_str(&super::effectiveness::section(o.criteria));
    if !o.failing.is_empty() || !o.stale.is_empty() {
        out.push_str("<h2>Колледжи, данные которых требуют внимания</h2>\n<ul>\n");
        for n in &o.failing {
            let _ = writeln!(
                out,
                "<li><strong>{}</strong> ({}): не вошёл в сравнение — {}</li>",
                escape(&n.name),
                escape(&n.id),
                escape(&n.why)
            );
        }
        for n in &o.stale {
            let _ = writeln!(
                out,
                "<li><a href=\"{}/index.html\">{}</a>: {}</li>",
                escape(&n.id),
                escape(&n.name),
                escape(&n.why)
            );
        }
        out.push_str("</ul>\n");
    }
    let c = o.contacts;
    let mut contacts = vec![escape(o.base_centre)];
    for v in [&c.head, &c.address, &c.phone, &c.email] {
        if !v.trim().is_empty() {
            contacts.push(escape(v));
        }
    }
    let _ = write!(
        out,
        "</main>\n<footer><p class=\"note\">{}</p></footer>\n</body>\n</html>\n",
        contacts.join(" · ")
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, g: u32, e: Option<u32>, risk: u32) -> Row {
        Row {
            id: id.into(),
            name: format!("Колледж {id}"),
            graduates: Shown::Value(g),
            employed: e.map_or(Shown::Hidden, Shown::Value),
            risk: Shown::Value(risk),
            ovz_graduates: Shown::Value(0),
            ovz_employed: Shown::Value(0),
            opk: None,
        }
    }

    #[test]
    fn equal_shares_share_a_place() {
        let shares = [Some(0.9), Some(0.678), Some(0.678), Some(0.5), None];
        assert_eq!(
            places(&[0, 1, 2, 3, 4], |i| shares[i]),
            [Some(1), Some(2), Some(2), Some(4), None]
        );
    }

    #[test]
    fn ranking_puts_hidden_last_and_breaks_ties_by_id() {
        let rows = vec![
            row("c", 100, Some(50), 10),
            row("a", 10, None, 3),
            row("b", 200, Some(100), 5),
            row("d", 100, Some(80), 30),
        ];
        assert_eq!(rank(&rows, Row::employed_share, false), [3, 2, 0, 1]);
        assert_eq!(
            rank(&rows, Row::risk_share, true),
            [2, 0, 1, 3],
            "a and d tie at 30 %"
        );
        assert_eq!(rows[1].employed_share(), None);
        assert_eq!(rows[3].employed_share(), Some(80.0));
    }

    #[test]
    fn a_share_needs_both_numbers_and_a_nonzero_whole() {
        assert_eq!(share(Shown::Value(3), Shown::Value(0)), None);
        assert_eq!(share(Shown::Hidden, Shown::Value(10)), None);
        assert_eq!(share(Shown::Value(5), Shown::Value(10)), Some(50.0));
        assert_eq!(both(Shown::Value(5), Shown::Hidden), Shown::Hidden);
    }

    #[test]
    fn the_page_ranks_links_and_lists_failing_colleges() {
        let contacts = super::super::Contacts::default();
        let o = Overview {
            region: "Самарская область",
            base_centre: "РБЦ",
            contacts: &contacts,
            as_of: Date::constant(2023, 12, 15),
            year: 2023,
            rows: vec![row("a", 100, Some(50), 10), row("b", 100, Some(90), 1)],
            failing: vec![Note {
                id: "c".into(),
                name: "Колледж c".into(),
                why: "2 ошибки в данных".into(),
            }],
            stale: Vec::new(),
            months: Vec::new(),
            criteria: &[],
        };
        let html = page(&o);
        let (b, a) = (
            html.find("<a href=\"b/index.html\">").unwrap(),
            html.find("<a href=\"a/index.html\">").unwrap(),
        );
        assert!(b < a, "b (90 %) is ranked above a (50 %)");
        assert!(html.contains("90,0 %"));
        assert!(html.contains("Колледж c</strong> (c): не вошёл в сравнение — 2 ошибки"));
        assert_eq!(
            html.matches("<svg").count(),
            4,
            "two charts, wide and narrow; no ОВЗ shares to draw"
        );
        assert!(html.contains("ни один колледж не публикует эту долю"));
        assert!(html.contains("<td>—</td></tr>"), "no ОПК forms: a dash");
    }

    #[test]
    fn opk_needs_are_summed_from_the_public_data() {
        let r = row("a", 10, Some(5), 0).with_opk(&serde_json::json!({
            "week": "20.10.2023",
            "needs": [{"code": "15.01.05", "workplaces": 7}, {"code": "09.02.07", "workplaces": 5}],
        }));
        assert_eq!(r.opk, Some((12, "20.10.2023".to_string())));
        let none = row("b", 10, Some(5), 0).with_opk(&serde_json::json!({ "needs": [] }));
        assert_eq!(none.opk, None);
    }
}
