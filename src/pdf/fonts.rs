//! What the font dictionaries say, read once per page before interpretation.
//!
//! hayro's device callback gives a glyph's character code, glyph id and font
//! program, but not the font dictionary. Recovering Unicode for fonts without
//! /ToUnicode needs the dictionary's /Encoding CMap name and /CIDSystemInfo,
//! so this module collects them and lets the device find them again.
//!
//! A font is found by its /BaseFont (hayro reports the same name, prefix
//! stripped), which settles it whenever the dictionaries of one name agree.
//! Only when two dictionaries of one name say different things (two subsets
//! of one face with different encodings) are the programs decoded and
//! fingerprinted, to tell them apart by content: decoding a multi-megabyte
//! CJK font file a second time just to name it was most of the time spent
//! on such files.

use hayro_syntax::object::{Array, Dict, Name, ObjectIdentifier, Stream};
use rustc_hash::{FxHashMap, FxHashSet};
use std::hash::Hasher;
use std::sync::Arc;

/// What shinchoku needs to know about one font dictionary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FontInfo {
    /// /BaseFont without subset prefix, decoded for display (Shift_JIS names too).
    pub display_name: String,
    /// /Encoding when it names a predefined CMap (e.g. `90ms-RKSJ-H`).
    pub encoding: Option<String>,
    /// /CIDSystemInfo /Ordering of the descendant font (e.g. `Japan1`).
    pub ordering: Option<String>,
    /// /CIDSystemInfo /Registry of the descendant font (e.g. `Adobe`).
    pub registry: Option<String>,
    /// The descendant's /Subtype (`CIDFontType0` CFF, `CIDFontType2` TrueType).
    pub cid_subtype: Option<String>,
    /// Whether the font has a /ToUnicode stream.
    pub has_to_unicode: bool,
    /// /FontDescriptor /Ascent in 1/1000 em, if given and plausible.
    pub ascent: Option<f64>,
    /// /FontDescriptor /Descent in 1/1000 em (negative), if given and plausible.
    pub descent: Option<f64>,
}

/// One font dictionary of a page.
#[derive(Debug)]
struct Entry<'a> {
    info: Arc<FontInfo>,
    /// The embedded font files (/FontFile2, /FontFile3, /FontFile, in that
    /// order of preference), kept undecoded until a fingerprint is needed.
    programs: Vec<Stream<'a>>,
}

/// Fonts of one page, in the order they were collected.
#[derive(Debug, Default)]
pub struct FontTable<'a> {
    entries: Vec<Entry<'a>>,
    /// The first dictionary under each /BaseFont as hayro spells it
    /// (`Name::as_str`, prefix stripped).
    by_name: FxHashMap<String, usize>,
    /// Names under which dictionaries disagree: the name alone does not
    /// say which one a program belongs to.
    ambiguous: FxHashSet<String>,
}

impl FontTable<'_> {
    /// What the dictionary of the font hayro drew with says. `key` and
    /// `data` are hayro's cache key and bytes of the program, `ps_name` its
    /// /BaseFont.
    ///
    /// By name when the name settles it; otherwise by content, as hayro's
    /// program is the decoded font file of its dictionary: the last
    /// dictionary whose program has the same fingerprint, then the first
    /// one of that name. A program is assumed to appear under one name only.
    pub fn resolve(
        &self,
        hashes: &mut ProgramHashes,
        key: u128,
        data: &[u8],
        ps_name: Option<&str>,
    ) -> Option<Arc<FontInfo>> {
        let name = ps_name.map(strip_subset_prefix);
        let named = name.and_then(|n| self.by_name.get(n)).copied();
        if let (Some(n), Some(i)) = (name, named)
            && !self.ambiguous.contains(n)
        {
            return self.entries.get(i).map(|e| e.info.clone());
        }
        let wanted = hashes.of_program(key, data);
        self.entries
            .iter()
            .rev()
            .find(|e| hashes.of_entry(e) == Some(wanted))
            .or_else(|| named.and_then(|i| self.entries.get(i)))
            .map(|e| e.info.clone())
    }
}

