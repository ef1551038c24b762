//! `cardlint fill README.md --codecarbon emissions.csv`: writes `co2_eq_emissions` from a
//! CodeCarbon run (SPEC §4) and fills the Environmental Impact bullets, editing in place under the
//! same guarantees as `--fix`.

use crate::card::body::Field;
use crate::card::scalar::{core12, pyyaml11, Typed};
use crate::card::Card;
use crate::diagnostic::Span;
use crate::edit::{
    add_top_level, apply, editable, indent_of, line_ending, reads_back, Edit, Refusal,
};
use crate::facts::{self, is_placeholder, Co2Field, Facts};

mod codecarbon;
pub use codecarbon::{measurement, read_csv, Csv, Measurement, Row, MAX_CSV_BYTES};

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

/// The card with `co2_eq_emissions` written from the measurement and the Environmental Impact
/// bullets filled. Everything outside the edited nodes keeps its bytes.
pub fn fill(text: &str, m: &Measurement, training_type: Option<&str>) -> Result<String, String> {
    let card = Card::parse(text);
    let refused = |r: Refusal| format!("{r}; nothing was written");
    editable(&card).map_err(refused)?;
    let f = facts::collect(&card);
    // Keep a training type the card already states, unless one is given.
    let tt = training_type
        .map(str::to_string)
        .or_else(|| stated_training_type(&card, &f));
    let fields = co2_fields(m, tt.as_deref());
    let nl = line_ending(text);
    let block = |indent: &str| {
        let mut s = format!("{indent}co2_eq_emissions:");
        for (k, v) in &fields {
            s.push_str(&format!("{nl}{indent}  {k}: {v}"));
        }
        s
    };
    let mut edits = vec![co2_edit(&card, &f, block).map_err(refused)?];
    edits.extend(bullet_edits(&card, m));
    let (out, _) = apply(text, edits);
    // Verify: it parses and says what was measured.
    let check = Card::parse(&out);
    let g: f64 = m.grams.parse().map_err(|_| "bad grams")?;
    let got = facts::collect(&check).meta.and_then(|e| e.grams());
    if !reads_back(&check) || got != Some(g) {
        return Err("the filled card would not read back as measured; nothing was written".into());
    }
    Ok(out)
}

/// The card's own training type, unless a placeholder.
fn stated_training_type(card: &Card, f: &Facts) -> Option<String> {
    let t = f.co2.as_ref()?.field(Co2Field::TrainingType)?;
    card.yaml()?
        .str(t.value)
        .filter(|t| !is_placeholder(t))
        .map(str::to_string)
}

/// The `co2_eq_emissions` fields written, in order, as YAML scalars.
fn co2_fields(m: &Measurement, training_type: Option<&str>) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("emissions", m.grams.clone()),
        ("source", "CodeCarbon".into()),
    ];
    let optional = [
        ("training_type", training_type),
        ("geographical_location", m.location.as_deref()),
        ("hardware_used", m.hardware.as_deref()),
    ];
    fields.extend(
        optional
            .into_iter()
            .filter_map(|(k, v)| Some((k, yaml_scalar(v?)))),
    );
    fields
}

/// The edit writing `block(indent)`: in place of the card's `co2_eq_emissions` entry, or added.
fn co2_edit(card: &Card, f: &Facts, block: impl Fn(&str) -> String) -> Result<Edit, Refusal> {
    let (Some(y), Some(c)) = (card.yaml(), &f.co2) else {
        return add_top_level(card, block, "fill", true);
    };
    let text = card.text;
    let ks = y.span(c.key);
    let start = text[..ks.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let indent = indent_of(text, ks.start).ok_or(Refusal::NotPlainKey)?;
    Ok(Edit {
        span: Span::new(start, y.span(c.value).end.max(ks.end)),
        text: block(indent),
        code: "fill",
        safe: true,
    })
}

/// Every body line that states the emissions gets the measured figure, in its own unit, so that
/// nothing in the card contradicts what fill wrote (AutoTrain's grams line and a CodeCarbon
/// table in kilograms are outside the Environmental Impact section); the section's other
/// bullets get the measurement's hours, provider, region and hardware.
fn bullet_edits(card: &Card, m: &Measurement) -> Vec<Edit> {
    let text = card.text;
    let mut edits = Vec::new();
    for line in &card.body.fields {
        let value = match line.field {
            Field::CarbonEmitted => Some(format!("{} g CO2eq (CodeCarbon)", m.grams)),
            Field::AutoTrainCo2 => Some(m.grams.clone()),
            Field::CodeCarbonEmissions => crate::decimal::shift(&m.grams, -3),
            _ if !line.in_section => None,
            Field::HoursUsed => m.hours.map(|h| format!("{h:.2}")),
            Field::CloudProvider => m.cloud_provider.clone(),
            Field::ComputeRegion => m.compute_region.clone(),
            Field::HardwareType if is_placeholder(&line.value) => m.hardware.clone(),
            Field::HardwareType => None,
        };
        if let Some(v) = value {
            let s = line.value_span;
            let lead = if s.is_empty() && !text[..s.start].ends_with([' ', '\t']) {
                " "
            } else {
                ""
            };
            edits.push(Edit {
                span: s,
                text: format!("{lead}{v}"),
                code: "fill",
                safe: true,
            });
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::codecarbon::SAMPLE_CSV as CSV;
    use super::*;

    #[test]
    fn fills_front_matter_and_bullets_in_place() {
        let m = measurement(&read_csv(CSV).unwrap(), None, false).unwrap();
        let card = "---\r\nlicense: mit  # keep\r\nco2_eq_emissions: 12\r\ntags: [a]\r\n---\r\n## Environmental Impact\r\n\r\n- **Hardware Type:** [More Information Needed]\r\n- **Hours used:**\r\n- **Carbon Emitted:** [More Information Needed]\r\n";
        let out = fill(card, &m, Some("fine-tuning")).unwrap();
        assert!(out.starts_with("---\r\nlicense: mit  # keep\r\nco2_eq_emissions:\r\n  emissions: 319.355\r\n  source: CodeCarbon\r\n  training_type: fine-tuning\r\n  geographical_location: Quebec, Canada\r\n  hardware_used: 1 x NVIDIA GeForce GTX 1080 Ti\r\ntags: [a]\r\n---\r\n"), "{out}");
        assert!(
            out.contains(
                "- **Hours used:** 2.00\r\n- **Carbon Emitted:** 319.355 g CO2eq (CodeCarbon)\r\n"
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
            fresh.starts_with("---\nco2_eq_emissions:\n  emissions: 319.355\n")
                && fresh.ends_with("---\n# m\n"),
            "{fresh}"
        );
        assert!(fill("---\na: [\n---\n", &m, None).is_err());
    }

    #[test]
    fn every_emissions_line_gets_the_measured_figure_and_lint_agrees() {
        use crate::config::Settings;
        use crate::lint::{lint, External};
        let m = measurement(&read_csv(CSV).unwrap(), None, false).unwrap();
        let autotrain = "---\ntags: autotrain\nco2_eq_emissions:\n  emissions: 1500\n---\n# Model\n\n## Validation Metrics\n\n- CO2 Emissions (in grams): 4.21\n\n## Carbon Emissions\n\n| key | value |\n|---|---|\n| emissions | 0.0042 |\n| energy_consumed | 0.01 |\n";
        let out = fill(autotrain, &m, Some("fine-tuning")).unwrap();
        assert!(
            out.contains("- CO2 Emissions (in grams): 319.355\n"),
            "{out}"
        );
        assert!(out.contains("| emissions | 0.319355 |"), "{out}");
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
