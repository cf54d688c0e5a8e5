//! `tracks-YYYY`: career track entries.

use super::*;
use jiff::civil::Date;

/// Columns of `tracks-YYYY`.
pub const TRACK_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        title: "ID",
        aliases: &["Идентификатор", "Код выпускника", "№ выпускника", "id"],
        required: true,
    },
    ColumnSpec {
        title: "Дата",
        aliases: &["date", "Дата записи", "Дата статуса"],
        required: true,
    },
    ColumnSpec {
        title: "Вид",
        aliases: &["Вид данных", "Тип", "kind"],
        required: true,
    },
    ColumnSpec {
        title: "Канал",
        aliases: &["Канал занятости", "Статус", "channel", "status"],
        required: true,
    },
    ColumnSpec {
        title: "Предприятие",
        aliases: &["Организация", "Работодатель", "enterprise", "employer"],
        required: false,
    },
    ColumnSpec {
        title: "ИНН",
        aliases: &["ИНН предприятия", "inn"],
        required: false,
    },
    ColumnSpec {
        title: "ОПК",
        aliases: &["Предприятие ОПК", "opk"],
        required: false,
    },
    ColumnSpec {
        title: "Должность",
        aliases: &["Профессия (должность)", "position", "job"],
        required: false,
    },
    ColumnSpec {
        title: "Документ",
        aliases: &["Подтверждающий документ", "document"],
        required: false,
    },
];

/// The columns of `tracks-YYYY` by name: their places in [`TRACK_COLUMNS`].
mod col {
    pub const ID: usize = 0;
    pub const DATE: usize = 1;
    pub const KIND: usize = 2;
    pub const CHANNEL: usize = 3;
    pub const ENTERPRISE: usize = 4;
    pub const INN: usize = 5;
    pub const OPK: usize = 6;
    pub const POSITION: usize = 7;
    pub const DOCUMENT: usize = 8;
}

