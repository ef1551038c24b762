//! CL105 `co2-emissions-unit-mismatch`: the body states the emissions in another unit or another amount.

use crate::card::body::Confidence;
use crate::card::quantity::{Quantity, Unit};
use crate::diagnostic::Severity;
use crate::edit::{grams_shown, grams_text, Edit};
use crate::rules::{Ctx, Finding, FixCtx, Rule};
use crate::util::fmt_num;

pub static RULE: Rule = Rule {
    code: "CL105",
    name: "co2-emissions-unit-mismatch",
    severity: Severity::Warning,
    summary: "the body states the emissions in another unit or another amount",
    docs: include_str!("../../../rules/co2-emissions-unit-mismatch.md"),
    check: Some(check),
    fix: Some(fix),
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let f = ctx.facts;
    let (Some(m), Some(b)) = (&f.meta, &f.body) else {
        return Vec::new();
    };
    let (Some(mq), Some(bq)) = (&m.quantity, &b.quantity) else {
        return Vec::new();
    };
    let (Some(mg), Some(bg)) = (m.grams(), b.grams()) else {
        return Vec::new();
    };
    // A zero in the metadata is CL102's; a body that rounds to zero (`0.000 kg`) still states
    // a range the metadata must fall in.
    if mg <= 0.0 || bg < 0.0 || !mg.is_finite() || !bg.is_finite() {
        return Vec::new();
    }
    let close = |a: f64, c: f64| (a - c).abs() <= 0.01 * a.abs().max(c.abs());
    let printed = printed_precision(&b.raw, bq);
    if close(mg, bg) || printed.is_some_and(|half| agrees(mg, bg, half)) {
        return Vec::new();
    }
    let range = match printed {
        Some(half) if bg == 0.0 => format!("under {} g", fmt_num(half)),
        _ => format!("{} g", fmt_num(bg)),
    };
    let finding =
        if close(mq.number, bq.number) && !matches!(bq.unit, Unit::None | Unit::Grams) {
            Finding::new(
                m.span,
                format!(
            "the metadata says {} g but the body states `{}`: the figure is in {}, not grams",
            fmt_num(mg), b.raw, bq.unit.name()
        ),
            )
            // The figure the fix writes.
            .help(format!(
                "write `{}` (grams) in the metadata",
                grams_shown(&b.raw, Unit::None, bg)
            ))
        } else {
            Finding::new(
                m.span,
                format!(
                    "the metadata says {} g but the body states `{}` ({range})",
                    fmt_num(mg),
                    b.raw,
                ),
            )
            .help("make the two agree; the metadata is in grams of CO2eq")
        };
    let finding = finding.label("metadata").related(b.span, "body");
    // A body figure cardlint is less sure of is at most an info.
    vec![match f.body_confidence {
        Some(Confidence::Sure) => finding,
        _ => finding.at_most(Severity::Info),
    }]
}

/// Half a unit in the last place the body printed, in grams: `0.042 kg` stands for 41.5 to
/// 42.5 g, `0.000 kg` for anything under 0.5 g, `4.2e-2 kg` like `0.042 kg`. Generators print
/// the metadata's grams rounded this way (`"%.3f" % (g / 1000)` kg).
fn printed_precision(raw: &str, q: &Quantity) -> Option<f64> {
    let number = raw.get(q.number_at.0..q.number_at.1)?;
    let (mantissa, exponent) = match number.find(['e', 'E']) {
        Some(i) => (&number[..i], number[i + 1..].parse::<i32>().ok()?),
        None => (number, 0),
    };
    let decimals = mantissa.split_once('.').map_or(0, |(_, frac)| frac.len()) as i32;
    let half = 0.5 * 10f64.powi(exponent - decimals) * q.unit.grams_per_unit()?;
    half.is_finite().then_some(half)
}

/// `metadata` rounds to the body's figure at the precision printed (with room for the binary
/// representation of both).
fn agrees(metadata: f64, body: f64, half: f64) -> bool {
    (metadata - body).abs() <= half + 1e-9 * metadata.abs().max(body.abs()).max(half)
}

/// Unsafe: the metadata's figure is the body's number copied without its unit (kg or t);
/// write the grams the body states.
fn fix(ctx: &FixCtx) -> Option<Edit> {
    let (m, b) = (ctx.facts.meta.as_ref()?, ctx.facts.body.as_ref()?);
    let (mq, bq) = (m.quantity.as_ref()?, b.quantity.as_ref()?);
    let copied = m.yaml_number && mq.number == bq.number;
    if !copied || !matches!(b.unit(), Unit::Kilograms | Unit::Tonnes) {
        return None;
    }
    Some(Edit {
        span: m.span,
        text: grams_text(&b.raw, Unit::None)?,
        code: RULE.code,
        safe: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::quantity::parse;

    fn half(text: &str) -> Option<f64> {
        printed_precision(text, &parse(text).unwrap())
    }

    #[test]
    fn the_precision_printed_is_half_the_last_place_in_grams() {
        assert_eq!(half("0.042 kg of CO2"), Some(0.5));
        assert_eq!(half("0.000 kg of CO2"), Some(0.5));
        assert_eq!(half("0.00 kg"), Some(5.0));
        assert_eq!(half("42 g"), Some(0.5));
        assert_eq!(half("1.5 t"), Some(50_000.0));
        assert_eq!(half("1,234.5 kg"), Some(50.0));
        assert!((half("4.2e-2 kg").unwrap() - 0.5).abs() < 1e-12);
        assert_eq!(half("3.51 kWh"), None);
        assert_eq!(half("1e999 kg"), None);
    }

    #[test]
    fn agreement_is_rounding_to_the_printed_figure() {
        assert!(agrees(41.9, 42.0, 0.5));
        assert!(agrees(42.5, 42.0, 0.5));
        assert!(!agrees(42.6, 42.0, 0.5));
        assert!(agrees(0.31, 0.0, 0.5));
        assert!(!agrees(0.51, 0.0, 0.5));
        // The kg-in-grams error: 0.042 (g) against `0.042 kg`.
        assert!(!agrees(0.042, 42.0, 0.5));
    }
}
