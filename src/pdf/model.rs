//! The page model: what the PDF layer hands to every later stage.
//!
//! Coordinates are in PDF points with a top-left origin, as the page is seen
//! after /Rotate, so that later stages never need to know about PDF space.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// An axis-aligned box in page space (top-left origin, y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Rect {
    /// Builds a rectangle from any two corners, ordering them.
    pub fn from_corners(ax: f64, ay: f64, bx: f64, by: f64) -> Self {
        Rect {
            x0: ax.min(bx),
            y0: ay.min(by),
            x1: ax.max(bx),
            y1: ay.max(by),
        }
    }
    /// Width in points.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    /// Height in points.
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    /// Horizontal centre.
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    /// Vertical centre.
    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
    /// Area of the overlap with `other` (0 when disjoint).
    pub fn intersection_area(&self, other: &Rect) -> f64 {
        let w = self.x1.min(other.x1) - self.x0.max(other.x0);
        let h = self.y1.min(other.y1) - self.y0.max(other.y0);
        if w <= 0.0 || h <= 0.0 { 0.0 } else { w * h }
    }
    /// Smallest box holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
    /// Whether the point lies inside (edges included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }
}

/// A point in page space.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Point {
    /// Horizontal position.
    pub x: f64,
    /// Vertical position (downwards).
    pub y: f64,
}

/// How the Unicode text of a glyph was found; later stages lower their
/// confidence for the weaker sources, and `dump` shows it to developers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSource {
    /// The font's /ToUnicode CMap, or hayro's own lookup (glyph names, the
    /// predefined UCS2 CMap of a non-embedded CID font).
    ToUnicode,
    /// Raw character codes decoded from the font's predefined CMap encoding
    /// (Shift_JIS, EUC-JP, JIS X 0208, UTF-16BE).
    Encoding,
    /// A CID mapped through the registry's Adobe-Japan1 UCS2 table.
    CidCollection,
    /// The embedded font's own cmap table, inverted (glyph id → Unicode).
    FontCmap,
    /// Nothing worked: the text is U+FFFD.
    Unknown,
    /// Read from a scanned page's image by OCR (`raster`, feature `ocr`).
    Ocr,
}

/// One drawn character.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Glyph {
    /// Unicode text after the deliberate, safe mappings (Kangxi radicals and
    /// compatibility ideographs to unified ideographs, variation selectors
    /// dropped). Usually one character; ligatures can give more.
    pub text: String,
    /// The text exactly as the font's mapping gave it, when it differs from
    /// `text`; kept so that nothing is silently rewritten.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub raw: Option<String>,
    /// The glyph's box: advance × (ascent..descent) for horizontal text,
    /// em width × advance for vertical text.
    pub bbox: Rect,
    /// Effective font size in points (text matrix and CTM applied).
    pub size: f64,
    /// Font name without its subset prefix, shared by the glyphs of a font.
    pub font: Arc<str>,
    /// True when the font writes top to bottom (an -V CMap).
    pub vertical: bool,
    /// Where `text` came from.
    pub source: TextSource,
    /// True for text drawn invisibly (render mode 3), e.g. an OCR layer.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub invisible: bool,
}

/// One segment of a path, in page space.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Segment {
    /// Starts a new subpath.
    Move {
        /// Target point.
        to: Point,
    },
    /// A straight line.
    Line {
        /// Target point.
        to: Point,
    },
    /// A cubic Bézier curve (quadratics are raised to cubics).
    Cubic {
        /// First control point.
        c1: Point,
        /// Second control point.
        c2: Point,
        /// End point.
        to: Point,
    },
    /// Closes the current subpath.
    Close,
}

/// An RGB colour with components in 0..1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rgb(pub f32, pub f32, pub f32);

/// One painted path (a table border, a cell fill, an oval).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Path {
    /// Segments in page space.
    pub segments: Vec<Segment>,
    /// Stroke colour, when the path is stroked.
    pub stroke: Option<Rgb>,
    /// Fill colour, when the path is filled.
    pub fill: Option<Rgb>,
    /// Stroke width in points (scaled by the CTM); 0 when not stroked.
    pub line_width: f64,
    /// Bounding box of the segments' points.
    pub bbox: Rect,
}

/// Where an image is painted; needed to tell a scan from a text page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageBox {
    /// The image's box on the page.
    pub bbox: Rect,
    /// Pixel width as stored in the PDF.
    pub pixel_width: u32,
    /// Pixel height as stored in the PDF.
    pub pixel_height: u32,
}

/// One page as seen, with /Rotate applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number.
    pub number: usize,
    /// Width in points after rotation.
    pub width: f64,
    /// Height in points after rotation.
    pub height: f64,
    /// The /Rotate value that was applied (0, 90, 180 or 270).
    pub rotate: u32,
    /// Glyphs in content-stream order.
    pub glyphs: Vec<Glyph>,
    /// Painted paths in content-stream order (clip-only paths are omitted).
    pub paths: Vec<Path>,
    /// Painted images.
    pub images: Vec<ImageBox>,
}

/// A whole document's page model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Number of pages in the file.
    pub page_count: usize,
    /// The pages that were asked for.
    pub pages: Vec<Page>,
    /// Non-fatal problems met while reading (unsupported font, bad image …).
    pub warnings: Vec<String>,
    /// Content hayro will not draw (forms nested past its depth), also in
    /// `warnings`; kept apart so that a page left without text says why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}
