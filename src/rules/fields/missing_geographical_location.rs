//! CL204 `missing-geographical-location`: co2_eq_emissions has no geographical_location.

use super::missing_field;
use crate::diagnostic::Severity;
use crate::facts::Co2Field;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL204",
    name: "missing-geographical-location",
    severity: Severity::Info,
    summary: "co2_eq_emissions has no geographical_location",
    docs: include_str!("../../../rules/missing-geographical-location.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: Some(crate::facts::Co2Field::GeographicalLocation),
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    missing_field(
        ctx,
        Co2Field::GeographicalLocation,
        "e.g. `geographical_location: Quebec, Canada`",
        "the grid's carbon intensity depends on the place",
    )
}
