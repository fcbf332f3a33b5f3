//! Shapes the mark finder looked at and turned down before they became
//! candidates: curved or many-sided outlines too large to circle a word,
//! and those that trace the table's own frame. The review draws them dashed
//! so that a person sees what was ignored; the decision never reads them.

use super::Settings;
use super::ruling::subpaths;
use super::tables::Table;
use crate::pdf::model::{Page, Point, Rect};
use serde::{Deserialize, Serialize};

/// Why a shape was not taken as a mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// Larger than `Settings::mark_max_page_fraction` of the page.
    TooBig,
    /// Its box is a table's or a cell's box: a rounded frame or rule.
    PartOfGrid,
}

/// A shape turned down as a mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectedMark {
    /// Its box.
    pub bbox: Rect,
    /// Its outline.
    pub polygon: Vec<Point>,
    /// Why it was turned down.
    pub reason: RejectReason,
}

/// Whether two boxes agree within `tol` on every side.
fn same_box(a: &Rect, b: &Rect, tol: f64) -> bool {
    (a.x0 - b.x0).abs() <= tol
        && (a.x1 - b.x1).abs() <= tol
        && (a.y0 - b.y0).abs() <= tol
        && (a.y1 - b.y1).abs() <= tol
}

/// The stroked curved (or many-sided diagonal) outlines of the page that
/// are too big for a mark, or that trace a table or cell box.
pub fn rejected_marks(page: &Page, tables: &[Table], settings: &Settings) -> Vec<RejectedMark> {
    let (max_w, max_h) = (
        page.width.abs() * settings.mark_max_page_fraction,
        page.height.abs() * settings.mark_max_page_fraction,
    );
    let tol = settings.axis_tolerance;
    let mut out = Vec::new();
    for path in page.paths.iter().filter(|p| p.stroke.is_some()) {
        for sp in subpaths(path) {
            let pts = &sp.points;
            let Some(&first) = pts.first() else { continue };
            if pts.len() < 2 || pts.iter().any(|p| !p.x.is_finite() || !p.y.is_finite()) {
                continue;
            }
            let diagonal = pts
                .windows(2)
                .any(|w| (w[0].x - w[1].x).abs() > tol && (w[0].y - w[1].y).abs() > tol);
            if !(sp.curved || (diagonal && pts.len() >= 6)) {
                continue;
            }
            let bbox = pts.iter().fold(
                Rect::from_corners(first.x, first.y, first.x, first.y),
                |b, p| b.union(&Rect::from_corners(p.x, p.y, p.x, p.y)),
            );
            let grid = tables.iter().any(|t| {
                same_box(&t.bbox, &bbox, 2.0)
                    || t.cells.iter().any(|c| same_box(&c.bbox, &bbox, 2.0))
            });
            let reason = if grid {
                RejectReason::PartOfGrid
            } else if bbox.width() > max_w || bbox.height() > max_h {
                RejectReason::TooBig
            } else {
                continue;
            };
            if out.len() < 500 {
                out.push(RejectedMark {
                    bbox,
                    polygon: pts.clone(),
                    reason,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::model::{Path, Rgb, Segment};

    fn p(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    /// An ellipse of four Bézier arcs inside `r`.
    fn ellipse(r: Rect) -> Path {
        let (cx, cy, rx, ry) = (r.cx(), r.cy(), r.width() / 2.0, r.height() / 2.0);
        let k = 0.5523;
        let pts = [(1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0), (1.0, 0.0)];
        let mut segments = vec![Segment::Move { to: p(cx + rx, cy) }];
        for w in pts.windows(2) {
            let ((ax, ay), (bx, by)) = (w[0], w[1]);
            segments.push(Segment::Cubic {
                c1: p(cx + rx * (ax - k * ay), cy + ry * (ay + k * ax)),
                c2: p(cx + rx * (bx + k * by), cy + ry * (by - k * bx)),
                to: p(cx + rx * bx, cy + ry * by),
            });
        }
        segments.push(Segment::Close);
        Path {
            segments,
            stroke: Some(Rgb(1.0, 0.0, 0.0)),
            fill: None,
            line_width: 1.0,
            bbox: r,
        }
    }

    #[test]
    fn a_page_sized_loop_is_too_big_and_a_table_frame_is_grid() {
        let frame = Rect::from_corners(50.0, 100.0, 300.0, 200.0);
        let table = Table {
            bbox: frame,
            xs: vec![50.0, 300.0],
            ys: vec![100.0, 200.0],
            cells: Vec::new(),
            slots: Default::default(),
        };
        let page = Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            rotate: 0,
            glyphs: Vec::new(),
            paths: vec![
                ellipse(Rect::from_corners(20.0, 300.0, 560.0, 800.0)),
                ellipse(frame),
                ellipse(Rect::from_corners(60.0, 110.0, 90.0, 125.0)),
            ],
            images: Vec::new(),
        };
        let r = rejected_marks(&page, &[table], &Settings::default());
        let reasons: Vec<RejectReason> = r.iter().map(|m| m.reason).collect();
        // The word-sized loop is a candidate, not a reject.
        assert_eq!(
            reasons,
            vec![RejectReason::TooBig, RejectReason::PartOfGrid]
        );
    }
}
