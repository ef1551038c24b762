//! CL104 `co2-emissions-zero`: the emissions value is zero, negative or not finite.

use crate::diagnostic::Severity;
use crate::rules::{Ctx, Finding, Rule};
use crate::util::fmt_num;

pub static RULE: Rule = Rule {
    code: "CL104",
    name: "co2-emissions-zero",
    severity: Severity::Error,
    summary: "the emissions value is zero, negative or not finite",
    docs: include_str!("../../../rules/co2-emissions-zero.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let Some(m) = &ctx.facts.meta else {
        return Vec::new();
    };
    let Some(q) = m.quantity.as_ref().filter(|_| m.yaml_number) else {
        return Vec::new();
    };
    let n = q.number;
    if n.is_finite() && n > 0.0 {
        return Vec::new();
    }
    let what = if n.is_nan() {
        "not a number (NaN)".into()
    } else if n.is_infinite() {
        "infinite".into()
    } else {
        fmt_num(n)
    };
    vec![Finding::new(m.span, format!("the emissions value is {what}"))
        .label("read as not reported")
        .help("AutoTrain writes 0 when tracking failed; write the measured emissions in grams or remove the key")]
}
