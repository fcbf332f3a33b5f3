//! A raw record as bytes and back, for the rows a long report spools before
//! the fields that come before `records` are known (`extract`).
//!
//! MessagePack with named fields: numbers stay binary, where JSON formatted
//! and parsed again every coordinate of every row (about 6 % of a long
//! document's time), and the format describes itself, so the JSON values of
//! a row's cells and the fields left out when empty come back as they went.

use super::RawRecord;

/// Appends `record` to `out`.
pub fn encode(record: &RawRecord, out: &mut Vec<u8>) -> Result<(), rmp_serde::encode::Error> {
    rmp_serde::encode::write_named(out, record)
}

/// The record [`encode`] wrote.
pub fn decode(bytes: &[u8]) -> Result<RawRecord, rmp_serde::decode::Error> {
    rmp_serde::from_slice(bytes)
}
