//! Grey bitmaps and the one resampling step that turns a page's image into an
//! upright, deskewed bitmap in page space.

/// An 8-bit grey bitmap, row-major, 0 = black.
#[derive(Debug, Clone, PartialEq)]
pub struct Gray {
    /// Columns.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// `width * height` samples.
    pub data: Vec<u8>,
}

impl Gray {
    /// A bitmap of one value.
    pub fn filled(width: usize, height: usize, v: u8) -> Self {
        Gray {
            width,
            height,
            data: vec![v; width * height],
        }
    }
    /// The sample at (x, y); white outside the bitmap.
    pub fn get(&self, x: usize, y: usize) -> u8 {
        if x < self.width && y < self.height {
            self.data.get(y * self.width + x).copied().unwrap_or(255)
        } else {
            255
        }
    }
}

/// A 2-D affine map `x' = a x + c y + e`, `y' = b x + d y + f` (PDF order).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affine(pub [f64; 6]);

impl Affine {
    /// Applies the map.
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }
    /// The inverse map, when there is one.
    pub fn invert(&self) -> Option<Affine> {
        let [a, b, c, d, e, f] = self.0;
        let det = a * d - b * c;
        if !det.is_finite() || det.abs() < 1e-12 {
            return None;
        }
        let (ia, ib, ic, id) = (d / det, -b / det, -c / det, a / det);
        Some(Affine([
            ia,
            ib,
            ic,
            id,
            -(ia * e + ic * f),
            -(ib * e + id * f),
        ]))
    }
    /// Square root of the area scale: pixels per point for an image map's inverse.
    pub fn scale(&self) -> f64 {
        let [a, b, c, d, _, _] = self.0;
        (a * d - b * c).abs().sqrt()
    }
}

/// A page image as the PDF paints it: its grey samples and the map from
/// pixel coordinates (row 0 at the top) to page space (points, top-left).
#[derive(Debug, Clone, PartialEq)]
pub struct PageImage {
    /// Samples.
    pub gray: Gray,
    /// Pixel → page map.
    pub to_page: Affine,
}

impl PageImage {
    /// Resolution in dots per inch (geometric mean of both axes).
    pub fn dpi(&self) -> f64 {
        let s = self.to_page.scale();
        if s > 0.0 { 72.0 / s } else { 0.0 }
    }
}

/// Resamples `img` onto the page rectangle `[0, w] × [0, h]` at `scale` pixels
/// per point, turned by `skew` radians about the page centre: output pixel
/// (u, v) shows the image at page point `c + R(skew)(q − c)`, so a rule that
/// climbs by `tan(skew)` in the image comes out level.
pub fn resample(img: &PageImage, page_w: f64, page_h: f64, scale: f64, skew: f64) -> Gray {
    let (ow, oh) = (
        (page_w * scale).round().max(1.0) as usize,
        (page_h * scale).round().max(1.0) as usize,
    );
    let mut out = Gray::filled(ow, oh, 255);
    let Some(inv) = img.to_page.invert() else {
        return out;
    };
    let (cx, cy) = (page_w / 2.0, page_h / 2.0);
    let (sin, cos) = skew.sin_cos();
    // Output pixel → source pixel is affine: compose once, step per pixel.
    let page_of = |u: f64, v: f64| {
        let (qx, qy) = ((u + 0.5) / scale - cx, (v + 0.5) / scale - cy);
        (cx + qx * cos - qy * sin, cy + qx * sin + qy * cos)
    };
    let src = |u: f64, v: f64| {
        let (px, py) = page_of(u, v);
        inv.apply(px, py)
    };
    let (x00, y00) = src(0.0, 0.0);
    let (x10, y10) = src(1.0, 0.0);
    let (x01, y01) = src(0.0, 1.0);
    let (dxu, dyu, dxv, dyv) = (x10 - x00, y10 - y00, x01 - x00, y01 - y00);
    let (sw, sh) = (img.gray.width as f64, img.gray.height as f64);
    for v in 0..oh {
        let (mut x, mut y) = (x00 + dxv * v as f64, y00 + dyv * v as f64);
        let row = &mut out.data[v * ow..(v + 1) * ow];
        for px in row.iter_mut() {
            if x >= 0.0 && y >= 0.0 && x < sw && y < sh {
                *px = img.gray.get(x as usize, y as usize);
            }
            x += dxu;
            y += dyu;
        }
    }
    out
}

