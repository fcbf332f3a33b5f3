//! Page image → the same page model the PDF layer gives (issue 11).
//!
//! A scan's grid and pen ovals exist only as pixels. This stage decodes the
//! page image ([`decode`]), finds its skew from the ink profile
//! ([`deskew`]), resamples it upright in page space ([`bitmap::resample`]),
//! finds the rules by morphology ([`rules`]) and the pen loops once rules
//! and text are cleared ([`pen`]), and writes them back as vector paths,
//! so that `layout` and `report` run unchanged. Text comes from the
//! invisible OCR layer of a searchable scan, turned with the page; image-only
//! scans need the `ocr` feature (PP-OCRv6 on ONNX Runtime or rten, see `ocr`
//! and `engine`).

pub mod bitmap;
pub mod confidence;
pub mod decode;
pub mod deskew;
#[cfg(feature = "ocr")]
pub mod detect;
#[cfg(feature = "ocr")]
pub mod engine;
#[cfg(feature = "ocr")]
pub mod ocr;
pub mod pen;
pub mod rules;

use crate::error::{Error, ErrorCode};
use crate::pdf::open::open;
use crate::pdf::{self, Document, Page, Path, Point, ReadOptions, Rect, Rgb, Segment};
use bitmap::{Binary, PageImage};
use std::cell::OnceCell;
use std::path::PathBuf;

/// The environment variable that sets the threads of one OCR model run
/// (`ocr` feature). A batch sets it for its workers, unless it is set
/// already, to the cores over the jobs: two jobs on two cores with two
/// threads each ran 11 % slower than with one (four image-only samples,
/// 11.8 against 10.5 s wall, 2026-12-06).
pub const OCR_THREADS_ENV: &str = "SHINCHOKU_OCR_THREADS";

/// Below this resolution a scan is hard to read even for a person.
pub const LOW_DPI: f64 = 150.0;
/// Resolution the bitmap is worked at, at most (finer scans are sampled down).
const MAX_WORK_DPI: f64 = 300.0;
/// Colour the found pen loops are written in (what a person would see: ink).
const PEN: Rgb = Rgb(0.1, 0.1, 0.5);

/// How to read scans.
#[derive(Debug, Clone, Default)]
pub struct RasterOptions {
    /// Directory of the OCR models (`--models`); else `SHINCHOKU_MODELS`,
    /// else the default directory (see `ocr::default_models_dir`).
    pub models: Option<PathBuf>,
}

/// A warning about a scanned page.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanWarning {
    /// Page number.
    pub page: usize,
    /// `low_resolution` or `low_ocr_confidence`.
    pub code: &'static str,
    /// What a person should know.
    pub message: String,
}

/// What was learnt from a document's scanned pages.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scan {
    /// Pages read from their image.
    pub pages: Vec<usize>,
    /// Lowest resolution among them (dpi).
    pub dpi: f64,
    /// Problems that lower confidence.
    pub warnings: Vec<ScanWarning>,
    /// The text lines read by OCR (page, line), for per-cell confidence.
    pub ocr_lines: Vec<(usize, confidence::OcrLine)>,
    /// The runtime of the OCR models, when pages were read by OCR.
    pub ocr: Option<&'static str>,
}

impl Scan {
    /// Factor applied to the confidence of a decision on `page` (1 when
    /// nothing is wrong with the page's image).
    pub fn confidence_factor(&self, page: usize) -> f64 {
        let hits = self.warnings.iter().filter(|w| w.page == page).count();
        0.6f64.powi(i32::try_from(hits).unwrap_or(i32::MAX))
    }
}

/// One page read from its image.
#[derive(Debug, Clone, PartialEq)]
pub struct RasterPage {
    /// The page model: rules and pen loops as paths, glyphs turned upright.
    pub page: Page,
    /// Resolution of the image (dpi).
    pub dpi: f64,
    /// Skew that was removed, degrees.
    pub skew_deg: f64,
    /// Pen loops found.
    pub pen_loops: usize,
}

/// Whether a page must be read from its image: an image covers most of it
/// and no visible text is drawn (a scan, perhaps with an invisible OCR layer).
pub fn wants_raster(page: &Page) -> bool {
    let area = (page.width * page.height).abs();
    let covered = page
        .images
        .iter()
        .map(|i| i.bbox.width() * i.bbox.height())
        .fold(0.0, f64::max);
    area > 0.0 && covered >= 0.5 * area && !page.glyphs.iter().any(|g| !g.invisible)
}

