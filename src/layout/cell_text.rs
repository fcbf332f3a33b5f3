//! Text inside cells: glyphs to cells, glyphs to lines in reading order, and
//! lines joined by the soft-wrap / hard-break rule.

use super::Settings;
use super::spatial::BoxGrid;
use super::tables::Table;
use crate::pdf::model::{Glyph, Rect};
use serde::{Deserialize, Serialize};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// A glyph reduced to what later stages need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedGlyph {
    /// Unicode text as given by the page model.
    pub text: String,
    /// Box on the page.
    pub bbox: Rect,
    /// Font size in points.
    pub size: f64,
    /// Written top to bottom.
    pub vertical: bool,
}

impl From<Glyph> for PlacedGlyph {
    fn from(g: Glyph) -> Self {
        PlacedGlyph {
            text: g.text,
            bbox: g.bbox,
            size: g.size,
            vertical: g.vertical,
        }
    }
}

impl From<&Glyph> for PlacedGlyph {
    fn from(g: &Glyph) -> Self {
        PlacedGlyph {
            text: g.text.clone(),
            bbox: g.bbox,
            size: g.size,
            vertical: g.vertical,
        }
    }
}

/// One line of text (a column, for vertical text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextLine {
    /// The line's text, spaces inserted at wide gaps.
    pub text: String,
    /// Union of the glyph boxes.
    pub bbox: Rect,
    /// Median font size.
    pub size: f64,
    /// Written top to bottom.
    pub vertical: bool,
    /// True when the next line continues this one (the text was wrapped by
    /// the cell edge, not broken by the author).
    pub soft_wrap: bool,
    /// Glyphs in reading order.
    pub glyphs: Vec<PlacedGlyph>,
}

/// Whether a glyph carries only blank text.
fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace())
}

/// A glyph's size, falling back on its box when the size is unusable.
fn glyph_size(g: &PlacedGlyph) -> f64 {
    if g.size.is_finite() && g.size > 0.0 {
        g.size
    } else {
        g.bbox.height().abs().max(g.bbox.width().abs()).max(1.0)
    }
}

/// Median of a non-empty slice (0 when empty).
pub(crate) fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Groups glyphs into lines in reading order: horizontal lines top to
/// bottom, each left to right; vertical columns right to left, each top to
/// bottom. Glyphs drawn twice (fake bold) are kept once.
pub fn group_lines(glyphs: Vec<PlacedGlyph>, settings: &Settings) -> Vec<TextLine> {
    // Lines are planned on indices, then the glyphs are moved into them.
    let (vert, horiz): (Vec<Indexed<'_>>, Vec<Indexed<'_>>) =
        glyphs.iter().enumerate().partition(|(_, g)| g.vertical);
    let plan: Vec<(bool, Vec<usize>)> = group_dir(&horiz, false, settings)
        .into_iter()
        .map(|l| (false, l))
        .chain(
            group_dir(&vert, true, settings)
                .into_iter()
                .map(|l| (true, l)),
        )
        .collect();
    let mut slots: Vec<Option<PlacedGlyph>> = glyphs.into_iter().map(Some).collect();
    plan.into_iter()
        .filter_map(|(vertical, line)| {
            let gs = line
                .into_iter()
                .filter_map(|i| slots.get_mut(i).and_then(Option::take))
                .collect();
            build_line(gs, vertical, settings)
        })
        .collect()
}

/// A glyph with its position in the input.
type Indexed<'a> = (usize, &'a PlacedGlyph);

