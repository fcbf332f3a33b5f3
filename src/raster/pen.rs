//! Pen-drawn ovals on the bitmap, looked for around each printed option
//! word (終了, 継続, 同じ, 変更).
//!
//! Once the rules are cleared, pen ink is the ink outside every glyph box.
//! From the word's centre, rays go outwards from the edge of the word's box
//! to a word-sized margin beyond it: a ray that meets pen ink is a hit, one
//! that runs into another glyph's box first tells nothing (the pen may
//! cross a neighbour word), one that meets nothing is a miss. A word whose
//! rays mostly hit is enclosed by a loop; open loops (5–15 % of the
//! perimeter left open) and the places where the pen crosses text are
//! bridged from the neighbouring hits. The hits give the loop's outline,
//! which the mark stage then judges like any drawn oval.

use super::bitmap::Binary;

/// Rays cast round a word.
const RAYS: usize = 64;

/// How a loop is looked for, in pixels of the bitmap searched.
#[derive(Debug, Clone, Copy)]
pub struct LoopLimits {
    /// The text size (em) in pixels.
    pub em: f64,
    /// Share of the telling rays (hits and misses) that must meet pen ink.
    pub min_hits: f64,
}

/// One pen loop: its outline (pixels) and the share of rays that told nothing
/// or missed.
#[derive(Debug, Clone, PartialEq)]
pub struct PenLoop {
    /// Closed outline, pixels.
    pub outline: Vec<(f64, f64)>,
    /// Fraction of rays without a hit (0 for a loop seen all round).
    pub opening: f64,
}

/// What one ray met.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ray {
    /// Pen ink at this distance.
    Hit(f64),
    /// Ran into another glyph's box at this distance: the pen may cross a
    /// neighbour word there unseen.
    Blocked(f64),
    Miss,
}

/// Distance from the centre to the edge of a box of half-sizes (hx, hy)
/// along direction (dx, dy).
fn exit(hx: f64, hy: f64, dx: f64, dy: f64) -> f64 {
    let tx = if dx.abs() > 1e-9 {
        hx / dx.abs()
    } else {
        f64::MAX
    };
    let ty = if dy.abs() > 1e-9 {
        hy / dy.abs()
    } else {
        f64::MAX
    };
    tx.min(ty)
}

