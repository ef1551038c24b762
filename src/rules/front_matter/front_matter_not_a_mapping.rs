//! CL003 `front-matter-not-a-mapping`: the front matter is not a mapping.

use crate::card::yaml::Kind;
use crate::diagnostic::Severity;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL003",
    name: "front-matter-not-a-mapping",
    severity: Severity::Error,
    summary: "the front matter is not a mapping",
    docs: include_str!("../../../rules/front-matter-not-a-mapping.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let Some(y) = ctx.card.yaml() else {
        return Vec::new();
    };
    let Some(root) = y.root else {
        return Vec::new();
    };
    let what = match &y.node(root).kind {
        Kind::Map(_) => return Vec::new(),
        Kind::Seq(_) => "a sequence",
        _ if y.is_null(root) => return Vec::new(),
        _ => "a scalar",
    };
    vec![Finding::new(
        y.span(root),
        format!("the front matter is {what}, not a mapping"),
    )
    .help("the Hub rejects such a card's metadata; write `key: value` lines")]
}
