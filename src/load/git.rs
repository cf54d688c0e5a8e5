//! A project as it was at a git revision, for `vypusk diff`.
//!
//! The files of the project folder at the revision are read from the repository with the git
//! on the machine (`git ls-tree`, then every blob through one `git cat-file --batch`, which is
//! what `git show REV:path` does, file by file) into a temporary folder; the ordinary loader then
//! reads that folder, so a revision is loaded exactly as a work tree is. A submodule (a
//! region's college kept as one) is written from its own repository at the commit the revision
//! recorded for it. The repository, its index and its work tree are never touched, and the
//! folder is removed when the [`Checkout`] is dropped. A library (`gix`) would save the `git` process but not the temporary files: the
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

/// A repository to run git in: the project's work tree, or a submodule's repository.
enum Repo<'a> {
    /// `git -C <folder>`: a work tree (the project, or a checked-out submodule's folder).
    WorkTree(&'a Path),
    /// `git --git-dir <folder>`: a submodule's repository kept under the superproject's
    /// `.git/modules/` while its folder is not checked out.
    GitDir(PathBuf),
}

impl Repo<'_> {
    fn command(&self) -> Command {
        let mut c = Command::new("git");
        match self {
            Repo::WorkTree(dir) => c.arg("-C").arg(dir),
            // Its config names the (missing) folder as the work tree, which git would enter
            // first: named as its own work tree instead, never touched (only read commands run).
            Repo::GitDir(dir) => c
                .arg("-C")
                .arg(dir)
                .arg("--git-dir")
                .arg(dir)
                .arg("--work-tree")
                .arg(dir),
        };
        c
    }
}

/// Run git in `root`; its standard output, or the Russian message `on_error` with git's own
/// text appended (for whoever helps the user).
fn git(root: &Path, args: &[&str], on_error: impl FnOnce() -> String) -> Result<Vec<u8>, String> {
    git_in(&Repo::WorkTree(root), args, on_error)
}