/// Read the tracks file into `cohort.tracks`.
pub fn read_tracks(
    root: &Path,
    path: &Path,
    sheet: Option<&str>,
    cohort: &mut Cohort,
    findings: &mut Findings,
) {
    let index: HashMap<&str, u32, FastHash> = cohort
        .graduates
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i as u32))
        .collect();
    let gfile = cohort.graduates_file.as_str();
    let hints: std::sync::Mutex<HashMap<String, String>> = Default::default();
    // (graduate index, line) of rows rejected for a graduate that exists.
    let rejected: std::sync::Mutex<Vec<(u32, u32)>> = Default::default();
    let pieces = read_rows_in_pieces(
        root,
        path,
        TRACK_COLUMNS,
        sheet,
        findings,
        |row, file, fs| {
            let id = row.get(col::ID);
            let at = || Place::line(file, row.line);
            if id.is_empty() {
                fs.push(Finding::error(
                    "monitoring.empty-id",
                    at(),
                    "В записи трека не указан ID выпускника: запись не учтена. Заполните столбец «ID».",
                ));
                return None;
            }
            let Some(idx) = fs.find_like_last(id, |id| index.get(id).copied()) else {
                fs.push(
                    Finding::error(
                        "monitoring.unknown-id",
                        at(),
                        format!("Выпускника с ID «{id}» нет в списке {gfile}: запись не учтена. Исправьте ID или добавьте выпускника в список."),
                    )
                    .with_graduate(id),
                );
                return None;
            };
            let mut report = |f: Finding| fs.push(f.with_graduate(id));
            // Every field is read, so that one row shows all its mistakes.
            let date = read_date(row, &at, &mut report);
            let kind = read_kind(row, &at, &mut report);
            let channel = read_channel(row, &at, &hints, &mut report);
            if let (Some(kind), Some(channel)) = (kind, channel) {
                forecast_column_on_actual(row, kind, channel, &at, &mut report);
            }
            let opk = read_opk(row, &at, &mut report);
            let line = u32::try_from(row.line).unwrap_or(u32::MAX);
            let (Some(date), Some(kind), Some(channel), Some(opk)) = (date, kind, channel, opk)
            else {
                rejected
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((idx, line));
                return None;
            };
            Some(TrackEntry {
                date,
                kind,
                channel,
                enterprise: fs.intern_cell(col::ENTERPRISE, row.get(col::ENTERPRISE)),
                inn: fs.intern_cell(col::INN, row.get(col::INN)),
                opk,
                position: fs.intern_cell(col::POSITION, row.get(col::POSITION)),
                // Documents are mostly unique: not worth interning; but most rows have
                // none, and the shared empty string spares an allocation per row.
                document: match row.get(col::DOCUMENT) {
                    "" => fs.intern(""),
                    d => d.into(),
                },
                line,
                graduate: idx,
                rule5: Default::default(),
            })
        },
    );
    let mut rejected = rejected.into_inner().unwrap_or_else(|e| e.into_inner());
    rejected.sort_unstable();
    // A row read twice (a piece cut inside a quoted cell is read again with the next one)
    // is rejected once.
    rejected.dedup();
    for (i, line) in rejected {
        cohort.rejected.entry(i as usize).or_default().push(line);
    }
    let Some(pieces) = pieces else {
        return;
    };
    let mut pieces = pieces;
    // A graduate's rows usually stand together: such a run is the whole track, sorted where
    // it lies and shared from there (no second copy of two million entries). The runs of
    // each piece, each sorted in place: (graduate, start, end).
    let runs: Vec<Vec<(u32, usize, usize)>> = pieces
        .par_iter_mut()
        .map(|piece| {
            let mut runs = Vec::new();
            let mut start = 0;
            while start < piece.len() {
                let g = piece[start].graduate;
                let end = start
                    + piece[start..]
                        .iter()
                        .take_while(|e| e.graduate == g)
                        .count();
                piece[start..end].sort_by_key(|e| (e.date, e.line));
                runs.push((g, start, end));
                start = end;
            }
            runs
        })
        .collect();
    // A graduate with one run has it whole; the runs of one whose rows are spread over the
    // file (or across the cut between two pieces) are copied into its own track, in file
    // order, and sorted there.
    let mut run_count = vec![0u32; cohort.graduates.len()];
    for &(g, _, _) in runs.iter().flatten() {
        run_count[g as usize] += 1;
    }
    for (piece, runs) in pieces.into_iter().zip(runs) {
        let piece = std::sync::Arc::new(piece);
        for (g, start, end) in runs {
            let track = &mut cohort.tracks[g as usize];
            if run_count[g as usize] == 1 {
                *track = CareerTrack::shared(piece.clone(), start..end);
            } else {
                track.entries_mut().extend_from_slice(&piece[start..end]);
            }
        }
    }
    cohort
        .tracks
        .par_iter_mut()
        .zip(run_count.par_iter())
        .filter(|(_, runs)| **runs > 1)
        .for_each(|(t, _)| t.sort());
}

/// `Дата`: the date of the entry.
fn read_date(row: &Row, at: &dyn Fn() -> Place, report: &mut dyn FnMut(Finding)) -> Option<Date> {
    parse_date(row.get(col::DATE))
        .map_err(|e| {
            report(Finding::error(
                "monitoring.bad-date",
                at(),
                format!("Дата записи: {e}."),
            ))
        })
        .ok()
}

/// `Вид`: «факт» or «прогноз».
fn read_kind(
    row: &Row,
    at: &dyn Fn() -> Place,
    report: &mut dyn FnMut(Finding),
) -> Option<EntryKind> {
    let text = row.get(col::KIND);
    let kind = EntryKind::parse(text);
    if kind.is_none() {
        report(Finding::error(
            "monitoring.bad-kind",
            at(),
            format!("В столбце «Вид» значение «{text}», а допустимо «факт» или «прогноз»."),
        ));
    }
    kind
}

