//! Sets `cfg(shared_data)` when `../shared` (the real cards and the study's data, beside the
//! project; CI has it) is present, so the tests that need it are `ignored` with a reason in the
//! test summary of a fresh clone instead of passing without testing anything.

use std::path::Path;

const FILES: [&str; 2] = ["../shared/corpus/DETAILS.tsv", "../shared/paper/HFCO2.csv"];

// The build script runs on the build machine: the core's rule (.ci/core-clippy) is not its.
#[allow(clippy::disallowed_methods, clippy::disallowed_types)]
fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_data)");
    println!("cargo::rustc-check-cfg=cfg(sarif_schema)");
    println!("cargo::rustc-check-cfg=cfg(codecarbon)");
    println!("cargo::rustc-check-cfg=cfg(duckdb)");
    // The official SARIF schema (tests/sarif.rs validates against it) and Python's codecarbon
    // (tests/codecarbon.rs runs it): without them those tests are `ignored` with the reason.
    println!("cargo::rerun-if-env-changed=CARDLINT_SARIF_SCHEMA");
    if std::env::var_os("CARDLINT_SARIF_SCHEMA").is_some_and(|p| Path::new(&p).is_file()) {
        println!("cargo::rustc-cfg=sarif_schema");
    }
    // Python's codecarbon (tests/codecarbon.rs) and duckdb (tests/jsonl.rs, the corpus
    // pipeline): without them those tests are `ignored` with the reason.
    for module in ["codecarbon", "duckdb"] {
        let found = std::process::Command::new("python3")
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if found {
            println!("cargo::rustc-cfg={module}");
        }
    }
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CARDLINT_SHARED_RECHECK");
    if FILES.iter().all(|f| Path::new(f).is_file()) {
        // Watched only while present: a missing file would rerun this script (and rebuild the
        // crate) on every build. After adding ../shared to a fresh clone, `touch build.rs`.
        for f in FILES {
            println!("cargo::rerun-if-changed={f}");
        }
        println!("cargo::rustc-cfg=shared_data");
    }
}
