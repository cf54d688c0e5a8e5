//! Findings: what `check` reports about a project (правило, важность, сообщение, место).
//!
//! Every stage that can find something wrong with the user's data returns findings as values
//! instead of stopping at the first problem, so that one run shows everything to fix.

use arcstr::ArcStr;
use serde::Serialize;
use std::fmt;
use std::path::Path;

/// How serious a finding is. Errors stop `build`; warnings and notes are only printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// The Russian word shown to the user.
    pub fn label_ru(self) -> &'static str {
        match self {
            Severity::Error => "ошибка",
            Severity::Warning => "предупреждение",
            Severity::Info => "сведение",
        }
    }
}

/// A place in a project file: path relative to the project root, 1-based line and column.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Place {
    /// Shared (`ArcStr`): the findings of one file, hundreds of thousands in a region, point at
    /// one copy of its path.
    pub file: ArcStr,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Place {
    pub fn file(file: impl Into<ArcStr>) -> Self {
        Place {
            file: file.into(),
            line: None,
            column: None,
        }
    }

    pub fn line(file: impl Into<ArcStr>, line: usize) -> Self {
        Place {
            file: file.into(),
            line: Some(line),
            column: None,
        }
    }

    pub fn at(file: impl Into<ArcStr>, line: usize, column: usize) -> Self {
        Place {
            file: file.into(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// One thing `check` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id, e.g. `track.conscription-disability`.
    pub rule: &'static str,
    pub severity: Severity,
    /// Russian message: what is wrong and what to do. Shared (`ArcStr`), and exactly as long
    /// as its text: a formatted `String` keeps up to half again as much room, and a region's
    /// messages run to a hundred megabytes.
    pub message: ArcStr,
    #[serde(flatten)]
    pub place: Place,
    /// The graduate's ID where the finding is about one graduate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graduate: Option<ArcStr>,
}

impl Finding {
    pub fn error(rule: &'static str, place: Place, message: impl Into<ArcStr>) -> Self {
        Finding {
            rule,
            severity: Severity::Error,
            message: message.into(),
            place,
            graduate: None,
        }
    }

    pub fn warning(rule: &'static str, place: Place, message: impl Into<ArcStr>) -> Self {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(rule, place, message)
        }
    }

    pub fn info(rule: &'static str, place: Place, message: impl Into<ArcStr>) -> Self {
        Finding {
            severity: Severity::Info,
            ..Finding::error(rule, place, message)
        }
    }

    pub fn with_graduate(mut self, id: impl Into<ArcStr>) -> Self {
        self.graduate = Some(id.into());
        self
    }

    /// Sort key that makes the output order stable: file, line, rule, message.
    fn sort_key(&self) -> (&Place, &str, &str) {
        (&self.place, self.rule, &self.message)
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} [{}]",
            self.place,
            self.severity.label_ru(),
            self.rule
        )?;
        if let Some(g) = &self.graduate {
            write!(f, " (выпускник {g})")?;
        }
        write!(f, "\n  {}", self.message)
    }
}

/// Message texts shared among a rule's findings. A region's rules write hundreds of thousands
/// of messages that differ only in a date or a channel (a hundred megabytes as separate
/// strings): each distinct text is kept once, and a repeated one's fresh copy goes back to
/// the allocator at once, to be used again for the next message.
#[derive(Default)]
pub struct Messages(std::collections::HashSet<ArcStr, rustc_hash::FxBuildHasher>);

impl Messages {
    /// The shared copy of `text`.
    pub fn share(&mut self, text: String) -> ArcStr {
        if let Some(shared) = self.0.get(text.as_str()) {
            return shared.clone();
        }
        let shared = ArcStr::from(text);
        self.0.insert(shared.clone());
        shared
    }
}

/// All findings of one run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Findings {
    items: Vec<Finding>,
}

