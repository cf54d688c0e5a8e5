//! `vypusk new DIR`: scaffold a college project from the bundled example, which is embedded
//! in the binary so that the command works anywhere, not only inside the repository.

use super::{EXIT_FATAL, EXIT_OK};
use include_dir::{include_dir, Dir};
use std::path::Path;

static CONTENT: Dir = include_dir!("$CARGO_MANIFEST_DIR/content");
static DATA: Dir = include_dir!("$CARGO_MANIFEST_DIR/data");
static THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");
const CONFIG: &str = include_str!("../../vypusk.yaml");
const GITIGNORE: &str = "/output\n/.vypusk-*\n";

/// Write the example project into `dir` (which must not exist or be empty).
pub fn scaffold(dir: &Path) -> Result<usize, String> {
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
    put(Path::new("vypusk.yaml"), CONFIG.as_bytes())?;
    put(Path::new(".gitignore"), GITIGNORE.as_bytes())?;
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

pub fn run(dir: &Path) -> i32 {
    match scaffold(dir) {
        Ok(n) => {
            eprintln!(
                "Создан проект в {} ({}).\nДальше:\n  1. Впишите свой колледж и контакты в {}/vypusk.yaml.\n  2. Правьте страницы в content/, данные мониторинга в data/.\n  3. Проверка: vypusk check --root {}\n  4. Сборка:   vypusk build --root {}   (или просмотр: vypusk serve --root {})",
                dir.display(),
                crate::format::count_ru(n as i64, "файл", "файла", "файлов"),
                dir.display(),
                dir.display(),
                dir.display(),
                dir.display()
            );
            EXIT_OK
        }
        Err(m) => {
            eprintln!("vypusk: {m}");
            EXIT_FATAL
        }
    }
}