/// Lines of one writing direction, as the input positions of their glyphs.
fn group_dir(glyphs: &[Indexed<'_>], vertical: bool, settings: &Settings) -> Vec<Vec<usize>> {
    // "Across" is the axis lines are stacked on; "along" is reading direction.
    let across = |r: &Rect| if vertical { (r.x0, r.x1) } else { (r.y0, r.y1) };
    let mut sorted: Vec<Indexed<'_>> = glyphs.to_vec();
    sorted.sort_by(|(_, a), (_, b)| {
        let (a0, a1) = across(&a.bbox);
        let (b0, b1) = across(&b.bbox);
        let (ca, cb) = ((a0 + a1) / 2.0, (b0 + b1) / 2.0);
        if vertical {
            cb.total_cmp(&ca)
        } else {
            ca.total_cmp(&cb)
        }
    });
    // Each line's band grows only with glyphs of its first glyph's size: a
    // larger glyph beside two small lines 2 pt apart would otherwise bridge
    // them into one interleaved line (「令【和事5業年実度施～期9間年】度」).
    let mut groups: Vec<(f64, f64, f64, Vec<Indexed<'_>>)> = Vec::new();
    for ig in sorted {
        let g = ig.1;
        let (g0, g1) = across(&g.bbox);
        let placed = groups.iter_mut().rev().take(2).find(|(l0, l1, _, _)| {
            let overlap = l1.min(g1) - l0.max(g0);
            let smaller = (l1 - l0).min(g1 - g0).max(0.1);
            overlap >= settings.line_overlap * smaller
        });
        match placed {
            Some(l) => {
                if same_size(l.2, glyph_size(g)) {
                    l.0 = l.0.min(g0);
                    l.1 = l.1.max(g1);
                }
                l.3.push(ig);
            }
            None => groups.push((g0, g1, glyph_size(g), vec![ig])),
        }
    }
    let groups: Vec<Vec<Indexed<'_>>> = groups
        .into_iter()
        .flat_map(|(_, _, _, gs)| split_runs(gs, vertical, settings))
        .collect();
    let mut lines = Vec::new();
    for gs in groups {
        let mut kept: Vec<Indexed<'_>> = Vec::new();
        for ig in gs {
            let g = ig.1;
            if let Some(&(_, prev)) = kept.last() {
                // Relative to the glyph's own width too: "ii" in a
                // proportional font is two glyphs 2pt apart, not one drawn twice.
                let tol = (settings.duplicate_glyph_em * glyph_size(g))
                    .min(0.5 * g.bbox.width().abs().max(g.bbox.height().abs() * 0.1));
                if prev.text == g.text
                    && (prev.bbox.x0 - g.bbox.x0).abs() < tol
                    && (prev.bbox.y0 - g.bbox.y0).abs() < tol
                {
                    continue;
                }
            }
            kept.push(ig);
        }
        if !kept.is_empty() {
            lines.push(kept.into_iter().map(|(i, _)| i).collect());
        }
    }
    lines
}

/// Whether two font sizes are one size class (within 20 %).
fn same_size(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.2 * a.max(b)
}

/// A line's glyphs in reading order, cut where a wide gap separates runs of
/// different sizes (a name and a small boxed note printed beside it): they
/// are two texts that happen to share a band.
fn split_runs<'a>(
    mut gs: Vec<Indexed<'a>>,
    vertical: bool,
    settings: &Settings,
) -> Vec<Vec<Indexed<'a>>> {
    let along = |r: &Rect| if vertical { (r.y0, r.y1) } else { (r.x0, r.x1) };
    gs.sort_by(|(_, a), (_, b)| along(&a.bbox).0.total_cmp(&along(&b.bbox).0));
    let cut = |p: &PlacedGlyph, g: &PlacedGlyph| {
        let (ps, gsz) = (glyph_size(p), glyph_size(g));
        let gap = along(&g.bbox).0 - along(&p.bbox).1;
        !same_size(ps, gsz) && gap > settings.furniture_gap_em * ps.min(gsz)
    };
    // Most lines are one run: kept as they are, without a copy.
    if !gs.windows(2).any(|w| cut(w[0].1, w[1].1)) {
        return vec![gs];
    }
    let mut out: Vec<Vec<Indexed<'a>>> = Vec::new();
    for ig in gs {
        let cut_here = out
            .last()
            .and_then(|run| run.last())
            .is_some_and(|&(_, p)| cut(p, ig.1));
        match out.last_mut() {
            Some(run) if !cut_here => run.push(ig),
            _ => out.push(vec![ig]),
        }
    }
    out
}

/// Assembles a line's text, inserting a space at gaps wider than
/// `space_gap_em` where the PDF drew none.
pub(crate) fn build_line(
    glyphs: Vec<PlacedGlyph>,
    vertical: bool,
    settings: &Settings,
) -> Option<TextLine> {
    let first = glyphs.first()?;
    let mut bbox = first.bbox;
    let mut text = String::new();
    let mut prev: Option<&PlacedGlyph> = None;
    for g in &glyphs {
        bbox = bbox.union(&g.bbox);
        if let Some(p) = prev {
            let gap = if vertical {
                g.bbox.y0 - p.bbox.y1
            } else {
                g.bbox.x0 - p.bbox.x1
            };
            if gap > settings.space_gap_em * glyph_size(g)
                && !is_blank(&p.text)
                && !is_blank(&g.text)
            {
                text.push(' ');
            }
        }
        text.push_str(&g.text);
        prev = Some(g);
    }
    let size = median(glyphs.iter().map(glyph_size).collect());
    Some(TextLine {
        text,
        bbox,
        size,
        vertical,
        soft_wrap: false,
        glyphs,
    })
}

