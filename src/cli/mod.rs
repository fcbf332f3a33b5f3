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
mod review;
mod tables;

use crate::error::Error;
pub use crate::error::guarded;
use clap::Parser;
use std::path::Path;

pub use args::{Cli, Command};

/// Parses `std::env::args` and runs the command; returns the exit status.
pub fn run() -> i32 {
    // A worker starts once per parallel job: skip the parser.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == crate::batch::worker::WORKER_SUBCOMMAND)
    {
        return crate::batch::worker::serve();
    }
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
        Command::Worker => crate::batch::worker::serve(),
        Command::Review(a) => review::run(&a),
    }
}

/// Prints a per-file error on stderr and returns exit status 1.
fn report_error(file: &Path, e: &Error) -> i32 {
    eprintln!("shinchoku: {}: {e}", file.display());
    1
}
