//! CL204 `missing-geographical-location`: co2_eq_emissions has no geographical_location.

use super::{missing_field, suggest};
use crate::card::body::Field;
use crate::diagnostic::Severity;
use crate::facts::is_placeholder;
use crate::facts::Co2Field;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL204",
    name: "missing-geographical-location",
    severity: Severity::Info,
    summary: "co2_eq_emissions has no geographical_location",
    docs: include_str!("../../../rules/missing-geographical-location.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: Some(crate::facts::Co2Field::GeographicalLocation),
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    missing_field(
        ctx,
        Co2Field::GeographicalLocation,
        &advice(ctx),
        "the grid's carbon intensity depends on the place",
    )
}

/// Where the card (or its `emissions.csv`) says the training ran; never a made-up example.
fn advice(ctx: &Ctx) -> String {
    let csv = ctx
        .ext
        .codecarbon
        .as_ref()
        .and_then(|b| b.location.as_deref());
    let region = ctx
        .card
        .body
        .fields
        .iter()
        .find(|l| l.field == Field::ComputeRegion && !is_placeholder(&l.value));
    match (csv, region) {
        (Some(l), _) => suggest(
            "geographical_location",
            l,
            &format!(
                "the emissions.csv beside the card says so; `{}` writes it",
                crate::fill::command(ctx.path, true)
            ),
        ),
        (_, Some(r)) => suggest("geographical_location", &r.value, "the body's Compute Region"),
        _ => "`geographical_location:` naming where the training ran, as precisely as known (region and country)".into(),
    }
}
