//! Reading one card: size limits, regular files only, and decoding (UTF-8, a BOM, UTF-16
//! refused with a reason); every failure is a reason and a help text for an
//! `unreadable-card` finding, never an abort.

use std::io::Read;
use std::path::Path;

use super::absolute;

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
