//! `index.html`: every reviewed file with its status, record count and the
//! number of rows to look at, most first.

use crate::layout::draw::esc;
use std::fmt::Write;

/// One line of the index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// The input's file name.
    pub file: String,
    /// The review page, relative to the index; `None` when nothing could
    /// be drawn (a failed file whose pages could not be read either).
    pub page: Option<String>,
    /// `ok`, or the error code.
    pub status: String,
    /// The error message of a failed file.
    pub message: Option<String>,
    /// Records read.
    pub records: usize,
    /// Records flagged for a look.
    pub flagged: usize,
}

impl IndexEntry {
    /// Whether the file failed to convert (its status is an error code).
    pub fn failed(&self) -> bool {
        self.status != "ok"
    }
}

/// The index page, sorted by flagged rows (most first); among equals the
/// converted files come before failed ones (which have no rows), then by
/// name. A summary line counts files, failures and rows to look at.
pub fn index_html(entries: &[IndexEntry]) -> String {
    let mut sorted: Vec<&IndexEntry> = entries.iter().collect();
    sorted.sort_by(|a, b| {
        b.flagged
            .cmp(&a.flagged)
            .then(a.failed().cmp(&b.failed()))
            .then(a.file.cmp(&b.file))
    });
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>shinchoku review</title>\
         <style>body{font:14px system-ui,sans-serif;margin:16px}table{border-collapse:collapse}\
         td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}td.n{text-align:right}\
         tr.err td{background:#fee}</style></head><body>\n<h1>shinchoku review</h1>\n\
         <p id=\"summary\">{SUMMARY}</p>\n\
         <table id=\"files\"><thead><tr><th>file</th><th>status</th><th>records</th><th>to look at</th></tr></thead><tbody>\n",
    );
    let failed = entries.iter().filter(|e| e.failed()).count();
    let flagged: usize = entries.iter().map(|e| e.flagged).sum();
    out = out.replace(
        "{SUMMARY}",
        &format!(
            "{} files · {} failed · {} records · {flagged} rows to look at",
            entries.len(),
            failed,
            entries.iter().map(|e| e.records).sum::<usize>()
        ),
    );
    for e in sorted {
        let name = match &e.page {
            Some(p) => format!(
                "<a href=\"{}\">{}</a>",
                super::page::url_path(p),
                esc(&e.file)
            ),
            None => esc(&e.file),
        };
        let status = match &e.message {
            Some(m) => format!("<span title=\"{}\">{}</span>", esc(m), esc(&e.status)),
            None => esc(&e.status),
        };
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td>{name}</td><td>{status}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            if e.failed() { "err" } else { "ok" },
            e.records,
            e.flagged
        );
    }
    out.push_str("</tbody></table>\n</body></html>\n");
    out
}
