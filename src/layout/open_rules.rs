//! Tables ruled with horizontal lines only: the column borders nobody drew.
//!
//! Offices often rule a table with horizontal lines alone (a rule over and
//! under the header, one under each row). The grid chain needs crossings,
//! so [`column_rules`] supplies the missing verticals: where the text of
//! the rows below the header leaves a gap all the way down, there is a
//! column border. In each band between two rules a border is drawn only
//! where no glyph crosses it, so a group header (評価 over 達成度 | 課題)
//! stays one merged cell.

use super::Settings;
use super::cell_text::PlacedGlyph;
use super::ruling::{Edge, Orientation};

/// Rules shorter than this are not table rules (underlines, dashes).
const MIN_RULE: f64 = 100.0;
/// Rules whose ends differ by less than this belong to one table.
const SAME_END: f64 = 6.0;

/// Whether a vertical edge touches a horizontal one (within `tol`).
fn touches(h: &Edge, v: &Edge, tol: f64) -> bool {
    v.pos >= h.start - tol && v.pos <= h.end + tol && h.pos >= v.start - tol && h.pos <= v.end + tol
}

/// A border in each gap at least `min_gap` wide that the glyph boxes leave
/// right of the first glyph.
fn gaps(glyphs: &[&PlacedGlyph], x0: f64, min_gap: f64) -> Vec<f64> {
    let mut spans: Vec<(f64, f64)> = glyphs.iter().map(|g| (g.bbox.x0, g.bbox.x1)).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut reach = x0;
    for (a, b) in spans {
        if a - reach >= min_gap && reach > x0 {
            // Text sits left-aligned after a small padding: the border is
            // just before the next column's text, not mid-gap.
            out.push(a - (0.5 * (a - reach)).min(3.0));
        }
        reach = reach.max(b);
    }
    out
}

/// Vertical borders for each stack of three or more long horizontal rules
/// with the same ends that no vertical rule touches: the table's two sides
/// and one border at each gap the body rows' text leaves all the way down.
pub fn column_rules(edges: &[Edge], glyphs: &[PlacedGlyph], settings: &Settings) -> Vec<Edge> {
    let tol = settings.intersection_tolerance;
    let verticals: Vec<&Edge> = edges
        .iter()
        .filter(|e| e.orientation == Orientation::Vertical)
        .collect();
    let free: Vec<&Edge> = edges
        .iter()
        .filter(|e| e.orientation == Orientation::Horizontal)
        .filter(|h| !verticals.iter().any(|v| touches(h, v, tol)))
        .collect();
    let mut long: Vec<&Edge> = free
        .iter()
        .copied()
        .filter(|h| h.length() >= MIN_RULE)
        .collect();
    long.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    // Stacks of rules sharing both ends.
    let mut stacks: Vec<Vec<&Edge>> = Vec::new();
    for h in long {
        match stacks.iter_mut().find(|s| {
            s.first().is_some_and(|f| {
                (f.start - h.start).abs() <= SAME_END && (f.end - h.end).abs() <= SAME_END
            })
        }) {
            Some(s) => s.push(h),
            None => stacks.push(vec![h]),
        }
    }
    let mut out = Vec::new();
    for s in stacks.into_iter().filter(|s| s.len() >= 3) {
        let (Some(first), Some(second), Some(last)) = (s.first(), s.get(1), s.last()) else {
            continue;
        };
        let (x0, x1, top, bottom) = (first.start, first.end, first.pos, last.pos);
        // Any vertical rule inside means the region is ruled already (a
        // form's boxes): nothing to supply.
        let ruled = verticals.iter().any(|v| {
            let cy = (v.start + v.end) / 2.0;
            v.pos > x0 - tol && v.pos < x1 + tol && cy > top && cy < bottom
        });
        if ruled {
            continue;
        }
        let inside = |g: &&PlacedGlyph| {
            let (cx, cy) = (g.bbox.cx(), g.bbox.cy());
            cx > x0 && cx < x1 && cy > top && cy < bottom && !g.text.trim().is_empty()
        };
        let body: Vec<&PlacedGlyph> = glyphs
            .iter()
            .filter(inside)
            .filter(|g| g.bbox.cy() > second.pos)
            .collect();
        if body.is_empty() {
            continue;
        }
        let size = super::cell_text::median(body.iter().map(|g| g.size).collect());
        let seps = gaps(&body, x0, (0.8 * size).max(5.0));
        // A table has a header and rows with text in two columns or more;
        // write-in lines on a paper form have neither.
        let columns_used = |a: f64, b: f64| {
            let mut cols: Vec<usize> = glyphs
                .iter()
                .filter(inside)
                .filter(|g| g.bbox.cy() > a && g.bbox.cy() < b)
                .map(|g| seps.iter().filter(|&&x| g.bbox.cx() > x).count())
                .collect();
            cols.sort_unstable();
            cols.dedup();
            cols.len()
        };
        let rows = s
            .windows(2)
            .filter(|w| columns_used(w[0].pos, w[1].pos) >= 2)
            .count();
        if seps.is_empty() || columns_used(top, second.pos) < 2 || rows < 3 {
            continue;
        }
        // Every rule inside the table (partial ones under a group header too).
        let mut ys: Vec<f64> = free
            .iter()
            .filter(|h| h.pos >= top - 0.5 && h.pos <= bottom + 0.5)
            .filter(|h| h.start < x1 && h.end > x0)
            .map(|h| h.pos)
            .collect();
        ys.sort_by(|a, b| a.total_cmp(b));
        ys.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        out.push(Edge::new(Orientation::Vertical, x0, top, bottom));
        out.push(Edge::new(Orientation::Vertical, x1, top, bottom));
        let all: Vec<&PlacedGlyph> = glyphs.iter().filter(inside).collect();
        for &x in &seps {
            for w in ys.windows(2) {
                let (a, b) = (w[0], w[1]);
                let crossed = all.iter().any(|g| {
                    g.bbox.cy() > a && g.bbox.cy() < b && g.bbox.x0 < x - 0.5 && g.bbox.x1 > x + 0.5
                });
                // A short rule under the band marks a group header cell
                // above its sub-columns: no border inside it.
                let group = free.iter().any(|h| {
                    (h.pos - b).abs() < 0.5
                        && h.length() < 0.9 * (x1 - x0)
                        && h.start < x - tol
                        && h.end > x + tol
                });
                if !crossed && !group {
                    out.push(Edge::new(Orientation::Vertical, x, a, b));
                }
            }
        }
    }
    out
}
