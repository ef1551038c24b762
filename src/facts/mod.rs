//! What a card says about its carbon footprint, read once and shared by the classifications
//! and the rules: the emissions value (metadata, else body), hardware, the documented fields.

use serde::Serialize;

mod body;
mod measure;
use body::body_emission;
pub use body::body_hardware;
use measure::measure;

use crate::card::body::Confidence;
use crate::card::quantity::{self, Quantity, Unit};
use crate::card::scalar::{core12, Typed};
use crate::card::yaml::{Kind, NodeId, Style, Yaml};
use crate::card::Card;
use crate::diagnostic::Span;

/// Where a fact came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Metadata,
    Body,
}

/// The five documented `co2_eq_emissions` sub-fields (SPEC §1.2), in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Co2Field {
    Emissions,
    HardwareUsed,
    Source,
    TrainingType,
    GeographicalLocation,
}

impl Co2Field {
    pub const ALL: [Co2Field; 5] = [
        Co2Field::Emissions,
        Co2Field::HardwareUsed,
        Co2Field::Source,
        Co2Field::TrainingType,
        Co2Field::GeographicalLocation,
    ];
    /// The key as written in the metadata.
    pub fn key(self) -> &'static str {
        CO2_FIELDS[self as usize]
    }
}

/// The documented sub-fields' keys, in [`Co2Field`] order.
pub const CO2_FIELDS: [&str; 5] = [
    "emissions",
    "hardware_used",
    "source",
    "training_type",
    "geographical_location",
];

/// Keys that CodeCarbon-aware generators (Sentence Transformers 3+, SetFit) write beside the
/// documented fields, straight from CodeCarbon's measurement: not in the Hub's documentation,
/// but known (never CL107). `energy_consumed` (kWh) and `hours_used` are read as facts.
pub const GENERATOR_FIELDS: [&str; 5] = [
    "energy_consumed",
    "hours_used",
    "on_cloud",
    "cpu_model",
    "ram_total_size",
];

/// One sub-field of a `co2_eq_emissions` mapping as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubField {
    pub key: NodeId,
    pub value: NodeId,
    /// A real value: not null, and (except `emissions`, whose worth its own rules judge) not a
    /// template placeholder.
    pub filled: bool,
}

/// `co2_eq_emissions` in the front matter: its nodes, its shape and its sub-fields, found once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Co2 {
    pub key: NodeId,
    pub value: NodeId,
    pub form: Co2Form,
    /// The emissions value node: the bare value, or the mapping's `emissions` (null included).
    pub emissions: Option<NodeId>,
    /// The documented sub-fields of a mapping, in [`Co2Field`] order.
    fields: [Option<SubField>; 5],
    /// The mapping's keys that are neither documented nor [`GENERATOR_FIELDS`].
    pub unknown: Vec<NodeId>,
    /// The mapping's [`GENERATOR_FIELDS`] entries (key, value), last of repeated keys winning.
    pub generator: Vec<(NodeId, NodeId)>,
}

impl Co2 {
    pub fn field(&self, f: Co2Field) -> Option<SubField> {
        self.fields[f as usize]
    }
}

/// The shape `co2_eq_emissions` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Co2Form {
    Absent,
    Null,
    Number,
    String,
    Mapping,
    Other,
}

/// An emissions value as written and as understood.
#[derive(Debug, Clone, PartialEq)]
pub struct Emission {
    pub raw: String,
    pub span: Span,
    pub origin: Origin,
    /// The YAML value is a number (YAML 1.2); `false` for strings and body text.
    pub yaml_number: bool,
    /// The number and unit read from the value.
    pub quantity: Option<Quantity>,
}

impl Emission {
    pub fn grams(&self) -> Option<f64> {
        self.quantity.as_ref().and_then(Quantity::grams)
    }
    /// A CO2 value in the paper's sense: finite and > 0 grams.
    pub fn usable(&self) -> Option<f64> {
        self.grams().filter(|g| g.is_finite() && *g > 0.0)
    }
    pub fn unit(&self) -> Unit {
        self.quantity.as_ref().map_or(Unit::Unknown, |q| q.unit)
    }
}

/// A measure a generator wrote beside the emissions (`energy_consumed` in kWh, `hours_used`):
/// a finite number >= 0 where it was written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    pub value: f64,
    pub span: Span,
}

