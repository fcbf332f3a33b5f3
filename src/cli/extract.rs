//! `shinchoku extract`: one file to stdout, or many to a folder / JSON lines.

use super::args::ExtractArgs;
use crate::batch::{self, BatchOptions, Sinks};
use crate::extract::{Options, extract_json};
use std::io::{IsTerminal, Write};
use std::time::Duration;

/// Runs `extract`; returns the exit status (0 all converted, 1 some failed,
/// 2 usage).
pub fn run(args: &ExtractArgs) -> i32 {
    let (inputs, missing) = batch::inputs::collect(&args.paths);
    for m in &missing {
        eprintln!("shinchoku: {m}");
    }
    let batch_mode = args.out.is_some() || args.jsonl.is_some() || args.csv.is_some();
    if !batch_mode && (inputs.len() != 1 || args.paths.len() != 1 || args.paths[0].is_dir()) {
        if inputs.is_empty() && !missing.is_empty() {
            return 2;
        }
        eprintln!("shinchoku: several inputs need --out DIR, --jsonl FILE (or '-') or --csv FILE");
        return 2;
    }
    if inputs.is_empty() {
        eprintln!("shinchoku: no PDF files found");
        return if missing.is_empty() { 1 } else { 2 };
    }
    let opts = Options {
        fiscal_year: args.fiscal_year,
        password: args.password.clone(),
        raster: crate::raster::RasterOptions {
            models: args.models.clone(),
        },
    };
    let convert = move |bytes: &[u8]| extract_json(bytes, &opts);
    let batch_opts = BatchOptions {
        jobs: args.jobs.unwrap_or(0),
        timeout: Duration::from_secs(args.timeout.max(1)),
        force: args.force,
        progress: batch_mode && !args.quiet && std::io::stderr().is_terminal(),
    };

    if !batch_mode {
        return single(&inputs[0], &batch_opts, convert);
    }

    let mut sinks = match Sinks::new(args.out.clone(), args.jsonl.clone(), args.csv.clone()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("shinchoku: cannot open the output: {e}");
            return 1;
        }
    };
    let summary = batch::run(&inputs, &batch_opts, convert, &mut sinks);
    let write_failures = sinks.finish();
    for w in &write_failures {
        eprintln!("shinchoku: cannot write {w}");
    }
    if !args.quiet {
        eprintln!(
            "shinchoku: {} converted ({} up to date), {} failed",
            summary.ok, summary.skipped, summary.failed
        );
    }
    if summary.failed > 0 || !write_failures.is_empty() || !missing.is_empty() {
        1
    } else {
        0
    }
}

/// One file, one report (or error object) on stdout, pretty-printed.
fn single<F>(input: &batch::Input, opts: &BatchOptions, convert: F) -> i32
where
    F: Fn(&[u8]) -> Result<serde_json::Value, crate::Error> + Sync + Send + Clone + 'static,
{
    let file = input
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (json, error) = match std::fs::read(&input.path) {
        Err(e) => {
            let (json, err) = batch::unreadable(&file, &e);
            (json, Some(err))
        }
        Ok(bytes) => {
            let sha = batch::sha256_hex(&bytes);
            batch::convert_named(&file, bytes, sha, opts.timeout, &convert)
        }
    };
    if let Some(e) = &error {
        eprintln!("shinchoku: {}: {e}", input.display);
    }
    let failed = error.is_some();
    let text = serde_json::to_string_pretty(&json).unwrap_or_default();
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}") {
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Ok(()) => i32::from(failed),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => i32::from(failed),
        Err(e) => {
            eprintln!("shinchoku: cannot write output: {e}");
            1
        }
    }
}
