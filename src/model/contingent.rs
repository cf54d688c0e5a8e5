//! The contingent of graduates: rows 01–05 of the regional algorithm and of form 1.

use serde::Serialize;

/// Row labels of the contingent, official wording.
pub const ROW_LABELS: [&str; 5] = [
    "Всего (общая численность выпускников)",
    "из общей численности выпускников (из строки 01): лица с ОВЗ",
    "из числа лиц с ОВЗ (из строки 02): инвалиды и дети-инвалиды",
    "Инвалиды и дети-инвалиды (кроме учтенных в строке 03)",
    "Имеют договор о целевом обучении",
];

/// Строка контингента выпускников (01–05) as counted from a source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ContingentRow {
    /// 1..=5.
    pub row: u8,
    pub count: u32,
}

/// The five contingent figures: [01, 02, 03, 04, 05].
pub type ContingentFigures = [u32; 5];

/// Заявленная цифра: one figure as written in `contingent-YYYY.yaml`, remembering its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatedFigure {
    pub count: u32,
    pub line: usize,
}

/// Заявленный контингент: rows 01–05 as signed by the head or reported in СПО-1; `None` where
/// not given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatedContingent {
    /// Date of the signature or of the СПО-1 report.
    #[serde(serialize_with = "super::date_serde::option")]
    pub date: Option<jiff::civil::Date>,
    pub rows: [Option<StatedFigure>; 5],
    /// Line of the section in the file.
    pub line: usize,
}

/// Контингент выпускников, signed and СПО-1 «Фактический выпуск», from
/// `data/monitoring/contingent-YYYY.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Contingent {
    pub file: String,
    /// Подписанные руководителем данные (скан-копия за подписью руководителя).
    pub signed: Option<StatedContingent>,
    /// СПО-1 «Фактический выпуск».
    pub spo1: Option<StatedContingent>,
}

/// `01`..`05` for row 1..=5.
pub fn row_code(row: u8) -> String {
    format!("{row:02}")
}
