//! The report JSON of CONTRACT.md: the types every user and downstream
//! system reads. Field names here are the contract; renaming or dropping one
//! needs a `schema_version` bump.

pub mod review;

use crate::layout::{Decision, DecisionValue};
use crate::normalize::{Count, Event, Period};
use crate::report::place::RowPlace;
use crate::report::{Choice, Field, FormDecision, HeaderColumn, Mode, Warning};
use serde::{Deserialize, Serialize};

/// The version of this JSON shape.
pub const SCHEMA_VERSION: &str = "1";

/// Where a report came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The runtime that read image-only pages by OCR (`"onnxruntime"` or
    /// `"rten"`); absent when no page was read by OCR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<String>,
}

/// One table row, with its raw cell text and the values read from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The decision (circled, checked, marked in its column or typed); null
    /// only in table mode (no decision column).
    pub decision: Option<RecordDecision>,
    /// Events read from the status cell.
    pub events: Vec<Event>,
    /// Participants of the row's events, or stated elsewhere in the row.
    pub participants_total: Option<u64>,
    /// Every quantity with a unit in the row.
    pub counts: Vec<Count>,
    /// Every cell by header text, including columns with no named field.
    pub cells: serde_json::Map<String, serde_json::Value>,
    /// Keys of `cells` whose text a person corrected in the review
    /// (`extract --corrections`); absent when none was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrected: Vec<String>,
    /// What is known about how each cell was read, by `cells` key: on
    /// image-only scans read by OCR, `{"ocr_confidence": 0.97}` (mean
    /// character probability of the lines read in the cell). Absent for
    /// text from a PDF's text layer.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub cells_meta: serde_json::Map<String, serde_json::Value>,
    /// Where the row was read on the page(s); for the review, not in JSON.
    #[serde(skip)]
    pub places: Vec<RowPlace>,
}

impl Report {
    /// An empty report standing for a file that could not be converted,
    /// with the error as its one warning (the review draws its pages).
    pub fn failed(file: &str, sha256: String, pages: usize, err: &crate::Error) -> Report {
        Report {
            schema_version: SCHEMA_VERSION.into(),
            source: Source {
                file: file.into(),
                sha256,
                pages,
                kind: None,
                dpi: None,
                ocr: None,
            },
            body: None,
            title: None,
            period: None,
            note: None,
            footnote: None,
            mode: Mode::Table,
            columns: Vec::new(),
            records: Vec::new(),
            fields: Vec::new(),
            choices: Vec::new(),
            decision: None,
            warnings: vec![Warning {
                page: None,
                row: None,
                code: err.code.as_str().into(),
                message: err.message.clone(),
            }],
        }
    }
}

/// A record's decision: the machine's reading, or a person's correction
/// with the machine's reading kept beside it.
///
/// Serializes flat: the reading's fields (`value`, `marked`, `confidence`
/// …), then `label`, `resolved_by` and `machine` when a person decided.
///
/// # What `confidence` means
///
/// This is the one definition (the schema's description and the README
/// repeat it). `confidence` (0..1) is how sure the reading is that `value`
/// is what the page shows: a score, not a calibrated probability.
/// It is 1 when every printed option word lies clearly inside or clearly
/// outside a closed mark, and for a person's decision. It is lowered by:
/// - an option word about half inside a mark: the word nearest the
///   coverage cut (`Settings::mark_word_coverage`) scales it down to 0.6;
/// - a loop left open: × (1 − gap / 2), the gap relative to the loop's size;
/// - a printed ○ glyph rather than a drawn mark: × 0.95;
/// - a decision typed as one word with no mark: 0.8.
///
/// Unmarked readings: 0.9 when option words are printed and no mark lies in
/// the cell, 0.5 when the cell has neither, 0.4 when a mark encloses no
/// option word. Ambiguous: 0.3. The review lists decisions under
/// `--low-confidence` (default 0.8) for a look.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordDecision {
    /// The decision as it stands; a reviewer's label replaces `label`.
    #[serde(flatten)]
    pub reading: Decision,
    /// `"review"` when a person set the decision; absent for the machine's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<String>,
    /// The machine's reading, kept when a person overrode it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub machine: Option<Decision>,
}

impl From<Decision> for RecordDecision {
    fn from(reading: Decision) -> Self {
        RecordDecision {
            reading,
            resolved_by: None,
            machine: None,
        }
    }
}

impl std::ops::Deref for RecordDecision {
    type Target = Decision;
    fn deref(&self) -> &Decision {
        &self.reading
    }
}

impl RecordDecision {
    /// Whether the value is one a person should look at.
    pub fn needs_look(&self) -> bool {
        matches!(
            self.reading.value,
            DecisionValue::Unmarked | DecisionValue::Ambiguous
        )
    }
}

/// One converted report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// `report` for a row table with the report roles, `table` for a ruled
    /// table with unknown roles, `form` for an evaluation sheet.
    pub mode: Mode,
    /// The table's columns: header text and role.
    pub columns: Vec<HeaderColumn>,
    /// One record per leaf row.
    pub records: Vec<Record>,
    /// Problems a person should check (unmarked rows, unassigned text …).
    pub warnings: Vec<Warning>,
    /// A form's labelled fields, each under its numbered heading.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// A form's option groups (○/● columns, □/■ boxes) with what is chosen.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// A form's decision (from its 方向性 field); null for tables, whose
    /// decisions are per record.
    #[serde(default)]
    pub decision: Option<FormDecision>,
}

/// The fields of a [`Report`] before `records`, serialized as the report
/// serializes them: a streamed report is written head, records, tail.
#[derive(Debug, Serialize)]
pub struct ReportHead<'a> {
    /// [`Report::schema_version`].
    pub schema_version: &'a str,
    /// [`Report::source`].
    pub source: &'a Source,
    /// [`Report::body`].
    pub body: &'a Option<String>,
    /// [`Report::title`].
    pub title: &'a Option<String>,
    /// [`Report::period`].
    pub period: &'a Option<Period>,
    /// [`Report::note`].
    pub note: &'a Option<String>,
    /// [`Report::footnote`].
    pub footnote: &'a Option<String>,
    /// [`Report::mode`].
    pub mode: Mode,
    /// [`Report::columns`].
    pub columns: &'a [HeaderColumn],
}

/// The fields of a [`Report`] after `records`, serialized as the report
/// serializes them.
#[derive(Debug, Serialize)]
pub struct ReportTail<'a> {
    /// [`Report::warnings`].
    pub warnings: &'a [Warning],
    /// [`Report::fields`].
    pub fields: &'a [Field],
    /// [`Report::choices`].
    pub choices: &'a [Choice],
    /// [`Report::decision`].
    pub decision: &'a Option<FormDecision>,
}

impl Report {
    /// The fields before `records`.
    pub fn head(&self) -> ReportHead<'_> {
        ReportHead {
            schema_version: &self.schema_version,
            source: &self.source,
            body: &self.body,
            title: &self.title,
            period: &self.period,
            note: &self.note,
            footnote: &self.footnote,
            mode: self.mode,
            columns: &self.columns,
        }
    }

    /// The fields after `records`.
    pub fn tail(&self) -> ReportTail<'_> {
        ReportTail {
            warnings: &self.warnings,
            fields: &self.fields,
            choices: &self.choices,
            decision: &self.decision,
        }
    }
}

pub mod atomic;
pub mod csv;
pub mod json;
pub mod labels;
pub mod report_writer;
pub mod sink;
pub mod sqlite;
pub mod xlsx;

pub use sink::{FileOutcome, FileSink, OutputError, RecordSource};
