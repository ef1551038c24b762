//! CL401 `reporting-below-minimum`: the reporting class is below the configured minimum.

use crate::diagnostic::Severity;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL401",
    name: "reporting-below-minimum",
    severity: Severity::Error,
    summary: "the reporting class is below the configured minimum",
    docs: include_str!("../../../rules/reporting-below-minimum.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let Some(min) = ctx.min_reporting else {
        return Vec::new();
    };
    let r = ctx.reporting;
    if r.level >= min {
        return Vec::new();
    }
    let help = r.next_step().unwrap_or_default();
    vec![Finding::new(
        None,
        format!(
            "the reporting class is {}, below the required {}",
            r.level.label(),
            min.label()
        ),
    )
    .help(help)]
}
