//! CL902 `unused-suppression`: a suppression comment suppresses nothing.

use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "CL902",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "a suppression comment suppresses nothing",
    docs: include_str!("../../../rules/unused-suppression.md"),
    check: None,
    fix: None,
    fails_run: true,
    missing_field: None,
};
