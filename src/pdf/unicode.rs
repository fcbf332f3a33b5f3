//! Unicode for glyphs that hayro could not map.
//!
//! hayro gives Unicode from /ToUnicode, glyph names, and (for non-embedded
//! CID fonts) the registry's UCS2 table. Japanese PDFs often have none of
//! these: embedded fonts with a predefined CMap, or Identity-H/V subsets with
//! no /ToUnicode. This module recovers their text from, in order, the raw
//! codes of the predefined encoding, the Adobe-Japan1 CID table, and the
//! embedded font's own cmap table inverted.

use super::fonts::FontInfo;
use super::model::TextSource;
use hayro_interpret::hayro_cmap::{BfString, CMap, CMapName, load_embedded};
use std::collections::HashMap;
use std::sync::OnceLock;

/// How a predefined CMap lays out its character codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeScheme {
    ShiftJis,
    EucJp,
    /// JIS X 0208 in 7-bit two-byte form (the `H`/`V` CMaps).
    Jis7,
    Utf16,
    Utf8,
    Utf32,
}

fn scheme_of(encoding: &str) -> Option<CodeScheme> {
    let e = encoding;
    if e.contains("RKSJ") {
        Some(CodeScheme::ShiftJis)
    } else if e.starts_with("EUC-") {
        Some(CodeScheme::EucJp)
    } else if e == "H" || e == "V" {
        Some(CodeScheme::Jis7)
    } else if e.starts_with("UniJIS") && (e.contains("UCS2") || e.contains("UTF16")) {
        Some(CodeScheme::Utf16)
    } else if e.starts_with("UniJIS") && e.contains("UTF8") {
        Some(CodeScheme::Utf8)
    } else if e.starts_with("UniJIS") && e.contains("UTF32") {
        Some(CodeScheme::Utf32)
    } else {
        None
    }
}

/// The bytes a character code was read from (codes are big-endian).
fn code_bytes(code: u32, min_len: usize) -> Vec<u8> {
    let all = code.to_be_bytes();
    let significant = all.iter().position(|&b| b != 0).unwrap_or(3);
    let start = significant.min(4 - min_len);
    all[start..].to_vec()
}

/// True for CMaps whose codes are Unicode themselves (UCS2, UTF-16/8/32):
/// for those the code is the text by definition, whatever /ToUnicode says.
pub fn is_unicode_encoding(encoding: &str) -> bool {
    matches!(
        scheme_of(encoding),
        Some(CodeScheme::Utf16 | CodeScheme::Utf8 | CodeScheme::Utf32)
    )
}

/// Decodes a raw character code of a predefined CMap with encoding_rs (or
/// the standard library for the UTF forms).
pub fn decode_code(encoding: &str, code: u32) -> Option<String> {
    let scheme = scheme_of(encoding)?;
    let text = match scheme {
        CodeScheme::ShiftJis => decode_with(encoding_rs::SHIFT_JIS, &code_bytes(code, 1))?,
        CodeScheme::EucJp => decode_with(encoding_rs::EUC_JP, &code_bytes(code, 1))?,
        CodeScheme::Jis7 => {
            let b = code_bytes(code, 2);
            if b.len() != 2 {
                return None;
            }
            decode_with(encoding_rs::EUC_JP, &[b[0] | 0x80, b[1] | 0x80])?
        }
        CodeScheme::Utf16 => {
            let b = code_bytes(code, 2);
            let units: Vec<u16> = b
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16(&units).ok()?
        }
        CodeScheme::Utf8 => String::from_utf8(code_bytes(code, 1)).ok()?,
        CodeScheme::Utf32 => char::from_u32(code)?.to_string(),
    };
    usable(text)
}

fn decode_with(enc: &'static encoding_rs::Encoding, bytes: &[u8]) -> Option<String> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        None
    } else {
        Some(text.into_owned())
    }
}

