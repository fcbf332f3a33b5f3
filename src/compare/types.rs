//! The comparison result: the JSON shape of `shinchoku compare`, described by
//! `schema/compare.schema.json`. Field names here are part of that contract.

use serde::Serialize;

/// A whole comparison of two or more reports of one body.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Version of this JSON shape.
    pub schema_version: &'static str,
    /// Always `comparison`, so a reader can tell this from a report.
    pub kind: &'static str,
    /// The body shared by the reports (the first report's, when forced).
    pub body: Option<String>,
    /// Similarity below which records count as added/removed.
    pub threshold: f64,
    /// The inputs in the order compared (oldest first).
    pub reports: Vec<ReportInfo>,
    /// One comparison per consecutive pair of reports.
    pub steps: Vec<Step>,
    /// One row per item over all years.
    pub timeline: Timeline,
    /// Everything a reader should check, from ordering to broken promises.
    pub warnings: Vec<Warning>,
}

/// One input report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportInfo {
    /// The path as given.
    pub file: String,
    /// `source.file` inside the report (the PDF it came from).
    pub source_file: Option<String>,
    /// The plan title.
    pub title: Option<String>,
    /// `period.fiscal_year`.
    pub fiscal_year: Option<i32>,
    /// Number of records.
    pub records: usize,
}

/// A record's place in its report, with the texts that identify it.
#[derive(Debug, Clone, Serialize)]
pub struct RecordRef {
    /// Index in the report's `records` array (0-based).
    pub index: usize,
    /// `page` of the record.
    pub page: Option<u32>,
    /// `row` of the record.
    pub row: Option<u32>,
    /// 目的 as written.
    pub purpose: Option<String>,
    /// 方法 as written.
    pub method: Option<String>,
}

/// The comparison of report `old` with report `new`.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// Index of the older report in `reports`.
    pub old_report: usize,
    /// Index of the newer report in `reports`.
    pub new_report: usize,
    /// Fiscal year of the older report.
    pub old_fiscal_year: Option<i32>,
    /// Fiscal year of the newer report.
    pub new_fiscal_year: Option<i32>,
    /// Pairs of the same item, in the new report's order.
    pub matched: Vec<Pair>,
    /// Records of the new report with no counterpart, in its order.
    pub added: Vec<Unmatched>,
    /// Records of the old report with no counterpart, in its order.
    pub removed: Vec<Unmatched>,
}

/// How a pair was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// Equal purpose and method after folding.
    Exact,
    /// Similar enough (score at or above the threshold).
    Similar,
}

/// One item present in both years, and what changed.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    /// The record last year.
    pub old: RecordRef,
    /// The record this year.
    pub new: RecordRef,
    /// Exact or by similarity.
    #[serde(rename = "match")]
    pub kind: MatchKind,
    /// 1 for an exact match, else the similarity (0..1, three decimals).
    pub score: f64,
    /// The decision mark, old and new.
    pub decision: DecisionChange,
    /// `participants_total`, old and new.
    pub participants_total: CountChange,
    /// Number of events, old and new.
    pub events_count: CountChange,
    /// `plan_pages`, old and new.
    pub plan_pages: PagesChange,
    /// Text fields whose content differs (after folding): any of
    /// `purpose`, `method`, `status`, `evaluation`, `reason`.
    pub text_changed: Vec<&'static str>,
}

/// A decision value before and after.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionChange {
    /// Last year's value.
    pub old: String,
    /// This year's value.
    pub new: String,
    /// Whether they differ.
    pub changed: bool,
}

/// A number before and after; `delta` is null when either side is null.
#[derive(Debug, Clone, Serialize)]
pub struct CountChange {
    /// Last year's value.
    pub old: Option<i64>,
    /// This year's value.
    pub new: Option<i64>,
    /// `new - old`.
    pub delta: Option<i64>,
}

/// Plan pages before and after.
#[derive(Debug, Clone, Serialize)]
pub struct PagesChange {
    /// Last year's pages.
    pub old: Vec<i64>,
    /// This year's pages.
    pub new: Vec<i64>,
    /// Whether they differ.
    pub changed: bool,
}

/// A record with no counterpart in the other year.
#[derive(Debug, Clone, Serialize)]
pub struct Unmatched {
    /// The record.
    pub record: RecordRef,
    /// Its decision value.
    pub decision: String,
    /// Its `participants_total`.
    pub participants_total: Option<i64>,
    /// The most similar record of the other year and its score, to show how
    /// far below the threshold it fell (null when the other year has no records).
    pub nearest: Option<Nearest>,
}

/// The closest record on the other side.
#[derive(Debug, Clone, Serialize)]
pub struct Nearest {
    /// That record.
    pub record: RecordRef,
    /// Its similarity (three decimals).
    pub score: f64,
}

/// Items over all years: one row per item, one column per report.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// Fiscal year of each column (same order as `reports`).
    pub fiscal_years: Vec<Option<i32>>,
    /// One row per chain of matches.
    pub items: Vec<TimelineItem>,
}

/// One item followed through the years.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineItem {
    /// 目的 in the latest year the item appears.
    pub purpose: Option<String>,
    /// 方法 in the latest year the item appears.
    pub method: Option<String>,
    /// One entry per report; null where the item is absent.
    pub years: Vec<Option<TimelineCell>>,
}

/// The item in one year.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineCell {
    /// Index in that report's `records`.
    pub index: usize,
    /// `page` of the record.
    pub page: Option<u32>,
    /// `row` of the record.
    pub row: Option<u32>,
    /// Decision value.
    pub decision: String,
    /// `participants_total`.
    pub participants_total: Option<i64>,
    /// Number of events.
    pub events_count: i64,
    /// Score of the match with the previous year (null in the item's first year).
    pub score: Option<f64>,
}

/// Something a reader should check.
#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    /// Stable code: `order_by_input`, `same_fiscal_year`, `different_bodies`,
    /// `body_unknown`, `ended_item_reappears`, `continued_item_missing`.
    pub code: &'static str,
    /// A sentence for people, in English (the JSON's language).
    pub message: String,
    /// The same sentence in Japanese, for the Markdown and CSV that staff
    /// read; the JSON carries `code` and the English `message`.
    #[serde(skip)]
    pub message_ja: String,
    /// The step (index into `steps`) the warning belongs to, if any.
    pub step: Option<usize>,
    /// The older record concerned, if any.
    pub old: Option<RecordRef>,
    /// The newer record concerned, if any.
    pub new: Option<RecordRef>,
}
