//! CL203 `missing-training-type`: co2_eq_emissions has no training_type.

use super::missing_field;
use crate::diagnostic::Severity;
use crate::facts::Co2Field;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL203",
    name: "missing-training-type",
    severity: Severity::Info,
    summary: "co2_eq_emissions has no training_type",
    docs: include_str!("../../../rules/missing-training-type.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: Some(crate::facts::Co2Field::TrainingType),
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    missing_field(
        ctx,
        Co2Field::TrainingType,
        "`training_type: fine-tuning` or `pre-training`",
        "pre-training and fine-tuning emit very different amounts",
    )
}