/// Rejects empty, control-only and replacement-character results, which
/// would otherwise hide a failed mapping.
pub fn usable(s: String) -> Option<String> {
    if s.is_empty()
        || s.chars()
            .all(|c| c == '\u{FFFD}' || c == '\0' || c.is_control())
    {
        None
    } else {
        Some(s)
    }
}

/// Converts hayro's cmap value to a string.
pub fn bf_to_string(bf: BfString) -> String {
    match bf {
        BfString::Char(c) => c.to_string(),
        BfString::String(s) => s,
    }
}

fn resolve_predefined(name: CMapName<'_>) -> Option<&'static [u8]> {
    load_embedded(name)
}

fn parse_predefined(name: &[u8]) -> Option<CMap> {
    let data = load_embedded(CMapName::from_bytes(name))?;
    CMap::parse(data, resolve_predefined)
}

/// The Adobe-Japan1 CID → Unicode table, parsed once per process.
fn japan1_ucs2() -> Option<&'static CMap> {
    static TABLE: OnceLock<Option<CMap>> = OnceLock::new();
    TABLE
        .get_or_init(|| parse_predefined(b"Adobe-Japan1-UCS2"))
        .as_ref()
}

/// Maps a CID of the Adobe-Japan1 collection to Unicode.
pub fn japan1_cid_to_unicode(cid: u32) -> Option<String> {
    japan1_ucs2()?
        .lookup_bf_string(cid)
        .map(bf_to_string)
        .and_then(usable)
}

/// Per-document caches for the expensive parts (encoding CMaps, inverted
/// font cmaps), keyed so that one parse serves every glyph.
#[derive(Default)]
pub struct UnicodeCache {
    encodings: HashMap<String, Option<CMap>>,
    inverted: HashMap<u128, HashMap<u16, char>>,
}

impl UnicodeCache {
    /// Finds the CID of a code under a predefined encoding CMap.
    fn cid(&mut self, encoding: &str, code: u32) -> Option<u32> {
        if encoding.starts_with("Identity") {
            return Some(code);
        }
        let cmap = self
            .encodings
            .entry(encoding.to_string())
            .or_insert_with(|| parse_predefined(encoding.as_bytes()))
            .as_ref()?;
        let len = code_bytes(code, 1).len() as u8;
        cmap.lookup_cid_code(code, len)
            .or_else(|| cmap.lookup_cid_code(code, 2))
    }

    /// The inverted cmap of a font program, built on first use.
    fn inverted(&mut self, key: u128, data: &[u8]) -> &HashMap<u16, char> {
        self.inverted
            .entry(key)
            .or_insert_with(|| invert_font_cmap(data))
    }

    /// Recovers a glyph's text when hayro gave none. `program` is the font
    /// program's cache key and bytes, when the font is embedded.
    pub fn recover(
        &mut self,
        info: Option<&FontInfo>,
        code: u32,
        glyph_id: u16,
        program: Option<(u128, &[u8])>,
    ) -> Option<(String, TextSource)> {
        let encoding = info.and_then(|i| i.encoding.as_deref());
        if let Some(enc) = encoding
            && let Some(text) = decode_code(enc, code)
        {
            return Some((text, TextSource::Encoding));
        }
        let is_japan1 = info.is_some_and(|i| {
            i.ordering.as_deref() == Some("Japan1") && i.registry.as_deref() != Some("Identity")
        });
        let is_truetype = info.is_some_and(|i| i.cid_subtype.as_deref() == Some("CIDFontType2"));
        // A TrueType CID font's "CIDs" under Identity are glyph ids whatever its
        // CIDSystemInfo claims, so its own cmap is the better witness.
        if is_truetype
            && let Some((key, data)) = program
            && let Some(c) = self.inverted(key, data).get(&glyph_id)
        {
            return Some((c.to_string(), TextSource::FontCmap));
        }
        if is_japan1
            && let Some(enc) = encoding
            && let Some(cid) = self.cid(enc, code)
            && let Some(text) = japan1_cid_to_unicode(cid)
        {
            return Some((text, TextSource::CidCollection));
        }
        if let Some((key, data)) = program
            && let Some(c) = self.inverted(key, data).get(&glyph_id)
        {
            return Some((c.to_string(), TextSource::FontCmap));
        }
        None
    }
}

