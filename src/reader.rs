//! Reading one file a run reads (a card, a config file, a weight file's LFS pointer): size limits,
//! regular files only, never blocking, and decoding (UTF-8, a BOM, UTF-16
//! refused with a reason); every failure is a reason and a help text for an
//! `unreadable-card` finding, never an abort.

use std::io::{ErrorKind, Read};
use std::path::Path;
use std::time::Duration;

use crate::util::absolute;

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

/// How long reading one card may take: a kernel file that ignores `O_NONBLOCK` is given up on
/// after this (a card on disk reads in microseconds).
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Reads a file with the size limit, never blocking indefinitely: a FIFO, socket or device is
/// refused before it is opened; the file is opened non-blocking (a FIFO swapped in after the
/// check cannot block the open, a kernel file such as `/proc/kmsg` answers "would block"
/// instead of waiting) and checked again once open; a file with no blocks on disk (the kernel's
/// `/proc` and `/sys` files) is read on a helper thread for at most [`READ_TIMEOUT`].
pub fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, (String, &'static str)> {
    read_file_of(path, max, "card")
}

/// [`read_file`] for a file that is not a card: the errors name `what` it is ("CSV", "list
/// file"), not "the card".
pub fn read_file_of(path: &Path, max: u64, what: &str) -> Result<Vec<u8>, (String, &'static str)> {
    let meta = std::fs::metadata(path)
        .map_err(|e| (format!("cannot read the {what}: {e}"), "check the path"))?;
    if meta.is_dir() {
        let a = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        return Err((
            format!("the path is a directory, not {a} {what}"),
            "name a README.md file",
        ));
    }
    let not_regular = || {
        (
            "the path is not a regular file (a FIFO, socket or device)".to_string(),
            "name a README.md file",
        )
    };
    // A FIFO, socket or device would block or never end: only regular files are cards.
    if !meta.is_file() {
        return Err(not_regular());
    }
    let too_big = |len: u64| {
        (
            format!("the file is {len} bytes, over the limit of {max} bytes"),
            "raise it with --max-file-size if the card is real",
        )
    };
    if meta.len() > max {
        return Err(too_big(meta.len()));
    }
    read_regular(path, max).map_err(|e| match e.kind() {
        ErrorKind::InvalidInput => not_regular(),
        ErrorKind::FileTooLarge => too_big(std::fs::metadata(path).map_or(max + 1, |m| m.len())),
        _ => (
            format!("cannot read the {what}: {}", blocked_or(&e)),
            "check the path and its permissions",
        ),
    })
}

/// Why a read failed, in words: "blocks" for a kernel file that would block or did not answer.
pub fn blocked_or(e: &std::io::Error) -> String {
    match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => {
            "the file blocks when read (a kernel or device file, such as /proc/kmsg)".to_string()
        }
        _ => e.to_string(),
    }
}

/// Reads a file that must be regular, of at most `max` bytes, never blocking indefinitely
/// (any file a pull request controls: a card, a config file, a weight file's LFS pointer).
/// Errors: `InvalidInput` when what was opened is not a regular file, `FileTooLarge` over
/// `max`, `WouldBlock` or `TimedOut` for a kernel file that blocks.
pub fn read_regular(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            ErrorKind::InvalidInput,
            "not a regular file (a FIFO, socket or device)",
        ));
    }
    if meta.len() > max {
        return Err(std::io::Error::new(
            ErrorKind::FileTooLarge,
            format!("{} bytes, over the limit of {max} bytes", meta.len()),
        ));
    }
    if is_pseudo_file(&meta) {
        read_within(file, max, READ_TIMEOUT)
    } else {
        read_bounded(file, max, meta.len())
    }
}

/// Opens a file for reading without blocking on the open, nor later reads where the file
/// honours it.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    o.open(path)
}

/// Whether a regular file has no blocks on disk and so may be the kernel's (`/proc`, `/sys`),
/// whose reads can block; an empty file is cheap to read either way.
fn is_pseudo_file(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.blocks() == 0
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// At most `max + 1` bytes of `r` (one more than the limit, so that a file that grew is seen
/// as over it).
fn read_bounded(r: impl Read, max: u64, hint: u64) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(usize::try_from(hint.min(max)).unwrap_or(0));
    r.take(max + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

/// [`read_bounded`] on a helper thread, given up on after `limit` (the thread is left blocked
/// in the kernel; the run goes on). Where no thread can be started, read directly.
fn read_within<R: Read + Send + 'static>(
    r: R,
    max: u64,
    limit: Duration,
) -> std::io::Result<Vec<u8>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::sync::Arc::new(std::sync::Mutex::new(Some(r)));
    let theirs = reader.clone();
    let spawned = std::thread::Builder::new()
        .name("cardlint-read".into())
        .spawn(move || {
            let r = theirs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take();
            if let Some(r) = r {
                let _ = tx.send(read_bounded(r, max, 0));
            }
        });
    if spawned.is_err() {
        let r = reader
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(r) = r {
            return read_bounded(r, max, 0);
        }
    }
    rx.recv_timeout(limit).unwrap_or_else(|_| {
        Err(std::io::Error::new(
            ErrorKind::TimedOut,
            "the read did not finish in time",
        ))
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that blocks until its sender is dropped, like `/proc/kmsg` with no message.
    struct Blocking(std::sync::mpsc::Receiver<()>);
    impl Read for Blocking {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            let _ = self.0.recv();
            Ok(0)
        }
    }

    #[test]
    fn a_read_that_blocks_is_given_up_on_in_time() {
        let (tx, rx) = std::sync::mpsc::channel();
        let start = std::time::Instant::now();
        let e = read_within(Blocking(rx), 10, Duration::from_millis(200)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TimedOut);
        assert!(start.elapsed() < Duration::from_secs(5));
        drop(tx);
        let read = read_within(&b"abcdef"[..], 3, Duration::from_secs(5)).unwrap();
        assert_eq!(read, b"abcd");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn kernel_files_are_read_within_the_timeout_and_cards_on_disk_directly() {
        let d = tempfile::tempdir().unwrap();
        let card = d.path().join("README.md");
        std::fs::write(&card, "# card\n").unwrap();
        assert!(!is_pseudo_file(&std::fs::metadata(&card).unwrap()));
        assert_eq!(read_file(&card, 100).unwrap(), b"# card\n");
        // A /proc file: no blocks, read through the helper thread, still read whole.
        let proc = Path::new("/proc/self/stat");
        assert!(is_pseudo_file(&std::fs::metadata(proc).unwrap()));
        let pid = format!("{} (", std::process::id());
        assert!(read_file(proc, 1 << 20)
            .unwrap()
            .starts_with(pid.as_bytes()));
    }
}
