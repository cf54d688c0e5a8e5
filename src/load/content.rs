//! `content/**/*.md` → pages; other files under `content/` are assets copied as they are.
//! Files are read and rendered in parallel; findings are collected, never fatal one by one.

use crate::diag::{Finding, Place};
use crate::load::yaml;
use crate::model::site::{FrontMatter, Page, Part};
use crate::render::markdown::{self, MarkdownOptions};
use rayon::prelude::*;
use std::path::Path;
use walkdir::WalkDir;

pub const CONTENT_DIR: &str = "content";
pub const PARTS_FILE: &str = "data/reference/section-parts.yaml";

/// Walk `content/`: Markdown sources and assets, relative to `content/`, sorted.
/// Symbolic links are not followed, so content cannot pull in files from outside the project.
pub fn walk(root: &Path, findings: &mut Vec<Finding>) -> (Vec<String>, Vec<String>) {
    let dir = root.join(CONTENT_DIR);
    let (mut md, mut assets) = (Vec::new(), Vec::new());
    if !dir.is_dir() {
        return (md, assets);
    }
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e
                    .path()
                    .map(|p| crate::diag::rel_path(root, p))
                    .unwrap_or_else(|| CONTENT_DIR.to_string());
                findings.push(Finding::error(
                    "content.unreadable",
                    Place::file(file),
                    format!("Не удалось прочитать папку или файл: {e}."),
                ));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && entry.depth() > 0 {
            continue;
        }
        let rel = crate::diag::rel_path(&dir, entry.path());
        if entry.path_is_symlink() {
            findings.push(Finding::warning(
                "content.symlink",
                Place::file(format!("{CONTENT_DIR}/{rel}")),
                "Символическая ссылка пропущена: vypusk читает только файлы внутри проекта. Скопируйте файл в папку content/.",
            ));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if rel.ends_with(".md") {
            md.push(rel);
        } else {
            assets.push(rel);
        }
    }
    (md, assets)
}

/// Output path of a source: `a/_index.md` → `a/index.html`, `a/b.md` → `a/b.html`.
pub fn url_of(source: &str) -> String {
    let stem = source.strip_suffix(".md").unwrap_or(source);
    match stem.rsplit_once('/') {
        Some((dir, "_index")) => format!("{dir}/index.html"),
        None if stem == "_index" => "index.html".to_string(),
        _ => format!("{stem}.html"),
    }
}

/// Split `---` front matter from the body. Returns (yaml, body, lines before the body).
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (n, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((yaml, body, n + 2));
        }
        offset += line.len();
    }
    None
}

