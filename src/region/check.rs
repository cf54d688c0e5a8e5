//! `vypusk check` over a region: every college checked (in parallel), findings grouped by
//! college with a summary line each, then the regional total. JSON names the college on every
//! finding. A college that fails to load is reported and the rest goes on.

use super::{CollegeRun, Depth, RegionConfig};
use crate::cmd::{print_findings, totals_line, OutputFormat, EXIT_FATAL, EXIT_FINDINGS, EXIT_OK};
use crate::diag::{Finding, Severity};
use crate::format::count_ru;
use jiff::civil::Date;
use rayon::prelude::*;
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

/// A finding of `check --format json` over a region: the college's id, then the finding,
/// its file's path from the region's folder (`dir/` before it, for a college's finding).
///
/// Printed with its keys in alphabetical order, as serde_json's `Value` (without
/// `preserve_order`) prints the rest of the report: written straight from the finding, not
/// through a `Value` (that took a map and a copy of every string for each of 300,000
/// findings of a region).
struct JsonFinding<'a> {
    college: Option<&'a str>,
    dir: Option<&'a str>,
    finding: &'a Finding,
}

impl Serialize for JsonFinding<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let f = self.finding;
        let mut m = s.serialize_map(None)?;
        if let Some(c) = self.college {
            m.serialize_entry("college", c)?;
        }
        m.serialize_entry("column", &f.place.column)?;
        match self.dir {
            Some(dir) => m.serialize_entry("file", &InDir(dir, &f.place.file))?,
            None => m.serialize_entry("file", &f.place.file)?,
        }
        if let Some(g) = &f.graduate {
            m.serialize_entry("graduate", g)?;
        }
        m.serialize_entry("line", &f.place.line)?;
        m.serialize_entry("message", &f.message)?;
        m.serialize_entry("rule", f.rule)?;
        m.serialize_entry("severity", &f.severity)?;
        m.end()
    }
}

/// `dir/file` as one string, without making it.
struct InDir<'a>(&'a str, &'a str);

impl Serialize for InDir<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}/{}", self.0, self.1))
    }
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
            let written = report_json(&checked, Some(&incoming))
                .and_then(|report| report.write_to(&mut out))
                .and_then(|()| out.flush());
            if let Err(e) = written {
                eprintln!("vypusk: {}", crate::diag::io_error_ru(&e));
                return EXIT_FATAL;
            }
        }
        OutputFormat::Text => {
            print_text(&checked);
            incoming.print();
        }
    }
    // The process ends with this command: the OS takes the colleges' data back at once
    // (freed piece by piece, they kept a core busy at the end).
    std::mem::forget(checked);
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
    report_json(checked, None)?.write_to(out)
}

/// The region's `reports/findings.json` (what [`write_json`] writes), in its pieces.
pub(crate) fn findings_report(checked: &Checked) -> std::io::Result<ReportJson<'_>> {
    report_json(checked, None)
}

/// The bytes of [`write_json`] (the region's `reports/findings.json`).
pub(crate) fn findings_json(checked: &Checked) -> std::io::Result<Vec<u8>> {
    report_json(checked, None)?.to_vec()
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

/// The report of [`write_json`], with the received workbooks' findings under `incoming`
/// when given.
///
/// The file is serde_json's pretty print of one object (keys in order), but the `findings`
/// array — nearly all of it — is spliced in from parts: the region's own findings, then each
/// college's part as kept in its run ([`CollegeRun::findings_json`]), so that `serve` after
/// an edit of one college serializes that college's findings only. The bytes are those of
/// the whole report printed at once (tested).
fn report_json<'a>(
    checked: &'a Checked,
    incoming: Option<&Incoming>,
) -> std::io::Result<ReportJson<'a>> {
    // Each college's part, made in parallel where not kept yet.
    let parts: Vec<Result<&[u8], String>> = checked
        .colleges
        .par_iter()
        .map(CollegeRun::findings_json)
        .collect();
    let own = part(checked.own.iter().map(|f| JsonFinding {
        college: None,
        dir: None,
        finding: f,
    }))?;
    let mut colleges = Vec::with_capacity(parts.len());
    for p in parts {
        colleges.push(p.map_err(std::io::Error::other)?);
    }
    let head = report_without_findings(checked, incoming)?;
    let at = head
        .windows(FINDINGS_KEY.len())
        .position(|x| x == FINDINGS_KEY)
        .ok_or_else(|| std::io::Error::other("findings.json: нет места для замечаний"))?
        + FINDINGS_KEY.len()
        - 1;
    Ok(ReportJson {
        head,
        at,
        own,
        colleges,
    })
}

