//! The interface between a batch and the table outputs (CSV, workbook,
//! archive): each finished file, in input order, then one `finish`.
//!
//! The batch owns scheduling and ordering; a sink owns only its file. Sinks
//! live in `output` so that the library can write a workbook or an archive
//! without the batch machinery (and `output` never imports `batch`).

use serde_json::Value;
use std::path::Path;

/// One finished file, as a sink sees it.
#[derive(Clone, Copy)]
pub struct FileOutcome<'a> {
    /// The file that was read.
    pub path: &'a Path,
    /// The path as the user will recognise it.
    pub display: &'a str,
    /// The report JSON, or the error object of a failed file. Its
    /// `records` may be an empty placeholder: read them from `records`.
    pub json: &'a Value,
    /// The report's records, one at a time (a long report's are never
    /// all in memory).
    pub records: &'a dyn RecordSource,
    /// The failure, when the file failed.
    pub error: Option<&'a crate::Error>,
    /// True when an up-to-date output was kept and nothing was converted.
    pub skipped: bool,
}

/// A report's records, read one at a time, as often as needed.
pub trait RecordSource {
    /// Calls `f` with each record, in order; stops at its first error.
    fn each(&self, f: &mut dyn FnMut(&Value) -> Result<(), OutputError>)
    -> Result<(), OutputError>;
}

/// The records of a whole report JSON: its `records` array.
impl RecordSource for Value {
    fn each(
        &self,
        f: &mut dyn FnMut(&Value) -> Result<(), OutputError>,
    ) -> Result<(), OutputError> {
        super::json::array(self, "/records").iter().try_for_each(f)
    }
}

/// A destination for a batch's results.
pub trait FileSink: Send {
    /// Takes one file, in input order.
    fn accept(&mut self, file: &FileOutcome<'_>) -> Result<(), OutputError>;
    /// Completes the output once every file was accepted.
    fn finish(self: Box<Self>) -> Result<(), OutputError>;
}

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Reading or writing a file.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The CSV writer.
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    /// The workbook writer.
    #[error("xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The archive database.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// An archive this version cannot use (written by a newer version,
    /// or not a shinchoku archive).
    #[error("archive: {0}")]
    Archive(String),
}

impl OutputError {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        OutputError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}
