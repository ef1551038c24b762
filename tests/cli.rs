//! The command line end to end: formats, exit codes, config discovery, stdin, directories.

mod common;

use common::{codes, dir_with, json, run, write};

const FULL: &str = "---\nco2_eq_emissions:\n  emissions: 25.4\n  source: CodeCarbon\n  training_type: fine-tuning\n  geographical_location: Quebec, Canada\n  hardware_used: 1 x NVIDIA A100\n---\n# my-model\n";
const BASIC: &str = "---\nco2_eq_emissions: 25.4\n---\n# my-model\n";
const BAD: &str = "---\nco2_eq_emissions: \"0.319355 Kg\"\n---\n# my-model\n";

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

#[test]
fn exit_codes_follow_fail_on() {
    let d = dir_with(&[
        ("full/README.md", FULL),
        ("basic/README.md", BASIC),
        ("bad/README.md", BAD),
    ]);
    let p = d.path();
    // Only an info (efficiency-low-evidence): below the default fail level, warning.
    assert_eq!(run(&["full/README.md"], p).status.code(), Some(0));
    assert_eq!(
        run(&["full/README.md", "--fail-on", "info"], p)
            .status
            .code(),
        Some(1)
    );
    // Warnings (missing-hardware-used) fail by default, not with --fail-on error.
    assert_eq!(run(&["basic/README.md"], p).status.code(), Some(1));
    assert_eq!(
        run(&["basic/README.md", "--fail-on", "error"], p)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["bad/README.md", "--fail-on", "error"], p)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(&["bad/README.md", "--exit-zero"], p).status.code(),
        Some(0)
    );
    // Usage errors are 2.
    assert_eq!(
        run(&["--format", "xml", "full/README.md"], p).status.code(),
        Some(2)
    );
    let o = run(&["--select", "CL999", "full/README.md"], p);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown rule `CL999`"));
    assert_eq!(
        run(&["--min-reporting-class", "golden", "full/README.md"], p)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn json_follows_the_documented_contract() {
    let d = dir_with(&[("README.md", BASIC)]);
    let o = run(&["--format", "json", "README.md", "missing.md"], d.path());
    let v = json(&o);
    assert_eq!(v["version"], 1);
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["version", "cards", "summary"]);
    let c = &v["cards"][0];
    assert_eq!(c["path"], "README.md");
    let r = &c["reporting"];
    assert_eq!(
        (r["level"].as_u64(), r["class"].as_str(), r["name"].as_str()),
        (Some(2), Some("basic"), Some("Basic Energy Reporting"))
    );
    assert_eq!(r["co2_grams"], 25.4);
    assert_eq!(r["co2_from"], "metadata");
    assert!(r["hardware"].is_null() && r["hardware_from"].is_null());
    assert_eq!(
        r["missing"],
        serde_json::json!([
            "hardware_used",
            "source",
            "training_type",
            "geographical_location"
        ])
    );
    assert_eq!(r["next"]["class"], "awareness");
    assert_eq!(r["next"]["needs"][0], "co2_eq_emissions.hardware_used");
    let d0 = c["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "CL201")
        .unwrap();
    for k in [
        "code",
        "name",
        "severity",
        "message",
        "help",
        "line",
        "column",
        "end_line",
        "end_column",
        "offset",
        "length",
    ] {
        assert!(d0.get(k).is_some(), "diagnostic lacks {k}");
    }
    assert_eq!(
        (
            d0["line"].as_u64(),
            d0["column"].as_u64(),
            d0["offset"].as_u64()
        ),
        (Some(2), Some(1), Some(4))
    );
    // A card that cannot be read still appears, with a located-nowhere diagnostic.
    let m = &v["cards"][1];
    assert_eq!(m["path"], "missing.md");
    assert!(m["reporting"].is_null());
    assert_eq!(codes(&v, 1), ["CL901"]);
    assert!(m["diagnostics"][0]["line"].is_null());
    assert_eq!(v["summary"]["cards"], 2);
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn concise_is_one_line_per_finding() {
    let d = dir_with(&[("README.md", BAD)]);
    let out = stdout(&run(
        &["--format", "concise", "--select", "CL102", "README.md"],
        d.path(),
    ));
    assert_eq!(out.lines().next().unwrap(), "README.md:2:19: error CL102 [*] the emissions value `0.319355 Kg` is a string, not a number of grams");
    let tail: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(
        tail,
        [
            "Found 1 error, 0 warnings, 0 infos in 1 card.",
            "1 fixable with `--fix` (marked [*])."
        ]
    );
}

#[test]
fn pretty_shows_code_frames_and_the_verdict() {
    let d = dir_with(&[("README.md", BAD)]);
    let out = stdout(&run(
        &["--color", "never", "--ignore", "CL403", "README.md"],
        d.path(),
    ));
    insta::assert_snapshot!("pretty", out);
    assert!(out.contains("README.md: Basic Energy Reporting (2/5): add co2_eq_emissions.hardware_used to reach Energy Awareness"));
    assert!(!out.contains('\x1b'));
    let colored = stdout(&run(&["--color", "always", "README.md"], d.path()));
    assert!(colored.contains('\x1b'));
}

/// Every output format, reviewed as a snapshot: two cards (one failing, one clean) and the
/// `--diff` of the failing one.
#[test]
fn every_format_has_a_snapshot() {
    let d = dir_with(&[("a/README.md", BAD), ("b/README.md", FULL)]);
    for format in ["pretty", "concise", "json", "github", "sarif", "markdown"] {
        let out = run(&["--color", "never", "--format", format, "."], d.path());
        let text = stdout(&out);
        let text = if format == "sarif" {
            // The tool's version moves with every release.
            text.replace(env!("CARGO_PKG_VERSION"), "[version]")
        } else {
            text
        };
        insta::assert_snapshot!(format!("format-{format}"), text);
    }
    let out = run(&["--color", "never", "--diff", "a/README.md"], d.path());
    insta::assert_snapshot!("format-diff", stdout(&out));
}

#[test]
fn explain_and_rules() {
    let d = tempfile::tempdir().unwrap();
    let o = run(&["explain", "CL102"], d.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("## Why it matters"));
    assert!(stdout(&run(&["explain", "co2-emissions-zero"], d.path())).contains("CL104"));
    let o = run(&["explain", "co2-emision-zero"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `co2-emissions-zero`"));
    let list = stdout(&run(&["rules"], d.path()));
    for r in cardlint::rules::RULES {
        assert!(list.contains(r.code) && list.contains(r.name));
    }
}

#[test]
fn stdin_and_directories() {
    let d = dir_with(&[
        ("a/README.md", BASIC),
        ("b/README.md", FULL),
        ("ignored/README.md", BAD),
        (".gitignore", "ignored/\n"),
        ("notes.md", BAD),
    ]);
    let v = json(&run(&["--format", "json", "."], d.path()));
    let paths: Vec<&str> = v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./a/README.md", "./b/README.md"]);
    let mut child = common::bin()
        .args([
            "--format",
            "json",
            "--stdin-filename",
            "models/x/README.md",
            "-",
        ])
        .current_dir(d.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(BAD.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let v = json(&o);
    assert_eq!(v["cards"][0]["path"], "models/x/README.md");
    assert!(codes(&v, 0).contains(&"CL102".to_string()));
}

#[test]
fn config_is_discovered_closest_first_and_validated() {
    let d = dir_with(&[
        ("cardlint.toml", "ignore = [\"missing-hardware-used\"]\n"),
        ("a/README.md", BASIC),
        ("b/pyproject.toml", "[project]\nname = \"x\"\n[tool.cardlint]\nmin-reporting-class = \"awareness\"\n[tool.cardlint.severity]\nCL202 = \"error\"\n"),
        ("b/README.md", BASIC),
        ("c/.cardlint.toml", "[per-file-ignores]\n\"README.md\" = [\"CL2\"]\n"),
        ("c/README.md", BASIC),
    ]);
    let p = d.path();
    let v = json(&run(
        &[
            "--format",
            "json",
            "a/README.md",
            "b/README.md",
            "c/README.md",
        ],
        p,
    ));
    assert!(
        !codes(&v, 0).contains(&"CL201".to_string()),
        "root config ignores CL201"
    );
    let b = codes(&v, 1);
    assert!(
        b.contains(&"CL201".to_string()) && b.contains(&"CL401".to_string()),
        "the closest config wins: {b:?}"
    );
    let sev = v["cards"][1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "CL202")
        .unwrap()["severity"]
        .clone();
    assert_eq!(sev, "error");
    assert!(
        !codes(&v, 2).iter().any(|c| c.starts_with("CL2")),
        "per-file-ignores by prefix"
    );
    // --isolated ignores every config.
    let v = json(&run(&["--format", "json", "--isolated", "a/README.md"], p));
    assert!(codes(&v, 0).contains(&"CL201".to_string()));
    // Unknown keys and bad values name the file, line and column.
    write(
        p,
        "e/cardlint.toml",
        "select = [\"CL1\"]\nignroe = [\"CL101\"]\n",
    );
    write(p, "e/README.md", BASIC);
    let o = run(&["e/README.md"], p);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cardlint.toml:2:1") && err.contains("ignroe"),
        "{err}"
    );
    write(p, "e/cardlint.toml", "[severity]\nCL101 = \"warn\"\n");
    let err = String::from_utf8_lossy(&run(&["e/README.md"], p).stderr).to_string();
    assert!(
        err.contains("cardlint.toml:2:9") && err.contains("unknown severity `warn`"),
        "{err}"
    );
}

#[test]
fn unreadable_inputs_are_reported_not_fatal() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("latin1.md"),
        b"---\nlicense: mit\n---\n# Mod\xe8le\n",
    )
    .unwrap();
    std::fs::create_dir(d.path().join("dir.md")).unwrap();
    std::fs::write(d.path().join("big.md"), "x".repeat(2000)).unwrap();
    let o = run(
        &[
            "--format",
            "json",
            "latin1.md",
            "dir.md",
            "big.md",
            "--max-file-size",
            "1000",
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let msg = |i: usize| {
        v["cards"][i]["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        msg(0).contains("not valid UTF-8") && msg(0).contains("line 4"),
        "{}",
        msg(0)
    );
    assert!(msg(1).contains("directory"));
    assert!(msg(2).contains("over the limit"));
}

/// cardlint's own README documents the body forms with tables, inline code and example
/// bullets: none of it is a report of the README's emissions or hardware.
#[test]
fn the_project_readme_reports_no_emissions() {
    let readme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let o = common::run(
        &["--isolated", "--format", "json", readme.to_str().unwrap()],
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    let v = common::json(&o);
    let r = &v["cards"][0]["reporting"];
    assert_eq!(r["level"], 0, "{r}");
    assert!(r["co2_grams"].is_null() && r["hardware"].is_null(), "{r}");
    let codes = common::codes(&v, 0);
    assert!(
        !codes.iter().any(|c| c == "CL106" || c == "CL108"),
        "{codes:?}"
    );
}

/// A body `Hardware Type:` that says no hardware ("not recorded") is no hardware information:
/// the card stays at level 0, as with a placeholder.
#[test]
fn a_negated_hardware_line_is_no_hardware() {
    let d = tempfile::tempdir().unwrap();
    for (hw, level) in [
        ("not recorded", 0),
        ("we did not track it", 0),
        ("No GPU, a laptop CPU", 1),
    ] {
        common::write(
            d.path(),
            "README.md",
            &format!("# m\n\n## Environmental Impact\n\n- **Hardware Type:** {hw}\n"),
        );
        let v = common::json(&common::run(
            &["--isolated", "--format", "json", "README.md"],
            d.path(),
        ));
        assert_eq!(v["cards"][0]["reporting"]["level"], level, "{hw}");
    }
}
