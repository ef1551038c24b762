//! CodeCarbon's `emissions.csv` beside a card (transformers' Trainer and CodeCarbon itself leave
//! it in the output folder, next to the card): read at the edge, once a folder, so that the
//! rules can suggest what it measured and the exact `cardlint fill` command.

use std::path::Path;

pub use crate::class::efficiency::{Beside, CSV_NAME};

/// The `emissions.csv` in `dir`, if there is one: what it measured (nothing where it does not
/// read as a CodeCarbon file: the command is still worth suggesting, and `fill` names the
/// problem).
#[cfg(feature = "native")]
pub fn beside(dir: &Path) -> Option<Beside> {
    let path = dir.join(CSV_NAME);
    // A regular file only: a symlink could lead out of the repository, and what the CSV says
    // reaches the report (a pull request's comment).
    if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file()) {
        return None;
    }
    let m = crate::reader::read_file_of(&path, super::MAX_CSV_BYTES, "CSV")
        .and_then(crate::reader::decode)
        .map_err(|(why, _)| why)
        .and_then(|t| super::read_csv(&t))
        .and_then(|csv| super::measurement(&csv, None, false));
    Some(match m {
        Ok(m) => Beside {
            hardware: m.hardware,
            location: m.location,
        },
        Err(_) => Beside::default(),
    })
}

/// `cardlint fill CARD --codecarbon CSV` for the card at `card` (as the report names it), with
/// the CSV beside it when `beside`, else the name to substitute. Paths are shell-quoted.
pub fn command(card: &str, beside: bool) -> String {
    let usable = !card.is_empty() && card != "-" && !card.contains("://");
    let card = if usable { card } else { "README.md" };
    // Built by hand: this help is written for most cards of a corpus.
    let dir = Path::new(card)
        .parent()
        .filter(|p| beside && !p.as_os_str().is_empty());
    let csv = match dir {
        Some(p) => std::borrow::Cow::Owned(format!("{}/{CSV_NAME}", p.display())),
        None => std::borrow::Cow::Borrowed(CSV_NAME),
    };
    let mut out = String::with_capacity(48 + card.len() + csv.len());
    out.push_str("cardlint fill ");
    out.push_str(&shell_quote(card));
    out.push_str(" --codecarbon ");
    out.push_str(&shell_quote(&csv));
    out
}

/// A path as a POSIX shell reads it back: as is where it is plain, else in single quotes.
fn shell_quote(s: &str) -> std::borrow::Cow<'_, str> {
    let plain = !s.starts_with('-')
        && s.bytes().all(|b| {
            matches!(b, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'.' | b'/' | b'@' | b'%' | b'+' | b'=' | b':' | b',' | b'-')
        });
    if plain {
        std::borrow::Cow::Borrowed(s)
    } else if s.starts_with('-') {
        std::borrow::Cow::Owned(shell_quote(&format!("./{s}")).into_owned())
    } else {
        std::borrow::Cow::Owned(format!("'{}'", s.replace('\'', "'\\''")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn only_a_regular_file_beside_the_card_is_read() {
        let d = tempfile::tempdir().unwrap();
        assert_eq!(beside(d.path()), None);
        let outside = tempfile::tempdir().unwrap();
        let csv = outside.path().join("secret.csv");
        std::fs::write(&csv, super::super::codecarbon::SAMPLE_CSV).unwrap();
        std::os::unix::fs::symlink(&csv, d.path().join(CSV_NAME)).unwrap();
        assert_eq!(beside(d.path()), None, "a symlink is not followed");
        std::fs::remove_file(d.path().join(CSV_NAME)).unwrap();
        std::fs::copy(&csv, d.path().join(CSV_NAME)).unwrap();
        let b = beside(d.path()).unwrap();
        assert_eq!(b.location.as_deref(), Some("Quebec, Canada"));
        std::fs::write(d.path().join(CSV_NAME), "not,a\ncodecarbon,file\n").unwrap();
        assert_eq!(beside(d.path()), Some(Beside::default()));
    }

    #[test]
    fn the_command_names_the_card_and_its_csv_quoted() {
        assert_eq!(
            command("models/m/README.md", true),
            "cardlint fill models/m/README.md --codecarbon models/m/emissions.csv"
        );
        assert_eq!(
            command("README.md", true),
            "cardlint fill README.md --codecarbon emissions.csv"
        );
        assert_eq!(
            command("a b/it's $(x)/README.md", false),
            "cardlint fill 'a b/it'\\''s $(x)/README.md' --codecarbon emissions.csv"
        );
        assert_eq!(
            command("-rf/README.md", true),
            "cardlint fill ./-rf/README.md --codecarbon ./-rf/emissions.csv"
        );
        assert_eq!(
            command("-", false),
            "cardlint fill README.md --codecarbon emissions.csv"
        );
    }
}
