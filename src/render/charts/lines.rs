//! Line charts.

use super::*;

/// Lines with a distinct marker shape per series and the last value labelled. E.g. ОПК needs
/// closed over weeks.
pub fn line_chart(data: &ChartData, opts: &ChartOptions) -> String {
    chart(data, opts, |p| draw_lines(data, opts, p))
}

pub(super) fn draw_lines(
    data: &ChartData,
    opts: &ChartOptions,
    p: &Prepared,
) -> Result<String, String> {
    let (w, h) = dims(opts);
    let id = safe_id(&opts.id);
    let unit = data.unit.as_str();
    let threshold = opts.threshold.as_ref().filter(|t| t.1.is_finite());
    let (lo, hi) = y_extent(p, false, threshold.map(|t| t.1));
    let (lo, hi, step) = nice_axis(lo, hi * 1.06, p.integer);
    let legend_h = legend_height(&p.names, w as i32, p.any_hidden());
    let ylab = y_label_width(lo, hi, step, unit);
    let last_w = p
        .vals
        .iter()
        .map(|v| text_width(&format_value(v[p.n - 1], unit), VALUE_PX))
        .max()
        .unwrap_or(0)
        + 14;
    let slot = ((w as i32 - ylab - last_w - 8) / p.n as i32).max(1);
    // Thin out category labels when they do not fit: every k-th, always the last.
    let widest = data
        .categories
        .iter()
        .map(|c| text_width(c, LABEL_PX))
        .max()
        .unwrap_or(0);
    let every = ((widest + 8) / slot + 1).max(1) as usize;

    let mut raw = String::new();
    let mut ov = Overlay::default();
    {
        let root = SVGBackend::with_string(&mut raw, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw_legend(
            &root,
            &mut ov,
            &id,
            &p.names,
            w as i32,
            (true, p.any_hidden()),
        )?;
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
            // A hidden point breaks the line: each run of shown points is drawn on its own.
            let shown = |c: usize| !p.hidden[s][c];
            let mut c = 0;
            while c < p.n {
                let start = c;
                while c < p.n && shown(c) {
                    c += 1;
                }
                if c > start {
                    chart
                        .draw_series(LineSeries::new(
                            (start..c).map(|i| (i as f64 + 0.5, v[i])),
                            color(s).stroke_width(3),
                        ))
                        .map_err(|e| e.to_string())?;
                }
                c += 1;
            }
            for (c, y) in v.iter().enumerate() {
                if !shown(c) {
                    let (px, py) = chart.backend_coord(&(c as f64 + 0.5, lo));
                    let tip = format!("{} — {}: скрыто", data.categories[c], p.names[s]);
                    ov.hidden(&id, (px - 5, py - 10), (px + 5, py), &tip);
                    continue;
                }
                let (px, py) = chart.backend_coord(&(c as f64 + 0.5, *y));
                let tip = format!(
                    "{} — {}: {}",
                    data.categories[c],
                    p.names[s],
                    format_with_unit(*y, unit)
                );
                marker(&mut ov, s, px, py, Some(&tip));
            }
            if shown(p.n - 1) {
                let (_, py) = chart.backend_coord(&(p.n as f64 - 0.5, v[p.n - 1]));
                ends.push((py, s));
            }
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
    let defs = if p.any_hidden() {
        hidden_pattern(&id)
    } else {
        String::new()
    };
    Ok(finish(&raw, data, opts, &defs, &ov.svg))
}
