//! `shinchoku extract`: one file to stdout, or many to a folder / JSON lines
//! / CSV. Every file is converted in a worker process under `--max-memory`
//! and `--timeout` (see [`crate::batch::worker`]).

use super::args::{CsvLang, ExtractArgs};
use crate::batch::{self, BatchOptions, Input, Limits, Outcome, Progress, Sinks};
use crate::extract::Options;
use std::io::{IsTerminal, Write};
use std::time::Duration;

/// Runs `extract`; returns the exit status (0 all converted, 1 some failed,
/// 2 usage).
pub fn run(args: &ExtractArgs) -> i32 {
    let stdin_args = args.paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_args > 1 {
        eprintln!("shinchoku: '-' (standard input) can be given only once");
        return 2;
    }
    let to_stdout =
        |p: &Option<std::path::PathBuf>| p.as_ref().is_some_and(|p| p.as_os_str() == "-");
    if to_stdout(&args.jsonl) && to_stdout(&args.csv) {
        eprintln!("shinchoku: --jsonl - and --csv - cannot both write standard output");
        return 2;
    }
    let collected = batch::inputs::collect(&args.paths);
    for m in &collected.missing {
        eprintln!("shinchoku: {m}");
    }
    for s in &collected.skipped {
        eprintln!("shinchoku: skipped {}: {}", s.display, s.reason);
    }
    let inputs = &collected.inputs;
    let batch_mode = args.out.is_some()
        || args.jsonl.is_some()
        || args.csv.is_some()
        || args.xlsx.is_some()
        || args.sqlite.is_some();
    if !batch_mode && (inputs.len() != 1 || args.paths.len() != 1 || args.paths[0].is_dir()) {
        if inputs.is_empty() && !collected.missing.is_empty() {
            return 2;
        }
        eprintln!(
            "shinchoku: several inputs need --out DIR, --jsonl FILE (or '-'), --csv, --xlsx or --sqlite FILE"
        );
        return 2;
    }
    if inputs.is_empty() && collected.skipped.is_empty() {
        eprintln!("shinchoku: no PDF files found");
        return if collected.missing.is_empty() { 1 } else { 2 };
    }
    let jobs = match args.jobs {
        Some(n) if n > batch::max_jobs() => {
            eprintln!(
                "shinchoku: --jobs {n} is more than 4 per core; using {}",
                batch::max_jobs()
            );
            batch::max_jobs()
        }
        Some(n) => n,
        None => 0,
    };
    let corrections = match super::review::load_corrections(args.corrections.as_deref()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let mut key_extra = serde_json::Map::new();
    if let Some(c) = &corrections {
        // a changed corrections file makes every output out of date
        key_extra.insert("corrections".into(), c.digest().into());
    }
    let batch_opts = BatchOptions {
        jobs,
        limits: limits(args.timeout, args.max_memory),
        force: args.force,
        extract: Options {
            fiscal_year: args.fiscal_year,
            password: args.password.clone(),
            corrections,
            raster: crate::raster::RasterOptions {
                models: args.models.clone(),
            },
            ..Options::default()
        },
        key_extra,
    };
    let review_failed = args.review.as_deref().map_or(0, |dir| {
        let ropts = crate::output::review::ReviewOptions {
            low_confidence: args.low_confidence,
            ..Default::default()
        };
        super::review::write_all(inputs, dir, &batch_opts.extract, &ropts)
    });

    if !batch_mode {
        return match inputs.first() {
            Some(input) => single(input, &batch_opts).max(i32::from(review_failed > 0)),
            None => 1,
        };
    }

    let csv_lang = match args.csv_lang {
        CsvLang::En => crate::output::csv::Lang::En,
        CsvLang::Ja => crate::output::csv::Lang::Ja,
    };
    let csv = args.csv.clone().map(|p| (p, csv_lang));
    let mut sinks = match Sinks::new(args.out.clone(), args.jsonl.clone(), csv) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("shinchoku: cannot write {e}");
            return 1;
        }
    };
    match super::tables::sinks(args) {
        Ok(tables) => tables.into_iter().for_each(|t| sinks.add(t)),
        Err(e) => {
            eprintln!("shinchoku: cannot write {e}");
            return 1;
        }
    }
    let show_bar = !args.quiet && std::io::stderr().is_terminal();
    let progress = Bar::new(inputs.len() as u64, show_bar);
    let summary = batch::run(
        inputs,
        &collected.skipped,
        &batch_opts,
        &mut sinks,
        &progress,
    );
    progress.finish();
    if summary.cancelled {
        // The reader closed standard output (`| head`): stop quietly.
        let _ = sinks.finish(false);
        return 1;
    }
    let write_failures = sinks.finish(true);
    for w in &write_failures {
        eprintln!("shinchoku: cannot write {w}");
    }
    if !args.quiet {
        eprintln!("shinchoku: {summary}");
    }
    let clean = summary.failed == 0
        && review_failed == 0
        && summary.skipped == 0
        && write_failures.is_empty()
        && collected.missing.is_empty();
    i32::from(!clean)
}

/// The limits every conversion of this command runs under: in a worker
/// process (this same binary) when it can be found.
pub fn limits(timeout_s: u64, max_memory: u64) -> Limits {
    Limits {
        worker_exe: std::env::current_exe().ok(),
        max_memory,
        timeout: Duration::from_secs(timeout_s.max(1)),
        model_threads: None,
    }
}

/// One file, one report (or error object) on stdout, pretty-printed.
fn single(input: &Input, opts: &BatchOptions) -> i32 {
    let (doc, error) = batch::convert_one(input, opts);
    if let Some(e) = &error {
        eprintln!("shinchoku: {}: {e}", input.display);
    }
    let failed = error.is_some();
    // Straight to stdout: a long report's text is never held whole.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = batch::write_pretty(&mut out, &doc)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => i32::from(failed),
        // A closed pipe (`| head`) ends the run quietly, as a failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 1,
        Err(e) => {
            eprintln!("shinchoku: cannot write standard output: {e}");
            1
        }
    }
}

/// The progress bar (files, files/s, ETA, failures) on a terminal; failed
/// files are printed above it, or plainly when there is no bar.
struct Bar {
    bar: Option<indicatif::ProgressBar>,
    failed: std::cell::Cell<usize>,
}

impl Bar {
    fn new(len: u64, show: bool) -> Bar {
        let bar = show
            .then(|| indicatif::ProgressBar::new(len))
            .and_then(|bar| {
                let style = indicatif::ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} files  {rate}  ETA {eta}  {msg}",
                )
                .ok()?
                .with_key(
                    "rate",
                    |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.1} files/s", state.per_sec());
                    },
                );
                bar.set_style(style);
                bar.set_message("failed: 0");
                Some(bar)
            });
        Bar {
            bar,
            failed: std::cell::Cell::new(0),
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl Progress for Bar {
    fn done(&self, input: &Input, outcome: &Outcome) {
        if let Some(e) = &outcome.error {
            self.failed.set(self.failed.get() + 1);
            // Above the bar, so that it is not torn by the message.
            let line = format!("shinchoku: {}: {e}", input.display);
            match &self.bar {
                Some(b) => b.println(line),
                None => eprintln!("{line}"),
            }
        }
        if let Some(b) = &self.bar {
            b.inc(1);
            b.set_message(format!("failed: {}", self.failed.get()));
        }
    }
}
