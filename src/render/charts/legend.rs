//! Legends laid out to the chart's width.

use super::*;

/// The legend entry of the hatched mark that stands for a hidden value.
pub(super) const HIDDEN_LABEL: &str = "скрыто (менее порога публикации)";

/// Legend rows laid out to fit `width`; returns the height used. `hidden` adds the entry for
/// hidden values.
pub(super) fn legend_height(names: &[String], width: i32, hidden: bool) -> i32 {
    legend_layout(names, width, hidden).1
}

pub(super) fn legend_layout(names: &[String], width: i32, hidden: bool) -> (Vec<(i32, i32)>, i32) {
    let mut pos = Vec::new();
    let (mut x, mut y) = (12, 8);
    let extra = hidden.then_some(HIDDEN_LABEL);
    for name in names.iter().map(String::as_str).chain(extra) {
        let w = 18 + text_width(name, LABEL_PX).min(width - 40) + 18;
        if x > 12 && x + w > width - 8 {
            x = 12;
            y += 20;
        }
        pos.push((x, y));
        x += w;
    }
    (pos, y + 24)
}

/// Draw the legend on `root`; `line` draws marker swatches instead of filled boxes; `hidden`
/// adds the hatched «скрыто» swatch last.
pub(super) fn draw_legend(
    root: &DrawingArea<SVGBackend, Shift>,
    ov: &mut Overlay,
    id: &str,
    names: &[String],
    width: i32,
    (line, hidden): (bool, bool),
) -> Result<(), String> {
    let (pos, _) = legend_layout(names, width, hidden);
    if hidden {
        if let Some((x, y)) = pos.last().copied() {
            ov.hidden(id, (x, y), (x + 14, y + 14), HIDDEN_LABEL);
            let label = wrap(HIDDEN_LABEL, width - 40, LABEL_PX, 1).concat();
            root.draw_text(
                &label,
                &font_at(LABEL_PX, HPos::Left, VPos::Center, &INK),
                (x + 20, y + 7),
            )
            .map_err(|e| e.to_string())?;
        }
    }
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
