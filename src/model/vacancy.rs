//! Vacancies for graduates (seed task 4: direct employers, ОПК enterprises, the AIS vacancy
//! bank, «Работа России») and referrals of graduates to them with their feedback.

use jiff::civil::Date;

/// Где взята вакансия.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// Заявка прямого работодателя.
    Employer,
    /// Предприятие ОПК.
    Opk,
    /// Банк вакансий АИС.
    AisBank,
    /// Открытые данные портала «Работа России».
    Trudvsem,
}

impl Source {
    pub fn label_ru(self) -> &'static str {
        match self {
            Source::Employer => "прямой работодатель",
            Source::Opk => "предприятие ОПК",
            Source::AisBank => "банк вакансий АИС",
            Source::Trudvsem => "«Работа России»",
        }
    }

    /// As officers write it in the own list («ОПК», «работодатель», «банк АИС»).
    pub fn parse(s: &str) -> Option<Source> {
        let t = crate::model::channel::normalize(s);
        if t.contains("опк") {
            Some(Source::Opk)
        } else if t.contains("аис") {
            Some(Source::AisBank)
        } else if t.contains("работа россии") || t.contains("trudvsem") {
            Some(Source::Trudvsem)
        } else if t.contains("работодател") || t == "employer" {
            Some(Source::Employer)
        } else {
            match t.as_str() {
                "opk" => Some(Source::Opk),
                "ais" => Some(Source::AisBank),
                _ => None,
            }
        }
    }
}

/// Вакансия. Holds no contact persons: only the enterprise, the workplace address and a link
/// to the vacancy card, so nothing personal can reach the public page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vacancy {
    /// The list's own ID (`В-012`) or the portal's vacancy id.
    pub id: String,
    pub source: Source,
    pub position: String,
    pub employer: String,
    pub inn: String,
    /// Codes of the specialties the vacancy fits (from the list, or by position).
    pub specialties: Vec<String>,
    pub salary_min: Option<u32>,
    pub salary_max: Option<u32>,
    /// Where the work is (the enterprise's address, not a person's).
    pub address: String,
    pub schedule: String,
    pub places: Option<u32>,
    pub posted: Option<Date>,
    pub valid_until: Option<Date>,
    pub url: String,
    /// Workplaces under the quota for people with disabilities.
    pub quoted: bool,
    /// Project-relative file and line (CSV line or 0 for JSON records).
    pub file: String,
    pub line: usize,
}

impl Vacancy {
    /// Current on `as_of`: before its end date, or, without one, posted no more than
    /// `valid_days` ago. A vacancy posted after `as_of` is not yet current.
    pub fn current(&self, as_of: Date, valid_days: u32) -> bool {
        if self.posted.is_some_and(|p| p > as_of) {
            return false;
        }
        match (self.valid_until, self.posted) {
            (Some(u), _) => u >= as_of,
            (None, Some(p)) => p
                .checked_add(jiff::Span::new().days(i64::from(valid_days)))
                .is_ok_and(|end| end >= as_of),
            (None, None) => true,
        }
    }

    /// `от 45 000 до 60 000 ₽`, or empty.
    pub fn salary_ru(&self) -> String {
        let n = |x: u32| crate::format::int_ru(i64::from(x));
        match (self.salary_min, self.salary_max) {
            (Some(a), Some(b)) if a == b => format!("{} ₽", n(a)),
            (Some(a), Some(b)) => format!("от {} до {} ₽", n(a), n(b)),
            (Some(a), None) => format!("от {} ₽", n(a)),
            (None, Some(b)) => format!("до {} ₽", n(b)),
            (None, None) => String::new(),
        }
    }

    /// Key for de-duplication: the same position at the same enterprise is one vacancy
    /// whichever list it came from.
    pub fn dedup_key(&self) -> (String, String) {
        let who = if self.inn.trim().is_empty() {
            crate::model::channel::normalize(&self.employer)
        } else {
            self.inn.trim().to_string()
        };
        (crate::model::channel::normalize(&self.position), who)
    }
}

/// Направление выпускника на вакансию (`referrals-YYYY.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub graduate: String,
    /// ID of the vacancy in the lists, or its description.
    pub vacancy: String,
    pub date: Date,
    /// What came of it: «трудоустроен», «отказ работодателя», … (empty until known).
    pub outcome: String,
    /// When the centre got the feedback.
    pub feedback: Option<Date>,
    pub file: String,
    pub line: usize,
}

/// All vacancies (own list first, then imported ones kept after filtering) and referrals.
#[derive(Debug, Clone, Default)]
pub struct Vacancies {
    pub items: Vec<Vacancy>,
    pub referrals: Vec<Referral>,
    /// Imported records read, and dropped as out of region, not fitting a specialty, or
    /// duplicates: for the report.
    pub imported_read: usize,
    pub dropped_region: usize,
    pub dropped_specialty: usize,
    pub dropped_duplicate: usize,
}

impl Vacancies {
    pub fn get(&self, id: &str) -> Option<&Vacancy> {
        self.items.iter().find(|v| v.id == id)
    }

    /// Current vacancies on `as_of`.
    pub fn current(&self, as_of: Date, valid_days: u32) -> impl Iterator<Item = &Vacancy> {
        self.items
            .iter()
            .filter(move |v| v.current(as_of, valid_days))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v() -> Vacancy {
        Vacancy {
            id: "В-1".into(),
            source: Source::Employer,
            position: "Токарь".into(),
            employer: "АО «Завод»".into(),
            inn: String::new(),
            specialties: vec![],
            salary_min: Some(45000),
            salary_max: Some(60000),
            address: String::new(),
            schedule: String::new(),
            places: None,
            posted: Some(Date::constant(2023, 11, 1)),
            valid_until: None,
            url: String::new(),
            quoted: false,
            file: String::new(),
            line: 2,
        }
    }

    #[test]
    fn expiry_by_end_date_or_age() {
        let mut a = v();
        assert!(a.current(Date::constant(2023, 12, 1), 30));
        assert!(!a.current(Date::constant(2023, 12, 2), 30));
        a.valid_until = Some(Date::constant(2024, 1, 31));
        assert!(a.current(Date::constant(2023, 12, 15), 30));
        assert!(!a.current(Date::constant(2024, 2, 1), 30));
        assert!(
            !a.current(Date::constant(2023, 10, 1), 30),
            "not yet posted"
        );
    }

    #[test]
    fn sources_and_salary() {
        assert_eq!(Source::parse("Предприятие ОПК"), Some(Source::Opk));
        assert_eq!(Source::parse("Банк вакансий АИС"), Some(Source::AisBank));
        assert_eq!(Source::parse("прямой работодатель"), Some(Source::Employer));
        assert_eq!(Source::parse("газета"), None);
        assert_eq!(v().salary_ru(), "от 45\u{202F}000 до 60\u{202F}000 ₽");
    }
}
