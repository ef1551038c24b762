//! The label explained in words: why a CO2 rating depends on the mode, and how to supply a
//! metric cardlint could not find.

use super::{rate, Efficiency, Grade, Mode, METRICS};

/// Why the CO2 rating depends on the mode, in one line, where the two modes rate it
/// differently (SPEC §3.3, the CO2 quirk): paper mode compares the raw index with boundaries
/// computed on its square root, so nearly every small figure rates A there and E when corrected.
pub fn co2_mode_note(e: &Efficiency) -> Option<String> {
    let m = e.metrics.first()?;
    let (grams, index) = (m.value?, m.index?);
    let def = &METRICS[0];
    let paper = Grade::from_index(rate(index, &def.bounds));
    let corrected = Grade::from_index(rate(index.sqrt(), &def.bounds));
    if paper == corrected {
        return None;
    }
    let reference = def.reference;
    Some(match e.mode {
        Mode::Paper => format!(
            "CO2 rates {paper} because paper mode repeats the study, which compares the raw CO2 index ({} g ÷ {} g = {}) with boundaries computed for its square root; --efficiency-mode corrected rates it {corrected}",
            short(reference), short(grams), short(index)
        ),
        Mode::Corrected => format!(
            "CO2 rates {corrected} because corrected mode compares the square root of the CO2 index (√({} g ÷ {} g) = {}) with the study's boundaries ({}); the study's own computation (paper mode) rates it {paper}",
            short(reference), short(grams), short(index.sqrt()),
            def.bounds.iter().map(|b| short(*b)).collect::<Vec<_>>().join(", ")
        ),
    })
}

/// A number as a reader wants it: no more digits than it takes.
fn short(x: f64) -> String {
    let s = if !x.is_finite() {
        return "∞".into();
    } else if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else if x.abs() >= 1.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    };
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// How a user supplies a metric cardlint could not find.
pub fn how_to_supply(metric: super::MetricId) -> &'static str {
    use super::MetricId;
    match metric {
        MetricId::Co2 => "report co2_eq_emissions",
        MetricId::ModelSize => "--model-size, or the weights in --repo-dir",
        MetricId::DatasetsSize => "--datasets-size: the bytes of the training data",
        MetricId::Downloads => "--downloads: the count on the model's Hub page",
        MetricId::Performance => "--performance-score, or accuracy/f1/rouge in model-index",
    }
}
