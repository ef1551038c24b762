//! `cardlint fill README.md --codecarbon emissions.csv`: writes `co2_eq_emissions` from a
//! CodeCarbon run (SPEC §4) and fills the Environmental Impact bullets, editing in place under the
//! same guarantees as `--fix`.

use crate::card::scalar::{core12, pyyaml11, Typed};
use crate::card::Card;
use crate::decimal::round_sig;
use crate::edit::{apply, editable, reads_back, Refusal};
use crate::facts;

mod beside;
mod body;
mod codecarbon;
#[cfg(feature = "native")]
pub use beside::beside;
pub use beside::{command, Beside, CSV_NAME};
mod meta;
pub use codecarbon::{measurement, read_csv, Csv, Measurement, Row, MAX_CSV_BYTES};
use meta::{Keep, Owned};

/// A YAML scalar for `s`: plain where both YAML versions read it as this string, else quoted.
pub fn yaml_scalar(s: &str) -> String {
    let plain_ok = !s.is_empty()
        && s.trim() == s
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && core12(s) == Typed::Str
        && pyyaml11(s) == Typed::Str;
    if plain_ok {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Significant digits of a figure written into the metadata (grams, kWh, hours): CodeCarbon's
/// estimate is not better than a few per cent, and its 16 digits are float noise.
pub const META_DIGITS: i32 = 4;

/// The grams fill writes for a measurement, as text.
pub fn written_grams(m: &Measurement) -> String {
    round_sig(m.grams.parse().unwrap_or(0.0), META_DIGITS)
}

/// The card with `co2_eq_emissions` written from the measurement and the body's lines that
/// state it in agreement. Only the values fill owns change: every other key, line and byte
/// stays as it was (a generator's `energy_consumed`, `on_cloud`, `cpu_model`…).
pub fn fill(text: &str, m: &Measurement, training_type: Option<&str>) -> Result<String, String> {
    let card = Card::parse(text);
    let refused = |r: Refusal| format!("{r}; nothing was written");
    editable(&card).map_err(refused)?;
    let f = facts::collect(&card);
    let grams: f64 = m.grams.parse().map_err(|_| "bad grams")?;
    let inferred = inferred_training_type(&card, &f);
    let fields = owned(m, grams, training_type.or(inferred));
    let mut edits = meta::co2_edits(&card, &f, &fields).map_err(refused)?;
    edits.extend(body::bullet_edits(&card, m, grams));
    let (out, _) = apply(text, edits);
    verify(&card, &out, grams)?;
    Ok(out)
}

/// `fine-tuning` where the card states no training type but says it was trained from another
/// model (`base_model`), or was written by Sentence Transformers or SetFit (which state
/// fine-tuning themselves when they write the emissions).
fn inferred_training_type(card: &Card, f: &facts::Facts) -> Option<&'static str> {
    if f.filled(facts::Co2Field::TrainingType) {
        return None;
    }
    let y = card.yaml()?;
    let has = |key| card.top(key).is_some_and(|(_, v)| !y.is_null(v));
    let library = card.top("library_name").and_then(|(_, v)| y.str(v));
    let generator = matches!(library, Some("sentence-transformers" | "setfit"));
    (has("base_model") || generator).then_some("fine-tuning")
}

/// What fill writes into `co2_eq_emissions`, in the order new keys are added.
fn owned(m: &Measurement, grams: f64, training_type: Option<&str>) -> Vec<Owned> {
    let figure = |key, x: f64, keep, only_over| {
        let v = round_sig(x, META_DIGITS);
        Owned {
            key,
            yaml: v.clone(),
            value: v,
            keep,
            only_over,
        }
    };
    let text = |key, v: &str| Owned {
        key,
        yaml: yaml_scalar(v),
        value: v.to_string(),
        keep: Keep::Same,
        only_over: false,
    };
    let mut fields = vec![
        figure("emissions", grams, Keep::Precise, false),
        text("source", "CodeCarbon"),
    ];
    // A training type the card states stays, unless one is given.
    fields.extend(training_type.map(|t| text("training_type", t)));
    fields.extend(
        m.location
            .as_deref()
            .map(|l| text("geographical_location", l)),
    );
    fields.extend(m.hardware.as_deref().map(|h| text("hardware_used", h)));
    // A generator's (Sentence Transformers, SetFit) measurements: updated where the card has
    // them, so that they describe the same run.
    fields.extend(
        m.energy_kwh
            .map(|e| figure("energy_consumed", e, Keep::Stated(e), true)),
    );
    fields.extend(
        m.hours
            .map(|h| figure("hours_used", h, Keep::Stated(h), true)),
    );
    fields
}

/// The filled card reads back, says what was measured, and has every key the card had.
fn verify(before: &Card, out: &str, grams: f64) -> Result<(), String> {
    let after = Card::parse(out);
    let got = facts::collect(&after).meta.and_then(|e| e.grams());
    let close = got.is_some_and(|g| (g - grams).abs() <= 1e-3 * grams);
    if !reads_back(&after) || !close {
        return Err("the filled card would not read back as measured; nothing was written".into());
    }
    let lost: Vec<String> = keys(before)
        .into_iter()
        .filter(|k| !keys(&after).contains(k))
        .collect();
    if !lost.is_empty() {
        return Err(format!(
            "the filled card would lose {}; nothing was written",
            crate::escape::safe_text(&lost.join(", "))
        ));
    }
    Ok(())
}

/// The card's top-level keys and `co2_eq_emissions` sub-keys (`co2_eq_emissions.on_cloud`).
pub fn keys(card: &Card) -> Vec<String> {
    let Some((y, root)) = card.root_map() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &(k, v) in y.entries(root).unwrap_or(&[]) {
        let name = y.str(k).unwrap_or("?");
        out.push(name.to_string());
        if name == "co2_eq_emissions" {
            for &(sk, _) in y.entries(v).unwrap_or(&[]) {
                out.push(format!("{name}.{}", y.str(sk).unwrap_or("?")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::codecarbon::SAMPLE_CSV as CSV;
    use super::*;

    fn m() -> Measurement {
        measurement(&read_csv(CSV).unwrap(), None, false).unwrap()
    }

    #[test]
    fn fills_front_matter_and_bullets_in_place() {
        let m = m();
        let card = "---\r\nlicense: mit  # keep\r\nco2_eq_emissions: 12\r\ntags: [a]\r\n---\r\n## Environmental Impact\r\n\r\n- **Hardware Type:** [More Information Needed]\r\n- **Hours used:**\r\n- **Carbon Emitted:** [More Information Needed]\r\n";
        let out = fill(card, &m, Some("fine-tuning")).unwrap();
        assert!(out.starts_with("---\r\nlicense: mit  # keep\r\nco2_eq_emissions:\r\n  emissions: 319.4\r\n  source: CodeCarbon\r\n  training_type: fine-tuning\r\n  geographical_location: Quebec, Canada\r\n  hardware_used: 1 x NVIDIA GeForce GTX 1080 Ti\r\ntags: [a]\r\n---\r\n"), "{out}");
        assert!(
            out.contains(
                "- **Hours used:** 2 hours\r\n- **Carbon Emitted:** 319 g CO2eq (measured with CodeCarbon)\r\n"
            ),
            "{out}"
        );
        assert!(out.contains("- **Hardware Type:** 1 x NVIDIA GeForce GTX 1080 Ti"));
        assert_eq!(
            fill(&out, &m, None).unwrap(),
            out,
            "idempotent, keeping the training type"
        );
        let fresh = fill("# m\n", &m, None).unwrap();
        assert!(
            fresh.starts_with("---\nco2_eq_emissions:\n  emissions: 319.4\n")
                && fresh.ends_with("---\n# m\n"),
            "{fresh}"
        );
        assert!(fill("---\na: [\n---\n", &m, None).is_err());
    }

    /// Sentence Transformers' keys and body lines (its template, `model_card_template.md`).
    const ST: &str = "---\ntags:\n- sentence-transformers\nco2_eq_emissions:\n  emissions: 319.35512345678901\n  energy_consumed: 0.09\n  source: codecarbon\n  training_type: fine-tuning\n  on_cloud: false\n  cpu_model: Intel(R) Xeon(R) CPU @ 2.20GHz\n  ram_total_size: 12.674789428710938\n  hours_used: 2.0\n  hardware_used: 1 x NVIDIA GeForce GTX 1080 Ti\nmodel-index: []  # results\n---\n\n### Environmental Impact\nCarbon emissions were measured using [CodeCarbon](https://github.com/mlco2/codecarbon).\n- **Energy Consumed**: 0.090 kWh\n- **Carbon Emitted**: 0.319 kg of CO2\n- **Hours Used**: 2.0 hours\n";

    #[test]
    fn a_generator_card_keeps_every_key_and_line_it_agrees_with() {
        let m = m();
        // The same run: nothing changes but the location fill adds.
        let out = fill(ST, &m, None).unwrap();
        assert_eq!(
            out,
            ST.replace(
                "  hardware_used: 1 x NVIDIA GeForce GTX 1080 Ti\n",
                "  hardware_used: 1 x NVIDIA GeForce GTX 1080 Ti\n  geographical_location: Quebec, Canada\n"
            )
        );
        // Another run: the figures fill owns change in place, at a sensible precision and in
        // the line's own unit; the generator's other keys keep their bytes.
        let other = CSV
            .replace(",7200,0.319355,", ",3.5,0.0000423456789012345,")
            .replace(",0.09,Canada", ",0.000123456,Canada");
        let m2 = measurement(&read_csv(&other).unwrap(), None, false).unwrap();
        let out = fill(ST, &m2, None).unwrap();
        for kept in [
            "  source: codecarbon\n",
            "  on_cloud: false\n",
            "  cpu_model: Intel(R) Xeon(R) CPU @ 2.20GHz\n",
            "  ram_total_size: 12.674789428710938\n",
            "model-index: []  # results\n",
        ] {
            assert!(out.contains(kept), "{kept:?} in {out}");
        }
        for written in [
            "- **Energy Consumed**: 0.000123 kWh\n",
            "  emissions: 0.04235\n",
            "  energy_consumed: 0.0001235\n",
            "  hours_used: 0.0009722\n",
            "- **Carbon Emitted**: 0.0000423 kg of CO2\n",
            "- **Hours Used**: 0.000972 hours\n",
        ] {
            assert!(out.contains(written), "{written:?} in {out}");
        }
        assert_eq!(
            keys(&Card::parse(&out)).len(),
            keys(&Card::parse(ST)).len() + 1
        );
    }

    #[test]
    fn an_empty_flow_mapping_is_an_empty_mapping() {
        let m = m();
        let out = fill("---\n{}\n---\n# m\n", &m, None).unwrap();
        assert!(
            out.starts_with("---\nco2_eq_emissions:\n  emissions: 319.4\n"),
            "{out}"
        );
        assert!(out.ends_with("\n---\n# m\n"), "{out}");
        let e = fill("---\n{license: mit}\n---\n", &m, None).unwrap_err();
        assert!(e.contains("flow mapping"), "{e}");
    }

    #[test]
    fn a_flow_or_null_co2_keeps_its_other_entries() {
        let m = m();
        let out = fill(
            "---\nco2_eq_emissions: {emissions: 1, cpu_model: \"x, y\"}\n---\n",
            &m,
            None,
        )
        .unwrap();
        assert!(
            out.contains("  emissions: 319.4\n") && out.contains("  cpu_model: \"x, y\"\n"),
            "{out}"
        );
        let out = fill(
            "---\nco2_eq_emissions:\n  emissions:\n  on_cloud: true\n---\n",
            &m,
            None,
        )
        .unwrap();
        assert!(
            out.starts_with("---\nco2_eq_emissions:\n  emissions: 319.4\n  on_cloud: true\n"),
            "{out}"
        );
    }

    #[test]
    fn every_emissions_line_gets_the_measured_figure_and_lint_agrees() {
        use crate::config::Settings;
        use crate::lint::{lint, External};
        let m = m();
        let autotrain = "---\ntags: autotrain\nco2_eq_emissions:\n  emissions: 1500\n---\n# Model\n\n## Validation Metrics\n\n- CO2 Emissions (in grams): 4.21\n\n## Carbon Emissions\n\n| key | value |\n|---|---|\n| emissions | 0.0042 |\n| energy_consumed | 0.01 |\n";
        let out = fill(autotrain, &m, Some("fine-tuning")).unwrap();
        assert!(out.contains("- CO2 Emissions (in grams): 319\n"), "{out}");
        assert!(out.contains("| emissions | 0.319 |"), "{out}");
        let report = lint(
            "README.md",
            &out,
            &Settings::default(),
            &External::default(),
        );
        let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code).collect();
        assert!(
            !codes
                .iter()
                .any(|c| ["CL105", "CL106", "CL102"].contains(c)),
            "{codes:?}"
        );
    }

    #[test]
    fn prose_about_another_figure_is_not_rewritten() {
        let m = m();
        let card = "Emissions: not tracked; the base model is quoted at 650 kg\n\n## Environmental Impact\n\n- **Carbon Emitted:** not measured, see 650 kg above\n- **Hours used:** about 3 days\n";
        let out = fill(card, &m, None).unwrap();
        assert!(
            out.contains("\nEmissions: not tracked; the base model is quoted at 650 kg\n"),
            "{out}"
        );
        assert!(
            out.contains("- **Carbon Emitted:** 319 g CO2eq (measured with CodeCarbon)\n"),
            "{out}"
        );
        assert!(
            out.contains("- **Hours used:** about 0.0833 days\n"),
            "{out}"
        );
    }

    #[test]
    fn csv_text_reaches_the_body_as_text() {
        let evil = CSV.replace(
            "1 x NVIDIA GeForce GTX 1080 Ti",
            "<img src=x> [a](b) `c` *d* | e \\ &amp;",
        );
        let m = measurement(&read_csv(&evil).unwrap(), None, false).unwrap();
        let card = "## Environmental Impact\n\n- **Hardware Type:** [More Information Needed]\n";
        let out = fill(card, &m, None).unwrap();
        assert!(
            out.contains("- **Hardware Type:** 1 x \\<img src=x\\> \\[a\\](b) \\`c\\` \\*d\\* \\| e \\\\ \\&amp;\n"),
            "{out}"
        );
        assert_eq!(fill(&out, &m, None).unwrap(), out, "idempotent");
        let link = CSV.replace("Canada,CAN", "https://evil.example,CAN");
        let e = measurement(&read_csv(&link).unwrap(), None, false).unwrap_err();
        assert!(e.contains("line 2, column `country_name`: a link"), "{e}");
    }

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(yaml_scalar("Quebec, Canada"), "Quebec, Canada");
        assert_eq!(yaml_scalar("no"), "\"no\"");
        assert_eq!(yaml_scalar("a: b"), "\"a: b\"");
        assert_eq!(yaml_scalar("1e3"), "\"1e3\"");
        assert_eq!(
            yaml_scalar("Intel(R) Xeon(R) CPU @ 2.20GHz"),
            "Intel(R) Xeon(R) CPU @ 2.20GHz"
        );
    }
}
