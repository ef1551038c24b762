//! Turning paths into card texts: directory walking (respecting `.gitignore`), standard input,
//! and decoding, where every failure becomes a diagnostic on the card instead of an abort.

use std::path::PathBuf;

mod walk;

pub use crate::reader::{
    blocked_or, decode, is_model_card, read_file, read_file_of, read_regular, MAX_BYTES,
};
use walk::{normal, walk};

/// What to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Stdin {
        name: String,
    },
    /// A path that does not exist or cannot be listed: reported as an unreadable card.
    Missing(PathBuf, String),
    /// `hf://ORG/NAME[@REVISION]`: the card on the Hugging Face Hub.
    Hub(crate::hub::ModelId),
}

impl Source {
    /// The name reports show: the path as given, `hf://ORG/NAME`, or standard input's name.
    pub fn name(&self) -> String {
        match self {
            Source::File(p) | Source::Missing(p, _) => p.display().to_string(),
            Source::Stdin { name } => name.clone(),
            Source::Hub(m) => format!("{HUB_SCHEME}{m}"),
        }
    }
}

/// The scheme of a card on the Hub.
pub const HUB_SCHEME: &str = crate::hub::SCHEME;

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
    let mut hub_seen = std::collections::HashSet::new();
    for p in paths {
        if let Some(rest) = p.to_str().and_then(|s| s.strip_prefix(HUB_SCHEME)) {
            match crate::hub::ModelId::parse(rest) {
                Ok(m) if hub_seen.insert(m.clone()) => out.push((Source::Hub(m), None)),
                Ok(_) => {}
                Err(e) => push(&mut out, Source::Missing(p.clone(), e), None),
            }
        } else if p.as_os_str() == "-" {
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
    /// CodeCarbon's `emissions.csv` is there.
    pub codecarbon: bool,
}

/// Where a walked card's folder facts come from.
pub type DirRef = std::sync::Arc<Dir>;

/// A source to lint, with its folder's facts where the walk found it.
pub type Planned = (Source, Option<DirRef>);

pub use crate::util::absolute;
