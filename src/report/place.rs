//! Where a record sits on its page(s): the table, grid row and the cells it
//! was read from, with each cell's `cells` key and role. Not part of the
//! report JSON; the review draws from it and corrections address cells by it.

use super::header::{HeaderColumn, Role};
use crate::layout::Table;
use crate::pdf::model::Rect;
use serde::{Deserialize, Serialize};

/// One cell a record was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedCell {
    /// The key of the cell in the record's `cells`.
    pub key: String,
    /// The header column's role.
    pub role: Option<Role>,
    /// The ruled box on the page.
    pub bbox: Rect,
}

/// One page's part of a record (a row split over a page break has two).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowPlace {
    /// 1-based page.
    pub page: usize,
    /// Table index into the page layout's `tables`.
    pub table: usize,
    /// Grid row (0-based) within the table.
    pub grid_row: usize,
    /// The row's band across the table.
    pub bbox: Rect,
    /// The cells under each header column, in header order.
    pub cells: Vec<PlacedCell>,
}

/// The `cells` keys of a header: its texts, `列` for an empty one, and a
/// `(2)`, `(3)` … suffix on repeats, so that every column has its own key.
pub fn cell_keys(header: &[HeaderColumn]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(header.len());
    for h in header {
        let base = if h.text.is_empty() {
            "列".to_string()
        } else {
            h.text.clone()
        };
        let mut key = base.clone();
        let mut n = 2;
        while keys.contains(&key) {
            key = format!("{base} ({n})");
            n += 1;
        }
        keys.push(key);
    }
    keys
}

/// The place of grid row `row` of `table`, given the grid columns under
/// each header column.
pub fn row_place(
    page: usize,
    ti: usize,
    table: &Table,
    row: usize,
    columns: &[Vec<usize>],
    header: &[HeaderColumn],
) -> RowPlace {
    let (x0, x1) = (table.bbox.x0, table.bbox.x1);
    let y0 = table.ys.get(row).copied().unwrap_or(table.bbox.y0);
    let y1 = table.ys.get(row + 1).copied().unwrap_or(table.bbox.y1);
    let mut cells = Vec::new();
    for ((key, h), cols) in cell_keys(header).into_iter().zip(header).zip(columns) {
        let mut bbox: Option<Rect> = None;
        for &c in cols {
            if let Some(cell) = table.cell_at(row, c) {
                bbox = Some(bbox.map_or(cell.bbox, |b| b.union(&cell.bbox)));
            }
        }
        if let Some(bbox) = bbox {
            cells.push(PlacedCell {
                key,
                role: h.role,
                bbox,
            });
        }
    }
    RowPlace {
        page,
        table: ti,
        grid_row: row,
        bbox: Rect { x0, y0, x1, y1 },
        cells,
    }
}
