//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cardlint"));
    c.env_remove("GITHUB_ACTIONS")
        .env_remove("CARDLINT_OUTPUT_FORMAT")
        .env_remove("GITHUB_STEP_SUMMARY");
    c.env("NO_COLOR", "1").env("COLUMNS", "100");
    c
}

pub fn run(args: &[&str], dir: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("cardlint runs")
}

pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Codes of the diagnostics of card `i` of a JSON report.
pub fn codes(v: &serde_json::Value, i: usize) -> Vec<String> {
    v["cards"][i]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// `../shared` beside the project, or `None` with a message that shows even under capture.
pub fn shared(what: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if p.join(what).exists() {
        return Some(p);
    }
    // In CI a missing ../shared is a failure, never a silent pass.
    assert!(
        std::env::var_os("CI").is_none_or(|v| v.is_empty()),
        "CI is set but ../shared/{what} is absent"
    );
    // Written to the real stderr (not through the test harness's capture) so that it shows.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: ../shared/{what} is absent (a fresh clone); CI runs this test"
    );
    None
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

/// A scratch folder holding these files (folders created as needed).
pub fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (n, t) in files {
        write(d.path(), n, t);
    }
    d
}
