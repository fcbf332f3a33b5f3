//! Table rules by morphology: long runs of ink along a row (or column),
//! stacked over a few neighbouring rows into one line with a thickness.

use super::bitmap::Binary;

/// One rule found in the bitmap, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Runs left to right (else top to bottom).
    pub horizontal: bool,
    /// Centre line: y of a horizontal rule, x of a vertical one.
    pub pos: f64,
    /// First pixel along the rule.
    pub start: f64,
    /// One past the last pixel along the rule.
    pub end: f64,
    /// Rows (or columns) it covers.
    pub thickness: f64,
}

/// How long and how thin a run must be to count as a rule, in pixels.
#[derive(Debug, Clone, Copy)]
pub struct RuleLimits {
    /// Shortest run.
    pub min_len: usize,
    /// Longest gap of paper bridged inside a run (JPEG noise, faint toner).
    pub gap: usize,
    /// Thickest line: anything thicker is a filled area, not a rule.
    pub max_thickness: usize,
}

/// A line being built from runs on consecutive rows.
struct Group {
    first: usize,
    last: usize,
    start: usize,
    end: usize,
}

/// Runs of ink along one line of pixels, gaps of up to `gap` bridged.
fn runs(line: &[bool], lim: &RuleLimits, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut cur: Option<(usize, usize)> = None;
    for (i, _) in line.iter().enumerate().filter(|(_, v)| **v) {
        cur = match cur {
            Some((s, last)) if i - last <= lim.gap + 1 => Some((s, i)),
            Some((s, last)) => {
                if last + 1 - s >= lim.min_len {
                    out.push((s, last + 1));
                }
                Some((i, i))
            }
            None => Some((i, i)),
        };
    }
    if let Some((s, last)) = cur
        && last + 1 - s >= lim.min_len
    {
        out.push((s, last + 1));
    }
}

/// Line `l` of a row-major bitmap OR-ed with line `l + 1` (paper past the
/// last line), into `out`.
fn line_pair(ink: &[bool], width: usize, l: usize, out: &mut [bool]) {
    let row = |k: usize| ink.get(k * width..(k + 1) * width);
    match (row(l), row(l + 1)) {
        (Some(a), Some(b)) => {
            for ((o, a), b) in out.iter_mut().zip(a).zip(b) {
                *o = *a | *b;
            }
        }
        (Some(a), None) => out.copy_from_slice(a),
        _ => out.fill(false),
    }
}

/// Rules along the rows of a row-major bitmap (`lines` rows of `len`
/// pixels), each row read together with the next.
fn scan(ink: &[bool], lines: usize, len: usize, horizontal: bool, lim: &RuleLimits) -> Vec<Rule> {
    let mut open: Vec<Group> = Vec::new();
    let mut done: Vec<Group> = Vec::new();
    let mut segs = Vec::new();
    let mut line = vec![false; len];
    for l in 0..lines {
        line_pair(ink, len, l, &mut line);
        runs(&line, lim, &mut segs);
        for &(s, e) in &segs {
            // A run continues a line on the rows just above when it overlaps
            // it, or carries it on end to end: a rule left with a trace of
            // skew steps one pixel sideways every few hundred.
            let hit = open.iter_mut().find(|g| {
                l <= g.last + 2
                    && (s.max(g.start) < e.min(g.end) && {
                        let ov = e.min(g.end) - s.max(g.start);
                        ov * 2 >= (e - s).min(g.end - g.start)
                    } || s <= g.end + lim.gap + 1 && e + lim.gap + 1 >= g.start)
            });
            match hit {
                Some(g) => {
                    g.last = l;
                    g.start = g.start.min(s);
                    g.end = g.end.max(e);
                }
                None => open.push(Group {
                    first: l,
                    last: l,
                    start: s,
                    end: e,
                }),
            }
        }
        let (keep, closed): (Vec<Group>, Vec<Group>) =
            open.into_iter().partition(|g| g.last + 2 >= l);
        open = keep;
        done.extend(closed);
    }
    done.extend(open);
    done.into_iter()
        .filter(|g| g.last - g.first < lim.max_thickness)
        .map(|g| Rule {
            horizontal,
            pos: (g.first + g.last) as f64 / 2.0 + 0.5,
            start: g.start as f64,
            end: g.end as f64,
            thickness: (g.last - g.first + 1) as f64,
        })
        .collect()
}

