//! Reading a report JSON for the table outputs. The batch hands every sink
//! the JSON value (an up-to-date file is read back from disk, never rebuilt
//! as typed values), so the sinks read fields by name; a missing or mistyped
//! field reads as empty rather than failing the row.

use serde_json::Value;

/// The string at a JSON pointer, when it is one.
pub fn text<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer).and_then(Value::as_str)
}

/// The string at a JSON pointer, or empty.
pub fn text_or_empty(v: &Value, pointer: &str) -> String {
    text(v, pointer).unwrap_or_default().to_string()
}

/// An integer at a JSON pointer.
pub fn int(v: &Value, pointer: &str) -> Option<i64> {
    v.pointer(pointer).and_then(Value::as_i64)
}

/// A number at a JSON pointer.
pub fn num(v: &Value, pointer: &str) -> Option<f64> {
    v.pointer(pointer).and_then(Value::as_f64)
}

/// The array at a JSON pointer, or an empty slice.
pub fn array<'a>(v: &'a Value, pointer: &str) -> &'a [Value] {
    v.pointer(pointer)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The words of a decision as printed: `decision.label` when the extractor
/// gives one, else the encircled words joined with ・.
pub fn decision_words(decision: &Value) -> String {
    if let Some(label) = text(decision, "/label") {
        return label.to_string();
    }
    array(decision, "/marked")
        .iter()
        .filter_map(Value::as_str)
        .collect::<Vec<_>>()
        .join("・")
}

/// Plan pages as `38, 40`.
pub fn plan_pages(record: &Value) -> String {
    array(record, "/plan_pages")
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The report-level warnings that name this record's page and row, one per line.
pub fn record_warnings(report: &Value, record: &Value) -> String {
    let page = int(record, "/page");
    let row = int(record, "/row");
    array(report, "/warnings")
        .iter()
        .filter(|w| int(w, "/page") == page && page.is_some() && int(w, "/row") == row)
        .filter_map(|w| text(w, "/message"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// True for a report whose records are generic rows (no known roles): they
/// carry only `cells`, so the record columns would be blank.
pub fn is_generic(report: &Value) -> bool {
    !matches!(text(report, "/mode"), Some("report") | Some("form") | None)
}

/// The header texts of a generic table in printed order: `columns`, then any
/// cell key that no column names (so nothing in `cells` is dropped); and
/// whether the table has any record.
pub fn table_headers(
    report: &Value,
    records: &dyn super::RecordSource,
) -> Result<(Vec<String>, bool), super::OutputError> {
    let mut headers: Vec<String> = array(report, "/columns")
        .iter()
        .filter_map(|c| c.get("text").and_then(Value::as_str).or(c.as_str()))
        .map(str::to_string)
        .collect();
    let mut any = false;
    records.each(&mut |r| {
        any = true;
        if let Some(cells) = r.get("cells").and_then(Value::as_object) {
            for k in cells.keys() {
                if !headers.iter().any(|h| h == k) {
                    headers.push(k.clone());
                }
            }
        }
        Ok(())
    })?;
    Ok((headers, any))
}

/// A choice group's options or chosen options: a list joined with ・, any
/// other value as its text.
pub fn joined(v: Option<&Value>) -> String {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| cell_text(Some(x)))
            .collect::<Vec<_>>()
            .join("・"),
        other => cell_text(other),
    }
}

/// A cell value as text (strings as they are, anything else as JSON).
pub fn cell_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}
