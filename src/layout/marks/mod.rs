//! Circled choices: candidate marks (closed or nearly closed curves that are
//! not part of the grid, and large ○ glyphs drawn over words) and their fit.
//! Which word a mark chooses is the report stage's reading
//! (`report::decision`), since the words are its vocabulary.

mod decision;

pub use decision::{DECISION_CODES, Decision, DecisionMarkKind, DecisionValue};

use super::Settings;
use super::cell_text::{PlacedGlyph, median};
use super::ruling::subpaths;
use super::tables::Table;
use crate::pdf::model::{Page, Point, Rect, Rgb};
use serde::{Deserialize, Serialize};

/// How a mark was drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// A vector path: Bézier ellipse, polyline or freehand loop.
    Path,
    /// A large ○/◯ glyph printed over the word.
    Glyph,
    /// A pen loop found on a scanned page's image.
    Pen,
}

/// One candidate mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    /// How it was drawn.
    pub kind: MarkKind,
    /// Its box.
    pub bbox: Rect,
    /// The outline as a polygon (implicitly closed).
    pub polygon: Vec<Point>,
    /// Gap between the loop's ends relative to its larger side: 0 for a
    /// closed shape.
    pub opening: f64,
    /// The ellipse fitted to the outline (None for a degenerate one).
    pub fit: Option<Ellipse>,
    /// Table (index into `PageLayout::tables`) holding most of the mark.
    pub table: Option<usize>,
    /// Grid row holding most of the mark.
    pub row: Option<usize>,
    /// Grid column holding most of the mark.
    pub col: Option<usize>,
}

/// Glyphs that are drawn as marks when they sit over other text.
fn is_circle_glyph(s: &str) -> bool {
    matches!(s, "○" | "◯" | "⭕" | "〇")
}

/// An ellipse inscribed in a box, as a polygon.
fn ellipse(r: &Rect) -> Vec<Point> {
    (0..32)
        .map(|i| {
            let a = i as f64 / 32.0 * std::f64::consts::TAU;
            Point {
                x: r.cx() + r.width() / 2.0 * a.cos(),
                y: r.cy() + r.height() / 2.0 * a.sin(),
            }
        })
        .collect()
}

/// Splits off the ○ glyphs whose box holds the centre of another glyph
/// (a circle printed over a word) and returns them as marks; a ○ used as a
/// bullet or as text stays a glyph.
pub fn glyph_marks(glyphs: Vec<PlacedGlyph>) -> (Vec<PlacedGlyph>, Vec<Mark>) {
    let centres: Vec<(f64, f64)> = glyphs.iter().map(|g| (g.bbox.cx(), g.bbox.cy())).collect();
    let points: Vec<Rect> = centres
        .iter()
        .map(|&(x, y)| Rect::from_corners(x, y, x, y))
        .collect();
    // Only a ○ glyph asks the index; most pages have none.
    let index = glyphs
        .iter()
        .any(|g| is_circle_glyph(&g.text))
        .then(|| super::spatial::BoxGrid::new(&points));
    let over: Vec<bool> = glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            is_circle_glyph(&g.text)
                && index.as_ref().is_some_and(|index| {
                    index.near(&g.bbox).into_iter().any(|j| {
                        let Some(&(x, y)) = centres.get(j) else {
                            return false;
                        };
                        j != i && !is_circle_glyph(&glyphs[j].text) && g.bbox.contains(x, y)
                    })
                })
        })
        .collect();
    let mut keep = Vec::with_capacity(glyphs.len());
    let mut marks = Vec::new();
    // Glyphs are moved on, not copied: a page can hold a million of them.
    for (g, over_text) in glyphs.into_iter().zip(over) {
        if over_text {
            marks.push(Mark {
                kind: MarkKind::Glyph,
                bbox: g.bbox,
                polygon: ellipse(&g.bbox),
                opening: 0.0,
                fit: Some(Ellipse {
                    cx: g.bbox.cx(),
                    cy: g.bbox.cy(),
                    rx: g.bbox.width() / 2.0,
                    ry: g.bbox.height() / 2.0,
                    angle: 0.0,
                }),
                table: None,
                row: None,
                col: None,
            });
        } else {
            keep.push(g);
        }
    }
    (keep, marks)
}

