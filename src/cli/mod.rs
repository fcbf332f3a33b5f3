//! The command line: argument parsing and dispatch to one file per command.
//!
//! Exit codes follow CONTRACT.md: 0 success, 1 at least one file failed,
//! 2 usage error.

mod args;
mod dump;
mod normalize;

use clap::Parser;

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
        Command::Normalize(a) => normalize::run(&a),
        Command::Extract(_) | Command::Compare(_) => {
            eprintln!("shinchoku: this command is not available in this build yet");
            2
        }
    }
}
