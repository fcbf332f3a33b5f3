//! Snapping and joining rules, after pdfplumber: nearly collinear edges
//! become one line, and pieces of one border drawn cell by cell become one
//! edge.

use super::Settings;
use super::ruling::{Edge, Orientation};

/// Groups values (sorted) into clusters whose neighbours are within `tol`;
/// returns, for each input index, the mean of its cluster.
fn cluster_means(values: &[f64], tol: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i + 1;
        while j < order.len() && values[order[j]] - values[order[j - 1]] <= tol {
            j += 1;
        }
        let mean = order[i..j].iter().map(|&k| values[k]).sum::<f64>() / (j - i) as f64;
        for &k in &order[i..j] {
            out[k] = mean;
        }
        i = j;
    }
    out
}

/// Moves parallel edges that lie within `snap_tolerance` of each other onto
/// their common mean position.
pub fn snap_edges(edges: &[Edge], settings: &Settings) -> Vec<Edge> {
    let mut out = Vec::with_capacity(edges.len());
    for orient in [Orientation::Horizontal, Orientation::Vertical] {
        let group: Vec<Edge> = edges
            .iter()
            .filter(|e| e.orientation == orient)
            .copied()
            .collect();
        let pos: Vec<f64> = group.iter().map(|e| e.pos).collect();
        let means = cluster_means(&pos, settings.snap_tolerance);
        for (e, m) in group.iter().zip(means) {
            out.push(Edge { pos: m, ..*e });
        }
    }
    out
}

/// Merges collinear edges that overlap or whose ends are within
/// `join_tolerance`; expects snapped edges.
pub fn join_edges(edges: &[Edge], settings: &Settings) -> Vec<Edge> {
    let mut sorted: Vec<Edge> = edges.to_vec();
    sorted.sort_by(|a, b| {
        (a.orientation as u8)
            .cmp(&(b.orientation as u8))
            .then(a.pos.total_cmp(&b.pos))
            .then(a.start.total_cmp(&b.start))
    });
    let mut out: Vec<Edge> = Vec::new();
    for e in sorted {
        if let Some(last) = out.last_mut()
            && last.orientation == e.orientation
            && last.pos == e.pos
            && e.start <= last.end + settings.join_tolerance
        {
            last.end = last.end.max(e.end);
            continue;
        }
        out.push(e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snaps_and_joins_cell_by_cell_borders() {
        let s = Settings::default();
        let edges = vec![
            Edge::new(Orientation::Horizontal, 10.0, 0.0, 50.0),
            Edge::new(Orientation::Horizontal, 10.8, 50.5, 100.0),
            Edge::new(Orientation::Horizontal, 40.0, 0.0, 100.0),
        ];
        let joined = join_edges(&snap_edges(&edges, &s), &s);
        assert_eq!(joined.len(), 2);
        assert!((joined[0].pos - 10.4).abs() < 1e-9);
        assert_eq!((joined[0].start, joined[0].end), (0.0, 100.0));
    }
}
