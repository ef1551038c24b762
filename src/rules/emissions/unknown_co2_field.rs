//! CL107 `unknown-co2-field`: an unknown co2_eq_emissions field or a misspelt co2_eq_emissions key.

use crate::diagnostic::Severity;
use crate::facts::CO2_FIELDS;
use crate::rules::{Ctx, Finding, Rule};
use strsim::levenshtein as edit_distance;

pub static RULE: Rule = Rule {
    code: "CL107",
    name: "unknown-co2-field",
    severity: Severity::Warning,
    summary: "an unknown co2_eq_emissions field or a misspelt co2_eq_emissions key",
    docs: include_str!("../../../rules/unknown-co2-field.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let Some(y) = ctx.card.yaml() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &k in &ctx.facts.near_misses {
        let key = y.str(k).unwrap_or("");
        out.push(
            Finding::new(y.span(k), format!("unknown key `{key}`"))
                .help("did you mean `co2_eq_emissions`? The Hub only reads that name"),
        );
    }
    for &k in ctx.facts.co2.iter().flat_map(|c| &c.unknown) {
        let Some(key) = y.str(k) else { continue };
        let best = CO2_FIELDS
            .iter()
            .min_by_key(|f| edit_distance(&key.to_ascii_lowercase(), f))
            .filter(|f| {
                edit_distance(&key.to_ascii_lowercase(), f) <= 4
                    || f.contains(key.to_ascii_lowercase().as_str())
            })
            .map_or_else(String::new, |f| format!("did you mean `{f}`? "));
        out.push(
            Finding::new(
                y.span(k),
                format!("unknown field `{key}` in `co2_eq_emissions`"),
            )
            .help(format!(
                "{best}the documented fields are {}",
                CO2_FIELDS.join(", ")
            )),
        );
    }
    out
}
