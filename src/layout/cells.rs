//! Cells from crossings, after pdfplumber: each crossing is the top-left
//! corner of the smallest rectangle whose four corners are crossings joined
//! by rules. Where an inner rule is missing (a merged cell) the rectangle
//! simply grows over several grid slots.

use super::intersections::Intersection;
use crate::pdf::model::Rect;
use std::collections::HashMap;

/// Key for exact position lookups; positions are snapped, so equal floats
/// are really equal.
fn key(x: f64, y: f64) -> (u64, u64) {
    (x.to_bits(), y.to_bits())
}

/// Whether two crossings on one horizontal line share a horizontal edge.
fn h_connected(a: &Intersection, b: &Intersection) -> bool {
    a.h.iter().any(|e| b.h.contains(e))
}

/// Whether two crossings on one vertical line share a vertical edge.
fn v_connected(a: &Intersection, b: &Intersection) -> bool {
    a.v.iter().any(|e| b.v.contains(e))
}

/// The cell rectangles formed by the crossings.
pub fn find_cells(points: &[Intersection]) -> Vec<Rect> {
    let index: HashMap<(u64, u64), usize> = points
        .iter()
        .enumerate()
        .map(|(i, p)| (key(p.x, p.y), i))
        .collect();
    // Crossings on each vertical/horizontal line, sorted, for the search.
    let mut by_x: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut by_y: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, p) in points.iter().enumerate() {
        by_x.entry(p.x.to_bits()).or_default().push(i);
        by_y.entry(p.y.to_bits()).or_default().push(i);
    }
    for v in by_x.values_mut() {
        v.sort_by(|&a, &b| points[a].y.total_cmp(&points[b].y));
    }
    for v in by_y.values_mut() {
        v.sort_by(|&a, &b| points[a].x.total_cmp(&points[b].x));
    }
    let mut cells = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let below: Vec<usize> = by_x
            .get(&p.x.to_bits())
            .map(|v| v.iter().copied().filter(|&j| points[j].y > p.y).collect())
            .unwrap_or_default();
        let right: Vec<usize> = by_y
            .get(&p.y.to_bits())
            .map(|v| v.iter().copied().filter(|&j| points[j].x > p.x).collect())
            .unwrap_or_default();
        'search: for &b in &below {
            if !v_connected(p, &points[b]) {
                continue;
            }
            for &r in &right {
                if !h_connected(p, &points[r]) {
                    continue;
                }
                let Some(&corner) = index.get(&key(points[r].x, points[b].y)) else {
                    continue;
                };
                let c = &points[corner];
                if v_connected(c, &points[r]) && h_connected(c, &points[b]) {
                    cells.push(Rect {
                        x0: p.x,
                        y0: p.y,
                        x1: c.x,
                        y1: c.y,
                    });
                    break 'search;
                }
            }
        }
        let _ = i;
    }
    cells
}
