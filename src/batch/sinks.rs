//! Where a batch's results go: one JSON per file in a folder, JSON lines, a
//! CSV for Excel, and the list of failures.
//!
//! Every file is written to a temporary file beside it and renamed into
//! place: the per-file JSON when it is done, `--csv` and `--jsonl` only when
//! the whole run is. A killed run therefore leaves every previous output
//! whole; the temporary files it leaves (`.NAME.PID-N.shinchoku-tmp`) are
//! removed by the next run once their process is gone. Files are created
//! with mode 0666 minus the umask, like any other program's output.

use super::inputs::Skipped;
use super::{Doc, Input, Outcome};
use crate::output::atomic::{AtomicFile, named, sweep_temps, write_atomic};
use crate::output::csv::{Lang, each_row, header};
use crate::output::report_writer;
use crate::output::{FileOutcome, FileSink, OutputError};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A stream output: standard output, or a file committed at the end.
enum Stream {
    Stdout(BufWriter<io::Stdout>),
    File(AtomicFile),
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Stdout(w) => w.write(buf),
            Stream::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Stdout(w) => w.flush(),
            Stream::File(f) => f.flush(),
        }
    }
}

fn open_stream(path: &Path) -> io::Result<Stream> {
    if path.as_os_str() == "-" {
        return Ok(Stream::Stdout(BufWriter::new(io::stdout())));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        sweep_temps(dir);
    } else {
        sweep_temps(Path::new("."));
    }
    Ok(Stream::File(AtomicFile::create(path)?))
}

/// The open destinations of one batch.
pub struct Sinks {
    out_dir: Option<PathBuf>,
    swept: HashSet<PathBuf>,
    jsonl: Option<(PathBuf, Stream)>,
    csv: Option<(PathBuf, Lang, csv::Writer<Stream>)>,
    /// Workbook, archive: each gets every file in input order.
    tables: Vec<Box<dyn FileSink>>,
    errors: Vec<Value>,
    stdout_closed: bool,
    /// Problems writing outputs, each naming its path; reported at the end,
    /// and they fail the run.
    pub write_failures: Vec<String>,
}

fn is_broken_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

