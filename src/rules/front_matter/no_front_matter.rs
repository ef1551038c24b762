//! CL001 `no-front-matter`: the card has no YAML front matter.

use crate::card::FrontMatter;
use crate::diagnostic::{Severity, Span};
use crate::rules::emissions::emissions_only_in_body::suggestion;
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL001",
    name: "no-front-matter",
    severity: Severity::Warning,
    summary: "the card has no YAML front matter",
    docs: include_str!("../../../rules/no-front-matter.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let card = ctx.card;
    if !matches!(card.front, FrontMatter::Absent) {
        return Vec::new();
    }
    let first = card.text.split(['\n', '\r']).next().unwrap_or("");
    let span = Span::new(0, first.len());
    let unclosed = first
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .trim_end()
        == "---";
    let f = if unclosed {
        Finding::new(span, "the front matter opened here is never closed")
            .label("no closing `---` line follows")
            .help("end the YAML block with a line holding only `---`")
    } else {
        // The documented mapping: what the body reports (what `--fix` writes), else an example.
        let help = match suggestion(card, ctx.facts) {
            Some(m) => format!("start the file with a `---` block holding the metadata, such as {m} (what the body reports; `cardlint --fix` writes it) between two `---` lines"),
            None => "start the file with a `---` block holding the metadata, such as `co2_eq_emissions:` with `emissions: 25.4` (grams), `source: CodeCarbon` and `hardware_used: 1 x A100` between two `---` lines".to_string(),
        };
        // An empty (or blank) file says so: "no front matter" would hide that nothing is there.
        let what = if card.text.trim().is_empty() {
            "the card is empty: it has no YAML front matter and no text"
        } else {
            "the card has no YAML front matter"
        };
        Finding::new(span, what).help(help)
    };
    vec![f]
}
