//! The release checklist, checked: the version in `Cargo.toml` (which the wheel, the Action's
//! install and `cargo binstall` take) is the one the README's examples pin (`@vX`, `rev: vX`)
//! and the changelog's newest entry; the Action installs that version by default; the
//! pre-commit hook users are told to use builds with the locked dependencies.

use std::path::Path;

fn read(p: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(p)).unwrap()
}

#[test]
fn the_version_moves_together() {
    let v = env!("CARGO_PKG_VERSION");
    let readme = read("README.md");
    for pinned in ["cardlint/cardlint@v", "rev: v"] {
        let uses: Vec<&str> = readme
            .match_indices(pinned)
            .map(|(i, _)| {
                readme[i + pinned.len()..]
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
                    .next()
                    .unwrap()
            })
            // Pins, not prose about them (`rev: v…`).
            .filter(|u| u.starts_with(|c: char| c.is_ascii_digit()))
            .collect();
        assert!(!uses.is_empty(), "the README pins no `{pinned}`");
        assert!(
            uses.iter().all(|u| *u == v),
            "README `{pinned}…`: {uses:?}, Cargo.toml: {v}"
        );
    }
    let changelog = read("CHANGELOG.md");
    let newest = changelog
        .lines()
        .find(|l| l.starts_with("## "))
        .expect("a version heading");
    assert!(
        newest.starts_with(&format!("## {v} ")) || newest == format!("## {v}"),
        "{newest}"
    );
    // The wheel takes its version from Cargo.toml; the Action installs its own Cargo.toml's.
    let pyproject = read("pyproject.toml");
    assert!(pyproject.contains("dynamic = [\"version\"]") && !pyproject.contains("\nversion ="));
    assert!(read("action/install.sh").contains("\"$ACTION_PATH/Cargo.toml\""));
    assert!(
        pyproject.contains("locked = true"),
        "maturin builds with Cargo.lock"
    );
    let hooks = read(".pre-commit-hooks.yaml");
    assert!(hooks.contains("- id: cardlint\n") && hooks.contains("language: python"));
}
