//! Rules (table borders) from painted paths.
//!
//! Excel and Word draw borders in three ways, and all three must give the
//! same edges: stroked lines, thin filled rectangles, and stroked rectangle
//! outlines.

use super::Settings;
use crate::pdf::model::{Page, Path, Point, Rgb, Segment};
use serde::{Deserialize, Serialize};

/// Whether an edge runs across or down the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Runs left to right; `pos` is its y.
    Horizontal,
    /// Runs top to bottom; `pos` is its x.
    Vertical,
}

/// One straight rule, axis-aligned.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Direction.
    pub orientation: Orientation,
    /// y of a horizontal edge, x of a vertical one.
    pub pos: f64,
    /// Smaller coordinate along the edge.
    pub start: f64,
    /// Larger coordinate along the edge.
    pub end: f64,
}

impl Edge {
    /// Builds an edge, ordering its ends.
    pub fn new(orientation: Orientation, pos: f64, a: f64, b: f64) -> Self {
        Edge {
            orientation,
            pos,
            start: a.min(b),
            end: a.max(b),
        }
    }
    /// Length along the edge.
    pub fn length(&self) -> f64 {
        self.end - self.start
    }
}

/// White lines are invisible on paper; Excel draws them to hide gridlines.
fn is_white(c: Option<Rgb>) -> bool {
    matches!(c, Some(Rgb(r, g, b)) if r > 0.95 && g > 0.95 && b > 0.95)
}

/// Splits a path into subpaths of points, with a flag telling whether each
/// subpath was closed and whether it held any curve.
pub(crate) struct Subpath {
    pub points: Vec<Point>,
    pub closed: bool,
    pub curved: bool,
}

/// Flattens a path into subpaths; cubic curves are sampled so that later
/// geometry (mark fitting) can work on polygons.
pub(crate) fn subpaths(path: &Path) -> Vec<Subpath> {
    let mut out: Vec<Subpath> = Vec::new();
    let mut cur = Subpath {
        points: Vec::new(),
        closed: false,
        curved: false,
    };
    for seg in &path.segments {
        match *seg {
            Segment::Move { to } => {
                if cur.points.len() > 1 {
                    out.push(cur);
                }
                cur = Subpath {
                    points: vec![to],
                    closed: false,
                    curved: false,
                };
            }
            Segment::Line { to } => cur.points.push(to),
            Segment::Cubic { c1, c2, to } => {
                let p0 = cur.points.last().copied().unwrap_or(c1);
                for i in 1..=12 {
                    let t = i as f64 / 12.0;
                    let u = 1.0 - t;
                    let x = u * u * u * p0.x
                        + 3.0 * u * u * t * c1.x
                        + 3.0 * u * t * t * c2.x
                        + t * t * t * to.x;
                    let y = u * u * u * p0.y
                        + 3.0 * u * u * t * c1.y
                        + 3.0 * u * t * t * c2.y
                        + t * t * t * to.y;
                    cur.points.push(Point { x, y });
                }
                cur.curved = true;
            }
            Segment::Close => {
                cur.closed = true;
                if let Some(first) = cur.points.first().copied() {
                    cur.points.push(first);
                }
                if cur.points.len() > 1 {
                    out.push(cur);
                }
                // A Close leaves the current point at the subpath start.
                let start = out.last().and_then(|s| s.points.first().copied());
                cur = Subpath {
                    points: start.into_iter().collect(),
                    closed: false,
                    curved: false,
                };
            }
        }
    }
    if cur.points.len() > 1 {
        out.push(cur);
    }
    out
}

/// The axis-aligned edge a straight segment lies on, if it is one.
fn segment_edge(a: Point, b: Point, settings: &Settings) -> Option<Edge> {
    let (dx, dy) = ((b.x - a.x).abs(), (b.y - a.y).abs());
    if dy <= settings.axis_tolerance && dx >= settings.edge_min_length {
        Some(Edge::new(
            Orientation::Horizontal,
            (a.y + b.y) / 2.0,
            a.x,
            b.x,
        ))
    } else if dx <= settings.axis_tolerance && dy >= settings.edge_min_length {
        Some(Edge::new(
            Orientation::Vertical,
            (a.x + b.x) / 2.0,
            a.y,
            b.y,
        ))
    } else {
        None
    }
}

/// The box of a subpath when it is an axis-aligned rectangle.
fn as_rectangle(sp: &Subpath, settings: &Settings) -> Option<(f64, f64, f64, f64)> {
    if sp.curved {
        return None;
    }
    let mut pts: &[Point] = &sp.points;
    if let [f, .., l] = pts
        && (f.x - l.x).abs() <= settings.axis_tolerance
        && (f.y - l.y).abs() <= settings.axis_tolerance
    {
        pts = &pts[..pts.len() - 1];
    }
    if pts.len() != 4 {
        return None;
    }
    let tol = settings.axis_tolerance;
    for i in 0..4 {
        let (a, b) = (pts[i], pts[(i + 1) % 4]);
        if (a.x - b.x).abs() > tol && (a.y - b.y).abs() > tol {
            return None;
        }
    }
    let x0 = pts.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
    let x1 = pts.iter().map(|p| p.x).fold(f64::NEG_INFINITY, f64::max);
    let y0 = pts.iter().map(|p| p.y).fold(f64::INFINITY, f64::min);
    let y1 = pts.iter().map(|p| p.y).fold(f64::NEG_INFINITY, f64::max);
    if !(x0.is_finite() && x1.is_finite() && y0.is_finite() && y1.is_finite()) {
        return None;
    }
    Some((x0, y0, x1, y1))
}

/// Edges contributed by one path.
pub fn path_edges(path: &Path, settings: &Settings) -> Vec<Edge> {
    let mut out = Vec::new();
    let stroked = path.stroke.is_some() && !is_white(path.stroke);
    let filled = path.fill.is_some() && !is_white(path.fill);
    if !stroked && !filled {
        // nothing drawn in ink: no rule, and nothing to flatten
        return out;
    }
    for sp in subpaths(path) {
        if stroked {
            // Only straight runs between consecutive vertices: the sampled
            // points of curves are too short to pass the length filter.
            for w in sp.points.windows(2) {
                if let Some(e) = segment_edge(w[0], w[1], settings) {
                    out.push(e);
                }
            }
        }
        if filled && let Some((x0, y0, x1, y1)) = as_rectangle(&sp, settings) {
            let (w, h) = (x1 - x0, y1 - y0);
            if h <= settings.thin_rect_max && w >= settings.edge_min_length {
                out.push(Edge::new(Orientation::Horizontal, (y0 + y1) / 2.0, x0, x1));
            } else if w <= settings.thin_rect_max && h >= settings.edge_min_length {
                out.push(Edge::new(Orientation::Vertical, (x0 + x1) / 2.0, y0, y1));
            } else if settings.filled_rect_edges && w > settings.thin_rect_max {
                out.push(Edge::new(Orientation::Horizontal, y0, x0, x1));
                out.push(Edge::new(Orientation::Horizontal, y1, x0, x1));
                out.push(Edge::new(Orientation::Vertical, x0, y0, y1));
                out.push(Edge::new(Orientation::Vertical, x1, y0, y1));
            }
        }
    }
    out.retain(|e| e.pos.is_finite() && e.start.is_finite() && e.end.is_finite());
    out
}

/// All rules on a page, before snapping.
pub fn page_edges(page: &Page, settings: &Settings) -> Vec<Edge> {
    page.paths
        .iter()
        .flat_map(|p| path_edges(p, settings))
        .collect()
}
