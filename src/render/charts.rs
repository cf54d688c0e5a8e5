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

use crate::format::{decimal_ru, int_ru};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;
use std::fmt::Write as _;

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
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            id: "chart".into(),
            width: 720,
            height: 400,
            threshold: None,
        }
    }
}

/// Font stack written once on the root `<svg>`; no fonts are embedded.
pub const FONT_STACK: &str = "PT Sans, DejaVu Sans, Arial, sans-serif";

/// Okabe–Ito colours, ordered so that neighbours differ in lightness too.
const PALETTE: [(u8, u8, u8); 8] = [
    (0x00, 0x72, 0xB2), // blue
    (0xE6, 0x9F, 0x00), // orange
    (0x56, 0xB4, 0xE9), // sky blue
    (0x00, 0x9E, 0x73), // bluish green
    (0xD5, 0x5E, 0x00), // vermillion
    (0xCC, 0x79, 0xA7), // reddish purple
    (0xF0, 0xE4, 0x42), // yellow
    (0x99, 0x99, 0x99), // grey
];

const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

const LABEL_PX: f64 = 12.0;
const VALUE_PX: f64 = 11.0;
const LINE_H: i32 = 14;

fn color(i: usize) -> RGBColor {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    RGBColor(r, g, b)
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Pattern strokes: white on dark colours, near-black on light ones.
fn ink_on(c: RGBColor) -> &'static str {
    let l = 0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64;
    if l < 140.0 {
        "#FFFFFF"
    } else {
        "#1A1A1A"
    }
}

/// Escape text for XML/HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn safe_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        format!("c{s}")
    } else {
        s
    }
}

/// A value as people read it: `1 234`, `87,5`, with ` %` for percentages.
pub fn format_value(v: f64, unit: &str) -> String {
    let num = if (v - v.round()).abs() < 1e-9 {
        int_ru(v.round() as i64)
    } else {
        decimal_ru(v, 1)
    };
    if unit.trim() == "%" {
        format!("{num}\u{00A0}%")
    } else {
        num
    }
}

fn format_with_unit(v: f64, unit: &str) -> String {
    let s = format_value(v, unit);
    let u = unit.trim();
    if u.is_empty() || u == "%" {
        s
    } else {
        format!("{s}\u{00A0}{u}")
    }
}

/// Percent ticks already say `%`; other units are written once next to the axis.
fn show_unit(unit: &str) -> bool {
    let u = unit.trim();
    !u.is_empty() && u != "%"
}

fn tick_label(v: f64, step: f64, unit: &str) -> String {
    let num = if step >= 1.0 || (v - v.round()).abs() < 1e-9 {
        int_ru(v.round() as i64)
    } else {
        decimal_ru(v, 1)
    };
    if unit.trim() == "%" {
        format!("{num}\u{00A0}%")
    } else {
        num
    }
}

/// Width of a text in px, estimated per character (plotters' own estimate counts UTF-8 bytes,
/// which doubles Cyrillic).
fn text_w(s: &str, px: f64) -> i32 {
    (s.chars().count() as f64 * px * 0.56).ceil() as i32
}