/// Otsu's threshold: the grey level that best splits ink from paper.
pub fn otsu(g: &Gray) -> u8 {
    // Four tables, summed after: counting runs of one grey level into one
    // table makes each increment wait for the one before.
    let mut parts = [[0u64; 256]; 4];
    let mut chunks = g.data.chunks_exact(4);
    for c in &mut chunks {
        parts[0][usize::from(c[0])] += 1;
        parts[1][usize::from(c[1])] += 1;
        parts[2][usize::from(c[2])] += 1;
        parts[3][usize::from(c[3])] += 1;
    }
    for &v in chunks.remainder() {
        parts[0][usize::from(v)] += 1;
    }
    let mut hist = [0u64; 256];
    for (i, h) in hist.iter_mut().enumerate() {
        *h = parts.iter().map(|p| p[i]).sum();
    }
    let total: u64 = hist.iter().sum();
    if total == 0 {
        return 128;
    }
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &n)| i as f64 * n as f64)
        .sum();
    let (mut w0, mut sum0, mut best, mut best_t) = (0.0, 0.0, -1.0, 128u8);
    for (t, &n) in hist.iter().enumerate() {
        w0 += n as f64;
        sum0 += t as f64 * n as f64;
        let w1 = total as f64 - w0;
        if w0 == 0.0 || w1 == 0.0 {
            continue;
        }
        let (m0, m1) = (sum0 / w0, (sum_all - sum0) / w1);
        let between = w0 * w1 * (m0 - m1).powi(2);
        if between > best {
            best = between;
            best_t = t as u8;
        }
    }
    best_t
}

/// A binary bitmap: true = ink.
#[derive(Debug, Clone, PartialEq)]
pub struct Binary {
    /// Columns.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// `width * height` flags.
    pub ink: Vec<bool>,
}

impl Binary {
    /// Ink where the grey value is at most `threshold`.
    pub fn from_gray(g: &Gray, threshold: u8) -> Self {
        Binary {
            width: g.width,
            height: g.height,
            ink: g.data.iter().map(|&v| v <= threshold).collect(),
        }
    }
    /// Whether (x, y) is ink (false outside).
    pub fn at(&self, x: usize, y: usize) -> bool {
        x < self.width
            && y < self.height
            && self.ink.get(y * self.width + x).copied().unwrap_or(false)
    }
    /// Rows become columns, in cache-sized tiles (walking a column of a
    /// row-major bitmap misses the cache at every pixel). A row missing
    /// from a short `ink` reads as paper.
    pub fn transposed(&self) -> Binary {
        const TILE: usize = 64;
        let (w, h) = (self.width, self.height);
        let mut ink = vec![false; w * h];
        for y0 in (0..h).step_by(TILE) {
            for x0 in (0..w).step_by(TILE) {
                for y in y0..(y0 + TILE).min(h) {
                    let Some(row) = self.ink.get(y * w..(y + 1) * w) else {
                        break;
                    };
                    for x in x0..(x0 + TILE).min(w) {
                        ink[x * h + y] = row[x];
                    }
                }
            }
        }
        Binary {
            width: h,
            height: w,
            ink,
        }
    }
    /// Clears a rectangle of pixels (clamped to the bitmap).
    pub fn clear(&mut self, x0: usize, y0: usize, x1: usize, y1: usize) {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        for y in y0.min(y1)..y1 {
            let row = y * self.width;
            if let Some(s) = self.ink.get_mut(row + x0.min(x1)..row + x1) {
                s.fill(false);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affine_inverse_round_trips() {
        let m = Affine([0.24, 0.01, -0.01, 0.24, 3.0, 5.0]);
        let inv = m.invert().expect("invertible");
        let (x, y) = m.apply(100.0, 200.0);
        let (u, v) = inv.apply(x, y);
        assert!((u - 100.0).abs() < 1e-9 && (v - 200.0).abs() < 1e-9);
    }

    #[test]
    fn transposed_swaps_rows_and_columns() {
        // 70 × 3: wider than one tile, so the tiles' edges are crossed.
        let (w, h) = (70, 3);
        let ink: Vec<bool> = (0..w * h).map(|i| (i * 7) % 5 == 0).collect();
        let b = Binary {
            width: w,
            height: h,
            ink,
        };
        let t = b.transposed();
        assert_eq!((t.width, t.height), (h, w));
        for y in 0..h {
            for x in 0..w {
                assert_eq!(t.at(y, x), b.at(x, y), "({x}, {y})");
            }
        }
        // A short bitmap reads as paper where it has no samples.
        let short = Binary {
            width: 4,
            height: 2,
            ink: vec![true; 5],
        };
        let t = short.transposed();
        assert_eq!(t.ink.len(), 8);
        assert!(t.at(0, 3) && !t.at(1, 0));
    }

    #[test]
    fn otsu_splits_two_levels() {
        let mut g = Gray::filled(10, 10, 240);
        g.data[..30].fill(20);
        let t = otsu(&g);
        assert!((20..240).contains(&t), "{t}");
    }
}
