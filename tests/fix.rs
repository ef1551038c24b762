//! `--fix`, `--diff`, `--unsafe-fixes` and `fill` from the command line; property tests of the
//! fixer on generated cards; diffs of the real corpus cards that have fixable findings.

mod common;

use std::fs;

use cardlint::config::Settings;
use cardlint::fix::fix;
use cardlint::lint::External;
use common::{bin, dir_with, run, write};
use proptest::prelude::*;

const STRING_KG: &str = "---\nlicense: mit  # keep me\nco2_eq_emissions:\n  emissions: \"0.319355 Kg\"\n  hardware_used: 8 v100 GPUs\n---\n# m\n";

#[test]
fn fix_writes_in_place_and_a_second_run_changes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "README.md", STRING_KG);
    let o = run(&["--fix", "--format", "concise", "README.md"], d.path());
    assert!(String::from_utf8_lossy(&o.stderr).contains("fixed 1 finding in 1 card"));
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        STRING_KG.replace("\"0.319355 Kg\"", "319.355")
    );
    // The report shows what is left, not what was fixed.
    assert!(!String::from_utf8_lossy(&o.stdout).contains("CL102"));
    let before = fs::read(&p).unwrap();
    let o = run(&["--fix", "README.md"], d.path());
    assert!(String::from_utf8_lossy(&o.stderr).contains("fixed 0 findings"));
    assert_eq!(fs::read(&p).unwrap(), before);
}

#[test]
fn diff_writes_nothing_and_exits_1() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "README.md", STRING_KG);
    let o = run(&["--diff", "README.md"], d.path());
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with("--- a/README.md\n+++ b/README.md\n")
            && out.contains("-  emissions: \"0.319355 Kg\"\n+  emissions: 319.355\n"),
        "{out}"
    );
    assert_eq!(fs::read_to_string(&p).unwrap(), STRING_KG);
    write(
        d.path(),
        "clean/README.md",
        "---\nco2_eq_emissions: 3\n---\n",
    );
    assert_eq!(
        run(&["--diff", "clean/README.md"], d.path()).status.code(),
        Some(0)
    );
}

#[test]
fn unsafe_fixes_need_the_flag() {
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "README.md", "---\nco2_eq_emissions: 25.4\n---\n");
    run(&["--fix", "README.md"], d.path());
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        "---\nco2_eq_emissions: 25.4\n---\n"
    );
    run(&["--fix", "--unsafe-fixes", "README.md"], d.path());
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        "---\nco2_eq_emissions:\n  emissions: 25.4\n---\n"
    );
}