/// Horizontal and vertical rules of a deskewed bitmap.
///
/// Each line of pixels is read together with the next one, so that a rule
/// left with a trace of skew (one pixel sideways every few hundred) still
/// gives one long run rather than short pieces under the length limit.
pub fn find_rules(b: &Binary, lim: &RuleLimits) -> Vec<Rule> {
    let mut out = scan(&b.ink, b.height, b.width, true, lim);
    // Columns are read as the rows of the transposed bitmap: walking a
    // column of the row-major one misses the cache at every pixel.
    let t = b.transposed();
    out.extend(scan(&t.ink, t.height, t.width, false, lim));
    for r in &mut out {
        // reading two lines at once widened every rule by one
        r.pos += 0.5;
        r.thickness = (r.thickness - 1.0).max(1.0);
    }
    out
}

/// Drops the short rules that touch no rule across them: a table's rules
/// meet at their ends, while the straight bottom of a pen loop under a
/// word (15–40 pt) meets nothing and must stay pen ink. Rules at least
/// `long` pixels long are kept whatever they touch; `reach` is how far an
/// end may fall short of the rule it meets.
pub fn drop_floating(rules: Vec<Rule>, long: f64, reach: f64) -> Vec<Rule> {
    let meets = |r: &Rule, at: f64| {
        rules.iter().any(|o| {
            o.horizontal != r.horizontal
                && (o.pos - at).abs() <= reach + o.thickness / 2.0
                && r.pos >= o.start - reach
                && r.pos <= o.end + reach
        })
    };
    let keep: Vec<bool> = rules
        .iter()
        .map(|r| r.end - r.start >= long || meets(r, r.start) || meets(r, r.end))
        .collect();
    rules
        .into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}

/// Clears the pixels of every rule (with `margin` pixels either side, for
/// the ragged edge a scanned rule has), so that what remains is text and
/// pen strokes.
pub fn erase(b: &mut Binary, rules: &[Rule], margin: f64) {
    for r in rules {
        let half = r.thickness / 2.0 + margin;
        let (a0, a1) = (
            (r.pos - half).max(0.0) as usize,
            (r.pos + half).ceil() as usize,
        );
        let (s, e) = (r.start as usize, r.end.ceil() as usize);
        if r.horizontal {
            b.clear(s, a0, e, a1);
        } else {
            b.clear(a0, s, a1, e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_rule_meeting_nothing_is_dropped_and_grid_rules_kept() {
        let rule = |horizontal, pos, start, end| Rule {
            horizontal,
            pos,
            start,
            end,
            thickness: 1.0,
        };
        let rules = vec![
            rule(true, 10.0, 10.0, 190.0),
            rule(false, 10.0, 10.0, 110.0),
            rule(false, 100.0, 10.0, 110.0),
            // a short cell rule from one vertical rule to the next
            rule(true, 60.0, 10.5, 40.0),
            rule(false, 40.0, 10.0, 60.0),
            // a pen loop's straight bottom, floating under a word
            rule(true, 80.0, 55.0, 85.0),
        ];
        let kept = drop_floating(rules.clone(), 100.0, 3.0);
        assert_eq!(kept.len(), 5);
        assert!(!kept.contains(&rules[5]));
    }

    #[test]
    fn a_grid_gives_its_lines_and_text_gives_none() {
        let (w, h) = (200usize, 120usize);
        let mut ink = vec![false; w * h];
        for x in 10..190 {
            for y in [10usize, 11, 60, 110, 111] {
                ink[y * w + x] = true;
            }
        }
        for y in 10..112 {
            for x in [10usize, 100, 189] {
                ink[y * w + x] = true;
            }
        }
        // a short stroke (text) that must not become a rule
        for x in 30..45 {
            ink[30 * w + x] = true;
        }
        let b = Binary {
            width: w,
            height: h,
            ink,
        };
        let lim = RuleLimits {
            min_len: 40,
            gap: 1,
            max_thickness: 6,
        };
        let rules = find_rules(&b, &lim);
        let hs: Vec<f64> = rules
            .iter()
            .filter(|r| r.horizontal)
            .map(|r| r.pos)
            .collect();
        let vs: Vec<f64> = rules
            .iter()
            .filter(|r| !r.horizontal)
            .map(|r| r.pos)
            .collect();
        assert_eq!(hs, vec![11.0, 60.5, 111.0]);
        assert_eq!(vs, vec![10.5, 100.5, 189.5]);
    }
}
