//! Employment channels and their columns in the Ministry's form 1.

use serde::Serialize;

/// Канал занятости: one status of a graduate's career track, as the Ministry's form 1
/// «пятистрочная» counts it (columns 06–21; forecasts in columns 22–27).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// гр.06 Трудоустроены.
    Employed,
    /// гр.07 Индивидуальные предприниматели.
    SoleTrader,
    /// гр.08 Самозанятые.
    SelfEmployed,
    /// гр.09 Продолжили обучение.
    ContinuedEducation,
    /// гр.10 Проходят службу в армии по призыву.
    Conscription,
    /// гр.11 Служба по контракту, МВД, МЧС и др.
    ContractService,
    /// гр.12 Отпуск по уходу за ребенком (декретный отпуск).
    ParentalLeave,
    /// гр.13 Неформальная занятость.
    InformalEmployment,
    /// гр.14 Зарегистрированы в ЦЗН как безработные.
    RegisteredCzn,
    /// гр.15 Не имеют мотивации к трудоустройству.
    NoMotivation,
    /// гр.16 Иные причины нахождения под риском нетрудоустройства («Риск нетрудоустройства»,
    /// «Не трудоустроен»).
    Risk,
    /// гр.17 Смерть, тяжелое состояние здоровья.
    DeathOrIllness,
    /// гр.18 Под следствием, отбывают наказание.
    UnderInvestigation,
    /// гр.19 Переезд за пределы РФ.
    MovedAbroad,
    /// гр.20 Уход за больными родственниками, семейные обстоятельства.
    FamilyCare,
    /// гр.21 Иностранные граждане без СНИЛС.
    ForeignNoSnils,
}

/// Every channel in form-1 column order.
pub const ALL: [Channel; 16] = [
    Channel::Employed,
    Channel::SoleTrader,
    Channel::SelfEmployed,
    Channel::ContinuedEducation,
    Channel::Conscription,
    Channel::ContractService,
    Channel::ParentalLeave,
    Channel::InformalEmployment,
    Channel::RegisteredCzn,
    Channel::NoMotivation,
    Channel::Risk,
    Channel::DeathOrIllness,
    Channel::UnderInvestigation,
    Channel::MovedAbroad,
    Channel::FamilyCare,
    Channel::ForeignNoSnils,
];

/// First and last data columns of form 1 (гр.05 is the total).
pub const FIRST_COLUMN: u8 = 5;
pub const LAST_COLUMN: u8 = 27;

/// Official short labels of form-1 columns 05–27 (the full labels are in ministry-forms.md).
pub fn column_label(column: u8) -> &'static str {
    match column {
        5 => "Всего",
        6 => "Трудоустроены",
        7 => "Индивидуальные предприниматели",
        8 => "Самозанятые",
        9 => "Продолжили обучение",
        10 => "Проходят службу в армии по призыву",
        11 => "Служба по контракту, в органах внутренних дел и др.",
        12 => "Находятся в отпуске по уходу за ребенком",
        13 => "Неформальная занятость",
        14 => "Зарегистрированы в центрах занятости в качестве безработных",
        15 => "Не имеют мотивации к трудоустройству",
        16 => "Иные причины нахождения под риском нетрудоустройства",
        17 => "Смерть, тяжелое состояние здоровья",
        18 => "Находятся под следствием, отбывают наказание",
        19 => "Переезд за пределы Российской Федерации",
        20 => "Уход за больными родственниками, иные семейные обстоятельства",
        21 => "Иностранные граждане, не имеющие СНИЛС",
        22 => "будут трудоустроены",
        23 => "будут осуществлять предпринимательскую деятельность",
        24 => "будут самозанятыми",
        25 => "будут призваны в армию",
        26 => "будут в армии на контрактной основе и др.",
        27 => "будут продолжать обучение",
        _ => "",
    }
}

impl Channel {
    /// Form-1 column of an actual status (06–21).
    pub fn column(self) -> u8 {
        6 + ALL.iter().position(|c| *c == self).unwrap_or(10) as u8
    }

    /// Form-1 column of a forecast («будут …», 22–27), for the channels that have one.
    pub fn forecast_column(self) -> Option<u8> {
        match self {
            Channel::Employed => Some(22),
            Channel::SoleTrader => Some(23),
            Channel::SelfEmployed => Some(24),
            Channel::Conscription => Some(25),
            Channel::ContractService => Some(26),
            Channel::ContinuedEducation => Some(27),
            _ => None,
        }
    }

    /// Channel of an actual column 06–21.
    pub fn from_column(column: u8) -> Option<Channel> {
        column
            .checked_sub(6)
            .and_then(|i| ALL.get(i as usize))
            .copied()
    }