#[test]
fn refusals_leave_the_card_alone() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempfile::tempdir().unwrap();
    let p = write(d.path(), "ro/README.md", STRING_KG);
    fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
    let o = run(&["--fix", "ro/README.md"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("read-only"));
    assert_eq!(fs::read_to_string(&p).unwrap(), STRING_KG);
    // A card that does not parse is never written.
    let broken = "---\nco2_eq_emissions: \"1 kg\"\ntags: [a\n---\n";
    let q = write(d.path(), "broken/README.md", broken);
    run(&["--fix", "--unsafe-fixes", "broken/README.md"], d.path());
    assert_eq!(fs::read_to_string(&q).unwrap(), broken);
    // Standard input cannot be fixed in place.
    let o = bin()
        .args(["--fix", "-"])
        .current_dir(d.path())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn fill_from_codecarbon_csv() {
    let d = tempfile::tempdir().unwrap();
    let csv = "timestamp,project_name,run_id,duration,emissions,country_name,region,cloud_provider,cloud_region,cpu_count,cpu_model,gpu_count,gpu_model,on_cloud\n\
               t,p,a,3600,0.5,France,,,,8,Some CPU,2,2 x NVIDIA A100,N\n\
               t,p,b,1800,0.25,,,gcp,europe-west1,8,Some CPU,0,,Y\n";
    write(d.path(), "emissions.csv", csv);
    let p = write(d.path(), "README.md", "# m\n\n## Environmental Impact\n\n- **Hours used:** [More Information Needed]\n- **Cloud Provider:** [More Information Needed]\n");
    let o = run(
        &[
            "fill",
            "README.md",
            "--codecarbon",
            "emissions.csv",
            "--run-id",
            "a",
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
    assert!(String::from_utf8_lossy(&o.stderr).contains("Energy Awareness (3/5)"));
    let t = fs::read_to_string(&p).unwrap();
    assert!(t.starts_with("---\nco2_eq_emissions:\n  emissions: 500\n  source: CodeCarbon\n  training_type: fine-tuning\n  geographical_location: France\n  hardware_used: 2 x NVIDIA A100\n---\n# m\n"), "{t}");
    assert!(
        t.contains("- **Hours used:** 1 hour\n- **Cloud Provider:** none (on premises)\n"),
        "{t}"
    );
    // The last run is on the cloud; --sum adds both runs.
    let o = run(
        &[
            "fill",
            "README.md",
            "--codecarbon",
            "emissions.csv",
            "--sum",
            "--diff",
        ],
        d.path(),
    );
    let diff = String::from_utf8_lossy(&o.stdout);
    assert!(
        diff.contains("+  emissions: 750\n") && !diff.contains("+  training_type: fine-tuning"),
        "{diff}"
    );
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
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("+  geographical_location: gcp europe-west1")
    );
    assert_eq!(fs::read_to_string(&p).unwrap(), t, "--diff writes nothing");
    // Errors name the file.
    write(d.path(), "bad.csv", "a,b\n1,2\n");
    let o = run(&["fill", "README.md", "--codecarbon", "bad.csv"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("bad.csv: the CSV file has no `emissions` column"));
}

/// A CodeCarbon CSV is input too (issue #11 §8): a newline or control character in a text
/// cell, a decimal comma, `inf` or an absurd count is refused with the CSV line and column,
/// and the card is left as it was.
#[test]
fn fill_refuses_unsafe_csv_values() {
    const HEAD: &str =
        "run_id,duration,emissions,country_name,region,gpu_count,gpu_model,on_cloud\n";
    let cases = [
        ("r1,10,0.5,Canada,quebec,1,\"A100\n## Injected heading\",N\n", "line 2, column `gpu_model`: U+000A"),
        ("r1,10,0.5,Canada,quebec,1,\"A100\u{1b}[31m\",N\n", "line 2, column `gpu_model`: U+001B (ESC)"),
        ("r1,10,\"1,5\",Canada,quebec,1,A100,N\n", "line 2, column `emissions`: `1,5` is not a non-negative number written with a decimal point (a decimal comma"),
        ("r1,inf,0.5,Canada,quebec,1,A100,N\n", "line 2, column `duration`: `inf` is not"),
        ("r1,10,0.5,Canada,quebec,1e30,A100,N\n", "line 2, column `gpu_count`: `1e30` is not a count"),
        ("r1,10,1e30000,Canada,quebec,1,A100,N\n", "line 2, column `emissions`"),
        ("r1,10,0.5,\"Can\nada\",quebec,1,A100,N\n", "line 2, column `country_name`"),
        ("r0,10,0.5,Canada,quebec,1,A100,N\nr1,10,-2,Canada,quebec,1,A100,N\n", "line 3, column `emissions`: `-2`"),
    ];
    let card = "---\nlicense: mit\n---\n# m\n";
    for (rows, want) in cases {
        let d = dir_with(&[("README.md", card), ("e.csv", &format!("{HEAD}{rows}"))]);
        let o = run(&["fill", "README.md", "--codecarbon", "e.csv"], d.path());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{rows}: {err}");
        assert!(err.contains(&format!("e.csv: {want}")), "{rows}: {err}");
        assert_eq!(
            fs::read_to_string(d.path().join("README.md")).unwrap(),
            card
        );
    }
    // A good row still fills, with a count that is a whole number written as `2.0`.
    let d = dir_with(&[
        ("README.md", card),
        (
            "e.csv",
            &format!("{HEAD}r1,3600,0.5,Canada,quebec,2.0,A100,N\n"),
        ),
    ]);
    let o = run(&["fill", "README.md", "--codecarbon", "e.csv"], d.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let filled = fs::read_to_string(d.path().join("README.md")).unwrap();
    assert!(
        filled.contains("emissions: 500") && filled.contains("hardware_used: 2 x A100"),
        "{filled}"
    );
}

// ---- property tests -------------------------------------------------------------------------

fn value() -> impl Strategy<Value = (String, Option<f64>)> {
    // (YAML text of the emissions value, the grams a fix must produce where one applies)
    prop_oneof![
        (1u32..100_000, 0u32..4).prop_map(|(n, d)| {
            let v = n as f64 / 10f64.powi(d as i32);
            (format!("{v}"), None)
        }),
        (1u32..100_000, 0u32..4, 0usize..5).prop_map(|(n, d, u)| {
            let v = n as f64 / 10f64.powi(d as i32);
            let (unit, factor) = [
                ("g", 1.0),
                ("kg", 1e3),
                ("Kg", 1e3),
                ("tonnes", 1e6),
                ("kg CO2 eq.", 1e3),
            ][u];
            (format!("\"{v} {unit}\""), Some(v * factor))
        }),
        Just(("24_700_000".to_string(), Some(24_700_000.0))),
    ]
}

prop_compose! {
    fn card()(
        crlf in any::<bool>(),
        bom in any::<bool>(),
        mapping in any::<bool>(),
        (v, grams) in value(),
        comment in any::<bool>(),
        extra in proptest::collection::vec(("[a-z]{1,8}", "[A-Za-z0-9 ]{0,12}"), 0..4),
        env_section in any::<bool>(),
        body in "[A-Za-z .]{0,40}",
    ) -> (String, Option<f64>) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut lines = vec!["license: mit".to_string()];
        for (k, val) in &extra {
            lines.push(format!("x_{k}: \"{val}\""));
        }
        let c = if comment { "  # measured" } else { "" };
        if mapping {
            lines.push("co2_eq_emissions:".into());
            lines.push(format!("  emissions: {v}{c}"));
            lines.push("  source: CodeCarbon".into());
        } else {
            lines.push(format!("co2_eq_emissions: {v}{c}"));
        }
        let mut t = String::new();
        if bom { t.push('\u{feff}'); }
        t.push_str(&format!("---{nl}{}{nl}---{nl}# model{nl}{body}{nl}", lines.join(nl)));
        if env_section {
            t.push_str(&format!("{nl}## Environmental Impact{nl}{nl}- **Hardware Type:** [More Information Needed]{nl}"));
        }
        (t, grams)
    }
}

fn only_emissions_lines_changed(old: &str, new: &str) -> bool {
    let diff = similar::TextDiff::from_lines(old, new);
    diff.iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .all(|c| c.value().contains("emissions"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn fixes_touch_only_the_value_parse_and_are_idempotent((text, grams) in card(), unsafe_ok in any::<bool>()) {
        let s = Settings::default();
        let e = External::default();
        let f = fix("README.md", &text, &s, &e, unsafe_ok).unwrap();
        prop_assert!(only_emissions_lines_changed(&text, &f.text), "{:?} -> {:?}", text, f.text);
        // BOM, line endings and the body are untouched.
        prop_assert_eq!(text.starts_with('\u{feff}'), f.text.starts_with('\u{feff}'));
        prop_assert_eq!(text.matches("\r\n").count() > 0, f.text.matches("\r\n").count() > 0);
        let body_at = |t: &str| t.find("# model").unwrap();
        prop_assert_eq!(&text[body_at(&text)..], &f.text[body_at(&f.text)..]);
        let again = fix("README.md", &f.text, &s, &e, unsafe_ok).unwrap();
        prop_assert_eq!(&again.text, &f.text);
        prop_assert!(again.applied.is_empty());
        let r = cardlint::lint("README.md", &f.text, &s, &e);
        prop_assert!(!r.diagnostics.iter().any(|d| d.code == "CL002" || d.code == "CL102" || d.code == "CL005"));
        if let Some(g) = grams {
            let got = r.reporting.unwrap().co2_grams.unwrap();
            prop_assert!((got - g).abs() <= 1e-9 * g.max(1.0), "{} vs {}", got, g);
        }
    }
}

// ---- the real corpus ------------------------------------------------------------------------

#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared beside the project (CI has it)"
)]
fn corpus_fix_diffs() {
    let Some(shared) = common::shared("corpus/DETAILS.tsv") else {
        return;
    };
    let mut files: Vec<_> = fs::read_dir(shared.join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let (s, e) = (Settings::default(), External::default());
    let mut snapshot = String::new();
    let mut unsafe_cards = 0;
    for p in &files {
        let Ok(text) = fs::read_to_string(p) else {
            continue;
        };
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let f = fix(&name, &text, &s, &e, false).unwrap();
        if !f.applied.is_empty() {
            snapshot.push_str(&cardlint::fix::diff(&name, &text, &f.text));
            let again = fix(&name, &f.text, &s, &e, false).unwrap();
            assert!(again.applied.is_empty(), "{name}: not idempotent");
        }
        let u = fix(&name, &text, &s, &e, true).unwrap();
        if u.applied.iter().any(|x| !x.safe) {
            unsafe_cards += 1;
            assert!(only_emissions_lines_changed(&text, &u.text), "{name}");
        }
    }
    // Safe: 6 of the 7 string values (`"0.319355 Kg"`, `"28.53 in grams of CO2"`; `Kg` has no number) become
    // grams, and the 12 cards stating emissions only in the body (Stable Diffusion's `11250 kg CO2
    // eq.`, AutoTrain lines) get them in the metadata. The 78 bare numbers and the 8 kg-in-grams
    // cards need --unsafe-fixes.
    assert_eq!(snapshot.matches("--- a/").count(), 18, "{snapshot}");
    assert!(unsafe_cards >= 80, "{unsafe_cards}");
    insta::assert_snapshot!("corpus_fix_diffs", snapshot);
}

/// A help text names the figure its fix writes: every digit the card gave, shifted to grams
/// (not rounded to six decimals), and the arithmetic it shows uses the card's own number.
#[test]
fn a_help_and_its_fix_write_the_same_figure() {
    let cases = [
        // CL102: a string with a unit.
        (
            "CL102",
            "---\nco2_eq_emissions:\n  emissions: \"0.0000123456789 kg\"\n  hardware_used: 1 x A100\n---\n# m\n",
            "0.0123456789",
        ),
        // CL105: kilograms copied into the grams field.
        (
            "CL105",
            "---\nco2_eq_emissions: 1.23456789\n---\n# m\n\n## Environmental Impact\n\n- **Carbon Emitted:** 1.23456789 kg\n",
            "1234.56789",
        ),
        // CL005: an exponent without a dot, which YAML 1.1 reads as text.
        (
            "CL005",
            "---\nco2_eq_emissions:\n  emissions: 1.2345678901e3\n  hardware_used: 1 x A100\n---\n# m\n",
            "1234.5678901",
        ),
        // CL106: the figure only in the body.
        (
            "CL106",
            "---\nlicense: mit\n---\n# m\n\n## Environmental Impact\n\n- **Carbon Emitted:** 0.0000123456789 kg\n",
            "0.0123456789",
        ),
    ];
    for (code, card, grams) in cases {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "README.md", card);
        let v = common::json(&run(&["--format", "json", "README.md"], d.path()));
        let help = v["cards"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["code"] == code)
            .unwrap_or_else(|| panic!("{code} in {v}"))["help"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(help.contains(&format!("{grams}`")), "{code}: {help}");
        let o = run(&["--diff", "--unsafe-fixes", "README.md"], d.path());
        let diff = String::from_utf8_lossy(&o.stdout);
        let added: Vec<&str> = diff
            .lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .collect();
        assert!(
            added.iter().any(|l| l.ends_with(&format!(": {grams}"))),
            "{code}: the fix writes {grams}: {diff}"
        );
    }
    // The arithmetic shown uses the card's number, not a rounded one.
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "README.md", cases[0].1);
    let v = common::json(&run(&["--format", "json", "README.md"], d.path()));
    let text = v.to_string();
    assert!(
        text.contains("(0.0000123456789 kg = 0.0123456789 g)"),
        "{text}"
    );
}

/// The body's emissions report, as cards state it today: each `--fix`es into the documented
/// mapping with what the same bullets or table state, and the next lint has no emissions
/// warning left (nor CL201 where the body names the hardware).
#[test]
fn one_fix_of_a_body_only_report_leads_to_a_clean_card() {
    let cards = [
        (
            "---\nlicense: apache-2.0\n---\n# seg-model\n\n## Environmental Impact\n\n- **Hardware Type:** 4 x L4\n- **Hours used:** 11\n- **Cloud Provider:** AWS\n- **Compute Region:** eu-central-1 (Frankfurt)\n- **Carbon Emitted:** 2.75 kg CO2eq\n",
            "co2_eq_emissions:\n  emissions: 2750\n  hardware_used: 4 x L4\n  geographical_location: eu-central-1 (Frankfurt)\n",
        ),
        (
            "# ner\n\n## Training emissions\n\n| timestamp | emissions | energy_consumed | country_name | gpu_model | cpu_model |\n|---|---|---|---|---|---|\n| 2024-05-01 | 0.0123 | 0.041 | France | 1 x NVIDIA L40S | AMD EPYC |\n",
            "co2_eq_emissions:\n  emissions: 12.3\n  hardware_used: 1 x NVIDIA L40S\n  source: CodeCarbon\n  geographical_location: France\n",
        ),
        (
            "---\ntags:\n- autotrain\n---\n# m\n\n## Validation Metrics\n\n- CO2 Emissions (in grams): 3.1416\n",
            "co2_eq_emissions:\n  emissions: 3.1416\n",
        ),
    ];
    for (card, mapping) in cards {
        let d = tempfile::tempdir().unwrap();
        let p = write(d.path(), "README.md", card);
        let o = run(&["--fix", "--isolated", "README.md"], d.path());
        let fixed = fs::read_to_string(&p).unwrap();
        assert!(fixed.contains(mapping), "{fixed}\n{o:?}");
        let v = common::json(&run(
            &["--isolated", "--format", "json", "README.md"],
            d.path(),
        ));
        let codes = common::codes(&v, 0);
        let emissions_warnings: Vec<&String> = codes
            .iter()
            .filter(|c| c.starts_with("CL1") || (mapping.contains("hardware") && *c == "CL201"))
            .collect();
        assert!(emissions_warnings.is_empty(), "{fixed}\n{codes:?}");
        // The level is now read from the metadata, with the same grams.
        assert_eq!(
            v["cards"][0]["reporting"]["co2_from"], "metadata",
            "{fixed}"
        );
    }
}

/// A body figure cardlint is less sure of (an approximation) is an info whose fix is unsafe;
/// the kind of sentence (a negation, another model's figure) is no report at all and
/// `--fix` writes nothing.
#[test]
fn unsure_and_non_reports_are_not_written_by_a_safe_fix() {
    let d = tempfile::tempdir().unwrap();
    let approx = "---\nlicense: mit\n---\n## Environmental Impact\n\n- **Carbon Emitted:** approx. 3 kg CO2eq\n";
    let p = write(d.path(), "README.md", approx);
    let v = common::json(&run(
        &["--isolated", "--format", "json", "README.md"],
        d.path(),
    ));
    let diags = v["cards"][0]["diagnostics"].as_array().unwrap();
    let d106 = diags.iter().find(|d| d["code"] == "CL106").expect("CL106");
    assert_eq!(d106["severity"], "info");
    run(&["--fix", "--isolated", "README.md"], d.path());
    assert_eq!(fs::read_to_string(&p).unwrap(), approx);
    run(
        &["--fix", "--unsafe-fixes", "--isolated", "README.md"],
        d.path(),
    );
    assert!(fs::read_to_string(&p)
        .unwrap()
        .contains("co2_eq_emissions:\n  emissions: 3000\n"));

    let hearsay = "---\nlicense: mit\n---\n# adapter\n\n- Emissions: we did not track this run; the base model is usually put at around 650 kg CO2eq\n- **Carbon Emitted:** 480 kg CO2eq for the original model's pre-training\n";
    let p = write(d.path(), "README.md", hearsay);
    let v = common::json(&run(
        &["--isolated", "--format", "json", "README.md"],
        d.path(),
    ));
    assert_eq!(v["cards"][0]["reporting"]["level"], 0);
    assert_eq!(common::codes(&v, 0), ["CL101"]);
    run(
        &["--fix", "--unsafe-fixes", "--isolated", "README.md"],
        d.path(),
    );
    assert_eq!(fs::read_to_string(&p).unwrap(), hearsay);
}

/// What the body's bullets state is copied as YAML that reads back as the same text, whatever
/// the author wrote; a value with a line separator or a bidi control is left out.
#[test]
fn the_mapping_fix_quotes_what_the_body_states() {
    for (hw, written) in [
        ("A100: \"80GB\" # fast", true),
        ("*8* x {A100} \\ [H100]", true),
        ("- yes", true),
        ("null", true),
        ("A100\u{2028}emissions: 1", false),
        ("A100 \u{202e}001V", false),
    ] {
        let d = tempfile::tempdir().unwrap();
        let card = format!("---\nlicense: mit\n---\n## Environmental Impact\n\n- **Hardware Type:** {hw}\n- **Carbon Emitted:** 5 kg CO2eq\n");
        let p = write(d.path(), "README.md", &card);
        run(&["--fix", "--isolated", "README.md"], d.path());
        let fixed = fs::read_to_string(&p).unwrap();
        assert!(fixed.contains("  emissions: 5000\n"), "{fixed}");
        assert_eq!(fixed.contains("hardware_used"), written, "{fixed}");
        let v = common::json(&run(
            &["--isolated", "--format", "json", "README.md"],
            d.path(),
        ));
        let r = &v["cards"][0]["reporting"];
        assert_eq!(r["co2_from"], "metadata", "{fixed}");
        if written {
            assert_eq!(
                (r["hardware"].as_str(), r["hardware_from"].as_str()),
                (Some(hw), Some("metadata")),
                "{fixed}"
            );
        }
    }
}
