//! Stream decoding that stops at a byte limit.
//!
//! hayro-syntax 0.9 decodes a stream with one unbounded `read_to_end`, so a
//! few kilobytes of nested Flate can ask for gigabytes. Before hayro decodes
//! anything, [`super::limits`] measures each stream here, with the same
//! filters but a cap on every stage's output. The result is only used to
//! decide (and to scan forms for `Do`); hayro still does the real decoding.

use hayro_syntax::Filter;
use hayro_syntax::object::Stream;
use std::io::Read;

/// How a bounded decode ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// The decoded bytes (within the limit).
    Data(Vec<u8>),
    /// What came out before the data broke off (within the limit); hayro's
    /// lenient inflater may produce different bytes from such a stream.
    Partial(Vec<u8>),
    /// A stage's output passed the limit: the stream is a bomb or absurd.
    TooLarge,
    /// A filter shinchoku does not measure (images, external files) or data
    /// that does not decode: hayro will not produce text from it either.
    Unmeasured,
}

/// The most one input byte can become through `filter`: Deflate's longest
/// match is 258 bytes per 2 bits or so (zlib's own bound is 1032:1), an
/// LZW code of 9 bits at least names a string of up to 4096 bytes, a
/// run-length pair gives 128 bytes, and ASCII85's `z` gives 4.
pub fn max_ratio(filter: Filter) -> u64 {
    match filter {
        Filter::FlateDecode => 1033,
        Filter::LzwDecode => 4096,
        Filter::RunLengthDecode => 64,
        Filter::Ascii85Decode => 4,
        _ => 1,
    }
}

/// True when hayro-interpret would treat the stream as image data, which
/// shinchoku never asks it to decode.
pub fn is_image_filter(filter: Filter) -> bool {
    matches!(
        filter,
        Filter::DctDecode | Filter::JpxDecode | Filter::Jbig2Decode | Filter::CcittFaxDecode
    )
}

/// An upper bound on the decoded size, from the raw length and the filters
/// alone (saturating).
pub fn size_bound(stream: &Stream<'_>) -> u64 {
    let raw = stream.raw_data().len() as u64;
    stream
        .filters()
        .iter()
        .fold(raw, |n, f| n.saturating_mul(max_ratio(*f)))
}

/// Decodes `stream` with every stage's output capped at `limit` bytes.
pub fn decode_bounded(stream: &Stream<'_>, limit: u64) -> Decoded {
    let filters = stream.filters();
    if filters.iter().any(|f| is_image_filter(*f)) || stream.dict().contains_key(b"F") {
        return Decoded::Unmeasured;
    }
    let mut data = stream.raw_data().into_owned();
    let mut partial = false;
    for (i, filter) in filters.iter().enumerate() {
        let next = match filter {
            Filter::Crypt if i == 0 => continue,
            Filter::FlateDecode => inflate(&data, limit),
            Filter::LzwDecode => lzw(&data, limit, early_change(stream, i)),
            Filter::RunLengthDecode => run_length(&data, limit),
            Filter::Ascii85Decode => ascii85(&data),
            Filter::AsciiHexDecode => ascii_hex(&data),
            _ => return Decoded::Unmeasured,
        };
        match next {
            Decoded::Data(d) | Decoded::Partial(d) if d.len() as u64 > limit => {
                return Decoded::TooLarge;
            }
            Decoded::Data(d) => data = d,
            Decoded::Partial(d) => {
                partial = true;
                data = d;
            }
            other => return other,
        }
    }
    if partial {
        Decoded::Partial(data)
    } else {
        Decoded::Data(data)
    }
}

/// True when [`decode_bounded`] gives the very bytes hayro decodes: one
/// FlateDecode, no predictor (whose output shinchoku does not compute).
pub fn same_as_hayro(stream: &Stream<'_>) -> bool {
    let d = stream.dict();
    stream.filters().as_slice() == [Filter::FlateDecode]
        && !d.contains_key(b"DecodeParms")
        && !d.contains_key(b"DP")
}

