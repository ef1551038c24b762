//! SARIF output against the official SARIF 2.1.0 schema (`sarif-2.1.0.json` from the npm
//! package `@microsoft/sarif-multitool-linux`, fetched by `.ci/run`), validated with Python's
//! `jsonschema`; and a deliberately broken file is shown to be rejected.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The schema from `CARDLINT_SARIF_SCHEMA` (build.rs sets `cfg(sarif_schema)` when it names a
/// file; without it the validating test is `ignored` with the reason).
fn schema() -> PathBuf {
    PathBuf::from(std::env::var_os("CARDLINT_SARIF_SCHEMA").expect("cfg(sarif_schema) is set"))
}

fn validate(schema: &Path, files: &[&Path]) -> (bool, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sarif/validate.py");
    let o = Command::new("python3")
        .arg(script)
        .arg(schema)
        .args(files)
        .output()
        .expect("python3 runs");
    (
        o.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

/// CI sets CARDLINT_SARIF_SCHEMA (.ci/run): there the validation must run, not be ignored.
#[test]
fn ci_validates_sarif() {
    assert!(
        cfg!(sarif_schema) || std::env::var_os("CI").is_none(),
        "CI must set CARDLINT_SARIF_SCHEMA before building (see .ci/run)"
    );
}

#[test]
#[cfg_attr(
    not(sarif_schema),
    ignore = "needs CARDLINT_SARIF_SCHEMA, the official schema (see the README's Development)"
)]
fn sarif_is_valid_and_a_broken_file_is_not() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let d = tempfile::tempdir().unwrap();
    // Every example, an unreadable card (a result with no region) and a path needing encoding.
    common::write(
        d.path(),
        "with space/README.md",
        "---\nco2_eq_emissions: \"1 kg\"\n---\n",
    );
    // A minimum class, so that the efficiency results (with their `properties`) are validated.
    let mut args: Vec<String> = vec![
        "--format".into(),
        "sarif".into(),
        "--exit-zero".into(),
        "--min-efficiency-class".into(),
        "A".into(),
    ];
    args.push(root.join("examples").display().to_string());
    args.push("with space/README.md".into());
    args.push("missing.md".into());
    let o = common::run(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
        d.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        cardlint::rules::RULES.len()
    );
    assert!(run["tool"]["driver"]["rules"][0]["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .contains("## Why it matters"));
    let results = run["results"].as_array().unwrap();
    assert!(results.iter().any(
        |r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            == "with%20space/README.md"
    ));
    let missing = results.iter().find(|r| r["ruleId"] == "CL901").unwrap();
    assert!(missing["locations"][0]["physicalLocation"]
        .get("region")
        .is_none());
    let good = d.path().join("good.sarif");
    std::fs::write(&good, &o.stdout).unwrap();

    let schema = schema();
    let (ok, msg) = validate(&schema, &[&good]);
    assert!(ok, "cardlint's SARIF is invalid:\n{msg}");

    // Broken on purpose: a level SARIF does not have, and a result without a message.
    let mut broken = v.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    broken["runs"][0]["results"][1]
        .as_object_mut()
        .unwrap()
        .remove("message");
    let bad = d.path().join("bad.sarif");
    std::fs::write(&bad, serde_json::to_string(&broken).unwrap()).unwrap();
    let (ok, msg) = validate(&schema, &[&bad]);
    assert!(!ok, "the validator accepted a broken file:\n{msg}");
    assert!(msg.contains("fatal") && msg.contains("message"), "{msg}");
}

/// RFC 3986: a `\` in a Linux file name is a character of the name (`%5C`), not a separator;
/// `%`, `#`, `?` and `:` are encoded too, so the URI names the file.
#[cfg(unix)]
#[test]
fn uris_encode_every_reserved_byte() {
    let d = tempfile::tempdir().unwrap();
    common::write(
        d.path(),
        "a\\b #?%:c/README.md",
        "---\nco2_eq_emissions: \"1 kg\"\n---\n",
    );
    let o = common::run(&["--isolated", "--format", "sarif", "."], d.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let uri =
        &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "a%5Cb%20%23%3F%25%3Ac/README.md");
}
