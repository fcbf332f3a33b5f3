//! Opening a file: PDF detection, decryption and the mapping of hayro's
//! load errors to our codes.

use crate::error::{Error, ErrorCode};
use hayro_syntax::{DecryptionError, LoadPdfError, Pdf};

/// How far into a file the `%PDF-` header may start; Acrobat accepts 1024
/// bytes of junk before it, so we do too.
const HEADER_WINDOW: usize = 1024;

/// Opens `bytes` with the empty password, then with `password` if given.
pub fn open(bytes: &[u8], password: Option<&str>) -> Result<Pdf, Error> {
    if bytes.is_empty() {
        return Err(Error::new(ErrorCode::NotPdf, "the file is empty"));
    }
    let window = &bytes[..bytes.len().min(HEADER_WINDOW)];
    if !window.windows(5).any(|w| w == b"%PDF-") {
        return Err(Error::new(
            ErrorCode::NotPdf,
            "no %PDF- header in the first 1024 bytes: this is not a PDF file",
        ));
    }
    let first = Pdf::new(bytes.to_vec());
    let result = match (first, password) {
        (Err(LoadPdfError::Decryption(DecryptionError::PasswordProtected)), Some(pw)) => {
            Pdf::new_with_password(bytes.to_vec(), pw).map_err(|e| (e, true))
        }
        (r, _) => r.map_err(|e| (e, false)),
    };
    result.map_err(|(e, tried_password)| match e {
        LoadPdfError::Decryption(DecryptionError::PasswordProtected) => Error::new(
            ErrorCode::Encrypted,
            if tried_password {
                "the password given with --password is neither this file's user password nor its owner password"
            } else {
                "the file needs a password to open; pass it with --password"
            },
        ),
        LoadPdfError::Decryption(DecryptionError::UnsupportedAlgorithm) => Error::new(
            ErrorCode::Encrypted,
            "the file is encrypted with an algorithm shinchoku cannot decrypt",
        ),
        LoadPdfError::Decryption(d) => Error::new(
            ErrorCode::Damaged,
            format!("the file's encryption dictionary is broken ({d:?})"),
        ),
        LoadPdfError::Invalid => Error::new(
            ErrorCode::Damaged,
            "the PDF structure cannot be read, even after trying to rebuild its cross-reference table",
        ),
    })
}
