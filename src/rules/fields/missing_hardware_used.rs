//! CL201 `missing-hardware-used`: co2_eq_emissions has no hardware_used.

use super::missing_field;
use crate::diagnostic::Severity;
use crate::edit::{indent_of, line_ending, Edit};
use crate::facts::{Co2Field, Co2Form, Origin};
use crate::rules::{Ctx, Finding, FixCtx, Rule};

pub static RULE: Rule = Rule {
    code: "CL201",
    name: "missing-hardware-used",
    severity: Severity::Warning,
    summary: "co2_eq_emissions has no hardware_used",
    docs: include_str!("../../../rules/missing-hardware-used.md"),
    check: Some(check),
    fix: Some(fix),
    fails_run: true,
    missing_field: Some(crate::facts::Co2Field::HardwareUsed),
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    // Already at Energy Awareness (the body names the hardware): the metadata should say it too.
    let why = if ctx.reporting.level >= crate::class::reporting::Level::Awareness {
        "the Hub indexes the metadata, not the body"
    } else {
        "hardware is what lifts Basic Energy Reporting to Energy Awareness"
    };
    let example = match &ctx.facts.hardware {
        Some(h) if h.origin == Origin::Body => {
            format!("`hardware_used: {}` (the body says so)", h.text)
        }
        _ => "e.g. `hardware_used: 8 v100 GPUs`".to_string(),
    };
    missing_field(ctx, Co2Field::HardwareUsed, &example, why)
}

/// Unsafe: a bare number becomes the documented mapping, ready for `hardware_used` and the rest.
fn fix(ctx: &FixCtx) -> Option<Edit> {
    let (y, c) = (ctx.card.yaml()?, ctx.facts.co2.as_ref()?);
    let text = ctx.card.text;
    let (ks, vs) = (y.span(c.key), y.span(c.value));
    let indent = indent_of(text, ks.start)?;
    if c.form != Co2Form::Number || text[ks.end..vs.end].contains(['\n', '\r']) {
        return None;
    }
    Some(Edit {
        span: crate::diagnostic::Span::new(ks.end, vs.end),
        text: format!(
            ":{}{indent}  emissions: {}",
            line_ending(text),
            ctx.card.slice(vs)
        ),
        code: RULE.code,
        safe: false,
    })
}
