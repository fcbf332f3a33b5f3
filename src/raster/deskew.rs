//! Skew from the ruling: the angle at which ink rows line up best.
//!
//! Rows of a table and lines of text give sharp peaks in the ink profile
//! taken along the right angle; the sum of squared row counts is largest
//! there (the projection-profile method).

use super::bitmap::Binary;

/// The largest skew looked for, in degrees (the issue asks for ±3°).
pub const MAX_SKEW_DEG: f64 = 3.0;

/// Sharpness of the profile of ink along slope `tan`.
fn profile_score(points: &[(f64, f64)], tan: f64, rows: usize) -> f64 {
    let mut hist = vec![0u32; rows];
    let off = rows as f64 / 2.0;
    for &(x, y) in points {
        let r = y - x * tan + off;
        if r >= 0.0
            && let Some(h) = hist.get_mut(r as usize)
        {
            *h += 1;
        }
    }
    hist.iter().map(|&h| f64::from(h) * f64::from(h)).sum()
}

/// The ink pixels (centred on the bitmap's middle), at most about `cap` of
/// them taken evenly, so that a dense page costs no more than a sparse one.
fn ink_points(b: &Binary, cap: usize) -> Vec<(f64, f64)> {
    let n = b.ink.iter().filter(|&&v| v).count();
    let step = (n / cap.max(1)).max(1);
    let (cx, cy) = (b.width as f64 / 2.0, b.height as f64 / 2.0);
    b.ink
        .iter()
        .enumerate()
        .filter(|(_, v)| **v)
        .step_by(step)
        .map(|(i, _)| ((i % b.width) as f64 - cx, (i / b.width) as f64 - cy))
        .collect()
}

/// The skew in radians: positive when level lines of the page climb to the
/// right in y-down coordinates (y grows with x). Searched from
/// −[`MAX_SKEW_DEG`] to +[`MAX_SKEW_DEG`] in 0.1° steps, then refined to 0.02°.
pub fn estimate(b: &Binary) -> f64 {
    let pts = ink_points(b, 200_000);
    if pts.len() < 50 {
        return 0.0;
    }
    let rows = b.height * 2 + b.width;
    let best = |from: f64, to: f64, step: f64| {
        let mut best: (f64, f64) = (f64::MIN, 0.0);
        let mut a = from;
        while a <= to + 1e-9 {
            let s = profile_score(&pts, a.to_radians().tan(), rows);
            // ties go to the angle nearest zero (no rotation is the default)
            if s > best.0 || (s == best.0 && a.abs() < best.1.abs()) {
                best = (s, a);
            }
            a += step;
        }
        best.1
    };
    let coarse = best(-MAX_SKEW_DEG, MAX_SKEW_DEG, 0.1);
    best(coarse - 0.1, coarse + 0.1, 0.02).to_radians()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_slope_of_drawn_lines() {
        let (w, h) = (400usize, 300usize);
        let mut ink = vec![false; w * h];
        let tan = 1.2f64.to_radians().tan();
        for base in [50.0, 120.0, 200.0, 260.0] {
            for x in 0..w {
                let y = (base + (x as f64 - 200.0) * tan).round() as usize;
                if y < h {
                    ink[y * w + x] = true;
                }
            }
        }
        let b = Binary {
            width: w,
            height: h,
            ink,
        };
        let got = estimate(&b).to_degrees();
        assert!((got - 1.2).abs() < 0.05, "{got}");
    }
}