/// Reads a document, going through the page images where the pages are
/// scans. Returns the page model and, when any page was a scan, what was
/// learnt from the images.
pub fn read(
    bytes: &[u8],
    read: &ReadOptions,
    opts: &RasterOptions,
) -> Result<(Document, Option<Scan>), Error> {
    let mut pages = Vec::new();
    let (mut doc, scan) = read_each(bytes, read, opts, &mut |p| {
        pages.push(p);
        Ok(())
    })?;
    doc.pages = pages;
    Ok((doc, scan))
}

/// [`read`] one page at a time: each page (from its image when it is a
/// scan) goes to `each` in page order; the document comes back without
/// pages. Image-only documents are read whole first (OCR), then handed over.
pub fn read_each(
    bytes: &[u8],
    read: &ReadOptions,
    opts: &RasterOptions,
    each: &mut dyn FnMut(Page) -> Result<(), Error>,
) -> Result<(Document, Option<Scan>), Error> {
    let mut scan: Option<Scan> = None;
    // Opened on the first scanned page and kept for the others.
    let opened: OnceCell<Result<hayro_syntax::Pdf, Error>> = OnceCell::new();
    let mut images: Option<decode::PageImages> = None;
    let streamed = pdf::read_with(bytes, read, &mut |page| {
        if !wants_raster(&page) {
            return each(page);
        }
        let reader = match &mut images {
            Some(r) => r,
            None => {
                let pdf = opened
                    .get_or_init(|| open(bytes, read.password.as_deref()))
                    .as_ref()
                    .map_err(Error::clone)?;
                images.insert(decode::PageImages::new(pdf))
            }
        };
        let img = reader.image(page.number);
        let s = scan.get_or_insert_with(Scan::default);
        match img {
            Some(img) => {
                let r = read_page(&page, &img);
                s.note_page(page.number, r.dpi);
                each(r.page)
            }
            None => each(page),
        }
    });
    match streamed {
        Ok(doc) => Ok((doc, scan)),
        Err(e) if e.code == ErrorCode::NoTextLayer => {
            let (mut doc, scan) = image_only(bytes, read, opts, e)?;
            for p in std::mem::take(&mut doc.pages) {
                each(p)?;
            }
            Ok((doc, scan))
        }
        Err(e) => Err(e),
    }
}

impl Scan {
    pub(crate) fn note_page(&mut self, page: usize, dpi: f64) {
        self.dpi = if self.pages.is_empty() {
            dpi
        } else {
            self.dpi.min(dpi)
        };
        self.pages.push(page);
        if dpi < LOW_DPI {
            self.warnings.push(ScanWarning {
                page,
                code: "low_resolution",
                message: format!(
                    "page {page} is scanned at {dpi:.0} dpi (under {LOW_DPI:.0}): text and marks may be misread"
                ),
            });
        }
    }
}

/// Image-only pages: OCR with the `ocr` feature, else the `no_text_layer`
/// error saying how to enable it.
fn image_only(
    bytes: &[u8],
    read: &ReadOptions,
    opts: &RasterOptions,
    err: Error,
) -> Result<(Document, Option<Scan>), Error> {
    let doc = pdf::read_pages(bytes, read)?;
    #[cfg(feature = "ocr")]
    {
        let numbers: Vec<usize> = doc.pages.iter().map(|p| p.number).collect();
        let images = decode::page_images(bytes, read.password.as_deref(), &numbers)?;
        ocr::read_image_only(doc, images, opts, err)
    }
    #[cfg(not(feature = "ocr"))]
    {
        let _ = opts;
        // The resolution from the images' stored sizes and boxes: decoding
        // every page only to name it in the error cost more than the rest
        // of the file.
        let dpi = doc
            .pages
            .iter()
            .filter_map(stored_dpi)
            .fold(f64::NAN, f64::min);
        let res = if dpi.is_finite() {
            format!(
                " (images at {dpi:.0} dpi{})",
                if dpi < LOW_DPI {
                    ", low resolution"
                } else {
                    ""
                }
            )
        } else {
            String::new()
        };
        Err(Error::new(
            err.code,
            format!(
                "{}{res}; this build has no OCR: rebuild with `cargo build --release --features ocr` and install the models with scripts/setup.sh to read image-only scans",
                err.message
            ),
        ))
    }
}

