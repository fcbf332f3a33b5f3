//! Table rows to records: header groups, merged-cell inheritance,
//! continuation across pages, rows split by a page break, decisions.

use super::decision::{COLUMN_MARKS, column_word, decide, decide_columns, has_choice_text};
use super::header::{HeaderColumn, Role};
use super::{RawRecord, Warning};
use crate::layout::{Mark, PageLayout, Settings, Table, TextLine};

/// The text of each header column for one grid row, with what the
/// row-split logic needs to know about it.
pub(crate) struct RowCells {
    /// Text per header column ("" when empty).
    pub texts: Vec<String>,
    /// Whether any cell that starts in this row has text.
    pub own_text: bool,
    /// Lines of the decision column's cells.
    pub decision_lines: Vec<TextLine>,
    /// Per-option decision columns (終了 | 継続 | …): each column's word and
    /// the row's text under it; empty for a single decision column.
    pub option_cells: Vec<(&'static str, String)>,
}

/// Collects the cells of grid row `row` under each header column.
pub(crate) fn row_cells(
    table: &Table,
    row: usize,
    columns: &[Vec<usize>],
    header: &[HeaderColumn],
) -> RowCells {
    let mut texts = Vec::with_capacity(columns.len());
    let mut own_text = false;
    let mut decision_lines = Vec::new();
    let mut option_cells = Vec::new();
    for (gi, cols) in columns.iter().enumerate() {
        let mut seen: Vec<usize> = Vec::new();
        let mut parts: Vec<&str> = Vec::new();
        for &c in cols {
            let Some(ci) = table.cell_index_at(row, c) else {
                continue;
            };
            if seen.contains(&ci) {
                continue;
            }
            seen.push(ci);
            let cell = &table.cells[ci];
            if !cell.text.is_empty() {
                parts.push(&cell.text);
                if cell.row == row {
                    own_text = true;
                }
            }
            if header.get(gi).and_then(|h| h.role) == Some(Role::Decision) {
                decision_lines.extend(cell.lines.iter().cloned());
            }
        }
        let text = parts.join(" ");
        if let Some(h) = header.get(gi).filter(|h| h.role == Some(Role::Decision))
            && let Some(word) = h.option
        {
            option_cells.push((word, text.clone()));
        }
        texts.push(text);
    }
    RowCells {
        texts,
        own_text,
        decision_lines,
        option_cells,
    }
}

/// Gives the decision role to per-option columns: two or more adjacent
/// header columns each named by one decision word (終了 | 継続 | 同じ | 変更,
/// or 拡充 | 現状維持 | 縮小 | 廃止 under a 今後の方向性 caption) whose data
/// cells print nothing but marks (○, ✓ …), some of them at least: a table
/// counting 継続 | 廃止 cases is not a choice. Each keeps its word in
/// `option`; the row's decision is read from the marks under them.
pub(crate) fn option_columns(
    table: &Table,
    start: usize,
    columns: &[Vec<usize>],
    header: &mut [HeaderColumn],
) {
    let words: Vec<Option<&'static str>> = header.iter().map(|h| column_word(&h.text)).collect();
    let texts = |gi: usize| {
        let cols = columns.get(gi).map(Vec::as_slice).unwrap_or_default();
        (start..table.rows()).flat_map(move |r| {
            cols.iter()
                .filter_map(move |&c| table.cell_at(r, c))
                .filter(move |c| c.row == r)
                .map(|c| c.text.trim())
        })
    };
    let marks_only = |a: usize, b: usize| {
        let all: Vec<&str> = (a..b).flat_map(texts).filter(|t| !t.is_empty()).collect();
        !all.is_empty() && all.iter().all(|t| COLUMN_MARKS.contains(t))
    };
    let mut i = 0;
    while i < words.len() {
        let run = words[i..].iter().take_while(|w| w.is_some()).count();
        if run >= 2 && marks_only(i, i + run) {
            // One decision per row: other decision columns give way.
            for h in header.iter_mut() {
                if h.role == Some(Role::Decision) {
                    h.role = None;
                }
            }
            for (h, w) in header[i..i + run].iter_mut().zip(&words[i..i + run]) {
                h.role = Some(Role::Decision);
                h.option = *w;
            }
            return;
        }
        i += run + 1;
    }
}

/// The marks of a page that belong to one row of one table and fall in the
/// given grid columns. Where the decision cell is merged over several grid
/// rows, a mark anywhere in it counts for each of those rows: they share
/// the cell and so its decision.
pub(crate) fn row_marks<'a>(
    page: &'a PageLayout,
    table: usize,
    row: usize,
    cols: &[usize],
) -> Vec<&'a Mark> {
    let t = page.tables.get(table);
    let in_cell = |mr: usize, mc: usize| {
        if mr == row {
            return true;
        }
        // The slot (row, mc) and the mark's slot lie in one merged cell.
        t.and_then(|t| t.cell_at(row, mc))
            .is_some_and(|c| c.covers(mr, mc))
    };
    page.marks
        .iter()
        .filter(|m| {
            m.table == Some(table)
                && matches!((m.row, m.col), (Some(r), Some(c)) if cols.contains(&c) && in_cell(r, c))
        })
        .collect()
}

/// Whether a row prints what its decision is read from: an option word, a
/// box, or a mark in a per-option column.
pub(crate) fn has_options(rc: &RowCells) -> bool {
    has_choice_text(&rc.decision_lines.iter().collect::<Vec<_>>())
        || rc.option_cells.iter().any(|(_, t)| !t.trim().is_empty())
}

/// Fills a record's named fields and its `cells` from the texts of a row.
pub(crate) fn fill_record(rec: &mut RawRecord, header: &[HeaderColumn], texts: &[String]) {
    let opt = |s: &str| {
        if s.is_empty() {
            None
        } else {
            Some(s.to_string())
        }
    };
    rec.cells.clear();
    for ((h, t), key) in header
        .iter()
        .zip(texts)
        .zip(super::place::cell_keys(header))
    {
        rec.cells.insert(key, serde_json::Value::String(t.clone()));
        match h.role {
            Some(Role::Purpose) => rec.purpose = opt(t),
            Some(Role::Method) => rec.method = opt(t),
            Some(Role::Pages) => rec.pages = opt(t),
            Some(Role::Status) => rec.status = opt(t),
            Some(Role::Evaluation) => rec.evaluation = opt(t),
            Some(Role::Reason) => rec.reason = opt(t),
            Some(Role::Decision) | None => {}
        }
    }
}

/// Decides a row from its decision cells and marks, adding the warning
/// CONTRACT.md asks for when it is unmarked or ambiguous.
pub(crate) fn row_decision(
    rc: &RowCells,
    marks: &[&Mark],
    page: usize,
    row: usize,
    settings: &Settings,
    warnings: &mut Vec<Warning>,
) -> crate::layout::Decision {
    let d = if rc.option_cells.is_empty() {
        let refs: Vec<&TextLine> = rc.decision_lines.iter().collect();
        decide(&refs, marks, settings)
    } else {
        decide_columns(&rc.option_cells)
    };
    use crate::layout::DecisionValue::*;
    let code = match d.value {
        Unmarked => Some("unmarked_decision"),
        Ambiguous => Some("ambiguous_mark"),
        _ => None,
    };
    if let Some(code) = code {
        warnings.push(Warning {
            row: Some(row),
            page: Some(page),
            code: code.into(),
            message: format!(
                "row {row}: {}",
                d.note.clone().unwrap_or_else(|| "decision not read".into())
            ),
        });
    }
    d
}
