//! Crossings of horizontal and vertical rules: the corners cells are built from.

use super::Settings;
use super::ruling::{Edge, Orientation};
use serde::{Deserialize, Serialize};

/// A point where rules cross, with the edges that pass through it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intersection {
    /// x of the crossing (the vertical edge's position).
    pub x: f64,
    /// y of the crossing (the horizontal edge's position).
    pub y: f64,
    /// Indices (into the edge list) of the horizontal edges through the point.
    pub h: Vec<usize>,
    /// Indices of the vertical edges through the point.
    pub v: Vec<usize>,
}

/// Every crossing of a horizontal and a vertical edge, allowing each to
/// fall short by `intersection_tolerance`; sorted by y then x.
pub fn find_intersections(edges: &[Edge], settings: &Settings) -> Vec<Intersection> {
    let tol = settings.intersection_tolerance;
    let mut out: Vec<Intersection> = Vec::new();
    let mut index: std::collections::HashMap<(u64, u64), usize> = Default::default();
    for (vi, v) in edges.iter().enumerate() {
        if v.orientation != Orientation::Vertical {
            continue;
        }
        for (hi, h) in edges.iter().enumerate() {
            if h.orientation != Orientation::Horizontal {
                continue;
            }
            let crosses = v.pos >= h.start - tol
                && v.pos <= h.end + tol
                && h.pos >= v.start - tol
                && h.pos <= v.end + tol;
            if !crosses {
                continue;
            }
            let k = (v.pos.to_bits(), h.pos.to_bits());
            if let Some(p) = index.get(&k).and_then(|&i| out.get_mut(i)) {
                if !p.h.contains(&hi) {
                    p.h.push(hi);
                }
                if !p.v.contains(&vi) {
                    p.v.push(vi);
                }
            } else {
                index.insert(k, out.len());
                out.push(Intersection {
                    x: v.pos,
                    y: h.pos,
                    h: vec![hi],
                    v: vec![vi],
                });
            }
        }
    }
    out.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    out
}
