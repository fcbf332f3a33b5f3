//! Text lines of one cell by the PP-OCRv6 detection model (DB), with the
//! reference post-processing of PaddleOCR's `DBPostProcess`: probability
//! map thresholded at 0.3, boxes kept whose mean probability is at least
//! 0.6, each grown ("unclipped") by `area × 1.5 / perimeter`.
//!
//! The page is upright once deskewed, so boxes are axis-aligned; the model
//! runs per cell (a cell is small, the page mostly paper), each shrunk so
//! that its text is about 19 px tall (`ocr::DET_EM`): its cost goes with the
//! pixels.

use super::bitmap::Gray;
use super::engine::Engine;
use std::path::Path;

/// `DBPostProcess.thresh`.
const THRESH: f32 = 0.3;
/// `DBPostProcess.box_thresh`.
const BOX_THRESH: f32 = 0.6;
/// `DBPostProcess.unclip_ratio`.
const UNCLIP: f64 = 1.5;
/// ImageNet mean and deviation (`NormalizeImage` of the detector).
const MEAN: [f32; 3] = [0.485, 0.456, 0.406];
const STD: [f32; 3] = [0.229, 0.224, 0.225];

/// A pixel box `(x0, y0, x1, y1)`, end-exclusive.
pub type PxBox = (usize, usize, usize, usize);

/// The detection model.
pub struct Detector {
    model: Engine,
}

impl Detector {
    /// Loads `ppocrv6_det.onnx` from `dir`.
    pub fn load(dir: &Path) -> Result<Self, String> {
        Ok(Detector {
            model: Engine::load(dir, "ppocrv6_det.onnx")?,
        })
    }

    /// Text boxes in `g` (pixels of `g`), read at `1/down` of its resolution.
    pub fn boxes(&self, g: &Gray, down: f64) -> Vec<PxBox> {
        let down = down.max(1.0);
        let small = shrink(g, down);
        let (w, h) = (small.width, small.height);
        if w == 0 || h == 0 {
            return Vec::new();
        }
        // the network wants multiples of 32: pad with paper, do not stretch
        let (pw, ph) = (w.div_ceil(32) * 32, h.div_ceil(32) * 32);
        let mut data = vec![0f32; 3 * pw * ph];
        for (c, plane) in data.chunks_mut(pw * ph).enumerate() {
            let (m, s) = (MEAN[c], STD[c]);
            let paper = (1.0 - m) / s;
            plane.fill(paper);
            for y in 0..h {
                for x in 0..w {
                    plane[y * pw + x] = (f32::from(small.get(x, y)) / 255.0 - m) / s;
                }
            }
        }
        // the probability map: the first plane of the [1, 1, h, w] output
        let Some(boxes) = self.model.run([1, 3, ph, pw], data, |shape, map| {
            let &[_, _, oh, ow] = shape else {
                return Vec::new();
            };
            match map.get(..oh * ow) {
                Some(map) => post_process(map, ow.min(w), oh.min(h), ow),
                None => Vec::new(),
            }
        }) else {
            return Vec::new();
        };
        boxes
            .into_iter()
            .map(|(x0, y0, x1, y1)| {
                let up = |v: usize, m: usize| ((v as f64 * down).round() as usize).min(m);
                (
                    up(x0, g.width),
                    up(y0, g.height),
                    up(x1, g.width),
                    up(y1, g.height),
                )
            })
            .filter(|b| b.2 > b.0 && b.3 > b.1)
            .collect()
    }
}

/// Area-average shrink by `down` (≥ 1, any fraction): each pixel is the
/// mean of the source pixels in its footprint, paper past the edge.
fn shrink(g: &Gray, down: f64) -> Gray {
    if down <= 1.0 {
        return g.clone();
    }
    let (w, h) = (
        (g.width as f64 / down).ceil() as usize,
        (g.height as f64 / down).ceil() as usize,
    );
    let span = |i: usize| {
        let a = (i as f64 * down).round() as usize;
        (a, (((i + 1) as f64 * down).round() as usize).max(a + 1))
    };
    let xs: Vec<(usize, usize)> = (0..w).map(span).collect();
    let mut out = Gray::filled(w, h, 255);
    for y in 0..h {
        let (ya, yb) = span(y);
        for (x, &(xa, xb)) in xs.iter().enumerate() {
            let mut sum = 0u32;
            for yy in ya..yb {
                for xx in xa..xb {
                    sum += u32::from(g.get(xx, yy));
                }
            }
            out.data[y * w + x] = (sum / ((yb - ya) * (xb - xa)) as u32) as u8;
        }
    }
    out
}

