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
) -> Result<(Vec<Source>, Vec<String>), String> {
    let mut set = globset::GlobSetBuilder::new();
    for g in include {
        set.add(globset::Glob::new(g).map_err(|e| format!("bad pattern `{g}`: {e}"))?);
    }
    let include = set.build().map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    // The same card named twice (or reached from two folders) is linted once.
    let mut seen = std::collections::HashSet::new();
    let mut push = |out: &mut Vec<Source>, src: Source| {
        let key = match &src {
            Source::File(p) | Source::Missing(p, _) => Some(normal(p)),
            Source::Stdin { .. } => None,
        };
        if key.is_none_or(|k| seen.insert(k)) {
            out.push(src);
        }
    };
    for p in paths {
        if p.as_os_str() == "-" {
            push(
                &mut out,
                Source::Stdin {
                    name: stdin_name.unwrap_or("-").to_string(),
                },
            );
        } else if p.is_dir() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) {
            // `foo/README.md` that is a directory: a card path gone wrong, not a tree to walk.
            push(
                &mut out,
                Source::Missing(p.clone(), "the path is a directory, not a card".into()),
            );
        } else if p.is_dir() {
            let (found, errors) = walk(p, &include);
            if found.is_empty() && errors.is_empty() {
                warnings.push(format!(
                    "no model card (README.md or --include) found under {}",
                    p.display()
                ));
            }
            for src in errors
                .into_iter()
                .chain(found.into_iter().map(Source::File))
            {
                push(&mut out, src);
            }
        } else if p.exists() {
            push(&mut out, Source::File(p.clone()));
        } else {
            push(
                &mut out,
                Source::Missing(p.clone(), "no such file or directory".into()),
            );
        }
    }
    Ok((out, warnings))
}

/// The cards under a folder, sorted, and the folders that could not be read (each an
/// unreadable "card" that names the folder, so nothing vanishes silently).
///
/// What is skipped, and only this: files a `.gitignore` excludes (as git does, also outside a
/// repository) and the `.git` folder. `.ignore` files (ripgrep's), global git excludes and
/// hidden folders do not hide cards.
fn walk(dir: &Path, include: &globset::GlobSet) -> (Vec<PathBuf>, Vec<Source>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .hidden(false)
        .ignore(false)
        .git_global(false)
        .git_exclude(false)
        .parents(true)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                if e.file_type().is_some_and(|t| t.is_file()) && include.is_match(e.file_name()) {
                    found.push(e.into_path());
                }
            }
            Err(err) => {
                let path = walk_error_path(&err).unwrap_or_else(|| dir.to_path_buf());
                errors.push(Source::Missing(
                    path,
                    format!("cannot read the folder: {}", io_message(&err)),
                ));
            }
        }
    }
    found.sort();
    (found, errors)
}

fn walk_error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        _ => None,
    }
}

fn io_message(err: &ignore::Error) -> String {
    match err.io_error() {
        Some(e) => e.to_string(),
        None => err.to_string(),
    }
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
        let line = b[..at].iter().filter(|&&c| c == b'\n').count() + 1;
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
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    abs.parent().is_some_and(|d| d.join(".git").exists())
}
