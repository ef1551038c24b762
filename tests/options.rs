//! Options and inputs as a new user meets them: numeric flags validated, standard input by
//! `--stdin-filename` alone, flags that do nothing said so, the same card linted once, zero
//! cards an error, non-regular files refused, whole-card findings without a position, and no
//! card text printed raw.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{bin, dir_with, json, run};

const CARD: &str = "---\nlicense: mit\nco2_eq_emissions:\n  emissions: 25.4\n---\n# m\n";

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn numeric_flags_are_validated() {
    let d = dir_with(&[("README.md", CARD)]);
    for args in [
        &["--performance-score", "5"][..],
        &["--performance-score=-3"],
        &["--performance-score", "nan"],
        &["--model-size", "nan"],
        &["--model-size=-1"],
        &["--datasets-size", "1.5"],
        &["--downloads", "1.5"],
        &["--repo-dir", "no-such-folder"],
    ] {
        let mut a = args.to_vec();
        a.extend(["--isolated", "README.md"]);
        let o = run(&a, d.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(args[0].split('=').next().unwrap()),
            "{args:?}"
        );
    }
    let o = run(
        &[
            "--isolated",
            "--format",
            "json",
            "--downloads",
            "1_000",
            "--model-size",
            "1e9",
            "--performance-score",
            "0.9",
            "README.md",
        ],
        d.path(),
    );
    assert_eq!(json(&o)["cards"][0]["efficiency"]["metrics_used"], 4);
}

