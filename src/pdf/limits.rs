//! Bounds on the work one file can make the PDF layer do, checked before
//! hayro touches a page.
//!
//! hayro 0.9 has no limits to configure: hayro-syntax inflates a stream with
//! one unbounded `read_to_end`, hayro-font expands each /W range into one map
//! entry per CID, and hayro-interpret decodes and runs a form XObject again on
//! every `Do`, stopping only at 50 levels of nesting (and then silently).
//! So this module walks what a page references, measures it with bounded
//! work, and refuses with `damaged`, naming the object, before hayro would be
//! swamped; content hayro would skip is reported as a warning.

use super::decode::{self, Decoded};
use crate::error::{Error, ErrorCode};
use hayro_syntax::content::TypedIter;
use hayro_syntax::content::ops::TypedInstruction;
use hayro_syntax::object::{Array, Dict, MaybeRef, Name, Object, ObjectIdentifier, Stream};
use hayro_syntax::page::Page;
use hayro_syntax::xref::XRef;
use std::collections::{HashMap, HashSet};

const MIB: u64 = 1 << 20;
/// One stream may always decode to this much, however small the file.
const STREAM_FLOOR: u64 = 64 * MIB;
/// One stream may never decode to more than this.
const STREAM_CEILING: u64 = 512 * MIB;
/// Between the two: decoded bytes per byte of file.
const STREAM_RATIO: u64 = 256;
/// The measured streams of a document together: floor, ceiling, ratio.
const TOTAL_FLOOR: u64 = 256 * MIB;
const TOTAL_CEILING: u64 = 1536 * MIB;
const TOTAL_RATIO: u64 = 1024;
/// CIDs are 16-bit in every CMap; a /W or /W2 covering more entries than
/// twice that (overlaps allowed) describes no real font.
const MAX_WIDTH_ENTRIES: u64 = 2 * 65_536;
/// hayro-interpret's `MAX_NESTED_INTERPRETATION_DEPTH` (crate-private there).
pub const FORM_DEPTH: usize = 50;
/// Form XObject runs on one page, counting each `Do` of each nesting.
const MAX_FORM_DRAWS: u64 = 200_000;
/// Content bytes hayro would decode and interpret for one page's forms.
const MAX_FORM_BYTES: u64 = 512 * MIB;
/// The largest page side PDF allows: 14,400 units of at most /UserUnit 75.
const MAX_PAGE_SIDE: f64 = 14_400.0 * 75.0;

/// XObject names a content stream paints, each with how often.
type Calls = Vec<(Vec<u8>, u64)>;

/// The caps for one file, from its size.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest decoded size of one stream.
    pub per_stream: u64,
    /// Largest decoded size of all measured streams together.
    pub total: u64,
}

impl Limits {
    /// Caps relative to `file_len`, between fixed floors and ceilings.
    pub fn for_file(file_len: usize) -> Self {
        let len = file_len as u64;
        Limits {
            per_stream: len
                .saturating_mul(STREAM_RATIO)
                .clamp(STREAM_FLOOR, STREAM_CEILING),
            total: len
                .saturating_mul(TOTAL_RATIO)
                .clamp(TOTAL_FLOOR, TOTAL_CEILING),
        }
    }
}

/// What a page's forms would cost hayro, and whether some are out of its reach.
#[derive(Debug, Clone, Copy, Default)]
struct Work {
    draws: u64,
    bytes: u64,
    too_deep: bool,
}

impl Work {
    fn add(&mut self, other: Work, times: u64) {
        self.draws = self.draws.saturating_add(other.draws.saturating_mul(times));
        self.bytes = self.bytes.saturating_add(other.bytes.saturating_mul(times));
        self.too_deep |= other.too_deep;
    }
}

/// Checks pages one by one, remembering across the document what it has
/// measured already.
pub struct Guard<'x> {
    xref: &'x XRef,
    limits: Limits,
    used: u64,
    seen: HashSet<ObjectIdentifier>,
    /// Decoded form content by stream, for the `Do` scan (None: not drawable).
    forms: HashMap<ObjectIdentifier, Option<Calls>>,
    form_len: HashMap<ObjectIdentifier, u64>,
    work: HashMap<(ObjectIdentifier, usize), Work>,
    /// Fingerprints of the font programs measured here, handed on so that
    /// the font table does not decode them once more.
    font_hashes: Vec<(ObjectIdentifier, u64)>,
}

impl<'x> Guard<'x> {
    /// A guard for a document of `file_len` bytes.
    pub fn new(xref: &'x XRef, file_len: usize) -> Self {
        Guard {
            xref,
            limits: Limits::for_file(file_len),
            used: 0,
            seen: HashSet::new(),
            forms: HashMap::new(),
            form_len: HashMap::new(),
            work: HashMap::new(),
            font_hashes: Vec::new(),
        }
    }

