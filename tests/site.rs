//! The site pipeline end to end: build the example, determinism, `new`, bad input, overrides.

mod common;
use common::*;
use std::path::Path;

#[test]
fn builds_the_example_section() {
    let d = built_example();
    let site = d.path().join("output/site");
    let home = read(site.join("index.html"));
    assert!(home.contains(r#"<html lang="ru""#));
    assert!(home.contains("Содействие трудоустройству выпускников"));
    assert!(home.contains(r##"href="#content""##), "skip link");
    assert!(site.join("static/style.css").is_file());
    // every part of the section has a page and appears in the navigation
    let parts = read(d.path().join("data/reference/section-parts.yaml"));
    let titles: Vec<&str> = parts
        .lines()
        .filter_map(|l| l.trim().strip_prefix("title: "))
        .map(|t| t.trim_matches('"'))
        .collect();
    assert!(titles.len() >= 10, "{titles:?}");
    let menu = home
        .split("site-nav__wide")
        .nth(1)
        .and_then(|m| m.split("</ul>").next())
        .expect("the wide menu on the home page");
    for t in &titles {
        let item = menu
            .split("<li>")
            .find(|li| li.contains(&format!(">{t}</a>")))
            .unwrap_or_else(|| panic!("«{t}» is not in the menu: {menu}"));
        let href = item
            .split("href=\"")
            .nth(1)
            .and_then(|h| h.split('"').next())
            .expect("a link");
        assert!(
            site.join(href).is_file(),
            "«{t}» links to {href}, no such page"
        );
    }
    // Markdown links became .html links that exist
    let contacts = read(site.join("about/contacts.html"));
    assert!(contacts.contains("../index.html"));
    assert!(!home.contains(".md\""), "no .md links left");
}

#[test]
fn same_input_gives_identical_bytes() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    for o in ["o1", "o2"] {
        let out = vypusk()
            .args(["build", "--root"])
            .arg(d.path())
            .arg("--output")
            .arg(d.path().join(o))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let (a, b) = (tree(&d.path().join("o1")), tree(&d.path().join("o2")));
    assert!(a.len() > 20);
    assert_eq!(a, b);
    // no absolute paths of this machine in the output
    let root = d.path().to_string_lossy().into_owned();
    for (name, bytes) in &a {
        assert!(
            !String::from_utf8_lossy(bytes).contains(&root),
            "{name} has an absolute path"
        );
    }
}

#[test]
fn new_then_build_outside_the_repo() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("kolledzh");
    let out = vypusk()
        .arg("new")
        .arg(&p)
        .current_dir(d.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(p.join("vypusk.yaml").is_file());
    let out = vypusk().arg("build").current_dir(&p).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(p.join("output/site/index.html").is_file());
    // refuses to scaffold over a non-empty folder
    let out = vypusk().arg("new").arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("не пуста"));
}

/// A real college's clean start: `new --empty`, then `check` (no errors, nobody in the data)
/// and `build`, whose last line names both `index.html` files to open.
#[test]
fn new_empty_checks_and_builds_cleanly() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("moy-kolledzh");
    let out = vypusk().arg("new").arg("--empty").arg(&p).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let config = read(p.join("vypusk.yaml"));
    assert!(config.contains("[Полное наименование"), "{config}");
    assert!(
        !config.contains("Приволжский"),
        "nothing of the example college"
    );
    // Every data file of the monitoring holds its header line and nobody else.
    let monitoring: Vec<_> = std::fs::read_dir(p.join("data/monitoring"))
        .unwrap()
        .flatten()
        .collect();
    assert!(monitoring.len() >= 3);
    for f in &monitoring {
        let text = read(f.path());
        assert_eq!(text.lines().count(), 1, "{}: {text}", f.path().display());
        assert!(text.contains("ID;"), "{}", f.path().display());
    }
    assert!(!p.join("content/about/contacts.md").exists());

    let out = vypusk()
        .args(["check", "--format", "json", "--root"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["errors"], 0, "{json}");
    // Every required part of the section has its page to write.
    assert!(
        !json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "site.required-part-missing"),
        "{json}"
    );
    let out = vypusk().arg("build").current_dir(&p).output().unwrap();
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.contains("output/site/index.html") && last.contains("output/reports/index.html"),
        "{last}"
    );
    assert!(p.join("output/site/index.html").is_file());
    assert!(p.join("output/reports/index.html").is_file());
    assert!(err.contains("Итого: 0 ошибок"), "{err}");
}

/// Break the example with `edit`, build, and expect exit 1, `expect` in the message and
/// the previous output left byte for byte as it was.
fn bad_input(edit: impl FnOnce(&Path), expect: &[&str]) {
    let d = built_example();
    let before = tree(&d.path().join("output"));
    edit(d.path());
    let out = run("build", d.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for e in expect {
        assert!(err.contains(e), "expected «{e}» in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(tree(&d.path().join("output")), before, "output/ changed");
    let leftovers: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".vypusk-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left behind");
}

fn append(path: &Path, text: &str) {
    let mut s = std::fs::read_to_string(path).unwrap();
    s.push_str(text);
    std::fs::write(path, s).unwrap();
}

#[test]
fn unknown_config_key_names_line_and_suggests() {
    bad_input(
        |r| append(&r.join("vypusk.yaml"), "acadmic_year: 2023-2024\n"),
        &["vypusk.yaml:", "acadmic_year", "«academic_year»"],
    );
}

#[test]
fn broken_config_yaml_names_line_and_column() {
    let text = read(Path::new(env!("CARGO_MANIFEST_DIR")).join("vypusk.yaml"));
    let line = 1 + text
        .lines()
        .position(|l| l.starts_with("academic_year:"))
        .expect("academic_year in the example");
    bad_input(
        |r| {
            let s = read(r.join("vypusk.yaml")).replacen("academic_year:", "academic_year: '", 1);
            std::fs::write(r.join("vypusk.yaml"), s).unwrap();
        },
        &[
            &format!("vypusk.yaml:{line}:1: ошибка [yaml.syntax]"),
            "кавычка, открытая в этой строке, не закрыта",
        ],
    );
}

#[test]
fn impossible_date_in_front_matter() {
    bad_input(
        |r| {
            std::fs::write(
                r.join("content/events.md"),
                "---\ntitle: Мероприятия\npart: events\nupdated: 31.02.2023\n---\nТекст\n",
            )
            .unwrap()
        },
        &["content/events.md:4:", "такой даты нет"],
    );
}

#[test]
fn missing_front_matter() {
    bad_input(
        |r| std::fs::write(r.join("content/events.md"), "Просто текст\n").unwrap(),
        &["content/events.md:1", "title"],
    );
}

#[test]
fn unknown_front_matter_key() {
    bad_input(
        |r| {
            std::fs::write(
                r.join("content/events.md"),
                "---\ntitle: М\ntitel: x\n---\nТекст\n",
            )
            .unwrap()
        },
        &["content/events.md:3", "titel"],
    );
}

#[test]
fn template_error_names_template_line() {
    bad_input(
        |r| {
            std::fs::create_dir_all(r.join("templates")).unwrap();
            std::fs::write(
                r.join("templates/page.html"),
                "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock %}\n",
            )
            .unwrap();
        },
        // The `{{` left open on line 3 is found where the next `{` starts.
        &[
            "templates/page.html:4:1: ошибка [template.error]",
            "Синтаксическая ошибка в шаблоне",
        ],
    );
}

/// A project's `templates/page.html` replaced by `text`: the build fails with exactly one
/// template finding, which says each of `expect`.
fn broken_page_template(text: &str, expect: &[&str]) {
    let d = built_example();
    std::fs::create_dir_all(d.path().join("templates")).unwrap();
    std::fs::write(d.path().join("templates/page.html"), text).unwrap();
    let out = run("build", d.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("[template.error]").count(), 1, "{err}");
    for e in expect {
        assert!(err.contains(e), "expected «{e}» in:\n{err}");
    }
}

#[test]
fn template_syntax_error_is_one_finding_at_its_place() {
    broken_page_template(
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{% if page.title %}</p>\n{% endblock content %}\n",
        // The `{% if %}` never closed is found at the `endblock` that comes instead.
        &[
            "templates/page.html:4:4: ошибка [template.error]",
            "Синтаксическая ошибка в шаблоне",
            "не закрыт {% if %}",
        ],
    );
}

#[test]
fn unknown_filter_is_one_finding_where_it_is_used() {
    broken_page_template(
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.title | shout }}</p>\n{% endblock content %}\n",
        &[
            "templates/page.html:3:20: ошибка [template.error]",
            "неизвестный фильтр `shout`",
        ],
    );
}

#[test]
fn unknown_variable_on_many_pages_is_one_finding_with_their_count() {
    // Every ordinary page of the example uses page.html: one finding names the first and
    // counts the others.
    broken_page_template(
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ nmae }}</p>\n{% endblock content %}\n",
        &[
            "templates/page.html:3:7: ошибка [template.error]",
            "переменная `nmae` не определена",
            "(страница content/",
            " и ещё ",
        ],
    );
}

