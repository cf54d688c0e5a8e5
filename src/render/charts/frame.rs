//! The frame every chart shares: palette, fonts, text measures, value axes, prepared data.

use super::*;

/// Font stack written once on the root `<svg>`; no fonts are embedded, text is measured with
/// their widths (`font_widths`).
pub const FONT_STACK: &str = "PT Sans, DejaVu Sans, Arial, sans-serif";

/// Okabe–Ito colours, ordered so that neighbours differ in lightness too.
pub(super) const PALETTE: [(u8, u8, u8); 8] = [
    (0x00, 0x72, 0xB2), // blue
    (0xE6, 0x9F, 0x00), // orange
    (0x56, 0xB4, 0xE9), // sky blue
    (0x00, 0x9E, 0x73), // bluish green
    (0xD5, 0x5E, 0x00), // vermillion
    (0xCC, 0x79, 0xA7), // reddish purple
    (0xF0, 0xE4, 0x42), // yellow
    (0x99, 0x99, 0x99), // grey
];

pub(super) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub(super) const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
pub(super) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

pub(super) const LABEL_PX: f64 = 12.0;
pub(super) const VALUE_PX: f64 = 11.0;
pub(super) const LINE_H: i32 = 14;

pub(super) fn color(i: usize) -> RGBColor {
    let (r, g, b) = PALETTE[i % PALETTE.len()];
    RGBColor(r, g, b)
}

pub(super) fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Pattern strokes: white on dark colours, near-black on light ones.
pub(super) fn ink_on(c: RGBColor) -> &'static str {
    let l = 0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64;
    if l < 140.0 {
        "#FFFFFF"
    } else {
        "#1A1A1A"
    }
}

/// Escape text for XML/HTML content and attribute values (`&<>"'`, by pulldown-cmark's
/// escaper). Control characters other than tab and newline become spaces first: XML 1.0 has
/// none, and one pasted from a spreadsheet cell would make the SVG unreadable.
pub fn escape(s: &str) -> String {
    let is_control = |c: char| (c as u32) < 0x20 && c != '\n' && c != '\t';
    let clean: std::borrow::Cow<str> = if s.contains(is_control) {
        s.replace(is_control, " ").into()
    } else {
        s.into()
    };
    let mut out = String::with_capacity(clean.len() + 8);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, &clean);
    out
}