/// Read and render one page.
pub fn load_page(root: &Path, source: &str) -> Result<Page, Vec<Finding>> {
    let file = format!("{CONTENT_DIR}/{source}");
    let bytes = std::fs::read(root.join(&file)).map_err(|e| {
        vec![Finding::error(
            "content.unreadable",
            Place::file(&file),
            format!(
                "Не удалось прочитать файл: {}.",
                crate::diag::io_error_ru(&e)
            ),
        )]
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        vec![Finding::error(
            "content.encoding",
            Place::line(&file, line),
            "Файл не в кодировке UTF-8 (возможно, Windows-1251). Сохраните его как UTF-8: в Блокноте «Сохранить как» → Кодировка UTF-8.",
        )]
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let Some((fm_text, body, body_line)) = split_front_matter(text) else {
        if text.starts_with("---\n") || text.starts_with("---\r\n") {
            return Err(vec![Finding::error(
                "content.front-matter",
                Place::line(&file, 1),
                "Заголовочный блок открыт строкой «---», но не закрыт: добавьте строку «---» после последнего поля блока (title, updated…), перед текстом страницы.",
            )]);
        }
        return Err(vec![Finding::error(
            "content.front-matter",
            Place::line(&file, 1),
            "В начале страницы нет заголовочного блока. Добавьте в самое начало файла:\n  ---\n  title: Название страницы\n  ---",
        )]);
    };
    let front: FrontMatter = yaml::parse(fm_text, &file, 1).map_err(|f| vec![*f])?;
    let front_line = crate::config::line_of_key(fm_text, "title") + 1;
    let mut findings = Vec::new();
    if front.title.trim().is_empty() {
        findings.push(Finding::error(
            "content.empty-title",
            Place::line(&file, front_line),
            "У страницы пустой заголовок (title): напишите, как страница называется.",
        ));
    }
    let is_index = source == "_index.md" || source.ends_with("/_index.md");
    let dir = source.rsplit_once('/').map_or("", |(d, _)| d);
    let r = markdown::render(
        body,
        &MarkdownOptions {
            dir,
            line_offset: body_line,
            raw_html: front.raw_html,
        },
    );
    for (written, line, col) in &r.escaping {
        findings.push(Finding::error(
            "content.link-outside",
            Place::at(&file, *line, *col),
            format!("Ссылка «{written}» ведёт за пределы папки content/: так нельзя. Положите файл в content/ и сошлитесь на него оттуда."),
        ));
    }
    for (written, line, col) in &r.unsafe_schemes {
        findings.push(Finding::error(
            "content.unsafe-link",
            Place::at(&file, *line, *col),
            format!(
                "Ссылка не допускается: {}. Ссылки вроде javascript: запускают код в браузере читателя. Замените её обычной ссылкой https://…",
                crate::link::check_setting(written, false).err().unwrap_or_default()
            ),
        ));
    }
    if !findings.is_empty() {
        return Err(findings);
    }
    Ok(Page {
        source: source.to_string(),
        url: url_of(source),
        file,
        is_index,
        front,
        front_line,
        html: r.html,
        toc: r.toc,
        anchors: r.anchors,
        links: r.links,
    })
}

/// Load every page in parallel. Pages that fail are left out, explained in findings, and
/// listed in the second vector.
pub fn load_pages(
    root: &Path,
    sources: &[String],
    findings: &mut Vec<Finding>,
) -> (Vec<Page>, Vec<String>) {
    let results: Vec<Result<Page, Vec<Finding>>> =
        sources.par_iter().map(|s| load_page(root, s)).collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    for (r, source) in results.into_iter().zip(sources) {
        match r {
            Ok(p) => pages.push(p),
            Err(fs) => {
                findings.extend(fs);
                failed.push(source.clone());
            }
        }
    }
    pages.sort_by(|a, b| a.source.cmp(&b.source));
    failed.sort();
    (pages, failed)
}

/// `data/reference/section-parts.yaml`: the parts of the section (required ones as data).
pub fn load_parts(root: &Path, findings: &mut Vec<Finding>) -> Vec<Part> {
    let path = root.join(PARTS_FILE);
    let Ok(text) = std::fs::read_to_string(&path) else {
        if path.exists() {
            findings.push(Finding::error(
                "content.unreadable",
                Place::file(PARTS_FILE),
                "Не удалось прочитать файл (он должен быть в кодировке UTF-8).",
            ));
        }
        return Vec::new();
    };
    match yaml::parse::<Vec<Part>>(&text, PARTS_FILE, 0) {
        Ok(parts) => parts,
        Err(f) => {
            findings.push(*f);
            Vec::new()
        }
    }
}

/// Rules of the pages under `content/`.
#[rustfmt::skip]
pub const RULES: &[crate::check::rules::Rule] = &[
    crate::check::rules::Rule::error("content.unreadable", "Файл или папка в content/ читается").example("content/missing.md: Не удалось прочитать файл: файл или папка не найдены (No such file or directory (os error 2))."),
    crate::check::rules::Rule::warning("content.symlink", "В content/ нет символических ссылок: читаются только файлы проекта").example("content/link.md: Символическая ссылка пропущена: vypusk читает только файлы внутри проекта. Скопируйте файл в папку content/."),
    crate::check::rules::Rule::error("content.encoding", "Страница в кодировке UTF-8").example("content/p.md:5: Файл не в кодировке UTF-8 (возможно, Windows-1251). Сохраните его как UTF-8: в Блокноте «Сохранить как» → Кодировка UTF-8."),
    crate::check::rules::Rule::error("content.front-matter", "Страница начинается с заголовочного блока между строками «---»").example("content/a.md:1: Заголовочный блок открыт строкой «---», но не закрыт: добавьте строку «---» после последнего поля блока (title, updated…), перед текстом страницы."),
    crate::check::rules::Rule::error("content.empty-title", "У страницы есть заголовок (title)").example("content/a.md:2: У страницы пустой заголовок (title): напишите, как страница называется."),
    crate::check::rules::Rule::error("content.link-outside", "Ссылки не ведут за пределы папки content/").example("content/out.md:4:1: Ссылка «../../vypusk.yaml» ведёт за пределы папки content/: так нельзя. Положите файл в content/ и сошлитесь на него оттуда."),
    crate::check::rules::Rule::error("content.unsafe-link", "Нет ссылок, запускающих код (javascript: и подобные)").example("content/js.md:5:1: Ссылка не допускается: адрес «javascript:alert(1)» начинается с «javascript:», а допустимы только ссылки http://, https://, mailto: и tel:. Ссылки вроде javascript: запускают код в браузере читателя. Замените её обычной ссылкой https://…"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_follow_sources() {
        assert_eq!(url_of("_index.md"), "index.html");
        assert_eq!(url_of("about/_index.md"), "about/index.html");
        assert_eq!(url_of("about/contacts.md"), "about/contacts.html");
    }

    #[test]
    fn front_matter_is_split_with_body_line() {
        let (y, b, n) = split_front_matter("---\ntitle: A\n---\nТекст\n").unwrap();
        assert_eq!(y, "title: A\n");
        assert_eq!(b, "Текст\n");
        assert_eq!(n, 3);
        assert!(split_front_matter("title: A\n").is_none());
        assert!(split_front_matter("---\ntitle: A\n").is_none());
    }

    #[test]
    fn bad_front_matter_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/a.md"),
            "---\ntitle: A\nupdated: 31.02.2023\n---\nx\n",
        )
        .unwrap();
        let e = load_page(dir.path(), "a.md").unwrap_err();
        assert_eq!(e[0].place.file, "content/a.md");
        assert_eq!(e[0].place.line, Some(3), "{:?}", e[0]);
        assert!(e[0].message.contains("такой даты нет"), "{}", e[0].message);
    }

    #[test]
    fn unclosed_front_matter_says_so() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "---\ntitle: A\nТекст\n").unwrap();
        let e = load_page(dir.path(), "a.md").unwrap_err();
        assert!(e[0].message.contains("не закрыт"), "{}", e[0].message);
        std::fs::write(dir.path().join("content/a.md"), "title: A\n").unwrap();
        let e = load_page(dir.path(), "a.md").unwrap_err();
        assert!(
            e[0].message.contains("нет заголовочного блока"),
            "{}",
            e[0].message
        );
    }

    /// Each rule of the family, planted in a page of its own, is reported under its id at the
    /// line it is about.
    #[test]
    fn each_rule_is_reported_at_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        let cases: [(&str, &[u8], &str, Option<usize>); 6] = [
            (
                "enc.md",
                b"---\ntitle: x\n---\n\xd2\xe5\xea\xf1\xf2\n",
                "content.encoding",
                Some(4),
            ),
            (
                "open.md",
                b"---\ntitle: x\n\xd0\xa2\n",
                "content.front-matter",
                Some(1),
            ),
            ("none.md", b"title: x\n", "content.front-matter", Some(1)),
            (
                "empty.md",
                b"---\ntitle: \"\"\n---\n",
                "content.empty-title",
                Some(2),
            ),
            (
                "out.md",
                b"---\ntitle: x\n---\n[a](../../vypusk.yaml)\n",
                "content.link-outside",
                Some(4),
            ),
            (
                "js.md",
                b"---\ntitle: x\n---\n\n[a](javascript:alert(1))\n",
                "content.unsafe-link",
                Some(5),
            ),
        ];
        for (name, bytes, rule, line) in cases {
            std::fs::write(content.join(name), bytes).unwrap();
            let e = load_page(dir.path(), name).expect_err(name);
            assert_eq!((e[0].rule, e[0].place.line), (rule, line), "{name}: {e:?}");
            assert_eq!(e[0].place.file, format!("content/{name}"));
        }
        let e = load_page(dir.path(), "missing.md").unwrap_err();
        assert_eq!(e[0].rule, "content.unreadable");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("vypusk.yaml"), content.join("link.md"))
                .unwrap();
            let mut f = Vec::new();
            let (sources, _) = walk(dir.path(), &mut f);
            assert!(!sources.contains(&"link.md".to_string()), "{sources:?}");
            assert!(
                f.iter()
                    .any(|f| f.rule == "content.symlink" && f.place.file == "content/link.md"),
                "{f:?}"
            );
        }
    }

    proptest::proptest! {
        /// Whatever bytes a page holds, loading it gives a page or findings, never a panic.
        #[test]
        fn any_page_bytes_never_panic(
            fm in "(title: [^\n]{0,20}\n|updated: [0-9.]{0,12}\n|part: [a-z]{0,6}\n|weight: -?[0-9]{0,3}\n|[^\n]{0,15}\n){0,5}",
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        ) {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(dir.path().join("content")).unwrap();
            let mut bytes = format!("---\n{fm}---\n").into_bytes();
            bytes.extend_from_slice(&body);
            std::fs::write(dir.path().join("content/p.md"), &bytes).unwrap();
            let _ = load_page(dir.path(), "p.md");
        }

        /// A well-formed page loads with its title, date and weight as written and its
        /// paragraphs in the HTML, in order; a byte-order mark and CRLF line ends change nothing.
        #[test]
        fn a_page_reads_back_as_written(
            title in "[А-Яа-яё][А-Яа-яё ]{0,20}[А-Яа-яё]",
            updated in proptest::option::of((1u8..29, 1u8..13, 2020i16..2030)),
            weight in -50i64..50,
            paragraphs in proptest::collection::vec("[А-Яа-яё]{1,10}( [А-Яа-яё]{1,10}){0,5}", 0..5),
        ) {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(dir.path().join("content")).unwrap();
            let date = updated.map(|(d, m, y)| format!("updated: {d:02}.{m:02}.{y}\n")).unwrap_or_default();
            let text = format!("---\ntitle: {title}\n{date}weight: {weight}\n---\n{}\n", paragraphs.join("\n\n"));
            let mut pages = Vec::new();
            for bytes in [text.clone(), format!("\u{feff}{}", text.replace('\n', "\r\n"))] {
                std::fs::write(dir.path().join("content/p.md"), bytes).unwrap();
                let page = load_page(dir.path(), "p.md");
                proptest::prop_assert!(page.is_ok(), "{:?}", page.err());
                pages.push(page.unwrap());
            }
            for page in &pages {
                proptest::prop_assert_eq!(&page.front.title, &title);
                proptest::prop_assert_eq!(page.front_line, 2);
                proptest::prop_assert_eq!(page.front.weight, weight);
                proptest::prop_assert_eq!(
                    page.front.updated.map(|d| (d.0.day(), d.0.month(), d.0.year())),
                    updated.map(|(d, m, y)| (d as i8, m as i8, y))
                );
                proptest::prop_assert_eq!(page.url.as_str(), "p.html");
                let mut at = 0;
                for p in &paragraphs {
                    let found = page.html[at..].find(&format!("<p>{p}</p>"));
                    proptest::prop_assert!(found.is_some(), "«{}» not in order in {}", p, page.html);
                    at += found.unwrap();
                }
            }
            proptest::prop_assert_eq!(&pages[0].html, &pages[1].html);
        }
    }
}
