//! Walking folders for cards: one listing per folder, in parallel, respecting `.gitignore`;
//! each folder's listing also gives its config file and weight files (its [`Dir`]).

use std::path::{Path, PathBuf};

use super::{absolute, Dir, DirRef, Source};

/// A `.gitignore` and the ones of the folders above it: the deepest decides.
struct Ignores {
    matcher: ignore::gitignore::Gitignore,
    /// The matcher's root is absolute (a folder above the walk's root): match absolute paths.
    absolute: bool,
    parent: Option<std::sync::Arc<Ignores>>,
}

fn is_ignored(chain: Option<&Ignores>, path: &Path, is_dir: bool) -> bool {
    use ignore::Match;
    let mut abs = None;
    let mut node = chain;
    while let Some(n) = node {
        let m = if n.absolute {
            let a = abs.get_or_insert_with(|| absolute(path));
            n.matcher.matched(&*a, is_dir)
        } else {
            n.matcher.matched(path, is_dir)
        };
        match m {
            Match::Ignore(_) => return true,
            Match::Whitelist(_) => return false,
            Match::None => node = n.parent.as_deref(),
        }
    }
    false
}

fn with_gitignore(
    dir: &Path,
    file: &Path,
    absolute: bool,
    parent: Option<std::sync::Arc<Ignores>>,
) -> Option<std::sync::Arc<Ignores>> {
    let mut b = ignore::gitignore::GitignoreBuilder::new(dir);
    // A broken line is skipped, as git skips it.
    let _ = b.add(file);
    match b.build() {
        Ok(matcher) if !matcher.is_empty() => Some(std::sync::Arc::new(Ignores {
            matcher,
            absolute,
            parent,
        })),
        _ => parent,
    }
}

/// The `.gitignore` files above the walk's root: from the repository's root down (the closest
/// folder above with `.git`), or from the file-system root outside a repository.
fn parent_ignores(root: &Path) -> Option<std::sync::Arc<Ignores>> {
    let abs = absolute(root);
    let above: Vec<&Path> = abs.ancestors().skip(1).collect();
    let top = above
        .iter()
        .position(|d| d.join(".git").exists())
        .map_or(above.len(), |i| i + 1);
    let mut chain = None;
    for d in above[..top].iter().rev() {
        let f = d.join(".gitignore");
        if f.is_file() {
            chain = with_gitignore(d, &f, true, chain);
        }
    }
    chain
}

/// A byte string that sorts as the path's components do: the separators become NUL, which
/// sorts before every other byte (so `a/b` comes before `a-b`, as with `Path`'s ordering).
fn sort_key(p: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(p.as_os_str().len());
    for (i, c) in p.components().enumerate() {
        if i > 0 {
            key.push(0);
        }
        key.extend_from_slice(c.as_os_str().as_encoded_bytes());
    }
    key
}

/// What the walk finds below one folder.
#[derive(Default)]
struct Found {
    cards: Vec<(PathBuf, DirRef)>,
    errors: Vec<Source>,
}

impl Found {
    fn merge(mut self, other: Found) -> Found {
        self.cards.extend(other.cards);
        self.errors.extend(other.errors);
        self
    }
}

/// The config file that applies in `dir`, which holds the config files `present` says
/// (`cardlint.toml`, `.cardlint.toml`, `pyproject.toml`), else the one its parent has.
fn folder_config(
    dir: &Path,
    present: [bool; 3],
    inherited: &Result<Option<PathBuf>, String>,
) -> Result<Option<PathBuf>, String> {
    match present {
        [true, _, _] => Ok(Some(dir.join("cardlint.toml"))),
        [_, true, _] => Ok(Some(dir.join(".cardlint.toml"))),
        [_, _, true] => {
            let p = dir.join("pyproject.toml");
            match crate::config::is_pyproject_config(&p) {
                Ok(true) => Ok(Some(p)),
                Ok(false) => inherited.clone(),
                Err(e) => Err(e.0),
            }
        }
        _ => inherited.clone(),
    }
}

