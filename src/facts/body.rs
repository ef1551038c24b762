//! The body's facts: its emissions report (the line or table cardlint is sure, or less sure,
//! is this card's own measurement) and its hardware line.

use super::{is_placeholder, Emission, Origin};
use crate::card::body::{assess, names_hardware, unit_of_line, Confidence, Field, FieldLine};
use crate::card::quantity;
use crate::card::Card;

/// The body's emissions report: its `Carbon Emitted:` line (in the Environmental Impact section
/// first), else AutoTrain's `CO2 Emissions (in grams):` line, else a CodeCarbon table's
/// `emissions` (in kilograms). Only lines that are reports count (see [`assess`]); the first
/// with a mass of CO2 is preferred over one that states none (an energy).
pub(super) fn body_emission(card: &Card) -> Option<(Emission, Confidence)> {
    let b = &card.body;
    let of = |f: Field| b.fields.iter().filter(move |l| l.field == f);
    let candidates = of(Field::CarbonEmitted)
        .filter(|l| l.in_section)
        .chain(of(Field::CarbonEmitted).filter(|l| !l.in_section))
        .filter(|l| !is_placeholder(&l.value))
        .chain(of(Field::AutoTrainCo2))
        .chain(of(Field::CodeCarbonEmissions))
        .filter_map(|l| Some((l, assess(l)?)))
        .map(|(l, c)| {
            let e = Emission {
                raw: l.value.clone(),
                span: l.value_span,
                origin: Origin::Body,
                yaml_number: false,
                // A unit the label states (AutoTrain's grams, `CO2 emissions (kg)`), or
                // CodeCarbon's kilograms, where the value has none.
                quantity: quantity::parse(&l.value).map(|mut q| {
                    q.unit = unit_of_line(l, q.unit);
                    q
                }),
            };
            (e, c)
        });
    let mut first = None;
    for (e, c) in candidates {
        if e.usable().is_some() {
            return Some((e, c));
        }
        first.get_or_insert((e, c));
    }
    first
}

/// The body's `Hardware Type:` (or `Hardware:`) line, the Environmental Impact section's first:
/// not a placeholder, naming hardware ("not recorded" does not), and not under a heading about
/// another model (`## Base model`).
pub fn body_hardware<'c>(card: &'c Card) -> Option<&'c FieldLine> {
    card.body
        .fields
        .iter()
        .filter(|l| {
            l.field == Field::HardwareType
                && !l.foreign
                && !is_placeholder(&l.value)
                && names_hardware(&l.value)
        })
        .min_by_key(|l| !l.in_section)
}