    /// Stable machine key (used in JSON).
    pub fn key(self) -> &'static str {
        match self {
            Channel::Employed => "employed",
            Channel::SoleTrader => "sole-trader",
            Channel::SelfEmployed => "self-employed",
            Channel::ContinuedEducation => "continued-education",
            Channel::Conscription => "conscription",
            Channel::ContractService => "contract-service",
            Channel::ParentalLeave => "parental-leave",
            Channel::InformalEmployment => "informal-employment",
            Channel::RegisteredCzn => "registered-czn",
            Channel::NoMotivation => "no-motivation",
            Channel::Risk => "risk",
            Channel::DeathOrIllness => "death-or-illness",
            Channel::UnderInvestigation => "under-investigation",
            Channel::MovedAbroad => "moved-abroad",
            Channel::FamilyCare => "family-care",
            Channel::ForeignNoSnils => "foreign-no-snils",
        }
    }

    /// The name officers use, for messages and reports.
    pub fn label_ru(self) -> &'static str {
        match self {
            Channel::Employed => "Трудоустроен",
            Channel::SoleTrader => "ИП",
            Channel::SelfEmployed => "Самозанятый",
            Channel::ContinuedEducation => "Продолжил обучение",
            Channel::Conscription => "Призыв в ВС РФ",
            Channel::ContractService => "Служба по контракту",
            Channel::ParentalLeave => "Декретный отпуск",
            Channel::InformalEmployment => "Неформальная занятость",
            Channel::RegisteredCzn => "Состоит на учёте в ЦЗН",
            Channel::NoMotivation => "Нет мотивации к трудоустройству",
            Channel::Risk => "Риск нетрудоустройства",
            Channel::DeathOrIllness => "Смерть, тяжелое состояние здоровья",
            Channel::UnderInvestigation => "Под следствием, отбывает наказание",
            Channel::MovedAbroad => "Переезд за пределы РФ",
            Channel::FamilyCare => "Уход за родственниками, семейные обстоятельства",
            Channel::ForeignNoSnils => "Иностранный гражданин без СНИЛС",
        }
    }

    /// Parse a channel as officers write it: the form-1 name, a common variant, or the column
    /// number (`06`, `гр.06`). Case, `ё`, spaces and punctuation are ignored.
    pub fn parse(s: &str) -> Option<Channel> {
        let n = normalize(s);
        let digits = n.trim_start_matches("гр").trim_start_matches('.').trim();
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return digits.parse::<u8>().ok().and_then(|c| {
                Channel::from_column(c).or_else(|| {
                    ALL.iter()
                        .copied()
                        .find(|ch| ch.forecast_column() == Some(c))
                })
            });
        }
        VARIANTS
            .iter()
            .find(|(name, _)| *name == n)
            .map(|(_, c)| *c)
    }

    /// [`Channel::parse`] with a small per-thread memo of raw spellings: a tracks file repeats a
    /// handful of spellings two million times, and the memo spares normalising each.
    pub fn parse_memo(s: &str) -> Option<Channel> {
        use std::cell::RefCell;
        const CAP: usize = 64;
        thread_local! {
            static MEMO: RefCell<Vec<(Box<str>, Option<Channel>)>> = const { RefCell::new(Vec::new()) };
        }
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            if let Some((_, c)) = m.iter().find(|(k, _)| &**k == s) {
                return *c;
            }
            let c = Channel::parse(s);
            if m.len() < CAP {
                m.push((s.into(), c));
            }
            c
        })
    }

    /// All accepted written names, for "did you mean" hints.
    pub fn variants() -> impl Iterator<Item = &'static str> {
        VARIANTS.iter().map(|(n, _)| *n)
    }
}

/// Lower case, `ё`→`е`, punctuation dropped, spaces collapsed.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(&mut out, s);
    out
}

/// [`normalize`] appended to `out` (which may already hold text), without allocating.
pub fn normalize_into(out: &mut String, s: &str) {
    let start = out.len();
    let mut space = false;
    for ch in s.trim().chars() {
        let Some(ch) = fold(ch) else {
            space = out.len() > start;
            continue;
        };
        if space {
            out.push(' ');
            space = false;
        }
        out.push(ch);
    }
}

/// One character of [`normalize`]: lower case, or `None` for a separator. ASCII and Cyrillic
/// take a fast path, because this runs for every cell of two million track rows.
fn fold(ch: char) -> Option<char> {
    match ch {
        'a'..='z' | '0'..='9' | '.' | 'а'..='я' => Some(ch),
        'A'..='Z' => Some(ch.to_ascii_lowercase()),
        'ё' | 'Ё' => Some('е'),
        // А..Я → а..я
        'А'..='Я' => char::from_u32(ch as u32 + 0x20),
        c if c.is_ascii() => None,
        c if c.is_alphanumeric() => c.to_lowercase().next(),
        _ => None,
    }
}

