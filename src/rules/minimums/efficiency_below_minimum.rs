//! CL402 `efficiency-below-minimum`: the efficiency class is below the configured minimum.

use crate::diagnostic::Severity;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL402",
    name: "efficiency-below-minimum",
    severity: Severity::Error,
    summary: "the efficiency class is below the configured minimum",
    docs: include_str!("../../../rules/efficiency-below-minimum.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let Some(min) = ctx.min_efficiency else {
        return Vec::new();
    };
    let e = ctx.efficiency;
    match e.class {
        Some(c) if c <= min => Vec::new(),
        Some(c) if e.provisional => vec![Finding::new(None, format!("the efficiency class is {c} (provisional: {} of 5 metrics), below the required {min}", e.metrics_used))
            .help("a provisional label is judged by its letter; firm it up with the Hub's facts (--hub, or lint hf://ORG/NAME) or --model-size, --downloads, --performance-score; see `cardlint explain efficiency-below-minimum`")],
        Some(c) => vec![Finding::new(None, format!("the efficiency class is {c}, below the required {min}"))
            .help("the label compares with the 2023 Hugging Face study; see `cardlint explain efficiency-below-minimum`")],
        None => vec![Finding::new(None, format!("no efficiency class could be computed; {min} is required"))
            .help("report co2_eq_emissions, or pass --model-size, --downloads or --performance-score")],
    }
}
