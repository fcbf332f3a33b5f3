//! The part of a report JSON (CONTRACT.md) that a comparison reads.
//!
//! This is a view, not the extractor's own types: it names only the fields
//! used here and ignores the rest, so the extractor may add fields without
//! touching this stage. Nullable contract fields are `Option`, and a field
//! that is absent is read as null rather than rejected, because older or
//! hand-made reports may lack optional parts; only `records` is required.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::error::CompareError;

/// One report, as read for comparison.
#[derive(Debug, Clone)]
pub struct ComparedReport {
    /// The path given on the command line (or a label for in-memory input).
    pub path: PathBuf,
    /// `source.file`, the PDF the report was extracted from.
    pub source_file: Option<String>,
    /// The body (会) that wrote the report.
    pub body: Option<String>,
    /// The plan title.
    pub title: Option<String>,
    /// `period.fiscal_year`.
    pub fiscal_year: Option<i32>,
    /// The table rows in document order.
    pub records: Vec<Record>,
    /// Records whose `participants_total` was too large to compare (past
    /// 2^63 − 1), as (record index, the number as written): read as null.
    pub dropped_totals: Vec<(usize, String)>,
}

/// One table row, as read for comparison.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Record {
    /// 1-based page where the row starts.
    pub page: Option<u32>,
    /// 1-based index among the rows starting on that page.
    pub row: Option<u32>,
    /// 目的 (inherited from a merged cell).
    pub purpose: Option<String>,
    /// 方法.
    pub method: Option<String>,
    /// Page numbers in the plan document.
    pub plan_pages: Vec<i64>,
    /// 実施状況.
    pub status: Option<String>,
    /// 評価.
    pub evaluation: Option<String>,
    /// 理由・根拠.
    pub reason: Option<String>,
    /// The circled decision.
    pub decision: Option<Decision>,
    /// Events read from the status cell; only their number is compared.
    pub events: Vec<Value>,
    /// Sum of the events' participants.
    pub participants_total: Option<i64>,
}

/// The decision column of a record.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Decision {
    /// `end`, `continue_same`, `continue_change`, `continue`, `unmarked` or `ambiguous`.
    pub value: Option<String>,
}

impl Record {
    /// The decision value, `unmarked` when the report gives none.
    pub fn decision_value(&self) -> &str {
        self.decision
            .as_ref()
            .and_then(|d| d.value.as_deref())
            .unwrap_or("unmarked")
    }
}

#[derive(Deserialize)]
#[serde(default)]
#[derive(Default)]
struct Source {
    file: Option<String>,
}

#[derive(Deserialize)]
#[serde(default)]
#[derive(Default)]
struct Period {
    fiscal_year: Option<i32>,
}

/// The decision values of CONTRACT.md; anything else means the file is not
/// a report this version understands.
const DECISIONS: &[&str] = &crate::layout::marks::DECISION_CODES;

impl ComparedReport {
    /// The comparison's view of an extracted report: what `compare` reads
    /// when it is given a PDF, or JSON that `shinchoku extract` wrote.
    pub fn from_report(r: &crate::output::Report, path: &Path) -> ComparedReport {
        let records = r
            .records
            .iter()
            .map(|x| Record {
                page: u32::try_from(x.page).ok(),
                row: u32::try_from(x.row).ok(),
                purpose: x.purpose.clone(),
                method: x.method.clone(),
                plan_pages: x.plan_pages.iter().map(|&p| i64::from(p)).collect(),
                status: x.status.clone(),
                evaluation: x.evaluation.clone(),
                reason: x.reason.clone(),
                decision: x.decision.as_ref().map(|d| Decision {
                    value: serde_json::to_value(d.value)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string)),
                }),
                events: x
                    .events
                    .iter()
                    .filter_map(|e| serde_json::to_value(e).ok())
                    .collect(),
                participants_total: x.participants_total.and_then(|n| i64::try_from(n).ok()),
            })
            .collect();
        ComparedReport {
            path: path.to_path_buf(),
            source_file: Some(r.source.file.clone()).filter(|f| !f.is_empty()),
            body: r.body.clone(),
            title: r.title.clone(),
            fiscal_year: r.period.as_ref().and_then(|p| p.fiscal_year),
            records,
            // the extractor's totals are u64; one past i64 is reported, not wrapped
            dropped_totals: r
                .records
                .iter()
                .enumerate()
                .filter_map(|(i, x)| {
                    x.participants_total
                        .filter(|n| i64::try_from(*n).is_err())
                        .map(|n| (i, n.to_string()))
                })
                .collect(),
        }
    }
}

/// Reads a report from parsed JSON. `path` only labels error messages.
///
/// JSON that `shinchoku extract` wrote reads as the extractor's own
/// [`Report`](crate::output::Report); a hand-made or older report that does
/// not fit that type is read field by field, as leniently as before.
pub fn report_from_value(value: &Value, path: &Path) -> Result<ComparedReport, CompareError> {
    let not_report = |reason: String| CompareError::NotReport {
        path: path.to_path_buf(),
        reason,
    };
    let obj = value
        .as_object()
        .ok_or_else(|| not_report(format!("expected a JSON object, found {}", kind(value))))?;
    if let Some(err) = obj.get("error") {
        return Err(CompareError::ErrorReport {
            path: path.to_path_buf(),
            code: err
                .get("code")
                .and_then(Value::as_str)
                .unwrap_or("unknown")
                .to_string(),
            message: err
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        });
    }
    if let Ok(r) = crate::output::Report::deserialize(value) {
        return Ok(ComparedReport::from_report(&r, path));
    }
    let records = obj
        .get("records")
        .ok_or_else(|| not_report("it has no \"records\" array".into()))?;
    let items = records
        .as_array()
        .ok_or_else(|| not_report(format!("\"records\" is {}, not an array", kind(records))))?;
    let mut out = Vec::with_capacity(items.len());
    let mut dropped_totals = Vec::new();
    for (i, item) in items.iter().enumerate() {
        // A count no i64 holds (a hand-made or foreign report) drops that
        // one value with a warning rather than refusing the whole file.
        let too_large = item
            .get("participants_total")
            .and_then(Value::as_number)
            .filter(|n| n.as_i64().is_none());
        let rec = match too_large {
            Some(n) => {
                dropped_totals.push((i, n.to_string()));
                let mut item = item.clone();
                if let Some(o) = item.as_object_mut() {
                    o.insert("participants_total".into(), Value::Null);
                }
                Record::deserialize(&item)
            }
            None => Record::deserialize(item),
        }
        .map_err(|e| not_report(format!("records[{i}]: {e}")))?;
        let d = rec.decision_value();
        if !DECISIONS.contains(&d) {
            return Err(not_report(format!(
                "records[{i}].decision.value is \"{d}\", not one of {}",
                DECISIONS.join(", ")
            )));
        }
        out.push(rec);
    }
    let text = |key: &str| -> Result<Option<String>, CompareError> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(not_report(format!(
                "\"{key}\" is {}, not a string",
                kind(v)
            ))),
        }
    };
    let source = match obj.get("source") {
        Some(v) => Source::deserialize(v).map_err(|e| not_report(format!("source: {e}")))?,
        None => Source::default(),
    };
    let period = match obj.get("period") {
        Some(v) if !v.is_null() => {
            Period::deserialize(v).map_err(|e| not_report(format!("period: {e}")))?
        }
        _ => Period::default(),
    };
    Ok(ComparedReport {
        path: path.to_path_buf(),
        source_file: source.file,
        body: text("body")?,
        title: text("title")?,
        fiscal_year: period.fiscal_year,
        records: out,
        dropped_totals,
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
