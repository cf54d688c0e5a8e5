//! Regional monthly dynamics: the region's employment on the 1st of every month (the
//! monitoring is monthly), summed from the colleges' publications.
//!
//! The public overview sums only what each college publishes: a college counts in a month
//! when its cohort total, its employed (with ИП and self-employed) and its risk group of that
//! month are all shown on its own page; otherwise it is left out of that month and named, never
//! counted as 0. Sums of published numbers give nothing away that the colleges' pages do not.
//! The private report (`reports/dynamics-YYYY.html`) has the full figures of every college.

use super::overview::PRINT_CSS;
use crate::compute::publication::{ChannelGroup, Publication, Shown, GROUPS};
use crate::format::{date_ru, decimal_ru, int_ru, month_ru, month_short};
use crate::render::charts::{self, escape, ChartData, ChartOptions, Series};
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// One college's publication of the compared cohort.
pub struct CollegeMonths<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub publication: &'a Publication,
}

/// Graduates, employed (with ИП and self-employed) and in risk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub graduates: u32,
    pub employed: u32,
    pub risk: u32,
}

impl Figures {
    fn add(&mut self, o: Figures) {
        self.graduates += o.graduates;
        self.employed += o.employed;
        self.risk += o.risk;
    }

    pub fn employed_share(&self) -> Option<f64> {
        share(self.employed, self.graduates)
    }

    pub fn risk_share(&self) -> Option<f64> {
        share(self.risk, self.graduates)
    }
}

fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) * 100.0 / f64::from(whole))
}

/// Why a college is not in a month's sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Absent {
    /// Its page hides a number of that month (below its publication threshold).
    Hidden,
    /// Its data end before that month (an earlier report date).
    NoMonth,
}

impl Absent {
    fn ru(self) -> &'static str {
        match self {
            Absent::Hidden => "числа месяца на странице колледжа скрыты",
            Absent::NoMonth => "нет данных за месяц",
        }
    }
}

/// One month of the public regional series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Month {
    pub date: Date,
    /// How many colleges are summed.
    pub colleges: usize,
    pub sum: Figures,
    /// Colleges left out of the month: name and why.
    pub missing: Vec<(String, Absent)>,
}

fn cells(ids: &[usize], g: ChannelGroup) -> usize {
    GROUPS
        .iter()
        .position(|x| *x == g)
        .and_then(|i| ids.get(i).copied())
        .unwrap_or(usize::MAX)
}

/// A college's month as its page shows it; `None` when any of the three numbers is hidden.
fn published(p: &Publication, ids: &[usize]) -> Option<Figures> {
    let get = |g| p.get(cells(ids, g)).value();
    let employed = get(ChannelGroup::Employed)? + get(ChannelGroup::SelfEmployed)?;
    let (Shown::Value(graduates), Some(risk)) = (p.get(p.total), get(ChannelGroup::Risk)) else {
        return None;
    };
    Some(Figures {
        graduates,
        employed,
        risk,
    })
}

/// A college's month with its true numbers (for the private report only).
fn full(p: &Publication, ids: &[usize]) -> Figures {
    let v = |id: usize| p.cells.get(id).map_or(0, |c| c.value);
    Figures {
        graduates: v(p.total),
        employed: v(cells(ids, ChannelGroup::Employed)) + v(cells(ids, ChannelGroup::SelfEmployed)),
        risk: v(cells(ids, ChannelGroup::Risk)),
    }
}

