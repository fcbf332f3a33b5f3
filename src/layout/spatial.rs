//! A uniform bucket grid over boxes, so that "which boxes may hold this
//! point / touch this box" costs about the answer, not a scan of all boxes.
//!
//! Glyphs go to cells and ○ glyphs look for the text under them; done by
//! scanning, both are quadratic on a page with tens of thousands of glyphs
//! or cells. Answers are candidates in ascending index order: callers apply
//! their exact test to them, in the order a full scan would have met them.

use crate::pdf::model::Rect;

/// Boxes a single item may spread over before it is kept apart and offered
/// to every query instead (a table's outer box, a merged header).
const MAX_SPAN: usize = 64;

/// The index: boxes by bucket, plus the few too large or unplaceable to bucket.
#[derive(Debug, Clone)]
pub struct BoxGrid {
    x0: f64,
    y0: f64,
    /// Buckets per unit of page, across and down.
    sx: f64,
    sy: f64,
    side: usize,
    /// Bucket `b` holds `items[starts[b]..starts[b + 1]]`: one allocation
    /// for all buckets, where a `Vec` per bucket cost one per glyph.
    starts: Vec<usize>,
    items: Vec<usize>,
    everywhere: Vec<usize>,
}

impl BoxGrid {
    /// Indexes `boxes` (item `i` is the `i`th box).
    pub fn new(boxes: &[Rect]) -> Self {
        let finite = |r: &&Rect| {
            r.x0.is_finite() && r.y0.is_finite() && r.x1.is_finite() && r.y1.is_finite()
        };
        let bounds = boxes
            .iter()
            .filter(finite)
            .fold(None, |acc: Option<Rect>, r| {
                Some(acc.map_or(*r, |a| a.union(r)))
            })
            .unwrap_or_default();
        let side = (boxes.len() as f64).sqrt().ceil().clamp(1.0, 1024.0) as usize;
        let scale = |extent: f64| {
            if extent > 0.0 && extent.is_finite() {
                side as f64 / extent
            } else {
                0.0
            }
        };
        let mut grid = BoxGrid {
            x0: bounds.x0,
            y0: bounds.y0,
            sx: scale(bounds.width()),
            sy: scale(bounds.height()),
            side,
            starts: vec![0; side * side + 1],
            items: Vec::new(),
            everywhere: Vec::new(),
        };
        // Two passes: count per bucket, then fill in index order.
        let spans: Vec<Option<(usize, usize, usize, usize)>> = boxes
            .iter()
            .map(|r| {
                let (cx0, cx1, cy0, cy1) = grid.span(r);
                (finite(&r) && (cx1 - cx0 + 1) * (cy1 - cy0 + 1) <= MAX_SPAN)
                    .then_some((cx0, cx1, cy0, cy1))
            })
            .collect();
        for &(cx0, cx1, cy0, cy1) in spans.iter().flatten() {
            for cy in cy0..=cy1 {
                for cx in cx0..=cx1 {
                    if let Some(n) = grid.starts.get_mut(cy * side + cx + 1) {
                        *n += 1;
                    }
                }
            }
        }
        for b in 1..grid.starts.len() {
            grid.starts[b] += grid.starts[b - 1];
        }
        let mut next = grid.starts.clone();
        grid.items = vec![0; grid.starts.last().copied().unwrap_or(0)];
        for (i, span) in spans.iter().enumerate() {
            let Some((cx0, cx1, cy0, cy1)) = *span else {
                grid.everywhere.push(i);
                continue;
            };
            for cy in cy0..=cy1 {
                for cx in cx0..=cx1 {
                    if let Some(at) = next.get_mut(cy * side + cx)
                        && let Some(slot) = grid.items.get_mut(*at)
                    {
                        *slot = i;
                        *at += 1;
                    }
                }
            }
        }
        grid
    }

