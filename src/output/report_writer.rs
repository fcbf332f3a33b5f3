//! Writes a report whose records come one at a time, byte for byte as
//! `serde_json` writes the whole report (compact for JSON lines, pretty for
//! one JSON per file): the fields in the report's order, the records in
//! place of the `records` placeholder.
//!
//! Pretty output nests by indentation alone (string values never hold a
//! raw newline), so a value written at depth `d` is its own pretty text
//! with every newline followed by `d` more indents.

use serde_json::Value;
use std::io::{self, Write};

/// Gives each record, in order, to the function it is handed.
pub type EachText<'a> =
    &'a mut dyn FnMut(&mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()>;

/// Gives each record, in order, to the function it is handed.
pub type EachValue<'a> =
    &'a mut dyn FnMut(&mut dyn FnMut(&Value) -> io::Result<()>) -> io::Result<()>;

/// `report` on one line, its `records` from `records` as compact JSON text.
pub fn write_compact(w: &mut dyn Write, report: &Value, records: EachText<'_>) -> io::Result<()> {
    let Value::Object(m) = report else {
        return serde_json::to_writer(w, report).map_err(io::Error::from);
    };
    w.write_all(b"{")?;
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        serde_json::to_writer(&mut *w, k)?;
        w.write_all(b":")?;
        if k == "records" {
            w.write_all(b"[")?;
            let mut first = true;
            records(&mut |text| {
                if !first {
                    w.write_all(b",")?;
                }
                first = false;
                w.write_all(text)
            })?;
            w.write_all(b"]")?;
        } else {
            serde_json::to_writer(&mut *w, v)?;
        }
    }
    w.write_all(b"}")
}

/// `report` pretty-printed as `serde_json::to_writer_pretty` prints it,
/// its `records` from `records`.
pub fn write_pretty(w: &mut dyn Write, report: &Value, records: EachValue<'_>) -> io::Result<()> {
    let Value::Object(m) = report else {
        return serde_json::to_writer_pretty(w, report).map_err(io::Error::from);
    };
    if m.is_empty() {
        return w.write_all(b"{}");
    }
    w.write_all(b"{")?;
    let mut buf = Vec::new();
    for (i, (k, v)) in m.iter().enumerate() {
        w.write_all(if i == 0 { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *w, k)?;
        w.write_all(b": ")?;
        if k == "records" {
            let mut first = true;
            records(&mut |r| {
                w.write_all(if first { b"[\n    " } else { b",\n    " })?;
                first = false;
                buf.clear();
                serde_json::to_writer_pretty(&mut buf, r)?;
                indented(w, &buf, b"\n    ")
            })?;
            w.write_all(if first { b"[]" } else { b"\n  ]" })?;
        } else {
            buf.clear();
            serde_json::to_writer_pretty(&mut buf, v)?;
            indented(w, &buf, b"\n  ")?;
        }
    }
    w.write_all(b"\n}")
}

/// `text` with each newline written as `newline` (a newline and indents).
fn indented(w: &mut dyn Write, text: &[u8], newline: &[u8]) -> io::Result<()> {
    for (i, part) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            w.write_all(newline)?;
        }
        w.write_all(part)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report() -> Value {
        json!({
            "schema_version": "1",
            "source": {"file": "a.pdf", "pages": 2, "empty": {}, "list": []},
            "columns": [{"text": "目的", "role": "purpose"}],
            "records": [
                {"id": "p1-r1", "cells": {"a": "x\ny"}, "events": [], "confidence": 0.30000000000000004},
                {"id": "p1-r2", "cells": {}, "plan_pages": [1, 2]}
            ],
            "warnings": [],
            "decision": null
        })
    }

    fn records_of(v: &Value) -> Vec<Value> {
        v["records"].as_array().cloned().unwrap_or_default()
    }

    #[test]
    fn streamed_records_give_the_bytes_of_the_whole_report() {
        for whole in [
            report(),
            json!({"records": [], "a": 1}),
            json!({"records": []}),
        ] {
            let records = records_of(&whole);
            let mut shell = whole.clone();
            shell["records"] = json!([]);
            let mut compact = Vec::new();
            write_compact(&mut compact, &shell, &mut |f| {
                records
                    .iter()
                    .try_for_each(|r| f(&serde_json::to_vec(r).expect("json")))
            })
            .expect("write");
            assert_eq!(
                String::from_utf8(compact).expect("utf8"),
                serde_json::to_string(&whole).expect("json")
            );
            let mut pretty = Vec::new();
            write_pretty(&mut pretty, &shell, &mut |f| {
                records.iter().try_for_each(&mut *f)
            })
            .expect("write");
            assert_eq!(
                String::from_utf8(pretty).expect("utf8"),
                serde_json::to_string_pretty(&whole).expect("json")
            );
        }
    }
}
