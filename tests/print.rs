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

/// A grey page from `pdftoppm -gray` (binary PGM): width, height, one byte a pixel.
struct Gray {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

fn read_pgm(path: &Path) -> Gray {
    let bytes = std::fs::read(path).unwrap();
    // "P5", width, height, maxval, then one whitespace byte before the pixels.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P5", "{}: not a binary PGM", path.display());
    let w: usize = fields[1].parse().unwrap();
    let h: usize = fields[2].parse().unwrap();
    Gray {
        w,
        h,
        px: bytes[i + 1..i + 1 + w * h].to_vec(),
    }
}

/// A ruled line on a rasterised page: the lines (rows or columns) it covers and its extent.
#[derive(Debug)]
struct Rule {
    first: usize,
    last: usize,
    from: usize,
    to: usize,
}

impl Rule {
    fn thickness(&self) -> usize {
        self.last - self.first + 1
    }
}

/// Ruled lines: runs of dark pixels at least `min_len` long, merged over consecutive rows
/// (`horizontal`) or columns where they overlap. Text never makes runs that long. One pass
/// over the rows in memory order for both directions (this runs unoptimised in tests).
fn rules(g: &Gray, horizontal: bool, min_len: usize) -> Vec<Rule> {
    // Runs as (line, from, to): line = row for horizontal rules, column for vertical ones.
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    let mut down = vec![0usize; if horizontal { 0 } else { g.w }];
    for (y, row) in g.px.chunks_exact(g.w).enumerate() {
        if horizontal {
            let mut start = 0;
            let mut len = 0;
            for (x, &v) in row.iter().enumerate() {
                if v < 128 {
                    if len == 0 {
                        start = x;
                    }
                    len += 1;
                } else {
                    if len >= min_len {
                        runs.push((y, start, x));
                    }
                    len = 0;
                }
            }
            if len >= min_len {
                runs.push((y, start, g.w));
            }
        } else {
            for (x, (&v, n)) in row.iter().zip(down.iter_mut()).enumerate() {
                if v < 128 {
                    *n += 1;
                } else {
                    if *n >= min_len {
                        runs.push((x, y - *n, y));
                    }
                    *n = 0;
                }
            }
        }
    }
    if !horizontal {
        for (x, n) in down.iter().enumerate() {
            if *n >= min_len {
                runs.push((x, g.h - n, g.h));
            }
        }
        runs.sort_unstable();
    }
    let mut out: Vec<Rule> = Vec::new();
    for (line, from, to) in runs {
        match out
            .iter_mut()
            .find(|r| r.last + 1 == line && from < r.to && to > r.from)
        {
            Some(r) => {
                r.last = line;
                r.from = r.from.min(from);
                r.to = r.to.max(to);
            }
            None => out.push(Rule {
                first: line,
                last: line,
                from,
                to,
            }),
        }
    }
    out
}

/// Every table rule of the report is drawn at one width. The theme rules tables at 0.75 pt
/// (one CSS pixel, 3.1 px at 300 dpi: 3 or 4 px once rasterised); a rule of another width is a
/// stray segment an inspector sees: a doubled border, a right edge clipped by the page (1 px),
/// or a whole page that Chromium shrank to fit an overwide table (2 px). Exempt: the document
/// header's 1.5 pt rule (the first on page 1) and a rule on the very bottom edge of the type
/// area, which the page clips wherever a row happens to end exactly there.
fn assert_rules_one_width(name: &str, pdf: &Path, dir: &Path, landscape: bool) {
    let prefix = dir.join(format!("{name}-raster"));
    let out = Command::new("pdftoppm")
        .args(["-r", "300", "-gray"])
        .arg(pdf)
        .arg(&prefix)
        .output()
        .expect("pdftoppm");
    assert!(
        out.status.success(),
        "{name}: pdftoppm failed: {}",
        stderr(&out)
    );
    let stem = prefix.file_name().unwrap().to_string_lossy().into_owned();
    let mut pages: Vec<(usize, PathBuf)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter_map(|p| {
            let f = p.file_name()?.to_string_lossy().into_owned();
            let n = f.strip_prefix(&format!("{stem}-"))?.strip_suffix(".pgm")?;
            Some((n.parse().ok()?, p))
        })
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "{name}: no rasterised pages");
    // Bottom of the type area in pixels: 277 mm portrait, 195 mm landscape.
    let bottom = if landscape { 2303 } else { 3272 };
    let mut odd = Vec::new();
    for (page, path) in &pages {
        let g = read_pgm(path);
        for (horizontal, min_len) in [(true, 300), (false, 100)] {
            for (i, r) in rules(&g, horizontal, min_len).iter().enumerate() {
                let header = horizontal && *page == 1 && i == 0;
                let at_bottom = horizontal && r.last + 3 >= bottom;
                if !(3..=4).contains(&r.thickness()) && !header && !at_bottom {
                    odd.push(format!(
                        "page {page}: {} rule {} px thick at {} (from {} to {})",
                        if horizontal { "horizontal" } else { "vertical" },
                        r.thickness(),
                        r.first,
                        r.from,
                        r.to
                    ));
                }
            }
        }
        let _ = std::fs::remove_file(path);
    }
    assert!(
        odd.is_empty(),
        "{name}: table rules of another width than 0.75 pt:\n{}",
        odd.join("\n")
    );
}

