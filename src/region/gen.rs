//! A synthetic region for benchmarks (`vypusk gen-region`, hidden from `--help`, and
//! `benches/region.rs`): N colleges, each the bundled example with its monitoring lists
//! replaced by generated ones of the given size (two cohorts, about 6.7 track rows per
//! graduate, as in the monitoring benchmark). Deterministic: the same arguments give the same
//! files. The data are clean enough that every college builds.

use std::io::Write;
use std::path::Path;

/// Specialties of the generated colleges: code, name, positions that match it (also used by
/// the monitoring and effectiveness benchmarks).
pub const SPECIALTIES: &[(&str, &str, &[&str])] = &[
    (
        "09.02.07",
        "Информационные системы и программирование",
        &["Программист", "Техник-программист"],
    ),
    (
        "15.01.05",
        "Сварщик (ручной и частично механизированной сварки (наплавки))",
        &["Сварщик", "Электрогазосварщик"],
    ),
    (
        "15.02.08",
        "Технология машиностроения",
        &["Техник-технолог", "Токарь", "Фрезеровщик"],
    ),
    (
        "23.02.07",
        "Техническое обслуживание и ремонт двигателей, систем и агрегатов автомобилей",
        &["Автомеханик", "Слесарь по ремонту автомобилей"],
    ),
    (
        "38.02.01",
        "Экономика и бухгалтерский учет (по отраслям)",
        &["Бухгалтер", "Кассир"],
    ),
    (
        "43.02.15",
        "Поварское и кондитерское дело",
        &["Повар", "Кондитер"],
    ),
];

/// Track rows per graduate (2,000,000 for 300,000 graduates).
const ROWS_PER_GRADUATE: f64 = 20.0 / 3.0;

/// xorshift: tiny and deterministic, so generated data are the same on every run.
pub struct Rng(pub u64);
impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// Write a region of `colleges` colleges with `graduates` graduates each into `dir` (which
/// must not exist or be empty). Returns the number of files written.
pub fn generate(dir: &Path, colleges: usize, graduates: usize) -> Result<usize, String> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| format!("не удалось прочитать папку {}: {e}", dir.display()))?
            .next()
            .is_some()
    {
        return Err(format!("папка {} не пуста", dir.display()));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(
        dir.join("vypusk.yaml"),
        format!("region:\n  name: Самарская область\n  base_centre: \"РБЦ (синтетический регион, {colleges} × {graduates} выпускников)\"\nas_of: \"15.12.2023\"\n"),
    )
    .map_err(|e| e.to_string())?;
    let mut written = 1;
    for i in 0..colleges {
        let root = dir.join(super::COLLEGES_DIR).join(format!("c{i:03}"));
        written += crate::cmd::new::scaffold(&root)?;
        written += college(&root, i, graduates).map_err(|e| format!("{}: {e}", root.display()))?;
    }
    Ok(written)
}

fn college(root: &Path, n: usize, graduates: usize) -> std::io::Result<usize> {
    let config = root.join("vypusk.yaml");
    let text = std::fs::read_to_string(&config)?
        .replace("ГБПОУ «ППК»", &format!("Колледж № {}", n + 1))
        .replace(
            "«Приволжский политехнический колледж»",
            &format!("«Колледж № {}»", n + 1),
        );
    std::fs::write(&config, text)?;
    // The example's lists name its own graduates: replaced whole.
    let mdir = root.join("data/monitoring");
    std::fs::remove_dir_all(&mdir)?;
    std::fs::create_dir_all(&mdir)?;
    let referrals = root.join("data/vacancies/referrals-2023.csv");
    if referrals.is_file() {
        std::fs::remove_file(referrals)?;
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ ((n as u64 + 1) * 0x2545_F491_4F6C_DD1D));
    let cohorts = [2022i16, 2023];
    let per_cohort = graduates / cohorts.len();
    let rows_per_cohort = (per_cohort as f64 * ROWS_PER_GRADUATE) as usize;
    // Colleges differ: each has its own employment level, so the overview ranks something.
    let employ = 6 + (n % 10) as u64;
    for year in cohorts {
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
            writeln!(
                g,
                "{year}-{i:06};Выпускник {i} Тестович;{code} {name};Г-{};{};нет;;нет",
                i % 25,
                if ovz { "да" } else { "нет" },
            )?;
            let left = (per_cohort - i) as u64;
            let want = (rows_per_cohort.saturating_sub(rows) as u64).div_ceil(left) as usize;
            writeln!(t, "{year}-{i:06};20.06.{year};прогноз;Трудоустроен;;;;;")?;
            rows += 1;
            let position = positions[rng.below(positions.len() as u64) as usize];
            for k in 1..want.max(2) {
                let month = 6 + k.min(5);
                let day = 1 + rng.below(27);
                if rng.below(16) < employ {
                    writeln!(
                        t,
                        "{year}-{i:06};{day:02}.{month:02}.{year};факт;Трудоустроен;АО «Завод»;6312000011;нет;{position};"
                    )?;
                } else {
                    writeln!(
                        t,
                        "{year}-{i:06};{day:02}.{month:02}.{year};факт;Продолжил обучение;;;;;"
                    )?;
                }
                rows += 1;
            }
        }
        g.flush()?;
        t.flush()?;
    }
    Ok(4)
}