pub(super) fn safe_id(id: &str) -> String {
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

pub(super) fn format_with_unit(v: f64, unit: &str) -> String {
    let s = format_value(v, unit);
    let u = unit.trim();
    if u.is_empty() || u == "%" {
        s
    } else {
        format!("{s}\u{00A0}{u}")
    }
}

/// Percent ticks already say `%`; other units are written once next to the axis.
pub(super) fn show_unit(unit: &str) -> bool {
    let u = unit.trim();
    !u.is_empty() && u != "%"
}

/// A tick: whole numbers on a whole-number step, else as [`format_value`].
pub(super) fn tick_label(v: f64, step: f64, unit: &str) -> String {
    format_value(if step >= 1.0 { v.round() } else { v }, unit)
}

/// The tooltip of one bar: `категория — ряд: значение`.
pub(super) fn bar_tip(data: &ChartData, p: &Prepared, c: usize, s: usize, v: f64) -> String {
    format!(
        "{} — {}: {}",
        data.categories[c],
        p.names[s],
        format_with_unit(v, &data.unit)
    )
}

/// Width of a text in px at the size `px`: the sum of its characters' advance widths in the
/// chart fonts ([`super::font_widths`], rounded up, kerning ignored), so a label measured here
/// fits its box in PT Sans and in its fallbacks. (plotters' own estimate counts UTF-8 bytes,
/// which doubles Cyrillic.)
pub fn text_width(s: &str, px: f64) -> i32 {
    let em: u32 = s.chars().map(advance).sum();
    (f64::from(em) * px / 1000.0).ceil() as i32
}

/// A character's advance in thousandths of an em; a full em for one outside the table (none of
/// the chart fonts' own characters), so that it never overflows.
fn advance(c: char) -> u32 {
    let c = c as u32;
    super::font_widths::RANGES
        .iter()
        .find_map(|&(start, w)| w.get(c.checked_sub(start)? as usize))
        .map_or(1000, |&w| u32::from(w))
}

/// Break a label into at most `max_lines` lines no wider than `width`; the last line ends in
/// `…` when something was cut (the full text is in the table and the tooltip).
pub(super) fn wrap(s: &str, width: i32, px: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let mut word = word.to_string();
        // A word wider than the line is hyphenated where it breaks («нетрудо-/устройства»),
        // keeping at least 3 letters before the break and 2 after.
        while text_width(&word, px) > width {
            let sep = if cur.is_empty() { "" } else { " " };
            let chars: Vec<char> = word.chars().collect();
            let fit = (3..chars.len().saturating_sub(1)).rev().find(|&k| {
                let head: String = chars[..k].iter().collect();
                text_width(&format!("{cur}{sep}{head}-"), px) <= width
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
        if text_width(&cand, px) <= width || cur.is_empty() {
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
        if text_width(line, px) > width || (last && cut) {
            let mut t: String = line.clone();
            while !t.is_empty() && text_width(&format!("{t}…"), px) > width {
                t.pop();
            }
            *line = format!("{}…", t.trim_end());
        }
    }
    lines
}

/// A "nice" axis: step 1, 2, 2.5 or 5 × 10ⁿ, bounds on the grid, at most 8 intervals. Of
/// the steps that fit, the one whose top is closest above the data wins, so that the axis does
/// not run far past it (146 → 160, not 200); on a tie 1-2-5 steps beat 2.5 and about five
/// intervals beat fewer or more.
pub(super) fn nice_axis(lo: f64, hi: f64, integer: bool) -> (f64, f64, f64) {
    let span = (hi - lo).max(if integer { 1.0 } else { 1e-9 });
    let mag = 10f64.powf((span / 5.0).log10().floor());
    let bounds = |step: f64| {
        let lo = (lo / step).floor() * step;
        let hi = ((hi / step).ceil() * step).max(lo + step);
        (lo, hi)
    };
    // (top − bottom, is a 2.5 step, distance from five intervals) → (bottom, top, step).
    type Candidate = ((f64, bool, f64), (f64, f64, f64));
    let mut best: Option<Candidate> = None;
    for m in [1.0, 2.0, 2.5, 5.0, 10.0, 20.0] {
        let step = m * mag;
        if integer && (step < 1.0 || step.fract() != 0.0) {
            continue;
        }
        let (l, h) = bounds(step);
        let intervals = ((h - l) / step).round();
        if intervals > 8.0 {
            continue;
        }
        let key = (h - l, m == 2.5, (intervals - 5.0).abs());
        let better = best.as_ref().is_none_or(|(k, _)| {
            // Tops within a millionth of the span are equal (floating-point steps).
            let eps = span * 1e-6;
            if (key.0 - k.0).abs() > eps {
                key.0 < k.0
            } else if key.1 != k.1 {
                !key.1
            } else {
                key.2 < k.2
            }
        });
        if better {
            best = Some((key, (l, h, step)));
        }
    }
    best.map_or_else(
        || {
            let step = if integer { mag.max(1.0) } else { mag } * 10.0;
            let (l, h) = bounds(step);
            (l, h, step)
        },
        |(_, axis)| axis,
    )
}

/// The data with absent, negative-in-stack and non-finite values made safe. A non-finite value
/// is a hidden one (a group too small to publish): it is drawn as a hatched «скрыто» mark,
/// never as a number or a bar of zero.
pub(super) struct Prepared {
    pub(super) n: usize,
    pub(super) names: Vec<String>,
    /// `vals[s][c]`, non-finite → 0.
    pub(super) vals: Vec<Vec<f64>>,
    /// `hidden[s][c]`: the value is not shown.
    pub(super) hidden: Vec<Vec<bool>>,
    pub(super) integer: bool,
}

impl Prepared {
    /// `None` when there is nothing to draw: no categories, no series, or every value zero
    /// and none hidden.
    pub(super) fn new(data: &ChartData) -> Option<Prepared> {
        let n = data.categories.len();
        if n == 0 || data.series.is_empty() {
            return None;
        }
        let value = |s: &Series, c: usize| s.values.get(c).copied().filter(|v| v.is_finite());
        let vals: Vec<Vec<f64>> = data
            .series
            .iter()
            .map(|s| (0..n).map(|c| value(s, c).unwrap_or(0.0)).collect())
            .collect();
        let hidden: Vec<Vec<bool>> = data
            .series
            .iter()
            .map(|s| (0..n).map(|c| value(s, c).is_none()).collect())
            .collect();
        let any_hidden = hidden.iter().flatten().any(|h| *h);
        if vals.iter().flatten().all(|v| *v == 0.0) && !any_hidden {
            return None;
        }
        let integer =
            data.unit.trim() != "%" && vals.iter().flatten().all(|v| (v - v.round()).abs() < 1e-9);
        Some(Prepared {
            n,
            names: data.series.iter().map(|s| s.name.clone()).collect(),
            vals,
            hidden,
            integer,
        })
    }

    pub(super) fn any_hidden(&self) -> bool {
        self.hidden.iter().flatten().any(|h| *h)
    }
}

pub(super) fn font(px: f64) -> TextStyle<'static> {
    // plotters divides the size by 1.24 when writing SVG; the post-processing rounds it.
    (FONT_STACK, px * 1.24).into_font().color(&INK)
}

pub(super) fn font_at(px: f64, h: HPos, v: VPos, c: &'static RGBColor) -> TextStyle<'static> {
    font(px).color(c).pos(Pos::new(h, v))
}

pub(super) fn dims(opts: &ChartOptions) -> (u32, u32) {
    (opts.width.clamp(240, 4000), opts.height.clamp(160, 4000))
}

pub(super) fn y_extent(p: &Prepared, stacked: bool, threshold: Option<f64>) -> (f64, f64) {
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

pub(super) fn y_label_width(lo: f64, hi: f64, step: f64, unit: &str) -> i32 {
    let a = text_width(&tick_label(lo, step, unit), LABEL_PX);
    let b = text_width(&tick_label(hi, step, unit), LABEL_PX);
    a.max(b) + 14
}

/// A chart with numbers on the y axis and category slots on the x axis.
pub(super) type VerticalChart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Horizontal grid lines with Russian-formatted value ticks, and the unit above the y axis:
/// shared by the vertical bar charts and the line chart.
pub(super) fn draw_value_axis(
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
