//! The output folder's safety: which folder may be an output at all, which files in it vypusk
//! made (the manifest), and the temporary folders an earlier killed build left behind.
//!
//! A build replaces the output folder as a whole. That is only safe when everything in it was
//! written by vypusk, so every build lists its files in a manifest, and a folder holding
//! anything else is refused instead of being emptied.

use super::{WriteError, MARKER};
use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The files of the last build, one relative path (with `/`) a line.
pub const MANIFEST: &str = ".vypusk-manifest";

/// Project folders an output folder must never be inside: sources (a build would read its
/// own output, and private reports would land in committed files) and git's own folder.
pub const PROTECTED: [&str; 6] = ["content", "data", "themes", "templates", "static", ".git"];

/// How many foreign paths a refusal lists.
const SHOWN: usize = 5;

/// Absolute form of `p` with `.`/`..` resolved and symbolic links of its existing part
/// followed, so that two spellings of one folder compare equal even before it exists.
pub fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut lexical = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    // Canonicalize the longest existing prefix, then append the rest as written.
    let mut rest = Vec::new();
    let mut head = lexical.as_path();
    loop {
        if let Ok(c) = std::fs::canonicalize(head) {
            let mut out = c;
            for r in rest.iter().rev() {
                out.push(r);
            }
            return out;
        }
        match (head.file_name(), head.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                head = parent;
            }
            _ => return lexical,
        }
    }
}

/// Refuse an output folder that contains the project or lies inside one of its source
/// folders (see [`PROTECTED`]).
pub fn check_placement(root: &Path, out_dir: &Path) -> Result<(), WriteError> {
    let root_abs = absolute(root);
    let out_abs = absolute(out_dir);
    if root_abs.starts_with(&out_abs) {
        return Err(WriteError::Placement(
            out_dir.to_path_buf(),
            "она содержит сам проект, и сборка заменила бы его целиком".into(),
        ));
    }
    for sub in PROTECTED {
        if out_abs.starts_with(root_abs.join(sub)) {
            let why = if sub == ".git" {
                "это служебная папка git".to_string()
            } else {
                format!(
                    "она внутри папки {sub}/ с исходными файлами: результат (и личные данные отчётов) попал бы в исходники, а «vypusk serve» пересобирал бы его без конца"
                )
            };
            return Err(WriteError::Placement(out_dir.to_path_buf(), why));
        }
    }
    Ok(())
}

/// Paths listed in `out_dir`'s manifest; `None` when it has none (output of an older vypusk).
fn read_manifest(out_dir: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(out_dir.join(MANIFEST)).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// Files and folders in `out_dir` (a folder with vypusk's marker) that the last build did not
/// write, sorted. Without a manifest, an older vypusk wrote only `site/` and `reports/`.
pub fn foreign_paths(out_dir: &Path) -> io::Result<Vec<String>> {
    let manifest = read_manifest(out_dir);
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    if let Some(m) = &manifest {
        for f in m {
            let mut acc = String::new();
            for part in f.split('/').collect::<Vec<_>>().iter().rev().skip(1).rev() {
                if !acc.is_empty() {
                    acc.push('/');
                }
                acc.push_str(part);
                dirs.insert(acc.clone());
            }
        }
    }
    let mut foreign = Vec::new();
    let mut walk = walkdir::WalkDir::new(out_dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(io::Error::other)?;
        let rel = crate::diag::rel_path(out_dir, entry.path());
        if entry.depth() == 1 && (rel == MARKER || rel == MANIFEST) {
            continue;
        }
        let is_dir = entry.file_type().is_dir();
        let ours = match &manifest {
            Some(_) if is_dir => dirs.contains(&rel),
            Some(m) => m.contains(&rel),
            None => {
                let top = rel.split('/').next().unwrap_or("");
                (top == "site" || top == "reports") && (rel.contains('/') || is_dir)
            }
        };
        if !ours {
            foreign.push(if is_dir { format!("{rel}/") } else { rel });
            if is_dir {
                walk.skip_current_dir();
            }
        } else if manifest.is_none() && is_dir && entry.depth() == 1 {
            // An older build's whole folder: nothing to compare its files with.
            walk.skip_current_dir();
        }
    }
    Ok(foreign)
}

/// The refusal for a folder holding files vypusk did not write: the first few of them.
pub fn foreign_message(out_dir: &Path, foreign: &[String]) -> String {
    let mut list: Vec<String> = foreign.iter().take(SHOWN).cloned().collect();
    if foreign.len() > SHOWN {
        list.push(format!("и ещё {}", foreign.len() - SHOWN));
    }
    format!(
        "В папке {} есть файлы, которые vypusk не создавал: {}. Сборка заменяет папку результата целиком и удалила бы их. Укажите в --output пустую папку или уберите эти файлы оттуда.",
        out_dir.display(),
        list.join(", ")
    )
}

/// Remove temporary folders (`.vypusk-tmp-NAME-PID`, `.vypusk-old-NAME-PID`) that builds of
/// `name` killed midway left in `parent`. Only folders with vypusk's marker are touched, and
/// never those of a vypusk process still running. A build killed in the middle of the swap
/// leaves no `out_dir` but its previous output as `.vypusk-old-…`: that is put back instead.
pub fn remove_leftovers(parent: &Path, name: &str, out_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let own = std::process::id();
    let mut entries: Vec<std::fs::DirEntry> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let file_name = e.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        let pid = [".vypusk-tmp-", ".vypusk-old-"]
            .iter()
            .find_map(|p| n.strip_prefix(p))
            .and_then(|rest| rest.strip_prefix(name))
            .and_then(|rest| rest.strip_prefix('-'))
            .and_then(|pid| pid.parse::<u32>().ok());
        let Some(pid) = pid else {
            continue;
        };
        let path = e.path();
        let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if pid == own || !is_dir || !path.join(MARKER).is_file() || vypusk_running(pid) {
            continue;
        }
        if n.starts_with(".vypusk-old-")
            && !out_dir.exists()
            && std::fs::rename(&path, out_dir).is_ok()
        {
            continue;
        }
        let _ = std::fs::remove_dir_all(&path);
    }
}

