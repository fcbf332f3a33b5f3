//! The command line: argument parsing and dispatch to one file per command.
//!
//! Exit codes follow CONTRACT.md: 0 success, 1 at least one file failed,
//! 2 usage error.

mod args;
mod compare;
mod dump;
mod extract;
mod normalize;
mod review;

use crate::error::{Error, ErrorCode};
use clap::Parser;
use std::panic::{AssertUnwindSafe, catch_unwind};
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
        Command::Review(a) => review::run(&a),
    }
}

/// Runs one file's work, turning a panic (a bug) into an `internal` error so
/// that it is reported like any other failure and a batch goes on.
pub fn guarded<T>(work: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::new(
                ErrorCode::Internal,
                format!("shinchoku hit a bug on this file ({what}); please report it"),
            ))
        }
    }
}

/// Prints a per-file error on stderr and returns exit status 1.
fn report_error(file: &Path, e: &Error) -> i32 {
    eprintln!("shinchoku: {}: {e}", file.display());
    1
}
