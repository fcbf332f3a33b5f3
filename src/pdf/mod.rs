//! Bytes → page model, on hayro-syntax and hayro-interpret.
//!
//! hayro does the PDF work (xref repair, decryption, content streams, fonts,
//! predefined CMaps); this module turns its drawing calls into the page model
//! and fills the Unicode gaps hayro leaves for Japanese fonts.

mod decode;
mod device;
pub mod fonts;
pub mod limits;
pub mod lines;
pub mod model;
pub mod open;
pub mod unicode;

pub use model::*;

use crate::error::{Error, ErrorCode};
use device::Collector;
use hayro_interpret::kurbo;
use hayro_interpret::{
    Context, InterpreterCache, InterpreterSettings, TransformExt, interpret_page,
};
use std::sync::{Arc, Mutex};
use unicode::UnicodeCache;

/// What to read and how.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// User password for an encrypted file; the empty password is always tried.
    pub password: Option<String>,
    /// Only this page (1-based); all pages when `None`.
    pub page: Option<usize>,
}

/// Reads a PDF into its page model.
///
/// Fails with `not_pdf`, `encrypted` or `damaged`; a file whose pages hold
/// images but not one glyph fails with `no_text_layer`, since every later
/// stage would otherwise quietly return nothing.
pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<Document, Error> {
    let mut pages = Vec::new();
    let mut doc = read_with(bytes, opts, &mut |p| {
        pages.push(p);
        Ok(())
    })?;
    doc.pages = pages;
    Ok(doc)
}

/// The number of pages, without interpreting any: lets a caller check a
/// page number before asking for it.
pub fn page_count(bytes: &[u8], password: Option<&str>) -> Result<usize, Error> {
    Ok(open::open(bytes, password)?.pages().len())
}

/// [`read`] one page at a time: each page goes to `each` as soon as it is
/// interpreted, so that a caller that is done with a page can drop it. The
/// document comes back without pages. Pages before the first one with a
/// glyph are held back until it comes (they hold no text, so little
/// memory): a document without any text fails as [`read`] does before any
/// page is handed over.
pub fn read_with(
    bytes: &[u8],
    opts: &ReadOptions,
    each: &mut dyn FnMut(Page) -> Result<(), Error>,
) -> Result<Document, Error> {
    let (mut glyphs, mut images, mut read) = (0usize, 0usize, 0usize);
    let mut held: Vec<Page> = Vec::new();
    let doc = read_pages_with(bytes, opts, &mut |page| {
        read += 1;
        glyphs += page.glyphs.len();
        images += page.images.len();
        if glyphs == 0 {
            held.push(page);
            return Ok(());
        }
        for p in held.drain(..) {
            each(p)?;
        }
        each(page)
    })?;
    if glyphs > 0 {
        return Ok(doc);
    }
    Err(if !doc.skipped.is_empty() {
        Error::new(
            ErrorCode::Damaged,
            format!("no text could be read: {}", doc.skipped.join("; ")),
        )
    } else if looks_truncated(bytes) {
        Error::new(
            ErrorCode::Damaged,
            "the file is truncated (no %%EOF at its end) and no text could be read from what remains",
        )
    } else {
        text_layer_error(read, images)
    })
}

/// Like [`read`], but returns pages without text too (for `dump`, which must
/// show what a scan contains).
pub fn read_pages(bytes: &[u8], opts: &ReadOptions) -> Result<Document, Error> {
    let mut pages = Vec::new();
    let mut doc = read_pages_with(bytes, opts, &mut |p| {
        pages.push(p);
        Ok(())
    })?;
    doc.pages = pages;
    Ok(doc)
}

