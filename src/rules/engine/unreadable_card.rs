//! CL901 `unreadable-card`: the card cannot be read: missing, not a regular file, too large or not UTF-8 text.

use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "CL901",
    name: "unreadable-card",
    severity: Severity::Error,
    summary: "the card cannot be read: missing, not a regular file, too large or not UTF-8 text",
    docs: include_str!("../../../rules/unreadable-card.md"),
    check: None,
    fix: None,
    fails_run: true,
    missing_field: None,
};