    /// Checks everything page `number` references; `Ok` carries warnings
    /// about content hayro will skip.
    pub fn check_page(&mut self, page: &Page<'_>, number: usize) -> Result<Vec<String>, Error> {
        self.check_box(page, number)?;
        let where_ = format!("page {number}");
        let mut stack: Vec<(MaybeRef<Object<'_>>, String)> = Vec::new();
        push_entries(&mut stack, page.raw(), &where_);
        let res = page.resources();
        for (key, dict) in [
            ("Font", &res.fonts),
            ("XObject", &res.x_objects),
            ("Pattern", &res.patterns),
            ("Shading", &res.shadings),
            ("ExtGState", &res.ext_g_states),
            ("ColorSpace", &res.color_spaces),
            ("Properties", &res.properties),
        ] {
            push_entries(&mut stack, dict, &format!("{where_} /Resources /{key}"));
        }
        while let Some((item, path)) = stack.pop() {
            let obj = match item {
                MaybeRef::Ref(r) => {
                    if !self.seen.insert(r.into()) {
                        continue;
                    }
                    match self.xref.get::<Object<'_>>(r.into()) {
                        Some(o) => o,
                        None => continue,
                    }
                }
                MaybeRef::NotRef(o) => o,
            };
            match obj {
                Object::Dict(d) => {
                    self.check_widths(&d, &path)?;
                    push_entries(&mut stack, &d, &path);
                }
                Object::Array(a) => {
                    for (i, item) in a.raw_iter().enumerate() {
                        stack.push((item, child(&path, &format!("[{i}]"))));
                    }
                }
                Object::Stream(s) => {
                    self.check_stream(&s, &path)?;
                    push_entries(&mut stack, s.dict(), &path);
                }
                _ => {}
            }
        }
        self.check_forms(page, number)
    }

    /// A page box hayro accepts but no paper has: later stages would build
    /// grids of absurd size from it.
    fn check_box(&self, page: &Page<'_>, number: usize) -> Result<(), Error> {
        let (w, h) = page.render_dimensions();
        let sane = |v: f32| v.is_finite() && v > 0.0 && f64::from(v) <= MAX_PAGE_SIDE;
        if sane(w) && sane(h) {
            return Ok(());
        }
        let b = page.media_box();
        Err(Error::new(
            ErrorCode::Damaged,
            format!(
                "page {number}: its /MediaBox [{} {} {} {}] is {w} × {h} pt, beyond any page size PDF allows",
                b.x0, b.y0, b.x1, b.y1
            ),
        ))
    }

