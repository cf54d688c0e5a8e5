//! Seed task 3 (до 26.05): measures that prepare students with disabilities and ОВЗ for
//! employment, Абилимпикс participants with their competences, and job fairs — from
//! `data/ovz/measures-YYYY.*`, `data/ovz/abilympics-YYYY.*` and `data/events/fairs-YYYY.yaml`.
//! The year of a file is the graduation cohort the work prepares (the seed's «Выпуск 2023»).

use super::graduate::Nosology;
use crate::format::RuDate;
use jiff::civil::Date;
use serde::Deserialize;

/// Вид мероприятия для обучающихся с ОВЗ и инвалидностью.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OvzMeasureKind {
    Consultation,
    ProfessionalTrial,
    Internship,
    Fair,
    WorkplaceAdaptation,
    Support,
    Excursion,
    Training,
    Other,
}

impl OvzMeasureKind {
    pub fn label_ru(self) -> &'static str {
        match self {
            OvzMeasureKind::Consultation => "консультация",
            OvzMeasureKind::ProfessionalTrial => "профпроба",
            OvzMeasureKind::Internship => "стажировка",
            OvzMeasureKind::Fair => "ярмарка",
            OvzMeasureKind::WorkplaceAdaptation => "адаптация рабочего места",
            OvzMeasureKind::Support => "сопровождение",
            OvzMeasureKind::Excursion => "экскурсия",
            OvzMeasureKind::Training => "тренинг",
            OvzMeasureKind::Other => "другое",
        }
    }

    /// As officers write it: the label or its start («профессиональная проба», «стажировка на
    /// предприятии», «адаптация рабочего места», «индивидуальное сопровождение»).
    pub fn parse(s: &str) -> Option<OvzMeasureKind> {
        let t = crate::model::channel::normalize(s);
        let has = |w: &str| t.contains(w);
        Some(if has("консульт") {
            OvzMeasureKind::Consultation
        } else if has("проб") {
            OvzMeasureKind::ProfessionalTrial
        } else if has("стажир") {
            OvzMeasureKind::Internship
        } else if has("ярмар") {
            OvzMeasureKind::Fair
        } else if has("адаптац") || has("рабочего места") {
            OvzMeasureKind::WorkplaceAdaptation
        } else if has("сопровожд") || has("наставни") {
            OvzMeasureKind::Support
        } else if has("экскурс") {
            OvzMeasureKind::Excursion
        } else if has("тренинг") || has("мастер-класс") || has("мастер класс") || has("семинар")
        {
            OvzMeasureKind::Training
        } else if has("друг") || has("иное") {
            OvzMeasureKind::Other
        } else {
            return None;
        })
    }
}

/// One measure: when, what, who took part (IDs and/or counts by nosology group), with whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OvzMeasure {
    /// The cohort the file is for (`measures-2023.csv` → 2023).
    pub year: i16,
    pub date: Date,
    pub kind: OvzMeasureKind,
    pub title: String,
    /// Participants' IDs from the graduate list, as written (may be empty when only counts
    /// are known).
    pub participants: Vec<String>,
    /// Participants by form 2's seven groups (rows 07–13), where the file gives them.
    pub by_nosology: Vec<(Nosology, u32)>,
    pub partner: String,
    pub result: String,
    pub evidence: String,
    pub file: String,
    pub line: usize,
}

impl OvzMeasure {
    /// How many took part: the sum of the nosology counts when given, else the IDs listed.
    pub fn participant_count(&self) -> u32 {
        if self.by_nosology.is_empty() {
            self.participants.len() as u32
        } else {
            self.by_nosology.iter().map(|(_, n)| n).sum()
        }
    }
}

/// Уровень чемпионата «Абилимпикс».
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AbilympicsLevel {
    Regional,
    National,
}

