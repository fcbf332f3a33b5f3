//! The whole pipeline for one PDF, as a library call: `pdf` → `layout` →
//! `report` → `normalize` → [`Report`](crate::output::Report).
//!
//! ```
//! let bytes = std::fs::read("samples/kodomo_r4.calc.pdf").unwrap();
//! let report = shinchoku::extract(&bytes, &shinchoku::extract::Options::default()).unwrap();
//! assert_eq!(report.body.as_deref(), Some("こども連絡会"));
//! assert_eq!(report.period.as_ref().and_then(|p| p.fiscal_year), Some(2022));
//! let first = &report.records[0];
//! assert_eq!(first.plan_pages, vec![40]);
//! assert_eq!(first.participants_total, Some(20));
//! // Reports serialize to the JSON of CONTRACT.md.
//! let json = serde_json::to_value(&report).unwrap();
//! assert_eq!(json["schema_version"], "1");
//! ```

use crate::corrections::{self, Corrections};
use crate::digest::sha256_hex;
use crate::error::Error;
use crate::layout::{self, Settings};
use crate::normalize::{self, RecordCells};
use crate::output::{Record, Report, SCHEMA_VERSION, Source};
use crate::pdf::ReadOptions;
use crate::raster;
use crate::report::{self, RawRecord, Role, Warning};
use crate::spool::Spool;

/// How to read a report.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Fiscal year for bare dates when the document prints no period.
    pub fiscal_year: Option<i32>,
    /// User password for an encrypted PDF.
    pub password: Option<String>,
    /// The file name written as `source.file` (a library caller that read
    /// the bytes itself knows it; empty when `None`).
    pub file_name: Option<String>,
    /// A person's corrections (`--corrections`), applied after normalize.
    pub corrections: Option<std::sync::Arc<Corrections>>,
    /// How scanned pages are read (OCR models).
    pub raster: crate::raster::RasterOptions,
    /// The bytes' SHA-256 (hex) when the caller has it already (the batch
    /// hashes every input for its incremental key); computed when `None`.
    pub sha256: Option<String>,
}

/// Converts one PDF into its report.
pub fn extract(bytes: &[u8], opts: &Options) -> Result<Report, Error> {
    collect(bytes, opts, false).map(|(report, _)| report)
}

/// [`extract`], also giving the page layouts the report was read from,
/// with the shapes turned down as marks (the review draws them all over
/// the page images).
pub fn extract_with_layouts(
    bytes: &[u8],
    opts: &Options,
) -> Result<(Report, Vec<layout::PageLayout>), Error> {
    collect(bytes, opts, true)
}

/// One part of a report, in the order of its JSON, as [`extract_streamed`]
/// hands it out.
#[derive(Debug)]
pub enum Part<'a> {
    /// Every field before `records` is final; `records` and the fields
    /// after it are still empty.
    Head(&'a Report),
    /// The next record, in reading order.
    Record(Record),
    /// The report without its records: every field after `records` is
    /// final now.
    Tail(Report),
}