    fn check_stream(&mut self, s: &Stream<'_>, path: &str) -> Result<(), Error> {
        let dict = s.dict();
        if dict.get::<Name<'_>>(b"Subtype").as_deref() == Some(&b"Image"[..]) {
            // Image data is never decoded by shinchoku's device.
            return Ok(());
        }
        if decode::size_bound(s) <= self.limits.per_stream {
            return Ok(());
        }
        let id = dict.obj_id();
        let measured = decode::decode_bounded(s, self.limits.per_stream);
        match &measured {
            Decoded::TooLarge => Err(self.too_large(path, id, self.limits.per_stream, "")),
            Decoded::Data(d) | Decoded::Partial(d) => {
                let exact = decode::same_as_hayro(s) && !matches!(measured, Decoded::Partial(_));
                if let Some(id) = id.filter(|_| exact)
                    && [" /FontFile", " /FontFile2", " /FontFile3"]
                        .iter()
                        .any(|k| path.ends_with(k))
                {
                    self.font_hashes.push((id, super::fonts::program_hash(d)));
                }
                self.used = self.used.saturating_add(d.len() as u64);
                if self.used > self.limits.total {
                    Err(self.too_large(
                        path,
                        id,
                        self.limits.total,
                        " (with the streams before it)",
                    ))
                } else {
                    Ok(())
                }
            }
            Decoded::Unmeasured => Ok(()),
        }
    }

    /// The font program fingerprints measured since the last call.
    pub fn take_font_hashes(&mut self) -> Vec<(ObjectIdentifier, u64)> {
        std::mem::take(&mut self.font_hashes)
    }

    fn too_large(&self, path: &str, id: Option<ObjectIdentifier>, cap: u64, what: &str) -> Error {
        let id = id
            .map(|i| format!(" (object {} {})", i.obj_number, i.gen_number))
            .unwrap_or_default();
        Error::new(
            ErrorCode::Damaged,
            format!(
                "the stream {path}{id} decodes to more than {} MiB{what}, the limit for a file of this size: a compression bomb or a broken file",
                cap / MIB
            ),
        )
    }

    /// /W and /W2 of a CID font, counted the way hayro-font expands them.
    fn check_widths(&self, d: &Dict<'_>, path: &str) -> Result<(), Error> {
        for (key, per) in [(&b"W"[..], 1u64), (b"W2", 3)] {
            let Some(arr) = d.get::<Array<'_>>(key) else {
                continue;
            };
            let n = width_entries(&arr, per);
            if n > MAX_WIDTH_ENTRIES {
                return Err(Error::new(
                    ErrorCode::Damaged,
                    format!(
                        "the font {path} has a /{} array covering {n} CIDs; CIDs stop at 65,535, so the font is broken",
                        String::from_utf8_lossy(key)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Counts the form runs the page's content causes, to the depth hayro
    /// draws, and refuses a page whose forms fan out beyond reason.
    fn check_forms(&mut self, page: &Page<'_>, number: usize) -> Result<Vec<String>, Error> {
        let xobjects = page.resources().x_objects.clone();
        // Only forms (with an object id) add work, so a page that has none —
        // most pages; scans hold images — needs no second parse of its content.
        let any_form = xobjects.keys().any(|k| {
            xobjects.get::<Stream<'_>>(k.as_ref()).is_some_and(|s| {
                s.dict().obj_id().is_some()
                    && s.dict().get::<Name<'_>>(b"Subtype").as_deref() == Some(&b"Form"[..])
            })
        });
        if !any_form {
            return Ok(Vec::new());
        }
        let Some(content) = page.page_stream() else {
            return Ok(Vec::new());
        };
        let calls = do_calls(content);
        let mut total = Work::default();
        for (name, times) in &calls {
            if let Some(s) = xobjects.get::<Stream<'_>>(name.as_slice()) {
                let w = self.form_work(&s, 1, &xobjects);
                total.add(w, *times);
            }
        }
        if total.draws > MAX_FORM_DRAWS || total.bytes > MAX_FORM_BYTES {
            return Err(Error::new(
                ErrorCode::Damaged,
                format!(
                    "page {number}: its form XObjects draw each other {} times ({} MiB of content), beyond the limit of {MAX_FORM_DRAWS} runs",
                    total.draws,
                    total.bytes / MIB
                ),
            ));
        }
        Ok(if total.too_deep {
            vec![format!(
                "page {number}: form XObjects nest deeper than {FORM_DEPTH} levels; hayro does not draw past that depth, so their content (text included) is not read"
            )]
        } else {
            Vec::new()
        })
    }

    /// The work of running form `s` at nesting `depth` (1 = drawn by the page).
    fn form_work(&mut self, s: &Stream<'_>, depth: usize, inherited: &Dict<'_>) -> Work {
        if s.dict().get::<Name<'_>>(b"Subtype").as_deref() != Some(&b"Form"[..]) {
            return Work::default();
        }
        let Some(id) = s.dict().obj_id() else {
            return Work::default();
        };
        if depth > FORM_DEPTH {
            return Work {
                too_deep: true,
                ..Work::default()
            };
        }
        let own = s.dict().get::<Dict<'_>>(b"Resources");
        // A form without resources uses its caller's, so the caller counts.
        let memo = (id, depth);
        if own.is_some()
            && let Some(w) = self.work.get(&memo)
        {
            return *w;
        }
        let calls = self.form_calls(s, id);
        let mut w = Work {
            draws: 1,
            bytes: self.form_len.get(&id).copied().unwrap_or(0),
            too_deep: false,
        };
        let xobjects = match &own {
            Some(r) => r.get::<Dict<'_>>(b"XObject").unwrap_or_default(),
            None => inherited.clone(),
        };
        for (name, times) in calls {
            if w.draws > MAX_FORM_DRAWS {
                break;
            }
            if let Some(child) = xobjects.get::<Stream<'_>>(name.as_slice()) {
                let cw = self.form_work(&child, depth + 1, &xobjects);
                w.add(cw, times);
            }
        }
        if own.is_some() {
            self.work.insert(memo, w);
        }
        w
    }

    /// The `Do` names of a form's content with how often each occurs,
    /// decoded (bounded) once per form.
    fn form_calls(&mut self, s: &Stream<'_>, id: ObjectIdentifier) -> Calls {
        if let Some(c) = self.forms.get(&id) {
            return c.clone().unwrap_or_default();
        }
        let calls = match decode::decode_bounded(s, self.limits.per_stream) {
            Decoded::Data(d) | Decoded::Partial(d) => {
                self.form_len.insert(id, d.len() as u64);
                Some(do_calls(&d))
            }
            _ => None,
        };
        self.forms.insert(id, calls.clone());
        calls.unwrap_or_default()
    }
}