/// Whether `pid` is a running vypusk (Linux: its command name); elsewhere assume it is not.
fn vypusk_running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|c| c.trim() == "vypusk")
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_refuses_sources_and_ancestors() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("proj");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_placement(&root, &root.join("output")).is_ok());
        assert!(check_placement(&root, &d.path().join("elsewhere")).is_ok());
        assert!(check_placement(&root, &root.join("content/pub")).is_err());
        assert!(check_placement(&root, &root.join("data")).is_err());
        assert!(check_placement(&root, &root.join(".git/x")).is_err());
        assert!(check_placement(&root, &root).is_err());
        assert!(check_placement(&root, d.path()).is_err());
        assert!(check_placement(&root, &root.join("output/../content/x")).is_err());
        // A name that only starts like a source folder is fine.
        assert!(check_placement(&root, &root.join("content-pub")).is_ok());
    }

    #[test]
    fn foreign_paths_against_the_manifest() {
        let d = tempfile::tempdir().unwrap();
        let o = d.path();
        std::fs::create_dir_all(o.join("site/a")).unwrap();
        std::fs::create_dir_all(o.join("news")).unwrap();
        std::fs::write(o.join(MARKER), "").unwrap();
        std::fs::write(o.join(MANIFEST), "site/a/x.html\n").unwrap();
        std::fs::write(o.join("site/a/x.html"), "").unwrap();
        std::fs::write(o.join("site/a/y.html"), "").unwrap();
        std::fs::write(o.join("news/index.html"), "").unwrap();
        assert_eq!(foreign_paths(o).unwrap(), vec!["news/", "site/a/y.html"]);
        std::fs::remove_file(o.join(MANIFEST)).unwrap();
        // Without a manifest, site/ and reports/ are an older vypusk's.
        assert_eq!(foreign_paths(o).unwrap(), vec!["news/"]);
    }

    #[test]
    fn a_swap_killed_midway_gets_the_previous_output_back() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("output");
        let old = d.path().join(".vypusk-old-output-4000000000");
        let tmp = d.path().join(".vypusk-tmp-output-4000000000");
        for dir in [&old, &tmp] {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(MARKER), "").unwrap();
        }
        std::fs::write(old.join("previous.html"), "").unwrap();
        remove_leftovers(d.path(), "output", &out);
        assert!(out.join("previous.html").is_file());
        assert!(!old.exists() && !tmp.exists());
    }
}
