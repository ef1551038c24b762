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

/// Unknown rule names reported one by one per comment.
const MAX_UNKNOWN: usize = 10;

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
            Scope::Line(card.lines().line_of(c.span.end) + 1)
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
        // The regex is compiled only for a card that has such a comment.
        let candidates = if text.contains("cardlint:") {
            YAML_COMMENT.captures_iter(text).collect()
        } else {
            Vec::new()
        };
        for m in candidates {
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
                scope: Scope::Line(card.lines().line_of(start)),
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
    // Indexed by line, so that n findings against m suppressions cost n + m, not n × m.
    let mut whole_card: Vec<usize> = Vec::new();
    let mut by_line: std::collections::HashMap<usize, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, s) in sups.iter().enumerate() {
        match s.scope {
            Scope::Card => whole_card.push(i),
            Scope::Line(l) => by_line.entry(l).or_default().push(i),
        }
    }
    diags.retain(|d| {
        let line = d.span.map(|s| card.lines().line_of(s.start));
        let on_line = line
            .and_then(|l| by_line.get(&l))
            .map_or(&[][..], Vec::as_slice);
        let mut keep = true;
        for &i in whole_card.iter().chain(on_line) {
            let s = &mut sups[i];
            if s.codes.as_ref().is_none_or(|c| c.contains(&d.code)) {
                s.used = true;
                keep = false;
            }
        }
        keep
    });
    let mut out = Vec::new();
    for s in sups {
        // A few unknown names each, then one finding for the rest: a comment naming 300,000
        // made-up rules is one card's worth of output, not 300,000 findings.
        for u in s.unknown.iter().take(MAX_UNKNOWN) {
            let hint =
                rules::suggest(u).map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"));
            out.push(Finding::new(s.span, format!("unknown rule `{}` in a suppression comment{hint}", crate::util::clip(u, 64)))
                .help("name rules by code (CL101) or name (missing-co2-emissions); `cardlint rules` lists them"));
        }
        if s.unknown.len() > MAX_UNKNOWN {
            out.push(
                Finding::new(
                    s.span,
                    format!(
                        "and {} more unknown rules in this suppression comment",
                        s.unknown.len() - MAX_UNKNOWN
                    ),
                )
                .help("`cardlint rules` lists the rules"),
            );
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