/// Text evidence (hardware) with its origin.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub text: String,
    pub span: Span,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Facts {
    /// `co2_eq_emissions` in the front matter.
    pub co2: Option<Co2>,
    /// Its shape (`Absent` without it).
    pub form: Co2Form,
    /// The metadata's emissions value (bare or `.emissions`).
    pub meta: Option<Emission>,
    /// The body's emissions report: its `Carbon Emitted:` line, else its AutoTrain `CO2
    /// Emissions (in grams):` line, else a CodeCarbon table's `emissions` (only a report, see
    /// [`assess`]).
    pub body: Option<Emission>,
    /// How sure cardlint is that `body` is the card's report (`Some` with `body`).
    pub body_confidence: Option<Confidence>,
    pub hardware: Option<Evidence>,
    /// `co2_eq_emissions.energy_consumed`: the energy the training used, in kWh.
    pub energy_kwh: Option<Measure>,
    /// `co2_eq_emissions.hours_used`: the training's duration in hours.
    pub hours_used: Option<Measure>,
    /// Top-level keys that look like a misspelt `co2_eq_emissions`.
    pub near_misses: Vec<NodeId>,
    pub tags: Vec<String>,
}

impl Facts {
    /// The CO2 value the reporting classification uses, with its origin (metadata first).
    pub fn co2(&self) -> Option<(f64, Origin)> {
        if let Some(g) = self.meta.as_ref().and_then(Emission::usable) {
            return Some((g, Origin::Metadata));
        }
        self.body
            .as_ref()
            .and_then(|e| e.usable().map(|g| (g, Origin::Body)))
    }

    /// Whether the metadata fills `field` with a real value (for `emissions`: a usable number
    /// of grams).
    pub fn filled(&self, field: Co2Field) -> bool {
        match field {
            Co2Field::Emissions => self.meta.as_ref().is_some_and(|m| m.usable().is_some()),
            _ => self
                .co2
                .as_ref()
                .and_then(|c| c.field(field))
                .is_some_and(|s| s.filled),
        }
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
    }
}

/// A top-level key that looks like a misspelt `co2_eq_emissions`.
pub fn near_miss(key: &str) -> bool {
    const KEY: &str = "co2_eq_emissions";
    // Cheap exits first: most keys (`license`, `tags`) are far shorter than the name and hold
    // neither "co2" nor "carbon" (the edit distance is at least the difference in length).
    let lower = key.to_ascii_lowercase();
    if key.len().abs_diff(KEY.len()) > 3 && !lower.contains("co2") && !lower.contains("carbon") {
        return false;
    }
    let norm = lower.replace(['-', ' '], "_");
    key != KEY
        && (strsim::levenshtein(&norm, KEY) <= 3
            || norm.contains("co2")
            || norm.contains("carbon_emission"))
}

/// Template leftovers: `[More Information Needed]`, `Unknown`, `NA`, `TBD`… (SPEC §1.3).
pub fn is_placeholder(text: &str) -> bool {
    let t: String = text
        .trim()
        .trim_matches(|c: char| {
            matches!(
                c,
                '[' | ']' | '(' | ')' | '.' | '*' | '_' | '"' | '\'' | '`'
            )
        })
        .trim()
        .to_lowercase();
    // The paper ignores hardware values containing "Unknown" or "Needed".
    t.contains("information needed")
        || t.contains("unknown")
        || t.contains("needed")
        || matches!(
            t.as_str(),
            "" | "na"
                | "n/a"
                | "n.a"
                | "tbd"
                | "tba"
                | "todo"
                | "none"
                | "?"
                | "-"
                | "--"
                | "xxx"
                | "not specified"
        )
}

/// Reads an emissions value node of the front matter.
pub fn read_value(card: &Card, y: &Yaml, id: NodeId) -> Option<Emission> {
    let node = y.node(id);
    let Kind::Scalar {
        value,
        style,
        tagged,
    } = &node.kind
    else {
        return None;
    };
    let span = y.span(id);
    let numeric = *style == Style::Plain && !*tagged;
    let typed = if numeric { core12(value) } else { Typed::Str };
    let (yaml_number, quantity) = match typed.as_f64() {
        Some(n) => (
            true,
            Some(Quantity {
                number: n,
                number_at: (0, span.len()),
                unit: Unit::None,
                unit_text: String::new(),
            }),
        ),
        None if typed == Typed::Null => return None,
        // A string: its number and unit, if any (a plain `24_700_000`, which PyYAML reads as a
        // number, reads as that number here too: the quantity reader takes `_` separators).
        None => (false, quantity::parse(value)),
    };
    Some(Emission {
        raw: card.slice(span).to_string(),
        span,
        origin: Origin::Metadata,
        yaml_number,
        quantity,
    })
}

