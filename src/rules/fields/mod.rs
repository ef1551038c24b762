//! The documented `co2_eq_emissions` sub-fields and the body's Environmental Impact bullets:
//! present, not a template placeholder, a recognised training type.

pub mod hardware_disagreement;
pub mod missing_geographical_location;
pub mod missing_hardware_used;
pub mod missing_source;
pub mod missing_training_type;
pub mod placeholder_value;
pub mod training_type_unrecognized;

use crate::facts::{Co2Field, Co2Form};
use crate::rules::{Ctx, Finding};

/// A missing sub-field, reported at the `co2_eq_emissions` key, with `example` of a value and
/// `why` it matters. Nothing when the key is absent (missing-co2-emissions says that) or the
/// field is there but a placeholder (placeholder-value).
fn missing_field(ctx: &Ctx, field: Co2Field, example: &str, why: &str) -> Vec<Finding> {
    let (Some(y), Some(c)) = (ctx.card.yaml(), &ctx.facts.co2) else {
        return Vec::new();
    };
    let help = match c.form {
        Co2Form::Mapping => match c.field(field) {
            Some(s) if !y.is_null(s.value) => return Vec::new(),
            _ => format!("add {example}: {why}"),
        },
        Co2Form::Number | Co2Form::String => {
            format!("write it as a mapping with `emissions:` and add {example}: {why}")
        }
        _ => return Vec::new(),
    };
    let Some(msg) = missing_message(c.form, &[field]) else {
        return Vec::new();
    };
    vec![Finding::new(y.span(c.key), msg).help(help)]
}

/// A value to suggest for `key`, taken from the card or what is beside it (`from` says where),
/// written as YAML reads it back.
fn suggest(key: &str, value: &str, from: &str) -> String {
    let v = crate::util::clip(value.trim(), 120);
    format!("`{key}: {}` ({from})", crate::fill::yaml_scalar(&v))
}

/// A string the card's `co2_eq_emissions` holds under a key it does not document (a
/// generator's `cpu_model`), if not a placeholder.
fn extra<'c>(ctx: &Ctx<'c, '_>, key: &str) -> Option<&'c str> {
    let (y, c) = (ctx.card.yaml()?, ctx.facts.co2.as_ref()?);
    let v = y
        .own_entries(c.value)?
        .iter()
        .rev()
        .find(|(k, _)| y.str(*k) == Some(key))?
        .1;
    y.str(v).filter(|s| !crate::facts::is_placeholder(s))
}

/// The message of missing sub-fields of a `co2_eq_emissions` of this form: "`co2_eq_emissions`
/// has no `a`, `b` or `c`" (a bare value: "is a bare value, so it has no …"). `None` for a
/// form that has no sub-fields to miss. The engine's grouping of CL201–CL204 builds its
/// message here too, from the rules' fields.
pub fn missing_message(form: Co2Form, fields: &[Co2Field]) -> Option<String> {
    let names: Vec<String> = fields.iter().map(|f| format!("`{}`", f.key())).collect();
    let list = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((only, _)) => only.clone(),
        None => return None,
    };
    match form {
        Co2Form::Mapping => Some(format!("`co2_eq_emissions` has no {list}")),
        Co2Form::Number | Co2Form::String => Some(format!(
            "`co2_eq_emissions` is a bare value, so it has no {list}"
        )),
        _ => None,
    }
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