/// `Канал`: a channel's name (in any of its spellings) or its form-1 column number.
/// "Did you mean" hints cost a Levenshtein pass over every variant: each is computed once in
/// `hints`, so a file with many copies of one wrong channel stays fast.
fn read_channel(
    row: &Row,
    at: &dyn Fn() -> Place,
    hints: &std::sync::Mutex<HashMap<String, String>>,
    report: &mut dyn FnMut(Finding),
) -> Option<Channel> {
    let text = row.get(col::CHANNEL);
    let channel = Channel::parse_memo(text);
    if channel.is_none() {
        let n = normalize(text);
        let hint = {
            let mut cache = hints.lock().unwrap_or_else(|e| e.into_inner());
            cache
                .entry(n.clone())
                .or_insert_with(|| match nearest(&n, Channel::variants()) {
                    Some(s) => format!(" Возможно, имелось в виду «{s}»."),
                    None => String::new(),
                })
                .clone()
        };
        report(Finding::error(
            "monitoring.unknown-channel",
            at(),
            format!(
                "Неизвестный канал занятости «{text}».{hint} Допустимы наименования граф 06–21 формы 1 (например, «Трудоустроен», «ИП», «Самозанятый», «Продолжил обучение», «Призыв в ВС РФ», «Декретный отпуск», «ЦЗН», «Риск нетрудоустройства») или номер графы."
            ),
        ));
    }
    channel
}

/// A forecast column (22–27) written as the channel of an actual entry: kept as the actual
/// status, with a warning.
fn forecast_column_on_actual(
    row: &Row,
    kind: EntryKind,
    channel: Channel,
    at: &dyn Fn() -> Place,
    report: &mut dyn FnMut(Finding),
) {
    let Some(column) = forecast_column_written(row.get(col::CHANNEL)) else {
        return;
    };
    if kind != EntryKind::Actual {
        return;
    }
    report(Finding::warning(
        "monitoring.forecast-column-actual",
        at(),
        format!(
            "Графа {column} («{}») — прогноз, а запись фактическая («Вид» = «{}»): запись учтена как фактический статус «{}». Укажите графу фактического статуса ({:02}) или название канала, либо «прогноз» в столбце «Вид».",
            crate::model::channel::column_label(column),
            row.get(col::KIND),
            channel.label_ru(),
            channel.column()
        ),
    ));
}

/// `ОПК`: «да», «нет» or empty.
fn read_opk(row: &Row, at: &dyn Fn() -> Place, report: &mut dyn FnMut(Finding)) -> Option<bool> {
    let text = row.get(col::OPK);
    let opk = parse_yes_no(text);
    if opk.is_none() {
        report(Finding::error(
            "monitoring.bad-yes-no",
            at(),
            format!("В столбце «ОПК» значение «{text}», а допустимо только «да» или «нет»."),
        ));
    }
    opk
}

