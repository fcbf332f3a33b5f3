//! A person's corrections from the review page, applied to a report.
//!
//! Corrections are a pipeline step of their own, after `normalize` and
//! before `output`: they read a finished [`Report`] and a corrections file
//! and change only what the person changed. A corrections file is keyed by
//! the PDF's SHA-256 and each correction by the record's stable `id`, so a
//! correction is never applied to another file or another row: when either
//! no longer matches, the report carries a `stale_correction` warning and
//! nothing is changed.
//!
//! The file (`<stem>.corrections.json`, written by the review page):
//!
//! ```json
//! {"source": {"sha256": "…", "file": "report.pdf"},
//!  "corrections": [{"id": "p1-r1",
//!                   "decision": {"value": "end", "label": "終了"},
//!                   "cells": {"実施状況": "…"}}]}
//! ```
//!
//! `source.file`, `decision`, `cells` and `decision.label` are optional.

use crate::layout::DecisionValue;
use crate::output::{RecordDecision, Report};
use crate::report::place::cell_keys;
use crate::report::{Role, Warning};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The file name suffix the review page saves and `--corrections DIR` reads.
pub const SUFFIX: &str = ".corrections.json";

/// The value `decision.resolved_by` takes for a person's decision.
pub const RESOLVED_BY_REVIEW: &str = "review";

/// Why corrections could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionsError {
    /// The file or folder could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// What was being read.
        path: PathBuf,
        /// The failure.
        source: std::io::Error,
    },
    /// The file is not a corrections file.
    #[error("{path} is not a corrections file: {source}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        source: serde_json::Error,
    },
}

/// The PDF a corrections file was made for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectionSource {
    /// SHA-256 of the PDF bytes, hex (the report's `source.sha256`).
    pub sha256: String,
    /// The PDF's file name, for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// A person's decision for one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionCorrection {
    /// The decision value.
    pub value: DecisionValue,
    /// Free text for the decision's label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// The corrections of one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// The record's `id` (`p2-r3`).
    pub id: String,
    /// The decision a person set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<DecisionCorrection>,
    /// New cell texts by `cells` key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cells: Option<serde_json::Map<String, serde_json::Value>>,
}

/// One corrections file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorrectionsFile {
    /// The PDF it was made for.
    pub source: CorrectionSource,
    /// The corrections, in the order they were made.
    pub corrections: Vec<Correction>,
}

/// Every corrections file given with `--corrections`.
#[derive(Debug, Clone, Default)]
pub struct Corrections {
    /// The files, with where they were read from.
    pub files: Vec<(PathBuf, CorrectionsFile)>,
    /// True when one file was named: it is meant for the report being
    /// extracted, so a SHA-256 that does not match is a stale file, not a
    /// file for another PDF.
    pub explicit: bool,
}

impl Corrections {
    /// Reads a corrections file, or every `*.corrections.json` in a folder.
    pub fn load(path: &Path) -> Result<Corrections, CorrectionsError> {
        let io = |source| CorrectionsError::Io {
            path: path.to_path_buf(),
            source,
        };
        if !path.is_dir() {
            return Ok(Corrections {
                files: vec![(path.to_path_buf(), read_file(path)?)],
                explicit: true,
            });
        }
        let mut names: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(SUFFIX))
            })
            .collect();
        names.sort();
        let files = names
            .into_iter()
            .map(|p| read_file(&p).map(|f| (p, f)))
            .collect::<Result<_, _>>()?;
        Ok(Corrections {
            files,
            explicit: false,
        })
    }
}

fn read_file(path: &Path) -> Result<CorrectionsFile, CorrectionsError> {
    let bytes = std::fs::read(path).map_err(|source| CorrectionsError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|source| CorrectionsError::Format {
        path: path.to_path_buf(),
        source,
    })
}

fn stale(page: Option<usize>, row: Option<usize>, message: String) -> Warning {
    Warning {
        page,
        row,
        code: "stale_correction".into(),
        message,
    }
}

/// The option words a decision value stands for, as `marked` lists them.
fn words_of(value: DecisionValue) -> Vec<String> {
    let w: &[&str] = match value {
        DecisionValue::End => &["終了"],
        DecisionValue::ContinueSame => &["継続", "同じ"],
        DecisionValue::ContinueChange => &["継続", "変更"],
        DecisionValue::Continue => &["継続"],
        DecisionValue::Unmarked | DecisionValue::Ambiguous => &[],
    };
    w.iter().map(|s| s.to_string()).collect()
}

