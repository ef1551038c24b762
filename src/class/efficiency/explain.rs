//! The label explained in words: each metric's plain name and value as a reader wants them,
//! and how to supply a metric cardlint could not find.

use super::{Efficiency, Metric, MetricId};

/// A metric's name in plain words (the study's column names, `size_efficency`, stay in JSON).
pub fn plain_name(name: MetricId) -> &'static str {
    match name {
        MetricId::Co2 => "CO2 of training",
        MetricId::ModelSize => "model size per gram of CO2",
        MetricId::DatasetsSize => "training data per gram of CO2",
        MetricId::Downloads => "downloads",
        MetricId::Performance => "performance score",
    }
}

/// A metric's value with its unit: `25.45 g`, `10.5 MB` (per gram, as the name says),
/// `1,172,830`, `0.91`. The CO2
/// figure is the card's own (every digit it used); the others are computed and rounded to
/// three significant digits, with no arithmetic shown that a reader could redo differently.
pub fn shown_value(m: &Metric) -> Option<String> {
    let v = m.value?;
    Some(match m.name {
        MetricId::Co2 => format!("{} g", crate::util::fmt_num(v)),
        MetricId::ModelSize | MetricId::DatasetsSize => bytes(v),
        MetricId::Downloads => thousands(v),
        MetricId::Performance => sig3(v),
    })
}

/// `provisional, 1 of 5 metrics` or `3 of 5 metrics`.
pub fn evidence(e: &Efficiency) -> String {
    if e.provisional {
        format!("provisional, {} of 5 metrics", e.metrics_used)
    } else {
        format!("{} of 5 metrics", e.metrics_used)
    }
}

/// A byte count per gram in decimal units: `10.5 MB`, `950 B`.
fn bytes(x: f64) -> String {
    const UNITS: [(&str, f64); 5] = [
        ("TB", 1e12),
        ("GB", 1e9),
        ("MB", 1e6),
        ("kB", 1e3),
        ("B", 1.0),
    ];
    let (unit, scale) = UNITS
        .iter()
        .find(|(_, s)| x.abs() >= *s)
        .copied()
        .unwrap_or(("B", 1.0));
    format!("{} {unit}", sig3(x / scale))
}

/// Three significant digits, no trailing zeros: `10.5`, `0.0123`, `1230`.
pub fn sig3(x: f64) -> String {
    if !x.is_finite() {
        return "∞".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let digits = (2 - x.abs().log10().floor() as i32).max(0) as usize;
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A whole count with thousands separators: `1,172,830`.
fn thousands(x: f64) -> String {
    if !x.is_finite() || x.abs() >= 1e15 {
        return sig3(x);
    }
    let digits = format!("{}", x.round().abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 {
        out.insert(0, '-');
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_reader_expects() {
        assert_eq!(sig3(10.4567), "10.5");
        assert_eq!(sig3(0.012345), "0.0123");
        assert_eq!(sig3(1234.6), "1235");
        assert_eq!(sig3(0.5), "0.5");
        assert_eq!(bytes(10_456_000.0), "10.5 MB");
        assert_eq!(bytes(950.0), "950 B");
        assert_eq!(bytes(0.25), "0.25 B");
        assert_eq!(thousands(1_172_830.0), "1,172,830");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1000.0), "1,000");
    }
}
