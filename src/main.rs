//! The `cardlint` binary: the command line over the `cardlint` library. It owns clap, the
//! output and the exit codes; the library never prints.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    cli::run(cli::Cli::parse())
}
