//! Writing one file into the archive: one transaction per file.
//!
//! A report is stored under its `sha256`: the same bytes written again
//! replace their rows (children go with the parent through ON DELETE
//! CASCADE), and a file whose bytes changed under the same path replaces the
//! report that path held before. A failed file replaces the error row of its
//! path. Either everything of a file is in the archive or nothing is.

use crate::output::json::{self, int, text};
use crate::output::sink::OutputError;
use rusqlite::{Connection, Transaction, params};
use serde_json::Value;

/// What the archive records about how a report was made.
#[derive(Debug, Clone)]
pub struct Provenance<'a> {
    /// The absolute path of the file.
    pub path: &'a str,
    /// shinchoku's version.
    pub tool_version: &'a str,
    /// The extract options as JSON (never the password).
    pub options: &'a str,
    /// UTC time of the write, ISO 8601.
    pub written_at: &'a str,
}

/// Whether the archive already holds this report exactly as it would be written now.
pub fn is_current(conn: &Connection, sha: &str, p: &Provenance<'_>) -> Result<bool, OutputError> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM reports WHERE sha256 = ?1 AND tool_version = ?2 AND options = ?3 AND path = ?4",
        )?
        .query_row(params![sha, p.tool_version, p.options, p.path], |r| r.get(0))?;
    Ok(n > 0)
}

/// Writes one report (and everything under it) in one transaction.
pub fn upsert_report(
    conn: &mut Connection,
    report: &Value,
    records: &dyn crate::output::RecordSource,
    body_key: Option<&str>,
    p: &Provenance<'_>,
) -> Result<(), OutputError> {
    let sha = text(report, "/source/sha256")
        .unwrap_or_default()
        .to_string();
    let tx = conn.transaction()?;
    // statements are cached: parsing them again for every file cost more
    // than running them
    for (sql, key) in [
        ("DELETE FROM reports WHERE sha256 = ?1", sha.as_str()),
        ("DELETE FROM reports WHERE path = ?1", p.path),
        ("DELETE FROM errors WHERE path = ?1", p.path),
        ("DELETE FROM errors WHERE sha256 = ?1", sha.as_str()),
    ] {
        tx.prepare_cached(sql)?.execute([key])?;
    }
    let seq: i64 = tx
        .prepare_cached("SELECT coalesce(max(written_seq), 0) + 1 FROM reports")?
        .query_row([], |r| r.get(0))?;
    let decision = report.get("decision").filter(|d| d.is_object());
    tx.prepare_cached(
        "INSERT INTO reports (sha256, file, path, body, body_key, title, fiscal_year, period_raw,
            period_start, period_end, mode, pages, note, footnote, decision, decision_label,
            json_schema, tool_version, options, written_seq, written_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )?
    .execute(params![
            sha,
            text(report, "/source/file").unwrap_or_default(),
            p.path,
            text(report, "/body"),
            body_key,
            text(report, "/title"),
            int(report, "/period/fiscal_year"),
            text(report, "/period/raw"),
            text(report, "/period/start"),
            text(report, "/period/end"),
            text(report, "/mode").unwrap_or("report"),
            int(report, "/source/pages"),
            text(report, "/note"),
            text(report, "/footnote"),
            decision.and_then(|d| text(d, "/value")),
            decision.map(json::decision_words),
            text(report, "/schema_version"),
            p.tool_version,
            p.options,
            seq,
            p.written_at,
        ])?;
    let mut i = 0;
    records.each(&mut |r| {
        insert_record(&tx, &sha, i, r)?;
        i += 1;
        Ok(())
    })?;
    insert_fields(&tx, &sha, report)?;
    let mut w = tx.prepare_cached(
        "INSERT INTO warnings (report_sha256, idx, page, row, code, message) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, x) in json::array(report, "/warnings").iter().enumerate() {
        w.execute(params![
            sha,
            i as i64,
            int(x, "/page"),
            int(x, "/row"),
            text(x, "/code").unwrap_or_default(),
            text(x, "/message").unwrap_or_default(),
        ])?;
    }
    drop(w);
    tx.commit()?;
    Ok(())
}

