//! CL101 `missing-co2-emissions`: the metadata has no co2_eq_emissions.

use crate::diagnostic::Severity;
use crate::facts::Emission;
use crate::fill;
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
    let finding =
        Finding::new(None, "the metadata has no `co2_eq_emissions`").label("front matter");
    let beside = ctx.ext.codecarbon.is_some();
    vec![if beside {
        finding.help(format!(
            "CodeCarbon's emissions.csv is beside the card: `{}` writes its measurement into the card",
            fill::command(ctx.path, true)
        ))
    } else if let Some(at) = ctx.card.codecarbon_line() {
        Finding {
            message: "the metadata has no `co2_eq_emissions`, though the body says CodeCarbon measured the emissions".into(),
            ..finding
        }
        .related(at, "the body names CodeCarbon")
        .help(format!(
            "copy the run's figures into the metadata: `{}` with the emissions.csv CodeCarbon wrote in the training's output folder (codecarbon 3.3.1 and later with Sentence Transformers 6.2 or SetFit 1.2 leave them out of the final card; a checkpoint's card keeps them)",
            fill::command(ctx.path, false)
        ))
    } else {
        finding.help(format!(
            "measure training emissions with CodeCarbon (`{}` then writes them) or estimate them with the ML CO2 Impact calculator, and add `co2_eq_emissions:` with `emissions:` in grams",
            fill::command(ctx.path, false)
        ))
    }]
}
