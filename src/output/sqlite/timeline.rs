//! The `timeline` table: items followed across years, matched by
//! [`crate::compare`] itself, so that `v_timeline` and `shinchoku compare`
//! can never disagree. It is derived data, rebuilt whole at the end of every
//! run in one transaction (a run killed before that leaves the previous
//! timeline, and the next run rebuilds it).

use super::read;
use crate::compare::{self, Timeline};
use crate::output::sink::OutputError;
use rusqlite::{Connection, params};

/// Rebuilds the timeline of every body; returns the number of items.
pub fn rebuild(conn: &mut Connection) -> Result<usize, OutputError> {
    let mut rows: Vec<(String, i64, String, i64, Option<f64>)> = Vec::new();
    let mut items = 0usize;
    for key in read::body_keys(conn)? {
        let reports = read::body_reports(conn, &key)?;
        let (shas, reports): (Vec<String>, Vec<compare::ComparedReport>) =
            reports.into_iter().unzip();
        let timeline = timeline_of(reports)?;
        for (n, item) in timeline.items.iter().enumerate() {
            for (k, cell) in item.years.iter().enumerate() {
                if let (Some(cell), Some(sha)) = (cell, shas.get(k)) {
                    rows.push((
                        sha.clone(),
                        cell.index as i64,
                        key.clone(),
                        n as i64 + 1,
                        cell.score,
                    ));
                }
            }
        }
        items += timeline.items.len();
    }
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM timeline", [])?;
    {
        let mut st = tx.prepare(
            "INSERT INTO timeline (report_sha256, record_idx, body_key, item, score) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (sha, idx, key, item, score) in &rows {
            st.execute(params![sha, idx, key, item, score])?;
        }
    }
    tx.commit()?;
    Ok(items)
}

/// The timeline of one body's reports (one per year, oldest first), exactly
/// as `compare` builds it; a single year is its own timeline.
fn timeline_of(reports: Vec<compare::ComparedReport>) -> Result<Timeline, OutputError> {
    if reports.len() < 2 {
        return Ok(compare::timeline::build(&reports, &[]));
    }
    compare::compare(reports, &compare::Options::default())
        .map(|c| c.timeline)
        .map_err(|e| OutputError::Archive(format!("timeline: {e}")))
}