/// Every month any college has, in order.
fn dates(colleges: &[CollegeMonths]) -> Vec<Date> {
    colleges
        .iter()
        .flat_map(|c| c.publication.months.iter().map(|(d, _)| *d))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The public regional series: per month, the sum of the colleges whose figures are shown.
pub fn months(colleges: &[CollegeMonths]) -> Vec<Month> {
    dates(colleges)
        .into_iter()
        .map(|date| {
            let mut m = Month {
                date,
                colleges: 0,
                sum: Figures::default(),
                missing: Vec::new(),
            };
            for c in colleges {
                let p = c.publication;
                match p.months.iter().find(|(d, _)| *d == date) {
                    None => m.missing.push((c.name.to_string(), Absent::NoMonth)),
                    Some((_, ids)) => match published(p, ids) {
                        Some(f) => {
                            m.colleges += 1;
                            m.sum.add(f);
                        }
                        None => m.missing.push((c.name.to_string(), Absent::Hidden)),
                    },
                }
            }
            m
        })
        .collect()
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(
        || "нет данных".to_string(),
        |x| format!("{} %", decimal_ru(x, 1)),
    )
}

fn missing_text(m: &Month) -> String {
    if m.missing.is_empty() {
        return "—".into();
    }
    m.missing
        .iter()
        .map(|(n, why)| format!("{} ({})", escape(n), why.ru()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The overview's section: a line chart of the two shares and the table of sums.
pub fn section(months: &[Month], total_colleges: usize, year: i16) -> String {
    if months.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<h2>Динамика по месяцам</h2>\n<p>Выпускники {year} года на 1-е число каждого месяца: сумма по колледжам, которые публикуют числа этого месяца. Колледж, у которого число месяца скрыто (меньше порога публикации) или данных за месяц нет, в сумму месяца не входит и назван в таблице; месяц без учтённых колледжей — «нет данных», а не 0.</p>\n"
    );
    if months.iter().any(|m| m.colleges > 0) {
        let data = ChartData {
            title: format!("Доли выпускников {year} года по месяцам, по региону"),
            desc: "Для каждого месяца: процент трудоустроенных (включая ИП и самозанятых) и процент в группе риска среди выпускников учтённых в этом месяце колледжей.".into(),
            categories: months.iter().map(|m| month_short(m.date)).collect(),
            series: vec![
                Series {
                    name: "Трудоустроены, включая ИП и самозанятых".into(),
                    values: months
                        .iter()
                        .map(|m| m.sum.employed_share().unwrap_or(f64::NAN))
                        .collect(),
                },
                Series {
                    name: "Риск нетрудоустройства".into(),
                    values: months
                        .iter()
                        .map(|m| m.sum.risk_share().unwrap_or(f64::NAN))
                        .collect(),
                },
            ],
            unit: "%".into(),
        };
        let opts = |id: &str, width| ChartOptions {
            id: id.into(),
            width,
            height: 380,
            ..ChartOptions::default()
        };
        out.push_str(&charts::figure_pair(
            &charts::line_chart(&data, &opts("months-w", 760)),
            &charts::line_chart(&data, &opts("months-n", charts::NARROW_WIDTH)),
            &data,
        ));
    }
    let _ = write!(
        out,
        "<table>\n<caption>Выпуск {year} года по месяцам: суммы по учтённым колледжам</caption>\n<thead><tr><th scope=\"col\">Месяц</th><th scope=\"col\">Учтено колледжей</th><th scope=\"col\">Выпускников</th>\
<th scope=\"col\">Трудоустроены, чел.</th><th scope=\"col\">Трудоустроены, %</th><th scope=\"col\">Риск, чел.</th><th scope=\"col\">Риск, %</th><th scope=\"col\">Не учтены</th></tr></thead>\n<tbody>\n"
    );
    for m in months {
        let counted = m.colleges > 0;
        let n = |v: u32| {
            if counted {
                int_ru(v.into())
            } else {
                "нет данных".into()
            }
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{} из {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"missing\">{}</td></tr>",
            month_ru(m.date),
            m.colleges,
            total_colleges,
            n(m.sum.graduates),
            n(m.sum.employed),
            pct(m.sum.employed_share()),
            n(m.sum.risk),
            pct(m.sum.risk_share()),
            missing_text(m),
        );
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// The private report `reports/dynamics-YYYY.html`: every college's full monthly figures
/// (small groups included) and the region's full sums.
pub fn report(region: &str, year: i16, as_of: Date, colleges: &[CollegeMonths]) -> String {
    let ds = dates(colleges);
    let head = "<tr><th scope=\"col\">Месяц</th><th scope=\"col\">Выпускников</th><th scope=\"col\">Трудоустроены, чел.</th><th scope=\"col\">Трудоустроены, %</th><th scope=\"col\">Риск, чел.</th><th scope=\"col\">Риск, %</th></tr>";
    let row = |out: &mut String, label: &str, f: Option<Figures>| {
        let _ = match f {
            Some(f) => writeln!(
                out,
                "<tr><th scope=\"row\">{label}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                int_ru(f.graduates.into()),
                int_ru(f.employed.into()),
                pct(f.employed_share()),
                int_ru(f.risk.into()),
                pct(f.risk_share()),
            ),
            None => writeln!(
                out,
                "<tr><th scope=\"row\">{label}</th><td colspan=\"5\">нет данных за месяц</td></tr>"
            ),
        };
    };
    let mut region_table = String::new();
    for d in &ds {
        let mut sum = Figures::default();
        let mut without = Vec::new();
        for c in colleges {
            match c.publication.months.iter().find(|(x, _)| x == d) {
                Some((_, ids)) => sum.add(full(c.publication, ids)),
                None => without.push(escape(c.name)),
            }
        }
        let label = if without.is_empty() {
            month_ru(*d)
        } else {
            format!("{} (без: {})", month_ru(*d), without.join(", "))
        };
        row(&mut region_table, &label, Some(sum));
    }
    let mut by_college = String::new();
    for c in colleges {
        let _ = write!(
            by_college,
            "<h3>{} ({})</h3>\n<table>\n<thead>{head}</thead>\n<tbody>\n",
            escape(c.name),
            escape(c.id)
        );
        for d in &ds {
            let f = c
                .publication
                .months
                .iter()
                .find(|(x, _)| x == d)
                .map(|(_, ids)| full(c.publication, ids));
            row(&mut by_college, &month_ru(*d), f);
        }
        by_college.push_str("</tbody>\n</table>\n");
    }
    let t = format!("Динамика занятости выпускников {year} года по месяцам: {region}");
    format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n<h1>{t}</h1>\n\
<p>Для служебного пользования: полные числа на 1-е число месяца, включая группы меньше порога публикации (на сайте они скрыты). Данные на {d}.</p>\n\
<h2>Регион</h2>\n<table>\n<thead>{head}</thead>\n<tbody>\n{region_table}</tbody>\n</table>\n<h2>По колледжам</h2>\n{by_college}\
<p><a href=\"index.html\">Все отчёты региона</a></p>\n</body>\n</html>\n",
        t = escape(&t),
        d = date_ru(as_of),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::publication::Cell;

    /// A publication with `months` of (graduates, employed, self-employed, risk), every cell
    /// shown unless its value is below `min`.
    fn publication(start: Date, months: &[(u32, u32, u32, u32)], min: u32) -> Publication {
        let mut cells = Vec::new();
        let mut push = |v: u32| {
            cells.push(Cell {
                table: 0,
                row: String::new(),
                col: String::new(),
                value: v,
                shown: v == 0 || v >= min,
                total: false,
            });
            cells.len() - 1
        };
        let total = push(months[0].0);
        let mut ms = Vec::new();
        let mut d = start;
        for &(_, e, s, r) in months {
            let mut ids = vec![0; GROUPS.len()];
            ids[0] = push(e);
            ids[1] = push(s);
            ids[5] = push(r);
            for id in ids.iter_mut().skip(2) {
                if *id == 0 {
                    *id = push(0);
                }
            }
            ms.push((d, ids));
            d = d.checked_add(jiff::Span::new().months(1)).unwrap();
        }
        Publication {
            year: 2023,
            as_of: d,
            min_group: min,
            published: true,
            tables: Vec::new(),
            cells,
            relations: Vec::new(),
            total,
            now: Vec::new(),
            months: ms,
            forecast: Vec::new(),
            actual: Vec::new(),
            specialties: Vec::new(),
            ovz: None,
        }
    }

    const JULY: Date = Date::constant(2023, 7, 1);

    #[test]
    fn a_hidden_month_is_left_out_and_named_not_counted_as_zero() {
        // a: always shown; b: its August risk (2) is below its threshold 3; c: ends in July.
        let a = publication(JULY, &[(100, 10, 0, 30), (100, 40, 10, 20)], 3);
        let b = publication(JULY, &[(50, 5, 0, 10), (50, 20, 5, 2)], 3);
        let c = publication(JULY, &[(20, 4, 0, 6)], 3);
        let colleges = [
            CollegeMonths {
                id: "a",
                name: "А",
                publication: &a,
            },
            CollegeMonths {
                id: "b",
                name: "Б",
                publication: &b,
            },
            CollegeMonths {
                id: "c",
                name: "В",
                publication: &c,
            },
        ];
        let ms = months(&colleges);
        assert_eq!(ms.len(), 2);
        assert_eq!(ms[0].colleges, 3);
        assert_eq!(
            ms[0].sum,
            Figures {
                graduates: 170,
                employed: 19,
                risk: 46
            }
        );
        assert!(ms[0].missing.is_empty());
        // August: only a is summed (not a + b with b's risk as 0).
        assert_eq!(ms[1].colleges, 1);
        assert_eq!(
            ms[1].sum,
            Figures {
                graduates: 100,
                employed: 50,
                risk: 20
            }
        );
        assert_eq!(
            ms[1].missing,
            [
                ("Б".to_string(), Absent::Hidden),
                ("В".to_string(), Absent::NoMonth)
            ]
        );
        assert_eq!(ms[1].sum.employed_share(), Some(50.0));

        let html = section(&ms, 3, 2023);
        assert!(html.contains("<td>1 из 3</td>"), "{html}");
        assert!(
            html.contains("Б (числа месяца на странице колледжа скрыты); В (нет данных за месяц)")
        );
        assert_eq!(
            html.matches("<svg").count(),
            2,
            "wide and narrow line chart"
        );

        // The private report has b's hidden August risk and the region's full sum.
        let r = report("Область", 2023, JULY, &colleges);
        assert!(r.contains("<th scope=\"row\">август 2023 (без: В)</th><td>150</td><td>75</td><td>50,0 %</td><td>22</td>"), "{r}");
        assert!(r.contains("<td>50</td><td>25</td><td>50,0 %</td><td>2</td>"));
    }

    #[test]
    fn a_month_no_college_publishes_is_no_data_and_no_chart() {
        let b = publication(JULY, &[(50, 1, 0, 1)], 3);
        let colleges = [CollegeMonths {
            id: "b",
            name: "Б",
            publication: &b,
        }];
        let ms = months(&colleges);
        assert_eq!(ms[0].colleges, 0);
        let html = section(&ms, 1, 2023);
        assert!(!html.contains("<svg"));
        assert!(
            html.contains(
                "<td>0 из 1</td><td>нет данных</td><td>нет данных</td><td>нет данных</td>"
            ),
            "{html}"
        );
        assert!(!html.contains("<td>0</td>"));
    }
}
