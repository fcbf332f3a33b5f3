//! Tables from cells: cells that share corners form one table, and the
//! distinct cell borders give its grid, so each cell gets a row, a column
//! and spans (merged cells span several grid slots).

use super::Settings;
use super::cell_text::TextLine;
use crate::pdf::model::Rect;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// One ruled cell, possibly merged over several grid slots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// First grid row (0-based).
    pub row: usize,
    /// First grid column (0-based).
    pub col: usize,
    /// Number of grid rows covered (> 1 for a vertically merged cell).
    pub row_span: usize,
    /// Number of grid columns covered.
    pub col_span: usize,
    /// The ruled box.
    pub bbox: Rect,
    /// The cell's text: soft wraps joined, hard breaks as `\n`, trimmed, NFC.
    pub text: String,
    /// True when the text is written top to bottom.
    pub vertical: bool,
    /// The text lines in reading order, with their glyphs.
    pub lines: Vec<TextLine>,
}

impl Cell {
    /// Whether the cell covers grid slot (row, col).
    pub fn covers(&self, row: usize, col: usize) -> bool {
        row >= self.row
            && row < self.row + self.row_span
            && col >= self.col
            && col < self.col + self.col_span
    }
}

/// One ruled table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Outer box.
    pub bbox: Rect,
    /// Column borders, left to right (`cols + 1` values).
    pub xs: Vec<f64>,
    /// Row borders, top to bottom (`rows + 1` values).
    pub ys: Vec<f64>,
    /// Cells sorted by row then column.
    pub cells: Vec<Cell>,
    /// Which cell covers each grid slot, built on the first [`Table::cell_at`].
    #[serde(skip)]
    pub slots: SlotIndex,
}

/// The first cell covering each grid slot (row-major), so that a slot's cell
/// is found at once instead of by a scan of all cells: reports ask for every
/// slot, which on a table of 140 × 140 cells was 400 million tests.
///
/// Built lazily from `cells`, which are not changed once the table is
/// built. Always equal to another index: it is a cache of the cells.
#[derive(Debug, Clone, Default)]
pub struct SlotIndex(OnceLock<Option<Vec<u32>>>);

impl PartialEq for SlotIndex {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Slot tables larger than this many entries per cell (plus a floor) are
/// not built: a few huge merged cells over a fine grid would cost more
/// memory than the scan costs time.
const SLOTS_PER_CELL: usize = 16;
const SLOTS_FLOOR: usize = 4096;

impl SlotIndex {
    fn build(t: &Table) -> Option<Vec<u32>> {
        let (rows, cols) = (t.rows(), t.cols());
        let limit = t
            .cells
            .len()
            .saturating_mul(SLOTS_PER_CELL)
            .saturating_add(SLOTS_FLOOR);
        let area = |c: &Cell| {
            let r = c.row_span.min(rows.saturating_sub(c.row));
            let k = c.col_span.min(cols.saturating_sub(c.col));
            r.saturating_mul(k)
        };
        let covered = t
            .cells
            .iter()
            .fold(0usize, |n, c| n.saturating_add(area(c)));
        let slots = rows.checked_mul(cols)?;
        if slots > limit || covered > limit || t.cells.len() >= u32::MAX as usize {
            return None;
        }
        let mut index = vec![u32::MAX; slots];
        for (i, c) in t.cells.iter().enumerate() {
            for r in c.row..c.row.saturating_add(c.row_span).min(rows) {
                for k in c.col..c.col.saturating_add(c.col_span).min(cols) {
                    if let Some(s) = index.get_mut(r * cols + k)
                        && *s == u32::MAX
                    {
                        *s = i as u32;
                    }
                }
            }
        }
        Some(index)
    }
}

impl Table {
    /// Number of grid rows.
    pub fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }
    /// Number of grid columns.
    pub fn cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }
    /// The cell covering a grid slot; None where the grid has a hole.
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cell_index_at(row, col).and_then(|i| self.cells.get(i))
    }
    /// Index (into `cells`) of the cell covering a grid slot: the first one
    /// in `cells` when several do.
    pub fn cell_index_at(&self, row: usize, col: usize) -> Option<usize> {
        let index = self.slots.0.get_or_init(|| SlotIndex::build(self));
        match index {
            Some(slots) if row < self.rows() && col < self.cols() => slots
                .get(row * self.cols() + col)
                .filter(|&&i| i != u32::MAX)
                .map(|&i| i as usize),
            // Outside the grid a cell still "covers" a slot its spans reach
            // past the last border; the scan keeps that answer.
            _ => self.cells.iter().position(|c| c.covers(row, col)),
        }
    }
}

/// Union-find root with path halving.
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Sorted distinct values, merging those within `tol`.
fn distinct(mut v: Vec<f64>, tol: f64) -> Vec<f64> {
    v.sort_by(|a, b| a.total_cmp(b));
    let mut out: Vec<f64> = Vec::new();
    for x in v {
        match out.last() {
            Some(&l) if x - l <= tol => {}
            _ => out.push(x),
        }
    }
    out
}

/// Index of the border nearest to `x`.
fn nearest(borders: &[f64], x: f64) -> usize {
    let mut best = 0;
    for (i, b) in borders.iter().enumerate() {
        if (b - x).abs() < (borders[best] - x).abs() {
            best = i;
        }
    }
    best
}

