//! `path:line:col: severity CODE message`, one line a finding (`[*]` after the code of one
//! `--fix` mends, `[unsafe fix]` after one only `--unsafe-fixes` mends); whole-card findings sit
//! at 1:1.

use std::fmt::Write;

use super::{location, Totals};
use crate::lint::CardReport;

pub fn card(c: &CardReport) -> String {
    let mut out = String::new();
    for d in &c.diagnostics {
        let (l, col) = location(c, d).map_or((1, 1), |l| (l.line, l.column));
        let _ = writeln!(
            out,
            "{}:{l}:{col}: {} {}{} {}",
            c.shown_path(),
            d.severity.as_str(),
            d.code,
            super::fix_mark(d),
            d.message
        );
    }
    out
}

pub fn footer(t: &Totals) -> String {
    format!(
        "Found {} in {}.\n{}",
        t.phrase(),
        t.cards_phrase(),
        t.fix_hint()
    )
}

pub fn render(cards: &[CardReport]) -> String {
    let mut out: String = cards.iter().map(card).collect();
    out.push_str(&footer(&Totals::of(cards)));
    out
}
