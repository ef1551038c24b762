//! CL205 `training-type-unrecognized`: training_type is neither pre-training nor fine-tuning.

use super::training_type_known;
use crate::diagnostic::Severity;
use crate::facts::{is_placeholder, Co2Field, Co2Form};
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL205",
    name: "training-type-unrecognized",
    severity: Severity::Info,
    summary: "training_type is neither pre-training nor fine-tuning",
    docs: include_str!("../../../rules/training-type-unrecognized.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let (Some(y), Some(c)) = (ctx.card.yaml(), &ctx.facts.co2) else {
        return Vec::new();
    };
    let Some(t) = c
        .field(Co2Field::TrainingType)
        .filter(|_| c.form == Co2Form::Mapping)
        .map(|s| s.value)
    else {
        return Vec::new();
    };
    let Some(s) = y.str(t) else { return Vec::new() };
    if y.is_null(t) || is_placeholder(s) || training_type_known(s) {
        return Vec::new();
    }
    vec![Finding::new(
        y.span(t),
        format!("training type `{s}` is neither pre-training nor fine-tuning"),
    )
    .help("the documented values are `pre-training` and `fine-tuning`")]
}