/// Break a label into at most `max_lines` lines no wider than `width`; the last line ends in
/// `…` when something was cut (the full text is in the table and the tooltip).
fn wrap(s: &str, width: i32, px: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let mut word = word.to_string();
        // A word wider than the line is hyphenated where it breaks («нетрудо-/устройства»),
        // keeping at least 3 letters before the break and 2 after.
        while text_w(&word, px) > width {
            let sep = if cur.is_empty() { "" } else { " " };
            let chars: Vec<char> = word.chars().collect();
            let fit = (3..chars.len().saturating_sub(1)).rev().find(|&k| {
                let head: String = chars[..k].iter().collect();
                text_w(&format!("{cur}{sep}{head}-"), px) <= width
            });
            match fit {
                Some(k) => {
                    let head: String = chars[..k].iter().collect();
                    lines.push(format!("{cur}{sep}{head}-"));
                    cur.clear();
                    word = chars[k..].iter().collect();
                }
                None if !cur.is_empty() => lines.push(std::mem::take(&mut cur)),
                None => break, // too narrow even for 3 letters: cut with … below
            }
        }
        let cand = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if text_w(&cand, px) <= width || cur.is_empty() {
            cur = cand;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    let cut = lines.len() > max_lines;
    lines.truncate(max_lines.max(1));
    for (i, line) in lines.iter_mut().enumerate() {
        let last = i + 1 == max_lines;
        if text_w(line, px) > width || (last && cut) {
            let mut t: String = line.clone();
            while !t.is_empty() && text_w(&format!("{t}…"), px) > width {
                t.pop();
            }
            *line = format!("{}…", t.trim_end());
        }
    }
    lines
}

/// A "nice" axis: step 1, 2 or 5 × 10ⁿ, at most ~6 intervals, bounds on the grid.
fn nice_axis(lo: f64, hi: f64, integer: bool) -> (f64, f64, f64) {
    let span = (hi - lo).max(if integer { 1.0 } else { 1e-9 });
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let mut step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    if integer && step < 1.0 {
        step = 1.0;
    }
    let lo = (lo / step).floor() * step;
    let hi = ((hi / step).ceil() * step).max(lo + step);
    (lo, hi, step)
}

/// The data with absent, negative-in-stack and non-finite values made safe.
struct Prepared {
    n: usize,
    names: Vec<String>,
    /// `vals[s][c]`, non-finite → 0.
    vals: Vec<Vec<f64>>,
    integer: bool,
}

impl Prepared {
    /// `None` when there is nothing to draw: no categories, no series or every value zero.
    fn new(data: &ChartData) -> Option<Prepared> {
        let n = data.categories.len();
        if n == 0 || data.series.is_empty() {
            return None;
        }
        let vals: Vec<Vec<f64>> = data
            .series
            .iter()
            .map(|s| {
                (0..n)
                    .map(|c| match s.values.get(c) {
                        Some(v) if v.is_finite() => *v,
                        _ => 0.0,
                    })
                    .collect()
            })
            .collect();
        if vals.iter().flatten().all(|v| *v == 0.0) {
            return None;
        }
        let integer =
            data.unit.trim() != "%" && vals.iter().flatten().all(|v| (v - v.round()).abs() < 1e-9);
        Some(Prepared {
            n,
            names: data.series.iter().map(|s| s.name.clone()).collect(),
            vals,
            integer,
        })
    }
}

/// What the overlay draws on top of plotters' output.
#[derive(Default)]
struct Overlay {
    svg: String,
}

impl Overlay {
    /// A bar outline with the series pattern and a tooltip.
    fn bar(&mut self, id: &str, s: usize, (x0, y0): (i32, i32), (x1, y1): (i32, i32), tip: &str) {
        let (x, y) = (x0.min(x1), y0.min(y1));
        let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
        let fill = if s == 0 {
            "none".to_string()
        } else {
            format!("url(#{id}-p{s})")
        };
        let _ = writeln!(
            self.svg,
            r##"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" stroke="#1A1A1A" stroke-width="0.8"><title>{}</title></rect>"##,
            escape(tip)
        );
    }

    fn text(&mut self, x: i32, y: i32, anchor: &str, px: f64, fill: &str, s: &str) {
        let _ = writeln!(
            self.svg,
            r#"<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="{px}" fill="{fill}">{}</text>"#,
            escape(s)
        );
    }
}

/// `<pattern>` per series (series 0 is solid), drawn over the solid colour plotters painted.
fn patterns(id: &str, count: usize) -> String {
    let mut defs = String::new();
    for s in 1..count {
        let ink = ink_on(color(s));
        let body = match (s - 1) % 7 {
            0 => format!(
                r#"<path d="M0 8L8 0M-2 2L2 -2M6 10L10 6" stroke="{ink}" stroke-width="1.5"/>"#
            ),
            1 => format!(
                r#"<circle cx="2" cy="2" r="1.3" fill="{ink}"/><circle cx="6" cy="6" r="1.3" fill="{ink}"/>"#
            ),
            2 => format!(r#"<path d="M0 2H8M0 6H8" stroke="{ink}" stroke-width="1.2"/>"#),
            3 => format!(
                r#"<path d="M0 0L8 8M-2 6L2 10M6 -2L10 2" stroke="{ink}" stroke-width="1.5"/>"#
            ),
            4 => format!(r#"<path d="M0 4H8M4 0V8" stroke="{ink}" stroke-width="1.2"/>"#),
            5 => format!(r#"<path d="M2 0V8M6 0V8" stroke="{ink}" stroke-width="1.2"/>"#),
            _ => format!(r#"<path d="M0 8L8 0M0 0L8 8" stroke="{ink}" stroke-width="1"/>"#),
        };
        let _ = write!(
            defs,
            r#"<pattern id="{id}-p{s}" width="8" height="8" patternUnits="userSpaceOnUse">{body}</pattern>"#
        );
    }
    defs
}

fn font(px: f64) -> TextStyle<'static> {
    // plotters divides the size by 1.24 when writing SVG; the post-processing rounds it.
    (FONT_STACK, px * 1.24).into_font().color(&INK)
}

fn font_at(px: f64, h: HPos, v: VPos, c: &'static RGBColor) -> TextStyle<'static> {
    font(px).color(c).pos(Pos::new(h, v))
}

/// Legend rows laid out to fit `width`; returns the height used.
fn legend_height(names: &[String], width: i32) -> i32 {
    legend_layout(names, width).1
}

fn legend_layout(names: &[String], width: i32) -> (Vec<(i32, i32)>, i32) {
    let mut pos = Vec::new();
    let (mut x, mut y) = (12, 8);
    for name in names {
        let w = 18 + text_w(name, LABEL_PX).min(width - 40) + 18;
        if x > 12 && x + w > width - 8 {
            x = 12;
            y += 20;
        }
        pos.push((x, y));
        x += w;
    }
    (pos, y + 24)
}

/// Draw the legend on `root`; `line` draws marker swatches instead of filled boxes.
fn draw_legend(
    root: &DrawingArea<SVGBackend, Shift>,
    ov: &mut Overlay,
    id: &str,
    names: &[String],
    width: i32,
    line: bool,
) -> Result<(), String> {
    let (pos, _) = legend_layout(names, width);
    for (s, (name, (x, y))) in names.iter().zip(pos).enumerate() {
        let c = color(s);
        if line {
            root.draw(&PathElement::new(
                vec![(x, y + 7), (x + 14, y + 7)],
                c.stroke_width(3),
            ))
            .map_err(|e| e.to_string())?;
            marker(ov, s, x + 7, y + 7, None);
        } else {
            root.draw(&Rectangle::new([(x, y), (x + 14, y + 14)], c.filled()))
                .map_err(|e| e.to_string())?;
            ov.bar(id, s, (x, y), (x + 14, y + 14), name);
        }
        let label = wrap(name, width - 40, LABEL_PX, 1).concat();
        root.draw_text(
            &label,
            &font_at(LABEL_PX, HPos::Left, VPos::Center, &INK),
            (x + 20, y + 7),
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Marker shapes for line charts: circle, square, triangle, diamond, down-triangle, cross…
fn marker(ov: &mut Overlay, s: usize, x: i32, y: i32, tip: Option<&str>) {
    let c = hex(color(s));
    let title = tip
        .map(|t| format!("<title>{}</title>", escape(t)))
        .unwrap_or_default();
    let st = r##"stroke="#1A1A1A" stroke-width="1""##;
    let _ = match s % 6 {
        0 => writeln!(
            ov.svg,
            r#"<circle cx="{x}" cy="{y}" r="4.5" fill="{c}" {st}>{title}</circle>"#
        ),
        1 => writeln!(
            ov.svg,
            r#"<rect x="{}" y="{}" width="8" height="8" fill="{c}" {st}>{title}</rect>"#,
            x - 4,
            y - 4
        ),
        2 => writeln!(
            ov.svg,
            r#"<path d="M{x} {}L{} {}H{}Z" fill="{c}" {st}>{title}</path>"#,
            y - 5,
            x + 5,
            y + 4,
            x - 5
        ),
        3 => writeln!(
            ov.svg,
            r#"<path d="M{x} {}L{} {y}L{x} {}L{} {y}Z" fill="{c}" {st}>{title}</path>"#,
            y - 6,
            x + 6,
            y + 6,
            x - 6
        ),
        4 => writeln!(
            ov.svg,
            r#"<path d="M{x} {}L{} {}H{}Z" fill="{c}" {st}>{title}</path>"#,
            y + 5,
            x + 5,
            y - 4,
            x - 5
        ),
        _ => writeln!(
            ov.svg,
            r#"<path d="M{} {}l8 8m0 -8l-8 8" stroke="{c}" stroke-width="2.5">{title}</path>"#,
            x - 4,
            y - 4
        ),
    };
}

/// Assemble the final SVG from plotters' string: accessibility attributes, title/desc/defs
/// first, rounded font sizes, overlay last.
fn finish(raw: &str, data: &ChartData, opts: &ChartOptions, defs: &str, overlay: &str) -> String {
    let id = safe_id(&opts.id);
    let open_end = raw.find('>').unwrap_or(0);
    let body_end = raw.rfind("</svg>").unwrap_or(raw.len());
    let mut out = String::with_capacity(raw.len() + overlay.len() + 512);
    out.push_str(raw[..open_end].trim_end());
    let _ = write!(
        out,
        r#" role="img" aria-labelledby="{id}-title {id}-desc" font-family="{FONT_STACK}">"#
    );
    let _ = write!(
        out,
        "\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape(&data.title),
        escape(&data.desc)
    );
    if !defs.is_empty() {
        let _ = writeln!(out, "<defs>{defs}</defs>");
    }
    let body = &raw[(open_end + 1).min(body_end)..body_end];
    let font_attr = format!(" font-family=\"{FONT_STACK}\"");
    let body = body.replace(&font_attr, "").replace(" opacity=\"1\"", "");
    round_font_sizes(body.trim_start(), &mut out);
    out.push_str(overlay);
    out.push_str("</svg>\n");
    out
}

/// plotters writes `font-size="11.290322580645162"`: keep one decimal at most.
fn round_font_sizes(body: &str, out: &mut String) {
    const KEY: &str = "font-size=\"";
    let mut rest = body;
    while let Some(i) = rest.find(KEY) {
        let (head, tail) = rest.split_at(i + KEY.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(v) => {
                let r = (v * 10.0).round() / 10.0;
                let _ = write!(out, "{r}");
            }
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
}

/// A small SVG saying «Нет данных», with the same title/desc and attributes.
fn no_data(data: &ChartData, opts: &ChartOptions) -> String {
    let (w, h) = (opts.width.max(120), 60);
    let mut raw = String::new();
    {
        let root = SVGBackend::with_string(&mut raw, (w, h)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let _ = root.draw_text(
            "Нет данных",
            &font_at(14.0, HPos::Center, VPos::Center, &MUTED),
            (w as i32 / 2, h as i32 / 2),
        );
        let _ = root.present();
    }
    finish(&raw, data, opts, "", "")
}

fn dims(opts: &ChartOptions) -> (u32, u32) {
    (opts.width.clamp(240, 4000), opts.height.clamp(160, 4000))
}

/// Stacked vertical bars: one bar per category, one segment per series (negative values are
/// not stacked). E.g. status on the 1st of each month by channel group.
pub fn stacked_bars(data: &ChartData, opts: &ChartOptions) -> String {
    vertical(data, opts, true)
}

/// Grouped vertical bars: one bar per series side by side in each category. E.g. forecast vs
/// actual per channel, employment by specialty.
pub fn grouped_bars(data: &ChartData, opts: &ChartOptions) -> String {
    vertical(data, opts, false)
}

fn vertical(data: &ChartData, opts: &ChartOptions, stacked: bool) -> String {
    let Some(p) = Prepared::new(data) else {
        return no_data(data, opts);
    };
    match draw_vertical(data, opts, &p, stacked) {
        Ok(s) => s,
        Err(_) => no_data(data, opts),
    }
}

fn y_extent(p: &Prepared, stacked: bool, threshold: Option<f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (0f64, 0f64);
    for c in 0..p.n {
        if stacked {
            let sum: f64 = p.vals.iter().map(|v| v[c].max(0.0)).sum();
            hi = hi.max(sum);
        } else {
            for v in &p.vals {
                hi = hi.max(v[c]);
                lo = lo.min(v[c]);
            }
        }
    }
    if let Some(t) = threshold.filter(|t| t.is_finite()) {
        hi = hi.max(t);
        lo = lo.min(t);
    }
    (lo, hi)
}

fn y_label_width(lo: f64, hi: f64, step: f64, unit: &str) -> i32 {
    let a = text_w(&tick_label(lo, step, unit), LABEL_PX);
    let b = text_w(&tick_label(hi, step, unit), LABEL_PX);
    a.max(b) + 14
}

/// A chart with numbers on the y axis and category slots on the x axis.
type VerticalChart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Horizontal grid lines with Russian-formatted value ticks, and the unit above the y axis:
/// shared by the vertical bar charts and the line chart.
fn draw_value_axis(
    chart: &mut VerticalChart,
    root: &DrawingArea<SVGBackend, Shift>,
    (lo, hi, step): (f64, f64, f64),
    unit: &str,
) -> Result<(), String> {
    let fmt = |v: &f64| tick_label(*v, step, unit);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_x_axis()
        .max_light_lines(0)
        .y_labels(((hi - lo) / step).round() as usize + 1)
        .y_label_formatter(&fmt)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(font(LABEL_PX).color(&MUTED))
        .draw()
        .map_err(|e| e.to_string())?;
    let (ax, ay) = chart.backend_coord(&(0.0, hi));
    if show_unit(unit) {
        root.draw_text(
            unit.trim(),
            &font_at(LABEL_PX, HPos::Right, VPos::Bottom, &MUTED),
            (ax - 6, ay - 8),
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn draw_vertical(
    data: &ChartData,
    opts: &ChartOptions,
    p: &Prepared,
    stacked: bool,
) -> Result<String, String> {
    let (w, h) = dims(opts);
    let id = safe_id(&opts.id);
    let unit = data.unit.as_str();
    let threshold = opts.threshold.as_ref().filter(|t| t.1.is_finite());
    let (lo, hi) = y_extent(p, stacked, threshold.map(|t| t.1));
    let (lo, hi, step) = nice_axis(lo, hi * 1.06, p.integer);
    let legend_h = legend_height(&p.names, w as i32);
    let ylab = y_label_width(lo, hi, step, unit);
    let slot = ((w as i32 - ylab - 24) / p.n as i32).max(1);
    let labels: Vec<Vec<String>> = data
        .categories
        .iter()
        .map(|c| wrap(c, slot - 4, LABEL_PX, 3))
        .collect();
    let lines = labels.iter().map(Vec::len).max().unwrap_or(1).max(1) as i32;
    let xlab_h = 10 + lines * LINE_H;

    let mut raw = String::new();
    let mut ov = Overlay::default();
    {
        let root = SVGBackend::with_string(&mut raw, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw_legend(&root, &mut ov, &id, &p.names, w as i32, false)?;
        let (_, area) = root.split_vertically(legend_h);
        let mut chart = ChartBuilder::on(&area)
            .margin_top(18)
            .margin_right(16)
            .x_label_area_size(xlab_h)
            .y_label_area_size(ylab)
            .build_cartesian_2d(0f64..p.n as f64, lo..hi)
            .map_err(|e| e.to_string())?;
        draw_value_axis(&mut chart, &root, (lo, hi, step), unit)?;
        let k = p.vals.len() as f64;
        for c in 0..p.n {
            let mut base = 0.0;
            for (s, v) in p.vals.iter().enumerate() {
                let v = v[c];
                let (x0, x1, y0, y1) = if stacked {
                    if v <= 0.0 {
                        continue;
                    }
                    let r = (c as f64 + 0.18, c as f64 + 0.82, base, base + v);
                    base += v;
                    r
                } else {
                    let bw = 0.8 / k;
                    let x0 = c as f64 + 0.1 + s as f64 * bw;
                    (x0 + bw * 0.06, x0 + bw * 0.94, 0.0, v)
                };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, y0), (x1, y1)],
                        color(s).filled(),
                    )))
                    .map_err(|e| e.to_string())?;
                let a = chart.backend_coord(&(x0, y1));
                let b = chart.backend_coord(&(x1, y0));
                let tip = format!(
                    "{} — {}: {}",
                    data.categories[c],
                    p.names[s],
                    format_with_unit(v, unit)
                );
                ov.bar(&id, s, a, b, &tip);
                let label = format_value(v, unit);
                let (bw_px, bh_px) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
                if stacked {
                    if bh_px >= 16 && text_w(&label, VALUE_PX) + 6 <= bw_px {
                        // A white plate keeps the value readable over colour and pattern.
                        let (cx, cy) = ((a.0 + b.0) / 2, (a.1 + b.1) / 2);
                        let tw = text_w(&label, VALUE_PX) + 6;
                        let _ = writeln!(
                            ov.svg,
                            r##"<rect x="{}" y="{}" width="{tw}" height="14" rx="2" fill="#FFFFFF" fill-opacity="0.85"/>"##,
                            cx - tw / 2,
                            cy - 7
                        );
                        ov.text(cx, cy + 4, "middle", VALUE_PX, "#1A1A1A", &label);
                    }
                } else if text_w(&label, VALUE_PX) <= bw_px + 10 {
                    let y = if v >= 0.0 { a.1 - 4 } else { b.1 + 12 };
                    ov.text((a.0 + b.0) / 2, y, "middle", VALUE_PX, "#1A1A1A", &label);
                }
            }
            if stacked && p.vals.len() > 1 && base > 0.0 {
                let (tx, ty) = chart.backend_coord(&(c as f64 + 0.5, base));
                let total = format_value(base, unit);
                if text_w(&total, VALUE_PX) <= slot + 4 {
                    ov.text(tx, ty - 5, "middle", VALUE_PX, "#1A1A1A", &total);
                }
            }
            // Category label, wrapped under its slot.
            let (cx, cy) = chart.backend_coord(&(c as f64 + 0.5, lo));
            for (i, line) in labels[c].iter().enumerate() {
                root.draw_text(
                    line,
                    &font_at(LABEL_PX, HPos::Center, VPos::Top, &INK),
                    (cx, cy + 6 + i as i32 * LINE_H),
                )
                .map_err(|e| e.to_string())?;
            }
        }
        // Zero line over the bars.
        let z0 = chart.backend_coord(&(0.0, 0.0));
        let z1 = chart.backend_coord(&(p.n as f64, 0.0));
        root.draw(&PathElement::new(vec![z0, z1], MUTED.stroke_width(1)))
            .map_err(|e| e.to_string())?;
        if let Some((name, t)) = threshold {
            let a = chart.backend_coord(&(0.0, *t));
            let b = chart.backend_coord(&(p.n as f64, *t));
            threshold_line(&mut ov, a, b, name, *t, unit, true);
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(finish(
        &raw,
        data,
        opts,
        &patterns(&id, p.vals.len()),
        &ov.svg,
    ))
}

/// A dashed reference line with its label; `horizontal` for vertical-bar and line charts.
fn threshold_line(
    ov: &mut Overlay,
    a: (i32, i32),
    b: (i32, i32),
    name: &str,
    t: f64,
    unit: &str,
    horizontal: bool,
) {
    let label = format!("{}: {}", name.trim(), format_with_unit(t, unit));
    let _ = writeln!(
        ov.svg,
        r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1A1A1A" stroke-width="1.5" stroke-dasharray="6 4"><title>{}</title></line>"##,
        a.0,
        a.1,
        b.0,
        b.1,
        escape(&label)
    );
    let tw = text_w(&label, VALUE_PX) + 8;
    let (x, y, anchor) = if horizontal {
        (b.0 - 2, a.1 - 5, "end")
    } else {
        (a.0 + 4, b.1 - 6, "start")
    };
    let rx = if anchor == "end" { x - tw + 4 } else { x - 4 };
    let _ = writeln!(
        ov.svg,
        r##"<rect x="{rx}" y="{}" width="{tw}" height="15" fill="#FFFFFF" fill-opacity="0.9"/>"##,
        y - 11
    );
    ov.text(x, y, anchor, VALUE_PX, "#1A1A1A", &label);
}

/// Horizontal bars, first category on top; several series are grouped within each row. E.g.
/// channels on `as_of`, criteria vs threshold.
pub fn horizontal_bars(data: &ChartData, opts: &ChartOptions) -> String {
    let Some(p) = Prepared::new(data) else {
        return no_data(data, opts);
    };
    draw_horizontal(data, opts, &p).unwrap_or_else(|_| no_data(data, opts))
}

fn draw_horizontal(data: &ChartData, opts: &ChartOptions, p: &Prepared) -> Result<String, String> {
    let (w, _) = dims(opts);
    let id = safe_id(&opts.id);
    let unit = data.unit.as_str();
    let threshold = opts.threshold.as_ref().filter(|t| t.1.is_finite());
    let (lo, hi) = y_extent(p, false, threshold.map(|t| t.1));
    let (lo, hi, step) = nice_axis(lo, hi, p.integer);
    let show_legend = p.vals.len() > 1;
    let legend_h = if show_legend {
        legend_height(&p.names, w as i32)
    } else {
        0
    };
    let label_w = data
        .categories
        .iter()
        .map(|c| text_w(c, LABEL_PX))
        .max()
        .unwrap_or(0)
        .clamp(40, (w as i32 * 2) / 5);
    let labels: Vec<Vec<String>> = data
        .categories
        .iter()
        .map(|c| wrap(c, label_w, LABEL_PX, 2))
        .collect();
    let lines = labels.iter().map(Vec::len).max().unwrap_or(1) as i32;
    let k = p.vals.len() as i32;
    // Each row tall enough for its label lines and its bars; the height follows the data.
    let row = (lines * LINE_H + 10).max(k * 16 + 10).max(28);
    let h = (legend_h + 18 + p.n as i32 * row + 34).max(120) as u32;

    let mut raw = String::new();
    let mut ov = Overlay::default();
    {
        let root = SVGBackend::with_string(&mut raw, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        if show_legend {
            draw_legend(&root, &mut ov, &id, &p.names, w as i32, false)?;
        }
        let (_, area) = root.split_vertically(legend_h);
        let value_w = text_w(&format_value(hi, unit), VALUE_PX) + 12;
        let mut chart = ChartBuilder::on(&area)
            .margin_top(18)
            // Room for the unit after the last tick label (drawn there below).
            .margin_right(value_w.max(24).max(
                text_w(&tick_label(hi, step, unit), LABEL_PX) / 2
                    + text_w(unit.trim(), LABEL_PX)
                    + 10,
            ))
            .x_label_area_size(28)
            .y_label_area_size(label_w + 12)
            .build_cartesian_2d(lo..hi, 0f64..p.n as f64)
            .map_err(|e| e.to_string())?;
        let fmt = |v: &f64| tick_label(*v, step, unit);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .max_light_lines(0)
            .x_labels(((hi - lo) / step).round() as usize + 1)
            .x_label_formatter(&fmt)
            .bold_line_style(GRID)
            .axis_style(MUTED)
            .label_style(font(LABEL_PX).color(&MUTED))
            .draw()
            .map_err(|e| e.to_string())?;
        let n = p.n as f64;
        let kf = k as f64;
        for c in 0..p.n {
            let top = n - c as f64;
            for (s, v) in p.vals.iter().enumerate() {
                let v = v[c];
                let bh = 0.8 / kf;
                let y1 = top - 0.1 - s as f64 * bh;
                let (y0, y1) = (y1 - bh * 0.92, y1);
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y0), (v, y1)],
                        color(s).filled(),
                    )))
                    .map_err(|e| e.to_string())?;
                let a = chart.backend_coord(&(0.0_f64.min(v), y1));
                let b = chart.backend_coord(&(0.0_f64.max(v), y0));
                let tip = format!(
                    "{} — {}: {}",
                    data.categories[c],
                    p.names[s],
                    format_with_unit(v, unit)
                );
                ov.bar(&id, s, a, b, &tip);
                let label = format_value(v, unit);
                let cy = (a.1 + b.1) / 2 + 4;
                if v >= 0.0 {
                    ov.text(b.0 + 4, cy, "start", VALUE_PX, "#1A1A1A", &label);
                } else {
                    ov.text(a.0 - 4, cy, "end", VALUE_PX, "#1A1A1A", &label);
                }
            }
            let (_, cy) = chart.backend_coord(&(lo, top - 0.5));
            let (lx, _) = chart.backend_coord(&(lo, 0.0));
            let first = cy - (labels[c].len() as i32 - 1) * LINE_H / 2;
            for (i, line) in labels[c].iter().enumerate() {
                root.draw_text(
                    line,
                    &font_at(LABEL_PX, HPos::Right, VPos::Center, &INK),
                    (lx - 8, first + i as i32 * LINE_H),
                )
                .map_err(|e| e.to_string())?;
            }
        }
        let z0 = chart.backend_coord(&(0.0, 0.0));
        let z1 = chart.backend_coord(&(0.0, n));
        root.draw(&PathElement::new(vec![z0, z1], MUTED.stroke_width(1)))
            .map_err(|e| e.to_string())?;
        if let Some((name, t)) = threshold {
            let a = chart.backend_coord(&(*t, 0.0));
            let b = chart.backend_coord(&(*t, n));
            threshold_line(&mut ov, a, b, name, *t, unit, false);
        }
        if show_unit(unit) {
            // After the last tick label, on its baseline.
            let (ux, uy) = chart.backend_coord(&(hi, 0.0));
            let half = text_w(&tick_label(hi, step, unit), LABEL_PX) / 2;
            root.draw_text(
                unit.trim(),
                &font_at(LABEL_PX, HPos::Left, VPos::Top, &MUTED),
                (ux + half + 6, uy + 5),
            )
            .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(finish(
        &raw,
        data,
        opts,
        &patterns(&id, p.vals.len()),
        &ov.svg,
    ))
}

/// Lines with a distinct marker shape per series and the last value labelled. E.g. ОПК needs
/// closed over weeks.
pub fn line_chart(data: &ChartData, opts: &ChartOptions) -> String {
    let Some(p) = Prepared::new(data) else {
        return no_data(data, opts);
    };
    draw_lines(data, opts, &p).unwrap_or_else(|_| no_data(data, opts))
}

fn draw_lines(data: &ChartData, opts: &ChartOptions, p: &Prepared) -> Result<String, String> {
    let (w, h) = dims(opts);
    let id = safe_id(&opts.id);
    let unit = data.unit.as_str();
    let threshold = opts.threshold.as_ref().filter(|t| t.1.is_finite());
    let (lo, hi) = y_extent(p, false, threshold.map(|t| t.1));
    let (lo, hi, step) = nice_axis(lo, hi * 1.06, p.integer);
    let legend_h = legend_height(&p.names, w as i32);
    let ylab = y_label_width(lo, hi, step, unit);
    let last_w = p
        .vals
        .iter()
        .map(|v| text_w(&format_value(v[p.n - 1], unit), VALUE_PX))
        .max()
        .unwrap_or(0)
        + 14;
    let slot = ((w as i32 - ylab - last_w - 8) / p.n as i32).max(1);
    // Thin out category labels when they do not fit: every k-th, always the last.
    let widest = data
        .categories
        .iter()
        .map(|c| text_w(c, LABEL_PX))
        .max()
        .unwrap_or(0);
    let every = ((widest + 8) / slot + 1).max(1) as usize;

    let mut raw = String::new();
    let mut ov = Overlay::default();
    {
        let root = SVGBackend::with_string(&mut raw, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw_legend(&root, &mut ov, &id, &p.names, w as i32, true)?;
        let (_, area) = root.split_vertically(legend_h);
        let mut chart = ChartBuilder::on(&area)
            .margin_top(18)
            .margin_right(last_w.max(16))
            .x_label_area_size(10 + LINE_H)
            .y_label_area_size(ylab)
            .build_cartesian_2d(0f64..p.n as f64, lo..hi)
            .map_err(|e| e.to_string())?;
        draw_value_axis(&mut chart, &root, (lo, hi, step), unit)?;
        let z0 = chart.backend_coord(&(0.0, lo));
        let z1 = chart.backend_coord(&(p.n as f64, lo));
        root.draw(&PathElement::new(vec![z0, z1], MUTED.stroke_width(1)))
            .map_err(|e| e.to_string())?;
        for c in 0..p.n {
            // Counted from the end, so the latest category is always labelled.
            if (p.n - 1 - c) % every == 0 {
                let (cx, cy) = chart.backend_coord(&(c as f64 + 0.5, lo));
                root.draw_text(
                    &data.categories[c],
                    &font_at(LABEL_PX, HPos::Center, VPos::Top, &INK),
                    (cx, cy + 6),
                )
                .map_err(|e| e.to_string())?;
            }
        }
        if let Some((name, t)) = threshold {
            let a = chart.backend_coord(&(0.0, *t));
            let b = chart.backend_coord(&(p.n as f64, *t));
            threshold_line(&mut ov, a, b, name, *t, unit, true);
        }
        let mut ends: Vec<(i32, usize)> = Vec::new();
        for (s, v) in p.vals.iter().enumerate() {
            chart
                .draw_series(LineSeries::new(
                    v.iter().enumerate().map(|(c, y)| (c as f64 + 0.5, *y)),
                    color(s).stroke_width(3),
                ))
                .map_err(|e| e.to_string())?;
            for (c, y) in v.iter().enumerate() {
                let (px, py) = chart.backend_coord(&(c as f64 + 0.5, *y));
                let tip = format!(
                    "{} — {}: {}",
                    data.categories[c],
                    p.names[s],
                    format_with_unit(*y, unit)
                );
                marker(&mut ov, s, px, py, Some(&tip));
            }
            let (_, py) = chart.backend_coord(&(p.n as f64 - 0.5, v[p.n - 1]));
            ends.push((py, s));
        }
        // Last values at the right end, nudged apart so they never overlap.
        ends.sort();
        let mut prev = i32::MIN;
        let (ex, _) = chart.backend_coord(&(p.n as f64 - 0.5, lo));
        for (py, s) in ends {
            let y = (py + 4).max(prev + LINE_H);
            prev = y;
            ov.text(
                ex + 9,
                y,
                "start",
                VALUE_PX,
                "#1A1A1A",
                &format_value(p.vals[s][p.n - 1], unit),
            );
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(finish(&raw, data, opts, "", &ov.svg))
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
                None => out.push_str("<td>—</td>"),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ChartData {
        ChartData {
            title: "Занятость выпускников 2024 года".into(),
            desc: "Статус на 1-е число месяца по группам каналов".into(),
            categories: vec!["09.2024".into(), "10.2024".into(), "11.2024".into()],
            series: vec![
                Series {
                    name: "Трудоустроены".into(),
                    values: vec![1234.0, 1300.0, 1410.0],
                },
                Series {
                    name: "Самозанятые и ИП".into(),
                    values: vec![40.0, 52.0, 61.0],
                },
                Series {
                    name: "Продолжили обучение".into(),
                    values: vec![210.0, 205.0, 200.0],
                },
            ],
            unit: "чел.".into(),
        }
    }

    fn percent() -> ChartData {
        ChartData {
            title: "Критерии эффективности".into(),
            desc: "Значение критерия и порог".into(),
            categories: vec!["Доля трудоустроенных".into(), "Доля в ОПК".into()],
            series: vec![Series {
                name: "Значение".into(),
                values: vec![87.5, 12.25],
            }],
            unit: "%".into(),
        }
    }

    type Chart = fn(&ChartData, &ChartOptions) -> String;
    const ALL: [(&str, Chart); 4] = [
        ("stacked", stacked_bars),
        ("grouped", grouped_bars),
        ("horizontal", horizontal_bars),
        ("line", line_chart),
    ];

    fn texts(doc: &roxmltree::Document) -> String {
        doc.descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join("|")
    }

    fn check_accessible(svg: &str, id: &str) -> String {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some(format!("{id}-title {id}-desc").as_str())
        );
        assert!(root
            .attribute("font-family")
            .unwrap()
            .starts_with("PT Sans"));
        let kids: Vec<_> = root.children().filter(|n| n.is_element()).collect();
        assert_eq!(kids[0].tag_name().name(), "title");
        assert_eq!(
            kids[0].attribute("id"),
            Some(format!("{id}-title").as_str())
        );
        assert_eq!(kids[1].tag_name().name(), "desc");
        assert_eq!(kids[1].attribute("id"), Some(format!("{id}-desc").as_str()));
        assert!(!svg.contains("font-size=\"11.29"), "unrounded font size");
        texts(&doc)
    }

    #[test]
    fn charts_parse_and_carry_labels_title_and_russian_values() {
        let d = sample();
        for (name, f) in ALL {
            let opts = ChartOptions {
                id: format!("c-{name}"),
                ..Default::default()
            };
            let svg = f(&d, &opts);
            let t = check_accessible(&svg, &opts.id);
            for want in [
                "Занятость выпускников 2024 года",
                "Статус на 1-е число месяца",
                "Трудоустроены",
                "Самозанятые и ИП",
                "09.2024",
                "11.2024",
                "1\u{202F}410",
            ] {
                assert!(t.contains(want), "{name}: no «{want}» in {t}");
            }
            // Every value is in the SVG at least as a tooltip.
            assert!(t.contains("1\u{202F}234\u{00A0}чел."), "{name}");
            assert!(!t.contains("1234"), "{name}: unformatted number");
        }
    }

    #[test]
    fn percent_values_and_threshold_are_formatted_in_russian() {
        let d = percent();
        for (name, f) in ALL {
            let opts = ChartOptions {
                id: format!("p-{name}"),
                threshold: Some(("Порог".into(), 75.0)),
                ..Default::default()
            };
            let svg = f(&d, &opts);
            let t = check_accessible(&svg, &opts.id);
            assert!(t.contains("87,5\u{00A0}%"), "{name}: {t}");
            assert!(
                t.contains("12,3\u{00A0}%") || t.contains("12,2\u{00A0}%"),
                "{name}"
            );
            assert!(t.contains("Порог: 75\u{00A0}%"), "{name}: {t}");
            assert!(t.contains("Доля в ОПК"), "{name}");
        }
    }

    #[test]
    fn series_have_patterns_or_markers_and_a_legend() {
        let d = sample();
        let svg = stacked_bars(&d, &ChartOptions::default());
        assert!(svg.contains("<pattern id=\"chart-p1\""));
        assert!(svg.contains("<pattern id=\"chart-p2\""));
        assert!(svg.contains("fill=\"url(#chart-p2)\""));
        let line = line_chart(&d, &ChartOptions::default());
        assert!(line.contains("<circle") && line.contains("<rect x=") && line.contains("Z\""));
    }

    #[test]
    fn output_is_deterministic() {
        let d = sample();
        for (name, f) in ALL {
            let o = ChartOptions {
                threshold: Some(("План".into(), 1000.0)),
                ..Default::default()
            };
            assert_eq!(f(&d, &o), f(&d.clone(), &o.clone()), "{name}");
        }
        assert_eq!(data_table(&d), data_table(&d));
    }

    #[test]
    fn text_is_escaped() {
        let mut d = sample();
        d.title = "A & B <script>alert(1)</script>".into();
        d.categories[0] = "<script>alert(\"x\")</script>".into();
        d.series[0].name = "«Кавычки» ' \" <b>".into();
        for (name, f) in ALL {
            let svg = f(&d, &ChartOptions::default());
            assert!(!svg.contains("<script"), "{name}");
            assert!(!svg.contains("<b>"), "{name}");
            let t = check_accessible(&svg, "chart");
            assert!(t.contains("A & B <script>alert(1)</script>"), "{name}");
        }
        let html = figure(&grouped_bars(&d, &ChartOptions::default()), &d);
        assert!(!html.contains("<script"));
        roxmltree::Document::parse(&html).unwrap();
        let bad = ChartOptions {
            id: "x\" onload=\"alert(1)".into(),
            ..Default::default()
        };
        let svg = line_chart(&d, &bad);
        assert!(!svg.contains("onload=\""));
        roxmltree::Document::parse(&svg).unwrap();
    }

    #[test]
    fn empty_data_says_no_data() {
        let mut empty = sample();
        empty.categories.clear();
        let mut zeros = sample();
        for s in &mut zeros.series {
            s.values = vec![0.0; 3];
        }
        let mut noseries = sample();
        noseries.series.clear();
        let mut nan = sample();
        for s in &mut nan.series {
            s.values = vec![f64::NAN, f64::INFINITY];
        }
        for d in [empty, zeros, noseries, nan] {
            for (name, f) in ALL {
                let svg = f(&d, &ChartOptions::default());
                let t = check_accessible(&svg, "chart");
                assert!(t.contains("Нет данных"), "{name}");
                assert!(svg.len() < 1200, "{name}: {} bytes", svg.len());
            }
            roxmltree::Document::parse(&figure("", &d)).unwrap();
        }
    }

    #[test]
    fn ragged_and_single_values_do_not_panic() {
        let d = ChartData {
            title: "t".into(),
            desc: "d".into(),
            categories: vec!["один".into(), "два".into(), "три".into()],
            series: vec![
                Series {
                    name: "a".into(),
                    values: vec![5.0],
                },
                Series {
                    name: "b".into(),
                    values: vec![-2.0, 3.0, 1.0, 99.0],
                },
            ],
            unit: String::new(),
        };
        for (_, f) in ALL {
            check_accessible(&f(&d, &ChartOptions::default()), "chart");
        }
        let tiny = ChartOptions {
            width: 1,
            height: 1,
            ..Default::default()
        };
        for (_, f) in ALL {
            check_accessible(&f(&sample(), &tiny), "chart");
        }
    }

    #[test]
    fn table_has_caption_scopes_and_russian_numbers() {
        let d = sample();
        let t = data_table(&d);
        let doc = roxmltree::Document::parse(&t).unwrap();
        let cap = doc
            .descendants()
            .find(|n| n.has_tag_name("caption"))
            .unwrap();
        assert_eq!(cap.text(), Some("Занятость выпускников 2024 года, чел."));
        assert_eq!(
            doc.descendants()
                .filter(|n| n.attribute("scope") == Some("col"))
                .count(),
            3
        );
        assert_eq!(
            doc.descendants()
                .filter(|n| n.attribute("scope") == Some("row"))
                .count(),
            3
        );
        assert!(t.contains("<td>1\u{202F}234</td>"));
        let p = data_table(&percent());
        assert!(p.contains("<td>87,5\u{00A0}%</td>"));
        let f = figure(&stacked_bars(&d, &ChartOptions::default()), &d);
        assert!(f.contains("<summary>Данные диаграммы</summary>"));
        assert!(f.contains("<figcaption>Занятость выпускников 2024 года</figcaption>"));
        roxmltree::Document::parse(&f).unwrap();
    }

    #[test]
    fn long_words_are_hyphenated() {
        let w = text_w("Отпуск по", 12.0);
        let lines = wrap("Риск нетрудоустройства", w, 12.0, 3);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().any(|l| l.ends_with('-')), "{lines:?}");
        assert!(!lines.iter().any(|l| l.contains('…')), "{lines:?}");
        let joined: String = lines.concat().replace(['-', ' '], "");
        assert_eq!(joined, "Рискнетрудоустройства");
    }

    #[test]
    fn nice_axis_and_wrapping() {
        assert_eq!(nice_axis(0.0, 1484.0, true), (0.0, 1500.0, 500.0));
        assert_eq!(nice_axis(0.0, 3.0, true), (0.0, 3.0, 1.0));
        assert_eq!(nice_axis(0.0, 92.0, false), (0.0, 100.0, 20.0));
        let w = wrap(
            "Технология машиностроения и сварочное производство",
            100,
            12.0,
            2,
        );
        assert_eq!(w.len(), 2);
        assert!(w[1].ends_with('…'));
        assert!(w.iter().all(|l| text_w(l, 12.0) <= 100));
    }

    /// Writes realistic samples to `/tmp/charts/` to look at: `cargo test --lib charts -- --ignored`.
    #[test]
    #[ignore]
    fn render_samples() {
        let dir = std::path::Path::new("/tmp/charts");
        std::fs::create_dir_all(dir).unwrap();
        let months: Vec<String> = (0..12)
            .map(|i| {
                let m = (8 + i) % 12 + 1;
                let y = if m >= 9 { 2024 } else { 2025 };
                crate::format::month_short(jiff::civil::Date::constant(y, m, 1))
            })
            .collect();
        let groups = [
            (
                "Трудоустроены",
                [
                    120.0, 131., 140., 152., 160., 171., 180., 186., 190., 195., 201., 210.,
                ],
            ),
            (
                "Самозанятые и ИП",
                [10.0, 12., 12., 14., 15., 15., 16., 18., 18., 19., 20., 21.],
            ),
            ("Продолжили обучение", [40.0; 12]),
            (
                "Служба в армии",
                [30.0, 38., 45., 45., 45., 46., 46., 47., 50., 52., 52., 53.],
            ),
            ("Отпуск по уходу за ребёнком", [8.0; 12]),
            (
                "Зона риска",
                [90.0, 70., 58., 45., 38., 30., 25., 20., 16., 12., 10., 6.],
            ),
            (
                "Другое",
                [12.0, 10., 7., 8., 4., 0., 0., 3., 2., 2., 1., 1.],
            ),
        ];
        let dyn_data = ChartData {
            title: "Динамика занятости выпускников 2024 года".into(),
            desc: "Статус выпускников на 1-е число каждого месяца по группам каналов занятости"
                .into(),
            categories: months.clone(),
            series: groups
                .iter()
                .map(|(n, v)| Series {
                    name: n.to_string(),
                    values: v.to_vec(),
                })
                .collect(),
            unit: "чел.".into(),
        };
        let spec = ChartData {
            title: "Прогноз и факт трудоустройства по специальностям".into(),
            desc: "Число трудоустроенных выпускников: прогноз и фактическое значение".into(),
            categories: vec![
                "15.02.08 Технология машиностроения".into(),
                "09.02.07 Информационные системы и программирование".into(),
                "23.02.07 Техническое обслуживание и ремонт двигателей".into(),
                "38.02.01 Экономика и бухгалтерский учёт".into(),
                "08.02.01 Строительство и эксплуатация зданий".into(),
            ],
            series: vec![
                Series {
                    name: "Прогноз".into(),
                    values: vec![45.0, 60.0, 38.0, 20.0, 1250.0],
                },
                Series {
                    name: "Факт".into(),
                    values: vec![41.0, 64.0, 30.0, 12.0, 1180.0],
                },
            ],
            unit: "чел.".into(),
        };
        let crit = ChartData {
            title: "Критерии эффективности на 01.12.2024".into(),
            desc: "Значения критериев в процентах и пороговое значение 75 %".into(),
            categories: vec![
                "Доля трудоустроенных".into(),
                "Доля трудоустроенных по специальности".into(),
                "Доля в организациях ОПК".into(),
                "Доля в зоне риска".into(),
            ],
            series: vec![Series {
                name: "Значение".into(),
                values: vec![87.5, 76.25, 12.0, 4.5],
            }],
            unit: "%".into(),
        };
        let weeks: Vec<String> = (1..=16).map(|w| format!("{w} нед.")).collect();
        let opk = ChartData {
            title: "Закрытие потребностей ОПК".into(),
            desc: "Число закрытых потребностей предприятий ОПК по неделям, нарастающим итогом"
                .into(),
            categories: weeks,
            series: vec![
                Series {
                    name: "Закрыто".into(),
                    values: (0..16).map(|i| (i * i) as f64 / 2.0).collect(),
                },
                Series {
                    name: "План".into(),
                    values: (0..16).map(|i| (i * 9) as f64).collect(),
                },
                Series {
                    name: "Заявлено".into(),
                    values: vec![140.0; 16],
                },
            ],
            unit: "чел.".into(),
        };
        let o = |id: &str| ChartOptions {
            id: id.into(),
            ..Default::default()
        };
        let out = [
            ("stacked", stacked_bars(&dyn_data, &o("dyn")), &dyn_data),
            ("grouped", grouped_bars(&spec, &o("spec")), &spec),
            (
                "horizontal",
                horizontal_bars(
                    &crit,
                    &ChartOptions {
                        threshold: Some(("Порог".into(), 75.0)),
                        ..o("crit")
                    },
                ),
                &crit,
            ),
            ("horizontal2", horizontal_bars(&spec, &o("spec2")), &spec),
            ("line", line_chart(&opk, &o("opk")), &opk),
            (
                "empty",
                line_chart(
                    &ChartData {
                        categories: vec![],
                        ..crit.clone()
                    },
                    &o("e"),
                ),
                &crit,
            ),
        ];
        for (name, svg, data) in out {
            std::fs::write(dir.join(format!("{name}.svg")), &svg).unwrap();
            let html = format!(
                "<!doctype html><html lang=\"ru\"><meta charset=\"utf-8\">\
                 <link rel=\"stylesheet\" href=\"charts.css\"><body style=\"width:760px\">{}</body></html>",
                figure(&svg, data)
            );
            std::fs::write(dir.join(format!("{name}.html")), html).unwrap();
        }
    }
}
