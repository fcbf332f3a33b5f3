//! Typed errors shared by every stage, with the stable codes of CONTRACT.md.

use serde::Serialize;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The stable error codes a user or downstream system can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The bytes are not a PDF at all.
    NotPdf,
    /// A password is needed (or the given one is wrong).
    Encrypted,
    /// A PDF that cannot be read: truncated, broken xref beyond repair, no pages.
    Damaged,
    /// Pages carry images but no text: a scan without OCR.
    NoTextLayer,
    /// Text was found, but no table that the report stage recognizes.
    NoTable,
    /// A bug in shinchoku; still reported per file.
    Internal,
}

impl ErrorCode {
    /// The code as written in JSON and on stderr.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::NotPdf => "not_pdf",
            ErrorCode::Encrypted => "encrypted",
            ErrorCode::Damaged => "damaged",
            ErrorCode::NoTextLayer => "no_text_layer",
            ErrorCode::NoTable => "no_table",
            ErrorCode::Internal => "internal",
        }
    }
}

/// An error with its code and a message a person can act on.
#[derive(Debug, Clone, thiserror::Error, Serialize)]
#[error("{}: {message}", code.as_str())]
pub struct Error {
    /// Stable code.
    pub code: ErrorCode,
    /// Human-readable explanation.
    pub message: String,
}

impl Error {
    /// Builds an error from a code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
        }
    }
}

/// Runs one file's work, turning a panic (a bug) into an `internal` error so
/// that it is reported like any other failure and a batch goes on.
pub fn guarded<T>(work: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(r) => r,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::new(
                ErrorCode::Internal,
                format!("shinchoku hit a bug on this file ({what}); please report it"),
            ))
        }
    }
}
