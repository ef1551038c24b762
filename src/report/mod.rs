//! Output formats: each a plain function over finished [`CardReport`]s. Line and column are
//! computed here, from byte spans, and nowhere else.

pub mod concise;
pub mod github;
pub mod json;
pub mod markdown;
pub mod pretty;
pub mod sarif;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::CardReport;

/// A diagnostic's place: 1-based lines, 1-based character columns, `end_column` one past the
/// last character (as in SARIF); bytes for `offset`/`length`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub offset: usize,
    pub length: usize,
}

pub fn location(card: &CardReport, d: &Diagnostic) -> Option<Location> {
    let span = d.span?;
    let text = card.source.as_deref()?;
    let a = card.lines.position(text, span.start);
    let b = card.lines.position(text, span.end);
    Some(Location {
        line: a.line,
        column: a.column,
        end_line: b.line,
        end_column: b.column,
        offset: span.start,
        length: span.len(),
    })
}

/// Totals over all cards.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub cards: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Totals {
    pub fn of(cards: &[CardReport]) -> Totals {
        let mut t = Totals {
            cards: cards.len(),
            ..Default::default()
        };
        for c in cards {
            t.add(c);
        }
        t
    }
    pub fn add(&mut self, c: &CardReport) {
        self.errors += c.count(Severity::Error);
        self.warnings += c.count(Severity::Warning);
        self.infos += c.count(Severity::Info);
    }
    /// `3 errors, 1 warning, 0 infos`.
    pub fn phrase(&self) -> String {
        let p = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}, {}",
            p(self.errors, "error"),
            p(self.warnings, "warning"),
            p(self.infos, "info")
        )
    }
}

/// GitHub step outputs (`name=value` lines) over all cards: the lowest reporting level and the
/// worst efficiency class among them (empty where no card has one), and the totals.
pub fn step_outputs(cards: &[CardReport]) -> String {
    use crate::class::reporting::Level;
    let level = cards
        .iter()
        .map(|c| c.reporting.as_ref().map_or(0, |r| r.level))
        .min()
        .unwrap_or(0);
    let eff = cards
        .iter()
        .filter_map(|c| c.efficiency.as_ref().and_then(|e| e.class))
        .max();
    let t = Totals::of(cards);
    format!(
        "reporting-class={}\nreporting-level={level}\nefficiency-class={}\nerrors={}\nwarnings={}\n",
        Level(level).id(),
        eff.map_or(String::new(), |c| c.to_string()),
        t.errors,
        t.warnings
    )
}