/// The resolution of a page's largest image, from its stored pixel size and
/// its box on the page (geometric mean of both axes, as [`PageImage::dpi`]).
#[cfg(not(feature = "ocr"))]
fn stored_dpi(page: &Page) -> Option<f64> {
    let img = page.images.iter().max_by(|a, b| {
        (a.bbox.width() * a.bbox.height()).total_cmp(&(b.bbox.width() * b.bbox.height()))
    })?;
    let points = (img.bbox.width() * img.bbox.height()).abs();
    let pixels = f64::from(img.pixel_width) * f64::from(img.pixel_height);
    (points > 0.0 && pixels > 0.0).then(|| 72.0 * (pixels / points).sqrt())
}

/// Text size in points, from the page's glyphs (9 pt when there are none).
fn text_size(page: &Page) -> f64 {
    let mut s: Vec<f64> = page
        .glyphs
        .iter()
        .map(|g| g.size)
        .filter(|s| s.is_finite() && *s > 2.0)
        .collect();
    s.sort_by(f64::total_cmp);
    s.get(s.len() / 2).copied().unwrap_or(9.0)
}

/// A page image deskewed and binarized, with its rules found and cleared.
pub(crate) struct Work {
    /// Upright grey bitmap at `scale` pixels per point (what OCR reads).
    #[cfg_attr(not(feature = "ocr"), allow(dead_code))]
    pub gray: bitmap::Gray,
    /// Its ink with the rules cleared.
    pub ink: Binary,
    /// Pixels per point.
    pub scale: f64,
    /// Skew removed, radians.
    pub skew: f64,
    /// Image resolution, dpi.
    pub dpi: f64,
    /// Rules found, pixels.
    pub rules: Vec<rules::Rule>,
}

impl Work {
    /// Set along every rule (with the margin cleared round it).
    pub fn rule_mask(&self) -> Binary {
        let mut bands = Binary {
            width: self.ink.width,
            height: self.ink.height,
            ink: vec![true; self.ink.ink.len()],
        };
        rules::erase(&mut bands, &self.rules, 0.5 * self.scale + 1.0);
        for v in &mut bands.ink {
            *v = !*v;
        }
        bands
    }
}

/// Deskews and binarizes a page image and finds its rules.
pub(crate) fn prepare(page: &Page, img: &PageImage) -> Work {
    let dpi = img.dpi();
    let scale = dpi.min(MAX_WORK_DPI) / 72.0;
    let (w, h) = (page.width, page.height);
    // Skew from a half-resolution copy: plenty for the profile, four times cheaper.
    let coarse = bitmap::resample(img, w, h, (scale / 2.0).max(scale.min(1.5)), 0.0);
    let skew = deskew::estimate(&Binary::from_gray(&coarse, bitmap::otsu(&coarse)));
    let gray = bitmap::resample(img, w, h, scale, skew);
    let mut ink = Binary::from_gray(&gray, bitmap::otsu(&gray));
    let lim = rules::RuleLimits {
        min_len: (15.0 * scale) as usize,
        gap: ((0.4 * scale) as usize).max(1),
        max_thickness: ((3.0 * scale) as usize).max(3),
    };
    let found = rules::drop_floating(
        rules::find_rules(&ink, &lim),
        40.0 * scale,
        1.5 * scale + 1.0,
    );
    rules::erase(&mut ink, &found, 0.5 * scale + 1.0);
    Work {
        gray,
        ink,
        scale,
        skew,
        dpi,
        rules: found,
    }
}

/// Reads one page from its image: deskews, finds rules and pen loops, and
/// turns the page's glyphs (an OCR layer) by the same angle.
pub fn read_page(page: &Page, img: &PageImage) -> RasterPage {
    let work = prepare(page, img);
    let mut upright = page.clone();
    let (cx, cy) = (page.width / 2.0, page.height / 2.0);
    let (sin, cos) = work.skew.sin_cos();
    // The OCR layer sits on the skewed image: turn it upright with the image.
    for g in &mut upright.glyphs {
        let (px, py) = (g.bbox.cx() - cx, g.bbox.cy() - cy);
        let (qx, qy) = (cx + px * cos + py * sin, cy - px * sin + py * cos);
        let (dx, dy) = (qx - g.bbox.cx(), qy - g.bbox.cy());
        g.bbox = Rect {
            x0: g.bbox.x0 + dx,
            y0: g.bbox.y0 + dy,
            x1: g.bbox.x1 + dx,
            y1: g.bbox.y1 + dy,
        };
    }
    finish(&upright, work)
}

