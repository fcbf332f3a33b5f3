//! `shinchoku dump`: the page model as JSON or as reading-order text.

use super::args::DumpArgs;

/// Runs `dump`; returns the exit status.
pub fn run(_args: &DumpArgs) -> i32 {
    eprintln!("shinchoku: dump is being built");
    2
}
