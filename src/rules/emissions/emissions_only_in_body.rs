//! CL106 `emissions-only-in-body`: the emissions are stated in the body but not in the metadata.

use crate::card::quantity::Unit;
use crate::diagnostic::Severity;
use crate::edit::{add_top_level, grams_text, Edit};
use crate::rules::{Ctx, Finding, FixCtx, Rule};
use crate::util::fmt_num;

pub static RULE: Rule = Rule {
    code: "CL106",
    name: "emissions-only-in-body",
    severity: Severity::Warning,
    summary: "the emissions are stated in the body but not in the metadata",
    docs: include_str!("../../../rules/emissions-only-in-body.md"),
    check: Some(check),
    fix: Some(fix),
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let f = ctx.facts;
    let (Some(body), None) = (&f.body, &f.co2) else {
        return Vec::new();
    };
    let Some(g) = body.usable() else {
        return Vec::new();
    };
    let where_ = if ctx.card.root_map().is_some() {
        "to the front matter"
    } else {
        "in a front matter block"
    };
    vec![Finding::new(
        body.span,
        format!("the emissions (`{}`) are stated only in the body", body.raw),
    )
    .label(format!("{} g CO2eq", fmt_num(g)))
    .help(format!(
        "add `co2_eq_emissions: {}` (grams) {where_} so the Hub can index it",
        fmt_num(g)
    ))]
}

/// Copies the body's figure into the metadata, in grams (a new front matter block where there
/// is none; nothing where an unclosed `---` block would leave its fence in the body).
fn fix(ctx: &FixCtx) -> Option<Edit> {
    let b = ctx.facts.body.as_ref()?;
    // The unit the label states where the value has none (AutoTrain's grams, CodeCarbon's
    // kilograms).
    let unit = match b.unit() {
        u @ (Unit::Grams | Unit::Kilograms) => u,
        _ => Unit::None,
    };
    let g = grams_text(&b.raw, unit)?;
    add_top_level(
        ctx.card,
        |indent| format!("{indent}co2_eq_emissions: {g}"),
        RULE.code,
        true,
    )
    .ok()
}