/// [`extract`] for a report too long to hold: the head, then each record as
/// it is made, then the tail, to `emit`. The raw records read before the
/// head is known go to a temporary file, so memory stays flat in the page
/// count. `opts.corrections` is not applied here (they address the whole
/// report): the caller applies them, or uses [`extract`].
pub fn extract_streamed(
    bytes: &[u8],
    opts: &Options,
    emit: &mut dyn FnMut(Part<'_>) -> Result<(), Error>,
) -> Result<(), Error> {
    run(bytes, opts, false, true, emit).map(|_| ())
}

/// The streamed parts gathered into one report, corrections applied.
fn collect(
    bytes: &[u8],
    opts: &Options,
    review: bool,
) -> Result<(Report, Vec<layout::PageLayout>), Error> {
    let mut records = Vec::new();
    let mut done = None;
    let layouts = run(bytes, opts, review, false, &mut |part| {
        match part {
            Part::Head(_) => {}
            Part::Record(r) => records.push(r),
            Part::Tail(report) => done = Some(report),
        }
        Ok(())
    })?;
    let mut report = done.ok_or_else(|| {
        Error::new(
            crate::ErrorCode::Internal,
            "the report ended without its last fields",
        )
    })?;
    report.records = records;
    if let Some(c) = &opts.corrections {
        corrections::apply(&mut report, c);
    }
    Ok((report, layouts))
}

/// The raw records of the pages read so far: kept, or spooled to a file
/// when the report is streamed, so that a long document holds none.
struct RawStore {
    kept: Vec<RawRecord>,
    spool: Option<Spool>,
}

fn internal(what: &str, e: impl std::fmt::Display) -> Error {
    Error::new(crate::ErrorCode::Internal, format!("{what}: {e}"))
}

impl RawStore {
    fn new(spooled: bool) -> RawStore {
        RawStore {
            kept: Vec::new(),
            // No temporary folder: kept in memory, as a short report is.
            spool: spooled.then(|| Spool::new().ok()).flatten(),
        }
    }

    fn push(&mut self, records: Vec<RawRecord>) -> Result<(), Error> {
        match &mut self.spool {
            Some(spool) => {
                let mut frame = Vec::new();
                for r in records {
                    frame.clear();
                    report::frame::encode(&r, &mut frame)
                        .map_err(|e| internal("spooling a row", e))?;
                    spool
                        .push_frame(&frame)
                        .map_err(|e| internal("spooling a row", e))?;
                }
            }
            None => self.kept.extend(records),
        }
        Ok(())
    }

    /// Every record stored, in order, to `f`.
    fn drain(self, f: &mut dyn FnMut(RawRecord) -> Result<(), Error>) -> Result<(), Error> {
        if let Some(spool) = self.spool {
            let spooled = spool
                .finish()
                .map_err(|e| internal("reading spooled rows", e))?;
            spooled.each_frame(
                &mut |frame| {
                    let r: RawRecord = report::frame::decode(frame)
                        .map_err(|e| internal("reading a spooled row", e))?;
                    f(r)
                },
                |e| internal("reading spooled rows", e),
            )?;
        }
        for r in self.kept {
            f(r)?;
        }
        Ok(())
    }
}

fn run(
    bytes: &[u8],
    opts: &Options,
    review: bool,
    spooled: bool,
    emit: &mut dyn FnMut(Part<'_>) -> Result<(), Error>,
) -> Result<Vec<layout::PageLayout>, Error> {
    let read = ReadOptions {
        password: opts.password.clone(),
        page: None,
    };
    let settings = Settings::default();
    // Each page is laid out and read into records as soon as it is
    // interpreted, then dropped: memory stays flat in the page count. The
    // review keeps every layout to draw it.
    let mut builder = (!review).then(|| report::Builder::new(settings.clone()));
    let mut store = RawStore::new(spooled);
    let mut layouts: Vec<layout::PageLayout> = Vec::new();
    // Scanned pages come back as the same page model, read from their image.
    let (doc, scan) = raster::read_each(bytes, &read, &opts.raster, &mut |p| {
        match builder.as_mut() {
            Some(b) => {
                b.push(layout::analyze_owned(p, &settings));
                store.push(b.take_settled())?;
            }
            None => {
                let mut l = layout::analyze_page(&p, &settings);
                l.rejected_marks = layout::rejects::rejected_marks(&p, &l.tables, &settings);
                layouts.push(l);
            }
        }
        Ok(())
    })?;
    let mut raw = match builder.and_then(report::Builder::finish) {
        Some(raw) => raw?,
        None if review => report::build_with(&layouts, &settings)?,
        None => {
            // A form longer than the builder keeps: read again, whole.
            let (doc, _) = raster::read(bytes, &read, &opts.raster)?;
            report::build_with(&layout::analyze_document(&doc, &settings), &settings)?
        }
    };
    if raw.mode == report::Mode::Form {
        // Rows read before a page showed the document is a form are no records.
        store = RawStore::new(false);
    }

    let period_text = raw
        .period_raw
        .as_deref()
        .or(raw.title_line.as_deref())
        .unwrap_or("");
    let (mut period, ctx) = normalize::report_context(period_text, opts.fiscal_year);
    let mut warnings: Vec<Warning> = Vec::new();
    if period.is_none()
        && let Some(fy) = opts.fiscal_year
    {
        // Nothing printed: the period is the --fiscal-year given, said so openly.
        period = normalize::parse_period(&format!("{fy}年度"));
        warnings.push(Warning {
            row: None,
            page: None,
            code: "period_from_option".into(),
            message: format!("no period is printed; fiscal year {fy} comes from --fiscal-year"),
        });
    }

    warnings.extend(doc.warnings.iter().map(|w| Warning {
        row: None,
        page: None,
        code: "pdf".into(),
        message: w.clone(),
    }));
    if let Some(p) = &period {
        warnings.extend(p.warnings.iter().map(|w| value_warning(None, w)));
    }
    warnings.append(&mut raw.warnings);

    let roles: Vec<(String, Option<Role>)> = raw
        .header
        .iter()
        .map(|h| (h.text.clone(), h.role))
        .collect();
    let rest = std::mem::take(&mut raw.records);
    let mut report = Report {
        schema_version: SCHEMA_VERSION.into(),
        source: Source {
            file: opts.file_name.clone().unwrap_or_default(),
            sha256: opts.sha256.clone().unwrap_or_else(|| sha256_hex(bytes)),
            pages: doc.page_count,
            kind: scan.as_ref().map(|_| "scan".to_string()),
            dpi: scan.as_ref().map(|s| s.dpi.round()),
            ocr: scan.as_ref().and_then(|s| s.ocr.map(str::to_string)),
        },
        body: raw.body,
        title: raw.title,
        period,
        note: raw.note,
        footnote: raw.footnote,
        mode: raw.mode,
        columns: raw.header,
        records: Vec::new(),
        warnings: Vec::new(),
        fields: raw.fields,
        choices: raw.choices,
        decision: raw.decision,
    };
    emit(Part::Head(&report))?;
    // Each raw record is dropped as its record is made and handed on: the
    // records of a long report are never held.
    store.kept.extend(rest);
    let mut index = 0;
    store.drain(&mut |r| {
        let mut rec = record(r, &roles, &ctx, &mut warnings);
        rec.index = index;
        index += 1;
        if let Some(scan) = &scan {
            raster_record(scan, &mut rec);
        }
        emit(Part::Record(rec))
    })?;
    if let Some(scan) = &scan {
        warnings.extend(scan.warnings.iter().map(|w| Warning {
            row: None,
            page: Some(w.page),
            code: w.code.into(),
            message: w.message.clone(),
        }));
    }
    report.warnings = warnings;
    emit(Part::Tail(report))?;
    Ok(layouts)
}

/// [`extract`], as the JSON value the command line writes.
pub fn extract_json(bytes: &[u8], opts: &Options) -> Result<serde_json::Value, Error> {
    let report = extract(bytes, opts)?;
    serde_json::to_value(&report).map_err(|e| {
        Error::new(
            crate::ErrorCode::Internal,
            format!("the report could not be serialized: {e}"),
        )
    })
}

/// A record on a scanned page: the OCR confidence of its cells, a lower
/// decision confidence where the image is poor, and `mark_kind: "pen"` for
/// marks found on the image.
fn raster_record(scan: &raster::Scan, rec: &mut Record) {
    if !scan.pages.contains(&rec.page) {
        return;
    }
    for place in &rec.places {
        for cell in &place.cells {
            if let Some(c) =
                raster::confidence::cell_confidence(&scan.ocr_lines, place.page, &cell.bbox)
            {
                rec.cells_meta.insert(
                    cell.key.clone(),
                    serde_json::json!({ "ocr_confidence": (c * 1000.0).round() / 1000.0 }),
                );
            }
        }
    }
    if let Some(d) = rec.decision.as_mut() {
        d.reading.confidence *= scan.confidence_factor(rec.page);
        if !d.reading.marked.is_empty() {
            d.reading.mark_kind = Some(layout::DecisionMarkKind::Pen);
        }
    }
}

fn value_warning(page: Option<usize>, w: &normalize::Warning) -> Warning {
    let code = serde_json::to_value(w.code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "value".into());
    Warning {
        row: None,
        page,
        code,
        message: w.message.clone(),
    }
}

/// One raw row → one record: the cells the normalize stage reads by role,
/// the rest passed as "other" so that counts elsewhere in the row are seen.
fn record(
    r: RawRecord,
    roles: &[(String, Option<Role>)],
    ctx: &normalize::Context,
    warnings: &mut Vec<Warning>,
) -> Record {
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    let (purpose, method, pages, status, evaluation, reason) = (
        text(&r.purpose),
        text(&r.method),
        text(&r.pages),
        text(&r.status),
        text(&r.evaluation),
        text(&r.reason),
    );
    let named = |key: &str| {
        roles.iter().any(|(t, role)| {
            t == key
                && matches!(
                    role,
                    Some(
                        Role::Purpose
                            | Role::Method
                            | Role::Pages
                            | Role::Status
                            | Role::Evaluation
                            | Role::Reason
                    )
                )
        })
    };
    let other: Vec<&str> = r
        .cells
        .iter()
        .filter(|(k, _)| !named(k))
        .filter_map(|(_, v)| v.as_str())
        .collect();
    let cells = RecordCells {
        purpose: &purpose,
        method: &method,
        pages: &pages,
        status: &status,
        evaluation: &evaluation,
        reason: &reason,
        other,
    };
    let n = normalize::normalize_record(&cells, ctx);
    warnings.extend(n.warnings.iter().map(|w| {
        let mut w = value_warning(Some(r.page), w);
        w.row = Some(r.row);
        w
    }));
    for ev in &n.events {
        if let Some(d) = &ev.date {
            warnings.extend(d.warnings.iter().map(|w| {
                let mut w = value_warning(Some(r.page), w);
                w.row = Some(r.row);
                w
            }));
        }
    }
    // A column the table has gives a string, empty when its cell is; null
    // means the table has no such column.
    let field = |v: &Option<String>, role: Role| match v {
        Some(t) => Some(t.clone()),
        None => roles
            .iter()
            .any(|(_, r)| *r == Some(role))
            .then(String::new),
    };
    Record {
        id: format!("p{}-r{}", r.page, r.row),
        index: 0,
        page: r.page,
        row: r.row,
        purpose: field(&r.purpose, Role::Purpose),
        method: field(&r.method, Role::Method),
        plan_pages: n.plan_pages,
        status: field(&r.status, Role::Status),
        evaluation: field(&r.evaluation, Role::Evaluation),
        reason: field(&r.reason, Role::Reason),
        decision: r.decision.map(Into::into),
        events: n.events,
        participants_total: n.participants_total,
        counts: n.counts,
        cells: r.cells,
        corrected: Vec::new(),
        cells_meta: serde_json::Map::new(),
        places: r.places,
    }
}
