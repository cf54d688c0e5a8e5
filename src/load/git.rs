//! A project as it was at a git revision, for `vypusk diff`.
//!
//! The files of the project folder at the revision are read from the repository with the git
//! on the machine (`git ls-tree`, then every blob through one `git cat-file --batch`, which is
//! what `git show REV:path` does, file by file) into a temporary folder; the ordinary loader then
//! reads that folder, so a revision is loaded exactly as a work tree is. The repository, its
//! index and its work tree are never touched, and the folder is removed when the [`Checkout`] is
//! dropped. A library (`gix`) would save the `git` process but not the temporary files: the
//! loader reads folders.

use std::io::{BufRead, BufReader, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// A revision as the user named it and the commit it resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// As given on the command line: `HEAD~1`, `main`, `a1b2c3d`.
    pub name: String,
    /// The full commit id.
    pub commit: String,
}

impl Revision {
    /// The abbreviated commit id shown to people (7 characters, as git shows it).
    pub fn short(&self) -> &str {
        &self.commit[..self.commit.len().min(7)]
    }

    /// `HEAD~1 (a1b2c3d)`, or just the id when that is what was given.
    pub fn label(&self) -> String {
        if self.commit.starts_with(&self.name) {
            self.short().to_string()
        } else {
            format!("{} ({})", self.name, self.short())
        }
    }
}

/// The project folder of one revision, written out into a temporary folder.
#[derive(Debug)]
pub struct Checkout {
    dir: tempfile::TempDir,
    pub revision: Revision,
    /// How many files were written.
    pub files: usize,
}

impl Checkout {
    /// The project root inside the temporary folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}

/// Run git in `root`; its standard output, or the Russian message `on_error` with git's own
/// text appended (for whoever helps the user).
fn git(root: &Path, args: &[&str], on_error: impl FnOnce() -> String) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        // Never wait for a password or open a pager: nothing here needs the network.
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| spawn_error(&e))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(with_git_text(on_error(), &out.stderr))
    }
}

fn spawn_error(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        "программа git не найдена: установите git (https://git-scm.com/downloads) и повторите."
            .to_string()
    } else {
        format!("не удалось запустить git: {}", crate::diag::io_error_ru(e))
    }
}

fn with_git_text(message: String, stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let text = text.trim();
    if text.is_empty() {
        message
    } else {
        format!("{message} (git: {})", text.replace('\n', " "))
    }
}

/// Where the project folder `root` lies inside its repository: `""` at the top, else a
/// relative path ending in `/`. An error when `root` is not inside a git work tree.
pub fn prefix(root: &Path) -> Result<String, String> {
    let out = git(root, &["rev-parse", "--show-prefix"], || {
        format!(
            "папка проекта «{}» не находится в репозитории git, а vypusk diff сравнивает версии, сохранённые в git. Создайте репозиторий («git init», «git add -A», «git commit -m \"Первая версия\"») или укажите папку проекта в репозитории параметром --root.",
            root.display()
        )
    })?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// Resolve `rev` (a commit, branch, tag, `HEAD~1`) to a commit of the repository of `root`.
pub fn resolve(root: &Path, rev: &str) -> Result<Revision, String> {
    let unknown = || {
        format!(
            "версия «{rev}» не найдена в репозитории: укажите коммит, ветку или тег, например HEAD~1, main или a1b2c3d (список версий — «git log --oneline»)."
        )
    };
    // A name starting with '-' would be read by git as an option.
    if rev.trim().is_empty() || rev.starts_with('-') {
        return Err(unknown());
    }
    let spec = format!("{rev}^{{commit}}");
    let out = git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
        unknown,
    )?;
    let commit = String::from_utf8_lossy(&out).trim().to_string();
    if commit.is_empty() {
        return Err(unknown());
    }
    Ok(Revision {
        name: rev.to_string(),
        commit,
    })
}

/// One file of the tree listing.
struct Entry {
    oid: String,
    path: PathBuf,
}

