//! CL106 `emissions-only-in-body`: the emissions are stated in the body but not in the metadata.

use crate::card::quantity::Unit;
use crate::diagnostic::Severity;
use crate::edit::{add_top_level, grams_shown, grams_text, Edit};
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
        grams_shown(&body.raw, body_unit(body), g)
    ))]
}

/// Copies the body's figure into the metadata, in grams (a new front matter block where there
/// is none; nothing where an unclosed `---` block would leave its fence in the body).
fn fix(ctx: &FixCtx) -> Option<Edit> {
    let b = ctx.facts.body.as_ref()?;
    let g = grams_text(&b.raw, body_unit(b))?;
    add_top_level(
        ctx.card,
        |indent| format!("{indent}co2_eq_emissions: {g}"),
        RULE.code,
        true,
    )
    .ok()
}

/// The unit the body's label states where the value has none (AutoTrain's grams, CodeCarbon's
/// kilograms): the help and the fix read the figure alike.
fn body_unit(b: &crate::facts::Emission) -> Unit {
    match b.unit() {
        u @ (Unit::Grams | Unit::Kilograms) => u,
        _ => Unit::None,
    }
}
