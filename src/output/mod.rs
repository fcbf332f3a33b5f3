//! The report JSON of CONTRACT.md: the types every user and downstream
//! system reads. Field names here are the contract; renaming or dropping one
//! needs a `schema_version` bump.

use crate::layout::Decision;
use crate::normalize::{Count, Event, Period};
use crate::report::{HeaderColumn, Mode, Warning};
use serde::Serialize;

/// The version of this JSON shape.
pub const SCHEMA_VERSION: &str = "1";

/// Where a report came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// File name (filled in by the command line; empty from the library).
    pub file: String,
    /// SHA-256 of the PDF bytes, hex.
    pub sha256: String,
    /// Pages in the PDF.
    pub pages: usize,
    /// `"scan"` when pages were read from their images; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Lowest resolution of the scanned pages, dots per inch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpi: Option<f64>,
}

/// One table row, with its raw cell text and the values read from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// Stable id `p{page}-r{row}`: the same row of the same file gets the
    /// same id on every run, so corrections and reviews can refer to it.
    pub id: String,
    /// 0-based position among all the report's records, in reading order.
    pub index: usize,
    /// 1-based page where the row starts.
    pub page: usize,
    /// 1-based row among the page's records.
    pub row: usize,
    /// 目的 (inherited down merged cells and across pages).
    pub purpose: Option<String>,
    /// 方法 / 取組内容.
    pub method: Option<String>,
    /// Every page number in the 頁 cell.
    pub plan_pages: Vec<u32>,
    /// 実施状況 / 実績.
    pub status: Option<String>,
    /// 評価.
    pub evaluation: Option<String>,
    /// 理由・根拠.
    pub reason: Option<String>,
    /// The circled decision; null only in generic mode (no decision column).
    pub decision: Option<Decision>,
    /// Events read from the status cell.
    pub events: Vec<Event>,
    /// Participants of the row's events, or stated elsewhere in the row.
    pub participants_total: Option<u64>,
    /// Every quantity with a unit in the row.
    pub counts: Vec<Count>,
    /// Every cell by header text, including columns with no named field.
    pub cells: serde_json::Map<String, serde_json::Value>,
}

/// One converted report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// The PDF it came from.
    pub source: Source,
    /// The body name printed above the title (こども連絡会).
    pub body: Option<String>,
    /// The title without period and note.
    pub title: Option<String>,
    /// The reporting period, when printed (or given as a fiscal year).
    pub period: Option<Period>,
    /// The note beside the title (ページ数は…).
    pub note: Option<String>,
    /// Text under the table ((※) …).
    pub footnote: Option<String>,
    /// `report` when the header names known roles, `generic` otherwise.
    pub mode: Mode,
    /// The table's columns: header text and role.
    pub columns: Vec<HeaderColumn>,
    /// One record per leaf row.
    pub records: Vec<Record>,
    /// Problems a person should check (unmarked rows, unassigned text …).
    pub warnings: Vec<Warning>,
}