impl AbilympicsLevel {
    pub fn label_ru(self) -> &'static str {
        match self {
            AbilympicsLevel::Regional => "региональный",
            AbilympicsLevel::National => "национальный",
        }
    }

    pub fn parse(s: &str) -> Option<AbilympicsLevel> {
        let t = crate::model::channel::normalize(s);
        if t.starts_with("регион") {
            Some(AbilympicsLevel::Regional)
        } else if t.starts_with("национ") || t.starts_with("всеросс") || t.starts_with("федерал")
        {
            Some(AbilympicsLevel::National)
        } else {
            None
        }
    }
}

/// One participant of «Абилимпикс» in one competence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbilympicsEntry {
    pub year: i16,
    pub participant: String,
    pub competence: String,
    pub level: Option<AbilympicsLevel>,
    pub result: String,
    pub date: Option<Date>,
    pub file: String,
    pub line: usize,
}

/// Формат ярмарки.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum FairFormat {
    #[serde(rename = "очный", alias = "очно")]
    InPerson,
    #[serde(rename = "онлайн", alias = "дистанционный")]
    Online,
    #[serde(rename = "смешанный", alias = "гибридный")]
    Mixed,
}

impl FairFormat {
    pub fn label_ru(self) -> &'static str {
        match self {
            FairFormat::InPerson => "очный",
            FairFormat::Online => "онлайн",
            FairFormat::Mixed => "смешанный",
        }
    }
}

/// One job fair of `data/events/fairs-YYYY.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fair {
    pub name: String,
    pub date: RuDate,
    /// The All-Russian job fair («Работа России. Время возможностей») named by the seed.
    #[serde(default)]
    pub all_russian: bool,
    pub format: Option<FairFormat>,
    #[serde(default)]
    pub employers: u32,
    #[serde(default)]
    pub vacancies: u32,
    #[serde(default)]
    pub participants: u32,
    /// Of them, participants with ОВЗ or a disability.
    #[serde(default)]
    pub participants_ovz: Option<u32>,
    /// Приглашения к трудоустройству, выданные на ярмарке.
    #[serde(default)]
    pub invitations: u32,
    #[serde(default)]
    pub evidence: String,
    #[serde(skip)]
    pub year: i16,
    #[serde(skip)]
    pub file: String,
    #[serde(skip)]
    pub line: usize,
}

/// Everything of seed task 3 loaded from `data/ovz/` and `data/events/`.
#[derive(Debug, Clone, Default)]
pub struct Ovz {
    pub measures: Vec<OvzMeasure>,
    pub abilympics: Vec<AbilympicsEntry>,
    pub fairs: Vec<Fair>,
    /// (cohort, project-relative path) of every measures file read.
    pub measure_files: Vec<(i16, String)>,
    pub abilympics_files: Vec<(i16, String)>,
    pub fair_files: Vec<(i16, String)>,
}

impl Ovz {
    pub fn has_measures(&self, year: i16) -> bool {
        self.measure_files.iter().any(|(y, _)| *y == year)
    }

    pub fn has_abilympics(&self, year: i16) -> bool {
        self.abilympics_files.iter().any(|(y, _)| *y == year)
    }

    pub fn has_fairs(&self, year: i16) -> bool {
        self.fair_files.iter().any(|(y, _)| *y == year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_as_written() {
        use OvzMeasureKind as K;
        assert_eq!(
            K::parse("Профессиональная проба"),
            Some(K::ProfessionalTrial)
        );
        assert_eq!(K::parse("стажировка на предприятии"), Some(K::Internship));
        assert_eq!(
            K::parse("Адаптация рабочего места"),
            Some(K::WorkplaceAdaptation)
        );
        assert_eq!(K::parse("Индивидуальное сопровождение"), Some(K::Support));
        assert_eq!(K::parse("ярмарка вакансий"), Some(K::Fair));
        assert_eq!(K::parse("беседа"), None);
        assert_eq!(
            AbilympicsLevel::parse("Национальный"),
            Some(AbilympicsLevel::National)
        );
        assert_eq!(AbilympicsLevel::parse("школьный"), None);
    }
}