fn push_entries<'a>(stack: &mut Vec<(MaybeRef<Object<'a>>, String)>, d: &Dict<'a>, path: &str) {
    for (key, value) in d.entries() {
        let k: &[u8] = key.as_ref();
        // Up the page tree, and data hayro never decodes for a page.
        if matches!(k, b"Parent" | b"Thumb" | b"Metadata" | b"P") {
            continue;
        }
        stack.push((
            value,
            child(path, &format!(" /{}", String::from_utf8_lossy(k))),
        ));
    }
}

/// A path one step further, cut short once long: a chain of a hundred
/// thousand objects must not cost a hundred thousand ever longer strings.
fn child(path: &str, step: &str) -> String {
    const LONG: usize = 160;
    if path.len() < LONG {
        format!("{path}{step}")
    } else if path.ends_with(" …") {
        path.to_string()
    } else {
        format!("{path} …")
    }
}

/// How many map entries hayro-font's `read_widths` would insert.
fn width_entries(arr: &Array<'_>, per: u64) -> u64 {
    let mut iter = arr.flex_iter();
    let mut n: u64 = 0;
    loop {
        if let Some((_, range)) = iter.next::<(u32, Array<'_>)>() {
            n = n.saturating_add(range.raw_iter().count() as u64 / per);
        } else if per == 1
            && let Some((first, last, _)) = iter.next::<(u32, u32, f32)>()
        {
            n = n.saturating_add(u64::from(last.saturating_sub(first)) + 1);
        } else if per == 3
            && let Some((first, last, _, _, _)) = iter.next::<(u32, u32, f32, f32, f32)>()
        {
            n = n.saturating_add(u64::from(last.saturating_sub(first)) + 1);
        } else {
            return n;
        }
        if n > MAX_WIDTH_ENTRIES {
            return n;
        }
    }
}

/// The XObject names a content stream paints, with their counts.
fn do_calls(content: &[u8]) -> Calls {
    let mut counts: HashMap<Vec<u8>, u64> = HashMap::new();
    let mut iter = TypedIter::new(content);
    while let Some(op) = iter.next() {
        if let TypedInstruction::XObject(x) = op {
            *counts.entry(x.0.as_ref().to_vec()).or_default() += 1;
        }
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort();
    v
}

/// Why a file whose page tree yields no page may have lost it: a /MediaBox
/// hayro cannot read as a page size (exponent notation, which PDF numbers do
/// not have, or a size beyond PDF's limits). Read from the raw bytes, since
/// hayro dropped the page dictionary.
pub fn unusable_media_box(bytes: &[u8]) -> Option<String> {
    static RE: std::sync::OnceLock<Option<regex::bytes::Regex>> = std::sync::OnceLock::new();
    let re = RE
        .get_or_init(|| regex::bytes::Regex::new(r"/MediaBox\s*\[([^\]]{0,200})\]").ok())
        .as_ref()?;
    re.captures_iter(bytes).find_map(|c| {
        let inner = String::from_utf8_lossy(c.get(1)?.as_bytes()).into_owned();
        let tokens: Vec<&str> = inner.split_ascii_whitespace().collect();
        let usable = tokens.len() == 4
            && tokens.iter().all(|t| {
                !t.contains(['e', 'E'])
                    && t.parse::<f64>()
                        .is_ok_and(|v| v.is_finite() && v.abs() <= MAX_PAGE_SIDE)
            });
        (!usable).then(|| {
            format!(
                "the page's /MediaBox [{}] is not a page size PDF allows (each side at most {MAX_PAGE_SIDE} pt), so the page cannot be read",
                tokens.join(" ")
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stop_growing_on_long_chains() {
        let mut p = String::from("page 1 /Resources /Properties /P0");
        for i in 0..10_000 {
            p = child(&p, &format!("[{i}]"));
        }
        assert!(p.len() < 200, "{}", p.len());
        assert!(p.ends_with(" …"));
    }

    #[test]
    fn caps_follow_the_file_size_between_floor_and_ceiling() {
        let small = Limits::for_file(8 * 1024);
        assert_eq!(small.per_stream, STREAM_FLOOR);
        assert_eq!(small.total, TOTAL_FLOOR);
        let mid = Limits::for_file(1 << 20);
        assert_eq!(mid.per_stream, 256 * MIB);
        let huge = Limits::for_file(usize::MAX);
        assert_eq!(huge.per_stream, STREAM_CEILING);
        assert_eq!(huge.total, TOTAL_CEILING);
    }
}