/// Lists one folder (once) and walks its subfolders in parallel.
fn walk_folder(
    dir: PathBuf,
    chain: Option<std::sync::Arc<Ignores>>,
    inherited: &Result<Option<PathBuf>, String>,
    include: &globset::GlobSet,
) -> Found {
    use rayon::prelude::*;
    let mut found = Found::default();
    let entries = match std::fs::read_dir(&dir) {
        Ok(rd) => rd,
        Err(e) => {
            found
                .errors
                .push(Source::Missing(dir, format!("cannot read the folder: {e}")));
            return found;
        }
    };
    let mut files: Vec<(std::ffi::OsString, PathBuf)> = Vec::new();
    let mut subdirs: Vec<PathBuf> = Vec::new();
    let mut configs = [false; 3];
    let mut weights = Vec::new();
    let mut codecarbon = false;
    let mut gitignore = None;
    for entry in entries {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name();
        if name == ".git" {
            continue;
        }
        // The listing's own file type (no extra system call); symlinks are not followed.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = dir.join(&name);
        if kind.is_symlink() {
            // Weights are often links into a cache (huggingface_hub's snapshots).
            if let Some(n) = name
                .to_str()
                .filter(|n| n.ends_with(".bin") || n.ends_with(".safetensors"))
            {
                weights.push(n.to_string());
            }
        } else if kind.is_dir() {
            subdirs.push(path);
        } else if kind.is_file() {
            match name.to_str() {
                Some(".gitignore") => gitignore = Some(path.clone()),
                Some("cardlint.toml") => configs[0] = true,
                Some(".cardlint.toml") => configs[1] = true,
                Some("pyproject.toml") => configs[2] = true,
                Some(crate::class::efficiency::CSV_NAME) => codecarbon = true,
                Some(n) if n.ends_with(".bin") || n.ends_with(".safetensors") => {
                    weights.push(n.to_string())
                }
                _ => {}
            }
            files.push((name, path));
        }
    }
    weights.sort();
    let config = folder_config(&dir, configs, inherited);
    let here = std::sync::Arc::new(Dir {
        abs: absolute(&dir),
        config,
        weights,
        codecarbon,
    });
    let chain = match &gitignore {
        Some(f) => with_gitignore(&dir, f, false, chain),
        None => chain,
    };
    for (name, path) in files {
        if include.is_match(&name) && !is_ignored(chain.as_deref(), &path, false) {
            found.cards.push((path, here.clone()));
        }
    }
    let subdirs: Vec<PathBuf> = subdirs
        .into_iter()
        .filter(|d| !is_ignored(chain.as_deref(), d, true))
        .collect();
    let below = subdirs
        .into_par_iter()
        .map(|d| walk_folder(d, chain.clone(), &here.config, include))
        .reduce(Found::default, Found::merge);
    found.merge(below)
}

/// The cards under a folder, sorted, the folders that could not be read (each an unreadable
/// "card" that names the folder, so nothing vanishes silently), and every folder's listing.
///
/// What is skipped, and only this: files a `.gitignore` excludes (as git does, also outside a
/// repository, with the `.gitignore` files of the folders above) and the `.git` folder.
/// `.ignore` files (ripgrep's), global git excludes and hidden folders do not hide cards.
/// Symlinks are not followed. Folders are listed once each, in parallel.
pub(super) fn walk(
    dir: &Path,
    include: &globset::GlobSet,
) -> (Vec<(PathBuf, DirRef)>, Vec<Source>) {
    // The config of the folders above the root (the walk finds those below).
    let above = match absolute(dir).parent() {
        Some(up) => crate::config::discover(up).map_err(|e| e.0),
        None => Ok(None),
    };
    let found = walk_folder(dir.to_path_buf(), parent_ignores(dir), &above, include);
    let mut cards = found.cards;
    // Path order (by components), from a key made once per path: comparing paths component
    // by component cost more than walking the folders.
    cards.sort_by_cached_key(|(p, _)| sort_key(p));
    let mut errors = found.errors;
    errors.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    (cards, errors)
}

/// A path with `.` components and repeated separators removed, for spotting the same card
/// named twice (`a/README.md`, `./a//README.md`).
pub(super) fn normal(p: &Path) -> PathBuf {
    p.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}
