//! CL004 `duplicate-key`: a mapping repeats a key.

use std::collections::HashMap;

use crate::card::yaml::Kind;
use crate::diagnostic::{Severity, Span};
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL004",
    name: "duplicate-key",
    severity: Severity::Warning,
    summary: "a mapping repeats a key",
    docs: include_str!("../../../rules/duplicate-key.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let Some(y) = ctx.card.yaml() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, node) in y.nodes.iter().enumerate() {
        if !matches!(node.kind, Kind::Map(_)) {
            continue;
        }
        let Some(entries) = y.own_entries(id) else {
            continue;
        };
        // A small mapping (most are) is searched in a list; a large one in a hash map, so
        // that the check stays linear.
        let mut few: Vec<(&str, Span)> = Vec::new();
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for (k, _) in entries {
            let Some(key) = y.str(*k) else { continue };
            let first = if entries.len() <= 16 {
                let f = few.iter().find(|(n, _)| *n == key).map(|(_, s)| *s);
                if f.is_none() {
                    few.push((key, y.span(*k)));
                }
                f
            } else {
                seen.get(key).copied()
            };
            match first {
                Some(first) => out.push(
                    Finding::new(
                        y.span(*k),
                        format!("duplicate key `{key}`: this one wins and the first is ignored"),
                    )
                    .label("repeated here")
                    .related(first, "first defined here")
                    .help("keep one of the two entries"),
                ),
                None if entries.len() > 16 => {
                    seen.insert(key, y.span(*k));
                }
                None => {}
            }
        }
    }
    out
}
