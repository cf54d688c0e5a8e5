//! `serve` over a region (not a test): a synthetic region of N colleges × G graduates is
//! built fully once, then one page of one college is edited and one college's data are
//! rebuilt, each several times, as `vypusk serve` does it after a file change (the time from
//! the change being noticed to the output being up to date; the watcher's 150 ms debounce
//! comes on top).
//!
//! `cargo bench --bench serve_region`; `VYPUSK_BENCH_COLLEGES` (30), `VYPUSK_BENCH_GRADUATES`
//! (3000), `VYPUSK_BENCH_REPEAT` (5). The region goes to /dev/shm when it exists.

use std::path::{Path, PathBuf};
use std::time::Instant;
use vypusk::region::incremental::{Incremental, Scope};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let colleges = env("VYPUSK_BENCH_COLLEGES", 30);
    let graduates = env("VYPUSK_BENCH_GRADUATES", 3000);
    let repeat = env("VYPUSK_BENCH_REPEAT", 5).max(1);
    let base: PathBuf = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm/vypusk-bench-serve-region")
    } else {
        std::env::temp_dir().join("vypusk-bench-serve-region")
    };
    let _ = std::fs::remove_dir_all(&base);
    let root = base.join("region");
    vypusk::region::gen::generate(&root, colleges, graduates).expect("generate");
    let out = base.join("output");
    println!("threads {}", rayon::current_num_threads());

    let mut inc = Incremental::new(&root, None, &out);
    let t = Instant::now();
    let u = inc.update(&Scope::everything()).expect("first build");
    println!(
        "{colleges} colleges × {graduates} graduates: first (full) build {:.3} s, {} site pages",
        t.elapsed().as_secs_f64(),
        u.site_pages
    );
    println!(
        "the region's reports/findings.json: {:.1} MB",
        std::fs::metadata(out.join("reports/findings.json")).map_or(0, |m| m.len()) as f64 / 1e6
    );

    let id = format!("c{:03}", colleges / 2);
    let page = root.join(format!(
        "{}/{id}/content/partners.md",
        vypusk::region::COLLEGES_DIR
    ));
    let text = std::fs::read_to_string(&page).expect("page");
    let mut times = Vec::new();
    let mut written = 0;
    for i in 0..repeat {
        std::fs::write(&page, format!("{text}\nПравка {i}.\n")).expect("edit");
        let scope = inc.scope_of(std::slice::from_ref(&page));
        let t = Instant::now();
        let u = inc.update(&scope).expect("page edit");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        written = u.written;
    }
    println!(
        "one page edited ({id}): median {:.1} ms of {repeat} (first, which prepares the college's cache: {:.1}; min {:.1}), {written} files written",
        median(times.clone()),
        times[0],
        times.iter().copied().fold(f64::INFINITY, f64::min)
    );

    // The page's update date made old and back: a warning comes and goes, so the college's
    // findings change and the region's findings.json is written again each time.
    let mut times = Vec::new();
    for i in 0..repeat {
        let date = if i % 2 == 0 {
            "01.09.2021"
        } else {
            "01.09.2023"
        };
        let edited = text.replacen(
            "updated: \"01.09.2023\"",
            &format!("updated: \"{date}\""),
            1,
        );
        assert!(edited != text || i % 2 == 1, "no update date in the page");
        std::fs::write(&page, edited).expect("edit");
        let scope = inc.scope_of(std::slice::from_ref(&page));
        let t = Instant::now();
        inc.update(&scope).expect("page edit");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "one page edited, its college's findings changed: median {:.1} ms of {repeat} (min {:.1})",
        median(times.clone()),
        times.iter().copied().fold(f64::INFINITY, f64::min)
    );
    std::fs::write(&page, &text).expect("edit");

    let data = root.join(format!(
        "{}/{id}/data/monitoring/tracks-2023.csv",
        vypusk::region::COLLEGES_DIR
    ));
    let mut times = Vec::new();
    for _ in 0..repeat {
        let scope = inc.scope_of(std::slice::from_ref(&data));
        let t = Instant::now();
        inc.update(&scope).expect("data edit");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "one college's data rebuilt ({id}): median {:.1} ms of {repeat} (min {:.1})",
        median(times.clone()),
        times.iter().copied().fold(f64::INFINITY, f64::min)
    );

    let config = root.join("vypusk.yaml");
    let mut times = Vec::new();
    for _ in 0..repeat {
        let scope = inc.scope_of(std::slice::from_ref(&config));
        let t = Instant::now();
        inc.update(&scope).expect("region edit");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "the region's settings: median {:.1} ms of {repeat}",
        median(times)
    );

    // The same college served alone: `vypusk serve` of a college takes the same page path.
    let college = root.join(format!("{}/{id}", vypusk::region::COLLEGES_DIR));
    let args = vypusk::cmd::ProjectArgs {
        root: college.clone(),
        as_of: None,
    };
    let college_out = base.join("college-output");
    let pb = indicatif::ProgressBar::hidden();
    let t = Instant::now();
    let (built, project) =
        vypusk::cmd::build::build_kept(&args, Some(&college_out), &pb).expect("college build");
    let full = t.elapsed().as_secs_f64() * 1000.0;
    let mut kept = vypusk::page_edit::College::new(project, built.warnings, &college_out);
    let mut times = Vec::new();
    for i in 0..repeat {
        std::fs::write(&page, format!("{text}\nПравка колледжа {i}.\n")).expect("edit");
        let t = Instant::now();
        kept.pages_changed().expect("page path").expect("written");
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "one college alone ({graduates} graduates): full build {full:.0} ms; one page edited: median {:.1} ms of {repeat} (first {:.1}, min {:.1})",
        median(times.clone()),
        times[0],
        times.iter().copied().fold(f64::INFINITY, f64::min)
    );
    let _ = std::fs::remove_dir_all(&base);
}
