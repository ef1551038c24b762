//! The `cardlint` binary: parses arguments and hands over to [`cardlint::cli::run`].

use clap::Parser;

fn main() -> std::process::ExitCode {
    cardlint::cli::run(cardlint::cli::Cli::parse())
}
