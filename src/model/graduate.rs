//! Graduates of a cohort.

use serde::Serialize;

/// Выпускник: one row of `graduates-YYYY.csv`. `name` (ФИО) is personal data and never
/// reaches public output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Graduate {
    pub id: arcstr::ArcStr,
    /// ФИО (private).
    pub name: String,
    /// Код и наименование специальности, группа: shared (`ArcStr`) by the graduates who have
    /// the same, which are most of a region's hundreds of thousands.
    pub specialty_code: arcstr::ArcStr,
    pub specialty_name: arcstr::ArcStr,
    pub group: arcstr::ArcStr,
    /// Лицо с ОВЗ.
    pub ovz: bool,
    /// Инвалид или ребёнок-инвалид.
    pub disability: bool,
    /// Договор о целевом обучении: enterprise name or INN; `None` when there is none.
    pub target_contract: Option<String>,
    /// Дуальное обучение.
    pub dual: bool,
    /// Нозологическая группа (form 2, rows 07–13) of a graduate with ОВЗ or a disability;
    /// `None` when not given.
    pub nosology: Option<Nosology>,
    /// Line (CSV) or sheet row (xlsx) in the graduates file.
    pub line: usize,
}

/// Нозологическая группа: rows 07–13 of the Ministry's form 2 «нозологии».
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Nosology {
    Vision,
    Hearing,
    Musculoskeletal,
    Speech,
    MentalDelay,
    Autism,
    Other,
}

impl Nosology {
    pub const ALL: [Nosology; 7] = [
        Nosology::Vision,
        Nosology::Hearing,
        Nosology::Musculoskeletal,
        Nosology::Speech,
        Nosology::MentalDelay,
        Nosology::Autism,
        Nosology::Other,
    ];

    /// Row of form 2: 07…13.
    pub fn row(self) -> u8 {
        7 + Nosology::ALL.iter().position(|n| *n == self).unwrap_or(6) as u8
    }

    /// The form's wording (after «с нарушениями:»).
    pub fn label_ru(self) -> &'static str {
        match self {
            Nosology::Vision => "зрения",
            Nosology::Hearing => "слуха",
            Nosology::Musculoskeletal => "опорно-двигательного аппарата",
            Nosology::Speech => "тяжелыми нарушениями речи",
            Nosology::MentalDelay => "задержкой психического развития",
            Nosology::Autism => "расстройствами аутистического спектра",
            Nosology::Other => "с инвалидностью вследствие других причин",
        }
    }

    /// As officers write it: the form's wording or a part of it («зрение», «нарушения слуха»,
    /// «ОДА», «ТНР», «ЗПР», «РАС», «другие причины») or the row number 07–13.
    pub fn parse(s: &str) -> Option<Nosology> {
        let n = crate::model::channel::normalize(s);
        let n = n.trim();
        if let Ok(row) = n.trim_start_matches("стр").trim().parse::<u8>() {
            return (7..=13)
                .contains(&row)
                .then(|| Nosology::ALL[(row - 7) as usize]);
        }
        let has = |w: &str| n.contains(w);
        Some(if has("зрен") {
            Nosology::Vision
        } else if has("слух") {
            Nosology::Hearing
        } else if has("опорн") || n == "ода" || n == "нода" {
            Nosology::Musculoskeletal
        } else if has("реч") || n == "тнр" {
            Nosology::Speech
        } else if has("задерж") || n == "зпр" {
            Nosology::MentalDelay
        } else if has("аутис") || n == "рас" {
            Nosology::Autism
        } else if has("друг") || has("ины") || has("иная") {
            Nosology::Other
        } else {
            return None;
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nosology_as_written() {
        assert_eq!(Nosology::parse("Нарушения зрения"), Some(Nosology::Vision));
        assert_eq!(Nosology::parse("слух"), Some(Nosology::Hearing));
        assert_eq!(Nosology::parse("ОДА"), Some(Nosology::Musculoskeletal));
        assert_eq!(Nosology::parse("ТНР"), Some(Nosology::Speech));
        assert_eq!(Nosology::parse("ЗПР"), Some(Nosology::MentalDelay));
        assert_eq!(Nosology::parse("РАС"), Some(Nosology::Autism));
        assert_eq!(Nosology::parse("другие причины"), Some(Nosology::Other));
        assert_eq!(Nosology::parse("09"), Some(Nosology::Musculoskeletal));
        assert_eq!(Nosology::parse("14"), None);
        assert_eq!(Nosology::parse("грипп"), None);
        assert_eq!(Nosology::Autism.row(), 12);
    }
}
