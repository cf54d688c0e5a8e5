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

/// A received form 1 with two specialty blocks; the second has «три» in гр.06 of стр.01.
fn bad_form1(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Форма 1 пятистрочная").unwrap();
    ws.write_string(0, 0, "Форма 1").unwrap();
    for n in 1..=27u16 {
        ws.write_string(4, n - 1, format!("{n:02}")).unwrap();
    }
    for (b, code) in [
        "09.02.07 Информационные системы и программирование",
        "15.01.05 Сварщик (ручной и частично механизированной сварки (наплавки))",
    ]
    .iter()
    .enumerate()
    {
        for r in 0..5u32 {
            let row = 5 + b as u32 * 5 + r;
            ws.write_string(row, 0, "Самарская область").unwrap();
            ws.write_string(row, 1, *code).unwrap();
            ws.write_string(row, 2, "показатель").unwrap();
            ws.write_string(row, 3, format!("{:02}", r + 1)).unwrap();
            for c in 4..27u16 {
                let v = if r == 0 && (c == 4 || c == 5) {
                    3.0
                } else {
                    0.0
                };
                ws.write_number(row, c, v).unwrap();
            }
        }
    }
    ws.write_string(10, 5, "три").unwrap();
    wb.save(path).unwrap();
}

#[test]
fn received_workbooks_are_checked_per_cell_and_totalled() {
    let d = tempfile::tempdir().unwrap();
    let root = scaffold(d.path());
    let out = run("build", &root);
    assert!(out.status.success(), "{}", stderr(&out));
    let output = root.join("output");
    // Received: ppk's and sks's own exported forms, and a third college's book with one bad cell.
    let inc = root.join("data/incoming");
    for (id, files) in [
        ("ppk", &["form1-2023.xlsx"][..]),
        ("sks", &["form1-2023.xlsx", "form3-2023.xlsx"][..]),
    ] {
        std::fs::create_dir_all(inc.join(id)).unwrap();
        for f in files {
            std::fs::copy(
                output.join(format!("reports/{id}/{f}")),
                inc.join(id).join(f),
            )
            .unwrap();
        }
    }
    std::fs::create_dir_all(inc.join("zzz")).unwrap();
    bad_form1(&inc.join("zzz/svod.xlsx"));
    std::fs::write(inc.join("loose.xlsx"), b"x").unwrap();
    let out = run("build", &root);
    assert!(
        out.status.success(),
        "a bad received cell does not stop the build: {}",
        stderr(&out)
    );

    let report = std::fs::read_to_string(output.join("reports/incoming.html")).unwrap();
    // The bad cell at its file, sheet and cell; its block left out, the file's other block in.
    assert!(
        report.contains("data/incoming/zzz/svod.xlsx, ячейка F11"),
        "{report}"
    );
    assert!(report.contains("лист «Форма 1 пятистрочная», строка 11, столбец F"));
    assert!(report.contains("incoming.bad-count"));
    assert!(report.contains("region.incoming-loose"));
    assert!(
        report.contains("<th scope=\"row\">zzz</th><td>1</td><td>1</td>"),
        "{report}"
    );

    // `check` lists the received books' findings after the colleges', at their cells, and
    // they do not fail it; JSON has them under `incoming`, each with its college.
    let out = run("check", &root);
    let err = stderr(&out);
    assert!(
        err.contains("== Полученные книги колледжей (data/incoming) =="),
        "{err}"
    );
    assert!(err.contains("data/incoming/zzz/svod.xlsx"), "{err}");
    assert!(err.contains("zzz: 1 книга; 1 ошибка"), "{err}");
    let out = vypusk()
        .args(["check", "--format", "json", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let incoming = v["incoming"].as_array().unwrap();
    assert!(incoming
        .iter()
        .any(|f| f["college"] == "zzz" && f["rule"] == "incoming.bad-count"));
    assert!(incoming
        .iter()
        .any(|f| f["college"].is_null() && f["rule"] == "region.incoming-loose"));

    // The regional form 1 of received books: ppk + sks + zzz's good block, passing the check.
    let book = output.join("reports/incoming-form1-2023.xlsx");
    assert_eq!(
        vypusk::check::incoming::check_workbook(&root, &book),
        Vec::new()
    );
    let (stem, sheet, skip, lead) = FORMS[0];
    let mut sum: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    for b in [
        output.join(format!("reports/ppk/{stem}.xlsx")),
        output.join(format!("reports/sks/{stem}.xlsx")),
    ] {
        for (k, v) in form_blocks(&b, sheet, skip, lead) {
            let e = sum.entry(k).or_insert_with(|| vec![0.0; v.len()]);
            for (a, b) in e.iter_mut().zip(v) {
                *a += b;
            }
        }
    }
    let got = form_blocks(&book, sheet, skip, lead);
    let is = |code: &str| got.keys().filter(|(c, _)| c.starts_with(code)).count();
    assert_eq!(
        is("15.01.05"),
        sum.keys()
            .filter(|(c, _)| c.starts_with("15.01.05"))
            .count(),
        "the bad block is not added"
    );
    let first = |m: &BTreeMap<(String, String), Vec<f64>>, code: &str| {
        m.iter()
            .find(|((c, l), _)| c.starts_with(code) && l.starts_with("Всего"))
            .map(|(_, v)| v[0])
            .unwrap_or(0.0)
    };
    assert_eq!(first(&got, "09.02.07"), first(&sum, "09.02.07") + 3.0);
    assert_eq!(first(&got, "15.01.05"), first(&sum, "15.01.05"));
    // Form 3 only from sks; no form 2 received.
    assert!(output.join("reports/incoming-form3-2023.xlsx").is_file());
    assert!(!output.join("reports/incoming-form2-2023.xlsx").exists());
    let index = std::fs::read_to_string(output.join("reports/index.html")).unwrap();
    assert!(index.contains("href=\"incoming.html\""));
    assert!(!output.join("site/incoming.html").exists());
}
