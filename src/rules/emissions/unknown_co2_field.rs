//! CL107 `unknown-co2-field`: an unknown co2_eq_emissions field or a misspelt co2_eq_emissions key.

use crate::diagnostic::Severity;
use crate::facts::{CO2_FIELDS, GENERATOR_FIELDS};
use crate::rules::{Ctx, Finding, Rule};
use strsim::levenshtein as edit_distance;

pub static RULE: Rule = Rule {
    code: "CL107",
    name: "unknown-co2-field",
    severity: Severity::Warning,
    summary: "an unknown co2_eq_emissions field or a misspelt co2_eq_emissions key",
    docs: include_str!("../../../rules/unknown-co2-field.md"),
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
    for &k in &ctx.facts.near_misses {
        let key = y.str(k).unwrap_or("");
        out.push(
            Finding::new(y.span(k), format!("unknown key `{key}`"))
                .help("did you mean `co2_eq_emissions`? The Hub only reads that name"),
        );
    }
    for &k in ctx.facts.co2.iter().flat_map(|c| &c.unknown) {
        let Some(key) = y.str(k) else { continue };
        let best = suggestion(&key.to_ascii_lowercase())
            .map_or_else(String::new, |f| format!("did you mean `{f}`? "));
        out.push(
            Finding::new(
                y.span(k),
                format!("unknown field `{key}` in `co2_eq_emissions`"),
            )
            .help(format!(
                "{best}the documented fields are {}; the CodeCarbon measures that Sentence \
                 Transformers and SetFit write ({}) are known too",
                CO2_FIELDS.join(", "),
                GENERATOR_FIELDS.join(", ")
            )),
        );
    }
    out
}

/// The known field `key` most likely meant: the fewest edits, a shared beginning counting in its
/// favour (`hours` → `hours_used`, `energy_consumption` → `energy_consumed`, not `source`);
/// `None` when nothing is close.
fn suggestion(key: &str) -> Option<&'static str> {
    let prefix = |f: &str| {
        key.bytes()
            .zip(f.bytes())
            .take_while(|(a, b)| a == b)
            .count()
    };
    CO2_FIELDS
        .iter()
        .chain(&GENERATOR_FIELDS)
        .copied()
        .min_by_key(|f| edit_distance(key, f) as i64 - 2 * prefix(f) as i64)
        .filter(|f| edit_distance(key, f) <= 4 || f.contains(key) || prefix(f) >= 5)
}

#[cfg(test)]
mod tests {
    use super::suggestion;

    #[test]
    fn suggestions_name_the_field_meant() {
        assert_eq!(suggestion("hardware"), Some("hardware_used"));
        assert_eq!(suggestion("hours"), Some("hours_used"));
        assert_eq!(suggestion("energy_consumption"), Some("energy_consumed"));
        assert_eq!(suggestion("emission"), Some("emissions"));
        assert_eq!(suggestion("unit"), None);
    }
}
