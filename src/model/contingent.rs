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

/// A relation between contingent rows: the rows `parts`, summed, are at most the row `whole`
/// (rows 1..=5). The same relations hold in every column of form 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRelation {
    pub parts: &'static [usize],
    pub whole: usize,
    /// Why, for the officer, where the row names alone do not say it.
    pub why: &'static str,
}

/// The relations of rows 01–05 (seed, task 5: «02 из общей численности (из строки 01)…»;
/// regional rule 10), in the order they are reported.
pub const ROW_RELATIONS: [RowRelation; 5] = [
    RowRelation {
        parts: &[2],
        whole: 1,
        why: "",
    },
    RowRelation {
        parts: &[3],
        whole: 2,
        why: "инвалиды из числа лиц с ОВЗ не могут превышать число лиц с ОВЗ",
    },
    RowRelation {
        parts: &[4],
        whole: 1,
        why: "",
    },
    RowRelation {
        parts: &[5],
        whole: 1,
        why: "",
    },
    RowRelation {
        parts: &[3, 4],
        whole: 1,
        why: "",
    },
];

impl RowRelation {
    /// The sum of the parts and the whole when the sum exceeds it; `None` when the relation
    /// holds or a row is unknown. `row(r)` is the figure of row `r` (1..=5).
    pub fn broken(&self, row: impl Fn(usize) -> Option<i64>) -> Option<(i64, i64)> {
        let mut sum = 0;
        for p in self.parts {
            sum += row(*p)?;
        }
        let whole = row(self.whole)?;
        (sum > whole).then_some((sum, whole))
    }

    /// «03 + 04» — the parts as row numbers.
    pub fn parts_ru(&self) -> String {
        self.parts
            .iter()
            .map(|p| format!("{p:02}"))
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// The row a finding about the relation points at: its last part.
    pub fn row(&self) -> usize {
        self.parts[self.parts.len() - 1]
    }
}

/// `01`..`05` for row 1..=5.
pub fn row_code(row: u8) -> String {
    format!("{row:02}")
}
