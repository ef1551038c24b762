//! CL201 `missing-hardware-used`: co2_eq_emissions has no hardware_used.

use super::{extra, missing_field, suggest};
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
    let example = advice(ctx);
    let findings = missing_field(ctx, Co2Field::HardwareUsed, &example, why);
    // A CPU-only CodeCarbon run (Sentence Transformers, SetFit) names its hardware in the
    // generator's own `cpu_model` and writes `hardware_used` only for a GPU: the card the
    // library wrote does report its hardware, where neither the Hub nor the study reads it. An
    // info, so that the card as the library wrote it does not fail CI.
    if extra(ctx, "cpu_model").is_some() {
        return findings
            .into_iter()
            .map(|f| f.at_most(Severity::Info))
            .collect();
    }
    findings
}

/// What the card (or its `emissions.csv`) says the hardware was; never a made-up example.
fn advice(ctx: &Ctx) -> String {
    let csv = ctx
        .ext
        .codecarbon
        .as_ref()
        .and_then(|b| b.hardware.as_deref());
    match (&ctx.facts.hardware, csv, extra(ctx, "cpu_model")) {
        (Some(h), _, _) if h.origin == Origin::Body => {
            suggest("hardware_used", &h.text, "the body says so")
        }
        (_, Some(h), _) => suggest(
            "hardware_used",
            h,
            &format!(
                "the emissions.csv beside the card says so; `{}` writes it",
                crate::fill::command(ctx.path, true)
            ),
        ),
        (_, _, Some(cpu)) => suggest(
            "hardware_used",
            &format!("{cpu} (CPU only)"),
            "the card's `cpu_model`: CodeCarbon recorded no GPU",
        ),
        _ => "`hardware_used:` naming the kind and number of GPUs (or CPUs) the training ran on"
            .into(),
    }
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
