//! A hayro `Device` that records glyphs, paths and image boxes instead of
//! rasterizing them.

use super::fonts::{FontInfo, FontTable, ProgramHashes, strip_subset_prefix};
use super::model::{Glyph, ImageBox, Path, Point, Rect, Rgb, Segment, TextSource};
use super::unicode::{UnicodeCache, bf_to_string, decode_code, is_unicode_encoding, usable};
use crate::text::unify;
use hayro_interpret::font::{Glyph as HGlyph, GlyphRun};
use hayro_interpret::hayro_cmap::WritingMode;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageDrawProps, Paint, SoftMask,
};
use std::collections::HashMap;

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
    fonts: &'c FontTable,
    cache: &'c mut UnicodeCache,
    hashes: &'c mut ProgramHashes,
    /// Font program cache key → what the dictionary says about it.
    font_by_program: HashMap<u128, Option<FontInfo>>,
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
        fonts: &'c FontTable,
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
            font_by_program: HashMap::new(),
            last_fill_run: None,
        }
    }

    fn font_info(&mut self, key: u128, data: &[u8], ps_name: Option<&str>) -> Option<FontInfo> {
        if let Some(known) = self.font_by_program.get(&key) {
            return known.clone();
        }
        let fonts = self.fonts;
        let found = fonts
            .by_program
            .get(&self.hashes.of_program(key, data))
            .or_else(|| ps_name.and_then(|n| fonts.by_name.get(strip_subset_prefix(n))))
            .cloned();
        self.font_by_program.insert(key, found.clone());
        found
    }
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

/// Converts a transformed kurbo path to page-space segments and its box.
fn segments_of(path: &BezPath) -> (Vec<Segment>, Rect) {
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
        let transformed = props.transform * path.clone();
        let (segments, bbox) = segments_of(&transformed);
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
        for pg in run.glyphs() {
            let full = props.transform * pg.transform();
            let (text, source, font_name, info, advance) = self.glyph_text(pg);
            let [a, b, c, d, e, f] = full.as_coeffs();
            let y_len = (c * c + d * d).sqrt();
            let x_len = (a * a + b * b).sqrt();
            if !(y_len.is_finite() && x_len.is_finite()) || y_len == 0.0 || x_len == 0.0 {
                continue;
            }
            // Unit x direction scaled like the y axis: undoes hayro's width
            // stretch of substituted fonts, so boxes follow the PDF's /W.
            let (ux, uy) = (a / x_len * y_len, b / x_len * y_len);
            let ascent = info
                .as_ref()
                .and_then(|i| i.ascent)
                .unwrap_or(DEFAULT_ASCENT);
            let descent = info
                .as_ref()
                .and_then(|i| i.descent)
                .unwrap_or(DEFAULT_DESCENT);
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
            let unified = unify(&text);
            let raw = (unified != text).then_some(text);
            self.glyphs.push(Glyph {
                text: unified,
                raw,
                bbox,
                size: y_len * 1000.0,
                font: font_name,
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
    /// Text, its source, the font's display name, its dictionary facts and the
    /// advance in 1/1000 em.
    fn glyph_text(
        &mut self,
        pg: &HGlyph<'_>,
    ) -> (String, TextSource, String, Option<FontInfo>, f64) {
        let from_hayro = pg.as_unicode().map(bf_to_string).and_then(usable);
        match pg {
            HGlyph::Outline(o) => {
                let data = o.font_data();
                let ps_name = data.as_ref().and_then(|d| d.postscript_name.clone());
                let info = match data.as_ref() {
                    Some(d) => {
                        let bytes: &[u8] = (*d.data).as_ref();
                        self.font_info(d.cache_key, bytes, ps_name.as_deref())
                    }
                    // hayro hides Type 1 programs; in these documents they are
                    // Latin standard fonts, so Helvetica's extent fits best.
                    None => Some(FontInfo {
                        ascent: Some(TYPE1_ASCENT),
                        descent: Some(TYPE1_DESCENT),
                        ..FontInfo::default()
                    }),
                };
                let name = info
                    .as_ref()
                    .map(|i| i.display_name.clone())
                    .filter(|n| !n.is_empty())
                    .or(ps_name)
                    .unwrap_or_default();
                let advance = f64::from(o.advance_width().unwrap_or(1000.0));
                if let Some(enc) = info.as_ref().and_then(|i| i.encoding.as_deref())
                    && is_unicode_encoding(enc)
                    && let Some(t) = decode_code(enc, o.char_code())
                {
                    return (t, TextSource::Encoding, name, info, advance);
                }
                if let Some(t) = from_hayro {
                    return (t, TextSource::ToUnicode, name, info, advance);
                }
                let gid = u16::try_from(o.glyph_id().to_u32()).unwrap_or(0);
                let program = data.as_ref().map(|d| (d.cache_key, (*d.data).as_ref()));
                match self
                    .cache
                    .recover(info.as_ref(), o.char_code(), gid, program)
                {
                    Some((t, s)) => (t, s, name, info, advance),
                    None => {
                        self.unknown_glyphs += 1;
                        ("\u{FFFD}".into(), TextSource::Unknown, name, info, advance)
                    }
                }
            }
            HGlyph::Type3(t3) => {
                let advance = f64::from(t3.advance_width().unwrap_or(500.0));
                match from_hayro {
                    Some(t) => (t, TextSource::ToUnicode, "Type3".into(), None, advance),
                    None => {
                        self.unknown_glyphs += 1;
                        (
                            "\u{FFFD}".into(),
                            TextSource::Unknown,
                            "Type3".into(),
                            None,
                            advance,
                        )
                    }
                }
            }
        }
    }
}