/// Writes the rules into the page as paths, then looks for the pen loops
/// round the option words among the page's (upright) glyphs.
pub(crate) fn finish(page: &Page, work: Work) -> RasterPage {
    let Work {
        ink: bin,
        scale,
        skew,
        dpi,
        rules: found,
        ..
    } = &work;
    let (scale, skew, dpi) = (*scale, *skew, *dpi);
    let mut out = page.clone();
    for r in found {
        let (a, b) = (r.start / scale, r.end / scale);
        let p = r.pos / scale;
        let (from, to) = if r.horizontal {
            (Point { x: a, y: p }, Point { x: b, y: p })
        } else {
            (Point { x: p, y: a }, Point { x: p, y: b })
        };
        out.paths.push(stroke(
            vec![from, to],
            false,
            r.thickness / scale,
            Rgb(0.0, 0.0, 0.0),
        ));
    }

    let em = text_size(page) * scale;
    align_glyphs(bin, &mut out.glyphs, scale);
    // Where the pen is hidden: under text, and along the rules it crosses.
    let mut text = text_mask(&out.glyphs, bin.width, bin.height, scale);
    for (t, b) in text.ink.iter_mut().zip(&work.rule_mask().ink) {
        *t |= *b;
    }
    let lim = pen::LoopLimits { em, min_hits: 0.6 };
    let words: Vec<(f64, f64, f64, f64)> = option_words(&out.glyphs)
        .into_iter()
        .map(|r| {
            // the word grown past its own glyph boxes (rays start near its edge)
            let g = 0.03 * r.height() + 0.5 / scale;
            (
                (r.x0 - g) * scale,
                (r.y0 - g) * scale,
                (r.x1 + g) * scale,
                (r.y1 + g) * scale,
            )
        })
        .collect();
    let loops: Vec<pen::PenLoop> = pen::loops_around(bin, &text, &words, &lim)
        .into_iter()
        .flatten()
        .collect();
    for l in &loops {
        let pts = l
            .outline
            .iter()
            .map(|&(x, y)| Point {
                x: x / scale,
                y: y / scale,
            })
            .collect();
        out.paths.push(stroke(pts, true, 0.7, PEN));
    }
    RasterPage {
        page: out,
        dpi,
        skew_deg: skew.to_degrees(),
        pen_loops: loops.len(),
    }
}

/// The two-character option words a pen loop is drawn around in the report
/// template; the raster stage sits before `report` and keeps its own list.
pub(crate) const PEN_OPTION_WORDS: [&str; 4] = ["終了", "継続", "同じ", "変更"];

/// Boxes of the option words (終了, 継続, 同じ, 変更) among the glyphs, in
/// their drawing order.
fn option_words(glyphs: &[crate::pdf::Glyph]) -> Vec<Rect> {
    let mut out = Vec::new();
    for w in glyphs.windows(2) {
        let pair = format!("{}{}", w[0].text, w[1].text);
        if PEN_OPTION_WORDS.contains(&pair.as_str()) {
            out.push(w[0].bbox.union(&w[1].bbox));
        }
    }
    out
}

