//! Many files at once: parallel, isolated per file, ordered output.
//!
//! Each file is converted in a worker process under a memory and a time
//! limit ([`worker`]), so one bad file costs only itself; or, for a library
//! that has no worker binary to start, on a thread in this process. Results
//! are written in input order whatever the number of jobs, so the bytes
//! never depend on scheduling.
//!
//! Nothing here needs the command line: progress goes through the
//! [`Progress`] trait, which the CLI implements with a progress bar.

mod doc;
pub mod inputs;
mod limits;
mod sinks;
pub mod worker;

pub use crate::output::atomic::{sweep_temps, write_atomic};
pub use doc::{Doc, Records};
pub use inputs::{Collected, Input, Skipped};
pub use sinks::{Sinks, write_compact, write_pretty};
pub use worker::{Job, Limits, run_isolated};

use crate::error::{Error, ErrorCode};
use serde_json::{Map, Value, json};
use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

pub use crate::digest::sha256_hex;

pub use crate::error::guarded;

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Parallel conversions (0 = all cores).
    pub jobs: usize,
    /// Memory and time per file, and whether workers are processes.
    pub limits: Limits,
    /// Redo files whose output is already up to date.
    pub force: bool,
    /// How each file is read.
    pub extract: crate::extract::Options,
    /// Further settings that change the output (a corrections file's
    /// digest, say): part of the incremental key, `source.produced_with`.
    pub key_extra: Map<String, Value>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            jobs: 0,
            limits: Limits::default(),
            force: false,
            extract: crate::extract::Options::default(),
            key_extra: Map::new(),
        }
    }
}

impl BatchOptions {
    /// The incremental key besides the file's SHA-256: everything that
    /// changes the output. Written as `source.produced_with`; an output whose
    /// key differs is converted again.
    pub fn produced_with(&self) -> Value {
        let mut m = Map::new();
        m.insert("version".into(), env!("CARGO_PKG_VERSION").into());
        m.insert("fiscal_year".into(), json!(self.extract.fiscal_year));
        m.insert("password".into(), json!(self.extract.password.is_some()));
        for (k, v) in &self.key_extra {
            m.insert(k.clone(), v.clone());
        }
        Value::Object(m)
    }
}

/// The most parallel conversions worth running: more only adds processes
/// waiting for the same cores.
pub fn max_jobs() -> usize {
    cores() * 4
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// What happened to one file.
pub struct Outcome {
    /// Position in the input list.
    pub index: usize,
    /// The report, or the error JSON of a failed file.
    pub doc: Doc,
    /// The failure, if any.
    pub error: Option<Error>,
    /// True when an up-to-date output was kept and nothing was converted.
    pub skipped: bool,
}

/// Totals of a finished batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files converted in this run.
    pub converted: usize,
    /// Files whose output was already up to date.
    pub up_to_date: usize,
    /// Files that failed.
    pub failed: usize,
    /// Folder entries that were not read.
    pub skipped: usize,
    /// True when the run stopped early (its standard output was closed).
    pub cancelled: bool,
}

