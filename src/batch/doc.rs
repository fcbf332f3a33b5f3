//! A converted file's report as the batch holds it: whole (read back from
//! disk, converted on a thread, or an error object), or streamed from a
//! worker with its records in a temporary file, so that a long report is
//! never held in memory. Every output reads records one at a time through
//! [`Doc::each_record`].

use crate::error::{Error, ErrorCode};
use crate::output::{OutputError, RecordSource};
use crate::spool::{Spool, Spooled};
use serde_json::{Map, Value};
use std::io;

/// A report's records as the worker wrote them, one compact JSON each.
pub enum Records {
    /// In memory: no temporary file could be made.
    Kept(Vec<Vec<u8>>),
    /// In a temporary file.
    Spooled(Spooled),
}

/// Records arriving from a worker.
#[derive(Default)]
pub struct RecordsBuilder {
    spool: Option<Spool>,
    kept: Vec<Vec<u8>>,
    tried: bool,
}

impl RecordsBuilder {
    /// Adds the next record's JSON.
    pub fn push(&mut self, record: &[u8]) -> io::Result<()> {
        if !self.tried {
            self.tried = true;
            self.spool = Spool::new().ok();
        }
        match &mut self.spool {
            Some(s) => s.push(record),
            None => {
                self.kept.push(record.to_vec());
                Ok(())
            }
        }
    }

    /// Every record received.
    pub fn finish(self) -> io::Result<Records> {
        Ok(match self.spool {
            Some(s) => Records::Spooled(s.finish()?),
            None => Records::Kept(self.kept),
        })
    }
}

impl Records {
    /// Calls `f` with each record's JSON text, in order.
    pub fn each_line(&self, f: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        match self {
            Records::Kept(v) => v.iter().try_for_each(|r| f(r)),
            Records::Spooled(s) => s.each(f, |e| e),
        }
    }
}

/// One file's report (or error object).
pub enum Doc {
    /// The whole JSON, records included.
    Whole(Value),
    /// A report whose `records` is an empty placeholder: they are in
    /// `records`, in order.
    Streamed {
        /// The report without its records.
        report: Value,
        /// The records.
        records: Records,
    },
}

impl Doc {
    /// A streamed report from its parts: the head's fields, `records`, the
    /// tail's fields, in the report's order.
    pub fn streamed(head: Value, records: Records, tail: Value) -> Result<Doc, Error> {
        let (Value::Object(head), Value::Object(tail)) = (head, tail) else {
            return Err(Error::new(
                ErrorCode::Internal,
                "the worker's report parts are not objects",
            ));
        };
        let mut m: Map<String, Value> = head;
        m.insert("records".into(), Value::Array(Vec::new()));
        m.extend(tail);
        Ok(Doc::Streamed {
            report: Value::Object(m),
            records,
        })
    }

    /// The report (for a streamed one, without its records).
    pub fn report(&self) -> &Value {
        match self {
            Doc::Whole(v) | Doc::Streamed { report: v, .. } => v,
        }
    }

    /// The report, to change its fields other than `records`.
    pub fn report_mut(&mut self) -> &mut Value {
        match self {
            Doc::Whole(v) | Doc::Streamed { report: v, .. } => v,
        }
    }

    /// The whole JSON, records read back in.
    pub fn into_value(self) -> Result<Value, Error> {
        match self {
            Doc::Whole(v) => Ok(v),
            Doc::Streamed {
                mut report,
                records,
            } => {
                let mut all = Vec::new();
                records
                    .each_line(&mut |line| {
                        all.push(serde_json::from_slice(line).map_err(io::Error::from)?);
                        Ok(())
                    })
                    .map_err(|e| {
                        Error::new(
                            ErrorCode::Internal,
                            format!("reading the records back: {e}"),
                        )
                    })?;
                if let Some(r) = report.get_mut("records") {
                    *r = Value::Array(all);
                }
                Ok(report)
            }
        }
    }

    /// Calls `f` with each record's compact JSON text, in order.
    pub fn each_record_text(&self, f: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        match self {
            Doc::Whole(v) => {
                let mut buf = Vec::new();
                for r in crate::output::json::array(v, "/records") {
                    buf.clear();
                    serde_json::to_writer(&mut buf, r)?;
                    f(&buf)?;
                }
                Ok(())
            }
            Doc::Streamed { records, .. } => records.each_line(f),
        }
    }

    /// Calls `f` with each record, in order.
    pub fn each_record_value(&self, f: &mut dyn FnMut(&Value) -> io::Result<()>) -> io::Result<()> {
        match self {
            Doc::Whole(v) => crate::output::json::array(v, "/records")
                .iter()
                .try_for_each(&mut *f),
            Doc::Streamed { records, .. } => records.each_line(&mut |line| {
                let r: Value = serde_json::from_slice(line)?;
                f(&r)
            }),
        }
    }
}

impl RecordSource for Doc {
    fn each(
        &self,
        f: &mut dyn FnMut(&Value) -> Result<(), OutputError>,
    ) -> Result<(), OutputError> {
        let mut failed = None;
        let read = self.each_record_value(&mut |r| {
            f(r).map_err(|e| {
                failed = Some(e);
                io::Error::other("stopped")
            })
        });
        match (failed, read) {
            (Some(e), _) => Err(e),
            (None, Err(e)) => Err(OutputError::io(
                std::path::Path::new("(spooled records)"),
                e,
            )),
            (None, Ok(())) => Ok(()),
        }
    }
}