/// Where the (empty) findings array stands in the pretty print of the report: a key of the
/// top object is the only thing at two spaces' indent, and a string never holds a raw
/// newline or an unescaped quote.
const FINDINGS_KEY: &[u8] = b"\n  \"findings\": []";

/// The region's JSON report in its pieces: the report with an empty `findings` array
/// (`head`, the array's `]` at `at`), the region's own findings and each college's part
/// (as [`part`] makes them). Written out piece by piece: the whole is 67 MB for 100
/// colleges × 3,000 graduates, and a buffer that size costs as much in fresh pages as
/// serializing it.
pub(crate) struct ReportJson<'a> {
    head: Vec<u8>,
    at: usize,
    own: Vec<u8>,
    colleges: Vec<&'a [u8]>,
}

impl ReportJson<'_> {
    /// The report's bytes, the `findings` array filled (empty parts skipped).
    pub(crate) fn write_to(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let parts = std::iter::once(self.own.as_slice())
            .chain(self.colleges.iter().copied())
            .filter(|p| !p.is_empty());
        let (before, after) = self.head.split_at(self.at);
        w.write_all(before)?;
        let mut any = false;
        for p in parts {
            w.write_all(if any { b",\n" } else { b"\n" })?;
            w.write_all(p)?;
            any = true;
        }
        if any {
            w.write_all(b"\n  ")?;
        }
        w.write_all(after)
    }

    /// [`ReportJson::write_to`] into one buffer of the final size.
    pub(crate) fn to_vec(&self) -> std::io::Result<Vec<u8>> {
        let size = self.head.len()
            + self.own.len()
            + self.colleges.iter().map(|p| p.len() + 2).sum::<usize>()
            + 8;
        let mut out = Vec::with_capacity(size);
        self.write_to(&mut out)?;
        Ok(out)
    }
}

/// One run of findings as they stand in the `findings` array of the pretty-printed report:
/// each finding printed as a value (its keys in order, as the whole report prints them) and
/// indented to the array's depth, joined by «,\n»; empty for none.
fn part<'a>(items: impl Iterator<Item = JsonFinding<'a>>) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut one = Vec::new();
    for item in items {
        one.clear();
        serde_json::to_writer_pretty(&mut one, &item)?;
        if !out.is_empty() {
            out.extend_from_slice(b",\n");
        }
        // The printer's own newlines only: a string's newline is written as «\n».
        for (i, line) in one.split(|&b| b == b'\n').enumerate() {
            if i > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(b"    ");
            out.extend_from_slice(line);
        }
    }
    Ok(out)
}

/// A college's part of the `findings` array (paths from the region's folder).
pub(super) fn findings_part(c: &CollegeRun) -> Result<Vec<u8>, String> {
    part(c.findings.iter().map(|f| JsonFinding {
        college: Some(&c.college.id),
        dir: Some(&c.college.rel),
        finding: f,
    }))
    .map_err(|e| crate::diag::io_error_ru(&e))
}

