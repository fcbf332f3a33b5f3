//! Many files at once: parallel, isolated per file, ordered output.
//!
//! Each file runs on its own thread under a time limit and a panic guard, so
//! one bad file costs only itself. Results are written in input order
//! whatever the number of jobs, so the bytes never depend on scheduling.

pub mod inputs;
mod sinks;

pub use inputs::Input;
pub use sinks::{Sinks, csv_rows};

use crate::error::{Error, ErrorCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

/// The hex SHA-256 of some bytes (the `source.sha256` field and incremental runs).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Worker threads (0 = all cores).
    pub jobs: usize,
    /// Per-file limit; a file over it fails and the batch goes on.
    pub timeout: Duration,
    /// Redo files whose output is already up to date.
    pub force: bool,
    /// Show a progress bar (the caller decides: TTY and not `--quiet`).
    pub progress: bool,
}

/// What happened to one file.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Position in the input list.
    pub index: usize,
    /// The report JSON, or the error JSON of a failed file.
    pub json: Value,
    /// The failure, if any.
    pub error: Option<Error>,
    /// True when an up-to-date output was kept and nothing was converted.
    pub skipped: bool,
}

/// Totals of a finished batch.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Files converted (or kept up to date).
    pub ok: usize,
    /// Files that failed.
    pub failed: usize,
    /// Files skipped because their output was up to date.
    pub skipped: usize,
}

/// The JSON written for a file that failed.
pub fn error_json(file: &str, sha256: Option<&str>, e: &Error) -> Value {
    json!({
        "schema_version": "1",
        "source": { "file": file, "sha256": sha256, "pages": null },
        "error": { "code": e.code.as_str(), "message": e.message },
    })
}

/// Runs `convert` on one file's bytes on a separate thread, within `timeout`,
/// turning a panic into an `internal` error. A thread that overruns is left
/// to finish on its own: Rust cannot stop it, but the batch no longer waits.
pub fn convert_guarded<F>(bytes: Vec<u8>, timeout: Duration, convert: &F) -> Result<Value, Error>
where
    F: Fn(&[u8]) -> Result<Value, Error> + Sync + Send + Clone + 'static,
{
    let (tx, rx) = mpsc::channel();
    let f = convert.clone();
    let spawned = std::thread::Builder::new()
        .name("shinchoku-file".into())
        .spawn(move || {
            let r = crate::error::guarded(|| f(&bytes));
            let _ = tx.send(r);
        });
    if let Err(e) = spawned {
        return Err(Error::new(
            ErrorCode::Internal,
            format!("cannot start a worker thread: {e}"),
        ));
    }
    match rx.recv_timeout(timeout) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Error::new(
            ErrorCode::Internal,
            format!(
                "conversion took longer than {} s (--timeout) and was abandoned",
                timeout.as_secs()
            ),
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Error::new(
            ErrorCode::Internal,
            "the worker stopped without a result",
        )),
    }
}