impl std::fmt::Display for Summary {
    /// "1 file: up to date", "3 files: 2 converted, 1 failed".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let files = self.converted + self.up_to_date + self.failed;
        let plural = |n: usize, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        write!(f, "{}: ", plural(files, "file", "files"))?;
        let parts: Vec<(usize, &str)> = [
            (self.converted, "converted"),
            (self.up_to_date, "up to date"),
            (self.failed, "failed"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .collect();
        match parts.as_slice() {
            [] => write!(f, "nothing to do")?,
            [(n, what)] if *n == files => {
                if files == 1 {
                    write!(f, "{what}")?
                } else {
                    write!(f, "all {what}")?
                }
            }
            _ => {
                let text: Vec<String> = parts.iter().map(|(n, w)| format!("{n} {w}")).collect();
                write!(f, "{}", text.join(", "))?
            }
        }
        if self.skipped > 0 {
            write!(
                f,
                "; {} skipped",
                plural(self.skipped, "folder entry", "folder entries")
            )?;
        }
        Ok(())
    }
}

/// Told about each file as it is finished, in input order.
pub trait Progress {
    /// One file is done (converted, kept, or failed).
    fn done(&self, _input: &Input, _outcome: &Outcome) {}
}

/// No progress display.
pub struct Silent;

impl Progress for Silent {}

/// The JSON written for a file that failed.
pub fn error_json(input: &Input, sha256: Option<&str>, e: &Error, key: &Value) -> Value {
    json!({
        "schema_version": "1",
        "source": {
            "file": input.file_name(),
            "path": input.rel,
            "sha256": sha256,
            "pages": null,
            "produced_with": key,
        },
        "error": { "code": e.code.as_str(), "message": e.message },
    })
}

/// Fills a report's `source` with what only the batch knows, in a fixed
/// key order: `file`, `path`, `sha256`, `pages`, `produced_with`.
fn name_report(json: &mut Value, input: &Input, sha: &str, key: &Value) {
    if let Some(src) = json.get_mut("source").and_then(Value::as_object_mut) {
        let mut named = Map::new();
        named.insert("file".into(), input.file_name().into());
        named.insert("path".into(), input.rel.clone().into());
        named.insert("sha256".into(), sha.into());
        named.insert("pages".into(), src.remove("pages").unwrap_or(Value::Null));
        named.insert("produced_with".into(), key.clone());
        for (k, v) in std::mem::take(src) {
            if !named.contains_key(&k) {
                named.insert(k, v);
            }
        }
        *src = named;
    }
}

/// The existing output of `input` when it was made from the same bytes,
/// path and settings, and is not an error (a stored error is always retried).
fn up_to_date(dir: &std::path::Path, input: &Input, sha: &str, key: &Value) -> Option<Value> {
    let path = dir.join(format!("{}.json", input.stem));
    let text = std::fs::read_to_string(path).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    let src = v.get("source")?;
    let same = v.get("error").is_none()
        && src.get("sha256").and_then(Value::as_str) == Some(sha)
        && src.get("path").and_then(Value::as_str) == Some(input.rel.as_str())
        && src.get("file").and_then(Value::as_str) == Some(input.file_name().as_str())
        && src.get("produced_with") == Some(key);
    same.then_some(v)
}

/// Reads one input, with every error naming its path; a file larger than
/// the memory limit is refused before it is read.
fn read_input(input: &Input, limits: &Limits) -> Result<Vec<u8>, Error> {
    let unreadable = |e: std::io::Error| {
        Error::new(
            ErrorCode::Unreadable,
            format!("cannot read {}: {e}", input.display),
        )
    };
    if input.is_stdin() {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        return Ok(bytes);
    }
    let meta = std::fs::metadata(&input.path).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(unreadable(std::io::Error::other("it is a folder")));
    }
    if meta.is_file() && meta.len() > limits.max_memory {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!(
                "{} is {} bytes, more than the memory limit (--max-memory)",
                input.display,
                meta.len()
            ),
        ));
    }
    std::fs::read(&input.path).map_err(unreadable)
}

/// A person's corrections applied to a worker's report (the worker reads
/// the PDF; the corrections are the batch's). They address the whole
/// report, so a corrected report is read back whole.
fn corrected(doc: Doc, opts: &crate::extract::Options) -> Result<Doc, Error> {
    let Some(c) = &opts.corrections else {
        return Ok(doc);
    };
    let json = doc.into_value()?;
    Ok(Doc::Whole(
        match serde_json::from_value::<crate::output::Report>(json.clone()) {
            Ok(mut report) => {
                crate::corrections::apply(&mut report, c);
                serde_json::to_value(&report).unwrap_or(json)
            }
            Err(_) => json,
        },
    ))
}