/// The pen loop round the word box `(x0, y0, x1, y1)`, if there is one.
/// `ink` has the rules cleared; `text` is set where the pen cannot be
/// seen (inside every glyph box, and along the cleared rules).
pub fn loop_around(
    ink: &Binary,
    text: &Binary,
    word: (f64, f64, f64, f64),
    lim: &LoopLimits,
) -> Option<PenLoop> {
    let (x0, y0, x1, y1) = word;
    let (cx, cy, hx, hy) = (
        (x0 + x1) / 2.0,
        (y0 + y1) / 2.0,
        (x1 - x0) / 2.0,
        (y1 - y0) / 2.0,
    );
    if !(hx > 0.0 && hy > 0.0 && lim.em > 0.0) {
        return None;
    }
    // How far past the word a loop may run.
    let (mx, my) = (hx + 1.0 * lim.em, hy + 0.8 * lim.em);
    let mut rays = [Ray::Miss; RAYS];
    for (k, ray) in rays.iter_mut().enumerate() {
        let a = (k as f64 + 0.5) / RAYS as f64 * std::f64::consts::TAU;
        let (dx, dy) = (a.cos(), a.sin());
        let (from, to) = (exit(hx, hy, dx, dy), exit(mx, my, dx, dy));
        let mut d = from + 0.5;
        while d <= to {
            let (x, y) = (cx + d * dx, cy + d * dy);
            if x < 0.0 || y < 0.0 {
                break;
            }
            let (px, py) = (x as usize, y as usize);
            if text.at(px, py) {
                *ray = Ray::Blocked(d);
                break;
            }
            // a 2×2 probe: a one-pixel diagonal stroke cannot slip between steps
            if [(0, 0), (1, 0), (0, 1), (1, 1)]
                .iter()
                .any(|&(i, j)| ink.at(px + i, py + j) && !text.at(px + i, py + j))
            {
                *ray = Ray::Hit(d);
                break;
            }
            d += 1.0;
        }
    }
    let hits = rays.iter().filter(|r| matches!(r, Ray::Hit(_))).count();
    let misses = rays.iter().filter(|r| **r == Ray::Miss).count();
    // A loop is all round the word: a hit in nearly every eighth of the
    // turn (or nothing to see there), not just the edges of loops drawn
    // round the words beside it.
    let round = rays
        .chunks(RAYS / 8)
        .filter(|s| {
            s.iter().any(|r| matches!(r, Ray::Hit(_)))
                || s.iter().all(|r| matches!(r, Ray::Blocked(_)))
        })
        .count();
    // Mostly hits; where text and rules hide most of the loop (a tight
    // two-line cell), the few telling rays must nearly all hit.
    let telling = (hits + misses) as f64;
    let enough = (hits >= RAYS / 4 && hits as f64 >= lim.min_hits * telling)
        || (hits >= 6 && hits as f64 >= 0.75 * telling);
    if round < 6 || !enough {
        return None;
    }
    // Bridge the rays without a hit from the nearest hits on either side.
    let dist: Vec<Option<f64>> = rays
        .iter()
        .map(|r| match r {
            Ray::Hit(d) => Some(*d),
            _ => None,
        })
        .collect();
    let known: Vec<(usize, f64)> = dist
        .iter()
        .enumerate()
        .filter_map(|(k, d)| d.map(|d| (k, d)))
        .collect();
    let outline = dist
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let bridged = d.unwrap_or_else(|| {
                let prev = known.iter().rev().find(|(j, _)| *j < k).or(known.last());
                let next = known.iter().find(|(j, _)| *j > k).or(known.first());
                match (prev, next) {
                    (Some(&(pj, pd)), Some(&(nj, nd))) => {
                        let span = (nj + RAYS - pj) % RAYS;
                        let t = if span == 0 {
                            0.0
                        } else {
                            ((k + RAYS - pj) % RAYS) as f64 / span as f64
                        };
                        pd * (1.0 - t) + nd * t
                    }
                    _ => 0.0,
                }
            });
            // Where the pen crosses another word it is not seen; the outline
            // stops at that word rather than guess it was enclosed too.
            let r = match rays[k] {
                Ray::Blocked(b) => bridged.min(b),
                _ => bridged,
            };
            let a = (k as f64 + 0.5) / RAYS as f64 * std::f64::consts::TAU;
            (cx + r * a.cos(), cy + r * a.sin())
        })
        .collect();
    Some(PenLoop {
        outline,
        opening: 1.0 - hits as f64 / RAYS as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank(w: usize, h: usize) -> Binary {
        Binary {
            width: w,
            height: h,
            ink: vec![false; w * h],
        }
    }

    fn draw_loop(b: &mut Binary, cx: f64, cy: f64, rx: f64, ry: f64, sweep: f64) {
        let n = 2000;
        for i in 0..n {
            let a = 1.0 + sweep * std::f64::consts::TAU * i as f64 / n as f64;
            let (x, y) = (cx + rx * a.cos(), cy + ry * a.sin());
            for (dx, dy) in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)] {
                let (px, py) = ((x + dx) as usize, (y + dy) as usize);
                if let Some(p) = b.ink.get_mut(py * b.width + px) {
                    *p = true;
                }
            }
        }
    }

    #[test]
    fn an_open_loop_round_a_word_is_found_and_a_bare_word_is_not() {
        let mut ink = blank(300, 100);
        let text = blank(300, 100);
        draw_loop(&mut ink, 100.0, 50.0, 40.0, 18.0, 0.9);
        let lim = LoopLimits {
            em: 20.0,
            min_hits: 0.7,
        };
        let l = loop_around(&ink, &text, (80.0, 40.0, 120.0, 60.0), &lim).expect("loop");
        assert!(l.opening < 0.2, "{}", l.opening);
        let min = l.outline.iter().map(|p| p.0).fold(f64::MAX, f64::min);
        assert!((min - 60.0).abs() < 3.0, "{min}");
        // the word beside it: the loop's edge is on one side only
        assert!(loop_around(&ink, &text, (150.0, 40.0, 190.0, 60.0), &lim).is_none());
    }
}
