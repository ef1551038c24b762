//! Hover (on a finding, on `co2_eq_emissions`, on a rule in a config file) and the inlay hint
//! with the verdict.

use std::path::Path;

use lsp_types::{
    Hover, HoverContents, InlayHint, InlayHintLabel, MarkupContent, MarkupKind, Position, Range,
};

use super::adapter;
use super::features::text;
use super::position::{Encoding, Text};
use super::Analysis;
use crate::diagnostic::LineIndex;

fn markdown(value: String) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: None,
    }
}

/// A rule's documentation with a heading naming it.
fn rule_docs(code: &str) -> Option<String> {
    let r = adapter::rule(code)?;
    Some(format!(
        "**{}** `{}` (default severity {})\n\n{}",
        r.code,
        r.name,
        r.severity.as_str(),
        r.docs
    ))
}

/// Hover on a finding (its message and rule's docs) and on `co2_eq_emissions` (the verdict).
pub fn hover(a: &Analysis, enc: Encoding, pos: Position) -> Option<Hover> {
    let super::Outcome::Linted { linted, .. } = &a.outcome else {
        return None;
    };
    let t = text(linted, &a.text, enc);
    let off = t.offset(pos);
    let mut parts = Vec::new();
    if let Some((whole, _)) = adapter::co2_spans(&a.text) {
        if whole.start <= off && off <= whole.end {
            parts.extend(adapter::verdict_markdown(&linted.report));
        }
    }
    let mut seen = Vec::new();
    for d in &linted.report.diagnostics {
        let Some(s) = d.span else { continue };
        if s.start <= off && off <= s.end && !seen.contains(&d.code) {
            seen.push(d.code);
            let mut p = format!("{}\n\n", adapter::escape_markdown(&d.message));
            p.push_str(&rule_docs(d.code).unwrap_or_default());
            parts.push(p);
        }
    }
    (!parts.is_empty()).then(|| markdown(parts.join("\n\n---\n\n")))
}

/// Hover on a rule code or name in `cardlint.toml`, `.cardlint.toml` or the `[tool.cardlint]`
/// tables of `pyproject.toml`.
pub fn config_hover(source: &str, path: &Path, enc: Encoding, pos: Position) -> Option<Hover> {
    let lines = LineIndex::new(source);
    let t = Text {
        text: source,
        lines: &lines,
        enc,
    };
    let off = t.offset(pos);
    if path.file_name().is_some_and(|n| n == "pyproject.toml") {
        let table = source[..off]
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| l.starts_with('['))?;
        let name = table.trim_start_matches('[').trim_start();
        if !(name.starts_with("tool.cardlint]") || name.starts_with("tool.cardlint.")) {
            return None;
        }
    }
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let start = source[..off].rfind(|c: char| !word(c)).map_or(0, |i| i + 1);
    let end = source[off..]
        .find(|c: char| !word(c))
        .map_or(source.len(), |i| off + i);
    let w = &source[start..end];
    if w.is_empty() {
        return None;
    }
    let r = adapter::rule(w)?;
    let mut h = markdown(rule_docs(r.code)?);
    h.range = Some(Range::new(t.position(start), t.position(end)));
    Some(h)
}

/// The verdict in one line after the `co2_eq_emissions` key.
pub fn inlay_hints(a: &Analysis, enc: Encoding, range: Range) -> Vec<InlayHint> {
    let super::Outcome::Linted { linted, .. } = &a.outcome else {
        return Vec::new();
    };
    let Some((_, key)) = adapter::co2_spans(&a.text) else {
        return Vec::new();
    };
    let Some(label) = adapter::verdict_line(&linted.report) else {
        return Vec::new();
    };
    let t = text(linted, &a.text, enc);
    let line = linted.report.lines().line_of(key.start);
    let start = linted.report.lines().line_start(line);
    let rest = &a.text[start..];
    let end = start + rest.find(['\n', '\r']).unwrap_or(rest.len());
    let p = t.position(end);
    if p < range.start || p > range.end {
        return Vec::new();
    }
    vec![InlayHint {
        position: p,
        label: InlayHintLabel::String(label),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }]
}