/// The shape of the `co2_eq_emissions` value.
fn form_of(y: &Yaml, v: NodeId) -> Co2Form {
    match &y.node(v).kind {
        Kind::Map(_) => Co2Form::Mapping,
        Kind::Scalar { .. } if y.is_null(v) => Co2Form::Null,
        Kind::Scalar {
            value,
            style,
            tagged,
        } => {
            if *style == Style::Plain && !*tagged && core12(value).as_f64().is_some() {
                Co2Form::Number
            } else {
                Co2Form::String
            }
        }
        _ => Co2Form::Other,
    }
}

/// `co2_eq_emissions` read once: its form, the emissions node, the sub-fields.
fn read_co2(y: &Yaml, key: NodeId, value: NodeId) -> Co2 {
    let form = form_of(y, value);
    let mut c = Co2 {
        key,
        value,
        form,
        emissions: None,
        fields: [None; 5],
        unknown: Vec::new(),
        generator: Vec::new(),
    };
    match form {
        Co2Form::Mapping => {
            for &(k, v) in y.entries(value).unwrap_or(&[]) {
                let Some(i) = y
                    .str(k)
                    .and_then(|s| CO2_FIELDS.iter().position(|f| *f == s))
                else {
                    if y.str(k).is_some_and(|s| GENERATOR_FIELDS.contains(&s)) {
                        c.generator.push((k, v));
                    } else {
                        c.unknown.push(k);
                    }
                    continue;
                };
                // `get` semantics: the last of repeated keys wins.
                let filled = !y.is_null(v)
                    && match y.str(v) {
                        Some(s) => i == 0 || !is_placeholder(s),
                        None => i == 0,
                    };
                c.fields[i] = Some(SubField {
                    key: k,
                    value: v,
                    filled,
                });
            }
            c.emissions = c.field(Co2Field::Emissions).map(|s| s.value);
        }
        Co2Form::Number | Co2Form::String => c.emissions = Some(value),
        _ => {}
    }
    c
}

/// The card's `tags`: a list, or a single string.
fn tags(card: &Card) -> Vec<String> {
    strings(card, "tags")
}

/// The card's `datasets` (Hub ids of its training data): a list, or a single string.
pub fn datasets(card: &Card) -> Vec<String> {
    strings(card, "datasets")
}

/// A top-level key's strings: a list's, or a single string.
fn strings(card: &Card, key: &str) -> Vec<String> {
    let (Some((y, _)), Some((_, t))) = (card.root_map(), card.top(key)) else {
        return Vec::new();
    };
    match y.items(t) {
        Some(items) => items
            .iter()
            .filter_map(|&i| y.str(i))
            .map(str::to_string)
            .collect(),
        None => y.str(t).map(str::to_string).into_iter().collect(),
    }
}

pub fn collect(card: &Card) -> Facts {
    let mut f = Facts {
        co2: None,
        form: Co2Form::Absent,
        meta: None,
        body: None,
        body_confidence: None,
        hardware: None,
        energy_kwh: None,
        hours_used: None,
        near_misses: Vec::new(),
        tags: Vec::new(),
    };
    if let Some((y, root)) = card.root_map() {
        if let Some((k, v)) = card.top("co2_eq_emissions") {
            let c = read_co2(y, k, v);
            f.form = c.form;
            f.meta = c.emissions.and_then(|e| read_value(card, y, e));
            f.hardware = c
                .field(Co2Field::HardwareUsed)
                .filter(|h| h.filled)
                .and_then(|h| Some((y.str(h.value)?, y.span(h.value))))
                .map(|(text, span)| Evidence {
                    text: text.to_string(),
                    span,
                    origin: Origin::Metadata,
                });
            f.energy_kwh = measure(y, &c, "energy_consumed", "kwh");
            f.hours_used = measure(y, &c, "hours_used", "h");
            f.co2 = Some(c);
        }
        f.near_misses = y
            .entries(root)
            .unwrap_or(&[])
            .iter()
            .filter(|(k, _)| y.str(*k).is_some_and(near_miss))
            .map(|(k, _)| *k)
            .collect();
    }
    (f.body, f.body_confidence) =
        body_emission(card).map_or((None, None), |(e, c)| (Some(e), Some(c)));
    if f.hardware.is_none() {
        f.hardware = body_hardware(card).map(|l| Evidence {
            text: l.value.clone(),
            span: l.value_span,
            origin: Origin::Body,
        });
    }
    f.tags = tags(card);
    f
}
