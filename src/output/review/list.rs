//! Why a record needs a look: the reasons the review lists first.

use crate::layout::DecisionValue;
use crate::output::{Record, Report};
use serde::Serialize;

/// A reason a person should check a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// No mark was read in the decision cell.
    Unmarked,
    /// Marks enclose contradicting options.
    Ambiguous,
    /// The decision's confidence is under the threshold.
    LowConfidence,
    /// The row runs over a page break and was joined.
    RowSplit,
    /// Text on the record's page was read as no field.
    UnassignedText,
}

impl Reason {
    /// Every reason, in the order the list shows them.
    pub const ALL: [Reason; 5] = [
        Reason::Unmarked,
        Reason::Ambiguous,
        Reason::LowConfidence,
        Reason::RowSplit,
        Reason::UnassignedText,
    ];

    /// The group heading.
    pub fn title(self) -> &'static str {
        match self {
            Reason::Unmarked => "Unmarked (無記入)",
            Reason::Ambiguous => "Ambiguous (複数選択)",
            Reason::LowConfidence => "Low confidence",
            Reason::RowSplit => "Row split over pages",
            Reason::UnassignedText => "Unassigned text on the page",
        }
    }

    /// The code used in the page's data and CSS classes.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Unmarked => "unmarked",
            Reason::Ambiguous => "ambiguous",
            Reason::LowConfidence => "low_confidence",
            Reason::RowSplit => "row_split",
            Reason::UnassignedText => "unassigned_text",
        }
    }
}

/// The reasons one record needs a look, in list order (empty when none).
///
/// An `unassigned_text` warning flags a record when it names the record's
/// row; one that names only a page is listed on its own, linked to the page.
pub fn reasons(report: &Report, rec: &Record, low_confidence: f64) -> Vec<Reason> {
    let mut out = Vec::new();
    if let Some(d) = &rec.decision
        && d.resolved_by.is_none()
    {
        match d.value {
            DecisionValue::Unmarked => out.push(Reason::Unmarked),
            DecisionValue::Ambiguous => out.push(Reason::Ambiguous),
            _ => {}
        }
        if d.confidence < low_confidence {
            out.push(Reason::LowConfidence);
        }
    }
    if rec.places.len() > 1 {
        out.push(Reason::RowSplit);
    }
    let unassigned = report
        .warnings
        .iter()
        .any(|w| w.code == "unassigned_text" && w.page == Some(rec.page) && w.row == Some(rec.row));
    if unassigned {
        out.push(Reason::UnassignedText);
    }
    out
}

/// How many records of a report need a look.
pub fn flagged_count(report: &Report, low_confidence: f64) -> usize {
    report
        .records
        .iter()
        .filter(|r| !reasons(report, r, low_confidence).is_empty())
        .count()
}