/// Converts one input through `slot`, or keeps its up-to-date output.
fn process_one(
    index: usize,
    input: &Input,
    opts: &BatchOptions,
    key: &Value,
    slot: &mut worker::Slot,
    out_dir: Option<&PathBuf>,
    cancel: &AtomicBool,
) -> Outcome {
    let failed = |json: Value, e: Error| Outcome {
        index,
        doc: Doc::Whole(json),
        error: Some(e),
        skipped: false,
    };
    let bytes = match read_input(input, &opts.limits) {
        Ok(b) => b,
        Err(e) => return failed(error_json(input, None, &e, key), e),
    };
    let sha = sha256_hex(&bytes);
    if !opts.force
        && let Some(dir) = out_dir
        && let Some(existing) = up_to_date(dir, input, &sha, key)
    {
        return Outcome {
            index,
            doc: Doc::Whole(existing),
            error: None,
            skipped: true,
        };
    }
    // The worker writes the digest computed here rather than hashing again.
    let job = Job::extract(&crate::extract::Options {
        sha256: Some(sha.clone()),
        ..opts.extract.clone()
    });
    let ran = slot.run(&job, &bytes, cancel);
    // Not held while the report is written.
    drop(bytes);
    match ran.and_then(|doc| corrected(doc, &opts.extract)) {
        Ok(mut doc) => {
            name_report(doc.report_mut(), input, &sha, key);
            Outcome {
                index,
                doc,
                error: None,
                skipped: false,
            }
        }
        Err(e) => failed(error_json(input, Some(&sha), &e, key), e),
    }
}

/// Converts one input under the batch's limits (single-file `extract`):
/// the named report or error object, and the error.
pub fn convert_one(input: &Input, opts: &BatchOptions) -> (Doc, Option<Error>) {
    let mut slot = worker::Slot::new(opts.limits.clone());
    let o = process_one(
        0,
        input,
        opts,
        &opts.produced_with(),
        &mut slot,
        None,
        &AtomicBool::new(false),
    );
    (o.doc, o.error)
}

