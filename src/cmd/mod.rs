//! Command line: one module per subcommand. Help and messages are in Russian, for officers.

pub mod build;
pub use build::build as build_project;
pub mod check;
pub mod new;
pub mod serve;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use std::path::PathBuf;

const ABOUT: &str =
    "vypusk — сборка раздела «Содействие трудоустройству выпускников» сайта колледжа \
и печатных отчётов ЦСТВ из файлов YAML, CSV и Markdown.";

const AFTER: &str = "Примеры:\n  vypusk new мой-колледж     создать проект из примера\n  vypusk check               проверить данные и страницы\n  vypusk build               собрать сайт в output/site и отчёты в output/reports\n  vypusk serve               просмотр в браузере с обновлением при изменении файлов";

#[derive(Debug, Parser)]
#[command(name = "vypusk", version, about = ABOUT, after_help = AFTER, disable_help_subcommand = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by commands that read a project.
#[derive(Debug, Clone, clap::Args)]
pub struct ProjectArgs {
    /// Папка проекта (где лежит vypusk.yaml)
    #[arg(long, short = 'r', default_value = ".", value_name = "ПАПКА")]
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
pub enum Command {
    /// Создать новый проект колледжа в папке ПАПКА из встроенного примера
    New {
        /// Папка нового проекта (не должна существовать или должна быть пустой)
        #[arg(value_name = "ПАПКА")]
        dir: PathBuf,
    },
    /// Проверить проект: настройки, страницы, ссылки, данные мониторинга. Код выхода: 0 — ошибок нет, 1 — есть ошибки, 2 — проверку не удалось выполнить
    Check {
        #[command(flatten)]
        project: ProjectArgs,
        /// Формат вывода
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Проверить и собрать: публичный сайт в output/site, печатные отчёты в output/reports. При ошибках output/ не меняется
    Build {
        #[command(flatten)]
        project: ProjectArgs,
        /// Папка результата (по умолчанию output в папке проекта)
        #[arg(long, short = 'o', value_name = "ПАПКА")]
        output: Option<PathBuf>,
    },
    /// Собрать и показать сайт в браузере (http://127.0.0.1:ПОРТ); при изменении файлов пересобрать и обновить страницу
    Serve {
        #[command(flatten)]
        project: ProjectArgs,
        /// Порт на 127.0.0.1
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        /// Папка результата (по умолчанию output в папке проекта)
        #[arg(long, short = 'o', value_name = "ПАПКА")]
        output: Option<PathBuf>,
    },
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
        Err(e) => {
            let code = if e.use_stderr() { EXIT_FATAL } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::New { dir } => new::run(&dir),
        Command::Check { project, format } => check::run(&project, format),
        Command::Build { project, output } => build::run(&project, output.as_deref()),
        Command::Serve {
            project,
            port,
            output,
        } => serve::run(&project, port, output.as_deref()),
    }
}

/// Print findings for a person, then a one-line summary. Returns whether there were errors.
pub fn print_findings(findings: &[crate::diag::Finding]) {
    use crate::diag::Severity;
    for f in findings {
        eprintln!("{f}\n");
    }
    let n = |s| findings.iter().filter(|f| f.severity == s).count() as i64;
    let (e, w) = (n(Severity::Error), n(Severity::Warning));
    if e + w > 0 {
        eprintln!(
            "Итого: {}, {}.",
            crate::format::count_ru(e, "ошибка", "ошибки", "ошибок"),
            crate::format::count_ru(w, "предупреждение", "предупреждения", "предупреждений")
        );
    }
}
