//! Hostile and unusual input: unsafe links from settings, messages that name the problem.

mod common;
use common::*;

#[test]
fn a_javascript_site_url_is_refused_like_in_markdown() {
    let d = built_example();
    let output = tree(&d.path().join("output"));
    let cfg = d.path().join("vypusk.yaml");
    let text = read(&cfg).replace(
        "site_url: \"https://ppk-samara.example\"",
        "site_url: \"javascript:alert(document.cookie)\"",
    );
    std::fs::write(&cfg, text).unwrap();
    let out = run("build", d.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("vypusk.yaml:8"), "{err}");
    assert!(
        err.contains("[config.unsafe-url]") && err.contains("«javascript:»"),
        "{err}"
    );
    assert_eq!(tree(&d.path().join("output")), output);
}
