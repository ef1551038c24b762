//! The `cardlint` binary: the command line over the `cardlint` library. It owns clap, the
//! output and the exit codes; the library never prints.

mod cli;

use clap::Parser;

/// mimalloc, not the system's malloc: a corpus run allocates per card on every core.
#[cfg(feature = "native")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run(cli::Cli::parse())
}