/// Characters that may not begin a line (kinsoku): a line breaker moves
/// one more character down with them, so the line above ends shorter.
fn no_line_start(c: char) -> bool {
    // Only the closing punctuation every engine honours; Chromium and
    // LibreOffice do start lines with ・, ー and small kana.
    "、。，．,.)）」』】〕〉》！？!?：；".contains(c)
}

/// Characters that open a list item or a new entry.
fn starts_item(c: char) -> bool {
    matches!(c as u32, 0x2460..=0x2473 | 0x3251..=0x325F | 0x32B1..=0x32BF | 0x2776..=0x277F)
        || "◇◆●■□※◎☆★".contains(c)
}

/// Characters that may not end a line: a line breaker carries them down
/// with the character they open.
fn no_line_end(c: char) -> bool {
    "(（「『【〔〈《".contains(c)
}

/// The extent, along the reading direction, that the next line's first
/// unbreakable piece needs: a whole Latin word, or a glyph together with
/// the glyphs kinsoku forbids to separate from it (`や、` moves down as
/// one; `「` moves with the character it opens; a line that starts with `、`
/// took one more character down with it).
fn first_piece_len(line: &TextLine) -> f64 {
    let len = |g: &PlacedGlyph| {
        if line.vertical {
            g.bbox.height()
        } else {
            g.bbox.width()
        }
    };
    let Some(first) = line.glyphs.first() else {
        return 0.0;
    };
    let is_word = |g: &PlacedGlyph| g.text.chars().all(|c| c.is_ascii_alphanumeric());
    if is_word(first) {
        return line.glyphs.iter().take_while(|g| is_word(g)).map(len).sum();
    }
    let starts = |g: &PlacedGlyph, f: fn(char) -> bool| g.text.chars().next().is_some_and(f);
    let mut total = len(first);
    if starts(first, no_line_start) {
        total += len(first);
    }
    let mut rest = line.glyphs.iter().skip(1);
    if starts(first, no_line_end)
        && let Some(g) = rest.next()
    {
        total += len(g);
    }
    total
        + rest
            .take_while(|g| starts(g, no_line_start))
            .take(2)
            .map(len)
            .sum::<f64>()
}

/// Decides for each line whether it wraps softly into the next one, and
/// joins the lines into the cell's text (NFC, trimmed).
pub fn join_lines(lines: &mut [TextLine], cell: &Rect, settings: &Settings) -> String {
    let n = lines.len();
    for i in 0..n.saturating_sub(1) {
        let (cur, next) = (&lines[i], &lines[i + 1]);
        let end = cur
            .glyphs
            .iter()
            .rev()
            .find(|g| !is_blank(&g.text))
            .map(|g| if cur.vertical { g.bbox.y1 } else { g.bbox.x1 })
            .unwrap_or(if cur.vertical {
                cur.bbox.y1
            } else {
                cur.bbox.x1
            });
        let room = if cur.vertical {
            cell.y1 - end
        } else {
            cell.x1 - end
        };
        // A line opening with an enumerator (①, ◇, ※ …) starts a new item
        // even when the line above happens to end near the edge.
        let item = next
            .glyphs
            .first()
            .and_then(|g| g.text.chars().next())
            .is_some_and(starts_item);
        let soft = cur.vertical == next.vertical
            && !item
            && room < first_piece_len(next) + settings.wrap_slack;
        lines[i].soft_wrap = soft;
    }
    let mut text = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 && !lines[i - 1].soft_wrap {
            text.push('\n');
        }
        text.push_str(&l.text);
    }
    // Most cells are already NFC: checked without a copy.
    let joined = if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        text.nfc().collect()
    };
    // Trim each line's blanks too, so "\n" never sits next to padding.
    let mut out = String::with_capacity(joined.len());
    for (i, line) in joined.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.trim());
    }
    let trimmed = out.trim();
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

