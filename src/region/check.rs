//! `vypusk check` over a region: every college checked (in parallel), findings grouped by
//! college with a summary line each, then the regional total. JSON names the college on every
//! finding. A college that fails to load is reported and the rest goes on.

use super::{CollegeRun, Depth, RegionConfig};
use crate::cmd::{print_findings, totals_line, OutputFormat, EXIT_FATAL, EXIT_FINDINGS, EXIT_OK};
use crate::diag::{Finding, Severity};
use crate::format::count_ru;
use jiff::civil::Date;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// A region after load and check: its settings, its colleges' runs, and findings about the
/// region itself (its `vypusk.yaml`, its list of colleges).
#[derive(Debug)]
pub struct Checked {
    pub config: Option<RegionConfig>,
    pub own: Vec<Finding>,
    pub colleges: Vec<CollegeRun>,
}

impl Checked {
    pub fn count(&self, s: Severity) -> usize {
        self.own.iter().filter(|f| f.severity == s).count()
            + self.colleges.iter().map(|c| c.count(s)).sum::<usize>()
            + self
                .colleges
                .iter()
                .filter(|c| s == Severity::Error && c.fatal.is_some())
                .count()
    }

    pub fn failing(&self) -> Vec<&CollegeRun> {
        self.colleges.iter().filter(|c| !c.ok()).collect()
    }
}

/// Load the region at `root` and check every college.
pub fn check_region(root: &Path, as_of: Option<Date>, depth: Depth) -> Checked {
    let config = match super::load_config(root) {
        Ok(c) => c,
        Err(own) => {
            return Checked {
                config: None,
                own,
                colleges: Vec::new(),
            }
        }
    };
    let (found, own) = super::discover(root, &config);
    let as_of = as_of.or(config.as_of.map(|d| d.0));
    let colleges = super::run_colleges(&found, as_of, depth);
    Checked {
        config: Some(config),
        own,
        colleges,
    }
}

/// A finding of `check --format json` over a region: the college's id, then the finding.
#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    college: Option<&'a str>,
    #[serde(flatten)]
    finding: &'a Finding,
}

#[derive(Serialize)]
struct JsonCollege<'a> {
    id: &'a str,
    path: &'a str,
    name: String,
    /// `ok`, `errors` (checked, has errors) or `unreadable` (could not be loaded).
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    errors: usize,
    warnings: usize,
    info: usize,
    graduates: usize,
}

fn status(c: &CollegeRun) -> &'static str {
    if c.fatal.is_some() || c.project.is_none() && c.findings.is_empty() {
        "unreadable"
    } else if c.ok() {
        "ok"
    } else {
        "errors"
    }
}

/// «2 ошибки, 28 предупреждений».
fn errors_warnings(errors: usize, warnings: usize) -> String {
    format!(
        "{}, {}",
        count_ru(errors as i64, "ошибка", "ошибки", "ошибок"),
        count_ru(
            warnings as i64,
            "предупреждение",
            "предупреждения",
            "предупреждений"
        )
    )
}

/// The summary line of one college: «ppk (ГБПОУ «ППК»): 0 ошибок, … ; 292 выпускника.»
pub fn college_line(c: &CollegeRun) -> String {
    if let Some(m) = &c.fatal {
        return format!(
            "{} ({}): не удалось прочитать — {m}",
            c.college.id, c.college.rel
        );
    }
    format!(
        "{} ({}): {}, {}; {}.",
        c.college.id,
        c.name(),
        errors_warnings(c.count(Severity::Error), c.count(Severity::Warning)),
        count_ru(
            c.count(Severity::Info) as i64,
            "сведение",
            "сведения",
            "сведений"
        ),
        count_ru(
            c.graduates() as i64,
            "выпускник",
            "выпускника",
            "выпускников"
        ),
    )
}

