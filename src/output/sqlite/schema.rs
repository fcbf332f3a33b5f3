//! Creating an archive, and bringing an older one up to date.
//!
//! `schema/archive.sql` is the current schema (version [`CURRENT`]). A change
//! to it bumps the version there and in [`CURRENT`], and adds to
//! [`MIGRATIONS`] the statements that turn the previous version into the new
//! one; opening an older archive runs every step from its version on, each
//! in its own transaction with the version row, so a step is either done
//! whole or not at all. An archive newer than this build is refused rather
//! than written in a shape its tables do not have.

use crate::output::sink::OutputError;
use rusqlite::{Connection, OptionalExtension};

/// The schema this build writes.
pub const CURRENT: i64 = 1;

/// The DDL of version [`CURRENT`].
pub const SCHEMA_SQL: &str = include_str!("../../../schema/archive.sql");

/// One step: the SQL that turns version `from` into `from + 1`.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The version it starts from.
    pub from: i64,
    /// Statements run in one transaction (the version row is updated after them).
    pub sql: &'static str,
}

/// Every step so far. Version 1 is the first released schema, so there is
/// none yet; the next change adds `Migration { from: 1, sql: "ALTER TABLE …" }`.
pub const MIGRATIONS: &[Migration] = &[];

/// The archive's schema version, or `None` for an empty database.
pub fn version(conn: &Connection) -> Result<Option<i64>, OutputError> {
    let has_table: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
        [],
        |r| r.get(0),
    )?;
    if !has_table {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if tables > 0 {
            return Err(OutputError::Archive(
                "the file is an SQLite database but not a shinchoku archive (no schema_version table)"
                    .into(),
            ));
        }
        return Ok(None);
    }
    let v: Option<i64> = conn
        .query_row("SELECT version FROM schema_version", [], |r| r.get(0))
        .optional()?;
    v.map(Some)
        .ok_or_else(|| OutputError::Archive("schema_version has no row".into()))
}

/// Creates the schema in an empty archive, or migrates an older one to
/// `target` with `migrations`. Returns the version found before.
pub fn prepare(
    conn: &mut Connection,
    target: i64,
    migrations: &[Migration],
) -> Result<Option<i64>, OutputError> {
    let found = version(conn)?;
    let Some(mut v) = found else {
        let tx = conn.transaction()?;
        tx.execute_batch(SCHEMA_SQL)?;
        tx.commit()?;
        return Ok(None);
    };
    if v > target {
        return Err(OutputError::Archive(format!(
            "the archive has schema version {v}, newer than this shinchoku's {target}; use a newer shinchoku"
        )));
    }
    while v < target {
        let step = migrations
            .iter()
            .find(|m| m.from == v)
            .ok_or_else(|| OutputError::Archive(format!("no migration from schema version {v}")))?;
        let tx = conn.transaction()?;
        tx.execute_batch(step.sql)?;
        tx.execute("UPDATE schema_version SET version = ?1", [v + 1])?;
        tx.commit()?;
        v += 1;
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_archive_gets_the_current_version() {
        let mut c = Connection::open_in_memory().expect("db");
        assert_eq!(prepare(&mut c, CURRENT, MIGRATIONS).expect("create"), None);
        assert_eq!(version(&c).expect("v"), Some(CURRENT));
        // opening again changes nothing
        assert_eq!(
            prepare(&mut c, CURRENT, MIGRATIONS).expect("reopen"),
            Some(CURRENT)
        );
    }

    #[test]
    fn an_older_archive_is_migrated_step_by_step() {
        let mut c = Connection::open_in_memory().expect("db");
        prepare(&mut c, CURRENT, MIGRATIONS).expect("create");
        let steps = [
            Migration {
                from: CURRENT,
                sql: "ALTER TABLE reports ADD COLUMN language TEXT;",
            },
            Migration {
                from: CURRENT + 1,
                sql: "UPDATE reports SET language = 'ja';",
            },
        ];
        assert_eq!(
            prepare(&mut c, CURRENT + 2, &steps).expect("migrate"),
            Some(CURRENT)
        );
        assert_eq!(version(&c).expect("v"), Some(CURRENT + 2));
        c.execute("SELECT language FROM reports", []).ok();
        let e = prepare(&mut c, CURRENT, MIGRATIONS).expect_err("newer archive refused");
        assert!(e.to_string().contains("newer"), "{e}");
    }

    #[test]
    fn a_missing_step_is_an_error_and_changes_nothing() {
        let mut c = Connection::open_in_memory().expect("db");
        prepare(&mut c, CURRENT, MIGRATIONS).expect("create");
        assert!(prepare(&mut c, CURRENT + 1, &[]).is_err());
        assert_eq!(version(&c).expect("v"), Some(CURRENT));
    }
}
