//! Command line: one module per subcommand. Help and messages are in Russian, for officers.

pub mod build;
pub mod check;
pub mod diff;
pub mod new;
pub mod serve;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use std::error::Error as _;
use std::path::PathBuf;

const ABOUT: &str =
    "vypusk — сборка раздела «Содействие трудоустройству выпускников» сайта колледжа \
и печатных отчётов ЦСТВ из файлов YAML, CSV и Markdown.";

const AFTER: &str = "Примеры:\n  vypusk new мой-колледж     создать проект из примера\n  vypusk new --empty ППК     создать пустой проект для своего колледжа\n  vypusk new --region РБЦ    создать проект региона с тремя примерами колледжей\n  vypusk check               проверить данные и страницы\n  vypusk build               собрать сайт в output/site и отчёты в output/reports\n  vypusk diff HEAD~1         что изменилось в цифрах с прошлой версии в git\n  vypusk serve               просмотр в браузере с обновлением при изменении файлов";

/// Help in Russian, clap's English headings replaced.
const HELP_TEMPLATE: &str =
    "{about-with-newline}\nИспользование: {usage}\n\n{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "vypusk",
    version,
    about = ABOUT,
    after_help = AFTER,
    help_template = HELP_TEMPLATE,
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true,
    subcommand_help_heading = "Команды",
    subcommand_value_name = "КОМАНДА",
    next_help_heading = "Параметры"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Показать справку (у каждой команды своя: vypusk КОМАНДА --help)
    #[arg(short = 'h', long, action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Показать версию
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    version: Option<bool>,
}

/// Options shared by commands that read a project.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Параметры")]
pub struct ProjectArgs {
    /// Папка проекта, где лежит vypusk.yaml (по умолчанию текущая)
    #[arg(
        long,
        short = 'r',
        default_value = ".",
        hide_default_value = true,
        value_name = "ПАПКА"
    )]
    pub root: PathBuf,
    /// Дата, на которую составляются отчёты (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД); по умолчанию as_of из vypusk.yaml
    #[arg(long, value_name = "ДАТА", value_parser = parse_date_arg)]
    pub as_of: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Текст для человека
    Text,
    /// JSON для программ (поля findings и summary)
    Json,
}

