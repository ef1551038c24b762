//! CL202 `missing-source`: co2_eq_emissions has no source.

use super::missing_field;
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
        "e.g. `source: CodeCarbon`",
        "readers need to know how the figure was measured",
    )
}
