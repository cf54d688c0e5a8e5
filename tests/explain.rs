//! `vypusk check --explain`: one rule like `rustc --explain`, or the list of every rule.

mod common;
use common::*;

fn explain(args: &[&str]) -> std::process::Output {
    vypusk()
        .args(["check", "--explain"])
        .args(args)
        .output()
        .expect("vypusk runs")
}

#[test]
fn a_rule_is_explained_with_its_seed_line() {
    let out = explain(&["track.conscription-window"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("track.conscription-window — предупреждение"),
        "{text}"
    );
    assert!(text.contains("01.04–30.07 и 01.10–31.12"), "{text}");
    assert!(
        text.contains(
            "Из алгоритма работы ЦСТВ:\n  Задача 2: · «Призыв в ВС РФ» с 01.04.по 30.07."
        ),
        "{text}"
    );
    // Like `rustc --explain`, an example of the finding: where and what.
    assert!(
        text.contains("\nПример:\n  data/monitoring/tracks-2023.csv:")
            && text.contains("вне периодов призыва"),
        "{text}"
    );
    // A rule about the program's own input says so instead.
    let out = explain(&["yaml.syntax"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("в алгоритме работы ЦСТВ его нет"), "{text}");
}

#[test]
fn without_an_id_every_rule_is_listed_and_a_typo_is_helped() {
    let out = explain(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    for id in [
        "config.theme",
        "site.no-home",
        "track.czn-document",
        "opk.late",
        "incoming.inn",
        "write.io",
    ] {
        assert!(text.contains(id), "{id} not listed");
    }
    let out = explain(&["track.conscription-windw"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("правила «track.conscription-windw» нет")
            && err.contains("track.conscription-window?"),
        "{err}"
    );
}