    /// The items of one bucket.
    fn bucket(&self, b: usize) -> &[usize] {
        match (self.starts.get(b), self.starts.get(b + 1)) {
            (Some(&s), Some(&e)) => self.items.get(s..e).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The bucket column of x (monotone in x, so a box's range holds the
    /// columns of all its points).
    fn col(&self, v: f64, origin: f64, scale: f64) -> usize {
        let c = ((v - origin) * scale).floor();
        if c.is_nan() || c < 0.0 {
            0
        } else {
            (c as usize).min(self.side - 1)
        }
    }

    /// Bucket columns and rows a box covers, in order even for a box whose
    /// corners are swapped (it then holds no point, so a superset is fine).
    fn span(&self, r: &Rect) -> (usize, usize, usize, usize) {
        let (a, b) = (
            self.col(r.x0, self.x0, self.sx),
            self.col(r.x1, self.x0, self.sx),
        );
        let (c, d) = (
            self.col(r.y0, self.y0, self.sy),
            self.col(r.y1, self.y0, self.sy),
        );
        (a.min(b), a.max(b), c.min(d), c.max(d))
    }

    /// Items whose box may touch `r` (a superset), ascending, each once.
    pub fn near(&self, r: &Rect) -> Vec<usize> {
        let mut out = Vec::new();
        self.near_into(r, &mut out);
        out
    }

    /// [`BoxGrid::near`] into a buffer the caller reuses (one query per
    /// glyph should not cost an allocation each).
    pub fn near_into(&self, r: &Rect, out: &mut Vec<usize>) {
        let (cx0, cx1, cy0, cy1) = self.span(r);
        out.clear();
        out.extend_from_slice(&self.everywhere);
        if (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > (self.side * self.side) / 2 {
            // A query over most of the page: every item, no bucket walk.
            out.extend_from_slice(&self.items);
        } else {
            for cy in cy0..=cy1 {
                for cx in cx0..=cx1 {
                    out.extend_from_slice(self.bucket(cy * self.side + cx));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    /// Items whose box may hold the point (x, y), ascending, each once.
    pub fn at(&self, x: f64, y: f64) -> Vec<usize> {
        let mut out = Vec::new();
        self.at_into(x, y, &mut out);
        out
    }

    /// [`BoxGrid::at`] into a reused buffer.
    pub fn at_into(&self, x: f64, y: f64, out: &mut Vec<usize>) {
        self.near_into(
            &Rect {
                x0: x,
                y0: y,
                x1: x,
                y1: y,
            },
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_include_every_box_that_touches() {
        let mut boxes = Vec::new();
        for i in 0..40 {
            for j in 0..40 {
                let (x, y) = (f64::from(i) * 10.0, f64::from(j) * 7.0);
                boxes.push(Rect::from_corners(x, y, x + 10.0, y + 7.0));
            }
        }
        boxes.push(Rect::from_corners(0.0, 0.0, 400.0, 280.0)); // spans everything
        boxes.push(Rect::from_corners(f64::NAN, 0.0, 1.0, 1.0));
        boxes.push(Rect {
            x0: 50.0,
            y0: 50.0,
            x1: 10.0,
            y1: 10.0,
        }); // corners swapped: holds nothing, must not break the index
        let grid = BoxGrid::new(&boxes);
        for &(x, y) in &[
            (0.0, 0.0),
            (10.0, 7.0),
            (399.9, 279.9),
            (400.0, 280.0),
            (-5.0, 3.0),
        ] {
            let want: Vec<usize> = (0..boxes.len())
                .filter(|&i| boxes[i].contains(x, y))
                .collect();
            let got: Vec<usize> = grid
                .at(x, y)
                .into_iter()
                .filter(|&i| boxes[i].contains(x, y))
                .collect();
            assert_eq!(got, want, "at ({x}, {y})");
        }
        assert!(grid.at(55.0, 30.0).len() < 20, "a point query stays local");
        let swapped = Rect {
            x0: 30.0,
            y0: 30.0,
            x1: 0.0,
            y1: 0.0,
        };
        assert!(!grid.near(&swapped).is_empty());
    }
}
