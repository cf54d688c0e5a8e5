//! Effectiveness benchmark (not a test): a cohort of region size — 30,000 graduates, 3 % with
//! ОВЗ or a disability — with 3,000 measures of 1–6 participants, 400 Абилимпикс entries and
//! 60 fairs. Times the ОВЗ loader, the effectiveness rules and the criteria over the example's
//! bundled criteria (the share indicators read every graduate's status).
//! Run: `cargo bench --bench effectiveness`.

use std::fmt::Write as _;
use std::time::Instant;
use vypusk::region::gen::Rng;

const GRADUATES: usize = 30_000;
const MEASURES: usize = 3_000;
const ABILYMPICS: usize = 400;
const FAIRS: usize = 60;

const NOSOLOGY: [&str; 7] = [
    "зрения",
    "слуха",
    "ОДА",
    "ТНР",
    "ЗПР",
    "РАС",
    "другие причины",
];

fn generate(root: &std::path::Path) -> Vec<String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut g = String::from(
        "ID;ФИО;Специальность;Группа;ОВЗ;Инвалидность;Целевой договор;Дуальное обучение;Нозология\n",
    );
    let mut t = String::from("ID;Дата;Вид;Канал;Предприятие;ИНН;ОПК;Должность;Документ\n");
    let mut ovz = Vec::new();
    for i in 0..GRADUATES {
        let id = format!("2023-{i:05}");
        let special = rng.below(100) < 3;
        let n = if special {
            NOSOLOGY[rng.below(7) as usize]
        } else {
            ""
        };
        let yes = |b: bool| if b { "да" } else { "нет" };
        let _ = writeln!(
            g,
            "{id};Выпускник {i};15.02.08 Технология машиностроения;ТМ-{};{};нет;;нет;{n}",
            i % 40,
            yes(special)
        );
        let channel = match rng.below(10) {
            0 => "Риск нетрудоустройства",
            1 => "Призыв в ВС РФ",
            _ => "Трудоустроен",
        };
        let _ = writeln!(t, "{id};01.08.2023;факт;{channel};;;;;");
        if special {
            ovz.push(id);
        }
    }
    let mut m =
        String::from("Дата;Вид;Мероприятие;Участники;Предприятие;Результат;Подтверждение\n");
    for i in 0..MEASURES {
        let k = 1 + rng.below(6) as usize;
        let ids: Vec<&str> = (0..k)
            .map(|_| ovz[rng.below(ovz.len() as u64) as usize].as_str())
            .collect();
        let _ = writeln!(
            m,
            "{:02}.{:02}.2023;консультация;Консультация {i};\"{}\";;;",
            1 + rng.below(28),
            1 + rng.below(5),
            ids.join(", ")
        );
    }
    let mut a = String::from("ID;Компетенция;Уровень;Результат\n");
    for i in 0..ABILYMPICS {
        let _ = writeln!(
            a,
            "{};Компетенция {};региональный;участие",
            ovz[i % ovz.len()],
            i % 30
        );
    }
    let mut f = String::from("fairs:\n");
    for i in 0..FAIRS {
        let _ = writeln!(
            f,
            "  - name: Ярмарка {i}\n    date: {:02}.05.2023\n    all_russian: {}\n    employers: 10\n    vacancies: 50\n    participants: 100\n    invitations: 10",
            1 + i % 28,
            i == 0
        );
    }
    for (path, text) in [
        ("data/monitoring/graduates-2023.csv", g),
        ("data/monitoring/tracks-2023.csv", t),
        ("data/ovz/measures-2023.csv", m),
        ("data/ovz/abilympics-2023.csv", a),
        ("data/events/fairs-2023.yaml", f),
    ] {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("dirs");
        std::fs::write(p, text).expect("write");
    }
    ovz
}

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        out = Some(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    (best, out.expect("one run"))
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let ovz = generate(root);
    let config: vypusk::config::Config = serde_yaml::from_str(
        "college: {full_name: Колледж, short_name: К, region: Самарская область, director: {name: И}}\n\
         centre: {head: {name: П}}\nacademic_year: 2023-2024\n",
    )
    .expect("config");
    let mut fs = vypusk::diag::Findings::new();
    let m = vypusk::load::monitoring::load(root, &config, &mut fs);
    let as_of = jiff::civil::Date::constant(2023, 12, 15);
    let (t_load, loaded) = best(3, || {
        let mut findings = Vec::new();
        let o = vypusk::load::ovz::load(root, &mut findings);
        assert!(findings.is_empty(), "{findings:?}");
        o
    });
    let mut year = vypusk::model::year::CentreYear {
        ovz: loaded,
        ..Default::default()
    };
    let mut findings = Vec::new();
    year.effectiveness = vypusk::load::effectiveness::load(root, &mut findings);
    let ctx = vypusk::check::effectiveness::Ctx {
        year: &year,
        m: &m,
        opk: None,
        config: &config,
        as_of,
    };
    let (t_rules, found) = best(3, || vypusk::check::effectiveness::run(&ctx));
    let (t_eval, result) = best(3, || {
        vypusk::compute::effectiveness::evaluate(&ctx.inputs())
    });
    eprintln!(
        "{GRADUATES} graduates ({} with ОВЗ), {MEASURES} measures, {ABILYMPICS} Абилимпикс, {FAIRS} fairs:",
        ovz.len()
    );
    eprintln!("  load data/ovz + data/events: {:.3} s", t_load);
    eprintln!(
        "  effectiveness rules:         {:.3} s ({} findings)",
        t_rules,
        found.len()
    );
    eprintln!(
        "  criteria ({}):               {:.3} s ({} of {} points)",
        result.criteria.len(),
        t_eval,
        result.points,
        result.max_points
    );
}
