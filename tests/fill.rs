//! `fill` and the advice that points at it, on the cards the generators write (issue 26):
//! `tests/generators/`, made offline by running Sentence Transformers, SetFit,
//! transformers' Trainer, TRL, PEFT, AutoTrain and huggingface_hub's template (see its
//! PROVENANCE.md), with the `emissions.csv` CodeCarbon wrote beside them.
//!
//! On every card: `fill` then lint gives no finding the card did not have, loses no key, keeps
//! every line it does not own byte for byte, and a second `fill` changes nothing.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use cardlint::card::Card;
use common::{codes, json, run};

fn generators() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/generators")
}

/// Every generator card, with the CSV of its own run (else a real CodeCarbon 3.3.2 CSV from
/// the Sentence Transformers run).
fn cards() -> Vec<(String, String, String)> {
    let fallback =
        fs::read_to_string(generators().join("sentence-transformers-6.2.0/emissions.csv")).unwrap();
    let mut out = Vec::new();
    for e in fs::read_dir(generators()).unwrap() {
        let p = e.unwrap().path();
        if !p.is_dir() {
            continue;
        }
        let card = fs::read_to_string(p.join("README.md")).unwrap();
        let csv = fs::read_to_string(p.join("emissions.csv")).unwrap_or_else(|_| fallback.clone());
        out.push((
            p.file_name().unwrap().to_str().unwrap().to_string(),
            card,
            csv,
        ));
    }
    out.sort();
    assert!(out.len() >= 14, "{}", out.len());
    out
}

