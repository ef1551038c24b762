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
        !shared_required(),
        "CI is set but ../shared/{what} is absent"
    );
    // Written to the real stderr (not through the test harness's capture) so that it shows.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: ../shared/{what} is absent (a fresh clone); CI runs this test"
    );
    None
}

/// Whether `../shared` must be present: in CI, unless the CI declares it has no copy of the
/// (non-public) data (`CARDLINT_SHARED_OPTIONAL`, the public GitHub workflow).
pub fn shared_required() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
        && std::env::var_os("CARDLINT_SHARED_OPTIONAL").is_none_or(|v| v.is_empty())
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

/// One row of the study's `HFCO2.csv`: the label's five inputs.
#[derive(Debug, Clone)]
pub struct StudyRow {
    pub co2: Option<f64>,
    pub size: Option<f64>,
    pub datasets_size: Option<f64>,
    pub downloads: Option<f64>,
    pub performance: Option<f64>,
}

impl StudyRow {
    pub fn inputs(&self) -> cardlint::class::efficiency::Inputs {
        use cardlint::class::efficiency::{Fact, Inputs};
        let given = |v: Option<f64>| v.and_then(Fact::given);
        Inputs {
            co2: given(self.co2),
            model_size: given(self.size),
            datasets_size: given(self.datasets_size),
            downloads: given(self.downloads),
            performance: given(self.performance),
        }
    }
}

/// Splits one CSV line, honouring double quotes (the file quotes lists and dicts).
pub fn split_csv(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().unwrap().push(c),
        }
    }
    out
}

/// The rows of `../shared/paper/HFCO2.csv`.
pub fn study_rows(path: &Path) -> Vec<StudyRow> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = split_csv(lines.next().unwrap());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let cols = [
        col("co2_eq_emissions"),
        col("size"),
        col("datasets_size"),
        col("downloads"),
        col("performance_score"),
    ];
    lines
        .map(|l| {
            let f = split_csv(l);
            assert_eq!(f.len(), header.len(), "{l}");
            let n = |i: usize| {
                let s = &f[cols[i]];
                (!s.is_empty()).then(|| s.parse::<f64>().unwrap())
            };
            StudyRow {
                co2: n(0),
                size: n(1),
                datasets_size: n(2),
                downloads: n(3),
                performance: n(4),
            }
        })
        .collect()
}
