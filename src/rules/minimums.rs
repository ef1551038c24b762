//! Gates set by the user: a minimum reporting class, a minimum efficiency class, and a note
//! when the efficiency label rests on thin evidence.

use super::{Ctx, Finding};
use crate::class::reporting::Level;

pub fn reporting_below_minimum(ctx: &Ctx) -> Vec<Finding> {
    let Some(min) = ctx.min_reporting else {
        return Vec::new();
    };
    let r = ctx.reporting;
    if r.level >= min.0 {
        return Vec::new();
    }
    let help = match &r.next {
        Some(n) => format!(
            "add {} to reach {}",
            n.needs.join(" and "),
            Level::parse(n.class).map_or("", |l| l.name())
        ),
        None => String::new(),
    };
    vec![Finding::new(
        None,
        format!(
            "the reporting class is {}, below the required {}",
            Level(r.level).label(),
            min.label()
        ),
    )
    .help(help)]
}

pub fn efficiency_below_minimum(ctx: &Ctx) -> Vec<Finding> {
    let Some(min) = ctx.min_efficiency else {
        return Vec::new();
    };
    let e = ctx.efficiency;
    match e.class {
        Some(c) if c <= min => Vec::new(),
        Some(c) => vec![Finding::new(None, format!("the efficiency class is {c}, below the required {min}"))
            .help("the label compares with the 2023 Hugging Face study; see `cardlint explain efficiency-below-minimum`")],
        None => vec![Finding::new(None, format!("no efficiency class could be computed; {min} is required"))
            .help("report co2_eq_emissions, or pass --model-size, --downloads or --performance-score")],
    }
}

pub fn efficiency_low_evidence(ctx: &Ctx) -> Vec<Finding> {
    let e = ctx.efficiency;
    let Some(c) = e.class else { return Vec::new() };
    if e.metrics_used >= 3 {
        return Vec::new();
    }
    let missing: Vec<String> = e
        .metrics
        .iter()
        .filter(|m| m.rating.is_none())
        .map(|m| {
            format!(
                "{} ({})",
                m.name,
                crate::class::efficiency::how_to_supply(m.name)
            )
        })
        .collect();
    vec![Finding::new(
        None,
        format!(
            "the efficiency class {c} rests on {} of 5 metrics",
            e.metrics_used
        ),
    )
    .help(format!("firm it up with {}", missing.join("; ")))]
}
