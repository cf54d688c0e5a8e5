//! Write: everything into a temporary folder beside `output/`, then swap it in, so a build
//! either fully succeeds or leaves the previous output untouched.

pub mod folder;
pub mod guard;

use crate::diag::{Finding, Place};
use crate::render::OutFile;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Marks a folder as vypusk's output, so that `--output` never replaces an unrelated folder.
pub const MARKER: &str = ".vypusk-output";

#[derive(Debug)]
pub enum WriteError {
    /// The target exists, is not empty and was not made by vypusk.
    NotOurs(PathBuf),
    /// The target holds files the last build did not write (the first few are listed).
    Foreign(PathBuf, Vec<String>),
    /// The target is inside the project's sources or contains the project: why.
    Placement(PathBuf, String),
    /// A file path that would leave the output folder (a bug, but never written).
    BadPath(String),
    Io(String, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotOurs(p) => write!(
                f,
                "Папка {} не пуста и создана не vypusk: заменять её не буду. Укажите пустую папку в --output.",
                p.display()
            ),
            WriteError::Foreign(p, list) => f.write_str(&folder::foreign_message(p, list)),
            WriteError::Placement(p, why) => write!(
                f,
                "Папку {} нельзя сделать папкой результата: {why}. Укажите в --output другую папку, например output.",
                p.display()
            ),
            WriteError::BadPath(p) => write!(f, "Недопустимый путь результата «{p}»."),
            WriteError::Io(what, e) => write!(f, "{what}: {}.", crate::diag::io_error_ru(e)),
        }
    }
}

fn io_err(what: impl Into<String>) -> impl FnOnce(io::Error) -> WriteError {
    let what = what.into();
    move |e| WriteError::Io(what, e)
}

