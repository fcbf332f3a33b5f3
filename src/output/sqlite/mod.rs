//! The SQLite archive (`extract --sqlite FILE`): one database that grows year
//! by year, written through rusqlite with SQLite compiled in, so nothing
//! needs installing. The schema is `schema/archive.sql`, explained in
//! `schema/archive.md`.
//!
//! Each file is one transaction ([`write`]); the database runs in WAL mode
//! during a batch (a commit needs no fsync of the main file, and a killed
//! process leaves only committed transactions), and is switched back to a
//! single self-contained file at the end. The item timeline is rebuilt at
//! the end of the run with the compare stage ([`timeline`]).

pub mod read;
pub mod schema;
pub mod timeline;
pub mod write;

use crate::compare::{self, Comparison};
use crate::output::json::text;
use crate::output::sink::{FileOutcome, FileSink, OutputError};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// An archive open for writing.
pub struct Archive {
    conn: Connection,
    options: String,
    force: bool,
}

/// shinchoku's version, recorded with every report.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

impl Archive {
    /// Opens (or creates) the archive at `path`, migrating an older schema.
    /// `options` are the extract options recorded with each report; `force`
    /// rewrites reports that are already current.
    pub fn open(
        path: &Path,
        options: &serde_json::Value,
        force: bool,
    ) -> Result<Self, OutputError> {
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let _: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        schema::prepare(&mut conn, schema::CURRENT, schema::MIGRATIONS)?;
        Ok(Archive {
            conn,
            options: options.to_string(),
            force,
        })
    }

    /// Writes one finished file (report or error) in its own transaction.
    pub fn add(&mut self, file: &FileOutcome<'_>) -> Result<(), OutputError> {
        let path = std::fs::canonicalize(file.path)
            .unwrap_or_else(|_| file.path.to_path_buf())
            .display()
            .to_string();
        let written_at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let p = write::Provenance {
            path: &path,
            tool_version: TOOL_VERSION,
            options: &self.options,
            written_at: &written_at,
        };
        if file.json.get("error").is_some() {
            return write::upsert_error(&mut self.conn, file.json, &p);
        }
        let sha = text(file.json, "/source/sha256").unwrap_or_default();
        if !self.force && write::is_current(&self.conn, sha, &p)? {
            return Ok(());
        }
        let body_key = text(file.json, "/body").map(compare::fold::fold);
        write::upsert_report(
            &mut self.conn,
            file.json,
            file.records,
            body_key.as_deref(),
            &p,
        )
    }

    /// Rebuilds the timeline and leaves one self-contained database file.
    pub fn close(mut self) -> Result<(), OutputError> {
        timeline::rebuild(&mut self.conn)?;
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        self.conn.close().map_err(|(_, e)| OutputError::Sqlite(e))
    }
}

impl FileSink for Archive {
    fn accept(&mut self, file: &FileOutcome<'_>) -> Result<(), OutputError> {
        self.add(file)
    }

    fn finish(self: Box<Self>) -> Result<(), OutputError> {
        (*self).close()
    }
}

/// Opens an archive for reading only; it must have this build's schema.
pub fn open_read(path: &Path) -> Result<Connection, OutputError> {
    if !path.is_file() {
        return Err(OutputError::io(
            path,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such archive"),
        ));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    match schema::version(&conn)? {
        Some(v) if v == schema::CURRENT => Ok(conn),
        Some(v) => Err(OutputError::Archive(format!(
            "{}: schema version {v}; this shinchoku reads version {} (run `extract --sqlite` once to migrate an older archive)",
            path.display(),
            schema::CURRENT
        ))),
        None => Err(OutputError::Archive(format!(
            "{}: an empty database, not a shinchoku archive",
            path.display()
        ))),
    }
}

/// Compares every year of one body straight from the archive (the same
/// reports, one per year, that the archive's timeline uses).
pub fn compare_body(
    path: &Path,
    body: &str,
    opts: &compare::Options,
) -> Result<Comparison, OutputError> {
    let conn = open_read(path)?;
    let key = compare::fold::fold(body);
    let reports: Vec<compare::ComparedReport> = read::body_reports(&conn, &key)?
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    if reports.is_empty() {
        let known = read::body_keys(&conn)?;
        let mut st =
            conn.prepare("SELECT DISTINCT body FROM reports WHERE body IS NOT NULL ORDER BY body")?;
        let names = st
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        return Err(OutputError::Archive(format!(
            "no report of body `{body}` with a fiscal year in {} (bodies: {}; {} with a timeline)",
            path.display(),
            names.join(", "),
            known.len()
        )));
    }
    compare::compare(reports, opts).map_err(|e| OutputError::Archive(e.to_string()))
}
