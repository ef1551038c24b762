//! CL108 `energy-not-co2`: an energy (kWh) stands where the emissions (a mass of CO2eq) belong:
//! the body's `Carbon Emitted` in kWh, or a metadata `emissions` that copies the body's kWh (or
//! the metadata's own `energy_consumed`).

use crate::card::body::{assess, Field, Stat};
use crate::card::quantity::{self, Unit};
use crate::diagnostic::{Severity, Span};
use crate::rules::{Ctx, Finding, Rule};
use crate::util::fmt_num;

pub static RULE: Rule = Rule {
    code: "CL108",
    name: "energy-not-co2",
    severity: Severity::Warning,
    summary: "an energy (kWh) is given where the emissions (grams of CO2eq) belong",
    docs: include_str!("../../../rules/energy-not-co2.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

/// An energy: whose it is, as written, where, and its number.
type Energy<'a> = (&'static str, &'a str, Span, f64);

const BODY: &str = "the body's energy figure";

const CONVERT: &str = "energy is not CO2: the emissions are the energy times the carbon intensity of the grid where the model was trained (g CO2eq per kWh); CodeCarbon reports both";

fn check(ctx: &Ctx) -> Vec<Finding> {
    let body = &ctx.card.body;
    let mut out = Vec::new();
    // The body's energies: its emissions lines in kWh, its `Energy Consumed:` lines and
    // CodeCarbon's `energy_consumed` (kWh), as (text, span, number).
    let mut energies: Vec<Energy> = Vec::new();
    for l in body.fields.iter().filter(|l| {
        matches!(
            l.field,
            Field::CarbonEmitted | Field::AutoTrainCo2 | Field::CodeCarbonEmissions
        )
    }) {
        let Some(q) = quantity::parse(&l.value).filter(|q| q.unit == Unit::Energy) else {
            continue;
        };
        if assess(l).is_none() {
            continue;
        }
        energies.push((BODY, &l.value, l.value_span, q.number));
        out.push(
            Finding::new(
                l.value_span,
                format!(
                    "the body's `{}` line states an energy (`{}`), not the CO2 emitted",
                    l.field.label(),
                    l.value
                ),
            )
            .label("kWh is energy")
            .help(format!(
                "{CONVERT}; write the emissions as a mass (`kg CO2eq`) and the energy on a line of its own (`- **Energy Consumed:** {}`)",
                l.value
            )),
        );
    }
    for s in body.stated.iter().filter(|s| s.what == Stat::Energy) {
        if let Some(q) = quantity::parse(&s.value)
            .filter(|q| matches!(q.unit, Unit::Energy | Unit::None) && q.number_at.0 == 0)
        {
            energies.push((BODY, &s.value, s.value_span, q.number));
        }
    }
    // The metadata's own `energy_consumed` (kWh, as Sentence Transformers and SetFit write it)
    // is an energy too.
    let own = metadata_energy(ctx);
    if let Some((text, span)) = &own {
        if let Some(n) = quantity::parse(text).map(|q| q.number) {
            energies.push(("`energy_consumed`", text, *span, n));
        }
    }
    if let Some(m) = copied_energy(ctx, &energies) {
        out.push(m);
    }
    out
}

/// `co2_eq_emissions.energy_consumed` as written, with its span.
fn metadata_energy(ctx: &Ctx) -> Option<(String, Span)> {
    let (y, c) = (ctx.card.yaml()?, ctx.facts.co2.as_ref()?);
    let &(_, v) = y
        .entries(c.value)?
        .iter()
        .rev()
        .find(|(k, _)| y.str(*k) == Some("energy_consumed"))?;
    Some((y.str(v)?.to_string(), y.span(v)))
}

/// The metadata's `emissions` when it is one of the body's energies copied as grams.
fn copied_energy(ctx: &Ctx, energies: &[Energy]) -> Option<Finding> {
    let f = ctx.facts;
    let m = f.meta.as_ref()?;
    let q = m.quantity.as_ref()?;
    if !matches!(q.unit, Unit::None | Unit::Grams) || !q.number.is_finite() || q.number <= 0.0 {
        return None;
    }
    // The same figure as the body's CO2 is agreement, whatever else the body says.
    let co2 = f.body.as_ref().and_then(crate::facts::Emission::grams);
    if co2.is_some_and(|g| (g - q.number).abs() <= 0.01 * g.abs()) {
        return None;
    }
    let (whose, text, span, _) = energies
        .iter()
        .find(|(_, text, _, n)| same_figure(q.number, text, *n))?;
    Some(
        Finding::new(
            m.span,
            format!(
                "the metadata's emissions ({} g) is {whose} (`{text}`), an energy in kWh, not grams of CO2eq",
                fmt_num(q.number)
            ),
        )
        .label("grams of CO2eq belong here")
        .related(*span, "energy")
        .help(format!(
            "{CONVERT}; write the grams of CO2eq in `emissions` (CodeCarbon's `emissions` is in kg: × 1000)"
        )),
    )
}

/// Whether `meta` is the body's figure `n` (written `text`): equal, or equal at the precision
/// the body prints when that has two or more significant digits.
fn same_figure(meta: f64, text: &str, n: f64) -> bool {
    if meta == n {
        return true;
    }
    let number = text
        .trim_start()
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .next()
        .unwrap_or("");
    let decimals = number.split_once('.').map_or(0, |(_, d)| d.len());
    let significant = number
        .trim_start_matches(['0', '.'])
        .chars()
        .filter(char::is_ascii_digit)
        .count();
    if significant < 2 || decimals > 15 {
        return false;
    }
    format!("{meta:.decimals$}").parse::<f64>().ok() == Some(n)
}

#[cfg(test)]
mod tests {
    use super::same_figure;

    #[test]
    fn a_copied_figure_at_the_body_s_precision() {
        assert!(same_figure(0.32, "0.32 kWh", 0.32));
        assert!(same_figure(0.3241, "0.32 kWh", 0.32));
        assert!(!same_figure(0.33, "0.32 kWh", 0.32));
        // One significant digit is too little to call a copy.
        assert!(!same_figure(0.0012, "0.001 kWh", 0.001));
        assert!(!same_figure(4.2, "0.011 kWh", 0.011));
        assert!(same_figure(12.0, "12", 12.0));
    }
}
