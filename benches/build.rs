//! Benchmark of `vypusk build` over generated Markdown pages (not a test).
//!
//! `cargo bench --bench build` generates N pages (front matter with title and date, ~500 words
//! of Russian prose, headings, a list, a table and a link), builds them, and prints the time
//! and the peak memory. Pages and output go to /dev/shm (tmpfs) when it exists, so the figure
//! measures vypusk rather than the disk (`VYPUSK_BENCH_DIR=/some/disk/dir` measures a disk).
//! `VYPUSK_BENCH_SIZES=1000,10000` chooses N.

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
        for _ in 0..3 {
            let t = Instant::now();
            let built = build::build(&args, None, &pb).expect("bench build failed");
            times.push(t.elapsed().as_secs_f64());
            assert_eq!(built.site_files, n + 2);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "build {n:>6} pages: best {:.3} s, median {:.3} s, peak RSS {:.0} MiB ({})",
            times[0],
            times[1],
            peak_rss_mib(),
            root.display()
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
