//! CL105 `co2-emissions-unit-mismatch`: the body states the emissions in another unit or another amount.

use crate::card::quantity::Unit;
use crate::diagnostic::Severity;
use crate::edit::{grams_text, Edit};
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
    if mg <= 0.0 || bg <= 0.0 || !mg.is_finite() || !bg.is_finite() {
        return Vec::new();
    }
    let close = |a: f64, c: f64| (a - c).abs() <= 0.01 * a.abs().max(c.abs());
    if close(mg, bg) {
        return Vec::new();
    }
    let finding =
        if close(mq.number, bq.number) && !matches!(bq.unit, Unit::None | Unit::Grams) {
            Finding::new(
                m.span,
                format!(
            "the metadata says {} g but the body states `{}`: the figure is in {}, not grams",
            fmt_num(mg), b.raw, bq.unit.name()
        ),
            )
            .help(format!("write `{}` (grams) in the metadata", fmt_num(bg)))
        } else {
            Finding::new(
                m.span,
                format!(
                    "the metadata says {} g but the body states `{}` ({} g)",
                    fmt_num(mg),
                    b.raw,
                    fmt_num(bg)
                ),
            )
            .help("make the two agree; the metadata is in grams of CO2eq")
        };
    vec![finding.label("metadata").related(b.span, "body")]
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
