//! Where a batch's results go: one JSON per file in a folder (written
//! atomically), JSON lines, the list of failures, and the table outputs of
//! `crate::output` (CSV, workbook, archive) as [`FileSink`]s.

use super::{Input, Outcome};
use crate::error::ErrorCode;
use crate::output::{FileOutcome, FileSink};
use serde_json::{Value, json};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The open destinations of one batch.
pub struct Sinks {
    out_dir: Option<PathBuf>,
    jsonl: Option<Box<dyn Write + Send>>,
    /// CSV, workbook, archive: each gets every file in input order.
    tables: Vec<Box<dyn FileSink>>,
    errors: Vec<Value>,
    /// Problems writing outputs; reported at the end, and they fail the run.
    pub write_failures: Vec<String>,
}

/// The error code named by a string (for outputs read back from disk).
pub fn code_from_str(s: &str) -> ErrorCode {
    match s {
        "not_pdf" => ErrorCode::NotPdf,
        "encrypted" => ErrorCode::Encrypted,
        "damaged" => ErrorCode::Damaged,
        "no_text_layer" => ErrorCode::NoTextLayer,
        "no_table" => ErrorCode::NoTable,
        _ => ErrorCode::Internal,
    }
}

/// The existing output for `stem` when it was made from the same bytes.
pub fn up_to_date(dir: &Path, stem: &str, sha256: &str) -> Option<Value> {
    let text = std::fs::read_to_string(dir.join(format!("{stem}.json"))).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    let same = v.pointer("/source/sha256").and_then(Value::as_str) == Some(sha256);
    same.then_some(v)
}

/// Writes `bytes` to `path` through a temporary file in the same folder and
/// a rename, so an interrupted run never leaves half a file behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

impl Sinks {
    /// Opens the destinations. `jsonl` may be `-` for stdout.
    pub fn new(out_dir: Option<PathBuf>, jsonl: Option<PathBuf>) -> io::Result<Self> {
        if let Some(d) = &out_dir {
            std::fs::create_dir_all(d)?;
        }
        let jsonl: Option<Box<dyn Write + Send>> = match jsonl {
            None => None,
            Some(p) if p.as_os_str() == "-" => Some(Box::new(io::stdout())),
            Some(p) => Some(Box::new(BufWriter::new(File::create(p)?))),
        };
        Ok(Sinks {
            out_dir,
            jsonl,
            tables: Vec::new(),
            errors: Vec::new(),
            write_failures: Vec::new(),
        })
    }

    /// Adds a table output (CSV, workbook, archive).
    pub fn add(&mut self, sink: Box<dyn FileSink>) {
        self.tables.push(sink);
    }

    /// The output folder, when writing one JSON per file.
    pub fn out_dir(&self) -> Option<&PathBuf> {
        self.out_dir.as_ref()
    }

    /// Takes one outcome, in input order.
    pub fn accept(&mut self, input: &Input, o: &Outcome) {
        if let Some(e) = &o.error {
            self.errors.push(json!({
                "file": input.display,
                "code": e.code.as_str(),
                "message": e.message,
            }));
        }
        if let Some(dir) = &self.out_dir
            && !o.skipped
        {
            let path = dir.join(format!("{}.json", input.stem));
            let mut bytes = serde_json::to_vec_pretty(&o.json).unwrap_or_default();
            bytes.push(b'\n');
            if let Err(e) = write_atomic(&path, &bytes) {
                self.write_failures.push(format!("{}: {e}", path.display()));
            }
        }
        if let Some(w) = &mut self.jsonl {
            let line = serde_json::to_string(&o.json).unwrap_or_default();
            if let Err(e) = writeln!(w, "{line}") {
                self.write_failures.push(format!("jsonl: {e}"));
            }
        }
        let file = FileOutcome {
            path: &input.path,
            display: &input.display,
            json: &o.json,
            error: o.error.as_ref(),
            skipped: o.skipped,
        };
        for t in &mut self.tables {
            if let Err(e) = t.accept(&file) {
                self.write_failures.push(e.to_string());
            }
        }
    }

    /// Flushes everything and writes `_errors.json` into the output folder.
    pub fn finish(mut self) -> Vec<String> {
        if let Some(dir) = &self.out_dir {
            let mut bytes = serde_json::to_vec_pretty(&self.errors).unwrap_or_default();
            bytes.push(b'\n');
            if let Err(e) = write_atomic(&dir.join("_errors.json"), &bytes) {
                self.write_failures.push(format!("_errors.json: {e}"));
            }
        }
        if let Some(w) = &mut self.jsonl
            && let Err(e) = w.flush()
        {
            self.write_failures.push(format!("jsonl: {e}"));
        }
        for t in self.tables.drain(..) {
            if let Err(e) = t.finish() {
                self.write_failures.push(e.to_string());
            }
        }
        self.write_failures
    }
}
