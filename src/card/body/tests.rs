//! The body parser's unit tests.

use super::*;

#[test]
fn the_marker_scanner_equals_the_regex() {
    let re = Regex::new(r"^\s{0,3}(?:[-*+]|[0-9]{1,9}[.)])?\s*").unwrap();
    crate::util::testing::every_string(" \t-*+1.)a:\u{a0}", 5, |x| {
        assert_eq!(marker_end(x), re.find(x).unwrap().end(), "{x:?}");
    });
    for x in ["1234567890. a", "123456789. a", "    - x", "   - x"] {
        assert_eq!(marker_end(x), re.find(x).unwrap().end(), "{x:?}");
    }
}

const CARD: &str = "# Model\n\n## Environmental Impact\n\n- **Hardware Type:** 8 v100 GPUs\n- **Hours used:** [More Information Needed]\n- **Carbon Emitted:** 1.71 KgCO2 (Singapore)\n\n## Validation Metrics\n\n- CO2 Emissions (in grams): 25.4476\n\n```\nHardware Type: ignored\n```\n<!-- cardlint-disable CL010, placeholder-value -->\n";

#[test]
fn finds_the_section_its_bullets_and_the_autotrain_line() {
    let b = parse(CARD, 100);
    let hw = b.field(Field::HardwareType).unwrap();
    assert_eq!(hw.value, "8 v100 GPUs");
    assert_eq!(
        &CARD[hw.value_span.start - 100..hw.value_span.end - 100],
        "8 v100 GPUs"
    );
    assert!(hw.in_section);
    assert_eq!(
        b.field(Field::CarbonEmitted).unwrap().value,
        "1.71 KgCO2 (Singapore)"
    );
    let at = b.field(Field::AutoTrainCo2).unwrap();
    assert_eq!(at.value, "25.4476");
    assert!(!at.in_section);
    assert_eq!(
        b.fields
            .iter()
            .filter(|f| f.field == Field::HardwareType)
            .count(),
        1
    );
    assert_eq!(b.suppressions[0].codes, vec!["CL010", "placeholder-value"]);
}

#[test]
fn codecarbon_results_tables_vertical_and_horizontal() {
    let v = "## Carbon Emissions\n\n| key | value |\n| --- | ----- |\n| duration | 5123.4 |\n| emissions | 0.0297 |\n| energy_consumed | 0.07 |\n";
    let b = parse(v, 0);
    let l = b.field(Field::CodeCarbonEmissions).unwrap();
    assert_eq!(l.value, "0.0297");
    assert_eq!(&v[l.value_span.start..l.value_span.end], "0.0297");
    let h = "| timestamp | duration | emissions | emissions_rate |\n|---|---|---|---|\n| 2021-09-14 | 512 | 0.0297 | 0.1 |\n";
    assert_eq!(
        parse(h, 0).field(Field::CodeCarbonEmissions).unwrap().value,
        "0.0297"
    );
    // A plain table with an emissions row is the body's Carbon Emitted; a table comparing
    // several models states no single figure.
    let t = "| Carbon Emitted | 11 kg |\n|---|---|\n";
    assert_eq!(
        parse(t, 0).field(Field::CarbonEmitted).unwrap().value,
        "11 kg"
    );
    let cmp = "| model | emissions | score |\n|---|---|---|\n| a | 1 | 2 |\n";
    assert!(parse(cmp, 0).fields.is_empty());
}

#[test]
fn section_at_any_level_and_label_variants() {
    let b = parse(
        "# Environmental Impact\nHardware: TPUv3 pod\n- Carbon Emitted: 11250 kg CO2 eq.",
        0,
    );
    assert_eq!(b.field(Field::HardwareType).unwrap().value, "TPUv3 pod");
    assert!(b.field(Field::CarbonEmitted).unwrap().in_section);
    let b = parse("- **Emissions:** 0.25 KgCO2 (Singapore)\n- **Carbon Emitted (Power consumption x Time):** 11250 kg CO2 eq.", 0);
    assert_eq!(
        b.fields
            .iter()
            .filter(|f| f.field == Field::CarbonEmitted)
            .count(),
        2
    );
    let b = parse("**Hardware Type**: A100", 0);
    assert_eq!(b.field(Field::HardwareType).unwrap().value, "A100");
}

#[test]
fn the_section_is_found_for_fill_without_the_rules() {
    let s = env_section(CARD, 100).unwrap();
    assert!(CARD[s.start - 100..s.end - 100].starts_with("## Environmental Impact\n"));
    assert!(CARD[s.end - 100..].starts_with("## Validation Metrics"));
    // Emphasis inside the heading is still the heading's text.
    let t = "# M\n\n## *Environmental* Imp&#97;ct:\n\nx\n";
    assert!(env_section(t, 0).is_some());
    assert_eq!(env_section("# M\n\nEnvironmental Impact\n", 0), None);
}
