//! Bar charts: stacked and grouped vertical bars, horizontal bars.

use super::*;

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

pub(super) fn vertical(data: &ChartData, opts: &ChartOptions, stacked: bool) -> String {
    chart(data, opts, |p| draw_vertical(data, opts, p, stacked))
}

pub(super) fn draw_vertical(
    data: &ChartData,
    opts: &ChartOptions,
    p: &Prepared,
    stacked: bool,
) -> Result<String, String> {
    let (w, h) = dims(opts);
    let id = safe_id(&opts.id);
    let unit = data.unit.as_str();
    let threshold = opts.threshold.as_ref().filter(|t| t.1.is_finite());
    let (lo, mut hi) = y_extent(p, stacked, threshold.map(|t| t.1));
    // Known totals of the stacks (hidden segments included) set the height of each stack.
    let totals: Vec<Option<f64>> = (0..p.n)
        .map(|c| {
            opts.totals
                .as_ref()
                .and_then(|t| t.get(c).copied())
                .filter(|t| stacked && t.is_finite())
        })
        .collect();
    hi = totals.iter().flatten().fold(hi, |a, b| a.max(*b));
    let (lo, hi, step) = nice_axis(lo, hi * 1.06, p.integer);
    let hidden = p.any_hidden();
    let legend_h = legend_height(&p.names, w as i32, hidden);
    let ylab = y_label_width(lo, hi, step, unit);
    let slot = ((w as i32 - ylab - 24) / p.n as i32).max(1);
    let labels: Vec<Vec<String>> = data
        .categories
        .iter()
        .map(|c| wrap(c, slot - 2, LABEL_PX, 3))
        .collect();
    let lines = labels.iter().map(Vec::len).max().unwrap_or(1).max(1) as i32;
    let xlab_h = 10 + lines * LINE_H;

    let mut raw = String::new();
    let mut ov = Overlay::default();
    {
        let root = SVGBackend::with_string(&mut raw, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw_legend(&root, &mut ov, &id, &p.names, w as i32, (false, hidden))?;
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
            let mut stack_hidden = false;
            for (s, v) in p.vals.iter().enumerate() {
                let v = v[c];
                if p.hidden[s][c] {
                    stack_hidden = true;
                    if !stacked {
                        // A hidden value is a hatched mark on the baseline, not a bar of 0.
                        let bw = 0.8 / k;
                        let x0 = c as f64 + 0.1 + s as f64 * bw;
                        let a = chart.backend_coord(&(x0 + bw * 0.06, 0.0));
                        let b = chart.backend_coord(&(x0 + bw * 0.94, 0.0));
                        let tip = format!("{} — {}: скрыто", data.categories[c], p.names[s]);
                        ov.hidden(&id, (a.0, a.1 - 18), (b.0, b.1), &tip);
                        if text_width("скрыто", VALUE_PX) <= (b.0 - a.0).abs() + 10 {
                            ov.text(
                                (a.0 + b.0) / 2,
                                a.1 - 22,
                                "middle",
                                VALUE_PX,
                                "#1A1A1A",
                                "скрыто",
                            );
                        }
                    }
                    continue;
                }
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
                ov.bar(&id, s, a, b, &bar_tip(data, p, c, s, v));
                let label = format_value(v, unit);
                let (bw_px, bh_px) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
                if stacked {
                    if bh_px >= 16 && text_width(&label, VALUE_PX) + 6 <= bw_px {
                        // A white plate keeps the value readable over colour and pattern.
                        let (cx, cy) = ((a.0 + b.0) / 2, (a.1 + b.1) / 2);
                        let tw = text_width(&label, VALUE_PX) + 6;
                        let _ = writeln!(
                            ov.svg,
                            r##"<rect x="{}" y="{}" width="{tw}" height="14" rx="2" fill="#FFFFFF" fill-opacity="0.85"/>"##,
                            cx - tw / 2,
                            cy - 7
                        );
                        ov.text(cx, cy + 4, "middle", VALUE_PX, "#1A1A1A", &label);
                    }
                } else if text_width(&label, VALUE_PX) <= bw_px + 10 {
                    let y = if v >= 0.0 { a.1 - 4 } else { b.1 + 12 };
                    ov.text((a.0 + b.0) / 2, y, "middle", VALUE_PX, "#1A1A1A", &label);
                }
            }
            if stacked && stack_hidden {
                // The hidden segments together: one hatched block up to the known total, so
                // that no hidden value is drawn on its own. Without a total, no total label.
                if let Some(t) = totals[c].filter(|t| *t > base) {
                    let a = chart.backend_coord(&(c as f64 + 0.18, t));
                    let b = chart.backend_coord(&(c as f64 + 0.82, base));
                    let tip = format!(
                        "{} — скрыто: {}",
                        data.categories[c],
                        format_with_unit(t - base, unit)
                    );
                    ov.hidden(&id, a, b, &tip);
                    base = t;
                } else {
                    // No known total: a small hatched cap names what is hidden, and the
                    // stack gets no total label (it would not be the total).
                    let names: Vec<&str> = (0..p.vals.len())
                        .filter(|s| p.hidden[*s][c])
                        .map(|s| p.names[s].as_str())
                        .collect();
                    let a = chart.backend_coord(&(c as f64 + 0.18, base));
                    let b = chart.backend_coord(&(c as f64 + 0.82, base));
                    let tip = format!("{} — {}: скрыто", data.categories[c], names.join(", "));
                    ov.hidden(&id, (a.0, a.1 - 12), b, &tip);
                    base = 0.0;
                }
            }
            if stacked && p.vals.len() > 1 && base > 0.0 {
                let (tx, ty) = chart.backend_coord(&(c as f64 + 0.5, base));
                let total = format_value(base, unit);
                if text_width(&total, VALUE_PX) + 3 <= slot {
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
        &patterns(&id, p.vals.len(), p.any_hidden()),
        &ov.svg,
    ))
}

/// Horizontal bars, first category on top; several series are grouped within each row. E.g.
/// channels on `as_of`, criteria vs threshold.
pub fn horizontal_bars(data: &ChartData, opts: &ChartOptions) -> String {
    chart(data, opts, |p| draw_horizontal(data, opts, p))
}

pub(super) fn draw_horizontal(
    data: &ChartData,
    opts: &ChartOptions,
    p: &Prepared,
) -> Result<String, String> {
    let (w, _) = dims(opts);
    let id = safe_id(&opts.id);
    let unit = data.unit.as_str();
    let threshold = opts.threshold.as_ref().filter(|t| t.1.is_finite());
    let (lo, hi) = y_extent(p, false, threshold.map(|t| t.1));
    let (lo, hi, step) = nice_axis(lo, hi, p.integer);
    let hidden = p.any_hidden();
    let show_legend = p.vals.len() > 1 || hidden;
    let legend_h = if show_legend {
        legend_height(&p.names, w as i32, hidden)
    } else {
        0
    };
    let label_w = data
        .categories
        .iter()
        .map(|c| text_width(c, LABEL_PX))
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
            // One series needs no legend of its own, only the hatch's.
            let names: &[String] = if p.vals.len() > 1 { &p.names } else { &[] };
            draw_legend(&root, &mut ov, &id, names, w as i32, (false, hidden))?;
        }
        let (_, area) = root.split_vertically(legend_h);
        let value_w = text_width(&format_value(hi, unit), VALUE_PX) + 12;
        let mut chart = ChartBuilder::on(&area)
            .margin_top(18)
            // Room for the unit after the last tick label (drawn there below).
            .margin_right(value_w.max(24).max(
                text_width(&tick_label(hi, step, unit), LABEL_PX) / 2
                    + text_width(unit.trim(), LABEL_PX)
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
                if p.hidden[s][c] {
                    // A hidden value: a hatched mark at the axis and «скрыто», not a 0.
                    let a = chart.backend_coord(&(0.0, y1));
                    let b = chart.backend_coord(&(0.0, y0));
                    let tip = format!("{} — {}: скрыто", data.categories[c], p.names[s]);
                    ov.hidden(&id, a, (b.0 + 18, b.1), &tip);
                    let cy = (a.1 + b.1) / 2 + 4;
                    ov.text(b.0 + 22, cy, "start", VALUE_PX, "#1A1A1A", "скрыто");
                    continue;
                }
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y0), (v, y1)],
                        color(s).filled(),
                    )))
                    .map_err(|e| e.to_string())?;
                let a = chart.backend_coord(&(0.0_f64.min(v), y1));
                let b = chart.backend_coord(&(0.0_f64.max(v), y0));
                ov.bar(&id, s, a, b, &bar_tip(data, p, c, s, v));
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
            let half = text_width(&tick_label(hi, step, unit), LABEL_PX) / 2;
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
        &patterns(&id, p.vals.len(), p.any_hidden()),
        &ov.svg,
    ))
}
