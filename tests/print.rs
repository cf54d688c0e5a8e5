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
                || flat.contains("Руководитель")
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
            assert!(flat.contains("Руководитель"), "{name}: no signature line");
            assert!(flat.contains("М.П."), "{name}: no stamp place");
            assert_signature_not_alone(&name, &html, &pdf, sizes.len(), &title);
        }
    }
    eprintln!(
        "printed {} reports, {signed} with a signature block",
        htmls.len()
    );
}
