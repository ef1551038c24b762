//! Findings the engine itself makes (no check of their own): a card that cannot be read, a
//! suppression comment that suppresses nothing.

pub mod unreadable_card;
pub mod unused_suppression;
