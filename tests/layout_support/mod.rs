//! Hand-built pages for the layout and report tests: rules drawn the three
//! ways Excel and Word draw them, glyphs laid out like a cell would wrap
//! them, and ovals as Bézier paths.
#![allow(dead_code)]

use shinchoku::pdf::model::{Glyph, Page, Path, Point, Rect, Rgb, Segment, TextSource};

/// Builds a page step by step.
pub struct PageBuilder {
    pub page: Page,
}

/// Advance of one character: full width for CJK, half for ASCII.
pub fn advance(c: char, size: f64) -> f64 {
    if c.is_ascii() { size * 0.5 } else { size }
}

fn p(x: f64, y: f64) -> Point {
    Point { x, y }
}

fn bbox_of(segs: &[Segment]) -> Rect {
    let mut pts = Vec::new();
    for s in segs {
        match *s {
            Segment::Move { to } | Segment::Line { to } => pts.push(to),
            Segment::Cubic { c1, c2, to } => pts.extend([c1, c2, to]),
            Segment::Close => {}
        }
    }
    let mut r = Rect::from_corners(pts[0].x, pts[0].y, pts[0].x, pts[0].y);
    for q in pts {
        r = r.union(&Rect::from_corners(q.x, q.y, q.x, q.y));
    }
    r
}

impl PageBuilder {
    /// An empty landscape A4 page.
    pub fn new(number: usize) -> Self {
        PageBuilder {
            page: Page {
                number,
                width: 842.0,
                height: 595.0,
                rotate: 0,
                glyphs: Vec::new(),
                paths: Vec::new(),
                images: Vec::new(),
            },
        }
    }

    fn glyph(&mut self, c: char, bbox: Rect, size: f64, vertical: bool) {
        self.page.glyphs.push(Glyph {
            text: c.to_string(),
            raw: None,
            bbox,
            size,
            font: "MS-Mincho".into(),
            vertical,
            source: TextSource::ToUnicode,
            invisible: false,
        });
    }

    /// One horizontal run of text with its top-left corner at (x, y).
    pub fn text(&mut self, x: f64, y: f64, size: f64, s: &str) -> &mut Self {
        let mut cx = x;
        for c in s.chars() {
            let w = advance(c, size);
            self.glyph(c, Rect::from_corners(cx, y, cx + w, y + size), size, false);
            cx += w;
        }
        self
    }

    /// One vertical run of text (top to bottom) with its top-left corner at (x, y).
    pub fn vtext(&mut self, x: f64, y: f64, size: f64, s: &str) -> &mut Self {
        let mut cy = y;
        for c in s.chars() {
            self.glyph(
                c,
                Rect::from_corners(x, cy, x + size, cy + size),
                size,
                true,
            );
            cy += size;
        }
        self
    }

    /// Lays text into a cell the way a spreadsheet wraps it: padding 2pt,
    /// a line breaks when the next character does not fit, `\n` forces a
    /// break. Returns the y below the last line.
    pub fn cell_text(&mut self, cell: Rect, size: f64, s: &str) -> f64 {
        let (left, right) = (cell.x0 + 2.0, cell.x1 - 2.0);
        let mut y = cell.y0 + 2.0;
        for para in s.split('\n') {
            let mut x = left;
            for c in para.chars() {
                let w = advance(c, size);
                if x + w > right {
                    x = left;
                    y += size * 1.2;
                }
                self.glyph(c, Rect::from_corners(x, y, x + w, y + size), size, false);
                x += w;
            }
            y += size * 1.2;
        }
        y
    }

    fn push(&mut self, segments: Vec<Segment>, stroke: Option<Rgb>, fill: Option<Rgb>, w: f64) {
        let bbox = bbox_of(&segments);
        self.page.paths.push(Path {
            segments,
            stroke,
            fill,
            line_width: w,
            bbox,
        });
    }

