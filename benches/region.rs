//! Region benchmark (not a test): a synthetic region of N colleges × 3,000 graduates (two
//! cohorts, ~20,000 track rows per college, each college a full example project) checked and
//! built as `vypusk check` and `vypusk build` do it. Each size and each step runs in a child
//! process of its own, so that its peak memory (VmHWM) is its own.
//!
//! `cargo bench --bench region`; `VYPUSK_BENCH_COLLEGES=10,30,100` chooses N (default 10,30),
//! `VYPUSK_BENCH_GRADUATES` the graduates per college (3000). The region goes to /dev/shm when
//! it exists (`VYPUSK_BENCH_DIR` names another folder), so the figure measures vypusk rather
//! than the disk.

use std::path::{Path, PathBuf};
use std::time::Instant;
use vypusk::region::{self, Depth};

// The allocator the `vypusk` binary uses (src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// CPU seconds (user + system) this process has used so far, from `/proc/self/stat` (clock
/// ticks of 1/100 s); 0 where there is no /proc. Wall time alone hides whether both cores worked.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which may hold spaces) end at its `)`.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok());
            Some((ticks(11)? + ticks(12)?) / 100.0)
        })
        .unwrap_or(0.0)
}

/// One step in this process: prints `seconds cpu_seconds peak_mib detail`.
fn child(step: &str, root: &Path) {
    let t = Instant::now();
    let detail = match step {
        "check" => {
            let c = region::check::check_region(root, None, Depth::WithRender);
            let findings: usize = c.colleges.iter().map(|c| c.findings.len()).sum();
            let failing = c.failing().len();
            // As `vypusk check` leaves the colleges' data to the OS at exit.
            std::mem::forget(c);
            format!("{findings} findings, {failing} failing")
        }
        "build" => {
            // As `vypusk build` does it: check, build, and leave the data to the OS at exit.
            let checked = region::check::check_region(root, None, Depth::Rules);
            let (b, kept) = region::build::build_kept(root, &checked, Some(&root.join("output")))
                .unwrap_or_else(|e| panic!("region build failed: {e:?}"));
            std::mem::forget(kept);
            std::mem::forget(checked);
            format!(
                "{} colleges built, {} failing, {} site pages, {} reports",
                b.built.len(),
                b.failing.len(),
                b.site_pages,
                b.reports
            )
        }
        other => panic!("unknown step {other}"),
    };
    println!(
        "{:.3} {:.2} {:.0} {detail}",
        t.elapsed().as_secs_f64(),
        cpu_seconds(),
        peak_rss_mib()
    );
}

fn main() {
    if let (Ok(step), Ok(root)) = (
        std::env::var("VYPUSK_BENCH_STEP"),
        std::env::var("VYPUSK_BENCH_ROOT"),
    ) {
        child(&step, Path::new(&root));
        return;
    }
    let sizes: Vec<usize> = std::env::var("VYPUSK_BENCH_COLLEGES")
        .unwrap_or_else(|_| "10,30".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let graduates: usize = std::env::var("VYPUSK_BENCH_GRADUATES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3000);
    let base: PathBuf = if let Ok(dir) = std::env::var("VYPUSK_BENCH_DIR") {
        PathBuf::from(dir)
    } else if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm/vypusk-bench-region")
    } else {
        std::env::temp_dir().join("vypusk-bench-region")
    };
    let exe = std::env::current_exe().expect("bench binary");
    println!("threads {}", rayon::current_num_threads());
    for n in sizes {
        let root = base.join(format!("r{n}"));
        let _ = std::fs::remove_dir_all(&root);
        let t = Instant::now();
        region::gen::generate(&root, n, graduates).expect("generate");
        eprintln!(
            "generated {n} × {graduates} in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        for step in ["check", "build"] {
            let out = std::process::Command::new(&exe)
                .env("VYPUSK_BENCH_STEP", step)
                .env("VYPUSK_BENCH_ROOT", &root)
                .output()
                .expect("child");
            let text = String::from_utf8_lossy(&out.stdout);
            let line = text.lines().last().unwrap_or_default().to_string();
            let mut f = line.splitn(4, ' ');
            let (secs, cpu, mib, detail) = (
                f.next().unwrap_or("?"),
                f.next().unwrap_or("?"),
                f.next().unwrap_or("?"),
                f.next().unwrap_or(""),
            );
            if !out.status.success() {
                eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            }
            println!(
                "{n:>4} colleges × {graduates} graduates: {step:<5} {secs:>7} s wall, {cpu:>6} s CPU, peak RSS {mib:>5} MiB ({detail})"
            );
        }
        let _ = std::fs::remove_dir_all(&root);
    }
}
