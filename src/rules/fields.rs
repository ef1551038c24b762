//! Rules about the documented `co2_eq_emissions` sub-fields and the body's Environmental Impact
//! bullets: present, not a template placeholder, a recognised training type.

use super::{Ctx, Finding};
use crate::card::body::Field;
use crate::card::yaml::Kind;
use crate::facts::{is_placeholder, Co2Form, Origin, CO2_FIELDS};

/// A missing sub-field, reported at the `co2_eq_emissions` key. Nothing when the key is absent
/// (missing-co2-emissions says that) or the field is there but a placeholder (placeholder-value).
fn missing_field(ctx: &Ctx, field: &str, why: &str) -> Vec<Finding> {
    let f = ctx.facts;
    let (Some(y), Some((k, v))) = (ctx.card.yaml(), f.co2) else {
        return Vec::new();
    };
    let i = CO2_FIELDS
        .iter()
        .position(|x| *x == field)
        .expect("documented field");
    if f.present[i] {
        return Vec::new();
    }
    let example = match field {
        "hardware_used" => match &f.hardware {
            Some(h) if h.origin == Origin::Body => {
                format!("`hardware_used: {}` (the body says so)", h.text)
            }
            _ => "e.g. `hardware_used: 8 v100 GPUs`".to_string(),
        },
        "source" => "e.g. `source: CodeCarbon`".to_string(),
        "training_type" => "`training_type: fine-tuning` or `pre-training`".to_string(),
        _ => "e.g. `geographical_location: Quebec, Canada`".to_string(),
    };
    let (msg, help) = match f.form {
        Co2Form::Mapping => match y.get(v, field) {
            Some((_, fv)) if !y.is_null(fv) => return Vec::new(),
            _ => (
                format!("`co2_eq_emissions` has no `{field}`"),
                format!("add {example}: {why}"),
            ),
        },
        Co2Form::Number | Co2Form::String => (
            format!("`co2_eq_emissions` is a bare value, so it has no `{field}`"),
            format!("write it as a mapping with `emissions:` and add {example}: {why}"),
        ),
        _ => return Vec::new(),
    };
    vec![Finding::new(y.span(k), msg).help(help)]
}

pub fn missing_hardware_used(ctx: &Ctx) -> Vec<Finding> {
    // Already at Energy Awareness (the body names the hardware): the metadata should say it too.
    let why = if ctx.reporting.level >= 3 {
        "the Hub indexes the metadata, not the body"
    } else {
        "hardware is what lifts Basic Energy Reporting to Energy Awareness"
    };
    missing_field(ctx, "hardware_used", why)
}

pub fn missing_source(ctx: &Ctx) -> Vec<Finding> {
    missing_field(
        ctx,
        "source",
        "readers need to know how the figure was measured",
    )
}

pub fn missing_training_type(ctx: &Ctx) -> Vec<Finding> {
    missing_field(
        ctx,
        "training_type",
        "pre-training and fine-tuning emit very different amounts",
    )
}

pub fn missing_geographical_location(ctx: &Ctx) -> Vec<Finding> {
    missing_field(
        ctx,
        "geographical_location",
        "the grid's carbon intensity depends on the place",
    )
}

/// `pre-training`, `fine-tuning` and their spellings (`pretraining`, `Fine Tuning`, both).
pub fn training_type_known(s: &str) -> bool {
    let n: String = s
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    n.contains("pretrain") || n.contains("finetun")
}

pub fn training_type_unrecognized(ctx: &Ctx) -> Vec<Finding> {
    let (Some(y), Some((_, v))) = (ctx.card.yaml(), ctx.facts.co2) else {
        return Vec::new();
    };
    let Some((_, t)) = y
        .get(v, "training_type")
        .filter(|_| ctx.facts.form == Co2Form::Mapping)
    else {
        return Vec::new();
    };
    let Some(s) = y.str(t) else { return Vec::new() };
    if y.is_null(t) || is_placeholder(s) || training_type_known(s) {
        return Vec::new();
    }
    vec![Finding::new(
        y.span(t),
        format!("training type `{s}` is neither pre-training nor fine-tuning"),
    )
    .help("the documented values are `pre-training` and `fine-tuning`")]
}

pub fn placeholder_value(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    if let (Some(y), Some((k, v))) = (ctx.card.yaml(), ctx.facts.co2) {
        let values: Vec<(String, usize)> = match y.entries(v) {
            Some(e) => e
                .iter()
                .map(|(fk, fv)| {
                    (
                        format!("co2_eq_emissions.{}", y.str(*fk).unwrap_or("?")),
                        *fv,
                    )
                })
                .collect(),
            None => vec![(y.str(k).unwrap_or("co2_eq_emissions").to_string(), v)],
        };
        for (name, id) in values {
            if let (Kind::Scalar { value, .. }, false) = (&y.node(id).kind, y.is_null(id)) {
                if is_placeholder(value) {
                    out.push(
                        Finding::new(
                            y.span(id),
                            format!("`{name}` holds the template placeholder `{value}`"),
                        )
                        .help("write the real value, or remove the field"),
                    );
                }
            }
        }
    }
    for line in ctx
        .card
        .body
        .fields
        .iter()
        .filter(|l| l.in_section && l.field != Field::AutoTrainCo2)
    {
        if is_placeholder(&line.value) {
            let (span, msg) = if line.value.is_empty() {
                (
                    line.line,
                    format!("the `{}` bullet is empty", line.field.label()),
                )
            } else {
                (
                    line.value_span,
                    format!(
                        "the `{}` bullet holds the template placeholder `{}`",
                        line.field.label(),
                        line.value
                    ),
                )
            };
            out.push(
                Finding::new(span, msg)
                    .help("fill it in (CodeCarbon measures all five) or remove the line"),
            );
        }
    }
    out
}
