//! Facts from the model repository beside the card: the model size from its weight files,
//! reading Git LFS pointers where the weights are not pulled (the usual state in CI).

#[cfg(feature = "native")]
use std::fs;
#[cfg(feature = "native")]
use std::path::Path;

#[cfg(feature = "native")]
use crate::class::efficiency::{Fact, Provenance};

/// `size N` of a Git LFS pointer file, or `None` if the text is not a pointer.
pub fn lfs_pointer_size(text: &str) -> Option<u64> {
    if !text.starts_with("version https://git-lfs.github.com/spec/") {
        return None;
    }
    text.lines()
        .find_map(|l| l.strip_prefix("size "))
        .and_then(|n| n.trim().parse().ok())
}

/// The size of one weight file: its LFS pointer's `size`, else its length on disk.
#[cfg(feature = "native")]
fn file_size(path: &Path) -> Option<u64> {
    let meta = fs::metadata(path).ok()?;
    if meta.len() < 1024 {
        // Read as cards are: a weight file symlinked to /proc/kmsg cannot hang the run.
        if let Some(n) = crate::reader::read_regular(path, 1024)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .as_deref()
            .and_then(lfs_pointer_size)
        {
            return Some(n);
        }
    }
    Some(meta.len())
}

/// The model size in bytes and the files counted: `pytorch_model.bin` as the study used, else
/// the `*.safetensors` files, else sharded `pytorch_model-*.bin` files.
#[cfg(feature = "native")]
pub fn model_size(dir: &Path) -> Option<Fact> {
    let names: Vec<String> = fs::read_dir(dir)
        .ok()?
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".bin") || n.ends_with(".safetensors"))
        .collect();
    model_size_of(dir, names)
}

/// The weight files that give the model size, by the study's rule: `pytorch_model.bin` as the
/// study used, else the `*.safetensors` files, else the sharded `pytorch_model-*.bin` files.
/// The same rule reads a local checkout and the Hub's file list.
pub fn choose_weights<S: AsRef<str>>(names: &[S]) -> Vec<&str> {
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    if names.contains(&"pytorch_model.bin") {
        return vec!["pytorch_model.bin"];
    }
    let safetensors: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| n.ends_with(".safetensors"))
        .collect();
    if !safetensors.is_empty() {
        return safetensors;
    }
    names
        .into_iter()
        .filter(|n| n.starts_with("pytorch_model-") && n.ends_with(".bin"))
        .collect()
}

/// [`model_size`] from a listing already made (the names of the folder's regular files that
/// end in `.bin` or `.safetensors`): no system call when there are no weights.
#[cfg(feature = "native")]
pub fn model_size_of(dir: &Path, mut names: Vec<String>) -> Option<Fact> {
    names.sort();
    let chosen = choose_weights(&names);
    if chosen.is_empty() {
        return None;
    }
    let sizes: Vec<u64> = chosen
        .iter()
        .filter_map(|n| file_size(&dir.join(n)))
        .collect();
    if sizes.is_empty() {
        return None;
    }
    Some(Fact {
        files: chosen.into_iter().map(str::to_string).collect(),
        ..Fact::new(sizes.iter().sum::<u64>() as f64, Provenance::Repository)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pointer_sizes_and_prefers_pytorch_model_bin() {
        let d = tempfile::tempdir().unwrap();
        let ptr = "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 1234567\n";
        fs::write(d.path().join("model-00001-of-00002.safetensors"), ptr).unwrap();
        fs::write(
            d.path().join("model-00002-of-00002.safetensors"),
            vec![0u8; 2000],
        )
        .unwrap();
        let f = model_size(d.path()).unwrap();
        assert_eq!(f.value, 1_236_567.0);
        assert_eq!(f.files.len(), 2);
        fs::write(
            d.path().join("pytorch_model.bin"),
            ptr.replace("1234567", "99"),
        )
        .unwrap();
        let f = model_size(d.path()).unwrap();
        assert_eq!((f.value, f.files), (99.0, vec!["pytorch_model.bin".into()]));
    }
}
