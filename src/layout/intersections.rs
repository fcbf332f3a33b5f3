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
///
/// A sweep over x finds the crossing pairs in O((n + k) log n) for n edges
/// and k crossings, instead of testing all V × H pairs.
pub fn find_intersections(edges: &[Edge], settings: &Settings) -> Vec<Intersection> {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    sweep(edges, settings.intersection_tolerance, |vi, hi| {
        pairs.push((vi, hi));
        true
    });
    // The order the all-pairs loop met them in (vertical edge, then
    // horizontal), so that each crossing lists its edges as it always did.
    pairs.sort_unstable();
    let mut out: Vec<Intersection> = Vec::new();
    let mut index: std::collections::HashMap<(u64, u64), usize> = Default::default();
    for (vi, hi) in pairs {
        let (Some(v), Some(h)) = (edges.get(vi), edges.get(hi)) else {
            continue;
        };
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
    out.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    out
}

/// How many (vertical, horizontal) edge pairs cross, counting no further
/// than `limit + 1`: enough to refuse a grid too dense to be a table
/// before its crossings are built.
pub fn count_crossings(edges: &[Edge], settings: &Settings, limit: usize) -> usize {
    let mut n = 0usize;
    sweep(edges, settings.intersection_tolerance, |_, _| {
        n += 1;
        n <= limit
    });
    n
}

/// A position as a key whose integer order is the float order (-0 as +0,
/// so that keys compare as the floats do with `<=`).
fn ord_key(f: f64) -> i64 {
    let bits = (f + 0.0).to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// Calls `visit(vertical, horizontal)` for every crossing pair (the same
/// pairs as testing `v.pos ∈ [h.start − tol, h.end + tol]` and
/// `h.pos ∈ [v.start − tol, v.end + tol]` on all pairs), until it returns false.
fn sweep(edges: &[Edge], tol: f64, mut visit: impl FnMut(usize, usize) -> bool) {
    // Event kinds at one x: horizontals open, then verticals look, then close.
    const OPEN: u8 = 0;
    const LOOK: u8 = 1;
    const CLOSE: u8 = 2;
    let mut events: Vec<(i64, u8, usize)> = Vec::new();
    for (i, e) in edges.iter().enumerate() {
        if e.pos.is_nan() || e.start.is_nan() || e.end.is_nan() {
            continue; // NaN never compares true: it crosses nothing
        }
        match e.orientation {
            Orientation::Horizontal => {
                let (a, b) = (e.start - tol, e.end + tol);
                if a.is_nan() || b.is_nan() || a > b {
                    continue; // an empty span holds no vertical's x
                }
                events.push((ord_key(a), OPEN, i));
                events.push((ord_key(b), CLOSE, i));
            }
            Orientation::Vertical => events.push((ord_key(e.pos), LOOK, i)),
        }
    }
    events.sort_unstable();
    let mut active: std::collections::BTreeSet<(i64, usize)> = Default::default();
    for (_, kind, i) in events {
        let Some(e) = edges.get(i) else { continue };
        match kind {
            OPEN => {
                active.insert((ord_key(e.pos), i));
            }
            CLOSE => {
                active.remove(&(ord_key(e.pos), i));
            }
            _ => {
                let (lo, hi) = (e.start - tol, e.end + tol);
                if lo.is_nan() || hi.is_nan() || lo > hi {
                    continue;
                }
                for &(_, h) in active.range((ord_key(lo), 0)..=(ord_key(hi), usize::MAX)) {
                    if !visit(i, h) {
                        return;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The all-pairs definition the sweep must agree with.
    fn brute(edges: &[Edge], tol: f64) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (vi, v) in edges.iter().enumerate() {
            for (hi, h) in edges.iter().enumerate() {
                if v.orientation == Orientation::Vertical
                    && h.orientation == Orientation::Horizontal
                    && v.pos >= h.start - tol
                    && v.pos <= h.end + tol
                    && h.pos >= v.start - tol
                    && h.pos <= v.end + tol
                {
                    out.push((vi, hi));
                }
            }
        }
        out
    }

    #[test]
    fn sweep_finds_the_same_pairs_as_all_pairs() {
        // A small deterministic mix: touching ends, near misses within and
        // beyond the tolerance, -0.0, shared positions, an infinite end.
        let mut edges = Vec::new();
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % m) as f64
        };
        for i in 0..300 {
            let o = if i % 2 == 0 {
                Orientation::Horizontal
            } else {
                Orientation::Vertical
            };
            let (p, a, b) = (next(40), next(40), next(40));
            edges.push(Edge::new(o, p, a, b));
        }
        edges.push(Edge::new(Orientation::Horizontal, -0.0, -5.0, 0.0));
        edges.push(Edge::new(Orientation::Vertical, 0.0, -0.0, 3.0));
        edges.push(Edge::new(
            Orientation::Vertical,
            2.0,
            f64::NEG_INFINITY,
            1.0,
        ));
        edges.push(Edge::new(Orientation::Horizontal, f64::NAN, 0.0, 9.0));
        edges.push(Edge {
            orientation: Orientation::Horizontal,
            pos: 5.0,
            start: 30.0,
            end: 2.0,
        }); // ends swapped: crosses nothing
        edges.push(Edge {
            orientation: Orientation::Vertical,
            pos: 5.0,
            start: 30.0,
            end: 2.0,
        });
        for tol in [0.0, 1.0, 3.0] {
            let mut got = Vec::new();
            sweep(&edges, tol, |v, h| {
                got.push((v, h));
                true
            });
            got.sort_unstable();
            assert_eq!(got, brute(&edges, tol), "tolerance {tol}");
        }
    }

    #[test]
    fn counting_stops_past_the_limit() {
        let mut edges = Vec::new();
        for i in 0..100 {
            edges.push(Edge::new(Orientation::Horizontal, i as f64, 0.0, 100.0));
            edges.push(Edge::new(Orientation::Vertical, i as f64, 0.0, 100.0));
        }
        let s = Settings::default();
        assert_eq!(count_crossings(&edges, &s, 1_000_000), 10_000);
        assert_eq!(count_crossings(&edges, &s, 500), 501);
    }
}