impl Findings {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, f: Finding) {
        self.items.push(f);
    }

    pub fn extend(&mut self, fs: impl IntoIterator<Item = Finding>) {
        self.items.extend(fs);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|f| f.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|f| f.severity == severity).count()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by place, then rule; duplicates removed.
    /// Fill `column` where a rule knew only the file and line: the column of the line's first
    /// non-blank character, where the entry (a CSV record, a YAML key) starts. Files are read
    /// as bytes, once each; leading blanks are ASCII in UTF-8 and Windows-1251 alike, so the
    /// byte count is the character count. A file that cannot be read leaves `column` empty.
    pub fn with_columns(mut self, root: &Path) -> Self {
        // The lines wanted, by file: each file is read once and scanned only as far as its
        // last wanted line (a table of every line's column cost more than the rules did).
        let mut wanted: std::collections::BTreeMap<&str, Vec<usize>> =
            std::collections::BTreeMap::new();
        for f in &self.items {
            if let (Some(line), None) = (f.place.line, f.place.column) {
                if !f.place.file.is_empty() && line > 0 {
                    wanted.entry(&f.place.file).or_default().push(line);
                }
            }
        }
        let mut columns: std::collections::BTreeMap<String, Vec<(usize, usize)>> =
            std::collections::BTreeMap::new();
        for (file, mut lines) in wanted {
            lines.sort_unstable();
            lines.dedup();
            // Read through a small buffer rather than whole: the file (a cohort's tracks,
            // megabytes) was read by the loader already, and a fresh buffer of its size costs
            // more in new memory pages than the scan itself.
            let Ok(f) = std::fs::File::open(root.join(file)) else {
                continue;
            };
            let mut r = std::io::BufReader::with_capacity(1 << 16, f);
            columns.insert(file.to_string(), leading_blanks(&mut r, &lines));
        }
        for f in &mut self.items {
            if let (Some(line), None) = (f.place.line, f.place.column) {
                f.place.column = columns.get(f.place.file.as_str()).and_then(|c| {
                    c.binary_search_by_key(&line, |&(l, _)| l)
                        .ok()
                        .map(|i| 1 + c[i].1)
                });
            }
        }
        self
    }

    pub fn sorted(mut self) -> Vec<Finding> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Finding> {
        self.items.iter()
    }
}

/// A path shown to the user: relative to the project root, with `/` separators, so that
/// messages and output never contain absolute paths of the machine.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// An operating-system error in Russian: what happened and, where it helps, what to do.
/// The system's own (English) text follows in brackets for whoever helps the user.
pub fn io_error_ru(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "файл или папка не найдены",
        K::PermissionDenied => {
            "нет прав доступа: проверьте права на папку или закройте программу, которая держит файл"
        }
        K::ReadOnlyFilesystem => "диск доступен только для чтения: выберите другую папку",
        K::StorageFull | K::QuotaExceeded => {
            "на диске не хватает места: освободите место или выберите другой диск"
        }
        K::FileTooLarge => "файл слишком велик для этого диска",
        K::AlreadyExists => "файл или папка уже существуют",
        K::DirectoryNotEmpty => "папка не пуста",
        K::IsADirectory => "это папка, а не файл",
        K::NotADirectory => "это файл, а не папка",
        K::CrossesDevices => "папки на разных дисках",
        K::InvalidData => {
            "файл не в ожидаемом формате (например, не в кодировке UTF-8) или повреждён"
        }
        K::UnexpectedEof => "файл обрывается раньше, чем должен",
        K::Interrupted | K::TimedOut => "операция прервана",
        _ => "ошибка ввода-вывода",
    };
    format!("{what} ({e})")
}

/// The nearest of `candidates` to `word`, for "did you mean" hints.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 3.max(c.chars().count() / 3))
        .min()
        .map(|(_, c)| c)
}

/// The number of blanks (spaces, tabs) that start each of `lines` (1-based, sorted, without
/// repeats) of `r`, for the lines that exist; stops at the last line wanted or at a read error.
fn leading_blanks(r: &mut impl std::io::BufRead, lines: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(lines.len());
    let mut line = 1;
    for &want in lines {
        while line < want {
            match skip_line(r) {
                Ok(true) => line += 1,
                _ => return out,
            }
        }
        let mut blanks = 0;
        loop {
            let Ok(buf) = r.fill_buf() else {
                return out;
            };
            let n = buf.iter().take_while(|&&b| b == b' ' || b == b'\t').count();
            let more = n == buf.len() && n > 0;
            blanks += n;
            r.consume(n);
            if !more {
                break;
            }
        }
        out.push((want, blanks));
    }
    out
}