/// How many findings of each code a card has.
fn findings(dir: &Path) -> BTreeMap<String, usize> {
    let v = json(&run(&["--format", "json", "--exit-zero", "README.md"], dir));
    let mut m = BTreeMap::new();
    for c in codes(&v, 0) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

/// Lines fill owns: the `co2_eq_emissions` sub-fields it writes, and the body lines that state
/// the same figures.
fn owned(line: &str) -> bool {
    let l = line.trim_start();
    [
        "co2_eq_emissions:",
        "emissions:",
        "source:",
        "training_type:",
        "geographical_location:",
        "hardware_used:",
        "energy_consumed:",
        "hours_used:",
        "{}",
        "- **Carbon Emitted",
        "- **Energy Consumed",
        "- **Hours Used",
        "- **Hours used",
        "- **Hardware Type",
        "- **Cloud Provider",
        "- **Compute Region",
        "- CO2 Emissions (in grams)",
    ]
    .iter()
    .any(|p| l.starts_with(p))
}

#[test]
fn fill_on_every_generator_card_loses_nothing_and_adds_no_finding() {
    for (name, card, csv) in cards() {
        let d = tempfile::tempdir().unwrap();
        common::write(d.path(), "README.md", &card);
        common::write(d.path(), "emissions.csv", &csv);
        let before = findings(d.path());
        let mut args = vec!["fill", "README.md", "--codecarbon", "emissions.csv"];
        let o = run(&args, d.path());
        assert_eq!(
            o.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        // Where the card does not say how it was trained, fill says how to give it, and the
        // user does.
        if String::from_utf8_lossy(&o.stderr).contains("--training-type fine-tuning") {
            common::write(d.path(), "README.md", &card);
            args.extend(["--training-type", "fine-tuning"]);
            assert_eq!(run(&args, d.path()).status.code(), Some(0));
        }
        let filled = fs::read_to_string(d.path().join("README.md")).unwrap();
        // Every key is kept.
        let keys_before = cardlint::fill::keys(&Card::parse(&card));
        let keys_after = cardlint::fill::keys(&Card::parse(&filled));
        for k in &keys_before {
            assert!(keys_after.contains(k), "{name}: fill lost `{k}`:\n{filled}");
        }
        // Every line fill does not own keeps its bytes.
        let diff = similar::TextDiff::from_lines(&card, &filled);
        for ch in diff.iter_all_changes() {
            if ch.tag() == similar::ChangeTag::Delete {
                assert!(
                    owned(ch.value()),
                    "{name}: fill changed a line it does not own: {:?}",
                    ch.value()
                );
            }
            if ch.tag() == similar::ChangeTag::Insert {
                assert!(
                    owned(ch.value()),
                    "{name}: fill wrote a line it does not own: {:?}",
                    ch.value()
                );
            }
        }
        // No figure written with float noise.
        for l in filled.lines().filter(|l| owned(l)) {
            let longest = l
                .split(|c: char| !c.is_ascii_digit() && c != '.')
                .map(|n| n.trim_start_matches(['0', '.']).replace('.', "").len())
                .max()
                .unwrap_or(0);
            let was = card.lines().any(|c| c == l);
            assert!(
                was || longest <= 4,
                "{name}: {l:?} has {longest} significant digits"
            );
        }
        // Lint after: no finding the card did not have, and the emissions are reported.
        let after = findings(d.path());
        // CL403 speaks of the efficiency label, which a CO2 value makes computable: it is
        // about the label resting on few metrics, not about the card fill wrote.
        for (code, n) in after.iter().filter(|(c, _)| *c != "CL403") {
            let had = before.get(code).copied().unwrap_or(0);
            assert!(
                *n <= had,
                "{name}: {code} is new after fill (before {before:?}, after {after:?})\n{filled}"
            );
        }
        for gone in ["CL101", "CL105", "CL106", "CL201", "CL206"] {
            assert!(
                !after.contains_key(gone),
                "{name}: {gone} after fill: {after:?}"
            );
        }
        // A second fill changes nothing.
        let o = run(&args, d.path());
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(
            fs::read_to_string(d.path().join("README.md")).unwrap(),
            filled,
            "{name}: not idempotent"
        );
    }
}

#[test]
fn a_generator_card_is_updated_where_it_stands() {
    let dir = generators().join("sentence-transformers-3.2.1");
    let card = fs::read_to_string(dir.join("README.md")).unwrap();
    let d = tempfile::tempdir().unwrap();
    common::write(d.path(), "README.md", &card);
    fs::copy(dir.join("emissions.csv"), d.path().join("emissions.csv")).unwrap();
    let o = run(
        &[
            "fill",
            "README.md",
            "--codecarbon",
            "emissions.csv",
            "--diff",
        ],
        d.path(),
    );
    let diff = String::from_utf8_lossy(&o.stdout);
    // The same run's emissions and energy stay as the generator wrote them; what the card
    // lacked is added; the body's rounded-to-zero figures get the measurement with their unit.
    assert!(
        !diff.contains("-  emissions:") && !diff.contains("-  energy_consumed:"),
        "{diff}"
    );
    assert!(
        diff.contains("+  geographical_location: Quebec, Canada\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+  hardware_used: Intel(R) Xeon(R) Processor (CPU only, 2 logical cores)\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+- **Carbon Emitted**: 0.0000000307 kg of CO2\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+- **Hours Used**: 0.000252 hours\n"),
        "{diff}"
    );
}

#[test]
fn cl101_names_the_fill_command_where_emissions_csv_is_beside_the_card() {
    let src = generators().join("sentence-transformers-6.2.0");
    let d = tempfile::tempdir().unwrap();
    let model = d.path().join("my model");
    fs::create_dir(&model).unwrap();
    for f in ["README.md", "emissions.csv"] {
        fs::copy(src.join(f), model.join(f)).unwrap();
    }
    // Named, and walked: the help holds the exact command, quoted for the shell.
    for target in ["my model/README.md", "."] {
        let v = json(&run(&["--format", "json", "--exit-zero", target], d.path()));
        let help = v["cards"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["code"] == "CL101")
            .map_or_else(
                || panic!("no CL101: {v}"),
                |x| x["help"].as_str().unwrap().to_string(),
            );
        let path = v["cards"][0]["path"].as_str().unwrap();
        let want = format!(
            "`cardlint fill '{path}' --codecarbon '{}/emissions.csv'`",
            path.trim_end_matches("/README.md")
        );
        assert!(help.contains(&want), "{help} lacks {want}");
    }
    // The command it names works, from that folder.
    let o = run(
        &[
            "fill",
            "my model/README.md",
            "--codecarbon",
            "my model/emissions.csv",
        ],
        d.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = json(&run(
        &["--format", "json", "--exit-zero", "my model/README.md"],
        d.path(),
    ));
    assert!(
        v["cards"][0]["reporting"]["level"].as_u64().unwrap() >= 3,
        "{v}"
    );
    // Without the CSV, no CL101 help claims one.
    fs::remove_file(model.join("emissions.csv")).unwrap();
    let v = json(&run(&["--format", "json", "--exit-zero", "."], d.path()));
    let all = v.to_string();
    assert!(!all.contains("emissions.csv is beside"), "{all}");
}

#[test]
fn cl201_suggests_what_the_card_or_its_csv_measured() {
    let src = generators().join("sentence-transformers-6.2.0-checkpoint");
    let d = tempfile::tempdir().unwrap();
    fs::copy(src.join("README.md"), d.path().join("README.md")).unwrap();
    let help = |d: &Path| {
        let v = json(&run(
            &[
                "--format",
                "json",
                "--exit-zero",
                "--select",
                "CL201",
                "README.md",
            ],
            d,
        ));
        v["cards"][0]["diagnostics"][0]["help"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let h = help(d.path());
    assert!(
        h.contains(
            "`hardware_used: Intel(R) Xeon(R) Processor (CPU only)` (the card's `cpu_model`"
        ),
        "{h}"
    );
    fs::copy(src.join("emissions.csv"), d.path().join("emissions.csv")).unwrap();
    let h = help(d.path());
    assert!(
        h.contains("`hardware_used: Intel(R) Xeon(R) Processor (CPU only, 2 logical cores)` (the emissions.csv beside the card says so; `cardlint fill README.md --codecarbon emissions.csv` writes it)"),
        "{h}"
    );
    assert!(!h.contains("v100") && !h.contains("e.g."), "{h}");
}

#[test]
fn the_untouched_template_is_one_warning_per_omission() {
    for name in [
        "huggingface_hub-2.4.0-unfilled",
        "huggingface_hub-2.4.0-empty",
    ] {
        let v = json(&run(
            &["--format", "json", "--exit-zero", "README.md"],
            &generators().join(name),
        ));
        let c = codes(&v, 0);
        assert_eq!(
            c.iter().filter(|c| *c == "CL206").count(),
            1,
            "{name}: {c:?}"
        );
        assert!(c.contains(&"CL101".to_string()), "{name}: {c:?}");
    }
    // `{}` front matter: fill and --fix both work on it.
    let d = tempfile::tempdir().unwrap();
    let card =
        fs::read_to_string(generators().join("huggingface_hub-2.4.0-empty/README.md")).unwrap();
    common::write(
        d.path(),
        "README.md",
        &card.replacen(
            "- **Carbon Emitted:** [More Information Needed]",
            "- **Carbon Emitted:** 12 g CO2eq",
            1,
        ),
    );
    let o = run(&["--fix", "README.md"], d.path());
    assert!(
        o.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let fixed = fs::read_to_string(d.path().join("README.md")).unwrap();
    assert!(
        fixed.starts_with("---\nco2_eq_emissions:") && !fixed.contains("{}"),
        "{fixed}"
    );
    let o = run(&["--format", "json", "--exit-zero", "README.md"], d.path());
    assert_eq!(json(&o)["cards"][0]["reporting"]["co2_from"], "metadata");
}

// ---- generated cards ------------------------------------------------------------------------

use proptest::prelude::*;

/// A `co2_eq_emissions` entry: a key fill owns or a generator's, with a value of any kind.
fn entry() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "emissions",
        "source",
        "training_type",
        "geographical_location",
        "hardware_used",
        "energy_consumed",
        "hours_used",
        "on_cloud",
        "cpu_model",
        "ram_total_size",
    ]);
    let value = prop::sample::select(vec![
        "",
        " 0",
        " 12.5",
        " 3.0731189721774736e-05",
        " codecarbon",
        " '[More Information Needed]'",
        " \"a: b\"",
        " false",
        " ~",
        " [a, b]",
        "\n    nested: 1",
    ]);
    let comment = prop::sample::select(vec!["", "  # note"]);
    (key, value, comment).prop_map(|(k, v, c)| {
        let c = if v.starts_with('\n') { "" } else { c };
        format!("{k}:{v}{c}")
    })
}

/// A card: other keys around `co2_eq_emissions` (its entries at indent 2 or 4, with
/// comments), CRLF or LF, and the template's bullets or a generator's.
fn generated() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(entry(), 1..7),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec![
            "",
            "## Environmental Impact\n\n- **Hardware Type:** [More Information Needed]\n- **Hours used:** 3\n- **Carbon Emitted:** 0.000 kg of CO2\n",
            "### Environmental Impact\nCarbon emissions were measured using [CodeCarbon](https://github.com/mlco2/codecarbon).\n- **Carbon Emitted**: 0.042 kg of CO2\n- **Hours Used**: 0.001 hours\n",
        ]),
    )
        .prop_map(|(entries, wide, crlf, body)| {
            let indent = if wide { "    " } else { "  " };
            let mut seen = Vec::new();
            let mut lines = vec!["license: mit  # kept".to_string(), "co2_eq_emissions:".into()];
            for e in entries {
                let k = e.split(':').next().unwrap().to_string();
                if seen.contains(&k) {
                    continue;
                }
                seen.push(k);
                lines.push(format!("{indent}{}", e.replace("\n    ", &format!("\n{indent}  "))));
            }
            lines.push("tags: [a]".into());
            let text = format!("---\n{}\n---\n# model\n\n{body}", lines.join("\n"));
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn fill_keeps_every_key_and_line_it_does_not_own(card in generated()) {
        let csv = fs::read_to_string(generators().join("sentence-transformers-3.2.1/emissions.csv")).unwrap();
        let m = cardlint::fill::measurement(&cardlint::fill::read_csv(&csv).unwrap(), None, false).unwrap();
        let out = cardlint::fill::fill(&card, &m, None).unwrap();
        let (before, after) = (Card::parse(&card), Card::parse(&out));
        let keys = cardlint::fill::keys(&after);
        for k in cardlint::fill::keys(&before) {
            prop_assert!(keys.contains(&k), "lost {} in {:?}", k, out);
        }
        for ch in similar::TextDiff::from_lines(&card, &out).iter_all_changes() {
            if ch.tag() != similar::ChangeTag::Equal {
                prop_assert!(owned(ch.value()) || ch.value().trim_start().starts_with("nested:"), "{:?} in {:?}", ch.value(), out);
            }
        }
        prop_assert_eq!(card.matches("\r\n").count() > 0, out.matches("\r\n").count() > 0);
        prop_assert_eq!(cardlint::fill::fill(&out, &m, None).unwrap(), out.clone(), "idempotent");
        let r = cardlint::lint("README.md", &out, &cardlint::config::Settings::default(), &cardlint::lint::External::default());
        let g: f64 = m.grams.parse().unwrap();
        let got = r.reporting.unwrap().co2_grams.unwrap();
        prop_assert!((got - g).abs() <= 1e-3 * g, "{} vs {}", got, g);
    }
}

#[test]
fn a_rounded_figure_of_the_same_run_stays_as_the_generator_wrote_it() {
    // SetFit 1.1 wrote `hours_used: 0.001` and `Hours Used: 0.001 hours` (3 decimals) for a
    // run of a few seconds: the same run, measured at 3.5 s, leaves both lines as they are.
    let card = fs::read_to_string(generators().join("setfit-1.1.0/README.md")).unwrap();
    let csv = fs::read_to_string(generators().join("setfit-1.2.0/emissions.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    let at = header.split(',').position(|c| c == "duration").unwrap();
    let mut row: Vec<String> = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    row[at] = "3.5".into();
    let csv = format!("{header}\n{}\n", row.join(","));
    let m =
        cardlint::fill::measurement(&cardlint::fill::read_csv(&csv).unwrap(), None, false).unwrap();
    let out = cardlint::fill::fill(&card, &m, None).unwrap();
    assert!(out.contains("\n  hours_used: 0.001\n"), "{out}");
    assert!(out.contains("\n- **Hours Used**: 0.001 hours\n"), "{out}");
    // The emissions of another run are written at 4 significant digits, in the line's kg.
    assert!(out.contains("\n  emissions: 0.0001918\n"), "{out}");
    assert!(
        out.contains("\n- **Carbon Emitted**: 0.000000192 kg of CO2\n"),
        "{out}"
    );
}
