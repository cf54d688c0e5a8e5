//! «Работа России» import benchmark (not a test): a bulk JSON dump of 50,000 vacancies from
//! several regions, imported with region and specialty filtering and de-duplication.
//! Target: under 1 s in release on 2 cores. Run: `cargo bench --bench vacancies`.

use std::fmt::Write as _;
use std::time::Instant;

const VACANCIES: usize = 50_000;

const POSITIONS: &[&str] = &[
    "Токарь",
    "Токарь-универсал 5 разряда",
    "Фрезеровщик",
    "Оператор станков с программным управлением",
    "Электрогазосварщик",
    "Сварщик",
    "Слесарь по ремонту автомобилей",
    "Автомеханик",
    "Повар",
    "Кондитер",
    "Бухгалтер",
    "Кассир",
    "Программист",
    "Системный администратор",
    "Продавец-кассир",
    "Водитель погрузчика",
    "Менеджер по продажам",
    "Грузчик",
    "Охранник",
    "Уборщик помещений",
];
const REGIONS: &[&str] = &[
    "6300000000000",
    "1600000000000",
    "6400000000000",
    "7300000000000",
    "7700000000000",
];

/// A tiny deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn dump() -> String {
    let mut rng = Rng(0x5eed_1234_abcd);
    let mut s = String::with_capacity(VACANCIES * 700);
    s.push_str("{\"vacancies\":[\n");
    for i in 0..VACANCIES {
        let pos = POSITIONS[rng.below(POSITIONS.len() as u64) as usize];
        let region = REGIONS[rng.below(REGIONS.len() as u64) as usize];
        let company = rng.below(3000);
        let lo = 30_000 + rng.below(40) * 1000;
        if i > 0 {
            s.push_str(",\n");
        }
        let _ = write!(
            s,
            "{{\"id\":\"{i:08x}-{company}\",\"vacancy_name\":\"{pos}\",\"state_region_code\":\"{region}\",\
             \"company\":{{\"companycode\":\"{company}\",\"inn\":\"{}{company:08}\",\"ogrn\":\"\",\"kpp\":\"\",\"name\":\"ООО «Предприятие № {company}»\"}},\
             \"professionalSphereName\":\"Производство\",\"education\":\"Среднее профессиональное\",\"required_experience\":1,\
             \"schedule_type\":\"Полный рабочий день\",\"busy_type\":\"Полная занятость\",\"salary_min\":{lo},\"salary_max\":{},\
             \"vac_url\":\"https://trudvsem.ru/vacancy/card/{company}/{i:08x}\",\"date_create\":\"2023-11-{:02}\",\"date_modify\":\"2023-12-{:02}\",\
             \"code_profession\":\"{}\",\"vacancy_address\":\"г. Самара, ул. Заводская, д. {}\",\"work_places\":{},\"is_quoted\":{},\"social_protected_ids\":\"\"}}",
            &region[..2],
            lo + 15_000,
            1 + rng.below(28),
            1 + rng.below(14),
            10_000 + rng.below(20_000),
            1 + rng.below(200),
            1 + rng.below(5),
            rng.below(10) == 0,
        );
    }
    s.push_str("\n]}\n");
    s
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let t = Instant::now();
    let text = dump();
    std::fs::create_dir_all(root.join("data/vacancies/trudvsem")).expect("dirs");
    std::fs::create_dir_all(root.join("data/reference")).expect("dirs");
    std::fs::write(root.join("data/vacancies/trudvsem/dump.json"), &text).expect("write");
    std::fs::write(
        root.join("data/vacancies/import.yaml"),
        "region_code: \"63\"\n",
    )
    .expect("write");
    let specialties = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/reference/specialties.yaml"
    ))
    .expect("specialties");
    std::fs::write(root.join("data/reference/specialties.yaml"), specialties).expect("write");
    eprintln!(
        "generated {:.1} MB in {:.2} s",
        text.len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let config: vypusk::config::Config = serde_yaml::from_str(
        "college: {full_name: Колледж, short_name: К, region: Самарская область, director: {name: И}}\n\
         centre: {head: {name: П}}\nacademic_year: 2023-2024\n",
    )
    .expect("config");
    let mut fs = vypusk::diag::Findings::new();
    let sp = vypusk::load::monitoring::load_specialties(root, &mut fs);

    let mut best = f64::MAX;
    let mut v = Default::default();
    for _ in 0..3 {
        let t = Instant::now();
        let mut findings = Vec::new();
        v = vypusk::load::vacancies::load(root, &config, &sp, &mut findings);
        best = best.min(t.elapsed().as_secs_f64());
        assert!(findings.is_empty(), "{findings:?}");
    }
    let v: vypusk::model::vacancy::Vacancies = v;
    println!("threads            {}", rayon::current_num_threads());
    println!("records read       {}", v.imported_read);
    println!("out of region      {}", v.dropped_region);
    println!("no specialty       {}", v.dropped_specialty);
    println!("duplicates         {}", v.dropped_duplicate);
    println!("kept               {}", v.items.len());
    println!("import (best of 3) {best:.3} s");
}