/// White strokes are invisible on paper.
fn is_white(c: Option<Rgb>) -> bool {
    matches!(c, Some(Rgb(r, g, b)) if r > 0.95 && g > 0.95 && b > 0.95)
}

/// Limits that make a polygon a plausible mark.
struct Limits {
    min: f64,
    max_w: f64,
    max_h: f64,
    closure: f64,
}

/// The mark a polygon makes, if it is the right size and closed or nearly so.
fn candidate(pts: &[Point], closed: bool, lim: &Limits) -> Option<Mark> {
    let first = *pts.first()?;
    let last = *pts.last()?;
    let bbox = pts.iter().fold(
        Rect::from_corners(first.x, first.y, first.x, first.y),
        |b, p| b.union(&Rect::from_corners(p.x, p.y, p.x, p.y)),
    );
    let (w, h) = (bbox.width(), bbox.height());
    if w < lim.min || h < lim.min || w > lim.max_w || h > lim.max_h {
        return None;
    }
    let opening = if closed {
        0.0
    } else {
        ((first.x - last.x).powi(2) + (first.y - last.y).powi(2)).sqrt() / w.max(h)
    };
    (opening <= lim.closure).then(|| Mark {
        kind: MarkKind::Path,
        bbox,
        polygon: pts.to_vec(),
        opening,
        fit: fit_ellipse(pts),
        table: None,
        row: None,
        col: None,
    })
}

/// Whether a segment is neither horizontal nor vertical.
fn is_diagonal(a: Point, b: Point, tol: f64) -> bool {
    (a.x - b.x).abs() > tol && (a.y - b.y).abs() > tol
}

/// Length of a polyline, and the part of it that runs more than about 5°
/// off both axes (by angle, so that finely sampled curves count).
fn lengths(pts: &[Point]) -> (f64, f64) {
    pts.windows(2).fold((0.0, 0.0), |(all, diag), w| {
        let (dx, dy) = ((w[0].x - w[1].x).abs(), (w[0].y - w[1].y).abs());
        let l = (dx * dx + dy * dy).sqrt();
        let off_axis = dx.min(dy) > 0.087 * dx.max(dy);
        (all + l, diag + if off_axis { l } else { 0.0 })
    })
}

/// Whether a straight-segment polyline is a drawn loop (an oval exported as
/// a polygon, a freehand ring) rather than rule work: many vertices, most of
/// its length off both axes.
fn is_drawn_loop(pts: &[Point]) -> bool {
    if pts.len() < 8 {
        return false;
    }
    let (all, diag) = lengths(pts);
    all > 0.0 && diag >= 0.5 * all
}

/// Joins open strokes whose ends meet into longer chains: some producers
/// write a freehand loop as one path per segment.
fn chain(mut frags: Vec<Vec<Point>>, tol: f64) -> Vec<Vec<Point>> {
    let near = |a: Point, b: Point| (a.x - b.x).abs() <= tol && (a.y - b.y).abs() <= tol;
    let mut out = Vec::new();
    while let Some(mut cur) = frags.pop() {
        while let (Some(&start), Some(&end)) = (cur.first(), cur.last()) {
            let hit = frags.iter().position(|f| {
                let (Some(&a), Some(&b)) = (f.first(), f.last()) else {
                    return false;
                };
                near(a, end) || near(b, end) || near(a, start) || near(b, start)
            });
            let Some(k) = hit else { break };
            let mut f = frags.swap_remove(k);
            let (Some(&a), Some(&b)) = (f.first(), f.last()) else {
                continue;
            };
            if near(a, end) {
                cur.extend(f.into_iter().skip(1));
            } else if near(b, end) {
                f.reverse();
                cur.extend(f.into_iter().skip(1));
            } else if near(b, start) {
                f.pop();
                f.extend(cur);
                cur = f;
            } else {
                f.reverse();
                f.pop();
                f.extend(cur);
                cur = f;
            }
        }
        out.push(cur);
    }
    out
}