    /// A stroked black line.
    pub fn line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) -> &mut Self {
        self.push(
            vec![
                Segment::Move { to: p(x0, y0) },
                Segment::Line { to: p(x1, y1) },
            ],
            Some(Rgb(0.0, 0.0, 0.0)),
            None,
            0.5,
        );
        self
    }

    /// A filled black rectangle (a border drawn as a thin rect).
    pub fn fill_rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) -> &mut Self {
        self.push(
            rect_segs(x0, y0, x1, y1),
            None,
            Some(Rgb(0.0, 0.0, 0.0)),
            0.0,
        );
        self
    }

    /// A stroked rectangle outline (`re S`).
    pub fn stroke_rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64) -> &mut Self {
        self.push(
            rect_segs(x0, y0, x1, y1),
            Some(Rgb(0.0, 0.0, 0.0)),
            None,
            0.5,
        );
        self
    }

    /// A full grid of stroked lines.
    pub fn grid(&mut self, xs: &[f64], ys: &[f64]) -> &mut Self {
        let (x0, x1) = (xs[0], xs[xs.len() - 1]);
        let (y0, y1) = (ys[0], ys[ys.len() - 1]);
        for &y in ys {
            self.line(x0, y, x1, y);
        }
        for &x in xs {
            self.line(x, y0, x, y1);
        }
        self
    }

    /// A stroked ellipse made of four Bézier curves, in red.
    pub fn ellipse(&mut self, cx: f64, cy: f64, rx: f64, ry: f64) -> &mut Self {
        let k = 0.5523;
        let segs = vec![
            Segment::Move { to: p(cx + rx, cy) },
            Segment::Cubic {
                c1: p(cx + rx, cy + k * ry),
                c2: p(cx + k * rx, cy + ry),
                to: p(cx, cy + ry),
            },
            Segment::Cubic {
                c1: p(cx - k * rx, cy + ry),
                c2: p(cx - rx, cy + k * ry),
                to: p(cx - rx, cy),
            },
            Segment::Cubic {
                c1: p(cx - rx, cy - k * ry),
                c2: p(cx - k * rx, cy - ry),
                to: p(cx, cy - ry),
            },
            Segment::Cubic {
                c1: p(cx + k * rx, cy - ry),
                c2: p(cx + rx, cy - k * ry),
                to: p(cx + rx, cy),
            },
            Segment::Close,
        ];
        self.push(segs, Some(Rgb(1.0, 0.0, 0.0)), None, 1.0);
        self
    }

    /// A closed polygon of `n` straight segments around an ellipse, the way
    /// LibreOffice Writer exports an oval drawn with its polygon tool
    /// (coordinates rounded to 0.05 pt as Writer writes them).
    pub fn polygon(&mut self, cx: f64, cy: f64, rx: f64, ry: f64, n: usize) -> &mut Self {
        let round = |v: f64| (v * 20.0).round() / 20.0;
        let mut segs = Vec::new();
        for i in 0..=n {
            let a = std::f64::consts::TAU * i as f64 / n as f64;
            let pt = p(round(cx + rx * a.cos()), round(cy + ry * a.sin()));
            segs.push(if i == 0 {
                Segment::Move { to: pt }
            } else {
                Segment::Line { to: pt }
            });
        }
        segs.push(Segment::Close);
        self.push(segs, Some(Rgb(0.8, 0.0, 0.0)), None, 0.85);
        self
    }

    /// An open freehand loop: a polyline around an ellipse that stops short
    /// of its start by `gap_deg` degrees, with a little wobble.
    pub fn freehand(&mut self, cx: f64, cy: f64, rx: f64, ry: f64, gap_deg: f64) -> &mut Self {
        let n = 40;
        let sweep = (360.0 - gap_deg).to_radians();
        let mut segs = Vec::new();
        for i in 0..=n {
            let a = sweep * i as f64 / n as f64;
            let wob = 1.0 + 0.04 * ((i * 7 % 5) as f64 - 2.0) / 2.0;
            let pt = p(cx + rx * wob * a.cos(), cy + ry * wob * a.sin());
            segs.push(if i == 0 {
                Segment::Move { to: pt }
            } else {
                Segment::Line { to: pt }
            });
        }
        self.push(segs, Some(Rgb(0.0, 0.0, 1.0)), None, 1.0);
        self
    }

    /// A loop drawn as one path per straight segment (shuffled order), the
    /// way some drawing tools write freehand strokes.
    pub fn segment_paths(&mut self, cx: f64, cy: f64, rx: f64, ry: f64) -> &mut Self {
        let n = 24;
        let pt = |i: usize| {
            let a = std::f64::consts::TAU * i as f64 / n as f64;
            p(cx + rx * a.cos(), cy + ry * a.sin())
        };
        for k in 0..n {
            // Odd pieces drawn backwards, and in an interleaved order.
            let i = (k * 7) % n;
            let (a, b) = if i % 2 == 0 {
                (pt(i), pt(i + 1))
            } else {
                (pt(i + 1), pt(i))
            };
            self.push(
                vec![Segment::Move { to: a }, Segment::Line { to: b }],
                Some(Rgb(1.0, 0.0, 0.0)),
                None,
                1.0,
            );
        }
        self
    }

    /// An ellipse drawn as two separate open half-arcs.
    pub fn half_arcs(&mut self, cx: f64, cy: f64, rx: f64, ry: f64) -> &mut Self {
        let k = 0.5523;
        let top = vec![
            Segment::Move { to: p(cx + rx, cy) },
            Segment::Cubic {
                c1: p(cx + rx, cy - k * ry),
                c2: p(cx + k * rx, cy - ry),
                to: p(cx, cy - ry),
            },
            Segment::Cubic {
                c1: p(cx - k * rx, cy - ry),
                c2: p(cx - rx, cy - k * ry),
                to: p(cx - rx, cy),
            },
        ];
        let bottom = vec![
            Segment::Move { to: p(cx + rx, cy) },
            Segment::Cubic {
                c1: p(cx + rx, cy + k * ry),
                c2: p(cx + k * rx, cy + ry),
                to: p(cx, cy + ry),
            },
            Segment::Cubic {
                c1: p(cx - k * rx, cy + ry),
                c2: p(cx - rx, cy + k * ry),
                to: p(cx - rx, cy),
            },
        ];
        self.push(top, Some(Rgb(0.0, 0.0, 0.0)), None, 1.0);
        self.push(bottom, Some(Rgb(0.0, 0.0, 0.0)), None, 1.0);
        self
    }

    /// The finished page.
    pub fn build(&self) -> Page {
        self.page.clone()
    }
}

