//! Realistic chart samples to look at in a browser: every chart kind on data shaped like the
//! college's, each as an `.svg` and as an `.html` page with its data table.
//!
//! `cargo run --example chart_samples [-- FOLDER]` (default `target/chart-samples`); the
//! theme's `charts.css` is copied next to the pages.

use vypusk::render::charts::{
    figure, grouped_bars, horizontal_bars, line_chart, stacked_bars, ChartData, ChartOptions,
    Series,
};

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/chart-samples".into()),
    );
    std::fs::create_dir_all(&dir)?;
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/static/charts.css"
        ),
        dir.join("charts.css"),
    )?;
    let months: Vec<String> = (0..12)
        .map(|i| {
            let m = (8 + i) % 12 + 1;
            let y = if m >= 9 { 2024 } else { 2025 };
            vypusk::format::month_short(jiff::civil::Date::constant(y, m, 1))
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
        desc: "Статус выпускников на 1-е число каждого месяца по группам каналов занятости".into(),
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
        desc: "Число закрытых потребностей предприятий ОПК по неделям, нарастающим итогом".into(),
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
        std::fs::write(dir.join(format!("{name}.svg")), &svg)?;
        let html = format!(
            "<!doctype html><html lang=\"ru\"><meta charset=\"utf-8\">\
             <link rel=\"stylesheet\" href=\"charts.css\"><body style=\"width:760px\">{}</body></html>",
            figure(&svg, data)
        );
        std::fs::write(dir.join(format!("{name}.html")), html)?;
    }
    println!("{}", dir.display());
    Ok(())
}
