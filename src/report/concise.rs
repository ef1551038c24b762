//! `path:line:col: CODE message`, one line a finding; whole-card findings sit at 1:1.

use std::fmt::Write;

use super::{location, Totals};
use crate::lint::CardReport;

pub fn render(cards: &[CardReport]) -> String {
    let mut out = String::new();
    for c in cards {
        for d in &c.diagnostics {
            let (l, col) = location(c, d).map_or((1, 1), |l| (l.line, l.column));
            let _ = writeln!(out, "{}:{l}:{col}: {} {}", c.path, d.code, d.message);
        }
    }
    let t = Totals::of(cards);
    let _ = writeln!(
        out,
        "Found {} in {} card{}.",
        t.phrase(),
        t.cards,
        if t.cards == 1 { "" } else { "s" }
    );
    out
}
