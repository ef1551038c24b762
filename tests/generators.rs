//! The cards today's training libraries write (`tests/generators/`, made offline by running the
//! generators: `scripts/generator-cards/`) lint as their authors expect: each card's findings
//! are listed here exactly, so a new false positive fails; the true ones (a card without
//! `co2_eq_emissions`, the template's unfilled bullets, a CPU-only run without
//! `hardware_used`) are named per card.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

fn generators() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/generators")
}

/// Every finding of a card, in output order: `(code, line)`, line 1 for the card as a whole.
type Findings = &'static [(&'static str, u64)];

/// `(folder, findings, exit code)`, the exit code under the default `--fail-on warning`.
const EXPECTED: &[(&str, Findings, i32)] = &[
    // Trains and measures, but the final card lacks the metadata: codecarbon 3.3 stops the
    // tracker before Sentence Transformers 6.2 and SetFit 1.2 read it.
    ("sentence-transformers-6.2.0", &[("CL101", 1)], 1),
    // CPU-only CodeCarbon runs: no `hardware_used` (a GPU run writes it), no location. CL201 is
    // an info there (the card names its `cpu_model`), so the card the library wrote passes CI.
    (
        "sentence-transformers-6.2.0-checkpoint",
        &[("CL403", 1), ("CL201", 28)],
        0,
    ),
    (
        "sentence-transformers-3.2.1",
        &[("CL403", 1), ("CL201", 27)],
        0,
    ),
    // The same versions with codecarbon 2.8, whose stopped tracker still reports: the final
    // card has the metadata.
    (
        "sentence-transformers-6.2.0-codecarbon2",
        &[("CL403", 1), ("CL201", 28)],
        0,
    ),
    (
        "sentence-transformers-6.2.0-cross-encoder-codecarbon2",
        &[("CL403", 1), ("CL201", 11)],
        0,
    ),
    ("setfit-1.2.0", &[("CL101", 1)], 1),
    (
        "setfit-1.2.0-codecarbon2",
        &[("CL403", 1), ("CL201", 18)],
        0,
    ),
    ("setfit-1.1.0", &[("CL403", 1), ("CL201", 18)], 0),
    // The Trainer never writes emissions, even with its CodeCarbon callback (which leaves
    // emissions.csv beside the card).
    ("transformers-5.24.0-trainer", &[("CL101", 1)], 1),
    ("transformers-5.24.0-trainer-codecarbon", &[("CL101", 1)], 1),
    ("trl-1.16.0-sft", &[("CL101", 1)], 1),
    ("trl-1.16.0-sft-lora", &[("CL101", 1)], 1),
    ("autotrain-advanced-0.8.36", &[("CL101", 1)], 1),
    // huggingface_hub's template: the Environmental Impact bullets left as placeholders.
    (
        "huggingface_hub-2.4.0-unfilled",
        &[("CL101", 1), ("CL206", 148)],
        1,
    ),
    (
        "huggingface_hub-2.4.0-empty",
        &[("CL101", 1), ("CL206", 146)],
        1,
    ),
    ("peft-0.21.2", &[("CL101", 1), ("CL206", 152)], 1),
    // A complete report: nothing but the label's low-evidence info, and exit 0.
    ("huggingface_hub-2.4.0-filled", &[("CL403", 1)], 0),
];

fn lint(folder: &str, format: &str) -> std::process::Output {
    let card = generators().join(folder).join("README.md");
    common::run(
        &["--isolated", "--format", format, card.to_str().unwrap()],
        &generators(),
    )
}

/// `(code, line)` of every finding of the only card of a JSON report (line 1 for the card as
/// a whole).
fn findings(v: &serde_json::Value) -> Vec<(String, u64)> {
    v["cards"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap_or(1),
            )
        })
        .collect()
}

#[test]
fn every_generator_card_has_exactly_its_expected_findings() {
    let mut wrong = Vec::new();
    for &(folder, want, exit) in EXPECTED {
        let out = lint(folder, "json");
        let got = findings(&common::json(&out));
        let want: Vec<(String, u64)> = want.iter().map(|&(c, l)| (c.to_string(), l)).collect();
        if got != want || out.status.code() != Some(exit) {
            wrong.push(format!(
                "{folder}: exit {:?} (want {exit}), findings {got:?}, want {want:?}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&lint(folder, "concise").stdout)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_generator_folder_is_expected() {
    let listed: Vec<&str> = EXPECTED.iter().map(|e| e.0).collect();
    for e in fs::read_dir(generators()).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            let name = e.file_name().to_string_lossy().to_string();
            assert!(listed.contains(&name.as_str()), "{name} has no expectation");
        }
    }
}

/// What Sentence Transformers and SetFit measured is read and shown: the kWh and the hours in
/// JSON and on the pretty summary, the generator's keys never CL107, the rounded kilograms of the
/// body never CL105.
#[test]
fn the_generators_measures_are_facts() {
    for (folder, energy, hours) in [
        ("sentence-transformers-3.2.1", true, true),
        ("sentence-transformers-6.2.0-checkpoint", true, false),
        ("setfit-1.1.0", false, true),
        ("sentence-transformers-6.2.0-codecarbon2", true, false),
        ("setfit-1.2.0-codecarbon2", false, true),
        (
            "sentence-transformers-6.2.0-cross-encoder-codecarbon2",
            true,
            false,
        ),
    ] {
        let text = fs::read_to_string(generators().join(folder).join("README.md")).unwrap();
        let value = |key: &str| -> Option<f64> {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("  {key}: ")))
                .map(|v| v.trim().parse().unwrap())
        };
        let v = common::json(&lint(folder, "json"));
        let r = &v["cards"][0]["reporting"];
        assert_eq!(
            r["energy_kwh"].as_f64(),
            value("energy_consumed"),
            "{folder}"
        );
        assert_eq!(r["hours_used"].as_f64(), value("hours_used"), "{folder}");
        assert_eq!(r["energy_kwh"].is_f64(), energy, "{folder}");
        assert_eq!(r["hours_used"].is_f64(), hours, "{folder}");
        let pretty = String::from_utf8_lossy(&lint(folder, "pretty").stdout).to_string();
        let line = pretty
            .lines()
            .find(|l| l.trim_start().starts_with("measured: "))
            .unwrap_or_else(|| panic!("{folder}: no measured line\n{pretty}"));
        assert_eq!(line.contains("kWh"), energy, "{line}");
        assert_eq!(line.contains("hours used"), hours, "{line}");
    }
}

