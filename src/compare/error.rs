//! Errors of the comparison stage.
//!
//! Every failure a user can cause (a wrong path, a file that is not a report,
//! reports that should not be compared) has its own variant, so the command
//! line can print a sentence that says what to fix and pick the exit status.

use std::path::PathBuf;

/// Why a comparison could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// The file could not be read (missing, unreadable).
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        /// The file as given.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The bytes are neither JSON nor a PDF.
    #[error("{}: not a report: the file is not valid JSON ({source})", path.display())]
    NotJson {
        /// The file as given.
        path: PathBuf,
        /// Where the JSON broke.
        source: serde_json::Error,
    },
    /// Valid JSON, but not shaped like a shinchoku report.
    #[error("{}: not a report: {reason}", path.display())]
    NotReport {
        /// The file as given.
        path: PathBuf,
        /// What is missing or of the wrong type.
        reason: String,
    },
    /// A report whose extraction failed (it carries `error` instead of `records`).
    #[error("{}: this report is an extraction failure ({code}: {message}), it has no records to compare", path.display())]
    ErrorReport {
        /// The file as given.
        path: PathBuf,
        /// The stable error code written in the file.
        code: String,
        /// The message written in the file.
        message: String,
    },
    /// A PDF input whose extraction failed or is not available.
    #[error("{}: {message}", path.display())]
    Extract {
        /// The file as given.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The reports name different bodies; comparing them would pair unrelated items.
    #[error(
        "the reports are from different bodies ({}); pass --force to compare them anyway",
        bodies.join(" / ")
    )]
    DifferentBodies {
        /// The body of each report, in input order.
        bodies: Vec<String>,
    },
    /// The archive of `--sqlite` could not be read, or holds too little
    /// of the body to compare.
    #[error("{0}")]
    Archive(String),
    /// The result could not be serialized (a bug, not an input problem).
    #[error("cannot write the result: {0}")]
    Output(String),
    /// Fewer than two reports were given.
    #[error("compare needs at least two reports, got {0}")]
    TooFew(usize),
    /// The similarity threshold is outside 0..=1.
    #[error("the threshold must be between 0 and 1, got {0}")]
    BadThreshold(f64),
}

impl CompareError {
    /// Exit status per CONTRACT.md: usage errors are 2, everything about the
    /// inputs is 1.
    pub fn exit_code(&self) -> i32 {
        match self {
            // A missing or unreadable input is a usage error in every command.
            CompareError::TooFew(_) | CompareError::BadThreshold(_) | CompareError::Io { .. } => 2,
            _ => 1,
        }
    }
}
