//! CL106 `emissions-only-in-body`: the emissions are stated in the body but not in the metadata.

use crate::card::body::{names_hardware, Confidence, Field, FieldLine, Stat};
use crate::card::quantity::Unit;
use crate::card::Card;
use crate::diagnostic::Severity;
use crate::edit::{add_top_level, co2_block, grams_text, line_ending, Edit};
use crate::facts::{is_placeholder, Facts};
use crate::fill::yaml_scalar;
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
    let sure = f.body_confidence == Some(Confidence::Sure);
    let finding = match suggestion(ctx.card, f) {
        Some(flow) => {
            Finding::new(
                body.span,
                if sure {
                    format!("the emissions (`{}`) are stated only in the body", body.raw)
                } else {
                    format!(
                        "the body seems to state the emissions (`{}`), but not in a form cardlint is sure is this model's measurement",
                        body.raw
                    )
                },
            )
            .help(format!(
                "add {flow} (emissions in grams) {where_} so the Hub can index it{}",
                if sure { "" } else { "; check the figure first" }
            ))
        }
        // A figure the fix cannot convert exactly (pounds): the help still names the grams.
        None => Finding::new(
            body.span,
            format!("the emissions (`{}`) are stated only in the body", body.raw),
        )
        .help(format!(
            "add `co2_eq_emissions:` with `emissions: {}` (grams) {where_} so the Hub can index it",
            fmt_num(g)
        )),
    };
    let finding = finding.label(format!("{} g CO2eq", fmt_num(g)));
    vec![if sure {
        finding
    } else {
        finding.at_most(Severity::Info)
    }]
}

/// The mapping the body's report states, as a help shows it: `` `co2_eq_emissions:` with
/// `emissions: 1710` and `hardware_used: 8 x A100` `` (each field quoted on its own, so that
/// none is cut).
pub fn suggestion(card: &Card, f: &Facts) -> Option<String> {
    let fields: Vec<String> = mapping(card, f)?
        .iter()
        .map(|(k, v)| format!("`{k}: {v}`"))
        .collect();
    let list = match fields.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => return None,
    };
    Some(format!("`co2_eq_emissions:` with {list}"))
}

/// The body line the emissions were read from.
fn report_line<'c>(card: &'c Card, f: &Facts) -> Option<&'c FieldLine> {
    let span = f.body.as_ref()?.span;
    card.body.fields.iter().find(|l| l.value_span == span)
}

/// A value the body states, fit to copy into the metadata: not a placeholder, one short line
/// of printable text (no control or format character, no Unicode line or paragraph separator,
/// which PyYAML reads as a line break).
fn copyable(value: &str) -> Option<String> {
    let v = value.trim();
    let unprintable = |c: char| {
        c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}')
    };
    (!is_placeholder(v) && v.len() <= 200 && !v.contains(unprintable)).then(|| yaml_scalar(v))
}

/// The documented mapping the body's report states, as `(key, YAML scalar)` in the order
/// written: `emissions` in grams, then the `hardware_used`, `source` and
/// `geographical_location` that the same table or the same section's bullets state.
fn mapping(card: &Card, f: &Facts) -> Option<Vec<(&'static str, String)>> {
    let b = f.body.as_ref()?;
    let line = report_line(card, f)?;
    let mut fields = vec![("emissions", grams_text(&b.raw, body_unit(b))?)];
    let body = &card.body;
    let bullet = |field: Field| {
        body.fields
            .iter()
            .filter(|l| l.field == field && l.place == line.place)
            .find_map(|l| copyable(&l.value))
    };
    let stated = |what: Stat| {
        body.stated_beside(line, what)
            .and_then(|s| copyable(&s.value))
    };
    let hardware = body
        .fields
        .iter()
        .filter(|l| l.field == Field::HardwareType && l.place == line.place)
        .filter(|l| names_hardware(&l.value))
        .find_map(|l| copyable(&l.value))
        .or_else(|| stated(Stat::Hardware));
    let source = stated(Stat::Source);
    let location = bullet(Field::ComputeRegion).or_else(|| stated(Stat::Location));
    for (key, value) in [
        ("hardware_used", hardware),
        ("source", source),
        ("geographical_location", location),
    ] {
        if let Some(v) = value {
            fields.push((key, v));
        }
    }
    Some(fields)
}

/// Writes the documented mapping into the metadata (a new front matter block where there is
/// none; nothing where an unclosed `---` block would leave its fence in the body). Safe for a
/// report cardlint is sure of, unsafe otherwise.
fn fix(ctx: &FixCtx) -> Option<Edit> {
    let fields = mapping(ctx.card, ctx.facts)?;
    let nl = line_ending(ctx.card.text);
    add_top_level(
        ctx.card,
        |indent| co2_block(indent, nl, &fields),
        RULE.code,
        ctx.facts.body_confidence == Some(Confidence::Sure),
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
