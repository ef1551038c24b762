//! Turning paths into card texts: directory walking (respecting `.gitignore`), standard input,
//! and decoding, where every failure becomes a diagnostic on the card instead of an abort.

use std::io::Read;
use std::path::{Path, PathBuf};

/// What to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin {
        name: String,
    },
    /// A path that does not exist or cannot be listed: reported as an unreadable card.
    Missing(PathBuf, String),
}

/// Expands paths: `-` is standard input, a directory means every file under it whose name
/// matches one of `include` (`README.md` by default). Files named explicitly are always linted.
pub fn expand(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
    include: &[String],
) -> Result<(Vec<Planned>, Vec<String>), String> {
    let mut set = globset::GlobSetBuilder::new();
    for g in include {
        set.add(globset::Glob::new(g).map_err(|e| format!("bad pattern `{g}`: {e}"))?);
    }
    let include = set.build().map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    // The same card named twice (or reached from two folders) is linted once. One path is
    // walked once: its cards cannot repeat.
    let dedupe = paths.len() > 1;
    let mut seen: std::collections::HashSet<
        PathBuf,
        std::hash::BuildHasherDefault<crate::util::FxHasher>,
    > = std::collections::HashSet::default();
    let mut push = |out: &mut Vec<Planned>, src: Source, dir: Option<DirRef>| {
        let key = match &src {
            Source::File(p) | Source::Missing(p, _) if dedupe => Some(normal(p)),
            _ => None,
        };
        if key.is_none_or(|k| seen.insert(k)) {
            out.push((src, dir));
        }
    };
    for p in paths {
        if p.as_os_str() == "-" {
            push(
                &mut out,
                Source::Stdin {
                    name: stdin_name.unwrap_or("-").to_string(),
                },
                None,
            );
        } else if p.is_dir() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) {
            // `foo/README.md` that is a directory: a card path gone wrong, not a tree to walk.
            push(
                &mut out,
                Source::Missing(p.clone(), "the path is a directory, not a card".into()),
                None,
            );
        } else if p.is_dir() {
            let (found, errors) = walk(p, &include);
            if found.is_empty() && errors.is_empty() {
                warnings.push(format!(
                    "no model card (README.md or --include) found under {}",
                    p.display()
                ));
            }
            for src in errors {
                push(&mut out, src, None);
            }
            for (card, dir) in found {
                push(&mut out, Source::File(card), Some(dir));
            }
        } else if p.exists() {
            push(&mut out, Source::File(p.clone()), None);
        } else {
            push(
                &mut out,
                Source::Missing(p.clone(), "no such file or directory".into()),
                None,
            );
        }
    }
    Ok((out, warnings))
}

/// What the walk learnt of the folder a card is in, from its one listing: where it is, the
/// config file that applies to it (its own, else its parent's), and its weight files. Cards of
/// one folder share it, so planning them needs no further system call or lookup.
#[derive(Debug, Clone)]
pub struct Dir {
    pub abs: PathBuf,
    /// The config file found at or above the folder (`Err`: a `pyproject.toml` that names
    /// cardlint but is not valid TOML).
    pub config: Result<Option<PathBuf>, String>,
    /// Regular files and symlinks that may be model weights (`*.bin`, `*.safetensors`).
    pub weights: Vec<String>,
}

/// Where a walked card's folder facts come from.
pub type DirRef = std::sync::Arc<Dir>;

/// A source to lint, with its folder's facts where the walk found it.
pub type Planned = (Source, Option<DirRef>);

/// The current folder, read once.
fn cwd() -> &'static Path {
    static CWD: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")))
}

/// `path` made absolute without a system call per path: the current folder (read once)
/// joined with it, `.` components and repeated separators dropped, `..` and symlinks kept.
pub fn absolute(path: &Path) -> PathBuf {
    let joined;
    let p = if path.is_absolute() {
        path
    } else {
        joined = cwd().join(path);
        &joined
    };
    p.components().collect()
}

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
                Some(n) if n.ends_with(".bin") || n.ends_with(".safetensors") => {
                    weights.push(n.to_string())
                }
                _ => {}
            }
            files.push((name, path));
        }
    }
    weights.sort();
    let config = match configs {
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
    };
    let here = std::sync::Arc::new(Dir {
        abs: absolute(&dir),
        config,
        weights,
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
fn walk(dir: &Path, include: &globset::GlobSet) -> (Vec<(PathBuf, DirRef)>, Vec<Source>) {
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
fn normal(p: &Path) -> PathBuf {
    p.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// Default size limit of a card: far above any real card (the largest of 25,000 is < 1 MiB).
pub const MAX_BYTES: u64 = 10 * 1024 * 1024;

/// Decodes a card's bytes, or says why it cannot be read as a card.
pub fn decode(bytes: Vec<u8>) -> Result<String, (String, &'static str)> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err((
            "the card is UTF-16 encoded (it starts with a UTF-16 byte-order mark)".into(),
            "save it as UTF-8: the Hub reads model cards as UTF-8",
        ));
    }
    if let Some(i) = bytes.iter().position(|&b| b == 0) {
        // Text in UTF-16 without (or with a damaged) byte-order mark: NULs in every other byte.
        let head = &bytes[..bytes.len().min(512)];
        let nul_at = |parity: usize| {
            head.iter()
                .skip(parity)
                .step_by(2)
                .filter(|&&b| b == 0)
                .count()
        };
        let half = head.len() / 2;
        if half >= 4 && (nul_at(0) * 10 >= half * 4 || nul_at(1) * 10 >= half * 4) {
            return Err((
                format!("the card looks like UTF-16 text without a valid byte-order mark (NUL bytes in every other byte, the first at byte {i})"),
                "save it as UTF-8: the Hub reads model cards as UTF-8",
            ));
        }
        return Err((
            format!("the card holds a NUL byte at byte {i}: it looks like a binary file"),
            "a model card is UTF-8 text; check that the right file is named README.md",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let b = e.as_bytes();
        let line = memchr::memchr_iter(b'\n', &b[..at]).count() + 1;
        (
            format!(
                "the card is not valid UTF-8: invalid byte 0x{:02X} at byte {at} (line {line})",
                b[at]
            ),
            "save it as UTF-8: the Hub reads model cards as UTF-8",
        )
    })
}

/// Reads a file with the size limit.
pub fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, (String, &'static str)> {
    let meta = std::fs::metadata(path)
        .map_err(|e| (format!("cannot read the card: {e}"), "check the path"))?;
    if meta.is_dir() {
        return Err((
            "the path is a directory, not a card".into(),
            "name a README.md file",
        ));
    }
    // A FIFO, socket or device would block or never end: only regular files are cards.
    if !meta.is_file() {
        return Err((
            "the path is not a regular file (a FIFO, socket or device)".into(),
            "name a README.md file",
        ));
    }
    if meta.len() > max {
        return Err((
            format!(
                "the file is {} bytes, over the limit of {max} bytes",
                meta.len()
            ),
            "raise it with --max-file-size if the card is real",
        ));
    }
    let mut buf = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut buf))
        .map_err(|e| {
            (
                format!("cannot read the card: {e}"),
                "check the path and its permissions",
            )
        })?;
    Ok(buf)
}

/// Whether a file is a model card for `--model-cards-only`: its text opens with front matter
/// (`---`, after a BOM or blank lines, as the Hub reads it), or it is the README at the root of
/// a repository (its folder holds `.git`), the card a model repository always has.
pub fn is_model_card(path: &Path, text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("---") {
        return true;
    }
    let abs = absolute(path);
    abs.parent().is_some_and(|d| d.join(".git").exists())
}