/// The index (table, cell) of the cell holding a point; the smallest when
/// tables nest.
pub fn locate(tables: &[Table], x: f64, y: f64) -> Option<(usize, usize)> {
    CellIndex::new(tables).locate(tables, x, y)
}

/// Every cell of every table in a [`BoxGrid`], for [`locate`] per glyph
/// without scanning all cells each time.
struct CellIndex {
    /// (table, cell) by grid item, in table then cell order.
    ids: Vec<(usize, usize)>,
    grid: BoxGrid,
    /// By table and cell: no other cell's box reaches inside this one's, so
    /// a point strictly inside it is held by it alone.
    alone: Vec<Vec<bool>>,
}

impl CellIndex {
    fn new(tables: &[Table]) -> Self {
        let mut ids = Vec::new();
        let mut boxes = Vec::new();
        for (ti, t) in tables.iter().enumerate() {
            for (ci, c) in t.cells.iter().enumerate() {
                ids.push((ti, ci));
                boxes.push(c.bbox);
            }
        }
        let grid = BoxGrid::new(&boxes);
        let mut alone: Vec<Vec<bool>> = tables.iter().map(|t| vec![false; t.cells.len()]).collect();
        let mut near = Vec::new();
        for (i, (&(ti, ci), b)) in ids.iter().zip(&boxes).enumerate() {
            grid.near_into(b, &mut near);
            let inside = |o: &Rect| o.x0 < b.x1 && o.x1 > b.x0 && o.y0 < b.y1 && o.y1 > b.y0;
            let clear = near
                .iter()
                .all(|&j| j == i || boxes.get(j).is_none_or(|o| !inside(o)));
            if let Some(a) = alone.get_mut(ti).and_then(|t| t.get_mut(ci)) {
                *a = clear;
            }
        }
        CellIndex { grid, ids, alone }
    }

    /// Whether cell `c` of table `t` is the one [`CellIndex::locate`] gives
    /// for (x, y), known without a search: the point is strictly inside a
    /// cell no other reaches into, and inside its table.
    fn only_holder(&self, tables: &[Table], t: usize, c: usize, x: f64, y: f64) -> bool {
        let Some(table) = tables.get(t) else {
            return false;
        };
        let Some(cell) = table.cells.get(c) else {
            return false;
        };
        let b = &cell.bbox;
        self.alone.get(t).and_then(|a| a.get(c)).copied() == Some(true)
            && b.x0 < x
            && x < b.x1
            && b.y0 < y
            && y < b.y1
            && table.bbox.contains(x, y)
    }

    /// As a scan of all cells: the smallest holding cell, the first on ties.
    fn locate(&self, tables: &[Table], x: f64, y: f64) -> Option<(usize, usize)> {
        self.locate_with(tables, x, y, &mut Vec::new())
    }

    /// [`CellIndex::locate`] with a candidate buffer reused across glyphs.
    fn locate_with(
        &self,
        tables: &[Table],
        x: f64,
        y: f64,
        candidates: &mut Vec<usize>,
    ) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize, f64)> = None;
        self.grid.at_into(x, y, candidates);
        for &id in candidates.iter() {
            let Some(&(ti, ci)) = self.ids.get(id) else {
                continue;
            };
            let Some(t) = tables.get(ti) else { continue };
            let Some(c) = t.cells.get(ci) else { continue };
            if t.bbox.contains(x, y) && c.bbox.contains(x, y) {
                let area = c.bbox.width() * c.bbox.height();
                if best.is_none_or(|(_, _, a)| area < a) {
                    best = Some((ti, ci, area));
                }
            }
        }
        best.map(|(t, c, _)| (t, c))
    }
}

