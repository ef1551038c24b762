//! CL202 `missing-source`: co2_eq_emissions has no source.

use super::{extra, missing_field};
use crate::diagnostic::Severity;
use crate::facts::Co2Field;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL202",
    name: "missing-source",
    severity: Severity::Info,
    summary: "co2_eq_emissions has no source",
    docs: include_str!("../../../rules/missing-source.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: Some(crate::facts::Co2Field::Source),
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    missing_field(
        ctx,
        Co2Field::Source,
        &advice(ctx),
        "readers need to know how the figure was measured",
    )
}

/// CodeCarbon where the card or what is beside it says so; else what the field names.
fn advice(ctx: &Ctx) -> String {
    let generator = extra(ctx, "cpu_model").is_some() || extra(ctx, "on_cloud").is_some();
    if ctx.ext.codecarbon.is_some() {
        "`source: CodeCarbon` (its emissions.csv is beside the card)".into()
    } else if ctx.card.codecarbon_line().is_some() || generator {
        "`source: CodeCarbon` (the card says CodeCarbon measured the emissions)".into()
    } else {
        "`source:` naming how the figure was obtained (CodeCarbon, the ML CO2 Impact calculator, a paper)".into()
    }
}
