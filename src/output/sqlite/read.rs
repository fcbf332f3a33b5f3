//! Reading reports back from the archive for comparison.
//!
//! A body's timeline uses one report per fiscal year: the one written last
//! (a corrected re-issue replaces the first print). Reports without a body
//! or a fiscal year cannot be placed in a body's years and are left out;
//! so are generic tables and forms, which have no items to follow.

use crate::compare::{self, Record};
use crate::output::sink::OutputError;
use rusqlite::{Connection, params};
use std::path::PathBuf;

/// A body's timeline reports: `(sha256, report)` oldest year first.
pub fn body_reports(
    conn: &Connection,
    body_key: &str,
) -> Result<Vec<(String, compare::ComparedReport)>, OutputError> {
    let mut st = conn.prepare_cached(
        "SELECT sha256, path, file, body, title, fiscal_year FROM reports p
         WHERE body_key = ?1 AND fiscal_year IS NOT NULL AND mode = 'report'
           AND written_seq = (SELECT max(written_seq) FROM reports q
                              WHERE q.body_key = p.body_key AND q.fiscal_year = p.fiscal_year
                                AND q.mode = 'report')
         ORDER BY fiscal_year",
    )?;
    let heads = st
        .query_map(params![body_key], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<i32>>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(heads.len());
    for (sha, path, file, body, title, fiscal_year) in heads {
        let records = records_of(conn, &sha)?;
        out.push((
            sha,
            compare::ComparedReport {
                path: PathBuf::from(path),
                source_file: Some(file),
                body,
                title,
                fiscal_year,
                records,
                dropped_totals: Vec::new(),
            },
        ));
    }
    Ok(out)
}

/// Every body key that has timeline reports.
pub fn body_keys(conn: &Connection) -> Result<Vec<String>, OutputError> {
    let mut st = conn.prepare(
        "SELECT DISTINCT body_key FROM reports
         WHERE body_key IS NOT NULL AND fiscal_year IS NOT NULL AND mode = 'report'
         ORDER BY body_key",
    )?;
    let keys = st
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(keys)
}

/// A report's records in `index` order, as compare reads them.
fn records_of(conn: &Connection, sha: &str) -> Result<Vec<Record>, OutputError> {
    let mut st = conn.prepare_cached(
        "SELECT page, row, purpose, method, plan_pages, status, evaluation, reason, decision,
                participants_total, events_count
         FROM records WHERE report_sha256 = ?1 ORDER BY idx",
    )?;
    let rows = st
        .query_map(params![sha], |r| {
            let plan_pages: String = r.get(4)?;
            let events: i64 = r.get(10)?;
            Ok(Record {
                page: r.get(0)?,
                row: r.get(1)?,
                purpose: r.get(2)?,
                method: r.get(3)?,
                plan_pages: serde_json::from_str(&plan_pages).unwrap_or_default(),
                status: r.get(5)?,
                evaluation: r.get(6)?,
                reason: r.get(7)?,
                decision: Some(compare::input::Decision { value: r.get(8)? }),
                // compare reads only how many events there are
                events: vec![serde_json::Value::Null; usize::try_from(events).unwrap_or(0)],
                participants_total: r.get(9)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