/// [`read_pages`], handing each page to `each` instead of keeping it.
fn read_pages_with(
    bytes: &[u8],
    opts: &ReadOptions,
    each: &mut dyn FnMut(Page) -> Result<(), Error>,
) -> Result<Document, Error> {
    let pdf = open::open(bytes, opts.password.as_deref())?;
    let all = pdf.pages();
    let page_count = all.len();
    if page_count == 0 {
        if let Some(reason) = limits::unusable_media_box(bytes) {
            return Err(Error::new(ErrorCode::Damaged, reason));
        }
        return Err(Error::new(
            ErrorCode::Damaged,
            "the file has no readable pages (truncated or broken page tree)",
        ));
    }
    if let Some(n) = opts.page
        && (n == 0 || n > page_count)
    {
        return Err(Error::new(
            ErrorCode::Damaged,
            format!("page {n} does not exist; the file has {page_count} pages"),
        ));
    }

    let warnings = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = warnings.clone();
    let settings = InterpreterSettings {
        warning_sink: Arc::new(move |w| {
            if let Ok(mut v) = sink.lock() {
                let text = format!("hayro: {w:?}");
                if !v.contains(&text) {
                    v.push(text);
                }
            }
        }),
        ..InterpreterSettings::default()
    };
    let cache = InterpreterCache::new();
    let mut unicode = UnicodeCache::default();
    let mut hashes = fonts::ProgramHashes::default();
    let mut unknown = 0usize;
    let mut guard = limits::Guard::new(pdf.xref(), bytes.len());
    let mut skipped = Vec::new();

    for (i, page) in all.iter().enumerate() {
        let number = i + 1;
        if opts.page.is_some_and(|n| n != number) {
            continue;
        }
        // The document's own page would keep its decoded content stream
        // until the end; the copy's stream goes when this iteration ends.
        let page = &page.detached();
        skipped.extend(guard.check_page(page, number)?);
        hashes.seed(guard.take_font_hashes());
        let mut table = fonts::FontTable::default();
        let res = page.resources();
        fonts::collect(&res.fonts, &res.x_objects, &mut table);

        let (w, h) = page.render_dimensions();
        let (w, h) = (f64::from(w), f64::from(h));
        let initial = page.initial_transform(true).to_kurbo();
        let mut ctx = Context::new(
            initial,
            kurbo::Rect::new(0.0, 0.0, w, h),
            &cache,
            pdf.xref(),
            settings.clone(),
        );
        let mut collector = Collector::new(&table, &mut unicode, &mut hashes);
        interpret_page(page, &mut ctx, &mut collector);
        unknown += collector.unknown_glyphs;
        each(Page {
            number,
            width: w,
            height: h,
            rotate: rotation_degrees(page.rotation()),
            glyphs: collector.glyphs,
            paths: collector.paths,
            images: collector.images,
        })?;
    }

    let mut warnings = warnings.lock().map(|v| v.clone()).unwrap_or_default();
    if unknown > 0 {
        warnings.push(format!(
            "{unknown} glyphs have no recoverable Unicode (no ToUnicode, no known encoding, no usable font cmap); shown as U+FFFD"
        ));
    }
    warnings.extend(skipped.iter().cloned());
    Ok(Document {
        page_count,
        pages: Vec::new(),
        warnings,
        skipped,
    })
}

/// A complete PDF ends with `%%EOF` (perhaps followed by a little junk);
/// a download or copy cut short does not.
fn looks_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    !tail.windows(5).any(|w| w == b"%%EOF")
}

fn rotation_degrees(r: hayro_syntax::page::Rotation) -> u32 {
    use hayro_syntax::page::Rotation;
    match r {
        Rotation::None => 0,
        Rotation::Horizontal => 90,
        Rotation::Flipped => 180,
        Rotation::FlippedHorizontal => 270,
    }
}

/// Rejects documents with nothing to read: images but no glyphs is a scan
/// without OCR; no glyphs and no images at all means nothing was drawn.
pub fn check_text_layer(doc: &Document) -> Result<(), Error> {
    let glyphs: usize = doc.pages.iter().map(|p| p.glyphs.len()).sum();
    if glyphs > 0 {
        return Ok(());
    }
    let images: usize = doc.pages.iter().map(|p| p.images.len()).sum();
    Err(text_layer_error(doc.pages.len(), images))
}

/// The `no_text_layer` error for `pages` pages without a glyph holding
/// `images` images.
fn text_layer_error(pages: usize, images: usize) -> Error {
    if images > 0 {
        Error::new(
            ErrorCode::NoTextLayer,
            format!(
                "{pages} page(s) hold {images} image(s) but no text: a scan without an OCR layer; run OCR first"
            ),
        )
    } else {
        Error::new(ErrorCode::NoTextLayer, "no text was found on any page")
    }
}
