//! Issue 21: findings that read like ruff's. Fixes you can see (pretty and concise marks, the
//! fix counts, JSON's and SARIF's edits), the short pretty form, and the conveniences (`check`,
//! `-q`, `--statistics`, `--output-file`, `rules --format json`, `--files-from -`).

mod common;

use std::io::Write;
use std::process::Stdio;

use common::{bin, json, run, write};

/// A string with a unit (a safe fix) in a bare value (CL201's unsafe fix does not apply to a
/// string).
const SAFE: &str = "---\nco2_eq_emissions: \"0.319355 Kg\"\n---\n# my-model\n";
/// A bare number: only CL201's unsafe fix (the documented mapping) mends it.
const UNSAFE: &str = "---\nco2_eq_emissions: 7.3\n---\n# my-model\n";

fn out(o: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

#[test]
fn json_edits_applied_give_what_fix_writes() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "README.md", SAFE);
    let v = json(&run(
        &["--isolated", "--format", "json", "README.md"],
        d.path(),
    ));
    let diags = v["cards"][0]["diagnostics"].as_array().unwrap();
    let fixed: Vec<_> = diags.iter().filter(|d| d["fix"].is_object()).collect();
    assert_eq!(fixed.len(), 1, "{diags:?}");
    let f = &fixed[0]["fix"];
    assert_eq!(f["applicability"], "safe");
    let e = &f["edits"][0];
    let (at, len) = (
        e["offset"].as_u64().unwrap() as usize,
        e["length"].as_u64().unwrap() as usize,
    );
    let mut text = SAFE.to_string();
    text.replace_range(at..at + len, e["content"].as_str().unwrap());
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(2), Some(19))
    );
    run(&["--isolated", "--fix", "README.md"], d.path());
    assert_eq!(
        std::fs::read_to_string(d.path().join("README.md")).unwrap(),
        text
    );
}

#[test]
fn pretty_and_concise_mark_fixes_and_count_them() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a/README.md", SAFE);
    write(d.path(), "b/README.md", UNSAFE);
    let (pretty, _) = out(&run(&["--isolated", "--color", "never", "."], d.path()));
    assert!(pretty.contains("CL102 [*] "), "{pretty}");
    assert!(pretty.contains("CL201 [unsafe fix] "), "{pretty}");
    assert!(
        pretty.ends_with(
            "1 fixable with `--fix` (marked [*]).\n1 more with `--fix --unsafe-fixes` (marked [unsafe fix]).\n"
        ),
        "{pretty}"
    );
    let (concise, _) = out(&run(&["--isolated", "--format", "concise", "."], d.path()));
    assert!(
        concise.contains("b/README.md:2:1: warning CL201 [unsafe fix] "),
        "{concise}"
    );
    assert!(concise.contains(": error CL102 [*] "), "{concise}");
}

#[test]
fn fix_with_only_unsafe_fixes_says_so() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "README.md", UNSAFE);
    let (_, err) = out(&run(&["--isolated", "--fix", "README.md"], d.path()));
    assert!(err.contains("fixed 0 findings"), "{err}");
    assert!(
        err.contains("1 finding has only an unsafe fix; add --unsafe-fixes to apply it"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(d.path().join("README.md")).unwrap(),
        UNSAFE
    );
    let (_, err) = out(&run(
        &["--isolated", "--fix", "--unsafe-fixes", "README.md"],
        d.path(),
    ));
    assert!(!err.contains("unsafe fix;"), "{err}");
    assert_ne!(
        std::fs::read_to_string(d.path().join("README.md")).unwrap(),
        UNSAFE
    );
}

/// The short form: a help is printed once in the run, the card's header first, a blank line
/// between cards; `--verbose` prints every help on every card.
#[test]
fn helps_are_printed_once_and_cards_apart() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..3 {
        write(d.path(), &format!("c{i}/README.md"), UNSAFE);
    }
    let (short, _) = out(&run(&["--isolated", "--color", "never", "."], d.path()));
    assert_eq!(
        short.matches("help: write it as a mapping").count(),
        1,
        "{short}"
    );
    assert_eq!(
        short.matches("help (CL403): firm it up").count(),
        1,
        "{short}"
    );
    for i in 1..3 {
        assert!(
            short.contains(&format!("\n\n./c{i}/README.md: Basic Energy Reporting")),
            "{short}"
        );
    }
    let (long, _) = out(&run(
        &["--isolated", "--color", "never", "--verbose", "."],
        d.path(),
    ));
    assert_eq!(
        long.matches("help: write it as a mapping").count(),
        3,
        "{long}"
    );
    assert!(short.lines().count() < long.lines().count());
}

#[test]
fn repeated_findings_of_a_rule_are_grouped() {
    let d = tempfile::tempdir().unwrap();
    let mut card =
        String::from("---\nco2_eq_emissions: 7.3\nmodel-index:\n- name: m\n  results:\n");
    for _ in 0..4 {
        card.push_str("  - task:\n      type: t\n    dataset:\n      type: d\n    metrics:\n    - type: accuracy\n      value: 0.9\n");
    }
    card.push_str("---\n");
    write(d.path(), "README.md", &card);
    let (short, _) = out(&run(
        &["--isolated", "--color", "never", "README.md"],
        d.path(),
    ));
    assert_eq!(short.matches("CL301 ").count(), 2, "{short}");
    assert!(
        short.contains("… and 3 more CL301 invalid-model-index findings on this card (lines "),
        "{short}"
    );
    let (long, _) = out(&run(
        &["--isolated", "--color", "never", "--verbose", "README.md"],
        d.path(),
    ));
    assert_eq!(
        long.matches("CL301 invalid-model-index").count(),
        4,
        "{long}"
    );
}