/// Candidate marks among the page's paths: curved or many-sided subpaths,
/// closed or nearly so, of a plausible size, and chains of separately drawn
/// strokes that close into a loop. Pure rule work (axis-aligned polylines)
/// is never a mark.
pub fn path_marks(page: &Page, settings: &Settings) -> Vec<Mark> {
    path_marks_sized(page, text_size(&page.glyphs), settings)
}

/// The median font size of a page's glyphs, which scales what
/// [`path_marks_sized`] takes for a mark.
pub fn text_size(glyphs: &[crate::pdf::model::Glyph]) -> f64 {
    median(
        glyphs
            .iter()
            .map(|g| g.size)
            .filter(|s| s.is_finite())
            .collect(),
    )
}

/// [`path_marks`] with the page's text size given, for a caller that has
/// already moved the glyphs out of the page.
pub fn path_marks_sized(page: &Page, text_size: f64, settings: &Settings) -> Vec<Mark> {
    let lim = Limits {
        min: settings.mark_min_size,
        max_w: page.width.abs() * settings.mark_max_page_fraction,
        max_h: page.height.abs() * settings.mark_max_page_fraction,
        closure: settings.mark_closure_ratio,
    };
    let tol = settings.axis_tolerance;
    let mut out = Vec::new();
    let mut fragments: Vec<Vec<Point>> = Vec::new();
    for path in &page.paths {
        let stroked = path.stroke.is_some() && !is_white(path.stroke);
        let filled = path.fill.is_some() && !is_white(path.fill);
        if !stroked && !filled {
            continue;
        }
        for sp in subpaths(path) {
            let pts = &sp.points;
            if pts.len() < 2 || pts.iter().any(|p| !p.x.is_finite() || !p.y.is_finite()) {
                continue;
            }
            let diagonal = pts.windows(2).any(|w| is_diagonal(w[0], w[1], tol));
            // A finely segmented polygon (Writer's polygon ovals: 40 steps
            // of a point or so) has no single step off both axes by more
            // than the tolerance; its direction changes tell it instead.
            let shaped = sp.curved || (diagonal && pts.len() >= 6) || is_drawn_loop(pts);
            let mark = shaped.then(|| candidate(pts, sp.closed, &lim)).flatten();
            // Filled-only small curves are glyph outlines, not marks.
            let glyph_like = !stroked
                && mark
                    .as_ref()
                    .is_some_and(|m| m.bbox.width().max(m.bbox.height()) < 2.0 * text_size);
            match mark {
                Some(m) if !glyph_like => out.push(m),
                _ if stroked && !sp.closed && fragments.len() < 3000 => {
                    let (all, _) = lengths(pts);
                    // Long straight strokes are rules, not pieces of a loop.
                    if diagonal || sp.curved || all < 2.0 * text_size.max(5.0) {
                        fragments.push(pts.clone());
                    }
                }
                _ => {}
            }
        }
    }
    for c in chain(fragments, 1.5) {
        let (all, diag) = lengths(&c);
        // A chain of mostly straight rule pieces is a box, not a loop.
        if c.len() >= 6
            && diag >= 0.5 * all
            && let Some(m) = candidate(&c, false, &lim)
        {
            out.push(m);
        }
    }
    out
}

