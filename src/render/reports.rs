//! Private print-ready reports (`output/reports/`): each is a template extending
//! `report.html`, plus an index page listing them all.

use super::{template_findings, TemplateSources};
use crate::diag::Finding;
use crate::write::Stage;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::{Context, Tera};

/// Private output folder inside `output/`.
pub const REPORTS_DIR: &str = "reports";

/// One printable document.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// File name without `.html`: `contingent-2023`.
    pub slug: String,
    pub title: String,
    /// Heading it is listed under on the index: `Выпуск 2023`.
    pub group: String,
    /// Template name: `reports/contingent.html`.
    pub template: String,
    /// Wide forms print on A4 landscape pages.
    pub landscape: bool,
    /// Signed documents get the signature block of ГОСТ Р 7.0.97-2016: position, signature
    /// and «И. О. Фамилия» with captions under the lines, date, «М.П.».
    pub signed: bool,
    /// What the template sees as `report.data`: a report's typed context (`FindingsData`,
    /// `PlanData`, …) made a value by [`super::data_value`], because reports of every kind go
    /// into one list (rendered later, and listed by `check` without rendering).
    #[serde(skip)]
    pub data: serde_json::Value,
}

/// `page` in a report template: the report pages have a title and a file name only.
#[derive(Serialize)]
struct ReportPageCtx<'a> {
    title: &'a str,
    url: &'a str,
}

/// `report` on the reports' index, which is no report itself: no signature, portrait.
#[derive(Serialize)]
struct IndexReportCtx {
    css_title: String,
    signed: bool,
    landscape: bool,
}

impl Report {
    pub fn path(&self) -> String {
        format!("{REPORTS_DIR}/{}.html", self.slug)
    }
}

/// `report` in a report template.
#[derive(Serialize)]
struct ReportCtx<'a> {
    #[serde(flatten)]
    report: &'a Report,
    data: &'a serde_json::Value,
    /// The title as a CSS string literal, for the page margin box.
    css_title: String,
}

/// A CSS string literal (quotes included) safe inside `<style>`.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\22 "),
            '\\' => out.push_str("\\5C "),
            '<' => out.push_str("\\3C "),
            '>' => out.push_str("\\3E "),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A file to download listed on the index (the Ministry's forms as Excel workbooks).
#[derive(Debug, Clone, Serialize)]
pub struct Download {
    /// File name inside `reports/`: `form1-2023.xlsx`.
    pub file: String,
    pub title: String,
    /// Heading it is listed under, as [`Report::group`].
    pub group: String,
}

#[derive(Serialize)]
struct Group<'a> {
    title: &'a str,
    reports: Vec<&'a Report>,
    downloads: Vec<&'a Download>,
}

/// Render every report and the index. Returns how many reports were written.
pub fn render_reports(
    reports: &[Report],
    downloads: &[Download],
    tera: &Tera,
    sources: &TemplateSources,
    stage: &Stage,
) -> Result<usize, Vec<Finding>> {
    let mut findings = Vec::new();
    let mut base = Context::new();
    base.insert("root", "");
    for r in reports {
        let mut ctx = base.clone();
        ctx.insert(
            "page",
            &ReportPageCtx {
                title: &r.title,
                url: &format!("{}.html", r.slug),
            },
        );
        ctx.insert(
            "report",
            &ReportCtx {
                report: r,
                data: &r.data,
                css_title: css_string(&r.title),
            },
        );
        match tera.render(&r.template, &ctx) {
            Ok(html) => {
                if let Err(f) = stage.write(&r.path(), html.as_bytes()) {
                    findings.push(*f);
                }
            }
            Err(e) => findings.extend(template_findings(&e, sources)),
        }
    }
    // Index: groups in first-appearance order, which the caller keeps stable.
    let mut groups: Vec<Group> = Vec::new();
    for r in reports {
        match groups.iter_mut().find(|g| g.title == r.group) {
            Some(g) => g.reports.push(r),
            None => groups.push(Group {
                title: &r.group,
                reports: vec![r],
                downloads: Vec::new(),
            }),
        }
    }
    for d in downloads {
        match groups.iter_mut().find(|g| g.title == d.group) {
            Some(g) => g.downloads.push(d),
            None => groups.push(Group {
                title: &d.group,
                reports: Vec::new(),
                downloads: vec![d],
            }),
        }
    }
    let mut ctx = base;
    ctx.insert(
        "page",
        &ReportPageCtx {
            title: "Отчёты ЦСТВ",
            url: "index.html",
        },
    );
    ctx.insert("groups", &groups);
    ctx.insert(
        "report",
        &IndexReportCtx {
            css_title: css_string("Отчёты ЦСТВ"),
            signed: false,
            landscape: false,
        },
    );
    match tera.render("reports/index.html", &ctx) {
        Ok(html) => {
            if let Err(f) = stage.write(&format!("{REPORTS_DIR}/index.html"), html.as_bytes()) {
                findings.push(*f);
            }
        }
        Err(e) => findings.extend(template_findings(&e, sources)),
    }
    if findings.is_empty() {
        Ok(reports.len())
    } else {
        Err(findings)
    }
}

