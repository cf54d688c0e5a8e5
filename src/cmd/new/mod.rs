//! `vypusk new DIR`: scaffold a college project from the bundled example, which is embedded
//! in the binary so that the command works anywhere, not only inside the repository.
//! `vypusk new --empty DIR`: a clean start for a real college — settings with placeholders,
//! one short page per required part of the section, data files with their headers only.

use super::{EXIT_FATAL, EXIT_OK};
use include_dir::{include_dir, Dir};
use std::path::Path;

static CONTENT: Dir = include_dir!("$CARGO_MANIFEST_DIR/content");
static DATA: Dir = include_dir!("$CARGO_MANIFEST_DIR/data");
static THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");
static EMPTY: Dir = include_dir!("$CARGO_MANIFEST_DIR/src/cmd/new/empty");
const CONFIG: &str = include_str!("../../../vypusk.yaml");
const GITIGNORE: &str = "/output\n/.vypusk-*\n";
/// Example CI for the two common git hostings: check every merge request, publish the site
/// from the main branch. Written into every new project, example or empty.
pub const CI_FILES: [(&str, &str); 2] = [
    (".gitlab-ci.yml", include_str!("ci/gitlab-ci.yml")),
    (
        ".github/workflows/vypusk.yml",
        include_str!("ci/github-vypusk.yml"),
    ),
];

/// The academic year, "today" and the graduating cohort filled into an empty project.
#[derive(Debug, Clone, Copy)]
pub struct Start {
    pub today: jiff::civil::Date,
}

impl Start {
    /// The academic year runs from 1 September.
    fn first_year(self) -> i16 {
        if self.today.month() >= 9 {
            self.today.year()
        } else {
            self.today.year() - 1
        }
    }

    fn fill(self, text: &str) -> String {
        let y = self.first_year();
        text.replace("@ACADEMIC_YEAR@", &format!("{y}-{}", y + 1))
            .replace("@ACADEMIC_YEAR_DASH@", &format!("{y}–{}", y + 1))
            .replace("@AS_OF@", &crate::format::date_ru(self.today))
            .replace("@APPROVED@", &format!("31.08.{y}"))
            // The cohort monitored first: the one that graduated in June before this year.
            .replace("@COHORT@", &y.to_string())
    }
}

/// Write the example project into `dir` (which must not exist or be empty).
pub fn scaffold(dir: &Path) -> Result<usize, String> {
    write_project(dir, None)
}

/// Write an empty project into `dir` (which must not exist or be empty): the example's
/// theme and regional reference lists, everything else from `empty/` with `start` filled in.
pub fn scaffold_empty(dir: &Path, start: Start) -> Result<usize, String> {
    write_project(dir, Some(start))
}

fn write_project(dir: &Path, empty: Option<Start>) -> Result<usize, String> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| format!("не удалось прочитать папку {}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            return Err(format!(
                "папка {} уже существует и не пуста: выберите новую папку, чтобы ничего не затереть.",
                dir.display()
            ));
        }
    }
    let mut written = 0;
    let mut put = |rel: &Path, bytes: &[u8]| -> Result<(), String> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("не удалось создать папку {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| format!("не удалось записать {}: {e}", path.display()))?;
        written += 1;
        Ok(())
    };
    put(Path::new(".gitignore"), GITIGNORE.as_bytes())?;
    for (path, text) in CI_FILES {
        put(Path::new(path), text.as_bytes())?;
    }
    if let Some(start) = empty {
        // The empty project's own edition of a reference file (the checklist, unanswered)
        // wins over the example's.
        let mut own = std::collections::BTreeSet::new();
        for f in files(&EMPTY) {
            let rel = start.fill(&f.path().to_string_lossy());
            own.insert(rel.replace('\\', "/"));
            let bytes = match f.contents_utf8() {
                Some(text) => start.fill(text).into_bytes(),
                None => f.contents().to_vec(),
            };
            put(Path::new(&rel), &bytes)?;
        }
        // The base centre's lists (section parts, form columns, recommendations) and the
        // specialties, to be trimmed to the college's own; the theme as in the example.
        let reference = DATA
            .get_dir("reference")
            .ok_or("во встроенном примере нет data/reference")?;
        for f in files(reference) {
            let rel = Path::new("data").join(f.path());
            if own.contains(&rel.to_string_lossy().replace('\\', "/")) {
                continue;
            }
            put(&rel, f.contents())?;
        }
        for f in files(&THEME) {
            put(&Path::new("themes/default").join(f.path()), f.contents())?;
        }
        return Ok(written);
    }
    put(Path::new("vypusk.yaml"), CONFIG.as_bytes())?;
    for (prefix, tree) in [
        ("content", &CONTENT),
        ("data", &DATA),
        ("themes/default", &THEME),
    ] {
        for f in files(tree) {
            put(&Path::new(prefix).join(f.path()), f.contents())?;
        }
    }
    Ok(written)
}

fn files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut out: Vec<_> = dir.files().collect();
    for d in dir.dirs() {
        out.extend(files(d));
    }
    out
}

pub fn run(dir: &Path, empty: bool, region: bool) -> i32 {
    // `{dir}` and `{files}` in the «what next» text stand for the folder and the file count.
    let (made, next) = if region {
        (
            crate::region::scaffold::scaffold_region(dir),
            "Создан проект региона в {dir} ({files}): настройки региона в vypusk.yaml, три колледжа в colleges/ (у ttt — ошибка в данных, чтобы было видно, как регион сообщает о ней).\nДальше:\n  1. Впишите свой регион и контакты базового центра в {dir}/vypusk.yaml.\n  2. Положите проекты колледжей в colleges/ИМЯ/ (или перечислите пути в colleges:).\n  3. Проверка: vypusk check --root {dir}\n  4. Сборка:   vypusk build --root {dir}",
        )
    } else if empty {
        let start = Start {
            today: crate::pipeline::today_default(),
        };
        (
            scaffold_empty(dir, start),
            "Создан пустой проект в {dir} ({files}).\nДальше:\n  1. Замените [подсказки в скобках] в {dir}/vypusk.yaml сведениями колледжа и центра.\n  2. Оставьте в data/reference/specialties.yaml свои специальности.\n  3. Напишите страницы в content/ (по одной на каждую обязательную часть раздела).\n  4. Заполните data/plan.yaml и списки в data/monitoring/, data/vacancies/ (первая строка — заголовки столбцов).\n  5. Проверка: vypusk check --root {dir}\n  6. Сборка:   vypusk build --root {dir}",
        )
    } else {
        (
            scaffold(dir),
            "Создан проект в {dir} ({files}).\nДальше:\n  1. Впишите свой колледж и контакты в {dir}/vypusk.yaml.\n  2. Правьте страницы в content/, данные мониторинга в data/.\n  3. Проверка: vypusk check --root {dir}\n  4. Сборка:   vypusk build --root {dir}   (или просмотр: vypusk serve --root {dir})",
        )
    };
    match made {
        Ok(n) => {
            let files = crate::format::count_ru(n as i64, "файл", "файла", "файлов");
            eprintln!(
                "{}",
                next.replace("{dir}", &dir.display().to_string())
                    .replace("{files}", &files)
            );
            EXIT_OK
        }
        Err(m) => {
            eprintln!("vypusk: {m}");
            EXIT_FATAL
        }
    }
}
