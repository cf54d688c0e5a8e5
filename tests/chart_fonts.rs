//! The widths the charts measure their labels with hold in a real browser: headless Chromium
//! draws the labels in the charts' font stack (and in DejaVu Sans, the stack's widest
//! fallback), and every label fits the width the charts reserved for it, without reserving
//! wildly more. Skips with a message only where Chromium is not installed; fails under CI=true.

mod common;
use common::*;
use vypusk::render::charts::{text_width, FONT_STACK};

const LABELS: &[&str] = &[
    "Риск нетрудоустройства",
    "Трудоустроены, включая ИП и самозанятых",
    "Продолжили обучение",
    "ШЩЖЮ ШЩЖЮ",
    "іііі llll",
    "09.2023",
    "1 234 567 чел.",
    "87,5 %",
    "«Абилимпикс» — 2023/2024, № 5",
    "Mixed Latin text and 0123456789",
];

/// Widths Chromium gives each label at 12 px in `family`, from the page's own measurement.
fn measured(chrome: &std::path::Path, dir: &std::path::Path, family: &str) -> Vec<f64> {
    let mut svg = String::new();
    for (i, l) in LABELS.iter().enumerate() {
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text>",
            20 * (i + 1),
            vypusk::render::charts::escape(l)
        ));
    }
    let html = format!(
        "<!doctype html><html><body><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"400\" font-family=\"{family}\">{svg}</svg>\
         <script>document.body.setAttribute('data-w', Array.from(document.querySelectorAll('text')).map(t => t.getComputedTextLength()).join(','));</script></body></html>"
    );
    let page = dir.join(format!("{}.html", family.len()));
    std::fs::write(&page, html).unwrap();
    let out = headless(chrome, &dir.join("profile"))
        .args(["--virtual-time-budget=5000", "--dump-dom"])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let w = dom
        .split("data-w=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no widths in the page: {}", stderr(&out)));
    w.split(',').map(|x| x.parse().unwrap()).collect()
}

#[test]
fn chart_labels_fit_the_width_measured_for_them() {
    let Some(chrome) = chromium() else {
        skip_or_fail(
            under_ci(),
            "chart_labels_fit_the_width_measured_for_them",
            "chromium",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for family in [FONT_STACK, "DejaVu Sans"] {
        let real = measured(&chrome, dir.path(), family);
        assert_eq!(real.len(), LABELS.len());
        for (label, real) in LABELS.iter().zip(real) {
            let ours = f64::from(text_width(label, 12.0));
            assert!(
                ours >= real,
                "{family}: «{label}» is {real:.1} px in Chromium, the chart reserves {ours}"
            );
            // The declared first font (PT Sans) is narrower than the widest fallback the table
            // also covers; by no more than about a third.
            assert!(
                ours <= real * 1.35 + 2.0,
                "{family}: «{label}» is {real:.1} px in Chromium, the chart reserves {ours}"
            );
        }
    }
}

#[test]
fn wide_letters_measure_wider_than_narrow_ones() {
    assert!(text_width("ШШШШШШШШШШ", 12.0) > 2 * text_width("іііііііііі", 12.0));
    assert!(text_width("Ж", 12.0) > text_width("г", 12.0));
    assert_eq!(text_width("", 12.0), 0);
    // Twice the size, twice the width (within the rounding up).
    let (a, b) = (text_width("Занятость", 12.0), text_width("Занятость", 24.0));
    assert!((2 * a - b).abs() <= 2, "{a} {b}");
}
