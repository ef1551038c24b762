//! `cardlint explain`: a rule's documentation, or a topic's.

use std::process::ExitCode;

use cardlint::rules;

use super::{emit, fail};

/// Topics `explain` knows besides the rules.
const TOPICS: [(&[&str], &str); 1] = [(
    &["efficiency", "efficiency-mode", "label"],
    include_str!("../../docs/efficiency.md"),
)];

pub(super) fn explain(key: &str) -> ExitCode {
    let topic = key.trim().to_ascii_lowercase();
    if let Some((_, text)) = TOPICS
        .iter()
        .find(|(names, _)| names.contains(&topic.as_str()))
    {
        emit(text);
        return ExitCode::SUCCESS;
    }
    match rules::lookup(key) {
        Some(r) => {
            emit(&format!(
                "{} ({}), default severity {}\n\n{}",
                r.code,
                r.name,
                r.severity.as_str(),
                r.docs
            ));
            ExitCode::SUCCESS
        }
        None => {
            let hint =
                rules::suggest(key).map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"));
            fail(format!(
                "unknown rule `{key}`{hint}; `cardlint rules` lists them (`cardlint explain efficiency` explains the label)"
            ))
        }
    }
}
