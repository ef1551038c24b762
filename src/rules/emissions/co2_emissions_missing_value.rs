//! CL103 `co2-emissions-missing-value`: co2_eq_emissions has no emissions value.

use crate::diagnostic::Severity;
use crate::facts::Co2Form;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL103",
    name: "co2-emissions-missing-value",
    severity: Severity::Error,
    summary: "co2_eq_emissions has no emissions value",
    docs: include_str!("../../../rules/co2-emissions-missing-value.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let f = ctx.facts;
    let Some(c) = &f.co2 else {
        return Vec::new();
    };
    let Some(y) = ctx.card.yaml() else {
        return Vec::new();
    };
    let msg = match f.form {
        Co2Form::Null => "`co2_eq_emissions` is empty",
        Co2Form::Mapping => match c.emissions {
            None => "`co2_eq_emissions` has no `emissions` value",
            Some(e) if y.is_null(e) => "`co2_eq_emissions.emissions` is empty",
            Some(_) => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    vec![Finding::new(y.span(c.key), msg)
        .help("add `emissions:` with the training emissions in grams; the Hub's search raises an error on a mapping without it")]
}
