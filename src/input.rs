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
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Source::Stdin {
                name: stdin_name.unwrap_or("-").to_string(),
            });
        } else if p.is_dir() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) {
            // `foo/README.md` that is a directory: a card path gone wrong, not a tree to walk.
            out.push(Source::Missing(
                p.clone(),
                "the path is a directory, not a card".into(),
            ));
        } else if p.is_dir() {
            let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(p)
                .require_git(false)
                .build()
                .filter_map(|e| e.ok())
                .filter(|e| {
                    e.file_type().is_some_and(|t| t.is_file()) && include.is_match(e.file_name())
                })
                .map(|e| e.into_path())
                .collect();
            found.sort();
            if found.is_empty() {
                warnings.push(format!(
                    "no model card (README.md or --include) found under {}",
                    p.display()
                ));
            }
            out.extend(found.into_iter().map(Source::File));
        } else if p.exists() {
            out.push(Source::File(p.clone()));
        } else {
            out.push(Source::Missing(
                p.clone(),
                "no such file or directory".into(),
            ));
        }
    }
    Ok((out, warnings))
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
    if meta.len() > max {
        return Err((
            format!(
                "the card is {} bytes, over the limit of {max} bytes",
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