fn rect_segs(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<Segment> {
    vec![
        Segment::Move { to: p(x0, y0) },
        Segment::Line { to: p(x1, y0) },
        Segment::Line { to: p(x1, y1) },
        Segment::Line { to: p(x0, y1) },
        Segment::Close,
    ]
}

/// A rectangle.
pub fn r(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
    Rect { x0, y0, x1, y1 }
}

/// The box of the first occurrence of `word` among the page's glyphs
/// (single-character glyphs, in drawing order).
pub fn word_box(page: &Page, word: &str) -> Option<Rect> {
    let chars: Vec<char> = word.chars().collect();
    let g = &page.glyphs;
    (0..g.len()).find_map(|i| {
        if i + chars.len() > g.len() {
            return None;
        }
        let ok = chars
            .iter()
            .enumerate()
            .all(|(k, c)| g[i + k].text == c.to_string());
        ok.then(|| {
            g[i..i + chars.len()]
                .iter()
                .fold(g[i].bbox, |a, b| a.union(&b.bbox))
        })
    })
}

/// The box of the n-th (0-based) occurrence of `word`.
pub fn nth_word_box(page: &Page, word: &str, n: usize) -> Option<Rect> {
    let chars: Vec<char> = word.chars().collect();
    let g = &page.glyphs;
    (0..g.len())
        .filter_map(|i| {
            if i + chars.len() > g.len() {
                return None;
            }
            let ok = chars
                .iter()
                .enumerate()
                .all(|(k, c)| g[i + k].text == c.to_string());
            ok.then(|| {
                g[i..i + chars.len()]
                    .iter()
                    .fold(g[i].bbox, |a, b| a.union(&b.bbox))
            })
        })
        .nth(n)
}
