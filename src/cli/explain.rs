//! `cardlint explain` (a rule's documentation, or a topic) and `cardlint rules` (the list, in
//! text or JSON).

use std::process::ExitCode;

use super::{emit, fail, RulesFormat};
use cardlint::rules::{self, RULES};

/// `cardlint rules`: one line a rule (`[*]` where it has a fix), or a JSON array.
pub(super) fn rules_list(format: RulesFormat) -> String {
    match format {
        RulesFormat::Json => {
            let v: Vec<serde_json::Value> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.as_str(),
                        "summary": r.summary,
                        "fixable": r.fix.is_some(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&v).expect("serialisable") + "\n"
        }
        RulesFormat::Pretty => RULES
            .iter()
            .map(|r| {
                format!(
                    "{}  {:<30} {:<8} {:<3} {}\n",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    if r.fix.is_some() { "[*]" } else { "" },
                    r.summary
                )
            })
            .collect(),
    }
}

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
