//! Where a batch's results go: one JSON per file in a folder (written
//! atomically), JSON lines, a CSV for Excel, and the list of failures.

use super::{Input, Outcome};
use crate::error::ErrorCode;
use serde_json::{Value, json};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The open destinations of one batch.
pub struct Sinks {
    out_dir: Option<PathBuf>,
    jsonl: Option<Box<dyn Write + Send>>,
    csv: Option<csv::Writer<BufWriter<File>>>,
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

/// The CSV columns, one row per record.
const CSV_HEADER: &[&str] = &[
    "file",
    "body",
    "title",
    "fiscal_year",
    "page",
    "row",
    "purpose",
    "method",
    "plan_pages",
    "status",
    "evaluation",
    "reason",
    "decision",
    "marked",
    "decision_label",
    "mark_kind",
    "confidence",
    "participants_total",
    "events",
    "event_dates",
];

fn text_of(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn joined(v: Option<&Value>, sep: &str, pick: impl Fn(&Value) -> Option<String>) -> String {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(&pick).collect::<Vec<_>>().join(sep))
        .unwrap_or_default()
}

/// Flattens a report's records into CSV rows (main fields only).
pub fn csv_rows(report: &Value) -> Vec<Vec<String>> {
    let file = text_of(report.pointer("/source/file"));
    let body = text_of(report.get("body"));
    let title = text_of(report.get("title"));
    let fy = text_of(report.pointer("/period/fiscal_year"));
    let Some(records) = report.get("records").and_then(Value::as_array) else {
        return vec![];
    };
    records
        .iter()
        .map(|r| {
            vec![
                file.clone(),
                body.clone(),
                title.clone(),
                fy.clone(),
                text_of(r.get("page")),
                text_of(r.get("row")),
                text_of(r.get("purpose")),
                text_of(r.get("method")),
                joined(r.get("plan_pages"), ";", |p| Some(p.to_string())),
                text_of(r.get("status")),
                text_of(r.get("evaluation")),
                text_of(r.get("reason")),
                text_of(r.pointer("/decision/value")),
                joined(r.pointer("/decision/marked"), "・", |m| {
                    m.as_str().map(str::to_string)
                }),
                text_of(r.pointer("/decision/label")),
                text_of(r.pointer("/decision/mark_kind")),
                text_of(r.pointer("/decision/confidence")),
                text_of(r.get("participants_total")),
                r.get("events")
                    .and_then(Value::as_array)
                    .map(|e| e.len().to_string())
                    .unwrap_or_default(),
                joined(r.get("events"), ";", |e| {
                    e.pointer("/date/iso")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                }),
            ]
        })
        .collect()
}

impl Sinks {
    /// Opens the destinations. `jsonl` may be `-` for stdout.
    pub fn new(
        out_dir: Option<PathBuf>,
        jsonl: Option<PathBuf>,
        csv_path: Option<PathBuf>,
    ) -> io::Result<Self> {
        if let Some(d) = &out_dir {
            std::fs::create_dir_all(d)?;
        }
        let jsonl: Option<Box<dyn Write + Send>> = match jsonl {
            None => None,
            Some(p) if p.as_os_str() == "-" => Some(Box::new(io::stdout())),
            Some(p) => Some(Box::new(BufWriter::new(File::create(p)?))),
        };
        let csv = match csv_path {
            None => None,
            Some(p) => {
                let mut f = BufWriter::new(File::create(p)?);
                // A BOM, so that Excel reads UTF-8 instead of guessing Shift_JIS.
                f.write_all("\u{FEFF}".as_bytes())?;
                let mut w = csv::Writer::from_writer(f);
                w.write_record(CSV_HEADER).map_err(io::Error::other)?;
                Some(w)
            }
        };
        Ok(Sinks {
            out_dir,
            jsonl,
            csv,
            errors: Vec::new(),
            write_failures: Vec::new(),
        })
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
        if let Some(w) = &mut self.csv {
            for row in csv_rows(&o.json) {
                if let Err(e) = w.write_record(&row) {
                    self.write_failures.push(format!("csv: {e}"));
                }
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
        if let Some(w) = &mut self.csv
            && let Err(e) = w.flush()
        {
            self.write_failures.push(format!("csv: {e}"));
        }
        self.write_failures
    }
}