/// /EarlyChange of the `i`th filter's parameters (default 1).
fn early_change(stream: &Stream<'_>, i: usize) -> bool {
    use hayro_syntax::object::{Array, Dict, Object};
    let dict = stream.dict();
    let params = dict
        .get::<Dict<'_>>(b"DecodeParms")
        .or_else(|| dict.get::<Dict<'_>>(b"DP"))
        .or_else(|| {
            dict.get::<Array<'_>>(b"DecodeParms")
                .or_else(|| dict.get::<Array<'_>>(b"DP"))
                .and_then(|a| a.iter::<Object<'_>>().nth(i))
                .and_then(|o| o.into_dict())
        });
    params
        .and_then(|p| p.get::<i32>(b"EarlyChange"))
        .is_none_or(|v| v != 0)
}

/// Inflates zlib data (raw Deflate as hayro's fallback) up to `limit + 1`
/// bytes; a stream that breaks off keeps what came before, as hayro does.
fn inflate(data: &[u8], limit: u64) -> Decoded {
    let read = |r: &mut dyn Read| {
        let mut out = Vec::new();
        let ok = r
            .take(limit.saturating_add(1))
            .read_to_end(&mut out)
            .is_ok();
        (ok, out)
    };
    let (ok, out) = read(&mut flate2::read::ZlibDecoder::new(data));
    if ok {
        return Decoded::Data(out);
    }
    let (ok2, out2) = read(&mut flate2::read::DeflateDecoder::new(data));
    if ok2 {
        return Decoded::Data(out2);
    }
    // hayro then tries a lenient inflater that may get further; what both
    // strict ones produced before failing is the measure.
    Decoded::Partial(if out2.len() > out.len() { out2 } else { out })
}

/// LZW as in PDF (MSB-first codes of 9–12 bits, 256 clear, 257 end).
fn lzw(data: &[u8], limit: u64, early: bool) -> Decoded {
    let mut out: Vec<u8> = Vec::new();
    let mut table: Vec<(u16, u8)> = Vec::with_capacity(4096); // (prefix, last byte)
    let reset = |t: &mut Vec<(u16, u8)>| {
        t.clear();
        t.extend((0..=255u16).map(|b| (u16::MAX, b as u8)));
        t.push((u16::MAX, 0)); // 256 clear
        t.push((u16::MAX, 0)); // 257 end
    };
    reset(&mut table);
    let (mut acc, mut nbits, mut width) = (0u32, 0u32, 9u32);
    let mut prev: Option<u16> = None;
    let mut scratch = Vec::new();
    for &byte in data {
        acc = (acc << 8) | u32::from(byte);
        nbits += 8;
        while nbits >= width {
            let code = ((acc >> (nbits - width)) & ((1 << width) - 1)) as u16;
            nbits -= width;
            match code {
                256 => {
                    reset(&mut table);
                    width = 9;
                    prev = None;
                    continue;
                }
                257 => return Decoded::Data(out),
                _ => {}
            }
            let len = table.len() as u16;
            let first = if code < len {
                expand(&table, code, &mut scratch);
                scratch.first().copied()
            } else if code == len
                && let Some(p) = prev
            {
                expand(&table, p, &mut scratch);
                let f = scratch.first().copied();
                scratch.extend(f);
                f
            } else {
                return Decoded::Data(out);
            };
            out.extend_from_slice(&scratch);
            if out.len() as u64 > limit {
                return Decoded::TooLarge;
            }
            if let (Some(p), Some(f)) = (prev, first)
                && table.len() < 4096
            {
                table.push((p, f));
            }
            prev = Some(code);
            let next = table.len() as u32 + u32::from(early);
            width = match next {
                0..=511 => 9,
                512..=1023 => 10,
                1024..=2047 => 11,
                _ => 12,
            };
        }
    }
    Decoded::Data(out)
}

/// The bytes an LZW code stands for, into `out` (reused).
fn expand(table: &[(u16, u8)], code: u16, out: &mut Vec<u8>) {
    out.clear();
    let mut c = code;
    while let Some(&(prefix, byte)) = table.get(usize::from(c)) {
        out.push(byte);
        if prefix == u16::MAX || out.len() > 4096 {
            break;
        }
        c = prefix;
    }
    out.reverse();
}

fn run_length(data: &[u8], limit: u64) -> Decoded {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&n) = data.get(i) {
        match n {
            128 => break,
            0..=127 => {
                let end = (i + 2 + usize::from(n)).min(data.len());
                out.extend_from_slice(data.get(i + 1..end).unwrap_or_default());
                i = end;
            }
            _ => {
                let Some(&b) = data.get(i + 1) else { break };
                out.extend(std::iter::repeat_n(b, 257 - usize::from(n)));
                i += 2;
            }
        }
        if out.len() as u64 > limit {
            return Decoded::TooLarge;
        }
    }
    Decoded::Data(out)
}

fn ascii_hex(data: &[u8]) -> Decoded {
    let digits: Vec<u8> = data
        .iter()
        .take_while(|&&b| b != b'>')
        .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
        .collect();
    Decoded::Data(
        digits
            .chunks(2)
            .map(|c| (c[0] << 4) | c.get(1).copied().unwrap_or(0))
            .collect(),
    )
}

fn ascii85(data: &[u8]) -> Decoded {
    let mut out = Vec::new();
    let mut group = [0u8; 5];
    let mut n = 0;
    let body = data.strip_prefix(b"<~").unwrap_or(data);
    for &b in body {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = b - b'!';
                n += 1;
                if n == 5 {
                    out.extend_from_slice(&a85_word(&group).to_be_bytes());
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for g in group.iter_mut().skip(n) {
            *g = 84;
        }
        let word = a85_word(&group).to_be_bytes();
        out.extend_from_slice(word.get(..n - 1).unwrap_or_default());
    }
    Decoded::Data(out)
}

fn a85_word(g: &[u8; 5]) -> u32 {
    g.iter().fold(0u32, |acc, &d| {
        acc.wrapping_mul(85).wrapping_add(u32::from(d))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn inflate_stops_at_the_limit() {
        let z = zlib(&vec![0u8; 10_000_000]);
        assert_eq!(inflate(&z, 1000), Decoded::Data(vec![0; 1001]));
        let cut = z.get(..z.len() / 2).unwrap();
        assert!(matches!(inflate(cut, 20_000_000), Decoded::Partial(_)));
        assert_eq!(inflate(&z, 20_000_000), Decoded::Data(vec![0; 10_000_000]));
    }

    #[test]
    fn lzw_decodes_the_spec_example() {
        // PDF 32000-1 §7.4.4.2: "-----A---B" with EarlyChange 1.
        let coded = [0x80, 0x0B, 0x60, 0x50, 0x22, 0x0C, 0x0C, 0x85, 0x01];
        assert_eq!(
            lzw(&coded, 100, true),
            Decoded::Data(b"-----A---B".to_vec())
        );
        assert_eq!(lzw(&coded, 3, true), Decoded::TooLarge);
    }

    #[test]
    fn text_filters_decode() {
        assert_eq!(ascii_hex(b"41 42 4>"), Decoded::Data(b"AB@".to_vec()));
        assert_eq!(ascii85(b"<~87cURDZ~>"), Decoded::Data(b"Hello".to_vec()));
        assert_eq!(ascii85(b"z~>"), Decoded::Data(vec![0; 4]));
        assert_eq!(
            run_length(&[2, b'a', b'b', b'c', 254, b'x', 128], 100),
            Decoded::Data(b"abcxxx".to_vec())
        );
        assert_eq!(run_length(&[129, 0], 10), Decoded::TooLarge);
    }
}
