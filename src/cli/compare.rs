//! `shinchoku compare`: reads the inputs, runs [`crate::compare::compare`],
//! prints JSON, Markdown or CSV on stdout and warnings on stderr.

use std::io::{IsTerminal, Write};
use std::path::Path;

use super::args::{CompareArgs, CompareFormat};
use crate::compare::{self, CompareError, ComparedReport, Options};

/// Runs the command; returns the exit status (0 ok, 1 input error, 2 usage).
pub fn run(args: &CompareArgs) -> i32 {
    if args.format == CompareFormat::Xlsx && std::io::stdout().is_terminal() {
        eprintln!(
            "shinchoku compare: --format xlsx writes a binary file; redirect stdout (> result.xlsx)"
        );
        return 2;
    }
    match compare_files(args) {
        Ok(bytes) => {
            let mut out = std::io::stdout().lock();
            // a closed pipe (`| head`) is not an error of the comparison
            let _ = out.write_all(&bytes).and_then(|_| out.flush());
            0
        }
        Err(e) => {
            eprintln!("shinchoku compare: {e}");
            e.exit_code()
        }
    }
}

/// Does the whole job and returns what goes to stdout.
fn compare_files(args: &CompareArgs) -> Result<Vec<u8>, CompareError> {
    let opts = Options {
        threshold: args.threshold,
        force: args.force,
    };
    let result = match (&args.sqlite, &args.body) {
        (Some(db), Some(body)) => crate::output::sqlite::compare_body(db, body, &opts)
            .map_err(|e| CompareError::Archive(e.to_string()))?,
        _ => {
            let reports = args
                .files
                .iter()
                .map(|p| load(p, (args.timeout, args.max_memory)))
                .collect::<Result<Vec<_>, _>>()?;
            compare::compare(reports, &opts)?
        }
    };
    for w in &result.warnings {
        eprintln!("shinchoku compare: warning: {}", w.message);
    }
    let bytes = match args.format {
        CompareFormat::Json => {
            let mut s = serde_json::to_string_pretty(&result)
                .map_err(|e| CompareError::Output(format!("JSON: {e}")))?;
            s.push('\n');
            s.into_bytes()
        }
        CompareFormat::Md => compare::render_md::render(&result).into_bytes(),
        CompareFormat::Csv => compare::render_csv::render(&result)
            .map_err(|e| CompareError::Output(format!("CSV: {e}")))?,
        CompareFormat::Xlsx => compare::render_xlsx::render(&result)
            .map_err(|e| CompareError::Output(format!("xlsx: {e}")))?,
    };
    Ok(bytes)
}

/// Reads one input: a report JSON, or a PDF which is extracted first.
pub fn load(path: &Path, limits: (u64, u64)) -> Result<ComparedReport, CompareError> {
    let bytes = if super::input::is_stdin(path) {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)
            .map(|_| buf)
            .map_err(|source| CompareError::Io {
                path: path.to_path_buf(),
                source,
            })?
    } else {
        std::fs::read(path).map_err(|source| CompareError::Io {
            path: path.to_path_buf(),
            source,
        })?
    };
    if is_pdf(path, &bytes) {
        return extract_pdf(path, &bytes, limits);
    }
    let value = {
        // tolerate a BOM: reports saved by hand through Windows editors carry one
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        serde_json::from_slice(text).map_err(|source| CompareError::NotJson {
            path: path.to_path_buf(),
            source,
        })?
    };
    compare::report_from_value(&value, path)
}

/// By content first: a PDF renamed to .json is still a PDF.
fn is_pdf(path: &Path, bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Extracts a PDF and reads it as the comparison does.
fn extract_pdf(
    path: &Path,
    bytes: &[u8],
    limits: (u64, u64),
) -> Result<ComparedReport, CompareError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let opts = crate::extract::Options {
        file_name: name,
        ..Default::default()
    };
    // extracted in a worker process under extract's limits
    let limits = super::extract::limits(limits.0, limits.1);
    let extract_error = |message: String| CompareError::Extract {
        path: path.to_path_buf(),
        message,
    };
    let json = crate::batch::run_isolated(&crate::batch::Job::extract(&opts), bytes, &limits)
        .map_err(|e| extract_error(e.to_string()))?;
    let mut report: crate::output::Report =
        serde_json::from_value(json).map_err(|e| extract_error(format!("internal: {e}")))?;
    report.source.file = opts.file_name.clone().unwrap_or_default();
    Ok(ComparedReport::from_report(&report, path))
}