#[test]
fn stdin_filename_alone_reads_standard_input() {
    let d = dir_with(&[("other/README.md", "# no front matter\n")]);
    let mut child = bin()
        .args([
            "--isolated",
            "--format",
            "json",
            "--stdin-filename",
            "x/README.md",
        ])
        .current_dir(d.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(CARD.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let v = json(&o);
    assert_eq!(v["cards"].as_array().unwrap().len(), 1);
    assert_eq!(v["cards"][0]["path"], "x/README.md");
}

#[test]
fn flags_that_do_nothing_or_clash_say_so() {
    let d = dir_with(&[("README.md", CARD)]);
    let o = run(&["--isolated", "--unsafe-fixes", "README.md"], d.path());
    assert!(
        stderr(&o).contains("--unsafe-fixes does nothing"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &["--isolated", "--diff", "--format", "json", "README.md"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let o = bin()
        .args(["--isolated", "README.md"])
        .env("CARDLINT_OUTPUT_FORMAT", "xml")
        .current_dir(d.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("CARDLINT_OUTPUT_FORMAT"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_same_card_is_linted_once_and_zero_cards_is_an_error() {
    let d = dir_with(&[("m/README.md", CARD), ("empty/notes.txt", "x")]);
    let o = run(
        &[
            "--isolated",
            "--format",
            "json",
            "m/README.md",
            "./m/README.md",
            "m",
        ],
        d.path(),
    );
    assert_eq!(json(&o)["cards"].as_array().unwrap().len(), 1);
    let o = run(&["--isolated", "empty"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no model card found in empty"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn hidden_folders_and_ignore_files_do_not_hide_cards_gitignore_does() {
    let d = dir_with(&[
        (".hidden/README.md", CARD),
        ("a/README.md", CARD),
        ("b/README.md", CARD),
        (".ignore", "a/\n"),
        (".gitignore", "b/\n"),
    ]);
    let o = run(&["--isolated", "--format", "json", "."], d.path());
    let v = json(&o);
    let paths: Vec<&str> = v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./.hidden/README.md", "./a/README.md"]);
    assert_eq!(v["summary"]["cards"], 2);
}

#[cfg(unix)]
#[test]
fn non_regular_files_and_unreadable_folders_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir_with(&[("locked/README.md", CARD), ("ok/README.md", CARD)]);
    let fifo = d.path().join("fifo.md");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let o = run(&["--isolated", "--format", "json", "fifo.md"], d.path());
    let v = json(&o);
    assert_eq!(v["cards"][0]["diagnostics"][0]["code"], "CL901");
    let locked = d.path().join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&locked).is_ok(); // root reads it anyway
    let o = run(&["--isolated", "--format", "json", "."], d.path());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if !readable {
        let v = json(&o);
        let locked_card = v["cards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["path"].as_str().unwrap().contains("locked"))
            .unwrap();
        assert_eq!(locked_card["diagnostics"][0]["code"], "CL901");
        assert_eq!(o.status.code(), Some(1));
    }
}

#[test]
fn whole_card_findings_have_no_position_in_json() {
    let d = dir_with(&[("README.md", "---\nlicense: mit\n---\n# m\n")]);
    let o = run(
        &[
            "--isolated",
            "--format",
            "json",
            "--min-reporting-class",
            "basic",
            "README.md",
        ],
        d.path(),
    );
    let v = json(&o);
    for diag in v["cards"][0]["diagnostics"].as_array().unwrap() {
        if ["CL101", "CL401", "CL402", "CL403"].contains(&diag["code"].as_str().unwrap()) {
            assert!(
                diag["line"].is_null() && diag["column"].is_null() && diag["offset"].is_null(),
                "{diag}"
            );
        }
    }
}

#[test]
fn no_card_text_reaches_the_output_raw() {
    let evil = "---\nlicense: mit\n\"evil\\n::error title=x::forged\\e[31m\": 1\nco2_eq_emissions:\n  emissions: 25.4\n  source: \"\\e]8;;http://x\\a\"\n  colour: \"\\e[2J\"\n---\n# m\n";
    let d = dir_with(&[("README.md", evil)]);
    for format in ["pretty", "concise", "github", "json", "sarif", "markdown"] {
        let o = run(
            &["--isolated", "--format", format, "--exit-zero", "README.md"],
            d.path(),
        );
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{7}'),
            "{format}: {out}"
        );
        assert!(
            !out.lines().any(|l| l.starts_with("::error title=x")),
            "{format} forged a workflow command: {out}"
        );
    }
}

/// `--model-cards-only` (the pre-commit hook's mode): a README.md without front matter below the
/// root is skipped and counted; the root README (beside `.git`) and cards with front matter
/// (after blank lines too) are linted; the JSON stays valid when the first file is skipped.
#[test]
fn model_cards_only_skips_plain_readmes_and_counts_them() {
    let d = dir_with(&[
        ("docs/README.md", "# Documentation\n"),
        ("README.md", "# The root card, without front matter\n"),
        ("models/a/README.md", CARD),
        ("models/b/README.md", "\n\n---\nlicense: mit\n---\n"),
    ]);
    std::fs::create_dir(d.path().join(".git")).unwrap();
    let o = run(
        &[
            "--isolated",
            "--model-cards-only",
            "--format",
            "json",
            "docs/README.md",
            "README.md",
            "models/a/README.md",
            "models/b/README.md",
        ],
        d.path(),
    );
    let v = json(&o);
    let paths: Vec<&str> = v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["README.md", "models/a/README.md", "models/b/README.md"]
    );
    assert_eq!(
        (
            v["summary"]["cards"].as_u64(),
            v["summary"]["skipped"].as_u64()
        ),
        (Some(3), Some(1))
    );
    // Only plain files: nothing linted, nothing failed, and the footer says why.
    let o = run(
        &["--isolated", "--model-cards-only", "docs/README.md"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains("in 0 cards (1 file skipped: not a model card)"));
    // Without the flag the plain README is a finding (CL001).
    let o = run(&["--isolated", "docs/README.md"], d.path());
    assert_eq!(o.status.code(), Some(1));
}

/// A per-file-ignores glob with 150 nested braces is a config error naming the file, line and
/// column (globset would panic); a `pyproject.toml` that mentions `[tool.cardlint` only in a
/// comment is not a config, so the real config further up wins.
#[test]
fn config_globs_and_discovery_are_safe() {
    let deep = format!("{}b{}", "{a,".repeat(150), "}".repeat(150));
    let d = dir_with(&[
        (
            "cardlint.toml",
            &format!("[per-file-ignores]\n\"{deep}\" = [\"CL101\"]\n"),
        ),
        ("m/README.md", "---\nlicense: mit\n---\n"),
    ]);
    let o = run(&["m/README.md"], d.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cardlint.toml:2:1") && stderr(&o).contains("nested 150 deep"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("panicked"));

    let d = dir_with(&[
        ("cardlint.toml", "ignore = [\"CL101\"]\n"),
        (
            "sub/pyproject.toml",
            "# [tool.cardlint] is configured one folder up\n[project]\nname = \"x\"\n",
        ),
        ("sub/m/README.md", "---\nlicense: mit\n---\n"),
    ]);
    let v = json(&run(&["--format", "json", "sub/m/README.md"], d.path()));
    assert!(
        !common::codes(&v, 0).contains(&"CL101".to_string()),
        "the real config applies"
    );
}

/// The walk lists each folder once and plans its cards from that listing (issue #15): a card
/// reached by walking gets the same config and findings as the same card named explicitly,
/// nested `.gitignore` files apply, and a broken `pyproject.toml` naming cardlint is an error.
#[test]
fn walked_cards_are_planned_as_named_cards() {
    let card = "---\nlicense: mit\nco2_eq_emissions: \"1.5 kg\"\n---\n# m\n";
    let d = dir_with(&[
        ("cardlint.toml", "ignore = [\"CL403\"]\n"),
        (".gitignore", "skipped/\n"),
        ("a/README.md", card),
        ("b/cardlint.toml", "ignore = [\"CL102\", \"CL403\"]\n"),
        ("b/deep/README.md", card),
        (
            "c/pyproject.toml",
            "[tool.cardlint]\nignore = [\"CL201\"]\n",
        ),
        ("c/README.md", card),
        ("d/.gitignore", "README.md\n"),
        ("d/README.md", card),
        ("skipped/README.md", card),
    ]);
    let walked = json(&run(&["--format", "json", "--exit-zero", "."], d.path()));
    let paths: Vec<String> = walked["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        paths,
        ["./a/README.md", "./b/deep/README.md", "./c/README.md"]
    );
    for (i, p) in paths.iter().enumerate() {
        let named = json(&run(&["--format", "json", "--exit-zero", p], d.path()));
        assert_eq!(common::codes(&walked, i), common::codes(&named, 0), "{p}");
    }
    assert!(!common::codes(&walked, 1).contains(&"CL102".to_string()));
    assert!(!common::codes(&walked, 2).contains(&"CL201".to_string()));
    assert!(
        common::codes(&walked, 2).contains(&"CL403".to_string()),
        "c/ has its own config"
    );
    std::fs::write(d.path().join("c/pyproject.toml"), "[tool.cardlint\n").unwrap();
    let o = run(&["."], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pyproject.toml"), "{}", stderr(&o));
}

/// An error quoting a config value prints it escaped: a glob holding ESC cannot recolour the
/// terminal or the CI log.
#[test]
fn config_errors_print_values_escaped() {
    let d = dir_with(&[
        (
            "cardlint.toml",
            "[per-file-ignores]\n\"\\u001b[31m[x\" = [\"CL101\"]\n",
        ),
        ("m/README.md", CARD),
    ]);
    let o = run(&["m/README.md"], d.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains('\u{1b}'), "{:?}", stderr(&o));
    assert!(stderr(&o).contains("\\u{1b}"), "{}", stderr(&o));
}