/// Index of the band (between consecutive borders) overlapping [a, b] most.
fn best_band(borders: &[f64], a: f64, b: f64) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, w) in borders.windows(2).enumerate() {
        let ov = b.min(w[1]) - a.max(w[0]);
        if ov > 0.0 && best.is_none_or(|(_, o)| ov > o) {
            best = Some((i, ov));
        }
    }
    best.map(|(i, _)| i)
}

/// Gives each mark the table, row and column holding most of it, so that a
/// mark spilling over a cell border belongs to the row it mostly covers.
pub fn assign_marks(marks: &mut [Mark], tables: &[Table]) {
    for m in marks {
        let mut best: Option<(usize, f64)> = None;
        for (ti, t) in tables.iter().enumerate() {
            let a = t.bbox.intersection_area(&m.bbox);
            if a > 0.0 && best.is_none_or(|(_, b)| a > b) {
                best = Some((ti, a));
            }
        }
        if let Some((ti, _)) = best {
            let t = &tables[ti];
            m.table = Some(ti);
            m.row = best_band(&t.ys, m.bbox.y0, m.bbox.y1);
            m.col = best_band(&t.xs, m.bbox.x0, m.bbox.x1);
        }
    }
}

/// An ellipse fitted to a mark: centre, semi-axes and the angle (radians,
/// from the x axis) of the first axis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ellipse {
    /// Centre x.
    pub cx: f64,
    /// Centre y.
    pub cy: f64,
    /// Semi-axis along `angle`.
    pub rx: f64,
    /// Semi-axis across `angle`.
    pub ry: f64,
    /// Rotation of the first axis.
    pub angle: f64,
}

