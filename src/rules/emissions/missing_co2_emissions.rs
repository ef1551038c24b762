//! CL101 `missing-co2-emissions`: the metadata has no co2_eq_emissions.

use crate::diagnostic::Severity;
use crate::facts::Emission;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL101",
    name: "missing-co2-emissions",
    severity: Severity::Warning,
    summary: "the metadata has no co2_eq_emissions",
    docs: include_str!("../../../rules/missing-co2-emissions.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let f = ctx.facts;
    // An empty block is an empty mapping; a scalar or list root is CL003's business.
    let mapping =
        ctx.card.root_map().is_some() || ctx.card.yaml().is_some_and(|y| y.root.is_none());
    let body_states = f.body.as_ref().and_then(Emission::usable).is_some();
    if !mapping || f.co2.is_some() || body_states || !f.near_misses.is_empty() {
        return Vec::new();
    }
    vec![Finding::new(None, "the metadata has no `co2_eq_emissions`")
        .label("front matter")
        .help("measure training emissions (CodeCarbon, or the ML CO2 Impact calculator) and add `co2_eq_emissions:` with `emissions:` in grams")]
}