impl Sinks {
    /// Opens the destinations; `jsonl` and the CSV may be `-` for stdout.
    /// Every error names the path it is about.
    pub fn new(
        out_dir: Option<PathBuf>,
        jsonl: Option<PathBuf>,
        csv_path: Option<(PathBuf, Lang)>,
    ) -> io::Result<Self> {
        let mut swept = HashSet::new();
        if let Some(d) = &out_dir {
            if d.exists() && !d.is_dir() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{}: exists and is not a folder (--out)", d.display()),
                ));
            }
            std::fs::create_dir_all(d).map_err(|e| named(d, e))?;
            sweep_temps(d);
            swept.insert(d.clone());
        }
        let jsonl = match jsonl {
            None => None,
            Some(p) => Some((p.clone(), open_stream(&p)?)),
        };
        let csv = match csv_path {
            None => None,
            Some((p, lang)) => {
                let mut f = open_stream(&p)?;
                // A BOM, so that Excel reads UTF-8 instead of guessing Shift_JIS.
                f.write_all("\u{FEFF}".as_bytes())
                    .map_err(|e| named(&p, e))?;
                let mut w = csv::Writer::from_writer(f);
                w.write_record(header(lang))
                    .map_err(|e| named(&p, io::Error::other(e)))?;
                Some((p, lang, w))
            }
        };
        Ok(Sinks {
            out_dir,
            swept,
            jsonl,
            csv,
            tables: Vec::new(),
            errors: Vec::new(),
            stdout_closed: false,
            write_failures: Vec::new(),
        })
    }

    /// Adds a table output (workbook, archive).
    pub fn add(&mut self, sink: Box<dyn FileSink>) {
        self.tables.push(sink);
    }

    /// The output folder, when writing one JSON per file.
    pub fn out_dir(&self) -> Option<&PathBuf> {
        self.out_dir.as_ref()
    }

    /// True once standard output was closed by its reader (`| head`): the
    /// run should stop.
    pub fn stdout_closed(&self) -> bool {
        self.stdout_closed
    }

    /// Records folder entries that were not read, for `_errors.json`.
    pub fn skipped(&mut self, skipped: &[Skipped]) {
        for s in skipped {
            self.errors.push(json!({
                "file": s.display,
                "code": crate::ErrorCode::Skipped.as_str(),
                "message": s.reason,
            }));
        }
    }

    fn failed(&mut self, path: &Path, e: &io::Error) {
        if is_broken_pipe(e) && path.as_os_str() == "-" {
            self.stdout_closed = true;
        } else {
            self.write_failures.push(format!("{}: {e}", path.display()));
        }
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
        if let Some(dir) = self.out_dir.clone()
            && !o.skipped
        {
            let path = dir.join(format!("{}.json", input.stem));
            if let Some(parent) = path.parent()
                && !self.swept.contains(parent)
            {
                if let Err(e) = std::fs::create_dir_all(parent) {
                    self.failed(parent, &e);
                }
                sweep_temps(parent);
                self.swept.insert(parent.to_path_buf());
            }
            // Straight to the file, record by record: a long report is
            // never held whole.
            let written = AtomicFile::create(&path).and_then(|mut f| {
                write_pretty(&mut f, &o.doc)
                    .and_then(|()| f.write_all(b"\n"))
                    .map_err(|e| named(&path, e))?;
                f.commit()
            });
            if let Err(e) = written {
                self.write_failures.push(e.to_string());
            }
        }
        if let Some((path, w)) = &mut self.jsonl {
            let written = write_compact(&mut *w, &o.doc).and_then(|()| writeln!(w));
            if let Err(e) = written {
                let path = path.clone();
                self.failed(&path, &e);
                self.jsonl = None;
            }
        }
        if let Some((path, lang, w)) = &mut self.csv {
            let written = each_row(o.doc.report(), &o.doc, *lang, &mut |row| {
                w.write_record(&row).map_err(OutputError::from)
            });
            if let Err(e) = written {
                let e = match e {
                    OutputError::Io { source, .. } => source,
                    OutputError::Csv(e) => io::Error::from(e),
                    other => io::Error::other(other.to_string()),
                };
                let path = path.clone();
                self.failed(&path, &e);
                self.csv = None;
            }
        }
        let file = FileOutcome {
            path: &input.path,
            display: &input.display,
            json: o.doc.report(),
            records: &o.doc,
            error: o.error.as_ref(),
            skipped: o.skipped,
        };
        for t in &mut self.tables {
            if let Err(e) = t.accept(&file) {
                self.write_failures.push(e.to_string());
            }
        }
    }

    /// Flushes everything, commits `--csv` / `--jsonl` files and writes
    /// `_errors.json`. With `complete` false (the run was cut short) the
    /// stream files are discarded, so their previous content stays.
    pub fn finish(mut self, complete: bool) -> Vec<String> {
        if let Some(dir) = &self.out_dir
            && complete
        {
            let mut bytes = serde_json::to_vec_pretty(&self.errors).unwrap_or_default();
            bytes.push(b'\n');
            if let Err(e) = write_atomic(&dir.join("_errors.json"), &bytes) {
                self.write_failures.push(e.to_string());
            }
        }
        if let Some((path, w)) = self.jsonl.take() {
            self.close(&path, w, complete);
        }
        // A run cut short leaves the workbook unwritten (the archive already
        // holds each finished file in its own transaction).
        for t in std::mem::take(&mut self.tables) {
            if complete && let Err(e) = t.finish() {
                self.write_failures.push(e.to_string());
            }
        }
        if let Some((path, _, w)) = self.csv.take() {
            match w.into_inner() {
                Ok(stream) => self.close(&path, stream, complete),
                Err(e) => {
                    let e = e.into_error();
                    self.failed(&path, &e);
                }
            }
        }
        self.write_failures
    }

    fn close(&mut self, path: &Path, stream: Stream, complete: bool) {
        match stream {
            Stream::Stdout(mut w) => {
                if let Err(e) = w.flush() {
                    self.failed(path, &e);
                }
            }
            Stream::File(f) => {
                if complete && let Err(e) = f.commit() {
                    self.write_failures.push(e.to_string());
                }
            }
        }
    }
}

/// A report on one line, as JSON lines hold it: a streamed report's
/// records copied as the worker wrote them.
pub fn write_compact(w: &mut dyn Write, doc: &Doc) -> io::Result<()> {
    match doc {
        Doc::Whole(v) => serde_json::to_writer(w, v).map_err(io::Error::from),
        Doc::Streamed { report, .. } => {
            report_writer::write_compact(w, report, &mut |f| doc.each_record_text(f))
        }
    }
}

/// A report pretty-printed, as one JSON per file holds it.
pub fn write_pretty(w: &mut dyn Write, doc: &Doc) -> io::Result<()> {
    match doc {
        Doc::Whole(v) => serde_json::to_writer_pretty(w, v).map_err(io::Error::from),
        Doc::Streamed { report, .. } => {
            report_writer::write_pretty(w, report, &mut |f| doc.each_record_value(f))
        }
    }
}
