//! Writing files safely (`--fix`, `fill`, `label -o`): only inside the repository, never
//! through a symlink, through a temporary file in the same folder that is renamed over the
//! target, so a card is never half-written whatever happens to the process. The file's mode is
//! kept, and its owner and group where the process may set them. A rename makes a new file:
//! other hard links to the old one keep the old text.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder writes must stay in: the repository around the current folder (the closest
/// folder above it with `.git`), else the current folder itself; with symlinks resolved.
/// Found once per process: `--fix` over many cards does not search for it per card.
pub fn write_root() -> Result<PathBuf, String> {
    static ROOT: std::sync::OnceLock<Result<PathBuf, String>> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let cwd =
            fs::canonicalize(".").map_err(|e| format!("cannot resolve the current folder: {e}"))?;
        Ok(cwd
            .ancestors()
            .find(|d| d.join(".git").exists())
            .map_or_else(|| cwd.clone(), Path::to_path_buf))
    })
    .clone()
}

/// Where a write to `path` really lands, checked: its folder resolved (a symlinked folder
/// counts where it leads), inside the repository, and the file itself not a symlink.
fn checked_target(path: &Path) -> Result<PathBuf, String> {
    let shown = path.display();
    let name = path
        .file_name()
        .ok_or_else(|| format!("cannot write {shown}: it names no file"))?;
    let parent = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir = fs::canonicalize(parent).map_err(|e| format!("cannot write {shown}: {e}"))?;
    let root = write_root()?;
    if !dir.starts_with(&root) {
        return Err(format!(
            "refusing to write {shown}: it is in {}, outside the repository {} (run cardlint from inside the repository the file belongs to)",
            dir.display(),
            root.display()
        ));
    }
    let target = dir.join(name);
    if let Ok(m) = fs::symlink_metadata(&target) {
        if m.file_type().is_symlink() {
            return Err(format!(
                "refusing to write {shown}: it is a symbolic link (cardlint never writes through one)"
            ));
        }
        if !m.is_file() {
            return Err(format!(
                "refusing to write {shown}: it is not a regular file"
            ));
        }
    }
    Ok(target)
}

/// Replaces (or creates) the file at `path` with `bytes` atomically, inside the repository.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let shown = path.display();
    let target = checked_target(path)?;
    let meta = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot write {shown}: {e}")),
    };
    if meta.as_ref().is_some_and(|m| m.permissions().readonly()) {
        return Err(format!("refusing to write {shown}: the file is read-only"));
    }
    let dir = target.parent().expect("a resolved folder");
    let mut tmp = tempfile::Builder::new()
        .prefix(".cardlint-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| {
            format!(
                "cannot write {shown}: cannot create a temporary file in {}: {e}",
                dir.display()
            )
        })?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write {shown}: {e}"))?;
    match &meta {
        Some(m) => {
            fs::set_permissions(tmp.path(), m.permissions())
                .map_err(|e| format!("cannot write {shown}: {e}"))?;
            keep_owner(tmp.as_file(), m);
        }
        None => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644))
                    .map_err(|e| format!("cannot write {shown}: {e}"))?;
            }
        }
    }
    tmp.persist(&target)
        .map_err(|e| format!("cannot write {shown}: {}", e.error))?;
    Ok(())
}

/// The new file gets the old one's owner and group where the process may set them (as root,
/// always); otherwise it stays the writer's.
#[cfg(unix)]
fn keep_owner(f: &fs::File, m: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::fchown(f, Some(m.uid()), Some(m.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &fs::File, _: &fs::Metadata) {}