/// One table from its cell rectangles: the distinct borders give the grid.
fn build_table(rects: &[Rect]) -> Table {
    let xs = distinct(rects.iter().flat_map(|r| [r.x0, r.x1]).collect(), 0.01);
    let ys = distinct(rects.iter().flat_map(|r| [r.y0, r.y1]).collect(), 0.01);
    let bbox = rects
        .iter()
        .skip(1)
        .fold(rects.first().copied().unwrap_or_default(), |a, b| {
            a.union(b)
        });
    let mut tcells: Vec<Cell> = rects
        .iter()
        .map(|r| {
            let (c0, c1) = (nearest(&xs, r.x0), nearest(&xs, r.x1));
            let (r0, r1) = (nearest(&ys, r.y0), nearest(&ys, r.y1));
            Cell {
                row: r0,
                col: c0,
                row_span: r1.saturating_sub(r0).max(1),
                col_span: c1.saturating_sub(c0).max(1),
                bbox: *r,
                text: String::new(),
                vertical: false,
                lines: Vec::new(),
            }
        })
        .collect();
    tcells.sort_by_key(|c| (c.row, c.col));
    // Overlapping rectangles can come from doubled rules; keep the first.
    tcells.dedup_by(|a, b| a.row == b.row && a.col == b.col);
    Table {
        bbox,
        xs,
        ys,
        cells: tcells,
        slots: SlotIndex::default(),
    }
}

/// The borders (across the given axis) of the cells covering one grid slot
/// line: column borders of a row when `rows` is true, row borders of a
/// column otherwise.
fn line_borders(t: &Table, i: usize, rows: bool) -> Vec<usize> {
    let mut v: Vec<usize> = t
        .cells
        .iter()
        .filter(|c| {
            let (s, n) = if rows {
                (c.row, c.row_span)
            } else {
                (c.col, c.col_span)
            };
            s <= i && i < s + n
        })
        .flat_map(|c| {
            if rows {
                [c.col, c.col + c.col_span]
            } else {
                [c.row, c.row + c.row_span]
            }
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Where two tables with different grids meet on one rule: a border no
/// cell crosses, where neither side's borders are a subset of the other's
/// (a merged header or title row only drops borders, so it stays with its
/// table). `rows` picks stacked (true) or side-by-side (false) tables.
fn grid_cuts(t: &Table, rows: bool) -> Vec<usize> {
    let n = if rows { t.rows() } else { t.cols() };
    (1..n)
        .filter(|&i| {
            let crossed = t.cells.iter().any(|c| {
                let (s, k) = if rows {
                    (c.row, c.row_span)
                } else {
                    (c.col, c.col_span)
                };
                s < i && i < s + k
            });
            let (a, b) = (line_borders(t, i - 1, rows), line_borders(t, i, rows));
            let subset = |x: &[usize], y: &[usize]| x.iter().all(|v| y.contains(v));
            !crossed && !subset(&a, &b) && !subset(&b, &a)
        })
        .collect()
}

/// Splits a table into the tables with different grids it fuses: stacked
/// ones first, then side by side within each.
fn split_stacked(t: Table) -> Vec<Table> {
    let mut out = Vec::new();
    for part in split_at(t, true) {
        out.extend(split_at(part, false));
    }
    out
}

/// Splits a table at its [`grid_cuts`] along one axis.
fn split_at(t: Table, rows: bool) -> Vec<Table> {
    let cuts = grid_cuts(&t, rows);
    if cuts.is_empty() {
        return vec![t];
    }
    let n = if rows { t.rows() } else { t.cols() };
    let mut out = Vec::new();
    let mut from = 0;
    for to in cuts.into_iter().chain(std::iter::once(n)) {
        let rects: Vec<Rect> = t
            .cells
            .iter()
            .filter(|c| {
                let s = if rows { c.row } else { c.col };
                s >= from && s < to
            })
            .map(|c| c.bbox)
            .collect();
        if !rects.is_empty() {
            out.push(build_table(&rects));
        }
        from = to;
    }
    out
}

/// Groups cells into tables (cells sharing a corner belong together) and
/// gives each cell its grid position and spans. Tables are ordered top to
/// bottom, then left to right; their cells have empty text.
pub fn group_tables(cells: &[Rect], settings: &Settings) -> Vec<Table> {
    let mut parent: Vec<usize> = (0..cells.len()).collect();
    let mut corner_owner: HashMap<(u64, u64), usize> = HashMap::new();
    for (i, c) in cells.iter().enumerate() {
        for (x, y) in [(c.x0, c.y0), (c.x1, c.y0), (c.x0, c.y1), (c.x1, c.y1)] {
            match corner_owner.get(&(x.to_bits(), y.to_bits())) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    parent[a] = b;
                }
                None => {
                    corner_owner.insert((x.to_bits(), y.to_bits()), i);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..cells.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut tables: Vec<Table> = Vec::new();
    for members in groups.values() {
        if members.len() < settings.min_table_cells {
            continue;
        }
        let rects: Vec<Rect> = members.iter().map(|&i| cells[i]).collect();
        let table = build_table(&rects);
        tables.extend(
            split_stacked(table)
                .into_iter()
                .filter(|t| t.cells.len() >= settings.min_table_cells),
        );
    }
    tables.sort_by(|a, b| {
        a.bbox
            .y0
            .total_cmp(&b.bbox.y0)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    tables
}