fn insert_record(tx: &Transaction<'_>, sha: &str, i: usize, r: &Value) -> Result<(), OutputError> {
    let idx = int(r, "/index").unwrap_or(i as i64);
    let decision = r.get("decision").filter(|d| d.is_object());
    let events = json::array(r, "/events");
    tx.prepare_cached(
        "INSERT INTO records (report_sha256, idx, id, page, row, purpose, method, plan_pages, status,
            evaluation, reason, decision, decision_label, confidence, participants_total,
            events_count, cells)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        sha,
        idx,
        text(r, "/id").map_or_else(|| format!("i{idx}"), str::to_string),
        int(r, "/page"),
        int(r, "/row"),
        text(r, "/purpose"),
        text(r, "/method"),
        r.get("plan_pages").map_or_else(|| "[]".to_string(), Value::to_string),
        text(r, "/status"),
        text(r, "/evaluation"),
        text(r, "/reason"),
        decision.and_then(|d| text(d, "/value")),
        decision.map(json::decision_words),
        decision.and_then(|d| json::num(d, "/confidence")),
        int(r, "/participants_total"),
        events.len() as i64,
        r.get("cells").map_or_else(|| "{}".to_string(), Value::to_string),
    ])?;
    let mut ev = tx.prepare_cached(
        "INSERT INTO events (report_sha256, record_idx, idx, label, text, date_raw, date_iso,
            date_precision, date_first, date_last, action, participants, participants_raw)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for (k, e) in events.iter().enumerate() {
        ev.execute(params![
            sha,
            idx,
            k as i64,
            text(e, "/label"),
            text(e, "/text").unwrap_or_default(),
            text(e, "/date/raw"),
            text(e, "/date/iso"),
            text(e, "/date/precision"),
            text(e, "/date/first_day"),
            text(e, "/date/last_day"),
            text(e, "/action"),
            int(e, "/participants/value"),
            text(e, "/participants/raw"),
        ])?;
    }
    let mut ct = tx.prepare_cached(
        "INSERT INTO counts (report_sha256, record_idx, idx, raw, value, value_max, unit, role,
            label, approx, cumulative)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (k, c) in json::array(r, "/counts").iter().enumerate() {
        ct.execute(params![
            sha,
            idx,
            k as i64,
            text(c, "/raw").unwrap_or_default(),
            int(c, "/value").unwrap_or_default(),
            int(c, "/value_max"),
            text(c, "/unit"),
            text(c, "/role").unwrap_or("other"),
            text(c, "/label"),
            c.get("approx").and_then(Value::as_bool).unwrap_or(false),
            c.get("cumulative")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        ])?;
    }
    Ok(())
}

/// Form fields and choice groups; a report without them writes nothing.
fn insert_fields(tx: &Transaction<'_>, sha: &str, report: &Value) -> Result<(), OutputError> {
    let mut st = tx.prepare_cached(
        "INSERT INTO fields (report_sha256, idx, kind, page, section, label, value, options)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut idx = 0i64;
    for f in json::array(report, "/fields") {
        st.execute(params![
            sha,
            idx,
            "field",
            int(f, "/page"),
            text(f, "/section"),
            text(f, "/label"),
            json::cell_text(f.get("value")),
            Option::<String>::None,
        ])?;
        idx += 1;
    }
    for c in json::array(report, "/choices") {
        let chosen = json::joined(c.get("chosen"));
        st.execute(params![
            sha,
            idx,
            "choice",
            int(c, "/page"),
            text(c, "/section"),
            text(c, "/label"),
            chosen,
            c.get("options").map(Value::to_string),
        ])?;
        idx += 1;
    }
    Ok(())
}

/// Records a failed file in one transaction. When its bytes differ from the
/// report its path held (or cannot be read), that report goes: the path no
/// longer holds it. Same bytes failing now (a timeout) keep the report.
pub fn upsert_error(
    conn: &mut Connection,
    error: &Value,
    p: &Provenance<'_>,
) -> Result<(), OutputError> {
    let sha = text(error, "/source/sha256");
    let tx = conn.transaction()?;
    match sha {
        Some(s) => tx.execute(
            "DELETE FROM reports WHERE path = ?1 AND sha256 <> ?2",
            params![p.path, s],
        )?,
        None => tx.execute("DELETE FROM reports WHERE path = ?1", params![p.path])?,
    };
    tx.execute(
        "INSERT OR REPLACE INTO errors (path, file, sha256, code, message, tool_version, written_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            p.path,
            text(error, "/source/file").unwrap_or_default(),
            sha,
            text(error, "/error/code").unwrap_or("internal"),
            text(error, "/error/message").unwrap_or_default(),
            p.tool_version,
            p.written_at,
        ],
    )?;
    tx.commit()?;
    Ok(())
}
