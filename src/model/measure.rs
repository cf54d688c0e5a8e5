//! Measures taken with graduates of the risk group (seed task 4: «Организация работы с группой
//! риска: профориентация, подбор вакансий, обратная связь»), from `measures-YYYY.csv`.

use jiff::civil::Date;

/// Вид меры.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MeasureKind {
    /// Профориентация.
    Guidance,
    /// Подбор вакансий.
    VacancyMatching,
    /// Направление на вакансию.
    Referral,
    /// Консультация.
    Consultation,
}

impl MeasureKind {
    pub fn label_ru(self) -> &'static str {
        match self {
            MeasureKind::Guidance => "профориентация",
            MeasureKind::VacancyMatching => "подбор вакансий",
            MeasureKind::Referral => "направление",
            MeasureKind::Consultation => "консультация",
        }
    }

    pub fn parse(s: &str) -> Option<MeasureKind> {
        let t = crate::model::channel::normalize(s);
        if t.starts_with("профориент") {
            Some(MeasureKind::Guidance)
        } else if t.starts_with("подбор") {
            Some(MeasureKind::VacancyMatching)
        } else if t.starts_with("направлен") {
            Some(MeasureKind::Referral)
        } else if t.starts_with("консультац") {
            Some(MeasureKind::Consultation)
        } else {
            None
        }
    }
}

/// One measure: who, when, what, with what result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    pub graduate: String,
    pub date: Date,
    pub kind: MeasureKind,
    pub result: String,
    pub file: String,
    pub line: usize,
}
