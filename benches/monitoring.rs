//! Region-size monitoring benchmark (not a test): 300,000 graduates and 2,000,000 track rows
//! as CSV in a temp dir; times load + check + summary and a bare `csv`-crate read of the same
//! files. Run: `cargo bench --bench monitoring`; peak memory: `/usr/bin/time -v` on the binary.

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

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let t = Instant::now();
    generate(root).expect("generate");
    eprintln!("generated in {:.2} s", t.elapsed().as_secs_f64());
    let config: vypusk::config::Config = serde_yaml::from_str(
        "college: {full_name: Регион, short_name: Р, region: Самарская область, director: {name: И}}\n\
         centre: {head: {name: П}}\nacademic_year: 2023-2024\n",
    )
    .expect("config");
    let as_of = jiff::civil::Date::constant(2023, 12, 15);

    let (t, c) = (Instant::now(), cpu_secs());
    let records = bare_csv_read(root);
    let bare = t.elapsed().as_secs_f64();
    let bare_cpu = cpu_secs() - c;

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
    let (t, c) = (Instant::now(), cpu_secs());
    let summary = vypusk::compute::summary(&m, &config, as_of);
    let summ = t.elapsed().as_secs_f64();
    let summ_cpu = cpu_secs() - c;
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
    println!("threads            {}", rayon::current_num_threads());
    println!("graduates          {graduates}");
    println!("track entries      {entries}");
    println!("load findings      {}", findings.len());
    println!("check findings     {}", checked.len());
    println!(
        "risk group         {}",
        summary
            .cohorts
            .iter()
            .map(|c| c.risk_group.len())
            .sum::<usize>()
    );
    println!("bare csv read      {bare:.3} s ({records} records)");
    println!("load               {load:.3} s (CPU {load_cpu:.2} s)");
    println!("check              {check:.3} s (CPU {check_cpu:.2} s)");
    println!("summary            {summ:.3} s (CPU {summ_cpu:.2} s)");
    println!(
        "load+check+summary {total:.3} s ({:.1}× bare csv)",
        total / bare
    );
    println!(
        "CPU time           bare {bare_cpu:.2} s, load+check+summary {total_cpu:.2} s ({:.1}× bare csv)",
        total_cpu / bare_cpu.max(0.01)
    );
    println!("series + form 1    {extra:.3} s (not in the total)");
}
