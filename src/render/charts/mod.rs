//! Charts: one module that any page (public site or private report) calls with a data series.
//!
//! Each chart function returns a small, deterministic, accessible SVG string to inline into HTML:
//! `role="img"`, `aria-labelledby` pointing at `<title>` and `<desc>` (the first children of
//! `<svg>`), ids derived only from [`ChartOptions::id`], all text as `<text>` in a font stack
//! starting with PT Sans, Russian number formats, an Okabe–Ito palette and — so that no meaning is
//! carried by colour alone — a distinct `<pattern>` (or marker shape for lines) per series, a
//! legend and direct value labels where they fit. Every bar and point also carries a `<title>`
//! with its exact value. [`data_table`] gives the same numbers as an HTML table and [`figure`]
//! puts both into a `<figure>`, the table inside `<details>`.
//!
//! plotters draws the frame (axes, grid, tick labels, bars, lines, legend text) through its SVG
//! backend; this module then post-processes the string: it adds the accessibility attributes,
//! `<title>`/`<desc>`/`<defs>`, rounds plotters' long font sizes, drops redundant attributes, and
//! appends an overlay (patterns, outlines, markers, tooltips, threshold line) it computes from
//! the same coordinate mapping.
//!
//! A drawing plotters fails is never shown as «Нет данных»: the chart carries a mark that makes
//! writing its page an error naming the chart (`render.chart`).

use crate::format::{decimal_ru, int_ru};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;
use std::fmt::Write as _;

mod bars;
mod font_widths;
mod frame;
mod legend;
mod lines;
mod svg;

pub use bars::{grouped_bars, horizontal_bars, stacked_bars};
use frame::*;
pub use frame::{escape, format_value, text_width, FONT_STACK};
use legend::*;
pub use lines::line_chart;
pub use svg::drawing_error;
use svg::*;

/// One named series of values, one value per category (missing values count as absent).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// What a chart shows. Categories are labels as the caller formats them (e.g. `09.2023`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartData {
    pub title: String,
    pub desc: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// `чел.` or `%`; `%` values are printed as `87,5 %`.
    pub unit: String,
}

/// Size, ids and an optional labelled reference line.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    /// Prefix of every id inside the SVG (`{id}-title`, `{id}-desc`, `{id}-p0`…). Must be unique
    /// on the page; characters outside `[A-Za-z0-9_-]` are replaced by `_`.
    pub id: String,
    pub width: u32,
    pub height: u32,
    /// A reference line, e.g. `("Порог", 75.0)`.
    pub threshold: Option<(String, f64)>,
    /// Stacked bars: the known total of each stack. Where segments are hidden, the rest up to
    /// the total is drawn as one hatched «скрыто» block and the total labels the stack.
    pub totals: Option<Vec<f64>>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            id: "chart".into(),
            width: 720,
            height: 400,
            threshold: None,
            totals: None,
        }
    }
}

/// The chart's numbers as an HTML table: `<caption>`, `<th scope>`, Russian number formats.
pub fn data_table(data: &ChartData) -> String {
    let mut out = String::from("<table class=\"chart-data\">\n");
    let unit = data.unit.trim();
    let caption = if unit.is_empty() {
        escape(&data.title)
    } else {
        format!("{}, {}", escape(&data.title), escape(unit))
    };
    let _ = writeln!(out, "<caption>{caption}</caption>");
    out.push_str("<thead><tr><td></td>");
    for s in &data.series {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&s.name));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (c, cat) in data.categories.iter().enumerate() {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", escape(cat));
        for s in &data.series {
            match s.values.get(c).filter(|v| v.is_finite()) {
                Some(v) => {
                    let _ = write!(out, "<td>{}</td>", format_value(*v, unit));
                }
                None => out.push_str("<td>скрыто</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// A `<figure>`: caption, the SVG, and the data table inside `<details>`.
pub fn figure(svg: &str, data: &ChartData) -> String {
    format!(
        "<figure class=\"chart\">\n<figcaption>{}</figcaption>\n{}<details class=\"chart-data\">\
         <summary>Данные диаграммы</summary>\n{}</details>\n</figure>\n",
        escape(&data.title),
        svg,
        data_table(data)
    )
}

/// Width of the phone variant of a chart, in SVG units: drawn for a ~360 px screen, its text
/// keeps its size there instead of shrinking to a half.
pub const NARROW_WIDTH: u32 = 360;

/// A `<figure>` with two drawings of the same data — `wide` for screens and print, `narrow`
/// for phones (CSS shows one; the hidden one is out of the accessibility tree) — a caption
/// and the data table inside `<details>`.
pub fn figure_pair(wide: &str, narrow: &str, data: &ChartData) -> String {
    format!(
        "<figure class=\"chart\">\n<figcaption>{}</figcaption>\n<div class=\"chart__wide\">{}</div>\n\
         <div class=\"chart__narrow\">{}</div>\n<details class=\"chart-data\">\
         <summary>Данные диаграммы</summary>\n{}</details>\n</figure>\n",
        escape(&data.title),
        wide,
        narrow,
        data_table(data)
    )
}

#[cfg(test)]
mod tests;
