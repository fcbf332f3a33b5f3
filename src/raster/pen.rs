//! Pen-drawn ovals on the bitmap, looked for around each printed option
//! word (終了, 継続, 同じ, 変更).
//!
//! Once the rules are cleared, pen ink is the ink outside every glyph box.
//! From the word's centre, rays go outwards from (just inside) the edge of
//! the word's box to a word-sized margin beyond it: a ray that meets pen ink is a hit, one
//! that runs into another glyph's box first tells nothing (the pen may
//! cross a neighbour word), one that meets nothing is a miss. A word whose
//! rays mostly hit is enclosed by a loop; open loops (5–15 % of the
//! perimeter left open) and the places where the pen crosses text are
//! bridged from the neighbouring hits. The hits give the loop's outline,
//! which the mark stage then judges like any drawn oval.
//!
//! Ink outside the glyph boxes may be the loop drawn round a neighbour
//! word, which passes close by an uncircled word in a tight cell (終了
//! beside a circled 継続). The words are therefore judged together
//! ([`loops_around`]): the most clearly enclosed first, and the sides of
//! each loop found are claimed by it, so that rays of later words meeting
//! them tell nothing rather than count as hits.

use super::bitmap::Binary;

/// Rays cast round a word.
const RAYS: usize = 64;

/// Fewest hits that show a loop mostly hidden by text and rules.
const SPARSE_HITS: usize = 8;

/// How a loop is looked for, in pixels of the bitmap searched.
#[derive(Debug, Clone, Copy)]
pub struct LoopLimits {
    /// The text size (em) in pixels.
    pub em: f64,
    /// Share of the telling rays (hits and misses) that must meet pen ink.
    pub min_hits: f64,
}

/// Pixels inside the word's box (grown past its glyph boxes) where rays
/// start: a loop drawn tight round a word runs along the edge of its glyph
/// boxes, and the boxes of read text sit a pixel or two off the ink.
const LEAD: f64 = 1.5;
/// Thickest stroke a loop is claimed over, as a share of the em (a pen is
/// some 0.1 em wide; two loops drawn touching make one thicker stroke,
/// whose far side stays the other loop's).
const STROKE: f64 = 0.2;

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
    /// Ran into another glyph's box (or a loop claimed by another word) at
    /// this distance: the pen may cross a neighbour word there unseen.
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

/// The rays cast round one word.
#[derive(Clone)]
struct Cast {
    /// Centre of the word, pixels.
    cx: f64,
    cy: f64,
    /// Half-sizes of the word box, pixels.
    hx: f64,
    hy: f64,
    rays: [Ray; RAYS],
    /// Thickness of the stroke each hit met, along the ray (pixels).
    run: [f64; RAYS],
}

impl Cast {
    /// Rays that met pen ink.
    fn hits(&self) -> usize {
        self.rays
            .iter()
            .filter(|r| matches!(r, Ray::Hit(_)))
            .count()
    }
}

/// What the rays of one word may see: the ink, where the pen is hidden,
/// and the strokes of the loops already found.
struct View<'a> {
    ink: &'a Binary,
    text: &'a Binary,
    found: Vec<Claim>,
}

/// The stroke of a loop found: for each ray that met it, the stretch of
/// the ray (from the centre, pixels) its stroke covers.
struct Claim {
    cx: f64,
    cy: f64,
    band: [Option<(f64, f64)>; RAYS],
}

impl View<'_> {
    /// Pen ink: ink outside the glyph boxes and rules.
    fn pen(&self, x: usize, y: usize) -> bool {
        self.ink.at(x, y) && !self.text.at(x, y)
    }

    /// Whether (x, y) lies on the stroke of a loop found: in the sector of
    /// one of its rays that met the stroke, over the stroke's stretch.
    fn is_claimed(&self, x: usize, y: usize) -> bool {
        let (x, y) = (x as f64 + 0.5, y as f64 + 0.5);
        self.found.iter().any(|c| {
            let (dx, dy) = (x - c.cx, y - c.cy);
            let a = dy.atan2(dx).rem_euclid(std::f64::consts::TAU);
            let k = ((a / std::f64::consts::TAU * RAYS as f64) as usize).min(RAYS - 1);
            let r = dx.hypot(dy);
            c.band[k].is_some_and(|(d0, d1)| r >= d0 && r <= d1)
        })
    }
}

/// Casts the rays round the word box `(x0, y0, x1, y1)`.
fn cast(view: &View, word: (f64, f64, f64, f64), lim: &LoopLimits) -> Option<Cast> {
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
    let mut run = [0.0; RAYS];
    let thickest = (STROKE * lim.em).max(2.0);
    for (k, ray) in rays.iter_mut().enumerate() {
        let a = (k as f64 + 0.5) / RAYS as f64 * std::f64::consts::TAU;
        let (dx, dy) = (a.cos(), a.sin());
        let (from, to) = (exit(hx, hy, dx, dy), exit(mx, my, dx, dy));
        let mut d = from - LEAD;
        while d <= to {
            let (x, y) = (cx + d * dx, cy + d * dy);
            if x < 0.0 || y < 0.0 {
                break;
            }
            let (px, py) = (x as usize, y as usize);
            if d < from && view.text.at(px, py) {
                // the word's own glyph boxes: the ray has not left them yet
                d += 1.0;
                continue;
            }
            if view.text.at(px, py) || view.is_claimed(px, py) {
                *ray = Ray::Blocked(d);
                break;
            }
            // a 2×2 probe: a one-pixel diagonal stroke cannot slip between steps
            let probe = |px: usize, py: usize| {
                [(0, 0), (1, 0), (0, 1), (1, 1)]
                    .iter()
                    .any(|&(i, j)| view.pen(px + i, py + j))
            };
            if probe(px, py) {
                *ray = Ray::Hit(d);
                // across the stroke, for the claim of a loop found
                let mut e = d + 1.0;
                while e - d < thickest {
                    let (x, y) = (cx + e * dx, cy + e * dy);
                    if x < 0.0 || y < 0.0 || !probe(x as usize, y as usize) {
                        break;
                    }
                    e += 1.0;
                }
                run[k] = e - d;
                break;
            }
            d += 1.0;
        }
    }
    Some(Cast {
        cx,
        cy,
        hx,
        hy,
        rays,
        run,
    })
}

