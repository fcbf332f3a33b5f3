//! Typed errors shared by every stage, with the stable codes of CONTRACT.md.

use serde::Serialize;

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