#[derive(Debug, Subcommand)]
#[command(help_template = HELP_TEMPLATE, next_help_heading = "Параметры")]
pub enum Command {
    #[command(help_template = HELP_TEMPLATE)]
    /// Создать новый проект колледжа в папке ПАПКА из встроенного примера
    New {
        /// Папка нового проекта (не должна существовать или должна быть пустой)
        #[arg(value_name = "ПАПКА")]
        dir: PathBuf,
        /// Пустой проект для своего колледжа: настройки с подсказками, страницы обязательных частей раздела, файлы данных только с заголовками
        #[arg(long, conflicts_with = "region")]
        empty: bool,
        /// Проект региона (для базового центра): vypusk.yaml с region: и три примера колледжей в colleges/
        #[arg(long)]
        region: bool,
    },
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Параметры")]
    /// Проверить проект: настройки, страницы, ссылки, данные мониторинга. Код выхода: 0 — ошибок нет, 1 — есть ошибки, 2 — проверку не удалось выполнить
    Check {
        #[command(flatten)]
        project: ProjectArgs,
        /// Формат вывода: text — текст для человека (по умолчанию), json — для программ (поля findings и summary)
        #[arg(long, value_enum, default_value_t = OutputFormat::Text, hide_default_value = true, hide_possible_values = true, value_name = "ФОРМАТ")]
        format: OutputFormat,
        /// Объяснить правило ПРАВИЛО (например, track.conscription-window): что оно требует, откуда в алгоритме работы ЦСТВ, пример; без ПРАВИЛА — список всех правил. Проект не проверяется
        #[arg(long, value_name = "ПРАВИЛО", num_args = 0..=1, default_missing_value = "")]
        explain: Option<String>,
    },
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Параметры")]
    /// Проверить и собрать: публичный сайт в output/site, печатные отчёты в output/reports. При ошибках output/ не меняется
    Build {
        #[command(flatten)]
        project: ProjectArgs,
        /// Папка результата (по умолчанию output в папке проекта)
        #[arg(long, short = 'o', value_name = "ПАПКА")]
        output: Option<PathBuf>,
    },
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Параметры")]
    /// Показать, что изменилось в цифрах и замечаниях между двумя версиями проекта в git: по выпускам и каналам занятости, кто вошёл в группу риска и вышел из неё (только ID), новые и исправленные замечания. Ничего не записывает
    Diff {
        /// Прежняя версия: коммит, ветка или тег, например HEAD~1, main или a1b2c3d
        #[arg(value_name = "ВЕРСИЯ")]
        from: String,
        /// Новая версия; по умолчанию — рабочая копия (файлы в папке сейчас, в том числе не сохранённые в git)
        #[arg(value_name = "ВЕРСИЯ2")]
        to: Option<String>,
        #[command(flatten)]
        project: ProjectArgs,
        /// Формат вывода: text — текст (по умолчанию), markdown — для комментария к запросу на слияние
        #[arg(long, value_enum, default_value_t = diff::DiffFormat::Text, hide_default_value = true, hide_possible_values = true, value_name = "ФОРМАТ")]
        format: diff::DiffFormat,
    },
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Параметры")]
    /// Собрать и показать сайт в браузере (http://127.0.0.1:ПОРТ); при изменении файлов пересобрать и обновить страницу
    Serve {
        #[command(flatten)]
        project: ProjectArgs,
        /// Порт на 127.0.0.1 (по умолчанию 1111)
        #[arg(long, short = 'p', default_value_t = 1111, hide_default_value = true, value_name = "ПОРТ", value_parser = parse_port)]
        port: u16,
        /// Папка результата (по умолчанию output в папке проекта)
        #[arg(long, short = 'o', value_name = "ПАПКА")]
        output: Option<PathBuf>,
    },
    /// Synthetic region for benchmarks: COLLEGES colleges × GRADUATES graduates.
    #[command(hide = true)]
    GenRegion {
        dir: PathBuf,
        #[arg(long, default_value_t = 10)]
        colleges: usize,
        #[arg(long, default_value_t = 3000)]
        graduates: usize,
    },
}

fn parse_port(s: &str) -> Result<u16, String> {
    s.trim().parse::<u16>().map_err(|_| {
        format!("«{s}» — не номер порта: ожидается число от 1 до 65535, например 8080")
    })
}

fn parse_date_arg(s: &str) -> Result<Date, String> {
    crate::format::parse_date(s)
}

/// Exit codes: 0 success, 1 findings with errors, 2 could not run.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_FATAL: i32 = 2;

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) if !e.use_stderr() => {
            let _ = e.print(); // --help, --version
            return EXIT_OK;
        }
        Err(e) => {
            eprintln!("vypusk: {}\nСправка: vypusk --help", usage_error_ru(&e));
            return EXIT_FATAL;
        }
    };
    match cli.command {
        Command::New { dir, empty, region } => new::run(&dir, empty, region),
        Command::Check {
            explain: Some(id), ..
        } => check::explain(&id),
        Command::Check {
            project, format, ..
        } if crate::region::is_region(&project.root) => {
            crate::region::check::run(&project.root, project.as_of, format)
        }
        Command::Check {
            project, format, ..
        } => check::run(&project, format),
        Command::Build { project, output } if crate::region::is_region(&project.root) => {
            crate::region::build::run(&project.root, project.as_of, output.as_deref())
        }
        Command::Build { project, output } => build::run(&project, output.as_deref()),
        Command::Diff {
            from,
            to,
            project,
            format,
        } => diff::run(&project, &from, to.as_deref(), format),
        Command::GenRegion {
            dir,
            colleges,
            graduates,
        } => match crate::region::gen::generate(&dir, colleges, graduates) {
            Ok(n) => {
                eprintln!("{}: {colleges} × {graduates}, {n} файлов", dir.display());
                EXIT_OK
            }
            Err(m) => {
                eprintln!("vypusk: {m}");
                EXIT_FATAL
            }
        },
        Command::Serve {
            project,
            port,
            output,
        } => serve::run(&project, port, output.as_deref()),
    }
}