fn git_in(
    repo: &Repo,
    args: &[&str],
    on_error: impl FnOnce() -> String,
) -> Result<Vec<u8>, String> {
    let out = repo
        .command()
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

/// One file of the tree listing, or (for a submodule) the commit it was at.
struct Entry {
    oid: String,
    path: PathBuf,
}

/// The tree listing: files, and submodules (gitlinks) with the commit each was at.
#[derive(Default)]
struct Listing {
    files: Vec<Entry>,
    submodules: Vec<Entry>,
}

/// Files of the project folder at `commit`, relative to it, and its submodules (a region's
/// colleges may be kept as submodules: their files are read from their own repositories, see
/// [`submodule`]). Symbolic links and `output/` are left out.
fn list(repo: &Repo, commit: &str, label: &str) -> Result<Listing, String> {
    // Without --full-tree, ls-tree lists only the current folder (the project), relative to it.
    let out = git_in(repo, &["ls-tree", "-r", "-z", commit], || {
        format!("не удалось прочитать список файлов версии {label} из репозитория.")
    })?;
    let mut listing = Listing::default();
    for record in out.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let text = String::from_utf8_lossy(record);
        let Some((meta, path)) = text.split_once('\t') else {
            continue;
        };
        let mut parts = meta.split(' ');
        let (Some(mode), Some(kind), Some(oid)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let to = match (kind, mode) {
            ("blob", "120000") => continue,
            ("blob", _) => &mut listing.files,
            ("commit", _) => &mut listing.submodules,
            _ => continue,
        };
        let path = PathBuf::from(path);
        let safe = path.components().all(|c| matches!(c, Component::Normal(_)));
        if !safe || path.starts_with("output") {
            continue;
        }
        to.push(Entry {
            oid: oid.to_string(),
            path,
        });
    }
    Ok(listing)
}

/// Write the project folder `root` as it was at `rev` into a new temporary folder.
pub fn checkout(root: &Path, rev: &str) -> Result<Checkout, String> {
    let prefix = prefix(root)?;
    let revision = resolve(root, rev)?;
    let label = revision.label();
    let listing = list(&Repo::WorkTree(root), &revision.commit, &label)?;
    let entries = &listing.files;
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
    let mut files = write_blobs(&Repo::WorkTree(root), entries, dir.path())
        .map_err(|e| format!("не удалось прочитать файлы версии {label}: {e}"))?;
    let names = submodule_names(root, &revision.commit);
    for link in &listing.submodules {
        files += submodule(root, &prefix, &names, link, &label, dir.path(), 0)?;
    }
    Ok(Checkout {
        dir,
        revision,
        files,
    })
}

/// Submodule names by their path from the repository's top, from `.gitmodules` at `commit`
/// (a submodule moved with `git mv` keeps its first name, which names its repository under
/// `.git/modules/`). None when there is no `.gitmodules`: the name is then the path.
fn submodule_names(root: &Path, commit: &str) -> Vec<(String, String)> {
    let blob = format!("{commit}:.gitmodules");
    let Ok(out) = git(
        root,
        &[
            "config",
            "--blob",
            &blob,
            "--get-regexp",
            r"^submodule\..*\.path$",
        ],
        String::new,
    ) else {
        return Vec::new();
    };
    String::from_utf8_lossy(&out)
        .lines()
        .filter_map(|line| {
            let (key, path) = line.split_once(' ')?;
            let name = key.strip_prefix("submodule.")?.strip_suffix(".path")?;
            Some((path.to_string(), name.to_string()))
        })
        .collect()
}

/// Submodules inside submodules are followed this deep (a college kept as a submodule is one
/// level; a loop of submodules must end).
const SUBMODULE_DEPTH: usize = 4;

/// Write the submodule `link` (its path relative to the project folder `root`, which lies at
/// `prefix` in its repository) as it was at the commit the revision recorded, into `to`. Its
/// files are read from the submodule's own repository: its checked-out folder, or the
/// superproject's `.git/modules/<name>` when the folder is not checked out (the college was
/// removed since). Returns how many files were written.
fn submodule(
    root: &Path,
    prefix: &str,
    names: &[(String, String)],
    link: &Entry,
    label: &str,
    to: &Path,
    depth: usize,
) -> Result<usize, String> {
    let shown = link.path.display().to_string();
    let short = &link.oid[..link.oid.len().min(7)];
    let folder = root.join(&link.path);
    let top_path = format!("{prefix}{}", shown.replace('\\', "/"));
    let name = names
        .iter()
        .find(|(path, _)| *path == top_path)
        .map_or(top_path.as_str(), |(_, name)| name.as_str());
    // An empty folder (a submodule never initialised) is not a repository: `git -C` there
    // would read the superproject instead.
    let repo = if folder.join(".git").exists() {
        Repo::WorkTree(&folder)
    } else {
        let common = git(
            root,
            &["rev-parse", "--path-format=absolute", "--git-common-dir"],
            String::new,
        )
        .map(|out| PathBuf::from(String::from_utf8_lossy(&out).trim()))
        .unwrap_or_default();
        let modules = common.join("modules").join(name);
        if common.as_os_str().is_empty() || !modules.is_dir() {
            return Err(format!(
                "«{shown}» в версии {label} — git submodule (коммит {short}), а его репозиторий на этой машине не загружен: выполните «git submodule update --init --recursive» в папке репозитория и повторите."
            ));
        }
        Repo::GitDir(modules)
    };
    let missing = || {
        format!(
            "«{shown}» в версии {label} — git submodule на коммите {short}, которого нет в его репозитории на этой машине: загрузите его («git submodule update --init --recursive» или «git -C {shown} fetch») и повторите."
        )
    };
    let spec = format!("{}^{{commit}}", link.oid);
    git_in(&repo, &["cat-file", "-e", &spec], missing)?;
    let sub_label = format!("{label}, {shown} {short}");
    let listing = list(&repo, &link.oid, &sub_label)?;
    let into = to.join(&link.path);
    std::fs::create_dir_all(&into).map_err(|e| crate::diag::io_error_ru(&e))?;
    let mut files = write_blobs(&repo, &listing.files, &into)
        .map_err(|e| format!("не удалось прочитать файлы «{shown}» версии {label}: {e}"))?;
    if !listing.submodules.is_empty() {
        let Repo::WorkTree(inner_root) = repo else {
            // Nested submodules of a folder that is not checked out: their repositories are
            // not where this could find them.
            return Err(format!(
                "«{shown}» в версии {label} содержит вложенные git submodule, а сам не загружен: выполните «git submodule update --init --recursive» и повторите."
            ));
        };
        if depth + 1 >= SUBMODULE_DEPTH {
            return Err(format!(
                "«{shown}» в версии {label}: слишком глубокая вложенность git submodule (больше {SUBMODULE_DEPTH})."
            ));
        }
        let inner_names = submodule_names(inner_root, &link.oid);
        for inner in &listing.submodules {
            files += submodule(inner_root, "", &inner_names, inner, label, &into, depth + 1)?;
        }
    }
    Ok(files)
}

/// Stream every blob through one `git cat-file --batch` into `to`.
fn write_blobs(repo: &Repo, entries: &[Entry], to: &Path) -> Result<usize, String> {
    let mut child = repo
        .command()
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
