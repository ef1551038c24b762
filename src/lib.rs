//! cardlint: a linter for the carbon reporting of Hugging Face model cards.
//!
//! Data flows one way: card → facts → classes → rules → report. [`lint::lint`] is the pure core;
//! [`cli`] and [`input`] do the I/O.

pub mod card;
pub mod class;
pub mod cli;
pub mod config;
mod decimal;
pub mod diagnostic;
pub mod facts;
pub mod fill;
pub mod fix;
#[cfg(feature = "github")]
pub mod github;
pub mod input;
pub mod label;
pub mod lint;
pub mod repo;
pub mod report;
pub mod rules;
mod suppress;
pub mod util;
pub mod write;

pub use lint::{lint, CardReport, External};
