//! What a card says about its carbon footprint, read once and shared by the classifications
//! and the rules: the emissions value (metadata, else body), hardware, the documented fields.

use serde::Serialize;

use crate::card::body::Field;
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
pub const CO2_FIELDS: [&str; 5] = [
    "emissions",
    "hardware_used",
    "source",
    "training_type",
    "geographical_location",
];

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

/// Text evidence (hardware) with its origin.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub text: String,
    pub span: Span,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Facts {
    /// `(key, value)` of `co2_eq_emissions` in the front matter.
    pub co2: Option<(NodeId, NodeId)>,
    pub form: Co2Form,
    /// The metadata's emissions value (bare or `.emissions`).
    pub meta: Option<Emission>,
    /// The body's `Carbon Emitted:` line, else its AutoTrain `CO2 Emissions (in grams):` line.
    pub body: Option<Emission>,
    pub hardware: Option<Evidence>,
    /// Which of [`CO2_FIELDS`] the metadata fills with a real (non-placeholder) value.
    pub present: [bool; 5],
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

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
    }
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

pub fn collect(card: &Card) -> Facts {
    let mut f = Facts {
        co2: card.top("co2_eq_emissions"),
        form: Co2Form::Absent,
        meta: None,
        body: None,
        hardware: None,
        present: [false; 5],
        tags: Vec::new(),
    };
    if let (Some((y, _)), Some((_, v))) = (card.root_map(), f.co2) {
        let node = y.node(v);
        f.form = match &node.kind {
            Kind::Map(_) => Co2Form::Mapping,
            Kind::Scalar { .. } if y.is_null(v) => Co2Form::Null,
            Kind::Scalar {
                value,
                style,
                tagged,
            } => {
                let num = *style == Style::Plain && !*tagged && core12(value).as_f64().is_some();
                if num {
                    Co2Form::Number
                } else {
                    Co2Form::String
                }
            }
            _ => Co2Form::Other,
        };
        match f.form {
            Co2Form::Mapping => {
                for (i, name) in CO2_FIELDS.iter().enumerate() {
                    if let Some((_, fv)) = y.get(v, name) {
                        f.present[i] = match y.str(fv) {
                            Some(s) => !y.is_null(fv) && (i == 0 || !is_placeholder(s)),
                            None => i == 0,
                        };
                    }
                }
                if let Some((_, ev)) = y.get(v, "emissions") {
                    f.meta = read_value(card, y, ev);
                }
                if let Some((_, hv)) = y.get(v, "hardware_used") {
                    if let Some(s) = y.str(hv).filter(|s| !is_placeholder(s)) {
                        f.hardware = Some(Evidence {
                            text: s.to_string(),
                            span: y.span(hv),
                            origin: Origin::Metadata,
                        });
                    }
                }
            }
            Co2Form::Number | Co2Form::String => {
                f.meta = read_value(card, y, v);
                f.present[0] = true;
            }
            _ => {}
        }
        f.present[0] = f.present[0] && f.meta.as_ref().is_some_and(|m| m.usable().is_some());
    }
    let body_line = card
        .body
        .field(Field::CarbonEmitted)
        .filter(|l| !is_placeholder(&l.value))
        .or_else(|| card.body.field(Field::AutoTrainCo2))
        .or_else(|| card.body.field(Field::CodeCarbonEmissions));
    f.body = body_line.map(|l| Emission {
        raw: l.value.clone(),
        span: l.value_span,
        origin: Origin::Body,
        yaml_number: false,
        quantity: quantity::parse(&l.value).map(|mut q| {
            // The AutoTrain label states the unit: grams.
            if l.field == Field::AutoTrainCo2 && q.unit == Unit::None {
                q.unit = Unit::Grams;
            }
            // CodeCarbon writes kilograms.
            if l.field == Field::CodeCarbonEmissions && q.unit == Unit::None {
                q.unit = Unit::Kilograms;
            }
            q
        }),
    });
    if f.hardware.is_none() {
        f.hardware = card
            .body
            .fields
            .iter()
            .filter(|l| l.field == Field::HardwareType && !is_placeholder(&l.value))
            .min_by_key(|l| !l.in_section)
            .map(|l| Evidence {
                text: l.value.clone(),
                span: l.value_span,
                origin: Origin::Body,
            });
    }
    if let Some((y, _)) = card.root_map() {
        if let Some((_, t)) = card.top("tags") {
            match y.items(t) {
                Some(items) => {
                    f.tags = items
                        .iter()
                        .filter_map(|&i| y.str(i))
                        .map(str::to_string)
                        .collect()
                }
                None => f.tags.extend(y.str(t).map(str::to_string)),
            }
        }
    }
    f
}

/// The harmonic mean of the accuracy, f1, rouge1 and rougeL values in [0, 1] that `model-index`
/// reports (the first of each type). An approximation of the study's score, which normalised
/// each metric over the whole population first.
pub fn performance_from_model_index(card: &Card) -> Option<f64> {
    let (y, _) = card.root_map()?;
    let (_, mi) = card.top("model-index")?;
    let mut found: [Option<f64>; 4] = [None; 4];
    for &m in y.items(mi).unwrap_or(&[]) {
        let Some((_, results)) = y
            .get(y.resolve(m), "results")
            .filter(|_| y.entries(m).is_some())
        else {
            continue;
        };
        for &r in y.items(results).unwrap_or(&[]) {
            let Some((_, metrics)) = y.entries(r).and_then(|_| y.get(y.resolve(r), "metrics"))
            else {
                continue;
            };
            for &mt in y.items(metrics).unwrap_or(&[]) {
                if y.entries(mt).is_none() {
                    continue;
                }
                let ty = y.get(mt, "type").and_then(|(_, t)| y.str(t)).unwrap_or("");
                let slot = match ty.to_ascii_lowercase().as_str() {
                    "accuracy" => 0,
                    "f1" => 1,
                    "rouge1" => 2,
                    "rougel" => 3,
                    _ => continue,
                };
                let v = y
                    .get(mt, "value")
                    .and_then(|(_, v)| y.str(v))
                    .and_then(|s| core12(s).as_f64());
                if let Some(v) = v.filter(|v| (0.0..=1.0).contains(v) && *v > 0.0) {
                    found[slot].get_or_insert(v);
                }
            }
        }
    }
    let vals: Vec<f64> = found.iter().flatten().copied().collect();
    if vals.is_empty() {
        return None;
    }
    Some(vals.len() as f64 / vals.iter().map(|v| 1.0 / v).sum::<f64>())
}