/// Processes every input and hands each outcome to `sinks` in input order.
pub fn run<F>(inputs: &[Input], opts: &BatchOptions, convert: F, sinks: &mut Sinks) -> Summary
where
    F: Fn(&[u8]) -> Result<Value, Error> + Sync + Send + Clone + 'static,
{
    let bar = progress_bar(inputs.len() as u64, opts.progress);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build();
    let (tx, rx) = mpsc::channel::<Outcome>();
    let mut summary = Summary::default();
    let out_dir = sinks.out_dir().cloned();

    std::thread::scope(|scope| {
        let out_dir = out_dir.as_ref();
        let convert = &convert;
        scope.spawn(move || {
            // FIFO tasks, not a split `par_iter`: rayon would start one worker
            // at the middle of the list, and every result after it would wait
            // in the reorder buffer, so memory grew with the batch.
            match pool {
                Ok(pool) => pool.scope_fifo(|s| spawn_all(s, inputs, opts, convert, out_dir, &tx)),
                Err(_) => rayon::scope_fifo(|s| spawn_all(s, inputs, opts, convert, out_dir, &tx)),
            }
            drop(tx);
        });

        // Reorder: outcomes arrive as workers finish; sinks see input order.
        let mut pending = std::collections::BTreeMap::new();
        let mut next = 0usize;
        for outcome in rx {
            if outcome.error.is_some() {
                summary.failed += 1;
            } else {
                summary.ok += 1;
            }
            if outcome.skipped {
                summary.skipped += 1;
            }
            if let Some(b) = &bar {
                b.inc(1);
                b.set_message(format!("failed: {}", summary.failed));
            }
            pending.insert(outcome.index, outcome);
            while let Some(o) = pending.remove(&next) {
                if let Some(e) = &o.error {
                    // Above the bar, so that it is not torn by the message.
                    let line = format!("shinchoku: {}: {e}", inputs[next].display);
                    match &bar {
                        Some(b) => b.println(line),
                        None => eprintln!("{line}"),
                    }
                }
                sinks.accept(&inputs[next], &o);
                next += 1;
            }
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    summary
}

/// Queues one task per input, in input order.
fn spawn_all<'s, F>(
    s: &rayon::ScopeFifo<'s>,
    inputs: &'s [Input],
    opts: &'s BatchOptions,
    convert: &'s F,
    out_dir: Option<&'s PathBuf>,
    tx: &mpsc::Sender<Outcome>,
) where
    F: Fn(&[u8]) -> Result<Value, Error> + Sync + Send + Clone + 'static,
{
    for (index, input) in inputs.iter().enumerate() {
        let tx = tx.clone();
        s.spawn_fifo(move |_| {
            let outcome = process_one(index, input, opts, convert, out_dir);
            let _ = tx.send(outcome);
        });
    }
}

fn process_one<F>(
    index: usize,
    input: &Input,
    opts: &BatchOptions,
    convert: &F,
    out_dir: Option<&PathBuf>,
) -> Outcome
where
    F: Fn(&[u8]) -> Result<Value, Error> + Sync + Send + Clone + 'static,
{
    let file = input
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = match std::fs::read(&input.path) {
        Ok(b) => b,
        Err(e) => {
            let (json, err) = unreadable(&file, &e);
            return Outcome {
                index,
                json,
                error: Some(err),
                skipped: false,
            };
        }
    };
    let sha = sha256_hex(&bytes);
    if !opts.force
        && let Some(dir) = out_dir
        && let Some(existing) = sinks::up_to_date(dir, &input.stem, &sha)
    {
        let error = existing.get("error").map(|e| {
            Error::new(
                sinks::code_from_str(e.get("code").and_then(Value::as_str).unwrap_or("")),
                e.get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            )
        });
        return Outcome {
            index,
            json: existing,
            error,
            skipped: true,
        };
    }
    let (json, error) = convert_named(&file, bytes, sha, opts.timeout, convert);
    Outcome {
        index,
        json,
        error,
        skipped: false,
    }
}

/// The error object for a file that could not be read at all.
pub fn unreadable(file: &str, e: &std::io::Error) -> (Value, Error) {
    let err = Error::new(ErrorCode::NotPdf, format!("cannot read the file: {e}"));
    (error_json(file, None, &err), err)
}

/// Converts one file's bytes and names the result after it: the report with
/// `source.file` and `source.sha256` filled in, or its error object.
pub fn convert_named<F>(
    file: &str,
    bytes: Vec<u8>,
    sha: String,
    timeout: Duration,
    convert: &F,
) -> (Value, Option<Error>)
where
    F: Fn(&[u8]) -> Result<Value, Error> + Sync + Send + Clone + 'static,
{
    match convert_guarded(bytes, timeout, convert) {
        Ok(mut json) => {
            if let Some(src) = json.get_mut("source").and_then(Value::as_object_mut) {
                src.insert("file".into(), Value::String(file.to_string()));
                src.insert("sha256".into(), Value::String(sha));
            }
            (json, None)
        }
        Err(e) => (error_json(file, Some(&sha), &e), Some(e)),
    }
}

fn progress_bar(len: u64, show: bool) -> Option<indicatif::ProgressBar> {
    if !show {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_conversion_is_an_internal_error() {
        let convert = |_: &[u8]| -> Result<Value, Error> { panic!("boom") };
        let e = convert_guarded(vec![1, 2, 3], Duration::from_secs(30), &convert)
            .expect_err("a panic must not pass as a result");
        assert_eq!(e.code, ErrorCode::Internal);
        assert!(e.message.contains("boom"), "{}", e.message);
    }

    #[test]
    fn a_conversion_over_its_limit_is_abandoned_with_an_error() {
        // The worker never answers; the limit, not the worker, ends the wait.
        let convert = |_: &[u8]| -> Result<Value, Error> {
            std::thread::park();
            Ok(Value::Null)
        };
        let e = convert_guarded(Vec::new(), Duration::from_millis(50), &convert)
            .expect_err("must time out");
        assert_eq!(e.code, ErrorCode::Internal);
        assert!(e.message.contains("--timeout"), "{}", e.message);
    }

    #[test]
    fn error_objects_name_the_file_and_code() {
        let v = error_json(
            "a.pdf",
            None,
            &Error::new(ErrorCode::Encrypted, "needs a password"),
        );
        assert_eq!(v["error"]["code"], "encrypted");
        assert_eq!(v["source"]["file"], "a.pdf");
        assert_eq!(v["schema_version"], "1");
    }
}