/// Normalised written names (see [`normalize`]) → channel.
const VARIANTS: &[(&str, Channel)] = &[
    ("трудоустроен", Channel::Employed),
    ("трудоустроена", Channel::Employed),
    ("трудоустроены", Channel::Employed),
    ("трудоустройство", Channel::Employed),
    ("работает", Channel::Employed),
    ("employed", Channel::Employed),
    ("ип", Channel::SoleTrader),
    ("индивидуальный предприниматель", Channel::SoleTrader),
    ("индивидуальные предприниматели", Channel::SoleTrader),
    ("предпринимательская деятельность", Channel::SoleTrader),
    ("самозанятый", Channel::SelfEmployed),
    ("самозанятая", Channel::SelfEmployed),
    ("самозанятые", Channel::SelfEmployed),
    ("самозанятость", Channel::SelfEmployed),
    ("продолжил обучение", Channel::ContinuedEducation),
    ("продолжила обучение", Channel::ContinuedEducation),
    ("продолжили обучение", Channel::ContinuedEducation),
    ("продолжение обучения", Channel::ContinuedEducation),
    ("обучение", Channel::ContinuedEducation),
    ("призыв в вс рф", Channel::Conscription),
    ("призыв вс рф", Channel::Conscription),
    ("призыв", Channel::Conscription),
    ("армия", Channel::Conscription),
    ("служба в армии по призыву", Channel::Conscription),
    ("проходят службу в армии по призыву", Channel::Conscription),
    ("контракт", Channel::ContractService),
    ("служба по контракту", Channel::ContractService),
    ("военная служба по контракту", Channel::ContractService),
    (
        "служба в армии на контрактной основе",
        Channel::ContractService,
    ),
    ("декретный отпуск", Channel::ParentalLeave),
    ("декрет", Channel::ParentalLeave),
    ("отпуск по уходу за ребенком", Channel::ParentalLeave),
    (
        "находятся в отпуске по уходу за ребенком",
        Channel::ParentalLeave,
    ),
    ("неформальная занятость", Channel::InformalEmployment),
    ("цзн", Channel::RegisteredCzn),
    ("состоит на учете в цзн", Channel::RegisteredCzn),
    ("на учете в цзн", Channel::RegisteredCzn),
    ("зарегистрирован в цзн", Channel::RegisteredCzn),
    (
        "зарегистрированы в центрах занятости",
        Channel::RegisteredCzn,
    ),
    ("безработный", Channel::RegisteredCzn),
    ("нет мотивации", Channel::NoMotivation),
    (
        "не имеют мотивации к трудоустройству",
        Channel::NoMotivation,
    ),
    ("риск нетрудоустройства", Channel::Risk),
    ("риск", Channel::Risk),
    ("не трудоустроен", Channel::Risk),
    ("не трудоустроена", Channel::Risk),
    ("не трудоустроены", Channel::Risk),
    ("иные причины", Channel::Risk),
    ("смерть", Channel::DeathOrIllness),
    ("тяжелое состояние здоровья", Channel::DeathOrIllness),
    ("смерть тяжелое состояние здоровья", Channel::DeathOrIllness),
    ("под следствием", Channel::UnderInvestigation),
    ("отбывает наказание", Channel::UnderInvestigation),
    (
        "находятся под следствием отбывают наказание",
        Channel::UnderInvestigation,
    ),
    ("переезд за пределы рф", Channel::MovedAbroad),
    ("переезд за границу", Channel::MovedAbroad),
    ("уход за больными родственниками", Channel::FamilyCare),
    ("семейные обстоятельства", Channel::FamilyCare),
    ("иностранный гражданин без снилс", Channel::ForeignNoSnils),
    ("иностранные граждане без снилс", Channel::ForeignNoSnils),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_form_1() {
        assert_eq!(Channel::Employed.column(), 6);
        assert_eq!(Channel::Conscription.column(), 10);
        assert_eq!(Channel::ForeignNoSnils.column(), 21);
        assert_eq!(Channel::ContinuedEducation.forecast_column(), Some(27));
        assert_eq!(Channel::ParentalLeave.forecast_column(), None);
        for c in ALL {
            assert_eq!(Channel::from_column(c.column()), Some(c));
        }
    }

    #[test]
    fn parses_variants_and_column_numbers() {
        assert_eq!(
            Channel::parse("Призыв в ВС РФ"),
            Some(Channel::Conscription)
        );
        assert_eq!(
            Channel::parse(" призыв  ВС РФ "),
            Some(Channel::Conscription)
        );
        assert_eq!(
            Channel::parse("Отпуск по уходу за ребёнком"),
            Some(Channel::ParentalLeave)
        );
        assert_eq!(
            Channel::parse("Продолжили обучение"),
            Some(Channel::ContinuedEducation)
        );
        assert_eq!(Channel::parse("Самозанятость"), Some(Channel::SelfEmployed));
        assert_eq!(Channel::parse("10"), Some(Channel::Conscription));
        assert_eq!(Channel::parse("гр.06"), Some(Channel::Employed));
        assert_eq!(Channel::parse("25"), Some(Channel::Conscription));
        assert_eq!(Channel::parse("05"), None);
        assert_eq!(Channel::parse("Космонавт"), None);
    }

    #[test]
    fn normalize_folds_case_yo_and_punctuation() {
        assert_eq!(normalize("  Призыв (ВС РФ)!  "), "призыв вс рф");
        assert_eq!(
            normalize("Отпуск по уходу за ребЁнком"),
            "отпуск по уходу за ребенком"
        );
        assert_eq!(normalize("ÄÖ—Ü"), "äö ü");
        assert_eq!(normalize("гр.06"), "гр.06");
    }

    #[test]
    fn every_variant_is_normalised() {
        for (v, _) in VARIANTS {
            assert_eq!(normalize(v), *v, "variant {v} is not in normal form");
        }
    }
}