#[test]
fn non_utf8_page_is_explained() {
    bad_input(
        |r| {
            // «Текст» in Windows-1251
            let mut b = b"---\ntitle: x\n---\n".to_vec();
            b.extend_from_slice(&[0xD2, 0xE5, 0xEA, 0xF1, 0xF2, b'\n']);
            std::fs::write(r.join("content/events.md"), b).unwrap();
        },
        &["content/events.md:4", "UTF-8"],
    );
}

#[test]
fn broken_internal_link() {
    bad_input(
        |r| append(&r.join("content/events.md"), "\n[план](plann.md)\n"),
        &["content/events.md:", "plann.md", "plan.md"],
    );
}

#[test]
fn link_leaving_the_project_is_refused() {
    bad_input(
        |r| {
            append(
                &r.join("content/events.md"),
                "\n![x](../../../etc/passwd)\n",
            )
        },
        &["content/events.md:", "за пределы"],
    );
}

#[test]
fn check_json_has_findings_and_summary() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    append(&d.path().join("content/events.md"), "\n[план](plann.md)\n");
    let out = vypusk()
        .args(["check", "--format", "json", "--root"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = v["findings"].as_array().unwrap();
    let broken = f.iter().find(|f| f["rule"] == "site.broken-link").unwrap();
    assert_eq!(broken["severity"], "error");
    assert_eq!(broken["file"], "content/events.md");
    assert!(broken["line"].as_u64().unwrap() > 1);
    assert!(broken["message"].as_str().unwrap().contains("plann.md"));
    assert!(v["summary"]["errors"].as_u64().unwrap() >= 1);
}

#[test]
fn check_exit_codes() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let ok = run("check", d.path());
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    let empty = tempfile::tempdir().unwrap();
    let none = run("check", empty.path());
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("vypusk.yaml"));
    let bad = vypusk()
        .args(["check", "--as-of", "31.02.2023", "--root"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("такой даты нет"));
}