#[test]
fn check_subcommand_quiet_statistics_and_output_file() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a/README.md", SAFE);
    write(d.path(), "b/README.md", UNSAFE);
    let plain = out(&run(&["--isolated", "--format", "concise", "."], d.path()));
    let sub = out(&run(
        &["check", "--isolated", "--format", "concise", "."],
        d.path(),
    ));
    assert_eq!(plain, sub);
    let (stats, _) = out(&run(&["--isolated", "--statistics", "."], d.path()));
    let first = stats.lines().next().unwrap();
    assert!(
        first.starts_with("2  CL201") || first.starts_with("2  CL403"),
        "{stats}"
    );
    assert!(
        stats.contains("CL102  [*] co2-emissions-not-a-number"),
        "{stats}"
    );
    assert!(!stats.contains('╭'), "{stats}");
    let (o, _) = out(&run(
        &[
            "--isolated",
            "--format",
            "json",
            "--output-file",
            "report.json",
            ".",
        ],
        d.path(),
    ));
    assert!(o.is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(v["summary"]["cards"], 2);
    let o = run(
        &["--isolated", "--statistics", "--format", "json", "."],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    let (q, qerr) = out(&run(
        &["--isolated", "-q", "--format", "concise", "--fix", "."],
        d.path(),
    ));
    assert!(!q.contains("Found") && !q.contains("fixable"), "{q}");
    assert!(q.contains("CL201"), "{q}");
    assert!(qerr.is_empty(), "{qerr}");
}

#[test]
fn rules_as_json() {
    let d = tempfile::tempdir().unwrap();
    let o = run(&["rules", "--format", "json"], d.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules = v.as_array().unwrap();
    assert_eq!(rules.len(), cardlint::rules::RULES.len());
    let cl102 = rules.iter().find(|r| r["code"] == "CL102").unwrap();
    assert_eq!(cl102["fixable"], true);
    assert_eq!(cl102["name"], "co2-emissions-not-a-number");
    let cl301 = rules.iter().find(|r| r["code"] == "CL301").unwrap();
    assert_eq!(cl301["severity"], "info");
}

#[test]
fn files_from_stdin_and_empty_lists() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a/README.md", SAFE);
    write(d.path(), "empty.txt", "");
    write(d.path(), "comments.txt", "# nothing\n\n");
    let mut c = bin()
        .args(["--isolated", "--format", "concise", "--files-from", "-"])
        .current_dir(d.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(b"a/README.md\n").unwrap();
    let (o, _) = out(&c.wait_with_output().unwrap());
    assert!(o.contains("\na/README.md:2:19: error CL102"), "{o}");
    for (file, why) in [
        ("empty.txt", "the list file is empty"),
        ("comments.txt", "the list file holds only comments"),
        (".", "the path is a directory, not a list file"),
        ("nothere.txt", "cannot read the list file"),
    ] {
        let o = run(&["--isolated", "--files-from", file], d.path());
        assert_eq!(o.status.code(), Some(2), "{file}");
        assert!(out(&o).1.contains(why), "{file}: {}", out(&o).1);
    }
}

#[test]
fn a_pipe_on_stdin_without_a_path_gets_a_note() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "README.md", SAFE);
    let c = bin()
        .args(["--isolated"])
        .current_dir(d.path())
        .env_remove("GITHUB_ACTIONS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (_, err) = out(&c.wait_with_output().unwrap());
    assert!(
        err.contains("standard input is a pipe, but no path was given"),
        "{err}"
    );
    let (_, err) = out(&run(&["--isolated"], d.path()));
    assert!(!err.contains("is a pipe"), "{err}");
}

#[test]
fn the_csv_is_named_when_it_cannot_be_read() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "README.md", SAFE);
    let o = run(
        &["fill", "README.md", "--codecarbon", "nothere.csv"],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(out(&o).1.contains("cannot read the CSV"), "{}", out(&o).1);
}

#[test]
fn label_of_a_folder_of_several_cards_is_an_error_escaped() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "m/a\u{1b}[31m/README.md", UNSAFE);
    write(d.path(), "m/b/README.md", UNSAFE);
    let o = run(&["label", "m", "-o", "x.svg"], d.path());
    assert_eq!(o.status.code(), Some(2));
    let (_, err) = out(&o);
    assert!(
        err.contains("m holds 2 cards; a label is drawn for one"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(!d.path().join("x.svg").exists());
    let o = run(&["label", "m/b", "-o", "x.svg"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", out(&o).1);
}

#[test]
fn stats_counts_unreadable_cards_apart_and_fails_when_none_reads() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a/README.md", UNSAFE);
    std::fs::create_dir_all(d.path().join("b/README.md")).unwrap();
    let o = run(&["stats", "a/README.md", "missing.md"], d.path());
    assert_eq!(o.status.code(), Some(0), "{}", out(&o).1);
    let (s, _) = out(&o);
    assert!(s.starts_with("2 cards ("), "{s}");
    assert!(
        s.contains(", 1 unreadable\n  1 card: cannot read the card"),
        "{s}"
    );
    // The unreadable card is in no table: one card has a form, and it is a number.
    assert!(s.contains("  number "), "{s}");
    let o = run(
        &["stats", "--format", "json", "a/README.md", "missing.md"],
        d.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let forms: u64 = v["forms"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(forms, 1, "{v}");
    assert_eq!(v["unreadable"], 1);
    let o = run(&["stats", "missing.md"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        out(&o)
            .1
            .contains("no card could be read: 1 card: cannot read the card"),
        "{}",
        out(&o).1
    );
}