/// A command-line mistake in Russian (clap's own texts are English).
fn usage_error_ru(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let ctx = |k| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let hint = |k| {
        let s = ctx(k);
        if s.is_empty() {
            String::new()
        } else {
            format!(" Возможно, имелось в виду «{s}».")
        }
    };
    match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "неизвестная команда «{}».{} Команды: new, check, build, diff, serve.",
            ctx(ContextKind::InvalidSubcommand),
            hint(ContextKind::SuggestedSubcommand)
        ),
        ErrorKind::UnknownArgument => format!(
            "неизвестный параметр «{}».{}",
            ctx(ContextKind::InvalidArg),
            hint(ContextKind::SuggestedArg)
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let source = e.source().map(|s| s.to_string()).unwrap_or_else(|| {
                format!("недопустимое значение «{}»", ctx(ContextKind::InvalidValue))
            });
            format!("{}: {source}", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::MissingRequiredArgument => {
            format!(
                "не хватает обязательного значения: {}",
                ctx(ContextKind::InvalidArg)
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "укажите команду: new, check, build, diff или serve.".to_string()
        }
        _ => e.to_string(),
    }
}

/// How many findings of one rule the terminal shows; the rest are counted.
pub const TERMINAL_PER_RULE: usize = 20;

/// Print findings for a person — the first [`TERMINAL_PER_RULE`] of each rule, so that a
/// huge file does not flood the terminal — then the totals and where the full list is.
pub fn print_findings(findings: &[crate::diag::Finding]) {
    use crate::diag::Severity;
    use std::io::Write;
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    let mut per_rule: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in findings {
        let n = per_rule.entry(f.rule).or_default();
        *n += 1;
        if *n <= TERMINAL_PER_RULE {
            let _ = writeln!(err, "{f}\n");
        }
    }
    let cut: Vec<(&str, usize)> = per_rule
        .into_iter()
        .filter(|(_, n)| *n > TERMINAL_PER_RULE)
        .collect();
    for (rule, n) in &cut {
        let _ = writeln!(err, "[{rule}]: показаны первые {TERMINAL_PER_RULE} из {n}.",);
    }
    if !cut.is_empty() {
        let _ = writeln!(
            err,
            "Полный список замечаний: vypusk check --format json, а после сборки — output/reports/findings.json.\n"
        );
    }
    let n = |s| findings.iter().filter(|f| f.severity == s).count() as i64;
    let (e, w, i) = (n(Severity::Error), n(Severity::Warning), n(Severity::Info));
    if e + w + i > 0 {
        let _ = writeln!(err, "{}", totals_line(e, w, i));
    }
}

/// «Итого: …» with every severity the findings report counts, сведения included.
pub fn totals_line(errors: i64, warnings: i64, info: i64) -> String {
    format!(
        "Итого: {}, {}, {}.",
        crate::format::count_ru(errors, "ошибка", "ошибки", "ошибок"),
        crate::format::count_ru(
            warnings,
            "предупреждение",
            "предупреждения",
            "предупреждений"
        ),
        crate::format::count_ru(info, "сведение", "сведения", "сведений")
    )
}

#[cfg(test)]
mod tests {
    use super::totals_line;

    #[test]
    fn totals_count_info_too() {
        assert_eq!(
            totals_line(0, 23, 1),
            "Итого: 0 ошибок, 23 предупреждения, 1 сведение."
        );
        assert_eq!(
            totals_line(1, 0, 5),
            "Итого: 1 ошибка, 0 предупреждений, 5 сведений."
        );
    }
}