/// Fingerprints of font programs, kept for the whole document: the same
/// fonts serve every page, and decoding a multi-megabyte CJK font file once
/// per page would repeat that work page after page.
#[derive(Debug, Default)]
pub struct ProgramHashes {
    by_stream: FxHashMap<ObjectIdentifier, u64>,
    by_key: FxHashMap<u128, u64>,
}

impl ProgramHashes {
    /// The fingerprint of an embedded font file stream (decoded once).
    fn of_stream(&mut self, stream: &Stream<'_>) -> Option<u64> {
        // Only streams with a real object id are remembered: a crafted file
        // can give several streams the fallback id.
        let id = stream.dict().obj_id();
        if let Some(h) = id.and_then(|id| self.by_stream.get(&id)) {
            return Some(*h);
        }
        let h = program_hash(&stream.decoded().ok()?);
        if let Some(id) = id {
            self.by_stream.insert(id, h);
        }
        Some(h)
    }

    /// The fingerprint of a dictionary's program: its first font file that decodes.
    fn of_entry(&mut self, entry: &Entry<'_>) -> Option<u64> {
        entry.programs.iter().find_map(|s| self.of_stream(s))
    }

    /// Fingerprints already computed elsewhere (by the stream guard, which
    /// decodes large font files to measure them).
    pub fn seed(&mut self, known: impl IntoIterator<Item = (ObjectIdentifier, u64)>) {
        self.by_stream.extend(known);
    }

    /// The fingerprint of a font program hayro loaded, by its cache key.
    pub fn of_program(&mut self, key: u128, data: &[u8]) -> u64 {
        *self.by_key.entry(key).or_insert_with(|| program_hash(data))
    }
}

/// Bounds recursion through nested form XObjects (a malicious file can nest
/// them deeply or in a cycle).
const MAX_DEPTH: usize = 8;

/// Collects the fonts of a resource dictionary and of the form XObjects it uses.
pub fn collect<'a>(resources_fonts: &Dict<'a>, x_objects: &Dict<'a>, table: &mut FontTable<'a>) {
    collect_depth(resources_fonts, x_objects, table, 0);
}

fn collect_depth<'a>(
    fonts: &Dict<'a>,
    x_objects: &Dict<'a>,
    table: &mut FontTable<'a>,
    depth: usize,
) {
    for key in fonts.keys() {
        if let Some(font) = fonts.get::<Dict<'a>>(key.as_ref()) {
            add_font(&font, table);
        }
    }
    if depth >= MAX_DEPTH {
        return;
    }
    for key in x_objects.keys() {
        let Some(stream) = x_objects.get::<Stream<'a>>(key.as_ref()) else {
            continue;
        };
        let Some(res) = stream.dict().get::<Dict<'a>>(b"Resources") else {
            continue;
        };
        let f = res.get::<Dict<'a>>(b"Font").unwrap_or_default();
        let x = res.get::<Dict<'a>>(b"XObject").unwrap_or_default();
        collect_depth(&f, &x, table, depth + 1);
    }
}

/// hayro's own subset-prefix rule, so that names match what it reports.
pub fn strip_subset_prefix(name: &str) -> &str {
    match name.split_once('+') {
        Some((prefix, rest)) if prefix.len() == 6 => rest,
        _ => name,
    }
}

/// Decodes a PDF name for people: UTF-8 when valid, else Shift_JIS (JUST PDF
/// and old Acrobat write Japanese font names in raw Shift_JIS bytes).
pub fn decode_name(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::SHIFT_JIS.decode(bytes).0.into_owned(),
    }
}

