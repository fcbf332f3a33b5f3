//! The command line: argument parsing and dispatch to one file per command.
//!
//! Exit codes follow CONTRACT.md: 0 success, 1 at least one file failed,
//! 2 usage error.

mod args;
mod compare;
mod completions;
mod dump;
mod extract;
mod input;
mod normalize;

use crate::error::Error;
pub use crate::error::guarded;
use clap::Parser;
use std::path::Path;

pub use args::{Cli, Command};

/// Parses `std::env::args` and runs the command; returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Dump(a) => dump::run(&a),
        Command::Compare(a) => compare::run(&a),
        Command::Normalize(a) => normalize::run(&a),
        Command::Extract(a) => extract::run(&a),
        Command::Completions(a) => completions::completions(a.shell),
        Command::Man => completions::man(),
    }
}

/// Prints a per-file error on stderr and returns exit status 1.
fn report_error(file: &Path, e: &Error) -> i32 {
    eprintln!("shinchoku: {}: {e}", file.display());
    1
}