/// The pretty-printed report with an empty `findings` array.
fn report_without_findings(
    checked: &Checked,
    incoming: Option<&Incoming>,
) -> std::io::Result<Vec<u8>> {
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
                dir: None,
                finding: f,
            })
            .chain(i.colleges.iter().flat_map(|c| {
                c.findings.iter().map(|f| JsonFinding {
                    college: Some(&c.id),
                    dir: None,
                    finding: f,
                })
            }))
            .collect()
    });
    let mut report = serde_json::json!({
        "region": checked.config.as_ref().map(|c| &c.region),
        "colleges": colleges,
        "findings": [],
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
    let mut head = serde_json::to_vec_pretty(&report)?;
    head.push(b'\n');
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Place;

    fn run(id: &str, findings: Vec<Finding>) -> CollegeRun {
        CollegeRun {
            college: super::super::CollegeRef {
                id: id.into(),
                rel: format!("colleges/{id}"),
                root: std::path::PathBuf::from(format!("colleges/{id}")),
            },
            project: None,
            findings,
            fatal: None,
            json: std::sync::OnceLock::new(),
        }
    }

    /// The report printed as one value, as `findings.json` was made before it was spliced:
    /// each finding as its own `Serialize` gives it, the college added.
    fn whole(checked: &Checked) -> Vec<u8> {
        fn value(college: Option<&str>, f: &Finding) -> serde_json::Value {
            let mut v = serde_json::to_value(f).unwrap();
            if let Some(c) = college {
                v["college"] = c.into();
            }
            v
        }
        let mut findings: Vec<serde_json::Value> =
            checked.own.iter().map(|f| value(None, f)).collect();
        for c in &checked.colleges {
            for f in c.findings_from_region() {
                findings.push(value(Some(&c.college.id), &f));
            }
        }
        let head = report_without_findings(checked, None).unwrap();
        let mut report: serde_json::Value = serde_json::from_slice(&head).unwrap();
        report["findings"] = serde_json::Value::Array(findings);
        let mut out = serde_json::to_vec_pretty(&report).unwrap();
        out.push(b'\n');
        out
    }

    fn spliced(checked: &Checked) -> Vec<u8> {
        let mut out = Vec::new();
        write_json(checked, &mut out).unwrap();
        out
    }

    #[test]
    fn spliced_findings_are_the_report_printed_whole() {
        let tricky = Finding {
            graduate: Some("Г-17".into()),
            ..Finding::warning(
                "track.gap",
                Place::at("data/monitoring/tracks-2023.csv", 12, 3),
                "Строка «с кавычками \"внутри\"»\nи переводом строки,\n  \"findings\": [] — не ключ.",
            )
        };
        let own = Finding::error("region.config", Place::line("vypusk.yaml", 2), "Ошибка.");
        let mut checked = Checked {
            config: None,
            own: vec![own],
            colleges: vec![
                run("a", vec![tricky.clone()]),
                run("b", Vec::new()),
                run(
                    "c",
                    vec![
                        Finding::info("site.note", Place::file("content/a.md"), "Сведение."),
                        tricky,
                    ],
                ),
            ],
        };
        assert_eq!(
            String::from_utf8(spliced(&checked)).unwrap(),
            String::from_utf8(whole(&checked)).unwrap()
        );
        // No findings at all: an empty array, as printed whole.
        checked.own.clear();
        for c in &mut checked.colleges {
            c.set_findings(Vec::new());
        }
        let empty = spliced(&checked);
        assert_eq!(empty, whole(&checked));
        assert!(String::from_utf8(empty)
            .unwrap()
            .contains("\n  \"findings\": [],\n"));
    }

    #[test]
    fn a_college_s_part_is_made_again_when_its_findings_change() {
        let mut checked = Checked {
            config: None,
            own: Vec::new(),
            colleges: vec![run("a", Vec::new()), run("b", Vec::new())],
        };
        let before = spliced(&checked);
        let note = Finding::warning("site.outdated-page", Place::file("content/a.md"), "Старая.");
        assert!(checked.colleges[1].set_findings(vec![note.clone()]));
        assert!(!checked.colleges[1].set_findings(vec![note]));
        let after = spliced(&checked);
        assert_ne!(before, after);
        assert_eq!(after, whole(&checked));
        assert!(String::from_utf8(after)
            .unwrap()
            .contains("\"file\": \"colleges/b/content/a.md\""));
    }
}