/// The forecast column («будут …», 22–27) when `Канал` is written as one (`22`, `гр.22`).
pub(super) fn forecast_column_written(s: &str) -> Option<u8> {
    let t = s.trim();
    let t = ["гр", "Гр", "ГР"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .map_or(t, |r| r.trim_start_matches(['.', ' ']));
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<u8>().ok().filter(|c| (22..=27).contains(c))
}

#[cfg(test)]
mod tests {
    use super::{col, read_tracks, TRACK_COLUMNS};
    use crate::model::monitoring::Cohort;

    /// A cohort of graduates `ids` with its tracks read from `text` (a `tracks-2023.csv`).
    fn read_cohort(text: &str, ids: &[&str]) -> (Cohort, crate::diag::Findings) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("tracks-2023.csv"), text).expect("write");
        let mut cohort = Cohort {
            year: 2023,
            graduates_file: "graduates-2023.csv".into(),
            tracks_file: "tracks-2023.csv".into(),
            graduates: ids
                .iter()
                .map(|id| crate::compute::status::tests::grad(id))
                .collect(),
            tracks: vec![Default::default(); ids.len()],
            contingent: None,
            rejected: Default::default(),
        };
        let mut findings = crate::diag::Findings::new();
        read_tracks(
            dir.path(),
            &dir.path().join("tracks-2023.csv"),
            None,
            &mut cohort,
            &mut findings,
        );
        (cohort, findings)
    }

    /// A file of two pieces (over 1 MiB) whose cut falls inside a quoted cell: the first
    /// piece is read again with the second, and its rejected row is listed once.
    #[test]
    fn a_row_read_again_is_rejected_once() {
        let mut text = String::from("ID;Дата;Вид;Канал;Предприятие;ИНН;ОПК;Должность;Документ\n");
        text.push_str("1;31.02.2023;факт;ЦЗН;;;;;\n");
        // Every line break but the rows' own is inside a quoted cell, most bytes before it.
        let filler = "ж".repeat(60);
        while text.len() < 2_400_000 {
            text.push_str(&format!(
                "1;01.08.2023;факт;ЦЗН;;;;;\"Справка {filler}\n№ 1\"\n"
            ));
        }
        let (cohort, findings) = read_cohort(&text, &["1"]);
        assert_eq!(cohort.rejected_lines(0), [2]);
        assert!(cohort.tracks[0].entries().len() > 10_000);
        assert_eq!(
            findings
                .iter()
                .filter(|f| f.rule == "monitoring.bad-date")
                .count(),
            1
        );
    }

    /// Tracks are the same whether a graduate's rows stand together (shared where they lie),
    /// are spread over the file, or run across the cut between two pieces (copied): each
    /// holds exactly its rows, sorted by date, then line.
    #[test]
    fn tracks_hold_their_rows_in_order_wherever_they_stand() {
        let mut text = String::from("ID;Дата;Вид;Канал;Предприятие;ИНН;ОПК;Должность;Документ\n");
        let n = 3_000;
        let mut rows: Vec<(usize, (i8, i8), u32)> = Vec::new();
        let mut push = |g: usize, k: usize, text: &mut String| {
            let date = (1 + (k * 7 + g) % 28, 7 + (k * 5 + g) % 6);
            text.push_str(&format!(
                "{g};{:02}.{:02}.2023;факт;Трудоустроен;АО «Завод»;;нет;Сварщик;\n",
                date.0, date.1
            ));
            rows.push((g, (date.1 as i8, date.0 as i8), rows.len() as u32 + 2));
        };
        for g in 0..n {
            if g == n / 2 {
                // One graduate with a run long enough to cross the cut between pieces.
                for k in 0..60_000 {
                    push(n, k, &mut text);
                }
            }
            // Graduate 0 also has rows here and there; the others stand together.
            if g % 1000 == 999 {
                push(0, g, &mut text);
            }
            for k in 0..3 {
                push(g, k, &mut text);
            }
        }
        assert!(text.len() > 4_000_000, "several pieces");
        let ids: Vec<String> = (0..=n).map(|g| g.to_string()).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let (cohort, findings) = read_cohort(&text, &ids);
        assert!(findings.is_empty());
        for g in 0..=n {
            let mut want: Vec<((i8, i8), u32)> = rows
                .iter()
                .filter(|r| r.0 == g)
                .map(|r| (r.1, r.2))
                .collect();
            want.sort();
            let got: Vec<((i8, i8), u32)> = cohort.tracks[g]
                .entries()
                .iter()
                .map(|e| ((e.date.month(), e.date.day()), e.line))
                .collect();
            assert_eq!(got, want, "graduate {g}");
            assert!(cohort.tracks[g]
                .entries()
                .iter()
                .all(|e| e.graduate as usize == g));
        }
        assert_eq!(cohort.tracks[0].entries().len(), 3 + 3);
    }

    #[test]
    fn named_columns_are_the_columns_of_the_spec() {
        for (c, title) in [
            (col::ID, "ID"),
            (col::DATE, "Дата"),
            (col::KIND, "Вид"),
            (col::CHANNEL, "Канал"),
            (col::ENTERPRISE, "Предприятие"),
            (col::INN, "ИНН"),
            (col::OPK, "ОПК"),
            (col::POSITION, "Должность"),
            (col::DOCUMENT, "Документ"),
        ] {
            assert_eq!(TRACK_COLUMNS[c].title, title);
        }
        assert_eq!(TRACK_COLUMNS.len(), 9);
    }
}