/// Puts each glyph into the cell holding its centre and fills the cells'
/// lines and text; returns the glyphs that fell in no cell.
pub fn fill_cells(
    tables: &mut [Table],
    glyphs: Vec<PlacedGlyph>,
    settings: &Settings,
) -> Vec<PlacedGlyph> {
    let index = CellIndex::new(tables);
    let mut candidates = Vec::new();
    // Located first and counted, so that each cell's list is allocated
    // once at its size rather than grown (and its glyphs moved) push by push.
    let mut counts: Vec<Vec<usize>> = tables.iter().map(|t| vec![0; t.cells.len()]).collect();
    let mut unplaced = 0;
    let mut last: Option<(usize, usize)> = None;
    let homes: Vec<Option<(usize, usize)>> = glyphs
        .iter()
        .map(|g| {
            let (x, y) = (g.bbox.cx(), g.bbox.cy());
            // Glyphs come in drawing order, mostly cell after cell.
            let home = match last.filter(|&(t, c)| index.only_holder(tables, t, c, x, y)) {
                Some(h) => Some(h),
                None => index.locate_with(tables, x, y, &mut candidates),
            };
            match home.and_then(|(t, c)| counts.get_mut(t)?.get_mut(c)) {
                Some(n) => *n += 1,
                None => unplaced += 1,
            }
            last = home;
            home
        })
        .collect();
    let mut per_cell: Vec<Vec<Vec<PlacedGlyph>>> = counts
        .iter()
        .map(|t| t.iter().map(|&n| Vec::with_capacity(n)).collect())
        .collect();
    let mut rest = Vec::with_capacity(unplaced);
    for (g, home) in glyphs.into_iter().zip(homes) {
        match home.and_then(|(t, c)| per_cell.get_mut(t)?.get_mut(c)) {
            Some(cell) => cell.push(g),
            None => rest.push(g),
        }
    }
    for (t, cells) in tables.iter_mut().zip(per_cell) {
        for (cell, gs) in t.cells.iter_mut().zip(cells) {
            let mut lines = group_lines(gs, settings);
            cell.vertical =
                !lines.is_empty() && lines.iter().filter(|l| l.vertical).count() * 2 > lines.len();
            cell.text = join_lines(&mut lines, &cell.bbox, settings);
            cell.lines = lines;
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tables::Cell;

    fn cell(x0: f64, y0: f64, x1: f64, y1: f64) -> Cell {
        Cell {
            row: 0,
            col: 0,
            row_span: 1,
            col_span: 1,
            bbox: Rect { x0, y0, x1, y1 },
            text: String::new(),
            vertical: false,
            lines: Vec::new(),
        }
    }

    #[test]
    fn the_shortcut_agrees_with_the_search() {
        // Two cells side by side, one holding a smaller one, one overlapping
        // a neighbour, and a second table over part of the first.
        let first = Table {
            bbox: Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 100.0,
                y1: 50.0,
            },
            xs: Vec::new(),
            ys: Vec::new(),
            cells: vec![
                cell(0.0, 0.0, 50.0, 50.0),
                cell(50.0, 0.0, 100.0, 50.0),
                cell(60.0, 10.0, 70.0, 20.0),
                cell(0.0, 0.0, 20.0, 10.0),
                cell(10.0, 5.0, 30.0, 15.0),
            ],
            slots: Default::default(),
        };
        let second = Table {
            bbox: Rect {
                x0: 80.0,
                y0: 30.0,
                x1: 120.0,
                y1: 60.0,
            },
            xs: Vec::new(),
            ys: Vec::new(),
            cells: vec![cell(80.0, 30.0, 120.0, 60.0)],
            slots: Default::default(),
        };
        let tables = [first, second];
        let index = CellIndex::new(&tables);
        assert_eq!(
            index.alone,
            vec![vec![false, false, false, false, false], vec![false]]
        );
        let lone = [Table {
            bbox: tables[0].bbox,
            xs: Vec::new(),
            ys: Vec::new(),
            cells: vec![cell(0.0, 0.0, 50.0, 50.0), cell(50.0, 0.0, 100.0, 50.0)],
            slots: Default::default(),
        }];
        let lone_index = CellIndex::new(&lone);
        assert_eq!(lone_index.alone, vec![vec![true, true]]);
        for (tables, index) in [(&tables[..], &index), (&lone[..], &lone_index)] {
            for xi in 0..=250 {
                for yi in 0..=130 {
                    let (x, y) = (f64::from(xi) / 2.0, f64::from(yi) / 2.0);
                    let found = index.locate(tables, x, y);
                    for (t, table) in tables.iter().enumerate() {
                        for c in 0..table.cells.len() {
                            if index.only_holder(tables, t, c, x, y) {
                                assert_eq!(found, Some((t, c)), "({x}, {y})");
                            }
                        }
                    }
                }
            }
        }
        // On the shared edge both cells hold the point: no shortcut.
        assert!(!lone_index.only_holder(&lone, 0, 0, 50.0, 25.0));
        assert!(lone_index.only_holder(&lone, 0, 0, 25.0, 25.0));
    }
}