/// How many findings of one rule the findings report lists; all are in `findings.json`.
pub const REPORT_PER_RULE: usize = 200;

/// The full list of findings beside the findings report.
pub const FINDINGS_JSON: &str = "findings.json";

/// The findings report: the first [`REPORT_PER_RULE`] findings of each rule of `check`, with
/// counts per rule, for the college and the base centre. The full list is in
/// [`FINDINGS_JSON`] (see [`write_findings_json`]).
pub fn findings_report(findings: &[Finding]) -> Report {
    #[derive(Serialize)]
    struct Row<'a> {
        n: usize,
        severity: &'static str,
        rule: &'a str,
        place: String,
        graduate: &'a str,
        message: &'a str,
    }
    /// `report.data` of the findings report.
    #[derive(Serialize)]
    struct FindingsData<'a> {
        rows: Vec<Row<'a>>,
        rules: Vec<RuleCount<'a>>,
        total: usize,
        omitted: usize,
        per_rule: usize,
        full_list: &'static str,
        errors: usize,
        warnings: usize,
        info: usize,
    }
    #[derive(Serialize)]
    struct RuleCount<'a> {
        rule: &'a str,
        /// What the rule checks, from its registry (empty when it has no line).
        about: &'static str,
        severity: &'static str,
        total: usize,
        shown: usize,
    }
    let mut per_rule: BTreeMap<&str, (usize, &'static str)> = BTreeMap::new();
    let mut rows: Vec<Row> = Vec::new();
    for f in findings {
        let entry = per_rule.entry(f.rule).or_insert((0, f.severity.label_ru()));
        entry.0 += 1;
        if entry.0 <= REPORT_PER_RULE {
            rows.push(Row {
                n: rows.len() + 1,
                severity: f.severity.label_ru(),
                rule: f.rule,
                place: f.place.to_string(),
                graduate: f.graduate.as_deref().unwrap_or(""),
                message: &f.message,
            });
        }
    }
    let omitted = findings.len() - rows.len();
    let rules: Vec<RuleCount> = per_rule
        .into_iter()
        .map(|(rule, (total, severity))| RuleCount {
            rule,
            about: crate::check::about(rule).unwrap_or(""),
            severity,
            total,
            shown: total.min(REPORT_PER_RULE),
        })
        .collect();
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    use crate::diag::Severity;
    Report {
        slug: "findings".into(),
        title: "Результаты проверки данных".into(),
        group: "Проверка".into(),
        template: "reports/findings.html".into(),
        landscape: false,
        signed: false,
        data: super::data_value(&FindingsData {
            rows,
            rules,
            total: findings.len(),
            omitted,
            per_rule: REPORT_PER_RULE,
            full_list: FINDINGS_JSON,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            info: count(Severity::Info),
        }),
    }
}

/// Every finding, as `check --format json` lists them, into `reports/findings.json`
/// (streamed: the list may be hundreds of megabytes).
pub fn write_findings_json(findings: &[Finding], stage: &Stage) -> Result<(), Box<Finding>> {
    #[derive(Serialize)]
    struct All<'a> {
        findings: &'a [Finding],
    }
    stage.write_streamed(&format!("{REPORTS_DIR}/{FINDINGS_JSON}"), |w| {
        serde_json::to_writer(&mut *w, &All { findings }).map_err(std::io::Error::from)?;
        w.write_all(b"\n")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_string_cannot_break_out_of_style() {
        let s = css_string("Форма \"1\" </style><script>");
        assert!(!s[1..s.len() - 1].contains('"'));
        assert!(!s.contains('<'));
        assert!(s.starts_with("\"Форма "));
    }

    #[test]
    fn findings_report_lists_the_first_per_rule_and_counts_all() {
        use crate::diag::Place;
        let mut fs: Vec<Finding> = (0..REPORT_PER_RULE + 50)
            .map(|i| Finding::warning("track.x", Place::line("t.csv", i + 1), "m"))
            .collect();
        fs.push(Finding::error("config.y", Place::file("vypusk.yaml"), "m"));
        let r = findings_report(&fs);
        assert_eq!(
            r.data["rows"].as_array().unwrap().len(),
            REPORT_PER_RULE + 1
        );
        assert_eq!(r.data["omitted"], 50);
        assert_eq!(r.data["total"], REPORT_PER_RULE + 51);
        let rules = r.data["rules"].as_array().unwrap();
        assert_eq!(rules[1]["rule"], "track.x");
        assert_eq!(rules[1]["total"], REPORT_PER_RULE + 50);
    }
}
