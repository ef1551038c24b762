//! Findings the engine itself makes (no check of their own): a card that cannot be read, a
//! suppression comment that suppresses nothing, a fact the Hub could not give.

pub mod hub_unavailable;
pub mod unreadable_card;
pub mod unused_suppression;
