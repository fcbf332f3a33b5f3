//! Table rows to records: header groups, merged-cell inheritance,
//! continuation across pages, rows split by a page break, decisions.

use super::header::{HeaderColumn, Role};
use super::{RawRecord, Warning};
use crate::layout::marks::{decide, option_words};
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
        texts.push(parts.join(" "));
    }
    RowCells {
        texts,
        own_text,
        decision_lines,
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

/// Whether a decision column's lines print any option word.
pub(crate) fn has_options(lines: &[TextLine]) -> bool {
    !option_words(&lines.iter().collect::<Vec<_>>()).is_empty()
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

/// Decides a row from its decision lines and marks, adding the warning
/// CONTRACT.md asks for when it is unmarked or ambiguous.
pub(crate) fn row_decision(
    lines: &[TextLine],
    marks: &[&Mark],
    page: usize,
    row: usize,
    settings: &Settings,
    warnings: &mut Vec<Warning>,
) -> crate::layout::Decision {
    let refs: Vec<&TextLine> = lines.iter().collect();
    let d = decide(&refs, marks, settings);
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
