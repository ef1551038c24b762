//! CL206 `placeholder-value`: a template placeholder where a value belongs.

use crate::card::body::{Field, FieldLine};
use crate::card::yaml::Kind;
use crate::diagnostic::Severity;
use crate::diagnostic::Span;
use crate::facts::{is_placeholder, Co2Field};
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
    out.extend(section_bullets(ctx));
    out
}

/// The Environmental Impact bullets left as the template wrote them: one finding for the
/// section, an info where the metadata already reports the emissions, hardware and location.
fn section_bullets(ctx: &Ctx) -> Option<Finding> {
    let lines: Vec<&FieldLine> = ctx
        .card
        .body
        .fields
        .iter()
        .filter(|l| l.in_section && l.field != Field::AutoTrainCo2 && is_placeholder(&l.value))
        .collect();
    let (first, last) = (lines.first()?, lines.last()?);
    let f = ctx.facts;
    let reported = [
        Co2Field::Emissions,
        Co2Field::HardwareUsed,
        Co2Field::GeographicalLocation,
    ]
    .into_iter()
    .all(|c| f.filled(c));
    let finding = match lines.as_slice() {
        [l] if l.value.is_empty() => {
            Finding::new(l.line, format!("the `{}` bullet is empty", l.field.label()))
        }
        [l] => Finding::new(
            l.value_span,
            format!(
                "the `{}` bullet holds the template placeholder `{}`",
                l.field.label(),
                l.value
            ),
        ),
        _ => Finding::new(
            Span::new(first.line.start, last.line.end),
            format!(
                "{} Environmental Impact bullets are left as the template wrote them: {}",
                lines.len(),
                lines
                    .iter()
                    .map(|l| format!("`{}`", l.field.label()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    };
    Some(if reported {
        finding.at_most(Severity::Info).help(
            "the metadata reports the emissions, hardware and location: fill the section from it, or remove the unfilled lines",
        )
    } else {
        let (them, it) = if lines.len() == 1 {
            ("it", "the line")
        } else {
            ("them", "them")
        };
        finding.help(format!(
            "fill {them} in (`{}` writes {them} from a CodeCarbon run) or remove {it}",
            crate::fill::command(ctx.path, ctx.ext.codecarbon.is_some())
        ))
    })
}
