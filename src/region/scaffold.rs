//! `vypusk new --region DIR`: a region with three example colleges made from the bundled
//! example college (nothing more is embedded): the example itself, a smaller college with one
//! cohort that stopped updating in October (listed as stale), and a college whose graduate list lacks a specialty that its signed contingent
//! counts — a mistake the check reports, so the region shows a failing college too.

use crate::cmd::new::scaffold;
use std::path::Path;

const REGION_CONFIG: &str = r#"# Проект региона: колледжи — папки colleges/ИМЯ/, каждая — полный проект колледжа
# (подмодуль git, рабочая копия или просто копия папки). Имя папки — адрес раздела колледжа
# на сайте региона (site/ИМЯ/). Колледжи и люди в этом примере вымышлены.
region:
  name: "Самарская область"
  base_centre: "Региональный базовый центр содействия трудоустройству выпускников"
  contacts:
    head: "Руководитель РБЦ"
    phone: "+7 (846) 555-00-00"
    email: "rbc@samara-region.example"
    address: "443000, г. Самара, ул. Центральная, д. 1"
# Дата, на которую составляются отчёты всех колледжей (--as-of важнее).
as_of: "15.12.2023"
# Колледж, последняя фактическая запись которого старше стольких дней, отмечается в обзоре.
stale_after_days: 45
# Колледжи по умолчанию — все папки colleges/ с файлом vypusk.yaml; можно перечислить пути:
# colleges: ["colleges/ppk", "../другой-регион/колледж"]
"#;

/// One example college: folder id, full and short name, site host.
struct Example {
    id: &'static str,
    full: &'static str,
    short: &'static str,
    host: &'static str,
}

const EXAMPLES: [Example; 3] = [
    Example {
        id: "ppk",
        full: "",
        short: "",
        host: "",
    },
    Example {
        id: "sks",
        full: "Государственное бюджетное профессиональное образовательное учреждение Самарской области «Самарский колледж сервиса»",
        short: "ГБПОУ «СКС»",
        host: "sks-samara.example",
    },
    Example {
        id: "ttt",
        full: "Государственное бюджетное профессиональное образовательное учреждение Самарской области «Тольяттинский технологический техникум»",
        short: "ГБПОУ «ТТТ»",
        host: "ttt-tlt.example",
    },
];

const EXAMPLE_FULL: &str = "Государственное бюджетное профессиональное образовательное учреждение Самарской области «Приволжский политехнический колледж»";

/// Write the example region into `dir` (which must not exist or be empty). Returns the
/// number of files written.
pub fn scaffold_region(dir: &Path) -> Result<usize, String> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| format!("не удалось прочитать папку {}: {e}", dir.display()))?
            .next()
            .is_some()
    {
        return Err(format!(
            "папка {} уже существует и не пуста: выберите новую папку, чтобы ничего не затереть.",
            dir.display()
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("не удалось создать папку {}: {e}", dir.display()))?;
    let put = |rel: &str, text: &str| {
        std::fs::write(dir.join(rel), text)
            .map_err(|e| format!("не удалось записать {}: {e}", dir.join(rel).display()))
    };
    put("vypusk.yaml", REGION_CONFIG)?;
    put(".gitignore", "/output\n/.vypusk-*\n")?;
    let mut written = 2;
    // The region's own CI (the same files serve a region): only the repository's root ones run.
    for (rel, text) in crate::cmd::new::CI_FILES {
        if let Some(parent) = dir.join(rel).parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        put(rel, text)?;
        written += 1;
    }
    for (i, ex) in EXAMPLES.iter().enumerate() {
        let root = dir.join(super::COLLEGES_DIR).join(ex.id);
        written += scaffold(&root)?;
        if !ex.full.is_empty() {
            rename(&root, ex)?;
        }
        if i >= 1 {
            written -= drop_cohort(&root, 2022)?;
        }
        if i == 1 {
            // Not updated since October: the overview lists it as stale.
            drop_tracks_from(&root, jiff::civil::Date::constant(2023, 10, 20))?;
        }
        if i == 2 {
            drop_specialty(&root, "43.02.15")?;
        }
    }
    Ok(written)
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> String + '_ {
    move |e| format!("не удалось записать {}: {e}", path.display())
}

/// Give the copied example its own name and address.
fn rename(root: &Path, ex: &Example) -> Result<(), String> {
    let path = root.join("vypusk.yaml");
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let text = text
        .replace(EXAMPLE_FULL, ex.full)
        .replace("ГБПОУ «ППК»", ex.short)
        .replace("ppk-samara.example", ex.host);
    std::fs::write(&path, text).map_err(io(&path))
}

/// Remove a cohort's monitoring files: a smaller college. Returns how many were removed.
fn drop_cohort(root: &Path, year: i16) -> Result<usize, String> {
    let dir = root.join("data/monitoring");
    let mut n = 0;
    for kind in ["graduates", "tracks", "measures"] {
        let p = dir.join(format!("{kind}-{year}.csv"));
        if p.is_file() {
            std::fs::remove_file(&p).map_err(io(&p))?;
            n += 1;
        }
    }
    let p = dir.join(format!("contingent-{year}.yaml"));
    if p.is_file() {
        std::fs::remove_file(&p).map_err(io(&p))?;
        n += 1;
    }
    Ok(n)
}

/// Remove the 2023 track rows dated `from` or later: a college that stopped updating.
fn drop_tracks_from(root: &Path, from: jiff::civil::Date) -> Result<(), String> {
    let path = root.join("data/monitoring/tracks-2023.csv");
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let kept: String = text
        .split_inclusive('\n')
        .filter(|l| {
            l.split(';')
                .nth(1)
                .and_then(|d| crate::format::parse_date(d).ok())
                .is_none_or(|d| d < from)
        })
        .collect();
    std::fs::write(&path, kept).map_err(io(&path))
}

/// Remove the graduates of one specialty (and their rows elsewhere) from the 2023 lists, but
/// not from the signed contingent: the list then disagrees with the signed counts.
fn drop_specialty(root: &Path, code: &str) -> Result<(), String> {
    let graduates = root.join("data/monitoring/graduates-2023.csv");
    let text = std::fs::read_to_string(&graduates).map_err(io(&graduates))?;
    let ids: Vec<String> = text
        .lines()
        .filter(|l| l.split(';').nth(2).is_some_and(|s| s.starts_with(code)))
        .filter_map(|l| l.split(';').next().map(str::to_string))
        .collect();
    for rel in [
        "data/monitoring/graduates-2023.csv",
        "data/monitoring/tracks-2023.csv",
        "data/monitoring/measures-2023.csv",
        "data/vacancies/referrals-2023.csv",
    ] {
        let path = root.join(rel);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let kept: String = text
            .split_inclusive('\n')
            .filter(|l| {
                let id = l.split(';').next().unwrap_or_default();
                !ids.iter().any(|x| x == id)
            })
            .collect();
        std::fs::write(&path, kept).map_err(io(&path))?;
    }
    Ok(())
}