/// Moves each line of an OCR layer onto its printed glyphs: the layer sits
/// only roughly over the image (a point or so off), and a pen loop tight
/// round a word must not be mistaken for the word's own strokes. Each run
/// of glyphs on one baseline is shifted by the offset (within ±0.8 pt) that
/// puts the most ink inside the cores of its boxes.
fn align_glyphs(bin: &Binary, glyphs: &mut [crate::pdf::Glyph], scale: f64) {
    let (w, h) = (bin.width, bin.height);
    // Summed-area table: ink in any box in constant time.
    let mut sat = vec![0u32; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row = 0u32;
        for x in 0..w {
            row += u32::from(bin.at(x, y));
            sat[(y + 1) * (w + 1) + x + 1] = sat[y * (w + 1) + x + 1] + row;
        }
    }
    let ink_in = |x0: i64, y0: i64, x1: i64, y1: i64| -> u64 {
        let c = |v: i64, m: usize| v.clamp(0, m as i64) as usize;
        let (x0, x1, y0, y1) = (c(x0, w), c(x1, w), c(y0, h), c(y1, h));
        if x1 <= x0 || y1 <= y0 {
            return 0;
        }
        let at = |x: usize, y: usize| u64::from(sat[y * (w + 1) + x]);
        at(x1, y1) + at(x0, y0) - at(x0, y1) - at(x1, y0)
    };
    let reach = (0.8 * scale).ceil() as i64;
    let mut start = 0;
    while start < glyphs.len() {
        let base = glyphs[start].bbox;
        let mut end = start + 1;
        while end < glyphs.len() && (glyphs[end].bbox.cy() - base.cy()).abs() < 0.3 * base.height()
        {
            end += 1;
        }
        let run = &mut glyphs[start..end];
        let mut best = (0u64, 0i64, 0i64);
        for dy in -reach..=reach {
            for dx in -reach..=reach {
                let score: u64 = run
                    .iter()
                    .map(|g| {
                        let b = g.bbox;
                        let (mx, my) = (b.width() * 0.1, b.height() * 0.1);
                        ink_in(
                            ((b.x0 + mx) * scale) as i64 + dx,
                            ((b.y0 + my) * scale) as i64 + dy,
                            ((b.x1 - mx) * scale) as i64 + dx,
                            ((b.y1 - my) * scale) as i64 + dy,
                        )
                    })
                    .sum();
                // ties go to the smaller move
                if score > best.0
                    || (score == best.0 && dx.abs() + dy.abs() < best.1.abs() + best.2.abs())
                {
                    best = (score, dx, dy);
                }
            }
        }
        let (dx, dy) = (best.1 as f64 / scale, best.2 as f64 / scale);
        for g in run {
            g.bbox = Rect {
                x0: g.bbox.x0 + dx,
                y0: g.bbox.y0 + dy,
                x1: g.bbox.x1 + dx,
                y1: g.bbox.y1 + dy,
            };
        }
        start = end;
    }
}

/// The glyph boxes (each grown by 3 %: strokes touch the em box's edge) as a bitmap at `scale` pixels
/// per point.
fn text_mask(glyphs: &[crate::pdf::Glyph], w: usize, h: usize, scale: f64) -> Binary {
    let mut m = Binary {
        width: w,
        height: h,
        ink: vec![false; w * h],
    };
    for g in glyphs {
        let b = g.bbox;
        let (mx, my) = (-b.width() * 0.03, -b.height() * 0.03);
        let px = |v: f64| (v * scale).max(0.0) as usize;
        for y in px(b.y0 + my)..px(b.y1 - my).min(h) {
            let row = y * w;
            if let Some(s) = m
                .ink
                .get_mut(row + px(b.x0 + mx).min(w)..row + px(b.x1 - mx).min(w))
            {
                s.fill(true);
            }
        }
    }
    m
}

/// A stroked polyline in page space.
fn stroke(pts: Vec<Point>, closed: bool, width: f64, colour: Rgb) -> Path {
    let mut segments = Vec::with_capacity(pts.len() + 1);
    let mut bbox: Option<Rect> = None;
    let mut prev: Option<Point> = None;
    for p in &pts {
        let r = Rect::from_corners(p.x, p.y, p.x, p.y);
        bbox = Some(bbox.map_or(r, |b| b.union(&r)));
        segments.push(match prev {
            None => Segment::Move { to: *p },
            // A closed outline is a drawn curve: written as (straight) cubic
            // pieces so that the mark stage takes it as one, however finely
            // it is sampled.
            Some(a) if closed => Segment::Cubic {
                c1: a,
                c2: *p,
                to: *p,
            },
            Some(_) => Segment::Line { to: *p },
        });
        prev = Some(*p);
    }
    if closed {
        segments.push(Segment::Close);
    }
    Path {
        segments,
        stroke: Some(colour),
        fill: None,
        line_width: width,
        bbox: bbox.unwrap_or_default(),
    }
}
