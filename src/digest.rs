//! The one content digest every stage names files by: `source.sha256`,
//! re-run keys, corrections' target, the archive's primary key.

use sha2::{Digest, Sha256};

/// The hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
