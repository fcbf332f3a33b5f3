//! `shinchoku dump`: the page model as JSON or as reading-order text.

use super::args::{DumpArgs, DumpFormat};
use super::report_error;
use crate::pdf::{self, ReadOptions, lines::text_lines};
use std::io::Write;

/// Runs `dump`; returns the exit status.
pub fn run(args: &DumpArgs) -> i32 {
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("shinchoku: cannot read {}: {e}", args.file.display());
            return 1;
        }
    };
    let opts = ReadOptions {
        password: args.password.clone(),
        page: args.page,
    };
    let doc = match super::guarded(|| pdf::read_pages(&bytes, &opts)) {
        Ok(d) => d,
        Err(e) => return report_error(&args.file, &e),
    };
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        DumpFormat::Json => serde_json::to_writer_pretty(&mut out, &doc)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out)),
        DumpFormat::Text => doc.pages.iter().try_for_each(|page| {
            writeln!(out, "--- page {} ---", page.number)?;
            text_lines(page)
                .iter()
                .try_for_each(|l| writeln!(out, "{}", l.text))
        }),
    };
    for w in &doc.warnings {
        eprintln!("shinchoku: warning: {w}");
    }
    match written {
        Ok(()) => 0,
        // A closed pipe (`| head`) is not a failure of the conversion.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("shinchoku: cannot write output: {e}");
            1
        }
    }
}
