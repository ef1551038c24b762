//! CL206 `placeholder-value`: a template placeholder where a value belongs.

use crate::card::body::Field;
use crate::card::yaml::Kind;
use crate::diagnostic::Severity;
use crate::facts::is_placeholder;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL206",
    name: "placeholder-value",
    severity: Severity::Warning,
    summary: "a template placeholder where a value belongs",
    docs: include_str!("../../../rules/placeholder-value.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    if let (Some(y), Some(c)) = (ctx.card.yaml(), &ctx.facts.co2) {
        let (k, v) = (c.key, c.value);
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
