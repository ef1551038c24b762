//! Suppression comments: `<!-- cardlint-disable CODE -->` (the whole card),
//! `<!-- cardlint-disable-next-line CODE -->` (the next line) in the body, and
//! `# cardlint: disable-line CODE` (that line) in the front matter. Unused ones are reported.

use std::sync::LazyLock;

use regex::Regex;

use crate::card::Card;
use crate::diagnostic::{Diagnostic, Span};
use crate::rules::{self, Finding};

#[derive(Debug)]
enum Scope {
    Card,
    Line(usize),
}

#[derive(Debug)]
struct Suppression {
    span: Span,
    scope: Scope,
    /// Rule codes; `None` means every rule.
    codes: Option<Vec<&'static str>>,
    unknown: Vec<String>,
    used: bool,
}

static YAML_COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)#\s*cardlint:\s*disable-line\b([^\r\n#]*)").expect("valid regex")
});

fn resolve(words: &[String]) -> (Option<Vec<&'static str>>, Vec<String>) {
    if words.is_empty() {
        return (None, Vec::new());
    }
    let mut codes = Vec::new();
    let mut unknown = Vec::new();
    for w in words {
        let m = rules::matching(w);
        if m.is_empty() {
            unknown.push(w.clone());
        }
        codes.extend(m.iter().map(|r| r.code));
    }
    (Some(codes), unknown)
}

fn collect(card: &Card) -> Vec<Suppression> {
    let mut out = Vec::new();
    for c in &card.body.suppressions {
        let (codes, unknown) = resolve(&c.codes);
        let scope = if c.next_line {
            Scope::Line(card.lines.line_of(c.span.end) + 1)
        } else {
            Scope::Card
        };
        out.push(Suppression {
            span: c.span,
            scope,
            codes,
            unknown,
            used: false,
        });
    }
    if let Some(y) = card.split.yaml {
        let text = &card.text[y.start..y.end];
        for m in YAML_COMMENT.captures_iter(text) {
            let whole = m.get(0).expect("group 0");
            let start = y.start + whole.start() + whole.as_str().find('#').unwrap_or(0);
            let words: Vec<String> = m[1]
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let (codes, unknown) = resolve(&words);
            out.push(Suppression {
                span: Span::new(start, y.start + whole.end()),
                scope: Scope::Line(card.lines.line_of(start)),
                codes,
                unknown,
                used: false,
            });
        }
    }
    out
}

/// Drops suppressed diagnostics and returns findings for unused or unknown suppressions.
/// `enabled` says whether a rule ran: a suppression of a rule that did not run is not unused.
pub fn apply(
    card: &Card,
    diags: &mut Vec<Diagnostic>,
    enabled: &dyn Fn(&str) -> bool,
) -> Vec<Finding> {
    let mut sups = collect(card);
    if sups.is_empty() {
        return Vec::new();
    }
    diags.retain(|d| {
        let line = d.span.map(|s| card.lines.line_of(s.start));
        let mut keep = true;
        for s in sups.iter_mut() {
            let scope_ok = match s.scope {
                Scope::Card => true,
                Scope::Line(l) => line == Some(l),
            };
            let code_ok = s.codes.as_ref().is_none_or(|c| c.contains(&d.code));
            if scope_ok && code_ok {
                s.used = true;
                keep = false;
            }
        }
        keep
    });
    let mut out = Vec::new();
    for s in sups {
        for u in &s.unknown {
            let hint =
                rules::suggest(u).map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"));
            out.push(Finding::new(s.span, format!("unknown rule `{u}` in a suppression comment{hint}"))
                .help("name rules by code (CL101) or name (missing-co2-emissions); `cardlint rules` lists them"));
        }
        let relevant = s
            .codes
            .as_ref()
            .is_none_or(|c| c.iter().any(|c| enabled(c)));
        if !s.used && relevant && s.unknown.is_empty() {
            out.push(
                Finding::new(s.span, "this suppression comment suppresses nothing")
                    .label("unused")
                    .help("remove it"),
            );
        }
    }
    out
}
