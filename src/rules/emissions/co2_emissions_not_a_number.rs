//! CL102 `co2-emissions-not-a-number`: the emissions value is not a number of grams.

use crate::card::quantity::Unit;
use crate::card::scalar::pyyaml11;
use crate::card::yaml::Kind;
use crate::diagnostic::Severity;
use crate::edit::{grams_shown, grams_text, one_line_scalar, Edit};
use crate::facts::Co2Form;
use crate::rules::{Ctx, Finding, FixCtx, Rule};
use crate::util::fmt_num;

pub static RULE: Rule = Rule {
    code: "CL102",
    name: "co2-emissions-not-a-number",
    severity: Severity::Error,
    summary: "the emissions value is not a number of grams",
    docs: include_str!("../../../rules/co2-emissions-not-a-number.md"),
    check: Some(check),
    fix: Some(fix),
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let f = ctx.facts;
    let Some(y) = ctx.card.yaml() else {
        return Vec::new();
    };
    let Some(c) = &f.co2 else {
        return Vec::new();
    };
    let node = match c.form {
        Co2Form::Mapping => match c.emissions {
            Some(e) if !y.is_null(e) => e,
            _ => return Vec::new(),
        },
        Co2Form::String | Co2Form::Other => c.value,
        _ => return Vec::new(),
    };
    let span = y.span(node);
    let Kind::Scalar { value, .. } = &y.node(node).kind else {
        return vec![
            Finding::new(span, "the emissions value is a collection, not a number")
                .help("write the emissions in grams as a number, e.g. `emissions: 25.4`"),
        ];
    };
    let Some(m) = f.meta.as_ref().filter(|m| !m.yaml_number) else {
        return Vec::new();
    };
    // A plain `24_700_000` is a number to PyYAML: yaml-1-1-ambiguity says that better.
    if ctx.card.slice(span) == value.as_str() && pyyaml11(value).as_f64().is_some() {
        return Vec::new();
    }
    let help = match &m.quantity {
        None => "write the emissions in grams as a number, e.g. `emissions: 25.4`".to_string(),
        Some(q) => match (q.unit, q.grams()) {
            // The figure the fix writes, from the digits the card wrote.
            (Unit::None | Unit::Grams, Some(g)) => format!("write the number without quotes or unit: `{}`", grams_shown(value, Unit::None, g)),
            (_, Some(g)) => {
                let grams = grams_shown(value, Unit::None, g);
                format!(
                    "write the number in grams: `{grams}` ({} {} = {grams} g)",
                    value.get(q.number_at.0..q.number_at.1).map_or_else(|| fmt_num(q.number), str::to_string),
                    q.unit.name()
                )
            }
            (Unit::Energy, None) => "kWh measure energy, not emissions: multiply by the grid's carbon intensity (g CO2eq/kWh) and write grams".to_string(),
            _ => format!("`{}` is not a unit cardlint knows; write the number in grams", q.unit_text),
        },
    };
    vec![Finding::new(
        span,
        format!("the emissions value `{value}` is a string, not a number of grams"),
    )
    .label("the Hub's search reads only the first number and ignores the unit")
    .help(help)]
}

/// A string with a clear unit becomes the number in grams.
fn fix(ctx: &FixCtx) -> Option<Edit> {
    let y = ctx.card.yaml()?;
    let (value, _, span) = one_line_scalar(ctx.card, y, ctx.facts.co2.as_ref()?.emissions?)?;
    Some(Edit {
        span,
        text: grams_text(value, Unit::None)?,
        code: RULE.code,
        safe: true,
    })
}
