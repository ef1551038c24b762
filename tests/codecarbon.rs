//! A real CodeCarbon run: its offline tracker measures a short computation and writes a genuine
//! `emissions.csv`; `cardlint fill` writes the card from it, and the card then reaches at least
//! Energy Awareness (the hardware is known). Needs Python's `codecarbon` (`.ci/run` installs it);
//! is ignored (with the reason) elsewhere, never in CI.

mod common;

use std::process::Command;

const SCRIPT: &str = r#"
import sys
from codecarbon import OfflineEmissionsTracker
t = OfflineEmissionsTracker(country_iso_code="CAN", output_dir=sys.argv[1], log_level="error",
                            save_to_file=True, measure_power_secs=1)
t.start()
total = sum(i * i for i in range(3_000_000))
t.stop()
print(total > 0)
"#;

/// CI installs codecarbon (.ci/run): there the test above must run, not be ignored.
#[test]
fn ci_runs_codecarbon() {
    assert!(
        cfg!(codecarbon) || std::env::var_os("CI").is_none(),
        "CI must install codecarbon before building (see .ci/run)"
    );
}

#[test]
#[cfg_attr(
    not(codecarbon),
    ignore = "needs Python's codecarbon (pip install codecarbon; then touch build.rs)"
)]
fn a_real_codecarbon_run_fills_a_card() {
    let d = tempfile::tempdir().unwrap();
    let o = Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(d.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = d.path().join("emissions.csv");
    assert!(csv.is_file());
    common::write(d.path(), "README.md", "---\nlicense: mit\n---\n# tiny\n\n## Environmental Impact\n\n- **Hardware Type:** [More Information Needed]\n- **Hours used:** [More Information Needed]\n- **Carbon Emitted:** [More Information Needed]\n");
    let o = common::run(
        &[
            "fill",
            "README.md",
            "--codecarbon",
            "emissions.csv",
            "--training-type",
            "fine-tuning",
        ],
        d.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = common::json(&common::run(
        &["--format", "json", "--exit-zero", "README.md"],
        d.path(),
    ));
    let r = &v["cards"][0]["reporting"];
    assert!(r["level"].as_u64().unwrap() >= 3, "{r}");
    assert_eq!(r["co2_from"], "metadata");
    assert!(r["co2_grams"].as_f64().unwrap() > 0.0);
    assert!(!r["hardware"].as_str().unwrap().is_empty());
    let codes = common::codes(&v, 0);
    for c in [
        "CL101", "CL102", "CL201", "CL202", "CL203", "CL204", "CL206",
    ] {
        assert!(!codes.contains(&c.to_string()), "{c} after fill: {codes:?}");
    }
    let card = std::fs::read_to_string(d.path().join("README.md")).unwrap();
    assert!(
        card.contains("source: CodeCarbon") && card.contains("geographical_location: Canada"),
        "{card}"
    );
}
