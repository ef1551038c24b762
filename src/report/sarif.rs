//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning, with the rule registry (docs as full
//! descriptions) in `tool.driver.rules`.

use serde_json::{json, Value};

use super::location;
use crate::diagnostic::Severity;
use crate::lint::CardReport;
use crate::rules::RULES;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path (RFC 3986): `/`-separated segments, no `./`, every byte
/// but the unreserved ones percent-encoded. A `\` is a separator only on Windows; in a Linux
/// file name it is a character (`%5C`).
pub fn uri(path: &str) -> String {
    let p = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    let p = p.strip_prefix("./").unwrap_or(&p);
    let mut out = String::new();
    for b in p.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if path.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}

/// One result a finding.
fn result(c: &CardReport, d: &crate::diagnostic::Diagnostic) -> Value {
    let mut physical = json!({"artifactLocation": {"uri": uri(&c.path)}});
    if let Some(l) = location(c, d) {
        physical["region"] = json!({
            "startLine": l.line,
            "startColumn": l.column,
            "endLine": l.end_line,
            "endColumn": l.end_column,
        });
    }
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push_str(&format!("\nhelp: {h}"));
    }
    let mut r = json!({
        "ruleId": d.code,
        "ruleIndex": RULES.iter().position(|r| r.code == d.code).unwrap_or(0),
        "level": level(d.severity),
        "message": {"text": text},
        "locations": [{"physicalLocation": physical}],
    });
    if let Some(f) = d.fix.as_ref().and_then(|f| fixes(c, f)) {
        r["fixes"] = f;
    }
    // The efficiency findings carry the label they judge, and whether it is provisional.
    if let (Some(e), true) = (&c.efficiency, EFFICIENCY_RULES.contains(&d.code)) {
        r["properties"] = json!({
            "efficiencyClass": e.class,
            "provisional": e.provisional,
            "metricsUsed": e.metrics_used,
            "efficiencyMode": e.mode,
        });
    }
    r
}

/// A finding's fix as SARIF `fixes`: one artifact change of the card, its replacements given
/// by line and column (`charOffset`/`charLength` also, in characters), and whether it is safe
/// in the description.
fn fixes(c: &CardReport, f: &crate::diagnostic::Fix) -> Option<Value> {
    let replacements: Vec<Value> = f
        .edits
        .iter()
        .filter_map(|(span, content)| {
            let l = c.span_location(*span)?;
            Some(json!({
                "deletedRegion": {
                    "startLine": l.line,
                    "startColumn": l.column,
                    "endLine": l.end_line,
                    "endColumn": l.end_column,
                },
                "insertedContent": {"text": content},
            }))
        })
        .collect();
    if replacements.is_empty() {
        return None;
    }
    let description = if f.safe {
        "safe fix (`cardlint --fix`)"
    } else {
        "unsafe fix (`cardlint --fix --unsafe-fixes`)"
    };
    Some(json!([{
        "description": {"text": description},
        "artifactChanges": [{
            "artifactLocation": {"uri": uri(&c.path)},
            "replacements": replacements,
        }],
    }]))
}

/// The rules whose results carry the label in `properties`.
const EFFICIENCY_RULES: [&str; 2] = [
    crate::rules::minimums::efficiency_below_minimum::RULE.code,
    crate::rules::minimums::efficiency_low_evidence::RULE.code,
];

const HOLE: &str = "\"results-go-here\"";
const INDENT: &str = "        ";

/// The document around the results, split where they go.
fn frame() -> (String, String) {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.docs},
                "help": {"text": r.docs, "markdown": r.docs},
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    let mut driver = json!({
        "name": "cardlint",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    let repo = env!("CARGO_PKG_REPOSITORY");
    if !repo.is_empty() {
        driver["informationUri"] = json!(repo);
    }
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": "results-go-here"}],
    });
    let s = serde_json::to_string_pretty(&v).expect("serialisable");
    let (head, tail) = s.split_once(HOLE).expect("the placeholder");
    (format!("{head}["), format!("{tail}\n"))
}

/// The start of the document, up to the results array (output is streamed card by card).
pub fn header() -> String {
    frame().0
}

/// A card's results, each on its own lines, comma-separated; the caller puts a comma between
/// cards (`""` for a card without findings).
pub fn card(c: &CardReport) -> String {
    let mut out = String::new();
    for (i, d) in c.diagnostics.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let r =
            super::json_safe(serde_json::to_string_pretty(&result(c, d)).expect("serialisable"));
        for line in r.lines() {
            out.push('\n');
            out.push_str(INDENT);
            out.push_str(line);
        }
    }
    out
}

/// The end of the document; `any` says whether results were written.
pub fn footer(any: bool) -> String {
    let close = if any { "\n      ]" } else { "]" };
    format!("{close}{}", frame().1)
}

/// The whole document (the CLI's streamed output is the same: see [`super::document`]).
pub fn render(cards: &[CardReport]) -> String {
    super::document::render(super::document::Kind::Sarif, cards)
}
