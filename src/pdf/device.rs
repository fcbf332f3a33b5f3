//! A hayro `Device` that records glyphs, paths and image boxes instead of
//! rasterizing them.

use super::fonts::{FontInfo, FontTable, ProgramHashes};
use super::model::{Glyph, ImageBox, Path, Point, Rect, Rgb, Segment, TextSource};
use super::unicode::{UnicodeCache, bf_to_string, decode_code, is_unicode_encoding, usable};
use crate::text::{unify, unify_char};
use hayro_interpret::font::{FontData, Glyph as HGlyph, GlyphRun, PositionedGlyph};
use hayro_interpret::hayro_cmap::WritingMode;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageDrawProps, Paint, SoftMask,
};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Default em-box when the font descriptor gives no usable metrics: the
/// ideographic em box of Japanese fonts (0.88 above, 0.12 below the baseline).
const DEFAULT_ASCENT: f64 = 880.0;
const DEFAULT_DESCENT: f64 = -120.0;
/// Helvetica's ascender and descender (AFM), for Type 1 fonts.
const TYPE1_ASCENT: f64 = 718.0;
const TYPE1_DESCENT: f64 = -207.0;

/// Collects one page's content. Fonts are looked up in `fonts`, and costly
/// per-font work is kept in `cache` across pages.
pub struct Collector<'c> {
    /// Glyphs in content-stream order.
    pub glyphs: Vec<Glyph>,
    /// Painted paths.
    pub paths: Vec<Path>,
    /// Painted images.
    pub images: Vec<ImageBox>,
    /// Glyphs whose text could not be found, counted for a warning.
    pub unknown_glyphs: usize,
    fonts: &'c FontTable<'c>,
    cache: &'c mut UnicodeCache,
    hashes: &'c mut ProgramHashes,
    /// Font program cache key → what the dictionary says about it, and the
    /// name glyphs of that font carry (with the /BaseFont it was made for).
    font_by_program: FxHashMap<u128, KnownFont>,
    /// The extent of Type 1 fonts, whose programs hayro hides.
    type1: Arc<FontInfo>,
    /// Shared names: no name, and Type 3 fonts.
    no_name: Arc<str>,
    type3_name: Arc<str>,
    /// Identity of the last filled glyph run, to spot its stroke pass.
    last_fill_run: Option<(usize, u64, u64)>,
}

/// Glyph count and first glyph origin: enough to recognise the same run.
fn run_key(run: &GlyphRun<'_, '_>, props: &DrawProps<'_>) -> (usize, u64, u64) {
    let o = run
        .glyphs()
        .first()
        .map(|g| (props.transform * g.transform()).translation())
        .unwrap_or_default();
    (run.glyphs().len(), o.x.to_bits(), o.y.to_bits())
}

impl<'c> Collector<'c> {
    /// A collector for one page.
    pub fn new(
        fonts: &'c FontTable<'c>,
        cache: &'c mut UnicodeCache,
        hashes: &'c mut ProgramHashes,
    ) -> Self {
        Collector {
            glyphs: Vec::new(),
            paths: Vec::new(),
            images: Vec::new(),
            unknown_glyphs: 0,
            fonts,
            cache,
            hashes,
            font_by_program: FxHashMap::default(),
            // hayro hides Type 1 programs; in these documents they are
            // Latin standard fonts, so Helvetica's extent fits best.
            type1: Arc::new(FontInfo {
                ascent: Some(TYPE1_ASCENT),
                descent: Some(TYPE1_DESCENT),
                ..FontInfo::default()
            }),
            no_name: Arc::from(""),
            type3_name: Arc::from("Type3"),
            last_fill_run: None,
        }
    }

    /// The font of a glyph run, found once per run: a run is one
    /// text-showing operator, hence one font.
    fn run_font(&mut self, first: &HGlyph<'_>) -> RunFont {
        let HGlyph::Outline(o) = first else {
            return RunFont {
                info: None,
                name: self.type3_name.clone(),
                program: None,
            };
        };
        let Some(data) = o.font_data() else {
            return RunFont {
                info: Some(self.type1.clone()),
                name: self.no_name.clone(),
                program: None,
            };
        };
        let ps_name = data.postscript_name;
        let key = data.cache_key;
        if let Some((info, ps, name)) = self.font_by_program.get(&key)
            && *ps == ps_name
        {
            return RunFont {
                info: info.clone(),
                name: name.clone(),
                program: Some((key, data.data)),
            };
        }
        let info = match self.font_by_program.get(&key) {
            Some((info, _, _)) => info.clone(),
            None => {
                let bytes: &[u8] = (*data.data).as_ref();
                self.fonts
                    .resolve(self.hashes, key, bytes, ps_name.as_deref())
            }
        };
        let name: Arc<str> = match info.as_ref().map(|i| i.display_name.as_str()) {
            Some(n) if !n.is_empty() => Arc::from(n),
            _ => ps_name
                .as_deref()
                .map_or_else(|| self.no_name.clone(), Arc::from),
        };
        self.font_by_program
            .insert(key, (info.clone(), ps_name, name.clone()));
        RunFont {
            info,
            name,
            program: Some((key, data.data)),
        }
    }
}