/// Consume `r` up to and including the next newline; `false` at the end without one.
fn skip_line(r: &mut impl std::io::BufRead) -> std::io::Result<bool> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        match memchr::memchr(b'\n', buf) {
            Some(i) => {
                r.consume(i + 1);
                return Ok(true);
            }
            None => {
                let n = buf.len();
                r.consume(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_messages_are_one_copy() {
        let mut m = Messages::default();
        let a = m.share(format!("Статус «ЦЗН» от {}", "01.08.2023"));
        let b = m.share(format!("Статус «ЦЗН» от {}", "01.08.2023"));
        let c = m.share(format!("Статус «ЦЗН» от {}", "02.08.2023"));
        assert!(ArcStr::ptr_eq(&a, &b));
        assert!(!ArcStr::ptr_eq(&a, &c));
        assert_eq!(c, "Статус «ЦЗН» от 02.08.2023");
    }

    #[test]
    fn columns_are_filled_from_the_line_where_only_the_line_is_known() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.yaml"), "top:\n  key: 1\n").expect("write");
        let mut fs = Findings::new();
        fs.push(Finding::warning("x.a", Place::line("a.yaml", 2), "м"));
        fs.push(Finding::warning("x.b", Place::at("a.yaml", 1, 5), "м"));
        fs.push(Finding::warning("x.c", Place::line("missing.yaml", 1), "м"));
        fs.push(Finding::warning("x.d", Place::line("a.yaml", 99), "м"));
        let got = fs.with_columns(dir.path()).sorted();
        let col = |rule: &str| {
            got.iter()
                .find(|f| f.rule == rule)
                .and_then(|f| f.place.column)
        };
        assert_eq!(col("x.a"), Some(3));
        assert_eq!(col("x.b"), Some(5), "a known column is kept");
        assert_eq!(col("x.c"), None, "an unreadable file leaves it empty");
        assert_eq!(col("x.d"), None, "a line past the end leaves it empty");
    }

    #[test]
    fn leading_blanks_are_counted_across_buffer_ends() {
        let text: &[u8] = b"a\n      deep\r\n\t x\n\nlast";
        // A buffer of 3 bytes splits every line and run of blanks.
        for cap in [1, 3, 64] {
            let mut r = std::io::BufReader::with_capacity(cap, text);
            assert_eq!(
                leading_blanks(&mut r, &[1, 2, 3, 4, 5, 6]),
                [(1, 0), (2, 6), (3, 2), (4, 0), (5, 0)],
                "buffer of {cap}"
            );
        }
        let mut r = std::io::BufReader::with_capacity(3, text);
        assert_eq!(leading_blanks(&mut r, &[3]), [(3, 2)], "lines skipped");
    }

    #[test]
    fn findings_sort_by_place_then_rule() {
        let mut fs = Findings::new();
        fs.push(Finding::error("b", Place::line("x.csv", 9), "m"));
        fs.push(Finding::warning("z", Place::line("x.csv", 2), "m"));
        // Same place: the rule id decides, then the message.
        fs.push(Finding::warning("a", Place::line("x.csv", 2), "n"));
        fs.push(Finding::warning("a", Place::line("x.csv", 2), "m"));
        // An exact repeat is reported once.
        fs.push(Finding::error("b", Place::line("x.csv", 9), "m"));
        fs.push(Finding::error("b", Place::line("a.csv", 9), "m"));
        let v: Vec<_> = fs
            .sorted()
            .into_iter()
            .map(|f| (f.place.to_string(), f.rule, f.message.to_string()))
            .collect();
        let want = [
            ("a.csv:9", "b", "m"),
            ("x.csv:2", "a", "m"),
            ("x.csv:2", "a", "n"),
            ("x.csv:2", "z", "m"),
            ("x.csv:9", "b", "m"),
        ];
        assert_eq!(v, want.map(|(p, r, m)| (p.to_string(), r, m.to_string())));
    }

    #[test]
    fn nearest_suggests_typos_only() {
        assert_eq!(
            nearest("acadmic_year", ["academic_year", "theme"]),
            Some("academic_year")
        );
        assert_eq!(nearest("zzz", ["academic_year"]), None);
    }

    #[test]
    fn io_errors_are_russian() {
        let e = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert!(io_error_ru(&e).starts_with("на диске не хватает места"));
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(io_error_ru(&e).starts_with("нет прав доступа"));
    }

    #[test]
    fn display_has_file_line_column() {
        let f = Finding::error("config.unknown-key", Place::at("vypusk.yaml", 3, 1), "Нет");
        assert!(f
            .to_string()
            .starts_with("vypusk.yaml:3:1: ошибка [config.unknown-key]"));
    }
}