/// First non-empty line of a page, its spaces collapsed: the running title, where there is one.
fn first_line(pdf: &Path, page: usize) -> String {
    page_text(pdf, page)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|l| !l.is_empty())
        .unwrap_or_default()
}

/// The running title stands whole on one line at the top of page 2. A one-page report gets a
/// second page for this check: a copy with a page break before the end of its content.
fn assert_running_title_one_line(
    name: &str,
    html_path: &Path,
    pdf: &Path,
    pages: usize,
    title: &str,
    chrome: &Path,
    profile: &Path,
) {
    let two_pages;
    let pdf = if pages >= 2 {
        pdf
    } else {
        let html = read(html_path);
        let stem = html_path.file_stem().unwrap().to_string_lossy();
        let copy = html_path.with_file_name(format!("{stem}-two-pages.html"));
        std::fs::write(
            &copy,
            html.replace(
                "</main>",
                "<p style=\"break-before: page\">Вторая страница.</p></main>",
            ),
        )
        .unwrap();
        two_pages = pdf.with_file_name(format!("{stem}-two-pages.pdf"));
        print_to_pdf(chrome, &copy, &two_pages, profile);
        let _ = std::fs::remove_file(&copy);
        two_pages.as_path()
    };
    let line = first_line(pdf, 2);
    assert_eq!(
        line, title,
        "{name}: the running title on page 2 is not the whole title on one line"
    );
}

/// The last piece of every file path in the findings report (a file name with its line and
/// column) stands whole in the PDF's text: no path breaks at a hyphen of its file name.
fn assert_paths_whole(name: &str, html: &str, flat: &str) {
    let mut checked = 0;
    for path in html.split("<span class=\"path\">").skip(1) {
        let path = path.split("</span></span>").next().unwrap_or_default();
        let Some(last) = path.rsplit("<span class=\"path__piece\">").next() else {
            continue;
        };
        let last = last.trim_end_matches("</span>").replace("&#39;", "'");
        assert!(
            flat.contains(&last),
            "{name}: the file name «{last}» is broken in the PDF"
        );
        checked += 1;
    }
    assert!(checked > 0, "{name}: no file paths marked in the HTML");
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
    let mut kinds_titled = std::collections::BTreeSet::new();
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
        // One report of each kind is enough for the title (the years only change a digit).
        let kind: String = name.chars().filter(|c| !c.is_ascii_digit()).collect();
        if kinds_titled.insert(kind) {
            assert_running_title_one_line(
                &name,
                html_path,
                &pdf,
                sizes.len(),
                &title,
                &chrome,
                &profile,
            );
        }
        // Charts draw axes, grid lines and bars at their own widths (a bar is a thick "rule"
        // to the raster check): the check covers the reports made of tables and text only.
        if !html.contains("<svg") {
            assert_rules_one_width(&name, &pdf, d.path(), landscape);
        }
        if name == "findings.html" || name.starts_with("contingent-") {
            assert_paths_whole(&name, &html, &flat);
        }
        // A table's total row stands once, after its last row, not at every page break.
        if name == "effectiveness.html" {
            let totals = text.lines().filter(|l| l.trim() == "Итого").count();
            assert_eq!(
                totals, 1,
                "{name}: the total row printed {totals} times:\n{text}"
            );
        }
        if name == "findings.html" {
            assert!(
                flat.contains("contingent-2023.yaml:17:5"),
                "{name}: «contingent-2023.yaml» broken:\n{text}"
            );
        }
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
            // Blocks flow: the first sheet holds more than one specialty, and every sheet with
            // rows repeats the head (Chromium drops a head taller than a quarter of the page).
            let blocks = html.matches("class=\"form1__code\"").count();
            let first = page_text(&pdf, 1);
            let on_first = first.matches("Всего (общая").count();
            assert!(
                on_first >= blocks.min(2),
                "{name}: page 1 holds {on_first} of {blocks} specialties:\n{first}"
            );
            for p in 1..=sizes.len() {
                let t = page_text(&pdf, p);
                if t.contains("Всего (общая") {
                    assert!(
                        t.contains("Наименование показателя"),
                        "{name}: page {p} has rows but no head:\n{t}"
                    );
                }
            }
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
        // The narrow heads carry soft hyphens (U+00AD), which pdftotext keeps.
        let page = page_text(&pdf, p + 1).replace('\u{AD}', "");
        let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
        // The last sheet may hold only the signature block (every row names the region).
        if p + 1 == sizes.len() && !flat.contains("Самарская") {
            continue;
        }
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