/// A font program met on the page: what its dictionary says, the
/// /BaseFont it was met under, and the name its glyphs carry.
type KnownFont = (Option<Arc<FontInfo>>, Option<String>, Arc<str>);

/// What every glyph of one run shares.
struct RunFont {
    /// What the font dictionary says.
    info: Option<Arc<FontInfo>>,
    /// The name glyphs carry.
    name: Arc<str>,
    /// hayro's cache key and bytes of the embedded program.
    program: Option<(u128, FontData)>,
}

fn rgb_of(paint: &Paint<'_>) -> Rgb {
    match paint {
        Paint::Color(c) => {
            let [r, g, b, _] = c.to_rgba().components();
            Rgb(r, g, b)
        }
        // A pattern has no single colour; mid grey says "painted" honestly.
        Paint::Pattern(_) => Rgb(0.5, 0.5, 0.5),
    }
}

fn pt(p: hayro_interpret::kurbo::Point) -> Point {
    Point { x: p.x, y: p.y }
}

/// Converts a kurbo path, mapped by `t` point by point (no copy of the
/// path), to page-space segments and its box.
fn segments_of(path: &BezPath, t: Affine) -> (Vec<Segment>, Rect) {
    let pt = |p: hayro_interpret::kurbo::Point| pt(t * p);
    let mut segs = Vec::with_capacity(path.elements().len());
    let mut last = Point::default();
    let mut bbox: Option<Rect> = None;
    let mut grow = |p: Point| {
        let r = Rect::from_corners(p.x, p.y, p.x, p.y);
        bbox = Some(bbox.map_or(r, |b| b.union(&r)));
    };
    for el in path.elements() {
        match *el {
            PathEl::MoveTo(p) => {
                last = pt(p);
                grow(last);
                segs.push(Segment::Move { to: last });
            }
            PathEl::LineTo(p) => {
                last = pt(p);
                grow(last);
                segs.push(Segment::Line { to: last });
            }
            PathEl::QuadTo(q, p) => {
                // Raise to a cubic so later stages handle one curve kind.
                let (q, p) = (pt(q), pt(p));
                let c1 = Point {
                    x: last.x + 2.0 / 3.0 * (q.x - last.x),
                    y: last.y + 2.0 / 3.0 * (q.y - last.y),
                };
                let c2 = Point {
                    x: p.x + 2.0 / 3.0 * (q.x - p.x),
                    y: p.y + 2.0 / 3.0 * (q.y - p.y),
                };
                for c in [c1, c2, p] {
                    grow(c);
                }
                last = p;
                segs.push(Segment::Cubic { c1, c2, to: p });
            }
            PathEl::CurveTo(a, b, p) => {
                let (c1, c2, p) = (pt(a), pt(b), pt(p));
                for c in [c1, c2, p] {
                    grow(c);
                }
                last = p;
                segs.push(Segment::Cubic { c1, c2, to: p });
            }
            PathEl::ClosePath => segs.push(Segment::Close),
        }
    }
    (segs, bbox.unwrap_or_default())
}

/// Geometric mean scale of an affine map, for line widths.
fn scale_of(t: &Affine) -> f64 {
    let [a, b, c, d, _, _] = t.as_coeffs();
    (a * d - b * c).abs().sqrt()
}