/// How much we prefer a code point when several map to one glyph: unified
/// ideographs over radicals and compatibility forms, BMP over the rest.
fn preference(c: char) -> u8 {
    match c {
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => 0,
        '\u{2F00}'..='\u{2FDF}' | '\u{2E80}'..='\u{2EFF}' | '\u{F900}'..='\u{FAFF}' => 3,
        '\u{E000}'..='\u{F8FF}' => 4,
        c if (c as u32) > 0xFFFF => 2,
        _ => 1,
    }
}

/// Inverts the Unicode subtables of a TrueType/OpenType cmap: glyph id →
/// the preferred code point mapping to it.
pub fn invert_font_cmap(data: &[u8]) -> HashMap<u16, char> {
    let mut map: HashMap<u16, char> = HashMap::new();
    let Ok(face) = ttf_parser::Face::parse(data, 0) else {
        return map;
    };
    let Some(cmap) = face.tables().cmap else {
        return map;
    };
    for sub in cmap.subtables {
        if !sub.is_unicode() {
            continue;
        }
        sub.codepoints(|cp| {
            let (Some(c), Some(gid)) = (char::from_u32(cp), sub.glyph_index(cp)) else {
                return;
            };
            if gid.0 == 0 {
                return;
            }
            map.entry(gid.0)
                .and_modify(|old| {
                    if (preference(c), c) < (preference(*old), *old) {
                        *old = c;
                    }
                })
                .or_insert(c);
        });
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_jis_codes_decode() {
        // 日本 in Shift_JIS is 93FA 967B.
        assert_eq!(decode_code("90ms-RKSJ-H", 0x93FA).as_deref(), Some("日"));
        assert_eq!(decode_code("90msp-RKSJ-H", 0x41).as_deref(), Some("A"));
        // Half-width katakana are single bytes.
        assert_eq!(decode_code("90ms-RKSJ-H", 0xB1).as_deref(), Some("ｱ"));
    }

    #[test]
    fn euc_and_jis7_codes_decode() {
        // 日 is JIS 0x467C, EUC-JP C6FC.
        assert_eq!(decode_code("EUC-H", 0xC6FC).as_deref(), Some("日"));
        assert_eq!(decode_code("H", 0x467C).as_deref(), Some("日"));
        assert_eq!(decode_code("V", 0x467C).as_deref(), Some("日"));
    }

    #[test]
    fn utf16_codes_decode_including_surrogates() {
        assert_eq!(decode_code("UniJIS-UCS2-H", 0x65E5).as_deref(), Some("日"));
        assert_eq!(decode_code("UniJIS-UTF16-V", 0x0041).as_deref(), Some("A"));
        assert_eq!(
            decode_code("UniJIS-UTF16-H", 0xD842_DF9F).as_deref(),
            Some("𠮟")
        );
    }

    #[test]
    fn identity_is_not_an_encoding() {
        assert_eq!(decode_code("Identity-H", 0x1234), None);
    }

    #[test]
    fn japan1_cids_map_to_unicode() {
        // CID 1 is the space; CID 2 is '!'; CID 1200 is 日 in Adobe-Japan1? Checked below loosely.
        assert_eq!(japan1_cid_to_unicode(2).as_deref(), Some("!"));
        assert!(japan1_cid_to_unicode(3000).is_some());
    }

    #[test]
    fn unusable_results_are_rejected() {
        assert_eq!(usable("\u{FFFD}".into()), None);
        assert_eq!(usable(String::new()), None);
        assert_eq!(usable("\0".into()), None);
    }
}