#[test]
fn project_template_overrides_the_theme() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    std::fs::create_dir_all(d.path().join("templates")).unwrap();
    std::fs::write(
        d.path().join("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}<p>СВОЙ ШАБЛОН</p>{{ page.content | safe }}{% endblock %}",
    )
    .unwrap();
    let out = run("build", d.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(d.path().join("output/site/about/contacts.html")).contains("СВОЙ ШАБЛОН"));
    assert!(!read(d.path().join("output/site/index.html")).contains("СВОЙ ШАБЛОН"));
}

#[test]
fn raw_html_is_escaped_unless_the_page_opts_in() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    append(
        &d.path().join("content/events.md"),
        "\n<script>alert(1)</script>\n",
    );
    let out = run("build", d.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let html = read(d.path().join("output/site/events.html"));
    assert!(html.contains("&lt;script&gt;alert(1)"));
    assert!(!html.contains("<script>alert(1)"));
}

#[test]
fn refuses_to_replace_a_foreign_output_folder() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let foreign = d.path().join("docs");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("important.txt"), "x").unwrap();
    let out = vypusk()
        .args(["build", "--root"])
        .arg(d.path())
        .arg("--output")
        .arg(&foreign)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(foreign.join("important.txt").is_file());
}

#[test]
fn help_and_usage_errors_are_in_russian() {
    let out = vypusk().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    for cmd in ["new", "check", "build", "serve"] {
        assert!(help.contains(cmd), "{help}");
    }
    assert!(help.contains("Команды"));
    let out = vypusk().arg("bild").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("«build»"));
}

#[test]
fn drafts_are_checked_but_not_published() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    std::fs::write(
        d.path().join("content/chernovik.md"),
        "---\ntitle: Черновик\ndraft: true\n---\nЕщё не готово.\n",
    )
    .unwrap();
    let out = run("build", d.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!d.path().join("output/site/chernovik.html").exists());
    // a published page may not link to a draft: the link would be broken on the site
    append(
        &d.path().join("content/events.md"),
        "\n[скоро](chernovik.md)\n",
    );
    let out = run("check", d.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("черновик"), "{}", stderr(&out));
}

#[test]
fn symlinked_template_is_refused_not_ignored() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    std::fs::create_dir_all(d.path().join("templates")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", d.path().join("templates/page.html")).unwrap();
    for cmd in ["check", "build"] {
        let out = run(cmd, d.path());
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let err = stderr(&out);
        assert!(
            err.contains("templates/page.html") && err.contains("Символическая ссылка"),
            "{err}"
        );
        assert!(err.contains("[theme.symlink]"), "{err}");
    }
}

#[test]
fn a_theme_that_is_not_there_is_named() {
    let d = tempfile::tempdir().unwrap();
    copy_example(d.path());
    let conf = read(d.path().join("vypusk.yaml")).replacen("theme: default", "theme: nova", 1);
    std::fs::write(d.path().join("vypusk.yaml"), conf).unwrap();
    let out = run("check", d.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("ошибка [theme.missing]") && err.contains("themes/nova/"),
        "{err}"
    );
}

/// At 390 px: the menu folds into a <details>, and each chart has a phone drawing 360 units
/// wide (its text keeps its size) next to the wide one, with ids unique on the page.
#[test]
fn phones_get_a_folded_menu_and_narrow_charts() {
    let d = built_example();
    let page = read(d.path().join("output/site/monitoring.html"));
    assert!(
        page.contains("<details class=\"site-nav__phone\">"),
        "no folded menu"
    );
    assert!(page.contains("<summary>Меню раздела"), "no menu summary");
    let wide = page.matches("<div class=\"chart__wide\">").count();
    let narrow = page.matches("<div class=\"chart__narrow\">").count();
    assert!(wide >= 4 && wide == narrow, "wide {wide}, narrow {narrow}");
    assert!(page.contains("viewBox=\"0 0 360 "), "no 360-unit drawing");
    let css = read(d.path().join("output/site/static/charts.css"));
    assert!(css.contains("figure.chart > .chart__narrow { display: none; }"));
    assert!(
        !css.contains("min-width: 32rem"),
        "charts no longer scroll sideways"
    );
    let mut ids: Vec<&str> = page
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids on the page");
}
