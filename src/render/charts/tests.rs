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
}

#[test]
fn escape_covers_markup_quotes_and_control_characters() {
    assert_eq!(
        escape("<a href=\"x\">Т&Д's</a>"),
        "&lt;a href=&quot;x&quot;&gt;Т&amp;Д&#39;s&lt;/a&gt;"
    );
    // A tab and a newline stay; other control characters (invalid in XML) become spaces.
    assert_eq!(escape("a\tb\nc\u{1}d\re"), "a\tb\nc d e");
    // A label with every special character survives a round trip through an XML parser.
    let mut d = sample();
    d.categories[0] = "<&\"'>".into();
    let svg = horizontal_bars(&d, &ChartOptions::default());
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .map(str::trim)
        .filter(|t| t.contains('&'))
        .collect();
    assert!(texts.contains(&"<&\"'>"), "{texts:?}");
}

#[test]
fn a_failed_drawing_is_marked_with_the_chart_name_not_shown_as_no_data() {
    let mut d = sample();
    d.title = "Каналы & «занятость» 100%".into();
    let svg = drawn(&d, Err("область рисования пуста".into()));
    assert!(!svg.contains("Нет данных"), "{svg}");
    roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(
        drawing_error(svg.as_bytes()).as_deref(),
        Some("диаграмма «Каналы & «занятость» 100%» не построена: область рисования пуста")
    );
    // A drawn chart and an empty one carry no mark.
    assert_eq!(
        drawing_error(grouped_bars(&d, &ChartOptions::default()).as_bytes()),
        None
    );
    d.categories.clear();
    let empty = grouped_bars(&d, &ChartOptions::default());
    assert!(empty.contains("Нет данных"));
    assert_eq!(drawing_error(empty.as_bytes()), None);
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
    for d in [empty, zeros, noseries] {
        for (name, f) in ALL {
            let svg = f(&d, &ChartOptions::default());
            let t = check_accessible(&svg, "chart");
            assert!(t.contains("Нет данных"), "{name}");
            assert!(svg.len() < 1200, "{name}: {} bytes", svg.len());
        }
        roxmltree::Document::parse(&figure("", &d)).unwrap();
    }
}

/// A hidden value (NaN) is a hatched «скрыто» mark with its legend entry, never a bar or a
/// label of 0, and the data table says «скрыто».
#[test]
fn hidden_values_are_marked_not_drawn_as_zero() {
    let mut d = sample();
    d.series[1].values[1] = f64::NAN;
    for (name, f) in ALL {
        let svg = f(&d, &ChartOptions::default());
        check_accessible(&svg, "chart");
        assert!(
            svg.contains("class=\"hidden-value\""),
            "{name}: hatched mark"
        );
        assert!(svg.contains("chart-hidden"), "{name}: hatch pattern");
        assert!(
            svg.contains(super::legend::HIDDEN_LABEL),
            "{name}: legend entry"
        );
        assert!(
            svg.contains("10.2024 — Самозанятые и ИП: скрыто"),
            "{name}: tooltip says скрыто"
        );
        assert!(!svg.contains(">0<"), "{name}: no value label 0");
    }
    let table = data_table(&d);
    assert!(table.contains("<td>скрыто</td>"));
    assert!(!table.contains("<td>0</td>"));
    // Everything hidden is still not «Нет данных»: there are data, not shown.
    let mut all = sample();
    for s in &mut all.series {
        s.values = vec![f64::NAN; 3];
    }
    for (name, f) in ALL {
        let svg = f(&all, &ChartOptions::default());
        assert!(!svg.contains("Нет данных"), "{name}");
    }
}

/// A stack with hidden segments shows them as one hatched block up to the known total, which
/// labels the stack.
#[test]
fn stacked_hidden_segments_fill_up_to_the_total() {
    let mut d = sample();
    d.series[1].values[0] = f64::NAN;
    let total: f64 = sample().series.iter().map(|s| s.values[0]).sum();
    let opts = ChartOptions {
        totals: Some(vec![total, f64::NAN, f64::NAN]),
        ..ChartOptions::default()
    };
    let svg = stacked_bars(&d, &opts);
    let label = format_value(total, "");
    assert!(
        svg.contains(&format!(">{label}<")),
        "the total labels the stack"
    );
    assert!(
        svg.contains("09.2024 — скрыто: 40\u{a0}чел."),
        "one hatched block for the rest"
    );
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
    let w = text_width("Отпуск по", 12.0);
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
    // 146 graduates with 6 % room for the value labels: the axis stops at 160, not 200.
    assert_eq!(nice_axis(0.0, 146.0 * 1.06, true), (0.0, 160.0, 20.0));
    assert_eq!(nice_axis(0.0, 25.0 * 1.06, true), (0.0, 30.0, 5.0));
    for hi in [1.0, 7.0, 13.0, 99.0, 146.0, 999.0, 12345.0] {
        let (lo, top, step) = nice_axis(0.0, hi, true);
        assert!(
            lo == 0.0 && top >= hi && top - step < hi,
            "{hi}: {top} by {step}"
        );
        assert!((top - lo) / step <= 8.0, "{hi}: {top} by {step}");
    }
    let w = wrap(
        "Технология машиностроения и сварочное производство",
        100,
        12.0,
        2,
    );
    assert_eq!(w.len(), 2);
    assert!(w[1].ends_with('…'));
    assert!(w.iter().all(|l| text_width(l, 12.0) <= 100));
}
