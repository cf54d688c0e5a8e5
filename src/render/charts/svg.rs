//! SVG finishing: the overlay drawn over plotters' output (outlines, patterns, markers,
//! reference lines), accessibility attributes and the «Нет данных» placeholder.

use super::*;

/// What the overlay draws on top of plotters' output.
#[derive(Default)]
pub(super) struct Overlay {
    pub(super) svg: String,
}

impl Overlay {
    /// A bar outline with the series pattern and a tooltip.
    pub(super) fn bar(
        &mut self,
        id: &str,
        s: usize,
        (x0, y0): (i32, i32),
        (x1, y1): (i32, i32),
        tip: &str,
    ) {
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

    /// The hatched mark of a hidden value: grey diagonal hatching in a dashed outline.
    pub(super) fn hidden(
        &mut self,
        id: &str,
        (x0, y0): (i32, i32),
        (x1, y1): (i32, i32),
        tip: &str,
    ) {
        let (x, y) = (x0.min(x1), y0.min(y1));
        let (w, h) = ((x1 - x0).abs(), (y1 - y0).abs());
        let _ = writeln!(
            self.svg,
            r##"<rect class="hidden-value" x="{x}" y="{y}" width="{w}" height="{h}" fill="url(#{id}-hidden)" stroke="#555555" stroke-width="0.8" stroke-dasharray="3 2"><title>{}</title></rect>"##,
            escape(tip)
        );
    }

    pub(super) fn text(&mut self, x: i32, y: i32, anchor: &str, px: f64, fill: &str, s: &str) {
        let _ = writeln!(
            self.svg,
            r#"<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="{px}" fill="{fill}">{}</text>"#,
            escape(s)
        );
    }
}

/// The hatching of hidden values.
pub(super) fn hidden_pattern(id: &str) -> String {
    format!(
        r##"<pattern id="{id}-hidden" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#F2F2F2"/><path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" stroke="#777777" stroke-width="1"/></pattern>"##
    )
}

/// `<pattern>` per series (series 0 is solid), drawn over the solid colour plotters painted;
/// with `hidden`, the hatching of hidden values too.
pub(super) fn patterns(id: &str, count: usize, hidden: bool) -> String {
    let mut defs = if hidden {
        hidden_pattern(id)
    } else {
        String::new()
    };
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

/// Marker shapes for line charts: circle, square, triangle, diamond, down-triangle, cross…
pub(super) fn marker(ov: &mut Overlay, s: usize, x: i32, y: i32, tip: Option<&str>) {
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
pub(super) fn finish(
    raw: &str,
    data: &ChartData,
    opts: &ChartOptions,
    defs: &str,
    overlay: &str,
) -> String {
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
pub(super) fn round_font_sizes(body: &str, out: &mut String) {
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

/// The attribute that marks a chart plotters failed to draw; its value is the percent-encoded
/// reason. Writing a page that carries it is refused ([`drawing_error`]), so a drawing error
/// stops the build with the chart's name instead of standing on a page as «Нет данных».
const ERROR_MARK: &str = "data-chart-error=\"";

/// A chart: «Нет данных» when there is nothing to draw, else what `draw` makes of the
/// prepared data ([`drawn`]).
pub(super) fn chart(
    data: &ChartData,
    opts: &ChartOptions,
    draw: impl FnOnce(&Prepared) -> Result<String, String>,
) -> String {
    match Prepared::new(data) {
        Some(p) => drawn(data, draw(&p)),
        None => no_data(data, opts),
    }
}

/// The chart drawn, or — when plotters failed — a marked SVG that no page may be written with.
pub(super) fn drawn(data: &ChartData, drawing: Result<String, String>) -> String {
    match drawing {
        Ok(svg) => svg,
        Err(why) => {
            let reason = format!("диаграмма «{}» не построена: {why}", data.title.trim());
            let encoded =
                percent_encoding::utf8_percent_encode(&reason, percent_encoding::NON_ALPHANUMERIC);
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" {ERROR_MARK}{encoded}\"><title>{}</title></svg>",
                escape(&data.title)
            )
        }
    }
}

/// Why a chart on this page was not drawn, when one was not.
pub fn drawing_error(page: &[u8]) -> Option<String> {
    let start = memchr::memmem::find(page, ERROR_MARK.as_bytes())? + ERROR_MARK.len();
    let len = memchr::memchr(b'"', &page[start..]).unwrap_or(page.len() - start);
    Some(
        percent_encoding::percent_decode(&page[start..start + len])
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// A small SVG saying «Нет данных», with the same title/desc and attributes: only for a chart
/// whose data are truly empty ([`Prepared::new`] is `None`), never for a failed drawing.
pub(super) fn no_data(data: &ChartData, opts: &ChartOptions) -> String {
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

/// A dashed reference line with its label; `horizontal` for vertical-bar and line charts.
pub(super) fn threshold_line(
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
    let tw = text_width(&label, VALUE_PX) + 8;
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
