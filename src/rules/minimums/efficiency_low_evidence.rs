//! CL403 `efficiency-low-evidence`: the efficiency label rests on fewer than three metrics.

use crate::diagnostic::Severity;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL403",
    name: "efficiency-low-evidence",
    severity: Severity::Info,
    summary: "the efficiency label is provisional: it rests on fewer than three metrics",
    docs: include_str!("../../../rules/efficiency-low-evidence.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let e = ctx.efficiency;
    let Some(c) = e.class.filter(|_| e.provisional) else {
        return Vec::new();
    };
    let missing: Vec<String> = e
        .metrics
        .iter()
        .filter(|m| m.rating.is_none())
        .map(|m| {
            format!(
                "the {} ({})",
                crate::class::efficiency::plain_name(m.name),
                crate::class::efficiency::how_to_supply(m.name)
            )
        })
        .collect();
    vec![Finding::new(
        None,
        format!(
            "the efficiency class {c} is provisional: it rests on {} of 5 metrics",
            e.metrics_used
        ),
    )
    .help(format!(
        "firm it up with the Hub's facts (--hub in a checkout of a Hub model, or lint hf://ORG/NAME), or give {}",
        missing.join("; ")
    ))]
}