pub fn run(root: &Path, as_of: Option<Date>, format: OutputFormat) -> i32 {
    let checked = check_region(root, as_of, Depth::WithRender);
    let errors = checked.count(Severity::Error);
    // The received workbooks are the colleges' reports to the region, checked here so that
    // the base centre sees them; their errors are the colleges' to mend and do not fail the
    // region's check (a build totals what is right in them).
    let incoming = Incoming::read(root);
    match format {
        OutputFormat::Json => {
            let mut out = std::io::stdout().lock();
            if let Err(e) = write_json_with(&checked, Some(&incoming), &mut out) {
                eprintln!("vypusk: {}", crate::diag::io_error_ru(&e));
                return EXIT_FATAL;
            }
        }
        OutputFormat::Text => {
            print_text(&checked);
            incoming.print();
        }
    }
    if errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn print_text(checked: &Checked) {
    if !checked.own.is_empty() {
        eprintln!("== Настройки региона ==");
        print_findings(&checked.own);
    }
    for c in &checked.colleges {
        eprintln!("== Колледж {} — {} ==", c.college.id, c.college.rel);
        if c.fatal.is_none() {
            print_findings(&c.findings_from_region());
        }
        eprintln!("{}\n", college_line(c));
    }
    let Some(config) = &checked.config else {
        return;
    };
    let failing: Vec<&str> = checked
        .failing()
        .iter()
        .map(|c| c.college.id.as_str())
        .collect();
    let graduates: usize = checked.colleges.iter().map(CollegeRun::graduates).sum();
    eprintln!(
        "Регион «{}»: {}, {}; {}",
        config.region.name,
        count_ru(
            checked.colleges.len() as i64,
            "колледж",
            "колледжа",
            "колледжей"
        ),
        count_ru(graduates as i64, "выпускник", "выпускника", "выпускников"),
        if failing.is_empty() {
            "у всех колледжей ошибок нет.".to_string()
        } else {
            format!("с ошибками: {} ({}).", failing.len(), failing.join(", "))
        }
    );
    eprintln!(
        "{}",
        totals_line(
            checked.count(Severity::Error) as i64,
            checked.count(Severity::Warning) as i64,
            checked.count(Severity::Info) as i64
        )
    );
}

/// `check --format json` of a region: `region`, `colleges` (one summary each), `findings`
/// (each with `college`, paths from the region's folder) and `summary`.
pub fn write_json(checked: &Checked, out: &mut dyn Write) -> std::io::Result<()> {
    write_json_with(checked, None, out)
}

/// The received workbooks of `data/incoming/<college>/` as `check` reports them.
struct Incoming {
    colleges: Vec<super::incoming::CollegeBooks>,
    loose: Vec<Finding>,
}

impl Incoming {
    fn read(root: &Path) -> Incoming {
        let (colleges, loose) = super::incoming::read(root);
        Incoming { colleges, loose }
    }

    fn print(&self) {
        if self.colleges.is_empty() && self.loose.is_empty() {
            return;
        }
        eprintln!("\n== Полученные книги колледжей (data/incoming) ==");
        print_findings(&self.loose);
        for c in &self.colleges {
            print_findings(&c.findings);
            eprintln!(
                "{}: {}; {}.",
                c.id,
                count_ru(c.files.len() as i64, "книга", "книги", "книг"),
                errors_warnings(c.count(Severity::Error), c.count(Severity::Warning)),
            );
        }
        eprintln!("Ошибки в полученных книгах не останавливают проверку региона: блок с ошибкой не входит в итоги сборки (reports/incoming.html). Сообщите колледжу, какие ячейки исправить.");
    }
}

/// [`write_json`], with the received workbooks' findings under `incoming` when given.
fn write_json_with(
    checked: &Checked,
    incoming: Option<&Incoming>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let colleges: Vec<JsonCollege> = checked
        .colleges
        .iter()
        .map(|c| JsonCollege {
            id: &c.college.id,
            path: &c.college.rel,
            name: c.name(),
            status: status(c),
            message: c.fatal.as_deref(),
            errors: c.count(Severity::Error) + usize::from(c.fatal.is_some()),
            warnings: c.count(Severity::Warning),
            info: c.count(Severity::Info),
            graduates: c.graduates(),
        })
        .collect();
    let own: Vec<JsonFinding> = checked
        .own
        .iter()
        .map(|f| JsonFinding {
            college: None,
            finding: f,
        })
        .collect();
    let per_college: Vec<(String, Vec<Finding>)> = checked
        .colleges
        .iter()
        .map(|c| (c.college.id.clone(), c.findings_from_region()))
        .collect();
    let mut findings = own;
    for (id, fs) in &per_college {
        findings.extend(fs.iter().map(|f| JsonFinding {
            college: Some(id),
            finding: f,
        }));
    }
    let failing: Vec<&str> = checked
        .failing()
        .iter()
        .map(|c| c.college.id.as_str())
        .collect();
    let incoming_findings: Vec<JsonFinding> = incoming.map_or_else(Vec::new, |i| {
        i.loose
            .iter()
            .map(|f| JsonFinding {
                college: None,
                finding: f,
            })
            .chain(i.colleges.iter().flat_map(|c| {
                c.findings.iter().map(|f| JsonFinding {
                    college: Some(&c.id),
                    finding: f,
                })
            }))
            .collect()
    });
    let mut report = serde_json::json!({
        "region": checked.config.as_ref().map(|c| &c.region),
        "colleges": colleges,
        "findings": findings,
        "summary": {
            "colleges": checked.colleges.len(),
            "failing": failing,
            "errors": checked.count(Severity::Error),
            "warnings": checked.count(Severity::Warning),
            "info": checked.count(Severity::Info),
            "graduates": checked.colleges.iter().map(CollegeRun::graduates).sum::<usize>(),
        },
    });
    if incoming.is_some() {
        // `incoming`: findings of the received workbooks, each with its college's folder.
        report["incoming"] = serde_json::json!(incoming_findings);
    }
    let mut w = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut w, &report).map_err(std::io::Error::from)?;
    writeln!(w)?;
    w.flush()
}
