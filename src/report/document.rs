//! The one emitter of the JSON and SARIF documents: the opening, each card's items with the
//! commas between them, and the closing. The CLI streams a run through it card by card, and
//! [`render`] (the fuzzers', the tests' and library users' entry) drives the same code over
//! finished reports, so the tested path is the shipped path.

use super::{json, sarif, Summary};
use crate::lint::CardReport;

/// A document format made of one array of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `--format json`: one item a card.
    Json,
    /// `--format sarif`: one item a finding (a card without findings adds nothing).
    Sarif,
}

/// A document being written: what comes next depends on whether an item was written.
#[derive(Debug)]
pub struct Document {
    kind: Kind,
    items: bool,
}

impl Document {
    pub fn new(kind: Kind) -> Document {
        Document { kind, items: false }
    }

    /// The opening, up to the array of items.
    pub fn header(&self) -> String {
        match self.kind {
            Kind::Json => json::HEADER.to_string(),
            Kind::Sarif => sarif::header(),
        }
    }

    /// A card's items, as text (pure: worker threads render cards in parallel and hand the
    /// text to [`Document::push`] in order).
    pub fn card_text(kind: Kind, c: &CardReport) -> String {
        match kind {
            Kind::Json => json::card_text(c, true),
            Kind::Sarif => sarif::card(c),
        }
    }

    /// Appends a card's rendered items to `out`, with the comma before them that every item
    /// but the first needs.
    pub fn push(&mut self, text: &str, out: &mut impl FnMut(&str)) {
        if text.is_empty() {
            return;
        }
        if self.items {
            out(",");
        }
        self.items = true;
        out(text);
    }

    /// The closing: the end of the array (and, for JSON, the summary).
    pub fn footer(&self, sum: &Summary) -> String {
        match self.kind {
            Kind::Json => json::footer(sum, self.items),
            Kind::Sarif => sarif::footer(self.items),
        }
    }
}

/// The whole document for finished reports.
pub fn render(kind: Kind, cards: &[CardReport]) -> String {
    let mut doc = Document::new(kind);
    let mut s = doc.header();
    for c in cards {
        doc.push(&Document::card_text(kind, c), &mut |t| s.push_str(t));
    }
    s.push_str(&doc.footer(&Summary::of(cards)));
    s
}