impl Corrections {
    /// A digest of every file's content: part of a batch's incremental key,
    /// so that outputs made with other corrections are redone.
    pub fn digest(&self) -> String {
        let text = serde_json::to_string(&self.files).unwrap_or_default();
        crate::digest::sha256_hex(text.as_bytes())
    }
}

/// Applies the corrections made for this report's PDF (matched by
/// `source.sha256`); returns how many corrections were applied. Stale ones
/// become `stale_correction` warnings.
pub fn apply(report: &mut Report, corrections: &Corrections) -> usize {
    let sha = report.source.sha256.clone();
    let mut applied = 0;
    let matching: Vec<&(PathBuf, CorrectionsFile)> = corrections
        .files
        .iter()
        .filter(|(_, f)| f.source.sha256.eq_ignore_ascii_case(&sha))
        .collect();
    if matching.is_empty() && corrections.explicit {
        for (path, f) in &corrections.files {
            report.warnings.push(stale(
                None,
                None,
                format!(
                    "{} was made for a PDF with SHA-256 {}, not this one ({sha}); its {} correction(s) were not applied",
                    path.display(),
                    f.source.sha256,
                    f.corrections.len()
                ),
            ));
        }
    }
    let keys = cell_keys(&report.columns);
    for (path, file) in matching {
        for c in &file.corrections {
            let Some(rec) = report.records.iter_mut().find(|r| r.id == c.id) else {
                report.warnings.push(stale(
                    None,
                    None,
                    format!(
                        "{}: no record {} in this report; the correction was not applied",
                        path.display(),
                        c.id
                    ),
                ));
                continue;
            };
            let (page, row) = (Some(rec.page), Some(rec.row));
            let unknown: Vec<&String> = c
                .cells
                .iter()
                .flat_map(|m| m.keys())
                .filter(|k| !rec.cells.contains_key(k.as_str()))
                .collect();
            if !unknown.is_empty() {
                let names: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
                report.warnings.push(stale(
                    page,
                    row,
                    format!(
                        "{}: record {} has no cell {}; its correction was not applied",
                        path.display(),
                        c.id,
                        names.join(", ")
                    ),
                ));
                continue;
            }
            if let Some(d) = &c.decision {
                match rec.decision.as_mut() {
                    Some(rd) => set_decision(rd, d),
                    None => {
                        report.warnings.push(stale(
                            page,
                            row,
                            format!(
                                "{}: record {} has no decision column; its decision correction was not applied",
                                path.display(),
                                c.id
                            ),
                        ));
                        continue;
                    }
                }
            }
            for (key, value) in c.cells.iter().flatten() {
                let text = value.as_str().unwrap_or_default().to_string();
                let role = keys
                    .iter()
                    .position(|k| k == key)
                    .and_then(|i| report.columns.get(i))
                    .and_then(|h| h.role);
                let field = match role {
                    Some(Role::Purpose) => Some(&mut rec.purpose),
                    Some(Role::Method) => Some(&mut rec.method),
                    Some(Role::Status) => Some(&mut rec.status),
                    Some(Role::Evaluation) => Some(&mut rec.evaluation),
                    Some(Role::Reason) => Some(&mut rec.reason),
                    Some(Role::Pages | Role::Decision) | None => None,
                };
                if let Some(f) = field {
                    *f = Some(text.clone());
                }
                rec.cells
                    .insert(key.clone(), serde_json::Value::String(text));
                if !rec.corrected.contains(key) {
                    rec.corrected.push(key.clone());
                }
            }
            applied += 1;
        }
    }
    applied
}

/// Puts a person's decision in place, keeping the machine's reading once
/// (a second correction does not bury the machine under the first).
fn set_decision(rd: &mut RecordDecision, d: &DecisionCorrection) {
    if rd.machine.is_none() {
        rd.machine = Some(rd.reading.clone());
    }
    rd.reading.value = d.value;
    rd.reading.marked = words_of(d.value);
    rd.reading.confidence = 1.0;
    rd.reading.note = None;
    rd.reading.label = d.label.clone().filter(|l| !l.trim().is_empty());
    rd.resolved_by = Some(RESOLVED_BY_REVIEW.into());
}
