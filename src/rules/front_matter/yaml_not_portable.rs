//! CL006 `yaml-not-portable`: huggingface_hub reads the front matter but strict YAML 1.2 parsers reject it.

use super::char_at;
use crate::diagnostic::Severity;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL006",
    name: "yaml-not-portable",
    severity: Severity::Info,
    summary: "huggingface_hub reads the front matter but strict YAML 1.2 parsers reject it",
    docs: include_str!("../../../rules/yaml-not-portable.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

/// Text huggingface_hub reads but a strict YAML 1.2 parser rejects.
fn check(ctx: &Ctx) -> Vec<Finding> {
    let Some(e) = ctx.card.strict_error() else {
        return Vec::new();
    };
    vec![Finding::new(
        char_at(ctx.card.text, e.offset),
        format!(
            "huggingface_hub reads this front matter, but strict YAML 1.2 parsers reject it: {}",
            e.message
        ),
    )
    .label("a YAML 1.2 parser stops here")
    .help("indent continuation lines of a quoted value further than its key (or keep the value on one line), so that every YAML tool reads the same metadata")]
}
