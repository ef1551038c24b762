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
    let pins = |text: &str, pinned: &str| -> Vec<String> {
        text.match_indices(pinned)
            .map(|(i, _)| {
                text[i + pinned.len()..]
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
                    .next()
                    .unwrap()
                    .to_string()
            })
            // Pins, not prose about them (`rev: v…`).
            .filter(|u| u.starts_with(|c: char| c.is_ascii_digit()))
            .collect()
    };
    // The Action is pinned by commit SHA, its version in the comment (`@<sha> # vX`).
    let workflow = read("examples/workflows/cardlint.yml");
    for (pinned, text) in [
        ("rev: v", readme.as_str()),
        (
            "cardlint/cardlint@0000000000000000000000000000000000000000 # v",
            readme.as_str(),
        ),
        (
            "cardlint/cardlint@0000000000000000000000000000000000000000 # v",
            workflow.as_str(),
        ),
    ] {
        let uses = pins(text, pinned);
        assert!(!uses.is_empty(), "no `{pinned}`");
        assert!(
            uses.iter().all(|u| *u == v),
            "`{pinned}…`: {uses:?}, Cargo.toml: {v}"
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

/// The workflows users copy (examples/workflows/ and the README's `yaml` snippets) pass the
/// project's own zizmor gate: every action pinned by a full commit SHA with its version in a
/// comment, and every checkout without persisted credentials. (CI also runs actionlint and
/// zizmor on them: .ci/readme-workflows.py.)
#[test]
fn the_workflows_users_copy_pin_actions_by_sha_and_keep_no_credentials() {
    let readme = read("README.md");
    let mut texts = vec![(
        "examples/workflows/cardlint.yml".to_string(),
        read("examples/workflows/cardlint.yml"),
    )];
    let mut rest = readme.as_str();
    while let Some(i) = rest.find("```yaml\n") {
        let body = &rest[i + 8..];
        let end = body.find("\n```").unwrap();
        texts.push(("README.md".into(), body[..end].to_string()));
        rest = &body[end..];
    }
    let mut uses = 0;
    for (file, text) in &texts {
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            let Some(spec) = line
                .trim_start()
                .trim_start_matches("- ")
                .strip_prefix("uses:")
            else {
                continue;
            };
            uses += 1;
            let (action, comment) = spec.split_once('#').unwrap_or((spec, ""));
            let sha = action.trim().rsplit_once('@').map_or("", |(_, r)| r);
            assert!(
                sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
                "{file}: `{}` is not pinned by a commit SHA",
                line.trim()
            );
            assert!(
                comment.trim().starts_with('v'),
                "{file}: `{}` names no version in a comment",
                line.trim()
            );
            if action.contains("actions/checkout@") {
                let step: Vec<&&str> = lines[n + 1..]
                    .iter()
                    .take_while(|l| !l.trim_start().starts_with("- "))
                    .collect();
                assert!(
                    step.iter()
                        .any(|l| l.trim().starts_with("persist-credentials: false")),
                    "{file}: a checkout keeps its credentials"
                );
            }
        }
    }
    assert!(uses >= 4, "{uses} uses: found");
}
