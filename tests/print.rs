//! Every report of the example prints as a correct A4 PDF in headless Chromium: portrait or
//! landscape as the form needs, the Cyrillic title, «Страница 1 из», and the signature block
//! where the document is signed. Skips with a message only where Chromium is not installed
//! (CI installs it: see .ci/run).

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn print_to_pdf(chrome: &Path, html: &Path, pdf: &Path, profile: &Path) {
    let status = headless(chrome, profile)
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run chromium");
    assert!(
        status.status.success(),
        "chromium failed on {}: {}",
        html.display(),
        stderr(&status)
    );
    assert!(pdf.is_file(), "no PDF for {}", html.display());
}

/// Page sizes in points, one per page, from `pdfinfo -f 1 -l N`.
fn page_sizes(pdf: &Path) -> Vec<(f64, f64)> {
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "999"])
        .arg(pdf)
        .output()
        .expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .filter_map(|l| {
            let rest = l.split("size:").nth(1)?;
            let mut it = rest.split_whitespace();
            let w: f64 = it.next()?.parse().ok()?;
            it.next(); // "x"
            let h: f64 = it.next()?.parse().ok()?;
            Some((w, h))
        })
        .collect()
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page_text(pdf: &Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Text of an element with `class="{class}"` (first occurrence), without inner tags.
fn text_of_class(html: &str, class: &str) -> Option<String> {
    let i = html.find(&format!("class=\"{class}\""))?;
    let start = html[i..].find('>')? + i + 1;
    let end = html[start..].find("</p>")? + start;
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html[start..end].chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    Some(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A signature block never sits alone on a page: the page with «М.П.» holds more than the
/// running title, the page number and the signature lines.
fn assert_signature_not_alone(name: &str, html: &str, pdf: &Path, pages: usize, title: &str) {
    let position = text_of_class(html, "signature__position").unwrap_or_default();
    let sig_page = (1..=pages)
        .find(|p| page_text(pdf, *p).contains("М.П."))
        .unwrap_or_else(|| panic!("{name}: no page with «М.П.»"));
    let text = page_text(pdf, sig_page);
    let rest: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| {
            let flat = l.split_whitespace().collect::<Vec<_>>().join(" ");
            !(flat.starts_with("Страница ")
                || title.contains(&flat)
                || flat.contains("(подпись)")
                || (!position.is_empty() && flat.starts_with(&position))
                || flat.contains("М.П.")
                || flat.starts_with("Дата:")
                || (!position.is_empty() && flat == position))
        })
        .collect();
    assert!(
        !rest.is_empty(),
        "{name}: page {sig_page} holds only the signature block:\n{text}"
    );
}

/// Every font in the PDF is the theme's (PT Serif / PT Sans): nothing, the running title
/// included, falls back to another family.
fn assert_fonts_are_the_themes(name: &str, pdf: &Path, arrows: bool) {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("pdffonts");
    let list = String::from_utf8_lossy(&out.stdout).into_owned();
    let fonts: Vec<&str> = list
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(!fonts.is_empty(), "{name}: pdffonts lists nothing:\n{list}");
    for f in fonts {
        assert!(
            f.contains("PTSerif") || f.contains("PTSans") || (arrows && f.contains("DejaVu")),
            "{name}: font {f} is not the theme's:\n{list}"
        );
    }
}

/// Texts of the `<th scope="col">` cells of each table's first head row, per table joined by
/// the table's position, so that equal headings in different tables do not clash.
fn column_heads(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (t, table) in html.split("<table").skip(1).enumerate() {
        let Some(head) = table
            .split("</thead>")
            .next()
            .filter(|_| table.contains("</thead>"))
        else {
            continue;
        };
        let first_row = head.split("</tr>").next().unwrap_or_default();
        for cell in first_row.split("<th").skip(1) {
            if !cell.contains("scope=\"col\"") {
                continue;
            }
            let body = cell.split_once('>').map_or("", |(_, b)| b);
            let body = body.split("</th>").next().unwrap_or_default();
            let mut text = String::new();
            let mut in_tag = false;
            for ch in body.chars() {
                match ch {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            out.push(format!("table {t}: {text}"));
        }
    }
    out
}

fn title_of(html: &str) -> String {
    let start = html
        .find("<h1")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
        .unwrap();
    let end = html[start..].find("</h1>").unwrap() + start;
    html[start..end]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn every_report_prints_as_a4_with_title_pages_and_signature() {
    let Some(chrome) = chromium() else {
        skip_or_fail(
            under_ci(),
            "every_report_prints_as_a4_with_title_pages_and_signature",
            "Chromium (apt-get install chromium poppler-utils)",
        );
        return;
    };
    let d = built_example();
    let reports = d.path().join("output/reports");
    let mut htmls: Vec<PathBuf> = std::fs::read_dir(&reports)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    htmls.sort();
    assert!(htmls.len() >= 2, "reports: {htmls:?}");
    let profile = d.path().join("chrome-profile");
    let mut signed = 0;
    for html_path in &htmls {
        let html = read(html_path);
        let pdf = d.path().join(format!(
            "{}.pdf",
            html_path.file_stem().unwrap().to_string_lossy()
        ));
        print_to_pdf(&chrome, html_path, &pdf, &profile);
        let name = html_path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let landscape = html.contains("class=\"report landscape\"");
        let sizes = page_sizes(&pdf);
        assert!(!sizes.is_empty(), "{name}: no pages");
        for (w, h) in &sizes {
            let (ew, eh) = if landscape {
                (842.0, 595.0)
            } else {
                (595.0, 842.0)
            };
            assert!(
                (w - ew).abs() < 2.0 && (h - eh).abs() < 2.0,
                "{name}: page {w}x{h}, expected A4 {}",
                if landscape { "landscape" } else { "portrait" }
            );
        }
        let text = pdf_text(&pdf);
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let title: String = title_of(&html)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            flat.contains(&title),
            "{name}: title «{title}» not in PDF text:\n{text}"
        );
        assert!(flat.contains("Страница 1 из"), "{name}: no page numbers");
        if html.contains("class=\"signature\"") {
            signed += 1;
            // ГОСТ Р 7.0.97-2016: position on the signature line, captions under the lines,
            // initials before the surname, date, seal place.
            let position = text_of_class(&html, "signature__position").unwrap_or_default();
            let line = text
                .lines()
                .find(|l| l.contains(&position) && !position.is_empty())
                .unwrap_or_default();
            assert!(
                line.contains("Н. В. Ковалёва"),
                "{name}: position and name not on one line: «{line}»"
            );
            let captions = text
                .lines()
                .find(|l| l.contains("(подпись)"))
                .unwrap_or_default();
            assert!(
                captions.contains("(расшифровка подписи)"),
                "{name}: captions not under the lines:\n{text}"
            );
            assert!(flat.contains("Дата: "), "{name}: no date");
            assert!(flat.contains("М.П."), "{name}: no stamp place");
            assert_signature_not_alone(&name, &html, &pdf, sizes.len(), &title);
        }
        // The running title stays off page 1, where the heading itself stands.
        let first: String = page_text(&pdf, 1)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // (A running title would be the first text of the page, above the college's header.)
        assert!(
            !first.starts_with(title.as_str()),
            "{name}: running title on page 1:\n{first}"
        );
        // Arrows («→» in findings and the report list) are not in the PT fonts: Chromium takes
        // those glyphs from DejaVu, rightly. Nothing else may come from another family.
        let arrows = text.chars().any(|c| ('\u{2190}'..='\u{21FF}').contains(&c));
        assert_fonts_are_the_themes(&name, &pdf, arrows);
        let heads = column_heads(&html);
        let mut unique = heads.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            heads.len(),
            "{name}: two columns with one heading: {heads:?}"
        );
        if name.starts_with("reconciliation-") {
            assert!(
                text.lines().any(|l| l.contains("+1")),
                "{name}: the difference has no sign:\n{text}"
            );
        }
        if name.starts_with("form1-") {
            assert!(
                flat.contains("* Графы 11 и 26"),
                "{name}: no footnote for «*»"
            );
            assert!(
                // The name wraps in its narrow column: -layout interleaves it with the row.
                flat.contains("Итого по") && html.contains("Итого по образовательной организации"),
                "{name}: no college-wide total"
            );
        }
    }
    eprintln!(
        "printed {} reports, {signed} with a signature block",
        htmls.len()
    );
}

/// A long ОПК form 2 (the latest week with 60 more rows) prints on several A4 landscape pages,
/// each starting with the form's head: the headings and the row of column numbers.
#[test]
fn opk_form_head_repeats_on_every_landscape_page() {
    let Some(chrome) = chromium() else {
        skip_or_fail(
            under_ci(),
            "opk_form_head_repeats_on_every_landscape_page",
            "Chromium (apt-get install chromium poppler-utils)",
        );
        return;
    };
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let latest = d.path().join("data/opk/2023-10-20-form2.csv");
    let mut text = read(&latest);
    let row = text.lines().nth(1).unwrap().to_string();
    for _ in 0..60 {
        text.push_str(&row);
        text.push('\n');
    }
    std::fs::write(&latest, text).unwrap();
    let out = run("build", d.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let html = d.path().join("output/reports/opk-form2.html");
    let pdf = d.path().join("opk-form2.pdf");
    print_to_pdf(&chrome, &html, &pdf, &d.path().join("chrome-profile"));
    let sizes = page_sizes(&pdf);
    assert!(sizes.len() >= 3, "60 rows fit on {} pages?", sizes.len());
    for (p, (w, h)) in sizes.iter().enumerate() {
        assert!(
            (w - 842.0).abs() < 2.0 && (h - 595.0).abs() < 2.0,
            "page {}: {w}x{h}, expected A4 landscape",
            p + 1
        );
        let page = page_text(&pdf, p + 1);
        let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("Субъект") && flat.contains("Профессия"),
            "page {}: no head:\n{page}",
            p + 1
        );
        assert!(
            page.lines().any(|l| {
                let nums: Vec<&str> = l.split_whitespace().collect();
                nums.len() >= 17
                    && nums[..17]
                        .iter()
                        .enumerate()
                        .all(|(i, n)| *n == (i + 1).to_string())
            }),
            "page {}: no row of column numbers 1–17:\n{page}",
            p + 1
        );
    }
}