/// Files of the project folder at `commit`, relative to it. Submodules (a region's colleges
/// kept as submodules are read per college), symbolic links and `output/` are left out.
fn list(root: &Path, rev: &Revision) -> Result<Vec<Entry>, String> {
    // Without --full-tree, ls-tree lists only the current folder (the project), relative to it.
    let out = git(root, &["ls-tree", "-r", "-z", &rev.commit], || {
        format!(
            "не удалось прочитать список файлов версии {} из репозитория.",
            rev.label()
        )
    })?;
    let mut entries = Vec::new();
    for record in out.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let text = String::from_utf8_lossy(record);
        let Some((meta, path)) = text.split_once('\t') else {
            continue;
        };
        let mut parts = meta.split(' ');
        let (Some(mode), Some(kind), Some(oid)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if kind != "blob" || mode == "120000" {
            continue;
        }
        let path = PathBuf::from(path);
        let safe = path.components().all(|c| matches!(c, Component::Normal(_)));
        if !safe || path.starts_with("output") {
            continue;
        }
        entries.push(Entry {
            oid: oid.to_string(),
            path,
        });
    }
    Ok(entries)
}

/// Write the project folder `root` as it was at `rev` into a new temporary folder.
pub fn checkout(root: &Path, rev: &str) -> Result<Checkout, String> {
    let prefix = prefix(root)?;
    let revision = resolve(root, rev)?;
    let entries = list(root, &revision)?;
    let folder = if prefix.is_empty() {
        "корень репозитория".to_string()
    } else {
        format!("папка «{}»", prefix.trim_end_matches('/'))
    };
    if entries.is_empty() {
        return Err(format!(
            "в версии {} нет папки проекта ({folder}): проект тогда лежал в другом месте или ещё не был сохранён. Выберите версию позже (список — «git log --oneline -- .» в папке проекта).",
            revision.label()
        ));
    }
    if !entries
        .iter()
        .any(|e| e.path == Path::new(crate::config::CONFIG_FILE))
    {
        return Err(format!(
            "в версии {} ({folder}) нет файла vypusk.yaml: в этой версии там не было проекта vypusk. Выберите другую версию или укажите папку проекта параметром --root.",
            revision.label()
        ));
    }
    let dir = tempfile::Builder::new()
        .prefix("vypusk-diff-")
        .tempdir()
        .map_err(|e| {
            format!(
                "не удалось создать временную папку для версии {}: {}",
                revision.label(),
                crate::diag::io_error_ru(&e)
            )
        })?;
    let files = write_blobs(root, &entries, dir.path()).map_err(|e| {
        format!(
            "не удалось прочитать файлы версии {}: {e}",
            revision.label()
        )
    })?;
    Ok(Checkout {
        dir,
        revision,
        files,
    })
}

/// Stream every blob through one `git cat-file --batch` into `to`.
fn write_blobs(root: &Path, entries: &[Entry], to: &Path) -> Result<usize, String> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| spawn_error(&e))?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        return Err("нет связи с процессом git".to_string());
    };
    let request: Vec<u8> = entries
        .iter()
        .flat_map(|e| format!("{}\n", e.oid).into_bytes())
        .collect();
    // Written from another thread: git answers while it reads, and both pipes have a bound.
    let writer = std::thread::spawn(move || stdin.write_all(&request));
    let result = read_blobs(BufReader::new(stdout), entries, to);
    if result.is_err() {
        // Unblocks the writer, which may wait on a full pipe nobody reads any more.
        let _ = child.kill();
    }
    let wrote = writer.join();
    let status = child.wait();
    let written = result?;
    match (wrote, status) {
        (Ok(Ok(())), Ok(s)) if s.success() => Ok(written),
        _ => Err("git прервал чтение файлов".to_string()),
    }
}

fn read_blobs(mut from: impl BufRead, entries: &[Entry], to: &Path) -> Result<usize, String> {
    let mut header = String::new();
    for e in entries {
        header.clear();
        from.read_line(&mut header)
            .map_err(|err| crate::diag::io_error_ru(&err))?;
        // "<oid> blob <size>\n", or "<oid> missing\n" for an object the repository lacks.
        let size = header
            .trim_end()
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|_| header.contains(" blob "))
            .ok_or_else(|| {
                format!(
                    "файла {} нет в репозитории (неполная копия репозитория?)",
                    e.path.display()
                )
            })?;
        let mut bytes = vec![0; size + 1]; // the content and git's closing newline
        from.read_exact(&mut bytes)
            .map_err(|err| crate::diag::io_error_ru(&err))?;
        bytes.pop();
        let path = to.join(&e.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|err| crate::diag::io_error_ru(&err))?;
        }
        std::fs::write(&path, &bytes).map_err(|err| crate::diag::io_error_ru(&err))?;
    }
    Ok(entries.len())
}