/// `path` is relative, has no `..`, and so stays inside the output folder.
fn safe_relative(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// A build's output being written: a temporary folder beside `out_dir` that replaces it on
/// [`Stage::commit`]. Dropped without commit, it is removed and `out_dir` stays as it was.
/// Every public file passes the personal-data guard on its way in.
pub struct Stage {
    out_dir: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    // Shared: a region keeps each college's guard after its view is gone (`serve`).
    guard: Arc<guard::Guard>,
    dirs: Arc<Mutex<BTreeSet<PathBuf>>>,
    /// Files written so far, by lower-cased path (two paths differing only in case are one
    /// file on case-insensitive hosting): the manifest, and a guard against overwriting.
    /// Shared with [`Stage::scoped`] views, so the manifest lists theirs too.
    files: Arc<Mutex<BTreeMap<String, String>>>,
    committed: bool,
    /// A dry stage (for `check`) writes nothing: files only pass the guard.
    dry: bool,
    /// A scoped view (one college of a region) writes `site/x` as `site/{scope}/x` and
    /// `reports/x` as `reports/{scope}/x`; it never commits or removes the folder.
    scope: Option<String>,
    /// A memory stage (a region's `serve` rebuilding one college) keeps the files, by their
    /// place in the output, instead of writing them; it is dry otherwise.
    memory: Option<Kept>,
}

/// The files a memory stage holds, by place in the output.
type Kept = Arc<Mutex<BTreeMap<String, Vec<u8>>>>;

impl Stage {
    /// Prepare the temporary folder. Refuses an existing `out_dir` that vypusk did not make
    /// or that holds files its last build did not write; clears leftovers of killed builds.
    pub fn new(out_dir: &Path, guard: impl Into<Arc<guard::Guard>>) -> Result<Stage, WriteError> {
        if out_dir.join(MARKER).exists() {
            let foreign = folder::foreign_paths(out_dir).map_err(io_err(format!(
                "Не удалось прочитать {}",
                out_dir.display()
            )))?;
            if !foreign.is_empty() {
                return Err(WriteError::Foreign(out_dir.to_path_buf(), foreign));
            }
        } else if out_dir.exists() {
            let empty = std::fs::read_dir(out_dir)
                .map_err(io_err(format!(
                    "Не удалось прочитать {}",
                    out_dir.display()
                )))?
                .next()
                .is_none();
            if !empty {
                return Err(WriteError::NotOurs(out_dir.to_path_buf()));
            }
        }
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = out_dir
            .file_name()
            .map_or("output".into(), |n| n.to_string_lossy().into_owned());
        folder::remove_leftovers(&parent, &name, out_dir);
        let pid = std::process::id();
        let tmp = parent.join(format!(".vypusk-tmp-{name}-{pid}"));
        let old = parent.join(format!(".vypusk-old-{name}-{pid}"));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).map_err(io_err(format!(
            "Не удалось создать временную папку рядом с {}",
            out_dir.display()
        )))?;
        std::fs::write(tmp.join(MARKER), b"vypusk\n")
            .map_err(io_err("Не удалось записать метку"))?;
        Ok(Stage {
            out_dir: out_dir.to_path_buf(),
            tmp,
            old,
            guard: guard.into(),
            dirs: Arc::default(),
            files: Arc::default(),
            committed: false,
            dry: false,
            scope: None,
            memory: None,
        })
    }

    /// A stage that writes nothing and touches no folder: `check` renders through it so that
    /// it finds what `build` would stop on.
    pub fn dry(guard: impl Into<Arc<guard::Guard>>) -> Stage {
        Stage {
            out_dir: PathBuf::new(),
            tmp: PathBuf::new(),
            old: PathBuf::new(),
            guard: guard.into(),
            dirs: Arc::default(),
            files: Arc::default(),
            committed: true,
            dry: true,
            scope: None,
            memory: None,
        }
    }

    /// A stage that keeps what is written in memory (each public file through `guard`, as
    /// on disk): `serve` renders a changed college into it and writes only what differs.
    pub fn memory(guard: impl Into<Arc<guard::Guard>>) -> Stage {
        // Not `..Stage::dry(guard)`: a type with `Drop` cannot be taken apart.
        Stage {
            out_dir: PathBuf::new(),
            tmp: PathBuf::new(),
            old: PathBuf::new(),
            guard: guard.into(),
            dirs: Arc::default(),
            files: Arc::default(),
            committed: true,
            dry: true,
            scope: None,
            memory: Some(Arc::default()),
        }
    }

    /// The files a memory stage (and its scoped views) holds, by place in the output;
    /// empty for other stages.
    pub fn take_files(&self) -> BTreeMap<String, Vec<u8>> {
        self.memory
            .as_ref()
            .and_then(|m| m.lock().ok().map(|mut f| std::mem::take(&mut *f)))
            .unwrap_or_default()
    }

    /// Keep `bytes` when this is a memory stage.
    fn keep(&self, path: &str, bytes: Vec<u8>) {
        if let Some(m) = &self.memory {
            if let Ok(mut f) = m.lock() {
                f.insert(self.placed(path), bytes);
            }
        }
    }

    /// A view of this stage for one college of a region: its public files go under
    /// `site/{id}/`, its private ones under `reports/{id}/`, each through `guard` (that
    /// college's graduates). The view writes into the same folder and manifest; only the
    /// stage it came from commits.
    pub fn scoped(&self, id: &str, guard: impl Into<Arc<guard::Guard>>) -> Stage {
        Stage {
            out_dir: self.out_dir.clone(),
            tmp: self.tmp.clone(),
            old: self.old.clone(),
            guard: guard.into(),
            dirs: Arc::clone(&self.dirs),
            files: Arc::clone(&self.files),
            // Dropping a view must not remove the shared folder.
            committed: true,
            dry: self.dry,
            scope: Some(id.to_string()),
            memory: self.memory.clone(),
        }
    }

    /// The guard public files pass: a region checks its overview against every college's.
    pub fn guard(&self) -> &guard::Guard {
        &self.guard
    }

    /// Where `path` of this (maybe scoped) stage lands in the output folder.
    fn placed(&self, path: &str) -> String {
        let Some(scope) = &self.scope else {
            return path.to_string();
        };
        match path.split_once('/') {
            Some((top @ ("site" | "reports"), rest)) => format!("{top}/{scope}/{rest}"),
            _ => format!("{scope}/{path}"),
        }
    }

    /// Write one private file produced piece by piece (a list too big to hold twice in
    /// memory). Public files still pass the guard whole.
    pub fn write_streamed(
        &self,
        path: &str,
        fill: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), Box<Finding>> {
        if path.starts_with("site/") {
            let mut bytes = Vec::new();
            fill(&mut bytes).map_err(|e| self.io_finding(path, "Не удалось записать файл", &e))?;
            return self.write(path, &bytes);
        }
        let target = self.prepare(path)?;
        if self.memory.is_some() {
            let mut bytes = Vec::new();
            fill(&mut bytes).map_err(|e| self.io_finding(path, "Не удалось записать файл", &e))?;
            self.keep(path, bytes);
            return Ok(());
        }
        if self.dry {
            return Ok(());
        }
        let file = std::fs::File::create(&target)
            .map_err(|e| self.io_finding(path, "Не удалось записать файл", &e))?;
        let mut w = io::BufWriter::new(file);
        fill(&mut w)
            .and_then(|()| io::Write::flush(&mut w))
            .map_err(|e| self.io_finding(path, "Не удалось записать файл", &e))
    }

    fn io_finding(&self, path: &str, what: &str, e: &io::Error) -> Box<Finding> {
        Box::new(Finding::error(
            "write.io",
            Place::file(self.shown(&self.placed(path))),
            format!("{what}: {}.", crate::diag::io_error_ru(e)),
        ))
    }

    /// Write one file (path relative to the output folder). Safe to call from many threads.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Box<Finding>> {
        if path.ends_with(".html") {
            if let Some(why) = crate::render::charts::drawing_error(bytes) {
                return Err(Box::new(Finding::error(
                    "render.chart",
                    Place::file(self.shown(&self.placed(path))),
                    format!("Страница не записана: {why}. Это ошибка программы, а не данных: сообщите о ней разработчикам vypusk (приложите папку проекта или этот текст)."),
                )));
            }
        }
        if path.starts_with("site/") {
            if let Some(f) = self.guard.check(path, bytes) {
                return Err(Box::new(f));
            }
        }
        let target = self.prepare(path)?;
        if self.dry {
            self.keep(path, bytes.to_vec());
            return Ok(());
        }
        std::fs::write(&target, bytes)
            .map_err(|e| self.io_finding(path, "Не удалось записать файл", &e))
    }

    /// Check `path`, register it, and create its folder: where the file goes in the stage.
    fn prepare(&self, path: &str) -> Result<PathBuf, Box<Finding>> {
        let placed = self.placed(path);
        let path = placed.as_str();
        let place = || Place::file(self.shown(path));
        if !safe_relative(path) {
            return Err(Box::new(Finding::error(
                "write.path",
                place(),
                format!("Недопустимый путь результата «{path}»."),
            )));
        }
        if let Ok(mut files) = self.files.lock() {
            if let Some(before) = files.insert(path.to_lowercase(), path.to_string()) {
                let what = if before == path {
                    "получается дважды".to_string()
                } else {
                    format!(
                        "совпадает с {} на хостинге, где регистр букв в именах не различается",
                        self.shown(&before)
                    )
                };
                return Err(Box::new(Finding::error(
                    "write.duplicate",
                    place(),
                    format!("Файл результата {what}: второй заменил бы первый. Переименуйте один из исходных файлов."),
                )));
            }
        }
        if self.dry {
            return Ok(PathBuf::new());
        }
        let target = self.tmp.join(path);
        if let Some(dir) = target.parent() {
            let known = self.dirs.lock().map(|d| d.contains(dir)).unwrap_or(false);
            if !known {
                std::fs::create_dir_all(dir).map_err(|e| {
                    Box::new(Finding::error(
                        "write.io",
                        place(),
                        format!(
                            "Не удалось создать папку: {}.",
                            crate::diag::io_error_ru(&e)
                        ),
                    ))
                })?;
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(dir.to_path_buf());
                }
            }
        }
        Ok(target)
    }

    /// `path` inside the output folder as the user named it, for messages.
    fn shown(&self, path: &str) -> String {
        format!("{}/{path}", self.out_dir.display())
    }

    /// Swap the finished output in place of the old one.
    pub fn commit(mut self) -> Result<(), WriteError> {
        if self.scope.is_some() {
            return Err(WriteError::BadPath(
                "часть результата не может заменить папку целиком".into(),
            ));
        }
        self.committed = true;
        let mut manifest: Vec<String> = self
            .files
            .lock()
            .map(|f| f.values().cloned().collect())
            .unwrap_or_default();
        manifest.sort();
        let mut text = manifest.join("\n");
        text.push('\n');
        if let Err(e) = std::fs::write(self.tmp.join(folder::MANIFEST), text) {
            let _ = std::fs::remove_dir_all(&self.tmp);
            return Err(WriteError::Io(
                format!(
                    "Не удалось записать список файлов в {}",
                    self.out_dir.display()
                ),
                e,
            ));
        }
        let r = swap(&self.tmp, &self.out_dir, &self.old);
        if r.is_err() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
        r
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Replace `out_dir` with exactly `files`, all or nothing.
pub fn publish(out_dir: &Path, files: &[OutFile]) -> Result<(), WriteError> {
    if let Some(bad) = files.iter().find(|f| !safe_relative(&f.path)) {
        return Err(WriteError::BadPath(bad.path.clone()));
    }
    let stage = Stage::new(out_dir, guard::Guard::default())?;
    files
        .par_iter()
        .try_for_each(|f| stage.write(&f.path, &f.bytes))
        .map_err(|f| WriteError::Io(f.message.to_string(), io::Error::other("write")))?;
    stage.commit()
}

fn swap(tmp: &Path, out_dir: &Path, old: &Path) -> Result<(), WriteError> {
    let had_old = out_dir.exists();
    if had_old {
        let _ = std::fs::remove_dir_all(old);
        std::fs::rename(out_dir, old)
            .map_err(io_err(format!("Не удалось заменить {}", out_dir.display())))?;
    }
    if let Err(e) = std::fs::rename(tmp, out_dir) {
        if had_old {
            let _ = std::fs::rename(old, out_dir);
        }
        return Err(WriteError::Io(
            format!("Не удалось заменить {}", out_dir.display()),
            e,
        ));
    }
    if had_old {
        remove_tree(old);
    }
    Ok(())
}

/// Remove the folder `dir` (the previous output, swapped out), its subfolders two levels
/// down in parallel: a region's output has thousands of files in a folder per college, and
/// removing them one by one at the very end kept one core busy and the other idle.
/// Best effort, as before: what cannot be removed stays (the next build clears it).
fn remove_tree(dir: &Path) {
    let entries = |d: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(d)
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    let is_dir = |p: &Path| p.symlink_metadata().is_ok_and(|m| m.is_dir());
    let mut leaves = Vec::new();
    for top in entries(dir) {
        if is_dir(&top) {
            leaves.extend(entries(&top));
        } else {
            leaves.push(top);
        }
    }
    leaves.par_iter().for_each(|p| {
        let _ = if is_dir(p) {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        };
    });
    let _ = std::fs::remove_dir_all(dir);
}

/// Rules of writing the output.
#[rustfmt::skip]
pub const RULES: &[crate::check::rules::Rule] = &[
    crate::check::rules::Rule::error("write.io", "Папки и файлы результата записываются").example("output/reports/x/y.html: Не удалось создать папку: файл или папка уже существуют."),
    crate::check::rules::Rule::error("write.path", "Пути результата допустимы (внутри папки результата)").example("output/../x.html: Недопустимый путь результата «../x.html»."),
    crate::check::rules::Rule::error("write.duplicate", "Два файла результата не заменяют друг друга").example("output/reports/A.html: Файл результата совпадает с output/reports/a.html на хостинге, где регистр букв в именах не различается: второй заменил бы первый. Переименуйте один из исходных файлов."),
    crate::check::rules::Rule::error("render.chart", "Каждая диаграмма построена: ошибка рисования останавливает сборку и называет диаграмму, а не выдаёт себя за «Нет данных»").example("output/site/monitoring/index.html: Страница не записана: диаграмма «Каналы занятости на 15.12.2023» не построена: ошибка области рисования. Это ошибка программы, а не данных: сообщите о ней разработчикам vypusk (приложите папку проекта или этот текст)."),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, s: &str) -> OutFile {
        OutFile {
            path: path.into(),
            bytes: s.as_bytes().to_vec(),
        }
    }

    #[test]
    fn the_previous_output_is_removed_whatever_its_depth() {
        let d = tempfile::tempdir().unwrap();
        let old = d.path().join("old");
        for f in [
            "top.html",
            "site/a.html",
            "site/x/y/z/deep.html",
            "reports/x/r.html",
        ] {
            let p = old.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "1").unwrap();
        }
        std::fs::create_dir_all(old.join("site/empty")).unwrap();
        remove_tree(&old);
        assert!(!old.exists());
        assert!(d.path().exists());
    }

    #[test]
    fn publish_replaces_the_whole_tree() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("output");
        publish(
            &out,
            &[file("site/a.html", "1"), file("site/b/c.html", "2")],
        )
        .unwrap();
        publish(&out, &[file("site/a.html", "3")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("site/a.html")).unwrap(),
            "3"
        );
        assert!(!out.join("site/b").exists());
        // nothing left beside it
        let names: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn a_page_with_a_chart_that_failed_to_draw_is_not_written() {
        let stage = Stage::dry(guard::Guard::new(&[], &[], &[]));
        // What a chart function returns when plotters fails (see render::charts::svg::drawn).
        let svg = "<svg data-chart-error=\"%D0%B4%D0%B8%D0%B0%D0%B3%D1%80%D0%B0%D0%BC%D0%BC%D0%B0\"></svg>";
        for path in ["site/monitoring/index.html", "reports/monitoring-2023.html"] {
            let page = format!("<html><body><h1>Занятость</h1>{svg}</body></html>");
            let e = stage.write(path, page.as_bytes()).unwrap_err();
            assert_eq!(e.rule, "render.chart");
            assert!(
                e.message.contains("Страница не записана: диаграмма"),
                "{}",
                e.message
            );
            assert!(e.place.file.ends_with(path), "{}", e.place.file);
        }
        stage
            .write("site/ok.html", b"<svg role=\"img\"></svg>")
            .unwrap();
    }

    #[test]
    fn stage_names_bad_paths_doubles_and_folders_it_cannot_make() {
        let stage = Stage::dry(guard::Guard::new(&[], &[], &[]));
        assert_eq!(
            stage.write("../x.html", b"1").unwrap_err().rule,
            "write.path"
        );
        stage.write("reports/a.html", b"1").unwrap();
        let e = stage.write("reports/A.html", b"1").unwrap_err();
        assert_eq!(e.rule, "write.duplicate");
        assert!(e.message.contains("регистр"), "{}", e.message);
        let d = tempfile::tempdir().unwrap();
        let stage = Stage::new(&d.path().join("output"), guard::Guard::new(&[], &[], &[]))
            .unwrap_or_else(|_| panic!("stage"));
        stage.write("reports/x", b"1").unwrap();
        // A file stands where the folder of the next one would go.
        let e = stage.write("reports/x/y.html", b"1").unwrap_err();
        assert_eq!(e.rule, "write.io", "{e:?}");
    }

    #[test]
    fn refuses_foreign_folder_and_bad_paths() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("important.txt"), "x").unwrap();
        assert!(matches!(
            publish(d.path(), &[file("a", "1")]),
            Err(WriteError::NotOurs(_))
        ));
        assert!(d.path().join("important.txt").exists());
        let out = d.path().join("o");
        assert!(matches!(
            publish(&out, &[file("../x", "1")]),
            Err(WriteError::BadPath(_))
        ));
        assert!(!out.exists());
    }

    #[test]
    fn a_scoped_view_writes_under_its_college_into_the_same_stage() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("output");
        let stage = Stage::new(&out, guard::Guard::default()).unwrap();
        stage.write("site/index.html", b"overview").unwrap();
        {
            let view = stage.scoped("ppk", guard::Guard::default());
            view.write("site/index.html", b"college").unwrap();
            view.write("reports/form1-2023.html", b"form").unwrap();
            // The same file twice through the view is still one file twice.
            let again = view.write("site/index.html", b"x").unwrap_err();
            assert_eq!(again.rule, "write.duplicate");
            assert!(again.place.file.ends_with("output/site/ppk/index.html"));
            assert!(matches!(view.commit(), Err(WriteError::BadPath(_))));
        }
        stage.commit().unwrap();
        let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
        assert_eq!(read("site/index.html"), "overview");
        assert_eq!(read("site/ppk/index.html"), "college");
        assert_eq!(read("reports/ppk/form1-2023.html"), "form");
        let manifest = read(folder::MANIFEST);
        assert!(manifest.contains("site/ppk/index.html\n"), "{manifest}");
    }
}
