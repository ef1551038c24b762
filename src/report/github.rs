//! `--format github`: GitHub Actions workflow commands (`::error file=…::message`), one per
//! finding, escaped as the runner expects, then a verdict line per card.

use std::fmt::Write;

use super::{location, Totals};
use crate::diagnostic::Severity;
use crate::lint::CardReport;

/// Escapes a workflow-command message: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    inert(
        &s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

/// Escapes a workflow-command property: as data, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(cards: &[CardReport]) -> String {
    let mut out: String = cards.iter().map(card).collect();
    out.push_str(&footer(&Totals::of(cards)));
    out
}

pub fn footer(t: &Totals) -> String {
    format!("cardlint: {} in {}\n", t.phrase(), t.cards_phrase())
}

pub fn card(c: &CardReport) -> String {
    let mut out = String::new();
    {
        for d in &c.diagnostics {
            let cmd = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut props = format!("file={}", escape_property(&c.shown_path()));
            if let Some(l) = location(c, d) {
                let _ = write!(props, ",line={},endLine={}", l.line, l.end_line);
                // Columns only on single-line spans: GitHub mis-draws them otherwise.
                if l.line == l.end_line {
                    let _ = write!(props, ",col={},endColumn={}", l.column, l.end_column);
                }
            }
            let _ = write!(
                props,
                ",title={}",
                escape_property(&format!("cardlint ({})", d.code))
            );
            let mut msg = format!("{} [{}]", d.message, d.name);
            if let Some(h) = &d.help {
                let _ = write!(msg, "\nhelp: {h}");
            }
            let _ = writeln!(out, "::{cmd} {props}::{}", escape_data(&msg));
        }
        if let Some(r) = &c.reporting {
            // Starts with `cardlint:`, never with the card's path: a folder named
            // `::error::…` must not become a workflow command (nor `##[…]` an old-style one).
            let _ = writeln!(out, "cardlint: {}: {}", inert(&c.shown_path()), r.verdict());
        }
    }
    out
}

/// Card text shown outside a workflow command, made inert: `##[` (the runner's old command
/// syntax, recognised anywhere in a line) is broken with a zero-width space.
pub fn inert(s: &str) -> String {
    s.replace("##[", "##\u{200B}[")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