/// Fits an ellipse to a closed (or implicitly closed) polygon from its area
/// moments, which an ellipse reproduces exactly; `None` for a degenerate
/// outline.
pub fn fit_ellipse(poly: &[Point]) -> Option<Ellipse> {
    let n = poly.len();
    if n < 3 {
        return None;
    }
    let (mut a, mut sx, mut sy, mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for i in 0..n {
        let (p, q) = (poly[i], poly[(i + 1) % n]);
        let c = p.x * q.y - q.x * p.y;
        a += c;
        sx += (p.x + q.x) * c;
        sy += (p.y + q.y) * c;
        sxx += (p.x * p.x + p.x * q.x + q.x * q.x) * c;
        syy += (p.y * p.y + p.y * q.y + q.y * q.y) * c;
        sxy += (p.x * q.y + 2.0 * p.x * p.y + 2.0 * q.x * q.y + q.x * p.y) * c;
    }
    a /= 2.0;
    if !a.is_finite() || a.abs() < 1e-6 {
        return None;
    }
    let (cx, cy) = (sx / (6.0 * a), sy / (6.0 * a));
    // Central second moments per unit area.
    let mxx = sxx / (12.0 * a) - cx * cx;
    let myy = syy / (12.0 * a) - cy * cy;
    let mxy = sxy / (24.0 * a) - cx * cy;
    let half_trace = (mxx + myy) / 2.0;
    let root = (((mxx - myy) / 2.0).powi(2) + mxy * mxy).sqrt();
    let (l1, l2) = (half_trace + root, half_trace - root);
    if !(l1.is_finite() && l2.is_finite()) || l2 <= 0.0 {
        return None;
    }
    // For a filled ellipse the moment along an axis is r² / 4.
    Some(Ellipse {
        cx,
        cy,
        rx: 2.0 * l1.sqrt(),
        ry: 2.0 * l2.sqrt(),
        angle: 0.5 * (2.0 * mxy).atan2(mxx - myy),
    })
}

/// Fraction of a box (sampled on a 6×4 grid) that lies inside the mark.
pub fn coverage(mark: &Mark, r: &Rect) -> f64 {
    if mark.bbox.intersection_area(r) <= 0.0 {
        return 0.0;
    }
    let (nx, ny) = (6, 4);
    let poly = &mark.polygon;
    let n = poly.len();
    let mut hit = 0;
    // Non-zero winding point-in-polygon, the polygon closed implicitly.
    // Non-zero rather than even-odd because a hand-drawn loop that goes
    // round twice, or overshoots its start, still encloses its middle.
    // The samples lie on 4 rows; only edges crossing a row add to the
    // winding of its points, and on an oval that is a handful of its edges:
    // collected once per row, not tested per sample. The edges that reach
    // the box's rows at all are found first, in one pass over the outline
    // (a flattened oval has a hundred edges; a glyph's rows meet a few).
    let (ylo, yhi) = (r.y0.min(r.y1), r.y0.max(r.y1));
    let near: Vec<(Point, Point)> = (0..n)
        .map(|i| (poly[i], poly[(i + 1) % n]))
        .filter(|(a, b)| a.y.max(b.y) >= ylo && a.y.min(b.y) <= yhi)
        .collect();
    let mut crossing: Vec<(Point, Point)> = Vec::new();
    for j in 0..ny {
        let y = r.y0 + (j as f64 + 0.5) / ny as f64 * r.height();
        crossing.clear();
        for &(a, b) in &near {
            let counts = if a.y <= y { b.y > y } else { b.y <= y };
            if counts {
                crossing.push((a, b));
            }
        }
        for i in 0..nx {
            let x = r.x0 + (i as f64 + 0.5) / nx as f64 * r.width();
            if winding(&crossing, x, y) != 0 {
                hit += 1;
            }
        }
    }
    hit as f64 / (nx * ny) as f64
}

/// The winding number of the point (x, y) over the edges given (those that
/// cross its row; others add nothing).
fn winding(edges: &[(Point, Point)], x: f64, y: f64) -> i32 {
    let mut winding = 0i32;
    for &(a, b) in edges {
        let cross = (b.x - a.x) * (y - a.y) - (x - a.x) * (b.y - a.y);
        if a.y <= y {
            if b.y > y && cross > 0.0 {
                winding += 1;
            }
        } else if b.y <= y && cross < 0.0 {
            winding -= 1;
        }
    }
    winding
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loop_points(cx: f64, cy: f64, rx: f64, ry: f64, turns: f64, rot: f64) -> Vec<Point> {
        let n = (64.0 * turns) as usize;
        (0..n)
            .map(|i| {
                let t = std::f64::consts::TAU * turns * i as f64 / n as f64;
                let (x, y) = (rx * t.cos(), ry * t.sin());
                Point {
                    x: cx + x * rot.cos() - y * rot.sin(),
                    y: cy + x * rot.sin() + y * rot.cos(),
                }
            })
            .collect()
    }

    #[test]
    fn fits_a_rotated_ellipse() {
        let e = fit_ellipse(&loop_points(100.0, 50.0, 30.0, 10.0, 1.0, 0.3)).expect("fit");
        assert!((e.cx - 100.0).abs() < 0.1 && (e.cy - 50.0).abs() < 0.1);
        assert!((e.rx - 30.0).abs() < 0.5, "{e:?}");
        assert!((e.ry - 10.0).abs() < 0.5, "{e:?}");
        assert!((e.angle - 0.3).abs() < 0.01, "{e:?}");
        assert!(fit_ellipse(&[Point { x: 0.0, y: 0.0 }, Point { x: 1.0, y: 1.0 }]).is_none());
    }

    #[test]
    fn a_loop_drawn_round_twice_still_encloses_its_middle() {
        let poly = loop_points(100.0, 50.0, 30.0, 10.0, 2.0, 0.0);
        let m = Mark {
            kind: MarkKind::Path,
            bbox: Rect::from_corners(70.0, 40.0, 130.0, 60.0),
            polygon: poly,
            opening: 0.0,
            fit: None,
            table: None,
            row: None,
            col: None,
        };
        let word = Rect::from_corners(90.0, 45.0, 110.0, 55.0);
        assert!(coverage(&m, &word) > 0.99);
    }
}
