//! Rules about the emissions value: present, a number of grams, non-zero, consistent with the
//! body, and only the documented sub-fields.

use super::{Ctx, Finding};
use crate::card::quantity::Unit;
use crate::card::scalar::pyyaml11;
use crate::card::yaml::Kind;
use crate::facts::{Co2Form, Emission, CO2_FIELDS};
use crate::util::fmt_num;
use strsim::levenshtein as edit_distance;

const KEY: &str = "co2_eq_emissions";

/// A top-level key that looks like a misspelt `co2_eq_emissions`.
fn near_miss(key: &str) -> bool {
    // Cheap exits first: most keys (`license`, `tags`) are far shorter than the name and hold
    // neither "co2" nor "carbon" (the edit distance is at least the difference in length).
    let lower = key.to_ascii_lowercase();
    if key.len().abs_diff(KEY.len()) > 3 && !lower.contains("co2") && !lower.contains("carbon") {
        return false;
    }
    let norm = lower.replace(['-', ' '], "_");
    key != KEY
        && (edit_distance(&norm, KEY) <= 3
            || norm.contains("co2")
            || norm.contains("carbon_emission"))
}

fn has_near_miss(ctx: &Ctx) -> bool {
    ctx.card.root_map().is_some_and(|(y, root)| {
        y.entries(root)
            .unwrap_or(&[])
            .iter()
            .any(|(k, _)| y.str(*k).is_some_and(near_miss))
    })
}

pub fn missing(ctx: &Ctx) -> Vec<Finding> {
    let f = ctx.facts;
    // An empty block is an empty mapping; a scalar or list root is CL003's business.
    let mapping =
        ctx.card.root_map().is_some() || ctx.card.yaml().is_some_and(|y| y.root.is_none());
    if !mapping || f.co2.is_some() || body_mass(f.body.as_ref()).is_some() || has_near_miss(ctx) {
        return Vec::new();
    }
    vec![Finding::new(None, "the metadata has no `co2_eq_emissions`")
        .label("front matter")
        .help("measure training emissions (CodeCarbon, or the ML CO2 Impact calculator) and add `co2_eq_emissions:` with `emissions:` in grams")]
}

fn body_mass(e: Option<&Emission>) -> Option<f64> {
    e.and_then(Emission::usable)
}

pub fn only_in_body(ctx: &Ctx) -> Vec<Finding> {
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

pub fn missing_value(ctx: &Ctx) -> Vec<Finding> {
    let f = ctx.facts;
    let Some((k, v)) = f.co2 else {
        return Vec::new();
    };
    let Some(y) = ctx.card.yaml() else {
        return Vec::new();
    };
    let msg = match f.form {
        Co2Form::Null => "`co2_eq_emissions` is empty",
        Co2Form::Mapping if y.get(v, "emissions").is_none() => {
            "`co2_eq_emissions` has no `emissions` value"
        }
        Co2Form::Mapping if y.get(v, "emissions").is_some_and(|(_, e)| y.is_null(e)) => {
            "`co2_eq_emissions.emissions` is empty"
        }
        _ => return Vec::new(),
    };
    vec![Finding::new(y.span(k), msg)
        .help("add `emissions:` with the training emissions in grams; the Hub's search raises an error on a mapping without it")]
}

pub fn not_a_number(ctx: &Ctx) -> Vec<Finding> {
    let f = ctx.facts;
    let Some(y) = ctx.card.yaml() else {
        return Vec::new();
    };
    let Some((_, v)) = f.co2 else {
        return Vec::new();
    };
    let node = match f.form {
        Co2Form::Mapping => match y.get(v, "emissions") {
            Some((_, e)) if !y.is_null(e) => e,
            _ => return Vec::new(),
        },
        Co2Form::String | Co2Form::Other => v,
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
            (Unit::None | Unit::Grams, Some(g)) => format!("write the number without quotes or unit: `{}`", fmt_num(g)),
            (_, Some(g)) => format!(
                "write the number in grams: `{}` ({} {} = {} g)",
                fmt_num(g), fmt_num(q.number), q.unit.name(), fmt_num(g)
            ),
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

pub fn zero(ctx: &Ctx) -> Vec<Finding> {
    let Some(m) = &ctx.facts.meta else {
        return Vec::new();
    };
    let Some(q) = m.quantity.as_ref().filter(|_| m.yaml_number) else {
        return Vec::new();
    };
    let n = q.number;
    if n.is_finite() && n > 0.0 {
        return Vec::new();
    }
    let what = if n.is_nan() {
        "not a number (NaN)".into()
    } else if n.is_infinite() {
        "infinite".into()
    } else {
        fmt_num(n)
    };
    vec![Finding::new(m.span, format!("the emissions value is {what}"))
        .label("read as not reported")
        .help("AutoTrain writes 0 when tracking failed; write the measured emissions in grams or remove the key")]
}

pub fn unit_mismatch(ctx: &Ctx) -> Vec<Finding> {
    let f = ctx.facts;
    let (Some(m), Some(b)) = (&f.meta, &f.body) else {
        return Vec::new();
    };
    let (Some(mq), Some(bq)) = (&m.quantity, &b.quantity) else {
        return Vec::new();
    };
    let (Some(mg), Some(bg)) = (m.grams(), b.grams()) else {
        return Vec::new();
    };
    if mg <= 0.0 || bg <= 0.0 || !mg.is_finite() || !bg.is_finite() {
        return Vec::new();
    }
    let close = |a: f64, c: f64| (a - c).abs() <= 0.01 * a.abs().max(c.abs());
    if close(mg, bg) {
        return Vec::new();
    }
    let finding =
        if close(mq.number, bq.number) && !matches!(bq.unit, Unit::None | Unit::Grams) {
            Finding::new(
                m.span,
                format!(
            "the metadata says {} g but the body states `{}`: the figure is in {}, not grams",
            fmt_num(mg), b.raw, bq.unit.name()
        ),
            )
            .help(format!("write `{}` (grams) in the metadata", fmt_num(bg)))
        } else {
            Finding::new(
                m.span,
                format!(
                    "the metadata says {} g but the body states `{}` ({} g)",
                    fmt_num(mg),
                    b.raw,
                    fmt_num(bg)
                ),
            )
            .help("make the two agree; the metadata is in grams of CO2eq")
        };
    vec![finding.label("metadata").related(b.span, "body")]
}

pub fn unknown_field(ctx: &Ctx) -> Vec<Finding> {
    let Some((y, root)) = ctx.card.root_map() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, _) in y.entries(root).unwrap_or(&[]) {
        if let Some(key) = y.str(*k).filter(|key| near_miss(key)) {
            out.push(
                Finding::new(y.span(*k), format!("unknown key `{key}`")).help(format!(
                    "did you mean `{KEY}`? The Hub only reads that name"
                )),
            );
        }
    }
    if let (Some((_, v)), Co2Form::Mapping) = (ctx.facts.co2, ctx.facts.form) {
        for (k, _) in y.entries(v).unwrap_or(&[]) {
            let Some(key) = y.str(*k) else { continue };
            if CO2_FIELDS.contains(&key) {
                continue;
            }
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
                    y.span(*k),
                    format!("unknown field `{key}` in `co2_eq_emissions`"),
                )
                .help(format!(
                    "{best}the documented fields are {}",
                    CO2_FIELDS.join(", ")
                )),
            );
        }
    }
    out
}
