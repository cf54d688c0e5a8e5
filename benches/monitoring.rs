//! Region-size monitoring benchmark (not a test): 300,000 graduates and 2,000,000 track rows
//! as CSV in a temp dir; times load + check + summary and a bare `csv`-crate read of the same
//! files. Run: `cargo bench --bench monitoring`; peak memory: `/usr/bin/time -v` on the binary.
//!
//! Each measurement runs in a fresh process (this binary again, told what to do by
//! `VYPUSK_BENCH_RUN`), so each starts with no memory of its own, as `vypusk build` does;
//! the bare read and the full run take turns, `VYPUSK_BENCH_ROUNDS` times (default 5), so that
//! a noisy moment on a shared machine falls on both. Reported: every round, the best and the
//! median of each, and their ratios.

use std::io::Write;
use std::path::Path;
use std::time::Instant;
use vypusk::region::gen::{Rng, SPECIALTIES};

// The allocator the `vypusk` binary uses (src/main.rs), for the load and the bare read alike.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const GRADUATES: usize = 300_000;
const TRACK_ROWS: usize = 2_000_000;
const COHORTS: [i16; 2] = [2022, 2023];

fn generate(root: &Path) -> std::io::Result<()> {
    let mdir = root.join("data/monitoring");
    std::fs::create_dir_all(&mdir)?;
    std::fs::create_dir_all(root.join("data/reference"))?;
    let mut spec = std::fs::File::create(root.join("data/reference/specialties.yaml"))?;
    for (code, name, positions) in SPECIALTIES {
        writeln!(
            spec,
            "- code: {code}\n  name: {name}\n  positions: [{}]",
            positions.join(", ")
        )?;
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let per_cohort = GRADUATES / COHORTS.len();
    let rows_per_cohort = TRACK_ROWS / COHORTS.len();
    for year in COHORTS {
        let mut g = std::io::BufWriter::new(std::fs::File::create(
            mdir.join(format!("graduates-{year}.csv")),
        )?);
        let mut t = std::io::BufWriter::new(std::fs::File::create(
            mdir.join(format!("tracks-{year}.csv")),
        )?);
        writeln!(
            g,
            "ID;ФИО;Специальность;Группа;ОВЗ;Инвалидность;Целевой договор;Дуальное обучение"
        )?;
        writeln!(
            t,
            "ID;Дата;Вид;Канал;Предприятие;ИНН;ОПК;Должность;Документ"
        )?;
        let mut rows = 0;
        for i in 0..per_cohort {
            let (code, name, positions) = SPECIALTIES[i % SPECIALTIES.len()];
            let ovz = rng.below(25) == 0;
            let target = rng.below(12) == 0;
            writeln!(
                g,
                "{year}-{i:06};Выпускник {i} Тестович;{code} {name};Г-{};{};{};{};нет",
                i % 500,
                if ovz { "да" } else { "нет" },
                if ovz && rng.below(2) == 0 {
                    "да"
                } else {
                    "нет"
                },
                if target { "АО «Завод»" } else { "" },
            )?;
            // Rows left are spread evenly so the total is exact.
            let left_g = (per_cohort - i) as u64;
            let want = ((rows_per_cohort - rows) as u64).div_ceil(left_g) as usize;
            let position = positions[rng.below(positions.len() as u64) as usize];
            writeln!(t, "{year}-{i:06};20.06.{year};прогноз;Трудоустроен;;;;;")?;
            rows += 1;
            for k in 1..want {
                let month = 6 + k.min(6);
                let day = 1 + rng.below(27);
                match rng.below(20) {
                    0 => writeln!(t, "{year}-{i:06};{day:02}.{:02}.{year};факт;Призыв в ВС РФ;;;;;", 10 + (k % 3))?,
                    1 => writeln!(t, "{year}-{i:06};{day:02}.{month:02}.{year};факт;ЦЗН;;;;;Справка № {i}")?,
                    3 if k == 1 => writeln!(t, "{year}-{i:06};{day:02}.08.{year};факт;Трудоустроин;;;;;")?,
                    2 => writeln!(t, "{year}-{i:06};{day:02}.{month:02}.{year};факт;Трудоустроен;ООО «Ромашка»;6300000000;нет;Продавец;")?,
                    _ => writeln!(
                        t,
                        "{year}-{i:06};{day:02}.{month:02}.{year};факт;Трудоустроен;АО «Завод»;6312000011;да;{position};"
                    )?,
                }
                rows += 1;
            }
        }
        g.flush()?;
        t.flush()?;
    }
    Ok(())
}

/// CPU seconds (user + system, all threads) of this process so far: on a shared machine the
/// wall clock measures the neighbours as much as vypusk, so the ratio is given in both.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which may hold spaces) in parentheses.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

fn bare_csv_read(root: &Path) -> usize {
    let mut n = 0;
    for year in COHORTS {
        for kind in ["graduates", "tracks"] {
            let path = root.join(format!("data/monitoring/{kind}-{year}.csv"));
            let mut r = csv::ReaderBuilder::new()
                .delimiter(b';')
                .from_path(path)
                .expect("generated file");
            let mut rec = csv::ByteRecord::new();
            while r.read_byte_record(&mut rec).expect("valid csv") {
                n += 1;
            }
        }
    }
    n
}

fn config() -> vypusk::config::Config {
    serde_yaml::from_str(
        "college: {full_name: Регион, short_name: Р, region: Самарская область, director: {name: И}}\n\
         centre: {head: {name: П}}\nacademic_year: 2023-2024\n",
    )
    .expect("config")
}

/// One bare read, in this process: `bare <wall s> <cpu s> <records>`.
fn run_bare(root: &Path) {
    let (t, c) = (Instant::now(), cpu_secs());
    let records = bare_csv_read(root);
    println!(
        "bare {:.3} {:.2} {records}",
        t.elapsed().as_secs_f64(),
        cpu_secs() - c
    );
}

/// One load + check + summary, in this process: the counts, then
/// `full <load> <check> <summary> <total> <cpu> <load cpu> <check cpu> <series + form 1>`.
fn run_full(root: &Path) {
    let config = config();
    let as_of = jiff::civil::Date::constant(2023, 12, 15);
    let c0 = cpu_secs();
    let t0 = Instant::now();
    let mut findings = vypusk::diag::Findings::new();
    let m = vypusk::load::monitoring::load(root, &config, &mut findings);
    let load = t0.elapsed().as_secs_f64();
    let load_cpu = cpu_secs() - c0;
    let (t, c) = (Instant::now(), cpu_secs());
    let checked = vypusk::check::monitoring::run(&m, &config, as_of);
    let check = t.elapsed().as_secs_f64();
    let check_cpu = cpu_secs() - c;
    let t = Instant::now();
    let summary = vypusk::compute::summary(&m, &config, as_of);
    let summ = t.elapsed().as_secs_f64();
    let total = t0.elapsed().as_secs_f64();
    let total_cpu = cpu_secs() - c0;
    let t = Instant::now();
    for c in &m.cohorts {
        let _ = vypusk::compute::series(c, as_of, &m.specialties, &config.rules);
        let _ = vypusk::compute::form1(c, as_of, &m.specialties, &config.rules);
    }
    let extra = t.elapsed().as_secs_f64();
    let graduates: usize = m.cohorts.iter().map(|c| c.graduates.len()).sum();
    let entries: usize = m
        .cohorts
        .iter()
        .flat_map(|c| &c.tracks)
        .map(|t| t.entries().len())
        .sum();
    let risk: usize = summary.cohorts.iter().map(|c| c.risk_group.len()).sum();
    println!("threads            {}", rayon::current_num_threads());
    println!("graduates          {graduates}");
    println!("track entries      {entries}");
    println!("load findings      {}", findings.len());
    println!("check findings     {}", checked.len());
    println!("risk group         {risk}");
    println!(
        "full {load:.3} {check:.3} {summ:.3} {total:.3} {total_cpu:.2} {load_cpu:.2} {check_cpu:.2} {extra:.3}"
    );
    // Freeing two million entries is not part of the work measured (the commands leave it to
    // the operating system too).
    std::mem::forget((m, checked, summary, findings));
}

/// Run this binary again to do `what` (`bare` or `full`) on `root`; its output.
fn child(what: &str, root: &Path) -> String {
    let out = std::process::Command::new(std::env::current_exe().expect("this binary"))
        .env("VYPUSK_BENCH_RUN", what)
        .env("VYPUSK_BENCH_ROOT", root)
        .output()
        .expect("run a measurement");
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The numbers of the line that starts with `tag`.
fn numbers(out: &str, tag: &str) -> Vec<f64> {
    out.lines()
        .find_map(|l| l.strip_prefix(tag))
        .expect("a result line")
        .split_whitespace()
        .map(|x| x.parse().expect("a number"))
        .collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

fn main() {
    if let (Ok(what), Ok(root)) = (
        std::env::var("VYPUSK_BENCH_RUN"),
        std::env::var("VYPUSK_BENCH_ROOT"),
    ) {
        match what.as_str() {
            "bare" => run_bare(Path::new(&root)),
            _ => run_full(Path::new(&root)),
        }
        return;
    }
    // `VYPUSK_BENCH_DATA=DIR` generates into DIR and keeps it, so that two builds of the bench
    // can be compared on the same files (`VYPUSK_BENCH_RUN=full VYPUSK_BENCH_ROOT=DIR`).
    let kept = std::env::var_os("VYPUSK_BENCH_DATA").map(std::path::PathBuf::from);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = kept.as_deref().unwrap_or(dir.path());
    let t = Instant::now();
    generate(root).expect("generate");
    eprintln!("generated in {:.2} s", t.elapsed().as_secs_f64());
    let rounds: usize = std::env::var("VYPUSK_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(1);
    let (mut bare, mut bare_cpu, mut total, mut total_cpu) = (vec![], vec![], vec![], vec![]);
    let (mut load, mut check, mut summ, mut extra) = (vec![], vec![], vec![], vec![]);
    let mut records = 0.0;
    println!("round  bare csv read      load    check  summary   total (CPU)    ratio");
    for round in 1..=rounds {
        let b = numbers(&child("bare", root), "bare ");
        let out = child("full", root);
        if round == 1 {
            for l in out.lines().filter(|l| !l.starts_with("full ")) {
                println!("{l}");
            }
        }
        let f = numbers(&out, "full ");
        println!(
            "{round:>5}  {:.3} s ({:.2})  {:.3}  {:.3}  {:.3}   {:.3} s ({:.2})  {:.1}×",
            b[0],
            b[1],
            f[0],
            f[1],
            f[2],
            f[3],
            f[4],
            f[3] / b[0]
        );
        records = b[2];
        bare.push(b[0]);
        bare_cpu.push(b[1]);
        load.push(f[0]);
        check.push(f[1]);
        summ.push(f[2]);
        total.push(f[3]);
        total_cpu.push(f[4]);
        extra.push(f[7]);
    }
    println!(
        "bare csv read      best {:.3} s, median {:.3} s ({records} records)",
        min(&bare),
        median(bare.clone())
    );
    println!(
        "load               best {:.3} s, median {:.3} s",
        min(&load),
        median(load.clone())
    );
    println!(
        "check              best {:.3} s, median {:.3} s",
        min(&check),
        median(check.clone())
    );
    println!(
        "summary            best {:.3} s, median {:.3} s",
        min(&summ),
        median(summ.clone())
    );
    println!(
        "load+check+summary best {:.3} s, median {:.3} s: {:.1}× the bare read (best to best), {:.1}× (median to median)",
        min(&total),
        median(total.clone()),
        min(&total) / min(&bare),
        median(total.clone()) / median(bare.clone())
    );
    println!(
        "CPU time           bare median {:.2} s, load+check+summary median {:.2} s ({:.1}×; two threads against one)",
        median(bare_cpu.clone()),
        median(total_cpu.clone()),
        median(total_cpu) / median(bare_cpu).max(0.01)
    );
    println!(
        "series + form 1    median {:.3} s (not in the total)",
        median(extra)
    );
}