fn add_font<'a>(font: &Dict<'a>, table: &mut FontTable<'a>) {
    let base = font.get::<Name<'_>>(b"BaseFont");
    let hayro_name = base
        .as_ref()
        .map(|n| strip_subset_prefix(n.as_str()).to_string())
        .unwrap_or_default();
    let display = base
        .as_ref()
        .map(|n| {
            let full = decode_name(n.as_ref());
            strip_subset_prefix(&full).to_string()
        })
        .unwrap_or_default();

    let mut info = FontInfo {
        display_name: display,
        encoding: encoding_name(font),
        has_to_unicode: font.contains_key(b"ToUnicode"),
        ..FontInfo::default()
    };

    // Composite fonts keep the interesting parts in the descendant.
    let descendant = font
        .get::<Array<'a>>(b"DescendantFonts")
        .and_then(|a| a.iter::<Dict<'a>>().next());
    let metrics_dict = descendant.clone().unwrap_or_else(|| font.clone());
    if let Some(d) = &descendant {
        info.cid_subtype = d
            .get::<Name<'_>>(b"Subtype")
            .map(|n| n.as_str().to_string());
        if let Some(csi) = d.get::<Dict<'_>>(b"CIDSystemInfo") {
            info.registry = csi
                .get::<hayro_syntax::object::String<'_>>(b"Registry")
                .map(|s| decode_name(s.as_bytes()));
            info.ordering = csi
                .get::<hayro_syntax::object::String<'_>>(b"Ordering")
                .map(|s| decode_name(s.as_bytes()));
        }
    }
    let descriptor = metrics_dict.get::<Dict<'a>>(b"FontDescriptor");
    let mut programs = Vec::new();
    if let Some(desc) = &descriptor {
        info.ascent = desc
            .get::<f64>(b"Ascent")
            .filter(|a| (500.0..=1200.0).contains(a));
        info.descent = desc
            .get::<f64>(b"Descent")
            .filter(|d| (-500.0..0.0).contains(d));
        // LibreOffice writes /Ascent 0 /Descent 0; the font box is then the
        // best statement of the glyphs' extent (poppler falls back the same way).
        if let Some([_, bottom, _, top]) = desc.get::<[f64; 4]>(b"FontBBox") {
            if info.ascent.is_none() && (500.0..=1200.0).contains(&top) {
                info.ascent = Some(top);
            }
            if info.descent.is_none() && (-500.0..0.0).contains(&bottom) {
                info.descent = Some(bottom);
            }
        }
        programs.extend(
            [&b"FontFile2"[..], b"FontFile3", b"FontFile"]
                .into_iter()
                .filter_map(|key| desc.get::<Stream<'a>>(key)),
        );
    }
    let index = table.entries.len();
    if !hayro_name.is_empty() {
        match table.by_name.get(&hayro_name) {
            Some(&first) => {
                if table.entries.get(first).is_some_and(|e| *e.info != info) {
                    table.ambiguous.insert(hayro_name);
                }
            }
            None => {
                table.by_name.insert(hayro_name, index);
            }
        }
    }
    table.entries.push(Entry {
        info: Arc::new(info),
        programs,
    });
}

/// The predefined CMap an /Encoding names: directly, or through the
/// /CMapName of an embedded CMap stream (Ghostscript embeds UniJIS-UTF16-H
/// that way, with a /ToUnicode that disagrees with it).
fn encoding_name(font: &Dict<'_>) -> Option<String> {
    if let Some(n) = font.get::<Name<'_>>(b"Encoding") {
        return Some(n.as_str().to_string());
    }
    let stream = font.get::<Stream<'_>>(b"Encoding")?;
    stream
        .dict()
        .get::<Name<'_>>(b"CMapName")
        .map(|n| n.as_str().to_string())
}

/// A cheap fingerprint of a font program: rustc-hash's byte hash, which
/// takes 16 bytes a step (FNV-1a, byte by byte, was 13 % of all time).
pub fn program_hash(data: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(data);
    h.write_usize(data.len());
    h.finish()
}
