//! Every rule id `vypusk` can report, one registry per family, for `check --explain` and for the
//! tests that keep the registries honest: every id emitted anywhere in `src/` is registered with
//! the severity it is emitted at, and every registered id is planted by some test.
//!
//! A family's registry lives next to the code that reports its findings (`check::site::RULES`,
//! `load::content::RULES`, …); rules that run over the model pair a [`Rule`] with their function
//! in the family's own table (`check::monitoring::CHECKS`).

use crate::diag::Severity;

/// What a rule is: its stable id, the severity it reports at, and what it checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, `family.name`, e.g. `track.conscription-window`.
    pub id: &'static str,
    pub severity: Severity,
    /// One line in Russian: what the rule requires.
    pub about: &'static str,
    /// The line of the regional algorithm (the seed document) the rule comes from, quoted;
    /// empty for rules about the program's own input files.
    pub seed: &'static str,
    /// An example of what the rule reports, in Russian: where and what, as `check` prints it
    /// (every registered rule has one; a test keeps it so).
    pub example: &'static str,
}

impl Rule {
    pub const fn error(id: &'static str, about: &'static str) -> Rule {
        Rule {
            id,
            severity: Severity::Error,
            about,
            seed: "",
            example: "",
        }
    }

    pub const fn warning(id: &'static str, about: &'static str) -> Rule {
        Rule {
            severity: Severity::Warning,
            ..Rule::error(id, about)
        }
    }

    pub const fn info(id: &'static str, about: &'static str) -> Rule {
        Rule {
            severity: Severity::Info,
            ..Rule::error(id, about)
        }
    }

    /// The seed line the rule comes from.
    pub const fn seed(self, line: &'static str) -> Rule {
        Rule { seed: line, ..self }
    }

    /// An example of the rule's finding.
    pub const fn example(self, text: &'static str) -> Rule {
        Rule {
            example: text,
            ..self
        }
    }
}

/// A family's runnable rules: `Check` pairs a [`Rule`] with the function that applies it over
/// the family's context `$ctx`, and `rules()` is the family's registry — the checks, then the
/// other tables named (the loaders' rules…).
macro_rules! checks {
    ($ctx:ident; $($table:ident),*) => {
        /// A registered rule and the function that applies it.
        pub struct Check {
            pub rule: $crate::check::rules::Rule,
            pub run: fn(&$ctx) -> Vec<$crate::diag::Finding>,
        }

        impl std::ops::Deref for Check {
            type Target = $crate::check::rules::Rule;
            fn deref(&self) -> &$crate::check::rules::Rule {
                &self.rule
            }
        }

        /// The family's registry: its checks and the rules its loaders report.
        pub fn rules() -> Vec<&'static $crate::check::rules::Rule> {
            RULES.iter().map(|c| &c.rule)$(.chain($table.iter()))*.collect()
        }
    };
}
pub(crate) use checks;

/// A family of rules: a title for the list and its registry.
pub struct Family {
    pub title: &'static str,
    pub rules: fn() -> Vec<&'static Rule>,
}

fn slice(rules: &'static [Rule]) -> Vec<&'static Rule> {
    rules.iter().collect()
}

/// Every family, in the order of the data flow.
pub const FAMILIES: &[Family] = &[
    Family {
        title: "Настройки проекта (vypusk.yaml)",
        rules: || slice(crate::config::RULES),
    },
    Family {
        title: "Файлы YAML",
        rules: || slice(crate::load::yaml::RULES),
    },
    Family {
        title: "Таблицы CSV и Excel",
        rules: || slice(crate::load::table::RULES),
    },
    Family {
        title: "Справочники (data/reference)",
        rules: || slice(crate::load::reference::RULES),
    },
    Family {
        title: "Страницы раздела (content/)",
        rules: || slice(crate::load::content::RULES),
    },
    Family {
        title: "Раздел на сайте",
        rules: || {
            crate::check::site::CHECKS
                .iter()
                .map(|c| &c.rule)
                .chain(crate::check::outputs::RULES)
                .collect()
        },
    },
    Family {
        title: "Мониторинг занятости выпускников (задачи 2 и 5)",
        rules: crate::check::monitoring::rules,
    },
    Family {
        title: "Предприятия ОПК (формы 2 и 3)",
        rules: crate::check::opk::rules,
    },
    Family {
        title: "Год работы центра: план, вакансии, группа риска, карточка АИС",
        rules: crate::check::year::rules,
    },
    Family {
        title: "Эффективность ЦСТВ: ОВЗ, «Абилимпикс», ярмарки, чек-лист (задача 3)",
        rules: crate::check::effectiveness::rules,
    },
    Family {
        title: "Собранные книги Excel (форма 1 и сборы)",
        rules: || slice(crate::check::incoming::RULES),
    },
    Family {
        title: "Регион: настройки и папки колледжей",
        rules: || slice(crate::region::RULES),
    },
    Family {
        title: "Оформление и шаблоны",
        rules: || slice(crate::render::RULES),
    },
    Family {
        title: "Персональные данные",
        rules: || slice(crate::write::guard::RULES),
    },
    Family {
        title: "Запись результата",
        rules: || slice(crate::write::RULES),
    },
];

/// Every registered rule, family by family.
pub fn all() -> Vec<&'static Rule> {
    FAMILIES.iter().flat_map(|f| (f.rules)()).collect()
}

/// The registered rule `id`.
pub fn find(id: &str) -> Option<&'static Rule> {
    all().into_iter().find(|r| r.id == id)
}

/// `vypusk check --explain ID`: the rule's text, like `rustc --explain`.
pub fn explain(rule: &Rule) -> String {
    let mut out = format!(
        "{} — {}\n\n{}\n",
        rule.id,
        rule.severity.label_ru(),
        rule.about
    );
    if rule.seed.is_empty() {
        out.push_str(
            "\nПравило программы: проверка входных файлов, в алгоритме работы ЦСТВ его нет.\n",
        );
    } else {
        out.push_str(&format!("\nИз алгоритма работы ЦСТВ:\n  {}\n", rule.seed));
    }
    out.push_str(&format!("\nПример:\n  {}\n", rule.example));
    out
}

/// `vypusk check --explain` without an id: every rule, family by family.
pub fn list() -> String {
    let mut out = String::new();
    for f in FAMILIES {
        out.push_str(&format!("{}\n", f.title));
        for r in (f.rules)() {
            out.push_str(&format!("  {:<36} {}\n", r.id, r.about));
        }
        out.push('\n');
    }
    out.push_str("Подробнее о правиле: vypusk check --explain ID\n");
    out
}

#[cfg(test)]
mod planted;
#[cfg(test)]
mod tests;