impl<'a> Device<'a> for Collector<'_> {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, draw_mode: &DrawMode) {
        let (segments, bbox) = segments_of(path, props.transform);
        if segments.is_empty() {
            return;
        }
        let colour = rgb_of(&props.paint);
        let (fill, stroke, width) = match draw_mode {
            DrawMode::Fill(_) => (Some(colour), None, 0.0),
            DrawMode::Stroke(s) => (None, Some(colour), f64::from(s.line_width)),
            DrawMode::FillAndStroke(_, s) => (Some(colour), Some(colour), f64::from(s.line_width)),
            DrawMode::Invisible => return,
        };
        let line_width = width * scale_of(&props.transform);
        // `B`/`b` arrive as a fill then a stroke of the same path: keep one path.
        if let (Some(s), Some(prev)) = (stroke, self.paths.last_mut())
            && prev.stroke.is_none()
            && prev.segments == segments
        {
            prev.stroke = Some(s);
            prev.line_width = line_width;
            return;
        }
        self.paths.push(Path {
            segments,
            stroke,
            fill,
            line_width,
            bbox,
        });
    }

    fn push_clip_path(&mut self, _clip_path: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        // Fill-then-stroke text (render mode 2) reaches us twice; record it once.
        let key = run_key(run, &props);
        let repeat = matches!(mode, DrawMode::Stroke(_)) && self.last_fill_run == Some(key);
        self.last_fill_run = matches!(mode, DrawMode::Fill(_)).then_some(key);
        if repeat {
            return;
        }
        let vertical = run.writing_mode() == WritingMode::Vertical;
        let Some(first) = run.glyphs().first() else {
            return;
        };
        let font = self.run_font(first);
        // Sized for the run: a page of one huge run would otherwise carry
        // up to as much spare capacity as glyphs.
        self.glyphs.reserve(run.glyphs().len());
        for pg in run.glyphs() {
            let full = props.transform * pg.transform();
            let (text, source, advance) = self.glyph_text(pg, &font);
            let info = font.info.as_deref();
            let [a, b, c, d, e, f] = full.as_coeffs();
            let y_len = (c * c + d * d).sqrt();
            let x_len = (a * a + b * b).sqrt();
            if !(y_len.is_finite() && x_len.is_finite()) || y_len == 0.0 || x_len == 0.0 {
                continue;
            }
            // Unit x direction scaled like the y axis: undoes hayro's width
            // stretch of substituted fonts, so boxes follow the PDF's /W.
            let (ux, uy) = (a / x_len * y_len, b / x_len * y_len);
            let ascent = info.and_then(|i| i.ascent).unwrap_or(DEFAULT_ASCENT);
            let descent = info.and_then(|i| i.descent).unwrap_or(DEFAULT_DESCENT);
            let (w, lo, hi) = if vertical {
                (1000.0, DEFAULT_DESCENT, DEFAULT_ASCENT)
            } else {
                (advance, descent, ascent)
            };
            let corner = |x: f64, y: f64| (e + ux * x + c * y, f + uy * x + d * y);
            let pts = [
                corner(0.0, lo),
                corner(w, lo),
                corner(0.0, hi),
                corner(w, hi),
            ];
            let mut bbox = Rect::from_corners(pts[0].0, pts[0].1, pts[0].0, pts[0].1);
            for p in &pts[1..] {
                bbox = bbox.union(&Rect::from_corners(p.0, p.1, p.0, p.1));
            }
            // Most glyphs need no mapping: keep their string, copy nothing.
            let (text, raw) = if text.chars().all(|c| unify_char(c) == Some(c)) {
                (text, None)
            } else {
                (unify(&text), Some(text))
            };
            self.glyphs.push(Glyph {
                text,
                raw,
                bbox,
                size: y_len * 1000.0,
                font: font.name.clone(),
                vertical,
                source,
                invisible: matches!(mode, DrawMode::Invisible),
            });
        }
    }

    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        let (w, h) = (image.width(), image.height());
        let t = props.transform;
        let corners = [
            (0.0, 0.0),
            (f64::from(w), 0.0),
            (0.0, f64::from(h)),
            (f64::from(w), f64::from(h)),
        ];
        let mut bbox: Option<Rect> = None;
        for (x, y) in corners {
            let p = t * hayro_interpret::kurbo::Point::new(x, y);
            let r = Rect::from_corners(p.x, p.y, p.x, p.y);
            bbox = Some(bbox.map_or(r, |b| b.union(&r)));
        }
        if let Some(bbox) = bbox {
            self.images.push(ImageBox {
                bbox,
                pixel_width: w,
                pixel_height: h,
            });
        }
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

impl Collector<'_> {
    /// Text, its source and the advance in 1/1000 em.
    fn glyph_text(
        &mut self,
        pg: &PositionedGlyph<'_>,
        font: &RunFont,
    ) -> (String, TextSource, f64) {
        // hayro's own mapping, asked only when the encoding does not settle it.
        let from_hayro = || pg.as_unicode().map(bf_to_string).and_then(usable);
        match &**pg {
            HGlyph::Outline(o) => {
                let info = font.info.as_deref();
                let advance = f64::from(o.advance_width().unwrap_or(1000.0));
                if let Some(enc) = info.and_then(|i| i.encoding.as_deref())
                    && is_unicode_encoding(enc)
                    && let Some(t) = decode_code(enc, o.char_code())
                {
                    return (t, TextSource::Encoding, advance);
                }
                if let Some(t) = from_hayro() {
                    return (t, TextSource::ToUnicode, advance);
                }
                let gid = u16::try_from(o.glyph_id().to_u32()).unwrap_or(0);
                let program = font.program.as_ref().map(|(k, d)| (*k, (**d).as_ref()));
                match self.cache.recover(info, o.char_code(), gid, program) {
                    Some((t, s)) => (t, s, advance),
                    None => {
                        self.unknown_glyphs += 1;
                        ("\u{FFFD}".into(), TextSource::Unknown, advance)
                    }
                }
            }
            HGlyph::Type3(t3) => {
                let advance = f64::from(t3.advance_width().unwrap_or(500.0));
                match from_hayro() {
                    Some(t) => (t, TextSource::ToUnicode, advance),
                    None => {
                        self.unknown_glyphs += 1;
                        ("\u{FFFD}".into(), TextSource::Unknown, advance)
                    }
                }
            }
        }
    }
}
