//! CL002 `invalid-yaml`: the front matter is not valid YAML.

use super::char_at;
use crate::card::yaml::ErrorKind;
use crate::card::FrontMatter;
use crate::diagnostic::Severity;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL002",
    name: "invalid-yaml",
    severity: Severity::Error,
    summary: "the front matter is not valid YAML",
    docs: include_str!("../../../rules/invalid-yaml.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let ((FrontMatter::Invalid(e), _) | (_, Some(e))) = (&ctx.card.front, &ctx.card.pyyaml_error)
    else {
        return Vec::new();
    };
    let (what, label, help) = match e.kind {
        ErrorKind::Syntax | ErrorKind::Limit => (
            "the front matter is not valid YAML",
            "the YAML parser stopped here",
            "huggingface_hub and the Hub ignore metadata they cannot parse; fix the YAML (a linter such as yamllint shows more)",
        ),
        ErrorKind::ControlCharacter => (
            "the front matter holds a character YAML does not allow",
            "this character",
            "delete it, or write it as an escape inside double quotes (`\\u001b`): `ModelCard.load` and `metadata_load` fail on this card",
        ),
        ErrorKind::Tab => (
            "the front matter is not valid YAML 1.1",
            "tab",
            "replace the tab with spaces: `ModelCard.load` and `metadata_load` fail on this card",
        ),
        ErrorKind::Construct => (
            "huggingface_hub cannot load the front matter",
            "`yaml.safe_load` fails here",
            "quote the value or drop the tag: `ModelCard.load` and `metadata_load` fail on this card, so it has no metadata",
        ),
        ErrorKind::AliasBomb | ErrorKind::RecursiveAlias => (
            "the front matter is unsafe to load",
            "aliases start here",
            "write the values out instead of repeating them through anchors and aliases",
        ),
    };
    vec![Finding::new(
        char_at(ctx.card.text, e.offset),
        format!("{what}: {}", e.message),
    )
    .label(label)
    .help(help)]
}