/// DB post-processing on a probability map (`stride` floats a row, `w × h`
/// used): components above `THRESH`, scored by their box's mean
/// probability, grown by the unclip distance.
pub fn post_process(map: &[f32], w: usize, h: usize, stride: usize) -> Vec<PxBox> {
    let at = |x: usize, y: usize| map.get(y * stride + x).copied().unwrap_or(0.0);
    let mut seen = vec![false; w * h];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for s in 0..w * h {
        if seen[s] || at(s % w, s / w) <= THRESH {
            continue;
        }
        seen[s] = true;
        stack.push(s);
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
            for (dx, dy) in [(-1i64, 0i64), (1, 0), (0, -1), (0, 1)] {
                let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                if nx < 0 || ny < 0 || nx as usize >= w || ny as usize >= h {
                    continue;
                }
                let j = ny as usize * w + nx as usize;
                if !seen[j] && at(nx as usize, ny as usize) > THRESH {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        let (bw, bh) = (x1 + 1 - x0, y1 + 1 - y0);
        // `min_size` 3 of the reference
        if bw.min(bh) < 3 {
            continue;
        }
        let mut sum = 0f64;
        for y in y0..=y1 {
            for x in x0..=x1 {
                sum += f64::from(at(x, y));
            }
        }
        if sum / ((bw * bh) as f64) < f64::from(BOX_THRESH) {
            continue;
        }
        let d = (bw * bh) as f64 * UNCLIP / (2 * (bw + bh)) as f64;
        let grow = |v: usize, by: f64| (v as f64 - by).max(0.0).round() as usize;
        out.push((
            grow(x0, d),
            grow(y0, d),
            ((x1 + 1) as f64 + d).round().min(w as f64) as usize,
            ((y1 + 1) as f64 + d).round().min(h as f64) as usize,
        ));
    }
    out
}

/// Boxes in reading order: rows top to bottom (boxes whose vertical middles
/// fall within each other's span share a row), left to right in a row.
pub fn reading_order(mut boxes: Vec<PxBox>) -> Vec<PxBox> {
    boxes.sort_by_key(|b| b.1 + b.3);
    let mut rows: Vec<Vec<PxBox>> = Vec::new();
    for b in boxes {
        let mid = (b.1 + b.3) / 2;
        match rows.last_mut() {
            Some(row)
                if row.iter().any(|r| {
                    (r.1..r.3).contains(&mid) || (b.1..b.3).contains(&((r.1 + r.3) / 2))
                }) =>
            {
                row.push(b)
            }
            _ => rows.push(vec![b]),
        }
    }
    rows.into_iter()
        .flat_map(|mut r| {
            r.sort_by_key(|b| b.0);
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_process_grows_a_confident_box() {
        let (w, h) = (40, 20);
        let mut map = vec![0f32; w * h];
        for y in 8..12 {
            for x in 5..35 {
                map[y * w + x] = 0.9;
            }
        }
        let b = post_process(&map, w, h, w);
        assert_eq!(b.len(), 1);
        let (x0, y0, x1, y1) = b[0];
        // 30 × 4 box, unclip distance 30·4·1.5 / 68 ≈ 2.6
        assert!(x0 < 5 && y0 < 8 && x1 > 35 && y1 > 12, "{:?}", b[0]);
    }

    #[test]
    fn post_process_drops_faint_boxes() {
        let (w, h) = (20, 20);
        let mut map = vec![0f32; w * h];
        for y in 5..10 {
            for x in 5..15 {
                map[y * w + x] = 0.4;
            }
        }
        assert!(post_process(&map, w, h, w).is_empty());
    }

    #[test]
    fn reading_order_is_rows_then_columns() {
        let b = reading_order(vec![
            (50, 40, 90, 60),
            (0, 0, 40, 20),
            (60, 2, 90, 19),
            (0, 42, 40, 58),
        ]);
        assert_eq!(
            b,
            vec![
                (0, 0, 40, 20),
                (60, 2, 90, 19),
                (0, 42, 40, 58),
                (50, 40, 90, 60)
            ]
        );
    }
}
