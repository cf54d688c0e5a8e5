//! Graduates of a cohort.

use serde::Serialize;

/// Выпускник: one row of `graduates-YYYY.csv`. `name` (ФИО) is personal data and never
/// reaches public output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Graduate {
    pub id: String,
    /// ФИО (private).
    pub name: String,
    pub specialty_code: String,
    pub specialty_name: String,
    pub group: String,
    /// Лицо с ОВЗ.
    pub ovz: bool,
    /// Инвалид или ребёнок-инвалид.
    pub disability: bool,
    /// Договор о целевом обучении: enterprise name or INN; `None` when there is none.
    pub target_contract: Option<String>,
    /// Дуальное обучение.
    pub dual: bool,
    /// Line (CSV) or sheet row (xlsx) in the graduates file.
    pub line: usize,
}