/// Processes every input and hands each outcome to `sinks` and `progress`
/// in input order. `skipped` folder entries go to `_errors.json`. Stops
/// early, killing the workers, when standard output is closed.
pub fn run(
    inputs: &[Input],
    skipped: &[Skipped],
    opts: &BatchOptions,
    sinks: &mut Sinks,
    progress: &dyn Progress,
) -> Summary {
    let mut summary = Summary {
        skipped: skipped.len(),
        ..Summary::default()
    };
    sinks.skipped(skipped);
    let jobs = match opts.jobs {
        0 => cores(),
        n => n,
    }
    .min(inputs.len())
    .max(1);
    let key = opts.produced_with();
    let next = AtomicUsize::new(0);
    let cancel = AtomicBool::new(false);
    let out_dir = sinks.out_dir().cloned();
    let (tx, rx) = mpsc::channel::<Outcome>();

    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, cancel, key, out_dir) = (&next, &cancel, &key, out_dir.as_ref());
            scope.spawn(move || {
                let mut limits = opts.limits.clone();
                // the cores shared out between the jobs
                limits.model_threads = limits.model_threads.or(Some((cores() / jobs).max(1)));
                let mut slot = worker::Slot::new(limits);
                // Files are taken in input order, so the reorder buffer
                // below holds at most about one file per job.
                while !cancel.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    let o = process_one(i, input, opts, key, &mut slot, out_dir, cancel);
                    if tx.send(o).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);

        let mut pending = std::collections::BTreeMap::new();
        let mut next_out = 0usize;
        'recv: for outcome in rx.iter() {
            pending.insert(outcome.index, outcome);
            while let Some(o) = pending.remove(&next_out) {
                let Some(input) = inputs.get(next_out) else {
                    break 'recv;
                };
                if o.error.is_some() {
                    summary.failed += 1;
                } else if o.skipped {
                    summary.up_to_date += 1;
                } else {
                    summary.converted += 1;
                }
                sinks.accept(input, &o);
                progress.done(input, &o);
                next_out += 1;
                if sinks.stdout_closed() {
                    cancel.store(true, Ordering::Relaxed);
                    summary.cancelled = true;
                    break 'recv;
                }
            }
        }
    });
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_conversion_is_an_internal_error() {
        let e = guarded(|| -> Result<(), Error> { panic!("boom") })
            .expect_err("a panic must not pass as a result");
        assert_eq!(e.code, ErrorCode::Internal);
        assert!(e.message.contains("boom"), "{}", e.message);
    }

    fn input(display: &str) -> Input {
        Input {
            path: PathBuf::from(display),
            display: display.into(),
            rel: display.into(),
            stem: "a".into(),
        }
    }

    #[test]
    fn error_objects_name_the_file_path_and_code() {
        let v = error_json(
            &input("x/a.pdf"),
            None,
            &Error::new(ErrorCode::Encrypted, "needs a password"),
            &Value::Null,
        );
        assert_eq!(v["error"]["code"], "encrypted");
        assert_eq!(v["source"]["file"], "a.pdf");
        assert_eq!(v["source"]["path"], "x/a.pdf");
        assert_eq!(v["schema_version"], "1");
    }

    #[test]
    fn the_summary_reads_naturally() {
        let s = |converted, up_to_date, failed| Summary {
            converted,
            up_to_date,
            failed,
            ..Summary::default()
        };
        assert_eq!(s(0, 1, 0).to_string(), "1 file: up to date");
        assert_eq!(s(1, 0, 0).to_string(), "1 file: converted");
        assert_eq!(s(3, 0, 0).to_string(), "3 files: all converted");
        assert_eq!(s(2, 0, 1).to_string(), "3 files: 2 converted, 1 failed");
        assert_eq!(s(1, 1, 0).to_string(), "2 files: 1 converted, 1 up to date");
        let mut with_skips = s(1, 0, 0);
        with_skips.skipped = 2;
        assert_eq!(
            with_skips.to_string(),
            "1 file: converted; 2 folder entries skipped"
        );
    }

    /// Counts what it is told, as the CLI's progress bar would.
    struct Count(std::cell::Cell<usize>);

    impl Progress for Count {
        fn done(&self, _: &Input, _: &Outcome) {
            self.0.set(self.0.get() + 1);
        }
    }

    #[test]
    fn the_library_runs_a_batch_in_process_without_the_cli() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dir = std::env::temp_dir().join(format!("shinchoku-lib-batch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let collected = inputs::collect(&[
            root.join("samples/kodomo_r4.calc.pdf"),
            root.join("samples/kodomo_r4.calc-scan.pdf"),
        ]);
        let jsonl = dir.join("all.jsonl");
        std::fs::create_dir_all(&dir).expect("dir");
        let mut sinks =
            Sinks::new(Some(dir.join("out")), Some(jsonl.clone()), None).expect("sinks");
        let count = Count(std::cell::Cell::new(0));
        // Default options: no worker executable, so threads in this process.
        let opts = BatchOptions::default();
        assert!(opts.limits.worker_exe.is_none());
        let summary = run(&collected.inputs, &[], &opts, &mut sinks, &count);
        assert!(sinks.finish(true).is_empty());
        assert_eq!(count.0.get(), 2);
        assert_eq!((summary.converted, summary.failed), (1, 1));
        let text = std::fs::read_to_string(&jsonl).expect("jsonl");
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["body"], "こども連絡会");
        assert_eq!(lines[1]["error"]["code"], "no_text_layer");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_key_changes_with_every_option_that_changes_output() {
        let plain = BatchOptions::default();
        let mut fy = BatchOptions::default();
        fy.extract.fiscal_year = Some(2019);
        let mut pw = BatchOptions::default();
        pw.extract.password = Some("x".into());
        assert_ne!(plain.produced_with(), fy.produced_with());
        assert_ne!(plain.produced_with(), pw.produced_with());
        assert_eq!(plain.produced_with()["version"], env!("CARGO_PKG_VERSION"));
    }
}
