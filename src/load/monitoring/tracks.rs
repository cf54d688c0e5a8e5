//! `tracks-YYYY`: career track entries.

use super::*;

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

/// Read the tracks file into `cohort.tracks`.
pub fn read_tracks(
    root: &Path,
    path: &Path,
    sheet: Option<&str>,
    cohort: &mut Cohort,
    findings: &mut Findings,
) {
    let index: HashMap<&str, u32, FnvBuild> = cohort
        .graduates
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i as u32))
        .collect();
    let gfile = cohort.graduates_file.as_str();
    // "Did you mean" hints cost a Levenshtein pass over every variant: compute each once, so a
    // file with many copies of one wrong channel stays fast.
    let hints: std::sync::Mutex<HashMap<String, String>> = Default::default();
    // (graduate index, line) of rows rejected for a graduate that exists.
    let rejected: std::sync::Mutex<Vec<(u32, u32)>> = Default::default();
    let rows = read_rows(
        root,
        path,
        TRACK_COLUMNS,
        sheet,
        findings,
        |row, file, fs| {
            let id = row.get(0);
            let at = || Place::line(file, row.line);
            if id.is_empty() {
                fs.push(Finding::error(
                "monitoring.empty-id",
                at(),
                "В записи трека не указан ID выпускника: запись не учтена. Заполните столбец «ID».",
            ));
                return None;
            }
            let Some(&idx) = index.get(id) else {
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
            let mut ok = true;
            let date = match parse_date(row.get(1)) {
                Ok(d) => Some(d),
                Err(e) => {
                    fs.push(
                        Finding::error("monitoring.bad-date", at(), format!("Дата записи: {e}."))
                            .with_graduate(id),
                    );
                    ok = false;
                    None
                }
            };
            let kind_text = row.get(2);
            let kind = EntryKind::parse(kind_text);
            if kind.is_none() {
                fs.push(
                Finding::error(
                    "monitoring.bad-kind",
                    at(),
                    format!("В столбце «Вид» значение «{kind_text}», а допустимо «факт» или «прогноз»."),
                )
                .with_graduate(id),
            );
                ok = false;
            }
            let ch_text = row.get(3);
            let channel = Channel::parse_memo(ch_text);
            if channel.is_none() {
                let n = normalize(ch_text);
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
                fs.push(
                Finding::error(
                    "monitoring.unknown-channel",
                    at(),
                    format!(
                        "Неизвестный канал занятости «{ch_text}».{hint} Допустимы наименования граф 06–21 формы 1 (например, «Трудоустроен», «ИП», «Самозанятый», «Продолжил обучение», «Призыв в ВС РФ», «Декретный отпуск», «ЦЗН», «Риск нетрудоустройства») или номер графы."
                    ),
                )
                .with_graduate(id),
            );
                ok = false;
            }
            if let (Some(EntryKind::Actual), Some(ch), Some(col)) =
                (kind, channel, forecast_column_written(ch_text))
            {
                fs.push(
                    Finding::warning(
                        "monitoring.forecast-column-actual",
                        at(),
                        format!(
                            "Графа {col} («{}») — прогноз, а запись фактическая («Вид» = «{kind_text}»): запись учтена как фактический статус «{}». Укажите графу фактического статуса ({:02}) или название канала, либо «прогноз» в столбце «Вид».",
                            crate::model::channel::column_label(col),
                            ch.label_ru(),
                            ch.column()
                        ),
                    )
                    .with_graduate(id),
                );
            }
            let opk_text = row.get(6);
            let opk = match parse_yes_no(opk_text) {
                Some(b) => b,
                None => {
                    fs.push(
                    Finding::error(
                        "monitoring.bad-yes-no",
                        at(),
                        format!("В столбце «ОПК» значение «{opk_text}», а допустимо только «да» или «нет»."),
                    )
                    .with_graduate(id),
                );
                    ok = false;
                    false
                }
            };
            let line = u32::try_from(row.line).unwrap_or(u32::MAX);
            let (Some(date), Some(kind), Some(channel), true) = (date, kind, channel, ok) else {
                rejected
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((idx, line));
                return None;
            };

            Some((
                idx,
                TrackEntry {
                    date,
                    kind,
                    channel,
                    enterprise: fs.intern(row.get(4)),
                    inn: fs.intern(row.get(5)),
                    opk,
                    position: fs.intern(row.get(7)),
                    // Documents are mostly unique: not worth interning.
                    document: row.get(8).into(),
                    line,
                },
            ))
        },
    );
    let mut rejected = rejected.into_inner().unwrap_or_else(|e| e.into_inner());
    rejected.sort_unstable();
    for (i, line) in rejected {
        cohort.rejected.entry(i as usize).or_default().push(line);
    }
    let Some(rows) = rows else {
        return;
    };
    // Distribute in file order, then sort each (short) track: cheaper than sorting two million
    // entries as one slice.
    let mut counts = vec![0usize; cohort.graduates.len()];
    for (i, _) in &rows {
        counts[*i as usize] += 1;
    }
    for (t, n) in cohort.tracks.iter_mut().zip(&counts) {
        t.entries = Vec::with_capacity(*n);
    }
    for (i, e) in rows {
        cohort.tracks[i as usize].entries.push(e);
    }
    cohort.tracks.par_iter_mut().for_each(CareerTrack::sort);
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
