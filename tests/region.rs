//! A region: `new --region` scaffolds three colleges, `check` groups findings by college,
//! `build` makes every college's section exactly as its own build, the overview and the
//! regional form 1 (whose sums hold), atomically and reproducibly.

mod common;

use calamine::{Data, Reader};
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn scaffold(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("region");
    let out = vypusk()
        .arg("new")
        .arg("--region")
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    root
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_groups_findings_by_college_and_goes_on_past_a_broken_one() {
    let d = tempfile::tempdir().unwrap();
    let root = scaffold(d.path());
    let out = run("check", &root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for line in [
        "== Колледж ppk — colleges/ppk ==",
        "ppk (ГБПОУ «ППК»): 0 ошибок, 42 предупреждения, 3 сведения; 292 выпускника.",
        "sks (ГБПОУ «СКС»): 0 ошибок,",
        "ttt (ГБПОУ «ТТТ»): 2 ошибки,",
        "colleges/ttt/data/monitoring/contingent-2023.yaml:9:5: ошибка [contingent.mismatch-signed]",
        "Регион «Самарская область»: 3 колледжа, 560 выпускников; с ошибками: 1 (ttt).",
    ] {
        assert!(err.contains(line), "no «{line}» in:\n{err}");
    }

    // JSON: the college on every finding, one summary per college.
    let out = vypusk()
        .args(["check", "--format", "json", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        let c = f["college"].as_str().unwrap();
        assert!(
            f["file"]
                .as_str()
                .unwrap()
                .starts_with(&format!("colleges/{c}/")),
            "{f}"
        );
    }
    let statuses: Vec<(&str, &str)> = v["colleges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(statuses, [("ppk", "ok"), ("sks", "ok"), ("ttt", "errors")]);
    assert_eq!(v["summary"]["errors"], 2);
    assert_eq!(v["summary"]["failing"], serde_json::json!(["ttt"]));

    // A college that cannot be loaded is reported; the others are still checked.
    std::fs::write(root.join("colleges/sks/vypusk.yaml"), "college: [\n").unwrap();
    std::fs::create_dir_all(root.join("colleges/empty")).unwrap();
    let out = run("check", &root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("== Колледж sks — colleges/sks =="), "{err}");
    assert!(err.contains("colleges/sks/vypusk.yaml"), "{err}");
    assert!(err.contains("ppk (ГБПОУ «ППК»): 0 ошибок"), "{err}");
    assert!(err.contains("с ошибками: 2 (sks, ttt)"), "{err}");
}

/// Blocks of a Ministry form's workbook: (specialty, row label) → its value columns. `skip`
/// is the number of rows above the first block, `lead` the columns before the values.
fn form_blocks(
    path: &Path,
    sheet: &str,
    skip: usize,
    lead: usize,
) -> BTreeMap<(String, String), Vec<f64>> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let mut out = BTreeMap::new();
    for row in range.rows().skip(skip) {
        let s = |i: usize| match &row[i] {
            Data::String(s) => s.clone(),
            other => panic!("{other:?}"),
        };
        let values: Vec<f64> = row[lead..]
            .iter()
            .map(|d| match d {
                Data::Float(f) => *f,
                other => panic!("{other:?}"),
            })
            .collect();
        out.insert((s(1), s(2)), values);
    }
    out
}

/// (file stem, sheet, rows above the blocks, columns before the values) of forms 1–3.
const FORMS: [(&str, &str, usize, usize); 3] = [
    ("form1-2023", "Форма 1 пятистрочная", 5, 4),
    ("form2-2023", "Форма нозологии", 5, 3),
    ("form3-2023", "Форма 3 ожидаемый выпуск", 6, 4),
];

#[test]
fn build_makes_each_section_as_its_own_build_and_the_regional_pages() {
    let d = tempfile::tempdir().unwrap();
    let root = scaffold(d.path());
    let out = run("build", &root);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("не вошли из-за ошибок в данных: ttt"), "{err}");
    let output = root.join("output");

    // Each college's section and reports are byte for byte those of its own build.
    for id in ["ppk", "sks"] {
        let own = d.path().join(format!("own-{id}"));
        let o = vypusk()
            .arg("build")
            .arg("--root")
            .arg(root.join("colleges").join(id))
            .arg("--output")
            .arg(&own)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            tree(&own.join("site")),
            tree(&output.join("site").join(id)),
            "{id}"
        );
        assert_eq!(
            tree(&own.join("reports")),
            tree(&output.join("reports").join(id)),
            "{id}"
        );
    }
    assert!(!output.join("site/ttt").exists());

    // The overview: ranked table, charts, the failing and the stale college.
    let html = std::fs::read_to_string(output.join("site/index.html")).unwrap();
    assert!(
        html.contains("<a href=\"ppk/index.html\">ГБПОУ «ППК»</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"sks/index.html\">ГБПОУ «СКС»</a>"));
    assert!(html.contains("ГБПОУ «ТТТ»</strong> (ttt): не вошёл в сравнение — 2 ошибки"));
    assert!(html.contains("sks/index.html\">ГБПОУ «СКС»</a>: последняя фактическая запись"));
    // Employed and risk charts (wide and narrow); the example's ОВЗ groups are below the
    // threshold in both colleges, so that share is a sentence, not a chart of hidden marks.
    // Plus the monthly line chart (wide and narrow).
    assert_eq!(html.matches("<svg").count(), 6);
    assert!(html.contains("ни один колледж не публикует эту долю"));
    // Monthly dynamics: a month whose small numbers both colleges hide is «нет данных» with
    // the colleges named, never 0; November sums both colleges' published figures.
    assert!(html.contains("<tr><th scope=\"row\">июль 2023</th><td>0 из 2</td><td>нет данных</td>"));
    assert!(html.contains("ГБПОУ «ППК» (числа месяца на странице колледжа скрыты)"));
    assert!(html.contains(
        "<tr><th scope=\"row\">ноябрь 2023</th><td>2 из 2</td><td>292</td><td>198</td><td>67,8 %</td>"
    ));
    // The private report has the full figures, the hidden small ones included.
    let dynamics = std::fs::read_to_string(output.join("reports/dynamics-2023.html")).unwrap();
    assert!(dynamics
        .contains("<tr><th scope=\"row\">июль 2023</th><td>292</td><td>2</td><td>0,7 %</td>"));
    assert!(!output.join("site/dynamics-2023.html").exists());
    // Effectiveness: the public overview compares the centres' own work only; criteria about
    // graduates with ОВЗ (and their points) stay in the private report.
    assert!(html.contains("Критерии эффективности центров"));
    assert!(html.contains("ГБПОУ «ППК» (ppk)</th><td>359"), "{html}");
    assert!(html.contains("<td>4 из 4</td></tr>"));
    assert!(!html.contains("Трудоустройство выпускников с ОВЗ"));
    assert!(!html.contains("Абилимпикс"));
    assert!(!html.contains("из 16"));
    let eff = std::fs::read_to_string(output.join("reports/effectiveness.html")).unwrap();
    assert!(eff.contains("Трудоустройство выпускников с ОВЗ и инвалидностью"));
    assert!(eff.contains("<td>11 из 16</td>") && eff.contains("<td>9 из 16</td>"));
    assert!(html.contains("Самарская область"));

    // Regional forms 1–3: each passes the incoming-workbook check and is the sum of the
    // colleges' forms, cell by cell.
    for (stem, sheet, skip, lead) in FORMS {
        let region_book = output.join(format!("reports/{stem}.xlsx"));
        assert_eq!(
            vypusk::check::incoming::check_workbook(&root, &region_book),
            Vec::new(),
            "{stem}"
        );
        let mut sum: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
        for id in ["ppk", "sks"] {
            let book = output.join(format!("reports/{id}/{stem}.xlsx"));
            for (k, v) in form_blocks(&book, sheet, skip, lead) {
                let e = sum.entry(k).or_insert_with(|| vec![0.0; v.len()]);
                for (a, b) in e.iter_mut().zip(v) {
                    *a += b;
                }
            }
        }
        let region = form_blocks(&region_book, sheet, skip, lead);
        assert!(!region.is_empty(), "{stem}");
        assert_eq!(region, sum, "{stem}");
        assert!(output.join(format!("reports/{stem}.html")).is_file());
    }
    let index = std::fs::read_to_string(output.join("reports/index.html")).unwrap();
    assert!(index.contains("href=\"ppk/index.html\""));
    assert!(index.contains("href=\"dynamics-2023.html\""));
    assert!(index.contains("href=\"form2-2023.xlsx\""));
    assert!(index.contains("href=\"form3-2023.html\""));
    let findings: serde_json::Value =
        serde_json::from_slice(&std::fs::read(output.join("reports/findings.json")).unwrap())
            .unwrap();
    assert!(findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["college"] == "ttt"));

    // Reproducible: a second build writes the same bytes.
    let first = tree(&output);
    let out = run("build", &root);
    assert!(out.status.success());
    assert_eq!(first, tree(&output));

    // Atomic: a graduate's name on one college's page stops the region; output stays.
    let page = root.join("colleges/ppk/content/events.md");
    let mut text = std::fs::read_to_string(&page).unwrap();
    text.push_str("\nПоздравляем Кузнецов Денис Евгеньевич!\n");
    std::fs::write(&page, text).unwrap();
    let out = run("build", &root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("colleges/ppk/content/events.md"), "{err}");
    assert!(err.contains("не изменена"), "{err}");
    assert_eq!(first, tree(&output));
}
