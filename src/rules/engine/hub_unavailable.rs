//! CL404 `hub-unavailable`: a fact asked of the Hub could not be read. Made by the engine from
//! the Hub's answers (or the missing model id); it never fails a run, since a fault of the
//! network is not one of the card: the exit code is what it would be without the Hub.

use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "CL404",
    name: "hub-unavailable",
    severity: Severity::Warning,
    summary: "a fact asked of the Hugging Face Hub could not be read",
    docs: include_str!("../../../rules/hub-unavailable.md"),
    check: None,
    fix: None,
    fails_run: false,
    missing_field: None,
};