/// A GPU run's card in exactly Sentence Transformers' shape (written here from its template:
/// there is no GPU to run the generator on), with a figure large enough to round: no CL107, no
/// CL105, exit 0. The same card with the kilograms written into the grams field is still caught.
#[test]
fn a_gpu_run_card_in_the_generators_shape_is_clean() {
    let card = |grams: &str| {
        format!(
            "---\nlibrary_name: sentence-transformers\nco2_eq_emissions:\n  emissions: {grams}\n  \
             energy_consumed: 0.1102\n  source: codecarbon\n  training_type: fine-tuning\n  \
             on_cloud: false\n  cpu_model: AMD EPYC 7B13\n  ram_total_size: 83.48\n  \
             hardware_used: 1 x NVIDIA A100-SXM4-40GB\n---\n\n# SentenceTransformer\n\n\
             ### Environmental Impact\nCarbon emissions were measured using \
             [CodeCarbon](https://github.com/mlco2/codecarbon).\n\
             - **Energy Consumed**: 0.110 kWh\n- **Carbon Emitted**: 0.042 kg of CO2\n\n\
             ### Training Hardware\n- **On Cloud**: No\n- **GPU Model**: 1 x NVIDIA A100-SXM4-40GB\n\
             - **CPU Model**: AMD EPYC 7B13\n- **RAM Size**: 83.48 GB\n"
        )
    };
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("README.md");
    for (grams, want, exit) in [
        ("41.5419", vec!["CL204", "CL403"], 0),
        ("42.4999", vec!["CL204", "CL403"], 0),
        ("0.042", vec!["CL105", "CL204", "CL403"], 1),
        ("43.1", vec!["CL105", "CL204", "CL403"], 1),
    ] {
        fs::write(&path, card(grams)).unwrap();
        let out = common::run(&["--isolated", "--format", "json", "README.md"], d.path());
        let mut got = common::codes(&common::json(&out), 0);
        got.sort();
        assert_eq!(got, want, "emissions {grams}");
        assert_eq!(out.status.code(), Some(exit), "emissions {grams}");
    }
}

fn measures(co2: &str) -> (Option<f64>, Option<f64>, usize) {
    let text = format!("---\nco2_eq_emissions:\n  emissions: 41.9\n{co2}---\n");
    let card = cardlint::card::Card::parse(&text);
    let f = cardlint::facts::collect(&card);
    let unknown = f.co2.as_ref().map_or(0, |c| c.unknown.len());
    (
        f.energy_kwh.map(|m| m.value),
        f.hours_used.map(|m| m.value),
        unknown,
    )
}

#[test]
fn the_generators_measures_are_read_as_written() {
    let all = "  energy_consumed: 0.1102\n  hours_used: 0.41\n  on_cloud: false\n  \
               cpu_model: AMD EPYC 7B13\n  ram_total_size: 83.48\n";
    assert_eq!(measures(all), (Some(0.1102), Some(0.41), 0));
    // Strings with their unit, and the last of repeated keys.
    assert_eq!(
        measures("  energy_consumed: \"0.11 kWh\"\n  hours_used: 2 hours\n"),
        (Some(0.11), Some(2.0), 0)
    );
    assert_eq!(
        measures("  hours_used: 1\n  hours_used: 3\n"),
        (None, Some(3.0), 0)
    );
    // Not a measure: another unit, text before the number, negative, not finite, null.
    assert_eq!(
        measures("  energy_consumed: 110 Wh\n  hours_used: about 3 h\n"),
        (None, None, 0)
    );
    assert_eq!(
        measures("  energy_consumed: -1\n  hours_used: .nan\n"),
        (None, None, 0)
    );
    assert_eq!(measures("  energy_consumed:\n"), (None, None, 0));
    // Other keys stay unknown (CL107).
    assert_eq!(measures("  gpu_hours: 3\n"), (None, None, 1));
}