/// The pen loops round the word boxes `(x0, y0, x1, y1)`, one answer per
/// word. `ink` has the rules cleared; `text` is set where the pen cannot be
/// seen (inside every glyph box, and along the cleared rules).
///
/// The words are judged most hits first; each loop found claims its stroke
/// where its rays met it, and the words judged after it cast their rays
/// again, seeing that stroke as hidden ink rather than a hit.
pub fn loops_around(
    ink: &Binary,
    text: &Binary,
    words: &[(f64, f64, f64, f64)],
    lim: &LoopLimits,
) -> Vec<Option<PenLoop>> {
    let mut view = View {
        ink,
        text,
        found: Vec::new(),
    };
    let first: Vec<Option<Cast>> = words.iter().map(|&w| cast(&view, w, lim)).collect();
    let mut order: Vec<usize> = (0..words.len())
        .filter(|&i| first[i].as_ref().and_then(|c| judge(c, lim)).is_some())
        .collect();
    order.sort_by_key(|&i| std::cmp::Reverse(first[i].as_ref().map_or(0, Cast::hits)));
    let mut out = vec![None; words.len()];
    let mut claimed_any = false;
    for i in order {
        // only a loop found since the first cast can change what it sees
        let c = if claimed_any {
            cast(&view, words[i], lim)
        } else {
            first[i].clone()
        };
        let Some(c) = c else { continue };
        if let Some(l) = judge(&c, lim) {
            // Only the loop's sides are claimed: its top and bottom run in
            // the gap between lines, where the loops round the words above
            // and below run too (often touching it), and which of them a
            // stroke there belongs to is not known.
            let mut band = [None; RAYS];
            for (k, ((b, r), run)) in band.iter_mut().zip(&c.rays).zip(&c.run).enumerate() {
                let a = (k as f64 + 0.5) / RAYS as f64 * std::f64::consts::TAU;
                let side = a.cos().abs() * c.hy >= a.sin().abs() * c.hx;
                if let (Ray::Hit(d), true) = (r, side) {
                    *b = Some((d - 1.5, d + run + 1.5));
                }
            }
            view.found.push(Claim {
                cx: c.cx,
                cy: c.cy,
                band,
            });
            claimed_any = true;
            out[i] = Some(l);
        }
    }
    out
}

/// The pen loop round one word box, if there is one (see [`loops_around`]).
pub fn loop_around(
    ink: &Binary,
    text: &Binary,
    word: (f64, f64, f64, f64),
    lim: &LoopLimits,
) -> Option<PenLoop> {
    loops_around(ink, text, &[word], lim).pop().flatten()
}

/// Whether the rays show a loop all round the word, and its outline.
fn judge(c: &Cast, lim: &LoopLimits) -> Option<PenLoop> {
    let (cx, cy, rays) = (c.cx, c.cy, &c.rays);
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
    // two-line cell), the few telling rays must nearly all hit, and be
    // more than the handful that the ends of the neighbours' loops and an
    // unread ・ give an uncircled 終了 beside a circled 継続 (seven, where
    // six were once enough: on 96 held-out scans, 122 → 129 of 144
    // image-only decisions right, none of the changed ones a wrong value).
    let telling = (hits + misses) as f64;
    let enough = (hits >= RAYS / 4 && hits as f64 >= lim.min_hits * telling)
        || (hits >= SPARSE_HITS && hits as f64 >= 0.75 * telling);
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

    fn fill(b: &mut Binary, x0: usize, y0: usize, x1: usize, y1: usize) {
        for y in y0..y1 {
            b.ink[y * b.width + x0..y * b.width + x1].fill(true);
        }
    }

    #[test]
    fn the_loop_round_a_neighbour_word_does_not_enclose_a_word_in_a_tight_cell() {
        // 終了 and 継続 on one line of a tight cell: a rule to the left, the
        // lines above and below set close, a loop round 継続 only.
        let mut ink = blank(300, 100);
        let mut text = blank(300, 100);
        let (left, right) = ((40.0, 40.0, 80.0, 60.0), (100.0, 40.0, 140.0, 60.0));
        fill(&mut text, 40, 40, 80, 60);
        fill(&mut text, 100, 40, 140, 60);
        fill(&mut text, 20, 16, 200, 36);
        fill(&mut text, 20, 64, 200, 84);
        fill(&mut text, 28, 0, 32, 100);
        draw_loop(&mut ink, 120.0, 50.0, 27.0, 13.0, 1.0);
        let lim = LoopLimits {
            em: 20.0,
            min_hits: 0.6,
        };
        // The neighbour's loop edge is all the left word shows: alone, it
        // once passed for a loop (with six hits enough where text hides
        // most rays); now too few of its rays hit, and judged together the
        // right word's loop claims that edge as well.
        assert!(loop_around(&ink, &text, left, &lim).is_none());
        let found = loops_around(&ink, &text, &[left, right], &lim);
        assert!(found[0].is_none());
        assert!(found[1].is_some());
    }
}
