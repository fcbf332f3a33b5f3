//! Shell completions (clap_complete) and the man page (clap_mangen), both
//! generated from the same argument definitions, so they never drift from
//! what the parser accepts.

use super::args::Cli;
use clap::CommandFactory;
use std::io::Write;

/// Prints the completion script for `shell`; returns the exit status.
pub fn completions(shell: clap_complete::Shell) -> i32 {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "shinchoku", &mut buf);
    write_stdout(&buf)
}

/// Prints the man page in roff; returns the exit status.
pub fn man() -> i32 {
    let mut buf = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut buf) {
        Ok(()) => write_stdout(&buf),
        Err(e) => {
            eprintln!("shinchoku: cannot render the man page: {e}");
            1
        }
    }
}

fn write_stdout(bytes: &[u8]) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("shinchoku: cannot write to stdout: {e}");
            1
        }
    }
}
