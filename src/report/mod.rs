//! Output formats: each a plain function over finished [`CardReport`]s. Line and column are
//! computed here, from byte spans, and nowhere else.

pub mod compact;
pub mod concise;
pub mod document;
pub mod excerpt;
mod frame;
pub mod github;
pub mod json;
pub mod label;
pub mod markdown;
pub mod pretty;
pub mod sarif;
pub mod statistics;
pub mod stats;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::CardReport;

pub use crate::escape::{json_safe, safe_text};

pub use crate::diagnostic::Location;

/// Where a finding is: computed from the card's text, or kept from when it was (a report that
/// dropped its text to save memory, see [`CardReport::compact`]).
pub fn location(card: &CardReport, d: &Diagnostic) -> Option<Location> {
    card.location(d)
}

/// ` [*]` after a finding `--fix` mends, ` [unsafe fix]` after one only `--unsafe-fixes`
/// mends (as ruff marks them).
pub fn fix_mark(d: &Diagnostic) -> &'static str {
    match &d.fix {
        Some(f) if f.safe => " [*]",
        Some(_) => " [unsafe fix]",
        None => "",
    }
}

/// Totals over all cards.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub cards: usize,
    /// Files `--model-cards-only` skipped (no front matter, not a repository's root README).
    pub skipped: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Findings `--fix` would mend (a safe fix).
    #[serde(skip)]
    pub fixable: usize,
    /// Findings only `--fix --unsafe-fixes` would mend.
    #[serde(skip)]
    pub unsafe_fixable: usize,
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
        for f in c.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
            if f.safe {
                self.fixable += 1;
            } else {
                self.unsafe_fixable += 1;
            }
        }
    }
    /// `2 fixable with `--fix`` and `1 more with `--unsafe-fixes``, as lines; empty when no
    /// finding has a fix.
    pub fn fix_hint(&self) -> String {
        let mut s = String::new();
        if self.fixable > 0 {
            s.push_str(&format!(
                "{} fixable with `--fix` (marked [*]).\n",
                self.fixable
            ));
        }
        if self.unsafe_fixable > 0 {
            s.push_str(&format!(
                "{} {} with `--fix --unsafe-fixes` (marked [unsafe fix]).\n",
                self.unsafe_fixable,
                if self.fixable > 0 { "more" } else { "fixable" }
            ));
        }
        s
    }
    /// `1 card` / `2 cards`, and the files skipped as not model cards, if any.
    pub fn cards_phrase(&self) -> String {
        let mut s = format!(
            "{} card{}",
            self.cards,
            if self.cards == 1 { "" } else { "s" }
        );
        if self.skipped > 0 {
            s.push_str(&if self.skipped == 1 {
                " (1 file skipped: not a model card)".to_string()
            } else {
                format!(" ({} files skipped: not model cards)", self.skipped)
            });
        }
        s
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
pub fn step_outputs(sum: &Summary) -> String {
    use crate::class::reporting::Level;
    let t = sum.totals;
    format!(
        "reporting-class={}\nreporting-level={}\nefficiency-class={}\nerrors={}\nwarnings={}\ncards={}\nskipped={}\n",
        sum.lowest_level.unwrap_or(Level::Unknown).id(),
        sum.lowest_level.unwrap_or(Level::Unknown).number(),
        sum.worst_class().map_or(String::new(), |c| c.to_string()),
        t.errors,
        t.warnings,
        t.cards,
        t.skipped
    )
}

/// The count slot of a card's efficiency class: 0–4 for A–E, 5 for none.
pub fn class_slot(c: &CardReport) -> usize {
    c.efficiency
        .as_ref()
        .and_then(|e| e.class)
        .map_or(5, crate::class::efficiency::Grade::index)
}

/// What the footers and step outputs need, accumulated card by card (output is streamed).
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub totals: Totals,
    /// Cards per efficiency class A–E, then cards without one.
    pub efficiency: [usize; 6],
    pub lowest_level: Option<crate::class::reporting::Level>,
    pub failing: bool,
}

impl Summary {
    pub fn add(&mut self, c: &CardReport) {
        self.totals.cards += 1;
        self.totals.add(c);
        self.efficiency[class_slot(c)] += 1;
        let level = c
            .reporting
            .as_ref()
            .map_or(crate::class::reporting::Level::Unknown, |r| r.level);
        self.lowest_level = Some(self.lowest_level.map_or(level, |l| l.min(level)));
        self.failing |= c.failing;
    }
    pub fn of(cards: &[CardReport]) -> Summary {
        let mut s = Summary::default();
        for c in cards {
            s.add(c);
        }
        s
    }
    /// The worst efficiency class among the cards.
    pub fn worst_class(&self) -> Option<crate::class::efficiency::Grade> {
        (0..5)
            .rev()
            .find(|&i| self.efficiency[i] > 0)
            .map(crate::class::efficiency::Grade::from_index)
    }
}
