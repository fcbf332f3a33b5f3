//! `shinchoku review`: each input's review page and the index; also the
//! `--review DIR` of `extract`.
//!
//! The command runs the pipeline itself (extract with layouts, then the
//! page images) and hands the results to `output::review`, which only draws.

use super::args::ReviewArgs;
use super::guarded;
use crate::ErrorCode;
use crate::batch::{self, Input};
use crate::corrections::Corrections;
use crate::extract::{Options, extract_with_layouts};
use crate::layout::{self, Settings};
use crate::output::Report;
use crate::output::review::{
    IndexEntry, ReviewOptions, flagged_count, render_pages, write_index, write_review,
};
use crate::pdf::{self, ReadOptions};
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// Runs `review`; returns the exit status (0 all reviewed, 1 some failed,
/// 2 usage).
pub fn run(args: &ReviewArgs) -> i32 {
    let collected = batch::inputs::collect(&args.paths);
    for m in &collected.missing {
        eprintln!("shinchoku: {m}");
    }
    for s in &collected.skipped {
        eprintln!("shinchoku: skipped {}: {}", s.display, s.reason);
    }
    let (inputs, missing) = (collected.inputs, collected.missing);
    if inputs.is_empty() {
        eprintln!("shinchoku: no PDF files found");
        return 2;
    }
    let corrections = match load_corrections(args.corrections.as_deref()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let opts = Options {
        fiscal_year: args.fiscal_year,
        password: args.password.clone(),
        corrections,
        ..Options::default()
    };
    let ropts = ReviewOptions {
        low_confidence: args.low_confidence,
        dpi: args.dpi,
    };
    let failed = write_all(&inputs, &args.out, &opts, &ropts);
    if !args.quiet {
        eprintln!(
            "shinchoku: {} reviewed, {failed} failed; open {}",
            inputs.len() - failed,
            args.out.join("index.html").display()
        );
    }
    i32::from(failed > 0 || !missing.is_empty())
}

/// Reads `--corrections`; a file that cannot be read is a usage error
/// (exit 2), since going on would silently drop a person's work.
pub(super) fn load_corrections(path: Option<&Path>) -> Result<Option<Arc<Corrections>>, i32> {
    match path {
        None => Ok(None),
        Some(p) => Corrections::load(p)
            .map(|c| Some(Arc::new(c)))
            .map_err(|e| {
                eprintln!("shinchoku: {e}");
                2
            }),
    }
}

/// Writes the review of every input and the index into `dir`; returns the
/// number of files that failed (they are listed in the index with their
/// error code).
pub(super) fn write_all(
    inputs: &[Input],
    dir: &Path,
    opts: &Options,
    ropts: &ReviewOptions,
) -> usize {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("shinchoku: cannot create {}: {e}", dir.display());
        return inputs.len();
    }
    let entries: Vec<IndexEntry> = inputs
        .par_iter()
        .map(|input| review_one(input, dir, opts, ropts))
        .collect();
    let failed = entries.iter().filter(|e| e.failed()).count();
    if let Err(e) = write_index(dir, &entries) {
        eprintln!(
            "shinchoku: cannot write {}: {e}",
            dir.join("index.html").display()
        );
        return failed.max(1);
    }
    failed
}

fn review_one(input: &Input, dir: &Path, opts: &Options, ropts: &ReviewOptions) -> IndexEntry {
    let file = input
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let result = guarded(|| {
        let bytes = std::fs::read(&input.path).map_err(|e| {
            crate::Error::new(
                crate::ErrorCode::NotPdf,
                format!("cannot read the file: {e}"),
            )
        })?;
        let (mut report, layouts) = extract_with_layouts(&bytes, opts)?;
        report.source.file = file.clone();
        let images = render_pages(&bytes, opts.password.as_deref(), ropts.dpi)?;
        write_review(dir, &input.stem, &report, &layouts, &images, ropts).map_err(|e| {
            crate::Error::new(
                crate::ErrorCode::Internal,
                format!("cannot write the review: {e}"),
            )
        })?;
        Ok((
            report.records.len(),
            flagged_count(&report, ropts.low_confidence),
        ))
    });
    match result {
        Ok((records, flagged)) => IndexEntry {
            file,
            page: Some(format!("{}.html", input.stem)),
            status: "ok".into(),
            message: None,
            records,
            flagged,
        },
        Err(e) => {
            eprintln!("shinchoku: {}: {e}", input.display);
            // A file with pages but no table (or no text) still gets its
            // pages drawn: seeing them is how a person learns why.
            let page = matches!(e.code, ErrorCode::NoTable | ErrorCode::NoTextLayer)
                .then(|| pages_only(input, dir, &file, &e, opts, ropts))
                .flatten();
            IndexEntry {
                file,
                page,
                status: e.code.as_str().into(),
                message: Some(e.message),
                records: 0,
                flagged: 0,
            }
        }
    }
}

/// The review page of a file that gave no report: its pages with the grid
/// and marks the layout stage saw, and the error as the only warning.
fn pages_only(
    input: &Input,
    dir: &Path,
    file: &str,
    err: &crate::Error,
    opts: &Options,
    ropts: &ReviewOptions,
) -> Option<String> {
    guarded(|| {
        let bytes = std::fs::read(&input.path)
            .map_err(|e| crate::Error::new(ErrorCode::NotPdf, e.to_string()))?;
        let read = ReadOptions {
            password: opts.password.clone(),
            page: None,
        };
        let doc = pdf::read_pages(&bytes, &read)?;
        let layouts = layout::analyze_document(&doc, &Settings::default());
        let images = render_pages(&bytes, opts.password.as_deref(), ropts.dpi)?;
        let report = Report::failed(file, batch::sha256_hex(&bytes), doc.page_count, err);
        write_review(dir, &input.stem, &report, &layouts, &images, ropts)
            .map_err(|e| crate::Error::new(ErrorCode::Internal, e.to_string()))
    })
    .ok()
    .map(|()| format!("{}.html", input.stem))
}
