//! Writing a card back safely: refuse read-only files and symlinks that lead outside the
//! repository, write a temporary file in the same folder, keep the permissions, then rename, so
//! a card is never half-written whatever happens to the process.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The repository a card belongs to: the closest folder above it with `.git`, else the
/// current folder.
fn repository_root(path: &Path) -> PathBuf {
    let abs = fs::canonicalize(path.parent().unwrap_or(Path::new(".")))
        .unwrap_or_else(|_| PathBuf::from("."));
    abs.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| fs::canonicalize(".").unwrap_or_else(|_| PathBuf::from(".")))
}

/// Replaces the file at `path` with `bytes` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let shown = path.display();
    let link = fs::symlink_metadata(path).map_err(|e| format!("cannot write {shown}: {e}"))?;
    let target = if link.file_type().is_symlink() {
        let target = fs::canonicalize(path).map_err(|e| format!("cannot write {shown}: {e}"))?;
        let root = repository_root(path);
        if !target.starts_with(&root) {
            return Err(format!(
                "refusing to write {shown}: it is a symlink to {}, outside the repository {}",
                target.display(),
                root.display()
            ));
        }
        target
    } else {
        path.to_path_buf()
    };
    let meta = fs::metadata(&target).map_err(|e| format!("cannot write {shown}: {e}"))?;
    if meta.permissions().readonly() {
        return Err(format!("refusing to write {shown}: the file is read-only"));
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
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
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write {shown}: {e}"))?;
    fs::set_permissions(tmp.path(), meta.permissions())
        .map_err(|e| format!("cannot write {shown}: {e}"))?;
    tmp.persist(&target)
        .map_err(|e| format!("cannot write {shown}: {}", e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_permissions_and_refuses_read_only_files() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("README.md");
        fs::write(&p, "old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
        let e = write_atomic(&p, b"x").unwrap_err();
        assert!(e.contains("read-only"), "{e}");
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        // No temporary files are left behind.
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_symlinks_out_of_the_repository() {
        let outside = tempfile::tempdir().unwrap();
        let repo = tempfile::tempdir().unwrap();
        fs::create_dir(repo.path().join(".git")).unwrap();
        let secret = outside.path().join("secret.md");
        fs::write(&secret, "keep").unwrap();
        let link = repo.path().join("README.md");
        std::os::unix::fs::symlink(&secret, &link).unwrap();
        let e = write_atomic(&link, b"x").unwrap_err();
        assert!(e.contains("outside the repository"), "{e}");
        assert_eq!(fs::read_to_string(&secret).unwrap(), "keep");
        // A link inside the repository is followed, and stays a link.
        let inner = repo.path().join("card.md");
        fs::write(&inner, "a").unwrap();
        let link2 = repo.path().join("LINK.md");
        std::os::unix::fs::symlink(&inner, &link2).unwrap();
        write_atomic(&link2, b"b").unwrap();
        assert_eq!(fs::read_to_string(&inner).unwrap(), "b");
        assert!(fs::symlink_metadata(&link2)
            .unwrap()
            .file_type()
            .is_symlink());
    }
}
