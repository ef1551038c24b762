//! cardlint: a linter for the carbon reporting of Hugging Face model cards.
//!
//! Data flows one way: card → facts → classes → rules → report. [`lint::lint`] is the pure core;
//! [`pipeline`] plans and runs it over paths (reading, fixing and writing cards through
//! [`input`] and [`write`]). The library never prints: the `cardlint` binary (`src/main.rs`,
//! `src/cli/`) owns the command line, the output and the exit codes.
//!
//! Without the `native` feature (on by default) the library is the pure core: no file system,
//! threads, clock, environment or processes (the browser build, `crates/cardlint-web`). CI
//! keeps it so: `.ci/core-clippy/clippy.toml` forbids those APIs in the core.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod card;
pub mod class;
pub mod config;
#[cfg(feature = "native")]
pub mod corpus;
mod decimal;
pub mod diagnostic;
pub mod edit;
pub mod escape;
pub mod facts;
pub mod fill;
pub mod fix;
#[cfg(feature = "github")]
pub mod github;
pub mod hub;
#[cfg(feature = "native")]
pub mod input;
pub mod lint;
#[cfg(feature = "native")]
pub mod pipeline;
#[cfg(feature = "native")]
pub mod reader;
pub mod repo;
pub mod report;
pub mod rules;
#[cfg(feature = "native")]
pub mod server;
mod suppress;
pub mod util;
#[cfg(feature = "native")]
pub mod write;

pub use lint::{lint, CardReport, External};
